"""``vetowatch statements`` and ``vetowatch statements export``: who said what.

Registered in :data:`vetowatch.registry.commands`, which :mod:`vetowatch.cli` adds to its group.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from vetowatch import render
from vetowatch.cli_common import (
    DATE,
    END_DATE,
    Context,
    emit_json,
    export_summary,
    limit_note,
    not_empty,
    pass_ctx,
    resolve_actor,
    writable,
)
from vetowatch.registry import commands


def _statement_filters(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--actor", help="Speaker: actor code or prefix (RUS, RUSGOV, IGOUNO) or "
                                     "a name (Russia, United States, Lavrov).")(f)
    f = click.option("--since", type=DATE,
                     help="First date (YYYY-MM-DD; a year: its first day).")(f)
    f = click.option("--until", type=END_DATE,
                     help="Last date (YYYY-MM-DD; a year: its last day).")(f)
    f = click.option("--article", help="Article id (or its first characters).")(f)
    return f


@click.group("statements", invoke_without_command=True)
@_statement_filters
@click.option("--limit", type=click.IntRange(min=0), default=100, show_default=True,
              help="Statements to list (0: all).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def statements_cmd(ctx: click.Context, actor: str | None, since: date | None,
                   until: date | None, article: str | None, limit: int, as_json: bool) -> None:
    """Stored statements: who said what, through whom, about whom, when."""
    if ctx.invoked_subcommand is not None:
        return
    from vetowatch.reading import count_statements
    from vetowatch.statements.rows import iter_statement_rows

    c: Context = ctx.obj
    not_empty(article=article)
    code = resolve_actor(c, actor) if actor is not None else None
    items = list(iter_statement_rows(c.store, actor=code, since=since, until=until,
                                     article=article, limit=limit or None))
    if as_json:
        emit_json([i.to_json() for i in items])  # each with its article's provenance
    else:
        render.statements(c.out, [i.stored for i in items])
        if limit and len(items) == limit:
            limit_note(c.out, len(items), count_statements(
                c.store, actor=code, since=since, until=until, article=article))


@statements_cmd.command("export")
@_statement_filters
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write, folders created (default: standard output).")
@click.option("--json", "as_json", is_flag=True,
              help="Print the summary (rows, file) as JSON (on stderr without --out).")
@pass_ctx
def statements_export(c: Context, actor: str | None, since: date | None, until: date | None,
                      article: str | None, fmt: str, out: Path | None, as_json: bool) -> None:
    """Export statements as JSONL or CSV, each with its article's id, title, outlet, URL,
    publication date and the statement's character offsets (char_start, char_end)."""
    from vetowatch.statements.rows import export_statement_rows, iter_statement_rows

    not_empty(article=article)
    code = resolve_actor(c, actor) if actor is not None else None
    items = iter_statement_rows(c.store, actor=code, since=since, until=until, article=article)
    if out is None:
        n = export_statement_rows(items, sys.stdout, fmt)
    else:
        with writable(out).open("w", encoding="utf-8", newline="") as fh:
            n = export_statement_rows(items, fh, fmt)
    export_summary(c, {"rows": n, "format": fmt, "out": str(out) if out else None}, as_json)


commands.register("statements", func=statements_cmd)
