"""What a download must look like before ``data fetch`` saves it.

* :class:`ContentCheck`: the shape of a source (CSV header columns and a minimum of rows, or
  HTML markers and a minimum of table rows), verified while streaming, so an HTTP 200 error
  page ("down for maintenance", a login page, HTML where a CSV was expected) is never saved
  over a good file;
* :class:`Decoder`: ``Content-Encoding`` (gzip, deflate) decoded here in bounded steps, so a
  small gzip that expands past the size limit is refused before more than the limit is
  written;
* :func:`same_origin`: redirects are followed only within the scheme, host and port asked.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

import httpx

from vetowatch.errors import FetchContentError, FetchError

__all__ = ["ContentCheck", "Decoder", "Shape", "origin", "same_origin"]

_HEAD = 64 * 1024
_STEP = 64 * 1024
_ERROR_WORDS = (
    "maintenance", "temporarily unavailable", "service unavailable", "access denied",
    "captcha", "too many requests", "not found", "error",
)
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml|<!--)", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.I | re.S)
_NON_HTML_TYPES = ("application/json", "application/pdf", "application/zip", "image/")


@dataclass(frozen=True)
class ContentCheck:
    """The shape a source's file must have.

    ``kind="csv"``: the first line holds every name in ``columns`` and at least ``min_rows``
    lines follow it. ``kind="html"``: every text in ``markers`` occurs (case-insensitive) and
    there are at least ``min_rows`` ``<tr>`` rows; the page's title names no error.
    """

    kind: Literal["csv", "html"]
    columns: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    min_rows: int = 1

    def describe(self) -> str:
        if self.kind == "csv":
            return f"csv: columns {', '.join(self.columns) or '(any)'}; >= {self.min_rows} rows"
        return f"html: markers {', '.join(self.markers) or '(any)'}; >= {self.min_rows} <tr>"


@dataclass
class Shape:
    """What was seen of a file while it streamed: its head, lines, ``<tr>`` rows, markers."""

    markers: tuple[str, ...] = ()
    head: bytes = b""
    lines: int = 0
    rows: int = 0
    ends_with_newline: bool = False
    found: set[str] = field(default_factory=set)
    _tail: bytes = b""

    def feed(self, chunk: bytes) -> None:
        if not chunk:
            return
        if len(self.head) < _HEAD:
            self.head += chunk[: _HEAD - len(self.head)]
        self.lines += chunk.count(b"\n")
        self.ends_with_newline = chunk.endswith(b"\n")
        window = (self._tail + chunk).lower()
        self.rows += window.count(b"<tr") - self._tail.lower().count(b"<tr")
        for marker in self.markers:
            if marker not in self.found and marker.lower().encode() in window:
                self.found.add(marker)
        self._tail = window[-64:]

    def data_rows(self) -> int:
        """Lines after the header (a last line without a newline counts)."""
        total = self.lines + (0 if self.ends_with_newline or not self.head else 1)
        return max(total - 1, 0)


def _text(head: bytes) -> str:
    return head.decode("utf-8-sig", errors="replace")


def _looks_like_error(head: bytes) -> str:
    """A reason when the start of a body reads like an error or maintenance page."""
    text = _text(head)
    title = _TITLE.search(text)
    if title is None and not _HTML_START.match(head):
        return ""
    scope = (title.group(1) if title else text[:2048]).lower()
    word = next((w for w in _ERROR_WORDS if w in scope), None)
    return f" It reads like an error page ({word!r})." if word else ""


def verify(check: ContentCheck, shape: Shape, content_type: str, url: str, name: str) -> None:
    """Raise FetchContentError when ``shape`` does not match ``check``."""
    problem = _problem(check, shape, content_type.split(";")[0].strip().lower())
    if problem:
        raise FetchContentError(
            f"{url} did not send {name}: {problem}.{_looks_like_error(shape.head)} Nothing was "
            "saved (a file already there is kept). The site may be down or have changed: try "
            "again later, or check the URL in a browser."
        )


def _problem(check: ContentCheck, shape: Shape, ctype: str) -> str:
    if check.kind == "csv":
        if ctype in ("text/html", "application/xhtml+xml") or _HTML_START.match(shape.head):
            return f"an HTML page ({ctype or 'no content type'}) came where a CSV was expected"
        header = _text(shape.head).splitlines()[0] if shape.head else ""
        names = [h.strip().strip('"') for h in header.split(",")]
        missing = [c for c in check.columns if c not in names]
        if missing:
            return f"the CSV header lacks {', '.join(missing)} (got {header[:120]!r})"
        if shape.data_rows() < check.min_rows:
            return f"{shape.data_rows()} rows, fewer than the {check.min_rows} expected"
        return ""
    if ctype.startswith(_NON_HTML_TYPES):
        return f"content type {ctype} came where an HTML page was expected"
    if b"<" not in shape.head:
        return "this is not an HTML page"
    error = _looks_like_error(shape.head)
    title_error = bool(error) and _TITLE.search(_text(shape.head)) is not None
    missing = [m for m in check.markers if m not in shape.found]
    if missing:
        return f"the page lacks {', '.join(repr(m) for m in missing)}"
    if shape.rows < check.min_rows:
        return f"the page has {shape.rows} table rows, fewer than the {check.min_rows} expected"
    if title_error:
        return "the page title names an error"
    return ""


def origin(url: httpx.URL) -> tuple[str, str, int]:
    """(scheme, host, port) with the scheme's default port filled in."""
    default = {"http": 80, "https": 443}.get(url.scheme, -1)
    return url.scheme, url.host, url.port or default


def same_origin(first: httpx.URL, then: httpx.URL) -> bool:
    return origin(first) == origin(then)


class Decoder:
    """Undo ``Content-Encoding`` in steps of at most 64 KiB, so memory and disk stay bounded."""

    def __init__(self, encoding: str, url: str) -> None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        self._inflate: zlib._Decompress | None = None
        if codings in (["gzip"], ["x-gzip"]):
            self._inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        elif codings == ["deflate"]:
            self._inflate = zlib.decompressobj(wbits=zlib.MAX_WBITS)
        elif codings:
            raise FetchError(
                f"{url} sent Content-Encoding {encoding!r}, which vetowatch does not decode "
                "(it asks for gzip or deflate only). Try again, or download the file by hand."
            )
        self.url = url

    def feed(self, raw: bytes) -> Iterator[bytes]:
        if self._inflate is None:
            yield raw
            return
        data = raw
        try:
            while True:
                out = self._inflate.decompress(data, _STEP)
                data = self._inflate.unconsumed_tail
                if out:
                    yield out
                if self._inflate.eof or (not data and len(out) < _STEP):
                    return
        except zlib.error as exc:
            raise FetchError(
                f"{self.url} sent a damaged compressed body ({exc}). Try again later."
            ) from None

    def flush(self) -> Iterable[bytes]:
        if self._inflate is None:
            return []
        try:
            rest = self._inflate.flush()
        except zlib.error as exc:
            raise FetchError(f"{self.url} sent a damaged compressed body ({exc}).") from None
        return [rest] if rest else []
