"""The :class:`Statement` record: who said what, through whom, about whom, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

# CAMEO root → PLOVER category (POLECAT's 16 categories; 01 "make public statement" has none).
PLOVER_BY_ROOT: dict[str, str | None] = {
    "01": None,
    "02": "REQUEST",
    "03": "AGREE",
    "04": "CONSULT",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "AID",
    "08": "CONCEDE",
    "09": "ACCUSE",
    "10": "REQUEST",
    "11": "ACCUSE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "ASSAULT",
    "20": "ASSAULT",
}

# Goldstein (1992) conflict–cooperation weights of the CAMEO root codes.
GOLDSTEIN_BY_ROOT: dict[str, float] = {
    "01": 0.0,
    "02": 3.0,
    "03": 4.0,
    "04": 1.0,
    "05": 3.5,
    "06": 6.0,
    "07": 7.0,
    "08": 5.0,
    "09": -2.0,
    "10": -5.0,
    "11": -2.0,
    "12": -4.0,
    "13": -6.0,
    "14": -6.5,
    "15": -7.2,
    "16": -4.0,
    "17": -7.0,
    "18": -9.0,
    "19": -10.0,
    "20": -10.0,
}


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
    """CAMEO root code (``"01"``…``"20"``), its PLOVER category and Goldstein score."""

    cameo: str
    plover: str | None
    goldstein: float

    @classmethod
    def from_root(cls, root: str) -> Event:
        root = root[:2].zfill(2)
        return cls(root, PLOVER_BY_ROOT.get(root), GOLDSTEIN_BY_ROOT.get(root, 0.0))

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
