"""Re-extract stored articles whose statements were made by other rules, tables or model.

Each stored article records the versions that extracted it (``article.extraction_version``,
:class:`vetowatch.versions.ExtractionVersions`); rows written before versions existed have
none and count as stale. :func:`reextract` reads each stale article again from its stored
text and metadata (publication date, source, the speaker of a first-person text kept in
``article.meta``) and, in one transaction per article, replaces its statements (their stances
go with them) and moves the questions' ``linked_through`` back so that the next stance
linking examines the new statements (:func:`vetowatch.positions.linking.rewind`): positions
then read as in a database built afresh. An article that fails keeps its old statements and
is listed in the report. Near-duplicates (``duplicate_of``) keep no statements.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from vetowatch.extract.statement import Statement
from vetowatch.news.article import Article
from vetowatch.positions.linking import rewind
from vetowatch.reading import batches, row_article, statement_row
from vetowatch.settings import Settings
from vetowatch.store import Store
from vetowatch.store import schema as s
from vetowatch.versions import ExtractionVersions, extraction_versions

if TYPE_CHECKING:
    from vetowatch.extract.extractor import Extractor

Progress = Callable[[int, int, str], None]
"""Called after each article: (articles done, articles to do, article id)."""

_CHUNK = 500


@dataclass(frozen=True)
class Failure:
    """An article that could not be re-extracted (its old statements stay)."""

    article_id: str
    error: str

    def to_json(self) -> dict[str, str]:
        return {"article_id": self.article_id, "error": self.error}


@dataclass
class ReextractReport:
    """What :func:`reextract` did."""

    versions: dict[str, str] = field(default_factory=dict)
    version: str = ""  # the combined key written on the rows
    examined: int = 0  # stored articles considered (not near-duplicates, --since)
    stale: int = 0  # of which extracted by other versions (all of them with --all)
    reextracted: int = 0
    statements_before: int = 0  # of the re-extracted articles, before
    statements_after: int = 0  # and after
    duplicates_cleared: int = 0  # statements removed from near-duplicates
    failed: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_json(self) -> dict[str, Any]:
        return {
            "versions": self.versions, "version": self.version, "examined": self.examined,
            "stale": self.stale, "reextracted": self.reextracted,
            "statements_before": self.statements_before,
            "statements_after": self.statements_after,
            "duplicates_cleared": self.duplicates_cleared,
            "failed": [f.to_json() for f in self.failed], "seconds": round(self.seconds, 3),
        }


# -- what is stale -----------------------------------------------------------------------------

def _candidates(conn: Connection, since: date | None) -> list[tuple[str, str | None]]:
    """(id, extraction_version) of the articles that carry statements, oldest first."""
    query = (select(s.article.c.id, s.article.c.extraction_version)
             .where(s.article.c.duplicate_of.is_(None))
             .order_by(s.article.c.published, s.article.c.id))
    if since is not None:
        query = query.where(s.article.c.published >= since)
    return [(r.id, r.extraction_version) for r in conn.execute(query)]


def stale_articles(store: Store, versions: ExtractionVersions, *, since: date | None = None,
                   everything: bool = False) -> tuple[int, list[str]]:
    """How many articles were examined, and the ids of those to re-extract (oldest first):
    extracted by other versions or before versions were recorded (all with ``everything``)."""
    with store.connect() as conn:
        found = _candidates(conn, since)
    return len(found), [aid for aid, v in found if everything or v != versions.key]


def _clear_duplicates(store: Store) -> int:
    """Near-duplicates keep no statements: remove any (with their stances)."""
    with store.begin() as conn:
        ids = list(conn.execute(
            select(s.statement.c.id).join(s.article, s.article.c.id == s.statement.c.article_id)
            .where(s.article.c.duplicate_of.is_not(None))).scalars())
        _delete_statements(conn, ids)
        if ids:
            conn.execute(update(s.article).where(s.article.c.duplicate_of.is_not(None))
                         .values(statements=0))
    return len(ids)


def _delete_statements(conn: Connection, ids: Sequence[int]) -> None:
    for at in range(0, len(ids), _CHUNK):  # stances explicitly: no reliance on the cascade
        chunk = list(ids[at:at + _CHUNK])
        conn.execute(delete(s.stance).where(s.stance.c.statement_id.in_(chunk)))
        conn.execute(delete(s.statement).where(s.statement.c.id.in_(chunk)))


# -- re-extraction -----------------------------------------------------------------------------

def _load(store: Store, ids: Sequence[str]) -> list[Article]:
    with store.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(s.article).where(s.article.c.id.in_(ids)))}
    return [row_article(rows[i]) for i in ids if i in rows]


Outcome = list[Statement] | Exception


def _extract(extractor: Extractor, batch: list[Article]) -> list[tuple[Article, Outcome]]:
    """Statements of each article; when the batch fails, article by article so that one bad
    article fails alone. An article with no text has no statements."""
    try:
        got = {a.id: sts for a, sts in extractor.extract_many(batch, batch_size=len(batch))}
        return [(a, got.get(a.id, [])) for a in batch]
    except Exception:  # retried one by one below, each failure reported
        pass
    results: list[tuple[Article, Outcome]] = []
    for article in batch:
        try:
            results.append((article, extractor.extract(article) if article.text.strip()
                            else []))
        except Exception as exc:  # reported per article, the others go on
            results.append((article, exc))
    return results


def replace_statements(store: Store, article: Article, statements: Sequence[Statement],
                       versions: ExtractionVersions) -> tuple[int, int]:
    """Replace an article's statements in one transaction; (before, after) counts."""
    with store.begin() as conn:
        old = list(conn.execute(select(s.statement.c.id)
                                .where(s.statement.c.article_id == article.id)).scalars())
        _delete_statements(conn, old)
        if statements:
            conn.execute(insert(s.statement), [statement_row(st, i, versions)
                                               for i, st in enumerate(statements)])
            first = conn.execute(select(func.min(s.statement.c.id))
                                 .where(s.statement.c.article_id == article.id)).scalar()
            rewind(conn, int(first or 1) - 1)
        conn.execute(update(s.article).where(s.article.c.id == article.id).values(
            statements=len(statements), extraction_version=versions.key,
            meta=json.dumps(article.meta, ensure_ascii=False, sort_keys=True)))
    return len(old), len(statements)


