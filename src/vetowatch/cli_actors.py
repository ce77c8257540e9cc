"""``vetowatch actors add|resolve|list`` and ``vetowatch data fetch actors``.

The commands parse their arguments and call the library (:mod:`vetowatch.extract.actors`);
registered in :data:`vetowatch.registry.commands`, which :mod:`vetowatch.cli` adds to its group.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from rich.markup import escape as esc

from vetowatch.cli_common import (
    DATE,
    END_DATE,
    Context,
    emit_json,
    limit_note,
    optional_date,
    pass_ctx,
    show_path,
)
from vetowatch.errors import InvalidInputError
from vetowatch.extract.actors import ActorDictionary, OfficeRow, load_actor_tables
from vetowatch.extract.actors.sources import SourceContext, add_user_actor
from vetowatch.extract.actors.tables import source_rows
from vetowatch.registry import actor_sources, commands


@click.group("actors")
def actors() -> None:
    """Who a name is on a date: the dated actor tables, and your own entries."""


@actors.command("add")
@click.argument("name")
@click.argument("code")
@click.option("--from", "start", type=DATE, help="First day (YYYY-MM-DD; a year: its first).")
@click.option("--to", "end", type=END_DATE, help="Last day (YYYY-MM-DD; a year: its last).")
@click.option("--office", help='The office, e.g. "NSC spokesman".')
@click.option("--source", help="Where this comes from (a URL).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def add_cmd(c: Context, name: str, code: str, start: date | None, end: date | None,
            office: str | None, source: str | None, as_json: bool) -> None:
    """Say that NAME is actor CODE (from … to …); it wins over every built-in table."""
    if not name.strip() or not code.strip():
        raise InvalidInputError("NAME and CODE must not be empty",
                                fix='E.g. vetowatch actors add "John Kirby" USAGOV --from 2022')
    key = add_user_actor(c.store, name, code.upper(), start, end, office, source)
    if as_json:
        emit_json({"id": key, "name": name, "code": code.upper(),
                   "from": optional_date(start), "to": optional_date(end),
                   "office": office, "source": source})
    else:
        c.out.print(esc(f"added #{key}: {name} → {code.upper()} ({start or '…'} – "
                        f"{end or '…'})"))


def _tables(c: Context) -> ActorDictionary:
    return load_actor_tables(c.settings, store=c.store)


@actors.command("resolve")
@click.argument("name")
@click.option("--date", "day", type=DATE,
              help="The date of the mention (YYYY-MM-DD; default today).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def resolve_cmd(c: Context, name: str, day: date | None, as_json: bool) -> None:
    """What NAME resolves to on a date, every candidate considered, and why one won."""
    on = day or date.today()
    tables = _tables(c)
    found, candidates = tables.explain(name, on)
    data: dict[str, Any] = {
        "name": name, "date": on.isoformat(), "tables": tables.version,
        "resolution": found.as_dict() if found else None,
        "candidates": [cand.as_dict() for cand in candidates],
    }
    if as_json:
        emit_json(data)
        return
    if found is None:
        c.out.print(f"{esc(name)} on {on}: no actor code")
    else:
        c.out.print(f"{esc(name)} on {on} → [bold]{esc(found.code)}[/] "
                    + esc(f"({found.person}, {found.office or '—'}; {found.start or '…'} – "
                          f"{found.end or '…'})\n  why: {found.why}\n  source: {found.source}"))
    for cand in candidates:
        row = cand.row
        mark = "✓" if found and (row.source, row.name, row.start) == (
            found.source, found.person, found.start) else " "
        c.out.print(esc(f" {mark} {row.code:8} {row.name} — {row.label or row.office} "
                        f"{row.start or '…'} – {row.end or '…'} [tier {row.tier}, {cand.match}"
                        f"{'' if cand.covers else ', not on the date'}] {row.source}"))


@actors.command("list")
@click.option("--source", "source", help="Only this actor source (e.g. handtable, user-db).")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="Rows to show (0: all).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def list_cmd(c: Context, source: str | None, limit: int, as_json: bool) -> None:
    """The registered actor sources and their rows."""
    names = sorted(actor_sources.get_all())
    if source is not None and source not in names:
        raise InvalidInputError(f"no actor source {source!r}; the sources are: {', '.join(names)}")
    ctx = SourceContext(c.settings, c.store)
    by_source, version = source_rows(ctx, [source] if source else None)
    if as_json:
        emit_json({"version": version, "sources": {
            name: [_row_json(r) for r in (rows if not limit else rows[:limit])]
            for name, rows in by_source.items()} if source else
            {name: len(rows) for name, rows in by_source.items()}})
        return
    for name, rows in by_source.items():
        c.out.print(f"[bold]{esc(name)}[/]: {len(rows)} rows")
        if source:
            shown = rows if not limit else rows[:limit]
            for row in shown:
                c.out.print(esc(f"  {row.code:8} {row.name} — {row.label or row.office} "
                                f"{row.start or '…'} – {row.end or '…'}  {row.source}"))
            limit_note(c.out, len(shown), len(rows))
    if source is None:
        c.out.print("[dim]`vetowatch actors list --source NAME` lists a source's codes and "
                    "names[/]")
    c.out.print(f"tables version {esc(version)}")


def _row_json(row: OfficeRow) -> dict[str, Any]:
    return {"name": row.name, "code": row.code, "office": row.office, "label": row.label,
            "start": row.start.isoformat() if row.start else None,
            "end": row.end.isoformat() if row.end else None, "source": row.source,
            "tier": row.tier}


def fetch_actors_cmd(c: Context, url: str | None, timeout: float, retries: int, *,
                     as_json: bool = False) -> None:
    """``vetowatch data fetch actors``: the Wikidata office-holders into the cache folder."""
    from vetowatch.extract.actors import wikidata

    with c.err.status("asking the Wikidata Query Service for office-holders…"):
        got = wikidata.fetch_actors(c.settings, url=url or wikidata.ENDPOINT, timeout=timeout,
                                    retries=retries)
    if as_json:
        emit_json({"rows": got.rows, "skipped": got.skipped, "path": str(got.path)})
        return
    c.out.print(f"wrote {got.rows} office-holder rows to {show_path(got.path)} ({got.skipped} "
                "skipped); the `wikidata` actor source reads them")


commands.register("actors", func=actors)
