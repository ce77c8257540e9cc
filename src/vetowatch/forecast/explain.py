"""Forecast results, their explanations and the closest precedents in the record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from vetowatch.council.record import VOTE_CODES, DraftRecord, VoteCode
from vetowatch.forecast.outcome import OutcomeDistribution, apply_evidence, outcome_distribution
from vetowatch.forecast.spec import (
    PERMANENT,
    DraftSpec,
    norm_key,
    seat,
    submitter_group,
)

if TYPE_CHECKING:
    from vetowatch.forecast.model import VoteModel

__all__ = ["Forecast", "Precedent", "closest_precedents", "explain", "make_forecast"]

_VOTE_WORDS = {"Y": "Yes", "N": "No", "A": "Abstain", "X": "not voting"}


@dataclass(frozen=True)
class Precedent:
    """A past draft like the one forecast, with how it went."""

    date: date
    draft: str | None
    resolution: str | None
    topic: str | None
    submitters: tuple[str, ...]
    outcome: str
    tally: str | None
    vetoed_by: tuple[str, ...]
    score: float

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "draft": self.draft,
            "resolution": self.resolution,
            "topic": self.topic,
            "submitters": list(self.submitters),
            "outcome": self.outcome,
            "tally": self.tally,
            "vetoed_by": list(self.vetoed_by),
            "score": round(self.score, 4),
        }


def _similarity(spec: DraftSpec, record: DraftRecord) -> float:
    """Shared topic, agenda, region, kind and submitters, discounted by age (10-year half-life)."""
    topic = norm_key(record.topic) or norm_key(record.agenda)
    score = 3.0 * (spec.topic_key != "" and spec.topic_key == topic)
    score += 2.0 * (spec.agenda_key != "" and spec.agenda_key == norm_key(record.agenda))
    region = norm_key(spec.region)
    score += 0.5 * (region != "" and region == norm_key(record.region))
    kind = spec.resolved_kind()
    score += 1.0 * (kind != "other" and kind == record.kind)
    a, b = {seat(s) for s in spec.submitters}, {seat(s) for s in record.submitters}
    if a and b:
        score += 2.0 * len(a & b) / len(a | b)
    elif spec.group == submitter_group(tuple(record.submitters)):
        score += 0.5
    age = (spec.date - record.date).days / 365.25
    return float(score * 0.5 ** (age / 10.0))


def closest_precedents(
    spec: DraftSpec, records: Iterable[DraftRecord], k: int = 5
) -> list[Precedent]:
    """The ``k`` records before ``spec.date`` most like ``spec``; non-adopted ones count double
    on ties of similarity, as they are the informative ones."""
    scored = []
    for r in records:
        if r.date >= spec.date:
            continue
        s = _similarity(spec, r)
        if s > 0:
            scored.append((s, r.outcome != "adopted", r.date, r))
    scored.sort(key=lambda t: (t[0], t[1], t[2]), reverse=True)
    return [
        Precedent(
            r.date,
            r.draft,
            r.resolution_symbol,
            r.topic,
            tuple(r.submitters),
            r.outcome,
            r.tally,
            tuple(r.vetoed_by),
            s,
        )
        for s, _, _, r in scored[:k]
    ]


def explain(model: VoteModel, spec: DraftSpec, dist: OutcomeDistribution) -> dict[str, Any]:
    """What drives each permanent member's numbers, as short structured facts."""
    topic = spec.topic_key
    label = spec.topic or spec.agenda or "this agenda item"
    out: dict[str, Any] = {}
    for i, m in enumerate(dist.members):
        s = seat(m)
        if s not in PERMANENT:
            continue
        past = model.member_history(s, topic)
        same = [h for h in past if h.group == spec.group]
        basis = same if len(same) >= 2 else past
        last = basis[-4:]
        counts = {v: sum(1 for h in last if h.vote == v) for v in VOTE_CODES}
        vetoes = model.veto_count(s, topic)
        who = f" submitted by {spec.group}" if basis is same and same else ""
        text = f"{s}: no recorded vote on {label}; vetoes on this topic: {vetoes}"
        if last:
            top = max(counts, key=lambda v: counts[v])
            text = (
                f"{s}: {counts[top]} of its last {len(last)} votes on {label} drafts{who} "
                f"were {_VOTE_WORDS[top]}; vetoes on this topic: {vetoes}"
            )
        out[s] = {
            "text": text,
            "last_votes": [h.vote for h in last],
            "same_submitters": basis is same and bool(same),
            "vetoes_on_topic": vetoes,
            "p_no": float(dist.member_probs[i, 1]),
            "p_veto": dist.p_vetoed_by.get(s, 0.0),
        }
    from vetowatch.forecast.draft_types import CLASSES, TYPE_BASE, TYPES

    w = dist.class_weights
    if len(w) == len(TYPES):
        base = np.zeros(len(CLASSES))
        np.add.at(base, list(TYPE_BASE), w)
        out["draft_type"] = {c: float(x) for c, x in zip(CLASSES, base, strict=True)}
        out["draft_subtype"] = {c: float(x) for c, x in zip(TYPES, w, strict=True)}
    elif len(w) == len(CLASSES):
        out["draft_type"] = {c: float(x) for c, x in zip(CLASSES, w, strict=True)}
    return out


