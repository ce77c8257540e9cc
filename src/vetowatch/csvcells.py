"""CSV cells that a spreadsheet will not run: the one helper every CSV export uses.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
by Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(…)``, ``=1+1``, DDE). Such a
cell is written with a leading ``'`` (OWASP's advice), which spreadsheets show as text. Numbers
(``int``, ``float``, ``bool``) and ``None`` are written as they are: a negative tally stays
``-1``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

__all__ = ["FORMULA_STARTS", "safe_cell", "safe_dict", "safe_row"]


def safe_cell(value: Any) -> Any:
    """``value`` as a CSV cell: text beginning like a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """:func:`safe_cell` of each value of a row (for ``csv.writer``)."""
    return [safe_cell(v) for v in values]


def safe_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`safe_cell` of each value of a row (for ``csv.DictWriter``)."""
    return {k: safe_cell(v) for k, v in row.items()}
