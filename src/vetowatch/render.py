"""Rich rendering of library results for the CLI (the only place that formats for humans)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn
from rich.table import Table

from vetowatch.council.record import DraftRecord

if TYPE_CHECKING:
    from vetowatch.council.fetch import FetchEvent, FetchReport
    from vetowatch.council.importer import ImportReport
    from vetowatch.council.queries import CheckReport, Council, LabelCount
    from vetowatch.demo import DemoResult
    from vetowatch.evaluation.report import BacktestReport
    from vetowatch.forecast.news_service import NewsForecastResult
    from vetowatch.forecast.service import ForecastResult
    from vetowatch.news.article import Article
    from vetowatch.positions import ClaimList, PositionReport, QuestionList, ShiftList
    from vetowatch.reading import IngestReport, StoredStatement


def esc(value: object) -> str:
    """Any data or user text, ready for rich: markup such as ``[/red]`` shown literally."""
    return escape("" if value is None else str(value))


def printable_title(text: object) -> str:
    """A one-line rendering of ``text``: control characters shown escaped (repr-like)."""
    s = str(text)
    return s if s.isprintable() else repr(s)[1:-1]


def esc_path(path: object) -> str:
    """A path for rich: control characters shown escaped (repr-like), markup escaped."""
    text = str(path)
    return escape(text if text.isprintable() else repr(text)[1:-1])


VOTE_STYLE = {"Y": "green", "N": "bold red", "A": "yellow", "X": "dim"}
OUTCOME_STYLE = {"adopted": "green", "vetoed": "bold red", "failed": "yellow", "other": "dim"}


def import_report(out: Console, report: ImportReport) -> None:
    if report.skipped:
        out.print(f"[dim]record unchanged in {esc_path(report.directory)}: nothing to import[/]")
    else:
        table = Table(title=f"imported {esc_path(report.directory)} in {report.seconds:.2f} s")
        for col in ("source", "rows", "notes"):
            table.add_column(col, justify="right" if col != "source" else "left")
        for src in report.sources:
            table.add_row(esc(src["name"]), str(src["rows"]), str(src["notes"]))
        out.print(table)
    out.print("  ".join(f"{k}: [bold]{v}[/]" for k, v in report.counts.items()))
    if report.notes_by_status:
        out.print("notes: " + ", ".join(f"{v} {k}" for k, v in report.notes_by_status.items())
                  + " — `vetowatch data check` lists them by kind, with file and line")


def check_report(out: Console, report: CheckReport) -> None:
    for status, kinds in sorted(report.by_status.items()):
        table = Table(title=f"{esc(status)}: {sum(kinds.values())}")
        table.add_column("kind")
        table.add_column("count", justify="right")
        for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
            table.add_row(esc(k), str(n))
        out.print(table)
    if report.notes:
        table = Table(title=f"{len(report.notes)} notes", show_lines=False)
        for col in ("status", "kind", "source", "line", "detail"):
            table.add_column(col, overflow="fold")
        for row in report.notes:
            table.add_row(esc(row["status"]), esc(row["kind"]), esc(row["source"]),
                          str(row["line"] or ""), esc(row["detail"]))
        out.print(table)


def label_counts(out: Console, field: str, found: Sequence[LabelCount]) -> None:
    """``vetowatch topics|agendas|kinds``: each label, its number of votes, first and last."""
    table = Table(title=f"{len(found)} {field} labels")
    table.add_column(field, overflow="fold")
    table.add_column("votes", justify="right", no_wrap=True)
    table.add_column("first", no_wrap=True, min_width=10)
    table.add_column("last", no_wrap=True, min_width=10)
    for x in found:
        table.add_row(escape(x.label), str(x.count), x.first.isoformat(), x.last.isoformat())
    out.print(table)


def council(out: Console, c: Council) -> None:
    table = Table(title=f"Security Council on {c.date.isoformat()} ({len(c.members)} members)")
    table.add_column("code", no_wrap=True, min_width=4)
    table.add_column("member")
    table.add_column("seat", no_wrap=True)
    for m in c.members:
        seat = "permanent" if m.permanent else f"elected {m.term_start}–{m.term_end}"
        table.add_row(esc(m.code), esc(m.name), seat)
    out.print(table)


def _tally(rec: DraftRecord) -> str:
    return rec.tally or "—"


def _who(rec: DraftRecord, code: str) -> str:
    return " ".join(sorted(m for m, v in rec.votes.items() if v == code))


def vote(out: Console, rec: DraftRecord) -> None:
    style = OUTCOME_STYLE[rec.outcome]
    title = " / ".join(x for x in (rec.draft, rec.resolution_symbol) if x)
    out.print(f"[bold]{esc(title)}[/]  {rec.date.isoformat()}  {esc(rec.meeting or '')}")
    out.print(f"agenda: {esc(rec.agenda or '—')}"
              + (f"  (topic: {esc(rec.topic)})" if rec.topic else ""))
    if rec.submitters:
        out.print(f"submitted by: {esc(', '.join(rec.submitters))}")
    vetoed = f" by {' and '.join(rec.vetoed_by)}" if rec.vetoed_by else ""
    out.print(f"outcome: [{style}]{esc(rec.outcome + vetoed)}[/]  tally {esc(_tally(rec))} "
              "(yes-no-abstain)")
    if rec.votes:
        table = Table(show_header=True)
        table.add_column("vote")
        table.add_column("members")
        for code, label in (("Y", "yes"), ("N", "no"), ("A", "abstain"), ("X", "not voting")):
            who = _who(rec, code)
            if who:
                table.add_row(f"[{VOTE_STYLE[code]}]{label}[/]", esc(who))
        out.print(table)
    else:
        out.print("[dim]no member-by-member votes in the record for this decision[/]")


def vote_table(out: Console, records: Sequence[DraftRecord], title: str) -> None:
    table = Table(title=esc(title))
    # on a narrow console (80 columns, or piped): fixed widths that keep dates, symbols,
    # tallies and codes whole (S/RES/1973 (2011) wraps at its space, codes between codes);
    # the agenda item takes what is left
    symbols = [r.resolution_symbol or r.draft or "—" for r in records]
    fixed = {"date": 10, "outcome": 7, "no": 7, "abstain": 7,
             "symbol": max([10, *(len(p) for s in symbols for p in s.split())]),
             "tally": max([5, *(len(_tally(r)) for r in records)])}
    narrow = out.width < 120
    agenda = max(8, out.width - sum(fixed.values()) - 2 * 7 - 8)
    for col in ("date", "symbol", "agenda", "outcome", "tally", "no", "abstain"):
        width = (agenda if col == "agenda" else fixed[col]) if narrow else None
        table.add_column(col, width=width, no_wrap=col in ("date", "tally"), overflow="fold")
    for r in records:
        sym = r.resolution_symbol or r.draft or "—"
        out_text = r.outcome + (f" by {' '.join(r.vetoed_by)}" if r.vetoed_by else "")
        table.add_row(r.date.isoformat(), esc(sym), esc((r.topic or r.agenda or "")[:60]),
                      f"[{OUTCOME_STYLE[r.outcome]}]{esc(out_text)}[/]", esc(_tally(r)),
                      esc(_who(r, "N")), esc(_who(r, "A")))
    out.print(table)


class FetchProgress:
    """A rich progress bar fed by the downloader's progress events (one task per file)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                 DownloadColumn(), console=console, transient=True)
        self.tasks: dict[int, TaskID] = {}

    def __enter__(self) -> FetchProgress:
        self.progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.progress.stop()

    def update(self, event: FetchEvent) -> None:
        if event.index not in self.tasks:
            label = f"\\[{event.index + 1}/{event.count}] {esc_path(event.source.dest)}"
            self.tasks[event.index] = self.progress.add_task(label, total=event.bytes_total)
        task = self.tasks[event.index]
        if event.kind in ("retry", "failed"):
            self.progress.console.print(f"[yellow]{esc_path(event.source.dest)}: "
                                        f"{esc(event.message)}[/]")
        if event.kind in ("done", "skipped"):
            self.progress.update(task, completed=event.bytes_done or 1,
                                 total=event.bytes_done or 1)
            self.progress.remove_task(task)
        else:
            self.progress.update(task, completed=event.bytes_done, total=event.bytes_total)


