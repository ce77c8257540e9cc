"""Council membership by year: the DPPA "Security Council membership" CSV (1946–2027).

Columns: ``id, year, security_council_member, last_update``. One row per member and year;
11 members a year for 1946–1965 and 15 from 1966. The file uses current names for earlier
states ("Democratic Republic of the Congo" for Zaire); names become codes through
``council.members`` with 1 January of the row's year, so "Russian Federation" is ``SUN``
before 1992.

Eight names are blank in the source. They are filled by the written rules in
``BLANK_MEMBER_RULES`` and each fill is recorded as a ``SourceNote``.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vetowatch.council.members import is_permanent, member_code, member_name
from vetowatch.council.sources.common import csv_records, open_text
from vetowatch.council.sources.types import MembershipRow, Parsed, SourceNote
from vetowatch.errors import NotFoundError, SourceFormatError

__all__ = [
    "BLANK_MEMBER_RULES",
    "Term",
    "expected_size",
    "parse_membership",
    "terms",
]

REQUIRED_COLUMNS: tuple[str, ...] = ("year", "security_council_member")

BLANK_MEMBER_RULES: dict[int, tuple[str, str]] = {
    # year: (code, reason). Côte d'Ivoire sat 1964–65, 1990–91 and 2018–19; the DRC was
    # elected in June 2025 for 2026–27. The source leaves these names blank.
    1964: ("CIV", "Côte d'Ivoire sat 1964–1965; blank in the source"),
    1965: ("CIV", "Côte d'Ivoire sat 1964–1965; blank in the source"),
    1990: ("CIV", "Côte d'Ivoire sat 1990–1991; blank in the source"),
    1991: ("CIV", "Côte d'Ivoire sat 1990–1991; blank in the source"),
    2018: ("CIV", "Côte d'Ivoire sat 2018–2019; blank in the source"),
    2019: ("CIV", "Côte d'Ivoire sat 2018–2019; blank in the source"),
    2026: ("COD", "the Democratic Republic of the Congo was elected for 2026–2027"),
    2027: ("COD", "the Democratic Republic of the Congo was elected for 2026–2027"),
}


@dataclass(frozen=True)
class Term:
    """An unbroken run of years in which one state held a seat."""

    member: str
    start: int  # first year, inclusive
    end: int  # last year, inclusive
    permanent: bool = False

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)


def expected_size(year: int) -> int:
    """The Council's size in a year: 11 until 1965, 15 from 1966 (Charter amendment)."""
    return 11 if year <= 1965 else 15


def _rows(path: Path, notes: list[SourceNote]) -> Iterator[tuple[int, dict[str, str]]]:
    with open_text(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise SourceFormatError(path, 1, "the file is empty", "Expected a CSV header")
        header = [h.strip() for h in header]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise SourceFormatError(
                path, 1, f"missing column(s) {', '.join(missing)}", f"Header is {header}"
            )
        yield from csv_records(path, reader, header)
        notes.extend(handle.notes)


def _row(path: Path, line: int, record: dict[str, str], notes: list[SourceNote]) -> MembershipRow:
    year_text = record["year"].strip()
    if not year_text.isdigit() or not 1946 <= int(year_text) <= 2100:
        raise SourceFormatError(path, line, f"bad year {year_text!r}", "Expected e.g. 1946")
    year = int(year_text)
    name = record["security_council_member"].strip()
    if not name:
        rule = BLANK_MEMBER_RULES.get(year)
        if rule is None:
            raise SourceFormatError(
                path, line, f"blank member name in {year}", "No written rule fills this blank"
            )
        code, reason = rule
        notes.append(
            SourceNote(path.name, line, "filled-blank-member", f"{year}: blank → {code} ({reason})")
        )
        return MembershipRow(line, year, code, member_name(code), is_permanent(code))
    try:
        code = member_code(name, date(year, 1, 1))
    except NotFoundError as exc:
        raise SourceFormatError(path, line, f"unknown member name {name!r}", exc.message) from exc
    return MembershipRow(line, year, code, name, is_permanent(code))


def _check_years(
    path: Path, rows: list[MembershipRow], strict: bool, notes: list[SourceNote]
) -> None:
    by_year: dict[int, list[MembershipRow]] = defaultdict(list)
    for row in rows:
        by_year[row.year].append(row)
    for year, members in sorted(by_year.items()):
        codes = [r.member for r in members]
        problems: list[str] = []
        if len(codes) != expected_size(year):
            problems.append(f"{year} has {len(codes)} members, expected {expected_size(year)}")
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            problems.append(f"{year} lists {', '.join(dupes)} more than once")
        for problem in problems:
            if strict:
                raise SourceFormatError(path, members[0].line, problem, "Check the year's rows")
            notes.append(SourceNote(path.name, members[0].line, "member-count", problem))


def parse_membership(path: Path, *, strict: bool = True) -> Parsed[MembershipRow]:
    """Read the membership CSV into one row per member and year.

    Blank names are filled by ``BLANK_MEMBER_RULES`` (each noted). A year without 11
    (1946–65) or 15 (1966–) distinct members raises ``SourceFormatError``, or with
    ``strict=False`` is recorded as a ``member-count`` note.
    """
    path = Path(path)
    result: Parsed[MembershipRow] = Parsed()
    for line, record in _rows(path, result.notes):
        result.rows.append(_row(path, line, record, result.notes))
    _check_years(path, result.rows, strict, result.notes)
    return result


def members_in(rows: Iterable[MembershipRow], year: int) -> tuple[str, ...]:
    """The sorted member codes of one year."""
    return tuple(sorted(r.member for r in rows if r.year == year))


def terms(rows: Iterable[MembershipRow], *, include_permanent: bool = False) -> list[Term]:
    """Each member's runs of consecutive years on the Council, sorted by start and member.

    Elected members only unless ``include_permanent``. A state elected again after a gap
    gets a second term.
    """
    years: dict[str, set[int]] = defaultdict(set)
    permanent: dict[str, bool] = {}
    for row in rows:
        years[row.member].add(row.year)
        permanent[row.member] = row.permanent
    result: list[Term] = []
    for member, held in years.items():
        if permanent[member] and not include_permanent:
            continue
        ordered = sorted(held)
        start = prev = ordered[0]
        for year in ordered[1:]:
            if year != prev + 1:
                result.append(Term(member, start, prev, permanent[member]))
                start = year
            prev = year
        result.append(Term(member, start, prev, permanent[member]))
    return sorted(result, key=lambda t: (t.start, t.member))
