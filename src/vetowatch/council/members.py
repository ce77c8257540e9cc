"""Security Council member identities: ISO 3166 alpha-3 codes, names and permanent seats.

Members are ISO 3166-1 alpha-3 codes; states that no longer exist keep their ISO 3166-3
codes: the USSR ``SUN``, Yugoslavia ``YUG``, Czechoslovakia ``CSK`` and the German
Democratic Republic ``DDR``. Successor states that continued a membership use the current
code: the United Arab Republic is ``EGY``, Zaire ``COD``, the Byelorussian SSR ``BLR`` and
the Ukrainian SSR ``UKR``. The China seat is one permanent seat ``CHN``; that the Republic
of China held it until 25 October 1971 is only a matter of its display name.

The names live in ``council/data/members.tsv``. Lookups ignore case, accents, punctuation,
a leading "the" and (as a second try) a trailing parenthesis, and are cached.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from vetowatch.errors import NotFoundError

__all__ = [
    "HISTORICAL_CODES",
    "PERMANENT_SEATS",
    "MemberInfo",
    "all_codes",
    "is_permanent",
    "member_code",
    "member_name",
    "normalise_name",
    "permanent_members",
    "resolve_member",
    "seat_of",
]

PERMANENT_SEATS: tuple[str, ...] = ("CHN", "FRA", "GBR", "RUS", "USA")
"""The five permanent seats, by the code of their present holder (alphabetical)."""

HISTORICAL_CODES: frozenset[str] = frozenset({"SUN", "YUG", "CSK", "DDR"})

USSR_END = date(1991, 12, 24)  # the Russian Federation continues the USSR's membership
CZECHOSLOVAKIA_END = date(1993, 1, 1)
YUGOSLAVIA_END = date(2006, 6, 3)  # Serbia continues Serbia and Montenegro
ROC_END = date(1971, 10, 25)  # General Assembly resolution 2758 (XXVI)

# Names used for a seat's holder before a given date (display only; codes do not change).
_HISTORICAL_NAMES: dict[str, tuple[tuple[date, str], ...]] = {
    "CHN": ((ROC_END, "Republic of China"),),
    "COD": ((date(1971, 10, 27), "Congo (Léopoldville)"), (date(1997, 5, 17), "Zaire")),
    "EGY": ((date(1958, 2, 22), "Egypt"), (date(1971, 9, 2), "United Arab Republic")),
    "BLR": ((date(1991, 8, 25), "Byelorussian SSR"),),
    "UKR": ((date(1991, 8, 24), "Ukrainian SSR"),),
    "DEU": ((date(1990, 10, 3), "Federal Republic of Germany"),),
}

# Codes that successor rules turn into a predecessor's code before a date.
_PREDECESSORS: dict[str, tuple[date, str]] = {
    "RUS": (USSR_END, "SUN"),
    "CZE": (CZECHOSLOVAKIA_END, "CSK"),
    "SVK": (CZECHOSLOVAKIA_END, "CSK"),
    "SRB": (YUGOSLAVIA_END, "YUG"),
    "MNE": (YUGOSLAVIA_END, "YUG"),
}

_PAREN = re.compile(r"\([^)]*\)")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = str.maketrans("", "", "'’‘`´")


@dataclass(frozen=True)
class MemberInfo:
    """One state in the name table."""

    code: str
    name: str
    aliases: tuple[str, ...]


def normalise_name(text: str) -> str:
    """Fold a name for lookup: no accents, case, apostrophes, punctuation or leading "the"."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.replace("_x000D_", " ").replace("&", " and ")
    folded = folded.casefold().translate(_APOSTROPHES)
    folded = _NOT_WORD.sub(" ", folded).strip()
    if folded.startswith("the "):
        folded = folded[4:]
    return folded


def _load_table() -> dict[str, MemberInfo]:
    text = resources.files("vetowatch.council").joinpath("data/members.tsv").read_text("utf-8")
    table: dict[str, MemberInfo] = {}
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        code, name = parts[0].strip(), parts[1].strip()
        aliases = (
            tuple(a.strip() for a in parts[2].split("|") if a.strip()) if len(parts) > 2 else ()
        )
        table[code] = MemberInfo(code, name, aliases)
    return table


