"""The side experts of the vote model (:mod:`vetowatch.forecast.model`): log likelihood
ratios on the draft types from the topic's recent history, the draft's words and the
draft's type (submitter bloc × kind across topics), the shrinkage helpers they share, and
the coarse *kind family* that keys a permanent member's vote by the kind of text.

Every function reads decayed counts (:class:`~vetowatch.forecast.counts.DecayedCounts`)
as of a date and returns an array; none of them changes the counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from vetowatch.forecast.counts import DecayedCounts
from vetowatch.forecast.draft_types import SAME_BASE
from vetowatch.forecast.spec import DraftSpec, norm_key
from vetowatch.forecast.stacker import submitter_bloc

__all__ = [
    "KIND_FAMILIES",
    "bloc",
    "draft_type_lr",
    "kind_family",
    "member_context_key",
    "normalise",
    "recent_lr",
    "shrink",
    "shrink_within",
    "text_lr",
    "usual_region",
]

Array = NDArray[np.float64]

KIND_FAMILIES: dict[str, str] = {
    "sanctions": "conduct",
    "condemnation": "conduct",
    "humanitarian": "conduct",
    "ceasefire": "conduct",
    "mandate-renewal": "operations",
    "peacekeeping": "operations",
}
"""The kinds of text that judge a government's conduct (measures on it, condemnation of it,
demands on its treatment of civilians, a halt to its fighting) and those that run an
operation (a mission's mandate, its size). Fixed a priori from the kinds' definitions
(:mod:`vetowatch.council.kinds`), not from any score; every other kind is ``other``."""


def kind_family(kind: str | None) -> str:
    """``conduct``, ``operations`` or ``other`` (:data:`KIND_FAMILIES`)."""
    return KIND_FAMILIES.get(kind or "", "other")


def member_context_key(spec: DraftSpec, role: str) -> tuple[str, ...]:
    """The key of a permanent member's record on texts of this context across topics:
    submitter bloc × kind family (the family only when the spec is described — a CLI user's
    bare input keys the bloc alone, family ``any``)."""
    family = kind_family(spec.resolved_kind()) if spec.described else "any"
    return ("rbf", role, bloc(spec), family)


def usual_region(regions: Mapping[tuple[str, str], Mapping[str, int]],
                 spec: DraftSpec) -> str | None:
    """The region (folded) most past records of the spec's topic, else of its agenda item,
    were filed under (``regions``: counts by ``("topic"|"agenda", key)``; ties by name), or
    ``None`` when neither was ever filed under one (the region level is then skipped)."""
    for rkey in (("topic", spec.topic_key), ("agenda", spec.agenda_key)):
        seen = regions.get(rkey)
        if seen:
            return norm_key(max(sorted(seen), key=lambda r: seen[r]))
    return None


def shrink(counts: Array, prior: Array, alpha: float) -> Array:
    """Dirichlet posterior mean of ``counts`` around ``prior`` (last axis sums to 1)."""
    total = counts.sum(axis=-1, keepdims=True)
    out: Array = (counts + alpha * prior) / (total + alpha)
    return out


def shrink_within(counts: Array, prior: Array, alpha: float) -> Array:
    """:func:`shrink` of fine-type counts (T,) within each base class: the result sums to 1
    over the fine types of each base class (``prior`` too)."""
    total = SAME_BASE @ counts
    out: Array = (counts + alpha * prior) / (total + alpha)
    return out


def normalise(log_p: Array) -> Array:
    """exp and normalise along the last axis."""
    q = np.exp(log_p - log_p.max(axis=-1, keepdims=True))
    return np.asarray(q / q.sum(axis=-1, keepdims=True), dtype=float)


def bloc(spec: DraftSpec) -> str:
    """Who put the draft forward, coarsely: ``west``, ``east``, ``both``, ``other`` (see
    :func:`~vetowatch.forecast.stacker.submitter_bloc`) or ``unknown`` (none recorded)."""
    return submitter_bloc(spec.submitters) if spec.submitters else "unknown"


def recent_lr(rc: DecayedCounts, spec: DraftSpec, p_all: Array, p_topic: Array, t: float,
              alpha: float) -> Array:
    """log of the topic's type rates under the short half-life over the long-memory ones:
    a topic that turned contested in the last year or two (Syria in 2011, Ukraine in
    2022) moves faster than the long-memory chain alone allows."""
    r_all = shrink(rc.get(("all",), t), p_all, alpha)
    r_agenda = shrink(rc.get(("agenda", spec.agenda_key), t), r_all, alpha)
    r_topic = shrink(rc.get(("topic", spec.topic_key), t), r_agenda, alpha)
    out: Array = np.log(r_topic) - np.log(p_topic)
    return out


def text_lr(cc: DecayedCounts, tokens: Sequence[str], p_all: Array, t: float,
            alpha_text: float) -> Array:
    """Mean over the draft's words of log P(type | word) / P(type), each shrunk to the
    overall rates with strength ``alpha_text``: words seen only on consensus texts
    ("extension of the mandate") pull towards consensus, "chemical weapons" or "human
    rights" towards the contested types. Unseen words contribute 0."""
    counts = np.array([cc.raw(("tok", tok)) for tok in sorted(tokens)]) * cc.scale(t)
    lr = np.log(shrink(counts, p_all[None], alpha_text)) - np.log(p_all)[None]
    out: Array = lr.mean(axis=0)
    return out


def draft_type_keys(spec: DraftSpec) -> list[tuple[str, ...]]:
    """The keys the draft-type expert counts a record under: all, the submitter bloc, the
    bloc × kind family and the bloc × kind."""
    b, kind = bloc(spec), spec.resolved_kind()
    return [("all",), (b,), (b, "family", kind_family(kind)), (b, kind)]


def draft_type_lr(dc: DecayedCounts, rc: DecayedCounts, spec: DraftSpec, t: float,
                  alpha: float, beta: float, beta_recent: float) -> Array:
    """The draft-type expert, on the fine types and across topics: ``beta`` × log P(type |
    submitter bloc × kind) / P(type) from decayed counts (``dc``; the kind, shrunk to its
    family, only when the spec has one or a title: a CLI user's bare input uses the bloc
    alone), plus ``beta_recent`` × the bloc's type rates under the short half-life (``rc``)
    over its long-memory ones. A Western sanctions or human-rights text on a country with no
    history of its own inherits the Russian and Chinese No rate of such texts elsewhere
    (Myanmar 2007, Zimbabwe 2008, Syria 2011), and a bloc whose texts have just started
    drawing vetoes (Western texts since 2022) moves faster than its long record."""
    b = bloc(spec)
    p_all = shrink_within(dc.get(("all",), t), 1.0 / SAME_BASE.sum(axis=1), 1.0)
    p_bloc = shrink_within(dc.get((b,), t), p_all, alpha)
    p_key = p_bloc
    if spec.described:
        _, _, fam, key = draft_type_keys(spec)
        p_key = shrink_within(dc.get(fam, t), p_bloc, alpha)
        p_key = shrink_within(dc.get(key, t), p_key, alpha)
    out: Array = beta * (np.log(p_key) - np.log(p_all))
    if beta_recent:
        r_all = shrink_within(rc.get(("all",), t), p_all, alpha)
        r_bloc = shrink_within(rc.get((b,), t), r_all, alpha)
        out = out + beta_recent * (np.log(r_bloc) - np.log(p_bloc))
    return out
