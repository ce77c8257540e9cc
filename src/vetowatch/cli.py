"""The ``vetowatch`` command line. Each command parses, calls one library function, formats."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from vetowatch import (
    cli_events,
    cli_lists,
    cli_reports,
    cli_serve,
    cli_statements,
    cli_watch,
    render,
)
from vetowatch.cli_actors import fetch_actors_cmd
from vetowatch.cli_common import (
    DATE,
    END_DATE,
    EXIT_ERROR,
    EXIT_OK,
    Context,
    argv,
    as_vetowatch_error,
    emit_json,
    exit_if_rejected,
    export_summary,
    limit_note,
    not_empty,
    optional_date,
    parse_date,
    pass_ctx,
    print_error,
    print_usage_error,
    resolve_actor,
    show_path,
    wants_json,
    writable,
    writable_dir,
)
from vetowatch.errors import ConfigError, InvalidInputError, VetowatchError
from vetowatch.news.genre import GENRES
from vetowatch.registry import commands
from vetowatch.settings import Settings


class VetowatchGroup(click.Group):
    """Every failure as ``error E0xx: what happened`` and what to do (JSON under ``--json``),
    exit status 2; never a traceback (``VETOWATCH_DEBUG=1`` shows it)."""

    def main(self, args: Any = None, prog_name: str | None = None,  # type: ignore[override]
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        words = argv(args)
        as_json = wants_json(words)
        try:
            rv = super().main(words, prog_name, complete_var, False, **extra)
        except click.ClickException as exc:
            print_usage_error(exc, as_json=as_json)
            sys.exit(EXIT_ERROR)
        except click.Abort:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as exc:
            if os.environ.get("VETOWATCH_DEBUG") and not isinstance(exc, VetowatchError):
                raise
            print_error(as_vetowatch_error(exc), as_json=as_json)
            sys.exit(EXIT_ERROR)
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)


@click.group(cls=VetowatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="VETOWATCH_DB", help="Database URL or SQLite file (VETOWATCH_DB).")
@click.option("--data", "data_dir", envvar="VETOWATCH_DATA", type=click.Path(file_okay=False),
              help="Folder holding unsc/, news/, events/ (VETOWATCH_DATA).")
@click.version_option(package_name="vetowatch")
@click.pass_context
def cli(ctx: click.Context, db: str | None, data_dir: str | None) -> None:
    """vetowatch: who said what about a crisis, and what the Security Council will do.

    Exit status: 0 all done; 1 done, but some inputs were rejected (the summary says which);
    2 usage and fatal errors (`error E0xx: …`, JSON on stderr under --json)."""
    if db is not None and not db.strip():
        raise ConfigError("--db is empty (an empty name would mean a throw-away in-memory "
                          "database)", fix="Give a file name or a database URL, or leave "
                          "--db out for ./vetowatch.db.")
    ctx.obj = Context(Settings.from_env(db=db, data=data_dir))


# -- data ---------------------------------------------------------------------------------------

@cli.group()
def data() -> None:
    """Import, check and download the Council record."""


@data.command("import")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Rebuild even if the files are unchanged.")
@click.option("--allow-shrink", is_flag=True,
              help="Accept a record with fewer rows for some source and year than now.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_ctx
def data_import(c: Context, directory: Path | None, force: bool, allow_shrink: bool,
                as_json: bool) -> None:
    """Import the Council record from DIRECTORY (default: $VETOWATCH_DATA/unsc).

    An import that would lose rows (decisions, vetoes, votes or seats of any source and
    year) is refused unless --allow-shrink."""
    from rich.markup import escape

    from vetowatch.council.importer import import_record

    folder = directory or c.settings.unsc_dir
    with c.err.status("importing the Council record…") as status:
        report = import_record(c.store, folder, force=force, allow_shrink=allow_shrink,
                               progress=lambda msg: status.update(f"reading {msg}…"))
    if as_json:
        emit_json(report.to_json())
    else:
        render.import_report(c.out, report)
        for line in report.change_lines():
            c.out.print(f"  changed: {escape(line)}")


@data.command("check")
@click.option("--kind", help="Only notes of this kind (e.g. swapped-day-month).")
@click.option("--status", type=click.Choice(["corrected", "skipped", "inconsistent", "info"]))
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True,
              help="Notes to list (0: all).")
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
        limit_note(c.out, len(report.notes), report.total)


@data.command("export")
@click.option("--shape", type=click.Choice(["decisions", "votes"]), default="decisions",
              show_default=True, help="A row per decision, or a row per member vote.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv",
              show_default=True)
@click.option("--since", type=DATE, help="First date (YYYY-MM-DD; a year: its first day).")
@click.option("--until", type=END_DATE, help="Last date (YYYY-MM-DD; a year: its last day).")
@click.option("--topic", help="Words in the agenda item, topic or title (`vetowatch topics`).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write, folders created (default: standard output).")
@click.option("--json", "as_json", is_flag=True,
              help="Print the summary (rows, file) as JSON (on stderr without --out).")
@pass_ctx
def data_export(c: Context, shape: str, fmt: str, since: date | None, until: date | None,
                topic: str | None, out: Path | None, as_json: bool) -> None:
    """Export the record (drafts and resolutions put to the vote) as CSV or JSONL."""
    from vetowatch.council.export import export_record, select_records

    records = select_records(c.store, since=since, until=until, topic=topic)
    if out is None:
        n = export_record(records, sys.stdout, fmt=fmt, shape=shape)
    else:
        with writable(out).open("w", encoding="utf-8", newline="") as fh:
            n = export_record(records, fh, fmt=fmt, shape=shape)
    export_summary(c, {"rows": n, "format": fmt, "shape": shape,
                        "out": str(out) if out else None}, as_json)


@data.command("fetch")
@click.argument("what", required=False, default="council",
                type=click.Choice(["council", "actors", "unsc-debates", "unsc-speeches"]))
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
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_ctx
def data_fetch(c: Context, what: str, wikidata_url: str | None, dest: Path | None,
               undl_files_url: str | None, undl_file: str | None,
               dhl_meetings_url: str | None, dhl_veto_url: str | None,
               membership_url: str | None, timeout: float, retries: int, force: bool,
               as_json: bool) -> None:
    """Download the official sources (UN Digital Library CSV, DHL tables and veto page);
    `data fetch actors`: dated office-holders from Wikidata (see docs/actors.md);
    `data fetch unsc-debates` / `unsc-speeches`: the Council's debates (docs/news.md)."""
    if what == "actors":
        fetch_actors_cmd(c, wikidata_url, timeout, retries, as_json=as_json)
        return
    if what.startswith("unsc-"):  # the Council's debates from Dataverse (docs/news.md)
        from vetowatch.news.unsc_fetch import fetch_corpus

        with render.FetchProgress(c.err) as bar:
            got = fetch_corpus(what, dest or Path("vetowatch-data") / what, timeout=timeout,
                               retries=retries, progress=bar.update, force=force)
        if as_json:
            emit_json(render.fetch_json(got))
        else:
            render.fetch_report(c.out, got)
        exit_if_rejected(got.failed)
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
    if as_json:
        emit_json(render.fetch_json(report))
    else:
        render.fetch_report(c.out, report)
    exit_if_rejected(report.failed)


