"""Readers for one news file each: plain text, HTML, JSONL, CSV and RSS/Atom feeds.

Readers are registered by file suffix in :data:`vetowatch.registry.readers` (the built-in
ones below too); :func:`reader_for` finds one. Every reader is a generator of
``Article | IngestError``: a bad record is yielded as an error (with file and line) and
reading goes on where that makes sense, so one broken row
never hides the rest. Files are streamed line by line; nothing holds a whole corpus.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import catalogue

from vetowatch import registry
from vetowatch.errors import IngestError
from vetowatch.news.article import Article, parse_date, unwrap

Item = Article | IngestError
Reader = Callable[[Path, date | None], Iterator[Item]]

TEXT_KEYS = ("text", "article_content", "content", "body", "article", "story", "full_text")
TITLE_KEYS = ("title", "article_title", "headline")
DATE_KEYS = ("date", "published", "published_time", "publication_date", "pubdate", "datetime")
URL_KEYS = ("url", "source_url", "link")
SOURCE_KEYS = ("source", "publisher", "outlet", "site", "sitename")

_STOPWORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "that",
        "for",
        "it",
        "on",
        "was",
        "with",
        "as",
        "by",
        "be",
        "at",
        "are",
        "this",
        "from",
        "or",
        "an",
        "have",
        "not",
        "but",
        "his",
        "has",
        "had",
        "which",
        "were",
        "their",
        "they",
        "its",
        "been",
        "we",
        "he",
        "she",
        "will",
        "would",
        "said",
        "who",
        "also",
        "after",
        "more",
        "than",
        "there",
        "all",
        "can",
        "about",
        "into",
        "one",
        "other",
        "when",
        "our",
        "should",
        "these",
        "such",
    ]
)
_WORD = re.compile(r"[A-Za-z']+")
SNIFF_BYTES = 8192


def english_ratio(text: str, limit: int = 400) -> tuple[float, int]:
    """Share of the first ``limit`` words that are common English function words, and the count."""
    words = _WORD.findall(text[: limit * 12])[:limit]
    if not words:
        return 0.0, 0
    hits = sum(1 for w in words if w.lower() in _STOPWORDS)
    return hits / len(words), len(words)


def check_english(text: str, min_words: int = 25, min_ratio: float = 0.12) -> str | None:
    """``None`` if ``text`` looks English (or is too short to tell), else the reason."""
    ratio, count = english_ratio(text)
    if count >= min_words and ratio < min_ratio:
        return f"does not look like English ({ratio:.0%} common English words, expected ≥ 12%)"
    if count == 0 and len(text.strip()) >= 40:
        return "does not look like English (no Latin-script words)"
    return None


def sniff(path: Path) -> bytes:
    """The first bytes of a file; raises :class:`IngestError` if it is empty or binary."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise IngestError(f"cannot open: {exc.strerror}", path) from exc
    if not head.strip():
        raise IngestError("empty file", path)
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError("binary file (NUL bytes), not a text format", path)
    return head


def _article(
    path: Path, row: int | None, text: str, fields: Mapping[str, Any], default: date | None
) -> Item:
    if not text.strip():
        return IngestError("record has no text", path, row)
    text = unwrap(text)
    reason = check_english(text)
    if reason:
        return IngestError(reason, path, row)
    used = {k for k in (*TITLE_KEYS, *DATE_KEYS, *URL_KEYS, *SOURCE_KEYS, *TEXT_KEYS)}
    meta = {k: str(v) for k, v in fields.items() if k not in used and v not in (None, "")}
    return Article.from_text(
        text,
        title=_first(fields, TITLE_KEYS),
        published=parse_date(_first(fields, DATE_KEYS)) or default,
        source=_first(fields, SOURCE_KEYS),
        url=_first(fields, URL_KEYS),
        path=path,
        row=row,
        meta=meta,
    )


def _first(fields: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = fields.get(key)
        if value not in (None, ""):
            return str(value)
    return None


def _text_key(keys: list[str]) -> str | None:
    lowered = {k.lower().strip(): k for k in keys}
    for candidate in TEXT_KEYS:
        if candidate in lowered:
            return lowered[candidate]
    return None


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IngestError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})", path, line
        ) from exc


def read_text(path: Path, published: date | None = None) -> Iterator[Item]:
    """A plain-text article: the first line is the title when a blank line follows it."""
    try:
        sniff(path)
        text = _decode(path, path.read_bytes())
    except IngestError as exc:
        yield exc
        return
    first, sep, rest = text.partition("\n")
    title = first.strip() if sep and len(first) <= 200 and rest.startswith(("\n", "\r\n")) else None
    yield _article(path, None, text, {"title": title}, published)


