"""Ingest on a real Dask LocalCluster with 2 workers, on SQLite and (in CI) PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from vetowatch.reading import ingest, iter_statements
from vetowatch.settings import Settings
from vetowatch.store import Store

pytestmark = pytest.mark.slow

# invented wire copy, written for these tests
TEXTS = [
    "Russian Foreign Minister Sergei Lavrov said on Monday that Moscow would not support "
    "new sanctions against Syria. \"We see no reason for pressure at this time,\" Lavrov told "
    "reporters in Moscow after talks with his Chinese counterpart.",
    "French President Emmanuel Macron said on Tuesday that France would put forward a draft "
    "resolution at the Security Council. \"The Council must act,\" Macron told a news "
    "conference in Paris, adding that Paris had consulted its partners.",
    "China's foreign ministry spokesperson said on Wednesday that Beijing opposed any "
    "interference in the internal affairs of other countries and urged dialogue between the "
    "parties, according to a statement posted on the ministry's website.",
    "The United States ambassador to the United Nations said on Thursday that Washington "
    "would vote for the draft. \"We stand with the people of Syria,\" she told reporters "
    "outside the chamber in New York.",
    "British Foreign Secretary said on Friday that London welcomed the proposal and would "
    "co-sponsor the text. Officials in London said consultations would continue over the "
    "weekend before a vote early next week.",
    "Germany's foreign minister said on Saturday that Berlin supported the European position "
    "and called on all members of the Council to back the resolution, a spokesman for the "
    "ministry told reporters in Berlin.",
]


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for i, body in enumerate(TEXTS):
        (folder / f"wire-{i}.txt").write_text(f"Wire report {i}\n\n{body}\n", encoding="utf-8")
    return folder


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cluster.db'}"
        return
    base = os.environ.get("VETOWATCH_TEST_PG_URL")
    if not base:
        pytest.skip("VETOWATCH_TEST_PG_URL not set")
    name = f"vw_cluster_{os.getpid()}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _rows(store: Store) -> list[tuple[str, str]]:
    return sorted((s.statement.content, s.statement.speaker.actor or "")
                  for s in iter_statements(store))


def test_two_workers_store_what_one_does_and_a_rerun_adds_nothing(
    db_url: str, tmp_path: Path
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    settings = Settings.from_env(db=db_url)
    store = Store(db_url)
    store.upgrade()
    first = ingest(store, settings, [corpus], workers=2, batch_size=2,
                   published=__import__("datetime").date(2024, 3, 4))
    assert first.articles == len(TEXTS)
    again = ingest(store, settings, [corpus], workers=2, batch_size=2)
    assert again.articles == 0 and again.already == len(TEXTS)
    alone = Store(f"sqlite:///{tmp_path / 'one.db'}")
    alone.upgrade()
    ingest(alone, Settings.from_env(db=alone.url), [corpus], workers=1,
           published=__import__("datetime").date(2024, 3, 4))
    assert _rows(store) == _rows(alone) and _rows(store)
    store.dispose()
    alone.dispose()


def _worker_setup() -> tuple[str | None, bool]:
    import dask

    return (os.environ.get("MALLOC_TRIM_THRESHOLD_"),
            bool(dask.config.get("distributed.worker.profile.enabled")))


def test_local_workers_keep_glibc_mmap_threshold_dynamic() -> None:
    # Dask's MALLOC_TRIM_THRESHOLD_ fixes glibc's mmap threshold (10 % more CPU on FA-KES);
    # the workers trim once per batch instead, and run without the statistical profiler
    from distributed import Client

    from vetowatch.cluster import local_cluster

    with local_cluster(1) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        assert list(client.run(_worker_setup).values()) == [(None, False)]
