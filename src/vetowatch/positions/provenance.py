"""Provenance: every position, shift and claim points at statements, articles and offsets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func

from vetowatch.statements.rows import ArticleSource, article_columns
from vetowatch.store import schema as s

__all__ = ["SIGN", "ArticleSource", "Evidence", "actor_key", "actor_range", "article_columns",
           "check_level", "day_of", "ids"]

SIGN = {"for": 1, "against": -1, "neutral": 0}


def day_of() -> ColumnElement[Any]:
    """The date a statement was made: its own date, else its article's publication date."""
    return func.coalesce(s.statement.c.when_date, s.article.c.published)


def actor_range(code: str) -> ColumnElement[bool]:
    """``column`` starts with ``code`` as an index-friendly range (RUS → RUSGOV, RUSMED…)."""
    code = code.upper()
    upper = code[:-1] + chr(ord(code[-1]) + 1)
    return and_(s.stance.c.actor >= code, s.stance.c.actor < upper)


def actor_key(code: str | None, level: str) -> str | None:
    """The group an actor code falls in: itself (``level="actor"``) or its country (RUS)."""
    if code is None:
        return None
    return code[:3] if level == "country" else code


def check_level(level: str) -> str:
    from vetowatch.errors import InvalidInputError

    if level not in ("actor", "country"):
        raise InvalidInputError(f"unknown level {level!r}: use 'actor' (RUSGOV) or 'country' (RUS)")
    return level


@dataclass(frozen=True)
class Evidence:
    """A statement behind a result: where it is (article, character offsets) and what it says.

    ``start``/``end`` delimit the evidence span in the article text (``text`` is that span);
    ``sentence_start``/``sentence_end`` the whole sentence. ``source`` is the article
    (title, outlet, URL, date) when the query joined it (:func:`article_columns`);
    :meth:`to_json` gives the provenance fields of the event exports, ``char_start``/
    ``char_end`` being the evidence span.
    """

    statement_id: int
    article_id: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    text: str
    speaker: str
    actor: str | None
    day: date | None
    stance: str | None = None
    weight: float | None = None
    source: ArticleSource = field(default_factory=ArticleSource)

    @classmethod
    def of(cls, row: Any, start: int | None = None, end: int | None = None,
           stance: str | None = None, weight: float | None = None) -> Evidence:
        """From a statement row (with ``day``, and the article's columns when selected with
        :func:`article_columns`); the span defaults to the whole sentence."""
        lo = row.start if start is None else start
        hi = row.end if end is None else end
        text = row.sentence[lo - row.start:hi - row.start]
        return cls(row.id, row.article_id, lo, hi, row.start, row.end, text, row.speaker_text,
                   row.speaker_actor, row.day, stance, weight, ArticleSource.of(row))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "statement": self.statement_id, "article": self.article_id,
            "start": self.start, "end": self.end,
            "sentence": [self.sentence_start, self.sentence_end], "text": self.text,
            "speaker": self.speaker, "actor": self.actor,
            "date": self.day.isoformat() if self.day else None,
        }
        if self.stance is not None:
            out["stance"] = self.stance
        if self.weight is not None:
            out["weight"] = round(self.weight, 4)
        out.update(self.source.fields(self.article_id, self.start, self.end))
        return out


def ids(evidence: Sequence[Evidence]) -> list[int]:
    return [e.statement_id for e in evidence]
