"""The pages: each calls :mod:`vetowatch.api.calls` (the CLI's library functions) and renders a
template; ``?format=csv|json`` downloads the page's table instead."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from vetowatch.api import calls, queries
from vetowatch.api.deps import State
from vetowatch.errors import VetowatchError
from vetowatch.htmlreport import forecast_context, vote_grid
from vetowatch.web import charts, views
from vetowatch.web.render import (
    STATEMENT_COLUMNS,
    VOTE_COLUMNS,
    download,
    page,
    statement_rows,
    vote_rows,
    wanted_format,
)

STATIC = Path(__file__).resolve().parents[1] / "static"
router = APIRouter(include_in_schema=False)
Opt = Annotated[str | None, Query(max_length=200)]
REFERENCE_FORECAST = {"date": "2011-08-19", "agenda": "The situation in the Middle East",
                      "topic": "Middle East (Syria)", "submitters": "FRA,GBR,DEU,PRT",
                      "kind": "sanctions"}


def error_page(request: Request, status: int, err: VetowatchError) -> Response:
    return page(request, "web/error.html", status=status, error=err.to_json(), status_code=status)


@router.get("/")
def index(request: Request, app: State) -> Response:
    summary = calls.summary(app)
    latest = calls.statements(app, limit=10, offset=max(summary["statements"] - 10, 0))
    recent = calls.vetoes(app, None, None, None)[:10] if summary["decisions"] else []
    return page(request, "web/home.html", summary=summary, statements=latest["items"],
                questions=calls.questions(app), vetoes=recent)


@router.get("/votes/{ref:path}")
def vote(request: Request, app: State, ref: str) -> Response:
    data = calls.vote(app, ref)
    before = data["date"]
    similar = (calls.precedents(app, data["agenda"], before, 20) if data.get("agenda") else [])
    fmt = wanted_format(request)
    if fmt != "html":
        return download(fmt, "vote", data, ("member", "vote"), sorted(data["votes"].items()))
    return page(request, "web/vote.html", vote=data, grid=vote_grid(data["votes"]),
                precedents=similar)


@router.get("/vetoes")
def vetoes(request: Request, app: State, member: Opt = None, topic: Opt = None,
           since: Opt = None, until: Opt = None) -> Response:
    found = calls.vetoes(app, member or None, topic or None, since, until)
    fmt = wanted_format(request)
    if fmt != "html":
        return download(fmt, "vetoes", found, VOTE_COLUMNS, vote_rows(found))
    return page(request, "web/vetoes.html", vetoes=found, member=member, topic=topic,
                since=since, until=until)


@router.get("/members/{code}")
def member(request: Request, app: State, code: str) -> Response:
    data = calls.member(app, code)
    fmt = wanted_format(request)
    if fmt != "html":
        return download(fmt, f"member-{data['code']}", data, ("year", "Y", "N", "A", "X"),
                        ([r["year"], r["Y"], r["N"], r["A"], r["X"]]
                         for r in data["votes_by_year"]))
    return page(request, "web/member.html", member=data,
                chart=charts.votes_by_year(data["votes_by_year"]))


@router.get("/questions")
def questions(request: Request, app: State) -> Response:
    found = calls.questions(app)
    fmt = wanted_format(request)
    if fmt != "html":
        return download(fmt, "questions", found, ("id", "proposition", "origin"),
                        ([q["id"], q["proposition"], q["origin"]] for q in found))
    return page(request, "web/questions.html", questions=found)


@router.get("/questions/{question}")
def question(request: Request, app: State, question: str, as_of: Opt = None) -> Response:
    report = calls.positions(app, question, as_of)
    fmt = wanted_format(request)
    if fmt != "html":
        return download(fmt, f"positions-{question}", report,
                        ("actor", "stance", "score", "confidence", "statements"),
                        ([p["actor"], p["stance"], p["score"], p["confidence"],
                          " ".join(map(str, p["statements"]))] for p in report["positions"]))
    moved = {s["actor"] for s in calls.shifts(app, None, report["question"], known=True)
             if s["kind"] == "stance"}
    actors = [p["actor"] for p in report["positions"]]
    found = calls.timelines(app, report["question"], actors)
    return page(request, "web/question.html", report=report, as_of=as_of,
                timelines=views.timeline_rows(actors, found, moved))


@router.get("/statements")
def statements(request: Request, app: State, actor: Opt = None, since: Opt = None,
               until: Opt = None, question: Opt = None, q: Opt = None, article: Opt = None,
               limit: Annotated[int, Query(ge=1, le=1000)] = 50,
               offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> Response:
    data = calls.statements(app, actor=actor or None, since=since, until=until,
                            question=question or None, q=q or None, article=article or None,
                            limit=limit, offset=offset)
    fmt = wanted_format(request)
    if fmt != "html":
        return download(fmt, "statements", data, STATEMENT_COLUMNS,
                        statement_rows(data["items"]))
    return page(request, "web/statements.html", data=data,
                filters={"actor": actor, "since": since, "until": until,
                         "question": question, "q": q, "article": article},
                questions=calls.questions(app))


@router.get("/statements/{statement_id}")
def statement(app: State, statement_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> Response:
    article = queries.statement_article(app.store, statement_id)
    return RedirectResponse(f"/articles/{article}#s{statement_id}", status_code=303)


@router.get("/articles/{article_id}")
def article(request: Request, app: State, article_id: str) -> Response:
    data = calls.article(app, article_id)
    fmt = wanted_format(request)
    if fmt != "html":
        return download(fmt, f"article-{data['id']}", data, STATEMENT_COLUMNS,
                        statement_rows(data["statements"]))
    cards = [{"st": st, "parts": views.sentence_parts(st)} for st in data["statements"]]
    return page(request, "web/article.html", article=data,
                segments=views.segments(data["text"], data["statements"]), cards=cards)


def _forecast_form(date: str | None, agenda: str | None, topic: str | None,
                   submitters: str | None, kind: str | None, news: bool) -> dict[str, Any]:
    return {"date": date or "", "agenda": agenda or "", "topic": topic or "",
            "submitters": submitters or "", "kind": kind or "", "news": news}


@router.get("/forecast")
def forecast(request: Request, app: State, date: Opt = None, agenda: Opt = None,
             topic: Opt = None, submitters: Opt = None, kind: Opt = None,
             news: bool = False) -> Response:
    form = _forecast_form(date, agenda, topic, submitters, kind, news)
    result: dict[str, Any] | None = None
    if date:
        result = calls.forecast(app, date, agenda=agenda, topic=topic, submitters=submitters,
                                kind=kind, news=news)
    # the figures as ``forecast --report`` shows them, drawn by the same macros
    shown = None if result is None else forecast_context(result)
    fmt = wanted_format(request)
    if fmt != "html" and shown is not None:
        return download(fmt, "forecast", result, ("member", "Y", "N", "A", "X"),
                        ([r["member"], r["Y"], r["N"], r["A"], r["X"]]
                         for r in shown["members"]))
    return page(request, "web/forecast.html", form=form, example=REFERENCE_FORECAST,
                result=shown)


@router.get("/claims")
def claims(request: Request, app: State, contested: bool = True,
           actor: Opt = None) -> Response:
    found = calls.claims(app, contested, actor or None)
    fmt = wanted_format(request)
    if fmt != "html":
        return download(fmt, "claims", found, ("claimant", "statement", "content", "denials"),
                        ([c.get("claimant"), (c.get("claim") or {}).get("statement"),
                          c.get("content"),
                          " ".join(str(d.get("actor")) for d in c.get("denials", []))]
                         for c in found))
    return page(request, "web/claims.html", claims=found, contested=contested, actor=actor)


@router.get("/alerts")
def alerts(request: Request, app: State, since: Opt = None, kind: Opt = None,
           limit: Annotated[int, Query(ge=1, le=1000)] = 50,
           offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> Response:
    data = calls.alerts(app, since=since, kind=kind or None, limit=limit, offset=offset)
    rows = views.alert_rows(data["items"])
    fmt = wanted_format(request)
    if fmt != "html":
        return download(fmt, "alerts", data,
                        ("at", "kind", "actor", "question_or_scenario", "before", "after",
                         "statements"),
                        ([r["at"], r["kind"], r["actor"], r["subject"], r["before"], r["after"],
                          " ".join(str(s.get("id")) for s in r["statements"])] for r in rows))
    return page(request, "web/alerts.html", data=data, rows=rows,
                filters={"since": since, "kind": kind})


@router.get("/docs")
def docs(request: Request) -> Response:
    """The API's endpoints and parameters, from the OpenAPI document (served offline)."""
    spec = request.app.openapi()
    endpoints = [{"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                  "description": op.get("description", ""),
                  "parameters": op.get("parameters", [])}
                 for path, item in spec.get("paths", {}).items()
                 for method, op in item.items()]
    return page(request, "web/docs.html", endpoints=endpoints, title=spec["info"]["title"])


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
