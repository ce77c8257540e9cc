"""``--report FILE.html`` on ``forecast``, ``positions`` and ``vote``: the command's JSON
rendered as a standalone page by :mod:`vetowatch.htmlreport` (the web app's templates)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from vetowatch.cli_common import Context, show_path, writable

F = TypeVar("F", bound=Callable[..., Any])


def report_option(func: F) -> F:
    """The ``--report FILE.html`` option (missing folders are created)."""
    return click.option(
        "--report", "report", type=click.Path(dir_okay=False, path_type=Path),
        help="Also write the result as a self-contained HTML page (folders created).")(func)


def _written(c: Context, path: Path, html: str, as_json: bool) -> None:
    from vetowatch.htmlreport import write_report

    write_report(path, html)
    if not as_json:  # the JSON on standard output stays one document
        c.out.print(f"HTML report written to {show_path(path)}", soft_wrap=True)


def forecast(c: Context, path: Path | None, data: Mapping[str, Any], as_json: bool) -> None:
    if path is None:
        return
    from vetowatch.htmlreport import forecast_report

    _written(c, writable(path), forecast_report(data), as_json)


def positions(c: Context, path: Path | None, data: Mapping[str, Any], as_json: bool) -> None:
    """The positions with each listed actor's timeline."""
    if path is None:
        return
    from vetowatch.errors import NotFoundError
    from vetowatch.htmlreport import positions_report
    from vetowatch.positions import timeline

    lines: dict[str, dict[str, Any]] = {}
    for p in data.get("positions", []):
        try:
            lines[p["actor"]] = timeline(c.store, data["question"], p["actor"]).to_json()
        except NotFoundError:  # an actor of the country level has no statement-level line
            continue
    ids = [int(e["statement"]) for p in data.get("positions", [])
           for e in p.get("evidence", []) if e.get("statement") is not None]
    _written(c, writable(path), positions_report(data, lines, _sentences(c, ids)), as_json)


def _sentences(c: Context, ids: list[int]) -> dict[int, str]:
    """The whole sentence of each cited statement (a position's evidence is a span of it)."""
    from sqlalchemy import select

    from vetowatch.store import schema as s

    if not ids:
        return {}
    st = s.statement
    with c.store.connect() as conn:
        rows = conn.execute(select(st.c.id, st.c.sentence).where(st.c.id.in_(sorted(set(ids)))))
        return {int(r.id): str(r.sentence) for r in rows}


def vote(c: Context, path: Path | None, data: Mapping[str, Any], as_json: bool) -> None:
    """The vote with the earlier votes on its agenda (the 20 closest)."""
    if path is None:
        return
    from datetime import date

    from vetowatch.council.queries import precedents, vote_json
    from vetowatch.htmlreport import vote_report

    earlier: list[dict[str, Any]] = []
    if data.get("agenda") and data.get("date"):
        earlier = [vote_json(r) for r in precedents(
            c.store, topic=data["agenda"], before=date.fromisoformat(data["date"]),
            limit=None)[:20]]
    _written(c, writable(path), vote_report(data, earlier), as_json)
