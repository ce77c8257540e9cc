"""The evaluation a forecaster expects: ``backtest --json`` figures with intervals and the
self-contained ``backtest --report FILE.html`` page."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from test_forecast_model import synthetic
from vetowatch.council.record import DraftRecord
from vetowatch.errors import OutputError
from vetowatch.evaluation.backtest import run_backtest
from vetowatch.evaluation.baselines import Baselines
from vetowatch.evaluation.metrics import distribution_figures
from vetowatch.evaluation.report_html import render_backtest_html
from vetowatch.forecast.outcome import outcome_distribution
from vetowatch.forecast.spec import PERMANENT, DraftSpec

Invoke = Any

EVALUATION_KEYS = {
    "log_loss", "bss", "bss_recent_base", "bss_ci", "ece", "ece_nontrivial",
    "tally_pit_below_1pct", "tally_pit_below_10pct", "p_chn_no_given_rus_no",
    "p_rus_no_given_chn_no", "brier_decomposition", "reliability_by_class",
    "reliability_by_member", "veto_alert", "baselines",
}
BASELINE_SCALARS = {
    "brier", "log_loss", "bss", "bss_recent_base", "bss_ci", "ece", "ece_nontrivial",
    "veto_recall", "veto_precision",
}


def _check_interval(ci: dict[str, Any], point: float, n_years: int) -> None:
    assert set(ci) == {"by_draft", "by_year"}
    for unit, box in ci.items():
        assert box["lo"] <= point + 1e-9 <= box["hi"] + 2e-9, (unit, box)
        assert box["point"] == pytest.approx(point)
    assert ci["by_year"]["unit"] == "year" and ci["by_year"]["n"] == n_years


def test_backtest_json_figures_and_html_report(run: Invoke, tmp_path: Path) -> None:
    page = tmp_path / "not" / "yet" / "there" / "backtest.html"
    code, text = run("backtest", "--from", "2010", "--to", "2012", "--json", "--report", str(page))
    assert code == 0
    j = json.loads(text)
    assert set(j) >= EVALUATION_KEYS
    n = j["n_drafts"]
    assert n > 100
    assert 0 < j["log_loss"] < 1 and 0 < j["brier"] < 0.5
    assert -1 < j["bss_recent_base"] < 1 and -1 < j["bss"] < 1
    _check_interval(j["bss_ci"], j["bss"], 3)
    _check_interval(j["bss_recent_base_ci"], j["bss_recent_base"], 3)
    assert 0 <= j["ece_nontrivial"] <= 1 and 0 < j["n_nontrivial"] < n
    assert 0 <= j["tally_pit_below_1pct"] <= j["tally_pit_below_10pct"] <= 1
    for key in ("p_chn_no_given_rus_no", "p_rus_no_given_chn_no"):
        assert set(j[key]) >= {"record", "model"}
        assert 0 <= j[key]["model"] <= 1
    assert j["co_veto_joint_from"] == "exact"
    bd = j["brier_decomposition"]
    assert bd["reliability"] - bd["resolution"] + bd["uncertainty"] + bd["residual"] == (
        pytest.approx(j["brier"])
    )
    assert bd["reliability"] >= 0 and bd["resolution"] >= 0
    assert set(j["reliability_by_class"]) == {"adopted", "vetoed", "failed"}
    assert all(sum(b["n"] for b in t) == n for t in j["reliability_by_class"].values())
    assert set(j["reliability_by_member"]) == set(PERMANENT)
    assert {"base_rate", "recent_base_rate", "agenda", "repeat_last"} <= set(j["baselines"])
    for name, b in j["baselines"].items():
        assert set(b) >= BASELINE_SCALARS, name
    assert j["baselines"]["recent_base_rate"]["bss_recent_base"] == pytest.approx(0.0)
    assert {"tally_pit_below_1pct", "p_chn_no_given_rus_no"} <= set(j["baselines"]["repeat_last"])

    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    for figure in (f"{j['brier']:.4f}", f"{j['log_loss']:.4f}", f"{j['ece_nontrivial']:.4f}",
                   f"{j['bss_recent_base']:.3f}", f"{j['bss_ci']['by_year']['lo']:.3f}",
                   f"{j['baselines']['agenda']['bss']:.3f}",
                   f"{j['ece_nontrivial_null']['p90']:.4f}",
                   f"{j['ece_nontrivial_null']['p10']:.4f}",
                   f"{j['ece_nontrivial_null']['share_at_most_target']:.3f}",
                   f"{j['tally_pit']['expected']['below_1pct']:.4f}"):
        assert figure in html
    assert html.count("<svg") >= 4 + 3  # top label, three classes, the members with No votes
    assert "vetowatch backtest --from 2010 --to 2012 --report" in html
    # self-contained: nothing fetched from elsewhere
    assert not re.search(r"""<(script|link|img)\b[^>]*\b(src|href)=""", html)


def test_the_text_output_names_the_report(run: Invoke, tmp_path: Path) -> None:
    page = tmp_path / "bt.html"
    code, text = run("backtest", "--from", "2012", "--to", "2012", "--report", str(page))
    assert code == 0 and page.exists()
    assert "HTML report written to" in text


@pytest.fixture(scope="module")
def small_report() -> Any:
    return run_backtest(synthetic(n=200, seed=3), 1998, 2004)


def test_the_page_escapes_record_text(small_report: Any) -> None:
    odd = "<script>alert('x')</script> & <b>co</b>"
    forecasts = [
        replace(f, record=replace(f.record, topic=odd, draft=f"S/{i}<i>"))
        for i, f in enumerate(small_report.forecasts)
    ]
    html = render_backtest_html(replace(small_report, forecasts=forecasts))
    assert "<script>" not in html and "<b>co</b>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;" in html
    assert "&lt;i&gt;" in html


def test_write_html_creates_folders_and_reports_a_folder_as_an_error(
    small_report: Any, tmp_path: Path
) -> None:
    target = tmp_path / "a" / "b" / "report.html"
    assert small_report.write_html(target) == target
    assert "Backtest of the vote forecasts, 1998–2004" in target.read_text(encoding="utf-8")
    with pytest.raises(OutputError) as err:
        small_report.write_html(tmp_path / "a")
    assert err.value.code == "E003"


def _record(i: int, year: int, outcome: str) -> DraftRecord:
    return DraftRecord(id=i, date=date(year, 6, 1), outcome=outcome)  # type: ignore[arg-type]


def test_recent_base_rate_counts_only_the_five_years_before() -> None:
    base = Baselines()
    history = [(1990, "vetoed")] * 10 + [(1995, "adopted")] * 6 + [(1999, "failed")] * 2
    history += [(2000, "vetoed")] * 3  # the draft's own year: never counted
    for i, (year, outcome) in enumerate(history):
        base.update(_record(i, year, outcome))
    probs = base.outcome_probs(DraftSpec(date=date(2000, 9, 1)))
    # 1995-1999: 6 adopted, 0 vetoed, 2 failed, add-one smoothed
    assert probs["recent_base_rate"] == pytest.approx([7 / 11, 1 / 11, 3 / 11])
    # all earlier drafts, whatever the year
    assert probs["base_rate"] == pytest.approx([7 / 24, 14 / 24, 3 / 24])


MEMBERS = (*PERMANENT, "BRA", "DEU", "IND", "NGA", "ZAF", "JPN", "MEX", "EGY", "NOR", "VNM")


def _two_types() -> Any:
    """Type 0 (weight 0.7): all 15 vote Yes; type 1 (0.3): Russia and China vote No."""
    probs = np.zeros((2, 15, 4))
    probs[:, :, 0] = 1.0
    for seat_ in ("RUS", "CHN"):
        i = MEMBERS.index(seat_)
        probs[1, i] = (0.0, 1.0, 0.0, 0.0)
    return outcome_distribution(MEMBERS, probs, np.array([0.7, 0.3])), probs


def test_co_veto_conditionals_use_the_joint_not_the_marginals() -> None:
    dist, probs = _two_types()
    votes = {m: "Y" for m in MEMBERS} | {"RUS": "N", "CHN": "N"}
    records = [
        DraftRecord(id=1, date=date(2011, 10, 4), outcome="vetoed", yes=13, votes=votes),
        DraftRecord(id=2, date=date(2011, 11, 4), outcome="adopted", yes=15,
                    votes=dict.fromkeys(MEMBERS, "Y")),
    ]
    exact = distribution_figures(records, [dist, dist])
    assert exact.joint_from == "exact"
    assert exact.co_veto["p_chn_no_given_rus_no"] == {"record": 1.0, "model": pytest.approx(1.0),
                                                      "n_given": 1}
    tilted = dist.tilted([1.0, 3.0, 1.0])  # as the outcome stacker does: the exact joint
    rus = MEMBERS.index("RUS")
    assert distribution_figures(records, [tilted] * 2).co_veto["p_chn_no_given_rus_no"][
        "model"
    ] == pytest.approx(tilted.joint_no("RUS", "CHN") / tilted.member_probs[rus, 1])
    # the kept mixture gives the same joint; the product of the marginals does not
    bare = replace(dist, parts=None)
    mixed = distribution_figures(records, [bare, bare], [(np.array([0.7, 0.3]), probs)] * 2)
    assert mixed.joint_from == "mixture"
    assert mixed.co_veto["p_rus_no_given_chn_no"]["model"] == pytest.approx(1.0)
    independent = distribution_figures(records, [bare, bare])
    assert independent.joint_from == "marginals"
    assert independent.co_veto["p_rus_no_given_chn_no"]["model"] == pytest.approx(0.3)
    # tallies: 13 Yes has P(T < 13) = 0 and P(T = 13) = 0.3; 15 Yes sits above 0.3
    assert exact.n_tallies == 2 and exact.tally_pit_below_10pct in (0.0, 0.5)
    assert exact.tally_at_or_below_q10 == 0.0  # P(T <= 13) = 0.3 is above the 10 % level
    assert exact.no_votes_by_member["RUS"]["expected_no_votes"] == pytest.approx(0.6)
