"""What is known about a draft before it is put to the vote.

:class:`DraftSpec` is the only input the forecasting models see about a draft. It never
carries the outcome, the tally or the votes: :meth:`DraftSpec.from_record` drops them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from vetowatch.council.record import DraftRecord

__all__ = [
    "KINDS",
    "PERMANENT",
    "SEAT_ALIASES",
    "DraftKind",
    "DraftSpec",
    "count_rivals",
    "derive_kind",
    "norm_key",
    "seat",
    "submitter_group",
]

PERMANENT: tuple[str, ...] = ("CHN", "FRA", "GBR", "RUS", "USA")
"""The five permanent seats, alphabetical."""

SEAT_ALIASES: dict[str, str] = {"SUN": "RUS"}
"""Codes whose history continues a permanent seat (the USSR's votes count for Russia's seat)."""

DraftKind = Literal[
    "sanctions",
    "mandate_renewal",
    "condemnation",
    "ceasefire",
    "tribunal",
    "membership",
    "procedural",
    "other",
]
KINDS: tuple[DraftKind, ...] = (
    "sanctions",
    "mandate_renewal",
    "condemnation",
    "ceasefire",
    "tribunal",
    "membership",
    "procedural",
    "other",
)

_KIND_PATTERNS: tuple[tuple[DraftKind, re.Pattern[str]], ...] = (
    ("membership", re.compile(r"admission of new member|new members|membership", re.I)),
    (
        "procedural",
        re.compile(r"\bprocedur|provisional rules|date of (the )?election", re.I),
    ),
    ("tribunal", re.compile(r"tribunal|\bIRMCT\b|\bICTY\b|\bICTR\b|residual mechanism", re.I)),
    (
        "sanctions",
        re.compile(r"sanction|embargo|asset freeze|travel ban|panel of experts|\b1267\b", re.I),
    ),
    ("ceasefire", re.compile(r"cease-?fire|cessation of hostilities|humanitarian pause", re.I)),
    ("condemnation", re.compile(r"\bcondemn|\bdeplor", re.I)),
    (
        "mandate_renewal",
        re.compile(r"\b(extend|extension|renew)\w*\b.*\bmandate|mandate\b.*\b(extend|renew)", re.I),
    ),
)

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_KEY_STOPWORDS = frozenset({"the", "of", "incl", "inc", "including", "and", "in", "on", "a"})


def seat(code: str) -> str:
    """The seat whose history a member code continues (``SUN`` → ``RUS``)."""
    return SEAT_ALIASES.get(code, code)


@lru_cache(maxsize=8192)
def norm_key(text: str | None) -> str:
    """A folded key for agenda/topic strings, so that spelling variants share history.

    "Middle East, inc. Palestinian question" and "Middle East, incl. the Palestinian
    question" give the same key. ``None`` and blank give ``""``.
    """
    if not text:
        return ""
    words = [w for w in _NOT_ALNUM.split(text.lower()) if w and w not in _KEY_STOPWORDS]
    return " ".join(words)


def count_rivals(records: Iterable[DraftRecord]) -> dict[int, int]:
    """For each record id, how many other records share its date and agenda item."""
    records = list(records)
    groups = Counter((r.date, norm_key(r.agenda)) for r in records)
    return {r.id: groups[(r.date, norm_key(r.agenda))] - 1 for r in records}


@lru_cache(maxsize=4096)
def derive_kind(*texts: str | None) -> DraftKind | None:
    """The kind of draft suggested by its title, text, agenda or subjects, or ``None``."""
    joined = " ".join(t for t in texts if t)
    if not joined.strip():
        return None
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(joined):
            return kind
    return None


def submitter_group(submitters: tuple[str, ...]) -> str:
    """A coarse key for who put a draft forward.

    ``"PRESIDENT"`` for a President's text, ``"P5:FRA+GBR"`` for the permanent members
    among the submitters, ``"ELECTED"`` when only other states submitted it and
    ``"UNKNOWN"`` when nobody is recorded.
    """
    if not submitters:
        return "UNKNOWN"
    if "PRESIDENT" in submitters:
        return "PRESIDENT"
    p5 = sorted({seat(s) for s in submitters} & set(PERMANENT))
    if p5:
        return "P5:" + "+".join(p5)
    return "ELECTED"


@dataclass(frozen=True)
class DraftSpec:
    """A draft as known before the vote.

    ``submitters`` are ISO alpha-3 codes or ``"PRESIDENT"``; empty when unknown.
    ``kind`` is one of :data:`KINDS` or ``None`` when it cannot be derived.
    ``procedural`` marks a procedural question (no veto applies). ``rivals`` is the number
    of other drafts on the same agenda item put to the vote the same day (competing texts
    are announced before the meeting; ``0`` when unknown).
    """

    date: date
    agenda: str | None = None
    topic: str | None = None
    region: str | None = None
    category: str | None = None
    submitters: tuple[str, ...] = ()
    kind: DraftKind | None = None
    title: str | None = None
    text: str | None = None
    procedural: bool = False
    rivals: int = 0

    @classmethod
    def from_record(cls, record: DraftRecord, rivals: int = 0) -> DraftSpec:
        """The pre-vote part of a record: no outcome, tally, votes, vetoes or resolution.

        ``rivals`` (other drafts on the same agenda item voted the same day) is not in a
        single record; :func:`count_rivals` derives it from a day's records.
        """
        kind = derive_kind(*record.subjects, record.agenda)
        if kind is None and record.procedural:
            kind = "procedural"
        return cls(
            date=record.date,
            agenda=record.agenda,
            topic=record.topic,
            region=record.region,
            category=record.category,
            submitters=tuple(record.submitters),
            kind=kind,
            procedural=record.procedural,
            rivals=rivals,
        )

    @property
    def agenda_key(self) -> str:
        return norm_key(self.agenda)

    @property
    def topic_key(self) -> str:
        """The topic key, falling back to the agenda key when no topic is recorded."""
        return norm_key(self.topic) or norm_key(self.agenda)

    @property
    def group(self) -> str:
        return submitter_group(self.submitters)

    @property
    def submitter_keys(self) -> tuple[str, ...]:
        """Submitters as history keys: seats, deduplicated, or the group when none."""
        if not self.submitters:
            return ("UNKNOWN",)
        keys = sorted({seat(s) for s in self.submitters})
        return tuple(keys)

    def resolved_kind(self) -> DraftKind | None:
        """``kind`` if given, else derived from the title, text and agenda."""
        if self.kind is not None:
            return self.kind
        return derive_kind(self.title, self.text, self.agenda)
