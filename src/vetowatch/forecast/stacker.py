"""An outcome-level stacker: a small logistic layer that corrects the member model's outcome.

The member model (:class:`~vetowatch.forecast.model.VoteModel`) gives P(adopted, vetoed,
failed) exactly from its mixture of member votes. The stacker learns, on forecasts of
*earlier* drafts only, a likelihood ratio on the three outcomes::

    log P(o | draft) = log p_model(o) + b_o + W_o · x(draft) − log Z,   (b, W)_adopted = 0

a multinomial logistic regression with the member model's log-probabilities as offset, L2
penalty (so that with little evidence it stays the member model) and time-decayed sample
weights. ``x`` are features known before the vote (:class:`OutcomeContexts`): the member
model's own log-odds, the decayed veto and fail rates of the draft's agenda, topic, topic ×
submitter bloc, submitter bloc, kind, same-day rivals and title words, the topic's recent
rates, the bloc, and the bloc × the topic's veto history (a Western text on a topic where
Russia or China vetoed before; a non-Western text where the US did).

The ratio ``exp(b + W·x)`` tilts the member model's joint distribution of votes
(:meth:`~vetowatch.forecast.outcome.OutcomeDistribution.tilted`), so member probabilities,
P(vetoed by X), the Yes tally and the draft-type weights stay coherent with the stacked
outcome. Fitting is deterministic (L-BFGS from zero).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from numpy.typing import NDArray

from vetowatch.council.record import DraftRecord
from vetowatch.forecast.counts import DecayedCounts, year_fraction
from vetowatch.forecast.draft_types import EAST, WEST
from vetowatch.forecast.outcome import OutcomeDistribution
from vetowatch.forecast.spec import DraftSpec, seat

__all__ = [
    "BLOCS",
    "BLOC_FEATURES",
    "FEATURES",
    "MIX_GRID",
    "OUTCOMES",
    "STACK_GRID",
    "OutcomeContexts",
    "OutcomeStacker",
    "RollingStack",
    "final_stacker",
    "mixed_log_ratio",
    "rolling_stack",
    "submitter_bloc",
    "with_model_probs",
]

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]

OUTCOMES: tuple[str, ...] = ("adopted", "vetoed", "failed")
_OUTCOME_INDEX = {o: i for i, o in enumerate(OUTCOMES)}
BLOCS: tuple[str, ...] = ("west", "east", "both", "other")
_Z_CLIP = 6.0  # standardised features are clipped (a context never seen in training)
_LR_CLIP = 12.0  # and so is the log likelihood ratio
_RATE_CONTEXTS: tuple[str, ...] = (
    "agenda",
    "topic",
    "topic_bloc",
    "bloc",
    "kind",
    "rivals",
    "recent",
    "text",
)
FEATURES: tuple[str, ...] = (
    "model_vetoed",
    "model_failed",
    *(f"{c}_{o}" for c in _RATE_CONTEXTS for o in ("vetoed", "failed")),
    "bloc_west",
    "bloc_east",
    "bloc_both",
    "west_x_east_vetoes",
    "other_x_us_vetoes",
    "east_x_topic_failed",
    "has_rivals",
)
"""Names of the stacker's features, in order."""
BLOC_FEATURES: tuple[str, ...] = tuple(
    f"{c}_{o}" for c in ("bloc_kind", "recent_bloc") for o in ("vetoed", "failed")
)
"""Appended to :data:`FEATURES` with ``OutcomeContexts(bloc_features=True)``: the outcome
rates of the submitter bloc × kind across topics, and the bloc's recent rates (off in the
shipped configuration: ``ModelParams.stack_bloc``)."""
STACK_GRID: tuple[float, ...] = (10.0, 30.0, 100.0, 300.0)
"""Candidate L2 penalties; each year uses the one with the best log loss on earlier years."""
STACK_HALF_LIFE = 10.0
"""Half-life (years) of the stacker's sample weights."""
STACK_FROM = 1990
"""The stacker learns from forecasts of drafts from this year on (after the Cold War)."""
MIX_GRID: tuple[float, ...] = (0.0, 0.01, 0.02, 0.05, 0.1)
"""Candidate weights of the floor: the stacked outcome is mixed with the recent base rate,
``(1 − λ)·p + λ·base``; each year uses the weight (with the penalty) whose out-of-sample log
loss on earlier years is least. Fixed a priori (never looked up on the test years)."""
_MIX_LR_CLIP = 30.0  # the floor's log ratio may exceed the stacker's clip (a 1e-9 outcome)


