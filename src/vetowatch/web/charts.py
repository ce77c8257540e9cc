"""Inline SVG charts: geometry computed here, drawn by the macros in ``templates/_web.html``.

Each function returns plain dicts (coordinates rounded, labels as text): the template escapes
every label, so hostile text in the data cannot become markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

STANCE_COLOURS = {"for": "#2a7d2a", "against": "#b22222", "neutral": "#777"}
VOTE_COLOURS = {"Y": "#2a7d2a", "N": "#b22222", "A": "#d9a400", "X": "#999"}


def _r(x: float) -> float:
    return round(x, 1)


def bars(items: Sequence[tuple[str, float]], *, width: int = 360, bar: int = 22,
         label_width: int = 110) -> dict[str, Any]:
    """Horizontal bars of probabilities (0–1): ``[(label, p), …]``."""
    span = width - label_width - 50
    rows = [{"label": label, "y": i * (bar + 6), "w": _r(max(min(p, 1.0), 0.0) * span),
             "text": f"{p:.1%}", "x": label_width}
            for i, (label, p) in enumerate(items)]
    return {"width": width, "height": len(rows) * (bar + 6), "bar": bar, "rows": rows,
            "label_width": label_width}


def columns(values: Sequence[float], labels: Sequence[str], *, width: int = 420,
            height: int = 140) -> dict[str, Any]:
    """Vertical bars (e.g. the Yes-tally distribution), scaled to the largest value."""
    top = max(values, default=0.0) or 1.0
    step = width / max(len(values), 1)
    cols = [{"x": _r(i * step + 1), "w": _r(step - 2), "h": _r(v / top * (height - 20)),
             "y": _r(height - 20 - v / top * (height - 20)), "label": labels[i],
             "title": f"{labels[i]}: {v:.1%}", "lx": _r(i * step + step / 2)}
            for i, v in enumerate(values)]
    return {"width": width, "height": height, "cols": cols}


def timeline(points: Sequence[Mapping[str, Any]], *, width: int = 560,
             height: int = 150) -> dict[str, Any]:
    """An actor's running position (score −1 … +1) by date; each point links its statement.

    ``points``: ``/api/timeline`` points (``date``, ``score``, ``stance``, ``statement``)."""
    days = [date.fromisoformat(p["date"]) for p in points if p.get("date")]
    first, last = (min(days), max(days)) if days else (date.today(), date.today())
    span = max((last - first).days, 1)
    pad, inner_w, inner_h = 40, width - 60, height - 40
    out = []
    for i, p in enumerate(points):
        day = date.fromisoformat(p["date"]) if p.get("date") else last
        x = pad + ((day - first).days / span * inner_w if days and first != last
                   else inner_w * (i + 1) / (len(points) + 1))
        y = 10 + (1 - (float(p["score"]) + 1) / 2) * inner_h
        out.append({"x": _r(x), "y": _r(y), "colour": STANCE_COLOURS.get(p["stance"], "#333"),
                    "statement": p["statement"],
                    "title": f"{p.get('date') or '?'}: {p['stance']} ({p['score']:+.2f}), "
                             f"statement {p['statement']}"})
    return {"width": width, "height": height, "points": out, "pad": pad, "top": 10,
            "mid": _r(10 + inner_h / 2), "bottom": 10 + inner_h, "right": pad + inner_w,
            "first": first.isoformat(), "last": last.isoformat(),
            "line": " ".join(f"{p['x']},{p['y']}" for p in out)}


def votes_by_year(rows: Sequence[Mapping[str, Any]], *, width: int = 640,
                  height: int = 160) -> dict[str, Any]:
    """Stacked columns of a member's votes per year: ``[{year, Y, N, A, X}, …]``."""
    top = max((sum(int(r.get(k, 0)) for k in "YNAX") for r in rows), default=0) or 1
    step = width / max(len(rows), 1)
    inner = height - 20
    cols = []
    for i, r in enumerate(rows):
        y = float(inner)
        parts = []
        for k in "YNAX":
            h = int(r.get(k, 0)) / top * inner
            y -= h
            parts.append({"y": _r(y), "h": _r(h), "colour": VOTE_COLOURS[k]})
        cols.append({"x": _r(i * step), "w": _r(max(step - 1, 1)), "parts": parts,
                     "title": f"{r['year']}: Yes {r.get('Y', 0)}, No {r.get('N', 0)}, "
                              f"Abstain {r.get('A', 0)}, not voting {r.get('X', 0)}",
                     "year": r["year"], "label": i % 5 == 0})
    return {"width": width, "height": height, "cols": cols}
