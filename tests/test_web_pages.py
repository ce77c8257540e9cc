"""The web pages of ``vetowatch serve``: each renders from the library's data, links where it
should, escapes hostile text, and offers its table as CSV and JSON."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from vetowatch.api import create_app
from vetowatch.store import Store
from webapp import HOSTILE_ID, HOSTILE_QUOTE, HOSTILE_TITLE, REFERENCE_ID, WebDb, build

REFERENCE = ("/forecast?date=2011-08-19&agenda=The+situation+in+the+Middle+East"
             "&topic=Middle+East+(Syria)&submitters=FRA,GBR,DEU,PRT&kind=sanctions&news=true")


@pytest.fixture(scope="module")
def web_db(imported_store: Store, data_dir: Path,
           tmp_path_factory: pytest.TempPathFactory) -> WebDb:
    return build(imported_store, data_dir, tmp_path_factory.mktemp("pages"))


@pytest.fixture(scope="module")
def client(web_db: WebDb) -> Iterator[TestClient]:
    with TestClient(create_app(web_db.settings)) as c:
        yield c


def html(client: TestClient, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert "<script" not in r.text.lower()  # no script at all: usable without JavaScript
    # nothing loaded from elsewhere (links to documents and sources are fine)
    assert not re.search(r'<(link|img|iframe)[^>]+(href|src)="(https?:)?//', r.text)
    return r.text


def test_home_shows_what_is_stored(client: TestClient) -> None:
    page = html(client, "/")
    assert "Council decisions" in page and "assad-step-down" in page
    newest = client.get("/vetoes?format=json").json()[0]["draft"]
    assert f'href="/votes/{newest}"' in page  # the most recent veto
    assert f'href="/articles/{REFERENCE_ID}#s' in page or f'/articles/{HOSTILE_ID}#s' in page


def test_vote_page(client: TestClient) -> None:
    page = html(client, "/votes/S/2011/612")
    assert "vetoed" in page and 'href="/members/RUS"' in page and 'href="/members/CHN"' in page
    assert 'class="vote-N"' in page and "S/PV.6627" in page
    assert "Earlier votes on" in page
    assert 'href="https://digitallibrary.un.org/record/' in page  # the draft's library record
    rows = list(csv.reader(io.StringIO(client.get("/votes/S/2011/612?format=csv").text)))
    assert rows[0] == ["member", "vote"] and ["RUS", "N"] in rows and len(rows) == 16
    resolution = html(client, "/votes/S/RES/1973%20(2011)")
    assert "S/RES/1973 (2011)" in resolution


def test_vetoes_filter_and_downloads(client: TestClient) -> None:
    page = html(client, "/vetoes?member=RUS&topic=syria&since=2011")
    assert "S/2011/612" in page and 'value="syria"' in page
    assert 'href="/vetoes?member=RUS&amp;topic=syria&amp;since=2011&amp;format=csv"' in page
    data = client.get("/vetoes?member=RUS&topic=syria&since=2011&format=json").json()
    assert data and all("RUS" in v["vetoed_by"] for v in data)
    body = client.get("/vetoes?member=RUS&topic=syria&format=csv")
    assert body.headers["content-type"].startswith("text/csv")
    assert "attachment" in body.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(body.text)))
    assert len(rows) == len(client.get("/vetoes?member=RUS&topic=syria&format=json").json())


def test_member_page(client: TestClient) -> None:
    page = html(client, "/members/RUS")
    assert "Russian Federation" in page or "Russia" in page
    assert "Permanent member" in page and "<svg" in page and "S/2011/612" in page
    data = client.get("/members/RUS?format=json").json()
    by_year = {y["year"]: y for y in data["votes_by_year"]}
    vetoed_2011 = [v for v in data["vetoes"] if v["date"].startswith("2011")]
    assert vetoed_2011 and by_year[2011]["N"] >= len(vetoed_2011)
    assert by_year[2011]["Y"] > by_year[2011]["N"]
    assert data["terms"] and data["terms"][-1][0] <= 2011 <= data["terms"][-1][1]
    html(client, "/members/Atlantis", 404)


def test_question_page_has_positions_and_linked_timelines(client: TestClient) -> None:
    page = html(client, "/questions/assad-step-down?as_of=2011-08-19")
    row = re.search(r'<tr data-actor="RUSGOV">.*?</tr>', page, re.S)
    assert row and 'class="against"' in row.group(0)
    assert 'id="timeline-RUSGOV"' in page and 'class="point"' in page
    assert re.search(r'<a href="/statements/\d+"><circle', page)
    data = client.get("/questions/assad-step-down?as_of=2011-08-19&format=json").json()
    assert {p["actor"]: p["stance"] for p in data["positions"]}["RUSGOV"] == "against"


def test_statement_links_open_the_article_at_the_span(client: TestClient) -> None:
    page = html(client, "/statements?actor=RUS")
    link = re.search(rf'href="(/articles/{REFERENCE_ID}#s(\d+))"', page)
    assert link
    jump = client.get(f"/statements/{link.group(2)}", follow_redirects=False)
    assert jump.status_code == 303 and jump.headers["location"] == link.group(1)
    article = html(client, f"/articles/{REFERENCE_ID}")
    card = re.search(rf'<div class="statement" id="s{link.group(2)}">.*?</div>', article, re.S)
    assert card and '<mark class="span">' in card.group(0)
    assert "Interfax" in article and "<mark" in article


def test_statements_pages_and_filters(client: TestClient) -> None:
    page = html(client, "/statements?limit=2")
    assert 'rel="next"' in page and 'rel="prev"' not in page
    second = html(client, "/statements?limit=2&offset=2")
    assert 'rel="prev"' in second
    rows = list(csv.DictReader(io.StringIO(client.get("/statements?actor=RUS&format=csv").text)))
    assert rows and all(r["actor"].startswith("RUS") for r in rows)
    html(client, "/statements?since=notadate", 400)


def test_forecast_page(client: TestClient) -> None:
    form = html(client, "/forecast")
    assert "<form" in form and 'name="date"' in form
    page = html(client, REFERENCE)
    assert 'id="p-vetoed"' in page and "P(vetoed)" in page
    assert "What the news changed" in page and f'href="/articles/{REFERENCE_ID}#s' in page
    members = list(csv.DictReader(io.StringIO(client.get(REFERENCE + "&format=csv").text)))
    assert {m["member"] for m in members} >= {"RUS", "CHN", "USA", "FRA", "GBR"}


def test_claims_page(client: TestClient) -> None:
    page = html(client, "/claims")
    assert "SYRGOV" in page and "disputed by" in page and "SYROPP" in page
    assert f'href="/articles/{REFERENCE_ID}#s' in page


def test_hostile_text_is_shown_as_text(client: TestClient) -> None:
    for url in (f"/articles/{HOSTILE_ID}", "/statements?q=reject", "/"):
        page = html(client, url)
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "[/bold][red]we reject it[/red]" in page
    article = html(client, f"/articles/{HOSTILE_ID}")
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in article
    assert 'href="javascript:' not in article  # a stored URL that is not http(s) is not a link
    assert HOSTILE_TITLE not in article and HOSTILE_QUOTE not in article


def test_csv_downloads_defuse_formulas(client: TestClient) -> None:
    rows = list(csv.reader(io.StringIO(client.get(f"/articles/{HOSTILE_ID}?format=csv").text)))
    assert rows[0][0] == "id" and len(rows) == 2


def test_errors_are_pages(client: TestClient) -> None:
    page = html(client, "/votes/S/9999/1", 404)
    assert "E030" in page and "What to do" in page
    assert "E031" in html(client, "/vetoes?format=xml", 400)
    html(client, "/no-such-page", 404)


# -- view helpers --------------------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as hs  # noqa: E402

from vetowatch.web.views import segments  # noqa: E402


@given(hs.text(max_size=60), hs.lists(hs.tuples(hs.integers(-5, 70), hs.integers(-5, 70),
                                                hs.integers(-5, 70), hs.integers(-5, 70)),
                                      max_size=5))
def test_segments_cover_the_text_once(text: str, spans: list[tuple[int, ...]]) -> None:
    statements = [{"id": i, "start": min(a, b), "end": max(a, b), "content_start": min(c, d),
                   "content_end": max(c, d)} for i, (a, b, c, d) in enumerate(spans)]
    parts = segments(text, statements)
    assert "".join(p["text"] for p in parts) == text
    n, lo = len(text), 0
    for p in parts:  # marked with exactly the statements whose sentence covers the piece
        hi = lo + len(p["text"])
        covering = [s["id"] for s in statements
                    if max(0, min(s["start"], n)) <= lo and hi <= max(0, min(s["end"], n))]
        assert p["text"] and p["ids"] == covering
        lo = hi


def test_overlapping_statements_are_cut_at_each_boundary() -> None:
    text = "Russia said: we refuse, and China agreed."
    sts = [{"id": 1, "start": 0, "end": 22, "content_start": 13, "content_end": 22},
           {"id": 2, "start": 13, "end": 41, "content_start": None, "content_end": None}]
    parts = segments(text, sts)
    assert [(p["text"], p["ids"], p["content"]) for p in parts] == [
        ("Russia said: ", [1], False), ("we refuse", [1, 2], True),
        (", and China agreed.", [2], False)]


def test_serve_is_a_registered_command() -> None:
    from click.testing import CliRunner

    from vetowatch.cli import cli

    listed = CliRunner().invoke(cli, ["--help"])
    assert listed.exit_code == 0 and "serve" in listed.output
    helped = CliRunner().invoke(cli, ["serve", "--help"])
    assert helped.exit_code == 0 and "--port" in helped.output
    assert "VETOWATCH_TOKEN" in helped.output


def test_alerts_page(store: Store, data_dir: Path, tmp_path: Path) -> None:
    from test_api import _alerts_app

    with _alerts_app(store, data_dir, tmp_path) as c:
        r = c.get("/alerts")
        assert r.status_code == 200
        page = r.text
        assert '<a href="/alerts">alerts</a>' in page  # in the navigation
        assert "3 alerts; showing 1–3" in page
        assert "for → against" in page and "– → for" in page
        assert "P(adopted) 90.0% · P(vetoed) 5.0% → P(adopted) 20.0% · P(vetoed) 80.0%" in page
        assert '<a href="/articles/abcd1234#s6">statement 6</a>' in page
        assert "&lt;b&gt;not&lt;/b&gt; support" in page and "<b>not</b>" not in page
        assert "{'" not in page
        shifts = c.get("/alerts", params={"kind": "shift", "format": "json"}).json()
        assert [a["key"] for a in shifts["items"]] == ["k2"]
        lines = c.get("/alerts", params={"format": "csv"}).text.splitlines()
        assert lines[0].startswith("at,kind,actor") and len(lines) == 4
        second = c.get("/alerts", params={"limit": 2, "offset": 2}).text
        assert "showing 3–3" in second and 'rel="prev"' in second


# -- one template path for the forecast page and ``forecast --report`` ---------------------------

def _forecast_section(page: str) -> str:
    """The forecast's figures as drawn by ``report/_report.html``'s ``forecast_body``, with
    the web page's links and ids taken out (the only differences the macro allows)."""
    start = page.index('<table class="outcome"')
    end = page.index("</table>", page.index("<h3>Closest precedents</h3>")) + len("</table>")
    section = re.sub(r' id="(outcome|p-vetoed)"', "", page[start:end])
    return re.sub(r"</?a\b[^>]*>", "", section)