def fetch_json(report: FetchReport) -> dict[str, Any]:
    """The ``data fetch --json`` report: each file kept or downloaded, each failure."""
    def done(f: Any) -> dict[str, Any]:
        return {"url": f.source.url, "final_url": f.final_url or f.source.url,
                "path": str(f.path), "size": f.size, "sha256": f.sha256,
                "downloaded": f.downloaded}

    return {"dest": str(report.dest_dir), "manifest": str(report.manifest), "ok": report.ok,
            "cleaned": [str(p) for p in report.cleaned],
            "fetched": [done(f) for f in report.fetched],
            "skipped": [done(f) for f in report.skipped],
            "failed": [{"url": f.source.url, "error": f.error.to_json()} for f in report.failed]}


def fetch_report(out: Console, report: FetchReport) -> None:
    out.print(f"downloaded {len(report.fetched)} files ({report.bytes_downloaded:,} bytes), "
              f"kept {len(report.skipped)} unchanged, {len(report.failed)} failed; "
              f"manifest {esc_path(report.manifest)}")
    for failure in report.failed:
        out.print(f"[red]failed[/] {esc(failure.source.url)}: {esc(failure.error)}")
    for part in report.cleaned:
        out.print(f"[dim]removed {esc_path(part)} (left by an interrupted fetch)[/]")
    if report.ok:
        out.print(f"next: vetowatch data import {esc_path(report.dest_dir)}")


