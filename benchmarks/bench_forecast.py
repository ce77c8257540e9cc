"""Speed of the vote model: one forecast once fitted, and a full rolling backtest.

Run with ``pytest benchmarks/bench_forecast.py`` (pytest-benchmark). Uses a synthetic
record of ~2,000 drafts shaped like 1994–2025; the real record gives similar timings.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from pytest_benchmark.fixture import BenchmarkFixture

from vetowatch.council.record import DraftRecord, Outcome, VoteCode
from vetowatch.forecast import DraftSpec, VoteModel, run_backtest
from vetowatch.forecast.outcome import outcome_distribution

P5 = ("CHN", "FRA", "GBR", "RUS", "USA")
ELECTED = tuple(f"E{i:02d}" for i in range(40))
TOPICS = tuple(f"Topic {i}" for i in range(60))


def _records(n: int = 2000, seed: int = 0) -> list[DraftRecord]:
    rng = np.random.default_rng(seed)
    out = []
    day = date(1994, 1, 5)
    for i in range(n):
        day += timedelta(days=int(rng.integers(2, 9)))
        start = (day.year * 5) % 30
        council = P5 + ELECTED[start : start + 10]
        votes: dict[str, VoteCode] = dict.fromkeys(council, "Y")
        topic = TOPICS[int(rng.integers(0, len(TOPICS)))]
        if rng.random() < 0.12:
            for m in rng.choice(council, size=int(rng.integers(1, 6)), replace=False):
                votes[str(m)] = "N" if rng.random() < 0.3 else "A"
        yes = sum(v == "Y" for v in votes.values())
        vetoers = tuple(m for m in P5 if votes[m] == "N")
        outcome: Outcome = "failed" if yes < 9 else "vetoed" if vetoers else "adopted"
        subs = (str(rng.choice(P5)),) if rng.random() < 0.5 else ("PRESIDENT",)
        out.append(
            DraftRecord(
                id=i,
                date=day,
                outcome=outcome,
                agenda=topic,
                topic=topic,
                submitters=subs,
                votes=votes,
                vetoed_by=vetoers if outcome == "vetoed" else (),
            )
        )
    return out


RECORDS = _records()
COUNCIL = tuple(RECORDS[-1].votes)


def test_one_forecast(benchmark: BenchmarkFixture) -> None:
    model = VoteModel().fit(RECORDS)
    spec = DraftSpec(
        date=RECORDS[-1].date + timedelta(days=1),
        topic="Topic 3",
        agenda="Topic 3",
        submitters=("FRA",),
    )

    def run() -> float:
        w, p = model.mixture(spec, COUNCIL)
        return outcome_distribution(COUNCIL, p, w).p_adopted

    benchmark(run)
    assert benchmark.stats is not None and benchmark.stats["mean"] < 0.005


def test_rolling_backtest(benchmark: BenchmarkFixture) -> None:
    report = benchmark.pedantic(  # type: ignore[no-untyped-call]
        run_backtest, args=(RECORDS, 2000, 2025), rounds=1, iterations=1
    )
    assert report.n_drafts > 1000
    assert benchmark.stats is not None and benchmark.stats["mean"] < 10.0
