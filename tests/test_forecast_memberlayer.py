"""The per-member layer: fitting, coherence, leakage, and what it can learn."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import numpy as np
import pytest
from scipy.optimize import check_grad

from test_forecast_model import COUNCIL, E10, P5, RECORDS, _record
from vetowatch.council.record import DraftRecord, VoteCode
from vetowatch.forecast import DraftSpec, apply_adjustments, outcome_distribution, rolling_forecasts
from vetowatch.forecast.backtest import fit_stacked, run_backtest
from vetowatch.forecast.memberlayer import (
    MEMBER_FEATURES,
    ROLES,
    MemberCorrection,
    MemberLayer,
    MemberRows,
    _design,
    _nll,
    role_index,
)
from vetowatch.forecast.memberroll import (
    MEMBER_OFF,
    layer_data,
    outcome_loss,
    rolling_member_layer,
    with_member_layer,
)
from vetowatch.forecast.model import VoteModel
from vetowatch.forecast.outcome import outcome_probs

D = len(MEMBER_FEATURES)


def _rows(n: int = 3000, seed: int = 0) -> tuple[MemberRows, float]:
    """Two draft types; inside each, No vs Abstain depends on feature 0 (true weight 1.5)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, D))
    probs = np.empty((n, 2, 4))
    probs[:, 0] = [0.97, 0.01, 0.01, 0.01]
    probs[:, 1] = [0.4, 0.25, 0.3, 0.05]
    weights = np.column_stack([np.full(n, 0.5), np.full(n, 0.5)])
    lr = np.ones((n, 4))
    lr[:, 1] = np.exp(1.5 * x[:, 0])
    y = np.empty(n, dtype=np.int64)
    for i in range(n):
        k = int(rng.random() < weights[i, 1])
        q = probs[i, k] * lr[i]
        y[i] = rng.choice(4, p=q / q.sum())
    when = np.linspace(1990.0, 2010.0, n)
    rows = MemberRows(x, probs, weights, y, np.zeros(n, dtype=np.int64), when, np.ones(n))
    return rows, 1.5


def test_gradient_and_fit_recover_a_planted_ratio() -> None:
    rows, weight = _rows()
    z = np.hstack([np.ones((len(rows.y), 1)), rows.x])
    des = _design(z, rows, np.ones(len(rows.y)))
    pen = np.full(z.shape[1], 1.0)
    theta = np.random.default_rng(1).normal(0, 0.2, 2 * z.shape[1])
    err = check_grad(lambda t: _nll(t, des, pen)[0], lambda t: _nll(t, des, pen)[1], theta)
    assert err < 1e-3 * np.abs(_nll(theta, des, pen)[1]).max()
    layer = MemberLayer(l2=1.0, half_life=np.inf).fit(rows, 2010.0)
    coef = layer.coef[:, 1:] / layer.fit_.std  # back to the raw feature scale
    assert coef[0, 0] == pytest.approx(weight, abs=0.35)
    assert np.abs(coef[0, 1:]).max() < 0.3 and np.abs(coef[1]).max() < 0.3
    again = MemberLayer(l2=1.0, half_life=np.inf).fit(rows, 2010.0)
    np.testing.assert_array_equal(layer.coef, again.coef)  # deterministic
    assert np.abs(MemberLayer(l2=1e5).fit(rows, 2010.0).coef).max() < 0.05  # shrinks to none


def test_correction_is_the_adjustments_mechanism() -> None:
    rows, _ = _rows(500)
    layer = MemberLayer(l2=1.0).fit(rows, 2010.0)
    members = ("RUS", "BRA", "USA")
    correction = MemberCorrection(tuple(layer if r in ("RUS", "E") else None for r in ROLES))
    x = rows.x[:3]
    probs = np.random.default_rng(2).dirichlet(np.ones(4), size=(5, 3))
    lr = np.exp(correction.log_lr(members, x))
    assert lr[2].tolist() == [1.0, 1.0, 1.0, 1.0]  # no layer for the US
    adjustments = {
        m: dict(zip("YNAX", map(float, lr[i]), strict=True)) for i, m in enumerate(members)
    }
    expected = apply_adjustments(probs, members, adjustments)  # type: ignore[arg-type]
    np.testing.assert_allclose(correction.apply(members, x, probs), expected)
    assert [role_index(m) for m in members] == [3, 5, 4]


def test_batch_outcome_probabilities_match_the_exact_distribution() -> None:
    rng = np.random.default_rng(3)
    probs = rng.dirichlet([8, 1, 1, 0.5], size=(7, 3, 15))
    weights = rng.dirichlet(np.ones(3), size=7)
    veto = np.tile(np.array([m in P5 for m in COUNCIL]), (7, 1))
    veto[0] = False  # a procedural question
    got = outcome_probs(probs, weights, veto)
    for i in range(7):
        d = outcome_distribution(COUNCIL, probs[i], weights[i], procedural=i == 0)
        np.testing.assert_allclose(got[i], d.probs, atol=1e-12)


