"""The ``vetowatch`` command line. Each command parses, calls one library function, formats."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from vetowatch import render
from vetowatch.cli_actors import fetch_actors_cmd
from vetowatch.cli_common import Context, emit_json, optional_date, parse_date, pass_ctx
from vetowatch.errors import VetowatchError
from vetowatch.news.genre import GENRES
from vetowatch.registry import commands
from vetowatch.settings import Settings


class VetowatchGroup(click.Group):
    """Turns library errors into a clear message and exit status 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VetowatchError as exc:
            err = Console(stderr=True, highlight=False, soft_wrap=True)
            err.print(f"[bold red]error[/] {exc}")
            sys.exit(2)


@click.group(cls=VetowatchGroup)
@click.option("--db", envvar="VETOWATCH_DB", help="Database URL or SQLite file (VETOWATCH_DB).")
@click.option("--data", "data_dir", envvar="VETOWATCH_DATA", type=click.Path(file_okay=False),
              help="Folder holding unsc/, news/, events/ (VETOWATCH_DATA).")
@click.version_option(package_name="vetowatch")
@click.pass_context
def cli(ctx: click.Context, db: str | None, data_dir: str | None) -> None:
    """vetowatch: who said what about a crisis, and what the Security Council will do."""
    ctx.obj = Context(Settings.from_env(db=db, data=data_dir))


# -- data ---------------------------------------------------------------------------------------

@cli.group()
def data() -> None:
    """Import, check and download the Council record."""


@data.command("import")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Rebuild even if the files are unchanged.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_ctx
def data_import(c: Context, directory: Path | None, force: bool, as_json: bool) -> None:
    """Import the Council record from DIRECTORY (default: $VETOWATCH_DATA/unsc)."""
    from vetowatch.council.importer import import_record

    folder = directory or c.settings.unsc_dir
    with c.err.status("importing the Council record…") as status:
        report = import_record(c.store, folder, force=force,
                               progress=lambda msg: status.update(f"reading {msg}…"))
    if as_json:
        emit_json(report.to_json())
    else:
        render.import_report(c.out, report)


@data.command("check")
@click.option("--kind", help="Only notes of this kind (e.g. swapped-day-month).")
@click.option("--status", type=click.Choice(["corrected", "skipped", "inconsistent", "info"]))
@click.option("--limit", type=int, default=20, show_default=True, help="Notes to list (0: all).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def data_check(c: Context, kind: str | None, status: str | None, limit: int,
               as_json: bool) -> None:
    """List what the import corrected and what remains inconsistent."""
    from vetowatch.council.queries import check

    report = check(c.store, kind=kind, status=status, limit=limit or None)
    if as_json:
        emit_json(report.to_json())
    else:
        render.check_report(c.out, report)


@data.command("export")
@click.option("--shape", type=click.Choice(["decisions", "votes"]), default="decisions",
              show_default=True, help="A row per decision, or a row per member vote.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv",
              show_default=True)
@click.option("--since", help="First date (YYYY-MM-DD).")
@click.option("--until", help="Last date (YYYY-MM-DD).")
@click.option("--topic", help="Words in the agenda item, topic or title.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@pass_ctx
def data_export(c: Context, shape: str, fmt: str, since: str | None, until: str | None,
                topic: str | None, out: Path | None) -> None:
    """Export the record (drafts and resolutions put to the vote) as CSV or JSONL."""
    from vetowatch.council.export import export_record, select_records

    records = select_records(c.store, since=optional_date(since),
                             until=optional_date(until), topic=topic)
    if out is None:
        export_record(records, sys.stdout, fmt=fmt, shape=shape)
        return
    with out.open("w", encoding="utf-8", newline="") as fh:
        n = export_record(records, fh, fmt=fmt, shape=shape)
    c.err.print(f"wrote {n} rows to {out}")


@data.command("fetch")
@click.argument("what", required=False, default="council",
                type=click.Choice(["council", "actors"]))
@click.option("--wikidata-url", help="SPARQL endpoint for `data fetch actors`.")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path),
              help="Where to save (default: ./vetowatch-data/unsc); then `data import DEST`.")