def _pct(p: float) -> str:
    return f"{100 * p:5.1f}%"


def forecast(out: Console, result: ForecastResult) -> None:
    data = result.forecast.to_json()
    for w in result.warnings:
        out.print(f"[yellow]warning:[/] {esc(w)}")
    for label, m in (("agenda", result.agenda), ("topic", result.topic)):
        if m is not None and m.matched and m.how != "exact":
            out.print(f"[dim]{label} {esc(repr(m.query))} matched to {esc(repr(m.matched))} "
                      f"({m.how})[/]")
    out.print(f"[bold]Forecast for a draft voted after {data['date']}[/] — trained on "
              f"{result.n_records} earlier votes; agenda: {esc(data['agenda'] or '—')}; "
              f"topic: {esc(data['topic'] or '—')}")
    table = Table(title="member votes")
    for col in ("member", "yes", "no", "abstain", "not voting"):
        table.add_column(col, justify="right" if col != "member" else "left")
    for code, probs in data["members"].items():
        table.add_row(esc(code), *(_pct(probs[v]) for v in ("Y", "N", "A", "X")))
    out.print(table)
    vetoers = esc(", ".join(f"{m} {_pct(p).strip()}" for m, p in data["p_vetoed_by"].items()))
    out.print(f"P(adopted) [green]{_pct(data['p_adopted'])}[/]   P(vetoed) [red]"
              f"{_pct(data['p_vetoed'])}[/] ({vetoers})   P(fails for lack of votes) "
              f"[yellow]{_pct(data['p_failed_votes'])}[/]")
    likely = max(range(len(data["yes_tally"])), key=lambda i: data["yes_tally"][i])
    out.print(f"most likely Yes tally: {likely}")
    pivots = ", ".join(f"{p['member']} ({p['pivotality']:.3f})" for p in data["pivotal"][:5])
    out.print(f"pivotal members: {esc(pivots)}")
    for info in data["explanation"].values():
        if isinstance(info, dict) and "text" in info:
            out.print(f"  {esc(info['text'])}")
    if data["precedents"]:
        table = Table(title="closest precedents")
        for col in ("date", "symbol", "outcome", "tally"):
            table.add_column(col, no_wrap=True, min_width=10 if col == "date" else None)
        table.add_column("agenda", overflow="fold", ratio=1)
        for p in data["precedents"]:
            table.add_row(esc(p.get("date")), esc(p.get("symbol") or p.get("draft")),
                          esc(p.get("outcome")), esc(p.get("tally") or ""),
                          esc(str(p.get("topic") or p.get("agenda") or "")[:50]))
        out.print(table)


