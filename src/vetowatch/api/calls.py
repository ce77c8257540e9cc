"""One function per endpoint: parse the query's text as the CLI does, call the library
function the CLI command calls, return the same JSON-ready shape as its ``--json``.

The API routes return these values; the pages render them. No logic of its own lives here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vetowatch.api import queries
from vetowatch.api.state import AppState
from vetowatch.cli_common import parse_when, resolve_actor
from vetowatch.errors import InvalidInputError


def when(value: str | None, name: str, *, end: bool = False) -> date | None:
    """A date parameter as the CLI reads it (``2011-08-19``, ``2011-08``, ``2011``)."""
    if value is None or not value.strip():
        return None
    try:
        return parse_when(value, end=end)
    except InvalidInputError as exc:
        raise InvalidInputError(f"{name}: {exc.message}", fix=exc.fix) from exc


def required_when(value: str | None, name: str) -> date:
    found = when(value, name)
    if found is None:
        raise InvalidInputError(f"{name} is required",
                                fix=f"Give {name}=YYYY-MM-DD, e.g. {name}=2011-08-19.")
    return found


def actor_code(app: AppState, actor: str | None) -> str | None:
    """An ``actor`` parameter as ``--actor`` reads it: a code, a member's or a person's name."""
    return resolve_actor(app.context, actor) if actor is not None else None


def linked(app: AppState) -> None:
    """Link new statements to the questions first, as the CLI does before ``positions``;
    skipped while no statement or stored question changed since the last link."""
    from vetowatch.positions import link_all

    if queries.link_key(app.store) == app.linked_key:
        return
    with app.write_lock:
        link_all(app.store, app.settings)
        app.linked_key = queries.link_key(app.store)


# -- the Council record --------------------------------------------------------------------------

def council(app: AppState, day: str | None) -> dict[str, Any]:
    from vetowatch.council.queries import council_on

    return council_on(app.store, required_when(day, "date")).to_json()


def vote(app: AppState, ref: str) -> dict[str, Any]:
    from vetowatch.council.queries import get_vote, vote_json

    return vote_json(get_vote(app.store, ref))


def vetoes(app: AppState, member: str | None, topic: str | None, since: str | None,
           until: str | None = None) -> list[dict[str, Any]]:
    from vetowatch.council.queries import vetoes as find
    from vetowatch.council.queries import vote_json

    return [vote_json(r) for r in find(app.store, member=member or None, topic=topic or None,
                                       since=when(since, "since"),
                                       until=when(until, "until", end=True))]


def precedents(app: AppState, topic: str, before: str | None,
               limit: int = 50) -> list[dict[str, Any]]:
    from vetowatch.council.queries import precedents as find
    from vetowatch.council.queries import vote_json

    found = find(app.store, topic=topic, before=required_when(before, "before"), limit=None)
    return [vote_json(r) for r in (found[:limit] if limit else found)]


def forecast(app: AppState, day: str | None, *, agenda: str | None = None,
             topic: str | None = None, submitters: str | None = None, kind: str | None = None,
             title: str | None = None, procedural: bool = False,
             news: bool = False) -> dict[str, Any]:
    """``vetowatch forecast … --json`` (with ``--news``: the news-updated forecast's JSON)."""
    on = required_when(day, "date")
    subs = (submitters,) if submitters else ()
    if news:
        from vetowatch.forecast.news_service import forecast_with_news

        both = forecast_with_news(app.store, app.settings, on, agenda=agenda or None,
                                  topic=topic or None, submitters=subs, kind=kind or None,
                                  title=title or None, procedural=procedural,
                                  cache=app.cache)
        return both.with_news_json()
    from vetowatch.forecast.service import forecast_draft

    return forecast_draft(app.store, on, agenda=agenda or None, topic=topic or None,
                          submitters=subs, kind=kind or None, title=title or None,
                          procedural=procedural, records=app.records(),
                          cache=app.cache).to_json()


# -- news and positions ------------------------------------------------------------------------

def statements(app: AppState, *, actor: str | None = None, since: str | None = None,
               until: str | None = None, question: str | None = None, q: str | None = None,
               article: str | None = None, limit: int = 50,
               offset: int = 0) -> dict[str, Any]:
    if question:
        from vetowatch.positions import get_question

        get_question(app.store, question)  # NotFoundError for an unknown question
        linked(app)
    return queries.statement_page(
        app.store, actor=actor_code(app, actor), since=when(since, "since"),
        until=when(until, "until", end=True), question=question or None, q=q or None,
        article=article or None, limit=limit, offset=offset)


def positions(app: AppState, question: str, as_of: str | None, *, level: str = "actor",
              actor: str | None = None) -> dict[str, Any]:
    from vetowatch.positions import positions as find

    linked(app)
    return find(app.store, question, when(as_of, "as_of", end=True), level=level,
                actor=actor_code(app, actor)).to_json()


def timeline(app: AppState, question: str, actor: str, *,
             known: bool = False) -> dict[str, Any]:
    """``known``: the question was checked and linked already in this request, and ``actor``
    is a code the positions report gave (not resolved again)."""
    from vetowatch.positions import get_question
    from vetowatch.positions import timeline as find

    if not known:
        question = get_question(app.store, question).id
        linked(app)
    code = actor if known else actor_code(app, actor)
    assert code is not None
    return find(app.store, question, code).to_json()


def timelines(app: AppState, question: str, actors: list[str]) -> dict[str, dict[str, Any]]:
    """Each actor's timeline on a question checked and linked in this request, from one
    query; ``actors`` are the codes the positions report gave (not resolved again)."""
    from vetowatch.positions import timelines as find

    return {code: line.to_json() for code, line in find(app.store, question, actors).items()}


def shifts(app: AppState, actor: str | None, question: str | None = None,
           level: str = "actor", *, known: bool = False) -> list[dict[str, Any]]:
    """``known``: the statements were linked already in this request."""
    from vetowatch.positions import shifts as find

    if not known:
        linked(app)
    found: list[dict[str, Any]] = find(app.store, actor_code(app, actor),
                                       question=question or None, level=level).to_json()
    return found


def claims(app: AppState, contested: bool = True,
           actor: str | None = None) -> list[dict[str, Any]]:
    from vetowatch.positions import claims as find

    found: list[dict[str, Any]] = find(app.store, contested,
                                       actor=actor_code(app, actor)).to_json()
    return found


def article(app: AppState, article_id: str) -> dict[str, Any]:
    return queries.get_article(app.store, article_id)


def questions(app: AppState) -> list[dict[str, Any]]:
    from vetowatch.positions import list_questions

    return list_questions(app.store).to_json()


def alerts(app: AppState, *, since: str | None = None, kind: str | None = None,
           limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """The stored alerts (``vetowatch alerts --json``), newest first, paginated."""
    return queries.alert_page(app.store, since=when(since, "since"), kind=kind or None,
                              limit=limit, offset=offset)


def summary(app: AppState) -> dict[str, Any]:
    return queries.database_summary(app.store)


def member(app: AppState, code: str) -> dict[str, Any]:
    """A member's seat history, votes by year, vetoes and stated positions."""
    from vetowatch.council.members import is_permanent, member_name, resolve_member
    from vetowatch.council.queries import vote_json

    found = resolve_member(code)
    records = [vote_json(r) for r in app.records() if found in r.votes]
    years = queries.member_years(app.store, found)
    return {"code": found, "name": member_name(found), "permanent": is_permanent(found),
            "terms": [list(t) for t in queries.terms(years)],
            "votes_by_year": queries.years_of_votes(records, found),
            "vetoes": vetoes(app, found, None, None),
            "statements": queries.statement_page(app.store, actor=found, limit=20)}