# -- Council queries ----------------------------------------------------------------------------

@cli.command("council")
@click.option("--date", "day", type=DATE, required=True, help="YYYY-MM-DD")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def council_cmd(c: Context, day: date, as_json: bool) -> None:
    """The 15 (11 before 1966) members of the Council on a date."""
    from vetowatch.council.queries import council_on

    result = council_on(c.store, day)
    if as_json:
        emit_json(result.to_json())
    else:
        render.council(c.out, result)


@cli.command("vote")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True)
@cli_reports.report_option
@pass_ctx
def vote_cmd(c: Context, ref: str, as_json: bool, report: Path | None) -> None:
    """A vote: REF is a draft (S/2011/612), a resolution (S/RES/1973 (2011)) or a number."""
    from vetowatch.council.queries import get_vote, vote_json

    rec = get_vote(c.store, ref)
    if as_json:
        emit_json(vote_json(rec))
    else:
        render.vote(c.out, rec)
    cli_reports.vote(c, report, vote_json(rec), as_json)


@cli.command("vetoes")
@click.option("--member", help="A permanent member, code or name (RUS counts the USSR's too).")
@click.option("--topic", help="Words in the agenda item, topic or title, e.g. syria.")
@click.option("--since", type=DATE, help="First date (YYYY-MM-DD; a year: its first day).")
@click.option("--until", type=END_DATE, help="Last date (YYYY-MM-DD; a year: its last day).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def vetoes_cmd(c: Context, member: str | None, topic: str | None, since: date | None,
               until: date | None, as_json: bool) -> None:
    """Vetoed drafts, newest first."""
    from vetowatch.council.queries import vetoes, vote_json

    found = vetoes(c.store, member=member, topic=topic, since=since, until=until)
    if as_json:
        emit_json([vote_json(r) for r in found])
    else:
        render.vote_table(c.out, found, title=f"{len(found)} vetoed drafts")