@click.option("--undl-files-url", help="Folder URL of the UN Digital Library record's files.")
@click.option("--undl-file", help="File name of the voting CSV in that folder.")
@click.option("--dhl-meetings-url", help="DHL meetings tables URL pattern with {year}.")
@click.option("--dhl-veto-url", help="URL of the DHL veto page.")
@click.option("--membership-url", help="URL of the DPPA Council-membership CSV.")
@click.option("--timeout", type=float, default=30.0, show_default=True)
@click.option("--retries", type=int, default=3, show_default=True)
@click.option("--force", is_flag=True, help="Download again even if present and unchanged.")
@pass_ctx
def data_fetch(c: Context, what: str, wikidata_url: str | None, dest: Path | None,
               undl_files_url: str | None, undl_file: str | None,
               dhl_meetings_url: str | None, dhl_veto_url: str | None,
               membership_url: str | None, timeout: float, retries: int, force: bool) -> None:
    """Download the official sources (UN Digital Library CSV, DHL tables and veto page);
    `data fetch actors`: dated office-holders from Wikidata (see docs/actors.md)."""
    if what == "actors":
        fetch_actors_cmd(c, wikidata_url, timeout, retries)
        return
    from vetowatch.council import fetch

    folder = dest or Path("vetowatch-data") / "unsc"
    urls = {"undl_files_url": undl_files_url, "undl_file": undl_file,
            "dhl_meetings_url": dhl_meetings_url, "dhl_veto_url": dhl_veto_url,
            "membership_url": membership_url}
    sources = fetch.default_sources(**{k: v for k, v in urls.items() if v})  # type: ignore[arg-type]
    with render.FetchProgress(c.err) as bar:
        report = fetch.fetch_sources(sources, folder, timeout=timeout, retries=retries,
                                     progress=bar.update, force=force, keep_going=True)
    render.fetch_report(c.out, report)
    if not report.ok:
        sys.exit(1)


# -- Council queries ----------------------------------------------------------------------------

@cli.command("council")
@click.option("--date", "day", required=True, help="YYYY-MM-DD")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def council_cmd(c: Context, day: str, as_json: bool) -> None:
    """The 15 (11 before 1966) members of the Council on a date."""
    from vetowatch.council.queries import council_on

    result = council_on(c.store, parse_date(day))
    if as_json:
        emit_json(result.to_json())
    else:
        render.council(c.out, result)


@cli.command("vote")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def vote_cmd(c: Context, ref: str, as_json: bool) -> None:
    """A vote: REF is a draft (S/2011/612), a resolution (S/RES/1973 (2011)) or a number."""
    from vetowatch.council.queries import get_vote, vote_json

    rec = get_vote(c.store, ref)
    if as_json:
        emit_json(vote_json(rec))
    else:
        render.vote(c.out, rec)


@cli.command("vetoes")
@click.option("--member", help="A permanent member (RUS counts the USSR's vetoes too).")
@click.option("--topic", help="Words in the agenda item or topic, e.g. syria.")
@click.option("--since", type=int, help="First year.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def vetoes_cmd(c: Context, member: str | None, topic: str | None, since: int | None,
               as_json: bool) -> None:
    """Vetoed drafts, newest first."""
    from vetowatch.council.queries import vetoes, vote_json

    found = vetoes(c.store, member=member, topic=topic, since=since)
    if as_json:
        emit_json([vote_json(r) for r in found])
    else:
        render.vote_table(c.out, found, title=f"{len(found)} vetoed drafts")


