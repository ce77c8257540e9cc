"""Reading the news end to end: ingest files, extract statements, store both, query, export.

``ingest`` streams articles from files and folders (``news``), extracts their statements
(``extract``) and stores each article with its statements in a short write transaction
(one per batch of articles; ``BEGIN IMMEDIATE`` on SQLite, retried on a lock;
``INSERT … ON CONFLICT DO NOTHING``), so a failure or a kill never leaves half an article,
a reader never makes it fail, and two ingests of the same files store each article once.
Nothing sinks the run: a bad file or record, or a text extraction fails on, is listed in
:attr:`IngestReport.rejected` (path, line, code, what, what to do) and the rest is stored;
a text over spaCy's 1,000,000 characters is read in parts cut between paragraphs, its
offsets those of the whole text.

Articles are keyed by content hash: a rerun adds nothing, and a near-duplicate of an earlier
story — in this run or stored by an earlier one (the MinHash/LSH bands in the database,
:mod:`vetowatch.news.dedup_store`) — is stored, linked to it (``duplicate_of``) and not
extracted again. With ``workers > 1`` extraction runs on a Dask ``LocalCluster`` of that many
worker processes, or on an existing cluster (``scheduler``) (:mod:`vetowatch.cluster`).
"""

from __future__ import annotations

import csv
import ctypes
import io
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import cache
from itertools import chain
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, and_, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from vetowatch.csvcells import safe_row
from vetowatch.errors import DataNotFoundError, IngestError, InvalidInputError
from vetowatch.extract.statement import Event, Mention, Statement, When
from vetowatch.news.article import Article, actor_code, check_published
from vetowatch.news.dedup_store import StoredDuplicateIndex
from vetowatch.news.genre import GENRES
from vetowatch.news.ingest import read_news
from vetowatch.news.problems import InputRejected, Rejection, path_text, shown_path
from vetowatch.settings import Settings
from vetowatch.store import Store
from vetowatch.store import schema as s
from vetowatch.versions import ExtractionVersions, extraction_versions

if TYPE_CHECKING:
    from vetowatch.extract.extractor import Extractor

Progress = Callable[[Article, int], None]
T = TypeVar("T")


@dataclass
class IngestReport:
    files: int = 0
    articles: int = 0  # new articles stored
    already: int = 0  # articles already in the database (rerun)
    near_duplicates: int = 0  # stored, linked to an earlier copy, not extracted again
    statements: int = 0
    errors: list[IngestError] = field(default_factory=list)  # the inputs rejected
    seconds: float = 0.0

    @property
    def rejected(self) -> list[Rejection]:
        """The files and records skipped: path, line, code, what is wrong, what to do."""
        return [Rejection.of(e) for e in self.errors]

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files, "articles": self.articles, "already": self.already,
            "near_duplicates": self.near_duplicates, "statements": self.statements,
            "errors": [str(r) for r in self.rejected], "seconds": round(self.seconds, 3),
            "rejected": [r.to_json() for r in self.rejected],
        }


# -- statements <-> rows ---------------------------------------------------------------------

def statement_row(st: Statement, seq: int,
                  versions: ExtractionVersions | None = None) -> dict[str, Any]:
    """The ``statement`` row of ``st``; ``versions`` are those of the extraction."""
    return {
        "article_id": st.article_id, "seq": seq, "start": st.start, "end": st.end,
        "sentence": st.sentence, "speaker_text": st.speaker.text,
        "speaker_actor": st.speaker.actor,
        "via": json.dumps([m.to_json() for m in st.via], ensure_ascii=False),
        "cue": st.cue, "kind": st.kind, "content": st.content,
        "target_text": st.target.text if st.target else None,
        "target_actor": st.target.actor if st.target else None,
        "polarity": st.polarity, "negated": st.negated, "cameo": st.event.cameo,
        "plover": st.event.plover, "goldstein": st.event.goldstein,
        "when_text": st.when.text, "when_date": st.when.date,
        "when_precision": st.when.precision,
        "content_start": st.content_start, "content_end": st.content_end,
        "extraction_version": versions.key if versions else None,
        "versions": versions.dumps() if versions else None,
    }


@dataclass(frozen=True)
class StoredStatement:
    """A statement as stored: its database id and the statement."""

    id: int
    statement: Statement

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, **self.statement.to_json()}


