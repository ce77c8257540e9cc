"""Reads the CLI has no command for yet: a page of statements with a total (filters by question
and keyword too), one article with its statements, and what the database holds.

Plain SQLAlchemy Core with bound parameters only. These belong with the statements library
(``statements/queries.py`` in the target layout); they live here until it exists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, or_, select

from vetowatch.errors import InvalidInputError, NotFoundError
from vetowatch.reading import row_statement
from vetowatch.store import Store
from vetowatch.store import schema as s


def _conditions(actor: str | None, since: date | None, until: date | None,
                question: str | None, q: str | None, article: str | None) -> list[Any]:
    st = s.statement
    conds: list[Any] = []
    if actor:
        conds.append(_prefix(st.c.speaker_actor, actor.upper()))
    day = func.coalesce(st.c.when_date, s.article.c.published)
    if since:
        conds.append(day >= since)
    if until:
        conds.append(day <= until)
    if article:
        conds.append(st.c.article_id.like(f"{_literal(article)}%", escape="\\"))
    if question:
        linked = select(s.stance.c.statement_id).where(s.stance.c.question_id == question)
        conds.append(st.c.id.in_(linked))
    if q:
        pattern = f"%{_literal(q.lower())}%"
        conds.append(or_(func.lower(st.c.content).like(pattern, escape="\\"),
                         func.lower(st.c.sentence).like(pattern, escape="\\"),
                         func.lower(st.c.speaker_text).like(pattern, escape="\\")))
    return conds


def _prefix(column: Any, code: str) -> Any:
    """``column`` starts with ``code`` (RUS → RUSGOV, RUSMED…), as a range an index can
    serve: stored actor codes are upper case (``news.article.actor_code``, the actor tables).
    ``upper(column) LIKE 'RUS%'`` read every statement."""
    after = code[:-1] + chr(ord(code[-1]) + 1)
    return and_(column >= code, column < after)


def _literal(text: str) -> str:
    """``text`` with LIKE's wildcards escaped: a user's ``%`` matches a percent sign."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _base(columns: Select[Any], conds: list[Any], *, article_first: bool = False) -> Select[Any]:
    """``article_first`` (SQLite): the join cannot look articles up by id, so the planner
    walks the articles in ``ix_article_published_id`` order and reads each one's statements
    by the (article_id, seq) key, instead of sorting every matching statement."""
    key = s.article.c.id + "" if article_first else s.article.c.id
    return columns.join(s.article, key == s.statement.c.article_id).where(and_(True, *conds))


def statement_queries(*, actor: str | None = None, since: date | None = None,
                      until: date | None = None, question: str | None = None,
                      q: str | None = None, article: str | None = None, limit: int = 50,
                      offset: int = 0, sqlite: bool = False) -> tuple[Select[Any], Select[Any]]:
    """The count and the page of :func:`statement_page` (``sqlite``: the SQLite join order)."""
    conds = _conditions(actor, since, until, question, q, article)
    counted = select(func.count()).select_from(s.statement)
    # every statement has its article (NOT NULL foreign key): the count joins the article
    # only when a date filter reads its publication day, so it stays an index-only range
    counted = (_base(counted, conds) if since or until
               else counted.where(and_(True, *conds)))
    query = (_base(select(s.statement, s.article.c.title.label("article_title"),
                          s.article.c.source.label("article_source"),
                          s.article.c.published.label("article_published")), conds,
                   article_first=sqlite)
             .order_by(s.article.c.published, s.article.c.id, s.statement.c.seq)
             .limit(limit).offset(offset))
    return counted, query


def statement_page(store: Store, *, actor: str | None = None, since: date | None = None,
                   until: date | None = None, question: str | None = None,
                   q: str | None = None, article: str | None = None, limit: int = 50,
                   offset: int = 0) -> dict[str, Any]:
    """``{"total", "limit", "offset", "items"}``: statements in article and sentence order,
    each as :meth:`StoredStatement.to_json` plus the article's title and outlet."""
    if limit < 1 or offset < 0:
        raise InvalidInputError(f"limit {limit} / offset {offset} out of range",
                                fix="Give limit ≥ 1 and offset ≥ 0.")
    with store.connect() as conn:
        counted, query = statement_queries(
            actor=actor, since=since, until=until, question=question, q=q, article=article,
            limit=limit, offset=offset, sqlite=conn.dialect.name == "sqlite")
        total = int(conn.execute(counted).scalar_one())
        rows = conn.execute(query).all()
    items = []
    for r in rows:
        item = row_statement(r).to_json()
        item["article"] = {"id": r.article_id, "title": r.article_title,
                           "source": r.article_source,
                           "published": r.article_published.isoformat()
                           if r.article_published else None}
        items.append(item)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def get_article(store: Store, article_id: str) -> dict[str, Any]:
    """An article (an id or its first characters) with its text and statements."""
    key = article_id.strip()
    if len(key) < 4:
        raise InvalidInputError(f"article id {article_id!r} is too short",
                                fix="Give at least 4 characters of the id "
                                    "(`vetowatch statements` shows them).")
    with store.connect() as conn:
        found = conn.execute(select(s.article).where(
            s.article.c.id.like(f"{_literal(key)}%", escape="\\")).limit(2)).all()
        if len(found) > 1:
            raise InvalidInputError(f"article id {article_id!r} matches several articles",
                                    fix="Give more characters of the id.")
        if not found:
            raise NotFoundError(f"no article {article_id!r} in the database",
                                fix="`vetowatch statements` lists the stored articles' ids.")
        a = found[0]
        rows = conn.execute(select(s.statement).where(s.statement.c.article_id == a.id)
                            .order_by(s.statement.c.seq)).all()
    return {"id": a.id, "title": a.title, "source": a.source, "url": a.url,
            "published": a.published.isoformat() if a.published else None,
            "duplicate_of": a.duplicate_of, "text": a.text,
            "statements": [row_statement(r).to_json() for r in rows]}


