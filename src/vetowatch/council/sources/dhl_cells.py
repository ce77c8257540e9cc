"""Text rules for the cells of the Dag Hammarskjöld Library (DHL) Council tables.

``dhl`` reads the HTML; this module turns one cell's text into values: dates, meeting
records, vote tallies, and the decisions listed in an outcome cell. Everything here works
on plain strings, so the rules can be tested without HTML.

Outcome cells list one or more items, each opened by an *anchor*: a resolution symbol
("S/RES/1973 (2011)"), a presidential statement ("S/PRST/2011/19", "S/23305 (PRST)"),
"Draft resolution S/2011/612", a bare draft symbol followed by its fate ("S/2018/520 not
adopted"), "Note (S/1994/1176)" / "Letter (...)", or an outcome without a document
("Communiqué", "Election of ..."). Each item runs until the next anchor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lxml import html

from vetowatch.council.record import Outcome

__all__ = [
    "CellItem",
    "Tally",
    "cell_text",
    "draft_fate",
    "first_symbol",
    "is_procedural",
    "leftover",
    "parse_day_month",
    "parse_full_date",
    "parse_meeting",
    "parse_tally",
    "split_items",
    "split_names",
    "vetoer_text",
]

SYMBOL = r"S/(?:PV\.\d+|\d+(?:/\d+)?)(?:/(?:Rev|Add|Corr)\.\d+)*"
_SYMBOL_RE = re.compile(SYMBOL)
_RES = r"S/RES/(?P<res>\d+)\s*\((?P<res_year>\d{4})\)"
_PRST = rf"(?P<prst>S/PRST/\d{{4}}/\d+|{SYMBOL}(?=\s*\(PRST\)))(?:\s*\(PRST\))?"
_PRST_BARE = r"(?<![/(])\bPRST\b(?P<unnumbered>\s+unnumbered)?"
_FATE = r"(?:\((?:as amended|as corrected)\)\s*)?(?:vetoed|(?:was\s+)?not\s+adopted|failed)"
_DRAFT = rf"(?:Power Four\s+)?(?i:draft\s+resolution(?:s(?!/))?)\s*\(?\s*(?P<draft>{SYMBOL})\)?"
_DRAFT_BARE = rf"(?P<bare>{SYMBOL})(?=\s*{_FATE})"
_OTHER = rf"(?P<doc_label>Note|Letter)\s*\(?\s*(?P<doc>{SYMBOL})\)?"
_LONE = rf"(?m:^(?P<lone>{SYMBOL})$)"
_NODOC = r"(?P<nodoc>[Cc]ommuniqu[ée]|Election of [^\n]*|Referral to [^\n]*|Decision)"
_ANCHOR = re.compile(
    "|".join([_RES, _PRST, _DRAFT, _DRAFT_BARE, _OTHER, _PRST_BARE, _LONE, _NODOC])
)

_TALLY = re.compile(r"(?<![\d/])(\d{1,2})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})(?![\d/])")
_ABSENT = re.compile(r"\((\d+)\s+absent\)", re.I)
_NOT_PARTICIPATE = re.compile(r"\(?([^()\n]*?)\s+did not participate in the voting", re.I)
_UNANIMOUS = re.compile(r"adopted\s+(?:unanimously|by\s+consensus)", re.I)
_WITHOUT_VOTE = re.compile(r"without\s+(?:a\s+)?vote", re.I)
_PROCEDURAL = re.compile(r"procedural", re.I)
_VETOED_BY = re.compile(r"vetoed\s+by\s+(?P<names>.+?)(?=\s*\d{1,2}\s*-\s*\d|\n\n|\(|$)", re.S)
_FAILED = re.compile(
    r"(?:was\s+)?not\s+adopted|failed\s+to\s+obtain\s+the\s+required\s+(?:majority|votes?)"
    r"|failed\s+of\s+adoption",
    re.I,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\n)\s*")
_SPACE = re.compile(r"[ \t\r\f\v\xa0\u2009\u200b]+")
_AROUND_NL = re.compile(r" ?\n ?")

_MONTH_LIST = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
MONTHS = {name: number for number, name in enumerate(_MONTH_LIST, start=1)}
_MONTH_NAMES = "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_DAY_MONTH = re.compile(
    rf"^(?P<day>\d{{1,2}})(?P<more>\s*(?:-|–|/|\+|and|&)\s*\d{{1,2}})?\s+"
    rf"(?P<month>{_MONTH_NAMES})\.?(?:\s+(?P<year>\d{{2}}|\d{{4}}))?$",
    re.I,
)
_MEETING = re.compile(r"S/PV\.\s*(\d+)(?:\s*\(?\s*(Resumption\s*(?:\d+|I)?)\s*\)?)?", re.I)


@dataclass(frozen=True)
class Tally:
    """Votes read from a cell segment; all None where the segment gives no counts."""

    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    non_voting: int | None = None
    modality: str | None = None  # "unanimous", "without vote" or None


@dataclass(frozen=True)
class CellItem:
    """One anchored item of an outcome cell."""

    anchor: str  # "resolution", "prst", "draft", "other", "nodoc", "prst-unnumbered"
    symbol: str  # "" for nodoc and unnumbered statements
    resolution: int | None
    resolution_year: int | None
    text: str  # the segment, anchor included, single-spaced


def cell_text(cell: html.HtmlElement) -> str:
    """Text of a table cell: ``<br>`` becomes a line break, other whitespace one space."""
    parts: list[str] = []
    _walk(cell, parts, top=True)
    text = _SPACE.sub(" ", "".join(parts))
    return _AROUND_NL.sub("\n", text).strip(" \n")


def _walk(el: html.HtmlElement, parts: list[str], *, top: bool = False) -> None:
    tag = el.tag
    if tag == "br":
        parts.append("\n")
    elif isinstance(tag, str) and el.text:
        parts.append(_SPACE.sub(" ", el.text.replace("\n", " ")))
    for child in el:
        _walk(child, parts)
    if not top and el.tail:
        parts.append(_SPACE.sub(" ", el.tail.replace("\n", " ")))


def parse_day_month(text: str, year: int) -> tuple[date | None, str | None]:
    """Read "4 October" (or "15 Sep.", "14-15 October") in ``year``.

    Returns the date (the first day of a range) and a note slug: ``"date-range"`` for a
    range, ``"unparsed-date"`` when no date could be read, else None.
    """
    m = _DAY_MONTH.match(text.strip())
    if m is None or m.group("year"):
        return None, "unparsed-date"
    month = _month_number(m.group("month"))
    try:
        day = date(year, month, int(m.group("day")))
    except ValueError:
        return None, "unparsed-date"
    return day, ("date-range" if m.group("more") else None)


def parse_full_date(text: str) -> tuple[date | None, str | None]:
    """Read "26 May 2022", "30 January 86" or "14-15 December 2001" (first day).

    The note slug is ``"date-range"``, ``"two-digit-year"`` or ``"unparsed-date"``.
    """
    m = _DAY_MONTH.match(text.strip())
    if m is None or not m.group("year"):
        return None, "unparsed-date"
    year_text = m.group("year")
    year = int(year_text) + (1900 if len(year_text) == 2 else 0)
    try:
        day = date(year, _month_number(m.group("month")), int(m.group("day")))
    except ValueError:
        return None, "unparsed-date"
    if len(year_text) == 2:
        return day, "two-digit-year"
    return day, ("date-range" if m.group("more") else None)


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    for full, number in MONTHS.items():
        if full.startswith(key[:3]):
            return number
    raise ValueError(name)  # unreachable: the pattern only admits month names


def parse_meeting(text: str) -> str | None:
    """ "S/PV.3454 (Resumption 2)+Corr.1" -> "S/PV.3454 (Resumption 2)"; "--" -> None."""
    m = _MEETING.search(text)
    if m is None:
        return None
    symbol = f"S/PV.{m.group(1)}"
    resumption = m.group(2)
    if resumption:
        number = re.sub(r"(?i)resumption\s*", "", resumption).strip()
        number = "1" if number in ("", "I") else number
        symbol += f" (Resumption {number})"
    return symbol


def split_items(text: str) -> tuple[str, list[CellItem]]:
    """Cut an outcome cell into anchored items. Returns (text before any anchor, items)."""
    matches = list(_ANCHOR.finditer(text))
    items: list[CellItem] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        segment = text[m.start() : end].strip(" \n+")
        items.append(_item(m, segment))
    lead = text[: matches[0].start()] if matches else text
    return lead.strip(" \n+"), items


def _item(m: re.Match[str], segment: str) -> CellItem:
    g = m.groupdict()
    flat = " ".join(segment.split())
    if g["res"]:
        number = int(g["res"])
        year = int(g["res_year"])
        return CellItem("resolution", f"S/RES/{number} ({year})", number, year, flat)
    if g["prst"]:
        return CellItem("prst", g["prst"], None, None, flat)
    if g["draft"] or g["bare"]:
        return CellItem("draft", g["draft"] or g["bare"], None, None, flat)
    if g["doc"] or g["lone"]:
        return CellItem("other", g["doc"] or g["lone"], None, None, flat)
    if m.group(0).startswith("PRST"):
        return CellItem("prst-unnumbered", "", None, None, flat)
    return CellItem("nodoc", "", None, None, flat)


def parse_tally(segment: str) -> Tally:
    """Votes in a segment: "10-0-5", "14-0-0 (1 absent)", "adopted unanimously", ..."""
    modality: str | None = None
    if _UNANIMOUS.search(segment):
        modality = "unanimous"
    elif _WITHOUT_VOTE.search(segment):
        modality = "without vote"
    m = _TALLY.search(segment)
    if m is None:
        return Tally(modality=modality)
    non_voting: int | None = None
    absent = _ABSENT.search(segment)
    if absent:
        non_voting = int(absent.group(1))
    missing = _NOT_PARTICIPATE.search(segment)
    if missing:
        names = [n for n in split_names(missing.group(1)) if n]
        non_voting = (non_voting or 0) + max(1, len(names))
    yes, no, abstain = (int(x) for x in m.groups())
    return Tally(yes, no, abstain, non_voting, modality)


def is_procedural(segment: str) -> bool:
    """True where the segment says that the vote was procedural."""
    return _PROCEDURAL.search(segment) is not None


def draft_fate(segment: str) -> Outcome:
    """ "vetoed", "failed" or "other" for a draft resolution's segment."""
    if _VETOED_BY.search(segment) or re.search(r"\bvetoed\b", segment):
        return "vetoed"
    if _FAILED.search(segment):
        return "failed"
    return "other"


