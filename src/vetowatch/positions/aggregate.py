"""An actor's position on a question as of a date, and its timeline.

A position aggregates the actor's linked statements (table ``stance``): each weighs
``confidence × authority × 0.5 ** (age / half_life)``; the score is the weighted mean of
+1 (for), -1 (against) and 0 (neutral); the confidence grows with the score's size and the
weight of evidence behind it (``|score| × (1 - exp(-2 × Σ weight))``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select

from vetowatch.errors import NotFoundError
from vetowatch.positions.provenance import (
    SIGN,
    ArticleSource,
    Evidence,
    actor_key,
    actor_range,
    article_columns,
    check_level,
)
from vetowatch.positions.questions import Question, get_question
from vetowatch.store import Store
from vetowatch.store import schema as s

HALF_LIFE_DAYS = 90.0
THRESHOLD = 0.2


def stance_of(score: float) -> str:
    return "for" if score > THRESHOLD else "against" if score < -THRESHOLD else "neutral"


def confidence_of(score: float, mass: float) -> float:
    return round(abs(score) * (1.0 - math.exp(-2.0 * mass)), 3)


def decay(day: date | None, as_of: date | None, half_life: float) -> float:
    if day is None or as_of is None:
        return 1.0
    return float(0.5 ** (max((as_of - day).days, 0) / half_life))


@dataclass(frozen=True)
class Position:
    """One actor's aggregated stance, and the statements behind it (heaviest first)."""

    actor: str
    stance: str
    score: float
    confidence: float
    evidence: tuple[Evidence, ...]

    @property
    def statements(self) -> list[int]:
        return [e.statement_id for e in self.evidence]

    def to_json(self) -> dict[str, Any]:
        return {"actor": self.actor, "stance": self.stance, "score": round(self.score, 3),
                "confidence": self.confidence, "statements": self.statements,
                "articles": sorted({e.article_id for e in self.evidence}),
                "evidence": [e.to_json() for e in self.evidence]}


@dataclass(frozen=True)
class PositionReport:
    """``vetowatch positions QUESTION --as-of D``."""

    question: Question
    as_of: date | None
    level: str
    positions: tuple[Position, ...]

    def get(self, actor: str) -> Position:
        for p in self.positions:
            if p.actor == actor.upper():
                return p
        raise NotFoundError(f"no position of {actor!r} on {self.question.id!r}")

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question.id, "proposition": self.question.proposition,
                "as_of": self.as_of.isoformat() if self.as_of else None, "level": self.level,
                "positions": [p.to_json() for p in self.positions]}


def _stance_rows(store: Store, question_id: str, as_of: date | None,
                 actor: str | None) -> list[Any]:
    st = s.statement
    query = (select(s.stance.c.stance, s.stance.c.confidence, s.stance.c.authority,
                    s.stance.c.evidence_start, s.stance.c.evidence_end, s.stance.c.actor,
                    s.stance.c.day, st.c.id, st.c.article_id, st.c.start, st.c.end,
                    st.c.sentence, st.c.speaker_text, st.c.speaker_actor, *article_columns())
             .join(st, st.c.id == s.stance.c.statement_id)
             .join(s.article, s.article.c.id == st.c.article_id)  # provenance, same query
             .where(s.stance.c.question_id == question_id, s.stance.c.actor.is_not(None))
             .order_by(s.stance.c.day, st.c.id))
    if as_of is not None:
        query = query.where(s.stance.c.day <= as_of)
    if actor:
        query = query.where(actor_range(actor))
    with store.connect() as conn:
        return list(conn.execute(query))


def aggregate(rows: Sequence[Any], as_of: date | None, half_life: float) -> tuple[float, float,
                                                                                    list[Evidence]]:
    """(score, confidence, evidence heaviest first) of stance rows."""
    total = mass = 0.0
    evidence: list[tuple[float, Evidence]] = []
    for r in rows:
        weight = r.confidence * r.authority * decay(r.day, as_of, half_life)
        total += SIGN[r.stance] * weight
        mass += weight
        evidence.append((weight, Evidence.of(r, r.evidence_start, r.evidence_end, r.stance,
                                             weight)))
    score = total / mass if mass else 0.0
    evidence.sort(key=lambda item: (-item[0], item[1].statement_id))
    return score, confidence_of(score, mass), [e for _, e in evidence]


