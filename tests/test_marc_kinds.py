"""The UNDL MARC export parser and the draft-kind rules."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from vetowatch.council.kinds import KINDS, draft_kind
from vetowatch.council.sources.marc import normalise_draft_symbol, parse_marc
from vetowatch.council.sources.types import MarcDraft, Parsed
from vetowatch.errors import DataNotFoundError, SourceFormatError

MARC_FILE = "sc_resolutions_undl_marc_export_2022.xlsx"
HEADER: list[object] = [
    1,
    "191__a",
    "239__a",
    "245__a",
    "245__c",
    "610__a",
    650,
    "650__a",
    "856__u",
    "993__a",
]


@pytest.fixture(scope="module")
def marc(unsc_dir: Path) -> Parsed[MarcDraft]:
    return parse_marc(unsc_dir / MARC_FILE)


@pytest.fixture(scope="module")
def by_draft(marc: Parsed[MarcDraft]) -> dict[str, MarcDraft]:
    return {row.draft: row for row in marc.rows if row.draft is not None}


def _workbook(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


# --- the real export -------------------------------------------------------------------------


def test_row_count(marc: Parsed[MarcDraft]) -> None:
    # 3,724 spreadsheet rows; 23 crosswalk rows (no record id) merge into their full record.
    assert len(marc.rows) == 3701
    merged = [
        n
        for n in marc.notes
        if n.kind in {"filled-resolution", "conflicting-resolution", "duplicate-row"}
    ]
    assert len(marc.rows) + len(merged) == 3724
    assert sum(1 for row in marc.rows if not row.record_id) == 74


def test_libya_draft_gives_resolution_1973(by_draft: dict[str, MarcDraft]) -> None:
    row = by_draft["S/2011/142"]
    assert row.resolution == 1973
    assert row.record_id == "699762"
    assert "Libya" in row.description
    assert row.title.startswith("Draft resolution / France, Lebanon")
    assert "SANCTIONS" in row.subjects and "CEASEFIRES" in row.subjects


def test_vetoed_syria_draft_is_present_without_resolution(by_draft: dict[str, MarcDraft]) -> None:
    row = by_draft["S/2011/612"]
    assert row.resolution is None
    assert "Syria" in row.description


def test_written_rules(marc: Parsed[MarcDraft], by_draft: dict[str, MarcDraft]) -> None:
    kinds = {note.kind for note in marc.notes}
    assert {"fixed-draft-symbol", "not-a-draft", "conflicting-resolution"} <= kinds
    assert "S/10875/Rev.1" in by_draft  # "S/10875/Rev. 1" in the file
    assert "S/2003/1219" in by_draft  # "A/58/667; S/2003/1219"
    assert by_draft["S/2005/812"].resolution == 1651  # "S/RES/2005/1651"
    assert by_draft["S/2004/930"].resolution == 1577  # crosswalk row wins over 1557
    assert by_draft["S/2015/134"].resolution == 2205  # "S/RES/220 (2015)" in the record
    assert all(row.draft is None or " " not in row.draft for row in marc.rows)


@pytest.mark.parametrize(
    ("symbol", "kind"),
    [
        ("S/2011/142", "sanctions"),
        ("S/2017/172", "sanctions"),
        ("S/2022/231", "humanitarian"),
        ("S/2021/757", "mandate-renewal"),
        ("S/2004/334", "peacekeeping"),
        ("S/6695", "admission"),
        ("S/23234", "appointment"),
        ("S/2016/847", "ceasefire"),
        ("S/2020/1054", "thematic"),
        ("S/1996/596", "condemnation"),
        ("S/8976", "procedural"),
    ],
)
def test_kinds_of_real_drafts(by_draft: dict[str, MarcDraft], symbol: str, kind: str) -> None:
    row = by_draft[symbol]
    assert draft_kind(row.title, None, row.subjects, row.description) == kind


# --- malformed files -------------------------------------------------------------------------


def test_text_file_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_text("1,191__a\n42,S/2011/142\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"export\.xlsx") as info:
        parse_marc(path)
    assert "not a readable xlsx" in info.value.problem


def test_missing_columns(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "short.xlsx", [[1, "191__a"], [42, "S/2011/142"]])
    with pytest.raises(SourceFormatError, match=r"short\.xlsx, line 1: missing column") as info:
        parse_marc(path)
    assert "993__a" in info.value.problem


def test_bad_record_id_names_row(tmp_path: Path) -> None:
    good = [
        42,
        "S/2011/142",
        "Draft resolution [on Libya]",
        "Draft resolution /",
        "France",
        None,
        None,
        "SANCTIONS",
        None,
        "S/RES/1973(2011)",
    ]
    bad = ["x7", "S/2011/143", None, "Draft resolution", None, None, None, None, None, None]
    path = _workbook(tmp_path / "bad.xlsx", [HEADER, good, bad])
    with pytest.raises(SourceFormatError) as info:
        parse_marc(path)
    assert info.value.line == 3 and info.value.path == path


def test_empty_workbook(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "empty.xlsx", [])
    with pytest.raises(SourceFormatError, match="empty"):
        parse_marc(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataNotFoundError):
        parse_marc(tmp_path / "nope.xlsx")


def test_small_workbook_round_trip(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        HEADER,
        [
            42,
            "\xa0S/2011/0142 ",
            "Draft resolution [on Libya]",
            "Draft resolution /",
            "France",
            "UN. Security Council; UN. SECURITY COUNCIL",
            None,
            "SANCTIONS; CEASEFIRES",
            None,
            "S/RES/1973 (2011)",
        ],
        [None, None, None, None, None, None, None, None, None, None],
        [None, "S/2011/142", None, None, None, None, None, None, None, "S/RES/1973(2011)"],
        [None, "S/2011/999", None, None, None, None, None, None, None, "S/RES/2000(2011)"],
    ]
    parsed = parse_marc(_workbook(tmp_path / "small.xlsx", rows))
    assert [r.draft for r in parsed.rows] == ["S/2011/142", "S/2011/999"]
    first = parsed.rows[0]
    assert first == MarcDraft(
        line=2,
        record_id="42",
        draft="S/2011/142",
        resolution=1973,
        title="Draft resolution / France",
        description="Draft resolution [on Libya]",
        subjects=("SANCTIONS", "CEASEFIRES", "UN. Security Council"),
    )
    assert parsed.rows[1].record_id == "" and parsed.rows[1].resolution == 2000
    assert {n.kind for n in parsed.notes} >= {"fixed-draft-symbol", "duplicate-row"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("S/2011/142", "S/2011/142"),
        ("S/2011/142/Rev.1", "S/2011/142/Rev.1"),
        ("S / 2011 / 142", "S/2011/142"),
        ("S/10875/Rev. 1", "S/10875/Rev.1"),
        ("A/58/667; S/2003/1219", "S/2003/1219"),
        ("S/2839&Corr.1", "S/2839"),
        ("S/PV.2403", None),
        ("S/RES/1973(2011)", None),
        ("", None),
    ],
)
def test_normalise_draft_symbol(raw: str, expected: str | None) -> None:
    assert normalise_draft_symbol(raw) == expected


# --- kinds on invented titles ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "agenda", "subjects", "kind"),
    [
        (
            "Draft resolution [on extension of the mandate of the UN Mission in Ruritania]",
            None,
            (),
            "mandate-renewal",
        ),
        (
            "Draft resolution [on renewal of the Panel of Experts on Freedonia until 2031]",
            "Sanctions on Freedonia",
            (),
            "mandate-renewal",
        ),
        (
            "Draft resolution [on an arms embargo and asset freeze against Ruritania]",
            None,
            (),
            "sanctions",
        ),
        (
            "Draft resolution [condemning the shelling of the border town of Zenda]",
            None,
            (),
            "condemnation",
        ),
        (
            "Draft resolution [calling for an immediate ceasefire in Freedonia]",
            None,
            ("SANCTIONS",),
            "ceasefire",
        ),
        (
            "Draft resolution [on unhindered humanitarian access in Ruritania]",
            None,
            (),
            "humanitarian",
        ),
        (
            "Draft resolution [on admission of the Republic of Zenda to membership in the UN]",
            None,
            (),
            "admission",
        ),
        ("Draft resolution [on the appointment of the Secretary-General]", None, (), "appointment"),
        (
            "Draft resolution [on the date of election to fill a vacancy in the International "
            "Court of Justice]",
            None,
            (),
            "appointment",
        ),
        (
            "Draft resolution [on establishment of the UN Stabilization Mission in Zenda]",
            None,
            (),
            "peacekeeping",
        ),
        (
            "Draft resolution [on amendments to the provisional rules of procedure]",
            None,
            (),
            "procedural",
        ),
        ("Draft resolution [on women and peace and security]", None, (), "thematic"),
        ("Draft resolution", "Children and armed conflict", (), "thematic"),
        ("Draft resolution", None, ("FROZEN ASSETS", "HUMANITARIAN ASSISTANCE"), "sanctions"),
        ("Draft resolution", None, ("REFUGEES",), "humanitarian"),
        ("Draft resolution [on the situation in Ruritania]", None, ("ELECTIONS",), "other"),
        (None, None, (), "other"),
    ],
)
def test_draft_kind_rules(
    title: str | None, agenda: str | None, subjects: tuple[str, ...], kind: str
) -> None:
    assert draft_kind(title, agenda, subjects) == kind
    assert kind in KINDS


def test_description_counts_like_title() -> None:
    assert (
        draft_kind("Draft resolution /", None, (), "Draft resolution [on a truce]") == "ceasefire"
    )
    assert len(set(KINDS)) == len(KINDS) == 11