def news_update(out: Console, result: NewsForecastResult) -> None:
    data = result.with_news_json()
    out.rule("with the news")
    if not data["news"]["signals"]:
        out.print("[dim]no stored statement gives a Council member's position on a question "
                  "linked to this draft: the forecast is unchanged[/]")
        return
    _forecast_summary(out, "with the news", data)
    for line in data["news"]["summary"]:
        out.print(f"  {escape(line)}")


def _num(value: Any, spec: str) -> str:
    """A JSON number formatted, or "–" where it is undefined (``None``)."""
    return "–" if value is None else format(value, spec)


def _ci(ci: dict[str, Any] | None) -> str:
    box = (ci or {}).get("by_year") or {}
    return f"[{_num(box.get('lo'), '.3f')}, {_num(box.get('hi'), '.3f')}]"


def backtest(out: Console, report: BacktestReport, folder: Path | None) -> None:
    data = report.to_json()
    out.print(f"[bold]Backtest {data['years'][0]}–{data['years'][-1]}[/]: {data['n_drafts']} "
              f"drafts, {data['elapsed_s']:.1f} s")
    table = Table(title="outcome forecasts (adopted / vetoed / failed); BSS vs the all-years "
                        "and the 5-year base rate, ECE on drafts with top probability < 0.9")
    for col in ("model", "Brier", "log loss", "BSS", "BSS 95 % (years)", "BSS 5y", "ECE<.9"):
        table.add_column(col, justify="right" if col != "model" else "left", no_wrap=True)
    for name, b in [("vetowatch", data), *data["baselines"].items()]:
        table.add_row(esc(name), _num(b["brier"], ".4f"), _num(b["log_loss"], ".4f"),
                      _num(b["bss"], ".3f"), _ci(b.get("bss_ci")),
                      _num(b.get("bss_recent_base"), ".3f"),
                      _num(b.get("ece_nontrivial"), ".4f"))
    out.print(table)
    out.print(f"veto recall {_num(data['veto_recall'], '.2f')} at precision "
              f"{_num(data['veto_precision'], '.2f')}; macro-F1 on contested drafts "
              f"{_num(data['macro_f1_contested'], '.3f')}; ECE {_num(data['ece'], '.4f')}; "
              f"Yes tallies below the 1 % / 10 % quantile "
              f"{_num(data.get('tally_pit_below_1pct'), '.3f')} / "
              f"{_num(data.get('tally_pit_below_10pct'), '.3f')}")
    if folder:
        out.print(f"report (backtest.json) and calibration plot (calibration.png) written to "
                  f"{esc_path(folder)}")


