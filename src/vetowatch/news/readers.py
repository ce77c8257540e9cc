"""Readers for one news file each: plain text, HTML, JSONL, CSV and RSS/Atom feeds.

Readers are registered by file suffix in :data:`vetowatch.registry.readers` (the built-in
ones below too); :func:`reader_for` finds one. Every reader is a generator of
``Article | IngestError``: a bad file or record is yielded as an error (an
:class:`~vetowatch.news.problems.InputRejected`: file, line, what is wrong, what to do) and
reading goes on with the next record, so one broken row never hides the rest.

JSONL and CSV files are read line by line (a record of over :data:`MAX_RECORD_BYTES` is
rejected, the rest of the file read); one-article files (text, HTML) and feeds are read
whole, up to :data:`MAX_FILE_BYTES`. Text is UTF-8 (a BOM is dropped); text, HTML and
feed files in UTF-16 with a BOM are decoded too, an HTML page with the charset its
``<meta>`` tag declares, feeds with the encoding their XML declaration names (feedparser);
any other encoding is rejected with the command that converts it. Control characters in a
text become spaces.

A record's own publication date is read strictly (:func:`vetowatch.news.article.read_date`):
an impossible, relative, future or pre-1945 date rejects the record; it is never replaced
by ``--date``, which only dates records that carry no date.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from itertools import islice
from pathlib import Path
from typing import IO, Any

import catalogue

from vetowatch import registry
from vetowatch.errors import IngestError, InvalidInputError
from vetowatch.news.article import DATE_FIX, Article, check_published, read_date, unwrap
from vetowatch.news.problems import InputRejected, shown

Item = Article | IngestError
Reader = Callable[[Path, date | None], Iterator[Item]]

TEXT_KEYS = ("text", "article_content", "content", "body", "article", "story", "full_text")
TITLE_KEYS = ("title", "article_title", "headline")
DATE_KEYS = ("date", "published", "published_time", "publication_date", "pubdate", "datetime")
URL_KEYS = ("url", "source_url", "link")
SOURCE_KEYS = ("source", "publisher", "outlet", "site", "sitename")

_STOPWORDS = frozenset([
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "on", "was", "with", "as",
    "by", "be", "at", "are", "this", "from", "or", "an", "have", "not", "but", "his", "has",
    "had", "which", "were", "their", "they", "its", "been", "we", "he", "she", "will", "would",
    "said", "who", "also", "after", "more", "than", "there", "all", "can", "about", "into",
    "one", "other", "when", "our", "should", "these", "such",
])
_WORD = re.compile(r"[A-Za-z']+")
SNIFF_BYTES = 8192
MAX_FILE_BYTES = 64 * 2**20  # a one-article file (text, HTML) or a feed
MAX_RECORD_BYTES = 16 * 2**20  # a JSONL line, a CSV row
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SURROGATE = re.compile("[\udc80-\udcff]")


def english_ratio(text: str, limit: int = 400) -> tuple[float, int]:
    """Share of the first ``limit`` words that are common English function words, and the count."""
    words = [m.group() for m in islice(_WORD.finditer(text), limit)]
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
            while head and not head.strip():  # leading white space: look further
                more = handle.read(2**20)
                if not more:
                    break
                head = more.lstrip()[:SNIFF_BYTES] or b" "
    except OSError as exc:
        raise InputRejected(f"cannot open: {exc.strerror or exc}", path,
                            fix="check that the file exists and is readable") from exc
    if not head.strip():
        raise InputRejected("empty file", path, fix="remove the file or give it a text")
    if b"\x00" in head and not head.startswith(_UTF16_BOMS):
        raise InputRejected("binary file (NUL bytes), not a text format", path,
                            fix="give only text, HTML, JSONL, CSV or RSS/Atom files")
    return head


def _read_whole(path: Path) -> bytes:
    """The bytes of a one-article file (text, HTML, feed) of at most :data:`MAX_FILE_BYTES`."""
    sniff(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputRejected(
                f"file of {size / 2**20:.0f} MB, over the {MAX_FILE_BYTES // 2**20} MB limit of "
                "a one-article file", path, fix="split it into several files")
        return path.read_bytes()
    except OSError as exc:
        raise InputRejected(f"cannot read: {exc.strerror or exc}", path,
                            fix="check that the file is readable") from exc


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` safe to store and parse: control characters (NUL, escape…, not tab, line
    and page breaks) become spaces, lone surrogates U+FFFD; the length never changes."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else " ", text)


def _article(
    path: Path, row: int | None, text: str, fields: Mapping[str, Any], default: date | None
) -> Item:
    text = unwrap(clean(text))
    if not text.strip():
        return InputRejected("record has no text", path, row,
                             fix="give the record a text or remove it")
    reason = check_english(text)
    if reason:
        return InputRejected(reason, path, row, fix="vetowatch reads English texts only")
    raw_date = _first(fields, DATE_KEYS)
    try:
        day = read_date(raw_date)
    except InvalidInputError as exc:
        return InputRejected(f"bad publication date: {exc.message}", path, row, fix=DATE_FIX)
    used = {k for k in (*TITLE_KEYS, *DATE_KEYS, *URL_KEYS, *SOURCE_KEYS, *TEXT_KEYS)}
    meta = {clean(str(k)): clean(str(v)) for k, v in fields.items()
            if k not in used and isinstance(v, str | int | float | bool) and v != ""}
    return Article.from_text(
        text,
        title=_cleaned(_first(fields, TITLE_KEYS)),
        published=day or default,
        source=_cleaned(_first(fields, SOURCE_KEYS)),
        url=_cleaned(_first(fields, URL_KEYS)),
        path=path,
        row=row,
        meta=meta,
    )


def _cleaned(value: str | None) -> str | None:
    return clean(value) if value is not None else None


def _first(fields: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = fields.get(key)
        if value not in (None, "") and not isinstance(value, dict | list):
            return str(value)
    return None


def _text_key(keys: list[str]) -> str | None:
    lowered = {k.lower().strip(): k for k in keys}
    for candidate in TEXT_KEYS:
        if candidate in lowered:
            return lowered[candidate]
    return None


ENCODING_FIX = ("convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8 FILE > NEW for Latin-1, "
                "-f utf-16 for UTF-16) and ingest it again")


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (a BOM is dropped); UTF-16 only with its BOM; anything else is rejected."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputRejected("broken UTF-16 text", path, fix=ENCODING_FIX) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputRejected(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})", path, line,
            fix=ENCODING_FIX) from exc


def read_text(path: Path, published: date | None = None) -> Iterator[Item]:
    """A plain-text article: the first line is the title when a blank line follows it."""
    try:
        text = _decode(path, _read_whole(path))
    except IngestError as exc:
        yield exc
        return
    first, sep, rest = text.partition("\n")
    title = first.strip() if sep and len(first) <= 200 and rest.startswith(("\n", "\r\n")) else None
    yield _article(path, None, text, {"title": title}, published)


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""",
                      re.IGNORECASE)


