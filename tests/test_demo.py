"""The reference story end to end (`vetowatch demo`), on a fresh database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from shapes import FORECAST_KEYS
from vetowatch.cli import cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(
        cli, ["--db", str(folder / "demo.db"), "--data", str(data_dir), "demo", "--json",
              "--report", str(folder / "report.html")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_demo_json_shape(demo: dict[str, Any]) -> None:
    assert set(demo) >= {"statements", "positions", "shifts", "claims", "council", "precedent",
                         "forecast_record_only", "forecast_with_news", "outcome", "brier"}
    for key in ("forecast_record_only", "forecast_with_news"):
        fc = demo[key]
        assert set(fc) >= FORECAST_KEYS
        assert fc["p_adopted"] + fc["p_vetoed"] + fc["p_failed_votes"] == pytest.approx(1.0)
        assert sum(fc["yes_tally"]) == pytest.approx(1.0)
        assert len(fc["members"]) == 15


def test_the_story(demo: dict[str, Any]) -> None:
    outcome = demo["outcome"]
    assert outcome["draft"] == "S/2011/612" and outcome["vetoed_by"] == ["CHN", "RUS"]
    assert demo["precedent"]["resolution"] == "S/RES/1973 (2011)"
    positions = {p["actor"]: p["stance"] for p in demo["positions"]["assad-step-down"]["positions"]}
    assert positions["RUSGOV"] == "against" and positions["USAGOV"] == "for"
    assert any(s["actor"] == "RUSGOV" for s in demo["shifts"])
    assert demo["claims"] and demo["claims"][0]["denials"]
    assert any("Interfax" in v["text"] for s in demo["statements"] for v in s["via"])


def test_news_moves_the_forecast(demo: dict[str, Any]) -> None:
    before, after = demo["forecast_record_only"], demo["forecast_with_news"]
    # one article moves a vote by a likelihood ratio of at most 10 (issue 10: it was 614), so
    # the news triples P(vetoed) rather than making it near-certain; China moves with Russia
    assert after["p_vetoed"] >= 2 * before["p_vetoed"]
    assert after["members"]["RUS"]["N"] >= 5 * before["members"]["RUS"]["N"]
    assert after["members"]["CHN"]["N"] > before["members"]["CHN"]["N"]
    summary = " ".join(after["news"]["summary"])
    assert "RUS" in summary and "Interfax" in summary
    assert demo["brier"]["with_news"] < demo["brier"]["record_only"]


def test_html_report(demo: dict[str, Any]) -> None:
    html = Path(demo["report"]).read_text(encoding="utf-8")
    assert "<svg" in html and "S/2011/612" in html  # charts inline SVG (templates/report/)
    assert "{'" not in html and "<script" not in html
