"""The 1994–2025 voting table with failed drafts (oliverunv, "sc_voting"), CSV form.

Columns: ``Year, Date, Resolution, Meeting, Draft, Agenda item, Category, Region,
Submitted by, Outcome results, Vote, Member State, ID, Membership_Status, Topic``. One row
is one member's vote on one draft. Values are normalised (member names to ISO codes with
the row's date, votes to ``Y/N/A``, outcomes to ``adopted/vetoed/failed``, meetings to
``S/PV.nnnn``, resolutions to numbers, submitters to codes); each written-rule fix is
recorded once per draft as a ``SourceNote``. Dates are parsed as given: swapped day and
month are fixed later, during reconciliation.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from vetowatch.council.members import member_code
from vetowatch.council.record import Outcome, VoteCode
from vetowatch.council.sources.common import clean_cell, csv_records, open_text
from vetowatch.council.sources.types import NoteLog, OliverVote, Parsed
from vetowatch.errors import NotFoundError, SourceFormatError

__all__ = ["REQUIRED_COLUMNS", "parse_oliverunv", "parse_submitters"]

REQUIRED_COLUMNS: tuple[str, ...] = (
    "Date",
    "Resolution",
    "Meeting",
    "Draft",
    "Agenda item",
    "Category",
    "Region",
    "Submitted by",
    "Outcome results",
    "Vote",
    "Member State",
    "ID",
    "Topic",
)
_HEADER_ALIASES = {"Date,": "Date"}  # the column's name in the original workbook
_VOTES: dict[str, VoteCode] = {"yes": "Y", "no": "N", "abstain": "A", "abstention": "A"}
_OUTCOMES: dict[str, Outcome] = {
    "not adopted - veto": "vetoed",
    "not adopted - failed to receive required number of votes": "failed",
}
_NON_STATE_SUBMITTERS = {
    "president": "PRESIDENT",
    "president?": "PRESIDENT",
    "committee on the admission of new members": "COMMITTEE",
    "all council members": "COUNCIL",
    "e10": "E10",
}
# Written rules for submitter cells cut at a line break of the original workbook.
_SUBMITTER_FIXES = {
    "Russian Federation and United": "Russian Federation and United States",
    "States": "",
}
_FRAGMENT_FIXES = {"Solomon": "Solomon Islands"}  # a cell cut after "Solomon"
_DRAFT_SYMBOL = re.compile(r"[Ss]\s*/\s*(\d{2,5})\s*[/-]\s*(\d+)")
_RES_IN_DRAFT = re.compile(r"^S/RES/(\d{1,4})\s*\(\s*(\d{4})\s*\)$")
_RESOLUTION = re.compile(r"^(?:Resolution\s+|S/RES/)?(\d{1,4})\s*(?:\(\s*\d{4}\s*\)?|/\d{4})?$")
_MEETING = re.compile(r"^(?:S/PV\.?\s*|PV\.\s*)?(\d{3,5})$")
_SPLIT = re.compile(r"\s*[,;]\s*")


def parse_submitters(text: str, on: date) -> tuple[str, ...]:
    """Submitter codes from a "Submitted by" cell (fragments that match nothing are left out).

    Non-state submitters become slugs: ``PRESIDENT``, ``COMMITTEE`` (the Committee on the
    Admission of New Members), ``COUNCIL`` (all members), ``E10`` (the elected ten).
    """
    return _submitters(text, on)[0]


@lru_cache(maxsize=8192)
def _submitters(text: str, on: date) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(codes, unmatched fragments, written-rule fixes applied) for a "Submitted by" cell."""
    cleaned = clean_cell(text).strip('"').strip()
    fixes: list[str] = []
    if cleaned in _SUBMITTER_FIXES:
        fixes.append(f"{cleaned!r} read as {_SUBMITTER_FIXES[cleaned]!r}")
        cleaned = _SUBMITTER_FIXES[cleaned]
    if cleaned in ("", "-none-"):
        return (), (), tuple(fixes)
    slug = _NON_STATE_SUBMITTERS.get(cleaned.casefold())
    if slug == "PRESIDENT":
        return (slug,), (), ()
    if slug is not None:
        return (slug,), (), (f"non-state submitter {cleaned!r} read as {slug}",)
    parts = [re.sub(r"\(\d+\)$", "", p).strip(" .") for p in _SPLIT.split(cleaned)]
    if parts and parts[-1] in _FRAGMENT_FIXES:
        fixes.append(f"cut name {parts[-1]!r} read as {_FRAGMENT_FIXES[parts[-1]]!r}")
        parts[-1] = _FRAGMENT_FIXES[parts[-1]]
    codes: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(parts):
        if not parts[i]:
            i += 1
            continue
        following = parts[i + 1] if i + 1 < len(parts) else None
        found, used = _resolve_part(parts[i], following, on)
        if found:
            codes.extend(c for c in found if c not in codes)
        else:
            unknown.append(parts[i])
        i += used
    return tuple(codes), tuple(unknown), tuple(fixes)


