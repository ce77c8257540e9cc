"""``vetowatch watch`` and ``vetowatch alerts``: live feeds with alerts.

Registered in :data:`vetowatch.registry.commands`; the library is :mod:`vetowatch.watch`.
"""

from __future__ import annotations

import signal
import threading
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from vetowatch.cli_common import (
    DATE,
    Context,
    emit_json,
    exit_if_rejected,
    pass_ctx,
    show_path,
    writable,
)
from vetowatch.registry import commands
from vetowatch.watch.config import parse_interval

__all__ = ["alerts_cmd", "watch_cmd"]


def _print_round(c: Context, report: Any) -> None:
    c.out.print(
        f"[bold]{report.at:%Y-%m-%d %H:%M:%S}[/] fetched {len(report.fetched)}, unchanged "
        f"{len(report.unchanged)}, failed {len(report.failed)}; {report.new_items} new items, "
        f"{report.articles} articles, {report.statements} statements stored")
    for url, problem in report.failed.items():
        c.err.print(f"[yellow]feed failed[/] {escape(url)}: {escape(problem)}")
    for alert in report.alerts:
        _print_alert(c, alert)
    for problem in report.delivery_problems:
        c.err.print(f"[yellow]alert delivery[/] {escape(problem)}")


def _print_alert(c: Context, alert: Any) -> None:
    what = alert.question or alert.scenario or ""
    c.out.print(f"[bold red]ALERT[/] {escape(alert.kind)} {escape(alert.actor or '')} "
                f"{escape(what)}: {escape(str(alert.before))} → {escape(str(alert.after))}")
    for ref in alert.statements[:3]:
        quote = str(ref.get("quote") or "")
        c.out.print(f"   “{escape(quote[:160])}” — {escape(str(ref.get('speaker')))}, "
                    f"{escape(str(ref.get('url') or ref.get('article')))}")


@click.command("watch")
@click.argument("feeds_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--once", is_flag=True, help="One round (every feed not in backoff), then exit.")
@click.option("--interval", help="Time between rounds, e.g. 15m (default: each feed's own).")
@click.option("--alerts", "alerts_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Append each alert to this JSONL file.")
@click.option("--webhook", help="POST each alert as JSON to this URL.")
@click.option("--json", "as_json", is_flag=True, help="Print each round's report as JSON.")
@pass_ctx
def watch_cmd(c: Context, feeds_file: Path, once: bool, interval: str | None,
              alerts_file: Path | None, webhook: str | None, as_json: bool) -> None:
    """Watch feeds: ingest new items, alert on first positions, shifts and forecast changes.

    Runs in the foreground; Ctrl-C or SIGTERM stops it after the round in progress."""
    from vetowatch.watch import Watcher, load_config

    config = load_config(feeds_file)
    seconds = parse_interval(interval, "--interval") if interval else None
    if alerts_file is not None:
        writable(alerts_file)
    watcher = Watcher(c.store, c.settings, config, alerts_file=alerts_file, webhook=webhook)
    rejected: list[str] = []

    def show(report: Any) -> None:
        rejected.extend(report.rejected)
        if as_json:
            emit_json(report.to_json())
        else:
            _print_round(c, report)

    if once:
        show(watcher.round())
        exit_if_rejected(rejected)
        return
    stop = threading.Event()

    def request_stop(signum: int, frame: Any) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        c.err.print(f"watching {len(config.feeds)} feeds from {show_path(feeds_file)} "
                    "(Ctrl-C to stop after the current round)")
        watcher.run(stop, interval=seconds, on_round=show)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.command("alerts")
@click.option("--since", type=DATE, help="Alerts from this day on (YYYY-MM-DD or YYYY).")
@click.option("--kind", type=click.Choice(["first_position", "shift", "forecast_change"]))
@click.option("--limit", type=click.IntRange(min=0), default=0, show_default=True,
              help="At most N (0: all).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def alerts_cmd(c: Context, since: date | None, kind: str | None, limit: int,
               as_json: bool) -> None:
    """The alerts `vetowatch watch` raised, oldest first."""
    from vetowatch.watch.alerts import list_alerts

    found = list_alerts(c.store, since, kind, max(limit, 0))
    if as_json:
        emit_json([a.to_json() for a in found])
        return
    if not found:
        c.out.print("no alerts")
    for alert in found:
        c.out.print(f"[dim]{alert.at:%Y-%m-%d %H:%M}[/]", end=" ")
        _print_alert(c, alert)


commands.register("watch", func=watch_cmd)
commands.register("alerts", func=alerts_cmd)
