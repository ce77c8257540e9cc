"""The pages in a real browser: Debian's Chromium driven by Playwright (``executable_path``;
never ``playwright install``). Skipped when no ``chromium`` is installed; ``.ci/run``
installs it."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")
from vetowatch.store import Store  # noqa: E402
from webapp import HOSTILE_ID, HOSTILE_QUOTE, WebDb, build  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on this machine (Debian: apt-get install chromium; "
                             ".ci/run installs it)")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(imported_store: Store, data_dir: Path,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from vetowatch.api import create_app

    db: WebDb = build(imported_store, data_dir, tmp_path_factory.mktemp("browser"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db.settings), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.dialogs = dialogs
    yield tab
    context.close()


def test_question_shows_russia_against_with_a_chart(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/questions/assad-step-down?as_of=2011-08-19")
    row = page.locator('tr[data-actor="RUSGOV"]')
    sync_api.expect(row.locator("td.against")).to_have_text("against")
    chart = page.locator("#timeline-RUSGOV svg.timeline")
    sync_api.expect(chart).to_be_visible()
    assert chart.locator("circle.point").count() >= 1


def test_statement_link_opens_the_article_at_its_span(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/statements?actor=RUS")
    link = page.locator('table a[href*="/articles/"]').first
    href = link.get_attribute("href")
    assert href and "#s" in href
    link.click()
    page.wait_for_url(f"**{href}")
    target = page.locator(f"#{href.split('#')[1]}")
    sync_api.expect(target).to_be_visible()
    mark = target.locator("mark.span")
    sync_api.expect(mark).to_be_visible()
    assert mark.inner_text().strip()
    assert target.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # :target


def test_forecast_form_for_the_reference_case(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/forecast")
    page.fill('input[name="date"]', "2011-08-19")
    page.fill('input[name="agenda"]', "The situation in the Middle East")
    page.fill('input[name="topic"]', "Middle East (Syria)")
    page.fill('input[name="submitters"]', "FRA,GBR,DEU,PRT")
    page.fill('input[name="kind"]', "sanctions")
    page.check('input[name="news"]')
    page.click('#forecast-form button[type="submit"]')
    cell = page.locator("#p-vetoed")
    sync_api.expect(cell).to_be_visible()
    assert cell.inner_text().endswith("%")
    sync_api.expect(page.locator("svg.bars")).to_be_visible()


def test_hostile_text_is_shown_as_text(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/articles/{HOSTILE_ID}")
    body = page.locator("body").inner_text()
    assert "<script>alert(1)</script>" in body and "[/bold][red]we reject it[/red]" in body
    assert HOSTILE_QUOTE in page.locator("mark.span").first.inner_text()
    assert page.locator("main script, main img, main b").count() == 0
    assert page.dialogs == []
