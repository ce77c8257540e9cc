"""Concurrency (issue 11, item 4): two ingests of the same folder while a reader holds a
read transaction open all succeed, and every article is stored once, with its statements
once. On SQLite (WAL, ``BEGIN IMMEDIATE`` writers, retries) and, when
``VETOWATCH_TEST_PG_URL`` is set, on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from vetowatch.reading import _store
from vetowatch.store import Store
from vetowatch.store import schema as s

PG_URL = os.environ.get("VETOWATCH_TEST_PG_URL")

# a reader that keeps one read transaction open, reading a row now and then, until told
# to stop (a file appears): the slow `statements export` of the issue
READER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from sqlalchemy import text
    from vetowatch.store import Store
    store, stop = Store(sys.argv[1]), Path(sys.argv[2])
    seen = 0
    with store.connect() as conn:
        rows = conn.execute(text("SELECT id, text FROM article"))
        deadline = time.monotonic() + 240
        while not stop.exists() and time.monotonic() < deadline:
            seen += rows.fetchone() is not None
            conn.execute(text("SELECT count(*) FROM statement")).scalar()
            time.sleep(0.05)
    print(seen)
""")


def _corpus(folder: Path, files: int = 6, per_file: int = 10) -> int:
    folder.mkdir()
    whos = ["The Norwegian envoy", "Brazil's foreign minister", "A Kenyan spokesman",
            "Japan's ambassador", "The German chancellor", "India's foreign ministry",
            "Egypt's president"]
    whats = ["the talks on {n} corridors had failed", "{n} observers would be sent",
             "the vote on draft {n} should be delayed", "sanctions on {n} firms were unjust",
             "the ceasefire had held for {n} days"]
    n = 0
    for f in range(files):
        with (folder / f"wire{f}.jsonl").open("w", encoding="utf-8") as out:
            for _ in range(per_file):
                n += 1
                line = (f"{whos[n % 7]} said on Monday that {whats[n % 5].format(n=n)}. "
                        f"Diplomats added that round {n} of the talks would go on.")
                out.write(json.dumps({"date": "2013-05-06", "text": line}) + "\n")
    return n


def _fresh(url: str) -> Store:
    store = Store(url)
    if store.engine.dialect.name == "postgresql" and store.current_revision():
        from alembic import command

        with store.engine.begin() as conn:  # left over: start clean
            command.downgrade(store._alembic_config(conn), "base")
    store.upgrade()
    return store


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_ingests_and_a_slow_reader(tmp_path: Path, data_dir: Path, backend: str) -> None:
    if backend == "postgresql" and not PG_URL:
        pytest.skip("VETOWATCH_TEST_PG_URL not set")
    url = f"sqlite:///{tmp_path / 'shared.db'}" if backend == "sqlite" else str(PG_URL)
    total = _corpus(tmp_path / "corpus")
    store = _fresh(url)
    env = {**os.environ, "VETOWATCH_DATA": str(data_dir)}
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, url, str(stop)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)  # the reader holds its transaction before the writers start
    command = [sys.executable, "-m", "vetowatch", "--db", url, "ingest",
               str(tmp_path / "corpus"), "--json"]
    writers = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [w.communicate(timeout=300) for w in writers]
    stop.touch()
    reader_out, reader_err = reader.communicate(timeout=60)
    for writer, (_, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err[-2000:]
        assert "locked" not in err and "Traceback" not in err
    assert reader.returncode == 0, reader_err[-2000:]
    assert reader_out.strip().isdigit()  # it read to the end, inside its one transaction
    reports = [json.loads(out) for out, _ in results]
    assert sum(r["articles"] + r["near_duplicates"] for r in reports) == total
    assert all(r["articles"] + r["near_duplicates"] + r["already"] == total for r in reports)
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.article)).scalar() == total
        stored = conn.execute(select(func.sum(s.article.c.statements))).scalar()
        assert conn.execute(select(func.count()).select_from(s.statement)).scalar() == stored
        assert stored and stored > 0
        if backend == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    store.dispose()


def test_an_article_stored_meanwhile_is_counted_once(store: Store) -> None:
    from vetowatch.news.article import Article

    article = Article.from_text("The envoy said on Monday that the talks had failed.")
    assert _store(store, article, [], None) is True
    assert _store(store, article, [], None) is False  # another process got there first
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.article)).scalar() == 1


def test_a_writer_waits_for_another_writer(tmp_path: Path) -> None:
    """A second process holding the write lock for a while delays a write, never fails it."""
    url = f"sqlite:///{tmp_path / 'w.db'}"
    store = _fresh(url)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sqlite3, time
        conn = sqlite3.connect({str(tmp_path / 'w.db')!r}, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        print("locked", flush=True)
        time.sleep(2)
        conn.execute("COMMIT")
    """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    started = time.monotonic()
    row = {"id": "0123456789abcdef", "title": None, "text": "x", "published": None,
           "source": None, "url": None, "path": None, "row": None, "duplicate_of": None,
           "statements": 0, "ingested_at": datetime.now(UTC), "meta": "{}",
           "extraction_version": None}
    assert store.write(lambda conn: store.insert_new(conn, s.article, row)) is True
    assert time.monotonic() - started > 1.0  # it waited for the lock
    assert holder.wait(timeout=30) == 0
    store.dispose()
