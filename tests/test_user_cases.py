"""The CLI-as-a-user evaluation computes exactly what `forecast_draft` answers."""

from __future__ import annotations

import pytest

from vetowatch.council.record import DraftRecord
from vetowatch.evaluation.user_cases import (
    select_cases,
    submitters_typed,
    summarise,
    user_forecasts,
)
from vetowatch.forecast.service import forecast_draft
from vetowatch.store import Store

pytestmark = pytest.mark.slow


def test_one_pass_equals_forecast_draft(imported_store: Store,
                                        records: list[DraftRecord]) -> None:
    cases = [r for r in records if r.draft in ("S/2011/612", "S/2017/172")]
    assert len(cases) == 2
    results = user_forecasts(imported_store, cases)
    assert len(results) == 2
    for case in results:
        r = case.record
        direct = forecast_draft(imported_store, r.date, agenda=r.agenda, topic=r.topic,
                                submitters=submitters_typed(r))
        d = direct.forecast.distribution
        assert case.probs == pytest.approx((d.p_adopted, d.p_vetoed, d.p_failed), abs=1e-9)
    figures = summarise(results)
    assert figures["n"] == 2 and figures["n_vetoed"] == 2
    assert 0 <= figures["hard_share_below_0_01"] <= 1


def test_case_selection_is_seeded(records: list[DraftRecord]) -> None:
    a = select_cases(records, 2012, 2025, adopted=10, seed=1)
    assert a == select_cases(records, 2012, 2025, adopted=10, seed=1)
    assert sum(r.outcome == "adopted" for r in a) == 10
    assert all(r.outcome in ("vetoed", "failed") for r in a if r.outcome != "adopted")
