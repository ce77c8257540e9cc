"""Link stored statements to questions: compute stances once, keep them in ``stance``.

:func:`link_stances` is incremental and idempotent: each question remembers the highest
statement id it has examined (``question.linked_through``), so a rerun only reads statements
ingested since; a changed question definition, or changed stance rules
(:func:`vetowatch.versions.positions_rules_version`), forgets its stances and starts over.
Each stance row records the question and rules versions that made it. Re-extraction
(``vetowatch reextract``) calls :func:`rewind` so that re-inserted statements are examined.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from vetowatch.positions.authority import authority
from vetowatch.positions.candidates import CandidateProposer
from vetowatch.positions.questions import Question, register
from vetowatch.positions.rules import decide
from vetowatch.positions.views import ArticleViews
from vetowatch.reading import StoredStatement, row_statement
from vetowatch.settings import Settings
from vetowatch.store import Store
from vetowatch.store import schema as s
from vetowatch.versions import positions_rules_version, question_spec_text, question_version


@dataclass
class LinkReport:
    """What :func:`link_stances` did."""

    questions: list[str] = field(default_factory=list)
    statements: int = 0  # statements examined (over all questions)
    articles: int = 0
    parsed: int = 0  # articles parsed with spaCy
    links: dict[str, dict[str, int]] = field(default_factory=dict)  # question → stance → n
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"questions": self.questions, "statements": self.statements,
                "articles": self.articles, "parsed": self.parsed, "links": self.links,
                "seconds": round(self.seconds, 3)}


@dataclass(frozen=True)
class _Article:
    id: str
    text: str
    published: date | None
    statements: list[StoredStatement]


def _articles(conn: Connection, after: int, upto: int) -> Iterator[_Article]:
    query = (select(s.statement).where(s.statement.c.id > after, s.statement.c.id <= upto)
             .order_by(s.statement.c.article_id, s.statement.c.seq))
    items = [row_statement(row) for row in conn.execute(query).all()]
    ids = sorted({i.statement.article_id for i in items})
    texts: dict[str, tuple[str, date | None]] = {}
    for at in range(0, len(ids), 500):  # one query per 500 articles, not one per article
        texts.update((r.id, (r.text, r.published)) for r in conn.execute(
            select(s.article.c.id, s.article.c.text, s.article.c.published)
            .where(s.article.c.id.in_(ids[at:at + 500]))))
    for aid, group in groupby(items, key=lambda i: i.statement.article_id):
        text, published = texts[aid]
        yield _Article(aid, text, published, list(group))


def _relevant(question: Question, text: str) -> bool:
    lower = text.lower()
    if question.context and not any(c in lower for c in question.context):
        return False
    return any(t.removeprefix("al-") in lower for t in question.targets) and any(
        c.split()[0][:4] in lower for c in (*question.for_cues, *question.against_cues))


def _claimed(items: Sequence[StoredStatement], own: StoredStatement) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for item in items:
        st = item.statement
        if item.id == own.id or st.start != own.statement.start:
            continue
        at = st.sentence.find(st.content)
        if at >= 0 and st.content != own.statement.content:
            spans.append((st.start + at, st.start + at + len(st.content)))
    return spans


def _views(article: _Article, nlp: Any | None) -> ArticleViews:
    if nlp is None:
        return ArticleViews.from_text(article.text)
    disabled = [p for p in ("vetowatch_statements", "ner") if p in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        return ArticleViews.from_doc(nlp(article.text))


def _link_article(article: _Article, questions: Sequence[tuple[Question, int]],
                  nlp: Any | None, proposer: CandidateProposer | None,
                  rules: str = "") -> list[dict[str, Any]]:
    wanted = [(q, lo) for q, lo in questions if _relevant(q, article.text)]
    if not wanted and proposer is None:
        return []
    views = _views(article, nlp)
    proposed: dict[tuple[str, int], bool] = {}
    if proposer is not None:
        for q, lo in questions:
            todo = [i for i in article.statements if i.id > lo]
            marks = proposer.scores(q, [i.statement.sentence for i in todo])
            proposed.update(((q.id, i.id), v >= proposer.threshold) for i, v in zip(todo, marks,
                                                                                     strict=True))
        wanted = list(questions)
    made_by = {q.id: question_version(q) for q, _ in wanted}
    rows: list[dict[str, Any]] = []
    for item in article.statements:
        st = item.statement
        view, previous = views.at(st.start, st.end)
        for q, lo in wanted:
            if item.id <= lo:
                continue
            relaxed = proposed.get((q.id, item.id), False)
            decision = decide(q, st, view, previous, _claimed(article.statements, item),
                              relaxed=relaxed)
            if decision is None:
                continue
            rows.append({
                "statement_id": item.id, "question_id": q.id, "stance": decision.stance,
                "confidence": decision.confidence, "evidence_start": decision.evidence_start,
                "evidence_end": decision.evidence_end,
                "method": decision.method + ("+embedding" if relaxed else ""),
                "actor": st.speaker.actor, "day": st.when.date or article.published,
                "authority": authority(st)[1],
                "question_version": made_by[q.id], "rules_version": rules or None,
            })
    return rows


def link_stances(store: Store, questions: Iterable[Question], *, nlp: Any | None = None,
                 proposer: CandidateProposer | None = None, relink: bool = False) -> LinkReport:
    """Decide the stance of every not yet examined statement on each question; store them.

    ``nlp`` is a spaCy ``Language`` (``Extractor.load(settings).nlp``): with it the rules read
    the dependency parse; without it they read the text linearly (less precise).
    ``proposer`` (optional embeddings) proposes extra candidates; the rules still decide.
    ``relink`` forgets earlier stances of these questions first.
    """
    started = time.perf_counter()
    qs = list({q.id: q for q in questions}.values())
    report = LinkReport(questions=[q.id for q in qs])
    rules = positions_rules_version()
    with store.begin() as conn:
        register(conn, qs)
        ids = [q.id for q in qs]
        if not relink:  # stances decided by other rules are stale
            ids = list(conn.execute(select(s.question.c.id).where(
                s.question.c.id.in_(ids),
                func.coalesce(s.question.c.rules_version, "") != rules)).scalars())
        _forget(conn, ids, rules)
        marks: dict[str, int] = {
            qid: mark for qid, mark in conn.execute(
                select(s.question.c.id, s.question.c.linked_through)
                .where(s.question.c.id.in_([q.id for q in qs])))}
    if not qs:
        return report
    plan = [(q, int(marks.get(q.id, 0))) for q in qs]
    after = min(lo for _, lo in plan)
    with store.connect() as conn:
        newest = conn.execute(select(func.max(s.statement.c.id))).scalar() or 0
        articles = list(_articles(conn, after, newest))
    with store.begin() as conn:
        for article in articles:
            report.articles += 1
            rows = _link_article(article, plan, nlp, proposer, rules)
            report.parsed += int(nlp is not None and bool(rows))
            report.statements += sum(1 for i in article.statements for _, lo in plan if i.id > lo)
            if rows:
                conn.execute(insert(s.stance), rows)
        for q, lo in plan:
            conn.execute(update(s.question).where(and_(s.question.c.id == q.id))
                         .values(linked_through=max(lo, newest)))
    report.links = stance_counts(store, [q.id for q in qs])
    report.seconds = time.perf_counter() - started
    return report


def _forget(conn: Connection, question_ids: Sequence[str], rules: str) -> None:
    """Drop the stances of these questions; they start over under ``rules``."""
    if not question_ids:
        return
    conn.execute(delete(s.stance).where(s.stance.c.question_id.in_(list(question_ids))))
    conn.execute(update(s.question).where(s.question.c.id.in_(list(question_ids)))
                 .values(linked_through=0, rules_version=rules))


def rewind(conn: Connection, after: int) -> None:
    """Make every question examine again the statements with ids above ``after``.

    Re-extraction replaces an article's statements (new ids, or reused ones on SQLite): the
    stances above ``after`` are dropped and ``linked_through`` moves back to ``after``, so
    the next :func:`link_stances` links them as in a fresh database."""
    conn.execute(delete(s.stance).where(s.stance.c.statement_id > after))
    conn.execute(update(s.question).where(s.question.c.linked_through > after)
                 .values(linked_through=after))


def stance_counts(store: Store, question_ids: Sequence[str]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {q: {} for q in question_ids}
    with store.connect() as conn:
        rows = conn.execute(select(s.stance.c.question_id, s.stance.c.stance, func.count())
                            .where(s.stance.c.question_id.in_(list(question_ids)))
                            .group_by(s.stance.c.question_id, s.stance.c.stance))
        for qid, stance, n in rows:
            counts[qid][stance] = int(n)
    return counts


def link_all(store: Store, settings: Settings | None = None, *,
             files: Sequence[str | Path] = (), parse: bool = True,
             nlp: Any | None = None) -> LinkReport:
    """Link every known question (built-in, ``files``, stored); parse with spaCy if ``parse``.

    The CLI calls this before ``positions``/``shifts``: cheap when nothing new was ingested.
    """
    from vetowatch.positions.questions import list_questions

    questions = list(list_questions(store, files))
    if not parse:
        nlp = None
    elif nlp is None and _has_work(store, questions):
        from vetowatch.extract.extractor import Extractor

        nlp = Extractor.load(settings or Settings.from_env()).nlp
    return link_stances(store, questions, nlp=nlp)


def _has_work(store: Store, questions: Sequence[Question]) -> bool:
    """Whether linking would examine any statement: new statements, or a question whose
    definition or stance rules changed (it starts over)."""
    rules = positions_rules_version()
    with store.connect() as conn:
        newest = conn.execute(select(func.max(s.statement.c.id))).scalar() or 0
        stored = {r.id: r for r in conn.execute(
            select(s.question.c.id, s.question.c.linked_through, s.question.c.spec,
                   s.question.c.proposition, s.question.c.rules_version))}
    if not newest:
        return False
    for q in questions:
        row = stored.get(q.id)
        if (row is None or int(row.linked_through) < newest or row.rules_version != rules
                or row.spec != question_spec_text(q) or row.proposition != q.proposition):
            return True
    return False