@cli.command("precedents")
@click.option("--topic", required=True, help="Words in the agenda item or topic, e.g. libya.")
@click.option("--before", required=True, help="YYYY-MM-DD")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def precedents_cmd(c: Context, topic: str, before: str, limit: int, as_json: bool) -> None:
    """Earlier votes on an agenda, with tallies and abstainers."""
    from vetowatch.council.queries import precedents, vote_json

    found = precedents(c.store, topic=topic, before=parse_date(before), limit=limit)
    if as_json:
        emit_json([vote_json(r) for r in found])
    else:
        render.vote_table(c.out, found, title=f"votes on {topic!r} before {before}")


@cli.command("forecast")
@click.option("--date", "day", required=True, help="Day of the forecast (records before it).")
@click.option("--agenda", help='Agenda item, e.g. "The situation in the Middle East".')
@click.option("--topic", help='Topic, e.g. "Middle East (Syria)".')
@click.option("--submitters", multiple=True, help="ISO codes or names, comma-separated.")
@click.option("--kind", help="sanctions, mandate_renewal, condemnation, ceasefire, …")
@click.option("--title", help="Title or summary of the draft, if known.")
@click.option("--procedural", is_flag=True, help="A procedural question (no veto).")
@click.option("--news", is_flag=True,
              help="Also update the forecast with the stored statements (positions of Council "
                   "members on questions linked to the draft).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def forecast_cmd(c: Context, day: str, agenda: str | None, topic: str | None,
                 submitters: tuple[str, ...], kind: str | None, title: str | None,
                 procedural: bool, news: bool, as_json: bool) -> None:
    """Forecast each member's vote and the outcome of a draft not yet voted on."""
    from vetowatch.forecast.service import forecast_draft

    if news:
        from vetowatch.forecast.news_service import forecast_with_news

        both = forecast_with_news(c.store, c.settings, parse_date(day), agenda=agenda,
                                  topic=topic, submitters=submitters, kind=kind, title=title,
                                  procedural=procedural)
        if as_json:
            emit_json(both.with_news_json())
        else:
            render.forecast(c.out, both.record_only)
            render.news_update(c.out, both)
        return
    result = forecast_draft(c.store, parse_date(day), agenda=agenda, topic=topic,
                            submitters=submitters, kind=kind, title=title,
                            procedural=procedural)
    if as_json:
        emit_json(result.to_json())
    else:
        render.forecast(c.out, result)


