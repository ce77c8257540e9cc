"""A per-member learned layer: a logistic correction of each member's P(Y/N/A/X).

The member model (:class:`~vetowatch.forecast.model.VoteModel`) gives, for every draft
type ``k``, each member's distribution ``q_k`` over Yes/No/Abstain/not voting. This layer
learns, for each permanent seat and for the elected members pooled (:data:`ROLES`), a
likelihood ratio on the member's No and Abstain votes from features known before the vote
(:data:`MEMBER_FEATURES`, read by :class:`MemberContexts`)::

    lr_m(v) = exp(b_v + W_v · x_m),   v ∈ {No, Abstain};   lr_m(Yes) = lr_m(X) = 1

and applies it *inside every draft type*, exactly as the news ``adjustments`` are applied
(:func:`~vetowatch.forecast.outcome.apply_adjustments`)::

    P(m votes v | type k) ∝ q_k(v) · lr_m(v)

so the correlations of the mixture survive and the exact outcome distribution (vetoes,
tally, pivots) follows from the corrected probabilities. The coefficients maximise the
likelihood of that mixture (not of a marginal logistic model), with an L2 penalty on
standardised features (intercepts get a tenth of it) and sample weights halving every
``half_life`` years; L-BFGS from zero (or from a given start), so fitting is deterministic.

Rolling use (:func:`rolling_member_layer`): the layer applied to year ``Y`` is fitted on
forecasts of earlier years only, and each role's penalty for ``Y`` is the one in
:data:`MEMBER_GRID` whose own out-of-sample member log loss on the earlier years is least.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from vetowatch.council.record import DraftRecord
from vetowatch.forecast.counts import DecayedCounts, year_fraction
from vetowatch.forecast.outcome import VOTE_INDEX
from vetowatch.forecast.spec import PERMANENT, DraftSpec, seat
from vetowatch.forecast.stacker import submitter_bloc

__all__ = [
    "MEMBER_FEATURES",
    "MEMBER_GRID",
    "ROLES",
    "MemberContexts",
    "MemberLayer",
    "MemberRows",
    "final_member_layer",
    "role_index",
    "rolling_member_layer",
]

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

ROLES: tuple[str, ...] = (*PERMANENT, "E")
"""One layer per permanent seat, and one for the elected members pooled."""
_LEARNT = (1, 2)  # No, Abstain: the vote codes the layer re-weights
_Z_CLIP = 6.0
_LR_CLIP = 6.0
_KIND_FLAGS: tuple[str, ...] = (
    "sanctions",
    "condemnation",
    "humanitarian",
    "ceasefire",
    "mandate-renewal",
)
_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("condemns", ("condemn",)),
    ("sanctions", ("sanction", "embargo")),
    ("chemical", ("chemical",)),
    ("human_rights", ("human rights",)),
    ("humanitarian_access", ("humanitarian access", "humanitarian assistance")),
    ("cross_border", ("cross-border", "cross border")),
)
MEMBER_FEATURES: tuple[str, ...] = (
    "model_no",
    "model_abstain",
    "type_east",
    "type_west",
    "type_both",
    "type_elected",
    "topic_no",
    "topic_abstain",
    "bloc_no",
    "bloc_abstain",
    "topic_vetoes",
    "veto_recency",
    "topic_any_veto_recency",
    "bloc_west",
    "bloc_east",
    "bloc_both",
    "own_text",
    *(f"kind_{k}" for k in _KIND_FLAGS),
    *(f"word_{w}" for w, _ in _WORDS),
    "rivals",
)
"""Names of the per-member features, in order."""
MEMBER_GRID: tuple[float, ...] = (3.0, 30.0, 300.0)
"""Candidate L2 penalties; each year and role uses the best on earlier years."""
MEMBER_HALF_LIFE = 10.0
"""Half-life (years) of the layer's sample weights."""
MEMBER_FROM = 1990
"""The layer learns from forecasts of drafts from this year on (roll calls are recorded)."""
VETO_MEMORY = 3.0
"""Half-life (years) of the "how recently did it veto on this topic" feature."""


def role_index(member: str) -> int:
    """Index into :data:`ROLES` of a member's layer."""
    s = seat(member)
    return PERMANENT.index(s) if s in PERMANENT else len(PERMANENT)


def _wording(spec: DraftSpec) -> list[float]:
    text = " ".join([spec.title or "", spec.text or "", *spec.subjects]).lower()
    return [float(any(p in text for p in pats)) for _, pats in _WORDS]


