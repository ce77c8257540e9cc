"""The :class:`Article` record every news reader yields, and text normalisation helpers."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from vetowatch.errors import InvalidInputError

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]")


def normalise_text(text: str) -> str:
    """Lower-case, NFKC, strip punctuation and collapse whitespace (for hashing and shingles)."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _NON_WORD.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def content_id(text: str) -> str:
    """A stable id for a text: the first 16 hex digits of SHA-256 of its normalised form."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


_CODE = re.compile(r"^[A-Z]{3}[A-Z0-9]*$")
SPEAKER_KEY = "speaker_actor"
GENRE_KEY = "genre"


def actor_code(value: str) -> str | None:
    """``value`` as an actor code (``fragov`` → ``FRAGOV``), ``None`` when it is not one."""
    code = value.strip().upper()
    return code if _CODE.match(code) else None


def speaker_from_meta(meta: Mapping[str, str]) -> str | None:
    """``speaker_actor`` (an actor code) or ``iso3`` (→ ``<ISO>GOV``) of a record, if valid."""
    code = actor_code(meta.get(SPEAKER_KEY) or "")
    if code is not None:
        return code
    iso = (meta.get("iso3") or "").strip().upper()
    return f"{iso}GOV" if len(iso) == 3 and iso.isalpha() else None


@dataclass(frozen=True)
class Article:
    """One news text with where it came from.

    ``id`` is the content hash (:func:`content_id`), so the same text read twice has the
    same id. ``path`` and ``row`` say where it was read (``row`` is the 1-based record
    number in a CSV/JSONL/feed, ``None`` for one-text files). ``duplicate_of`` holds the id
    of an earlier near-duplicate (the same story from another outlet), if any. ``meta``
    holds a record's other columns; ``speaker_actor`` or ``iso3`` there name the speaker of
    a first-person text (see :attr:`speaker`).
    """

    id: str
    title: str | None
    text: str
    published: date | None = None
    source: str | None = None
    url: str | None = None
    path: Path | None = None
    row: int | None = None
    duplicate_of: str | None = None
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        title: str | None = None,
        published: date | None = None,
        source: str | None = None,
        url: str | None = None,
        path: Path | None = None,
        row: int | None = None,
        meta: dict[str, str] | None = None,
    ) -> Article:
        """Build an article; the id is computed from the text."""
        return cls(
            id=content_id(text),
            title=title,
            text=text,
            published=published,
            source=source,
            url=url,
            path=path,
            row=row,
            meta=dict(meta or {}),
        )

    @property
    def speaker(self) -> str | None:
        """The actor code of the text's own speaker, for first-person texts (speeches):
        ``meta["speaker_actor"]`` (``FRAGOV``), else ``meta["iso3"]`` as its government
        (``RUS`` → ``RUSGOV``); ``None`` for news (the usual case)."""
        return speaker_from_meta(self.meta)

    @property
    def genre(self) -> str:
        """What kind of text this is: ``news``, ``briefing``, ``readout``, ``joint``,
        ``speech`` or ``statement`` — ``meta["genre"]`` when it is one of those (a
        ``genre`` column, ``ingest --genre``), else detected from the record
        (:func:`vetowatch.news.genre.detect_genre`)."""
        from vetowatch.news.genre import detect_genre

        return detect_genre(self)

    def with_genre(self, genre: str) -> Article:
        """The same article read as ``genre`` (``ingest --genre briefing``)."""
        return replace(self, meta={**self.meta, GENRE_KEY: genre.strip().lower()})

    def with_speaker(self, code: str) -> Article:
        """The same article with ``code`` as its speaker (``ingest --speaker``)."""
        return replace(self, meta={**self.meta, SPEAKER_KEY: code.strip().upper()})

    def where(self) -> str:
        """``path`` or ``path, row N`` for messages."""
        if self.path is None:
            return "<memory>"
        return f"{self.path}" + (f", row {self.row}" if self.row is not None else "")


# -- publication dates: strict, never relative, never the machine clock's ---------------------

EARLIEST = date(1945, 1, 1)  # before the United Nations: a publication date this old is wrong
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_MONTHS = {m: i for i, names in enumerate(
    ("jan january", "feb february", "mar march", "apr april", "may", "jun june",
     "jul july", "aug august", "sep sept september", "oct october", "nov november",
     "dec december"), start=1) for m in names.split()}
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY_MONTH_YEAR = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})"
                             r"(?:$|[\s,T])", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(_WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
                             r"(?:$|[\s,T])", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(yesterday|today|tomorrow|tonight|now|ago|last|next|this|"
                       r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
                       re.IGNORECASE)
DATE_FIX = ("write the date as YYYY-MM-DD (e.g. 2011-08-19), or leave the field empty to "
            "use --date")


def _day(value: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidInputError(f"{value!r} is not a date ({exc})") from exc


def _read_text_date(raw: str) -> date | None:
    match = _ISO.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _day(raw, year, month, day)
    match = _SLASHED.match(raw)
    if match:  # month first (US) unless the first number cannot be a month
        first, second, year = (int(g) for g in match.groups())
        return _day(raw, year, *((second, first) if first > 12 else (first, second)))
    match = _DAY_MONTH_YEAR.match(raw)
    if match and match.group(2).lower() in _MONTHS:
        return _day(raw, int(match.group(3)), _MONTHS[match.group(2).lower()],
                    int(match.group(1)))
    match = _MONTH_DAY_YEAR.match(raw)
    if match and match.group(1).lower() in _MONTHS:
        return _day(raw, int(match.group(3)), _MONTHS[match.group(1).lower()],
                    int(match.group(2)))
    try:  # RFC 2822, as in e-mail and RSS: "Fri, 19 Aug 2011 10:00:00 GMT"
        return parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def read_date(value: object) -> date | None:
    """A publication date read strictly; ``None`` for an empty value.

    Read: ISO ``2011-08-19`` (a time may follow), ``8/19/2011`` (month first, or day first
    when the first number is over 12: ``19/08/2011``), ``19 August 2011``, ``Aug 19, 2011``
    (a weekday may lead) and RFC 2822 (``Fri, 19 Aug 2011 10:00:00 GMT``). Anything else —
    an impossible day (``2011-13-45``, ``31/02/2011``, ``0000-00-00``), a relative phrase
    (``yesterday``, ``next friday``: relative to what?), a bare number — raises
    :class:`InvalidInputError`; nothing is ever resolved against the machine's clock.
    The date must also be plausible (:func:`check_published`).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return check_published(value.date())
    if isinstance(value, date):
        return check_published(value)
    raw = str(value).strip()
    if not raw:
        return None
    if len(raw) > 100:
        raise InvalidInputError(f"{raw[:40]!r}… is not a date (too long)")
    day = _read_text_date(raw)
    if day is None:
        if _RELATIVE.search(raw):
            raise InvalidInputError(
                f"{raw!r} is a relative date: a publication date must name its day")
        raise InvalidInputError(f"{raw!r} is not a date")
    return check_published(day)


