"""What is known about a draft before it is put to the vote.

:class:`DraftSpec` is the only input the forecasting models see about a draft. It never
carries the outcome, the tally or the votes: :meth:`DraftSpec.from_record` drops them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise

from vetowatch.council.kinds import KINDS, draft_kind
from vetowatch.council.record import DraftRecord

__all__ = [
    "KINDS",
    "PERMANENT",
    "SEAT_ALIASES",
    "DraftSpec",
    "count_rivals",
    "draft_tokens",
    "norm_key",
    "normalise_kind",
    "seat",
    "submitter_group",
]

PERMANENT: tuple[str, ...] = ("CHN", "FRA", "GBR", "RUS", "USA")
"""The five permanent seats, alphabetical."""

SEAT_ALIASES: dict[str, str] = {"SUN": "RUS"}
"""Codes whose history continues a permanent seat (the USSR's votes count for Russia's seat)."""

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[a-z][a-z-]+")
_BRACKETED = re.compile(r"\[(.*)\]", re.S)
_STOPWORD_LINES: tuple[str, ...] = (
    "the of and in on a an to by for with at from its as or until into under between",
    "draft resolution resolutions revised joint security council united nations un",
    "para paras pursuant established concerning contained document period months year years",
    "jan feb mar apr may jun june jul july aug sept oct nov dec january february march",
    "april august september october november december",
)
_TOKEN_STOPWORDS = frozenset(w for line in _STOPWORD_LINES for w in line.split())
_KEY_STOPWORDS = frozenset({"the", "of", "incl", "inc", "including", "and", "in", "on", "a"})


def seat(code: str) -> str:
    """The seat whose history a member code continues (``SUN`` → ``RUS``)."""
    return SEAT_ALIASES.get(code, code)


@lru_cache(maxsize=8192)
def norm_key(text: str | None) -> str:
    """A folded key for agenda/topic strings, so that spelling variants share history.

    "Middle East, inc. Palestinian question" and "Middle East, incl. the Palestinian
    question" give the same key. ``None`` and blank give ``""``.
    """
    if not text:
        return ""
    words = [w for w in _NOT_ALNUM.split(text.lower()) if w and w not in _KEY_STOPWORDS]
    return " ".join(words)


def count_rivals(records: Iterable[DraftRecord]) -> dict[int, int]:
    """For each record id, how many other records share its date and agenda item."""
    records = list(records)
    groups = Counter((r.date, norm_key(r.agenda)) for r in records)
    return {r.id: groups[(r.date, norm_key(r.agenda))] - 1 for r in records}


def submitter_group(submitters: tuple[str, ...]) -> str:
    """A coarse key for who put a draft forward.

    ``"PRESIDENT"`` for a President's text, ``"P5:FRA+GBR"`` for the permanent members
    among the submitters, ``"ELECTED"`` when only other states submitted it and
    ``"UNKNOWN"`` when nobody is recorded.
    """
    if not submitters:
        return "UNKNOWN"
    if "PRESIDENT" in submitters:
        return "PRESIDENT"
    p5 = sorted({seat(s) for s in submitters} & set(PERMANENT))
    if p5:
        return "P5:" + "+".join(p5)
    return "ELECTED"


@dataclass(frozen=True)
class DraftSpec:
    """A draft as known before the vote.

    ``submitters`` are ISO alpha-3 codes or ``"PRESIDENT"``; empty when unknown.
    ``kind`` is one of :data:`vetowatch.council.kinds.KINDS` (``"mandate-renewal"``, …) or
    ``None``; :meth:`resolved_kind` then derives it from the title and agenda with
    :func:`vetowatch.council.kinds.draft_kind`, the one definition used for the record.
    ``title`` is the draft's description (the UN Digital Library's "Draft resolution [on …]")
    and ``subjects`` its UNBIS subject terms, when known; their words are features.
    ``procedural`` marks a procedural question (no veto applies). ``rivals`` is the number
    of other drafts on the same agenda item put to the vote the same day (competing texts
    are announced before the meeting; ``0`` when unknown).
    """

    date: date
    agenda: str | None = None
    topic: str | None = None
    region: str | None = None
    category: str | None = None
    submitters: tuple[str, ...] = ()
    kind: str | None = None
    title: str | None = None
    subjects: tuple[str, ...] = ()
    text: str | None = None
    procedural: bool = False
    rivals: int = 0

    @classmethod
    def from_record(cls, record: DraftRecord, rivals: int = 0) -> DraftSpec:
        """The pre-vote part of a record: no outcome, tally, votes, vetoes or resolution.

        ``procedural`` is always ``False``: the record's flag is partly derived from the
        outcome, so it would leak it (a user may still pass ``procedural=True``).

        ``rivals`` (other drafts on the same agenda item voted the same day) is not in a
        single record; :func:`count_rivals` derives it from a day's records.
        """
        kind = record.kind or draft_kind(record.title, record.agenda, record.subjects)
        if record.procedural and kind == "procedural":
            # the record's procedural flag (and the kind the importer derived from it) can
            # come from the outcome (adopted despite a permanent member's No): read the kind
            # from the words alone, and never carry the flag into a forecast
            kind = draft_kind(record.title, record.agenda, record.subjects)
        return cls(
            date=record.date,
            agenda=record.agenda,
            topic=record.topic,
            region=record.region,
            category=record.category,
            submitters=tuple(record.submitters),
            kind=kind,
            title=record.title,
            subjects=tuple(record.subjects),
            rivals=rivals,
        )

    @property
    def agenda_key(self) -> str:
        return norm_key(self.agenda)

    @property
    def topic_key(self) -> str:
        """The topic key, falling back to the agenda key when no topic is recorded."""
        return norm_key(self.topic) or norm_key(self.agenda)

    @property
    def group(self) -> str:
        return submitter_group(self.submitters)

    def resolved_kind(self) -> str:
        """``kind`` if given, else :func:`~vetowatch.council.kinds.draft_kind` of the title,
        text, agenda and subjects (``"other"`` when nothing matches)."""
        if self.kind is not None:
            return self.kind
        return _derived_kind(self.title, self.agenda, self.subjects, self.text)

    @property
    def described(self) -> bool:
        """Whether the draft's content is known (a kind, title, text or subject terms), or
        only what a CLI user types without ``--kind``/``--title``: agenda, topic, submitters
        (:meth:`as_typed`)."""
        return bool(self.kind or self.title or self.text or self.subjects)

    def as_typed(self) -> DraftSpec:
        """The spec cut down to what ``vetowatch forecast --date --agenda --topic
        --submitters`` gives the model: date, agenda, topic and submitters, nothing else
        (no region, kind, title, subjects or same-day rivals)."""
        return DraftSpec(date=self.date, agenda=self.agenda, topic=self.topic,
                         submitters=self.submitters)

    @property
    def tokens(self) -> frozenset[str]:
        """The words and word pairs of the title (and text) plus the subject terms."""
        return draft_tokens(self.title, self.text, self.subjects)


@lru_cache(maxsize=8192)
def _derived_kind(
    title: str | None, agenda: str | None, subjects: tuple[str, ...], text: str | None
) -> str:
    return draft_kind(title, agenda, subjects, description=text)


def normalise_kind(kind: str) -> str | None:
    """A kind as typed (``mandate_renewal``, ``Mandate renewal``) → one of ``KINDS``."""
    norm = "-".join(kind.strip().lower().replace("_", " ").replace("-", " ").split())
    return norm if norm in KINDS else None


@lru_cache(maxsize=8192)
def draft_tokens(
    title: str | None, text: str | None = None, subjects: tuple[str, ...] = ()
) -> frozenset[str]:
    """Features of a draft's wording: content words and adjacent word pairs of the title's
    bracketed description (``"Draft resolution [on use of chemical weapons …]"``) and of
    ``text``, and each UNBIS subject term as ``"s:<term>"``. Dates, numbers and boilerplate
    ("draft resolution", "pursuant", month names) are dropped."""
    out: set[str] = set()
    for part in (title, text):
        if not part:
            continue
        inner = _BRACKETED.search(part)
        raw = (inner.group(1) if inner else part).lower()
        words = [w.strip("-") for w in _WORD.findall(raw)]
        words = [w for w in words if len(w) > 2 and w not in _TOKEN_STOPWORDS]
        out.update(words)
        out.update(f"{a} {b}" for a, b in pairwise(words))
    out.update("s:" + " ".join(s.lower().split()) for s in subjects if s)
    return frozenset(out)
