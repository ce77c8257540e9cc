"""Rolling-origin backtest of the shipped forecaster against simple baselines.

The forecasts come from :func:`vetowatch.forecast.fitting.rolling_forecasts` — every draft
forecast from records of strictly earlier dates — with the configuration users get
(:data:`vetowatch.forecast.config.SHIPPED`), each year's outcome stacker fitted on earlier
years only (:func:`~vetowatch.forecast.fitting.with_stacking`), exactly what ``vetowatch
forecast`` computes for a draft of that date. ``tune`` re-runs the grid search that chose the
shipped values, scored on years before the test years only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from vetowatch.council.queries import load_records
from vetowatch.council.record import DraftRecord
from vetowatch.errors import InvalidInputError
from vetowatch.evaluation.baselines import BASELINES, Baselines
from vetowatch.evaluation.decisions import rolling_rules
from vetowatch.evaluation.report import BacktestReport, build_report
from vetowatch.forecast.config import SHIPPED
from vetowatch.forecast.fitting import (
    OUTCOME_INDEX,
    DraftForecast,
    rolling_forecasts,
    with_stacking,
)
from vetowatch.forecast.model import VoteModel
from vetowatch.forecast.spec import DraftSpec
from vetowatch.forecast.stacker import STACK_FROM
from vetowatch.store import Store

__all__ = [
    "DEFAULT_GRID",
    "BacktestReport",
    "DraftForecast",
    "backtest_store",
    "run_backtest",
    "tune",
]

Composition = Callable[[DraftRecord], Sequence[str] | None]

DEFAULT_GRID: tuple[dict[str, float], ...] = tuple(
    {"half_life": h, "alpha_member": a, "alpha_class": a, "temperature": t}
    for h in (10.0, 20.0)
    for a in (4.0, 8.0)
    for t in (0.6, 0.75)
)


class BaselineObserver:
    """The baselines, fed the same records as the model (a ``RollingObserver``)."""

    def __init__(self) -> None:
        self.base = Baselines()

    def annotate(self, forecast: DraftForecast, spec: DraftSpec) -> DraftForecast:
        return replace(
            forecast,
            baselines=self.base.outcome_probs(spec),
            repeat_last=self.base.repeat_last(spec, forecast.members),
        )

    def update(self, record: DraftRecord) -> None:
        self.base.update(record)


def tuning_score(forecasts: Sequence[DraftForecast]) -> float:
    """Outcome log loss plus the mean member-vote log loss (lower is better)."""
    if not forecasts:
        return float("inf")
    outcome = [OUTCOME_INDEX[f.record.outcome] for f in forecasts]
    p = np.array([f.model_probs for f in forecasts])
    ll = -np.log(np.clip(p[np.arange(len(p)), outcome], 1e-6, 1)).mean()
    member_ll = []
    for f in forecasts:
        for i, m in enumerate(f.members):
            vote = f.record.votes.get(m)
            if vote is not None:
                member_ll.append(-np.log(max(f.model.member_probs[i, "YNAX".index(vote)], 1e-6)))
    return float(ll + (np.mean(member_ll) if member_ll else 0.0))


def tune(
    records: Sequence[DraftRecord],
    years: tuple[int, int],
    grid: Sequence[Mapping[str, float]] = DEFAULT_GRID,
    base_params: Mapping[str, float] | None = None,
) -> tuple[dict[str, float], list[tuple[dict[str, float], float]]]:
    """The grid point with the best :func:`tuning_score` on forecasts for ``years``.

    Only records dated up to the end of ``years[1]`` are read.
    """
    early = [r for r in records if r.date.year <= years[1]]
    scores: list[tuple[dict[str, float], float]] = []
    for point in grid:
        params = {**(base_params or SHIPPED.model_kwargs()), **point}
        model = VoteModel(**params)  # type: ignore[arg-type]
        fc = rolling_forecasts(early, years[0], years[1], model, features=False, mixture=False)
        scores.append((params, tuning_score(fc)))
    best = min(scores, key=lambda s: s[1])[0] if scores else dict(base_params or {})
    return best, scores


def _with_decisions(
    forecasts: Sequence[DraftForecast], start_year: int, end_year: int
) -> list[DraftForecast]:
    """The forecasts of ``start_year..end_year`` with vote calls and veto alerts from the
    rules tuned, for each year, on the forecasts of earlier years."""
    rules = rolling_rules(forecasts, range(start_year, end_year + 1))
    out = []
    for f in forecasts:
        if f.record.date.year < start_year:
            continue
        rule, threshold = rules[f.record.date.year]
        calls = rule.call(f.members, f.model.member_probs)
        out.append(replace(f, calls=calls, veto_alert=f.model.p_vetoed >= threshold))
    return out


def run_backtest(
    records: Iterable[DraftRecord],
    start_year: int = 2000,
    end_year: int = 2025,
    *,
    params: Mapping[str, float] | None = None,
    tune_grid: Sequence[Mapping[str, float]] | None = None,
    tune_years: tuple[int, int] | None = None,
    out_dir: Path | str | None = None,
    composition: Composition | None = None,
    stack: bool = True,
) -> BacktestReport:
    """Rolling-origin backtest over every draft put to the vote in ``start_year..end_year``.

    By default it scores the shipped configuration (:data:`~vetowatch.forecast.config.
    SHIPPED`; ``params`` overrides its member-model values). With ``tune_grid`` (e.g.
    :data:`DEFAULT_GRID`, ``vetowatch backtest --tune``) each grid point overrides them and
    the best point on ``tune_years`` (default: the six years before ``start_year``) is
    used — how the shipped values were chosen. With ``stack`` (the default) each year's
    forecasts are tilted by an outcome stacker fitted on the forecasts of earlier years
    (from :data:`~vetowatch.forecast.stacker.STACK_FROM`); ``stack=False`` scores the member
    model alone. With ``out_dir``, a calibration plot ``calibration.png`` is written there.
    """
    if end_year < start_year:
        raise InvalidInputError(
            f"the backtest runs from {start_year} to {end_year}: the first year must not be "
            "after the last (e.g. --from 2000 --to 2025)"
        )
    t0 = time.perf_counter()
    records = list(records)
    chosen: dict[str, float] = {**SHIPPED.model_kwargs(), **(params or {})}
    scores: list[tuple[dict[str, float], float]] = []
    years = tune_years or (start_year - 6, start_year - 1)
    if tune_grid:
        if years[1] >= start_year:
            raise InvalidInputError("tuning years must end before start_year")
        chosen, scores = tune(records, years, tune_grid, chosen)
    model = VoteModel(**chosen)  # type: ignore[arg-type]
    first = min(start_year, STACK_FROM) if stack else start_year
    forecasts = rolling_forecasts(
        records,
        first,
        end_year,
        model,
        observer=BaselineObserver(),
        observe_from=start_year,
        composition=composition,
    )
    if stack:
        forecasts, _ = with_stacking(forecasts, range(first + 1, end_year + 1))
    forecasts = _with_decisions(forecasts, start_year, end_year)
    report = build_report(
        forecasts,
        baseline_names=BASELINES,
        params=model.get_params(),
        tuning=scores,
        years=(start_year, end_year),
        elapsed_s=time.perf_counter() - t0,
    )
    if out_dir is not None:
        report.write_plot(Path(out_dir) / "calibration.png")
    return report


def backtest_store(
    store: Store, start_year: int = 2000, end_year: int = 2025, out_dir: Path | None = None,
    *, tune: bool = False,
) -> BacktestReport:
    """Rolling-origin backtest on the imported record (see :func:`run_backtest`); with
    ``tune``, the grid search of :data:`DEFAULT_GRID` first."""
    return run_backtest(load_records(store), start_year, end_year, out_dir=out_dir,
                        tune_grid=DEFAULT_GRID if tune else None)