def submitter_bloc(submitters: Sequence[str]) -> str:
    """``west`` (France, the UK or the US among the submitters, not Russia or China),
    ``east`` (Russia or China, not the Western three), ``both`` or ``other``."""
    seats = {seat(s) for s in submitters}
    west, east = bool(seats & WEST), bool(seats & EAST)
    return "both" if west and east else "west" if west else "east" if east else "other"


def _log_odds(counts: Array, prior: Array, alpha: float) -> Array:
    """log(P(vetoed)/P(adopted)), log(P(failed)/P(adopted)) of shrunk rates."""
    p = (counts + alpha * prior) / (counts.sum(axis=-1, keepdims=True) + alpha)
    lp = np.log(p)
    out: Array = lp[..., 1:] - lp[..., :1]
    return out


class OutcomeContexts:
    """Time-decayed outcome counts by context, and vetoes by seat and topic, fed record by
    record (any order); :meth:`features` reads them as of a draft's date."""

    def __init__(
        self, half_life: float, half_life_recent: float, alpha: float = 2.0,
        bloc_features: bool = False,
    ) -> None:
        self.alpha = alpha
        self.bloc_features = bloc_features
        self.counts = DecayedCounts((3,), half_life)
        self.recent = DecayedCounts((3,), half_life_recent)
        self.vetoes = DecayedCounts((2,), half_life)  # (east, US) vetoes per topic

    @staticmethod
    def _keys(spec: DraftSpec) -> dict[str, tuple[str, ...]]:
        bloc = submitter_bloc(spec.submitters)
        return {
            "all": ("all",),
            "agenda": ("agenda", spec.agenda_key),
            "topic": ("topic", spec.topic_key),
            "topic_bloc": ("topic_bloc", spec.topic_key, bloc),
            "bloc": ("bloc", bloc),
            "kind": ("kind", spec.resolved_kind()),
            "bloc_kind": ("bloc_kind", bloc, spec.resolved_kind()),
            "rivals": ("rivals", str(min(spec.rivals, 2))),
        }

    def add(self, record: DraftRecord, spec: DraftSpec) -> None:
        """Count one past record (``spec`` is its pre-vote part)."""
        if record.outcome not in _OUTCOME_INDEX:
            return
        o = _OUTCOME_INDEX[record.outcome]
        t = year_fraction(record.date)
        wgt = self.counts.weight(t)
        for key in self._keys(spec).values():
            self.counts.add(key, o, wgt)
        for tok in spec.tokens:
            self.counts.add(("tok", tok), o, wgt)
        wgt_r = self.recent.weight(t)
        for key in (("all",), ("topic", spec.topic_key), ("bloc", submitter_bloc(spec.submitters))):
            self.recent.add(key, o, wgt_r)
        vetoers = {seat(m) for m in record.vetoed_by}
        wgt_v = self.vetoes.weight(t)
        if vetoers & EAST:
            self.vetoes.add(spec.topic_key, 0, wgt_v)
        if "USA" in vetoers:
            self.vetoes.add(spec.topic_key, 1, wgt_v)

    def base_rate(self, on: date) -> Array:
        """P(adopted, vetoed, failed) of the recent record: the outcome rates under the short
        half-life, shrunk (strength ``alpha``) to the long-memory rates — the floor the
        stacked outcome is mixed with (:data:`MIX_GRID`)."""
        t, a = year_fraction(on), self.alpha
        long = self.counts.get(("all",), t)
        p_all = (long + 1.0) / (long.sum() + 3.0)
        recent = self.recent.get(("all",), t)
        out: Array = (recent + a * p_all) / (recent.sum() + a)
        return out

    def features(self, spec: DraftSpec, model_probs: Array) -> Array:
        """The feature vector (:data:`FEATURES`) of a draft, given the member model's
        P(adopted, vetoed, failed)."""
        t, a = year_fraction(spec.date), self.alpha
        keys = self._keys(spec)
        get = {name: self.counts.get(key, t) for name, key in keys.items()}
        p_all = (get["all"] + 1.0) / (get["all"].sum() + 3.0)
        base = _log_odds(get["all"], p_all, 1.0)
        p = np.clip(model_probs, 1e-6, 1.0)
        rows = [np.log(p[1:] / p[0])]
        for name in ("agenda", "topic", "topic_bloc", "bloc", "kind", "rivals"):
            rows.append(_log_odds(get[name], p_all, a) - base)
        r_all = self.recent.get(("all",), t)
        r_prior = (r_all + a * p_all) / (r_all.sum() + a)
        rows.append(_log_odds(self.recent.get(("topic", spec.topic_key), t), r_prior, a) - base)
        tokens = sorted(spec.tokens)
        if tokens:
            scale = self.counts.scale(t)
            tok = np.array([self.counts.raw(("tok", k)) for k in tokens]) * scale
            rows.append((_log_odds(tok, p_all[None], a) - base).mean(axis=0))
        else:
            rows.append(np.zeros(2))
        bloc = submitter_bloc(spec.submitters)
        vetoes = np.log1p(self.vetoes.get(spec.topic_key, t))
        topic_failed = np.log1p(get["topic"][2])
        extra = [
            bloc == "west",
            bloc == "east",
            bloc == "both",
            (bloc == "west") * vetoes[0],
            (bloc != "west") * vetoes[1],
            (bloc == "east") * topic_failed,
            spec.rivals > 0,
        ]
        out = [*rows, np.array(extra, dtype=float)]
        if self.bloc_features:
            out.append(_log_odds(get["bloc_kind"], p_all, a) - base)
            recent = self.recent.get(("bloc", bloc), t)
            out.append(_log_odds(recent, r_prior, a) - base)
        return np.concatenate(out)


