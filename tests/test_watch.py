"""`vetowatch watch`: feeds served from 127.0.0.1 that change between rounds."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from vetowatch.errors import FetchError, InvalidInputError
from vetowatch.settings import Settings
from vetowatch.store import Store
from vetowatch.watch import Watcher
from vetowatch.watch.alerts import list_alerts
from vetowatch.watch.config import WatchConfig, parse_config, parse_interval
from vetowatch.watch.feeds import fetch, parse_items

ARTICLE = Path("example") / "russia-unwilling-to-back-assad-ouster.txt"

# our own invented wire copy (not from any outlet)
FILLER = ("Delegates met in Geneva on Tuesday to discuss the schedule of the next round of "
          "talks on trade in agricultural goods. The chair said the sessions would resume in "
          "the spring after consultations with the regional groups, and that the secretariat "
          "would circulate a revised timetable to all delegations before the end of the month. "
          "Observers expected no decision before the summer recess.")


class Routes:
    """What the local server answers: path -> (status, body, headers)."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, bytes, dict[str, str]]] = {}
        self.hits: dict[str, int] = {}

    def set(self, path: str, body: bytes | str, status: int = 200, **headers: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = (status, data, headers)


@pytest.fixture()
def server() -> Iterator[tuple[str, Routes]]:
    routes = Routes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            routes.hits[path] = routes.hits.get(path, 0) + 1
            if path == "/slow":
                time.sleep(3)
            status, body, headers = routes.pages.get(path, (404, b"not found", {}))
            etag = headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", routes
    httpd.shutdown()
    httpd.server_close()


def rss(items: list[dict[str, str]]) -> str:
    entries = "".join(
        f"<item><title>{i['title']}</title><link>{i['link']}</link><guid>{i['guid']}</guid>"
        f"<pubDate>{i['date']}</pubDate><description><![CDATA[{i['text']}]]></description></item>"
        for i in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>'
            f"{entries}</channel></rss>")


def rfc822(y: int, m: int, d: int) -> str:
    return format_datetime(datetime(y, m, d, 12, tzinfo=UTC))


# -- configuration and parsing (no database) ------------------------------------------------------

def test_config_and_intervals() -> None:
    cfg = parse_config({"feeds": [{"url": "http://127.0.0.1:1/f.xml", "interval": "15m"}],
                        "watch": {"questions": ["assad-step-down"]}})
    assert cfg.feeds[0].interval == 900 and cfg.actors == ("CHN", "FRA", "GBR", "RUS", "USA")
    assert parse_interval("2h") == 7200 and parse_interval(30) == 30
    for bad in ({"feeds": []}, {"feeds": [{"url": "ftp://x"}]},
                {"feeds": [{"url": "http://x", "genre": "poem"}]},
                {"feeds": [{"url": "http://x"}], "alerts": {"forecast_change": 2}}, "text"):
        with pytest.raises(InvalidInputError):
            parse_config(bad)
    with pytest.raises(InvalidInputError):
        parse_interval("soon")


def test_items_of_each_feed_format() -> None:
    body = rss([{"title": "T", "link": "http://e/1", "guid": "g1", "date": rfc822(2011, 8, 19),
                 "text": "<p>Some <b>text</b></p>"}]).encode()
    [item] = parse_items(body, "http://e/feed.xml")
    assert (item.guid, item.text, item.published.isoformat()) == ("g1", "Some text",
                                                                  "2011-08-19")
    feed = {"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "j1", "url": "http://e/j1", "content_text": "Body", "date_published":
         "2011-08-19T10:00:00Z"}]}
    [j] = parse_items(json.dumps(feed).encode(), "http://e/feed.json")
    assert (j.guid, j.text, j.published.isoformat()) == ("j1", "Body", "2011-08-19")
    lines = b'{"title": "a", "text": "x", "date": "2011-08-19"}\nnot json\n{"text": "y"}\n'
    assert [i.text for i in parse_items(lines, "http://e/items.jsonl")] == ["x", "y"]
    assert [i.text for i in parse_items(b"title,text\nA,x\n", "http://e/i.csv")] == ["x"]


