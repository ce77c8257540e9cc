"""The UN Digital Library MARC export of Council draft-resolution records (xlsx).

One sheet, one record a row, with MARC field tags as the header: ``1`` (UNDL record id),
``191__a`` (document symbol), ``239__a`` (description), ``245__a``/``245__c`` (title and
statement of responsibility), ``610__a`` (corporate subjects), ``650``/``650__a`` (topical
subjects, with and without authority ids), ``856__u`` (file URLs), ``993__a`` (the adopted
resolution). Multi-valued cells are separated by ``"; "``.

Written rules, each recorded as a ``SourceNote``:

* document symbols lose stray spaces (``"S/10875/Rev. 1"`` → ``"S/10875/Rev.1"``), joint
  symbols keep their S/ part (``"A/58/667; S/2003/1219"`` → ``"S/2003/1219"``), a corrigendum
  joined with ``&`` is dropped (``"S/2839&Corr.1"`` → ``"S/2839"``); meeting records
  (``S/PV.n``) are no drafts and get ``draft=None``;
* resolution cells give a number: ``"S/RES/1973(2011)"`` → 1973, also ``"S/RES/1402"``,
  ``"S/RES/2005/1651"`` and cells listing the draft or several resolutions (the first is kept);
* the export ends with rows that give only a draft symbol and a resolution (no record id):
  where the draft has a full record they are merged into it (the crosswalk row's resolution
  wins where the two differ) and dropped; otherwise they are kept with ``record_id=""``.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from vetowatch.council.sources.common import clean_cell
from vetowatch.council.sources.types import MarcDraft, NoteLog, Parsed
from vetowatch.errors import DataNotFoundError, SourceFormatError

__all__ = ["REQUIRED_COLUMNS", "normalise_draft_symbol", "parse_marc"]

REQUIRED_COLUMNS: tuple[str, ...] = (
    "1",
    "191__a",
    "239__a",
    "245__a",
    "245__c",
    "610__a",
    "650__a",
    "993__a",
)
_YEAR_SYMBOL = re.compile(r"^S/(\d{4})/0*(\d+)((?:/.+)?)$")
_RES_SYMBOL = re.compile(r"S/RES/(\d{1,4})(?:/(\d{1,4})|\s*\(\s*(\d{4})\s*\))?")
_CANONICAL_RES = re.compile(r"^S/RES/\d{1,4} ?\(\d{4}\)$")
_SYMBOL = re.compile(r"^S/[A-Za-z0-9.\-/]+$")
_FIRST_YEAR, _LAST_YEAR = 1946, 2035


def _split(value: object) -> list[str]:
    return [part for part in (p.strip() for p in clean_cell(value).split(";")) if part]


def normalise_draft_symbol(raw: str) -> str | None:
    """A document symbol in the form ``"S/2011/142"`` (``None`` if there is no S/ symbol).

    Spaces go (``"S/10875/Rev. 1"`` → ``"S/10875/Rev.1"``), leading zeros of year-style
    numbers go, the S/ part of a joint symbol is kept, a corrigendum joined by ``&`` is dropped.
    Meeting records (``S/PV.n``) and resolutions (``S/RES/n``) are no drafts: ``None``.
    """
    parts = [p for p in (re.sub(r"\s+", "", p) for p in clean_cell(raw).split(";")) if p]
    drafts = [p for p in parts if p.startswith("S/") and not p.startswith(("S/PV", "S/RES"))]
    if not drafts:
        return None
    symbol = drafts[0].split("&", 1)[0]
    match = _YEAR_SYMBOL.match(symbol)
    if match is not None:
        symbol = f"S/{match.group(1)}/{int(match.group(2))}{match.group(3)}"
    return symbol if _SYMBOL.match(symbol) else None


def _draft(raw: object, line: int, notes: NoteLog) -> str | None:
    text = clean_cell(raw)
    if not text:
        notes.add(line, "no-draft-symbol", f"row {line}: empty symbol cell")
        return None
    symbol = normalise_draft_symbol(text)
    if symbol is None:
        kind = "not-a-draft" if text.startswith("S/PV") else "no-draft-symbol"
        notes.add(line, kind, f"row {line}: symbol {text!r} is no draft symbol; draft left empty")
    elif symbol != str(raw):
        notes.add(line, "fixed-draft-symbol", f"row {line}: symbol {str(raw)!r} read as {symbol}")
    return symbol


def _resolution_number(match: re.Match[str]) -> int:
    first, second = int(match.group(1)), match.group(2)
    year_first = second is not None and _FIRST_YEAR <= first <= _LAST_YEAR
    if year_first and not _FIRST_YEAR <= int(second) <= _LAST_YEAR:  # "S/RES/2005/1651"
        return int(second)
    return first


def _resolution(raw: object, line: int, notes: NoteLog) -> int | None:
    text = clean_cell(raw)
    if not text:
        return None
    found = list(_RES_SYMBOL.finditer(text))
    if not found:
        notes.add(line, "unparsed-resolution", f"row {line}: resolution cell {text!r} ignored")
        return None
    numbers = [_resolution_number(m) for m in found]
    if len(numbers) > 1:
        listed = ", ".join(str(n) for n in numbers)
        notes.add(line, "several-resolutions", f"row {line}: {text!r} lists {listed}; kept first")
    elif not _CANONICAL_RES.match(text):
        notes.add(line, "fixed-resolution-symbol", f"row {line}: {text!r} read as {numbers[0]}")
    return numbers[0]


def _record_id(raw: object, path: Path, line: int) -> str:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = clean_cell(raw)
    if not text.isdigit():
        raise SourceFormatError(
            path, line, f"record id {text!r} is not a number", "Column '1' holds UNDL record ids"
        )
    return text


def _title(main: object, responsibility: object) -> str:
    head, tail = clean_cell(main), clean_cell(responsibility)
    if not tail:
        return head.rstrip(" /:").strip()
    if not head:
        return tail
    return f"{head} {tail}" if head.endswith("/") else f"{head} / {tail}"


def _subjects(topical: object, corporate: object) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for term in [*_split(topical), *_split(corporate)]:
        if term.casefold() not in seen:
            seen.add(term.casefold())
            out.append(term)
    return tuple(out)


def _row(path: Path, line: int, cells: dict[str, object], notes: NoteLog) -> MarcDraft:
    return MarcDraft(
        line=line,
        record_id=_record_id(cells["1"], path, line),
        draft=_draft(cells["191__a"], line, notes),
        resolution=_resolution(cells["993__a"], line, notes),
        title=_title(cells["245__a"], cells["245__c"]),
        description=clean_cell(cells["239__a"]),
        subjects=_subjects(cells["650__a"], cells["610__a"]),
    )


def _is_crosswalk(row: MarcDraft) -> bool:
    return not (row.record_id or row.title or row.description or row.subjects)


def _merge_crosswalk(rows: list[MarcDraft], notes: NoteLog) -> list[MarcDraft]:
    """Fold draft→resolution rows without a record into the draft's full record."""
    full: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row.draft is not None and not _is_crosswalk(row):
            full[row.draft].append(i)
    dropped: set[int] = set()
    kept = 0
    for i, row in enumerate(rows):
        if not _is_crosswalk(row):
            continue
        targets = full.get(row.draft or "", [])
        if len(targets) != 1 or row.resolution is None:
            kept += 1
            continue
        target = rows[targets[0]]
        where = f"row {row.line} ({row.draft} → {row.resolution}) merged into row {target.line}"
        if target.resolution is None:
            notes.add(row.line, "filled-resolution", where)
        elif target.resolution != row.resolution:
            detail = f"{where}, replacing resolution {target.resolution}"
            notes.add(row.line, "conflicting-resolution", detail)
        else:
            notes.add(row.line, "duplicate-row", where)
        rows[targets[0]] = replace(target, resolution=row.resolution)
        dropped.add(i)
    if kept:
        detail = f"{kept} rows give only a draft symbol and a resolution (record_id left empty)"
        notes.add(None, "crosswalk-only-row", detail)
    return [row for i, row in enumerate(rows) if i not in dropped]


