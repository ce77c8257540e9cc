"""The :class:`Article` record every news reader yields, and text normalisation helpers."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

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


_MDY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: object) -> date | None:
    """Read a publication date: ISO (``2011-08-19``, with time), US ``M/D/YYYY``, else dateparser.

    Returns ``None`` when the value is empty or cannot be read as a date.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    if not raw:
        return None
    for pattern, order in ((_ISO, (0, 1, 2)), (_MDY, (2, 0, 1))):
        match = pattern.match(raw)
        if match:
            parts = [int(g) for g in match.groups()]
            try:
                return date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
    if raw.isdigit():
        return None
    import dateparser  # slow import: only for unusual formats

    parsed = dateparser.parse(raw, languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed is not None else None


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
