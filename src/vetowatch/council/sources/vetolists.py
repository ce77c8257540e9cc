"""Veto lists in CSV form: the DHL veto table (parsed) and the World Politics Datalab list.

Two formats, told apart by their header:

* DHL (``sc_veto_list_dhl_1946_2022.csv``): ``date`` (ISO), ``draft``, ``meeting_record``,
  ``agenda_item``, ``vetoed_by`` with states separated by "; " (one row uses ",").
* WPDL (``vetoes_wpdl_1946_sept2022.csv``): ``date`` as M/D/YYYY, ``draft``,
  ``meeting_record``, ``agenda_item``, ``member_veto1``–``member_veto3``, plus 0/1 columns
  per permanent member, which are checked against the named vetoers.

Early entries give a meeting record (``S/PV.n``) instead of a draft symbol; those get
``draft=None``. Annotations such as "(as amended)" are dropped from the symbol and noted.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from vetowatch.council.members import member_code
from vetowatch.council.sources.common import csv_records, open_text
from vetowatch.council.sources.types import Parsed, SourceNote, VetoEntry
from vetowatch.errors import NotFoundError, SourceFormatError

__all__ = ["DHL_COLUMNS", "WPDL_COLUMNS", "parse_veto_csv"]

DHL_COLUMNS: tuple[str, ...] = ("date", "draft", "meeting_record", "agenda_item", "vetoed_by")
WPDL_COLUMNS: tuple[str, ...] = (
    "date",
    "draft",
    "meeting_record",
    "agenda_item",
    "member_veto1",
    "member_veto2",
    "member_veto3",
)
_WPDL_DUMMIES = {
    "China": "CHN",
    "France": "FRA",
    "Russia": "RUS",
    "USSR": "SUN",
    "USA": "USA",
    "UK": "GBR",
}
_SYMBOL = re.compile(r"S/(?!PV)\d+(?:/\d+)?(?:/(?:Rev|Corr|Add)\.\d+)*")
_MEETING = re.compile(r"^S/PV\.\s*(\d+)$")


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.notes: list[SourceNote] = []

    def note(self, line: int, kind: str, detail: str) -> None:
        self.notes.append(SourceNote(self.path.name, line, kind, detail))

    def fail(self, line: int, problem: str, hint: str = "") -> SourceFormatError:
        return SourceFormatError(self.path, line, problem, hint)

    def code(self, line: int, name: str, on: date) -> str:
        try:
            return member_code(name, on)
        except NotFoundError as exc:
            raise self.fail(line, f"unknown vetoing member {name!r}", exc.message) from None

    def draft_and_meeting(
        self, line: int, draft: str, meeting: str
    ) -> tuple[str | None, str | None]:
        draft_text = " ".join(draft.split())
        meeting_text = " ".join(meeting.split())
        symbol_match = _SYMBOL.search(draft_text)
        symbol = symbol_match.group(0) if symbol_match else None
        if symbol is None and draft_text and not _MEETING.match(draft_text):
            self.note(line, "no-draft-symbol", f"draft cell {draft_text!r} has no draft symbol")
        elif symbol is not None and symbol != draft_text:
            self.note(line, "draft-annotation", f"draft cell {draft_text!r} read as {symbol}")
        match = _MEETING.match(meeting_text) or _MEETING.match(draft_text)
        record = f"S/PV.{match.group(1)}" if match else None
        if match is None and meeting_text:
            self.note(line, "no-meeting-record", f"meeting cell {meeting_text!r} is not S/PV.n")
        return symbol, record


def _dhl_date(text: str) -> date:
    return date.fromisoformat(text.strip())


def _wpdl_date(text: str) -> date:
    month, day, year = (int(p) for p in text.strip().split("/"))
    return date(year, month, day)


def _dhl_vetoers(reader: _Reader, line: int, rec: dict[str, str], on: date) -> tuple[str, ...]:
    text = rec["vetoed_by"].strip()
    if "," in text:
        reader.note(line, "comma-separated-vetoers", f"vetoed_by {text!r} split at ','")
    names = [n.strip() for n in re.split(r"[;,]", text) if n.strip()]
    return tuple(reader.code(line, n, on) for n in names)


def _wpdl_vetoers(reader: _Reader, line: int, rec: dict[str, str], on: date) -> tuple[str, ...]:
    names = [rec[c].strip() for c in ("member_veto1", "member_veto2", "member_veto3")]
    codes = tuple(reader.code(line, n, on) for n in names if n)
    flagged = {code for col, code in _WPDL_DUMMIES.items() if rec.get(col, "").strip() == "1"}
    present = any(col in rec for col in _WPDL_DUMMIES)
    if present and flagged != set(codes):
        reader.note(
            line,
            "veto-dummy-mismatch",
            f"member_veto columns give {', '.join(codes)}; 0/1 columns give "
            f"{', '.join(sorted(flagged))}",
        )
    return codes


def _entry(
    reader: _Reader,
    line: int,
    rec: dict[str, str],
    parse_date: _DateParser,
    vetoers: _Vetoers,
) -> VetoEntry:
    try:
        when = parse_date(rec["date"])
    except ValueError:
        raise reader.fail(line, f"bad date {rec['date']!r}", "Check the date format") from None
    vetoed_by = vetoers(reader, line, rec, when)
    if not vetoed_by:
        raise reader.fail(line, "no vetoing member", "Every veto entry names at least one")
    draft, meeting = reader.draft_and_meeting(line, rec["draft"], rec["meeting_record"])
    return VetoEntry(
        source_file=reader.path.name,
        line=line,
        date=when,
        draft=draft,
        meeting=meeting,
        agenda=" ".join(rec["agenda_item"].split()),
        vetoed_by=vetoed_by,
    )


_DateParser = Callable[[str], date]
_Vetoers = Callable[[_Reader, int, dict[str, str], date], tuple[str, ...]]


def _format(reader: _Reader, header: list[str]) -> tuple[_DateParser, _Vetoers]:
    """The date parser and vetoer reader for a header; SourceFormatError if neither fits."""
    if "vetoed_by" in header:
        columns, parse_date, vetoers = DHL_COLUMNS, _dhl_date, _dhl_vetoers
    elif "member_veto1" in header:
        columns, parse_date, vetoers = WPDL_COLUMNS, _wpdl_date, _wpdl_vetoers
    else:
        raise reader.fail(
            1,
            "not a known veto list: the header has neither 'vetoed_by' nor 'member_veto1'",
            f"Expected {', '.join(DHL_COLUMNS)} or {', '.join(WPDL_COLUMNS)}",
        )
    missing = [c for c in columns if c not in header]
    if missing:
        raise reader.fail(1, f"missing column(s) {', '.join(missing)}", f"Header: {header}")
    return parse_date, vetoers


def parse_veto_csv(path: Path) -> Parsed[VetoEntry]:
    """Read a veto list CSV in either format (told apart by its header)."""
    reader = _Reader(Path(path))
    entries: list[VetoEntry] = []
    with open_text(reader.path) as handle:
        rows = csv.reader(handle)
        header = [h.strip() for h in next(rows, [])]
        parse_date, vetoers = _format(reader, header)
        for line, record in csv_records(reader.path, rows, header):
            entries.append(_entry(reader, line, record, parse_date, vetoers))
    return Parsed(rows=entries, notes=[*handle.notes, *reader.notes])