def check_published(day: date, today: date | None = None) -> date:
    """``day`` if it can be a publication date: not before 1945, not after today."""
    today = today or date.today()
    if day < EARLIEST:
        raise InvalidInputError(f"{day.isoformat()} is before {EARLIEST.year}: not a plausible "
                                "publication date")
    if day > today:
        raise InvalidInputError(f"{day.isoformat()} is in the future (today is "
                                f"{today.isoformat()})")
    return day


def option_date(value: str, option: str = "--date") -> date:
    """The date of a command-line option: exactly ``YYYY-MM-DD``, a real day, between 1945
    and today; else :class:`InvalidInputError` (E031) naming the option."""
    raw = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raise InvalidInputError(f"{option} {value!r} is not a date: use YYYY-MM-DD, "
                                "e.g. 2011-08-19")
    try:
        return check_published(_day(raw, int(raw[:4]), int(raw[5:7]), int(raw[8:])))
    except InvalidInputError as exc:
        raise InvalidInputError(f"{option}: {exc.message}; use a real day between "
                                f"{EARLIEST.isoformat()} and today, e.g. 2011-08-19") from exc


def parse_date(value: object) -> date | None:
    """:func:`read_date`, with ``None`` for a value that is not a plausible date."""
    try:
        return read_date(value)
    except InvalidInputError:
        return None


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
_ENDS_SENTENCE = (".", "!", "?", ":", ";", '"', "”", "’", "'", ")")


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (a line break inside a sentence, as in scraped speeches and
    Markdown releases), which would otherwise cut sentences in two. Only when most broken
    lines do not end a sentence; blank lines (paragraphs) stay, no word changes."""
    paragraphs = _PARAGRAPH_BREAK.split(text)
    inner = [line.rstrip() for p in paragraphs for line in p.splitlines()[:-1] if line.strip()]
    if len(inner) < 4:
        return text
    open_ended = sum(1 for line in inner if not line.endswith(_ENDS_SENTENCE))
    if open_ended < 0.5 * len(inner):
        return text
    joined = (" ".join(line.strip() for line in p.splitlines() if line.strip())
              for p in paragraphs)
    return "\n\n".join(p for p in joined if p)
