"""Tails and calibration of the shipped forecaster (issue 10, "structure"): every figure in
``docs/forecast.md``, "Tails, P(fails) and calibration", comes from this script.

Run: ``.venv/bin/python benchmarks/forecast_tails.py --db /tmp/eval.db [--json out.json]``
(about a minute on 2 cores). Sections, each printed and kept in the JSON:

* ``floor_grid`` — ``type_floor`` (the draft-type floor) chosen on 1994–1999 only: the tuning
  score :func:`vetowatch.evaluation.backtest.tuning_score` (what ``backtest --tune`` minimises)
  and the tally PIT of those years for each grid point; the shipped value is the argmin.
* ``backtest`` — 2000–2025 with the floor off and as shipped (same tree, same run): Brier,
  log loss, BSS, ECE (all; top probability < 0.9) with the ECE a calibrated forecaster would
  show on the same drafts, the tally PIT with seeds 0, 1, 2 and its expectation over the
  randomisation, the co-veto conditionals, P(fails) calibration (drafts that failed for lack
  of votes against the sum of P(failed), by bin) and the top-label reliability table of the
  non-trivial drafts;
* ``recalibration`` — a rolling post-hoc map of the stacked outcome (temperature and class
  intercepts, fitted each year on the forecasts of earlier years only): what it would do to
  Brier, log loss and ECE (it is not shipped: it made them worse);
* ``reference`` — S/2011/612 as known on 19 August 2011 (the demo's draft): the draft-type
  weights, P(fails) inside each type and the stacker's ratio on the outcome.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from vetowatch.council.queries import load_records
from vetowatch.council.record import DraftRecord
from vetowatch.evaluation.backtest import run_backtest, tuning_score
from vetowatch.evaluation.metrics import expected_pit_share, null_top_label_ece, observed_yes
from vetowatch.evaluation.scoring import (
    brier,
    log_loss,
    randomized_pit,
    reliability_table,
    top_label_ece,
)
from vetowatch.forecast.config import SHIPPED
from vetowatch.forecast.counts import year_fraction
from vetowatch.forecast.draft_types import TYPES
from vetowatch.forecast.fitting import (
    OUTCOME_INDEX,
    DraftForecast,
    fit_stacked,
    rolling_forecasts,
    with_stacking,
)
from vetowatch.forecast.model import VoteModel
from vetowatch.forecast.outcome import outcome_distribution
from vetowatch.forecast.service import prepare
from vetowatch.forecast.stacker import STACK_FROM
from vetowatch.store import Store

Array = NDArray[np.float64]
FLOOR_GRID = (0.0, 0.001, 0.003, 0.01, 0.02, 0.03, 0.05, 0.1)
TUNE_YEARS = (1994, 1999)
FAIL_BINS = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.6, 1.0001)


def _params(**values: float) -> dict[str, Any]:
    return {**SHIPPED.model_kwargs(), **values}


def _pit(forecasts: Sequence[DraftForecast]) -> dict[str, float]:
    dists, seen = [], []
    for f in forecasts:
        t = observed_yes(f.record)
        if t is not None:
            dists.append(np.asarray(f.model.yes_tally))
            seen.append(int(min(t, len(f.model.yes_tally) - 1)))
    out = {f"seed{s}_below_{q}": float((randomized_pit(dists, seen, seed=s) < q).mean())
           for s in (0, 1, 2) for q in (0.01, 0.1)}
    out |= {f"expected_below_{q}": expected_pit_share(dists, seen, q) for q in (0.01, 0.1)}
    # a proper score of the whole tally distribution: mean -ln P(T = t), floored at 1e-6
    out["tally_log_loss"] = float(np.mean([-np.log(max(float(d[t]), 1e-6))
                                           for d, t in zip(dists, seen, strict=True)]))
    out["n"] = float(len(seen))
    return out


def floor_grid(records: Sequence[DraftRecord]) -> list[dict[str, float]]:
    """The tuning score and PIT of 1994–1999 for each ``type_floor`` of :data:`FLOOR_GRID`."""
    early = [r for r in records if r.date.year <= TUNE_YEARS[1]]
    rows = []
    for floor in FLOOR_GRID:
        model = VoteModel(**_params(type_floor=floor))
        fc = rolling_forecasts(early, *TUNE_YEARS, model, features=False, mixture=False)
        rows.append({"type_floor": floor, "tuning_score": tuning_score(fc), **_pit(fc)})
    return rows


def _arrays(forecasts: Sequence[DraftForecast]) -> tuple[Array, NDArray[np.int64]]:
    p = np.array([f.model_probs for f in forecasts]).reshape(-1, 3)
    y = np.array([OUTCOME_INDEX[f.record.outcome] for f in forecasts], dtype=np.int64)
    return p, y


def _fail_table(p: Array, y: NDArray[np.int64]) -> list[dict[str, float]]:
    rows = []
    for lo, hi in itertools.pairwise(FAIL_BINS):
        m = (p[:, 2] >= lo) & (p[:, 2] < hi)
        rows.append({"lo": lo, "hi": min(hi, 1.0), "n": float(m.sum()),
                     "sum_p_failed": float(p[m, 2].sum()), "failed": float((y[m] == 2).sum())})
    return rows


def stacked_forecasts(records: Sequence[DraftRecord], floor: float) -> list[DraftForecast]:
    """The backtest's rolling, stacked forecasts of 1990–2025 (the stacker needs 1990–1999)."""
    model = VoteModel(**_params(type_floor=floor))
    fc = rolling_forecasts(records, STACK_FROM, 2025, model)
    fc, _ = with_stacking(fc, range(STACK_FROM + 1, 2026))
    return fc