def with_model_probs(x: Array, model_probs: Array) -> Array:
    """Feature rows ``x`` with the member model's log-odds replaced by those of
    ``model_probs`` (P(adopted, vetoed, failed)); the other features do not depend on them."""
    p = np.clip(model_probs, 1e-6, 1.0)
    out = x.copy()
    out[..., :2] = np.log(p[..., 1:] / p[..., :1])
    return out


@dataclass(frozen=True)
class StackerFit:
    """A fitted stacker's coefficients (features standardised with ``mean``/``std``)."""

    mean: Array  # (d,)
    std: Array  # (d,)
    coef: Array  # (2, d + 1): intercept then weights, for vetoed and failed vs adopted


class OutcomeStacker:
    """Multinomial logistic layer over :class:`OutcomeContexts` features with the member
    model's log-probabilities as offset (see the module docstring).

    ``l2`` is the ridge penalty on the standardised weights (intercepts get ``l2 / 10``);
    ``half_life`` (years) down-weights old training drafts relative to the fit date.
    """

    def __init__(self, l2: float = 10.0, half_life: float = 15.0, mix: float = 0.0) -> None:
        self.l2 = l2
        self.half_life = half_life
        self.mix = mix  # weight of the recent base rate in the output (the floor)

    def fit(
        self, x: Array, model_probs: Array, y: IntArray, years: Array, now: float
    ) -> OutcomeStacker:
        """Fit on rows ``x`` (n, d) with the member model's probabilities (n, 3), outcomes
        ``y`` (0 adopted, 1 vetoed, 2 failed) and the rows' dates ``years`` (as of ``now``)."""
        wgt = np.power(0.5, (now - years) / self.half_life)
        wgt = wgt / wgt.mean() if len(wgt) else wgt
        mean = (x * wgt[:, None]).sum(axis=0) / max(wgt.sum(), 1e-12)
        std = np.sqrt((((x - mean) ** 2) * wgt[:, None]).sum(axis=0) / max(wgt.sum(), 1e-12))
        std = np.where(std > 1e-9, std, 1.0)
        z = np.hstack([np.ones((len(x), 1)), np.clip((x - mean) / std, -_Z_CLIP, _Z_CLIP)])
        offset = np.log(np.clip(model_probs, 1e-6, 1.0))
        penalty = np.full(z.shape[1], self.l2)
        penalty[0] = self.l2 / 10.0
        coef = _newton(z, offset, np.eye(3)[y][:, 1:], wgt, penalty)
        self.fit_ = StackerFit(mean, std, coef)
        return self

    def log_ratio(self, x: Array) -> Array:
        """(…, 3) log likelihood ratios on (adopted, vetoed, failed); adopted's is 0."""
        f = self.fit_
        z = np.clip((x - f.mean) / f.std, -_Z_CLIP, _Z_CLIP)
        out = np.zeros((*z.shape[:-1], 3))
        out[..., 1:] = np.clip(f.coef[:, 0] + z @ f.coef[:, 1:].T, -_LR_CLIP, _LR_CLIP)
        return out

    def outcome_log_ratio(self, x: Array, model_probs: Array, base: Array) -> Array:
        """(3,) log likelihood ratio from the member model's P(adopted, vetoed, failed) to
        the stacked outcome mixed with ``base`` (the recent base rate) at weight ``mix``."""
        return mixed_log_ratio(model_probs, self.log_ratio(x), base, self.mix)

    def tilt(self, dist: OutcomeDistribution, x: Array) -> OutcomeDistribution:
        """``dist`` tilted by this stacker's likelihood ratio for features ``x``."""
        return dist.tilted(np.exp(self.log_ratio(x)))