def row_statement(r: Any) -> StoredStatement:
    target = Mention(r.target_text, r.target_actor) if r.target_text else None
    st = Statement(
        article_id=r.article_id, sentence=r.sentence, start=r.start, end=r.end,
        speaker=Mention(r.speaker_text, r.speaker_actor),
        via=tuple(Mention(v["text"], v.get("actor")) for v in json.loads(r.via)),
        cue=r.cue, kind=r.kind, content=r.content, target=target, polarity=r.polarity,
        negated=bool(r.negated), event=Event(r.cameo, r.plover, r.goldstein),
        when=When(r.when_text, r.when_date, r.when_precision),
        content_start=getattr(r, "content_start", None),
        content_end=getattr(r, "content_end", None),
    )
    return StoredStatement(r.id, st)


# -- ingest -----------------------------------------------------------------------------------

def _known_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        found |= set(conn.execute(select(s.article.c.id).where(s.article.c.id.in_(chunk)))
                     .scalars())
    return found


def article_row(article: Article, statements: int,
                versions: ExtractionVersions | None) -> dict[str, Any]:
    """The ``article`` row; ``meta`` keeps what re-extraction needs (the speaker)."""
    return {
        "id": article.id, "title": article.title, "text": article.text,
        "published": article.published, "source": article.source, "url": article.url,
        "path": path_text(article.path) if article.path else None, "row": article.row,
        "duplicate_of": article.duplicate_of, "statements": statements,
        "ingested_at": datetime.now(UTC),
        "meta": json.dumps(article.meta, ensure_ascii=False, sort_keys=True),
        "extraction_version": versions.key if versions else None,
    }


def row_article(r: Any) -> Article:
    """An ``article`` row back as the :class:`Article` it was read as."""
    meta = json.loads(r.meta) if r.meta else {}
    return Article(id=r.id, title=r.title, text=r.text, published=r.published,
                   source=r.source, url=r.url, path=Path(r.path) if r.path else None,
                   row=r.row, duplicate_of=r.duplicate_of,
                   meta={str(k): str(v) for k, v in meta.items()})


def _store(store: Store, article: Article, statements: list[Statement],
           versions: ExtractionVersions | None,
           index: StoredDuplicateIndex | None = None) -> bool:
    """Store ``article`` and its statements in one short write transaction; ``False`` when
    the article was already there (another ingest of the same files stored it first)."""
    return _store_many(store, [(article, statements)], versions, index)[0]


def _insert_new(store: Store, conn: Connection, rows: Sequence[dict[str, Any]]) -> set[str]:
    """Insert the ``article`` rows no other process stored first; the ids inserted. One
    multi-row ``INSERT … ON CONFLICT DO NOTHING RETURNING id`` on SQLite and PostgreSQL (a
    row a concurrent ingest stored first comes back from neither), else row by row."""
    name = conn.dialect.name
    if not rows:
        return set()
    if name in ("sqlite", "postgresql"):
        unique: dict[str, dict[str, Any]] = {}
        for row in rows:
            unique.setdefault(row["id"], row)
        dialect_insert = sqlite.insert if name == "sqlite" else postgresql.insert
        stmt = dialect_insert(s.article).on_conflict_do_nothing().returning(s.article.c.id)
        return set(conn.execute(stmt, list(unique.values())).scalars())
    return {row["id"] for row in rows if store.insert_new(conn, s.article, row)}


def _store_many(store: Store, items: Sequence[tuple[Article, list[Statement]]],
                versions: ExtractionVersions | None,
                index: StoredDuplicateIndex | None = None) -> list[bool]:
    """Store each article with its statements, all in one short write transaction (one
    commit per batch, not per article); for each, ``False`` when it was already there. Each
    article is inserted only if absent, so the batch is idempotent and safe to repeat."""
    prepared = [(article_row(a, len(sts), versions),
                 [statement_row(st, i, versions) for i, st in enumerate(sts)])
                for a, sts in items]

    def work(conn: Connection) -> list[bool]:
        inserted = _insert_new(store, conn, [row for row, _ in prepared])
        stored: list[bool] = []
        rows: list[dict[str, Any]] = []
        for row, statement_rows in prepared:
            new = row["id"] in inserted
            inserted.discard(row["id"])  # an article twice in the batch is stored once
            stored.append(new)
            if new:
                rows.extend(statement_rows)
        if index is not None:  # the new articles' near-duplicate bands, same transaction
            index.write_many(conn, [a.id for (a, _), new in zip(items, stored, strict=True)
                                    if new])
        if rows:
            conn.execute(insert(s.statement), rows)
        return stored

    done = store.write(work)
    if index is not None:
        index.forget(a.id for a, _ in items)
    return done