def backtest_figures(records: Sequence[DraftRecord], floor: float) -> dict[str, Any]:
    t0 = time.perf_counter()
    report = run_backtest(records, 2000, 2025, params={"type_floor": floor}).to_json()
    elapsed = time.perf_counter() - t0
    fc = [f for f in stacked_forecasts(records, floor) if f.record.date.year >= 2000]
    p, y = _arrays(fc)
    nontrivial = p.max(axis=1) < 0.9
    table = reliability_table(p.max(axis=1)[nontrivial], (p.argmax(axis=1) == y)[nontrivial])
    keys = ("brier", "log_loss", "bss", "bss_recent_base", "ece", "ece_nontrivial",
            "n_nontrivial", "ece_nontrivial_null", "tally_pit_below_1pct",
            "tally_pit_below_10pct", "tally_pit", "p_chn_no_given_rus_no",
            "p_rus_no_given_chn_no")
    return {
        "type_floor": floor,
        **{k: report.get(k) for k in keys},
        "pit": _pit(fc),
        "failed": {"drafts": int((y == 2).sum()), "sum_p_failed": float(p[:, 2].sum()),
                   "by_bin": _fail_table(p, y)},
        "reliability_nontrivial": [
            {"lo": b.lo, "hi": b.hi, "n": b.n, "confidence": b.confidence,
             "frequency": b.frequency} for b in table if b.n
        ],
        "backtest_s": elapsed,
    }


def _recalibrate(theta: Array, p: Array) -> Array:
    z = theta[0] * np.log(np.clip(p, 1e-9, 1.0)) + np.r_[0.0, theta[1:3]]
    z -= z.max(axis=1, keepdims=True)
    q = np.exp(z)
    out: Array = q / q.sum(axis=1, keepdims=True)
    return out


def _fit_map(p: Array, y: NDArray[np.int64], w: Array, l2: float) -> Array:
    start = np.array([1.0, 0.0, 0.0])

    def loss(theta: Array) -> float:
        q = _recalibrate(theta, p)
        nll = -(w * np.log(np.clip(q[np.arange(len(y)), y], 1e-12, 1.0))).sum()
        return float(nll + 0.5 * l2 * ((theta - start) ** 2).sum())

    out: Array = minimize(loss, start, method="L-BFGS-B").x
    return out


def recalibration(forecasts: Sequence[DraftForecast]) -> list[dict[str, float]]:
    """Rolling temperature + intercepts on the stacked outcome, refitted every year on the
    forecasts of earlier years (from 1991, sample weights halving every 10 years)."""
    fc = [f for f in forecasts if f.record.date.year > STACK_FROM]
    p, y = _arrays(fc)
    when = np.array([year_fraction(f.record.date) for f in fc])
    year = np.floor(when).astype(int)
    test = year >= 2000
    rows = [{"l2": float("nan"), "brier": brier(p[test], y[test]),
             "log_loss": log_loss(p[test], y[test]), "ece": top_label_ece(p[test], y[test]),
             "ece_nontrivial": top_label_ece(p[test], y[test], below=0.9)}]
    for l2 in (1.0, 10.0, 100.0):
        q = p.copy()
        for yr in range(2000, 2026):
            train, now = year < yr, year == yr
            w = np.power(0.5, (yr - when[train]) / 10.0)
            q[now] = _recalibrate(_fit_map(p[train], y[train], w / w.mean(), l2), p[now])
        rows.append({"l2": l2, "brier": brier(q[test], y[test]),
                     "log_loss": log_loss(q[test], y[test]), "ece": top_label_ece(q[test], y[test]),
                     "ece_nontrivial": top_label_ece(q[test], y[test], below=0.9),
                     "ece_nontrivial_null": null_top_label_ece(
                         q[test][q[test].max(axis=1) < 0.9])["mean"]})
    return rows


