"""Parser for the Dag Hammarskjöld Library (DHL) "Meetings & Outcomes" and veto HTML pages.

The yearly pages (``scact{year}_table_en.html``) list every meeting of a year, newest first,
with the action taken: adopted resolutions with their tallies, presidential statements,
drafts vetoed or not adopted, and other documents. Their layout drifted over 77 years:

* 1946–1993 have four columns (no press release), 1994–2019 five, the 2020 COVID-19 page
  and 2021 seven (webcast and letter columns); columns are found by their header text.
* Some pages group several agenda items of one meeting with ``rowspan`` cells (1947–1988),
  others leave the meeting and date cells blank on continuation rows (1948).
* ``</br>`` is used for line breaks; libxml2 would drop it, so it is read as ``<br>``.

Irregularities that the parser corrects or skips become :class:`SourceNote` rows; a file
that cannot be read as such a table raises :class:`SourceFormatError` with its line.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree, html

from vetowatch.council.members import member_code
from vetowatch.council.record import Outcome
from vetowatch.council.sources import dhl_cells as cells
from vetowatch.council.sources.types import ActionKind, DhlAction, Parsed, SourceNote, VetoEntry
from vetowatch.errors import NotFoundError, SourceFormatError

__all__ = ["parse_dhl_pages", "parse_veto_page", "parse_year_page"]

YEAR_PAGE_GLOB = "scact*_table_en.html"
VETO_PAGE_NAME = "scact_veto_table_en.html"

_BR_CLOSE = re.compile(rb"</\s*br\s*>", re.I)
_BR_CLOSE_TEXT = re.compile(r"</\s*br\s*>", re.I)
_FILE_YEAR = re.compile(r"scact(\d{4})")
_TITLE_YEAR = re.compile(r"Security Council in (\d{4})")
_EMPTY = ("", "--", "-", "—")

# Header keyword -> column role, tried in order on the header cell's lower-case text.
_YEAR_COLUMNS = (
    ("meeting", "meeting"),
    ("date", "date"),
    ("press", "press"),
    ("topic", "topic"),
    ("council outcome", "outcome"),
)
_VETO_COLUMNS = (
    ("date", "date"),
    ("draft", "draft"),
    ("record", "meeting"),
    ("agenda", "agenda"),
    ("member", "vetoed_by"),
)
_KINDS: dict[str, ActionKind] = {
    "resolution": "resolution",
    "prst": "prst",
    "draft": "draft",
    "other": "other",
}
_YEAR_REQUIRED = ("meeting", "date", "topic", "outcome")
_VETO_REQUIRED = ("date", "draft", "meeting", "agenda", "vetoed_by")


@dataclass(frozen=True)
class _Row:
    line: int
    values: dict[str, str]  # column role -> cell text


class _Notes:
    """Collects notes for one file."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self.items: list[SourceNote] = []

    def add(self, line: int | None, kind: str, detail: str) -> None:
        self.items.append(SourceNote(self.name, line, kind, detail))


# --------------------------------------------------------------------------- HTML layer


def _decode(path: Path, raw: bytes, notes: _Notes) -> str:
    """UTF-8 (BOM allowed), or UTF-16 with a BOM; stray non-UTF-8 bytes become U+FFFD (noted)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SourceFormatError(path, None, f"broken UTF-16 ({exc})",
                                    "Restore the page or run `vetowatch data fetch`") from None
        notes.add(None, "utf16-encoding", "the page is UTF-16 (with a BOM); read as such")
        return _BR_CLOSE_TEXT.sub("<br>", text)
    raw = _BR_CLOSE.sub(b"<br>", raw)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        bad = len(raw.decode("utf-8-sig", errors="replace")) - len(
            raw.decode("utf-8-sig", errors="ignore"))
        notes.add(line, "inconsistent-encoding",
                  f"{bad} byte sequence(s) that are not UTF-8 (first {raw[exc.start:exc.end]!r} "
                  f"on line {line}) read as U+FFFD")
        return raw.decode("utf-8-sig", errors="replace")


def _load_table(path: Path, notes: _Notes) -> etree._Element:
    """The page's table element; raises SourceFormatError if there is none."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceFormatError(path, None, f"cannot read the file ({exc})") from exc
    if not raw.strip():
        raise SourceFormatError(path, 1, "the file is empty",
                                "Restore the page or run `vetowatch data fetch`")
    text = _decode(path, raw, notes)
    if "<" not in text or "\x00" in text:
        raise SourceFormatError(path, 1, "not an HTML file", "Expected a saved DHL table page")
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise SourceFormatError(path, 1, f"not an HTML file ({exc})") from exc
    tables = [t for t in root.iter("table") if any(True for _ in t.iter("tr"))]
    if not tables:
        raise SourceFormatError(
            path, 1, "no table with rows", "Expected a DHL 'Meetings & Outcomes' or veto table"
        )
    return max(tables, key=lambda t: sum(1 for _ in t.iter("tr")))


