"""Forecasts as a user gets them from the CLI, on the hard cases: vetoed and failed drafts.

``vetowatch forecast --date D --agenda A --topic T --submitters S --json`` for a draft voted
on D sees only what a user types (agenda, topic, submitters — no title, no subjects, no
kind) and the record before D. This module computes exactly that answer for many drafts in
one pass: the shipped model is updated date by date, and for each year Y the outcome
stacker is the one ``fit_stacked(before=D)`` trains for a date of that year (rows of the
years before Y, penalty chosen on them) — the answer ``forecast_draft`` gives, without a
fit per draft (``tests/test_user_cases.py`` checks one case against ``forecast_draft``).

    python -m vetowatch.evaluation.user_cases [--db URL] [--from 2012] [--to 2025] [--json]
                                              [--population]

Reported: on the vetoed and failed drafts, the share whose real outcome gets a probability
below 0.01 (target ≤ 2 %), the median P(vetoed) of vetoed drafts and P(fails) of failed
ones; on a sample mixing them with adopted drafts (fixed seed), the mean outcome log loss
against always answering the sample's own outcome frequencies (target: ≥ 25 % below), and
the AUC for adoption and for a veto. ``--population`` scores every draft of the years instead
(:func:`typed_population`), under the stacker for typed input and under the full one.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from vetowatch.council.queries import council_on, load_records
from vetowatch.council.record import DraftRecord
from vetowatch.errors import VetowatchError
from vetowatch.forecast.config import SHIPPED
from vetowatch.forecast.explain import make_forecast
from vetowatch.forecast.fitting import OUTCOME_INDEX, by_date, rolling_forecasts, year_stackers
from vetowatch.forecast.model import VoteModel
from vetowatch.forecast.service import prepare
from vetowatch.forecast.stacker import STACK_FROM, OutcomeStacker
from vetowatch.settings import Settings
from vetowatch.store import Store

__all__ = [
    "UserCase",
    "select_cases",
    "submitters_typed",
    "summarise",
    "typed_population",
    "user_forecasts",
]

FLOOR = 1e-6


@dataclass(frozen=True)
class UserCase:
    record: DraftRecord
    probs: tuple[float, float, float]  # P(adopted, vetoed, failed)
    warnings: tuple[str, ...] = ()

    @property
    def p_real(self) -> float:
        return self.probs[OUTCOME_INDEX[self.record.outcome]]


def select_cases(records: Sequence[DraftRecord], start: int, end: int, adopted: int = 80,
                 seed: int = 0) -> list[DraftRecord]:
    """Every vetoed or failed draft of ``start..end`` plus ``adopted`` adopted ones (seeded)."""
    span = [r for r in records if start <= r.date.year <= end and r.outcome in OUTCOME_INDEX]
    hard = [r for r in span if r.outcome in ("vetoed", "failed")]
    easy = [r for r in span if r.outcome == "adopted"]
    random.Random(seed).shuffle(easy)
    return sorted(hard + easy[:adopted], key=lambda r: (r.date, r.id))


def _stackers(
    records: Sequence[DraftRecord], years: set[int]
) -> dict[int, tuple[OutcomeStacker | None, OutcomeStacker | None]]:
    """The stackers ``fit_stacked(before=D)`` attaches for a date D of each year (the full
    one and the one for drafts as a CLI user types them), from one rolling pass."""
    last = max(r.date for r in records)
    model = VoteModel(**SHIPPED.model_kwargs())
    fc = rolling_forecasts(records, STACK_FROM, last.year, model, mixture=False,
                           typed=SHIPPED.user_stack)
    return {year: year_stackers(fc, year, typed=SHIPPED.user_stack, floor=SHIPPED.floor)
            for year in sorted(years)}


def submitters_typed(record: DraftRecord) -> tuple[str, ...]:
    """The submitters as a user types them: ISO codes, ``president`` for a President's text
    (what ``forecast --submitters`` accepts)."""
    return tuple("president" if s == "PRESIDENT" else s for s in record.submitters if s)


def user_forecasts(store: Store, cases: Sequence[DraftRecord]) -> list[UserCase]:
    """The CLI's answer for each case, as of the day of its vote."""
    records = load_records(store)
    wanted = {r.id for r in cases}
    stackers = _stackers(records, {r.date.year for r in cases})
    model = VoteModel(**SHIPPED.model_kwargs()).fit([])
    history: list[DraftRecord] = []
    out: list[UserCase] = []
    for day, group in by_date(records):
        for record in group:
            if record.id not in wanted:
                continue
            model.set_stacker(*stackers[day.year])
            try:
                p = prepare(store, day, agenda=record.agenda, topic=record.topic,
                            submitters=submitters_typed(record), records=history)
                fc = make_forecast(model, p.spec, council_on(store, day).codes)
            except VetowatchError:
                continue
            d = fc.distribution
            out.append(UserCase(record, (d.p_adopted, d.p_vetoed, d.p_failed), p.warnings))
        model.update(group)
        history.extend(group)
    return out


