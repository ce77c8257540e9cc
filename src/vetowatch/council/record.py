"""The reconciled Council record as plain, immutable Python objects.

This is the interface between the store and everything that reasons over the record
(rules checks, queries, forecasting). ``votes`` maps ISO alpha-3 member codes to one of
``"Y"`` (yes), ``"N"`` (no), ``"A"`` (abstain) or ``"X"`` (present but not voting / absent).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

VoteCode = Literal["Y", "N", "A", "X"]
Outcome = Literal["adopted", "vetoed", "failed", "other"]
VOTE_CODES: tuple[VoteCode, ...] = ("Y", "N", "A", "X")
OUTCOMES: tuple[Outcome, ...] = ("adopted", "vetoed", "failed", "other")


@dataclass(frozen=True)
class DraftRecord:
    """One draft put to the vote, or one decision, as reconciled from all sources."""

    id: int
    date: date
    outcome: Outcome
    draft: str | None = None  # draft symbol, e.g. "S/2011/612"
    resolution: int | None = None  # resolution number, e.g. 1973
    meeting: str | None = None  # meeting record, e.g. "S/PV.6627"
    agenda: str | None = None  # agenda item as recorded
    topic: str | None = None  # finer topic, e.g. "Middle East (Syria)"
    category: str | None = None
    region: str | None = None
    subjects: tuple[str, ...] = ()
    submitters: tuple[str, ...] = ()  # ISO codes, or "PRESIDENT"
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    non_voting: int | None = None
    votes: Mapping[str, VoteCode] = field(default_factory=dict)
    vetoed_by: tuple[str, ...] = ()
    # a source states the question was procedural (Art. 27(2)); never derived from the outcome
    procedural: bool = False
    title: str | None = None  # the UN Digital Library's description of the draft
    kind: str | None = None  # sanctions, mandate-renewal, … (``council.kinds``, ``council.topics``)
    undl_vote_record: str | None = None  # digitallibrary.un.org/record/<id> of the vote
    undl_doc_record: str | None = None  # … of the draft's or resolution's document
    # adopted although a permanent member voted No, hence procedural: known only from the
    # outcome, for the Article 27 checks of the record; never a forecasting input
    procedural_observed: bool = False

    @property
    def resolution_symbol(self) -> str | None:
        if self.resolution is None:
            return None
        return f"S/RES/{self.resolution} ({self.date.year})"

    @property
    def tally(self) -> str | None:
        if self.yes is None or self.no is None or self.abstain is None:
            return None
        return f"{self.yes}-{self.no}-{self.abstain}"