class IngestProgress:
    """A progress line for ingest: articles read and statements found so far."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(TextColumn("{task.description}"), console=console,
                                 transient=True)
        self.task: TaskID | None = None
        self.articles = 0
        self.statements = 0

    def __enter__(self) -> IngestProgress:
        self.progress.start()
        self.task = self.progress.add_task("reading…", total=None)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.progress.stop()

    def update(self, article: Article, statements: int) -> None:
        self.articles += 1
        self.statements += statements
        if self.task is not None:
            self.progress.update(self.task, description=(
                f"{self.articles} articles, {self.statements} statements — "
                f"{esc(printable_title(article.title or article.id)[:50])}"))


def ingest_report(out: Console, report: IngestReport) -> None:
    out.print(f"{report.files} files: {report.articles} new articles, {report.statements} "
              f"statements; {report.already} already stored; {report.near_duplicates} "
              f"near-duplicates linked; {len(report.errors)} errors ({report.seconds:.1f} s)")
    for error in report.errors:
        out.print(f"[red]error[/] {esc(error)}")


def _mention(m: dict[str, Any] | None) -> str:
    if not m:
        return ""
    return esc(m["text"]) + (f" \\[{esc(m['actor'])}]" if m.get("actor") else "")


def statements(out: Console, items: Sequence[StoredStatement]) -> None:
    """A table of statements; below 120 columns (80, or piped) one block per statement, so
    that dates, codes and event names are never cut."""
    if out.width < 120:
        _statement_blocks(out, items)
        return
    table = Table(title=f"{len(items)} statements", show_lines=True)
    table.add_column("id", no_wrap=True)
    table.add_column("when", no_wrap=True, min_width=10)
    for col in ("speaker", "via", "says", "target"):
        table.add_column(col, overflow="fold")
    table.add_column("pol", no_wrap=True)
    table.add_column("event", no_wrap=True)
    for item in items:
        j = item.to_json()
        says = ("NOT " if j["negated"] else "") + (j["cue"] or "") + ": " + j["content"][:160]
        pol = POLARITY[j["polarity"]]
        table.add_row(str(j["id"]), esc(j["when"]["date"] or ""), _mention(j["speaker"]),
                      " < ".join(_mention(v) for v in j["via"]), esc(says),
                      _mention(j["target"]), pol,
                      esc(f"{j['event']['cameo']} {j['event']['plover'] or ''}"))
    out.print(table)


POLARITY = {1: "[green]+[/]", -1: "[red]−[/]", 0: "0"}


def _statement_blocks(out: Console, items: Sequence[StoredStatement]) -> None:
    out.print(f"[bold]{len(items)} statements[/]")
    for item in items:
        j = item.to_json()
        via = "".join(f" < {_mention(v)}" for v in j["via"])
        target = f" → {_mention(j['target'])}" if j["target"] else ""
        out.print(f"[bold]#{j['id']}[/] {esc(j['when']['date'] or '')}  "
                  f"{_mention(j['speaker'])}{via}{target}  {POLARITY[j['polarity']]}  "
                  f"{esc(j['event']['cameo'])} {esc(j['event']['plover'] or '')}")
        says = ("NOT " if j["negated"] else "") + (j["cue"] or "") + ": " + j["content"][:300]
        out.print(f"    {esc(says)}")


STANCE_STYLE = {"for": "green", "against": "bold red", "neutral": "dim", "support": "green",
                "oppose": "bold red", "positive": "green", "negative": "bold red"}


def _stance(stance: str) -> str:
    style = STANCE_STYLE.get(stance)
    return f"[{style}]{escape(stance)}[/]" if style else escape(stance)


def questions(out: Console, found: QuestionList) -> None:
    table = Table(title=f"{len(found)} questions")
    for col in ("id", "proposition", "origin"):
        table.add_column(col, overflow="fold")
    for q in found:
        table.add_row(esc(q.id), esc(q.proposition), esc(q.origin))
    out.print(table)


def positions(out: Console, report: PositionReport) -> None:
    data = report.to_json()
    table = Table(title=esc(f"{data['question']}: {data['proposition']} — as of "
                            f"{data['as_of'] or 'all dates'}"))
    for col in ("actor", "stance", "confidence", "statements", "strongest evidence"):
        table.add_column(col, overflow="fold")
    for p in data["positions"]:
        first = p["evidence"][0] if p["evidence"] else None
        quote = esc(f"“{first['text']}” ({first['speaker']}, {first['date']})") if first else ""
        table.add_row(esc(p["actor"]), _stance(p["stance"]), f"{p['confidence']:.2f}",
                      ", ".join(map(str, p["statements"])), quote)
    out.print(table)


def shifts(out: Console, found: ShiftList) -> None:
    if not found:
        out.print("[dim]no shifts found[/]")
    for shift in found.to_json():
        before, after = shift["before"], shift["after"]
        out.print(f"[bold]{esc(shift['actor'])}[/] on {esc(shift['subject'])} "
                  f"({esc(shift['kind'])}): {_stance(before['stance'])} in "
                  f"{esc(before['period'])} → {_stance(after['stance'])} in "
                  f"{esc(after['period'])}")
        for label, side in (("before", before), ("after", after)):
            for e in side["evidence"][:2]:
                out.print(f"   {label}: “{esc(e['text'])}” — {esc(e['speaker'])}, "
                          f"{esc(e['date'])} [dim](statement {e['statement']}, article "
                          f"{esc(e['article'])} {e['start']}–{e['end']})[/]")


def claims(out: Console, found: ClaimList) -> None:
    if not found:
        out.print("[dim]no claims found[/]")
    for item in found.to_json():
        c = item["claim"]
        out.print(f"[bold]{esc(item['claimant'])}[/] claimed: “{esc(item['content'])}” "
                  f"[dim](statement {c['statement']}, {esc(c['date'])})[/]")
        for d in item["denials"]:
            out.print(f"   [red]disputed by[/] {esc(d['actor'])}: “{esc(d['text'])}” "
                      f"[dim](statement {d['statement']})[/]")
        for d in item["supports"]:
            out.print(f"   echoed by {esc(d['actor'])}: “{esc(d['text'])}” [dim](statement "
                      f"{d['statement']})[/]")


def _forecast_summary(out: Console, label: str, data: dict[str, Any]) -> None:
    vetoers = esc(", ".join(f"{m} {p:.0%}" for m, p in data["p_vetoed_by"].items()
                            if p >= 0.005))
    out.print(f"[bold]{label}[/]: P(adopted) {data['p_adopted']:.1%}   P(vetoed) "
              f"[bold red]{data['p_vetoed']:.1%}[/] ({vetoers or '—'})   P(fails for lack of "
              f"votes) {data['p_failed_votes']:.1%}")


def demo(out: Console, result: DemoResult) -> None:
    data = result.to_json()
    out.rule("[bold]vetowatch demo: Russia, Syria and the Security Council, August 2011")
    out.print(f"record: {result.import_report.counts.get('decision', 0)} decisions, "
              f"{result.import_report.counts.get('vote', 0)} member votes"
              + (" (unchanged, not re-imported)" if result.import_report.skipped else ""))
    out.rule("1. Who said what (the article of 19 August 2011)")
    statements(out, result.statements)
    out.rule("2. Positions on 19 August 2011")
    for question, view in data["positions"].items():
        rows = ", ".join(f"{esc(p['actor'])} {_stance(p['stance'])} ({p['confidence']:.2f})"
                         for p in view["positions"])
        out.print(f"[bold]{esc(question)}[/] — {esc(view['proposition'])}: {rows or '—'}")
    out.rule("3. Russia's shift since June")
    shifts(out, _json_list(data["shifts"]))
    out.rule("4. The contested claim")
    claims(out, _json_list(data["claims"]))
    out.rule("5. The Council of 19 August 2011")
    council(out, result.council)
    out.rule("6. The precedent: Libya, 17 March 2011")
    vote(out, result.precedent)
    out.rule("7. The forecast for a draft imposing measures on Syria, as of 19 August 2011")
    record_only, with_news = data["forecast_record_only"], data["forecast_with_news"]
    _forecast_summary(out, "from the record alone", record_only)
    _forecast_summary(out, "with the news", with_news)
    for line in with_news["news"]["summary"]:
        out.print(f"  {escape(line)}")
    pivots = ", ".join(p["member"] for p in with_news["pivotal"][:4])
    out.print(f"pivotal members (with the news): {esc(pivots)}")
    out.rule("8. What happened: 4 October 2011")
    vote(out, result.outcome)
    b = data["brier"]
    out.print(f"Brier score of the forecast (3 outcomes, lower is better): record only "
              f"[bold]{b['record_only']:.3f}[/], with the news [bold]{b['with_news']:.3f}[/]")
    if data["report"]:
        out.print(f"HTML report with the forecast chart: {esc_path(data['report'])}")


class _JsonList(list[dict[str, Any]]):
    """Already-serialised items (the demo's shifts and claims) in the shape :func:`shifts`
    and :func:`claims` read: truthiness and ``to_json()``."""

    def to_json(self) -> list[dict[str, Any]]:
        return list(self)


def _json_list(items: list[dict[str, Any]]) -> Any:
    return _JsonList(items)
