"""Fitting the per-member layer (:mod:`~vetowatch.forecast.memberlayer`) on earlier years only.

Each year ``Y`` and each role (a permanent seat, or the elected members pooled) gets a layer
fitted on the backtest forecasts of the years before ``Y`` — one per L2 penalty in
:data:`MEMBER_GRID` — and applied to the forecasts of ``Y``. Which penalty a role uses in
``Y``, or whether it uses none (``inf``: no correction), is decided on the out-of-sample
results of the *earlier* years with the criterion the member model's hyper-parameters are
tuned on (:func:`~vetowatch.forecast.backtest.tuning_score`): the outcome log loss of the
drafts plus the role's member-vote log loss divided by the Council's size. A correction
is used only when it beats none by :data:`MEMBER_EVIDENCE` nats (a prequential Bayes
factor of about 20): a layer that moves member log loss a little can still move P(vetoed)
the wrong way, and the outcome term catches that.

To keep the yearly refits fast, votes of Yes — the bulk of the rows — are thinned to one
in :data:`THIN` (deterministically, in date order) and the kept ones weighted by ``THIN``:
an unbiased weighted likelihood.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from vetowatch.errors import InvalidInputError
from vetowatch.forecast.baselines import OUTCOME_INDEX
from vetowatch.forecast.counts import year_fraction
from vetowatch.forecast.memberlayer import (
    MEMBER_FEATURES,
    ROLES,
    MemberCorrection,
    MemberLayer,
    MemberRows,
    role_index,
    tilt,
)
from vetowatch.forecast.outcome import VOTE_INDEX, outcome_distribution, outcome_probs
from vetowatch.forecast.spec import PERMANENT
from vetowatch.forecast.stacker import with_model_probs

if TYPE_CHECKING:
    from vetowatch.forecast.backtest import DraftForecast

__all__ = [
    "MEMBER_EVIDENCE",
    "MEMBER_FROM",
    "MEMBER_GRID",
    "MEMBER_OFF",
    "LayerData",
    "RollingMember",
    "layer_data",
    "member_loss",
    "outcome_loss",
    "rolling_member_layer",
    "with_member_layer",
]

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

MEMBER_OFF = float("inf")
"""A penalty of ``inf`` in a grid means "no correction" (all ratios 1)."""
MEMBER_GRID: tuple[float, ...] = (30.0, 300.0, MEMBER_OFF)
"""Candidate L2 penalties of the layer, and no correction."""
MEMBER_EVIDENCE = 3.0
"""Nats by which a correction must beat none on earlier years before it is used."""
MEMBER_FROM = 1990
"""The layer learns from forecasts of drafts from this year on (roll calls are recorded)."""
MIN_ROWS = 200
"""A role's layer needs at least this many earlier votes."""
THIN = 4
"""One Yes vote in ``THIN`` is kept for fitting (weighted by ``THIN``)."""
COUNCIL = 15.0


@dataclass(frozen=True)
class LayerData:
    """The layer's rows (one per member of each forecast, in forecast order) and, per
    forecast ("draft"), its outcome (0 adopted, 1 vetoed, 2 failed) and year. ``draft`` and
    ``slot`` place each row in its draft's Council; ``veto`` marks a member whose No is a
    veto (a permanent member on a non-procedural question)."""

    rows: MemberRows
    draft: IntArray
    slot: IntArray
    veto: BoolArray
    outcome: IntArray
    draft_year: IntArray

    @property
    def year(self) -> IntArray:
        """The year of each row."""
        out: IntArray = np.floor(self.rows.when).astype(np.int64)
        return out


def thinned(rows: MemberRows) -> tuple[BoolArray, MemberRows]:
    """Rows to fit on: votes other than Yes all, every ``THIN``-th Yes (weight ``THIN``)."""
    yes = rows.y == 0
    keep_yes = yes & (np.cumsum(yes) % THIN == 0)
    keep = (rows.y > 0) | keep_yes
    sample = np.where(keep_yes, float(THIN), 1.0)
    out = MemberRows(rows.x, rows.probs, rows.weights, rows.y, rows.role, rows.when, sample)
    return keep, out


def member_loss(rows: MemberRows, log_lr: Array) -> Array:
    """Per-row log loss of the corrected mixture (rows without a recorded vote: 0)."""
    pi = tilt(rows.probs, log_lr)
    y = np.maximum(rows.y, 0)
    p = (rows.weights * pi[np.arange(len(y)), :, y]).sum(axis=1)
    out: Array = np.where(rows.y >= 0, -np.log(np.clip(p, 1e-6, 1.0)), 0.0)
    return out


