"""Benchmark: one actor's position timeline on one question over 1 M stored statements.

Run: ``.venv/bin/python benchmarks/bench_positions.py [statements]`` (target: p95 ≤ 50 ms on
SQLite). It migrates a temporary SQLite file, bulk-inserts synthetic articles, statements
and stance links (about half the statements linked to one of three questions; 60 actors of
20 countries over ten years), then times :func:`vetowatch.positions.timeline` for random
(actor, question) pairs and :func:`vetowatch.positions.positions` for one actor as of a date.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from vetowatch.positions import builtin_questions, positions, timeline
from vetowatch.positions.questions import register
from vetowatch.store import Store

COUNTRIES = ("RUS", "USA", "CHN", "FRA", "GBR", "SYR", "TUR", "IRN", "ISR", "DEU", "SAU", "QAT",
             "EGY", "JOR", "LBN", "IRQ", "IND", "BRA", "ZAF", "JPN")
ACTORS = tuple(c + sector for c in COUNTRIES for sector in ("GOV", "MIL", "MED"))
STANCES = ("for", "against", "neutral")
PER_ARTICLE = 100
START = date(2011, 1, 1)


def _articles(n: int) -> Iterator[tuple[object, ...]]:
    now = datetime.now(UTC).isoformat()
    for a in range(n):
        day = START + timedelta(days=a % 3650)
        yield (f"{a:016x}", None, "synthetic", day.isoformat(), None, None, None, None, None,
               PER_ARTICLE, now)


def _statements(n: int, rng: random.Random) -> Iterator[tuple[object, ...]]:
    for i in range(1, n + 1):
        article = (i - 1) // PER_ARTICLE
        day = START + timedelta(days=article % 3650)
        actor = rng.choice(ACTORS)
        yield (i, f"{article:016x}", (i - 1) % PER_ARTICLE, 0, 40, "A synthetic sentence.",
               "an official", actor, "[]", "said", "indirect", "content", None, None,
               rng.choice((-1, 0, 1)), 0, "01", None, 0.0, None, day.isoformat(), "day")


def _stances(n: int, rng: random.Random, questions: list[str]) -> Iterator[tuple[object, ...]]:
    rng2 = random.Random(7)
    for i in range(1, n + 1):
        article = (i - 1) // PER_ARTICLE
        actor = rng.choice(ACTORS)  # replays the statements' draw (same seed, same order)
        rng.choice((-1, 0, 1))
        if rng2.random() < 0.5:
            day = START + timedelta(days=article % 3650)
            yield (i, rng2.choice(questions), rng2.choice(STANCES), 0.9, 0, 10, "rules:parse",
                   actor, day.isoformat(), rng2.choice((1.0, 0.9, 0.7, 0.4)))


def build(path: Path, n: int) -> Store:
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    questions = builtin_questions()
    with store.begin() as conn:
        register(conn, questions)
    ids = [q.id for q in questions]
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA journal_mode=MEMORY")
    db.executemany("INSERT INTO article VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                   _articles((n + PER_ARTICLE - 1) // PER_ARTICLE))
    db.executemany("INSERT INTO statement VALUES "
                   "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   _statements(n, random.Random(1)))
    db.executemany("INSERT INTO stance VALUES (?,?,?,?,?,?,?,?,?,?)",
                   _stances(n, random.Random(1), ids))
    db.execute("UPDATE question SET linked_through = ?", (n,))
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return store


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def raw_reference(path: Path, pairs: list[tuple[str, str]]) -> list[float]:
    """The floor, measured in the same run: the same rows read with plain sqlite3 (no
    aggregation, no objects): the stance rows of one actor on one question, by date."""
    db = sqlite3.connect(path)
    it = iter(pairs)

    def one() -> object:
        question, actor = next(it)
        return db.execute("SELECT * FROM stance WHERE question_id = ? AND actor = ? "
                          "ORDER BY day", (question, actor)).fetchall()

    try:
        return timed(one, len(pairs))
    finally:
        db.close()


def main(n: int = 1_000_000, runs: int = 100) -> int:
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        store = build(Path(tmp) / "bench.db", n)
        print(f"built {n:,} statements (+ stances) in {time.perf_counter() - started:.1f} s")
        ids = [q.id for q in builtin_questions()]
        pairs = [(rng.choice(ids), rng.choice(ACTORS)) for _ in range(runs)]
        it = iter(pairs)
        lines = timed(lambda: timeline(store, *next(it)), runs)
        points = len(timeline(store, ids[0], "RUSGOV").points)
        country = timed(lambda: timeline(store, ids[0], "RUS"), 20)
        as_of = timed(lambda: positions(store, ids[0], date(2016, 6, 30), actor="RUSGOV"), 20)
        store.dispose()
        floor = raw_reference(Path(tmp) / "bench.db", pairs)
    print(f"timeline, one actor ({points:,} points): p95 {p95(lines):.1f} ms, "
          f"median {statistics.median(lines):.1f} ms over {runs} runs")
    print(f"timeline, one country (3 actors): p95 {p95(country):.1f} ms")
    print(f"position as of a date, one actor, with evidence: p95 {p95(as_of):.1f} ms")
    print(f"reference (same rows, plain sqlite3): p95 {p95(floor):.1f} ms; timeline / reference "
          f"= {p95(lines) / max(p95(floor), 1e-6):.1f}x at p95")
    return 0 if p95(lines) <= 50 else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000))