def mixed_log_ratio(probs: Array, log_ratio: Array, base: Array, mix: float) -> Array:
    """log of ((1 − mix)·q + mix·base) / probs, where q is ``probs`` tilted by
    ``log_ratio`` (rows of three outcomes). An outcome the member model rules out (procedural
    drafts cannot be vetoed) keeps ratio 1: a tilt cannot give it mass."""
    if mix == 0.0:
        return log_ratio
    p = np.asarray(probs, dtype=float)
    logq = np.log(np.clip(p, 1e-300, 1.0)) + log_ratio
    logq -= logq.max(axis=-1, keepdims=True)
    q = np.exp(logq)
    q /= q.sum(axis=-1, keepdims=True)
    target = (1.0 - mix) * q + mix * np.asarray(base, dtype=float)
    with np.errstate(divide="ignore"):
        out = np.log(target) - np.log(p)
    out = np.where(p > 0, out, 0.0)
    out -= out[..., :1]
    return np.asarray(np.clip(out, -_MIX_LR_CLIP, _MIX_LR_CLIP), dtype=float)


def _penalised_nll(
    coef: Array, z: Array, offset: Array, y: Array, wgt: Array, penalty: Array
) -> tuple[float, Array]:
    logits = offset.copy()
    logits[:, 1:] += z @ coef.T
    logits -= logits.max(axis=1, keepdims=True)
    lse = np.log(np.exp(logits).sum(axis=1))
    prob = np.exp(logits - lse[:, None])
    picked = (logits[:, 1:] * y).sum(axis=1) + logits[:, 0] * (1.0 - y.sum(axis=1))
    nll = float((wgt * (lse - picked)).sum())
    return nll + 0.5 * float((coef**2 * penalty).sum()), prob[:, 1:]


def _newton(
    z: Array, offset: Array, y: Array, wgt: Array, penalty: Array, max_iter: int = 30
) -> Array:
    """Penalised maximum likelihood of the two non-reference classes by damped Newton steps
    (deterministic; converges in a handful of iterations)."""
    d = z.shape[1]
    coef = np.zeros((2, d))
    loss, prob = _penalised_nll(coef, z, offset, y, wgt, penalty)
    for _ in range(max_iter):
        grad = ((prob - y) * wgt[:, None]).T @ z + coef * penalty
        hess = np.zeros((2 * d, 2 * d))
        for a in range(2):
            for b in range(2):
                c = wgt * prob[:, a] * ((a == b) - prob[:, b])
                hess[a * d : (a + 1) * d, b * d : (b + 1) * d] = (z * c[:, None]).T @ z
        hess += np.diag(np.concatenate([penalty, penalty]))
        step = np.linalg.solve(hess, grad.ravel()).reshape(2, d)
        size = 1.0
        while size > 1e-4:
            new = coef - size * step
            new_loss, new_prob = _penalised_nll(new, z, offset, y, wgt, penalty)
            if new_loss <= loss + 1e-12:
                break
            size /= 2.0
        else:
            break
        done = loss - new_loss < 1e-9 * max(1.0, abs(loss))
        coef, loss, prob = new, new_loss, new_prob
        if done:
            break
    return coef


@dataclass(frozen=True)
class RollingStack:
    """Out-of-sample stacker output for a set of forecasts: the log likelihood ratio of
    each row (zeros where no stacker was fitted), the penalty chosen for each year and the
    floor's weight (:data:`MIX_GRID`) chosen for each year."""

    log_ratio: Array  # (n, 3)
    l2: dict[int, float]
    mix: dict[int, float] = field(default_factory=dict)


def _log_loss(probs: Array, log_ratio: Array, y: IntArray) -> Array:
    """Per-row log loss of the member model's probabilities tilted by ``log_ratio``."""
    logp = np.log(np.clip(probs, 1e-12, 1.0)) + log_ratio
    logp -= logp.max(axis=1, keepdims=True)
    logp -= np.log(np.exp(logp).sum(axis=1, keepdims=True))
    out: Array = -np.maximum(logp[np.arange(len(y)), y], np.log(1e-6))
    return out


Choice = tuple[float, float]  # (penalty, floor weight)