def _chemical_records(n: int = 400, seed: int = 5) -> list[DraftRecord]:
    """Western Syria texts: Russia votes No on chemical-weapons texts and abstains on the
    others (the count model, which does not read words per member, sees half and half)."""
    rng = np.random.default_rng(seed)
    out, day = [], date(1990, 1, 10)
    for i in range(n):
        day += timedelta(days=int(rng.integers(8, 20)))
        votes: dict[str, VoteCode] = dict.fromkeys(COUNCIL, "Y")
        if i % 3 == 0:
            out.append(_record(i, day, "Somalia", ("PRESIDENT",), votes))
            continue
        chemical = rng.random() < 0.5
        if rng.random() < 0.8:
            votes["RUS"] = "N" if chemical else "A"
            votes["CHN"] = "A"
        title = (
            "Draft resolution [on chemical weapons]" if chemical else "Draft resolution [on aid]"
        )
        rec = _record(i, day, "Syria", ("FRA", "GBR"), votes)
        out.append(dataclasses.replace(rec, title=title))
    return out


def test_layer_learns_what_the_counts_cannot_and_mixture_carries_it() -> None:
    records = _chemical_records()
    late = records[-1].date + timedelta(days=1)
    model = fit_stacked(records, member_layer=True)
    assert model.member_layer_ is not None and model.member_layer_.layers[3] is not None
    bare = VoteModel().fit(records)
    rus = COUNCIL.index("RUS")
    for title, big in (("chemical weapons", 1), ("aid", 2)):
        spec = DraftSpec(
            date=late,
            topic="Syria",
            agenda="The situation in Syria",
            submitters=("FRA", "GBR"),
            title=f"Draft resolution [on {title}]",
        )
        w, p = model.mixture(spec, COUNCIL)
        w0, p0 = model.raw_mixture(spec, COUNCIL)
        np.testing.assert_array_equal(w, w0)
        x = model.member_features(spec, COUNCIL, w0, p0)
        np.testing.assert_allclose(p, model.member_layer_.apply(COUNCIL, x, p0))
        marg = w @ p[:, rus]
        assert marg[big] > 2 * marg[3 - big]  # No on chemical texts, Abstain on the others
        bare_marg = bare.predict_proba(spec, COUNCIL)[rus]
        assert abs(np.log(bare_marg[1] / bare_marg[2])) < abs(np.log(marg[1] / marg[2]))
        fc = model.predict(spec, COUNCIL)
        d = fc.distribution
        assert fc.p_adopted + fc.p_vetoed + fc.p_failed_votes == pytest.approx(1.0)
        np.testing.assert_allclose(d.member_probs, model.predict_proba(spec, COUNCIL), atol=0.2)
        # the news path: per-type probabilities from mixture, the stacker's ratio on top
        lr = model.outcome_lr(spec, outcome_distribution(COUNCIL, p, w).probs)
        news = outcome_distribution(
            COUNCIL, apply_adjustments(p, COUNCIL, {"RUS": {"N": 5.0}}), w, outcome_lr=lr
        )
        assert news.p_vetoed_by["RUS"] > d.p_vetoed_by["RUS"]


def test_rolling_layer_does_not_leak() -> None:
    records = _chemical_records(300)
    cut = records[200].date
    base = rolling_forecasts(
        records, 1990, 2030, VoteModel(), baselines=False, member_features=True
    )
    altered = [
        dataclasses.replace(r, outcome="failed", votes=dict.fromkeys(r.votes, "A"))
        if r.date > cut
        else r
        for r in records
    ]
    other = rolling_forecasts(
        altered, 1990, 2030, VoteModel(), baselines=False, member_features=True
    )
    years = range(1991, 2031)
    a, ra = with_member_layer(base, years)
    b, rb = with_member_layer(other, years)
    assert any(v != MEMBER_OFF for v in ra.l2.values())
    assert {k: v for k, v in ra.l2.items() if k[0] <= cut.year} == {
        k: v for k, v in rb.l2.items() if k[0] <= cut.year
    }
    for x, z in zip(a, b, strict=True):
        if x.record.date.year < cut.year:
            np.testing.assert_array_equal(x.model.member_probs, z.model.member_probs)
            np.testing.assert_array_equal(x.model_probs, z.model_probs)


def test_layer_data_and_outcome_loss_match_the_forecasts() -> None:
    fc = rolling_forecasts(
        RECORDS[:120], 1994, 2030, VoteModel(), baselines=False, member_features=True
    )
    data = layer_data(fc)
    assert len(data.rows.y) == 15 * len(fc) and data.rows.x.shape[1] == D
    assert set(data.rows.role.tolist()) == set(range(len(ROLES)))
    loss = outcome_loss(data, np.zeros((len(data.rows.y), 4)))
    y = data.outcome
    exact = np.array([-np.log(max(f.model_probs[o], 1e-6)) for f, o in zip(fc, y, strict=True)])
    np.testing.assert_allclose(loss, exact, atol=1e-9)
    roll = rolling_member_layer(data, range(1995, 2031), grid=(30.0,))
    assert roll.log_lr.shape == (len(data.rows.y), 4)
    assert set(roll.l2.values()) <= {30.0, MEMBER_OFF}


def test_backtest_with_the_member_layer() -> None:
    report = run_backtest(RECORDS, 1999, 2004, tune_grid=None, member_layer=True)
    j = report.to_json()
    assert j["n_drafts"] > 50 and 0 <= j["ece"] <= 1
    assert {len(f.calls) for f in report.forecasts} == {15}
    assert all(m in E10 or m in P5 for m in report.forecasts[0].members)