def reference(store: Store, records: Sequence[DraftRecord]) -> dict[str, Any]:
    """The demo's draft (S/2011/612 as known on 19 August 2011), taken apart."""
    on = date(2011, 8, 19)
    prep = prepare(store, on, agenda="The situation in the Middle East",
                   topic="Middle East (Syria)", submitters=("FRA", "GBR", "DEU", "PRT"),
                   kind="sanctions", records=records)
    model = fit_stacked(prep.history, SHIPPED.model_kwargs(), before=on)
    members = prep.council.codes
    w, probs = model.mixture(prep.spec, members)
    dist = outcome_distribution(members, probs, w)
    lr = model.outcome_lr(prep.spec, dist.probs)
    types = []
    for k in np.argsort(-w)[:8]:
        part = outcome_distribution(members, probs[k])
        types.append({"type": TYPES[k], "weight": float(w[k]),
                      "p_failed_given_type": float(part.p_failed)})
    return {"untilted": dist.probs.tolist(), "outcome_lr": np.asarray(lr).tolist(),
            "stacked": dist.tilted(lr).probs.tolist(), "types": types}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="/tmp/eval.db", help="an imported record (SQLite path)")
    parser.add_argument("--json", default=None, help="write every figure here")
    parser.add_argument("--floors", default=None,
                        help="type_floor values for the 2000-2025 section, comma-separated "
                             "(default: 0 and the shipped value)")
    args = parser.parse_args()
    store = Store(f"sqlite:///{args.db}")
    records = load_records(store)
    out: dict[str, Any] = {"floor_grid": floor_grid(records)}
    for row in out["floor_grid"]:
        print(f"floor {row['type_floor']:<6} 1994-1999 tuning score {row['tuning_score']:.6f} "
              f"PIT<1% {row['expected_below_0.01']:.4f} PIT<10% {row['expected_below_0.1']:.4f} "
              f"tally log loss {row['tally_log_loss']:.4f}")
    floors = ([float(f) for f in args.floors.split(",")] if args.floors
              else [0.0, SHIPPED.model.type_floor])
    out["backtest"] = [backtest_figures(records, f) for f in floors]
    for b in out["backtest"]:
        pit = b["pit"]
        print(f"floor {b['type_floor']}: Brier {b['brier']:.5f} log loss {b['log_loss']:.5f} "
              f"BSS {b['bss']:.4f} / {b['bss_recent_base']:.4f} ECE {b['ece']:.4f} "
              f"ECE<0.9 {b['ece_nontrivial']:.4f} (n {b['n_nontrivial']}, calibrated: "
              f"{b['ece_nontrivial_null']['mean']:.4f}, p90 {b['ece_nontrivial_null']['p90']:.4f})")
        print("   PIT<1% seeds 0/1/2 " + " / ".join(
            f"{pit[f'seed{s}_below_0.01']:.4f}" for s in (0, 1, 2))
            + f" expected {pit['expected_below_0.01']:.4f};  PIT<10% " + " / ".join(
            f"{pit[f'seed{s}_below_0.1']:.4f}" for s in (0, 1, 2))
            + f" expected {pit['expected_below_0.1']:.4f}; tally log loss "
            f"{pit['tally_log_loss']:.4f}")
        print(f"   failed {b['failed']['drafts']} vs sum P(failed) "
              f"{b['failed']['sum_p_failed']:.1f}; co-veto {b['p_chn_no_given_rus_no']} "
              f"{b['p_rus_no_given_chn_no']}; backtest {b['backtest_s']:.1f} s")
    fc = stacked_forecasts(records, SHIPPED.model.type_floor)
    out["recalibration"] = recalibration(fc)
    for row in out["recalibration"]:
        print("recalibration " + " ".join(f"{k} {v:.5f}" for k, v in row.items()))
    out["reference"] = reference(store, records)
    print("reference", json.dumps(out["reference"]))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