def _resolve_part(part: str, following: str | None, on: date) -> tuple[list[str], int]:
    """Codes for one comma-separated part (and how many parts it used)."""
    try:
        return [member_code(part, on)], 1
    except NotFoundError:
        pass
    if following is not None:  # a name cut in two: "Costa", "Rica"
        try:
            return [member_code(f"{part} {following}", on)], 2
        except NotFoundError:
            pass
    pieces = re.split(r"\s+and\s+", part)
    if len(pieces) > 1:
        try:
            return [member_code(p.strip(), on) for p in pieces], 1
        except NotFoundError:
            pass
    return [], 1


def _draft(raw: str, year: int, line: int, sid: str, notes: NoteLog) -> str | None:
    text = clean_cell(raw)
    if not text:
        return None
    found = _DRAFT_SYMBOL.findall(text)
    if not found:
        notes.add(line, "no-draft-symbol", f"ID {sid}: draft cell {text!r} has no S/ symbol")
        return None
    symbols: list[str] = []
    for year_text, number in found:
        fixed_year = year_text
        if year_text != str(year) and year_text.replace("0", "") == str(year).replace("0", ""):
            fixed_year = str(year)  # "S/206/381", "S/20016/636" in 2016
        symbols.append(f"S/{fixed_year}/{int(number)}")
    symbol = symbols[0]
    if text != symbol:
        detail = f"ID {sid}: draft cell {text!r} read as {symbol}"
        if len(symbols) > 1:
            detail += f" (also {', '.join(symbols[1:])})"
        notes.add(line, "fixed-draft-symbol", detail)
    return symbol


def _resolution(raw: str, line: int, sid: str, notes: NoteLog) -> int | None:
    text = clean_cell(raw)
    if not text:
        return None
    match = _RESOLUTION.match(text)
    if match is None:
        notes.add(line, "unparsed-resolution", f"ID {sid}: resolution cell {text!r} ignored")
        return None
    return int(match.group(1))


def _meeting(raw: str, line: int, sid: str, notes: NoteLog) -> str | None:
    text = clean_cell(raw)
    if not text:
        return None
    match = _MEETING.match(text)
    if match is None:
        notes.add(line, "no-meeting-record", f"ID {sid}: meeting cell {text!r} is not S/PV.n")
        return None
    return f"S/PV.{int(match.group(1))}"


def _outcome(raw: str, line: int, notes: NoteLog) -> Outcome:
    text = clean_cell(raw).casefold()
    if text.startswith("adopted"):
        return "adopted"
    outcome = _OUTCOMES.get(text)
    if outcome is None:
        notes.add(line, "unknown-outcome", f"outcome {raw!r} read as 'other'")
        return "other"
    return outcome


def _fail(path: Path, line: int, problem: str, hint: str = "") -> SourceFormatError:
    return SourceFormatError(path, line, problem, hint)


