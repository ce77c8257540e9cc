"""Benchmark: `vetowatch serve` on loopback, the full record plus 10,000 statements.

Run: ``.venv/bin/python benchmarks/bench_web.py [--requests 400] [--clients 4]`` (target:
≥ 200 requests/s with p99 ≤ 100 ms on a 2-core machine; a benchmark, not a test). It imports
the shared record into a temporary SQLite file, ingests the reference article (Interfax,
19 August 2011) and links it to the questions, adds 10,000 synthetic statements of our own
(marked as examined by the stance linker, so no request re-links them), starts
``vetowatch serve`` in a child process and sends a fixed number of GET requests to each URL
from ``--clients`` threads, then stops. Prints requests/s, p50 and p99 per URL.

``--paging DB`` instead measures the statements list's queries in one process on a copy of
``DB`` (never the file itself; upgraded to the newest schema unless ``--no-upgrade``): the
query plan (SQLite's ``EXPLAIN QUERY PLAN``) and p50/p99 of a page of 50 with each
``--actor`` filter (default: none, RUS, USAGOV, JPN, SYR).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Select

from vetowatch.council.importer import import_record
from vetowatch.positions import link_all
from vetowatch.reading import ingest
from vetowatch.settings import Settings
from vetowatch.store import Store

URLS = ("/api/votes/S/2011/612", "/api/statements?limit=50", "/api/statements?actor=RUS",
        "/questions/assad-step-down?as_of=2011-08-19")
REFERENCE = Path("news") / "example" / "russia-unwilling-to-back-assad-ouster.txt"
ACTORS = ("RUSGOV", "USAGOV", "CHNGOV", "FRAGOV", "GBRGOV", "SYRGOV", "TURGOV", "IRNGOV")


def build(folder: Path, statements: int) -> Path:
    """The database: record, reference article (linked), then ``statements`` synthetic ones."""
    settings = Settings.from_env(db=str(folder / "bench.db"))
    store = Store.from_settings(settings)
    import_record(store, settings.unsc_dir)
    ingest(store, settings, [settings.require_data_dir() / REFERENCE],
           published=date(2011, 8, 19))
    link_all(store, settings)
    store.dispose()
    db = folder / "bench.db"
    con = sqlite3.connect(db)
    now = datetime.now(UTC).isoformat()
    with con:
        per = 50
        for a in range(statements // per):
            day = date(2011, 1, 1) + timedelta(days=a % 1500)
            aid = f"bench{a:011x}"
            con.execute("INSERT INTO article (id, title, text, published, source, statements,"
                        " ingested_at) VALUES (?, ?, ?, ?, 'bench', ?, ?)",
                        (aid, f"Synthetic article {a}", "x" * 200, day.isoformat(), per, now))
            con.executemany(
                'INSERT INTO statement (article_id, seq, start, "end", sentence, speaker_text,'
                " speaker_actor, via, cue, kind, content, polarity, negated, cameo, plover,"
                " goldstein, when_date, when_precision) VALUES (?, ?, 0, 40, ?, 'an official',"
                " ?, '[]', 'said', 'indirect', ?, -1, 0, '01', 'STATEMENT', 0.0, ?, 'day')",
                [(aid, i, f"An official said the talks number {i} went well.",
                  ACTORS[(a + i) % len(ACTORS)], f"the talks number {i} went well",
                  day.isoformat()) for i in range(per)])
        newest = con.execute("SELECT max(id) FROM statement").fetchone()[0]
        con.execute("UPDATE question SET linked_through = ?", (newest,))
    con.close()
    return db


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure(base: str, url: str, n: int, clients: int) -> dict[str, float]:
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(5):  # warm-up (caches, first forecast fit, templates)
            client.get(url).raise_for_status()

        def one(_: int) -> float:
            t = time.perf_counter()
            client.get(url).raise_for_status()
            return time.perf_counter() - t

        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            times = sorted(pool.map(one, range(n)))
        wall = time.perf_counter() - started
    return {"requests": n, "rps": round(n / wall, 1),
            "p50_ms": round(statistics.median(times) * 1000, 1),
            "p99_ms": round(times[min(n - 1, int(n * 0.99))] * 1000, 1)}


def _plan(store: Store, query: Select[Any]) -> list[str]:
    with store.connect() as conn:
        sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
        return [str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]


def paging(source: Path, actors: list[str], n: int, upgrade: bool) -> dict[str, Any]:
    """Plans and timings of ``statement_page`` on a copy of ``source`` (SQLite)."""
    from vetowatch.api.queries import statement_page, statement_queries

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "copy.db"
        with sqlite3.connect(source) as src, sqlite3.connect(db) as dst:
            src.backup(dst)
        store = Store.from_settings(Settings.from_env(db=str(db)), migrate=upgrade)
        out: dict[str, Any] = {"revision": store.current_revision(), "actors": {}}
        for actor in actors:
            code = actor or None
            counted, query = statement_queries(actor=code, sqlite=True)
            statement_page(store, actor=code)  # warm-up
            times = []
            for _ in range(n):
                t = time.perf_counter()
                total = statement_page(store, actor=code)["total"]
                times.append(time.perf_counter() - t)
            times.sort()
            out["actors"][actor or "(none)"] = {
                "total": total, "p50_ms": round(statistics.median(times) * 1000, 2),
                "p99_ms": round(times[min(n - 1, int(n * 0.99))] * 1000, 2),
                "count_plan": _plan(store, counted), "page_plan": _plan(store, query)}
        store.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per URL")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--paging", type=Path, metavar="DB",
                        help="measure the statements list's queries on a copy of DB")
    parser.add_argument("--actor", action="append", help="with --paging (repeatable)")
    parser.add_argument("--no-upgrade", action="store_true",
                        help="with --paging: keep the copy's schema as it is")
    args = parser.parse_args()
    if args.paging is not None:
        actors = args.actor or ["", "RUS", "USAGOV", "JPN", "SYR"]
        print(json.dumps(paging(args.paging, actors, args.requests, not args.no_upgrade),
                         indent=2))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        db = build(folder, args.statements)
        print(f"database built in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        port = _port()
        server = subprocess.Popen(
            [sys.executable, "-m", "vetowatch", "--db", str(db), "serve", "--port", str(port),
             "--workers", str(args.workers)],
            env={**os.environ, "VETOWATCH_CACHE": str(folder / "cache")},
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(base + "/api/questions", timeout=5).raise_for_status()
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.2)
            results = {url: measure(base, url, args.requests, args.clients) for url in URLS}
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(json.dumps({"clients": args.clients, "workers": args.workers,
                      "statements": args.statements,
                      "results": results}, indent=2))


if __name__ == "__main__":
    main()