# -- extraction, one article's failure isolated; long texts in parts -------------------------

MAX_CHARS = 1_000_000  # spaCy's limit (nlp.max_length): a longer text is read in parts
PART_CHARS = 100_000  # the size of those parts (spaCy needs ~1 GB per 100,000 characters)
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")
_SENTENCE_END = re.compile(r"[.!?]\s+|\s+")

# what extraction made of one article: its statements, or why it failed
Outcome = list[Statement] | str


def split_text(text: str, size: int = PART_CHARS) -> list[tuple[int, str]]:
    """``text`` in ``(offset, part)`` pieces of at most ``size`` characters, cut between
    paragraphs (a paragraph longer than ``size`` between sentences, else at a space, else
    anywhere). The parts joined again are ``text``."""
    parts: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max((m.end() for m in _PARAGRAPH.finditer(window)), default=0)
        if cut <= 0:
            cut = max((m.end() for m in _SENTENCE_END.finditer(window)), default=0)
        if cut <= 0:
            cut = size
        parts.append((start, text[start:start + cut]))
        start += cut
    parts.append((start, text[start:]))
    return parts


def _shifted(st: Statement, offset: int) -> Statement:
    return replace(
        st, start=st.start + offset, end=st.end + offset,
        content_start=None if st.content_start is None else st.content_start + offset,
        content_end=None if st.content_end is None else st.content_end + offset)


def _extract_long(extractor: Extractor, article: Article) -> list[Statement]:
    """The statements of a text over :data:`MAX_CHARS`, read in parts; offsets stay those
    of the whole article."""
    genre = article.genre
    found: list[Statement] = []
    for offset, part in split_text(article.text):
        if part.strip():
            statements = extractor.extract(replace(article, text=part), genre=genre)
            found.extend(_shifted(st, offset) for st in statements)
    return found


def _failure(exc: Exception) -> str:
    return f"extraction failed ({type(exc).__name__}: {str(exc)[:200]})"


def _one(extractor: Extractor, article: Article) -> Outcome:
    try:
        if len(article.text) > MAX_CHARS:
            return _extract_long(extractor, article)
        return extractor.extract(article)
    except Exception as exc:  # one article must never sink the run
        return _failure(exc)


def extract_batch(extractor: Extractor, batch: list[Article]) -> list[tuple[Article, Outcome]]:
    """Each article of ``batch`` with its statements or why extraction failed: the batch
    goes through ``nlp.pipe``; if that fails, each article is read alone, so one article's
    failure costs only that article. Texts over :data:`MAX_CHARS` are read in parts."""
    short = [a for a in batch if len(a.text) <= MAX_CHARS]
    outcomes: dict[int, Outcome] = {}
    try:
        for article, statements in extractor.extract_many(short, batch_size=max(len(short), 1)):
            outcomes[id(article)] = statements
    except Exception:  # the batch failed on one of its articles: find which
        outcomes = {id(a): _one(extractor, a) for a in short}
    done = [(a, outcomes[id(a)] if id(a) in outcomes else _one(extractor, a)) for a in batch]
    trim_heap()
    return done


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (AttributeError, OSError):  # not glibc
        return None


def trim_heap() -> None:
    """Give the allocator's free pages back to the system (glibc; elsewhere nothing).

    Called once per batch, so that a process's memory follows the batch it is on, not the
    largest batch it has seen. Cheaper than Dask's default ``MALLOC_TRIM_THRESHOLD_`` (which
    also fixes glibc's mmap threshold: every large array is then mapped and unmapped anew —
    10 % more CPU on FA-KES, docs/scale.md)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


BATCH_CHARS = 150_000  # characters in one ``nlp.pipe`` batch: spaCy's memory follows them


def text_batches(articles: Iterable[Article], size: int,
                 max_chars: int = BATCH_CHARS) -> Iterator[list[Article]]:
    """``articles`` in lists of at most ``size`` articles and, unless one article alone is
    longer, at most ``max_chars`` characters, streamed: the memory of extraction stays
    bounded by the batch's characters, however long the texts of the corpus."""
    batch: list[Article] = []
    chars = 0
    for article in articles:
        if batch and (len(batch) >= size or chars + len(article.text) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(article)
        chars += len(article.text)
    if batch:
        yield batch


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), streamed."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _extracted(articles: Iterable[Article], settings: Settings, workers: int,
               batch_size: int, extractor: Extractor | None = None,
               store: Store | None = None, scheduler: str | None = None,
               ) -> Iterator[tuple[Article, Outcome]]:
    # peek first: a rerun with nothing new to extract never loads spaCy and the dictionaries
    stream = iter(articles)
    first = next(stream, None)
    if first is None:
        return
    articles = chain([first], stream)
    if workers <= 1 and scheduler is None:
        if extractor is None:
            from vetowatch.extract.extractor import Extractor

            extractor = Extractor.load(settings, store=store)  # with the user's actors
        for batch in text_batches(articles, batch_size):
            yield from extract_batch(extractor, batch)
        return
    from vetowatch.cluster import dask_extracted

    yield from dask_extracted(text_batches(articles, batch_size), settings, workers=workers,
                              scheduler=scheduler,
                              db_url=store.url if store is not None else None)


