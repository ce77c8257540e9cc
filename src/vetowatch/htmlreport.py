"""Self-contained HTML reports: ``forecast``/``positions``/``vote --report FILE.html`` and the
demo's page, rendered from the web app's Jinja2 templates in a standalone mode.

Standalone: the package's stylesheet is inlined, charts are inline SVG (the web app's chart
macros), links point inside the page or to absolute source URLs only (nothing needs the
server), and every cited statement is shown whole (a long one behind a ``<details>``). All
text is escaped by the templates' autoescaping. No HTML is built by hand here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader

from vetowatch.web import charts

__all__ = ["demo_report", "forecast_report", "positions_report", "vote_report",
           "write_demo_report", "write_report"]

#: a statement longer than this shows its beginning and the whole text behind a <details>
SHORT = 200
OUTCOMES = (("p_adopted", "adopted"), ("p_vetoed", "vetoed"),
            ("p_failed_votes", "fails (votes)"))
VOTE_NAMES = {"Y": "yes", "N": "no", "A": "abstain", "X": "not voting"}


def _pct(value: Any) -> str:
    return f"{float(value):.1%}" if value is not None else "–"


def _num(value: Any, digits: int = 2) -> str:
    return f"{float(value):.{digits}f}" if value is not None else "–"


def new_environment() -> Environment:
    """The package's templates, autoescaped, with the filters every page uses (the reports
    here and the web app's pages, :mod:`vetowatch.web.render`)."""
    env = Environment(loader=PackageLoader("vetowatch", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = _pct
    env.filters["num"] = _num
    env.filters["fmt"] = _num
    return env


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The reports' environment (one per process)."""
    return new_environment()


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The web app's stylesheet (``vetowatch/static/web.css``), inlined into each report."""
    return resources.files("vetowatch").joinpath("static/web.css").read_text(encoding="utf-8")


def render(template: str, **context: Any) -> str:
    """``report/<template>`` rendered standalone (inline CSS, no server links)."""
    return environment().get_template(f"report/{template}").render(
        css=stylesheet(), standalone=True, **context)


def write_report(path: Path, html: str) -> Path:
    """Write a rendered report (the caller made the folder, e.g. ``cli_common.writable``)."""
    path.write_text(html, encoding="utf-8")
    return path


# -- citations: every statement with its speaker, via, date and article ------------------------

def _web_url(value: Any) -> str | None:
    text = str(value or "")
    return text if text.startswith(("https://", "http://")) else None


def cite(st: Mapping[str, Any]) -> dict[str, Any]:
    """A cited statement in one shape, from a statement's JSON (``statements --json``) or an
    evidence item (positions, shifts, claims, the forecast's news reasons); the article's
    title, outlet, URL and date when the JSON carries them."""
    speaker = st.get("speaker")
    if isinstance(speaker, Mapping):
        name, actor = speaker.get("text"), speaker.get("actor")
    else:
        name, actor = speaker, st.get("actor")
    via = [v.get("text") if isinstance(v, Mapping) else v for v in st.get("via") or []]
    when = st.get("when")
    day = when.get("date") if isinstance(when, Mapping) else st.get("date")
    article = st.get("article")
    art = article if isinstance(article, Mapping) else {}
    text = str(st.get("text") or st.get("content") or st.get("quote") or "")
    return {
        "id": st.get("statement", st.get("id")), "speaker": name, "actor": actor,
        "via": [str(v) for v in via if v], "date": day, "text": text,
        "short": text if len(text) <= SHORT else text[:SHORT].rstrip() + "…",
        "cut": len(text) > SHORT, "cue": st.get("cue"),
        "article": st.get("article_id") or art.get("id") or (article if isinstance(article, str)
                                                              else None),
        "title": st.get("article_title") or art.get("title"),
        "outlet": st.get("outlet") or art.get("outlet") or art.get("source"),
        "url": _web_url(st.get("url") or art.get("url")),
        "published": st.get("published") or art.get("published"),
    }


def cites(items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [cite(i) for i in items]


# -- the reports --------------------------------------------------------------------------------

def _outcome_chart(fc: Mapping[str, Any]) -> dict[str, Any]:
    return charts.bars([(label, float(fc[key])) for key, label in OUTCOMES])


def forecast_context(fc: Mapping[str, Any]) -> dict[str, Any]:
    """The forecast's figures as the report shows them (``forecast --json``, with or without
    ``--news``)."""
    members = [{"member": code, **{k: float(p.get(k, 0.0)) for k in "YNAX"},
                "why": (fc.get("explanation", {}).get(code) or {}).get("text", "")}
               for code, p in fc.get("members", {}).items()]
    tally = [float(x) for x in fc.get("yes_tally", [])]
    reasons = []
    for member, change in ((fc.get("news") or {}).get("changes") or {}).items():
        for reason in change.get("because", []):
            reasons.append({"member": member, "p_no": change.get("p_no"),
                            "question": reason.get("question"), "stance": reason.get("stance"),
                            "confidence": reason.get("confidence"),
                            "statements": cites(reason.get("statements", []))})
    vetoers = [(m, float(p)) for m, p in fc.get("p_vetoed_by", {}).items() if p >= 0.005]
    return {"fc": fc, "members": members, "reasons": reasons, "vetoers": vetoers,
            "outcome_chart": _outcome_chart(fc),
            "tally_chart": charts.columns(tally, [str(i) for i in range(len(tally))]),
            "pivotal": [p for p in fc.get("pivotal", []) if isinstance(p, Mapping)],
            "precedents": fc.get("precedents", []),
            "news_summary": (fc.get("news") or {}).get("summary", [])}


def forecast_report(fc: Mapping[str, Any], *, title: str | None = None) -> str:
    """``vetowatch forecast … --report FILE.html``: ``fc`` is the command's ``--json``."""
    return render("forecast.html", title=title or f"Forecast as of {fc.get('date')}",
                  **forecast_context(fc))


def positions_context(report: Mapping[str, Any],
                      timelines: Mapping[str, Mapping[str, Any]] | None = None,
                      sentences: Mapping[int, str] | None = None) -> dict[str, Any]:
    """``sentences``: each cited statement's whole sentence by id (the evidence is a span)."""
    rows = [{**p, "cites": [{**c, "sentence": (sentences or {}).get(c["id"])}
                            for c in cites(p.get("evidence", []))]}
            for p in report.get("positions", [])]
    lines = [{"actor": actor, "chart": charts.timeline(t.get("points", []))}
             for actor, t in (timelines or {}).items() if t.get("points")]
    return {"report": report, "rows": rows, "timelines": lines}


def positions_report(report: Mapping[str, Any],
                     timelines: Mapping[str, Mapping[str, Any]] | None = None,
                     sentences: Mapping[int, str] | None = None) -> str:
    """``vetowatch positions QUESTION --report FILE.html``: ``report`` is the ``--json``;
    ``timelines``: each actor's ``positions.timeline(...).to_json()`` (drawn when given);
    ``sentences``: the cited statements' whole sentences by id (shown beside the span)."""
    return render("positions.html", title=f"Positions on {report.get('question')}",
                  **positions_context(report, timelines, sentences))


def vote_grid(votes: Mapping[str, str]) -> list[dict[str, str]]:
    """Each member's vote, by member code, with the vote's name (for the vote grid)."""
    return [{"member": m, "vote": v, "name": VOTE_NAMES.get(v, v)}
            for m, v in sorted(votes.items())]


def vote_context(vote: Mapping[str, Any]) -> dict[str, Any]:
    grid = vote_grid(vote.get("votes") or {})
    docs = [(ref, "https://undocs.org/" + quote(str(ref), safe="/()"))
            for ref in (vote.get("draft"), vote.get("resolution"), vote.get("meeting")) if ref]
    return {"vote": vote, "grid": grid, "documents": docs}


def vote_report(vote: Mapping[str, Any], precedents: Sequence[Mapping[str, Any]] = ()) -> str:
    """``vetowatch vote REF --report FILE.html``: ``vote`` is ``vote --json``; ``precedents``
    earlier votes on the same agenda (as ``precedents --json``)."""
    ref = vote.get("draft") or vote.get("resolution") or "vote"
    return render("vote.html", title=str(ref), precedents=list(precedents),
                  **vote_context(vote))


def _shift_rows(shifts: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"actor": x.get("actor"), "kind": x.get("kind"), "subject": x.get("subject"),
             "before": {**x["before"], "cites": cites(x["before"].get("evidence", []))},
             "after": {**x["after"], "cites": cites(x["after"].get("evidence", []))}}
            for x in shifts if "before" in x and "after" in x]


def _claim_rows(claims: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"claimant": c.get("claimant"), "content": c.get("content"),
             "claim": cite(c.get("claim") or {}), "denials": cites(c.get("denials", [])),
             "supports": cites(c.get("supports", []))} for c in claims]


def demo_report(data: Mapping[str, Any]) -> str:
    """The demo's JSON (``vetowatch demo --json``) as one page."""
    rec, news = data["forecast_record_only"], data["forecast_with_news"]
    p5 = [m for m in ("CHN", "FRA", "GBR", "RUS", "USA") if m in rec.get("members", {})]
    sentences = {int(st["id"]): str(st["sentence"]) for st in data.get("statements", [])
                 if st.get("id") is not None and st.get("sentence")}
    positions = [{"question": q, **positions_context(rep, None, sentences)}
                 for q, rep in data.get("positions", {}).items()]
    return render(
        "demo.html", title=data.get("title", "the reference story"), data=data,
        statements=cites(data.get("statements", [])), positions=positions,
        shifts=_shift_rows(data.get("shifts", [])), claims=_claim_rows(data.get("claims", [])),
        precedent=vote_context(data["precedent"]), outcome=vote_context(data["outcome"]),
        record_only=forecast_context(rec), with_news=forecast_context(news),
        p5=[{"member": m, "before": rec["members"][m]["N"],
             "after": news.get("members", {}).get(m, {}).get("N")} for m in p5])


def write_demo_report(data: Mapping[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_report(path, demo_report(data))
