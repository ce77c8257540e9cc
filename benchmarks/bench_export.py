"""Benchmark: memory and time of `events export` for a large number of statements.

Run: ``.venv/bin/python benchmarks/bench_export.py [--statements 100000]``.

Builds a SQLite database with ``--statements`` synthetic statements (1,000 articles, rows
written directly, the text of each statement invented), then runs ``vetowatch events export``
for every layout and format in a child process, reporting wall time and the child's peak
resident memory (``ru_maxrss`` of the children). The reference is the same child process
running ``vetowatch --help`` (interpreter and imports), so the figures show what the export
itself adds.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert

from vetowatch.store import Store
from vetowatch.store import schema as s

LAYOUTS = ("plover", "icews", "cameo")
FORMATS = ("csv", "jsonl", "parquet")


def build(db: Path, statements: int, articles: int = 1000) -> None:
    store = Store(f"sqlite:///{db}")
    store.upgrade()
    per = max(statements // articles, 1)
    now = datetime.now(UTC)
    with store.begin() as conn:
        conn.execute(insert(s.article), [
            {"id": f"{i:016x}", "title": f"Article {i}", "text": "x " * 2000,
             "published": date(2020, 1, 1 + i % 28), "source": "Bench Wire",
             "url": f"https://example.org/{i}", "statements": per, "ingested_at": now}
            for i in range(articles)])
        for i in range(articles):
            conn.execute(insert(s.statement), [
                {"article_id": f"{i:016x}", "seq": k, "start": 10 * k, "end": 10 * k + 80,
                 "sentence": f"Minister {k} said the talks would continue next week.",
                 "speaker_text": "the minister", "speaker_actor": "FRAGOV", "via": "[]",
                 "cue": "said", "kind": "indirect", "content": "the talks would continue",
                 "target_text": "Russia", "target_actor": "RUSGOV", "polarity": -1,
                 "negated": False, "cameo": "112", "plover": "ACCUSE", "goldstein": -2.0,
                 "when_date": date(2020, 1, 1 + i % 28), "when_precision": "day"}
                for k in range(per)])
    store.dispose()


def run(cmd: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        build(db, args.statements)
        base = [sys.executable, "-m", "vetowatch", "--db", str(db)]
        ref_s, ref_mb = run([*base, "--help"])
        for layout in LAYOUTS:
            for fmt in FORMATS:
                out = Path(tmp) / f"out.{fmt}"
                secs, mib = run([*base, "events", "export", "--layout", layout, "--format",
                                 fmt, "--out", str(out)])
                results.append({"layout": layout, "format": fmt, "seconds": round(secs, 1),
                                "peak_rss_mib": round(mib), "bytes": out.stat().st_size})
    print(json.dumps({"statements": args.statements, "reference_seconds": round(ref_s, 2),
                      "reference_peak_rss_mib": round(ref_mb), "runs": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
