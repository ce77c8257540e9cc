"""Positions: questions, the stance of statements on them, positions, shifts, claims.

Typical use (the CLI does the same)::

    questions = list_questions(store)
    link_stances(store, questions, nlp=Extractor.load(settings).nlp)   # once, incremental
    positions(store, "assad-step-down", date(2011, 8, 19)).to_json()
    shifts(store, actor="RUS").to_json()
    claims(store, contested=True).to_json()
"""

from __future__ import annotations

from vetowatch.positions.aggregate import (
    Position,
    PositionReport,
    Timeline,
    TimelinePoint,
    positions,
    timeline,
    timelines,
)
from vetowatch.positions.candidates import CandidateProposer, MiniLMProposer
from vetowatch.positions.claims import Claim, ClaimList, claims
from vetowatch.positions.linking import LinkReport, link_all, link_stances
from vetowatch.positions.provenance import Evidence
from vetowatch.positions.questions import (
    Example,
    Question,
    QuestionList,
    add_question,
    builtin_questions,
    get_question,
    list_questions,
    load_questions,
)
from vetowatch.positions.shifts import Shift, ShiftList, Side, shifts

__all__ = [
    "CandidateProposer",
    "Claim",
    "ClaimList",
    "Evidence",
    "Example",
    "LinkReport",
    "MiniLMProposer",
    "Position",
    "PositionReport",
    "Question",
    "QuestionList",
    "Shift",
    "ShiftList",
    "Side",
    "Timeline",
    "TimelinePoint",
    "add_question",
    "builtin_questions",
    "claims",
    "get_question",
    "link_all",
    "link_stances",
    "list_questions",
    "load_questions",
    "positions",
    "shifts",
    "timeline",
    "timelines",
]
