"""The store: migrations build the schema; bad URLs give clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from vetowatch.errors import DatabaseError
from vetowatch.settings import Settings
from vetowatch.store import Store
from vetowatch.store.schema import metadata


def test_migrations_match_schema(store: Store) -> None:
    insp = inspect(store.engine)
    tables = set(insp.get_table_names()) - {"alembic_version"}
    assert tables == set(metadata.tables)
    for name, table in metadata.tables.items():
        migrated = {c["name"] for c in insp.get_columns(name)}
        assert migrated == {c.name for c in table.columns}, name
    assert store.current_revision() == store.head_revision()


def test_upgrade_is_idempotent(store: Store) -> None:
    store.upgrade()
    store.upgrade()
    assert store.current_revision() == store.head_revision()


def test_unknown_driver_is_a_clear_error() -> None:
    with pytest.raises(DatabaseError, match="cannot open database"):
        Store("nosuchdialect://user@host/db")


@pytest.mark.parametrize(
    ("env", "expected"),
    [("/tmp/x.db", "sqlite:////tmp/x.db"), ("postgresql://u@h/db", "postgresql://u@h/db")],
)
def test_db_setting_accepts_paths_and_urls(
    monkeypatch: pytest.MonkeyPatch, env: str, expected: str
) -> None:
    monkeypatch.setenv("VETOWATCH_DB", env)
    assert Settings.from_env().db_url == expected


def test_data_setting_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VETOWATCH_DATA", str(tmp_path))
    assert Settings.from_env().data_dir == tmp_path
