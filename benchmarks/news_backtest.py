"""News backtest: Council votes forecast with and without the stated positions that preceded them.

Run: ``.venv/bin/python benchmarks/news_backtest.py [--out news_backtest.json] [--workers 2]``
(about 5 minutes on 2 cores). It builds a temporary SQLite database, imports the Council
record, selects texts from the shared news material (``news/SOURCES.md``), ingests them,
links stances to the questions, then runs :mod:`vetowatch.evaluation.news_backtest`: the cases,
their scores without and with news, the calibration grid (cases of 2011–2013) and the held-out
scores (later cases), and the reference case. It prints a table and writes JSON.

Texts (only those mentioning an agenda that has a linked draft voted within ``--window`` days
after the text's date; see ``AGENDAS``):

* the reference article (``news/example``), dated 2011-08-19;
* UN General Debate speeches (``news/ungdc``) of that year's 15 Council members. A speech has
  no date beyond the year: it is dated 25 September (the debate runs in the last week of
  September). Speeches are ingested like the other texts, re-flowed, with their ``iso3``: the
  extractor codes their first-person statements ("We call on…", "My Government supports…")
  as the speaking government's (``<ISO>GOV``);
* White House statements and readouts (``news/whitehouse_foreign_policy``, category
  ``statements-releases``, under 15,000 characters);
* the Guardian Syria articles, 2017–2019 (``news/guardian_sdf_sample``).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update

from vetowatch.council.importer import import_record
from vetowatch.council.queries import council_on, load_records
from vetowatch.council.record import DraftRecord
from vetowatch.evaluation.news_backtest import (
    DEFAULT_GRID,
    CaseScore,
    NewsCase,
    Scores,
    build_cases,
    calibrate,
    reference_case,
    reference_forecast,
    score_case,
    score_cases,
    sensitivity,
    summarise,
)
from vetowatch.forecast.news_update import NewsParams, load_links
from vetowatch.forecast.spec import DraftSpec
from vetowatch.positions import link_all
from vetowatch.reading import ingest
from vetowatch.settings import Settings
from vetowatch.store import Store
from vetowatch.store import schema as s

REFERENCE_FILE = Path("example") / "russia-unwilling-to-back-assad-ouster.txt"
UNGDC = Path("ungdc") / "UNGDC_sessions_66-69_77-78.jsonl"
WHITE_HOUSE = Path("whitehouse_foreign_policy") / "wh_foreign_policy_subset.jsonl"
GUARDIAN = Path("guardian_sdf_sample") / "Guardian_SDF_sample.csv"
SPEECH_DAY = (9, 25)  # General Debate speeches: dated 25 September of their year
CALIBRATION_YEARS = (2011, 2013)


@dataclass(frozen=True)
class Agenda:
    """An agenda: how a text mentions it, and the questions whose links select its drafts."""

    name: str
    pattern: re.Pattern[str]
    questions: tuple[str, ...]


AGENDAS: tuple[Agenda, ...] = (
    Agenda("Syria", re.compile(r"\bsyria|\bassad\b|\bdamascus", re.I),
           ("unsc-measures-syria", "assad-step-down", "syria-chemical-accountability")),
    Agenda("Libya", re.compile(r"\blibya|\bqadhafi|\bqaddafi|\bgaddafi", re.I),
           ("libya-measures",)),
    Agenda("Ukraine", re.compile(r"\bukrain|\bcrimea|\bdonbas|\bkyiv\b|\bkiev\b", re.I),
           ("ukraine-territorial-integrity",)),
    Agenda("DPRK", re.compile(r"north korea|\bdprk\b|pyongyang", re.I), ("dprk-sanctions",)),
    Agenda("Gaza", re.compile(r"\bgaza\b|palestin|\bhamas\b", re.I), ("gaza-ceasefire",)),
)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BLANK = re.compile(r"\n[ \t\u00a0]*\n|  \n")


def reflow(text: str, markdown: bool = False) -> str:
    """Join hard-wrapped lines (the White House Markdown and the UNGDC speeches break lines
    inside sentences, which splits them); with ``markdown`` also drop link targets and
    emphasis marks. Paragraph breaks stay; no word changes."""
    if markdown:
        text = _MD_LINK.sub(r"\1", text).replace("***", "").replace("**", "")
    paragraphs = _BLANK.split(text)
    joined = (" ".join(line.strip() for line in p.splitlines() if line.strip())
              for p in paragraphs)
    return "\n\n".join(p for p in joined if p)


# -- selecting texts ---------------------------------------------------------------------------

def vote_days(records: Sequence[DraftRecord]) -> dict[str, list[date]]:
    """For each agenda, the days of drafts its questions' links apply to."""
    links = load_links()
    out: dict[str, list[date]] = {}
    for agenda in AGENDAS:
        mine = [link for link in links if link.question in agenda.questions]
        out[agenda.name] = sorted({r.date for r in records if r.outcome != "other" and any(
            link.applies(DraftSpec.from_record(r)) for link in mine)})
    return out