def _check_paths(paths: Sequence[str | Path]) -> None:
    """Every path named must exist: a typo is a usage error (nothing is read), not a
    rejected input."""
    missing = [shown_path(p) for p in paths if not os.path.lexists(p)]
    if missing:
        raise DataNotFoundError(f"no such file or folder: {', '.join(missing)}",
                                fix="Check the path (nothing was ingested).")


def ingest(store: Store, settings: Settings, paths: Sequence[str | Path], *,
           published: date | None = None, source: str | None = None, workers: int = 1,
           batch_size: int = 16, progress: Progress | None = None,
           speaker: str | None = None, extractor: Extractor | None = None,
           genre: str | None = None, scheduler: str | None = None) -> IngestReport:
    """Ingest news files and folders: store new articles and their statements.

    Every good file and record is stored; a bad one (unreadable, not English, a broken
    row, an impossible or future date, a text extraction fails on) is skipped and listed
    in :attr:`IngestReport.rejected` with file, line, what is wrong and what to do. A path
    that does not exist raises :class:`DataNotFoundError` before anything is read.

    Each article is stored with its statements in a short write transaction (one per batch
    of ``batch_size`` extracted articles), and only if no other process stored it first, so
    a concurrent ingest of the same files, a reader, or a kill leaves every article once and
    whole. Extraction batches also stop at :data:`BATCH_CHARS` characters: memory follows
    the characters in flight, not the size of the corpus.

    ``extractor`` reuses an already loaded pipeline (one worker only). ``workers > 1``
    extracts on a Dask ``LocalCluster`` of that many processes; ``scheduler``
    (``tcp://HOST:8786``) on an existing Dask cluster.

    ``speaker`` (an actor code, ``FRAGOV``) is the speaker of first-person texts such as
    speeches: their "we", "I", "my government" statements are that actor's. Records with a
    ``speaker_actor`` or ``iso3`` column carry their own (:attr:`Article.speaker`).

    ``genre`` (``briefing``, ``readout``, ``joint``, ``speech``, ``statement``, ``news``)
    forces how every text is read; by default each record's own (:attr:`Article.genre`)."""
    started = time.perf_counter()
    if speaker is not None and actor_code(speaker) is None:
        raise InvalidInputError(f"--speaker {speaker!r} is not an actor code (e.g. FRAGOV)")
    if genre is not None and genre not in GENRES:
        raise InvalidInputError(f"--genre {genre!r} is not one of {', '.join(GENRES)}")
    if published is not None:
        check_published(published)
    _check_paths(paths)
    report = IngestReport()
    index = StoredDuplicateIndex(store)
    stream = read_news(paths, published=published, on_error=report.errors.append, index=index)
    known_versions: list[ExtractionVersions] = []

    def versions() -> ExtractionVersions:  # from files, once: no spaCy for a rerun
        if not known_versions:
            known_versions.append(extraction_versions(settings, extractor, store=store))
        return known_versions[0]

    def fresh() -> Iterator[Article]:
        for batch in batches(stream, 200):
            with store.connect() as conn:  # a short read, never held while extracting
                known = _known_ids(conn, [a.id for a in batch])
            for article in batch:
                if source and not article.source:
                    article = replace(article, source=source)
                if speaker:
                    article = article.with_speaker(speaker)
                if genre:
                    article = article.with_genre(genre)
                if article.id in known:
                    report.already += 1
                    index.forget([article.id])
                elif article.duplicate_of is not None:
                    if _store(store, article, [], versions(), index):
                        report.near_duplicates += 1
                    else:
                        report.already += 1
                else:
                    yield article

    extracted = _extracted(fresh(), settings, workers, batch_size, extractor, store, scheduler)
    for group in batches(extracted, batch_size):
        good: list[tuple[Article, list[Statement]]] = []
        for article, outcome in group:
            if isinstance(outcome, str):
                index.forget([article.id])
                report.errors.append(InputRejected(
                    outcome, article.path, article.row,
                    fix="the text was not stored; please report this with the file"))
            else:
                good.append((article, outcome))
        if not good:
            continue
        for (article, outcome), new in zip(good, _store_many(store, good, versions(), index),
                                           strict=True):
            if new:
                report.articles += 1
                report.statements += len(outcome)
                if progress:
                    progress(article, len(outcome))
            else:
                report.already += 1
    report.files = stream.files
    report.seconds = time.perf_counter() - started
    return report