@dataclass(frozen=True)
class Forecast:
    """A forecast of one vote; ``to_json()`` gives the documented JSON shape."""

    spec: DraftSpec
    distribution: OutcomeDistribution
    precedents: tuple[Precedent, ...] = ()
    explanation: Mapping[str, Any] = field(default_factory=dict)

    @property
    def p_adopted(self) -> float:
        return self.distribution.p_adopted

    @property
    def p_vetoed(self) -> float:
        return self.distribution.p_vetoed

    @property
    def p_failed_votes(self) -> float:
        return self.distribution.p_failed

    def to_json(self) -> dict[str, Any]:
        d = self.distribution
        tally = [float(x) for x in d.yes_tally] + [0.0] * (16 - len(d.yes_tally))
        return {
            "date": self.spec.date.isoformat(),
            "agenda": self.spec.agenda,
            "topic": self.spec.topic,
            "members": {
                m: {v: float(d.member_probs[i, j]) for j, v in enumerate(VOTE_CODES)}
                for i, m in enumerate(d.members)
            },
            "p_adopted": d.p_adopted,
            "p_vetoed": d.p_vetoed,
            "p_vetoed_by": dict(d.p_vetoed_by),
            "p_failed_votes": d.p_failed,
            "yes_tally": tally,
            "pivotal": d.pivotal(),
            "precedents": [p.to_json() for p in self.precedents],
            "explanation": dict(self.explanation),
        }


def make_forecast(
    model: VoteModel,
    spec: DraftSpec,
    members: Sequence[str],
    adjustments: Mapping[str, Mapping[VoteCode, float]] | None = None,
    records: Iterable[DraftRecord] | None = None,
    k: int = 5,
) -> Forecast:
    """Forecast with the fitted ``model``; precedents come from ``records`` when given.

    The member model's joint distribution of votes is tilted by the model's outcome
    stacker (when it has one; the ratio is computed from the record-only forecast), and
    ``adjustments`` are virtual evidence on members' votes (:func:`apply_evidence`: the
    draft types are re-weighed, so the others move with the member, and the member's vote
    moves inside every type): both are likelihood ratios on the same joint, so the outcome,
    member probabilities, vetoes and tally stay coherent and
    ``p_adopted + p_vetoed + p_failed_votes = 1``.
    """
    weights, probs = model.mixture(spec, members)
    dist = outcome_distribution(members, probs, weights, procedural=spec.procedural)
    lr = model.outcome_lr(spec, dist.probs)
    if adjustments:
        weights, probs = apply_evidence(weights, probs, members, adjustments)
        dist = outcome_distribution(members, probs, weights, spec.procedural, outcome_lr=lr)
    else:
        dist = dist.tilted(lr)
    precedents = tuple(closest_precedents(spec, records, k)) if records is not None else ()
    return Forecast(spec, dist, precedents, explain(model, spec, dist))
