"""Shifts: an actor changed its stance on a question, or its polarity toward a target.

Statements are grouped by actor, subject (a question, or a target actor) and period
(a calendar month by default). Each period gets a weighted mean (stance: +1/0/-1 weighted by
confidence × authority; polarity: the statements' polarity weighted by authority). A shift is
two consecutive periods with a clear, opposite sign, with the evidence on both sides.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, select

from vetowatch.errors import InvalidInputError
from vetowatch.positions.authority import speaker_authority
from vetowatch.positions.provenance import (
    SIGN,
    Evidence,
    actor_key,
    article_columns,
    check_level,
    day_of,
)
from vetowatch.store import Store
from vetowatch.store import schema as s

THRESHOLD = 0.2


def period_of(day: date, period: str) -> str:
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if period == "year":
        return f"{day.year:04d}"
    raise InvalidInputError(f"unknown period {period!r}: use month, quarter or year")


@dataclass(frozen=True)
class Side:
    """One side of a shift: the period, its mean value and the statements that carry it."""

    period: str
    value: float
    stance: str
    evidence: tuple[Evidence, ...]

    def to_json(self) -> dict[str, Any]:
        return {"period": self.period, "value": round(self.value, 3), "stance": self.stance,
                "statements": [e.statement_id for e in self.evidence],
                "articles": sorted({e.article_id for e in self.evidence}),
                "evidence": [e.to_json() for e in self.evidence]}


@dataclass(frozen=True)
class Shift:
    """``actor`` moved on ``subject`` (a question id, or a target actor code) between periods."""

    actor: str
    kind: str  # "stance" (on a question) | "polarity" (toward a target)
    subject: str
    before: Side
    after: Side

    def to_json(self) -> dict[str, Any]:
        return {"actor": self.actor, "kind": self.kind, "subject": self.subject,
                "before": self.before.to_json(), "after": self.after.to_json()}


class ShiftList(list[Shift]):
    """A list of shifts with ``to_json()`` (``vetowatch shifts``)."""

    def to_json(self) -> list[dict[str, Any]]:
        return [x.to_json() for x in self]


@dataclass(frozen=True)
class _Point:
    value: float
    weight: float
    evidence: Evidence


def _label(value: float) -> str:
    return "for" if value > THRESHOLD else "against" if value < -THRESHOLD else "neutral"


def _sides(points: dict[str, list[_Point]], polarity: bool) -> Iterator[Side]:
    for period in sorted(points):
        items = points[period]
        mass = sum(p.weight for p in items)
        value = sum(p.value * p.weight for p in items) / mass if mass else 0.0
        sign = 1 if value > THRESHOLD else -1 if value < -THRESHOLD else 0
        carrying = tuple(p.evidence for p in items if p.value * sign > 0)
        stance = {1: "positive", -1: "negative", 0: "mixed"}[sign] if polarity else _label(value)
        yield Side(period, value, stance, carrying)


def _detect(actor: str, kind: str, subject: str, points: dict[str, list[_Point]]) -> list[Shift]:
    found: list[Shift] = []
    previous: Side | None = None
    for side in _sides(points, kind == "polarity"):
        if not side.evidence:
            continue
        if previous is not None and previous.value * side.value < 0:
            found.append(Shift(actor, kind, subject, previous, side))
        previous = side
    return found


def _statement_rows(store: Store, actor: str | None) -> list[Any]:
    st = s.statement
    query = (select(st.c.id, st.c.article_id, st.c.start, st.c.end, st.c.sentence,
                    st.c.speaker_text, st.c.speaker_actor, st.c.target_actor, st.c.polarity,
                    st.c.via, day_of().label("day"), *article_columns())
             .join(s.article, s.article.c.id == st.c.article_id)
             .where(st.c.speaker_actor.is_not(None), st.c.target_actor.is_not(None)))
    if actor:
        query = query.where(st.c.speaker_actor.like(f"{actor.upper()}%"))
    with store.connect() as conn:
        return list(conn.execute(query.order_by(st.c.id)))


def _stance_rows(store: Store, actor: str | None, question: str | None) -> list[Any]:
    st = s.statement
    query = (select(st.c.id, st.c.article_id, st.c.start, st.c.end, st.c.sentence,
                    st.c.speaker_text, st.c.speaker_actor, s.stance.c.actor, s.stance.c.day,
                    s.stance.c.question_id, s.stance.c.stance, s.stance.c.confidence,
                    s.stance.c.authority, s.stance.c.evidence_start, s.stance.c.evidence_end,
                    *article_columns())
             .join(st, st.c.id == s.stance.c.statement_id)
             .join(s.article, s.article.c.id == st.c.article_id)  # provenance, same query
             .where(and_(s.stance.c.actor.is_not(None), s.stance.c.day.is_not(None))))
    if actor:
        query = query.where(s.stance.c.actor.like(f"{actor.upper()}%"))
    if question:
        query = query.where(s.stance.c.question_id == question)
    with store.connect() as conn:
        return list(conn.execute(query.order_by(st.c.id)))


def _polarity_weight(row: Any) -> float:
    return speaker_authority(row.speaker_text, row.speaker_actor, len(json.loads(row.via)))[1]


def shifts(store: Store, actor: str | None = None, *, question: str | None = None,
           level: str = "actor", period: str = "month", kinds: Iterable[str] = ("stance",
                                                                                "polarity")
           ) -> ShiftList:
    """Shifts of stance (on linked questions) and of polarity (toward targets) over time.

    ``actor`` is a code prefix (RUS, RUSGOV); ``level="country"`` groups RUSGOV, RUSMIL…
    as RUS. Run :func:`link_stances` first for stance shifts.
    """
    check_level(level)
    groups: dict[tuple[str, str, str], dict[str, list[_Point]]] = defaultdict(
        lambda: defaultdict(list))
    if "stance" in kinds:
        for r in _stance_rows(store, actor, question):
            key = actor_key(r.actor, level) or ""
            ev = Evidence.of(r, r.evidence_start, r.evidence_end, r.stance)
            groups[(key, "stance", r.question_id)][period_of(r.day, period)].append(
                _Point(SIGN[r.stance], r.confidence * r.authority, ev))
    if "polarity" in kinds and question is None:
        for r in _statement_rows(store, actor):
            speaker = actor_key(r.speaker_actor, level)
            target = actor_key(r.target_actor, level)
            if not speaker or not target or speaker == target or r.day is None:
                continue
            groups[(speaker, "polarity", target)][period_of(r.day, period)].append(
                _Point(float(r.polarity), _polarity_weight(r), Evidence.of(r)))
    found = ShiftList()
    for (key, kind, subject), points in sorted(groups.items()):
        found.extend(_detect(key, kind, subject, points))
    return found
