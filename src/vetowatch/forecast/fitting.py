"""Fitting the shipped forecaster: the rolling pass and the outcome stacker.

Records are processed in date order, one meeting date at a time: every draft of a date is
forecast from the model as it stands (fed only records of earlier dates), and only then
are that date's records added. Drafts voted on the same day therefore never see each
other. The same pass trains the outcome stacker (:func:`fit_stacked`, what ``vetowatch
forecast`` uses) and feeds the backtest (:mod:`vetowatch.evaluation.backtest`), which adds
its baselines through the :class:`RollingObserver` hook — this module never imports the
evaluation package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import groupby
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from vetowatch.council.record import DraftRecord, VoteCode
from vetowatch.forecast.counts import year_fraction
from vetowatch.forecast.model import VoteModel
from vetowatch.forecast.outcome import OutcomeDistribution, outcome_distribution
from vetowatch.forecast.spec import DraftSpec, count_rivals
from vetowatch.forecast.stacker import (
    OUTCOMES,
    STACK_FROM,
    OutcomeStacker,
    final_stacker,
    rolling_stack,
)

__all__ = [
    "OUTCOME_INDEX",
    "DraftForecast",
    "RollingObserver",
    "fit_stacked",
    "rolling_forecasts",
    "with_stacking",
    "year_stackers",
]

Array = NDArray[np.float64]
Composition = Callable[[DraftRecord], Sequence[str] | None]

OUTCOME_INDEX: dict[str, int] = {o: i for i, o in enumerate(OUTCOMES)}


@dataclass(frozen=True)
class DraftForecast:
    """One out-of-sample forecast: the record (for scoring only) and what was predicted.

    ``baselines``/``repeat_last`` are filled by an observer (the backtest's baselines);
    ``mixture`` is the member model's (type weights, per-type member probabilities)."""

    record: DraftRecord
    members: tuple[str, ...]
    model: OutcomeDistribution
    baselines: dict[str, Array] = field(default_factory=dict)
    repeat_last: OutcomeDistribution | None = None
    calls: tuple[VoteCode, ...] = ()
    veto_alert: bool | None = None
    features: Array | None = field(default=None, repr=False, compare=False)
    mixture: tuple[Array, Array] | None = field(default=None, repr=False, compare=False)
    # the recent base rate (the floor's target) as of the draft's date
    base_rate: Array | None = field(default=None, repr=False, compare=False)
    # the same draft as a CLI user types it (DraftSpec.as_typed): the member model's
    # P(adopted, vetoed, failed) and the stacker's features (``rolling_forecasts(typed=True)``)
    typed_probs: Array | None = field(default=None, repr=False, compare=False)
    typed_features: Array | None = field(default=None, repr=False, compare=False)

    @property
    def model_probs(self) -> Array:
        d = self.model
        return np.array([d.p_adopted, d.p_vetoed, d.p_failed])


class RollingObserver(Protocol):
    """Something fed the same records as the model, in date order (e.g. baselines)."""

    def annotate(self, forecast: DraftForecast, spec: DraftSpec) -> DraftForecast:
        """The forecast with this observer's own predictions added."""
        ...

    def update(self, record: DraftRecord) -> None:
        """See a record (after every forecast of its date)."""
        ...


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


def by_date(records: Iterable[DraftRecord]) -> Iterator[tuple[date, list[DraftRecord]]]:
    """Records grouped by date, in date order (ties by id)."""
    ordered = sorted(records, key=lambda r: (r.date, r.id))
    for day, group in groupby(ordered, key=lambda r: r.date):
        yield day, list(group)


def rolling_forecasts(
    records: Iterable[DraftRecord],
    start_year: int,
    end_year: int,
    model: VoteModel,
    *,
    observer: RollingObserver | None = None,
    observe_from: int | None = None,
    composition: Composition | None = None,
    use_rivals: bool = True,
    features: bool = True,
    mixture: bool = True,
    typed: bool = False,
) -> list[DraftForecast]:
    """Forecast every adopted, vetoed or failed draft of ``start_year..end_year``.

    Each forecast uses only records of strictly earlier dates. ``model`` is refitted from
    scratch (on nothing) and then updated date by date. Forecasts carry the stacker's
    features (:meth:`VoteModel.stack_features`, unless ``features=False``), the mixture
    (unless ``mixture=False``), with ``typed=True`` the forecast of the draft as a CLI user
    types it (:meth:`DraftSpec.as_typed`; its member probabilities are the full spec's, only
    the draft-type weights change, so it costs little) and, with an ``observer``, its
    annotations from the year ``observe_from`` (default ``start_year``).
    """
    model.fit([])
    tracker = _CompositionTracker()
    out: list[DraftForecast] = []
    for day, group in by_date(records):
        if day.year > end_year:
            break
        if day.year >= start_year:
            rivals = count_rivals(group) if use_rivals else {}
            watch = observer if day.year >= (observe_from or start_year) else None
            for record in group:
                if record.outcome not in OUTCOME_INDEX:
                    continue
                members = composition(record) if composition else tracker(record)
                if members is None:
                    continue
                spec = DraftSpec.from_record(record, rivals=rivals.get(record.id, 0))
                fc = _forecast_one(record, spec, tuple(members), model, features, mixture)
                if typed and features:
                    fc = _with_typed(fc, spec, model)
                out.append(watch.annotate(fc, spec) if watch is not None else fc)
        model.update(group)
        for record in group:
            tracker.see(record)
            if observer is not None:
                observer.update(record)
    return out


def _forecast_one(
    record: DraftRecord,
    spec: DraftSpec,
    members: tuple[str, ...],
    model: VoteModel,
    features: bool,
    mixture: bool,
) -> DraftForecast:
    weights, probs = model.mixture(spec, members)
    dist = outcome_distribution(members, probs, weights, procedural=spec.procedural)
    x = model.stack_features(spec, dist.probs) if features else None
    mix = (weights, probs) if mixture else None
    base = model.outcomes_.base_rate(spec.date) if features else None
    return DraftForecast(record, members, dist, features=x, mixture=mix, base_rate=base)


def _with_typed(fc: DraftForecast, spec: DraftSpec, model: VoteModel) -> DraftForecast:
    """``fc`` with the forecast of the same draft as a CLI user types it: the member model's
    per-type outcome probabilities do not depend on the kind, title, region or rivals, so
    only the draft-type weights are recomputed."""
    parts = fc.model.parts
    if parts is None:
        return fc
    typed = spec.as_typed()
    probs = model.type_weights(typed, fc.members) @ parts.types
    return replace(fc, typed_probs=probs, typed_features=model.stack_features(typed, probs))


def _stack_arrays(
    forecasts: Sequence[DraftForecast], typed: bool = False
) -> tuple[Array, Array, NDArray[np.int64], Array]:
    """Features, member-model outcome probabilities, outcomes and dates as arrays (of the
    drafts as a CLI user types them with ``typed=True``)."""
    n = len(forecasts)
    if typed:
        x = np.array([f.typed_features for f in forecasts], dtype=float).reshape(n, -1)
        probs = np.array([f.typed_probs for f in forecasts], dtype=float)
    else:
        x = np.array([f.features for f in forecasts], dtype=float).reshape(n, -1)
        probs = np.array([f.model.untilted_probs for f in forecasts])
    y = np.array([OUTCOME_INDEX[f.record.outcome] for f in forecasts], dtype=np.int64)
    when = np.array([year_fraction(f.record.date) for f in forecasts])
    return x, probs.reshape(-1, 3), y, when


def _base_rates(forecasts: Sequence[DraftForecast], floor: bool) -> Array | None:
    """The rows' recent base rates (the floor's target), or ``None`` without a floor."""
    if not floor or any(f.base_rate is None for f in forecasts):
        return None
    return np.array([f.base_rate for f in forecasts], dtype=float).reshape(-1, 3)


def with_stacking(
    forecasts: Sequence[DraftForecast], years: Sequence[int], floor: bool | None = None
) -> tuple[list[DraftForecast], dict[int, float]]:
    """The forecasts with each year's member-model distribution tilted by a stacker fitted
    on the forecasts of earlier years only (:func:`~vetowatch.forecast.stacker.rolling_stack`)
    and mixed with the recent base rate at the weight chosen on those years (``floor``,
    default the shipped configuration's), and the L2 penalty each year used."""
    from vetowatch.forecast.config import SHIPPED

    usable = [f for f in forecasts if f.features is not None and f.model.parts is not None]
    if not usable:
        return list(forecasts), {}
    x, probs, y, when = _stack_arrays(usable)
    base = _base_rates(usable, SHIPPED.floor if floor is None else floor)
    roll = rolling_stack(x, probs, y, when, years, base=base)
    tilted = {
        id(f): replace(f, model=f.model.tilted(np.exp(lr)))
        for f, lr in zip(usable, roll.log_ratio, strict=True)
    }
    return [tilted.get(id(f), f) for f in forecasts], roll.l2


def fit_stacked(
    records: Iterable[DraftRecord],
    params: Mapping[str, float] | None = None,
    before: date | None = None,
    *,
    typed: bool | None = None,
    floor: bool | None = None,
) -> VoteModel:
    """A :class:`VoteModel` fitted on ``records`` (those before ``before``) with an outcome
    stacker trained on its own out-of-sample forecasts of the drafts since
    :data:`~vetowatch.forecast.stacker.STACK_FROM` (one rolling pass, a second or two).

    The stacker learns from the years before ``before``'s year only and its penalty (and
    the floor's weight) is chosen on them, exactly as the backtest's yearly refit does for a
    draft of that year (:func:`with_stacking`), so a forecast for a past date reproduces the
    backtest's. With ``typed`` a second stacker learns, in the same pass, from the forecasts
    of the same drafts cut down to what a CLI user types (:meth:`DraftSpec.as_typed`); the
    model uses it for specs with no kind, title, text or subjects. ``params``, ``typed``
    and ``floor`` default to the shipped configuration
    (:data:`vetowatch.forecast.config.SHIPPED`), the one the backtest scores."""
    from vetowatch.forecast.config import SHIPPED

    typed = SHIPPED.user_stack if typed is None else typed
    floor = SHIPPED.floor if floor is None else floor
    kept = [r for r in records if before is None or r.date < before]
    model = VoteModel(**(dict(params) if params is not None else SHIPPED.model_kwargs()))
    if not kept:
        return model.fit([])
    last = max(r.date for r in kept)
    fc = rolling_forecasts(kept, STACK_FROM, last.year, model, mixture=False, typed=typed)
    year = before.year if before is not None else last.year + 1
    full, user = year_stackers(fc, year, typed=typed, floor=floor)
    return model.set_stacker(full, typed=user)


def year_stackers(
    forecasts: Sequence[DraftForecast], year: int, *, typed: bool, floor: bool
) -> tuple[OutcomeStacker | None, OutcomeStacker | None]:
    """The outcome stackers for forecasts dated in ``year``, trained on the rolling
    ``forecasts`` of earlier years: the full one and (with ``typed``) the one for drafts as
    a CLI user types them; ``None`` with fewer than 20 earlier forecasts."""
    fc = [f for f in forecasts if f.record.date.year < year]
    if len(fc) < 20:
        return None, None
    base = _base_rates(fc, floor)
    x, probs, y, when = _stack_arrays(fc)
    full = final_stacker(x, probs, y, when, float(year), base=base)
    user = None
    if typed and all(f.typed_probs is not None for f in fc):
        x, probs, y, when = _stack_arrays(fc, typed=True)
        user = final_stacker(x, probs, y, when, float(year), base=base)
    return full, user