def outcome_loss(data: LayerData, log_lr: Array) -> Array:
    """Per-draft outcome log loss of the member model with the ratios ``exp(log_lr)``
    applied inside every draft type (exact, as :func:`outcome_distribution`)."""
    rows, n_drafts = data.rows, len(data.outcome)
    k = rows.probs.shape[1]
    slots = int(data.slot.max()) + 1 if len(data.slot) else 1
    probs = np.zeros((n_drafts, k, slots, 4))
    probs[..., 3] = 1.0  # empty seats: "not voting", no Yes and no veto
    probs[data.draft, :, data.slot] = tilt(rows.probs, log_lr)
    weights = np.zeros((n_drafts, k))
    weights[data.draft] = rows.weights
    weights[weights.sum(axis=1) == 0, 0] = 1.0
    veto = np.zeros((n_drafts, slots), dtype=bool)
    veto[data.draft, data.slot] = data.veto
    p = outcome_probs(probs, weights, veto)
    out: Array = -np.log(np.clip(p[np.arange(n_drafts), data.outcome], 1e-6, 1.0))
    return out


def _per_penalty(
    data: LayerData, years: Sequence[int], grid: Sequence[float], train_from: int
) -> tuple[dict[float, Array], dict[int, set[int]]]:
    """Out-of-sample log ratios of every row of ``years`` for each finite penalty (each
    year's layer fitted on earlier rows), and the years each role had a layer for."""
    year = data.year
    keep, rows = thinned(data.rows)
    per_l2 = {l2: np.zeros((len(rows.y), 4)) for l2 in grid}
    fitted: dict[int, set[int]] = {r: set() for r in range(len(ROLES))}
    for r in range(len(ROLES)):
        mine = (rows.role == r) & (year >= train_from) & (rows.y >= 0)
        for yr in sorted(years):
            train, test = mine & (year < yr), (rows.role == r) & (year == yr)
            if int(train.sum()) >= MIN_ROWS and test.any():
                fitted[r].add(yr)
        for l2 in (g for g in grid if g != MEMBER_OFF):
            start: Array | None = None
            for yr in sorted(fitted[r]):
                train, test = mine & keep & (year < yr), (rows.role == r) & (year == yr)
                layer = MemberLayer(l2).fit(rows.subset(train), float(yr), start)
                start = layer.coef
                per_l2[l2][test] = layer.log_lr(rows.x[test])
    return per_l2, fitted


def _scores(data: LayerData, per_l2: Mapping[float, Array]) -> dict[tuple[int, float], Array]:
    """Per-draft criterion of each (role, penalty): the outcome log loss with only that
    role corrected, plus the role's member log loss over the Council's size."""
    n_drafts = len(data.outcome)
    out: dict[tuple[int, float], Array] = {}
    for l2, lr in per_l2.items():
        for r in range(len(ROLES)):
            mine = data.rows.role == r
            only = np.where(mine[:, None], lr, 0.0)
            member = np.bincount(
                data.draft, member_loss(data.rows, only) * mine, minlength=n_drafts
            )
            out[(r, l2)] = outcome_loss(data, only) + member / COUNCIL
    return out


def _choose(
    scores: Mapping[tuple[int, float], Array],
    r: int,
    grid: Sequence[float],
    mask: BoolArray,
    margin: float,
) -> float:
    """The penalty of role ``r`` with the least criterion on the drafts in ``mask`` (ties:
    the larger); no correction unless the best beats it by ``margin`` nats."""
    if not mask.any():
        return MEMBER_OFF
    total = {l2: float(scores[(r, l2)][mask].sum()) for l2 in grid}
    best = min(sorted(total, reverse=True), key=lambda l2: total[l2])
    if MEMBER_OFF in total and total[MEMBER_OFF] - total[best] < margin:
        return MEMBER_OFF
    return best


@dataclass(frozen=True)
class RollingMember:
    """Out-of-sample log ratios (n, 4) of every row, the penalty used per (year, role), and
    (when asked for with ``now``) the layer for forecasting after the data."""

    log_lr: Array
    l2: dict[tuple[int, str], float]
    final: MemberCorrection | None = None


def rolling_member_layer(
    data: LayerData,
    years: Sequence[int],
    grid: Sequence[float] = MEMBER_GRID,
    *,
    now: float | None = None,
    train_from: int = MEMBER_FROM,
    margin: float = MEMBER_EVIDENCE,
) -> RollingMember:
    """For each of ``years`` and each role, the layer fitted on the rows of earlier years,
    with the penalty (or no correction) that did best on the earlier years (see the module
    docstring), applied to the year's rows. With ``now``, also the final layer: per role
    the penalty chosen on all the years, fitted on every row from ``train_from``."""
    grid = tuple(grid) if MEMBER_OFF in grid else (*grid, MEMBER_OFF)
    all_years = sorted({*years, *(int(y) for y in data.year if y >= train_from)})
    per_l2, fitted = _per_penalty(data, all_years, grid, train_from)
    per_l2[MEMBER_OFF] = np.zeros((len(data.rows.y), 4))
    scores = _scores(data, per_l2)
    year = data.year
    out = np.zeros((len(data.rows.y), 4))
    chosen: dict[tuple[int, str], float] = {}
    finals: list[float] = []
    for r, role in enumerate(ROLES):
        done = np.isin(data.draft_year, sorted(fitted[r]))
        for yr in sorted(years):
            l2 = _choose(scores, r, grid, done & (data.draft_year < yr), margin)
            chosen[(yr, role)] = l2
            test = (data.rows.role == r) & (year == yr)
            out[test] = per_l2[l2][test]
        finals.append(_choose(scores, r, grid, done, margin))
    final = None if now is None else _final(data, finals, now, train_from)
    return RollingMember(out, chosen, final)