# -- queries and export --------------------------------------------------------------------

def _filters(actor: str | None, since: date | None, until: date | None,
             article: str | None) -> list[Any]:
    conds: list[Any] = []
    if actor:
        code = actor.upper()
        conds.append(func.upper(s.statement.c.speaker_actor).like(f"{code}%"))
    day = func.coalesce(s.statement.c.when_date, s.article.c.published)
    if since:
        conds.append(day >= since)
    if until:
        conds.append(day <= until)
    if article:
        conds.append(s.statement.c.article_id.like(f"{article}%"))
    return conds


def iter_statements(store: Store, *, actor: str | None = None, since: date | None = None,
                    until: date | None = None, article: str | None = None,
                    limit: int | None = None) -> Iterator[StoredStatement]:
    """Stored statements in article and sentence order; ``actor`` is a code prefix (RUS)."""
    query = (select(s.statement)
             .join(s.article, s.article.c.id == s.statement.c.article_id)
             .where(and_(True, *_filters(actor, since, until, article)))
             .order_by(s.article.c.published, s.statement.c.article_id, s.statement.c.seq))
    if limit:
        query = query.limit(limit)
    with store.connect() as conn:
        for row in conn.execute(query):
            yield row_statement(row)


def count_statements(store: Store, *, actor: str | None = None, since: date | None = None,
                     until: date | None = None, article: str | None = None) -> int:
    """How many statements :func:`iter_statements` yields without a limit."""
    query = (select(func.count()).select_from(s.statement)
             .join(s.article, s.article.c.id == s.statement.c.article_id)
             .where(and_(True, *_filters(actor, since, until, article))))
    with store.connect() as conn:
        return int(conn.execute(query).scalar_one())


CSV_COLUMNS = ("id", "article_id", "sentence", "start", "end", "speaker_text", "speaker_actor",
               "via", "cue", "kind", "content", "target_text", "target_actor", "polarity",
               "negated", "cameo", "plover", "goldstein", "when_text", "when_date",
               "when_precision")


def _csv_row(item: StoredStatement) -> list[Any]:
    j = item.to_json()
    via = " < ".join(f"{v['text']} [{v['actor'] or '-'}]" for v in j["via"])
    target = j["target"] or {}
    return [j["id"], j["article_id"], j["sentence"], j["start"], j["end"], j["speaker"]["text"],
            j["speaker"]["actor"], via, j["cue"], j["kind"], j["content"], target.get("text"),
            target.get("actor"), j["polarity"], j["negated"], j["event"]["cameo"],
            j["event"]["plover"], j["event"]["goldstein"], j["when"]["text"],
            j["when"]["date"], j["when"]["precision"]]


def write_export(items: Iterable[T], out: IO[str], fmt: str, columns: Sequence[str],
                 csv_row: Callable[[T], list[Any]],
                 json_row: Callable[[T], dict[str, Any]]) -> int:
    """Write ``items`` as JSONL (``json_row`` a line) or CSV (``columns``, then ``csv_row``
    of each, formula-like cells neutralised); returns how many."""
    if fmt not in ("jsonl", "csv"):
        raise InvalidInputError(f"unknown export format {fmt!r}: use jsonl or csv")
    n = 0
    writer = csv.writer(out) if fmt == "csv" else None
    if writer:
        writer.writerow(columns)
    for item in items:
        if writer:
            writer.writerow(safe_row(csv_row(item)))  # no spreadsheet formulas
        else:
            out.write(json.dumps(json_row(item), ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def export_statements(items: Iterable[StoredStatement], out: IO[str], fmt: str) -> int:
    """Write statements as JSONL (one record a line) or CSV; returns how many."""
    return write_export(items, out, fmt, CSV_COLUMNS, _csv_row, StoredStatement.to_json)


def export_to_string(items: Iterable[StoredStatement], fmt: str) -> str:
    buffer = io.StringIO()
    export_statements(items, buffer, fmt)
    return buffer.getvalue()
