"""Benchmark: `vetowatch serve` on loopback, the full record plus 10,000 statements.

Run: ``.venv/bin/python benchmarks/bench_web.py [--requests 400] [--clients 4]`` (target:
≥ 200 requests/s with p99 ≤ 100 ms on a 2-core machine; a benchmark, not a test). It imports
the shared record into a temporary SQLite file, ingests the reference article (Interfax,
19 August 2011) and links it to the questions, adds 10,000 synthetic statements of our own
(marked as examined by the stance linker, so no request re-links them), starts
``vetowatch serve`` in a child process and sends a fixed number of GET requests to each URL
from ``--clients`` threads, then stops. Prints requests/s, p50 and p99 per URL.
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

import httpx

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per URL")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    args = parser.parse_args()
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
