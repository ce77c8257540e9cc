"""``/api/statements``, ``/api/positions``, ``/api/timeline``, ``/api/shifts``, ``/api/claims``,
``/api/articles``, ``/api/questions``, ``/api/alerts``: who said what, positions built on it,
and the alerts of ``vetowatch watch``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from vetowatch.api import calls
from vetowatch.api.deps import State
from vetowatch.api.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", tags=["news"], responses=ERROR_RESPONSES)
# Pages of statements are answered with JSONResponse directly (the library's JSON is plain
# already): FastAPI's generic encoder would walk every item again, as long as the query.

Actor = Annotated[str | None, Query(min_length=1, max_length=100,
                                    description="A code or prefix (RUS, RUSGOV) or a name")]
DateText = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD, YYYY-MM, YYYY")]
Level = Literal["actor", "country"]


@router.get("/statements", summary="Stored statements, paginated",
            response_model=dict[str, Any])
def statements(app: State, actor: Actor = None, since: DateText = None, until: DateText = None,
               question: Annotated[str | None, Query(max_length=64)] = None,
               q: Annotated[str | None, Query(max_length=200, description="keyword")] = None,
               article: Annotated[str | None, Query(max_length=16)] = None,
               limit: Annotated[int, Query(ge=1, le=1000)] = 50,
               offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> Response:
    """``{"total", "limit", "offset", "items"}``; each item as ``vetowatch statements --json``
    plus its article's title, outlet and date."""
    return JSONResponse(calls.statements(app, actor=actor, since=since, until=until,
                                         question=question, q=q, article=article, limit=limit,
                                         offset=offset))


@router.get("/positions/{question}", summary="Each actor's stance on a question")
def positions(app: State, question: str, as_of: DateText = None, level: Level = "actor",
              actor: Actor = None) -> dict[str, Any]:
    return calls.positions(app, question, as_of, level=level, actor=actor)


@router.get("/timeline/{question}", summary="An actor's position over time")
def timeline(app: State, question: str,
             actor: Annotated[str, Query(min_length=1, max_length=100)]) -> dict[str, Any]:
    return calls.timeline(app, question, actor)


@router.get("/shifts", summary="Changes of stance or tone, with evidence")
def shifts(app: State, actor: Actor = None,
           question: Annotated[str | None, Query(max_length=64)] = None,
           level: Level = "actor") -> list[dict[str, Any]]:
    return calls.shifts(app, actor, question, level)


@router.get("/claims", summary="Claims, and who denied them")
def claims(app: State, contested: bool = True, actor: Actor = None) -> list[dict[str, Any]]:
    return calls.claims(app, contested, actor)


@router.get("/articles/{article_id}", summary="An article with its statements")
def article(app: State, article_id: str) -> dict[str, Any]:
    return calls.article(app, article_id)


@router.get("/questions", summary="The questions followed")
def questions(app: State) -> list[dict[str, Any]]:
    return calls.questions(app)


AlertKind = Literal["first_position", "shift", "forecast_change"]


@router.get("/alerts", summary="Stored alerts (vetowatch watch), newest first, paginated")
def alerts(app: State, since: DateText = None, kind: AlertKind | None = None,
           limit: Annotated[int, Query(ge=1, le=1000)] = 50,
           offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> dict[str, Any]:
    """``{"total", "limit", "offset", "items"}``; each item as ``vetowatch alerts --json``:
    kind, actor, question or scenario, when, before and after, cited statements."""
    return calls.alerts(app, since=since, kind=kind, limit=limit, offset=offset)


@router.get("/summary", summary="What the database holds")
def summary(app: State) -> dict[str, Any]:
    return calls.summary(app)
