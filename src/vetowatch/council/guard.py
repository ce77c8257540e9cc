"""The import guard: the Council record never shrinks silently.

Before ``data import`` replaces the record it counts, for each source family and year, the
decisions that source contributed, and for each year the vetoes, member votes and seats, in
the record now in the database and in the record about to be written. A count that would go
down (a year of the DHL pages missing, a truncated CSV) refuses the import with
:class:`~vetowatch.errors.RecordShrinkError` unless the caller allows it; every count that
changed is returned for the import summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from vetowatch.council.reconcile import Reconciled
from vetowatch.errors import RecordShrinkError
from vetowatch.store import schema as s

__all__ = ["Change", "Ledger", "changes", "check_shrink", "ledger_of_db", "ledger_of_record"]

# (measure, source tag, year) -> count
Ledger = Counter[tuple[str, str, int]]

FAMILIES: dict[str, str] = {
    "dhl": "DHL yearly pages",
    "dhl-veto": "DHL veto page",
    "oliverunv": "per-member votes 1994-2025",
    "undl": "UNDL voting CSV",
    "undl-marc": "UNDL MARC export",
    "all": "the record",
    "membership": "membership table",
}
_FILES: dict[str, str] = {
    "dhl-veto": "dhl_pages/scact_veto_table_en.html",
    "oliverunv": "sc_votes_incl_failed_drafts_1994_2025_oliverunv.csv",
    "undl-marc": "sc_resolutions_undl_marc_export_2022.xlsx",
}


@dataclass(frozen=True)
class Change:
    """One count of one source and year that differs between the record and the import."""

    measure: str  # "decisions", "vetoes", "votes", "seats"
    source: str  # a source tag (see FAMILIES)
    year: int
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before

    def to_json(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "source": self.source,
            "source_name": FAMILIES.get(self.source, self.source),
            "year": self.year,
            "before": self.before,
            "after": self.after,
            "delta": self.delta,
        }

    def describe(self, hint: str = "") -> str:
        name = FAMILIES.get(self.source, self.source)
        text = f"{self.year}: {self.before} -> {self.after} {self.measure} from {name}"
        return f"{text} ({hint})" if hint else text


def ledger_of_record(rec: Reconciled) -> Ledger:
    """Counts of the record about to be written."""
    out: Ledger = Counter()
    for d in rec.decisions:
        year = d.date.year
        out["decisions", "all", year] += 1
        for tag in d.sources:
            out["decisions", tag, year] += 1
        out["vetoes", "all", year] += len(d.vetoed_by)
        out["votes", "all", year] += len(d.votes)
    for m in rec.membership:
        out["seats", "membership", m.year] += 1
    return out


def ledger_of_db(conn: Connection) -> Ledger:
    """The same counts for the record in the database (empty when none was imported)."""
    out: Ledger = Counter()
    years: dict[int, int] = {}
    for did, day, sources in conn.execute(
        select(s.decision.c.id, s.decision.c.date, s.decision.c.sources)
    ):
        years[did] = day.year
        out["decisions", "all", day.year] += 1
        for tag in filter(None, (sources or "").split(",")):
            out["decisions", tag, day.year] += 1
    for table, measure in ((s.vote, "votes"), (s.veto, "vetoes")):
        query = select(table.c.decision_id, func.count()).group_by(table.c.decision_id)
        for did, n in conn.execute(query):
            if did in years:
                out[measure, "all", years[did]] += int(n)
    query = select(s.member_year.c.year, func.count()).group_by(s.member_year.c.year)
    for year, n in conn.execute(query):
        out["seats", "membership", int(year)] += int(n)
    return out


def changes(before: Ledger, after: Ledger) -> list[Change]:
    """Every count that differs, sorted by measure, source and year."""
    keys = sorted(set(before) | set(after))
    return [
        Change(*key, before.get(key, 0), after.get(key, 0))
        for key in keys
        if before.get(key, 0) != after.get(key, 0)
    ]


_LIST_YEARS = 3  # a source losing rows in more years than this gets one summary line


def _hint(change: Change, directory: Path) -> str:
    if change.source == "dhl":
        page = directory / "dhl_pages" / f"scact{change.year}_table_en.html"
        return f"DHL page {change.year} {'changed?' if page.is_file() else 'missing?'}"
    name = _FILES.get(change.source)
    if name is not None:
        return f"{name} {'changed?' if (directory / name).is_file() else 'missing?'}"
    if change.source == "undl":
        return "UNDL voting CSV missing or changed?"
    if change.source == "membership":
        return "membership table changed?"
    return ""


def check_shrink(found: Iterable[Change], directory: Path, *, allow_shrink: bool) -> None:
    """Raise RecordShrinkError when any count goes down (unless ``allow_shrink``)."""
    lost = [c for c in found if c.delta < 0]
    if not lost or allow_shrink:
        return
    groups: dict[tuple[str, str], list[Change]] = {}
    # Per-source lines first (they say which file), the record totals after them.
    for c in sorted(lost, key=lambda c: (c.source == "all", c.source, c.measure, c.year)):
        groups.setdefault((c.source, c.measure), []).append(c)
    lines: list[str] = []
    for (source, measure), group in groups.items():
        if len(group) <= _LIST_YEARS:
            lines.extend(c.describe(_hint(c, directory)) for c in group)
            continue
        before, after = sum(c.before for c in group), sum(c.after for c in group)
        hints = sorted({_hint(c, directory) for c in group} - {""})
        hint = hints[0] if len(hints) == 1 else _group_hint(source, directory)
        lines.append(
            f"{len(group)} years {group[0].year}-{group[-1].year}: {before} -> {after} "
            f"{measure} from {FAMILIES.get(source, source)}" + (f" ({hint})" if hint else "")
        )
    raise RecordShrinkError(directory, lines)


def _group_hint(source: str, directory: Path) -> str:
    if source == "dhl":
        pages = directory / "dhl_pages"
        return "DHL pages changed?" if pages.is_dir() else "dhl_pages/ missing?"
    return ""
