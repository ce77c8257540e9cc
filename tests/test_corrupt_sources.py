"""Corrupted copies of the Council sources never give a traceback.

Each case damages one file of a symlinked copy of the shared record folder (truncation,
stray bytes, another encoding, an empty or binary file, swapped columns) and imports it over
a database holding the good record. The import either succeeds (the damage was readable,
and noted) or raises a VetowatchError; a refused import leaves the database as it was.
"""

from __future__ import annotations

import codecs
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from vetowatch.council.guard import ledger_of_db
from vetowatch.council.importer import import_record, table_counts
from vetowatch.council.queries import check
from vetowatch.council.sources import dhl, membership, oliverunv, undl, vetolists
from vetowatch.errors import SourceFormatError, VetowatchError
from vetowatch.store import Store

MEMBERSHIP = "sc_membership_by_year_dppa_1946_2027.csv"
OLIVER = "sc_votes_incl_failed_drafts_1994_2025_oliverunv.csv"
UNDL = "undl_sc_voting_2026_02_06_sample_rows.csv"
VETO_CSV = "sc_veto_list_dhl_1946_2022.csv"
WPDL = "vetoes_wpdl_1946_sept2022.csv"
MARC = "sc_resolutions_undl_marc_export_2022.xlsx"
VETO_PAGE = "dhl_pages/scact_veto_table_en.html"
PAGE = "dhl_pages/scact{}_table_en.html"

Damage = Callable[[bytes], bytes]


def truncate(fraction: float) -> Damage:
    return lambda data: data[: int(len(data) * fraction)]


def inject(byte: bytes, fraction: float = 0.5) -> Damage:
    """Put ``byte`` in the middle of the line found at ``fraction`` of the file."""

    def damage(data: bytes) -> bytes:
        at = data.index(b"\n", int(len(data) * fraction)) - 3
        return data[:at] + byte + data[at:]

    return damage


def utf16(data: bytes) -> bytes:
    return codecs.BOM_UTF16_LE + data.decode("utf-8-sig").encode("utf-16-le")


def latin1(data: bytes) -> bytes:
    return data.decode("utf-8-sig").encode("latin-1", errors="replace")


def empty(_data: bytes) -> bytes:
    return b""


def binary(_data: bytes) -> bytes:
    return random.Random(11).randbytes(4096)


def swap_header(a: bytes, b: bytes) -> Damage:
    def damage(data: bytes) -> bytes:
        head, _, rest = data.partition(b"\n")
        head = head.replace(a, b"\0").replace(b, a).replace(b"\0", b)
        return head + b"\n" + rest

    return damage


def header_only(data: bytes) -> bytes:
    return data.partition(b"\n")[0] + b"\n"


CASES: dict[str, tuple[str, Damage]] = {
    "membership-latin1": (MEMBERSHIP, latin1),
    "membership-utf16": (MEMBERSHIP, utf16),
    "membership-empty": (MEMBERSHIP, empty),
    "membership-truncated": (MEMBERSHIP, truncate(0.6)),
    "membership-binary": (MEMBERSHIP, binary),
    "membership-header-only": (MEMBERSHIP, header_only),
    "oliver-truncated": (OLIVER, truncate(0.7)),
    "oliver-latin1-byte": (OLIVER, inject(b"\xe9")),
    "oliver-swapped-columns": (OLIVER, swap_header(b"Vote", b"Member State")),
    "oliver-nul-bytes": (OLIVER, inject(b"\x00\x00")),
    "oliver-empty": (OLIVER, empty),
    "undl-binary": (UNDL, binary),
    "undl-latin1-byte": (UNDL, inject(b"\xff")),
    "veto-page-truncated": (VETO_PAGE, truncate(0.5)),
    "veto-page-latin1-byte": (VETO_PAGE, inject(b"\xe9")),
    "veto-page-empty": (VETO_PAGE, empty),
    "veto-page-utf16": (VETO_PAGE, utf16),
    "page-2011-truncated": (PAGE.format(2011), truncate(0.5)),
    "page-1995-utf16": (PAGE.format(1995), utf16),
    "page-2000-binary": (PAGE.format(2000), binary),
    "page-2014-latin1": (PAGE.format(2014), latin1),
    "veto-csv-swapped-columns": (VETO_CSV, swap_header(b"date", b"vetoed_by")),
    "veto-csv-utf16": (VETO_CSV, utf16),
    "wpdl-truncated": (WPDL, truncate(0.3)),
    "marc-truncated": (MARC, truncate(0.5)),
    "marc-bytes-injected": (MARC, lambda d: d[:20000] + b"\xde\xad\xbe\xef" * 64 + d[20256:]),
}