def database_summary(store: Store) -> dict[str, Any]:
    """What the database holds: counts and the record's date range."""
    d = s.decision
    with store.connect() as conn:
        counts = {name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                  for name, table in (("decisions", d), ("vetoes", s.veto),
                                      ("articles", s.article), ("statements", s.statement),
                                      ("questions", s.question))}
        first, last = conn.execute(select(func.min(d.c.date), func.max(d.c.date))).one()
        latest = conn.execute(select(func.max(s.article.c.published))).scalar()
    return {**counts, "record_from": first.isoformat() if first else None,
            "record_to": last.isoformat() if last else None,
            "latest_article": latest.isoformat() if latest else None}



def statement_article(store: Store, statement_id: int) -> str:
    """The id of the article a statement was read from."""
    with store.connect() as conn:
        found = conn.execute(select(s.statement.c.article_id)
                             .where(s.statement.c.id == statement_id)).scalar()
    if found is None:
        raise NotFoundError(f"no statement {statement_id} in the database",
                            fix="`vetowatch statements` lists the stored statements.")
    return str(found)


def member_years(store: Store, code: str) -> list[int]:
    """The years ``code`` sat on the Council (from the imported membership)."""
    with store.connect() as conn:
        return [int(y) for y in conn.execute(
            select(s.member_year.c.year).where(s.member_year.c.member == code)
            .order_by(s.member_year.c.year)).scalars()]


def terms(years: list[int]) -> list[tuple[int, int]]:
    """Consecutive years as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for y in years:
        if runs and runs[-1][1] == y - 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs


def years_of_votes(records: Sequence[Mapping[str, Any]], member: str) -> list[dict[str, Any]]:
    """``[{year, Y, N, A, X}]`` of ``member``'s recorded votes (``vote_json`` records)."""
    counts: dict[int, Counter[str]] = {}
    for r in records:
        v = (r.get("votes") or {}).get(member)
        if v:
            counts.setdefault(int(str(r["date"])[:4]), Counter())[v] += 1
    return [{"year": y, **{k: counts[y][k] for k in "YNAX"}} for y in sorted(counts)]


def link_key(store: Store) -> tuple[Any, ...]:
    """What decides whether stance linking has work: the newest statement and the stored
    questions (a question added or changed by another process starts it again)."""
    with store.connect() as conn:
        newest = conn.execute(select(func.max(s.statement.c.id))).scalar()
        stored = tuple(conn.execute(select(s.question.c.id, s.question.c.spec,
                                           s.question.c.proposition)
                                    .order_by(s.question.c.id)).all())
    return (newest, stored)


def alert_page(store: Store, *, since: date | None = None, kind: str | None = None,
               limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """``{"total", "limit", "offset", "items"}``: stored alerts (``vetowatch alerts``), newest
    first, each as :meth:`vetowatch.watch.alerts.Alert.to_json`."""
    import json
    from datetime import UTC, datetime, time

    if limit < 1 or offset < 0:
        raise InvalidInputError(f"limit {limit} / offset {offset} out of range",
                                fix="Give limit ≥ 1 and offset ≥ 0.")
    a = s.alert
    conds: list[Any] = []
    if since is not None:
        conds.append(a.c.at >= datetime.combine(since, time(), tzinfo=UTC))
    if kind:
        conds.append(a.c.kind == kind)
    counted = select(func.count()).select_from(a).where(and_(True, *conds))
    query = (select(a.c.payload).where(and_(True, *conds)).order_by(a.c.at.desc(), a.c.id.desc())
             .limit(limit).offset(offset))
    with store.connect() as conn:
        total = int(conn.execute(counted).scalar_one())
        items = [json.loads(r.payload) for r in conn.execute(query)]
    return {"total": total, "limit": limit, "offset": offset, "items": items}
