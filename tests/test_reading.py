"""Ingest + extract + store: idempotent, bad files reported, statements queried and exported."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from vetowatch.reading import (
    CSV_COLUMNS,
    export_statements,
    export_to_string,
    ingest,
    iter_statements,
)
from vetowatch.settings import Settings
from vetowatch.store import Store

ARTICLE_DATE = date(2011, 8, 19)


@pytest.fixture(scope="module")
def reference(data_dir: Path) -> Path:
    return data_dir / "news" / "example" / "russia-unwilling-to-back-assad-ouster.txt"


@pytest.fixture()
def settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, db_url="sqlite://")


def test_ingest_reference_then_rerun_adds_nothing(store: Store, settings: Settings,
                                                  reference: Path) -> None:
    first = ingest(store, settings, [reference], published=ARTICLE_DATE)
    assert (first.articles, first.errors) == (1, [])
    assert first.statements >= 8
    again = ingest(store, settings, [reference], published=ARTICLE_DATE)
    assert (again.articles, again.already, again.statements) == (0, 1, 0)
    stored = list(iter_statements(store))
    assert len(stored) == first.statements
    for item in stored:
        st = item.statement
        assert st.start < st.end
        assert st.sentence.strip()[:20] in reference.read_text(encoding="utf-8")


def test_offsets_point_into_the_stored_article(store: Store, settings: Settings,
                                               reference: Path) -> None:
    ingest(store, settings, [reference], published=ARTICLE_DATE)
    text = reference.read_text(encoding="utf-8")
    for item in iter_statements(store):
        st = item.statement
        assert text[st.start:st.end].strip() == st.sentence.strip()


def test_bad_files_are_reported_and_others_go_on(store: Store, settings: Settings,
                                                 reference: Path, tmp_path: Path) -> None:
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "good.txt").write_text(
        "The foreign minister said on Monday that his government would not support new "
        "sanctions against the country, according to the state news agency.\n",
        encoding="utf-8",
    )
    report = ingest(store, settings, [tmp_path, reference], published=ARTICLE_DATE)
    assert report.articles == 2
    assert len(report.errors) == 2
    assert {Path(str(e.path)).name for e in report.errors if hasattr(e, "path")} <= {
        "binary.txt", "empty.txt"}


def test_filters_and_exports(store: Store, settings: Settings, reference: Path) -> None:
    ingest(store, settings, [reference], published=ARTICLE_DATE)
    russian = list(iter_statements(store, actor="RUS"))
    assert russian and all((i.statement.speaker.actor or "").startswith("RUS") for i in russian)
    lines = export_to_string(iter_statements(store), "jsonl").splitlines()
    record = json.loads(lines[0])
    assert set(record) >= {"article_id", "sentence", "start", "end", "speaker", "via", "cue",
                           "kind", "content", "target", "polarity", "negated", "event", "when"}
    assert set(record["event"]) == {"cameo", "plover", "goldstein"}
    rows = list(csv.reader(io.StringIO(export_to_string(iter_statements(store), "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(lines) + 1
    with pytest.raises(Exception, match="unknown export format"):
        export_statements(iter_statements(store), io.StringIO(), "xml")
    assert list(iter_statements(store, until=date(2000, 1, 1))) == []


def test_two_workers_give_the_same_statements(tmp_path: Path, settings: Settings,
                                              reference: Path) -> None:
    results = []
    for workers in (1, 2):
        db = Store(f"sqlite:///{tmp_path / f'w{workers}.db'}")
        db.upgrade()
        ingest(db, settings, [reference], published=ARTICLE_DATE, workers=workers)
        results.append([i.statement for i in iter_statements(db)])
        db.dispose()
    assert results[0] == results[1]


def test_cli_ingest_and_export(tmp_path: Path, reference: Path, data_dir: Path) -> None:
    from click.testing import CliRunner

    from vetowatch.cli import cli

    db, out = tmp_path / "cli.db", tmp_path / "statements.jsonl"
    base = ["--db", str(db), "--data", str(data_dir)]
    runner = CliRunner()
    done = runner.invoke(cli, [*base, "ingest", str(reference), "--date", "2011-08-19",
                               "--json"], catch_exceptions=False)
    assert done.exit_code == 0 and json.loads(done.output)["articles"] == 1
    done = runner.invoke(cli, [*base, "statements", "export", "--format", "jsonl", "--out",
                               str(out)], catch_exceptions=False)
    assert done.exit_code == 0
    assert all(json.loads(line)["article_id"] for line in out.read_text().splitlines())
    done = runner.invoke(cli, [*base, "statements", "--actor", "RUS", "--json"])
    assert done.exit_code == 0 and json.loads(done.output)


def test_workers_read_the_user_s_actor_entries(tmp_path: Path, settings: Settings) -> None:
    from vetowatch.extract.actors.sources import add_user_actor

    text = tmp_path / "made_up.txt"
    text.write_text("Zorblax Quentin said on Monday that the talks had failed in Geneva.\n",
                    encoding="utf-8")
    speakers = []
    for workers in (1, 2):
        db = Store(f"sqlite:///{tmp_path / f'u{workers}.db'}")
        db.upgrade()
        add_user_actor(db, "Zorblax Quentin", "NORGOV", date(2010, 1, 1), date(2030, 1, 1))
        ingest(db, settings, [text], published=date(2019, 5, 6), workers=workers)
        speakers.append([i.statement.speaker.actor for i in iter_statements(db)])
        db.dispose()
    assert speakers == [["NORGOV"], ["NORGOV"]]