def _choose(losses: dict[Choice, Array], mask: NDArray[np.bool_]) -> Choice:
    """The penalty with the least summed loss on ``mask`` without a floor (ties: the larger
    penalty), then the floor weight with the least loss at that penalty (ties: the smaller):
    the floor never changes which stacker is used."""
    l2s = sorted({c[0] for c in losses}, reverse=True)
    mixes = sorted({c[1] for c in losses})
    if not mask.any():
        return (l2s[0], mixes[0])
    l2 = min(l2s, key=lambda v: float(losses[(v, mixes[0])][mask].sum()))
    return (l2, min(mixes, key=lambda m: float(losses[(l2, m)][mask].sum())))


def _losses(
    per_l2: dict[float, Array], probs: Array, y: IntArray, base: Array | None,
    mix_grid: Sequence[float],
) -> dict[Choice, Array]:
    """Per-row log loss of every (penalty, floor) pair."""
    grid = mix_grid if base is not None else (0.0,)
    out: dict[Choice, Array] = {}
    for l2, lr in per_l2.items():
        for mix in grid:
            ratio = lr if base is None else mixed_log_ratio(probs, lr, base, mix)
            out[(l2, mix)] = _log_loss(probs, ratio, y)
    return out


def _per_penalty(
    x: Array,
    probs: Array,
    y: IntArray,
    when: Array,
    years: Sequence[int],
    grid: Sequence[float],
    half_life: float,
    train_from: int,
) -> tuple[dict[float, Array], NDArray[np.bool_]]:
    """Out-of-sample log ratios of every row of ``years`` for each penalty in ``grid``
    (each year's stacker fitted on earlier rows only), and which rows got one."""
    year = np.floor(when).astype(np.int64)
    per_l2 = {l2: np.zeros((len(y), 3)) for l2 in grid}
    fitted = np.zeros(len(y), dtype=bool)
    for yr in sorted(years):
        train, test = (year < yr) & (year >= train_from), year == yr
        if not train.any() or not test.any():
            continue
        for l2 in grid:
            st = OutcomeStacker(l2, half_life).fit(
                x[train], probs[train], y[train], when[train], float(yr)
            )
            per_l2[l2][test] = st.log_ratio(x[test])
        fitted |= test
    return per_l2, fitted


def rolling_stack(
    x: Array,
    probs: Array,
    y: IntArray,
    when: Array,
    years: Sequence[int],
    grid: Sequence[float] = STACK_GRID,
    half_life: float = STACK_HALF_LIFE,
    train_from: int = STACK_FROM,
    base: Array | None = None,
    mix_grid: Sequence[float] = MIX_GRID,
) -> RollingStack:
    """For each of ``years``, fit a stacker per penalty in ``grid`` on the rows dated before
    that year (from ``train_from``) and apply it to the year's rows; the year's penalty and
    floor weight (with ``base``, the rows' recent base rates) are the pair whose own
    out-of-sample log loss on all earlier fitted years is least."""
    per_l2, fitted = _per_penalty(x, probs, y, when, years, grid, half_life, train_from)
    losses = _losses(per_l2, probs, y, base, mix_grid)
    year = np.floor(when).astype(np.int64)
    out = np.zeros((len(y), 3))
    chosen: dict[int, float] = {}
    mixes: dict[int, float] = {}
    for yr in sorted(years):
        test = (year == yr) & fitted
        l2, mix = _choose(losses, fitted & (year < yr))
        chosen[yr], mixes[yr] = l2, mix
        lr = per_l2[l2][test]
        out[test] = lr if base is None else mixed_log_ratio(probs[test], lr, base[test], mix)
    return RollingStack(out, chosen, mixes)


def final_stacker(
    x: Array,
    probs: Array,
    y: IntArray,
    when: Array,
    now: float,
    grid: Sequence[float] = STACK_GRID,
    half_life: float = STACK_HALF_LIFE,
    train_from: int = STACK_FROM,
    base: Array | None = None,
    mix_grid: Sequence[float] = MIX_GRID,
) -> OutcomeStacker | None:
    """The stacker for forecasting after ``now``: the penalty (and, with ``base``, the
    floor's weight) with the least out-of-sample log loss over the rolling yearly refits,
    fitted on every row from ``train_from``."""
    year = np.floor(when).astype(np.int64)
    keep = year >= train_from
    if keep.sum() < 20:
        return None
    yrs = sorted(set(year[keep].tolist()))
    per_l2, fitted = _per_penalty(x, probs, y, when, yrs, grid, half_life, train_from)
    l2, mix = _choose(_losses(per_l2, probs, y, base, mix_grid), fitted)
    return OutcomeStacker(l2, half_life, mix).fit(
        x[keep], probs[keep], y[keep], when[keep], now
    )
