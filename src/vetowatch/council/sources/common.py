"""Shared by the source parsers: cell text cleaning, and CSV records with their line."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

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
    for fields in reader:
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