def agendas_of(text: str, day: date, days: dict[str, list[date]], window: int) -> list[str]:
    """The agendas a text mentions that have a linked vote within ``window`` days after it."""
    last = day + timedelta(days=window)
    return [a.name for a in AGENDAS if a.pattern.search(text)
            and any(day < d <= last for d in days[a.name])]


def white_house(path: Path, days: dict[str, list[date]], window: int) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            day = date.fromisoformat(item["date"][:10])
            if item["category"] != "statements-releases" or len(item["text"]) >= 15000:
                continue
            found = agendas_of(item["text"], day, days, window)
            if found:
                rows.append({"date": day.isoformat(), "title": item["title"],
                             "text": reflow(item["text"], markdown=True),
                             "url": item["source_url"],
                             "source": "White House", "agendas": found})
    return rows


def guardian(path: Path, days: dict[str, list[date]], window: int) -> list[dict[str, Any]]:
    csv.field_size_limit(sys.maxsize)
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for item in csv.DictReader(handle):
            day = date.fromisoformat(item["date"][:10])
            found = agendas_of(item["text"], day, days, window)
            if found:
                rows.append({"date": day.isoformat(), "text": item["text"],
                             "source": "Guardian", "agendas": found})
    return rows


def speeches(store: Store, path: Path, days: dict[str, list[date]],
             window: int) -> list[dict[str, Any]]:
    """General Debate speeches of that year's Council members that mention a linked agenda."""
    councils: dict[int, tuple[str, ...]] = {}
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            year = int(item["year"])
            if year not in councils:
                councils[year] = council_on(store, date(year, 1, 1)).codes
            day = date(year, *SPEECH_DAY)
            found = agendas_of(item["text"], day, days, window)
            if item["iso3"] in councils[year] and found:
                rows.append({"iso3": item["iso3"], "date": day.isoformat(),
                             "title": f"General Debate {year}: {item['iso3']}",
                             "text": reflow(item["text"]), "source": "UN General Debate",
                             "agendas": found})
    return rows


# -- after ingest ---------------------------------------------------------------------------------

def white_house_speakers(store: Store) -> int:
    """In a White House release, a government speaker the extractor left without a country
    ("President Biden" → ``GOV``: the actor dictionaries predate 2021) is the US government."""
    ids = select(s.article.c.id).where(s.article.c.source == "White House")
    with store.begin() as conn:
        done = conn.execute(update(s.statement).where(s.statement.c.article_id.in_(ids),
                                                      s.statement.c.speaker_actor == "GOV")
                            .values(speaker_actor="USAGOV"))
    return int(done.rowcount)