def _cells_of(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if c.tag in ("td", "th")]


def _span(cell: etree._Element, attr: str) -> int:
    value = cell.get(attr) or "1"
    return int(value) if value.strip().isdigit() else 1


def _find_header(
    path: Path,
    table: etree._Element,
    columns: tuple[tuple[str, str], ...],
    required: tuple[str, ...],
) -> tuple[etree._Element, dict[int, str]]:
    """The header row and its column index -> role map."""
    for tr in table.iter("tr"):
        row = _cells_of(tr)
        if len(row) < 4 or any(c.tag != "th" or _span(c, "rowspan") > 1 for c in row):
            continue
        roles: dict[int, str] = {}
        for index, cell in enumerate(row):
            label = " ".join(cells.cell_text(cell).lower().split())
            role = next((r for key, r in columns if key in label and r not in roles.values()), None)
            if role:
                roles[index] = role
        missing = [r for r in required if r not in roles.values()]
        if missing:
            raise SourceFormatError(
                path, tr.sourceline, f"header row lacks the column(s) {', '.join(missing)}"
            )
        return tr, roles
    raise SourceFormatError(path, None, "no header row (a row of at least 4 <th> cells)")


def _rows(
    path: Path,
    table: etree._Element,
    columns: tuple[tuple[str, str], ...],
    required: tuple[str, ...],
    notes: _Notes,
) -> Iterator[_Row]:
    """Data rows after the header, with ``rowspan`` cells filled in."""
    header, roles = _find_header(path, table, columns, required)
    width = len(_cells_of(header))
    carried: dict[int, tuple[etree._Element, int]] = {}
    seen_header = False
    for tr in table.iter("tr"):
        if tr is header:
            seen_header = True
            continue
        if not seen_header:
            continue
        line = tr.sourceline or 0
        own = _cells_of(tr)
        if not own and not carried:
            notes.add(line, "empty-row", "a <tr> without cells")
            continue
        if len(own) == 1 and _span(own[0], "colspan") > 1:
            notes.add(line, "banner-row", cells.cell_text(own[0])[:120])
            continue
        grid = _fill(own, carried)
        if len(grid) > width:
            extra = " | ".join(cells.cell_text(c) for c in grid[width:])
            notes.add(line, "extra-cells", f"{len(grid)} cells for {width} columns: {extra}")
        elif len(grid) == width - 1 and roles.get(width - 1) in ("outcome", "vetoed_by"):
            notes.add(line, "short-row", f"{len(grid)} cells for {width}; last column missing")
        elif len(grid) < width:
            raise SourceFormatError(
                path,
                line,
                f"row has {len(grid)} cells, the header has {width}",
                "Each row needs one cell per header column",
            )
        values = {role: cells.cell_text(grid[i]) for i, role in roles.items() if i < len(grid)}
        yield _Row(line, values)


def _fill(
    own: list[etree._Element], carried: dict[int, tuple[etree._Element, int]]
) -> list[etree._Element]:
    """Place a row's cells between cells carried down by ``rowspan`` from rows above."""
    grid: list[etree._Element] = []
    queue = list(own)
    column = 0
    while queue or column in carried:
        if column in carried:
            cell, left = carried[column]
            if left <= 1:
                del carried[column]
            else:
                carried[column] = (cell, left - 1)
        else:
            cell = queue.pop(0)
            span = _span(cell, "rowspan")
            if span > 1:
                carried[column] = (cell, span - 1)
        grid.append(cell)
        column += 1
    return grid


# --------------------------------------------------------------------------- yearly pages


def _page_year(path: Path, table: etree._Element, notes: _Notes) -> int:
    title = " ".join(cells.cell_text(th) for th in table.iter("th"))
    title_match = _TITLE_YEAR.search(title)
    file_match = _FILE_YEAR.search(path.name)
    if file_match is None and title_match is None:
        raise SourceFormatError(path, None, "cannot tell the year (file name or title)")
    if file_match and title_match and file_match.group(1) != title_match.group(1):
        notes.add(
            None,
            "title-year-mismatch",
            f"title says {title_match.group(1)}, file name {file_match.group(1)}; "
            "used the file name",
        )
    chosen = file_match or title_match
    assert chosen is not None
    return int(chosen.group(1))


