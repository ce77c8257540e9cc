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
``half_life`` years; damped Newton steps from zero, so fitting is deterministic.

Which penalty (or no correction) each role uses in each year is chosen on forecasts of
earlier years only: :mod:`vetowatch.forecast.memberroll`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from vetowatch.council.record import DraftRecord
from vetowatch.forecast.counts import DecayedCounts, year_fraction
from vetowatch.forecast.outcome import VOTE_INDEX
from vetowatch.forecast.spec import PERMANENT, DraftSpec, seat
from vetowatch.forecast.stacker import submitter_bloc

__all__ = [
    "MEMBER_FEATURES",
    "ROLES",
    "MemberContexts",
    "MemberCorrection",
    "MemberLayer",
    "MemberRows",
    "role_index",
    "tilt",
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
MEMBER_HALF_LIFE = 10.0
"""Half-life (years) of the layer's sample weights."""
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
            for ctx in ((role,), (role, "t", topic), (role, "b", bloc)):
                self.votes.add(ctx, v, wgt)
        wgt = self.vetoes.weight(t)
        for m in {seat(m) for m in record.vetoed_by}:
            for who in (m, "any"):
                key = (who, topic)
                self.vetoes.add(key, 0, wgt)
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
        types = weights[1:5]  # east, west, both, elected
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
                        types,
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
    in years, ``sample`` a sampling weight (rows thinned out count more).
    """

    x: Array
    probs: Array
    weights: Array
    y: IntArray
    role: IntArray
    when: Array
    sample: Array

    def subset(self, mask: BoolArray) -> MemberRows:
        """The rows selected by ``mask``."""
        return MemberRows(
            self.x[mask],
            self.probs[mask],
            self.weights[mask],
            self.y[mask],
            self.role[mask],
            self.when[mask],
            self.sample[mask],
        )


@dataclass(frozen=True)
class _Fit:
    mean: Array  # (d,)
    std: Array  # (d,)
    coef: Array  # (2, d + 1): intercept then weights, for No and Abstain


def tilt(probs: Array, log_lr: Array) -> Array:
    """Per-type vote probabilities (n, K, 4) times ``exp(log_lr)`` (n, 4), renormalised."""
    q = probs * np.exp(log_lr)[:, None, :]
    out: Array = q / q.sum(axis=2, keepdims=True)
    return out


@dataclass(frozen=True)
class _Design:
    """What the likelihood needs, precomputed: ``z`` (n, d + 1) standardised features with
    a leading 1; per type, P(Yes or X), P(No), P(Abstain) and ``w_k · P(vote cast)``; which
    rows voted No / Abstain; sample weights."""

    z: Array
    z_t: Array
    q_other: Array  # (n, K)
    q_no: Array  # (n, K)
    q_abstain: Array  # (n, K)
    wq_cast: Array  # (n, K)
    is_no: Array  # (n,)
    is_abstain: Array  # (n,)
    wgt: Array  # (n,)


def _design(z: Array, rows: MemberRows, wgt: Array) -> _Design:
    idx = np.arange(len(rows.y))
    p = rows.probs
    return _Design(
        z,
        np.ascontiguousarray(z.T),
        p[:, :, 0] + p[:, :, 3],
        np.ascontiguousarray(p[:, :, 1]),
        np.ascontiguousarray(p[:, :, 2]),
        rows.weights * p[idx, :, rows.y],
        (rows.y == 1).astype(float),
        (rows.y == 2).astype(float),
        wgt,
    )


def _nll(
    theta: Array, des: _Design, penalty: Array, hessian: bool = False
) -> tuple[float, Array, Array | None]:
    """Penalised negative log likelihood of the corrected mixture, its gradient and (with
    ``hessian``) a positive definite curvature matrix.

    With ``e_v = lr(v)`` and ``D_k = Σ_v q_kv e_v``, P(y) = e_y Σ_k w_k q_ky / D_k, and
    d log P(y) / d log e_v = 1[v = y] − Σ_k post_k π_kv (post: P(type | vote), π_kv the
    corrected vote probability in type k). The curvature is the posterior mean of the
    per-type multinomial Hessians (the exact Hessian less the between-type covariance of
    the gradients, as in EM), so every Newton step is a descent direction."""
    coef = theta.reshape(2, -1)
    eta = np.clip(coef @ des.z_t, -_LR_CLIP, _LR_CLIP)
    e_no, e_abs = np.exp(eta[0]), np.exp(eta[1])
    denom = des.q_other + des.q_no * e_no[:, None] + des.q_abstain * e_abs[:, None]
    a = des.wq_cast / denom
    s = np.maximum(a.sum(axis=1), 1e-300)
    e_y = 1.0 + des.is_no * (e_no - 1.0) + des.is_abstain * (e_abs - 1.0)
    post = a / s[:, None]
    pi_no = des.q_no * e_no[:, None] / denom
    pi_abs = des.q_abstain * e_abs[:, None] / denom
    g = np.empty((2, len(s)))
    g[0] = des.is_no - np.einsum("nk,nk->n", post, pi_no)
    g[1] = des.is_abstain - np.einsum("nk,nk->n", post, pi_abs)
    grad = -((g * des.wgt) @ des.z) + coef * penalty
    loss = -float((des.wgt * np.log(np.maximum(e_y * s, 1e-300))).sum())
    loss += 0.5 * float((coef**2 * penalty).sum())
    if not hessian:
        return loss, grad.ravel(), None
    d = des.z.shape[1]
    blocks = (
        np.einsum("nk,nk->n", post, pi_no * (1.0 - pi_no)),
        -np.einsum("nk,nk->n", post, pi_no * pi_abs),
        np.einsum("nk,nk->n", post, pi_abs * (1.0 - pi_abs)),
    )
    h11, h12, h22 = ((des.z * (b * des.wgt)[:, None]).T @ des.z for b in blocks)
    hess = np.block([[h11, h12], [h12, h22]]) + np.diag(np.concatenate([penalty, penalty]))
    return loss, grad.ravel(), hess.reshape(2 * d, 2 * d)


def _newton(des: _Design, penalty: Array, theta: Array, max_iter: int = 40) -> Array:
    """Damped Newton steps with the curvature of :func:`_nll` (deterministic)."""
    loss, grad, hess = _nll(theta, des, penalty, hessian=True)
    for _ in range(max_iter):
        assert hess is not None
        step = np.linalg.solve(hess, grad)
        size = 1.0
        while size > 1e-4:
            new = theta - size * step
            new_loss = _nll(new, des, penalty)[0]
            if new_loss <= loss + 1e-12:
                break
            size /= 2.0
        else:
            break
        done = loss - new_loss < 1e-9 * max(1.0, abs(loss))
        theta = new
        loss, grad, hess = _nll(theta, des, penalty, hessian=not done)
        if done:
            break
    return theta


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
        wgt = np.power(0.5, (now - rows.when) / self.half_life) * rows.sample
        wgt = wgt / wgt.mean() if len(wgt) else wgt
        total = max(float(wgt.sum()), 1e-12)
        mean = (rows.x * wgt[:, None]).sum(axis=0) / total
        std = np.sqrt((((rows.x - mean) ** 2) * wgt[:, None]).sum(axis=0) / total)
        std = np.where(std > 1e-9, std, 1.0)
        scaled = np.clip((rows.x - mean) / std, -_Z_CLIP, _Z_CLIP)
        z = np.hstack([np.ones((len(rows.x), 1)), scaled])
        penalty = np.full(z.shape[1], self.l2)
        penalty[0] = self.l2 / 10.0
        theta0 = np.zeros(2 * z.shape[1]) if start is None else start.ravel()
        theta = _newton(_design(z, rows, wgt), penalty, theta0)
        self.fit_ = _Fit(mean, std, theta.reshape(2, z.shape[1]))
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
