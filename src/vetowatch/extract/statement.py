"""The :class:`Statement` record: who said what, through whom, about whom, and when."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from vetowatch.extract.cameo import (
    GOLDSTEIN_BY_ROOT,
    PLOVER_BY_ROOT,
    goldstein,
    plover_type,
    root_of,
)

# the CAMEO tables live in :mod:`vetowatch.extract.cameo`; their root tables are re-exported
# here for the modules that read them from this one
__all__ = ["GOLDSTEIN_BY_ROOT", "PLOVER_BY_ROOT", "Event", "Mention", "Statement", "When"]


@dataclass(frozen=True)
class Mention:
    """A mention of an actor in the article and its CAMEO-style code (``None`` if unknown)."""

    text: str
    actor: str | None
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "actor": self.actor}


@dataclass(frozen=True)
class Event:
    """A CAMEO event code as coded (the root ``"01"``…``"20"``, or three or four digits
    where the cue or the verb dictionary gives them: ``"111"``, ``"0874"``), its PLOVER
    category and Goldstein score (both by longest prefix: :mod:`vetowatch.extract.cameo`).
    Rows stored with a root only read back unchanged."""

    cameo: str
    plover: str | None
    goldstein: float

    @property
    def root(self) -> str:
        """The two-digit CAMEO root (what code-level rules and the dev-set scorer compare)."""
        return root_of(self.cameo)

    @classmethod
    def from_root(cls, root: str) -> Event:
        """The event of a root code (a longer code is cut to its root)."""
        return cls.from_code(root[:2].zfill(2))

    @classmethod
    def from_code(cls, code: str, table: Mapping[str, str] | None = None) -> Event:
        """The event of a full code: PLOVER category from ``table`` (the crosswalk, code →
        category) by longest prefix, else the root's; Goldstein weight by longest prefix."""
        code = code if len(code) >= 2 else code.zfill(2)
        return cls(code, plover_type(code, table), goldstein(code))

    def to_json(self) -> dict[str, Any]:
        return {"cameo": self.cameo, "plover": self.plover, "goldstein": self.goldstein}


@dataclass(frozen=True)
class When:
    """When it was said: the date phrase, the resolved date and its precision."""

    text: str | None = None
    date: date | None = None
    precision: str | None = None  # "day" | "month" | "year" | "published"

    def iso(self) -> str | None:
        if self.date is None:
            return None
        if self.precision == "year":
            return f"{self.date.year:04d}"
        if self.precision == "month":
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    @property
    def note(self) -> str | None:
        """Why a date phrase was not used (it resolved to no day on or before publication)."""
        if self.precision == "published" and self.text:
            return (f"{self.text!r} gives no date on or before the publication: "
                    "dated to the publication")
        return None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "date": self.iso(),
                                "precision": self.precision}
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class Statement:
    """One attributed statement. ``start``/``end`` are character offsets of the sentence,
    ``content_start``/``content_end`` those of what was said (``None``: not recorded)."""

    article_id: str
    sentence: str
    start: int
    end: int
    speaker: Mention
    via: tuple[Mention, ...]
    cue: str
    kind: str  # "direct" | "indirect"
    content: str
    target: Mention | None
    polarity: int  # 1 support, -1 oppose, 0 neutral
    negated: bool
    event: Event
    when: When
    content_start: int | None = None  # character offsets of ``content`` in the article
    content_end: int | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (``json.dumps(statement.to_json())``)."""
        return {
            "article_id": self.article_id,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "content_start": self.content_start,
            "content_end": self.content_end,
            "speaker": self.speaker.to_json(),
            "via": [m.to_json() for m in self.via],
            "cue": self.cue or None,  # a quotation with no cue of its own: null
            "kind": self.kind,
            "content": self.content,
            "target": self.target.to_json() if self.target else None,
            "polarity": self.polarity,
            "negated": self.negated,
            "event": self.event.to_json(),
            "when": self.when.to_json(),
        }
