"""Dated office-holder rows, offices, and the names under which a holder is looked up.

An :class:`OfficeRow` is one person holding one office from ``start`` to ``end`` (inclusive;
``None`` = open). Every actor source (peppercat, REIGN, CIA 2019, the hand table, Wikidata,
the user's entries, Phoenix) yields these rows; :mod:`vetowatch.extract.actors.index` turns
them into the look-up tables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

# precedence tiers: a higher tier that covers the date wins over any lower one
TIER_USER = 4
TIER_HAND = 3
TIER_TABLE = 2
TIER_PHOENIX_DATED = 1
TIER_PHOENIX_UNDATED = 0

# office types (what the free-text position labels are mapped to)
HEAD_OF_STATE = "head of state"
HEAD_OF_GOVERNMENT = "head of government"
DEPUTY_HEAD = "deputy head of state or government"
FOREIGN_MINISTER = "foreign minister"
DEFENCE_MINISTER = "defence minister"
UN_REPRESENTATIVE = "UN permanent representative"
AMBASSADOR = "ambassador"
SPOKESPERSON = "spokesperson"
SECURITY_ADVISER = "national security adviser"
MINISTER = "other minister"
MILITARY_CHIEF = "military chief"
UN_OFFICIAL = "UN official"
ENVOY = "envoy"
LEADER = "effective leader"
OTHER = "other"

OFFICE_TYPES = frozenset({
    HEAD_OF_STATE, HEAD_OF_GOVERNMENT, DEPUTY_HEAD, FOREIGN_MINISTER, DEFENCE_MINISTER,
    UN_REPRESENTATIVE, AMBASSADOR, SPOKESPERSON, SECURITY_ADVISER, MINISTER, MILITARY_CHIEF,
    UN_OFFICIAL, ENVOY, LEADER, OTHER,
})
# offices whose holders may be found by surname alone
TRACKED = frozenset({
    HEAD_OF_STATE, HEAD_OF_GOVERNMENT, DEPUTY_HEAD, FOREIGN_MINISTER, DEFENCE_MINISTER,
    UN_REPRESENTATIVE, SPOKESPERSON, SECURITY_ADVISER, MILITARY_CHIEF, UN_OFFICIAL, ENVOY,
    LEADER, MINISTER,
})
# when one person holds several offices on a date, the first in this order speaks for them
OFFICE_RANK = (
    HEAD_OF_STATE, HEAD_OF_GOVERNMENT, LEADER, DEPUTY_HEAD, FOREIGN_MINISTER, DEFENCE_MINISTER,
    UN_OFFICIAL, ENVOY, UN_REPRESENTATIVE, SECURITY_ADVISER, SPOKESPERSON, MINISTER, AMBASSADOR,
    MILITARY_CHIEF, OTHER,
)
# offices held by one person at a time in a country: an open tenure ends when the next starts
SINGLE_HOLDER = frozenset({
    HEAD_OF_STATE, HEAD_OF_GOVERNMENT, FOREIGN_MINISTER, DEFENCE_MINISTER, UN_REPRESENTATIVE,
})


class OfficeRow(NamedTuple):
    """One person in one office (a tuple: cheap to build, pickle and compare)."""

    name: str  # the person's full name as the source spells it
    code: str  # CAMEO-style actor code: USAGOV, RUSMIL, IGOUNO
    office: str  # office type (see the constants above) or the source's label
    start: date | None
    end: date | None
    source: str  # file and row, or a URL
    aliases: tuple[str, ...] = ()
    tier: int = TIER_TABLE
    label: str = ""  # the source's own position label
    person_id: str = ""  # a stable id (Wikidata QID) when the source has one
    surname_only: bool = False  # ``name`` is a surname (REIGN): looked up as one

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def country(self) -> str:
        return self.code[:3]


@dataclass(frozen=True)
class Resolution:
    """What a mention resolves to on a date, and why."""

    code: str
    country: str  # ISO alpha-3, or IGO
    sector: str  # GOV, MIL, UNO, …
    person: str
    office: str
    source: str
    start: date | None
    end: date | None
    tier: int
    why: str

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code, "country": self.country, "sector": self.sector,
            "person": self.person, "office": self.office, "source": self.source,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "tier": self.tier, "why": self.why,
        }


def resolution_of(row: OfficeRow, why: str) -> Resolution:
    country, sector = row.code[:3], row.code[3:]
    return Resolution(row.code, country, sector, row.name, row.office, row.source,
                      row.start, row.end, row.tier, why)


# -- names ----------------------------------------------------------------------------------

_DROP = re.compile(r"[.'’`\"]")
_SPACE = re.compile(r"[\s_\-‐–,]+")
_PARTICLES = frozenset({"DE", "DI", "DA", "DU", "DEL", "DELLA", "DOS", "DAS", "VAN", "VON",
                        "DER", "LE", "LA", "AL", "EL", "BIN", "BEN", "ABU", "MC", "MAC"})
# family name first in English-language news
_FAMILY_FIRST = frozenset({"CHN", "TWN", "HKG", "PRK", "KOR", "VNM", "KHM", "MNG"})


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """``"Nebenzia"`` → ``"NEBENZIA"``; ``"Ban Ki-moon"`` → ``"BAN KI MOON"``; accents dropped."""
    plain = text
    if not text.isascii():
        plain = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _SPACE.sub(" ", _DROP.sub("", plain.upper())).strip()


@lru_cache(maxsize=200_000)
def name_keys(name: str) -> frozenset[str]:
    """The full-name keys of a person: as written, and first + last name (middle dropped)."""
    folded = fold(name)
    if not folded:
        return frozenset()
    keys = {folded}
    parts = folded.split()
    if len(parts) > 2:
        keys.add(f"{parts[0]} {parts[-1]}")
        full = [p for p in parts if len(p) > 1]  # initials dropped
        if len(full) > 1:
            keys.add(" ".join(full))
    return frozenset(keys)


@lru_cache(maxsize=200_000)
def surname_keys(name: str, country: str = "") -> frozenset[str]:
    """The keys a surname-only mention of the person takes: ``de Mistura`` → ``DE MISTURA``,
    ``MISTURA``; ``Wang Yi`` (China) → ``WANG``."""
    parts = fold(name).split()
    if len(parts) < 2:
        return frozenset(parts)
    keys = {parts[-1]}
    if parts[-2] in _PARTICLES:
        keys.add(f"{parts[-2]} {parts[-1]}")
    if country in _FAMILY_FIRST:
        keys.add(parts[0])
    return frozenset(keys)