def read_html(path: Path, published: date | None = None) -> Iterator[Item]:
    """An HTML page: main text, title, date and site name extracted by trafilatura."""
    import trafilatura

    try:
        sniff(path)
        html = _decode(path, path.read_bytes())
    except IngestError as exc:
        yield exc
        return
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        yield IngestError("no article text found in the HTML page", path)
        return
    fields = {
        "title": getattr(doc, "title", None),
        "date": getattr(doc, "date", None),
        "url": getattr(doc, "url", None),
        "source": getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
    }
    yield _article(path, None, str(text), fields, published)


def read_jsonl(path: Path, published: date | None = None) -> Iterator[Item]:
    """One JSON object per line with a text field (``text``, ``content``, ``body``…)."""
    try:
        sniff(path)
    except IngestError as exc:
        yield exc
        return
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                yield IngestError("not UTF-8 text", path, number)
                continue
            except json.JSONDecodeError as exc:
                problem = "truncated JSON record" if not raw.endswith(b"\n") else "invalid JSON"
                yield IngestError(f"{problem} ({exc.msg})", path, number)
                continue
            if not isinstance(record, dict):
                yield IngestError("a JSONL line must hold an object", path, number)
                continue
            key = _text_key(list(record))
            if key is None:
                yield IngestError(
                    "no text field (text, content, body…) in the record", path, number
                )
                continue
            yield _article(path, number, str(record[key] or ""), record, published)


def read_csv(path: Path, published: date | None = None) -> Iterator[Item]:
    """A CSV (or TSV) with a header, one article per row; other columns become ``meta``."""
    try:
        head = sniff(path)
    except IngestError as exc:
        yield exc
        return
    delimiter = (
        "\t" if path.suffix.lower() == ".tsv" or head.count(b"\t") > head.count(b",") else ","
    )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        try:
            header = next(reader)
            text_col = _text_key(header)
            if text_col is None:
                yield IngestError(f"no text column among {header}", path, 1)
                return
            keys = [h.strip() for h in header]
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(keys):
                    yield IngestError(
                        f"row has {len(row)} fields, header has {len(keys)} (truncated file?)",
                        path,
                        reader.line_num,
                    )
                    continue
                fields = dict(zip(keys, row, strict=True))
                text = fields[text_col.strip()]
                yield _article(path, reader.line_num, text, fields, published)
        except csv.Error as exc:
            yield IngestError(f"broken CSV ({exc}; truncated file?)", path, reader.line_num)
        except UnicodeDecodeError as exc:
            yield IngestError(f"not UTF-8 text ({exc.reason})", path, reader.line_num + 1)


def _strip_html(markup: str) -> str:
    if "<" not in markup:
        return markup
    import lxml.html

    try:
        return str(lxml.html.fromstring(markup).text_content())
    except Exception:  # lxml raises several types on junk markup
        return re.sub(r"<[^>]+>", " ", markup)


def read_feed(path: Path, published: date | None = None) -> Iterator[Item]:
    """An RSS or Atom feed (feedparser): one article per entry, text from content or summary."""
    import feedparser

    try:
        sniff(path)
        data = path.read_bytes()
    except IngestError as exc:
        yield exc
        return
    feed = feedparser.parse(data)
    if not feed.entries:
        problem = str(getattr(feed, "bozo_exception", "no entries"))
        yield IngestError(f"not a readable RSS/Atom feed ({problem})", path)
        return
    site = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        contents = entry.get("content") or []
        markup = contents[0].get("value", "") if contents else entry.get("summary", "")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        day = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
        fields = {"title": entry.get("title"), "url": entry.get("link"), "source": site}
        yield _article(path, number, _strip_html(markup).strip(), fields, day or published)


BUILT_IN: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
    ".tsv": read_csv,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
}
for _suffix, _reader in BUILT_IN.items():  # built-ins register like a user's readers
    registry.readers.register(_suffix, func=_reader)


def reader_for(suffix: str) -> Reader | None:
    """The reader registered for a file suffix (``".jsonl"``, case-insensitive), built-in
    or a user's (``@vetowatch.registry.readers.register(".docx")`` or an entry point in the
    ``vetowatch_readers`` group); ``None`` when there is none."""
    try:
        reader: Reader = registry.readers.get(suffix.lower())
    except catalogue.RegistryError:
        return None
    return reader