def test_fetch_limits_redirects_and_validators(server: tuple[str, Routes]) -> None:
    base, routes = server
    cfg = WatchConfig(feeds=(), max_bytes=10_000, timeout=5)
    routes.set("/feed.xml", "<rss/>", ETag='"v1"')
    with httpx.Client() as client:
        assert fetch(client, base + "/feed.xml", cfg).etag == '"v1"'
        assert fetch(client, base + "/feed.xml", cfg, etag='"v1"').status == 304
        routes.set("/big", b"x" * 20_000)
        with pytest.raises(FetchError, match="larger than the limit"):
            fetch(client, base + "/big", cfg)
        bomb = gzip.compress(b"\0" * 5_000_000)
        routes.set("/bomb", bomb, **{"Content-Encoding": "gzip"})
        with pytest.raises(FetchError, match="larger than the limit"):
            fetch(client, base + "/bomb", cfg)
        routes.set("/away", "", status=302, Location="http://localhost:9/elsewhere")
        with pytest.raises(FetchError, match="another site"):
            fetch(client, base + "/away", cfg)
        routes.set("/here", "", status=301, Location="/feed.xml")
        assert fetch(client, base + "/here", cfg).final_url == base + "/feed.xml"
        with pytest.raises(FetchError, match="Timeout"):
            fetch(client, base + "/slow", WatchConfig(feeds=(), timeout=1))
        routes.set("/down", "maintenance", status=503)
        with pytest.raises(FetchError, match="503"):
            fetch(client, base + "/down", cfg)


# -- rounds on a copy of the record, with the extractor -------------------------------------------

@pytest.fixture()
def watch_store(imported_store: Store, tmp_path: Path) -> Iterator[Store]:
    from cli_rows import copy_db

    db = copy_db(imported_store.url, tmp_path / "watch.db")
    store = Store(f"sqlite:///{db}")
    store.upgrade()
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def extractor() -> Any:
    from vetowatch.extract.extractor import Extractor

    return Extractor.load(Settings.from_env())


@pytest.mark.slow
def test_rounds_ingest_only_new_items_and_alert_once(
    server: tuple[str, Routes], watch_store: Store, news_dir: Path, extractor: Any,
    tmp_path: Path,
) -> None:
    base, routes = server
    article = (news_dir / ARTICLE).read_text(encoding="utf-8")
    filler = {"title": "Trade talks", "link": base + "/a/1", "guid": "wire-1",
              "date": rfc822(2011, 8, 18), "text": FILLER}
    russia = {"title": "Russia unwilling", "link": base + "/a/2", "guid": "wire-2",
              "date": rfc822(2011, 8, 19), "text": article}
    routes.set("/feed.xml", rss([filler]), ETag='"1"')
    routes.set("/broken.xml", "<rss><channel><item>", status=200)
    config = parse_config({
        "feeds": [{"url": base + "/feed.xml", "source": "Example Wire", "genre": "news"},
                  {"url": base + "/broken.xml", "source": "Broken"},
                  {"url": base + "/missing.xml"}],
        "watch": {"questions": ["assad-step-down"], "actors": ["RUS", "USA"],
                  "scenarios": [{"name": "syria-measures",
                                 "agenda": "The situation in the Middle East",
                                 "topic": "Middle East (Syria)", "kind": "sanctions",
                                 "submitters": ["FRA", "GBR", "DEU", "PRT"],
                                 "date": "2011-08-20"}]},
        "alerts": {"forecast_change": 0.02}})  # the news moves P(vetoed) by more
    alerts_file = tmp_path / "alerts.jsonl"
    settings = Settings.from_env(db=watch_store.url)
    settings = Settings(settings.data_dir, watch_store.url, tmp_path / "cache")
    watcher = Watcher(watch_store, settings, config, alerts_file=alerts_file,
                      extractor=extractor)
    first = watcher.round()
    assert first.new_items == 1 and first.articles == 1
    assert set(first.failed) == {base + "/broken.xml", base + "/missing.xml"}  # others ran
    assert [a.kind for a in first.alerts] == []  # the forecast's baseline, no position yet

    routes.set("/feed.xml", rss([filler, russia]), ETag='"2"')
    again = Watcher(watch_store, settings, config, alerts_file=alerts_file,
                    extractor=extractor)  # a restart: the state is in the database
    second = again.round()
    assert second.new_items == 1 and second.articles == 1
    kinds = sorted(a.kind for a in second.alerts)
    assert kinds == ["first_position", "first_position", "forecast_change"], second.to_json()
    stances = {a.actor: a.after for a in second.alerts if a.kind == "first_position"}
    assert stances == {"RUS": "against", "USA": "for"}
    first_position = next(a for a in second.alerts if a.actor == "RUS")
    assert first_position.statements and first_position.statements[0]["url"] == base + "/a/2"
    change = next(a for a in second.alerts if a.kind == "forecast_change")
    assert change.after["p_vetoed"] - change.before["p_vetoed"] >= 0.02
    assert any(ref["url"] == base + "/a/2" for ref in change.statements)

    third = again.round()  # 304: nothing new, no alert again
    assert third.unchanged == [base + "/feed.xml"] and third.new_items == 0
    assert third.alerts == []
    stored = list_alerts(watch_store)
    assert sorted(a.kind for a in stored) == kinds
    lines = [json.loads(x) for x in alerts_file.read_text().splitlines()]
    assert sorted(x["kind"] for x in lines) == kinds
    with watch_store.connect() as conn:
        n = conn.exec_driver_sql("select count(*) from article").scalar()
    assert n == 2