def _auc(scores: Sequence[float], positive: Sequence[bool]) -> float | None:
    pos = [s for s, p in zip(scores, positive, strict=True) if p]
    neg = [s for s, p in zip(scores, positive, strict=True) if not p]
    if not pos or not neg:
        return None
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return wins / (len(pos) * len(neg))


def summarise(results: Sequence[UserCase]) -> dict[str, Any]:
    """The figures of the module docstring."""
    hard = [c for c in results if c.record.outcome in ("vetoed", "failed")]
    vetoed = [c.probs[1] for c in hard if c.record.outcome == "vetoed"]
    failed = [c.probs[2] for c in hard if c.record.outcome == "failed"]
    counts = np.bincount([OUTCOME_INDEX[c.record.outcome] for c in results], minlength=3)
    freq = counts / max(counts.sum(), 1)
    base = -float(np.mean([math.log(max(freq[OUTCOME_INDEX[c.record.outcome]], FLOOR))
                           for c in results])) if results else float("nan")
    loss = -float(np.mean([math.log(max(c.p_real, FLOOR)) for c in results])) \
        if results else float("nan")
    return {
        "n": len(results), "n_vetoed": len(vetoed), "n_failed": len(failed),
        "hard_below_0_01": sum(c.p_real < 0.01 for c in hard),
        "hard_share_below_0_01": sum(c.p_real < 0.01 for c in hard) / max(len(hard), 1),
        "median_p_vetoed_of_vetoed": float(np.median(vetoed)) if vetoed else None,
        "median_p_failed_of_failed": float(np.median(failed)) if failed else None,
        "log_loss": loss, "log_loss_sample_frequencies": base,
        "log_loss_reduction": 1 - loss / base if base else None,
        "auc_adopted": _auc([c.probs[0] for c in results],
                            [c.record.outcome == "adopted" for c in results]),
        "auc_vetoed": _auc([c.probs[1] for c in results],
                           [c.record.outcome == "vetoed" for c in results]),
        "worst": [{"draft": c.record.draft, "date": c.record.date.isoformat(),
                   "outcome": c.record.outcome, "p_real": round(c.p_real, 5)}
                  for c in sorted(results, key=lambda c: c.p_real)[:8]],
    }


def typed_population(records: Sequence[DraftRecord], start: int, end: int) -> dict[str, Any]:
    """Every draft of ``start..end`` forecast from what a CLI user types (the rolling pass's
    typed forecasts, the Council from the roll call), under the stacker for typed input and
    under the full stacker (the CLI's answer before issue 10), with outcome log loss, Brier
    and the share of vetoed or failed drafts whose outcome got < 0.01. The population, not
    the enriched sample: what a forecaster calibrated for the CLI's input is judged on."""
    last = max(r.date for r in records)
    model = VoteModel(**SHIPPED.model_kwargs())
    fc = rolling_forecasts(records, STACK_FROM, last.year, model, mixture=False, typed=True)
    rows: dict[str, list[np.ndarray]] = {"typed_stacker": [], "full_stacker": []}
    outcomes: list[int] = []
    for year in range(start, end + 1):
        full, typed = year_stackers(fc, year, typed=True, floor=SHIPPED.floor)
        for f in fc:
            if f.record.date.year != year or f.typed_probs is None:
                continue
            outcomes.append(OUTCOME_INDEX[f.record.outcome])
            for name, st in (("typed_stacker", typed), ("full_stacker", full)):
                p = f.typed_probs
                if st is not None and f.typed_features is not None and f.base_rate is not None:
                    p = p * np.exp(st.outcome_log_ratio(f.typed_features, p, f.base_rate))
                rows[name].append(p / p.sum())
    y = np.array(outcomes, dtype=np.int64)
    out: dict[str, Any] = {"n": len(y), "n_hard": int((y > 0).sum())}
    for name, probs in rows.items():
        q = np.array(probs).reshape(-1, 3)
        real = np.clip(q[np.arange(len(y)), y], FLOOR, 1.0)
        out[name] = {"log_loss": float(-np.log(real).mean()),
                     "brier": float(((q - np.eye(3)[y]) ** 2).sum(axis=1).mean()),
                     "hard_below_0_01": int((real[y > 0] < 0.01).sum())}
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vetowatch.evaluation.user_cases")
    parser.add_argument("--db", help="database URL (default: VETOWATCH_DB or ./vetowatch.db)")
    parser.add_argument("--from", dest="start", type=int, default=2012)
    parser.add_argument("--to", dest="end", type=int, default=2025)
    parser.add_argument("--adopted", type=int, default=80)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--population", action="store_true",
                        help="score every draft of the years (typed_population) instead")
    args = parser.parse_args(argv)
    store = Store.from_settings(Settings.from_env(db=args.db))
    records = load_records(store)
    if args.population:
        figures = typed_population(records, args.start, args.end)
    else:
        figures = summarise(user_forecasts(store, select_cases(records, args.start, args.end,
                                                               args.adopted)))
    print(json.dumps(figures, indent=2) if args.json else "\n".join(
        f"{k}: {v}" for k, v in figures.items() if k != "worst"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
