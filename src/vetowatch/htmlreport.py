"""A self-contained HTML report of the reference story, with the forecast chart inline."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

OUTCOMES = (("p_adopted", "adopted"), ("p_vetoed", "vetoed"), ("p_failed_votes", "failed"))

STYLE = """
body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;color:#222;line-height:1.4}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}
td,th{border:1px solid #ddd;padding:.25em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4}.num{text-align:right;font-variant-numeric:tabular-nums}
.against{color:#b00}.for{color:#060}.muted{color:#777}blockquote{margin:.4em 1em;color:#444}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def forecast_chart(record_only: Mapping[str, Any], with_news: Mapping[str, Any],
                   actual: str) -> bytes:
    """PNG: outcome probabilities without and with news, and each P5 member's P(No)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
    labels = [label for _, label in OUTCOMES]
    xs = range(len(labels))
    for shift, (data, name) in enumerate(((record_only, "record only"), (with_news, "with news"))):
        ax1.bar([x + 0.38 * shift for x in xs], [data[k] for k, _ in OUTCOMES], width=0.36,
                label=name)
    ax1.set_xticks([x + 0.19 for x in xs], labels)
    ax1.set_ylim(0, 1)
    ax1.set_title(f"outcome (actual: {actual})")
    ax1.legend()
    p5 = [m for m in ("CHN", "FRA", "GBR", "RUS", "USA") if m in record_only["members"]]
    for shift, (data, name) in enumerate(((record_only, "record only"), (with_news, "with news"))):
        ax2.bar([i + 0.38 * shift for i in range(len(p5))],
                [data["members"][m]["N"] for m in p5], width=0.36, label=name)
    ax2.set_xticks([i + 0.19 for i in range(len(p5))], p5)
    ax2.set_ylim(0, 1)
    ax2.set_title("P(No) of the permanent members")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


def _statements_html(statements: Sequence[Mapping[str, Any]]) -> str:
    rows = []
    for st in statements:
        via = " ← ".join(f"{v['text']} ({v.get('actor') or '?'})" for v in st.get("via", []))
        rows.append((st.get("id"), st["when"].get("date"),
                     f"{st['speaker']['text']} ({st['speaker'].get('actor') or '?'})", via,
                     ("not " if st.get("negated") else "") + (st["cue"] or ""), st["content"][:200],
                     {1: "+", -1: "−", 0: "0"}.get(st["polarity"], "")))
    return _table(("id", "when", "speaker", "via", "cue", "content", "polarity"), rows)


def _forecast_html(name: str, fc: Mapping[str, Any]) -> str:
    vetoers = ", ".join(f"{m} {p:.0%}" for m, p in fc["p_vetoed_by"].items() if p >= 0.01)
    head = (f"<p><b>{_e(name)}</b>: P(adopted) {fc['p_adopted']:.1%}, P(vetoed) "
            f"{fc['p_vetoed']:.1%} ({_e(vetoers) or '—'}), P(fails for lack of votes) "
            f"{fc['p_failed_votes']:.1%}</p>")
    notes = [f"<li>{_e(info['text'])}</li>" for info in fc.get("explanation", {}).values()
             if isinstance(info, Mapping) and info.get("text")]
    notes += [f"<li><b>news:</b> {_e(line)}</li>"
              for line in fc.get("news", {}).get("summary", [])]
    return head + (f"<ul>{''.join(notes)}</ul>" if notes else "")


def render_demo(data: Mapping[str, Any]) -> str:
    """The demo's JSON (``vetowatch demo --json``) as one HTML page."""
    rec, news, outcome = data["forecast_record_only"], data["forecast_with_news"], data["outcome"]
    png = base64.b64encode(forecast_chart(rec, news, outcome["outcome"])).decode()
    council = data["council"]
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>vetowatch: "
        f"{_e(data.get('title', 'the reference story'))}</title><style>{STYLE}</style></head>"
        f"<body><h1>{_e(data.get('title', 'vetowatch'))}</h1>",
        "<h2>Who said what</h2>", _statements_html(data["statements"]),
        "<h2>Positions</h2>",
        _table(("question", "actor", "stance", "confidence", "statements"), [
            (q, p["actor"], p["stance"], f"{p['confidence']:.2f}", ", ".join(map(str,
                                                                               p["statements"])))
            for q, rep in data["positions"].items() for p in rep["positions"]]),
        "<h2>Shifts</h2>",
        "".join(f"<p>{_e(s.get('summary') or s)}</p>" for s in data["shifts"]) or "<p>—</p>",
        "<h2>Contested claims</h2>",
        "".join(f"<p>{_e(c.get('summary') or c)}</p>" for c in data["claims"]) or "<p>—</p>",
        f"<h2>The Council on {_e(council['date'])}</h2>",
        _table(("code", "member", "seat"), [
            (m["code"], m["name"], "permanent" if m["permanent"] else "elected")
            for m in council["members"]]),
        "<h2>The precedent</h2>", _vote_html(data["precedent"]),
        "<h2>The forecast</h2>",
        f"<img alt='forecast chart' src='data:image/png;base64,{png}'>",
        _forecast_html("From the record alone", rec),
        _forecast_html("With the news", news),
        "<h2>What happened</h2>", _vote_html(outcome),
        f"<p>Brier score (3 outcomes): record only {data['brier']['record_only']:.3f}, "
        f"with news {data['brier']['with_news']:.3f} (lower is better).</p>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _vote_html(vote: Mapping[str, Any]) -> str:
    who = {code: " ".join(sorted(m for m, v in vote["votes"].items() if v == code))
           for code in "YNA"}
    symbol = " / ".join(x for x in (vote.get("draft"), vote.get("resolution")) if x)
    vetoed = f" by {' and '.join(vote['vetoed_by'])}" if vote.get("vetoed_by") else ""
    return (f"<p><b>{_e(symbol)}</b>, {_e(vote['date'])}: {_e(vote['outcome'])}{_e(vetoed)}, "
            f"{vote['yes']}-{vote['no']}-{vote['abstain']}. Yes: {_e(who['Y'])}. No: "
            f"{_e(who['N']) or '—'}. Abstaining: {_e(who['A']) or '—'}.</p>")


def write_demo_report(data: Mapping[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_demo(data), encoding="utf-8")
    return path