@cli.command("precedents")
@click.option("--topic", required=True,
              help="Words in the agenda item, topic or title, e.g. libya.")
@click.option("--before", type=DATE, required=True, help="YYYY-MM-DD (a year: its first day)")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="Votes to list (0: all).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def precedents_cmd(c: Context, topic: str, before: date, limit: int, as_json: bool) -> None:
    """Earlier votes on an agenda, with tallies and abstainers."""
    from vetowatch.council.queries import precedents, vote_json

    found = precedents(c.store, topic=topic, before=before, limit=None)
    shown = found[:limit] if limit else found
    if as_json:
        emit_json([vote_json(r) for r in shown])
    else:
        render.vote_table(c.out, shown, title=f"votes on {topic!r} before {before}")
        limit_note(c.out, len(shown), len(found))


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
@cli_reports.report_option
@pass_ctx
def forecast_cmd(c: Context, day: str, agenda: str | None, topic: str | None,
                 submitters: tuple[str, ...], kind: str | None, title: str | None,
                 procedural: bool, news: bool, as_json: bool, report: Path | None) -> None:
    """Forecast each member's vote and the outcome of a draft not yet voted on."""
    from vetowatch.forecast.cache import FitCache
    from vetowatch.forecast.service import forecast_draft

    not_empty(agenda=agenda, topic=topic, submitters=",".join(submitters) if submitters else None)

    cache = FitCache(c.settings.cache_dir)
    if news:
        from vetowatch.forecast.news_service import forecast_with_news

        both = forecast_with_news(c.store, c.settings, parse_date(day), agenda=agenda,
                                  topic=topic, submitters=submitters, kind=kind, title=title,
                                  procedural=procedural, cache=cache)
        if as_json:
            emit_json(both.with_news_json())
        else:
            render.forecast(c.out, both.record_only)
            render.news_update(c.out, both)
        cli_reports.forecast(c, report, both.with_news_json(), as_json)
        return
    result = forecast_draft(c.store, parse_date(day), agenda=agenda, topic=topic,
                            submitters=submitters, kind=kind, title=title,
                            procedural=procedural, cache=cache)
    if as_json:
        emit_json(result.to_json())
    else:
        render.forecast(c.out, result)
    cli_reports.forecast(c, report, result.to_json(), as_json)


@cli.command("backtest")
@click.option("--from", "start", type=int, default=2000, show_default=True)
@click.option("--to", "end", type=int, default=2025, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder (created if missing) for the report JSON (backtest.json) and the "
                   "calibration plot (calibration.png).")
