"""``--report FILE.html`` on ``forecast``, ``positions`` and ``vote``: standalone pages from the
web app's templates, written from the CLI on the imported record; and escaping of hostile text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from vetowatch import htmlreport

REFERENCE = ["--date", "2011-08-19", "--agenda", "The situation in the Middle East",
             "--topic", "Middle East (Syria)", "--submitters", "FRA,GBR,DEU,PRT",
             "--kind", "sanctions"]
HOSTILE = "<script>alert('x')</script> [/bold] & \"quoted\""


def standalone(html: str) -> None:
    """No raw dictionary, no script or stylesheet to fetch, the package's CSS inlined, and no
    link that needs the server (only in-page anchors and absolute http(s) URLs)."""
    assert "{'" not in html and "<script" not in html
    assert "<link " not in html and "nav.site{" in html
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("#", "https://", "http://")), href


def test_vote_report(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "vote.html"
    code, out = run("vote", "S/2011/612", "--report", str(path))
    assert code == 0, out
    assert "HTML report written to" in out
    html = path.read_text(encoding="utf-8")
    standalone(html)
    assert '<td class="tally">9-2-4</td>' in html
    assert "vetoed by CHN and RUS" in html
    assert 'href="https://undocs.org/S/2011/612"' in html
    assert 'class="vote-N" title="RUS: no"' in html
    assert 'class="vote-A" title="BRA: abstain"' in html
    # earlier votes on the same agenda, e.g. the draft on settlements the USA vetoed
    assert re.search(r"<tr><td>2011-02-18</td><td>S/2011/24</td>.*?<td>USA</td></tr>", html)


def test_forecast_report_has_the_figures(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "fc" / "forecast.html"
    code, out = run("forecast", *REFERENCE, "--json", "--report", str(path))
    assert code == 0, out
    data = json.loads(out)  # --json stays one document: the report line is not printed
    html = path.read_text(encoding="utf-8")
    standalone(html)
    assert f'<td class="num p-vetoed">{data["p_vetoed"]:.1%}</td>' in html
    assert f"{data['p_adopted']:.1%}" in html and f"{data['p_failed_votes']:.1%}" in html
    for code_, p in data["members"].items():
        row = (f"<tr><td>{code_}</td><td class=\"num\">{p['Y']:.1%}</td>"
               f"<td class=\"num\">{p['N']:.1%}</td>")
        assert row in html, code_
    tally_bars = re.findall(r'<title>(\d+): [0-9.]+%</title>', html)
    assert tally_bars == [str(i) for i in range(len(data["yes_tally"]))]
    for p in data["pivotal"]:
        assert f"<tr><td>{p['member']}</td><td class=\"num\">{p['pivotality']:.2f}" in html
    assert data["precedents"] and data["precedents"][0]["draft"] in html
    assert html.count("<svg") == 2  # outcome bars and Yes-tally columns, inline


def test_positions_report_without_statements(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "pos.html"
    code, out = run("positions", "assad-step-down", "--as-of", "2011-08-19",
                    "--report", str(path))
    assert code == 0, out
    html = path.read_text(encoding="utf-8")
    standalone(html)
    assert "Bashar al-Assad should step down" in html
    assert "no statements on this question yet" in html


def test_positions_report_cites_whole_statements(run: Any, tmp_path: Path) -> None:
    """On a short article of our own: each position's statements with speaker, date and
    article title, the whole sentence beside the span, and a timeline linking into the page."""
    article = tmp_path / "moscow.txt"
    article.write_text(
        "Moscow rejects calls on Assad <to go>\n\n"
        "Russian Foreign Minister Sergei Lavrov said on Friday that Moscow opposed Western "
        "calls for Syrian President Bashar al-Assad to step down, and that the Syrian "
        "leader should be given more time.\n", encoding="utf-8")
    code, out = run("ingest", str(article), "--date", "2011-08-19", "--json")
    assert code == 0, out
    path = tmp_path / "pos.html"
    code, out = run("positions", "assad-step-down", "--as-of", "2011-08-19", "--json",
                    "--report", str(path))
    assert code == 0, out
    data = json.loads(out)
    html = path.read_text(encoding="utf-8")
    standalone(html)
    assert data["positions"], "the article should give a position"
    for p in data["positions"]:
        assert f'<td class="{p["stance"]}">{p["stance"]}</td>' in html
        for e in p["evidence"]:
            assert f'id="s{e["statement"]}"' in html and f'href="#s{e["statement"]}"' in html
    assert "<details><summary>whole sentence</summary>Russian Foreign Minister" in html
    assert "“Moscow rejects calls on Assad &lt;to go&gt;”" in html  # the title, escaped


def test_report_into_a_folder_is_an_error(run: Any, tmp_path: Path) -> None:
    code, out = run("vote", "S/2011/612", "--report", str(tmp_path))
    assert code == 2
    assert "is a directory" in out  # refused before any work, as a usage error


def _evidence(statement: int, text: str, **extra: Any) -> dict[str, Any]:
    return {"statement": statement, "article": "abcd1234", "text": text, "speaker": HOSTILE,
            "actor": "RUSGOV", "date": "2011-08-19", "stance": "against", **extra}


def test_hostile_text_is_escaped_and_statements_are_whole() -> None:
    long_text = "We will never accept this. " * 20 + "The end."
    report = {"question": "q-1", "proposition": HOSTILE, "as_of": "2011-08-19",
              "level": "actor",
              "positions": [{"actor": "RUSGOV", "stance": "against", "score": -1.0,
                             "confidence": 0.9, "statements": [1, 2],
                             "evidence": [
                                 _evidence(1, long_text, url="javascript:alert(1)",
                                           article_title=HOSTILE),
                                 _evidence(2, "short", url="https://example.org/a?b=1&c=2",
                                           outlet="Our Wire", published="2011-08-20")]}]}
    timelines = {"RUSGOV": {"points": [{"date": "2011-08-19", "score": -1.0,
                                        "stance": "against", "statement": 1}]}}
    html = htmlreport.positions_report(report, timelines)
    standalone(html)
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; [/bold] &amp; &#34;quoted&#34;" in html
    assert "javascript:" not in html  # not a link: the title is shown as text
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html and "Our Wire" in html
    # a long statement is cut only with the whole text in a <details> beside it
    whole = re.search(r"<details><summary>whole statement</summary>“(.*?)”</details>", html)
    assert whole is not None and whole.group(1) == long_text
    assert 'href="#s1"' in html and 'id="s1"' in html  # the timeline point links in the page


def test_hostile_forecast_and_vote() -> None:
    fc = {"date": "2011-08-19", "agenda": HOSTILE, "topic": None,
          "members": {"RUS": {"Y": 0.1, "N": 0.8, "A": 0.1, "X": 0.0}},
          "p_adopted": 0.2, "p_vetoed": 0.75, "p_failed_votes": 0.05,
          "p_vetoed_by": {"RUS": 0.75}, "yes_tally": [0.5, 0.5], "pivotal": [],
          "precedents": [{"date": "2011-01-01", "draft": HOSTILE, "outcome": "adopted",
                          "tally": "15-0-0", "vetoed_by": []}],
          "explanation": {"RUS": {"text": HOSTILE}},
          "news": {"summary": [HOSTILE], "changes": {"RUS": {"p_no": [0.1, 0.8], "because": [
              {"question": "q-1", "stance": "against", "confidence": 0.5,
               "statements": [_evidence(3, HOSTILE, via=[HOSTILE])]}]}}}}
    html = htmlreport.forecast_report(fc)
    standalone(html)
    assert HOSTILE not in html and html.count("&lt;script&gt;") >= 5
    assert '<td class="num p-vetoed">75.0%</td>' in html
    vote = {"draft": HOSTILE, "resolution": None, "date": "2011-10-04", "meeting": None,
            "agenda": None, "topic": None, "title": HOSTILE, "submitters": [], "kind": None,
            "outcome": "vetoed", "yes": 9, "no": 2, "abstain": 4, "votes": {"RUS": "N"},
            "vetoed_by": ["RUS"]}
    html = htmlreport.vote_report(vote)
    standalone(html)
    assert HOSTILE not in html and "&lt;script&gt;" in html
