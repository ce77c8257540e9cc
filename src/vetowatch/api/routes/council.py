"""``/api/council``, ``/api/votes/{ref}``, ``/api/vetoes``, ``/api/precedents``,
``/api/forecast``: the record and the forecast, as ``vetowatch council|vote|vetoes|precedents|
forecast --json``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from vetowatch.api import calls
from vetowatch.api.deps import State
from vetowatch.api.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", tags=["council"], responses=ERROR_RESPONSES)

DateText = Annotated[str, Query(max_length=10, description="YYYY-MM-DD, YYYY-MM or YYYY",
                                examples=["2011-08-19"])]
Text = Annotated[str | None, Query(max_length=200)]


@router.get("/council", summary="The members of the Council on a date")
def council(app: State, date: DateText) -> dict[str, Any]:
    return calls.council(app, date)


@router.get("/votes/{ref:path}", summary="A vote by draft, resolution or number")
def vote(app: State, ref: str) -> dict[str, Any]:
    """``ref``: a draft (``S/2011/612``), a resolution (``S/RES/1973 (2011)``) or a number."""
    return calls.vote(app, ref)


@router.get("/vetoes", summary="Vetoed drafts, newest first")
def vetoes(app: State, member: Text = None, topic: Text = None,
           since: Annotated[str | None, Query(max_length=10)] = None,
           until: Annotated[str | None, Query(max_length=10)] = None) -> list[dict[str, Any]]:
    return calls.vetoes(app, member, topic, since, until)


@router.get("/precedents", summary="Earlier votes on an agenda, with tallies")
def precedents(app: State, topic: Annotated[str, Query(max_length=200)], before: DateText,
               limit: Annotated[int, Query(ge=0, le=10_000)] = 50) -> list[dict[str, Any]]:
    return calls.precedents(app, topic, before, limit)


@router.get("/forecast", summary="Forecast a draft not yet voted on")
def forecast(app: State, date: DateText, agenda: Text = None, topic: Text = None,
             submitters: Text = None, kind: Annotated[str | None, Query(max_length=40)] = None,
             title: Text = None, procedural: bool = False,
             news: bool = False) -> dict[str, Any]:
    """Each member's P(Yes/No/Abstain/not voting), the outcome probabilities, pivotal
    members, precedents and the explanation; ``news=true`` updates it with the stored
    statements (``vetowatch forecast --news --json``). ``submitters``: comma-separated."""
    return calls.forecast(app, date, agenda=agenda, topic=topic, submitters=submitters,
                          kind=kind, title=title, procedural=procedural, news=news)
