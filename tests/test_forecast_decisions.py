"""Decision rules (vote calls, veto alerts) and the draft-wording features."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import numpy as np

from test_forecast_model import COUNCIL, LATE, RECORDS, synthetic
from vetowatch.council.record import DraftRecord
from vetowatch.evaluation.decisions import CallRule, rolling_rules, tune_calls, tune_veto
from vetowatch.forecast import DraftSpec, VoteModel, rolling_forecasts


def test_call_rule_weights_tip_the_argmax() -> None:
    probs = np.array([[0.7, 0.2, 0.1, 0.0], [0.8, 0.05, 0.15, 0.0]])
    assert CallRule().call(("RUS", "BRA"), probs) == ("Y", "Y")
    rule = CallRule(permanent=(4.0, 1.0), elected=(1.0, 8.0))
    assert rule.call(("RUS", "BRA"), probs) == ("N", "A")
    own = CallRule(permanent=(4.0, 1.0), elected=(1.0, 8.0), seats=(("RUS", 1.0, 1.0),))
    assert own.call(("RUS", "USA"), probs[[0, 0]]) == ("Y", "N")
    assert own.table().shape == (6, 4) and own.pair("SUN") == (1.0, 1.0)


def test_tuned_calls_beat_the_argmax_on_contested_drafts() -> None:
    fc = rolling_forecasts(RECORDS, 1994, 2030, VoteModel())
    rule = tune_calls(fc)
    assert rule != CallRule()
    assert max(rule.permanent + rule.elected) > 1.0
    threshold = tune_veto(fc)
    assert 0.0 < threshold <= 0.5


def test_rolling_rules_only_look_at_earlier_years() -> None:
    fc = rolling_forecasts(RECORDS, 1994, 2030, VoteModel())
    years = sorted({f.record.date.year for f in fc})
    cut = years[len(years) // 2]
    base = rolling_rules(fc, years)
    altered = []
    for f in fc:
        if f.record.date.year >= cut:
            flipped = dataclasses.replace(
                f.record, votes=dict.fromkeys(f.record.votes, "A"), outcome="vetoed"
            )
            altered.append(dataclasses.replace(f, record=flipped))
        else:
            altered.append(f)
    other = rolling_rules(altered, years)
    assert all(base[y] == other[y] for y in years if y <= cut)


def _titled(records: list[DraftRecord]) -> list[DraftRecord]:
    """Syria drafts worded "chemical weapons" are the contested ones; the rest are not."""
    out = []
    for r in records:
        contested = any(v != "Y" for v in r.votes.values())
        words = "use of chemical weapons" if contested else "humanitarian access"
        topic = "Syria" if r.topic in ("Syria", "Palestine") else r.topic
        title = f"Draft resolution [on {words}]"
        out.append(dataclasses.replace(r, topic=topic, title=title, kind="other"))
    return out


def test_title_words_move_the_draft_type() -> None:
    records = _titled(synthetic(n=240, seed=2))
    model = VoteModel().fit(records)
    day = records[-1].date + timedelta(days=1)
    chem = DraftSpec(
        date=day, topic="Syria", title="Draft resolution [on chemical weapons]", kind="other"
    )
    aid = DraftSpec(
        date=day, topic="Syria", title="Draft resolution [on humanitarian access]", kind="other"
    )
    w_chem = model.class_weights(chem, COUNCIL)
    w_aid = model.class_weights(aid, COUNCIL)
    assert w_chem[0] < 0.5 < w_aid[0]
    blind = VoteModel(beta_text=0.0).fit(records)
    assert blind.class_weights(chem, COUNCIL)[0] == blind.class_weights(aid, COUNCIL)[0]


def test_recent_history_moves_faster_than_the_long_memory() -> None:
    late = [r for r in RECORDS if r.topic == "Somalia"][-10:]
    turned = [
        dataclasses.replace(
            r,
            id=10_000 + i,
            date=LATE + timedelta(days=10 * i),
            votes={**r.votes, "RUS": "N"},
            vetoed_by=("RUS",),
            outcome="vetoed",
        )
        for i, r in enumerate(late)
    ]
    spec = DraftSpec(date=LATE + timedelta(days=200), topic="Somalia", submitters=("PRESIDENT",))
    fast = VoteModel(beta_recent=1.0).fit(RECORDS + turned).class_weights(spec, COUNCIL)
    slow = VoteModel(beta_recent=0.0).fit(RECORDS + turned).class_weights(spec, COUNCIL)
    assert fast[1] > slow[1]