def _row(path: Path, line: int, rec: dict[str, str], notes: NoteLog) -> OliverVote:
    for col in ("Date", "Vote", "Member State", "ID", "Outcome results"):
        if not rec[col].strip():
            raise _fail(path, line, f"empty {col!r}", "Every vote row needs it")
    sid = rec["ID"].strip()
    try:
        when = date.fromisoformat(rec["Date"].strip())
    except ValueError:
        raise _fail(path, line, f"bad date {rec['Date']!r}", "Expected YYYY-MM-DD") from None
    vote = _VOTES.get(rec["Vote"].strip().casefold())
    if vote is None:
        raise _fail(path, line, f"unknown vote {rec['Vote']!r}", "Expected Yes, No or Abstain")
    try:
        member = member_code(clean_cell(rec["Member State"]), when)
    except NotFoundError as exc:
        raise _fail(path, line, f"unknown member {rec['Member State']!r}", exc.message) from None
    if clean_cell(rec["Member State"]) == "Ethipia":
        notes.add(line, "fixed-member-name", f"ID {sid}: 'Ethipia' read as ETH")
    draft_cell, res_cell = rec["Draft"], rec["Resolution"]
    swapped = _RES_IN_DRAFT.match(clean_cell(draft_cell))
    if swapped is not None:  # 2025: the Draft column holds "S/RES/n(yyyy)"
        draft_cell, res_cell = res_cell, f"{swapped.group(1)} ({swapped.group(2)})"
        notes.add(line, "swapped-draft-resolution", f"ID {sid}: Draft {rec['Draft']!r}")
    submitters, unknown, fixes = _submitters(rec["Submitted by"], when)
    if unknown:
        notes.add(line, "unknown-submitter", f"ID {sid}: dropped {', '.join(unknown)}")
    for fix in fixes:
        notes.add(line, "fixed-submitter", f"ID {sid}: {fix}")
    return OliverVote(
        line=line,
        source_id=sid,
        date=when,
        resolution=_resolution(res_cell, line, sid, notes),
        meeting=_meeting(rec["Meeting"], line, sid, notes),
        draft=_draft(draft_cell, when.year, line, sid, notes),
        agenda=clean_cell(rec["Agenda item"]) or None,
        category=clean_cell(rec["Category"]) or None,
        region=clean_cell(rec["Region"]) or None,
        topic=clean_cell(rec["Topic"]) or None,
        submitters=submitters,
        outcome=_outcome(rec["Outcome results"], line, notes),
        outcome_text=clean_cell(rec["Outcome results"]),
        member=member,
        vote=vote,
    )


def _check_drafts(rows: list[OliverVote], notes: NoteLog) -> None:
    """Notes for drafts without exactly 15 distinct members, and reused draft symbols."""
    by_id: dict[str, list[OliverVote]] = defaultdict(list)
    for row in rows:
        by_id[row.source_id].append(row)
    draft_owner: dict[str, str] = {}
    for sid, votes in by_id.items():
        members = Counter(v.member for v in votes)
        dupes = sorted(m for m, n in members.items() if n > 1)
        if len(votes) != 15 or dupes:
            extra = f"; repeated {', '.join(dupes)}" if dupes else ""
            notes.add(votes[0].line, "vote-count", f"ID {sid}: {len(votes)} vote rows{extra}")
        first = votes[0]
        if first.draft is not None and first.resolution is not None:
            owner = draft_owner.setdefault(first.draft, sid)
            if owner != sid and by_id[owner][0].resolution not in (None, first.resolution):
                notes.add(
                    first.line,
                    "reused-draft-symbol",
                    f"ID {sid}: draft {first.draft} also given for ID {owner} "
                    f"(resolution {by_id[owner][0].resolution}); cleared here",
                )
                for i, vote in enumerate(rows):
                    if vote.source_id == sid:
                        rows[i] = replace(vote, draft=None)


def parse_oliverunv(path: Path) -> Parsed[OliverVote]:
    """Read the oliverunv voting CSV (streamed) into one ``OliverVote`` per row."""
    path = Path(path)
    notes = NoteLog(path.name)
    rows: list[OliverVote] = []
    with open_text(path) as handle:
        reader = csv.reader(handle)
        header = [_HEADER_ALIASES.get(h.strip(), h.strip()) for h in next(reader, [])]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise _fail(path, 1, f"missing column(s) {', '.join(missing)}", f"Header: {header}")
        for line, record in csv_records(path, reader, header):
            rows.append(_row(path, line, record, notes))
    _check_drafts(rows, notes)
    return Parsed(rows=rows, notes=[*handle.notes, *notes.notes])