def _describe(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _outcomes(store: Store, settings: Settings, todo: Sequence[str], batch_size: int,
              extractor: Extractor | None, workers: int, scheduler: str | None,
              ) -> Iterator[tuple[Article, Outcome | str]]:
    """Each stale article with its new statements or why extraction failed: here, or on
    Dask (``workers > 1`` or a ``scheduler``) like ``ingest``."""
    loaded = (_load(store, ids) for ids in batches(todo, batch_size))
    if workers > 1 or scheduler:
        from vetowatch.cluster import dask_extracted

        yield from dask_extracted(loaded, settings, workers=workers, scheduler=scheduler,
                                  db_url=store.url)
        return
    if extractor is None:
        from vetowatch.extract.extractor import Extractor

        extractor = Extractor.load(settings, store=store)  # its tables' version: the same
    for batch in loaded:
        yield from _extract(extractor, batch)


def reextract(store: Store, settings: Settings, *, since: date | None = None,
              everything: bool = False, extractor: Extractor | None = None,
              progress: Progress | None = None, batch_size: int = 16, workers: int = 1,
              scheduler: str | None = None) -> ReextractReport:
    """Re-extract the stored articles whose statements are stale (all with ``everything``;
    only those published on or after ``since``). spaCy is loaded only when there is work;
    ``extractor`` reuses a loaded pipeline (its versions are then the ones written);
    ``workers``/``scheduler`` extract on Dask as ``ingest`` does."""
    started = time.perf_counter()
    versions = extraction_versions(settings, extractor, store=store)
    report = ReextractReport()
    report.duplicates_cleared = _clear_duplicates(store)
    report.examined, todo = stale_articles(store, versions, since=since, everything=everything)
    report.versions, report.version, report.stale = versions.to_json(), versions.key, len(todo)
    outcomes = _outcomes(store, settings, todo, batch_size, extractor, workers, scheduler) \
        if todo else iter(())
    for done, (article, outcome) in enumerate(outcomes, start=1):
        if isinstance(outcome, Exception | str):
            problem = outcome if isinstance(outcome, str) else _describe(outcome)
            report.failed.append(Failure(article.id, problem))
        else:
            try:
                before, after = replace_statements(store, article, outcome, versions)
            except SQLAlchemyError as exc:
                report.failed.append(Failure(article.id, _describe(exc)))
            else:
                report.reextracted += 1
                report.statements_before += before
                report.statements_after += after
        if progress is not None:
            progress(done, len(todo), article.id)
    report.seconds = time.perf_counter() - started
    return report
