"""The backtest as a self-contained HTML page (``vetowatch backtest --report FILE.html``).

The page comes from the package's Jinja2 templates (``vetowatch/templates/backtest.html`` on
the ``base.html`` layout), autoescaped; the reliability diagrams are inline SVG drawn by a
template macro from coordinates computed here. Nothing is loaded from the network.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from jinja2 import Environment, PackageLoader, StrictUndefined

from vetowatch import __version__
from vetowatch.errors import OutputError
from vetowatch.evaluation.scoring import ReliabilityBin

if TYPE_CHECKING:
    from vetowatch.evaluation.report import BacktestReport

__all__ = ["render_backtest_html", "write_backtest_html"]

CHART = 240.0
"""Side of a reliability diagram's plotting area, in SVG units."""
MARGIN = 34.0
N_SURPRISES = 10

SCORES: tuple[tuple[str, str], ...] = (
    ("brier", "Brier"),
    ("log_loss", "log loss"),
    ("bss", "BSS (all-years base rate)"),
    ("bss_recent_base", "BSS (5-year base rate)"),
)


def _fmt(value: Any, digits: int = 3) -> str:
    """A number for the page: fixed digits, "–" for missing or not finite."""
    if value is None or isinstance(value, bool):
        return "–" if value is None else str(value)
    if isinstance(value, int | np.integer):
        return str(int(value))
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{x:.{digits}f}" if math.isfinite(x) else "–"


def _ci(interval: Mapping[str, Any] | None, digits: int = 3) -> str:
    if not interval:
        return "–"
    return f"[{_fmt(interval.get('lo'), digits)}, {_fmt(interval.get('hi'), digits)}]"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("vetowatch", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fmt"] = _fmt
    env.filters["ci"] = _ci
    return env


def reliability_points(table: Sequence[ReliabilityBin]) -> list[dict[str, Any]]:
    """SVG coordinates of a reliability table's non-empty bins (x: forecast, y: observed)."""
    total = sum(b.n for b in table) or 1
    out = []
    for b in table:
        if not b.n or not math.isfinite(b.confidence) or not math.isfinite(b.frequency):
            continue
        out.append(
            {
                "x": round(MARGIN + b.confidence * CHART, 1),
                "y": round(MARGIN + (1.0 - b.frequency) * CHART, 1),
                "r": round(2.5 + 9.0 * math.sqrt(b.n / total), 1),
                "n": b.n,
                "confidence": b.confidence,
                "frequency": b.frequency,
            }
        )
    return out


def _chart(title: str, xlabel: str, table: Sequence[ReliabilityBin]) -> dict[str, Any]:
    return {
        "title": title,
        "xlabel": xlabel,
        "points": reliability_points(table),
        "bins": table,
        "size": CHART,
        "margin": MARGIN,
    }


def _surprises(report: BacktestReport) -> list[dict[str, Any]]:
    """The drafts whose real outcome the model found least likely."""
    rows: list[dict[str, Any]] = []
    for f in report.forecasts:
        outcome = f.record.outcome
        idx = ("adopted", "vetoed", "failed").index(outcome)
        rows.append(
            {
                "draft": f.record.draft or f.record.resolution_symbol or str(f.record.id),
                "date": f.record.date.isoformat(),
                "agenda": f.record.topic or f.record.agenda or "",
                "outcome": outcome,
                "p": float(f.model_probs[idx]),
            }
        )
    rows.sort(key=lambda r: float(r["p"]))
    return rows[:N_SURPRISES]


def _forecasters(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per forecaster (the model first), the same figures side by side."""
    model = {
        key: data.get(key)
        for key in (
            "brier", "log_loss", "bss", "bss_ci", "bss_recent_base", "bss_recent_base_ci",
            "ece", "ece_nontrivial", "veto_recall", "veto_precision",
            "tally_pit_below_1pct", "tally_pit_below_10pct",
        )
    }
    rows = [{"name": "vetowatch (model)", **model}]
    for name, b in data.get("baselines", {}).items():
        rows.append({"name": name, **{k: b.get(k) for k in model}})
    return rows


def backtest_context(report: BacktestReport) -> dict[str, Any]:
    """Everything the template shows, as plain values."""
    data = report.to_json()
    start, end = report.years
    charts = []
    if report.reliability:
        charts.append(_chart("top label (all outcomes)", "forecast confidence", report.reliability))
    if report.figures is not None:
        for name, table in report.figures.reliability_by_class.items():
            charts.append(_chart(f"P({name}), one vs rest", f"P({name})", table))
    member_charts = []
    if report.distribution is not None:
        for seat, table in report.distribution.reliability_by_member.items():
            if any(b.n for b in table):
                member_charts.append(_chart(f"{seat}: P(No)", "forecast P(No)", table))
    return {
        "data": data,
        "start": start,
        "end": end,
        "forecasters": _forecasters(data),
        "scores": SCORES,
        "charts": charts,
        "member_charts": member_charts,
        "surprises": _surprises(report),
        "commands": [
            f"vetowatch backtest --from {start} --to {end} --report backtest.html",
            f"vetowatch backtest --from {start} --to {end} --json",
        ],
        "version": __version__,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def render_backtest_html(report: BacktestReport) -> str:
    """The report page as a string."""
    return _environment().get_template("backtest.html").render(**backtest_context(report))


def write_backtest_html(report: BacktestReport, path: Path) -> Path:
    """Write the report page to ``path`` (its folders are created) and return the path;
    :class:`~vetowatch.errors.OutputError` when it cannot be written."""
    page = render_backtest_html(report)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise OutputError(
            f"cannot write the backtest report to {path}: {exc.strerror or exc}",
            fix="Give --report a file path (e.g. backtest.html) in a folder you can write to.",
        ) from exc
    return path
