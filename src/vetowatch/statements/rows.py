"""Stored statements with their provenance: the article each comes from, and where in it.

Every output that carries statements (``statements --json``, ``statements export``) or
evidence drawn from them (positions, timelines, shifts, claims, the news explanation of a
forecast) gives the same provenance fields, named as in the event exports
(:data:`vetowatch.statements.layouts.PROVENANCE`): ``article_id``, ``article_title``,
``outlet``, ``url``, ``published`` (ISO date), ``char_start``, ``char_end`` (character
offsets in the article text). The article is joined in the query that reads the statements
(:func:`article_columns`), never fetched per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from sqlalchemy import Label, and_, select

from vetowatch.reading import (
    CSV_COLUMNS,
    StoredStatement,
    _csv_row,
    _filters,
    row_statement,
    write_export,
)
from vetowatch.store import Store
from vetowatch.store import schema as s

__all__ = ["EXPORT_COLUMNS", "ArticleSource", "StatementRow", "article_columns",
           "export_statement_rows", "iter_statement_rows", "provenance"]


def article_columns() -> list[Label[Any]]:
    """The article's columns to add to a query joined with ``article``, labelled as
    :meth:`ArticleSource.of` reads them (``article_title``, ``outlet``, ``url``,
    ``published``)."""
    a = s.article
    return [a.c.title.label("article_title"), a.c.source.label("outlet"),
            a.c.url.label("url"), a.c.published.label("published")]


def provenance(article_id: str | None, title: str | None, outlet: str | None,
               url: str | None, published: date | None, start: int | None,
               end: int | None) -> dict[str, Any]:
    """The provenance fields, in the order of the event exports."""
    return {"article_id": article_id, "article_title": title, "outlet": outlet, "url": url,
            "published": published.isoformat() if published else None,
            "char_start": start, "char_end": end}


@dataclass(frozen=True)
class ArticleSource:
    """The article a statement was read in (empty when the query did not join it)."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None

    @classmethod
    def of(cls, row: Any) -> ArticleSource:
        """From a row selected with :func:`article_columns` (missing columns stay empty)."""
        return cls(getattr(row, "article_title", None), getattr(row, "outlet", None),
                   getattr(row, "url", None), getattr(row, "published", None))

    def fields(self, article_id: str | None, start: int | None,
               end: int | None) -> dict[str, Any]:
        """The provenance fields of the span ``start``–``end`` of article ``article_id``."""
        return provenance(article_id, self.title, self.outlet, self.url, self.published,
                          start, end)


@dataclass(frozen=True)
class StatementRow:
    """A stored statement and its article: :meth:`to_json` is
    :meth:`StoredStatement.to_json` plus the provenance fields."""

    stored: StoredStatement
    source: ArticleSource

    def provenance(self) -> dict[str, Any]:
        st = self.stored.statement
        return self.source.fields(st.article_id, st.start, st.end)

    def to_json(self) -> dict[str, Any]:
        return {**self.stored.to_json(), **self.provenance()}


def iter_statement_rows(store: Store, *, actor: str | None = None, since: date | None = None,
                        until: date | None = None, article: str | None = None,
                        limit: int | None = None) -> Iterator[StatementRow]:
    """As :func:`vetowatch.reading.iter_statements` (same filters and order), each statement
    with its article, read in the same query."""
    query = (select(s.statement, *article_columns())
             .join(s.article, s.article.c.id == s.statement.c.article_id)
             .where(and_(True, *_filters(actor, since, until, article)))
             .order_by(s.article.c.published, s.statement.c.article_id, s.statement.c.seq))
    if limit:
        query = query.limit(limit)
    with store.connect() as conn:
        for row in conn.execute(query):
            yield StatementRow(row_statement(row), ArticleSource.of(row))


# the CSV columns of ``statements export``: those of reading.CSV_COLUMNS, then the provenance
# fields it lacks (``article_id`` is already there)
EXTRA_COLUMNS = ("article_title", "outlet", "url", "published", "char_start", "char_end")
EXPORT_COLUMNS = (*CSV_COLUMNS, *EXTRA_COLUMNS)


def export_statement_rows(items: Iterable[StatementRow], out: IO[str], fmt: str) -> int:
    """Write statements with their provenance as JSONL (one record a line) or CSV
    (:data:`EXPORT_COLUMNS`); returns how many."""
    def csv_row(item: StatementRow) -> list[Any]:
        extra = item.provenance()
        return [*_csv_row(item.stored), *(extra[c] for c in EXTRA_COLUMNS)]

    return write_export(items, out, fmt, EXPORT_COLUMNS, csv_row, StatementRow.to_json)