_TABLE: dict[str, MemberInfo] = _load_table()


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for info in _TABLE.values():
        for text in (info.code, info.name, *info.aliases):
            index.setdefault(normalise_name(text), info.code)
    return index


_INDEX: dict[str, str] = _build_index()


def all_codes() -> tuple[str, ...]:
    """Every code in the name table, sorted."""
    return tuple(sorted(_TABLE))


@lru_cache(maxsize=4096)
def _lookup(text: str) -> str | None:
    """The undated code for a name or code, or None."""
    key = normalise_name(text)
    code = _INDEX.get(key)
    if code is None and "(" in text:
        code = _INDEX.get(normalise_name(_PAREN.sub(" ", text)))
    return code


def _apply_date(code: str, on: date | None) -> str:
    if on is None:
        return code
    rule = _PREDECESSORS.get(code)
    if rule is not None and on < rule[0]:
        return rule[1]
    return code


def _suggest(text: str) -> list[str]:
    close = difflib.get_close_matches(normalise_name(text), list(_INDEX), n=3, cutoff=0.75)
    return [f"{_INDEX[c]} ({_TABLE[_INDEX[c]].name})" for c in close]


def _not_found(text: str) -> NotFoundError:
    hint = _suggest(text)
    more = f"; did you mean {', '.join(hint)}?" if hint else "."
    return NotFoundError(
        f"unknown Council member {text!r}: not an ISO 3166 alpha-3 code or a known name{more} "
        "Use a code such as 'FRA' or a name such as 'France'."
    )


def member_code(name: str, on: date | None = None) -> str:
    """The ISO alpha-3 code for a member's name (any known variant) or code.

    With ``on``, successor names give the predecessor's code before the succession:
    "Russian Federation" before 1991-12-24 is ``SUN``, "Czechia" before 1993 is ``CSK``,
    "Serbia" before 2006-06-03 is ``YUG``.
    """
    code = _lookup(name)
    if code is None:
        raise _not_found(name)
    return _apply_date(code, on)


def member_name(code: str, on: date | None = None) -> str:
    """The display name for a code; with ``on``, the name the seat's holder had then."""
    info = _TABLE.get(code.strip().upper())
    if info is None:
        raise _not_found(code)
    if on is not None:
        for until, name in _HISTORICAL_NAMES.get(info.code, ()):
            if on < until:
                return name
    return info.name


def _fuzzy(text: str) -> str | None:
    """The one code whose name is clearly closest to a misspelt name, or None."""
    key = normalise_name(text)
    if len(key) < 5:
        return None
    scored = sorted(
        ((difflib.SequenceMatcher(None, key, name).ratio(), code) for name, code in _INDEX.items()),
        reverse=True,
    )
    (best, code), (second, other) = scored[0], scored[1]
    if best < 0.8 or (other != code and best - second < 0.05):
        return None
    return code


def resolve_member(text: str, on: date | None = None) -> str:
    """A member code from user input: a code or a name, case-insensitive, typo-tolerant."""
    cleaned = text.strip()
    if not cleaned:
        raise NotFoundError("no Council member given: use a code such as 'FRA' or a name.")
    code = _lookup(cleaned) or _fuzzy(cleaned)
    if code is None:
        raise _not_found(cleaned)
    return _apply_date(code, on)


def is_permanent(code: str) -> bool:
    """Whether a code holds (or held, for ``SUN``) a permanent seat."""
    return code in PERMANENT_SEATS or code == "SUN"


def seat_of(code: str) -> str:
    """The seat a code sits in: ``SUN`` sits in the Russian Federation's seat, others their own."""
    if code not in _TABLE:
        raise _not_found(code)
    return "RUS" if code == "SUN" else code


def permanent_members(on: date) -> tuple[str, ...]:
    """The five permanent members' codes on a date (``SUN`` before 1991-12-24)."""
    return tuple(_apply_date(seat, on) for seat in PERMANENT_SEATS)