@cli.command("backtest")
@click.option("--from", "start", type=int, default=2000, show_default=True)
@click.option("--to", "end", type=int, default=2025, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the report JSON and the calibration plot (PNG).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def backtest_cmd(c: Context, start: int, end: int, out: Path | None, as_json: bool) -> None:
    """Rolling-origin backtest of the forecasts against baselines, on the real record."""
    from vetowatch.forecast.service import backtest

    with c.err.status(f"backtesting {start}–{end}…"):
        report = backtest(c.store, start, end, out)
    if as_json:
        emit_json(report.to_json())
    else:
        render.backtest(c.out, report, out)


# -- news ----------------------------------------------------------------------------------------

@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--date", "day", help="Publication date for texts that carry none (YYYY-MM-DD).")
@click.option("--source", help="Source name for texts that carry none (e.g. an outlet).")
@click.option("--workers", type=int, default=1, show_default=True,
              help="Processes for extraction (use 2 on a 2-core machine).")
@click.option("--speaker", metavar="CODE",
              help="Actor code of the speaker of first-person texts (speeches), e.g. FRAGOV: "
                   "their 'we', 'I', 'my government' statements are that actor's.")
@click.option("--genre", type=click.Choice(GENRES),
              help="Read every text as this genre (default: each record's own, detected).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def ingest_cmd(c: Context, paths: tuple[Path, ...], day: str | None, source: str | None,
               workers: int, speaker: str | None, genre: str | None, as_json: bool) -> None:
    """Ingest news files or folders (text, HTML, JSONL, CSV, RSS/Atom) and extract statements."""
    from vetowatch.reading import ingest

    published = optional_date(day)
    with render.IngestProgress(c.err) as bar:
        report = ingest(c.store, c.settings, paths, published=published, source=source,
                        workers=workers, progress=bar.update, speaker=speaker, genre=genre)
    if as_json:
        emit_json(report.to_json())
    else:
        render.ingest_report(c.out, report)


@cli.command("reextract")
@click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--all", "everything", is_flag=True,
              help="Every stored article, not only those extracted by other versions.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def reextract_cmd(c: Context, since: str | None, everything: bool, as_json: bool) -> None:
    """Re-read stored articles whose statements older extraction rules, actor tables or
    model made; stances follow at the next `positions`. Exit 1 when some articles failed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from vetowatch.reextract import reextract

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=c.err, transient=True) as bar:
        task = bar.add_task("re-extracting", total=None)
        report = reextract(c.store, c.settings, since=optional_date(since),
                           everything=everything,
                           progress=lambda done, total, _: bar.update(task, completed=done,
                                                                      total=total))
    if as_json:
        emit_json(report.to_json())
    else:
        c.out.print(f"{report.examined} articles examined, {report.stale} stale, "
                    f"{report.reextracted} re-extracted: statements {report.statements_before}"
                    f" → {report.statements_after} in {report.seconds:.1f} s "
                    f"(versions {report.version}: " +
                    ", ".join(f"{k} {v}" for k, v in report.versions.items()) + ")")
        for failure in report.failed:
            c.out.print(f"[red]failed[/] {failure.article_id}: {failure.error}")
    if report.failed:
        sys.exit(1)


def _statement_filters(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--actor", help="Speaker actor code or prefix: RUS, RUSGOV, IGOUNO.")(f)
    f = click.option("--since", help="First date (YYYY-MM-DD).")(f)
    f = click.option("--until", help="Last date (YYYY-MM-DD).")(f)
    f = click.option("--article", help="Article id (or its first characters).")(f)
    return f


@cli.group("statements", invoke_without_command=True)
@_statement_filters
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def statements_cmd(ctx: click.Context, actor: str | None, since: str | None, until: str | None,
                   article: str | None, limit: int, as_json: bool) -> None:
    """Stored statements: who said what, through whom, about whom, when."""
    if ctx.invoked_subcommand is not None:
        return
    from vetowatch.reading import iter_statements

    c: Context = ctx.obj
    items = list(iter_statements(c.store, actor=actor, since=optional_date(since),
                                 until=optional_date(until), article=article,
                                 limit=limit or None))
    if as_json:
        emit_json([i.to_json() for i in items])
    else:
        render.statements(c.out, items)


@statements_cmd.command("export")
@_statement_filters
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@pass_ctx
def statements_export(c: Context, actor: str | None, since: str | None, until: str | None,
                      article: str | None, fmt: str, out: Path | None) -> None:
    """Export statements as JSONL or CSV."""
    from vetowatch.reading import export_statements, iter_statements

    items = iter_statements(c.store, actor=actor, since=optional_date(since),
                            until=optional_date(until), article=article)
    if out is None:
        export_statements(items, sys.stdout, fmt)
        return
    with out.open("w", encoding="utf-8", newline="") as fh:
        n = export_statements(items, fh, fmt)
    c.err.print(f"wrote {n} statements to {out}")


# -- positions -----------------------------------------------------------------------------------

@cli.group("questions", invoke_without_command=True)
@click.option("--file", "files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra questions file (YAML or TOML).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def questions_cmd(ctx: click.Context, files: tuple[str, ...], as_json: bool) -> None:
    """Questions followed: built-in, from files, and added with `questions add`."""
    if ctx.invoked_subcommand is not None:
        return
    from vetowatch.positions import list_questions

    c: Context = ctx.obj
    found = list_questions(c.store, files)
    if as_json:
        emit_json(found.to_json())
    else:
        render.questions(c.out, found)


@questions_cmd.command("add")
@click.argument("question_id")
@click.argument("proposition")
@click.option("--for", "for_cues", multiple=True, help="A phrase that realises the proposition.")
@click.option("--against", "against_cues", multiple=True, help="A phrase asserting its opposite.")
@click.option("--target", "targets", multiple=True, help="A word or name the question is about.")
@click.option("--example", "examples", multiple=True, help="An example sentence.")
@click.option("--replace", is_flag=True, help="Replace a question with the same id.")
@pass_ctx
def questions_add(c: Context, question_id: str, proposition: str, for_cues: tuple[str, ...],
                  against_cues: tuple[str, ...], targets: tuple[str, ...],
                  examples: tuple[str, ...], replace: bool) -> None:
    """Add a question: an id and the proposition, with cue phrases."""
    from vetowatch.positions import add_question

    q = add_question(c.store, question_id, proposition, for_cues=for_cues,
                     against_cues=against_cues, targets=targets, examples=examples,
                     replace=replace)
    c.out.print(f"added question [bold]{q.id}[/]: {q.proposition}")


def _linked(c: Context) -> None:
    from vetowatch.positions import link_all

    with c.err.status("linking statements to questions…"):
        link_all(c.store, c.settings)


@cli.command("positions")
@click.argument("question")
@click.option("--as-of", "as_of", help="YYYY-MM-DD (default: all statements).")
@click.option("--level", type=click.Choice(["actor", "country"]), default="actor",
              show_default=True)
@click.option("--actor", help="Only this actor (code or prefix).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def positions_cmd(c: Context, question: str, as_of: str | None, level: str, actor: str | None,
                  as_json: bool) -> None:
    """Each actor's stance on a question as of a date, with the statements behind it."""
    from vetowatch.positions import positions

    _linked(c)
    report = positions(c.store, question, optional_date(as_of), level=level,
                       actor=actor)
    if as_json:
        emit_json(report.to_json())
    else:
        render.positions(c.out, report)


@cli.command("shifts")
@click.option("--actor", help="Actor code or prefix, e.g. RUS.")
@click.option("--question", help="Only this question.")
@click.option("--level", type=click.Choice(["actor", "country"]), default="actor",
              show_default=True)
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def shifts_cmd(c: Context, actor: str | None, question: str | None, level: str,
               as_json: bool) -> None:
    """Changes of stance on a question, or of tone toward a target, with evidence."""
    from vetowatch.positions import shifts

    _linked(c)
    found = shifts(c.store, actor, question=question, level=level)
    if as_json:
        emit_json(found.to_json())
    else:
        render.shifts(c.out, found)


@cli.command("claims")
@click.option("--contested/--all", default=True, show_default=True,
              help="Only claims that another actor denied or refuted.")
@click.option("--actor", help="Only claims involving this actor.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def claims_cmd(c: Context, contested: bool, actor: str | None, as_json: bool) -> None:
    """Factual claims, and who denied or refuted them."""
    from vetowatch.positions import claims

    found = claims(c.store, contested, actor=actor)
    if as_json:
        emit_json(found.to_json())
    else:
        render.claims(c.out, found)


@cli.command("demo")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("vetowatch-demo.html"), show_default=True,
              help="Where to write the HTML report with the forecast chart.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def demo_cmd(c: Context, report: Path, as_json: bool) -> None:
    """The reference story: Russia, Syria and the Security Council, August–October 2011."""
    from vetowatch.demo import run_demo

    with c.err.status("importing the record, reading the article, forecasting…"):
        result = run_demo(c.store, c.settings, report)
    if as_json:
        emit_json(result.to_json())
    else:
        render.demo(c.out, result)


for _name, _command in sorted(commands.get_all().items()):  # built-ins and users' packages
    cli.add_command(_command, _name)


def main() -> None:
    cli(prog_name="vetowatch")
