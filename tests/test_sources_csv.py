"""CSV source parsers: membership, oliverunv votes, UNDL votes and the two veto lists."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vetowatch.council.sources.membership import (
    BLANK_MEMBER_RULES,
    Term,
    expected_size,
    members_in,
    parse_membership,
    terms,
)
from vetowatch.council.sources.oliverunv import parse_oliverunv, parse_submitters
from vetowatch.council.sources.types import MembershipRow
from vetowatch.council.sources.undl import parse_undl, resolution_number
from vetowatch.council.sources.vetolists import parse_veto_csv
from vetowatch.errors import SourceFormatError

MEMBERSHIP = "sc_membership_by_year_dppa_1946_2027.csv"
OLIVER = "sc_votes_incl_failed_drafts_1994_2025_oliverunv.csv"
UNDL_SAMPLE = "undl_sc_voting_2026_02_06_sample_rows.csv"
VETO_DHL = "sc_veto_list_dhl_1946_2022.csv"
VETO_WPDL = "vetoes_wpdl_1946_sept2022.csv"

OLIVER_HEADER = (
    "Year,Date,Resolution,Meeting,Draft,Agenda item,Category,Region,Submitted by,"
    "Outcome results,Vote,Member State,ID,Membership_Status,Topic"
)
OLIVER_ROW = (
    "2031,2031-03-02,9001 (2031),9999,S/2031/17,Invented item,Thematic,,"
    '"France, Freedonia",Adopted unanimously,Yes,France,1,Other,Invented'
)
UNDL_HEADER = (
    "undl_id,ms_code,ms_name,permanent_member,ms_vote,date,resolution,draft,meeting,"
    "description,agenda,subjects,vote_note,total_yes,total_no,total_abstentions,"
    "total_non_voting,total_ms,modality,undl_link"
)
UNDL_ROW = (
    "1,RUS,USSR,True,Y,1980-01-02,S/RES/9001(1980),,S/PV.9999,Invented,,A|B,,15,0,0,0,15,"
    "Vote,http://example.invalid/1"
)


# --- membership -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def membership(unsc_dir: Path) -> Any:
    return parse_membership(unsc_dir / MEMBERSHIP)


def test_membership_2011(membership: Any) -> None:
    assert members_in(membership.rows, 2011) == (
        "BIH", "BRA", "CHN", "COL", "DEU", "FRA", "GAB", "GBR",
        "IND", "LBN", "NGA", "PRT", "RUS", "USA", "ZAF",
    )  # fmt: skip


@pytest.mark.parametrize("year", [1946, 1950, 1965, 1966, 1991, 1992, 2011, 2026, 2027])
def test_membership_counts(membership: Any, year: int) -> None:
    assert len(set(members_in(membership.rows, year))) == expected_size(year)


def test_membership_every_year_has_right_size(membership: Any) -> None:
    counts = Counter(r.year for r in membership.rows)
    assert sorted(counts) == list(range(1946, 2028))
    assert all(n == (11 if y <= 1965 else 15) for y, n in counts.items())
    assert len(membership.rows) == 1150


def test_membership_blanks_filled_and_noted(membership: Any) -> None:
    filled = [n for n in membership.notes if n.kind == "filled-blank-member"]
    assert len(filled) == 8
    assert sorted(int(n.detail[:4]) for n in filled) == sorted(BLANK_MEMBER_RULES)
    for year, (code, _) in BLANK_MEMBER_RULES.items():
        assert code in members_in(membership.rows, year)


@pytest.mark.parametrize(
    ("year", "present", "absent"),
    [(1950, "SUN", "RUS"), (1992, "RUS", "SUN"), (1978, "CSK", "CZE"), (1994, "CZE", "CSK")],
)
def test_membership_successor_codes(membership: Any, year: int, present: str, absent: str) -> None:
    members = members_in(membership.rows, year)
    assert present in members and absent not in members


def test_membership_terms(membership: Any) -> None:
    all_terms = terms(membership.rows)
    assert Term("LBN", 2010, 2011) in all_terms
    assert Term("CIV", 2018, 2019) in all_terms
    assert not any(t.member in ("CHN", "USA") for t in all_terms)
    assert any(t.member == "FRA" for t in terms(membership.rows, include_permanent=True))


def test_terms_split_on_gap() -> None:
    rows = [MembershipRow(i, y, "BRA", "Brazil", False) for i, y in enumerate([1998, 1999, 2004])]
    assert terms(rows) == [Term("BRA", 1998, 1999), Term("BRA", 2004, 2004)]


def _membership_file(tmp_path: Path, year: int, names: list[str]) -> Path:
    lines = ["id,year,security_council_member,last_update"]
    lines += [f"{i},{year},{n},2031-01-01" for i, n in enumerate(names, 1)]
    path = tmp_path / "members.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_membership_wrong_count(tmp_path: Path) -> None:
    path = _membership_file(tmp_path, 2011, ["France", "China"])
    with pytest.raises(SourceFormatError, match="2011 has 2 members, expected 15") as info:
        parse_membership(path)
    assert info.value.path == path and info.value.line == 2
    lenient = parse_membership(path, strict=False)
    assert [n.kind for n in lenient.notes] == ["member-count"]


def test_membership_blank_without_rule(tmp_path: Path) -> None:
    path = _membership_file(tmp_path, 2011, ["France", ""])
    with pytest.raises(SourceFormatError, match="blank member name") as info:
        parse_membership(path)
    assert info.value.line == 3


# --- oliverunv --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def oliver(unsc_dir: Path) -> Any:
    return parse_oliverunv(unsc_dir / OLIVER)


def test_oliver_counts(oliver: Any) -> None:
    assert len(oliver.rows) == 29929
    assert len({r.source_id for r in oliver.rows}) == 1997
    outcomes = Counter(r.outcome for r in oliver.rows)
    assert outcomes == {"adopted": 28252, "vetoed": 1004, "failed": 673}


def test_oliver_s_2011_612(oliver: Any) -> None:
    votes = [r for r in oliver.rows if r.draft == "S/2011/612"]
    assert len(votes) == 15
    by_vote = {v: {r.member for r in votes if r.vote == v} for v in "YNA"}
    assert by_vote["N"] == {"CHN", "RUS"}
    assert by_vote["A"] == {"BRA", "IND", "LBN", "ZAF"}
    first = votes[0]
    assert first.outcome == "vetoed" and first.meeting == "S/PV.6627"
    assert first.resolution is None and first.date == date(2011, 10, 4)
    assert first.submitters == ("FRA", "DEU", "PRT", "GBR")


def test_oliver_resolution_1973(oliver: Any) -> None:
    votes = [r for r in oliver.rows if r.resolution == 1973]
    assert {r.member for r in votes if r.vote == "A"} == {"BRA", "CHN", "DEU", "IND", "RUS"}
    assert all(r.outcome == "adopted" for r in votes)


def test_oliver_2025_swapped_columns(oliver: Any) -> None:
    rows = {r.resolution: r for r in oliver.rows if r.date == date(2025, 5, 30)}
    assert rows[2781].draft is None  # "S/RES/2781(2025)" in Draft; its draft symbol was reused
    kinds = Counter(n.kind for n in oliver.notes)
    assert kinds["swapped-draft-resolution"] >= 1 and kinds["reused-draft-symbol"] >= 1


@pytest.mark.parametrize(
    "kind",
    ["fixed-member-name", "fixed-draft-symbol", "fixed-submitter", "vote-count", "no-draft-symbol"],
)
def test_oliver_notes_by_kind(oliver: Any, kind: str) -> None:
    assert any(n.kind == kind for n in oliver.notes)


def test_oliver_no_historic_code_after_1994(oliver: Any) -> None:
    members = {r.member for r in oliver.rows}
    assert not members & {"SUN", "YUG", "CSK"}
    assert all(len(m) == 3 and m.isupper() for m in members)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("President", ("PRESIDENT",)),
        ("-none-", ()),
        ("", ()),
        ("Committee on the Admission of New Members", ("COMMITTEE",)),
        ("France, Germany, Portugal", ("FRA", "DEU", "PRT")),
        ("Costa,Rica,Chile", ("CRI", "CHL")),
        ("Mexico and the United States of America", ("MEX", "USA")),
        ("Bosnia and Herzegovina,Spain_x000D_\nand Sweden.", ("BIH", "ESP", "SWE")),
        ("United States (64)", ("USA",)),
        ("the_x000D_\nBahamas, Cote d’Ivoire", ("BHS", "CIV")),
    ],
)
def test_parse_submitters(cell: str, expected: tuple[str, ...]) -> None:
    assert parse_submitters(cell, date(2020, 1, 1)) == expected


def _oliver_file(tmp_path: Path, *rows: str, header: str = OLIVER_HEADER) -> Path:
    path = tmp_path / "votes.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_oliver_invented_row(tmp_path: Path) -> None:
    parsed = parse_oliverunv(_oliver_file(tmp_path, OLIVER_ROW))
    (row,) = parsed.rows
    assert (row.member, row.vote, row.resolution, row.meeting) == ("FRA", "Y", 9001, "S/PV.9999")
    assert row.submitters == ("FRA",)
    assert {n.kind for n in parsed.notes} >= {"unknown-submitter", "vote-count"}


# --- malformed files: each gives SourceFormatError naming the file and line --------------


def _bad_oliver(tmp_path: Path, problem: str) -> Path:
    if problem == "missing column":
        return _oliver_file(tmp_path, OLIVER_ROW, header=OLIVER_HEADER.replace(",Vote,", ",Voto,"))
    if problem == "bad date":
        return _oliver_file(tmp_path, OLIVER_ROW, OLIVER_ROW.replace("2031-03-02", "2031-02-30"))
    if problem == "bad vote":
        return _oliver_file(tmp_path, OLIVER_ROW, OLIVER_ROW.replace(",Yes,", ",Maybe,"))
    return _oliver_file(tmp_path, OLIVER_ROW, OLIVER_ROW.rsplit(",", 4)[0])


def _bad_undl(tmp_path: Path, problem: str) -> Path:
    header, row = UNDL_HEADER, UNDL_ROW
    rows = [row]
    if problem == "missing column":
        header = header.replace("ms_vote,", "vote,")
    elif problem == "bad date":
        rows.append(row.replace("1980-01-02", "02/01/1980"))
    elif problem == "bad vote":
        rows.append(row.replace(",True,Y,", ",True,Q,"))
    else:
        rows.append(row.rsplit(",", 6)[0])
    path = tmp_path / "undl.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _bad_veto(tmp_path: Path, problem: str) -> Path:
    header = "date,draft,meeting_record,agenda_item,vetoed_by"
    row = "2031-01-05,S/2031/1,S/PV.9999,Invented,USA"
    rows = [row]
    if problem == "missing column":
        header = header.replace("meeting_record,", "")
    elif problem == "bad date":
        rows.append(row.replace("2031-01-05", "2031-13-05"))
    elif problem == "bad vote":
        rows.append(row.replace(",USA", ",Atlantis"))
    else:
        rows.append("2031-01-05,S/2031/1")
    path = tmp_path / "veto.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


_PARSERS: dict[str, tuple[Callable[[Path], Any], Callable[[Path, str], Path]]] = {
    "oliverunv": (parse_oliverunv, _bad_oliver),
    "undl": (parse_undl, _bad_undl),
    "veto": (parse_veto_csv, _bad_veto),
}


@pytest.mark.parametrize("source", sorted(_PARSERS))
@pytest.mark.parametrize(
    ("problem", "line", "message"),
    [
        ("missing column", 1, "missing column"),
        ("bad date", 3, "bad date"),
        ("bad vote", 3, "unknown (vote|vetoing member)"),
        ("truncated row", 3, "fields, the header has"),
    ],
)
def test_malformed_files(
    tmp_path: Path, source: str, problem: str, line: int, message: str
) -> None:
    parse, make = _PARSERS[source]
    path = make(tmp_path, problem)
    with pytest.raises(SourceFormatError, match=message) as info:
        parse(path)
    assert info.value.path == path
    assert info.value.line == line
    assert f"{path}, line {line}" in str(info.value)


def test_oliver_error_line_after_multiline_cell(tmp_path: Path) -> None:
    multi = OLIVER_ROW.replace('"France, Freedonia"', '"France,\nGermany"')
    path = _oliver_file(tmp_path, multi, OLIVER_ROW.replace(",Yes,", ",Nope,"))
    with pytest.raises(SourceFormatError) as info:
        parse_oliverunv(path)
    assert info.value.line == 4


# --- UNDL -------------------------------------------------------------------------------


def test_undl_sample(unsc_dir: Path) -> None:
    parsed = parse_undl(unsc_dir / UNDL_SAMPLE)
    assert len(parsed.rows) == 60
    per_resolution = Counter(r.resolution for r in parsed.rows)
    assert per_resolution == {504: 15, 511: 15, 518: 15, 528: 15}
    for number in per_resolution:
        members = {r.member for r in parsed.rows if r.resolution == number}
        assert len(members) == 15 and {"SUN", "CHN", "COD"} <= members
    assert all(
        r.permanent == (r.member in {"CHN", "FRA", "GBR", "SUN", "USA"}) for r in parsed.rows
    )
    assert parsed.rows[0].meeting == "S/PV.2358" and parsed.rows[0].total_yes == 15


def test_undl_maps_modern_code_to_historical(tmp_path: Path) -> None:
    path = tmp_path / "undl.csv"
    unknown = UNDL_ROW.replace("1,RUS,USSR,", "2,ZZZ,ZAIRE,").replace(",True,", ",False,")
    path.write_text("\n".join([UNDL_HEADER, UNDL_ROW, unknown]) + "\n", encoding="utf-8")
    parsed = parse_undl(path)
    assert [r.member for r in parsed.rows] == ["SUN", "COD"]
    assert parsed.rows[0].subjects == ("A", "B") and parsed.rows[0].resolution == 9001
    assert [n.kind for n in parsed.notes] == ["mapped-member-code", "mapped-member-code"]


def test_undl_missing_columns_listed(tmp_path: Path) -> None:
    path = tmp_path / "undl.csv"
    path.write_text("undl_id,ms_code\n1,FRA\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="ms_name, permanent_member, ms_vote"):
        parse_undl(path)


@pytest.mark.parametrize(
    ("symbol", "number"),
    [("S/RES/504(1982)", 504), ("S/RES/2805 (2025)", 2805), ("S/RES/1", 1), ("A/RES/1", None)],
)
def test_resolution_number(symbol: str, number: int | None) -> None:
    assert resolution_number(symbol) == number


def test_undl_streams_large_file(tmp_path: Path, unsc_dir: Path) -> None:
    lines = (unsc_dir / UNDL_SAMPLE).read_text(encoding="utf-8").splitlines()
    path = tmp_path / "big.csv"
    path.write_text("\n".join([lines[0], *lines[1:] * 700]) + "\n", encoding="utf-8")
    parsed = parse_undl(path)
    assert len(parsed.rows) == 42000


# --- veto lists -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "count"), [(VETO_DHL, 206), (VETO_WPDL, 214)])
def test_veto_lists(unsc_dir: Path, name: str, count: int) -> None:
    parsed = parse_veto_csv(unsc_dir / name)
    assert len(parsed.rows) == count
    (syria,) = [r for r in parsed.rows if r.draft == "S/2011/612"]
    assert syria.vetoed_by == ("CHN", "RUS") and syria.meeting == "S/PV.6627"
    assert syria.date == date(2011, 10, 4)
    first = min(parsed.rows, key=lambda r: r.date)
    assert first.date == date(1946, 2, 16) and first.vetoed_by == ("SUN",)
    assert first.draft is None and first.meeting == "S/PV.23"
    vetoers = Counter(c for r in parsed.rows for c in r.vetoed_by)
    assert set(vetoers) == {"CHN", "FRA", "GBR", "RUS", "SUN", "USA"}


def test_veto_dhl_comma_row_noted(unsc_dir: Path) -> None:
    parsed = parse_veto_csv(unsc_dir / VETO_DHL)
    (note,) = [n for n in parsed.notes if n.kind == "comma-separated-vetoers"]
    row = next(r for r in parsed.rows if r.line == note.line)
    assert row.vetoed_by == ("FRA", "SUN")


def test_veto_wpdl_invented(tmp_path: Path) -> None:
    path = tmp_path / "wpdl.csv"
    path.write_text(
        "year,date,draft,meeting_record,agenda_item,member_veto1,member_veto2,member_veto3,"
        "China,France,Russia,USSR,USA,UK\n"
        "2031,3/4/2031,S/2031/9,S/PV.9999,Invented,Russia,China,,1,0,1,0,0,0\n"
        "1950,12/1/1950,S/PV.500,S/PV.500,Invented,USSR,,,0,0,0,0,0,0\n",
        encoding="utf-8",
    )
    parsed = parse_veto_csv(path)
    assert [(r.date, r.vetoed_by, r.draft) for r in parsed.rows] == [
        (date(2031, 3, 4), ("RUS", "CHN"), "S/2031/9"),
        (date(1950, 12, 1), ("SUN",), None),
    ]
    assert [n.kind for n in parsed.notes] == ["veto-dummy-mismatch"]


def test_veto_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="not a known veto list") as info:
        parse_veto_csv(path)
    assert info.value.line == 1