def _decode_html(path: Path, data: bytes) -> str:
    """:func:`_decode`, or else the charset the page declares in a ``<meta>`` tag in its
    first 8 KB (``windows-1252``, ``iso-8859-1``…), if Python knows it."""
    try:
        return _decode(path, data)
    except InputRejected:
        match = _CHARSET.search(data[:SNIFF_BYTES])
        if match is None:
            raise
        try:
            return data.decode(match.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            raise InputRejected(
                f"neither UTF-8 nor the charset it declares ({match.group(1)!r})", path,
                fix=ENCODING_FIX) from None


def read_html(path: Path, published: date | None = None) -> Iterator[Item]:
    """An HTML page: main text, title, date and site name extracted by trafilatura. Not
    UTF-8, the page is decoded with the charset its ``<meta>`` tag declares."""
    import trafilatura

    try:
        html = _decode_html(path, _read_whole(path))
    except IngestError as exc:
        yield exc
        return
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # lxml and trafilatura raise many types on junk
        yield InputRejected(f"unreadable HTML ({type(exc).__name__})", path,
                            fix="check that the file is an HTML page")
        return
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        yield InputRejected("no article text found in the HTML page", path,
                            fix="give the article's own page, not an index or a script")
        return
    fields = {
        "title": getattr(doc, "title", None),
        "date": getattr(doc, "date", None),
        "url": getattr(doc, "url", None),
        "source": getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
    }
    yield _article(path, None, str(text), fields, published)


def _lines(path: Path, handle: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """``(number, line)`` of a binary file, at most :data:`MAX_RECORD_BYTES` a line; an
    overlong line is skipped to its end and given as ``None``."""
    number = 0
    while True:
        raw = handle.readline(MAX_RECORD_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
            while (rest := handle.readline(2**20)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, raw


def _json_record(path: Path, number: int, raw: bytes) -> dict[str, Any] | IngestError:
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return InputRejected("not UTF-8 text", path, number, fix=ENCODING_FIX)
    except RecursionError:
        return InputRejected("JSON nested too deep", path, number,
                             fix="give one flat JSON object per line")
    except ValueError as exc:  # JSONDecodeError, or an integer of over 4,300 digits
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        problem = "truncated JSON record" if not raw.endswith(b"\n") else "invalid JSON"
        return InputRejected(f"{problem} ({msg})", path, number,
                             fix="write one complete JSON object per line")
    if not isinstance(record, dict):
        return InputRejected("a JSONL line must hold an object", path, number,
                             fix='write one JSON object per line: {"text": …, "date": …}')
    return record


def read_jsonl(path: Path, published: date | None = None) -> Iterator[Item]:
    """One JSON object per line with a text field (``text``, ``content``, ``body``…); read
    line by line, a line over :data:`MAX_RECORD_BYTES` or nested too deep is rejected."""
    try:
        head = sniff(path)
    except IngestError as exc:
        yield exc
        return
    if head.startswith(_UTF16_BOMS):
        yield InputRejected("UTF-16 JSONL", path, fix=ENCODING_FIX)
        return
    records = 0
    with path.open("rb") as handle:
        for number, raw in _lines(path, handle):
            records += 1
            if raw is None:
                yield InputRejected(f"record over {MAX_RECORD_BYTES // 2**20} MB", path, number,
                                    fix="split the record or shorten its text")
                continue
            if not raw.strip():
                records -= 1
                continue
            record = _json_record(path, number, raw)
            if isinstance(record, IngestError):
                yield record
                continue
            key = _text_key([str(k) for k in record])
            if key is None:
                yield InputRejected("no text field (text, content, body…) in the record",
                                    path, number, fix="name the article's text field 'text'")
                continue
            text = record[key]
            if not isinstance(text, str | None):
                yield InputRejected(f"the {key!r} field is not a string", path, number,
                                    fix="give the article's text as a JSON string")
                continue
            yield _article(path, number, text or "", record, published)
    if not records:
        yield InputRejected("no records (only blank lines)", path, fix=NO_RECORDS_FIX)


NO_RECORDS_FIX = "remove the file or add records to it"
CSV_FIX = ("quote a field holding a comma, quote or line break in double quotes, and double a "
           "quote inside it (\"\")")


class _LineFeed:
    """The decoded lines of a binary CSV file for :func:`csv.reader`, numbered, with the
    byte offset after each line of the current record, so reading can resume just after
    the first line of a broken record (a stray quote must not swallow the rows after it).
    Undecodable bytes stay as surrogates (the row is then rejected); an overlong line is
    read as an empty one and noted in ``overlong``."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.line = 0
        self.ends: dict[int, int] = {}
        self.overlong: set[int] = set()

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        raw = self.handle.readline(MAX_RECORD_BYTES + 1)
        if not raw:
            raise StopIteration
        self.line += 1
        if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
            while (rest := self.handle.readline(2**20)) and not rest.endswith(b"\n"):
                pass
            self.overlong.add(self.line)
            raw = b"\n"
        self.ends[self.line] = self.handle.tell()
        text = raw.decode("utf-8", errors="surrogateescape")
        return text.removeprefix("\ufeff") if self.line == 1 else text

    def start_record(self) -> int:
        """Forget the lines before the next record; its first line number."""
        self.ends = {self.line: self.ends[self.line]} if self.line in self.ends else {}
        self.overlong.clear()
        return self.line + 1

    def rewind(self, line: int) -> None:
        """Go back to just after ``line`` (a line of the current record)."""
        self.handle.seek(self.ends[line])
        self.line = line


def _csv_row_problem(row: list[str], width: int, feed: _LineFeed) -> str | None:
    if feed.overlong:
        return f"row over {MAX_RECORD_BYTES // 2**20} MB"
    if any(_SURROGATE.search(cell) for cell in row):
        return "not UTF-8 text"
    if len(row) != width:
        return f"row has {len(row)} fields, the header has {width}"
    return None


def read_csv(path: Path, published: date | None = None) -> Iterator[Item]:
    """A CSV (or TSV) with a header, one article per row; other columns become ``meta``.

    Read line by line. A broken row (a stray quote, a wrong number of fields, bytes that
    are not UTF-8, a row over :data:`MAX_RECORD_BYTES`) is rejected with the line it starts
    on and reading goes on with the next line. An article's ``row`` is the line its record
    ends on (a quoted field may span lines), as dev sets and stored articles count rows."""
    try:
        head = sniff(path)
    except IngestError as exc:
        yield exc
        return
    if head.startswith(_UTF16_BOMS):
        yield InputRejected("UTF-16 CSV", path, fix=ENCODING_FIX)
        return
    delimiter = (
        "\t" if path.suffix.lower() == ".tsv" or head.count(b"\t") > head.count(b",") else ","
    )
    csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_BYTES))
    with path.open("rb") as handle:
        feed = _LineFeed(handle)
        yield from _csv_rows(path, feed, delimiter, published)


def _csv_rows(path: Path, feed: _LineFeed, delimiter: str,
              published: date | None) -> Iterator[Item]:
    reader = csv.reader(feed, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as exc:
        yield InputRejected(f"no readable CSV header ({exc or 'empty'})", path, 1, fix=CSV_FIX)
        return
    keys = [h.strip() for h in header]
    text_col = _text_key(keys)
    if text_col is None:
        yield InputRejected(f"no text column among {[shown(k) for k in keys][:20]}", path, 1,
                            fix="name the column of the article's text 'text'")
        return
    records = 0
    while True:
        first = feed.start_record()
        problem: str | None
        try:
            row = next(reader)
            problem = _csv_row_problem(row, len(keys), feed)
        except StopIteration:
            if not records:
                yield InputRejected("no rows after the header", path, fix=NO_RECORDS_FIX)
            return
        except csv.Error as exc:
            row, problem = [], f"broken CSV row ({exc})"
            if "unexpected end of data" in str(exc):
                problem = "broken CSV row (a quoted field is never closed; truncated file?)"
        records += 1
        if problem is None:
            if any(cell.strip() for cell in row):
                fields = dict(zip(keys, row, strict=True))  # row: its last line, as ever
                yield _article(path, feed.line, fields[text_col], fields, published)
            else:
                records -= 1
            continue
        yield InputRejected(problem, path, first,
                            fix=CSV_FIX if "CSV" in problem or "fields" in problem
                            else ENCODING_FIX if "UTF-8" in problem
                            else "shorten the row's text")
        if feed.line > first:  # the broken record ran over the lines after it: read them
            feed.rewind(first)
        reader = csv.reader(feed, delimiter=delimiter, strict=True)


def _strip_html(markup: str) -> str:
    if "<" not in markup:
        return markup
    import lxml.html

    try:
        return str(lxml.html.fromstring(markup).text_content())
    except Exception:  # lxml raises several types on junk markup
        return re.sub(r"<[^>]+>", " ", markup)


def _entry_date(entry: Any) -> date | None:
    """The date of a feed entry; :class:`InvalidInputError` when it has one that is not a
    plausible day (unreadable, in the future, before 1945)."""
    own = dict(entry)  # not feedparser's deprecated updated → published fallback
    stamp = own.get("published_parsed") or own.get("updated_parsed")
    if stamp is None:
        raw = own.get("published") or own.get("updated")
        if raw:
            raise InvalidInputError(f"{str(raw)[:60]!r} is not a date")
        return None
    try:
        day = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
    except (ValueError, TypeError, AttributeError) as exc:
        raise InvalidInputError(f"{stamp!r} is not a date") from exc
    return check_published(day)


def read_feed(path: Path, published: date | None = None) -> Iterator[Item]:
    """An RSS or Atom feed (feedparser): one article per entry, text from content or summary.
    An entry whose date cannot be read, is in the future or before 1945 is rejected."""
    import feedparser

    try:
        data = _read_whole(path)
        feed = feedparser.parse(data)
    except IngestError as exc:
        yield exc
        return
    except Exception as exc:  # the XML parsers raise many types on junk
        yield InputRejected(f"unreadable feed ({type(exc).__name__})", path,
                            fix="check that the file is an RSS or Atom feed")
        return
    if not feed.entries:
        problem = str(getattr(feed, "bozo_exception", "no entries"))
        yield InputRejected(f"not a readable RSS/Atom feed ({shown(problem)[:200]})", path,
                            fix="check that the file is an RSS or Atom feed with entries")
        return
    site = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        try:
            day = _entry_date(entry)
        except InvalidInputError as exc:
            yield InputRejected(f"bad entry date: {exc.message}", path, number,
                                fix="correct the entry's pubDate/updated, or remove it to use "
                                    "--date")
            continue
        contents = entry.get("content") or []
        markup = contents[0].get("value", "") if contents else entry.get("summary", "")
        fields = {"title": entry.get("title"), "url": entry.get("link"), "source": site}
        yield _article(path, number, _strip_html(str(markup)).strip(), fields,
                       day or published)


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