def parse_year_page(path: Path) -> Parsed[DhlAction]:
    """Every decision and draft listed on one DHL yearly "Meetings & Outcomes" page."""
    path = Path(path)
    notes = _Notes(path)
    table = _load_table(path, notes)
    year = _page_year(path, table, notes)
    out: Parsed[DhlAction] = Parsed()
    last: tuple[str, str | None] = ("", None)  # date text, meeting of the previous row
    seen: dict[tuple[tuple[str, str], ...], int] = {}
    for row in _rows(path, table, _YEAR_COLUMNS, _YEAR_REQUIRED, notes):
        if _is_repeat(row, seen, notes):
            continue
        date_text = row.values.get("date", "")
        meeting_text = row.values.get("meeting", "")
        if not date_text and not meeting_text and last[0]:
            date_text, meeting = last
            notes.add(row.line, "inherited-meeting", f"blank meeting and date; used {meeting}")
        else:
            meeting = cells.parse_meeting(meeting_text)
            last = (date_text, meeting)
        day, slug = cells.parse_day_month(date_text, year)
        if slug:
            notes.add(row.line, slug, date_text)
        context = _RowContext(path.name, row, year, day, date_text, meeting)
        out.rows.extend(_actions(context, row.values.get("outcome", ""), notes))
    _note_repeated_resolutions(out.rows, notes)
    out.notes.extend(notes.items)
    return out


def _is_repeat(row: _Row, seen: dict[tuple[tuple[str, str], ...], int], notes: _Notes) -> bool:
    """True (and a note) for a row that repeats an earlier row with an outcome, cell for cell."""
    if row.values.get("outcome", "") in _EMPTY:
        return False
    key = tuple(sorted(row.values.items()))
    if key in seen:
        notes.add(row.line, "duplicate-row", f"repeats line {seen[key]}; skipped")
        return True
    seen[key] = row.line
    return False


def _note_repeated_resolutions(actions: list[DhlAction], notes: _Notes) -> None:
    first: dict[int, DhlAction] = {}
    for action in actions:
        if action.resolution is None:
            continue
        earlier = first.setdefault(action.resolution, action)
        if earlier is not action:
            notes.add(
                action.line,
                "duplicate-resolution",
                f"{action.symbol} also at line {earlier.line} ({earlier.meeting}, "
                f"{earlier.date_text}); here {action.meeting}, {action.date_text}",
            )


@dataclass(frozen=True)
class _RowContext:
    source_file: str
    row: _Row
    year: int
    day: date | None
    date_text: str
    meeting: str | None

    def press(self) -> str | None:
        text = self.row.values.get("press", "")
        found = re.search(r"SC/\d+", text)
        return found.group(0) if found else None


def _actions(ctx: _RowContext, outcome: str, notes: _Notes) -> list[DhlAction]:
    """The actions of one outcome cell."""
    lead, items = cells.split_items(outcome)
    if lead and lead not in _EMPTY:
        kind = "tally-without-symbol" if cells.parse_tally(lead).yes is not None else "unparsed"
        notes.add(ctx.row.line, kind, lead)
    actions: list[DhlAction] = []
    for index, item in enumerate(items):
        nxt = items[index + 1] if index + 1 < len(items) else None
        if item.anchor == "nodoc":
            notes.add(ctx.row.line, "no-document-outcome", item.text)
        elif item.anchor == "prst-unnumbered":
            notes.add(ctx.row.line, "unnumbered-prst", item.text)
        else:
            actions.append(_action(ctx, item, nxt, notes))
    return actions


def _shares_next(item: cells.CellItem, nxt: cells.CellItem | None) -> bool:
    """True for "S/RES/2082 (2012) and" / "Draft resolution S/1076 and" before a twin."""
    return (
        nxt is not None
        and nxt.anchor == item.anchor
        and re.search(r"(?:\band|&|,)$", item.text) is not None
    )


