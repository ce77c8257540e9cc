"""``vetowatch events export``: statements as event data (PLOVER, ICEWS, CAMEO layouts).

Registered in :data:`vetowatch.registry.commands`; the library is
:mod:`vetowatch.statements.layouts`, the columns are documented in ``docs/codebook.md``.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from vetowatch.cli_common import DATE, END_DATE, Context, emit_json, pass_ctx, show_path, writable
from vetowatch.registry import commands
from vetowatch.statements.layouts import FORMATS, LAYOUTS, load_crosswalk, write_events

__all__ = ["events"]


@click.group("events")
def events() -> None:
    """Statements as event data, in the field's layouts."""


@events.command("export")
@click.option("--layout", type=click.Choice(sorted(LAYOUTS)), default="plover",
              show_default=True, help="Column layout (see docs/codebook.md).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--since", type=DATE, help="Articles published on or after (YYYY-MM-DD, YYYY).")
@click.option("--until", type=END_DATE, help="Articles published on or before.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: standard output; required for parquet).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_ctx
def export_cmd(c: Context, layout: str, fmt: str, since: date | None, until: date | None,
               out: Path | None, as_json: bool) -> None:
    """Write one row per stored statement, with its article's title, outlet, URL and date."""
    if out is None and fmt == "parquet":
        raise click.UsageError("--format parquet needs --out FILE")
    crosswalk = load_crosswalk(c.settings.data_dir)  # PLOVER modes and contexts, if present
    if out is None:
        n = write_events(c.store, sys.stdout, layout, fmt, since=since, until=until,
                         crosswalk=crosswalk)
    else:
        writable(out)
        mode, enc = ("wb", None) if fmt == "parquet" else ("w", "utf-8")
        with out.open(mode, encoding=enc, newline="" if enc else None) as fh:
            n = write_events(c.store, fh, layout, fmt, since=since, until=until,
                             crosswalk=crosswalk)
    summary = {"layout": layout, "format": fmt, "rows": n,
               "out": str(out) if out is not None else None}
    if as_json:
        emit_json(summary, err=out is None)
    elif out is not None:
        c.err.print(f"{n} rows ({layout}, {fmt}) written to {show_path(out)}")


commands.register("events", func=events)
