"""CAMEO event codes: root, Goldstein weight, QuadClass and PLOVER category of a full code.

A statement keeps its CAMEO code as coded: three or four digits where the cue lexicon
(``extract/data/cues.tsv``, ``stance.tsv``) or the verb dictionary gives one (``111``
"criticize or denounce", ``129`` "veto", ``0874`` "retreat or surrender militarily"), the
two-digit root where only the category is known (``01`` for a plain "said": CAMEO's ``010``
"make statement, not specified below" says no more). Every lookup here takes any such code
and falls back by longest prefix, four digits → three → root:

>>> goldstein("0874"), goldstein("087"), goldstein("08"), goldstein("0879")
(10.0, 9.0, 5.0, 9.0)
>>> plover_type("163", {"16": "SANCTION", "163": "COERCE"}), plover_type("16")
('COERCE', 'SANCTION')
>>> root_of("1121"), quad_class("1121")
('11', 3)

PLOVER categories of full codes come from the PLOVER crosswalk (``CAMEO2PLOVER-2021.txt``
under the events data folder, read at run time by :func:`read_crosswalk`; nothing of it is
copied here); without it, from the root table :data:`PLOVER_BY_ROOT`. Old rows that stored
a root only read the same as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

__all__ = ["CROSSWALK_FILE", "GOLDSTEIN_BY_CODE", "GOLDSTEIN_BY_ROOT", "PARALLEL_ROOTS",
           "PLOVER_BY_ROOT", "QUAD", "REJECTED", "REQUESTED", "REQUEST_ROOTS", "PloverCode",
           "goldstein", "is_code", "plover_code", "plover_type", "prefixes", "quad_class",
           "read_crosswalk", "rejected_code", "requested_code", "root_of"]

_V = TypeVar("_V")

CROSSWALK_FILE = Path("plover") / "CAMEO2PLOVER-2021.txt"

# CAMEO root → PLOVER category (POLECAT's 16 categories; 01 "make public statement" has none).
PLOVER_BY_ROOT: dict[str, str | None] = {
    "01": None, "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT",
    "06": "COOPERATE", "07": "AID", "08": "CONCEDE", "09": "ACCUSE", "10": "REQUEST",
    "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE",
    "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}

# Goldstein (1992) conflict–cooperation weights of the CAMEO root codes.
GOLDSTEIN_BY_ROOT: dict[str, float] = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0,
    "09": -2.0, "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2,
    "16": -4.0, "17": -7.0, "18": -9.0, "19": -10.0, "20": -10.0,
}

# The Goldstein weights of the three- and four-digit codes that differ from the weight of
# the code they fall under (the CAMEO codebook's Goldstein scale, as GDELT publishes it for
# every CAMEO code); a code not listed takes its longest listed prefix's weight, e.g. 0211
# → 021 → 3.4, 1241 → 12 → -4.0. Only the differences are written, grouped by root.
GOLDSTEIN_BY_CODE: dict[str, float] = {
    "011": -0.1, "012": -0.4, "013": 0.4, "016": -2.0, "018": 3.4, "019": 3.4,
    "021": 3.4, "022": 3.2, "023": 3.4, "024": -0.3, "025": -0.3, "026": 4.0, "027": 4.0,
    "028": 4.0,
    "031": 5.2, "032": 4.5, "033": 5.2, "0334": 6.0, "034": 7.0, "035": 7.0, "037": 5.0,
    "038": 7.0, "039": 5.0,
    "042": 1.9, "043": 2.8, "044": 2.5, "045": 5.0, "046": 7.0,
    "051": 3.4, "053": 3.8, "054": 6.0, "055": 7.0, "056": 7.0, "057": 8.0,
    "061": 6.4, "062": 7.4, "063": 7.4, "064": 7.0,
    "071": 7.4, "072": 8.3, "073": 7.4, "074": 8.5,
    "084": 7.0, "085": 7.0, "086": 9.0, "087": 9.0, "0874": 10.0,
    "125": -5.0, "126": -5.0, "127": -5.0, "128": -5.0, "129": -5.0,
    "130": -4.4, "131": -5.8, "132": -5.8, "133": -5.8, "134": -5.8, "135": -5.8,
    "136": -7.0, "137": -7.0, "138": -7.0, "139": -7.0,
    "144": -7.5, "145": -7.5,
    "162": -5.6, "163": -8.0, "164": -7.0, "165": -6.5, "166": -7.0,
    "171": -9.2, "172": -5.0, "173": -5.0, "174": -5.0, "175": -9.0,
    "182": -9.5, "1821": -9.0, "1822": -9.0, "1823": -10.0, "183": -10.0, "184": -8.0,
    "185": -8.0, "186": -10.0,
    "191": -9.5, "192": -9.5, "196": -9.5,
    "201": -9.5,
}

# CAMEO root → QuadClass (1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
# 4 material conflict), as in the Phoenix and GDELT codebooks
QUAD: dict[str, int] = {
    **dict.fromkeys(("01", "02", "03", "04", "05"), 1), **dict.fromkeys(("06", "07", "08"), 2),
    **dict.fromkeys(("09", "10", "11", "12", "13", "14"), 3),
    **dict.fromkeys(("15", "16", "17", "18", "19", "20"), 4),
}

# Demands (10), appeals (02) and intents to cooperate (03) are coded by what is asked for or
# promised, in parallel (CAMEO 1056 / 0256 / 0356 de-escalation, 106 / 026 / 036 a meeting or
# negotiation): the act the content codes (its longest prefix here) → the digits that follow
# 10, 02 or 03. Acts with no clear counterpart (plain aid 070, protection 074, praise 05x …)
# leave the code at its root.
REQUESTED: dict[str, str] = {
    "04": "6", "036": "6", "045": "8", "037": "7", "038": "8", "039": "8",
    "061": "11", "062": "12", "063": "13", "064": "14", "071": "31", "072": "32", "073": "33",
    "081": "51", "082": "52", "083": "4", "0831": "41", "0832": "42", "0833": "43",
    "0834": "44", "084": "53", "085": "54", "086": "55", "087": "56",
}
REQUEST_ROOTS = frozenset({"02", "10"})
PARALLEL_ROOTS = REQUEST_ROOTS | {"03"}

# A rejection of a demand or appeal is coded by what was asked for, too (CAMEO 1231 "reject
# demand for change in leadership" answers 1041): the third digit of the request → the
# third digit of the rejection (12x); a fourth digit carries over.
REJECTED: dict[str, str] = {"1": "1", "3": "2", "4": "3", "5": "4", "6": "5", "7": "7", "8": "6"}

_LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?")


@dataclass(frozen=True)
class PloverCode:
    """A PLOVER event type with its mode and context (empty strings where none is given)."""

    event: str
    mode: str = ""
    context: str = ""


def is_code(code: str | None) -> bool:
    """Whether ``code`` is a CAMEO event code: 2–4 digits under a root 01–20."""
    if not code or not code.isdigit() or not 2 <= len(code) <= 4:
        return False
    return code[:2] in GOLDSTEIN_BY_ROOT


def root_of(code: str) -> str:
    """The two-digit root of a code (``"1121"`` → ``"11"``; a one-digit ``"1"`` → ``"01"``)."""
    return code[:2] if len(code) >= 2 else code.zfill(2)


def prefixes(code: str) -> list[str]:
    """``code`` and its shorter prefixes down to the root, longest first."""
    return [code[:size] for size in range(min(len(code), 4), 1, -1)]


def goldstein(code: str) -> float:
    """The Goldstein weight of a code by longest prefix (0.0 for what is not a CAMEO code)."""
    for prefix in prefixes(code):
        found = GOLDSTEIN_BY_CODE.get(prefix)
        if found is None:
            found = GOLDSTEIN_BY_ROOT.get(prefix)
        if found is not None:
            return found
    return 0.0


def quad_class(code: str) -> int | None:
    """The QuadClass (1–4) of a code's root, ``None`` for what is not a CAMEO code."""
    return QUAD.get(root_of(code)) if code else None


