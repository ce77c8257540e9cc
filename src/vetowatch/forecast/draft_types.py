"""The draft types of the vote model: the five base classes read off a past vote, their
finer split by who voted No and by the elected members' level of dissent, the votes each
type rules out by its definition, and the floor that keeps every type possible
(:func:`floor_weights`; see :mod:`vetowatch.forecast.model`)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from vetowatch.council.record import DraftRecord
from vetowatch.errors import ModelError
from vetowatch.forecast.spec import PERMANENT, seat

__all__ = [
    "CLASSES",
    "EAST",
    "LEVEL_CUTS",
    "TYPES",
    "TYPE_BASE",
    "WEST",
    "draft_class",
    "draft_type",
    "floor_weights",
]

CLASSES: tuple[str, ...] = ("consensus", "east", "west", "both", "elected")
EAST = frozenset({"RUS", "CHN"})
WEST = frozenset({"USA", "GBR", "FRA"})
N_CLASSES = len(CLASSES)
LEVEL_CUTS: tuple[int, ...] = (2,)
"""Elected members' dissent levels: a draft with fewer than ``LEVEL_CUTS[0]`` elected members
not voting Yes is level 0 ("low"), and so on; the levels are the shared abstention factor."""
_LEVELS = len(LEVEL_CUTS) + 1


# the fine types: (stem, base class, votes allowed to Russia, China, the Western three);
# "Y" Yes only, "N" No only, "-" anything but No, "*" anything. Elected members may cast
# anything except in the consensus type.
_STEMS: tuple[tuple[str, int, str, str, str], ...] = (
    ("consensus", 0, "Y", "Y", "Y"),
    ("east_rus", 1, "N", "*", "Y"),  # Russia voted No (China with it or not)
    ("east_chn", 1, "-", "N", "Y"),  # China voted No, Russia did not
    ("east_abstain", 1, "-", "-", "Y"),  # Russia/China abstained (or did not vote)
    ("west_veto", 2, "Y", "Y", "*"),  # France, the UK or the US voted No
    ("west_abstain", 2, "Y", "Y", "-"),
    ("both_rus", 3, "N", "*", "*"),  # dissent in both camps, with a Russian No
    ("both", 3, "-", "-", "*"),  # dissent in both camps, no eastern No
    ("elected", 4, "Y", "Y", "Y"),
)
_CODES = {"Y": "Y", "N": "N", "-": "YAX", "*": "YNAX"}


def _type_names() -> tuple[tuple[str, int, str], ...]:
    """(name, base class, stem) for each fine draft type: every contested stem once per
    level of the elected members' dissent."""
    out: list[tuple[str, int, str]] = []
    for stem, base, *_ in _STEMS:
        levels = range(_LEVELS) if base else [None]
        out += [(stem if lv is None else f"{stem}_{lv}", base, stem) for lv in levels]
    return tuple(out)


_TYPE_INFO = _type_names()
TYPES: tuple[str, ...] = tuple(t[0] for t in _TYPE_INFO)
"""The fine draft types: the base classes of :data:`CLASSES` with ``east`` split by who voted
No (Russia, China alone, or nobody: ``abstain``), ``west`` by whether France, the UK or
the US voted No (``veto``) and ``both`` by whether Russia did (``both_rus``), and every
contested type split by the level of the elected members' dissent (``_0`` low, ``_1``
high; :data:`LEVEL_CUTS`)."""
TYPE_BASE: tuple[int, ...] = tuple(t[1] for t in _TYPE_INFO)
N_TYPES = len(TYPES)
# SAME_BASE[f, g] = 1 when fine types f and g share a base class (the split's normaliser);
# SAME_STEM[f]: the fine types that differ from f only by level (a permanent member's own
# counts go to all of them: its vote defines the type, the elected members' level does not)
SAME_BASE = np.array([[float(a == b) for b in TYPE_BASE] for a in TYPE_BASE])
_STEM = [t[2] for t in _TYPE_INFO]
SAME_STEM = [np.array([g for g, b in enumerate(_STEM) if b == a]) for a in _STEM]
_TYPE_INDEX = {name: i for i, name in enumerate(TYPES)}