@pytest.mark.slow
def test_cli_watch_survives_kill_9_and_once_adds_only_new_items(
    server: tuple[str, Routes], watch_store: Store, tmp_path: Path,
) -> None:
    import os
    import signal
    import subprocess
    import sys

    base, routes = server
    filler = {"title": "Trade talks", "link": base + "/a/1", "guid": "wire-1",
              "date": rfc822(2011, 8, 18), "text": FILLER}
    later = dict(filler, guid="wire-3", link=base + "/a/3", title="Talks resume",
                 text=FILLER.replace("Tuesday", "Thursday").replace("spring", "autumn"))
    routes.set("/feed.xml", rss([filler]))
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f'feeds:\n  - {{url: "{base}/feed.xml", source: "Example Wire", '
                     'interval: 1s}\n', encoding="utf-8")
    env = {**os.environ, "VETOWATCH_CACHE": str(tmp_path / "cache")}
    db = watch_store.url
    cmd = [sys.executable, "-m", "vetowatch", "--db", db, "watch", str(feeds)]

    def articles() -> int:
        with watch_store.connect() as conn:
            return int(conn.exec_driver_sql("select count(*) from article").scalar() or 0)

    proc = subprocess.Popen([*cmd, "--interval", "1s"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while articles() < 1 and time.time() < deadline:
            time.sleep(0.5)
        assert articles() == 1
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    routes.set("/feed.xml", rss([filler, later]))
    done = subprocess.run([*cmd, "--once", "--json"], env=env, capture_output=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    report = json.loads(done.stdout)
    assert report["new_items"] == 1 and report["articles"] == 1
    assert articles() == 2
    with watch_store.connect() as conn:
        seen = conn.exec_driver_sql("select count(*) from feed_item").scalar()
    assert seen == 2
    again = subprocess.run([*cmd, "--once", "--json"], env=env, capture_output=True,
                           timeout=300)
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    assert json.loads(again.stdout)["new_items"] == 0 and articles() == 2
    changed = dict(later, text=later["text"] + " The chair later confirmed the dates.")
    routes.set("/feed.xml", rss([filler, changed]))  # the same guid, a corrected text
    third = subprocess.run([*cmd, "--once", "--json"], env=env, capture_output=True,
                           timeout=300)
    assert third.returncode == 0, third.stderr.decode()[-2000:]
    assert json.loads(third.stdout)["new_items"] == 1 and articles() == 3
