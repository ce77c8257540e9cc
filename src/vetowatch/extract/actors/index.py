"""The in-memory look-up of dated office-holders: full names, aliases and surnames.

Precedence: a higher tier (user > hand table > dated sources) that covers the date wins.
A full name or alias resolves to its holders; a surname alone resolves only when every
holder of a tracked office with that surname on that date has the same code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from vetowatch.extract.actors.model import (
    OFFICE_RANK,
    OFFICE_TYPES,
    SINGLE_HOLDER,
    TIER_TABLE,
    TRACKED,
    OfficeRow,
    fold,
    name_keys,
    surname_keys,
)
from vetowatch.extract.actors.offices import classify, strip_titles


@dataclass(frozen=True)
class Candidate:
    """One row a mention could refer to, and whether (and why) it was chosen."""

    row: OfficeRow
    match: str  # "name" | "alias" | "surname"
    covers: bool
    compatible: bool  # with the title in the mention (True when there was none)

    def as_dict(self) -> dict[str, object]:
        r = self.row
        return {
            "person": r.name, "code": r.code, "office": r.office, "label": r.label,
            "start": r.start.isoformat() if r.start else None,
            "end": r.end.isoformat() if r.end else None, "source": r.source, "tier": r.tier,
            "match": self.match, "covers_date": self.covers, "title_compatible": self.compatible,
        }


@dataclass
class HolderIndex:
    """Rows by folded full name / alias, and by surname (tracked offices only)."""

    by_name: dict[str, list[OfficeRow]] = field(default_factory=dict)
    by_surname: dict[str, list[OfficeRow]] = field(default_factory=dict)
    by_office: dict[tuple[str, str], list[OfficeRow]] = field(default_factory=dict)
    size: int = 0

    def add(self, row: OfficeRow) -> None:
        self.size += 1
        if row.surname_only:
            for key in {fold(row.name), *(fold(a) for a in row.aliases)}:
                self.by_surname.setdefault(key, []).append(row)
            return
        name = strip_titles(row.name)[0] if row.tier > TIER_TABLE else row.name
        for key in name_keys(name):
            self.by_name.setdefault(key, []).append(row)
        for alias in row.aliases:
            for key in name_keys(alias) if " " in alias.strip() else {fold(alias)}:
                target = self.by_name if " " in alias.strip() else self.by_surname
                target.setdefault(key, []).append(row)
        # hand-written rows with aliases name their own short forms ("Ban Ki-moon" is not "Moon")
        if row.office in TRACKED and not (row.tier > TIER_TABLE and row.aliases):
            for key in surname_keys(row.name, row.country):
                self.by_surname.setdefault(key, []).append(row)
        self.by_office.setdefault((row.country, row.office), []).append(row)

    def candidates(
        self, key: str, on: date | None, offices: frozenset[str] | None
    ) -> list[Candidate]:
        found: list[Candidate] = []
        seen: set[int] = set()
        for match, table in (("name", self.by_name), ("surname", self.by_surname)):
            for row in table.get(key, ()):
                if id(row) in seen:
                    continue
                seen.add(id(row))
                covers = on is None or row.covers(on)
                compatible = offices is None or row.office in offices
                found.append(Candidate(row, match, covers, compatible))
        return found

    def holders(self, country: str, office: str, on: date) -> list[OfficeRow]:
        rows = [r for r in self.by_office.get((country, office), ()) if r.covers(on)]
        return sorted(rows, key=lambda r: (r.tier, r.start or date.min), reverse=True)


def pick(candidates: list[Candidate]) -> tuple[Candidate | None, str]:
    """The winning candidate and why; ``None`` with the reason when nothing (or several
    persons of different codes) qualifies. Only candidates that cover the date count."""
    live = [c for c in candidates if c.covers]
    if not live:
        return None, "no tenure covers the date"
    if any(c.compatible for c in live):
        live = [c for c in live if c.compatible]
    top = max(c.row.tier for c in live)
    live = [c for c in live if c.row.tier == top]
    named = [c for c in live if c.match == "name"]
    if named:
        best = max(named, key=lambda c: c.row.start or date.min)
        return best, f"full name or alias, tier {top}"
    codes = {c.row.code for c in live}
    persons = {c.row.person_id or fold(c.row.name) for c in live}
    if len(codes) > 1 and len(persons) == 1:
        best = min(live, key=lambda c: _rank(c.row.office))
        return best, f"surname: one person on the date, in several offices; {best.row.office} first"
    if len(codes) == 1:
        best = max(live, key=lambda c: c.row.start or date.min)
        count = len({c.row.person_id or c.row.name for c in live})
        return best, f"surname: {count} holder(s) on the date, all {best.row.code}"
    return None, f"surname is ambiguous on the date ({', '.join(sorted(codes))})"


def same_person(a: OfficeRow, b: OfficeRow) -> bool:
    """The same person: the same Wikidata id, or a full name in common."""
    if a.person_id and b.person_id:
        return a.person_id == b.person_id
    return bool(name_keys(a.name) & name_keys(b.name))


def _rank(office: str) -> int:
    return OFFICE_RANK.index(office) if office in OFFICE_RANK else len(OFFICE_RANK)


def close_open_tenures(rows: list[OfficeRow]) -> list[OfficeRow]:
    """End an open tenure of a single-holder office when a different person's tenure of the
    same office (country and label) starts later: stale open rows (acting holders whose end
    Wikidata lacks, holders replaced after the snapshot) stop at the successor's start."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for i, row in enumerate(rows):
        if row.office in SINGLE_HOLDER and row.start is not None:
            groups.setdefault((row.code, row.office, fold(row.label)), []).append(i)
    out = list(rows)
    for members in groups.values():
        members.sort(key=lambda i: rows[i].start or date.min)
        for pos, i in enumerate(members):
            row = rows[i]
            if row.end is not None or row.start is None:
                continue
            begun = row.start
            later = [s for j in members[pos + 1:]
                     if not same_person(rows[j], row)
                     and (s := rows[j].start) is not None and s > begun]
            if later:
                out[i] = row._replace(end=later[0])
    return out


def reclassify(rows: Iterable[OfficeRow]) -> list[OfficeRow]:
    """Rows with ``office`` given as a free label get the office type the label maps to."""
    out = []
    for row in rows:
        if row.office in OFFICE_TYPES:
            out.append(row)
            continue
        kind = classify(row.office, row.country)
        out.append(row if kind is None else row._replace(office=kind[0], label=row.office))
    return out


def build_index(rows: Iterable[OfficeRow]) -> HolderIndex:
    index = HolderIndex()
    for row in rows:
        if row.tier >= TIER_TABLE:
            index.add(row)
    return index
