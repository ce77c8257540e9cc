"""Speeches before the vote: the news backtest on the Security Council's own debates.

Run: ``.venv/bin/python benchmarks/debates_backtest.py CORPUS... [--since 2011-01-01]
[--until 2020-12-31] [--window 180] [--keep DIR] [--out debates_backtest.json]``, where CORPUS
is a folder (or file) of the UN Security Council Debates corpus (``speeches.tar``,
``speaker.tsv``, ``meta.tsv``) or of UNSC Meetings and Speeches (``speeches.tsv``,
``meetings.tsv``), as ``vetowatch data fetch unsc-debates`` / ``unsc-speeches`` saves them
(``docs/news.md``, "Security Council debates").

It builds a SQLite database, imports the Council record (``$VETOWATCH_DATA/unsc``), ingests
the speeches of meetings in ``[since - window, until]`` whose agenda item or text names a
linked agenda (Syria, Libya, Ukraine, DPRK, Gaza: ``AGENDAS`` of ``benchmarks/news_backtest.py``),
links stances, and scores every linked draft voted in ``[since, until]`` with the record-only
forecast and with the positions stated in the Council's own meetings **before the vote's
day** (``build_cases(..., source="UN Security Council")``: the voting meeting's speeches never
count). It prints a table and writes JSON. The real corpora are not in the shared data: the
tests run this on the fixtures only.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from news_backtest import AGENDAS, print_table

from vetowatch.council.importer import import_record
from vetowatch.council.queries import load_records
from vetowatch.evaluation.news_backtest import build_cases, score_cases, summarise
from vetowatch.forecast.news_update import NewsParams
from vetowatch.news import Article, read_news
from vetowatch.news.unsc_debates import SOURCE_PREFIX
from vetowatch.positions import link_all
from vetowatch.reading import ingest
from vetowatch.settings import Settings
from vetowatch.store import Store


def selected(paths: Sequence[Path], first: date, last: date,
             counts: Counter[str]) -> Iterator[dict[str, Any]]:
    """The speeches of meetings in ``[first, last]`` on a linked agenda, as JSONL records."""
    for article in read_news(paths):
        counts["read"] += 1
        if article.published is None or not first <= article.published <= last:
            continue
        # the agenda item ("The situation in the Middle East") or the speech itself
        about = f"{article.title or ''} {article.meta.get('topic', '')} {article.text}"
        agendas = [a.name for a in AGENDAS if a.pattern.search(about)]
        if not agendas:
            continue
        counts["selected"] += 1
        counts.update(f"agenda {name}" for name in agendas)
        yield _record(article)


def _record(article: Article) -> dict[str, Any]:
    return {**article.meta, "text": article.text, "title": article.title,
            "date": article.published.isoformat() if article.published else None,
            "source": article.source, "url": article.url}


def build_store(folder: Path, settings: Settings, paths: Sequence[Path], first: date,
                last: date, workers: int, log: list[str]) -> Store:
    store = Store(f"sqlite:///{folder / 'debates_backtest.db'}")
    store.upgrade()
    import_record(store, settings.require_data_dir() / "unsc")
    counts: Counter[str] = Counter()
    texts = folder / "speeches.jsonl"
    with texts.open("w", encoding="utf-8") as handle:
        for record in selected(paths, first, last, counts):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    t0 = time.perf_counter()
    report = ingest(store, settings, [texts], workers=workers)
    log.append(f"speeches: {dict(counts)}; ingested {report.articles} with "
               f"{report.statements} statements in {time.perf_counter() - t0:.0f} s, "
               f"{len(report.errors)} errors")
    linked = link_all(store, settings)
    log.append(f"linked stances: {linked.links}")
    return store


def run(store: Store, since: date, until: date, window: int) -> dict[str, Any]:
    records = [r for r in load_records(store) if r.date <= until]
    cases = build_cases(store, records, window_days=window, since=since, source=SOURCE_PREFIX)
    scores = score_cases(cases, NewsParams())
    total = summarise(scores)
    print_table(f"Drafts voted {since} – {until} after Council speeches on their question",
                scores, total)
    return {"since": since.isoformat(), "until": until.isoformat(), "window_days": window,
            "params": NewsParams().__dict__, "scores": total.to_json(),
            "cases": [c.to_json() for c in scores]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="+", type=Path)
    parser.add_argument("--since", type=date.fromisoformat, default=date(2011, 1, 1))
    parser.add_argument("--until", type=date.fromisoformat, default=date(2020, 12, 31))
    parser.add_argument("--window", type=int, default=180)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("debates_backtest.json"))
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the database in this folder (reused when it exists)")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        log: list[str] = []
        db = folder / "debates_backtest.db"
        if args.keep and db.exists():
            store = Store(f"sqlite:///{db}")
            log.append(f"reusing {db}")
        else:
            first = args.since - timedelta(days=args.window)
            store = build_store(folder, settings, args.corpus, first, args.until,
                                args.workers, log)
        print("\n".join(log))
        results = run(store, args.since, args.until, args.window)
        results["log"] = log
        store.dispose()
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.out.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(f"\nwrote {args.out} ({results['seconds']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
