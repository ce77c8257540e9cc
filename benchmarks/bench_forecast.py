"""Benchmark: one forecast once fitted, and the whole rolling backtest, on the real record.

Run: ``.venv/bin/python benchmarks/bench_forecast.py [--db sqlite:////tmp/fc.db]``. Without
``--db`` the shared record (``VETOWATCH_DATA``) is imported into a temporary SQLite file
first (about 2 s, not timed). Targets: one forecast ≤ 5 ms once fitted; the backtest
2000–2025 (tuning included) ≤ 10 s on 2 cores.

The forecast is the stacked one (:func:`~vetowatch.evaluation.backtest.fit_stacked`);
``--member-layer`` times the opt-in per-member layer as well (fit, forecast and backtest).
A reference measured in the same run gives machine-independent ratios: a plain numpy loop
that convolves 15 members' Yes probabilities into a tally for each of the 5 draft types —
the arithmetic floor of one exact outcome computation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

from vetowatch.council.queries import load_records
from vetowatch.council.record import DraftRecord
from vetowatch.evaluation.backtest import run_backtest
from vetowatch.forecast import DraftSpec
from vetowatch.forecast.fitting import fit_stacked
from vetowatch.forecast.outcome import outcome_distribution
from vetowatch.settings import Settings
from vetowatch.store import Store


def reference(repeats: int = 2000) -> float:
    """Seconds per plain-numpy Yes-tally convolution over 5 types × 15 members."""
    rng = np.random.default_rng(0)
    yes = rng.uniform(0.5, 1.0, size=(5, 15))
    started = time.perf_counter()
    for _ in range(repeats):
        for k in range(5):
            tally = np.ones(1)
            for p in yes[k]:
                tally = np.convolve(tally, np.array([1.0 - p, p]))
    return (time.perf_counter() - started) / repeats


def load(db: str | None) -> list[DraftRecord]:
    if db:
        return load_records(Store(db))
    from vetowatch.council.importer import import_record

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        store.upgrade()
        import_record(store, Settings.from_env().unsc_dir)
        records = load_records(store)
        store.dispose()
    return records


def one_forecast(records: list[DraftRecord], repeats: int = 300) -> tuple[float, float, float]:
    """Seconds to fit the stacked model, per forecast (mixture + exact outcome + stacker
    tilt) and per full ``predict`` (+ explanation)."""
    started = time.perf_counter()
    model = fit_stacked(records)
    fit = time.perf_counter() - started
    last = max(records, key=lambda r: r.date)
    council = tuple(last.votes)
    spec = DraftSpec(
        date=last.date + timedelta(days=1),
        agenda="The situation in the Middle East",
        topic="Middle East (Syria)",
        submitters=("FRA", "GBR"),
        title="Draft resolution [on use of chemical weapons in the Syrian Arab Republic]",
    )
    started = time.perf_counter()
    for _ in range(repeats):
        w, p = model.mixture(spec, council)
        dist = outcome_distribution(council, p, w)
        dist.tilted(model.outcome_lr(spec, dist.probs))
    core = (time.perf_counter() - started) / repeats
    started = time.perf_counter()
    for _ in range(repeats // 3):
        model.predict(spec, council)
    full = (time.perf_counter() - started) / (repeats // 3)
    return fit, core, full


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a database already imported (SQLAlchemy URL)")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    records = load(args.db)
    ref = reference()
    fit, core, full = one_forecast(records)
    runs = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        report = run_backtest(records, 2000, 2025)
        runs.append(time.perf_counter() - started)
    backtest = statistics.median(runs)
    per_draft = backtest / report.n_drafts
    print(f"record: {len(records)} drafts; backtest 2000–2025: {report.n_drafts} forecasts")
    print(f"reference (numpy tally loop, 5 types × 15 members): {ref * 1e3:.3f} ms")
    print(f"fit (member model + outcome stacker, one rolling pass): {fit:.2f} s")
    print(
        f"one forecast: {core * 1e3:.2f} ms ({core / ref:.1f}x reference); with explanation "
        f"{full * 1e3:.2f} ms"
    )
    print(
        f"backtest incl. tuning: median {backtest:.2f} s over {len(runs)} runs "
        f"({per_draft * 1e3:.2f} ms per test draft, {per_draft / ref:.1f}x reference)"
    )
    ok = core < 0.005 and backtest < 10.0
    print("targets (≤ 5 ms, ≤ 10 s):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