def statements_by_source(store: Store) -> dict[str, int]:
    """How many statements the ingested texts gave, by their source."""
    query = (select(s.article.c.source, func.count(s.statement.c.id))
             .join(s.statement, s.statement.c.article_id == s.article.c.id)
             .group_by(s.article.c.source))
    with store.connect() as conn:
        return {source or "unknown": int(n) for source, n in conn.execute(query)}


# -- the run --------------------------------------------------------------------------------------

def build_store(folder: Path, settings: Settings, window: int, workers: int,
                log: list[str]) -> Store:
    news = settings.require_data_dir() / "news"
    store = Store(f"sqlite:///{folder / 'news_backtest.db'}")
    store.upgrade()
    import_record(store, settings.require_data_dir() / "unsc")
    days = vote_days(load_records(store))
    selected = {"White House": white_house(news / WHITE_HOUSE, days, window),
                "Guardian": guardian(news / GUARDIAN, days, window),
                "UN General Debate": speeches(store, news / UNGDC, days, window)}
    texts = folder / "texts.jsonl"
    with texts.open("w", encoding="utf-8") as handle:
        for rows in selected.values():
            for row in rows:
                handle.write(json.dumps({k: v for k, v in row.items() if k != "agendas"}) + "\n")
    t0 = time.perf_counter()
    ingest(store, settings, [news / REFERENCE_FILE], published=REFERENCE_DAY,
           source="reference article")
    report = ingest(store, settings, [texts], workers=workers)
    log.append(f"ingested {report.articles} articles, {report.statements} statements "
               f"in {time.perf_counter() - t0:.0f} s; {white_house_speakers(store)} White House "
               "statements by an uncoded government speaker attributed to USAGOV")
    log.append(f"statements by source: {statements_by_source(store)}")
    for name, rows in selected.items():
        by_agenda = Counter(a for row in rows for a in row["agendas"])
        log.append(f"selected {name}: {len(rows)} texts, by agenda {dict(by_agenda)}")
    t0 = time.perf_counter()
    linked = link_all(store, settings)
    log.append(f"linked stances in {time.perf_counter() - t0:.0f} s: {linked.links}")
    return store


REFERENCE_DAY = date(2011, 8, 19)


def _is_calibration(case: NewsCase) -> bool:
    return CALIBRATION_YEARS[0] <= case.record.date.year <= CALIBRATION_YEARS[1]


def _fmt(pair: tuple[float, float]) -> str:
    return f"{pair[0]:.3f} → {pair[1]:.3f}"


def print_table(title: str, scores: Sequence[CaseScore], total: Scores) -> None:
    print(f"\n{title}")
    print(f"{'date':10} {'draft':13} {'outcome':8} {'signals':24} {'P(adopt,veto,fail) before':27}"
          f" {'after':20} {'out. log':15} {'member log':15}")
    for c in scores:
        sig = ",".join(sorted({f"{x['member']}{'+' if x['stance'] == 'for' else '-'}"
                               for x in c.signals}))
        before = "/".join(f"{p:.2f}" for p in c.p_before)
        after = "/".join(f"{p:.2f}" for p in c.p_after)
        member = _fmt(c.member_log) if c.member_log else "-"
        flag = "  HURTS" if c.hurts else ""
        print(f"{c.day.isoformat():10} {c.draft:13} {c.outcome:8} {sig[:24]:24} {before:27} "
              f"{after:20} {_fmt(c.outcome_log):15} {member:15}{flag}")
    print(f"overall: {total.cases} cases, {total.member_votes} signalled votes; outcome Brier "
          f"{_fmt(total.outcome_brier)}, log {_fmt(total.outcome_log)}; member Brier "
          f"{_fmt(total.member_brier)}, log {_fmt(total.member_log)}; news hurts in "
          f"{total.hurt}")


