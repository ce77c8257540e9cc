"""Honest tails: the draft-type floor, the tally PIT's expectation over its randomisation and
the ECE a calibrated forecaster would show (issue 10, "structure")."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_forecast_dependence import COUNCIL, E10, _record
from vetowatch.council.record import DraftRecord, VoteCode
from vetowatch.errors import ModelError
from vetowatch.evaluation.metrics import (
    expected_pit_share,
    null_top_label_ece,
    outcome_figures,
)
from vetowatch.evaluation.scoring import randomized_pit, top_label_ece
from vetowatch.forecast import DraftSpec, VoteModel
from vetowatch.forecast.config import SHIPPED
from vetowatch.forecast.draft_types import CLASSES, TYPE_BASE, TYPES, floor_weights
from vetowatch.forecast.outcome import outcome_distribution

SPLIT = np.array([1.0 if TYPE_BASE[f] == 0 else 0.0 for f in range(len(TYPES))])


def _split() -> np.ndarray:
    """A within-base-class split that makes ``east_chn_*`` rare, as the record does."""
    out = np.ones(len(TYPES))
    for f, name in enumerate(TYPES):
        if name.startswith("east_chn"):
            out[f] = 0.001
    base = np.array(TYPE_BASE)
    for b in range(len(CLASSES)):
        out[base == b] /= out[base == b].sum()
    return out


@settings(max_examples=60, deadline=None)
@given(
    raw=st.lists(st.floats(0.0, 1.0), min_size=len(TYPES), max_size=len(TYPES)).filter(
        lambda v: sum(v) > 1e-6
    ),
    floor=st.floats(0.0, 0.5),
)
def test_the_floor_keeps_a_distribution_and_lifts_every_type(raw: list[float],
                                                             floor: float) -> None:
    w = np.array(raw) / sum(raw)
    split = _split()
    out = floor_weights(w, floor, split)
    assert out.sum() == pytest.approx(1.0)
    assert (out >= floor * split / len(CLASSES) - 1e-15).all()
    assert (out >= (1.0 - floor) * w - 1e-15).all()


def test_the_floor_is_the_identity_at_zero_and_keeps_rare_types_rare() -> None:
    w = np.zeros(len(TYPES))
    w[0] = 1.0  # certain consensus
    assert floor_weights(w, 0.0) is w
    out = floor_weights(w, 0.01, _split())
    chn = [f for f, name in enumerate(TYPES) if name.startswith("east_chn")]
    rus = [f for f, name in enumerate(TYPES) if name.startswith("east_rus")]
    assert out[0] == pytest.approx(0.99 + 0.01 / len(CLASSES))
    assert out[rus].sum() > 100 * out[chn].sum() > 0.0
    uniform = floor_weights(w, 0.01)
    assert uniform[1:] == pytest.approx(np.full(len(TYPES) - 1, 0.01 / len(TYPES)))


@pytest.mark.parametrize("bad", [-0.1, 1.0, 2.0])
def test_a_floor_outside_zero_one_is_a_model_error(bad: float) -> None:
    with pytest.raises(ModelError, match="floor"):
        floor_weights(np.full(len(TYPES), 1.0 / len(TYPES)), bad)


def _consensus_then_split(n: int = 200) -> list[DraftRecord]:
    """A topic that was always unanimous; elsewhere, Russian-vetoed texts that every elected
    member abstains on (a tally of 3)."""
    out, day = [], date(1995, 1, 3)
    for i in range(n):
        day += timedelta(days=10)
        votes: dict[str, VoteCode] = dict.fromkeys(COUNCIL, "Y")
        topic = "Somalia"
        if i % 4 == 0:
            topic = "Kosovo"
            votes["RUS"] = "N"
            votes.update(dict.fromkeys(E10, "A"))
        out.append(_record(i, day, topic, votes))
    return out


def test_the_floor_gives_a_never_contested_topic_a_tail() -> None:
    """The record holds tallies of 15 and 4 only. Without the floor a draft on the topic
    that was always unanimous gets no chance of failing with 5–8 Yes (no type the contexts
    know produces it); with it, the floor's broad mix of types does."""
    records = _consensus_then_split()
    spec = DraftSpec(date=records[-1].date + timedelta(days=5), agenda="The situation in Somalia",
                     topic="Somalia", region="Europe", submitters=("FRA", "GBR"))
    low = {}
    for floor in (0.0, 0.01):
        model = VoteModel(**{**SHIPPED.model_kwargs(), "type_floor": floor}).fit(records)
        w, probs = model.mixture(spec, COUNCIL)
        low[floor] = float(outcome_distribution(COUNCIL, probs, w).yes_tally[5:9].sum())
    assert low[0.0] < 1e-5
    assert low[0.01] > 1e-3