@click.option("--tune", is_flag=True,
              help="Re-run the grid search that chose the shipped hyper-parameters (on the six "
                   "years before --from) and score the chosen point.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a self-contained HTML report (figures, intervals, baselines, "
                   "reliability diagrams) to this file; missing folders are created.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def backtest_cmd(c: Context, start: int, end: int, out: Path | None, tune: bool,
                 report_path: Path | None, as_json: bool) -> None:
    """Rolling-origin backtest of the shipped forecaster against baselines, on the real
    record (the configuration `forecast` uses)."""
    from vetowatch.evaluation.backtest import backtest_store

    if start > end:
        raise InvalidInputError(f"--from {start} is after --to {end}",
                                fix="Give the first year first, e.g. --from 2000 --to 2025.")
    if report_path is not None:
        writable(report_path)  # fail before the run, not after it
    with c.err.status(f"backtesting {start}–{end}…"):
        report = backtest_store(c.store, start, end, out and writable_dir(out), tune=tune)
    if out is not None:
        (out / "backtest.json").write_text(json.dumps(report.to_json(), indent=2, default=str),
                                           encoding="utf-8")
    if report_path is not None:
        report.write_html(report_path)
    if as_json:
        emit_json(report.to_json())
    else:
        render.backtest(c.out, report, out)
        if report_path is not None:
            c.out.print(f"HTML report written to {show_path(report_path)}", soft_wrap=True)


# -- news ----------------------------------------------------------------------------------------

@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--date", "day", help="Publication date for texts that carry none (YYYY-MM-DD).")
@click.option("--source", help="Source name for texts that carry none (e.g. an outlet).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Extraction processes: more than 1 runs a Dask LocalCluster of that many "
                   "workers (use 2 on a 2-core machine).")
@click.option("--scheduler", metavar="URL",
              help="Extract on an existing Dask cluster (tcp://HOST:8786); its workers need "
                   "vetowatch and the spaCy model.")
@click.option("--speaker", metavar="CODE",
              help="Actor code of the speaker of first-person texts (speeches), e.g. FRAGOV: "
                   "their 'we', 'I', 'my government' statements are that actor's.")
@click.option("--genre", type=click.Choice(GENRES),
              help="Read every text as this genre (default: each record's own, detected).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def ingest_cmd(c: Context, paths: tuple[Path, ...], day: str | None, source: str | None,
               workers: int, scheduler: str | None, speaker: str | None, genre: str | None,
               as_json: bool) -> None:
    """Ingest news files or folders (text, HTML, JSONL, CSV, RSS/Atom) and extract statements.
    Bad files and records are listed and skipped, the rest stored: exit 0 when all were
    read, 1 when some were rejected, 2 on a usage error (a missing path, a bad --date)."""
    from vetowatch.news.article import option_date
    from vetowatch.reading import ingest

    published = option_date(day) if day is not None else None
    with render.IngestProgress(c.err) as bar:
        report = ingest(c.store, c.settings, paths, published=published, source=source,
                        workers=workers, progress=bar.update, speaker=speaker, genre=genre,
                        scheduler=scheduler)
    if as_json:
        emit_json(report.to_json())
    else:
        render.ingest_report(c.out, report)
    exit_if_rejected(report.rejected)


@cli.command("reextract")
@click.option("--since", type=DATE,
              help="Only articles published on or after this date (YYYY-MM-DD or a year).")
@click.option("--all", "everything", is_flag=True,
              help="Every stored article, not only those extracted by other versions.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Extraction processes (more than 1: a Dask LocalCluster), as for ingest.")