def damaged_copy(unsc_dir: Path, target: Path, name: str, damage: Damage) -> Path:
    """The record folder as symlinks, with ``name`` replaced by a damaged copy."""
    for src in unsc_dir.rglob("*"):
        rel = src.relative_to(unsc_dir)
        if src.is_dir():
            continue
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        if rel.as_posix() == name:
            (target / rel).write_bytes(damage(src.read_bytes()))
        else:
            (target / rel).symlink_to(src)
    return target


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory, imported_store: Store) -> Path:
    """A copy of the session's imported record (sqlite backup: safe in WAL mode too)."""
    path = tmp_path_factory.mktemp("good") / "record.db"
    with sqlite3.connect(imported_store.url.removeprefix("sqlite:///")) as src, \
            sqlite3.connect(path) as dst:
        src.backup(dst)
    return path


def state(store: Store) -> tuple[dict[str, int], object]:
    with store.connect() as conn:
        return table_counts(conn), ledger_of_db(conn)


@pytest.mark.parametrize("case", sorted(CASES))
def test_damaged_source_never_tracebacks(
    case: str, unsc_dir: Path, good_db: Path, tmp_path: Path
) -> None:
    name, damage = CASES[case]
    folder = damaged_copy(unsc_dir, tmp_path / "unsc", name, damage)
    shutil.copy(good_db, tmp_path / "db.sqlite")
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    before = state(store)
    try:
        report = import_record(store, folder)
    except VetowatchError as exc:
        assert exc.code.startswith("E0")
        assert state(store) == before, "a refused import changed the database"
    else:
        assert not report.skipped
        assert report.counts["decision"] > 4000
        expect = {"latin1-byte": "inconsistent-encoding", "utf16": "utf16-encoding"}
        for suffix, kind in expect.items():
            if case.endswith(suffix):  # readable damage: `data check` shows it
                notes = check(store, kind=kind).notes
                assert [n["source"] for n in notes] == [name.removeprefix("unsc/")]
    finally:
        store.dispose()