class MemberContexts:
    """Time-decayed vote counts by role × topic and role × submitter bloc, and vetoes by
    seat × topic with the date of the latest, fed record by record (any order);
    :meth:`features` reads them as of a draft's date."""

    def __init__(self, half_life: float, alpha: float = 2.0) -> None:
        self.alpha = alpha
        self.votes = DecayedCounts((4,), half_life)
        self.vetoes = DecayedCounts((1,), half_life)
        self.last_veto: dict[tuple[str, str], float] = {}

    def add(self, record: DraftRecord, spec: DraftSpec) -> None:
        """Count one past record (``spec`` is its pre-vote part)."""
        t = year_fraction(record.date)
        topic, bloc = spec.topic_key, submitter_bloc(spec.submitters)
        wgt = self.votes.weight(t)
        for member, vote in record.votes.items():
            role = ROLES[role_index(member)]
            v = VOTE_INDEX[vote]
            for key in ((role,), (role, "t", topic), (role, "b", bloc)):
                self.votes.add(key, v, wgt)
        wgt = self.vetoes.weight(t)
        for m in {seat(m) for m in record.vetoed_by}:
            for who in (m, "any"):
                self.vetoes.add((who, topic), 0, wgt)
                key = (who, topic)
                self.last_veto[key] = max(self.last_veto.get(key, -np.inf), t)

    def _log_odds(self, key: tuple[str, ...], prior: Array, t: float) -> Array:
        """log P(No)/P(Yes), log P(Abstain)/P(Yes) of ``key``'s shrunk rates, minus the
        prior's: how much more often than usual the role dissents in this context."""
        counts = self.votes.get(key, t)
        p = (counts + self.alpha * prior) / (counts.sum() + self.alpha)
        out: Array = np.log(p[[1, 2]] / p[0]) - np.log(prior[[1, 2]] / prior[0])
        return out

    def _recency(self, key: tuple[str, str], t: float) -> float:
        last = self.last_veto.get(key)
        return 0.0 if last is None else float(0.5 ** (max(t - last, 0.0) / VETO_MEMORY))

    def features(
        self, spec: DraftSpec, members: Sequence[str], weights: Array, probs: Array
    ) -> Array:
        """(n, d) features (:data:`MEMBER_FEATURES`) of each member for a draft, given the
        member model's type weights (K,) and per-type vote probabilities (K, n, 4)."""
        t, topic = year_fraction(spec.date), spec.topic_key
        bloc = submitter_bloc(spec.submitters)
        marg = np.clip(np.einsum("k,kmv->mv", weights, probs), 1e-6, 1.0)
        model = np.log(marg[:, [1, 2]] / marg[:, :1])
        kind = spec.resolved_kind()
        shared = weights[1:5]
        common = np.array(
            [
                self._recency(("any", topic), t),
                bloc == "west",
                bloc == "east",
                bloc == "both",
            ],
            dtype=float,
        )
        draft = np.array(
            [*(kind == k for k in _KIND_FLAGS), *_wording(spec), min(spec.rivals, 2)],
            dtype=float,
        )
        submitted = {seat(s) for s in spec.submitters}
        rows = []
        for i, member in enumerate(members):
            role, s = ROLES[role_index(member)], seat(member)
            overall = self.votes.get((role,), t)
            prior = (overall + 1.0) / (overall.sum() + 4.0)
            vetoes = self.vetoes.get((s, topic), t)[0] if role != "E" else 0.0
            recency = self._recency((s, topic), t) if role != "E" else 0.0
            rows.append(
                np.concatenate(
                    [
                        model[i],
                        shared,
                        self._log_odds((role, "t", topic), prior, t),
                        self._log_odds((role, "b", bloc), prior, t),
                        [np.log1p(vetoes), recency],
                        common,
                        [float(s in submitted)],
                        draft,
                    ]
                )
            )
        return np.array(rows, dtype=float).reshape(len(members), len(MEMBER_FEATURES))


@dataclass(frozen=True)
class MemberRows:
    """Training rows of the layer: one per member vote of a backtest forecast.

    ``x`` (n, d) features, ``probs`` (n, K, 4) the member model's per-type vote
    probabilities, ``weights`` (n, K) the type weights, ``y`` the vote cast (index into
    Y/N/A/X, −1 when not recorded), ``role`` (index into :data:`ROLES`), ``when`` the date
    in years.
    """

    x: Array
    probs: Array
    weights: Array
    y: IntArray
    role: IntArray
    when: Array