@click.option("--scheduler", metavar="URL", help="An existing Dask cluster (tcp://HOST:8786).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def reextract_cmd(c: Context, since: date | None, everything: bool, workers: int,
                  scheduler: str | None, as_json: bool) -> None:
    """Re-read stored articles whose statements older extraction rules, actor tables or
    model made; stances follow at the next `positions`. Exit 1 when some articles failed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from vetowatch.reextract import reextract

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=c.err, transient=True) as bar:
        task = bar.add_task("re-extracting", total=None)
        report = reextract(c.store, c.settings, since=optional_date(since),
                           everything=everything, workers=workers, scheduler=scheduler,
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
            c.out.print(f"[red]failed[/] {escape(str(failure.article_id))}: "
                        f"{escape(str(failure.error))}")
    if report.failed:
        sys.exit(1)


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
@click.option("--json", "as_json", is_flag=True, help="Print the stored question as JSON.")
@pass_ctx
def questions_add(c: Context, question_id: str, proposition: str, for_cues: tuple[str, ...],
                  against_cues: tuple[str, ...], targets: tuple[str, ...],
                  examples: tuple[str, ...], replace: bool, as_json: bool) -> None:
    """Add a question: an id and the proposition, with cue phrases."""
    from vetowatch.positions import add_question

    q = add_question(c.store, question_id, proposition, for_cues=for_cues,
                     against_cues=against_cues, targets=targets, examples=examples,
                     replace=replace)
    if as_json:
        emit_json(q.to_json())
    else:
        c.out.print(f"added question [bold]{escape(q.id)}[/]: {escape(q.proposition)}")


def _linked(c: Context) -> None:
    from vetowatch.positions import link_all

    with c.err.status("linking statements to questions…"):
        link_all(c.store, c.settings)


@cli.command("positions")
@click.argument("question")
@click.option("--as-of", "as_of", type=END_DATE,
              help="YYYY-MM-DD; a year: its last day (default: all statements).")
@click.option("--level", type=click.Choice(["actor", "country"]), default="actor",
              show_default=True)
@click.option("--actor", help="Only this actor: code or prefix (RUS, RUSGOV) or a name.")
@click.option("--json", "as_json", is_flag=True)
@cli_reports.report_option
@pass_ctx
def positions_cmd(c: Context, question: str, as_of: date | None, level: str, actor: str | None,
                  as_json: bool, report: Path | None) -> None:
    """Each actor's stance on a question as of a date, with the statements behind it."""
    from vetowatch.positions import positions

    _linked(c)
    found = positions(c.store, question, optional_date(as_of), level=level,
                      actor=resolve_actor(c, actor) if actor is not None else None)
    if as_json:
        emit_json(found.to_json())
    else:
        render.positions(c.out, found)
    cli_reports.positions(c, report, found.to_json(), as_json)


@cli.command("shifts")
@click.option("--actor", help="Actor code or prefix (RUS) or a name (Russia).")
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
    found = shifts(c.store, resolve_actor(c, actor) if actor is not None else None,
                   question=question, level=level)
    if as_json:
        emit_json(found.to_json())
    else:
        render.shifts(c.out, found)


@cli.command("claims")
@click.option("--contested/--all", default=True, show_default=True,
              help="Only claims that another actor denied or refuted.")
@click.option("--actor", help="Only claims involving this actor (code, prefix or name).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def claims_cmd(c: Context, contested: bool, actor: str | None, as_json: bool) -> None:
    """Factual claims, and who denied or refuted them."""
    from vetowatch.positions import claims

    found = claims(c.store, contested,
                   actor=resolve_actor(c, actor) if actor is not None else None)
    if as_json:
        emit_json(found.to_json())
    else:
        render.claims(c.out, found)


@cli.command("demo")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("vetowatch-demo.html"), show_default=True,
              help="Where to write the HTML report with the forecast chart (folders "
                   "created).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def demo_cmd(c: Context, report: Path, as_json: bool) -> None:
    """The reference story: Russia, Syria and the Security Council, August–October 2011."""
    from vetowatch.demo import run_demo

    with c.err.status("importing the record, reading the article, forecasting…"):
        result = run_demo(c.store, c.settings, writable(report))
    if as_json:
        emit_json(result.to_json())
    else:
        render.demo(c.out, result)


assert cli_lists and cli_statements  # register `topics`, `agendas`, `kinds`, `statements`
assert cli_serve  # registers `serve`
assert cli_watch  # registers `watch` and `alerts`
assert cli_events  # registers `events`
for _name, _command in sorted(commands.get_all().items()):  # built-ins and users' packages
    cli.add_command(_command, _name)


def main() -> None:
    cli(prog_name="vetowatch")
