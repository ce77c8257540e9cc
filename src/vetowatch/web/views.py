"""View helpers: data shaped for the templates (article segments, vote grids, alert rows).
Presentation only: what each number means is decided by the library."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from vetowatch.web import charts


def segments(text: str, statements: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``text`` cut at every statement's sentence and content boundary; each piece says
    which statements' sentences cover it (``ids``) and whether it is quoted content."""
    n = len(text)
    spans = [(max(0, min(int(s["start"]), n)), max(0, min(int(s["end"]), n)), s)
             for s in statements]
    contents = [(int(s["content_start"]), int(s["content_end"])) for s in statements
                if s.get("content_start") is not None and s.get("content_end") is not None]
    cuts = {0, n}
    for lo, hi, _ in spans:
        cuts |= {lo, hi}
    for lo, hi in contents:
        cuts |= {max(0, min(lo, n)), max(0, min(hi, n))}
    edges = sorted(cuts)
    out = []
    for lo, hi in itertools.pairwise(edges):
        if lo == hi:
            continue
        ids = [int(s["id"]) for a, b, s in spans if a <= lo and hi <= b]
        out.append({"text": text[lo:hi], "ids": ids,
                    "content": any(a <= lo and hi <= b for a, b in contents)})
    return out


def sentence_parts(st: Mapping[str, Any]) -> tuple[str, str, str]:
    """The statement's sentence as (before, content, after), from the stored offsets."""
    sentence, start = str(st["sentence"]), int(st["start"])
    lo, hi = st.get("content_start"), st.get("content_end")
    if lo is None or hi is None or not start <= lo <= hi <= start + len(sentence):
        return sentence, "", ""
    a, b = int(lo) - start, int(hi) - start
    return sentence[:a], sentence[a:b], sentence[b:]


def timeline_rows(actors: Sequence[str], found: Mapping[str, Mapping[str, Any]],
                  moved: Collection[str]) -> list[dict[str, Any]]:
    """The question page's charts: each actor's timeline (``found`` by upper-cased code),
    in the positions' order, with whether its stance shifted."""
    return [{"actor": a, "shifted": a in moved,
             "chart": charts.timeline(found.get(a.upper(), {}).get("points", []))}
            for a in actors]


def change_text(value: Any) -> str:
    """An alert's ``before``/``after`` as text: a stance, or P(adopted)/P(vetoed) figures."""
    if value is None:
        return "–"
    if isinstance(value, Mapping):
        names = {"p_adopted": "P(adopted)", "p_vetoed": "P(vetoed)",
                 "p_failed_votes": "P(fails)"}
        return " · ".join(f"{names.get(str(k), str(k))} {float(v):.1%}"
                          if isinstance(v, int | float) else f"{k} {v}"
                          for k, v in value.items())
    return str(value)


def alert_rows(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Alerts as the page's table shows them: the change as text, each cited statement with
    its link (the article in this app, else the source URL)."""
    rows = []
    for a in items:
        refs = []
        for st in a.get("statements") or []:
            url = str(st.get("url") or "")
            href = (f"/articles/{st['article']}#s{st.get('id')}" if st.get("article")
                    else url if url.startswith(("https://", "http://")) else None)
            refs.append({**st, "href": href})
        rows.append({"at": a.get("at"), "kind": a.get("kind"), "actor": a.get("actor"),
                     "subject": a.get("question") or a.get("scenario"),
                     "before": change_text(a.get("before")), "after": change_text(a.get("after")),
                     "statements": refs})
    return rows