@dataclass(frozen=True)
class _Fit:
    mean: Array  # (d,)
    std: Array  # (d,)
    coef: Array  # (2, d + 1): intercept then weights, for No and Abstain


def _tilt(probs: Array, log_lr: Array) -> Array:
    """Per-type vote probabilities (n, K, 4) times ``exp(log_lr)`` (n, 4), renormalised."""
    q = probs * np.exp(log_lr)[:, None, :]
    out: Array = q / q.sum(axis=2, keepdims=True)
    return out


def _nll(
    theta: Array, z: Array, rows: MemberRows, wgt: Array, penalty: Array
) -> tuple[float, Array]:
    """Penalised negative log likelihood of the corrected mixture and its gradient."""
    d = z.shape[1]
    coef = theta.reshape(2, d)
    eta = np.zeros((len(z), 4))
    eta[:, _LEARNT] = np.clip(z @ coef.T, -_LR_CLIP, _LR_CLIP)
    pi = _tilt(rows.probs, eta)  # (n, K, 4)
    idx = np.arange(len(z))
    py = pi[idx, :, rows.y]  # (n, K)
    mix = np.maximum((rows.weights * py).sum(axis=1), 1e-300)
    post = rows.weights * py / mix[:, None]  # P(type | vote), (n, K)
    onehot = np.eye(4)[rows.y]
    # d log P(y) / d eta_v = sum_k post_k (1[v = y] - pi_kv)
    g_eta = onehot - np.einsum("nk,nkv->nv", post, pi)
    grad = -((g_eta[:, _LEARNT] * wgt[:, None]).T @ z) + coef * penalty
    loss = -float((wgt * np.log(mix)).sum()) + 0.5 * float((coef**2 * penalty).sum())
    return loss, grad.ravel()


class MemberLayer:
    """The correction of one role's votes (see the module docstring): ``l2`` is the ridge
    penalty on standardised weights (intercepts get ``l2 / 10``), ``half_life`` (years)
    down-weights old training rows relative to the fit date."""

    def __init__(self, l2: float = 30.0, half_life: float = MEMBER_HALF_LIFE) -> None:
        self.l2 = l2
        self.half_life = half_life

    def fit(self, rows: MemberRows, now: float, start: Array | None = None) -> MemberLayer:
        """Fit on ``rows`` (all with a recorded vote), as of ``now``; ``start`` (2, d + 1)
        warm-starts the optimiser."""
        wgt = np.power(0.5, (now - rows.when) / self.half_life)
        wgt = wgt / wgt.mean() if len(wgt) else wgt
        total = max(float(wgt.sum()), 1e-12)
        mean = (rows.x * wgt[:, None]).sum(axis=0) / total
        std = np.sqrt((((rows.x - mean) ** 2) * wgt[:, None]).sum(axis=0) / total)
        std = np.where(std > 1e-9, std, 1.0)
        z = np.hstack([np.ones((len(rows.x), 1)), np.clip((rows.x - mean) / std, -_Z_CLIP, _Z_CLIP)])
        penalty = np.full(z.shape[1], self.l2)
        penalty[0] = self.l2 / 10.0
        theta0 = np.zeros(2 * z.shape[1]) if start is None else start.ravel()
        res = minimize(
            _nll,
            theta0,
            args=(z, rows, wgt, penalty),
            jac=True,
            method="L-BFGS-B",
            options={"maxiter": 200, "gtol": 1e-6},
        )
        self.fit_ = _Fit(mean, std, np.asarray(res.x, dtype=float).reshape(2, z.shape[1]))
        return self

    @property
    def coef(self) -> Array:
        """(2, d + 1) coefficients (intercept first) for No and Abstain."""
        return self.fit_.coef

    def log_lr(self, x: Array) -> Array:
        """(n, 4) log likelihood ratios on Y/N/A/X for feature rows ``x`` (n, d)."""
        f = self.fit_
        z = np.clip((x - f.mean) / f.std, -_Z_CLIP, _Z_CLIP)
        out = np.zeros((len(x), 4))
        out[:, _LEARNT] = np.clip(f.coef[:, 0] + z @ f.coef[:, 1:].T, -_LR_CLIP, _LR_CLIP)
        return out


_OFF = float("inf")
"""A penalty of ``inf`` in a grid means "no correction" (all ratios 1)."""


