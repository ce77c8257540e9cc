"""Outcome stacker: learns what the member model misses, stays leakage-free and coherent."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from test_forecast_model import COUNCIL, LATE, RECORDS
from vetowatch.forecast import DraftSpec, rolling_forecasts
from vetowatch.forecast.fitting import fit_stacked, with_stacking
from vetowatch.forecast.model import VoteModel
from vetowatch.forecast.stacker import (
    FEATURES,
    OutcomeStacker,
    rolling_stack,
    submitter_bloc,
)


def _rows(n: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The member model says 10 % vetoed everywhere; really it is 40 % when x0 > 0."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    p_veto = np.where(x[:, 0] > 0, 0.4, 0.02)
    y = np.where(rng.random(n) < p_veto, 1, 0).astype(np.int64)
    probs = np.tile([0.88, 0.1, 0.02], (n, 1))
    when = np.linspace(1990.0, 2020.0, n)
    return x, probs, y, when


def test_stacker_learns_a_missing_signal_and_shrinks_to_the_model() -> None:
    x, probs, y, when = _rows()
    st = OutcomeStacker(l2=1.0, half_life=100.0).fit(x, probs, y, when, 2021.0)
    hi, lo = st.log_ratio(np.array([1.5, 0.0, 0.0])), st.log_ratio(np.array([-1.5, 0.0, 0.0]))
    assert hi[0] == lo[0] == 0.0 and hi[1] > 0.5 > -0.5 > lo[1]
    again = OutcomeStacker(l2=1.0, half_life=100.0).fit(x, probs, y, when, 2021.0)
    np.testing.assert_array_equal(st.fit_.coef, again.fit_.coef)
    stiff = OutcomeStacker(l2=1e9).fit(x, probs, y, when, 2021.0)
    assert np.abs(stiff.log_ratio(x)).max() < 1e-3


def test_rolling_stack_only_learns_from_earlier_years() -> None:
    x, probs, y, when = _rows()
    years = list(range(1995, 2021))
    base = rolling_stack(x, probs, y, when, years, train_from=1990)
    cut = 2008
    flipped = np.where(when >= cut, 2 - y, y)
    other = rolling_stack(x, probs, flipped, when, years, train_from=1990)
    early = when < cut
    np.testing.assert_array_equal(base.log_ratio[early], other.log_ratio[early])
    assert not np.allclose(base.log_ratio[~early], other.log_ratio[~early])
    assert {k: v for k, v in base.l2.items() if k <= cut} == {
        k: v for k, v in other.l2.items() if k <= cut
    }


def test_stacked_backtest_forecasts_do_not_leak() -> None:
    cut = RECORDS[150].date
    base = rolling_forecasts(RECORDS, 1994, 2030, VoteModel())
    altered = [
        dataclasses.replace(r, outcome="failed", votes=dict.fromkeys(r.votes, "A"))
        if r.date > cut
        else r
        for r in RECORDS
    ]
    other = rolling_forecasts(altered, 1994, 2030, VoteModel())
    years = range(1995, 2031)
    a, _ = with_stacking(base, years)
    b, _ = with_stacking(other, years)
    assert a[-1].model.outcome_lr.tolist() != [1.0, 1.0, 1.0]
    for x, z in zip(a, b, strict=True):
        if x.record.date.year < cut.year:
            np.testing.assert_array_equal(x.model_probs, z.model_probs)
            np.testing.assert_array_equal(x.model.member_probs, z.model.member_probs)


def test_fit_stacked_forecasts_are_coherent_and_take_adjustments() -> None:
    model = fit_stacked(RECORDS)
    assert model.stacker_ is not None
    spec = DraftSpec(
        date=LATE, topic="Syria", agenda="The situation in Syria", submitters=("FRA", "GBR")
    )
    x = model.stack_features(spec, np.array([0.5, 0.4, 0.1]))
    assert x.shape == (len(FEATURES),)
    plain = model.predict(spec, COUNCIL)
    d = plain.distribution
    assert plain.p_adopted + plain.p_vetoed + plain.p_failed_votes == pytest.approx(1.0)
    assert d.member_probs.sum(axis=1) == pytest.approx(np.ones(15))
    assert d.yes_tally.sum() == pytest.approx(1.0)
    assert d.p_vetoed <= sum(d.p_vetoed_by.values()) + 1e-9
    nudged = model.predict(spec, COUNCIL, adjustments={"RUS": {"N": 0.1}})
    assert nudged.distribution.p_vetoed_by["RUS"] < d.p_vetoed_by["RUS"]
    assert nudged.p_adopted > plain.p_adopted
    np.testing.assert_array_equal(nudged.distribution.outcome_lr, d.outcome_lr)
    bare = VoteModel().fit(RECORDS).predict(spec, COUNCIL)
    assert bare.distribution.outcome_lr.tolist() == [1.0, 1.0, 1.0]


def test_submitter_bloc() -> None:
    west: tuple[str, ...] = ("FRA", "DEU")
    assert submitter_bloc(west) == "west"
    assert submitter_bloc(("SUN",)) == "east"
    assert submitter_bloc(("USA", "RUS")) == "both"
    assert submitter_bloc(()) == submitter_bloc(("DZA",)) == "other"
