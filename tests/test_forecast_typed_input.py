"""Issue 10 (input): the stacker for what a CLI user types, the floor, the draft-type expert."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pytest

from test_forecast_model import COUNCIL, LATE, RECORDS, _record
from vetowatch.council.record import DraftRecord, VoteCode
from vetowatch.forecast import DraftSpec, rolling_forecasts
from vetowatch.forecast.draft_types import TYPES
from vetowatch.forecast.fitting import fit_stacked, with_stacking, year_stackers
from vetowatch.forecast.model import VoteModel
from vetowatch.forecast.stacker import mixed_log_ratio, rolling_stack

SYRIA = DraftSpec(date=LATE, topic="Syria", agenda="The situation in Syria",
                  submitters=("FRA", "GBR"))


def test_as_typed_keeps_only_what_a_user_types() -> None:
    full = DraftSpec(date=LATE, agenda="A", topic="T", region="Africa", submitters=("FRA",),
                     kind="sanctions", title="Draft resolution [on sanctions]",
                     subjects=("SANCTIONS",), rivals=2)
    typed = full.as_typed()
    assert full.described and not typed.described
    assert (typed.date, typed.agenda, typed.topic, typed.submitters) == (
        LATE, "A", "T", ("FRA",))
    assert typed.region is None and typed.kind is None and typed.title is None
    assert typed.subjects == () and typed.rivals == 0


def test_rolling_forecasts_carry_the_typed_forecast() -> None:
    fc = rolling_forecasts(RECORDS, 1995, 2030, VoteModel(), mixture=False, typed=True)
    assert fc and all(f.typed_probs is not None and f.typed_features is not None for f in fc)
    for f in fc:
        assert f.typed_probs is not None
        assert f.typed_probs.sum() == pytest.approx(1.0)
    plain = rolling_forecasts(RECORDS, 1995, 2030, VoteModel(), mixture=False)
    assert all(f.typed_probs is None for f in plain)
    # the full forecasts are the same with or without the typed ones
    for a, b in zip(fc, plain, strict=True):
        np.testing.assert_array_equal(a.model_probs, b.model_probs)


def test_the_typed_stacker_is_used_only_for_bare_input() -> None:
    model = fit_stacked(RECORDS, typed=True)
    assert model.stacker_ is not None and model.typed_stacker_ is not None
    assert model.stacker_for(SYRIA) is model.typed_stacker_
    described = dataclasses.replace(SYRIA, kind="sanctions")
    assert model.stacker_for(described) is model.stacker_
    probs = np.array([0.7, 0.2, 0.1])
    x = model.stack_features(SYRIA, probs)
    base = model.outcomes_.base_rate(SYRIA.date)
    np.testing.assert_allclose(
        model.outcome_lr(SYRIA, probs),
        np.exp(model.typed_stacker_.outcome_log_ratio(x, probs, base)))
    without = fit_stacked(RECORDS, typed=False)
    assert without.typed_stacker_ is None and without.stacker_for(SYRIA) is without.stacker_
    # the full stacker does not depend on whether the typed one is trained
    np.testing.assert_array_equal(without.stacker_.fit_.coef, model.stacker_.fit_.coef)


def test_year_stackers_equal_fit_stacked() -> None:
    before = date(LATE.year, 1, 1)
    model = fit_stacked(RECORDS, before=before, typed=True)
    last = max(r.date for r in RECORDS if r.date < before)
    fc = rolling_forecasts([r for r in RECORDS if r.date < before], 1990, last.year,
                           VoteModel(**model.get_params()), mixture=False, typed=True)
    full, typed = year_stackers(fc, before.year, typed=True, floor=False)
    assert full is not None and typed is not None
    assert model.stacker_ is not None and model.typed_stacker_ is not None
    np.testing.assert_array_equal(full.fit_.coef, model.stacker_.fit_.coef)
    np.testing.assert_array_equal(typed.fit_.coef, model.typed_stacker_.fit_.coef)


def test_the_floor_mixes_with_the_base_rate_and_keeps_ruled_out_outcomes_out() -> None:
    probs = np.array([0.999, 1e-9, 0.0])  # a procedural draft: no veto possible
    base = np.array([0.8, 0.15, 0.05])
    lr = mixed_log_ratio(probs, np.zeros(3), base, 0.1)
    q = probs * np.exp(lr)
    q /= q.sum()
    assert q[1] == pytest.approx(0.1 * 0.15 / (0.9 * 0.999 / 0.999 + 0.1 * 0.95), rel=1e-3)
    assert q[2] == 0.0
    np.testing.assert_array_equal(mixed_log_ratio(probs, np.ones(3), base, 0.0), np.ones(3))


def test_the_floor_weight_is_chosen_on_earlier_years_only() -> None:
    rng = np.random.default_rng(0)
    n = 600
    x = rng.normal(size=(n, 3))
    when = np.linspace(1990.0, 2020.0, n)
    y = np.where(rng.random(n) < 0.05, 2, 0).astype(np.int64)  # surprises the model ignores
    probs = np.tile([0.9999, 0.00005, 0.00005], (n, 1))
    base = np.tile([0.9, 0.05, 0.05], (n, 1))
    years = list(range(1995, 2021))
    roll = rolling_stack(x, probs, y, when, years, grid=(1e6,), train_from=1990, base=base)
    assert max(roll.mix.values()) > 0.0  # a floor pays where surprises happen
    late = when >= 2010
    flipped = np.where(late, 0, y)
    other = rolling_stack(x, probs, flipped, when, years, grid=(1e6,), train_from=1990,
                          base=base)
    assert {k: v for k, v in roll.mix.items() if k <= 2010} == {
        k: v for k, v in other.mix.items() if k <= 2010}
    np.testing.assert_array_equal(roll.log_ratio[~late], other.log_ratio[~late])


def test_with_stacking_without_a_floor_is_unchanged_by_base_rates() -> None:
    fc = rolling_forecasts(RECORDS, 1995, 2030, VoteModel())
    a, _ = with_stacking(fc, range(1996, 2031), floor=False)
    stripped = [dataclasses.replace(f, base_rate=None) for f in fc]
    b, _ = with_stacking(stripped, range(1996, 2031), floor=True)  # no rates: no floor
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u.model_probs, v.model_probs)


def _contested(i: int, day: date, topic: str, subs: tuple[str, ...], veto: bool) -> DraftRecord:
    votes: dict[str, VoteCode] = dict.fromkeys(COUNCIL, "Y")
    votes["RUS"] = "N" if veto else "A"
    votes["CHN"] = "N" if veto else "A"
    rec = _record(i, day, topic, subs, votes)
    return dataclasses.replace(rec, kind="sanctions",
                               title=f"Draft resolution [on measures against {topic}]")


def test_the_draft_type_expert_carries_a_blocs_no_rate_to_a_new_topic() -> None:
    """Western sanctions texts drew Russian and Chinese Nos on other topics (half of them),
    other texts only abstentions: a Western text on a new topic inherits the Western No rate
    within the contested types; the expert switched off changes nothing."""
    records = [_contested(i, date(2000 + i // 6, 1 + i % 6 * 2, 10), f"Country {i % 5}",
                          ("FRA", "GBR"), veto=i % 2 == 0) for i in range(40)]
    records += [_contested(100 + i, date(2000 + i // 6, 1 + i % 6 * 2, 20), f"Region {i % 5}",
                           ("DZA",), veto=False) for i in range(60)]
    spec = DraftSpec(date=date(2012, 1, 1), agenda="The situation in Newland", topic="Newland",
                     submitters=("FRA", "GBR"), kind="sanctions")
    east = [TYPES.index(t) for t in TYPES if t.startswith("east_")]
    rus = [TYPES.index(t) for t in TYPES if t.startswith("east_rus")]

    def rus_share(**params: float) -> float:
        w = VoteModel(**params).fit(records).type_weights(spec, COUNCIL)
        return float(w[rus].sum() / w[east].sum())

    off = rus_share()
    assert rus_share(beta_draft_type=0.0, beta_draft_type_recent=0.0) == off
    assert rus_share(beta_draft_type=1.0) > off + 0.05
    other = dataclasses.replace(spec, submitters=("DZA",))
    w = VoteModel(beta_draft_type=1.0).fit(records).type_weights(other, COUNCIL)
    assert w[rus].sum() / w[east].sum() < off