def test_truncated_veto_page_is_read_with_notes(unsc_dir: Path, tmp_path: Path) -> None:
    """Was a KeyError: a row cut before its last cell."""
    data = (unsc_dir / VETO_PAGE).read_bytes()
    cut = data.index(b"</td>", len(data) // 2)
    cut = data.rindex(b"<td", 0, cut)  # inside the row, before one of its cells
    path = tmp_path / "scact_veto_table_en.html"
    path.write_bytes(data[:cut])
    try:
        parsed = dhl.parse_veto_page(path)
    except SourceFormatError as exc:
        assert exc.path == path
    else:
        full = dhl.parse_veto_page(unsc_dir / VETO_PAGE)
        assert 0 < len(parsed.rows) < len(full.rows)


def test_stray_byte_in_csv_is_a_note(unsc_dir: Path, tmp_path: Path) -> None:
    data = (unsc_dir / VETO_CSV).read_bytes()
    path = tmp_path / VETO_CSV
    path.write_bytes(inject(b"\xe9", 0.4)(data))
    parsed = vetolists.parse_veto_csv(path)
    assert len(parsed.rows) == len(vetolists.parse_veto_csv(unsc_dir / VETO_CSV).rows)
    found = [n for n in parsed.notes if n.kind == "inconsistent-encoding"]
    assert len(found) == 1
    assert found[0].line is not None and found[0].line > 1
    assert "\\xe9" in found[0].detail


def test_utf16_csv_reads_the_same(unsc_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / MEMBERSHIP
    path.write_bytes(utf16((unsc_dir / MEMBERSHIP).read_bytes()))
    parsed = membership.parse_membership(path)
    assert parsed.rows == membership.parse_membership(unsc_dir / MEMBERSHIP).rows
    assert any(n.kind == "utf16-encoding" for n in parsed.notes)


@pytest.mark.parametrize("damage", [empty, binary, inject(b"\x00")])
def test_unreadable_csv_names_file_and_line(
    unsc_dir: Path, tmp_path: Path, damage: Damage
) -> None:
    path = tmp_path / OLIVER
    path.write_bytes(damage((unsc_dir / OLIVER).read_bytes()))
    with pytest.raises(SourceFormatError) as caught:
        oliverunv.parse_oliverunv(path)
    assert caught.value.path == path
    assert caught.value.line is not None


# -- Hypothesis: any bytes in a small hand-written file give rows or a SourceFormatError ----

MEMBERS_FIXTURE = (
    "id,year,security_council_member,last_update\n"
    + "".join(f"{i},1950,{n},2026-07-02\n" for i, n in enumerate(
        ["France", "China", "United Kingdom", "United States", "Russian Federation", "India",
         "Ecuador", "Egypt", "Cuba", "Norway", "Yugoslavia"], start=1))
).encode()
VETO_FIXTURE = (
    b"date,draft,meeting_record,agenda_item,vetoed_by\n"
    b"2011-10-04,S/2011/612,S/PV.6627,The situation in the Middle East,China; Russian Federation\n"
    b"1990-05-31,S/21326,S/PV.2926,The situation in the occupied Arab territories,United States\n"
)
PAGE_FIXTURE = (
    b"<html><body><table><tr><th colspan='4'>Meetings conducted by the Security Council in "
    b"1990</th></tr><tr><th>Meeting Record</th><th>Date</th><th>Topic</th>"
    b"<th>Security Council Outcome</th></tr>"
    b"<tr><td>S/PV.2926</td><td>31 May</td><td>Occupied territories</td>"
    b"<td>Draft resolution S/21326 not adopted owing to the negative vote of a permanent "
    b"member, 14-1-0 (United States)</td></tr>"
    b"<tr><td>S/PV.2927</td><td>1 June</td><td>Cyprus</td><td>S/RES/659 (1990) 15-0-0</td>"
    b"</tr></table></body></html>"
)

UNDL_FIXTURE = (
    b"undl_id,ms_code,ms_name,permanent_member,ms_vote,date,resolution,draft,meeting,"
    b"description,agenda,subjects,vote_note,total_yes,total_no,total_abstentions,"
    b"total_non_voting,total_ms,modality,undl_link\n"
    + b"".join(
        b"9," + code + b"," + name + b",True,Y,1990-06-01,S/RES/659(1990),S/21330,S/PV.2927,"
        b"Cyprus,Cyprus situation,PEACEKEEPING,,15,0,0,0,15,Voting,\n"
        for code, name in ((b"FRA", b"France"), (b"CHN", b"China"), (b"USA", b"United States"))
    )
)
OLIVER_FIXTURE = (
    b"Year,Date,Resolution,Meeting,Draft,Agenda item,Category,Region,Submitted by,"
    b"Outcome results,Vote,Member State,ID,Membership_Status,Topic\n"
    + b"".join(
        b"2011,2011-10-04,,6627,S/2011/612,The situation in the Middle East,Other,Middle East,"
        b"France,Not adopted - veto," + vote + b"," + name + b",77,Member,Syria\n"
        for vote, name in ((b"No", b"China"), (b"Yes", b"France"), (b"Abstain", b"India"))
    )
)


def _fuzz(tmp: Path, name: str, fixture: bytes, at: int, junk: bytes, cut: int) -> Path:
    at %= len(fixture) + 1
    data = (fixture[:at] + junk + fixture[at:])[: max(cut, 0) or None]
    path = tmp / name
    path.write_bytes(data)
    return path


try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    pass
else:
    _PARSERS: list[tuple[str, bytes, Callable[[Path], object]]] = [
        ("scact1990_table_en.html", PAGE_FIXTURE, dhl.parse_year_page),
        ("veto.csv", VETO_FIXTURE, vetolists.parse_veto_csv),
        ("members.csv", MEMBERS_FIXTURE, lambda p: membership.parse_membership(p, strict=False)),
        ("undl.csv", UNDL_FIXTURE, undl.parse_undl),
        ("oliver.csv", OLIVER_FIXTURE, oliverunv.parse_oliverunv),
    ]

    @settings(max_examples=250, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(which=st.integers(0, 4), at=st.integers(0, 5000), junk=st.binary(max_size=12),
           cut=st.integers(-5, 800))
    def test_fuzzed_sources_only_raise_source_format_error(
        tmp_path: Path, which: int, at: int, junk: bytes, cut: int
    ) -> None:
        name, fixture, parse = _PARSERS[which]
        path = _fuzz(tmp_path, name, fixture, at, junk, cut)
        try:
            parse(path)
        except SourceFormatError as exc:
            assert exc.code == "E010"
