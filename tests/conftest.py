"""Shared fixtures: where the shared data lives, and a fresh database per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cli_rows import copy_db
from vetowatch.council.record import DraftRecord
from vetowatch.settings import Settings
from vetowatch.store import Store


@pytest.fixture(scope="session")
def data_dir() -> Path:
    settings = Settings.from_env()
    if settings.data_dir is None or not (settings.data_dir / "unsc").is_dir():
        pytest.skip("shared data not found: set VETOWATCH_DATA")
    return settings.data_dir


@pytest.fixture(scope="session")
def unsc_dir(data_dir: Path) -> Path:
    return data_dir / "unsc"


@pytest.fixture(scope="session")
def news_dir(data_dir: Path) -> Path:
    return data_dir / "news"


@pytest.fixture(scope="session")
def events_dir(data_dir: Path) -> Path:
    return data_dir / "events"


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated, empty SQLite database."""
    db = Store(f"sqlite:///{tmp_path / 'test.db'}")
    db.upgrade()
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def imported_store(tmp_path_factory: pytest.TempPathFactory, unsc_dir: Path) -> Iterator[Store]:
    """One database with the whole shared record imported (read-only for tests)."""
    from vetowatch.council.importer import import_record

    db = Store(f"sqlite:///{tmp_path_factory.mktemp('record') / 'record.db'}")
    db.upgrade()
    import_record(db, unsc_dir)
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def records(imported_store: Store) -> list[DraftRecord]:
    """Every draft put to a vote, from the imported record."""
    from vetowatch.council.queries import load_records

    return load_records(imported_store)


CliInvoke = Callable[..., tuple[int, str]]


@pytest.fixture()
def run(imported_store: Store, tmp_path: Path) -> CliInvoke:
    """Invoke the CLI on a copy of the imported database: ``run("vote", "1973")``."""
    from click.testing import CliRunner

    from vetowatch.cli import cli

    db = copy_db(imported_store.url, tmp_path / "cli.db")
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str]:
        result = runner.invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
        return result.exit_code, result.output

    return invoke
