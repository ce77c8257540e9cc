"""PETRARCH/Phoenix actor and agent dictionaries with date-bounded roles.

The ``.actors`` format (TABARI/PETRARCH): a root name line (``VLADIMIR_PUTIN_``),
``+SYNONYM`` lines, and code lines ``[RUSGOV 991231-080507]`` / ``[RUSGOV >080508]`` /
``[RUSGOV <080508]`` / ``[RUSELI]`` either on the root line or tab-indented below it.
Dates are ``YYMMDD`` or ``YYYYMMDD``. A role applies on a date when the date falls in its
range; undated roles are the fallback. ``Phoenix.agents.txt`` maps role nouns to sector
codes (``PRESIDENT [~GOV]``), with ``!MACRO!`` word sets.

Load once with :func:`load_actor_dictionary` and pass the object on; it is immutable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vetowatch.errors import DataNotFoundError
from vetowatch.extract.actors.index import Candidate, HolderIndex, pick
from vetowatch.extract.actors.model import (
    TIER_PHOENIX_DATED,
    TIER_PHOENIX_UNDATED,
    Resolution,
    resolution_of,
)
from vetowatch.extract.actors.offices import classify, strip_titles

ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
AGENT_FILE = "Phoenix.agents.txt"
DICTIONARY_DIR = Path("petrarch2") / "dictionaries"

_CODE = re.compile(r"\[([^\]]*)\]")
_NORM_DROP = re.compile(r"[.'’`]")
_NORM_SPACE = re.compile(r"[\s_\-]+")


def normalise_name(text: str) -> str:
    """``"Ban Ki-moon"`` → ``"BAN KI MOON"``: the key used for every dictionary lookup."""
    return _NORM_SPACE.sub(" ", _NORM_DROP.sub("", text.upper())).strip()


@dataclass(frozen=True)
class Role:
    """One code of an actor, valid from ``start`` to ``end`` (inclusive; ``None`` = open)."""

    code: str
    start: date | None = None
    end: date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _parse_day(raw: str) -> date | None:
    digits = raw.strip()
    try:
        if len(digits) == 6:
            year = int(digits[:2])
            year += 1900 if year >= 30 else 2000
            return date(year, int(digits[2:4]), int(digits[4:6]))
        if len(digits) == 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    return None


def parse_role(inner: str) -> Role | None:
    """``"RUSGOV 991231-080507"`` → :class:`Role`; ``None`` for ``---`` or unreadable dates."""
    parts = inner.split()
    if not parts or parts[0].startswith("-") or parts[0].startswith("~"):
        return None
    code, rest = parts[0], "".join(parts[1:])
    if not rest:
        return Role(code)
    if rest.startswith(">"):
        start = _parse_day(rest[1:])
        return Role(code, start=start) if start else None
    if rest.startswith("<"):
        end = _parse_day(rest[1:])
        return Role(code, end=end) if end else None
    if "-" in rest:
        first, _, last = rest.partition("-")
        start, end = _parse_day(first), _parse_day(last)
        return Role(code, start, end) if start and end else None
    return None


@dataclass(frozen=True)
class ActorDictionary:
    """Names → dated roles: the office-holder tables (``holders``, see
    :mod:`vetowatch.extract.actors.tables`) over the Phoenix names, and role nouns → sector
    codes. ``version`` is a short hash of the tables loaded."""

    names: dict[str, tuple[Role, ...]] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)
    holders: HolderIndex | None = None
    version: str = "phoenix"

    def roles(self, name: str) -> tuple[Role, ...]:
        return self.names.get(normalise_name(name), ())

    def code(self, name: str, on: date | None = None) -> str | None:
        """The actor code for ``name`` on the date ``on``: the office-holder tables first
        (user > hand table > dated sources), then Phoenix dated roles, then undated ones."""
        found = self.resolve(name, on)
        return found.code if found else None

    def resolve(self, name: str, on: date | None = None) -> Resolution | None:
        """What ``name`` resolves to on ``on``, with the person, office, source and why."""
        return self.explain(name, on)[0]

    def explain(
        self, name: str, on: date | None = None
    ) -> tuple[Resolution | None, list[Candidate]]:
        """The resolution and every candidate row considered (for ``actors resolve``)."""
        key, offices = strip_titles(name)
        candidates: list[Candidate] = []
        if self.holders is not None and key:
            candidates = self.holders.candidates(key, on, offices)
            best, why = pick(candidates)
            if best is not None:
                return resolution_of(best.row, why), candidates
        for phoenix_key in dict.fromkeys((normalise_name(name), key)):
            role = _phoenix_role(self.names.get(phoenix_key, ()), on)
            if role is not None:
                tier = TIER_PHOENIX_DATED if role.dated else TIER_PHOENIX_UNDATED
                why = "Phoenix " + ("dated role" if role.dated else "undated role")
                return Resolution(role.code, role.code[:3], role.code[3:], phoenix_key, "",
                                  "phoenix", role.start, role.end, tier, why), candidates
        return None, candidates

    def office_holder(self, country: str, office: str, on: date) -> Resolution | None:
        """Who held ``office`` (a type such as "foreign minister", or a label such as
        "secretary of state") in ``country`` (ISO alpha-3) on ``on``."""
        if self.holders is None:
            return None
        kind = classify(office, country)
        rows = self.holders.holders(country, kind[0] if kind else office, on)
        if not rows:
            rows = self.holders.holders(country, office, on)
        return resolution_of(rows[0], f"{office} of {country} on {on}") if rows else None

    def agent(self, phrase: str) -> str | None:
        """The sector code for a role noun phrase (``"foreign minister"`` → ``GOV``)."""
        return self.agents.get(normalise_name(phrase))


def _phoenix_role(roles: tuple[Role, ...], on: date | None) -> Role | None:
    if not roles:
        return None
    if on is not None:
        current = [r for r in roles if r.dated and r.covers(on)]
        if current:
            return current[-1]
    undated = [r for r in roles if not r.dated]
    if undated:
        return undated[0]
    if on is None:
        return roles[-1]
    return None


def _read_actor_lines(lines: Iterable[str], names: dict[str, list[Role]]) -> None:
    current: list[str] = []
    roles: list[Role] = []

    def flush() -> None:
        if current and roles:
            for name in current:
                names.setdefault(name, []).extend(roles)

    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = [r for r in (parse_role(m) for m in _CODE.findall(line)) if r is not None]
        head = _CODE.sub("", line).strip()
        if raw[:1] in "\t [" and not head:
            roles.extend(codes)
            continue
        if head.startswith("+"):
            if roles:  # a synonym after codes starts nothing new; keep it with this root
                names.setdefault(normalise_name(head[1:]), []).extend(roles)
            current.append(normalise_name(head[1:]))
            roles.extend(codes)
            continue
        if roles:
            flush()
            current, roles = [], []
        # a root without codes of its own shares the codes of the root that follows it
        current.append(normalise_name(head))
        roles.extend(codes)
    flush()


def _read_agents(lines: Iterable[str]) -> dict[str, str]:
    macros: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("!") and "=" in line:
            key, _, listed = line.partition("=")
            macros[key.strip()] = [w.strip() for w in listed.split(",") if w.strip()]
            continue
        match = _CODE.search(line)
        if not match or not match.group(1).startswith("~"):
            continue
        code = match.group(1)[1:].split()[0]
        phrase = re.sub(r"\{[^}]*\}", "", line[: match.start()]).strip()
        variants = [phrase]
        for macro, expansions in macros.items():
            if macro in phrase:
                variants = [v.replace(macro, w) for v in variants for w in expansions]
        for variant in variants:
            agents.setdefault(normalise_name(variant), code)
    return agents


def load_actor_dictionary(events_dir: Path) -> ActorDictionary:
    """Parse the Phoenix actor and agent files under ``events_dir`` (about a second).

    Raises :class:`DataNotFoundError` when the dictionaries are missing.
    """
    folder = events_dir / DICTIONARY_DIR
    if not folder.is_dir():
        raise DataNotFoundError(
            f"no PETRARCH dictionaries at {folder}; set VETOWATCH_DATA to the shared data folder"
        )
    names: dict[str, list[Role]] = {}
    for file in ACTOR_FILES:
        path = folder / file
        if path.is_file():
            with path.open(encoding="utf-8", errors="replace") as handle:
                _read_actor_lines(handle, names)
    agents: dict[str, str] = {}
    agent_path = folder / AGENT_FILE
    if agent_path.is_file():
        with agent_path.open(encoding="utf-8", errors="replace") as handle:
            agents = _read_agents(handle)
    frozen = {name: tuple(dict.fromkeys(roles)) for name, roles in names.items() if name}
    return ActorDictionary(frozen, agents)