def positions(store: Store, question_id: str, as_of: date | None = None, *,
              level: str = "actor", actor: str | None = None,
              half_life_days: float = HALF_LIFE_DAYS,
              files: Sequence[str] = ()) -> PositionReport:
    """Each actor's position on a question as of a date (statements linked by link_stances).

    ``level="country"`` groups actor codes by country (RUSGOV, RUSMIL → RUS); ``actor``
    keeps one actor or country (a code prefix).
    """
    question = get_question(store, question_id, files)
    check_level(level)
    groups: dict[str, list[Any]] = defaultdict(list)
    for r in _stance_rows(store, question.id, as_of, actor):
        key = actor_key(r.actor, level)
        if key:
            groups[key].append(r)
    found = []
    for key, rows in groups.items():
        score, confidence, evidence = aggregate(rows, as_of, half_life_days)
        found.append(Position(key, stance_of(score), score, confidence, tuple(evidence)))
    found.sort(key=lambda p: (-p.confidence, p.actor))
    return PositionReport(question, as_of, level, tuple(found))


@dataclass(frozen=True)
class TimelinePoint:
    """The position after one statement; ``article_id``, ``start``/``end`` (the evidence
    span) and ``source`` are that statement's provenance."""

    day: date | None
    stance: str
    score: float
    confidence: float
    statement_id: int
    article_id: str | None = None
    start: int | None = None
    end: int | None = None
    source: ArticleSource = field(default_factory=ArticleSource)

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat() if self.day else None, "stance": self.stance,
                "score": round(self.score, 3), "confidence": self.confidence,
                "statement": self.statement_id,
                **self.source.fields(self.article_id, self.start, self.end)}


@dataclass(frozen=True)
class Timeline:
    """An actor's position after each of its statements on a question."""

    question: str
    actor: str
    points: tuple[TimelinePoint, ...]

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question, "actor": self.actor,
                "points": [p.to_json() for p in self.points]}


def timeline(store: Store, question_id: str, actor: str, *, since: date | None = None,
             until: date | None = None, half_life_days: float = HALF_LIFE_DAYS) -> Timeline:
    """The running, recency-weighted position of ``actor`` (a code or a prefix, RUS)."""
    return timelines(store, question_id, [actor], since=since, until=until,
                     half_life_days=half_life_days)[actor.upper()]


def timelines(store: Store, question_id: str, actors: Sequence[str], *,
              since: date | None = None, until: date | None = None,
              half_life_days: float = HALF_LIFE_DAYS) -> dict[str, Timeline]:
    """:func:`timeline` of each of ``actors`` (codes or prefixes), keyed by the upper-cased
    code, from one query (a page drawing every actor's line asks once, not once per actor)."""
    codes = list(dict.fromkeys(a.upper() for a in actors))
    if not codes:
        return {}
    st = s.statement
    query = (select(s.stance.c.actor, s.stance.c.statement_id, s.stance.c.stance,
                    s.stance.c.confidence, s.stance.c.authority, s.stance.c.day,
                    s.stance.c.evidence_start, s.stance.c.evidence_end, st.c.article_id,
                    *article_columns())
             .join(st, st.c.id == s.stance.c.statement_id)
             .join(s.article, s.article.c.id == st.c.article_id)  # provenance, same query
             .where(s.stance.c.question_id == question_id,
                    or_(*(actor_range(code) for code in codes)))
             .order_by(s.stance.c.day, s.stance.c.statement_id))
    if since is not None:
        query = query.where(s.stance.c.day >= since)
    if until is not None:
        query = query.where(s.stance.c.day <= until)
    with store.connect() as conn:
        rows = conn.execute(query).all()
    found = {code: _running(rows, code, half_life_days) for code in codes}
    return {code: Timeline(question_id, code, points) for code, points in found.items()}


def _running(rows: Sequence[Any], code: str,
             half_life_days: float) -> tuple[TimelinePoint, ...]:
    """The running position over the ``rows`` (in day order) whose actor starts with
    ``code``."""
    points: list[TimelinePoint] = []
    total = mass = 0.0
    last: date | None = None
    for r in rows:
        if not str(r.actor or "").startswith(code):
            continue
        day = r.day
        if last is not None and day is not None:
            factor = 0.5 ** ((day - last).days / half_life_days)
            total, mass = total * factor, mass * factor
        last = day or last
        weight = r.confidence * r.authority
        total += SIGN[r.stance] * weight
        mass += weight
        score = total / mass if mass else 0.0
        points.append(TimelinePoint(day, stance_of(score), score, confidence_of(score, mass),
                                    r.statement_id, r.article_id, r.evidence_start,
                                    r.evidence_end, ArticleSource.of(r)))
    return tuple(points)
