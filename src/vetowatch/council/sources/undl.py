"""UN Digital Library "Security Council Voting Data" CSV (official format, v3 and later).

One row is one Member State's vote on one adopted resolution. Columns (see the UNDL
description): ``undl_id, ms_code, ms_name, permanent_member, ms_vote, date, resolution,
draft, meeting, description, agenda, subjects, vote_note, total_yes, total_no,
total_abstentions, total_non_voting, total_ms, modality, undl_link``. The file (about
41k rows, 15 MB) is streamed. ``ms_code`` may be a historical code (``SUN``, ``YUG``);
it is checked against ``council.members`` and, where unknown, mapped from ``ms_name``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from vetowatch.council.members import member_code
from vetowatch.council.record import VoteCode
from vetowatch.council.sources.common import csv_records, open_text
from vetowatch.council.sources.types import Parsed, SourceNote, UndlVote
from vetowatch.errors import NotFoundError, SourceFormatError

__all__ = ["REQUIRED_COLUMNS", "iter_undl", "parse_undl", "resolution_number"]

REQUIRED_COLUMNS: tuple[str, ...] = (
    "undl_id",
    "ms_code",
    "ms_name",
    "permanent_member",
    "ms_vote",
    "date",
    "resolution",
    "draft",
    "meeting",
    "description",
    "agenda",
    "subjects",
    "vote_note",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "modality",
)
_VOTES: frozenset[str] = frozenset({"Y", "N", "A", "X"})
_RES = re.compile(r"^S/RES/(\d{1,4})\s*(?:\(\s*\d{4}\s*\))?$")
_BOOL = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


def resolution_number(symbol: str) -> int | None:
    """``"S/RES/504(1982)"`` → 504; anything else → None."""
    match = _RES.match(" ".join(symbol.split()))
    return int(match.group(1)) if match else None


def _int(path: Path, line: int, column: str, text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        raise SourceFormatError(path, line, f"{column} is not a number: {text!r}") from None


def _opt(text: str) -> str | None:
    cleaned = " ".join(text.split())
    return cleaned or None


class _Reader:
    """State kept while reading one file: its path and the notes made (each once)."""

    def __init__(self, path: Path, notes: list[SourceNote] | None = None) -> None:
        self.path = path
        self.notes: list[SourceNote] = notes if notes is not None else []
        self._seen: set[tuple[str, str]] = set()

    def note(self, line: int, kind: str, detail: str) -> None:
        if (kind, detail) not in self._seen:
            self._seen.add((kind, detail))
            self.notes.append(SourceNote(self.path.name, line, kind, detail))

    def member(self, line: int, code: str, name: str, on: date) -> str:
        code = code.strip().upper()
        try:
            mapped = member_code(code, on) if code else None
        except NotFoundError:
            mapped = None
        if mapped is not None:
            if mapped != code:
                self.note(line, "mapped-member-code", f"{code} on {on} read as {mapped}")
            return mapped
        try:
            mapped = member_code(name, on)
        except NotFoundError as exc:
            raise SourceFormatError(
                self.path, line, f"unknown member {code!r} / {name!r}", exc.message
            ) from None
        self.note(line, "mapped-member-code", f"ms_code {code!r} ({name}) read as {mapped}")
        return mapped

    def row(self, line: int, rec: dict[str, str]) -> UndlVote:
        path = self.path
        try:
            when = date.fromisoformat(rec["date"].strip())
        except ValueError:
            raise SourceFormatError(
                path, line, f"bad date {rec['date']!r}", "Expected YYYY-MM-DD"
            ) from None
        vote = rec["ms_vote"].strip().upper()
        if vote not in _VOTES:
            raise SourceFormatError(
                path, line, f"unknown vote {rec['ms_vote']!r}", "Expected Y, N, A or X"
            )
        permanent = _BOOL.get(rec["permanent_member"].strip().casefold())
        if permanent is None:
            raise SourceFormatError(
                path,
                line,
                f"permanent_member is {rec['permanent_member']!r}",
                "Expected True/False",
            )
        symbol = rec["resolution"].strip()
        resolution = resolution_number(symbol)
        if resolution is None and symbol:
            self.note(line, "unparsed-resolution", f"resolution {symbol!r} not S/RES/n(yyyy)")
        return UndlVote(
            line=line,
            undl_id=rec["undl_id"].strip(),
            member=self.member(line, rec["ms_code"], rec["ms_name"], when),
            member_name=" ".join(rec["ms_name"].split()),
            permanent=permanent,
            vote=_vote(vote),
            date=when,
            resolution=resolution,
            draft=_opt(rec["draft"]),
            meeting=_opt(rec["meeting"]),
            description=" ".join(rec["description"].split()),
            agenda=_opt(rec["agenda"]),
            subjects=tuple(s.strip() for s in rec["subjects"].split("|") if s.strip()),
            vote_note=_opt(rec["vote_note"]),
            total_yes=_int(path, line, "total_yes", rec["total_yes"]),
            total_no=_int(path, line, "total_no", rec["total_no"]),
            total_abstentions=_int(path, line, "total_abstentions", rec["total_abstentions"]),
            total_non_voting=_int(path, line, "total_non_voting", rec["total_non_voting"]),
            total_ms=_int(path, line, "total_ms", rec["total_ms"]),
            modality=_opt(rec["modality"]),
        )


def _vote(code: str) -> VoteCode:
    if code == "Y":
        return "Y"
    if code == "N":
        return "N"
    if code == "A":
        return "A"
    return "X"


def iter_undl(path: Path, notes: list[SourceNote] | None = None) -> Iterator[UndlVote]:
    """Stream the UNDL voting CSV row by row (header checked first); notes go to ``notes``."""
    path = Path(path)
    state = _Reader(path, notes)
    with open_text(path) as handle:
        rows = csv.reader(handle)
        header = [h.strip() for h in next(rows, [])]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise SourceFormatError(
                path,
                1,
                f"not a UNDL voting CSV: missing column(s) {', '.join(missing)}",
                f"Expected the UNDL header ({', '.join(REQUIRED_COLUMNS)}, undl_link)",
            )
        for line, record in csv_records(path, rows, header):
            yield state.row(line, record)
        state.notes.extend(handle.notes)


def parse_undl(path: Path) -> Parsed[UndlVote]:
    """Read the whole UNDL voting CSV (streamed) into rows and notes."""
    notes: list[SourceNote] = []
    rows = list(iter_undl(Path(path), notes))
    return Parsed(rows=rows, notes=notes)
