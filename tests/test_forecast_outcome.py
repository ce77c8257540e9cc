"""Exact outcome distribution: brute force agreement and probability axioms."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vetowatch.errors import InvalidInputError
from vetowatch.forecast.outcome import apply_adjustments, outcome_distribution

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
E10 = ["BRA", "IND", "ZAF", "DEU", "NGA", "GAB", "LBN", "BIH", "COL", "PRT"]
COUNCIL = P5 + E10


@st.composite
def mixtures(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    k = draw(st.integers(1, 3))
    raw = draw(st.lists(st.floats(0.0, 1.0), min_size=k * 15 * 4, max_size=k * 15 * 4))
    probs = np.array(raw).reshape(k, 15, 4) + 1e-3
    probs /= probs.sum(axis=2, keepdims=True)
    w = np.array(draw(st.lists(st.floats(0.01, 1.0), min_size=k, max_size=k)))
    return probs, w / w.sum()


@settings(max_examples=60, deadline=None)
@given(mixtures(), st.booleans())
def test_probabilities_are_coherent(mix: tuple[np.ndarray, np.ndarray], procedural: bool) -> None:
    probs, w = mix
    d = outcome_distribution(COUNCIL, probs, w, procedural=procedural)
    assert d.p_adopted + d.p_vetoed + d.p_failed == pytest.approx(1.0, abs=1e-9)
    assert d.yes_tally.sum() == pytest.approx(1.0, abs=1e-9)
    assert d.yes_tally[:9].sum() == pytest.approx(d.p_failed, abs=1e-9)
    assert np.allclose(d.member_probs.sum(axis=1), 1.0)
    assert (d.yes_tally >= -1e-12).all()
    if procedural:
        assert d.p_vetoed == 0.0
        assert d.p_adopted == pytest.approx(d.yes_tally[9:].sum(), abs=1e-9)
    else:
        # vetoed = some permanent No with >= 9 Yes; failed-with-permanent-No makes up the rest
        failed_and_no = d.p_permanent_no - d.p_vetoed
        assert -1e-9 <= failed_and_no <= d.p_failed + 1e-9
        assert max(d.p_vetoed_by.values()) <= d.p_vetoed + 1e-9
        assert sum(d.p_vetoed_by.values()) >= d.p_vetoed - 1e-9


def test_vetoed_equals_any_permanent_no_when_nine_yes_are_certain() -> None:
    probs = np.zeros((1, 15, 4))
    probs[0, :, 0] = 1.0
    probs[0, 3] = [0.0, 0.4, 0.6, 0.0]  # RUS: No or abstain
    probs[0, 0] = [0.5, 0.3, 0.2, 0.0]  # CHN
    d = outcome_distribution(COUNCIL, probs)
    p_any_no = 1 - (1 - 0.4) * (1 - 0.3)
    assert d.p_vetoed == pytest.approx(p_any_no)
    assert d.p_permanent_no == pytest.approx(p_any_no)
    assert d.p_vetoed_by["RUS"] == pytest.approx(0.4)
    assert d.p_failed == pytest.approx(0.0)


def test_matches_brute_force_enumeration() -> None:
    rng = np.random.default_rng(3)
    members = COUNCIL[:11]
    probs = rng.dirichlet([2, 1, 1, 0.5], size=(2, 11))
    probs[:, 5:, 0] += 3
    probs /= probs.sum(axis=2, keepdims=True)
    w = np.array([0.35, 0.65])
    d = outcome_distribution(members, probs, w)
    want = np.zeros(3)
    tally = np.zeros(12)
    for k in range(2):
        for cfg in itertools.product(range(3), repeat=11):  # 0 yes, 1 no, 2 other
            p = w[k] * np.prod(
                [
                    probs[k, i, 0]
                    if c == 0
                    else probs[k, i, 1]
                    if c == 1
                    else probs[k, i, 2:].sum()
                    for i, c in enumerate(cfg)
                ]
            )
            yes = cfg.count(0)
            tally[yes] += p
            veto = any(cfg[i] == 1 for i in range(5))
            want[2 if yes < 9 else 1 if veto else 0] += p
    assert [d.p_adopted, d.p_vetoed, d.p_failed] == pytest.approx(want.tolist(), abs=1e-12)
    assert d.yes_tally == pytest.approx(tally, abs=1e-12)


def test_mixture_is_not_independence() -> None:
    """Two types (all Yes / Russia and China both No) give a joint veto, not independent ones."""
    probs = np.zeros((2, 15, 4))
    probs[:, :, 0] = 1.0
    probs[1, 0] = probs[1, 3] = [0.0, 1.0, 0.0, 0.0]
    d = outcome_distribution(COUNCIL, probs, np.array([0.5, 0.5]))
    assert d.p_vetoed == pytest.approx(0.5)
    assert d.p_vetoed_by == pytest.approx({"CHN": 0.5, "FRA": 0, "GBR": 0, "RUS": 0.5, "USA": 0})


def test_pivotal_members() -> None:
    probs = np.zeros((1, 15, 4))
    probs[0, :, 0] = 1.0
    probs[0, 5:12] = [0.5, 0.0, 0.5, 0.0]  # seven elected members undecided
    d = outcome_distribution(COUNCIL, probs)
    top = d.pivotal(top=3)
    assert top and top[0]["member"] in COUNCIL[5:12]
    i = COUNCIL.index("RUS")
    assert d.p_adopted_if[i, 1] == 0.0


def test_adjustments_are_likelihood_ratios() -> None:
    probs = np.full((1, 15, 4), 0.25)
    out = apply_adjustments(probs, COUNCIL, {"RUS": {"N": 3.0}})
    assert out[0, 3] == pytest.approx([1 / 6, 3 / 6, 1 / 6, 1 / 6])
    assert out[0, 0] == pytest.approx([0.25] * 4)
    with pytest.raises(InvalidInputError):
        apply_adjustments(probs, COUNCIL, {"XXX": {"N": 2.0}})
    with pytest.raises(InvalidInputError):
        apply_adjustments(probs, COUNCIL, {"RUS": {"N": -1.0}})


def test_rejects_bad_input() -> None:
    with pytest.raises(InvalidInputError):
        outcome_distribution(COUNCIL, np.full((1, 15, 4), 0.3))
    with pytest.raises(InvalidInputError):
        outcome_distribution(COUNCIL, np.full((2, 15, 4), 0.25), np.array([0.5, 0.6]))


def test_outcome_tilt_matches_brute_force_and_composes() -> None:
    """Tilting by outcome likelihood ratios = reweighting every vote configuration."""
    rng = np.random.default_rng(5)
    members = COUNCIL[:10]
    probs = rng.dirichlet([3, 1, 1, 0.01], size=(2, 10))
    probs[:, :, 3] = 0.0
    probs /= probs.sum(axis=2, keepdims=True)
    w = np.array([0.6, 0.4])
    lr = np.array([0.5, 3.0, 1.5])
    d = outcome_distribution(members, probs, w, outcome_lr=lr)
    want, marg, tally, by, wk = (
        np.zeros(3),
        np.zeros((10, 3)),
        np.zeros(11),
        np.zeros(5),
        np.zeros(2),
    )
    for k in range(2):
        for cfg in itertools.product(range(3), repeat=10):  # Y, N, A
            yes = cfg.count(0)
            vetoers = [i for i in range(5) if cfg[i] == 1]
            o = 2 if yes < 9 else 1 if vetoers else 0
            p = w[k] * lr[o] * np.prod([probs[k, i, c] for i, c in enumerate(cfg)])
            want[o] += p
            tally[yes] += p
            wk[k] += p
            marg[np.arange(10), list(cfg)] += p
            if o == 1:
                by[vetoers] += p
    z = want.sum()
    assert d.probs == pytest.approx(want / z, abs=1e-12)
    assert d.member_probs[:, :3] == pytest.approx(marg / z, abs=1e-12)
    assert d.yes_tally == pytest.approx(tally / z, abs=1e-12)
    assert [d.p_vetoed_by[m] for m in COUNCIL[:5]] == pytest.approx(by / z, abs=1e-12)
    assert d.class_weights == pytest.approx(wk / z, abs=1e-12)
    plain = outcome_distribution(members, probs, w)
    twice = plain.tilted([1.0, 3.0, 1.0]).tilted([0.5, 1.0, 1.5])
    assert twice.probs == pytest.approx(d.probs, abs=1e-12)
    assert plain.untilted_probs == pytest.approx(twice.untilted_probs, abs=1e-15)
    with pytest.raises(InvalidInputError):
        plain.tilted([1.0, 0.0, 1.0])