def _longest(code: str, table: Mapping[str, _V] | None) -> _V | None:
    """The value of ``code``'s longest prefix in ``table`` (``None`` without one)."""
    if not table:
        return None
    for prefix in prefixes(code):
        found = table.get(prefix)
        if found is not None:
            return found
    return None


def plover_code(code: str, crosswalk: Mapping[str, PloverCode] | None = None) -> PloverCode | None:
    """The PLOVER type, mode and context of a code: its longest prefix in ``crosswalk``,
    else the root's type alone (``None`` for 01, which PLOVER does not code)."""
    found = _longest(code, crosswalk)
    if found is not None:
        return found
    event = PLOVER_BY_ROOT.get(root_of(code)) if code else None
    return PloverCode(event) if event else None


def plover_type(code: str, table: Mapping[str, str] | None = None) -> str | None:
    """The PLOVER category of a code: its longest prefix in ``table`` (code → category, as
    :func:`vetowatch.extract.events.read_plover_table` gives), else the root's."""
    found = _longest(code, table)
    if found is not None:
        return found
    return PLOVER_BY_ROOT.get(root_of(code)) if code else None


def requested_code(root: str, act: str | None, leadership: bool = False) -> str:
    """The full code of a demand, appeal or intent (``root`` 10, 02 or 03) for an act coded
    ``act``: ``requested_code("10", "0871")`` → ``"1056"`` (demand de-escalation: a
    ceasefire), ``("03", "046")`` → ``"036"`` (intent to negotiate); an act already coded
    under the root keeps its code (``("03", "0333")``); a change of leader asked for
    (``leadership``: "X to step down") → ``1041`` / ``0241`` / ``0341``; the root when the act
    has no counterpart (:data:`REQUESTED`)."""
    if root not in PARALLEL_ROOTS:
        return root
    if leadership:
        return root + "41"
    if act and act[:2] == root and act[2:].strip("0"):
        return act
    for prefix in prefixes(act) if act else ():
        found = REQUESTED.get(prefix)
        if found is not None:
            return root + found
    return root


def rejected_code(request: str) -> str:
    """The full code of rejecting a request coded ``request`` (10x or 02x):
    ``rejected_code("1041")`` → ``"1231"``, ``"106"`` → ``"125"``; the root 12 when the
    request has no counterpart (a root, or 102 diplomatic cooperation)."""
    if request[:2] not in REQUEST_ROOTS or len(request) < 3 or request[2] not in REJECTED:
        return "12"
    return "12" + REJECTED[request[2]] + request[3:4]


def read_crosswalk(path: Path) -> dict[str, PloverCode]:
    """``CAMEO2PLOVER-2021.txt`` → code → :class:`PloverCode` (the first line of a code wins;
    modes and contexts stripped of blanks, ``;``-separated contexts kept as written)."""
    table: dict[str, PloverCode] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = _LINE.match(raw.strip())
        if match is None:
            continue
        code, event, mode, context = match.groups()
        table.setdefault(code, PloverCode(event, (mode or "").strip(),
                                          " ".join((context or "").split())))
    return table