def test_forecast_page_and_report_are_one_template(client: TestClient) -> None:
    from vetowatch import htmlreport

    page = html(client, REFERENCE)
    data = client.get(REFERENCE + "&format=json").json()
    report = htmlreport.forecast_report(data)
    assert _forecast_section(page) == _forecast_section(report)
    for heading in ("Pivotal members", "Each member", "Number of Yes votes",
                    "What the news changed", "Closest precedents"):
        assert f"<h3>{heading}</h3>" in page
    # on the page, members, precedents and every cited statement link into the app
    assert '<td><a href="/members/RUS">RUS</a></td>' in page
    assert re.search(r'<td><a href="/votes/S/\d{4}/\d+">S/\d{4}/\d+</a></td>', page)
    cited = {(s["article"], s["statement"]) for change in data["news"]["changes"].values()
             for reason in change["because"] for s in reason["statements"]}
    assert cited
    for article, statement in cited:
        assert f'href="/articles/{article}#s{statement}">statement {statement}</a>' in page
    # in the report nothing needs the server
    assert 'href="/' not in report


# -- the statements list's actor filter is served by indexes -------------------------------------

def test_actor_filter_is_an_index_range(web_db: WebDb, client: TestClient) -> None:
    from vetowatch.api.queries import statement_queries

    everything = client.get("/api/statements", params={"limit": 1000}).json()["items"]
    for actor in ("RUS", "RUSGOV", "SYR", "ZZZ"):
        body = client.get("/api/statements", params={"actor": actor, "limit": 1000}).json()
        expected = [i["id"] for i in everything
                    if (i["speaker"].get("actor") or "").startswith(actor)]
        assert [i["id"] for i in body["items"]] == expected and body["total"] == len(expected)
    store = Store.from_settings(web_db.settings)
    try:
        with store.connect() as conn:
            if conn.dialect.name != "sqlite":
                pytest.skip("query plans are checked on SQLite")
            counted, query = statement_queries(actor="RUS", sqlite=True)

            def plan(stmt: object) -> str:
                sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))  # type: ignore[attr-defined]
                return " | ".join(r[-1] for r in conn.exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + sql))

            assert "ix_statement_article_actor (article_id=? AND speaker_actor>? AND " \
                   "speaker_actor<?)" in plan(query)
            counting = plan(counted)
            assert "COVERING INDEX ix_statement_actor_date" in counting
            assert "article" not in counting  # no join when no date filter reads it
    finally:
        store.dispose()