@dataclass(frozen=True)
class MemberCorrection:
    """The fitted layers of all roles (``None``: no correction for that role)."""

    layers: tuple[MemberLayer | None, ...]

    def log_lr(self, members: Sequence[str], x: Array) -> Array:
        """(n, 4) log likelihood ratios on Y/N/A/X of each member, from features ``x``."""
        out = np.zeros((len(members), 4))
        for i, member in enumerate(members):
            layer = self.layers[role_index(member)]
            if layer is not None:
                out[i] = layer.log_lr(x[i : i + 1])[0]
        return out

    def apply(self, members: Sequence[str], x: Array, probs: Array) -> Array:
        """Per-type probabilities (K, n, 4) with each member's ratios applied in every type."""
        lr = self.log_lr(members, x)
        q = probs * np.exp(lr)[None]
        out: Array = q / q.sum(axis=2, keepdims=True)
        return out


def subset(rows: MemberRows, mask: BoolArray) -> MemberRows:
    """The rows selected by ``mask``."""
    return MemberRows(
        rows.x[mask], rows.probs[mask], rows.weights[mask], rows.y[mask], rows.role[mask],
        rows.when[mask],
    )


def member_loss(rows: MemberRows, log_lr: Array) -> Array:
    """Per-row log loss of the corrected mixture (rows without a recorded vote: 0)."""
    pi = _tilt(rows.probs, log_lr)
    y = np.maximum(rows.y, 0)
    p = (rows.weights * pi[np.arange(len(y)), :, y]).sum(axis=1)
    out: Array = np.where(rows.y >= 0, -np.log(np.clip(p, 1e-6, 1.0)), 0.0)
    return out


@dataclass(frozen=True)
class RollingMember:
    """Out-of-sample log ratios (n, 4) of every row, and the penalty chosen per (year, role)."""

    log_lr: Array
    l2: dict[tuple[int, str], float]


def _per_penalty(
    rows: MemberRows, years: Sequence[int], grid: Sequence[float], train_from: int
) -> tuple[dict[float, Array], BoolArray]:
    year = np.floor(rows.when).astype(np.int64)
    per_l2 = {l2: np.zeros((len(rows.y), 4)) for l2 in grid}
    fitted = np.zeros(len(rows.y), dtype=bool)
    for r in range(len(ROLES)):
        mine = (rows.role == r) & (year >= train_from)
        for l2 in grid:
            start: Array | None = None
            for yr in sorted(years):
                train, test = mine & (year < yr) & (rows.y >= 0), (rows.role == r) & (year == yr)
                if train.sum() < MIN_ROWS or not test.any():
                    continue
                fitted |= test
                if l2 == _OFF:
                    continue
                layer = MemberLayer(l2).fit(subset(rows, train), float(yr), start)
                start = layer.coef
                per_l2[l2][test] = layer.log_lr(rows.x[test])
    return per_l2, fitted


def _choose(losses: Mapping[float, Array], mask: BoolArray) -> float:
    """The penalty with the least summed loss on ``mask`` (ties: the larger penalty)."""
    if not mask.any():
        return max(losses)
    return min(sorted(losses, reverse=True), key=lambda l2: float(losses[l2][mask].sum()))


MIN_ROWS = 200
"""A role's layer needs at least this many earlier votes."""


def rolling_member_layer(
    rows: MemberRows,
    years: Sequence[int],
    grid: Sequence[float] = MEMBER_GRID,
    train_from: int = MEMBER_FROM,
) -> RollingMember:
    """For each of ``years`` and each role, the layer fitted (per penalty in ``grid``) on
    the rows dated before that year, applied to the year's rows; the year's penalty is the
    one with the least out-of-sample member log loss over the earlier fitted years."""
    per_l2, fitted = _per_penalty(rows, years, grid, train_from)
    losses = {l2: member_loss(rows, lr) for l2, lr in per_l2.items()}
    year = np.floor(rows.when).astype(np.int64)
    out = np.zeros((len(rows.y), 4))
    chosen: dict[tuple[int, str], float] = {}
    for r, role in enumerate(ROLES):
        mine = rows.role == r
        for yr in sorted(years):
            test = mine & (year == yr) & fitted
            l2 = _choose(losses, mine & fitted & (year < yr) & (rows.y >= 0))
            chosen[(yr, role)] = l2
            out[test] = per_l2[l2][test]
    return RollingMember(out, chosen)