def test_the_shipped_configuration_has_the_floor_and_the_model_reads_it() -> None:
    assert SHIPPED.model.type_floor == pytest.approx(0.01)
    assert VoteModel(**SHIPPED.model_kwargs()).get_params()["type_floor"] == 0.01


def _draws(rng: np.random.Generator, n: int) -> tuple[list[np.ndarray], list[int]]:
    """Tally distributions and tallies drawn from them (an honest forecaster)."""
    dists, seen = [], []
    for _ in range(n):
        d = rng.dirichlet(np.full(16, 0.3))
        dists.append(d)
        seen.append(int(rng.choice(16, p=d)))
    return dists, seen


def test_the_expected_pit_share_is_the_mean_over_seeds() -> None:
    rng = np.random.default_rng(3)
    dists, seen = _draws(rng, 400)
    over_seeds = np.mean([(randomized_pit(dists, seen, seed=s) < 0.1).mean()
                          for s in range(200)])
    assert expected_pit_share(dists, seen, 0.1) == pytest.approx(over_seeds, abs=2e-3)


def test_the_expected_pit_share_is_the_level_for_an_honest_forecast() -> None:
    rng = np.random.default_rng(4)
    dists, seen = _draws(rng, 4000)
    assert expected_pit_share(dists, seen, 0.10) == pytest.approx(0.10, abs=0.015)
    # a forecaster that never expects low tallies: the real ones land in its tail
    late = [np.r_[np.zeros(9), np.full(7, 1 / 7)] * 0.999 + 0.001 / 16 for _ in seen]
    assert expected_pit_share(late, [3] * len(late), 0.01) == 1.0


def test_the_null_ece_is_what_a_calibrated_forecaster_shows() -> None:
    rng = np.random.default_rng(5)
    p = rng.dirichlet(np.ones(3), size=200)
    null = null_top_label_ece(p, seed=0)
    assert null == null_top_label_ece(p, seed=0)
    # outcomes really drawn from p: their ECE is a draw from the same distribution
    eces = [top_label_ece(p, np.array([rng.choice(3, p=row) for row in p]))
            for _ in range(100)]
    assert null["mean"] == pytest.approx(float(np.mean(eces)), rel=0.15)
    assert 0.02 < null["p10"] < null["mean"] < null["p90"]
    # how often a calibrated forecaster meets ECE <= 0.03: rarely on 200 drafts, nearly always
    # on 5,000 (the sampling noise of each bin shrinks with its size)
    assert null["share_at_most_target"] == pytest.approx(
        float(np.mean([e <= 0.03 for e in eces])), abs=0.1)
    assert null["share_at_most_target"] < 0.2
    many = null_top_label_ece(rng.dirichlet(np.ones(3), size=5000), draws=100)
    assert many["share_at_most_target"] > 0.9 and many["p90"] < 0.03
    # certain forecasts are always right or always wrong: nothing left to chance
    sure = np.eye(3)[rng.integers(0, 3, size=50)]
    assert null_top_label_ece(sure)["mean"] == 0.0


def test_outcome_figures_carry_the_null_ece_of_the_nontrivial_drafts() -> None:
    rng = np.random.default_rng(6)
    p = np.vstack([rng.dirichlet(np.ones(3), size=120), np.tile([0.98, 0.01, 0.01], (80, 1))])
    y = np.array([rng.choice(3, p=row) for row in p])
    fig = outcome_figures(p, y, [2000] * len(y), np.tile([0.9, 0.05, 0.05], (len(y), 1)),
                          n_resamples=20)
    nontrivial = p.max(axis=1) < 0.9
    assert fig.ece_nontrivial_null == null_top_label_ece(p[nontrivial], seed=0)
    assert fig.scalars()["ece_nontrivial_null"]["p90"] > 0.0


def test_the_backtest_json_reports_the_pit_without_its_seed_and_the_null_ece() -> None:
    from test_forecast_model import synthetic
    from vetowatch.evaluation.backtest import run_backtest

    out = run_backtest(synthetic(n=200, seed=3), 1998, 2004).to_json()
    pit = out["tally_pit"]
    assert set(pit["other_seeds"]) == {"1", "2"}
    shares = [out["tally_pit_below_10pct"]] + [s["below_10pct"] for s in
                                               pit["other_seeds"].values()]
    # the expectation over the randomisation lies within the seeds' scatter (± a few drafts)
    assert min(shares) - 0.05 <= pit["expected"]["below_10pct"] <= max(shares) + 0.05
    assert 0.0 <= pit["expected"]["below_1pct"] <= pit["expected"]["below_10pct"] <= 1.0
    null = out["ece_nontrivial_null"]
    assert out["n_nontrivial"] > 20
    assert 0.0 < null["mean"] <= null["p90"]
    assert "ece_nontrivial_null" in out["baselines"]["base_rate"]