def _final(
    data: LayerData, penalties: Sequence[float], now: float, train_from: int
) -> MemberCorrection | None:
    keep, rows = thinned(data.rows)
    layers: list[MemberLayer | None] = []
    for r, l2 in enumerate(penalties):
        train = keep & (rows.role == r) & (data.year >= train_from) & (rows.y >= 0)
        if l2 == MEMBER_OFF or int(train.sum()) < MIN_ROWS:
            layers.append(None)
        else:
            layers.append(MemberLayer(l2).fit(rows.subset(train), now))
    return MemberCorrection(tuple(layers)) if any(layers) else None


# ---------------------------------------------------------------------- on backtest forecasts


def layer_data(forecasts: Sequence[DraftForecast]) -> LayerData:
    """The layer's rows (one per member of every forecast) and drafts; every forecast must
    carry its mixture and member features (``rolling_forecasts(member_features=True)``)."""
    rows: list[tuple[Array, Array, Array, int, int, float]] = []
    place: list[tuple[int, int, bool]] = []
    outcome, years = [], []
    for j, f in enumerate(forecasts):
        if f.mixture is None or f.member_features is None:
            raise InvalidInputError("forecasts without their mixture and member features")
        w, p = f.mixture
        t = year_fraction(f.record.date)
        for i, m in enumerate(f.members):
            vote = f.record.votes.get(m)
            y = VOTE_INDEX[vote] if vote is not None else -1
            rows.append((f.member_features[i], p[:, i, :], w, y, role_index(m), t))
            place.append((j, i, role_index(m) < len(PERMANENT) and not f.record.procedural))
        outcome.append(OUTCOME_INDEX[f.record.outcome])
        years.append(f.record.date.year)
    k = len(rows[0][2]) if rows else 1
    member_rows = MemberRows(
        np.array([r[0] for r in rows], dtype=float).reshape(-1, len(MEMBER_FEATURES)),
        np.array([r[1] for r in rows], dtype=float).reshape(-1, k, 4),
        np.array([r[2] for r in rows], dtype=float).reshape(-1, k),
        np.array([r[3] for r in rows], dtype=np.int64),
        np.array([r[4] for r in rows], dtype=np.int64),
        np.array([r[5] for r in rows], dtype=float),
        np.ones(len(rows)),
    )
    return LayerData(
        member_rows,
        np.array([q[0] for q in place], dtype=np.int64),
        np.array([q[1] for q in place], dtype=np.int64),
        np.array([q[2] for q in place], dtype=bool),
        np.array(outcome, dtype=np.int64),
        np.array(years, dtype=np.int64),
    )


def corrected(f: DraftForecast, log_lr: Array) -> DraftForecast:
    """``f`` with member ratios ``exp(log_lr)`` (n, 4) applied inside every draft type: its
    outcome recomputed exactly and the stacker's model-probability features refreshed."""
    if f.mixture is None:
        raise InvalidInputError("a forecast without its mixture cannot be corrected")
    w, p = f.mixture
    q = p * np.exp(log_lr)[None]
    q = q / q.sum(axis=2, keepdims=True)
    dist = outcome_distribution(f.members, q, w, procedural=f.record.procedural)
    x = None if f.features is None else with_model_probs(f.features, dist.probs)
    return replace(f, model=dist, features=x, mixture=(w, q))


def with_member_layer(
    forecasts: Sequence[DraftForecast],
    years: Sequence[int],
    grid: Sequence[float] = MEMBER_GRID,
    now: float | None = None,
) -> tuple[list[DraftForecast], RollingMember]:
    """The forecasts of ``years`` corrected by the layers fitted on the forecasts of
    earlier years only (:func:`rolling_member_layer`; with ``now``, also the final layer)."""
    data = layer_data(forecasts)
    roll = rolling_member_layer(data, years, grid, now=now)
    bounds = np.searchsorted(data.draft, np.arange(len(forecasts) + 1))
    out: list[DraftForecast] = []
    for j, f in enumerate(forecasts):
        lr = roll.log_lr[bounds[j] : bounds[j + 1]]
        out.append(corrected(f, lr) if lr.any() else f)
    return out, roll