def _allowed() -> dict[str, NDArray[np.bool_]]:
    """Which votes each role can cast in each fine type, by the type's definition: (T, 4)
    over Y/N/A/X for each permanent seat and ``"E"``, the elected members."""
    spec = {s[0]: s for s in _STEMS}
    out: dict[str, NDArray[np.bool_]] = {}
    for role in (*sorted(PERMANENT), "E"):
        arr = np.ones((N_TYPES, 4), dtype=bool)
        for f, (_, base, stem) in enumerate(_TYPE_INFO):
            _, _, rus, chn, west = spec[stem]
            rule = {"RUS": rus, "CHN": chn}.get(role, west if role in WEST else "*")
            if role == "E" and base == 0:
                rule = "Y"
            arr[f] = [c in _CODES[rule] for c in "YNAX"]
        out[role] = arr
    return out


ALLOWED_VOTES = _allowed()


def draft_class(record: DraftRecord) -> int | None:
    """The draft type (index into :data:`CLASSES`) read off a past record, or ``None``."""
    if record.votes:
        dissent = {seat(m) for m, v in record.votes.items() if v != "Y"}
        if not dissent:
            return 0
        east, west = bool(dissent & EAST), bool(dissent & WEST)
        return 3 if east and west else 1 if east else 2 if west else 4
    vetoers = {seat(m) for m in record.vetoed_by}
    if vetoers:
        east, west = bool(vetoers & EAST), bool(vetoers & WEST)
        return 3 if east and west else 1 if east else 2
    unanimous = record.yes is not None and record.yes >= 15 and record.no == 0
    if unanimous and record.abstain == 0 and record.non_voting in (None, 0):
        return 0
    return None


def draft_type(record: DraftRecord) -> int | None:
    """The fine draft type (index into :data:`TYPES`) of a past record with per-member votes,
    or ``None`` (tally-only records have no level)."""
    k = draft_class(record)
    if k is None or not record.votes:
        return None
    if k == 0:
        return 0
    seats = {m: seat(m) for m in record.votes}
    dissent = sum(1 for m, v in record.votes.items() if v != "Y" and seats[m] not in PERMANENT)
    level = sum(dissent >= c for c in LEVEL_CUTS)
    no = {seats[m] for m, v in record.votes.items() if v == "N"}
    stem = CLASSES[k]
    if k == 1:
        stem += "_rus" if "RUS" in no else "_chn" if "CHN" in no else "_abstain"
    elif k == 2:
        stem += "_veto" if no & WEST else "_abstain"
    elif k == 3 and "RUS" in no:
        stem += "_rus"
    return _TYPE_INDEX[f"{stem}_{level}"]


def floor_weights(
    weights: NDArray[np.float64], floor: float, split: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    """The fine-type weights (T,) mixed, at weight ``floor``, with a broad distribution over
    :data:`TYPES`: every base class of :data:`CLASSES` alike, split into its fine types by
    ``split`` (T,), which sums to 1 within each base class (the model passes the split of the
    whole record, so that a type the record hardly knows, China's No without Russia's, stays
    rare); without ``split``, uniform over the fine types. ``floor`` = 0 returns ``weights``.

    The type weights come from counts in contexts; a draft whose contexts never saw its type
    (Georgia 2009, a Russian text that ten elected members abstain on) otherwise gets almost
    no probability for its tally. The floor says "one draft in 1/``floor`` is of a kind its
    contexts did not foresee"; with the per-type member distributions it widens the Yes
    tally's tails (the tally PIT) and costs the outcome little (the stacker re-weighs the
    outcome on top).
    """
    if not 0.0 <= floor < 1.0:
        raise ModelError(
            f"the draft-type floor must be a share in [0, 1), not {floor!r}",
            fix="set ModelParams.type_floor to e.g. 0.01 (the shipped value) or 0 (none)",
        )
    if floor == 0.0:
        return weights
    if split is None:
        broad = np.full(len(weights), 1.0 / len(weights))
    else:
        broad = np.asarray(split, dtype=float) / N_CLASSES
    out: NDArray[np.float64] = (1.0 - floor) * weights + floor * broad
    return out
