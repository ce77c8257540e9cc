"""The import guard: a re-import that would lose rows is refused unless allowed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from vetowatch.council.guard import Change, check_shrink, ledger_of_db
from vetowatch.council.importer import import_record, table_counts
from vetowatch.errors import RecordShrinkError, VetowatchError
from vetowatch.store import Store

PAGE_2011 = "scact2011_table_en.html"


def counts(store: Store) -> dict[str, int]:
    with store.connect() as conn:
        return table_counts(conn)


def record_copy(imported_store: Store, target: Path) -> Store:
    """A database holding the shared record, copied from the session's imported one."""
    source = imported_store.url.removeprefix("sqlite:///")
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return Store(f"sqlite:///{target}")


def copy_without(unsc_dir: Path, target: Path, missing: str) -> Path:
    """The record folder as symlinks, with ``missing`` (a path inside it) left out."""
    for src in unsc_dir.rglob("*"):
        rel = src.relative_to(unsc_dir)
        if src.is_dir() or rel.as_posix() == missing:
            continue
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).symlink_to(src)
    return target


def test_missing_2011_page_is_refused_then_allowed(
    imported_store: Store, unsc_dir: Path, tmp_path: Path
) -> None:
    store = record_copy(imported_store, tmp_path / "record.db")
    before = counts(store)
    with store.connect() as conn:
        ledger = ledger_of_db(conn)
    folder = copy_without(unsc_dir, tmp_path / "unsc", f"dhl_pages/{PAGE_2011}")

    with pytest.raises(RecordShrinkError) as caught:
        import_record(store, folder)
    err = caught.value
    assert err.code == "E022"
    assert isinstance(err, VetowatchError)
    assert "DHL page 2011 missing?" in err.message
    assert any(line.startswith("2011: ") for line in err.lost)
    assert not any(line.startswith("2010: ") for line in err.lost)
    assert "--allow-shrink" in err.fix
    assert counts(store) == before  # refused: the record is as it was
    with store.connect() as conn:
        assert ledger_of_db(conn) == ledger

    report = import_record(store, folder, allow_shrink=True)
    assert not report.skipped and not report.first_import
    after = counts(store)
    assert after["decision"] < before["decision"]
    years = {c.year for c in report.changes}
    assert 2011 in years
    lost = [c for c in report.changes if c.source == "dhl" and c.measure == "decisions"]
    assert [c.year for c in lost] == [2011]
    assert lost[0].after < lost[0].before
    payload = report.to_json()
    assert any(c["year"] == 2011 and c["delta"] < 0 for c in payload["changes"])
    assert any(line.startswith("2011: ") for line in report.change_lines())

    # Restoring the page grows the record back: growth is never refused.
    grown = import_record(store, unsc_dir)
    assert counts(store) == before
    assert all(c.delta > 0 for c in grown.changes)
    assert 2011 in {c.year for c in grown.changes}
    again = import_record(store, unsc_dir, force=True)
    assert again.changes == [] and again.change_lines() == []
    store.dispose()


def test_cli_refuses_then_allows(unsc_dir: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from vetowatch.cli import cli

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    ok = runner.invoke(cli, ["--db", db, "data", "import", str(unsc_dir)])
    assert ok.exit_code == 0, ok.output  # the first import into an empty DB is never refused
    assert "first import" in ok.output
    folder = copy_without(unsc_dir, tmp_path / "unsc", f"dhl_pages/{PAGE_2011}")
    refused = runner.invoke(cli, ["--db", db, "data", "import", str(folder)])
    assert refused.exit_code != 0
    assert "E022" in refused.output
    assert "2011" in refused.output
    allowed = runner.invoke(
        cli, ["--db", db, "data", "import", str(folder), "--allow-shrink", "--json"]
    )
    assert allowed.exit_code == 0, allowed.output
    assert '"year": 2011' in allowed.output


def test_shrink_message_names_sources_years_and_groups(tmp_path: Path) -> None:
    (tmp_path / "dhl_pages").mkdir()
    (tmp_path / "dhl_pages" / "scact2010_table_en.html").write_text("<html/>")
    found = [
        Change("decisions", "dhl", 2010, 80, 70),  # page there: changed
        Change("decisions", "dhl", 2011, 91, 0),  # page gone: missing
        Change("decisions", "all", 2011, 91, 68),
        Change("decisions", "oliverunv", 2012, 50, 60),  # growth is fine
        *(Change("seats", "membership", y, 15, 0) for y in range(1990, 2000)),
    ]
    with pytest.raises(RecordShrinkError) as caught:
        check_shrink(found, tmp_path, allow_shrink=False)
    lines = caught.value.lost
    assert lines[0] == "2010: 80 -> 70 decisions from DHL yearly pages (DHL page 2010 changed?)"
    assert lines[1] == "2011: 91 -> 0 decisions from DHL yearly pages (DHL page 2011 missing?)"
    assert "10 years 1990-1999: 150 -> 0 seats from membership table" in lines[2]
    assert lines[-1].startswith("2011: 91 -> 68 decisions from the record")
    assert not any("2012" in line for line in lines)
    check_shrink(found, tmp_path, allow_shrink=True)  # allowed: no error
    check_shrink([found[3]], tmp_path, allow_shrink=False)  # growth only: no error
