"""Rows produced by the source parsers, before reconciliation.

Every row remembers the file and line it came from so that any later error or
correction can name them. Member codes are ISO 3166 alpha-3 (see ``council.members``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Literal, TypeVar

from vetowatch.council.record import Outcome, VoteCode

ActionKind = Literal["resolution", "draft", "prst", "other"]
T = TypeVar("T")


@dataclass(frozen=True)
class SourceNote:
    """A written-rule correction, a counted skip, or a remaining inconsistency in a source."""

    source_file: str
    line: int | None
    kind: str  # short slug: "filled-blank-member", "skipped-row", "fixed-draft-symbol", ...
    detail: str


class NoteLog:
    """Notes made while reading one source, each (kind, detail) kept once."""

    def __init__(self, source_file: str) -> None:
        self.source_file = source_file
        self.seen: set[tuple[str, str]] = set()
        self.notes: list[SourceNote] = []

    def add(self, line: int | None, kind: str, detail: str) -> None:
        if (kind, detail) not in self.seen:
            self.seen.add((kind, detail))
            self.notes.append(SourceNote(self.source_file, line, kind, detail))


@dataclass
class Parsed(Generic[T]):
    """What a parser returns: its rows and the notes it made while reading them."""

    rows: list[T] = field(default_factory=list)
    notes: list[SourceNote] = field(default_factory=list)


@dataclass(frozen=True)
class DhlAction:
    """One decision or draft listed in a DHL yearly "Meetings and outcomes" page."""

    source_file: str
    line: int  # line of the table row in the HTML file
    year: int
    date: date | None
    date_text: str
    meeting: str | None  # "S/PV.6627"
    press_release: str | None  # "SC/10403"
    topic: str
    kind: ActionKind
    symbol: str  # "S/RES/1973 (2011)", "S/2011/612", "S/PRST/2011/19"
    resolution: int | None
    outcome: Outcome  # resolutions and statements: adopted; drafts: vetoed/failed/other
    vetoed_by: tuple[str, ...]
    yes: int | None
    no: int | None
    abstain: int | None
    non_voting: int | None
    procedural: bool
    text: str  # the cell text this action was read from


@dataclass(frozen=True)
class VetoEntry:
    """One row of a veto list (the DHL veto page, or a CSV veto list)."""

    source_file: str
    line: int
    date: date
    draft: str | None  # draft symbol; None where the list gives only a meeting record
    meeting: str | None
    agenda: str
    vetoed_by: tuple[str, ...]


@dataclass(frozen=True)
class OliverVote:
    """One member's vote on one draft, from the 1994–2025 voting table (oliverunv)."""

    line: int
    source_id: str  # the file's draft ID column
    date: date
    resolution: int | None
    meeting: str | None  # normalised "S/PV.nnnn"
    draft: str | None
    agenda: str | None
    category: str | None
    region: str | None
    topic: str | None
    submitters: tuple[str, ...]  # ISO codes, or "PRESIDENT"
    outcome: Outcome
    outcome_text: str
    member: str
    vote: VoteCode


@dataclass(frozen=True)
class UndlVote:
    """One member's vote on one adopted resolution, UN Digital Library format."""

    line: int
    undl_id: str
    member: str
    member_name: str
    permanent: bool
    vote: VoteCode
    date: date
    resolution: int | None
    draft: str | None
    meeting: str | None
    description: str
    agenda: str | None
    subjects: tuple[str, ...]
    vote_note: str | None
    total_yes: int | None
    total_no: int | None
    total_abstentions: int | None
    total_non_voting: int | None
    total_ms: int | None
    modality: str | None


@dataclass(frozen=True)
class MembershipRow:
    """One member's seat in one year."""

    line: int
    year: int
    member: str
    name: str
    permanent: bool


@dataclass(frozen=True)
class MarcDraft:
    """One record of the UN Digital Library MARC export of Council draft resolutions."""

    line: int  # spreadsheet row (the header is row 1)
    record_id: str  # UNDL record id; "" for crosswalk-only rows that give none
    draft: str | None  # "S/2011/142", "S/10875/Rev.1"; None where the row is no S/ document
    resolution: int | None  # the adopted resolution's number (1973 for "S/RES/1973(2011)")
    title: str  # MARC title statement (245 $a, $c): "Draft resolution / France, Lebanon, ..."
    description: str  # 239 $a: "Draft resolution [on establishment of a ban on flights ...]"
    subjects: tuple[str, ...]  # 650 $a topical terms, then 610 $a corporate names
