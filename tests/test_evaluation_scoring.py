"""The scoring core (vetowatch.evaluation.scoring): each metric against its definition."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vetowatch.evaluation.scoring import (
    bootstrap_interval,
    brier,
    brier_decomposition,
    brier_per_forecast,
    class_reliability,
    conditional_share,
    expected_calibration_error,
    joint_no_from_mixture,
    log_loss,
    precision_recall,
    randomized_pit,
    reliability_table,
    share_at_or_below_quantile,
    skill,
    top_label_ece,
)

# probability vectors whose every component sits alone in its decile bin
BIN_CENTRED = [
    (0.05, 0.15, 0.80),
    (0.25, 0.35, 0.40),
    (0.95, 0.05 - 0.0, 0.0),
    (0.55, 0.45, 0.0),
    (0.15, 0.05, 0.80),
]


def _rows(draw_idx: list[int]) -> np.ndarray:
    rows = np.array([BIN_CENTRED[i] for i in draw_idx], dtype=float)
    return rows / rows.sum(axis=1, keepdims=True)


def test_brier_and_log_loss_by_hand() -> None:
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]])
    y = np.array([0, 2])
    assert brier_per_forecast(p, y) == pytest.approx([0.09 + 0.04 + 0.01, 0.01 + 0.64 + 0.81])
    assert brier(p, y) == pytest.approx((0.14 + 1.46) / 2)
    assert log_loss(p, y) == pytest.approx(-(np.log(0.7) + np.log(0.1)) / 2)
    # a zero for what happened costs -ln(floor), not infinity
    assert log_loss(np.array([[1.0, 0.0, 0.0]]), np.array([1])) == pytest.approx(-np.log(1e-6))
    assert log_loss(np.array([[1.0, 0.0]]), np.array([1]), floor=1e-3) == pytest.approx(
        -np.log(1e-3)
    )
    assert np.isnan(brier(np.zeros((0, 3)), np.zeros(0, dtype=np.int64)))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, len(BIN_CENTRED) - 1), min_size=1, max_size=60),
    st.data(),
)
def test_decomposition_identity_for_forecasts_equal_to_bin_means(
    idx: list[int], data: st.DataObject
) -> None:
    p = _rows(idx)
    y = np.array(data.draw(st.lists(st.integers(0, 2), min_size=len(idx), max_size=len(idx))))
    d = brier_decomposition(p, y, labels=("adopted", "vetoed", "failed"))
    assert d.brier == pytest.approx(brier(p, y))
    assert d.reliability - d.resolution + d.uncertainty == pytest.approx(d.brier, abs=1e-12)
    assert d.residual == pytest.approx(0.0, abs=1e-12)
    assert d.reliability >= 0 and d.resolution >= 0 and 0 <= d.uncertainty <= 1
    assert set(d.per_class) == {"adopted", "vetoed", "failed"}
    assert sum(c["brier"] for c in d.per_class.values()) == pytest.approx(d.brier)


def test_climatology_has_no_reliability_or_resolution_term() -> None:
    y = np.array([0] * 6 + [1] * 3 + [2] * 1)
    freq = np.bincount(y, minlength=3) / len(y)
    p = np.tile(freq, (len(y), 1))
    d = brier_decomposition(p, y)
    assert d.reliability == pytest.approx(0.0, abs=1e-12)
    assert d.resolution == pytest.approx(0.0, abs=1e-12)
    assert d.uncertainty == pytest.approx(d.brier)
    assert d.uncertainty == pytest.approx(float((freq * (1 - freq)).sum()))


def test_a_sharp_perfect_forecast_resolves_all_uncertainty() -> None:
    y = np.array([0, 0, 1, 2, 0, 1])
    d = brier_decomposition(np.eye(3)[y], y)
    assert d.brier == 0 and d.reliability == 0
    assert d.resolution == pytest.approx(d.uncertainty)


def test_skill_of_the_reference_itself_is_zero() -> None:
    rng = np.random.default_rng(3)
    p = rng.dirichlet(np.ones(3), size=50)
    y = rng.integers(0, 3, size=50)
    ref = brier(p, y)
    assert skill(ref, ref) == 0.0
    assert skill(0.0, ref) == 1.0
    assert np.isnan(skill(0.1, 0.0))
    per = brier_per_forecast(p, y)
    ci = bootstrap_interval(per, per)
    assert (ci.point, ci.lo, ci.hi) == (0.0, 0.0, 0.0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 2, allow_nan=False), min_size=1, max_size=80), st.integers(0, 9))
def test_bootstrap_interval_contains_the_mean(losses: list[float], seed: int) -> None:
    ci = bootstrap_interval(np.array(losses), n_resamples=400, seed=seed)
    assert ci.point == pytest.approx(float(np.mean(losses)))
    assert ci.lo - 1e-9 <= ci.point <= ci.hi + 1e-9
    assert ci.unit == "draft" and ci.n_units == len(losses)


def test_bootstrap_skill_interval_brackets_the_skill() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, size=400)
    good = np.clip(np.eye(3)[y] * 0.6 + 0.4 * rng.dirichlet(np.ones(3), size=400), 0, 1)
    good /= good.sum(axis=1, keepdims=True)
    flat = np.full((400, 3), 1 / 3)
    ci = bootstrap_interval(brier_per_forecast(good, y), brier_per_forecast(flat, y))
    assert ci.point == pytest.approx(skill(brier(good, y), brier(flat, y)))
    assert 0 < ci.lo < ci.point < ci.hi < 1


def test_one_group_per_draft_is_the_draft_bootstrap() -> None:
    loss = np.random.default_rng(1).random(30)
    by_draft = bootstrap_interval(loss, seed=5)
    by_group = bootstrap_interval(loss, groups=[f"{i:03d}" for i in range(30)], seed=5)
    assert (by_group.lo, by_group.hi) == (by_draft.lo, by_draft.hi)


def test_the_year_bootstrap_is_wider_when_years_differ() -> None:
    rng = np.random.default_rng(2)
    years = np.repeat(np.arange(2000, 2020), 50)
    year_effect = rng.normal(0, 0.3, size=20)
    loss = np.clip(0.5 + year_effect[years - 2000] + rng.normal(0, 0.05, len(years)), 0, 2)
    by_draft = bootstrap_interval(loss)
    by_year = bootstrap_interval(loss, groups=years.tolist(), unit="year")
    assert by_year.unit == "year" and by_year.n_units == 20
    assert by_year.hi - by_year.lo > 3 * (by_draft.hi - by_draft.lo)


def test_reliability_and_ece() -> None:
    conf = np.array([0.15] * 20 + [0.85] * 20)
    correct = np.array([True] * 3 + [False] * 17 + [True] * 17 + [False] * 3)
    table = reliability_table(conf, correct)
    assert [b.n for b in table if b.n] == [20, 20]
    assert expected_calibration_error(table) == pytest.approx(0.0)
    shifted = reliability_table(conf + 0.04, correct)
    assert expected_calibration_error(shifted) == pytest.approx(0.04)
    assert np.isnan(expected_calibration_error(reliability_table(np.zeros(0), correct[:0])))


def test_top_label_ece_only_on_non_trivial_forecasts() -> None:
    # 80 confident and right forecasts (0.95, always right: miscalibrated by 0.05),
    # 20 forecasts at 0.6 that are right 60 % of the time (calibrated)
    p = np.array([[0.95, 0.04, 0.01]] * 80 + [[0.6, 0.3, 0.1]] * 20)
    y = np.array([0] * 80 + [0] * 12 + [1] * 8)
    assert top_label_ece(p, y) == pytest.approx(0.8 * 0.05)
    assert top_label_ece(p, y, below=0.9) == pytest.approx(0.0, abs=1e-12)
    per_class = class_reliability(p, y, ("adopted", "vetoed", "failed"))
    assert sum(b.n for b in per_class["vetoed"]) == 100
    assert [b.frequency for b in per_class["vetoed"] if b.n] == [0.0, 0.4]


def test_randomized_pit_is_uniform_for_the_true_distribution() -> None:
    rng = np.random.default_rng(4)
    dists = [rng.dirichlet(np.ones(16) * 0.5) for _ in range(4000)]
    observed = [int(rng.choice(16, p=d)) for d in dists]
    u = randomized_pit(dists, observed, seed=0)
    assert 0.08 < (u < 0.1).mean() < 0.12
    assert 0.005 < (u < 0.01).mean() < 0.02
    assert (randomized_pit(dists, observed, seed=0) == u).all()  # seeded
    conservative = share_at_or_below_quantile(dists, observed, 0.1)
    assert conservative <= (u < 0.1).mean() + 0.01


def test_a_too_thin_tail_shows_in_the_pit() -> None:
    # the forecast puts almost everything on 12-15 Yes votes; reality often gives 9 or 10
    thin = np.zeros(16)
    thin[12:] = 0.25 - 1e-4
    thin[:12] = 4e-4 / 12
    observed = [9, 10, 13, 14, 15, 13, 9, 13, 14, 15]
    u = randomized_pit([thin] * 10, observed)
    assert (u < 0.01).mean() == pytest.approx(0.3)
    assert share_at_or_below_quantile([thin] * 10, observed, 0.01) == pytest.approx(0.3)


def test_conditional_share_and_mixture_joint() -> None:
    rus_no = np.array([1, 1, 0, 1, 0])
    chn_no = np.array([1, 0, 0, 0, 0])
    assert conditional_share(rus_no * chn_no, rus_no) == pytest.approx(1 / 3)
    assert conditional_share(rus_no * chn_no, chn_no) == pytest.approx(1.0)
    assert np.isnan(conditional_share(np.zeros(3), np.zeros(3)))
    # two types: in the first both vote No for sure, in the second both vote Yes
    probs = np.zeros((2, 2, 4))
    probs[0, :, 1] = 1.0
    probs[1, :, 0] = 1.0
    w = np.array([0.3, 0.7])
    assert joint_no_from_mixture(w, probs, 0, 1) == pytest.approx(0.3)
    # independence inside a single type: the product of the marginals
    one = np.array([[[0.5, 0.2, 0.3, 0.0], [0.6, 0.4, 0.0, 0.0]]])
    assert joint_no_from_mixture(np.ones(1), one, 0, 1) == pytest.approx(0.08)


def test_precision_recall() -> None:
    pr = precision_recall(np.array([0.9, 0.6, 0.2, 0.1]), np.array([True, False, True, False]))
    assert pr == {"precision": 0.5, "recall": 0.5, "n_true": 2, "n_predicted": 2}
    none = precision_recall(np.array([0.1]), np.array([False]))
    assert np.isnan(none["precision"]) and np.isnan(none["recall"])


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 60), st.integers(0, 10_000))
def test_uncertainty_depends_on_the_outcomes_only(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, size=n)
    a = brier_decomposition(rng.dirichlet(np.ones(3), size=n), y)
    b = brier_decomposition(rng.dirichlet(np.ones(3) * 0.3, size=n), y)
    freq = np.bincount(y, minlength=3) / n
    assert a.uncertainty == pytest.approx(b.uncertainty) == pytest.approx(
        float((freq * (1 - freq)).sum())
    )
    assert a.reliability >= 0 and a.resolution >= 0
    assert a.resolution <= a.uncertainty + 1e-12  # Σ_b n_b (ō_b − ō)² ≤ ō (1 − ō)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 15), st.integers(0, 10_000))
def test_pit_falls_inside_the_observed_counts_cdf_step(t: int, seed: int) -> None:
    d = np.random.default_rng(seed).dirichlet(np.ones(16))
    u = randomized_pit([d], [t], seed=seed)
    assert 0.0 <= u[0] <= 1.0
    lo, hi = float(d[:t].sum()), float(d[: t + 1].sum())
    assert lo - 1e-12 <= u[0] <= hi + 1e-12  # inside the observed count's CDF step
