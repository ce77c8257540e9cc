"""Rolling-origin backtest of the vote model against simple baselines.

Records are processed in date order, one meeting date at a time: every draft of a date is
forecast from the model as it stands (fed only records of earlier dates), and only then
are that date's records added. Drafts voted on the same day therefore never see each
other. Hyper-parameters come from a small grid scored on the years before ``start_year``
only (see :func:`tune`), never on the test years.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import groupby
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from vetowatch.council.record import DraftRecord, VoteCode
from vetowatch.errors import InvalidInputError
from vetowatch.forecast.baselines import BASELINES, OUTCOME_INDEX, Baselines
from vetowatch.forecast.counts import year_fraction
from vetowatch.forecast.decisions import rolling_rules
from vetowatch.forecast.memberroll import with_member_layer
from vetowatch.forecast.model import VoteModel
from vetowatch.forecast.outcome import OutcomeDistribution, outcome_distribution
from vetowatch.forecast.report import BacktestReport, build_report
from vetowatch.forecast.spec import DraftSpec, count_rivals
from vetowatch.forecast.stacker import STACK_FROM, final_stacker, rolling_stack

__all__ = [
    "DEFAULT_GRID",
    "BacktestReport",
    "DraftForecast",
    "fit_stacked",
    "rolling_forecasts",
    "run_backtest",
    "tune",
]

Array = NDArray[np.float64]
Composition = Callable[[DraftRecord], Sequence[str] | None]

DEFAULT_GRID: tuple[dict[str, float], ...] = tuple(
    {"half_life": h, "alpha_member": a, "alpha_class": a, "temperature": t}
    for h in (10.0, 20.0)
    for a in (4.0, 8.0)
    for t in (0.6, 0.75)
)


@dataclass(frozen=True)
class DraftForecast:
    """One backtest forecast: the record (for scoring only) and what was predicted."""

    record: DraftRecord
    members: tuple[str, ...]
    model: OutcomeDistribution
    baselines: dict[str, Array] = field(default_factory=dict)
    repeat_last: OutcomeDistribution | None = None
    calls: tuple[VoteCode, ...] = ()
    veto_alert: bool | None = None
    features: Array | None = field(default=None, repr=False, compare=False)
    mixture: tuple[Array, Array] | None = field(default=None, repr=False, compare=False)
    member_features: Array | None = field(default=None, repr=False, compare=False)

    @property
    def model_probs(self) -> Array:
        d = self.model
        return np.array([d.p_adopted, d.p_vetoed, d.p_failed])


class _CompositionTracker:
    """The Council of a draft: its voters, topped up from the last complete roll call."""

    def __init__(self) -> None:
        self.last_full: tuple[str, ...] = ()

    def __call__(self, record: DraftRecord) -> tuple[str, ...] | None:
        voters = tuple(record.votes)
        if len(voters) == 15:
            return voters
        extra = [m for m in self.last_full if m not in record.votes]
        members = (voters + tuple(extra))[:15]
        return members if len(members) == 15 else None

    def see(self, record: DraftRecord) -> None:
        if len(record.votes) == 15:
            self.last_full = tuple(record.votes)


def _by_date(records: Iterable[DraftRecord]) -> Iterator[tuple[date, list[DraftRecord]]]:
    ordered = sorted(records, key=lambda r: (r.date, r.id))
    for day, group in groupby(ordered, key=lambda r: r.date):
        yield day, list(group)


def rolling_forecasts(
    records: Iterable[DraftRecord],
    start_year: int,
    end_year: int,
    model: VoteModel,
    *,
    baselines: bool = True,
    composition: Composition | None = None,
    use_rivals: bool = True,
    baselines_from: int | None = None,
    features: bool = True,
    member_features: bool = False,
) -> list[DraftForecast]:
    """Forecast every adopted, vetoed or failed draft of ``start_year..end_year``.

    Each forecast uses only records of strictly earlier dates. ``model`` is refitted from
    scratch (on nothing) and then updated date by date. Forecasts carry the stacker's
    features (:meth:`VoteModel.stack_features`, unless ``features=False``) and, with
    ``baselines`` (from the year ``baselines_from``, default ``start_year``), the baselines'
    forecasts.
    """
    model.fit([])
    base = Baselines() if baselines else None
    tracker = _CompositionTracker()
    out: list[DraftForecast] = []
    for day, group in _by_date(records):
        if day.year > end_year:
            break
        if day.year >= start_year:
            rivals = count_rivals(group) if use_rivals else {}
            for record in group:
                if record.outcome not in OUTCOME_INDEX:
                    continue
                members = composition(record) if composition else tracker(record)
                if members is None:
                    continue
                spec = DraftSpec.from_record(record, rivals=rivals.get(record.id, 0))
                use = base if day.year >= (baselines_from or start_year) else None
                out.append(
                    _forecast_one(
                        record, spec, tuple(members), model, use, features, member_features
                    )
                )
        model.update(group)
        for record in group:
            tracker.see(record)
            if base is not None:
                base.update(record)
    return out


def _forecast_one(
    record: DraftRecord,
    spec: DraftSpec,
    members: tuple[str, ...],
    model: VoteModel,
    base: Baselines | None,
    features: bool = True,
    member_features: bool = False,
) -> DraftForecast:
    weights, probs = model.raw_mixture(spec, members)
    dist = outcome_distribution(members, probs, weights, procedural=spec.procedural)
    x = model.stack_features(spec, dist.probs) if features else None
    mx = model.member_features(spec, members, weights, probs) if member_features else None
    mix = (weights, probs) if member_features else None
    if base is None:
        return DraftForecast(record, members, dist, features=x, mixture=mix, member_features=mx)
    return DraftForecast(
        record,
        members,
        dist,
        base.outcome_probs(spec),
        base.repeat_last(spec, members),
        features=x,
        mixture=mix,
        member_features=mx,
    )


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
        params = {**(base_params or {}), **point}
        model = VoteModel(**params)  # type: ignore[arg-type]
        fc = rolling_forecasts(early, years[0], years[1], model, baselines=False, features=False)
        scores.append((params, tuning_score(fc)))
    best = min(scores, key=lambda s: s[1])[0] if scores else dict(base_params or {})
    return best, scores


def _stack_arrays(
    forecasts: Sequence[DraftForecast],
) -> tuple[Array, Array, NDArray[np.int64], Array]:
    """Features, member-model outcome probabilities, outcomes and dates as arrays."""
    x = np.array([f.features for f in forecasts], dtype=float).reshape(len(forecasts), -1)
    probs = np.array([f.model.untilted_probs for f in forecasts])
    y = np.array([OUTCOME_INDEX[f.record.outcome] for f in forecasts], dtype=np.int64)
    when = np.array([year_fraction(f.record.date) for f in forecasts])
    return x, probs.reshape(-1, 3), y, when


def with_stacking(
    forecasts: Sequence[DraftForecast], years: Sequence[int]
) -> tuple[list[DraftForecast], dict[int, float]]:
    """The forecasts with each year's member-model distribution tilted by a stacker fitted
    on the forecasts of earlier years only (:func:`~vetowatch.forecast.stacker.rolling_stack`),
    and the L2 penalty each year used."""
    usable = [f for f in forecasts if f.features is not None and f.model.parts is not None]
    if not usable:
        return list(forecasts), {}
    x, probs, y, when = _stack_arrays(usable)
    roll = rolling_stack(x, probs, y, when, years)
    tilted = {
        id(f): replace(f, model=f.model.tilted(np.exp(lr)))
        for f, lr in zip(usable, roll.log_ratio, strict=True)
    }
    return [tilted.get(id(f), f) for f in forecasts], roll.l2


def fit_stacked(
    records: Iterable[DraftRecord],
    params: Mapping[str, float] | None = None,
    before: date | None = None,
    member_layer: bool = False,
) -> VoteModel:
    """A :class:`VoteModel` fitted on ``records`` (those before ``before``) with an outcome
    stacker trained on its own out-of-sample forecasts of the drafts since
    :data:`~vetowatch.forecast.stacker.STACK_FROM` (one rolling pass, a second or two).

    With ``member_layer``, the per-member layer (:mod:`~vetowatch.forecast.memberroll`) is
    chosen and fitted on the same pass and attached (:meth:`VoteModel.set_member_layer`),
    and the stacker learns from the forecasts as corrected out of sample by it."""
    kept = [r for r in records if before is None or r.date < before]
    model = VoteModel(**(params or {}))  # type: ignore[arg-type]
    if not kept:
        return model.fit([])
    last = max(r.date for r in kept)
    fc = rolling_forecasts(
        kept, STACK_FROM, last.year, model, baselines=False, member_features=member_layer
    )
    if len(fc) < 20:
        return model
    if member_layer:
        fc, roll = with_member_layer(
            fc, range(STACK_FROM + 1, last.year + 1), now=year_fraction(last)
        )
        model.set_member_layer(roll.final)
    x, probs, y, when = _stack_arrays(fc)
    return model.set_stacker(final_stacker(x, probs, y, when, year_fraction(last)))


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
    tune_grid: Sequence[Mapping[str, float]] | None = DEFAULT_GRID,
    tune_years: tuple[int, int] | None = None,
    out_dir: Path | str | None = None,
    composition: Composition | None = None,
    stack: bool = True,
    member_layer: bool = False,
) -> BacktestReport:
    """Rolling-origin backtest over every draft put to the vote in ``start_year..end_year``.

    ``params`` are fixed hyper-parameters of :class:`VoteModel`; with ``tune_grid`` (the
    default) each grid point overrides them and the best point on ``tune_years`` (default:
    the six years before ``start_year``) is used. ``tune_grid=None`` skips tuning. With
    ``stack`` (the default) each year's forecasts are tilted by an outcome stacker fitted
    on the forecasts of earlier years (from :data:`~vetowatch.forecast.stacker.STACK_FROM`);
    ``stack=False`` scores the member model alone. With ``member_layer``, each year's
    member probabilities are first corrected by the per-member layer fitted on earlier
    years (:func:`~vetowatch.forecast.memberroll.with_member_layer`; not the default: it
    did not help on the tuning years, see ``docs/forecast.md``). With ``out_dir``, a
    calibration plot ``calibration.png`` is written there.
    """
    t0 = time.perf_counter()
    records = list(records)
    chosen: dict[str, float] = dict(params or {})
    scores: list[tuple[dict[str, float], float]] = []
    years = tune_years or (start_year - 6, start_year - 1)
    if tune_grid:
        if years[1] >= start_year:
            raise InvalidInputError("tuning years must end before start_year")
        chosen, scores = tune(records, years, tune_grid, params)
    model = VoteModel(**chosen)  # type: ignore[arg-type]
    first = min(years[0], start_year, STACK_FROM) if stack else min(years[0], start_year)
    forecasts = rolling_forecasts(
        records,
        first,
        end_year,
        model,
        composition=composition,
        baselines_from=start_year,
        member_features=member_layer,
    )
    if member_layer:
        forecasts, _ = with_member_layer(forecasts, range(first + 1, end_year + 1))
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