def vetoer_text(segment: str) -> str:
    """The names after "vetoed by" ("China and Russian Federation"), or ""."""
    m = _VETOED_BY.search(segment)
    return m.group("names").strip() if m else ""


def split_names(text: str) -> list[str]:
    """ "USA, France and UK" -> ["USA", "France", "UK"] (a leading "the" dropped)."""
    names = []
    for part in _NAME_SPLIT.split(text):
        name = re.sub(r"(?i)^the\s+", "", part.strip(" .()"))
        if name:
            names.append(name)
    return names


_KNOWN = re.compile(
    "|".join(
        [
            r"(?:Power Four\s+)?(?i:draft\s+resolution(?:s(?!/))?)",
            r"S/RES/\d+\s*\(\d{4}\)",
            r"S/PRST/\d{4}/\d+",
            SYMBOL,
            r"\(PRST\)",
            r"\b(?:Note|Letter)\b",
            r"\d{1,2}\s*-\s*\d{1,2}\s*-\s*\d{1,2}",
            r"vetoed\s+by\s+[^()\d]*",
            r"\bvetoed\b",
            _FAILED.pattern,
            _UNANIMOUS.pattern,
            _WITHOUT_VOTE.pattern,
            r"\(\d+\s+absent\)",
            r"\([^()]*did not participate in the voting\.?\)",
            r"\((?:as amended|as corrected|preliminary question|procedural(?: vote)?)\)",
            r"\b(?:and|Corr\.\d+|Add\.\d+)\b",
            r"[\s,&+\-.]+",
            r"[()]",
        ]
    ),
    re.I,
)


def leftover(segment: str) -> str:
    """What a segment says beyond the symbols, tallies and phrases the parser reads."""
    return _KNOWN.sub(" ", segment).strip()


def first_symbol(text: str) -> str | None:
    """The first document symbol in ``text``, or None."""
    m = _SYMBOL_RE.search(text)
    return m.group(0) if m else None
