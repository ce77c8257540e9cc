"""The exact distribution of a vote's outcome under Article 27 of the Charter.

Correlated votes are handled as a finite mixture. The vote model gives ``K`` latent
draft types (for example "consensus", "opposed by Russia/China", "opposed by the
Western permanent members"…) with weights ``w[k]`` that sum to 1, and, for each type,
one distribution over Y/N/A/X per member. Members are independent *given the type*,
not overall: mixing the types is what makes Russia's and China's No votes go together.

For every type the Yes tally is computed exactly by dynamic programming over the
members (the generating function ``Π_m ((1 - y_m) + y_m z)``), and a second pass keeps
only the configurations in which no permanent member votes No
(``Π_m ((a_m - y_m) + y_m z)`` with ``a_m = 1 - P(No)`` for a permanent member and 1
for the others). With a threshold of 9 Yes votes:

* adopted = at least 9 Yes and no permanent No (procedural: at least 9 Yes);
* vetoed = at least 9 Yes and at least one permanent No (never on procedural questions);
* failed for lack of votes = fewer than 9 Yes, whoever voted No.

This matches the UN's own labels: a draft that a permanent member votes against but that
had fewer than 9 Yes votes is recorded as "failed to receive the required number of
votes". The per-type results are then mixed with the weights. Nothing is sampled.

"Vetoed by X" is ``P(X votes No) × P(the other members give at least 9 Yes)``; with more
than one veto, each vetoing member counts, so these can sum to more than ``P(vetoed)``.

A member is *pivotal* to the extent that P(adopted) depends on its vote: for each member,
``Σ_v P(m = v) · |P(adopted | do(m = v)) − P(adopted)|``, where ``do(m = v)`` fixes the
member's vote in every type and keeps the type weights. Leave-one-out tallies come from
prefix and suffix products, so the whole computation is O(K · n²).

**Tilting.** :meth:`OutcomeDistribution.tilted` multiplies every vote configuration's
probability by a likelihood ratio on its outcome (what the outcome stacker learns) and
renormalises; the joint P(member m votes v, outcome o), the tally split by outcome and
P(o | do(m = v)) are kept, so the tilted marginals, vetoes, tally and pivots are exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from vetowatch.council.record import VOTE_CODES, VoteCode
from vetowatch.errors import InvalidInputError
from vetowatch.forecast.spec import PERMANENT, seat

__all__ = [
    "THRESHOLD",
    "VOTE_INDEX",
    "OutcomeDistribution",
    "OutcomeParts",
    "apply_adjustments",
    "apply_evidence",
    "outcome_distribution",
]

THRESHOLD = 9
"""Affirmative votes needed for a decision (Article 27(2) and (3))."""

VOTE_INDEX: dict[VoteCode, int] = {v: i for i, v in enumerate(VOTE_CODES)}

Array = NDArray[np.float64]


@dataclass(frozen=True)
class OutcomeParts:
    """The untilted pieces a tilt by outcome likelihood ratios needs (see :meth:`tilted`).

    ``joint[m, v, o]`` = P(member m votes v and the outcome is o); ``do[m, v, o]`` =
    P(o | do(m = v)); ``tally[o, j]`` = P(j Yes votes and outcome o); ``types[k, o]`` =
    P(o | type k); ``vetoed_by`` and ``any_no`` as in :class:`OutcomeDistribution`.
    """

    weights: Array  # (K,)
    types: Array  # (K, 3)
    joint: Array  # (n, 4, 3)
    do: Array  # (n, 4, 3)
    tally: Array  # (3, n + 1)
    vetoed_by: dict[str, float]
    any_no: float
    procedural: bool
    probs: Array | None = None  # (K, n, 4): the per-type member distributions


@dataclass(frozen=True)
class OutcomeDistribution:
    """The exact outcome distribution of one vote (see the module docstring).

    ``outcome_lr`` is the likelihood ratio on (adopted, vetoed, failed) the distribution
    was tilted by (ones: the member model's own distribution); see :meth:`tilted`.
    """

    members: tuple[str, ...]
    member_probs: Array  # (n, 4): marginal P(Y, N, A, X) per member
    class_weights: Array  # (K,)
    p_adopted: float
    p_vetoed: float
    p_failed: float
    p_vetoed_by: dict[str, float]
    p_permanent_no: float  # P(at least one permanent member votes No)
    yes_tally: Array  # (n + 1,): P(exactly j Yes votes)
    p_adopted_if: Array  # (n, 4): P(adopted | do(member m votes v))
    pivotality: Array  # (n,)
    parts: OutcomeParts | None = field(default=None, repr=False, compare=False)
    outcome_lr: Array = field(default_factory=lambda: np.ones(3), compare=False)

    @property
    def probs(self) -> Array:
        """(3,): P(adopted), P(vetoed), P(failed)."""
        return np.array([self.p_adopted, self.p_vetoed, self.p_failed])

    @property
    def untilted_probs(self) -> Array:
        """(3,): the member model's own P(adopted, vetoed, failed), before any tilt."""
        if self.parts is None:
            return self.probs
        out: Array = self.parts.weights @ self.parts.types
        return out

    def tilted(self, lr: Array | Sequence[float]) -> OutcomeDistribution:
        """The distribution with every vote configuration's probability multiplied by the
        likelihood ratio ``lr`` of its outcome (adopted, vetoed, failed), renormalised.

        This is the least change (in Kullback-Leibler divergence) to the member model's
        joint distribution that gives the tilted outcome probabilities, and it keeps every
        number coherent: member marginals, P(vetoed by X), the Yes tally, the draft-type
        weights and P(adopted | do(m = v)) all follow from the same tilted joint. Tilts
        compose (``d.tilted(a).tilted(b) == d.tilted(a * b)``).
        """
        if self.parts is None:
            raise InvalidInputError("this distribution was built without its parts")
        ratio = np.asarray(lr, dtype=float)
        if ratio.shape != (3,) or not np.isfinite(ratio).all() or (ratio <= 0).any():
            raise InvalidInputError("an outcome likelihood ratio is 3 positive numbers")
        return _assemble(self.members, self.parts, self.outcome_lr * ratio)

    def joint(self, a: str, b: str, vote_a: VoteCode = "N", vote_b: VoteCode = "N") -> float:
        """P(member ``a`` votes ``vote_a`` and member ``b`` votes ``vote_b``), exact under the
        mixture and the outcome tilt (members are independent only given the draft type)."""
        parts = self.parts
        if parts is None or parts.probs is None:
            raise InvalidInputError("this distribution was built without its parts")
        index = {m: i for i, m in enumerate(self.members)}
        index.update({seat(m): i for i, m in enumerate(self.members)})
        if a not in index or b not in index or index[a] == index[b]:
            raise InvalidInputError(f"give two different members of the Council, not {a}, {b}")
        if vote_a not in VOTE_INDEX or vote_b not in VOTE_INDEX:
            raise InvalidInputError(f"votes are one of {VOTE_CODES}")
        i, j = index[a], index[b]
        probs, w = parts.probs, parts.weights
        cond = _pair_outcomes(self.members, probs, (i, j), (vote_a, vote_b), parts.procedural)
        lr = self.outcome_lr
        z = float((w @ parts.types) @ lr)
        pair = probs[:, i, VOTE_INDEX[vote_a]] * probs[:, j, VOTE_INDEX[vote_b]]
        return float((w * pair) @ (cond @ lr) / z)

    def joint_no(self, a: str, b: str) -> float:
        """P(``a`` votes No and ``b`` votes No) (see :meth:`joint`)."""
        return self.joint(a, b, "N", "N")

    def pivotal(self, top: int = 5, min_pivotality: float = 1e-3) -> list[dict[str, float | str]]:
        """The members on whose vote P(adopted) depends most, most pivotal first."""
        order = np.argsort(-self.pivotality, kind="stable")
        out: list[dict[str, float | str]] = []
        for i in order[:top]:
            if self.pivotality[i] < min_pivotality:
                break
            out.append(
                {
                    "member": self.members[i],
                    "pivotality": float(self.pivotality[i]),
                    "p_adopted_if_yes": float(self.p_adopted_if[i, 0]),
                    "p_adopted_if_no": float(self.p_adopted_if[i, 1]),
                    "p_adopted_if_abstain": float(self.p_adopted_if[i, 2]),
                }
            )
        return out


def _ratio_vectors(
    members: Sequence[str], adjustments: Mapping[str, Mapping[VoteCode, float]]
) -> dict[int, Array]:
    """Checked likelihood-ratio vectors (4,) by member index."""
    index = {m: i for i, m in enumerate(members)}
    out: dict[int, Array] = {}
    for member, ratios in adjustments.items():
        if member not in index:
            raise InvalidInputError(f"adjustment for {member!r}, which is not in the Council")
        lr = np.ones(4)
        for code, ratio in ratios.items():
            if code not in VOTE_INDEX or not np.isfinite(ratio) or ratio < 0:
                raise InvalidInputError(f"bad likelihood ratio {code!r}={ratio!r} for {member}")
            lr[VOTE_INDEX[code]] = float(ratio)
        if not lr.any():
            raise InvalidInputError(f"all likelihood ratios are zero for {member}")
        out[index[member]] = lr
    return out


def apply_adjustments(
    probs: Array,
    members: Sequence[str],
    adjustments: Mapping[str, Mapping[VoteCode, float]] | None,
) -> Array:
    """Multiply each member's vote probabilities by likelihood ratios and renormalise,
    inside every type (the type weights are *not* moved; :func:`apply_evidence` does both).

    ``probs`` has shape (K, n, 4); ratios missing from ``adjustments`` count as 1. Ratios
    must be finite and non-negative, and not all zero for a member.
    """
    if not adjustments:
        return probs
    out = probs.copy()
    for i, lr in _ratio_vectors(members, adjustments).items():
        row = out[:, i, :] * lr
        out[:, i, :] = row / row.sum(axis=1, keepdims=True)
    return out


def apply_evidence(
    weights: Array,
    probs: Array,
    members: Sequence[str],
    adjustments: Mapping[str, Mapping[VoteCode, float]] | None,
) -> tuple[Array, Array]:
    """Exact Bayes update of the type weights (K,) and member votes (K, n, 4) by per-member
    likelihood ratios (virtual evidence, Pearl 1988):

        w'_k ∝ w_k · Π_m Σ_v P_k(m = v) · LR_m(v)      P'_k(m = v) ∝ P_k(m = v) · LR_m(v)

    so evidence that Russia will vote No raises the weight of the types in which Russia
    votes No — and China's No with them. Checks as :func:`apply_adjustments`.
    """
    w = np.asarray(weights, dtype=float).copy()
    if not adjustments:
        return w, probs
    out = probs.copy()
    for i, lr in _ratio_vectors(members, adjustments).items():
        row = out[:, i, :] * lr
        like = row.sum(axis=1)  # (K,): P(evidence | type)
        w = w * like
        out[:, i, :] = row / np.maximum(like, 1e-300)[:, None]
    total = w.sum()
    if not total > 0:
        raise InvalidInputError("the likelihood ratios rule out every draft type")
    return w / total, out


def _pair_outcomes(
    members: Sequence[str],
    probs: Array,
    pair: tuple[int, int],
    votes: tuple[VoteCode, VoteCode],
    procedural: bool,
) -> Array:
    """(K, 3): P(adopted, vetoed, failed | type k, the two members vote ``votes``)."""
    k, n = probs.shape[0], probs.shape[1]
    perm = np.array([seat(m) in PERMANENT for m in members], dtype=bool) & (not procedural)
    fixed_yes = sum(v == "Y" for v in votes)
    fixed_veto = any(v == "N" and perm[i] for i, v in zip(pair, votes, strict=True))
    all_ = np.zeros((k, n + 1))
    nv = np.zeros((k, n + 1))
    all_[:, 0] = nv[:, 0] = 1.0
    for m in range(n):
        if m in pair:
            continue
        y = probs[:, m, 0]
        allowed = 1.0 - probs[:, m, 1] if perm[m] else np.ones(k)
        all_ = _step(all_, 1.0 - y, y)
        nv = _step(nv, allowed - y, y)
    need = max(THRESHOLD - fixed_yes, 0)
    adopted = np.zeros(k) if fixed_veto else nv[:, need:].sum(axis=1)
    failed = all_[:, :need].sum(axis=1)
    vetoed = np.clip(1.0 - adopted - failed, 0.0, 1.0)
    if procedural:
        adopted, vetoed = adopted + vetoed, np.zeros(k)
    return np.stack([adopted, vetoed, failed], axis=1)


def _step(dist: Array, stay: Array, yes: Array) -> Array:
    """Multiply the generating polynomials ``dist`` (K, n+1) by ``stay + yes·z``."""
    out = dist * stay[:, None]
    out[:, 1:] += dist[:, :-1] * yes[:, None]
    return out


def _prefix_suffix(stay: Array, yes: Array) -> tuple[Array, Array]:
    """Prefix (n+1, K, n+1) and suffix (n+1, K, n+1) products of the member polynomials."""
    k, n = yes.shape
    pre = np.zeros((n + 1, k, n + 1))
    suf = np.zeros((n + 1, k, n + 1))
    pre[0, :, 0] = 1.0
    suf[n, :, 0] = 1.0
    for i in range(n):
        pre[i + 1] = _step(pre[i], stay[:, i], yes[:, i])
    for i in range(n - 1, -1, -1):
        suf[i] = _step(suf[i + 1], stay[:, i], yes[:, i])
    return pre, suf


def _loo_tail(pre: Array, suf: Array, threshold: int) -> Array:
    """(n, K): mass of the other members' configurations with at least ``threshold`` Yes."""
    n = pre.shape[0] - 1
    tails = np.zeros((*suf.shape[:2], n + 2))
    tails[..., : n + 1] = np.cumsum(suf[..., ::-1], axis=-1)[..., ::-1]
    idx = np.clip(threshold - np.arange(n + 1), 0, n + 1)
    # others = members before m (pre[m]) and after m (suf[m + 1])
    out: Array = np.einsum("mki,mki->mk", pre[:n], tails[1:][..., idx])
    return out


def _check(weights: Array, probs: Array, members: Sequence[str]) -> None:
    if probs.ndim != 3 or probs.shape[2] != 4 or probs.shape[1] != len(members):
        raise InvalidInputError(f"member probabilities must be (K, {len(members)}, 4)")
    if weights.shape != (probs.shape[0],):
        raise InvalidInputError("one weight per latent class is needed")
    if not np.isclose(weights.sum(), 1.0) or (weights < 0).any():
        raise InvalidInputError("class weights must be non-negative and sum to 1")
    if (probs < 0).any() or not np.allclose(probs.sum(axis=2), 1.0):
        raise InvalidInputError("each member's vote probabilities must sum to 1")
    if len(set(members)) != len(members) or len(members) > 15:
        raise InvalidInputError("the Council has at most 15 distinct members")


def outcome_distribution(
    members: Sequence[str],
    probs: Array,
    weights: Array | None = None,
    procedural: bool = False,
    outcome_lr: Array | Sequence[float] | None = None,
) -> OutcomeDistribution:
    """The exact outcome distribution for member vote distributions ``probs`` (K, n, 4).

    ``weights`` are the latent class weights (default: one class); ``outcome_lr``
    optionally tilts the result by likelihood ratios on (adopted, vetoed, failed), as
    :meth:`OutcomeDistribution.tilted`. See the module docstring for the definitions.
    """
    probs = np.asarray(probs, dtype=float)
    if probs.ndim == 2:
        probs = probs[None]
    w = np.ones(1) if weights is None else np.asarray(weights, dtype=float)
    _check(w, probs, members)
    dist = _assemble(tuple(members), _parts(members, probs, w, procedural), np.ones(3))
    return dist if outcome_lr is None else dist.tilted(outcome_lr)


def _parts(members: Sequence[str], probs: Array, w: Array, procedural: bool) -> OutcomeParts:
    """Exact per-type tallies, leave-one-out tails and their joint with each member's vote."""
    n = len(members)
    perm = np.array([seat(m) in PERMANENT for m in members], dtype=bool)
    veto = perm & (not procedural)
    y, p_no = probs[:, :, 0], probs[:, :, 1]
    allowed = np.where(veto[None, :], 1.0 - p_no, 1.0)
    k = len(w)
    # both products in one pass: all configurations, and those with no permanent No
    pre, suf = _prefix_suffix(np.concatenate([1.0 - y, allowed - y]), np.concatenate([y, y]))
    pre_all, suf_all, pre_nv, suf_nv = pre[:, :k], suf[:, :k], pre[:, k:], suf[:, k:]
    full_all, full_nv = pre_all[n], pre_nv[n]
    t = THRESHOLD
    adopted_k = full_nv[:, t:].sum(axis=1)
    failed_k = full_all[:, :t].sum(axis=1)
    vetoed_k = np.clip(1.0 - adopted_k - failed_k, 0.0, 1.0)
    tail_all = _loo_tail(pre_all, suf_all, t)  # (n, K)
    tail_all8 = _loo_tail(pre_all, suf_all, t - 1)
    tail_nv8 = _loo_tail(pre_nv, suf_nv, t - 1)
    tail_nv9 = _loo_tail(pre_nv, suf_nv, t)
    # P(outcome | type k, member m votes v): (n, K, 4, 3)
    adopt = np.stack([tail_nv8, np.where(veto[:, None], 0.0, tail_nv9), tail_nv9, tail_nv9], -1)
    fail = np.stack([1.0 - tail_all8, *(3 * [1.0 - tail_all])], axis=-1)
    cond = np.stack([adopt, np.clip(1.0 - adopt - fail, 0.0, 1.0), fail], axis=-1)
    do = np.einsum("k,mkvo->mvo", w, cond)
    joint = np.einsum("k,kmv,mkvo->mvo", w, probs, cond)
    tally = np.zeros((3, n + 1))
    mixed_all, mixed_nv = w @ full_all, w @ full_nv
    tally[2, :t] = mixed_all[:t]
    tally[0, t:] = mixed_nv[t:]
    tally[1, t:] = np.clip(mixed_all[t:] - mixed_nv[t:], 0.0, None)
    vetoed_by = {
        seat(m): float((p_no[:, i] * tail_all[i]) @ w) if veto[i] else 0.0
        for i, m in enumerate(members)
        if perm[i]
    }
    any_no = 1.0 - np.prod(np.where(perm[None, :], 1.0 - p_no, 1.0), axis=1)
    types = np.stack([adopted_k, vetoed_k, failed_k], axis=1)
    if procedural:
        types[:, 1] = 0.0
    return OutcomeParts(
        w, types, joint, do, tally, vetoed_by, float(any_no @ w), procedural, probs
    )


def _assemble(members: tuple[str, ...], parts: OutcomeParts, lr: Array) -> OutcomeDistribution:
    """The distribution of the member model's joint tilted by ``lr`` on the outcomes."""
    w = parts.weights
    p0 = w @ parts.types
    z = float(p0 @ lr)
    p = p0 * lr / z
    marg = parts.joint @ lr / z
    do = parts.do * lr
    p_adopted_if = do[:, :, 0] / np.maximum(do.sum(axis=2), 1e-300)
    pivotality = (marg * np.abs(p_adopted_if - p[0])).sum(axis=1)
    any_no = parts.any_no
    if not parts.procedural:  # a permanent No means vetoed (>= 9 Yes) or failed (< 9 Yes)
        any_no = (lr[1] * p0[1] + lr[2] * (any_no - p0[1])) / z
    return OutcomeDistribution(
        members=members,
        member_probs=marg,
        class_weights=w * (parts.types @ lr) / z,
        p_adopted=float(p[0]),
        p_vetoed=float(p[1]),
        p_failed=float(p[2]),
        p_vetoed_by={m: v * lr[1] / z for m, v in parts.vetoed_by.items()},
        p_permanent_no=float(any_no),
        yes_tally=lr @ parts.tally / z,
        p_adopted_if=p_adopted_if,
        pivotality=pivotality,
        parts=parts,
        outcome_lr=lr,
    )


def outcome_probs(probs: Array, weights: Array, veto: NDArray[np.bool_]) -> Array:
    """P(adopted, vetoed, failed) of many drafts at once: ``probs`` (F, K, n, 4) per-type
    member probabilities, ``weights`` (F, K), ``veto`` (F, n) whether the member's No is a
    veto (a permanent member on a non-procedural question). The same exact tallies as
    :func:`outcome_distribution`, without the marginals, vetoes by member or pivots."""
    f, k, n, _ = probs.shape
    y = probs[..., 0]
    allowed = np.where(veto[:, None, :], 1.0 - probs[..., 1], 1.0)
    all_ = np.zeros((f, k, n + 1))
    nv = np.zeros((f, k, n + 1))
    all_[..., 0] = nv[..., 0] = 1.0
    for i in range(n):
        yi = y[..., i, None]
        all_[..., 1:] = all_[..., 1:] * (1.0 - yi) + all_[..., :-1] * yi
        all_[..., 0] *= 1.0 - y[..., i]
        nv[..., 1:] = nv[..., 1:] * (allowed[..., i, None] - yi) + nv[..., :-1] * yi
        nv[..., 0] *= allowed[..., i] - y[..., i]
    adopted = nv[..., THRESHOLD:].sum(axis=-1)
    failed = all_[..., :THRESHOLD].sum(axis=-1)
    types = np.stack([adopted, np.clip(1.0 - adopted - failed, 0.0, 1.0), failed], axis=-1)
    out: Array = np.einsum("fk,fko->fo", weights, types)
    return out
