"""Shared by the source parsers: cell text cleaning, and CSV records with their line."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from vetowatch.council.sources.types import SourceNote
from vetowatch.errors import SourceFormatError

if TYPE_CHECKING:
    from _csv import Reader


def clean_cell(value: object) -> str:
    """A cell's text on one line: no-break spaces, Excel's ``_x000D_`` and runs of whitespace
    become single spaces; ``None`` is ``""``."""
    if value is None:
        return ""
    return " ".join(str(value).replace("\xa0", " ").replace("_x000D_", " ").split())


def csv_records(
    path: Path, reader: Reader, header: Sequence[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows after ``header`` (already read from ``reader``) as (first line, record).

    Blank rows are skipped; a row whose width differs from the header's is an error that
    names the file and line."""
    width = len(header)
    start = reader.line_num + 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceFormatError(path, reader.line_num, f"not a valid CSV row ({exc})",
                                    "The file may be truncated or damaged") from None
        line, start = start, reader.line_num + 1
        if not fields:
            continue
        if len(fields) != width:
            raise SourceFormatError(
                path,
                line,
                f"row has {len(fields)} fields, the header has {width}",
                "The row may be truncated or have an unquoted comma",
            )
        yield line, dict(zip(header, fields, strict=True))


_ESCAPED = re.compile("[\udc80-\udcff]+")
_RESTORE = "Restore the file from the shared folder or run `vetowatch data fetch`"


class TextLines:
    """A source file's lines as text, for ``csv.reader``.

    UTF-8 (with or without a BOM) is read as such; UTF-16 with a BOM is decoded and noted.
    Bytes that are not UTF-8 become U+FFFD, each line with them noted (``inconsistent-
    encoding``), so one stray Latin-1 byte costs a note, not the file. An empty file, NUL
    bytes (a binary file) or broken UTF-16 raise :class:`SourceFormatError` with the line.
    """

    def __init__(self, path: Path, handle: io.TextIOBase, utf16: bool) -> None:
        self.path = path
        self.line = 0
        self.notes: list[SourceNote] = []
        self._handle = handle
        if utf16:
            self.notes.append(SourceNote(path.name, None, "utf16-encoding",
                                         "the file is UTF-16 (with a BOM); read as such"))

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        try:
            text = next(self._handle)
        except UnicodeError as exc:
            raise SourceFormatError(self.path, self.line + 1, f"cannot be decoded ({exc})",
                                    _RESTORE) from None
        self.line += 1
        if "\x00" in text:
            raise SourceFormatError(self.path, self.line, "NUL bytes: this is a binary file, "
                                    "not text", _RESTORE)
        if _ESCAPED.search(text):
            bad = "".join(_ESCAPED.findall(text)).encode("utf-8", "surrogateescape")
            self.notes.append(SourceNote(
                self.path.name, self.line, "inconsistent-encoding",
                f"bytes that are not UTF-8 ({bad[:8]!r}) read as U+FFFD"))
            text = _ESCAPED.sub("\ufffd", text)
        return text


@contextmanager
def open_text(path: Path) -> Iterator[TextLines]:
    """Open a text source (see :class:`TextLines`); raises SourceFormatError if unreadable."""
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise SourceFormatError(path, None, f"cannot open the file ({exc})", _RESTORE) from None
    with raw:
        head = raw.read(4)
        if not head:
            raise SourceFormatError(path, 1, "the file is empty", _RESTORE)
        raw.seek(0)
        utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        handle = io.TextIOWrapper(
            raw,
            encoding="utf-16" if utf16 else "utf-8-sig",
            errors="strict" if utf16 else "surrogateescape",
            newline="",
        )
        yield TextLines(path, handle, utf16)
