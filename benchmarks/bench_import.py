"""Benchmark: import every shared Council source into a fresh SQLite database.

Run: ``.venv/bin/python benchmarks/bench_import.py`` (target: under 5 s on a 2-core machine).
A reference measured in the same run — reading the same bytes and parsing the same CSV rows
with the standard library alone — gives a machine-independent ratio.
"""

from __future__ import annotations

import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

from vetowatch.council.importer import find_sources, import_record
from vetowatch.settings import Settings
from vetowatch.store import Store


def reference(folder: Path) -> float:
    """Read every source file and split the CSVs into rows: the floor any import must pay."""
    started = time.perf_counter()
    for path in find_sources(folder).all_paths():
        if path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as fh:
                sum(1 for _ in csv.reader(fh))
        else:
            path.read_bytes()
    return time.perf_counter() - started


def one_import(folder: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        store.upgrade()
        started = time.perf_counter()
        import_record(store, folder)
        elapsed = time.perf_counter() - started
        store.dispose()
    return elapsed


def main(repeats: int = 3) -> int:
    folder = Settings.from_env().unsc_dir
    ref = statistics.median(reference(folder) for _ in range(repeats))
    runs = [one_import(folder) for _ in range(repeats)]
    best, median = min(runs), statistics.median(runs)
    print(f"import of {folder}: median {median:.2f} s, best {best:.2f} s over {repeats} runs")
    print(f"reference (read + split CSV rows): {ref:.3f} s; import/reference = {median / ref:.1f}x")
    print("target: under 5 s —", "met" if median < 5 else "NOT met")
    return 0 if median < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
