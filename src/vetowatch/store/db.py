"""The :class:`Store`: one database (SQLite file by default, any SQLAlchemy URL)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from vetowatch.errors import DatabaseError
from vetowatch.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """Foreign keys on; a writer waits for a lock instead of failing at once; WAL, so that
    readers never block a writer (and one commit costs no full fsync of the database)."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.DatabaseError:  # a read-only file keeps its journal mode; reads work
        pass
    cursor.close()


class Store:
    """A handle on the vetowatch database. Pass it explicitly; it holds no global state."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.engine: Engine = create_engine(url, future=True)
        except (SQLAlchemyError, ImportError) as exc:
            raise DatabaseError(
                f"cannot open database {url!r}: {exc}. Check the URL (VETOWATCH_DB) and that "
                "its driver is installed (PostgreSQL: pip install 'vetowatch[postgres]')."
            ) from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)

    @classmethod
    def from_settings(cls, settings: Settings, *, migrate: bool = True) -> Store:
        store = cls(settings.db_url)
        if migrate:
            store.upgrade()
        return store

    def _alembic_config(self, connection: Connection) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        cfg.attributes["connection"] = connection
        return cfg

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to ``revision`` with the Alembic migrations."""
        try:
            with self.engine.begin() as conn:
                command.upgrade(self._alembic_config(conn), revision)
        except SQLAlchemyError as exc:
            raise DatabaseError(f"migrating {self.url!r} failed: {exc}") from exc

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str | None:
        with self.engine.connect() as conn:
            script = ScriptDirectory.from_config(self._alembic_config(conn))
            return script.get_current_head()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction: committed on success, rolled back on any error."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()
