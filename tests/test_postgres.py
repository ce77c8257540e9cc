"""The same record on PostgreSQL: migrations, import, queries (needs VETOWATCH_TEST_PG_URL).

``.ci/run`` starts a throwaway server with scripts/start-postgres.sh and sets the URL; without
it these tests are skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect

from vetowatch.council.importer import import_record, table_counts
from vetowatch.council.queries import council_on, get_vote
from vetowatch.store import Store

URL = os.environ.get("VETOWATCH_TEST_PG_URL")
pytestmark = pytest.mark.skipif(not URL, reason="VETOWATCH_TEST_PG_URL not set")


@pytest.fixture(scope="module")
def pg(unsc_dir: Path) -> Iterator[Store]:
    assert URL
    store = Store(URL)
    from alembic import command

    if store.current_revision():  # left over from an interrupted run: start clean
        with store.engine.begin() as conn:
            command.downgrade(store._alembic_config(conn), "base")
    store.upgrade()
    import_record(store, unsc_dir)
    yield store
    with store.engine.begin() as conn:
        command.downgrade(store._alembic_config(conn), "base")
    store.dispose()


def test_schema_and_record_on_postgres(pg: Store, imported_store: Store) -> None:
    assert pg.engine.dialect.name == "postgresql"
    assert "decision" in inspect(pg.engine).get_table_names()
    with pg.connect() as a, imported_store.connect() as b:
        assert table_counts(a) == table_counts(b)


def test_queries_on_postgres(pg: Store) -> None:
    rec = get_vote(pg, "S/2011/612")
    assert rec.vetoed_by == ("CHN", "RUS") and rec.tally == "9-2-4"
    assert len(council_on(pg, date(2011, 10, 4)).members) == 15


def test_reimport_is_idempotent_on_postgres(pg: Store, unsc_dir: Path) -> None:
    with pg.connect() as conn:
        before = table_counts(conn)
    import_record(pg, unsc_dir, force=True)
    with pg.connect() as conn:
        assert table_counts(conn) == before


def test_news_and_positions_on_postgres(pg: Store, data_dir: Path) -> None:
    from vetowatch.positions import claims, link_all, positions
    from vetowatch.reading import ingest, iter_statements
    from vetowatch.settings import Settings

    settings = Settings(data_dir=data_dir, db_url=URL or "")
    article = data_dir / "news" / "example" / "russia-unwilling-to-back-assad-ouster.txt"
    report = ingest(pg, settings, [article], published=date(2011, 8, 19))
    assert report.statements >= 8 and not report.errors
    assert ingest(pg, settings, [article], published=date(2011, 8, 19)).articles == 0
    link_all(pg, settings)
    stances = {p.actor: p.stance for p in positions(pg, "assad-step-down",
                                                    date(2011, 8, 19)).positions}
    assert stances["RUSGOV"] == "against" and stances["USAGOV"] == "for"
    assert claims(pg, True) and list(iter_statements(pg, actor="RUS"))
