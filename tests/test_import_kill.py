"""A `data import` killed with SIGKILL leaves the previous state; the rerun equals an
uninterrupted import (issue 11: kill -9 of import)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vetowatch.council.importer import table_counts
from vetowatch.store import Store

pytestmark = pytest.mark.slow


def _counts(db: Path) -> dict[str, int]:
    store = Store(f"sqlite:///{db}")
    try:
        with store.connect() as conn:
            return table_counts(conn)
    finally:
        store.dispose()


@pytest.mark.parametrize("delay", [0.8, 2.5])
def test_kill_9_during_import_then_rerun(imported_store: Store, unsc_dir: Path,
                                         tmp_path: Path, delay: float) -> None:
    with imported_store.connect() as conn:
        expected = table_counts(conn)
    db = tmp_path / "killed.db"
    cmd = [sys.executable, "-m", "vetowatch", "--db", str(db), "data", "import", str(unsc_dir)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ})
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if db.exists():
        check = sqlite3.connect(db)
        assert check.execute("pragma integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in check.execute("select name from sqlite_master")}
        check.close()
        if "decision" in tables:
            killed = _counts(db)
            assert killed in ({k: 0 for k in expected}, expected)  # nothing half-imported
    done = subprocess.run(cmd, capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert _counts(db) == expected
