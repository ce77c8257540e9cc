"""The :class:`Store`: one database (SQLite file by default, any SQLAlchemy URL)."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError as AlembicCommandError
from sqlalchemy import Connection, Engine, Table, create_engine, event, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from vetowatch.errors import DatabaseError, ReadOnlyDatabaseError, SchemaTooNewError
from vetowatch.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"
T = TypeVar("T")
_TRANSIENT = ("database is locked", "database table is locked", "busy", "deadlock detected",
              "could not serialize")


def _transient(exc: OperationalError) -> bool:
    """A lock or conflict that a later attempt may not meet."""
    text = str(exc.orig or exc).lower()
    return any(word in text for word in _TRANSIENT)


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
        except AlembicCommandError as exc:
            if "revision" not in str(exc):
                raise DatabaseError(f"migrating {self.url!r} failed: {exc}") from exc
            raise SchemaTooNewError(
                f"database made by a newer vetowatch: {self.url!r} has a schema revision this "
                f"version does not know ({exc})") from exc
        except SQLAlchemyError as exc:
            if "readonly" in str(exc):
                raise ReadOnlyDatabaseError(
                    f"the database {self.url!r} is read-only and its schema needs an upgrade"
                ) from exc
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

    def write(self, work: Callable[[Connection], T], *, attempts: int = 6) -> T:
        """Run ``work`` in one short write transaction and return what it returns.

        On SQLite the transaction starts with ``BEGIN IMMEDIATE``: the write lock is taken
        (waiting up to the busy timeout) before anything is read, so a transaction never
        has to upgrade a read snapshot to a write — the upgrade that fails at once with
        'database is locked' when another process wrote in between. A transaction that
        still meets a lock (or, on PostgreSQL, a deadlock or serialization failure) is
        rolled back and run again, up to ``attempts`` times with a growing pause; ``work``
        must therefore be safe to repeat."""
        for attempt in range(1, attempts + 1):
            try:
                with self.engine.connect() as conn:
                    if conn.dialect.name == "sqlite":
                        conn.exec_driver_sql("BEGIN IMMEDIATE")
                    result = work(conn)
                    conn.commit()
                    return result
            except OperationalError as exc:
                if "readonly" in str(exc.orig or exc):
                    raise ReadOnlyDatabaseError(
                        f"the database is read-only: {exc.orig or exc}") from exc
                if attempt == attempts or not _transient(exc):
                    shown = self.engine.url.render_as_string(hide_password=True)
                    raise DatabaseError(f"writing to {shown} failed after {attempt} "
                                        f"attempt(s): {exc.orig or exc}") from exc
                time.sleep(min(0.05 * 2**attempt, 2.0) * (0.5 + random.random()))
        raise AssertionError("unreachable")  # pragma: no cover

    def insert_new(self, conn: Connection, table: Table, row: dict[str, Any]) -> bool:
        """Insert ``row`` unless a row with the same key exists (another process stored it
        first): ``INSERT … ON CONFLICT DO NOTHING``. ``True`` when it was inserted."""
        name = conn.dialect.name
        if name == "sqlite":
            stmt = sqlite.insert(table).values(row).on_conflict_do_nothing()
            return bool(conn.execute(stmt).rowcount == 1)
        if name == "postgresql":  # psycopg's rowcount is -1 here: ask for the key back
            key = list(table.primary_key.columns)
            pg = postgresql.insert(table).values(row).on_conflict_do_nothing().returning(*key)
            return conn.execute(pg).first() is not None
        try:
            with conn.begin_nested():
                conn.execute(insert(table).values(row))
        except IntegrityError:
            return False
        return True

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()