# -- the question page reads every actor's timeline at once -------------------------------------

def test_question_page_reads_timelines_in_one_query(client: TestClient) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        page = html(client, "/questions/assad-step-down?as_of=2011-08-19")
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    actors = re.findall(r'<tr data-actor="([^"]+)">', page)
    assert len(actors) >= 3
    timeline_reads = [q for q in seen if "ORDER BY stance.day, stance.statement_id" in q]
    assert len(timeline_reads) == 1, timeline_reads
    for actor in actors:  # each chart equals the actor's own timeline
        points = client.get(f"/api/timeline/assad-step-down?actor={actor}").json()["points"]
        chart = re.search(rf'id="timeline-{actor}".*?</svg>', page, re.S)
        assert chart is not None
        drawn = re.findall(r'<a href="/statements/(\d+)"><circle', chart.group(0))
        assert drawn == [str(p["statement"]) for p in points]


def test_timelines_of_overlapping_codes(web_db: WebDb) -> None:
    from vetowatch.positions import timeline, timelines

    store = Store.from_settings(web_db.settings)
    try:
        found = timelines(store, "assad-step-down", ["RUSGOV", "rus", "ZZZGOV"])
        assert set(found) == {"RUSGOV", "RUS", "ZZZGOV"} and found["ZZZGOV"].points == ()
        gov = [p.statement_id for p in found["RUSGOV"].points]
        assert gov and set(gov) <= {p.statement_id for p in found["RUS"].points}
        assert found["RUS"] == timeline(store, "assad-step-down", "RUS")
    finally:
        store.dispose()