def run(store: Store, settings: Settings, window: int) -> dict[str, Any]:
    records = load_records(store)
    cases = build_cases(store, records, window_days=window, since=date(2011, 1, 1))
    ref_case = reference_case(store, settings)

    def accept(p: NewsParams) -> bool:
        return score_case(ref_case, p).p_after[1] >= 0.6

    cal = calibrate(cases, _is_calibration, accept=accept)
    hand = NewsParams()
    early = [c for c in cases if _is_calibration(c)]
    late = [c for c in cases if not _is_calibration(c)]
    results: dict[str, Any] = {"window_days": window, "hand_set": hand.__dict__,
                               "calibration_years": list(CALIBRATION_YEARS)}
    for name, params in (("hand_set", hand), ("chosen", cal.chosen)):
        sc_early, sc_late = score_cases(early, params), score_cases(late, params)
        results[name + "_scores"] = {"calibration": summarise(sc_early).to_json(),
                                     "held_out": summarise(sc_late).to_json(),
                                     "all": summarise([*sc_early, *sc_late]).to_json()}
    results["calibration"] = cal.to_json()
    results["cases"] = [c.to_json() for c in score_cases(cases, cal.chosen)]
    results["cases_by_source"] = dict(Counter(src for c in cases for src in c.sources))
    results["cases_by_question"] = dict(Counter(q for c in cases for q in c.questions))
    results["sensitivity"] = sensitivity(cases, _is_calibration, cal.chosen)
    for row in results["sensitivity"]:
        params = replace(cal.chosen, **{row["vary"]: row["value"]})
        row["reference_p_vetoed"] = round(score_case(ref_case, params).p_after[1], 4)
    results["grid_held_out"] = [
        {**p.__dict__, "objective": summarise(score_cases(late, p)).to_json()["objective"]}
        for p in DEFAULT_GRID]
    results["reference"] = {"chosen": reference_forecast(store, settings, cal.chosen),
                            "hand_set": reference_forecast(store, settings, hand)}
    _print(cases, early, late, cal, results)
    return results


def _print(cases: Sequence[NewsCase], early: Sequence[NewsCase], late: Sequence[NewsCase],
           cal: Any, results: dict[str, Any]) -> None:
    print(f"\n{len(cases)} cases ({len(early)} calibration {CALIBRATION_YEARS}, "
          f"{len(late)} held out); by source {results['cases_by_source']}; "
          f"by question {results['cases_by_question']}")
    print(f"chosen {cal.chosen} ({cal.reason})")
    print_table("Calibration cases (chosen params)", score_cases(early, cal.chosen),
                cal.calibration)
    print_table("Held-out cases (chosen params)", cal.held_out_cases, cal.held_out)
    print(f"held out with the hand-set constants: {cal.held_out_hand_set.to_json()}")
    print("\nsensitivity (one constant varied; objective = outcome + member log loss, "
          "without → with news; reference P(vetoed) on 2011-08-19)")
    for row in results["sensitivity"]:
        c, h = row["calibration"]["objective"], row["held_out"]["objective"]
        print(f"  {row['vary']:15} {row['value']:6.0f}  calibration {c[0]:.3f} → {c[1]:.3f}  "
              f"held out {h[0]:.3f} → {h[1]:.3f}  reference {row['reference_p_vetoed']:.2f}")
    ref = results["reference"]["chosen"]
    print(f"\nreference {ref['date']} → {ref['draft']}: P(vetoed) {ref['p_vetoed'][0]:.2f} → "
          f"{ref['p_vetoed'][1]:.2f}; cites Interfax: {ref['cites_interfax']}")
    for line in ref["explanation"]:
        print("  " + line)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("news_backtest.json"))
    parser.add_argument("--window", type=int, default=180)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the database in this folder (reused when it exists)")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        log: list[str] = []
        db = folder / "news_backtest.db"
        if args.keep and db.exists():
            log.append(f"reusing {db}")
            store = Store(f"sqlite:///{db}")
        else:
            store = build_store(folder, settings, args.window, args.workers, log)
        print("\n".join(log))
        results = run(store, settings, args.window)
        results["log"] = log
        store.dispose()
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.out.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(f"\nwrote {args.out} ({results['seconds']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
