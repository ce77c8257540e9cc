"""Vote model: conventions, no leakage, adjustments, explanations, precedents."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta

import numpy as np
import pytest

from shapes import FORECAST_KEYS
from vetowatch.council.record import DraftRecord, Outcome, VoteCode
from vetowatch.errors import ModelError, NotFittedError
from vetowatch.forecast import (
    DraftSpec,
    VoteModel,
    closest_precedents,
    count_rivals,
    draft_class,
    draft_tokens,
    normalise_kind,
    rolling_forecasts,
)

P5 = ("CHN", "FRA", "GBR", "RUS", "USA")
E10 = ("BRA", "IND", "ZAF", "DEU", "NGA", "GAB", "LBN", "BIH", "COL", "PRT")
COUNCIL = P5 + E10


def _record(
    i: int, day: date, topic: str, subs: tuple[str, ...], votes: dict[str, VoteCode]
) -> DraftRecord:
    yes = sum(v == "Y" for v in votes.values())
    vetoers = tuple(m for m in P5 if votes[m] == "N")
    outcome: Outcome = "failed" if yes < 9 else "vetoed" if vetoers else "adopted"
    return DraftRecord(
        id=i,
        date=day,
        outcome=outcome,
        draft=f"S/{day.year}/{i}",
        agenda=f"The situation in {topic}",
        topic=topic,
        region="Middle East" if topic != "Somalia" else "Africa",
        submitters=subs,
        yes=yes,
        no=sum(v == "N" for v in votes.values()),
        abstain=sum(v == "A" for v in votes.values()),
        votes=votes,
        vetoed_by=vetoers if outcome == "vetoed" else (),
    )


def synthetic(n: int = 240, seed: int = 0) -> list[DraftRecord]:
    """Somalia: President's texts, unanimous. Syria: Western texts, Russia/China often No.
    Palestine: Algerian texts, the US often No."""
    rng = np.random.default_rng(seed)
    out = []
    day = date(1994, 1, 10)
    for i in range(n):
        day += timedelta(days=int(rng.integers(5, 25)))
        votes: dict[str, VoteCode] = dict.fromkeys(COUNCIL, "Y")
        kind = i % 4
        if kind in (0, 1):
            out.append(_record(i, day, "Somalia", ("PRESIDENT",), votes))
            continue
        if kind == 2:
            if rng.random() < 0.7:
                votes["RUS"] = "N"
                votes["CHN"] = "N" if rng.random() < 0.7 else "A"
                votes["IND"] = "A"
            out.append(_record(i, day, "Syria", ("FRA", "GBR"), votes))
        else:
            if rng.random() < 0.6:
                votes["USA"] = "N"
                votes["GBR"] = "A"
            out.append(_record(i, day, "Palestine", ("DZA",), votes))
    return out


RECORDS = synthetic()
LATE = RECORDS[-1].date + timedelta(days=1)


def test_spec_from_record_keeps_only_pre_vote_fields() -> None:
    r = RECORDS[2]
    spec = DraftSpec.from_record(r)
    names = {f.name for f in dataclasses.fields(spec)}
    assert not names & {"outcome", "votes", "yes", "no", "abstain", "vetoed_by", "resolution"}
    assert spec.date == r.date and spec.topic == "Syria" and spec.submitters == ("FRA", "GBR")
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.topic = "x"  # type: ignore[misc]


def test_kinds_come_from_the_council_package_and_rivals() -> None:
    from vetowatch.council.kinds import KINDS, draft_kind

    spec = DraftSpec(date=LATE, title="Draft resolution [on extension of the mandate of UNMISS]")
    assert spec.resolved_kind() == "mandate-renewal" == draft_kind(spec.title, None)
    assert DraftSpec(date=LATE, title="Demands an immediate ceasefire").resolved_kind() == (
        "ceasefire"
    )
    assert DraftSpec(date=LATE).resolved_kind() == "other"
    assert DraftSpec(date=LATE, kind="sanctions", title="ceasefire").resolved_kind() == "sanctions"
    record = dataclasses.replace(RECORDS[2], kind="humanitarian", title="Draft resolution [x]")
    assert DraftSpec.from_record(record).kind == "humanitarian"
    assert (
        normalise_kind("mandate_renewal")
        == normalise_kind("Mandate-renewal")
        == ("mandate-renewal")
    )
    assert normalise_kind("tribunal") is None and set(KINDS) >= {"sanctions", "other"}
    tokens = draft_tokens("Draft resolution [on use of chemical weapons in Syria]", None, ("X Y",))
    assert {"chemical weapons", "chemical", "syria", "s:x y"} <= tokens
    assert not tokens & {"draft", "resolution", "of"}
    a, b = (
        RECORDS[2],
        dataclasses.replace(RECORDS[3], date=RECORDS[2].date, agenda=RECORDS[2].agenda),
    )
    assert count_rivals([a, b]) == {a.id: 1, b.id: 1}


def test_draft_class() -> None:
    assert draft_class(RECORDS[0]) == 0
    syria = next(r for r in RECORDS if r.topic == "Syria" and r.votes["RUS"] == "N")
    assert draft_class(syria) == 1
    pal = next(r for r in RECORDS if r.topic == "Palestine" and r.votes["USA"] == "N")
    assert draft_class(pal) == 2


def test_not_fitted_and_sklearn_conventions() -> None:
    model = VoteModel(half_life=7.0)
    spec = DraftSpec(date=LATE, topic="Syria")
    with pytest.raises(NotFittedError):
        model.predict_proba(spec, COUNCIL)
    assert model.get_params()["half_life"] == 7.0
    assert not hasattr(model, "n_records_")
    model.fit(RECORDS)
    assert model.n_records_ == len(RECORDS) and model.last_date_ == RECORDS[-1].date


def test_learns_the_signals() -> None:
    model = VoteModel().fit(RECORDS)
    syria = model.predict(
        DraftSpec(
            date=LATE, topic="Syria", agenda="The situation in Syria", submitters=("FRA", "GBR")
        ),
        COUNCIL,
    )
    somalia = model.predict(
        DraftSpec(
            date=LATE, topic="Somalia", agenda="The situation in Somalia", submitters=("PRESIDENT",)
        ),
        COUNCIL,
    )
    pal = model.predict(
        DraftSpec(
            date=LATE, topic="Palestine", agenda="The situation in Palestine", submitters=("DZA",)
        ),
        COUNCIL,
    )
    assert somalia.p_adopted > 0.95
    assert syria.p_vetoed > 0.5 and syria.distribution.p_vetoed_by["RUS"] > 0.5
    assert pal.distribution.p_vetoed_by["USA"] > 0.4
    assert pal.distribution.p_vetoed_by["RUS"] < 0.05
    probs = VoteModel().fit(RECORDS).predict_proba(DraftSpec(date=LATE, topic="Syria"), COUNCIL)
    assert probs.shape == (15, 4) and np.allclose(probs.sum(axis=1), 1.0)


def test_deterministic_and_order_independent() -> None:
    spec = DraftSpec(date=LATE, topic="Syria", submitters=("FRA",))
    a = VoteModel(random_state=1).fit(RECORDS).predict_proba(spec, COUNCIL)
    b = VoteModel(random_state=1).fit(list(reversed(RECORDS))).predict_proba(spec, COUNCIL)
    np.testing.assert_allclose(a, b, rtol=1e-12)


def test_refuses_to_forecast_the_past() -> None:
    model = VoteModel().fit(RECORDS)
    with pytest.raises(ModelError):
        model.predict_proba(DraftSpec(date=RECORDS[-1].date), COUNCIL)
    cut = RECORDS[100].date
    early = VoteModel().fit(RECORDS, before=cut)
    assert early.last_date_ is not None and early.last_date_ < cut


def test_no_leakage_rolling_forecasts() -> None:
    """Forecasts up to a date are identical when later records are deleted or altered."""
    cut = RECORDS[150].date
    base = rolling_forecasts(RECORDS, 1994, 2030, VoteModel())
    altered = [r for r in RECORDS if r.date <= cut]
    for r in RECORDS:
        if r.date > cut and r.id % 3:
            flipped: dict[str, VoteCode] = {
                m: ("N" if v == "Y" else "Y") for m, v in r.votes.items()
            }
            altered.append(
                dataclasses.replace(r, votes=flipped, outcome="failed", vetoed_by=("USA",))
            )
    other = rolling_forecasts(altered, 1994, 2030, VoteModel())
    before = [f for f in base if f.record.date <= cut]
    assert len(before) == len([f for f in other if f.record.date <= cut]) > 100
    for x, y in zip(before, other, strict=False):
        assert x.record.id == y.record.id
        np.testing.assert_array_equal(x.model_probs, y.model_probs)
        np.testing.assert_array_equal(x.model.member_probs, y.model.member_probs)
        for name in x.baselines:
            np.testing.assert_array_equal(x.baselines[name], y.baselines[name])


def test_adjustments_move_the_forecast() -> None:
    model = VoteModel().fit(RECORDS)
    spec = DraftSpec(
        date=LATE, topic="Syria", agenda="The situation in Syria", submitters=("FRA", "GBR")
    )
    plain = model.predict(spec, COUNCIL)
    nudged = model.predict(spec, COUNCIL, adjustments={"RUS": {"N": 0.1}})
    assert nudged.distribution.p_vetoed_by["RUS"] < plain.distribution.p_vetoed_by["RUS"]
    assert nudged.p_adopted > plain.p_adopted


def test_forecast_json_and_explanation() -> None:
    model = VoteModel().fit(RECORDS)
    spec = DraftSpec(
        date=LATE, topic="Syria", agenda="The situation in Syria", submitters=("FRA", "GBR")
    )
    fc = model.predict(spec, COUNCIL, records=RECORDS)
    j = json.loads(json.dumps(fc.to_json()))
    assert set(j) >= FORECAST_KEYS
    assert len(j["yes_tally"]) == 16 and sum(j["yes_tally"]) == pytest.approx(1.0)
    assert set(j["members"]["RUS"]) == {"Y", "N", "A", "X"}
    assert len(j["precedents"]) == 5 and all(p["topic"] == "Syria" for p in j["precedents"])
    assert (
        "RUS:" in j["explanation"]["RUS"]["text"]
        and "submitted by P5:FRA+GBR" in j["explanation"]["RUS"]["text"]
    )
    assert j["pivotal"][0]["member"] in {"RUS", "CHN"}


def test_closest_precedents_ignore_the_future() -> None:
    spec = DraftSpec(date=RECORDS[50].date, topic="Palestine", submitters=("DZA",))
    got = closest_precedents(spec, RECORDS, k=3)
    assert len(got) == 3 and all(p.date < spec.date and p.topic == "Palestine" for p in got)
