"""The DHL "Meetings & Outcomes" and veto pages: parsed from the raw HTML.

The CSVs next to the pages were parsed from the same HTML by someone else; they serve here
only as a cross-check, and every difference between them and this parser is listed below.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from vetowatch.council.members import member_code
from vetowatch.council.sources.dhl import parse_dhl_pages, parse_veto_page, parse_year_page
from vetowatch.council.sources.types import DhlAction, Parsed, VetoEntry
from vetowatch.errors import SourceFormatError

FIXTURES = Path(__file__).parent / "fixtures" / "dhl"


@pytest.fixture(scope="module")
def pages_dir(unsc_dir: Path) -> Path:
    path = unsc_dir / "dhl_pages"
    if not path.is_dir():
        pytest.skip("DHL pages not found")
    return path


@pytest.fixture(scope="module")
def parsed(pages_dir: Path) -> Parsed[DhlAction]:
    return parse_dhl_pages(pages_dir)


@pytest.fixture(scope="module")
def vetoes(pages_dir: Path) -> Parsed[VetoEntry]:
    return parse_veto_page(pages_dir / "scact_veto_table_en.html")


def _find(parsed: Parsed[DhlAction], symbol: str) -> list[DhlAction]:
    return [a for a in parsed.rows if a.symbol == symbol]


# --------------------------------------------------------------------------- real pages


@pytest.mark.parametrize(
    ("symbol", "day", "meeting", "outcome", "tally", "vetoed_by"),
    [
        ("S/RES/1973 (2011)", date(2011, 3, 17), "S/PV.6498", "adopted", (10, 0, 5), ()),
        ("S/2011/612", date(2011, 10, 4), "S/PV.6627", "vetoed", (9, 2, 4), ("CHN", "RUS")),
        ("S/RES/15 (1946)", date(1946, 12, 19), "S/PV.87", "adopted", (None, None, None), ()),
        ("S/RES/14 (1946)", date(1946, 12, 16), "S/PV.84", "adopted", (9, 0, 2), ()),
        # the page prints 13-0-2 (the vote was 13-2-0); the parser keeps what the page says
        ("S/2022/431", date(2022, 5, 26), "S/PV.9048", "vetoed", (13, 0, 2), ("CHN", "RUS")),
        ("S/2018/520", date(2018, 6, 1), "S/PV.8274", "failed", (1, 3, 11), ()),
        ("S/1894", date(1950, 11, 30), "S/PV.530", "vetoed", (9, 1, 0), ("SUN",)),
        ("S/3710", date(1956, 10, 30), "S/PV.749", "vetoed", (7, 2, 2), ("FRA", "GBR")),
        ("S/RES/2617 (2021)", date(2021, 12, 30), None, "adopted", (15, 0, 0), ()),
        ("S/PRST/2011/19", date(2011, 10, 12), "S/PV.6630", "adopted", (None, None, None), ()),
    ],
)
def test_known_decisions(
    parsed: Parsed[DhlAction],
    symbol: str,
    day: date,
    meeting: str | None,
    outcome: str,
    tally: tuple[int | None, int | None, int | None],
    vetoed_by: tuple[str, ...],
) -> None:
    (action,) = _find(parsed, symbol)
    assert action.date == day
    assert action.meeting == meeting
    assert action.outcome == outcome
    assert (action.yes, action.no, action.abstain) == tally
    assert action.vetoed_by == vetoed_by


def test_line_points_at_the_row(parsed: Parsed[DhlAction], pages_dir: Path) -> None:
    (action,) = _find(parsed, "S/2011/612")
    lines = (pages_dir / action.source_file).read_text(encoding="utf-8-sig").splitlines()
    assert lines[action.line - 1].strip().startswith("<tr")
    assert "S/PV.6627" in lines[action.line]


def test_resolution_numbers_cover_1_to_2640(parsed: Parsed[DhlAction]) -> None:
    numbers = Counter(a.resolution for a in parsed.rows if a.kind == "resolution")
    missing = sorted(set(range(1, 2641)) - set(numbers))
    # SOURCES.md: 666 and 695 are missing from the pages. They are misprinted there as
    # 663 (S/PV.2939, 13 September 1990) and 701 (S/PV.2990, 30 May 1991).
    assert missing == [666, 695]
    assert max(n for n in numbers if n is not None) == 2640
    duplicates = {n: c for n, c in numbers.items() if c > 1}
    assert duplicates == {663: 2, 701: 2}
    dup_notes = [n for n in parsed.notes if n.kind == "duplicate-resolution"]
    assert [(n.source_file, n.detail.split(" ")[0]) for n in dup_notes] == [
        ("scact1990_table_en.html", "S/RES/663"),
        ("scact1991_table_en.html", "S/RES/701"),
    ]
    # S/RES/1996 (2011) is listed twice in identical rows: the repeat is skipped, with a note.
    (repeat,) = [n for n in parsed.notes if n.kind == "duplicate-row"]
    assert repeat.source_file == "scact2011_table_en.html"


def test_each_resolution_on_its_years_page(parsed: Parsed[DhlAction]) -> None:
    off = sorted(
        (a.year, a.symbol)
        for a in parsed.rows
        if a.kind == "resolution" and f"({a.year})" not in a.symbol
    )
    # Adopted in late December and listed with the next year's first meeting, or misdated.
    assert off == [
        (1965, "S/RES/207 (1964)"),
        (1992, "S/RES/770 (1991)"),
        (1992, "S/RES/771 (1991)"),
    ]
    noted = {
        n.detail.split(" on ")[0] for n in parsed.notes if n.kind == "resolution-year-mismatch"
    }
    assert noted == {symbol for _, symbol in off}


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_draft_counts_match_cross_check(parsed: Parsed[DhlAction], unsc_dir: Path) -> None:
    rows = _csv_rows(unsc_dir / "sc_decisions_parsed_dhl_1946_2022.csv")
    status = {"vetoed": "vetoed", "not_adopted": "failed"}
    theirs = Counter(
        (int(r["year"]), r["symbol"], status.get(r["status"], r["status"]))
        for r in rows
        if r["kind"] == "draft_resolution"
    )
    assert theirs[(2011, "S/2011/612", "vetoed")] == 1
    assert sum(v for k, v in theirs.items() if k[2] == "vetoed") == 190
    assert sum(v for k, v in theirs.items() if k[2] == "failed") == 99
    mine: Counter[tuple[int, str, str]] = Counter(
        (a.year, a.symbol, str(a.outcome)) for a in parsed.rows if a.kind == "draft"
    )
    assert sum(v for k, v in mine.items() if k[2] == "vetoed") == 213
    assert sum(v for k, v in mine.items() if k[2] == "failed") == 110

    # 1. Drafts that the 1946-48 pages name only by meeting record ("Draft resolution
    #    S/PV.57 vetoed by USSR"): the CSV leaves all of them out. 23 vetoed, 9 failed.
    by_record = Counter(k[2] for k in (mine - theirs).elements() if k[1].startswith("S/PV."))
    assert by_record == {"vetoed": 23, "failed": 9}
    rest_mine = {k for k in mine - theirs if not k[1].startswith("S/PV.")}
    rest_theirs = {k for k in theirs - mine if k[2] != "other_document"}
    assert rest_mine == {
        # 2. "Draft resolution S/552, S/202 (preliminary question) vetoed by USSR": the
        #    draft is S/552 (so says the veto page); the CSV took S/202.
        (1947, "S/552", "vetoed"),
        # 3. "S/3995 (incorporating amendment offered by Sweden in S/3998) vetoed": same.
        (1958, "S/3995", "vetoed"),
        # 4. "Draft resolutions S/507 & Add.1 & S/516 not adopted" and "Draft resolution
        #    S/1076 and S/1077 not adopted": both drafts failed; the CSV calls the first
        #    of each pair "other document" / "unclear".
        (1947, "S/507", "failed"),
        (1948, "S/1076", "failed"),
        # 5. The page says "S/7285/Add.1"; the CSV shortened it to S/7285.
        (1966, "S/7285/Add.1", "failed"),
    }
    assert rest_theirs == {
        (1947, "S/202", "vetoed"),
        (1947, "S/552", "unclear"),
        (1948, "S/1076", "unclear"),
        (1958, "S/3995", "unclear"),
        (1958, "S/3998", "vetoed"),
        (1966, "S/7285", "failed"),
    }
    # "Other documents" (notes and letters): the CSV's 32 are our 31 plus S/507 above.
    others = {(a.year, a.symbol) for a in parsed.rows if a.kind == "other"}
    csv_others = {k[:2] for k in theirs if k[2] == "other_document"}
    assert csv_others - others == {(1947, "S/507")}
    assert others <= csv_others


def test_statement_and_resolution_counts(parsed: Parsed[DhlAction], unsc_dir: Path) -> None:
    rows = _csv_rows(unsc_dir / "sc_decisions_parsed_dhl_1946_2022.csv")
    kinds = Counter(r["kind"] for r in rows)
    counts = Counter(a.kind for a in parsed.rows)
    # The CSV keeps the repeated row of S/RES/1996 (2011) that we skip.
    assert counts["resolution"] == kinds["resolution"] - 1 == 2640
    # Four statements given as a meeting record, "S/PV.1576 (PRST)", are not in the CSV.
    assert counts["prst"] == kinds["presidential_statement"] + 4 == 1249
    assert sum(n.kind == "meeting-for-symbol" for n in parsed.notes) == 4


def test_tallies_match_cross_check(parsed: Parsed[DhlAction], unsc_dir: Path) -> None:
    rows = _csv_rows(unsc_dir / "sc_decisions_parsed_dhl_1946_2022.csv")
    theirs = {
        r["symbol"]: tuple(int(float(r[c])) if r[c] else None for c in ("yes", "no", "abstain"))
        for r in rows
        if r["kind"] == "resolution"
    }
    differ = sorted(
        a.symbol
        for a in parsed.rows
        if a.kind == "resolution" and theirs.get(a.symbol, ()) != (a.yes, a.no, a.abstain)
    )
    # 663: two different resolutions carry that number (see above); the CSV keeps one tally.
    # 2082: "S/RES/2082 (2012) and S/RES/2083 (2012) 15-0-0" shares one tally.
    assert differ == ["S/RES/2082 (2012)", "S/RES/663 (1990)"]


def test_non_voting_counts(parsed: Parsed[DhlAction]) -> None:
    non_voting = {a.symbol: a.non_voting for a in parsed.rows if a.non_voting is not None}
    assert non_voting == {"S/RES/1280 (1999)": 1, "S/RES/1287 (2000)": 1, "S/RES/1483 (2003)": 1}


def test_notes_by_kind(parsed: Parsed[DhlAction]) -> None:
    kinds = Counter(n.kind for n in parsed.notes)
    assert kinds["no-document-outcome"] == 631  # communiqués, elections, referrals
    assert kinds["inherited-meeting"] == 20  # 1948 continuation rows
    assert kinds["title-year-mismatch"] == 1  # the 2020 COVID page's title says 2021
    assert kinds["tally-without-symbol"] == 1  # 2021, S/PV.8823: "2-0-13" alone
    assert kinds["short-row"] == 1 and kinds["extra-cells"] == 1
    assert kinds["unparsed-date"] == 0
    assert kinds["date-range"] == 3
    assert all(a.date is not None for a in parsed.rows)


# --------------------------------------------------------------------------- veto page


def test_veto_page_matches_cross_check(vetoes: Parsed[VetoEntry], unsc_dir: Path) -> None:
    rows = _csv_rows(unsc_dir / "sc_veto_list_dhl_1946_2022.csv")
    assert len(rows) == 206
    assert len(vetoes.rows) == 213

    def codes(text: str, on: date) -> tuple[str, ...]:
        return tuple(member_code(n.strip(), on) for n in text.replace(",", ";").split(";"))

    theirs: Counter[tuple[date, tuple[str, ...]]] = Counter()
    for r in rows:
        on = date.fromisoformat(r["date"])
        theirs[(on, codes(r["vetoed_by"], on))] += 1
    mine = Counter((e.date, e.vetoed_by) for e in vetoes.rows)
    assert not theirs - mine
    # The CSV drops the 7 rows whose date it could not read: 6 ranges and "30 January 86".
    extra = sorted((mine - theirs).elements())
    dated = {n.line for n in vetoes.notes if n.kind in ("date-range", "two-digit-year")}
    assert len(extra) == 7 and len(dated) == 7
    assert {e.line for e in vetoes.rows if (e.date, e.vetoed_by) in set(extra)} == dated


def test_veto_page_entries(vetoes: Parsed[VetoEntry]) -> None:
    (s612,) = [e for e in vetoes.rows if e.draft == "S/2011/612"]
    assert (s612.date, s612.meeting, s612.vetoed_by) == (
        date(2011, 10, 4),
        "S/PV.6627",
        ("CHN", "RUS"),
    )
    first = min(vetoes.rows, key=lambda e: e.date)
    assert (first.date, first.draft, first.meeting) == (date(1946, 2, 16), None, "S/PV.23")
    by_record = [e for e in vetoes.rows if e.draft is None]
    assert len(by_record) == 23 and all(e.meeting for e in by_record)
    kinds = Counter(n.kind for n in vetoes.notes)
    assert kinds["preliminary-question"] == 3
    assert kinds["no-meeting-record"] == 3  # 2020 votes by letter
    spanish = [e for e in vetoes.rows if e.vetoed_by == ("FRA", "SUN")]
    assert len(spanish) == 1


# --------------------------------------------------------------------------- fixture


@pytest.fixture(scope="module")
def fixture_page() -> Parsed[DhlAction]:
    return parse_year_page(FIXTURES / "scact2031_table_en.html")


@pytest.mark.parametrize(
    ("symbol", "kind", "outcome", "tally", "non_voting", "vetoed_by", "procedural"),
    [
        ("S/RES/9001 (2031)", "resolution", "adopted", (10, 0, 5), None, (), False),
        ("S/RES/9002 (2031)", "resolution", "adopted", (None, None, None), None, (), False),
        ("S/RES/9003 (2031)", "resolution", "adopted", (None, None, None), None, (), False),
        ("S/PRST/2031/7", "prst", "adopted", (None, None, None), None, (), False),
        ("S/RES/9004 (2031)", "resolution", "adopted", (11, 0, 3), 1, (), False),
        ("S/RES/9005 (2031)", "resolution", "adopted", (14, 0, 0), 1, (), False),
        ("S/2031/100", "draft", "vetoed", (9, 2, 4), None, ("CHN", "RUS"), False),
        ("S/2031/101/Rev.1", "draft", "vetoed", (9, 3, 3), None, ("USA", "FRA", "GBR"), False),
        ("S/2031/102", "draft", "failed", (4, 7, 4), None, (), False),
        ("S/2031/103", "draft", "failed", (7, 2, 6), None, (), False),
        ("S/2031/104", "draft", "failed", (8, 6, 1), None, (), True),
        ("S/2031/200", "other", "other", (None, None, None), None, (), False),
        ("S/99999", "prst", "adopted", (None, None, None), None, (), False),
        ("S/RES/9006 (2031)", "resolution", "adopted", (15, 0, 0), None, (), False),
        ("S/RES/9007 (2031)", "resolution", "adopted", (15, 0, 0), None, (), False),
        ("S/2031/105", "draft", "vetoed", (12, 1, 2), None, ("RUS",), False),
        ("S/RES/9008 (2031)", "resolution", "adopted", (13, 0, 2), None, (), False),
    ],
)
def test_fixture_cell_styles(
    fixture_page: Parsed[DhlAction],
    symbol: str,
    kind: str,
    outcome: str,
    tally: tuple[int | None, int | None, int | None],
    non_voting: int | None,
    vetoed_by: tuple[str, ...],
    procedural: bool,
) -> None:
    (action,) = _find(fixture_page, symbol)
    assert (action.kind, action.outcome) == (kind, outcome)
    assert (action.yes, action.no, action.abstain) == tally
    assert action.non_voting == non_voting
    assert action.vetoed_by == vetoed_by
    assert action.procedural is procedural


def test_fixture_rows_and_dates(fixture_page: Parsed[DhlAction]) -> None:
    first = _find(fixture_page, "S/RES/9001 (2031)")[0]
    assert (first.date, first.meeting, first.press_release) == (
        date(2031, 10, 4),
        "S/PV.9901",
        "SC/99001",
    )
    assert _find(fixture_page, "S/RES/9002 (2031)")[0].meeting == "S/PV.9902 (Resumption 1)"
    assert _find(fixture_page, "S/RES/9002 (2031)")[0].date == date(2031, 10, 3)  # "3 Oct."
    # rowspan group and a continuation row share the meeting and the first day of a range
    grouped = [_find(fixture_page, s)[0] for s in ("S/RES/9006 (2031)", "S/2031/105")]
    continued = _find(fixture_page, "S/RES/9008 (2031)")[0]
    for action in [*grouped, continued]:
        assert (action.meeting, action.date) == ("S/PV.9911", date(2031, 9, 14))
    assert grouped[1].topic == "Second item of a grouped meeting"
    odd = _find(fixture_page, "S/RES/9009 (2031)")[0]
    assert (odd.date, odd.date_text, odd.meeting) == (None, "sometime in summer", None)
    kinds = Counter(n.kind for n in fixture_page.notes)
    assert kinds["unparsed-date"] == 1
    assert kinds["no-document-outcome"] == 1  # Communiqué
    assert kinds["shared-outcome"] == 1
    assert kinds["inherited-meeting"] == 1
    assert len(fixture_page.rows) == 18


def test_fixture_veto_page() -> None:
    page = parse_veto_page(FIXTURES / "invented_veto_table.html")
    got = [(e.date, e.draft, e.meeting, e.vetoed_by) for e in page.rows]
    assert got == [
        (date(2031, 9, 29), "S/2031/100", "S/PV.9906", ("CHN", "RUS")),
        (date(2031, 9, 14), "S/2031/105", None, ("RUS",)),
        (date(1986, 1, 30), "S/17000/Rev.1", "S/PV.2650", ("GBR", "USA")),
        (date(1946, 6, 26), None, "S/PV.49", ("FRA", "SUN")),
    ]
    kinds = Counter(n.kind for n in page.notes)
    assert kinds == {  # the banner row above the header is not data and is not noted
        "date-range": 1,
        "no-meeting-record": 1,
        "draft-qualifier": 1,
        "two-digit-year": 1,
        "meeting-for-draft": 1,
        "preliminary-question": 1,
        "comma-separated-members": 1,
    }


def test_fixture_directory_skips_veto_page(tmp_path: Path) -> None:
    for name, target in (("scact2031_table_en.html", "scact2031_table_en.html"),
                         ("invented_veto_table.html", "scact_veto_table_en.html")):
        (tmp_path / target).write_bytes((FIXTURES / name).read_bytes())
    parsed = parse_dhl_pages(tmp_path)
    assert {a.source_file for a in parsed.rows} == {"scact2031_table_en.html"}


# --------------------------------------------------------------------------- malformed


_HEADER = (
    "<table><tr><th>Meeting Record</th><th>Date</th><th>Press Release</th>"
    "<th>Topic</th><th>Security Council Outcome / Vote</th></tr>\n"
)


@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [
        ("just some words, no markup\n", 1, "not an HTML file"),
        ("<html><body><p>No table here</p></body></html>\n", 1, "no table"),
        (
            _HEADER + "<tr>\n<td>S/PV.1</td><td>1 May</td></tr>\n</table>\n",
            2,
            "row has 2 cells",
        ),
        ("<table><tr><th>A</th><th>B</th><th>C</th><th>D</th></tr></table>", 1, "header row"),
    ],
)
def test_malformed_file(tmp_path: Path, content: str, line: int, problem: str) -> None:
    path = tmp_path / "scact2031_table_en.html"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceFormatError) as caught:
        parse_year_page(path)
    assert caught.value.path == path
    assert caught.value.line == line
    assert problem in caught.value.problem
    assert str(path) in str(caught.value)