def _action(
    ctx: _RowContext, item: cells.CellItem, nxt: cells.CellItem | None, notes: _Notes
) -> DhlAction:
    line = ctx.row.line
    source = item.text
    if _shares_next(item, nxt):
        assert nxt is not None
        notes.add(line, "shared-outcome", f"{item.symbol} takes the outcome of {nxt.text!r}")
        source = f"{item.text} {nxt.text}"
    tally = cells.parse_tally(source)
    outcome: Outcome = "adopted"
    vetoed_by: tuple[str, ...] = ()
    if item.anchor == "draft":
        outcome = cells.draft_fate(source)
        if outcome == "vetoed":
            vetoed_by = _vetoers(cells.vetoer_text(source), ctx.day, line, notes)
        if outcome == "other":
            notes.add(line, "draft-without-fate", item.text)
    elif item.anchor == "other":
        outcome = "other"
    if item.anchor == "resolution" and tally.yes is None and tally.modality is None:
        notes.add(line, "missing-tally", item.text)
    if item.resolution_year is not None and item.resolution_year != ctx.year:
        notes.add(line, "resolution-year-mismatch", f"{item.symbol} on the {ctx.year} page")
    if "preliminary question" in source.lower():
        notes.add(line, "preliminary-question", item.text)
    extra = cells.leftover(item.text)
    if extra and "preliminary question" not in source.lower():
        notes.add(line, "unparsed-text", f"{extra!r} in {item.text!r}")
    if item.symbol.startswith("S/PV."):
        notes.add(
            line, "meeting-for-draft" if item.anchor == "draft" else "meeting-for-symbol", item.text
        )
    return DhlAction(
        source_file=ctx.source_file,
        line=line,
        year=ctx.year,
        date=ctx.day,
        date_text=ctx.date_text,
        meeting=ctx.meeting,
        press_release=ctx.press(),
        topic=" ".join(ctx.row.values.get("topic", "").split()),
        kind=_KINDS[item.anchor],
        symbol=item.symbol,
        resolution=item.resolution,
        outcome=outcome,
        vetoed_by=vetoed_by,
        yes=tally.yes,
        no=tally.no,
        abstain=tally.abstain,
        non_voting=tally.non_voting,
        procedural=cells.is_procedural(source),
        text=source,
    )


def _vetoers(text: str, on: date | None, line: int, notes: _Notes) -> tuple[str, ...]:
    """ISO codes for "China and Russian Federation"; unknown names become notes."""
    codes: list[str] = []
    for name in cells.split_names(text):
        try:
            code = member_code(name, on)
        except NotFoundError:
            notes.add(line, "unknown-member", name)
            continue
        if code not in codes:
            codes.append(code)
    if not codes:
        notes.add(line, "veto-without-member", text or "(no names)")
    return tuple(codes)


def parse_dhl_pages(directory: Path) -> Parsed[DhlAction]:
    """All yearly pages in ``directory`` (not the veto page), in file-name order."""
    directory = Path(directory)
    if not directory.is_dir():
        raise SourceFormatError(directory, None, "not a directory of DHL pages")
    out: Parsed[DhlAction] = Parsed()
    for path in sorted(directory.glob(YEAR_PAGE_GLOB)):
        if path.name == VETO_PAGE_NAME or _FILE_YEAR.search(path.name) is None:
            continue
        page = parse_year_page(path)
        out.rows.extend(page.rows)
        out.notes.extend(page.notes)
    return out


# --------------------------------------------------------------------------- veto page


def parse_veto_page(path: Path) -> Parsed[VetoEntry]:
    """Every row of the DHL veto list (``scact_veto_table_en.html``)."""
    path = Path(path)
    notes = _Notes(path)
    table = _load_table(path, notes)
    out: Parsed[VetoEntry] = Parsed()
    for row in _rows(path, table, _VETO_COLUMNS, _VETO_REQUIRED, notes):
        entry = _veto_entry(path.name, row, notes)
        if entry is not None:
            out.rows.append(entry)
    out.notes.extend(notes.items)
    return out


def _veto_entry(source_file: str, row: _Row, notes: _Notes) -> VetoEntry | None:
    values = {role: row.values.get(role, "") for role in _VETO_REQUIRED}
    day, slug = cells.parse_full_date(values["date"])
    if slug:
        notes.add(row.line, slug, values["date"])
    if day is None:
        notes.add(row.line, "skipped-row", f"no date in {values['date']!r}")
        return None
    draft_text = " ".join(values["draft"].split())
    meeting = cells.parse_meeting(values["meeting"])
    if meeting is None:
        notes.add(row.line, "no-meeting-record", " ".join(values["meeting"].split()))
    draft = cells.first_symbol(draft_text)
    if draft is not None and draft.startswith("S/PV."):
        notes.add(row.line, "meeting-for-draft", draft_text)
        if meeting is not None and draft != meeting:
            notes.add(row.line, "draft-meeting-mismatch", f"{draft} vs {meeting}")
        draft = None
    elif draft is not None and draft != draft_text:
        notes.add(row.line, "draft-qualifier", draft_text)
    agenda = " ".join(values["agenda"].split())
    if "preliminary question" in agenda.lower():
        notes.add(row.line, "preliminary-question", agenda)
    vetoed_by = _vetoers(values["vetoed_by"], day, row.line, notes)
    if len(vetoed_by) > 1 and "," in values["vetoed_by"]:
        notes.add(row.line, "comma-separated-members", values["vetoed_by"])
    return VetoEntry(source_file, row.line, day, draft, meeting, agenda, vetoed_by)