def _note_duplicates(rows: list[MarcDraft], notes: NoteLog) -> None:
    counts = Counter(row.draft for row in rows if row.draft is not None)
    for row in rows:
        if row.draft is not None and counts[row.draft] > 1:
            detail = f"row {row.line}: {row.draft} has {counts[row.draft]} records"
            notes.add(row.line, "duplicate-draft-symbol", detail)


def _open_rows(path: Path) -> tuple[Any, Any]:
    """The workbook and its first sheet's row iterator (cell values only)."""
    if not path.is_file():
        raise DataNotFoundError(f"{path}: no such file. Fetch or copy the MARC export there")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise SourceFormatError(
            path,
            None,
            f"not a readable xlsx workbook ({type(exc).__name__}: {exc})",
            "Expected the UNDL MARC export saved as .xlsx",
        ) from None
    return workbook, workbook.worksheets[0].iter_rows(values_only=True)


def parse_marc(path: Path) -> Parsed[MarcDraft]:
    """Read the UNDL MARC export (first sheet) into one ``MarcDraft`` per record."""
    path = Path(path)
    notes = NoteLog(path.name)
    workbook, cells = _open_rows(path)
    try:
        header_cells = next(cells, None)
        if header_cells is None:
            raise SourceFormatError(path, 1, "the first sheet is empty", "Expected a header row")
        header = [clean_cell(h) for h in header_cells]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise SourceFormatError(
                path, 1, f"missing column(s) {', '.join(missing)}", f"Header: {header}"
            )
        index = {name: header.index(name) for name in REQUIRED_COLUMNS}
        rows: list[MarcDraft] = []
        for line, values in enumerate(cells, start=2):
            if all(v is None or clean_cell(v) == "" for v in values):
                continue
            record = {c: values[i] if i < len(values) else None for c, i in index.items()}
            rows.append(_row(path, line, record, notes))
    finally:
        workbook.close()
    rows = _merge_crosswalk(rows, notes)
    _note_duplicates(rows, notes)
    return Parsed(rows=rows, notes=notes.notes)
