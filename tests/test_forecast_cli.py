"""The ``forecast`` and ``backtest`` commands and the store-level service, on the real record."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from shapes import BACKTEST_KEYS, FORECAST_KEYS
from vetowatch.council.record import DraftRecord
from vetowatch.errors import InvalidInputError
from vetowatch.forecast.service import forecast_draft, parse_kind
from vetowatch.store import Store

Invoke = Callable[..., tuple[int, str]]



def test_parse_kind_accepts_both_spellings() -> None:
    assert parse_kind("mandate_renewal") == parse_kind("mandate-renewal") == "mandate-renewal"
    assert parse_kind("Sanctions") == "sanctions" and parse_kind(None) is None
    with pytest.raises(InvalidInputError, match="unknown draft kind"):
        parse_kind("tribunal")


def test_backtest_json_and_plot(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "plots"
    code, text = run("backtest", "--from", "2020", "--to", "2021", "--out", str(out), "--json")
    assert code == 0, text
    j = json.loads(text)
    assert set(j) >= BACKTEST_KEYS
    assert j["n_drafts"] > 50
    assert set(j["baselines"]) == {
        "base_rate", "recent_base_rate", "agenda", "group_agenda", "repeat_last"
    }
    assert {"veto_alert", "macro_f1_contested_argmax", "call_accuracy"} <= set(j)
    assert 0.0 <= j["ece"] <= 1.0 and j["params"]["half_life"] > 0
    assert (out / "calibration.png").read_bytes()[:4] == b"\x89PNG"


def test_forecast_json(run: Invoke) -> None:
    code, text = run(
        "forecast",
        "--date",
        "2011-08-19",
        "--agenda",
        "The situation in the Middle East",
        "--topic",
        "Middle East (Syria)",
        "--submitters",
        "FRA,GBR,DEU,PRT",
        "--kind",
        "sanctions",
        "--json",
    )
    assert code == 0, text
    j = json.loads(text)
    assert set(j) >= FORECAST_KEYS | {"matched", "council", "trained_on", "warnings"}
    assert j["p_adopted"] + j["p_vetoed"] + j["p_failed_votes"] == pytest.approx(1.0, abs=1e-9)
    assert sum(j["yes_tally"]) == pytest.approx(1.0, abs=1e-9)
    assert len(j["members"]) == 15 and {"RUS", "CHN", "USA"} <= set(j["members"])
    for probs in j["members"].values():
        assert sum(probs.values()) == pytest.approx(1.0, abs=1e-9)
    assert all(p["date"] < "2011-08-19" for p in j["precedents"])


def test_news_adjustments_raise_russias_no(
    imported_store: Store, records: list[DraftRecord]
) -> None:
    """The hook a news step uses: likelihood ratios on a member's Y/N/A/X."""
    kwargs = {
        "agenda": "The situation in the Middle East",
        "topic": "Middle East (Syria)",
        "submitters": ("FRA", "GBR", "DEU", "PRT"),
        "records": records,
    }
    on = date(2011, 8, 19)
    plain = forecast_draft(imported_store, on, **kwargs).forecast  # type: ignore[arg-type]
    nudged = forecast_draft(
        imported_store,
        on,
        adjustments={"RUS": {"N": 4.0}},
        **kwargs,  # type: ignore[arg-type]
    ).forecast
    i = plain.distribution.members.index("RUS")
    assert nudged.distribution.member_probs[i, 1] > plain.distribution.member_probs[i, 1]
    assert nudged.distribution.p_vetoed_by["RUS"] > plain.distribution.p_vetoed_by["RUS"]
    assert nudged.p_adopted < plain.p_adopted
