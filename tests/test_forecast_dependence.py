"""Dependence between members: fine draft types, the elected members' shared level, joint
probabilities under the mixture, news that moves the others, and the news caps."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vetowatch.council.record import DraftRecord, Outcome, VoteCode
from vetowatch.errors import InvalidInputError
from vetowatch.forecast import DraftSpec, VoteModel
from vetowatch.forecast.draft_types import TYPES, draft_class, draft_type
from vetowatch.forecast.news_update import Evidence, NewsParams, NewsSignal, QuestionLink, combine
from vetowatch.forecast.outcome import apply_evidence, outcome_distribution

P5 = ("CHN", "FRA", "GBR", "RUS", "USA")
E10 = ("BRA", "IND", "ZAF", "DEU", "NGA", "GAB", "LBN", "BIH", "COL", "PRT")
COUNCIL = P5 + E10


def _record(i: int, day: date, topic: str, votes: dict[str, VoteCode]) -> DraftRecord:
    yes = sum(v == "Y" for v in votes.values())
    vetoers = tuple(m for m in P5 if votes[m] == "N")
    outcome: Outcome = "failed" if yes < 9 else "vetoed" if vetoers else "adopted"
    return DraftRecord(
        id=i, date=day, outcome=outcome, draft=f"S/{day.year}/{i}",
        agenda=f"The situation in {topic}", topic=topic, region="Europe",
        submitters=("FRA", "GBR"), yes=yes, no=sum(v == "N" for v in votes.values()),
        abstain=sum(v == "A" for v in votes.values()), votes=votes,
        vetoed_by=vetoers if outcome == "vetoed" else (),
    )


def co_veto_record(n: int = 300, seed: int = 1) -> list[DraftRecord]:
    """Half consensus texts; on the contested topic Russia vetoes (China always with it)
    or both abstain, and on a vetoed text the elected members abstain *together*: on half
    of them each abstains with probability 0.6, on the other half none does."""
    rng = np.random.default_rng(seed)
    out, day = [], date(1995, 1, 3)
    for i in range(n):
        day += timedelta(days=10)
        votes: dict[str, VoteCode] = dict.fromkeys(COUNCIL, "Y")
        if i % 2 == 0:
            out.append(_record(i, day, "Somalia", votes))
            continue
        if rng.random() < 0.5:
            votes["RUS"] = votes["CHN"] = "N"
            if rng.random() < 0.5:
                votes.update({m: "A" for m in E10 if rng.random() < 0.6})
        else:
            votes["RUS"] = votes["CHN"] = "A"
        out.append(_record(i, day, "Kosovo", votes))
    return out


RECORDS = co_veto_record()
LATE = RECORDS[-1].date + timedelta(days=1)
SPEC = DraftSpec(date=LATE, topic="Kosovo", agenda="The situation in Kosovo",
                 region="Europe", submitters=("FRA", "GBR"))


def test_fine_types_read_off_the_votes() -> None:
    base: dict[str, VoteCode] = dict.fromkeys(COUNCIL, "Y")
    rus = {**base, "RUS": "N", "CHN": "A"}
    chn = {**base, "CHN": "N"}
    abst = {**base, "RUS": "A", **dict.fromkeys(E10[:3], "A")}
    day = date(2000, 1, 1)
    assert TYPES[draft_type(_record(1, day, "x", rus)) or 0] == "east_rus_0"
    assert TYPES[draft_type(_record(2, day, "x", chn)) or 0] == "east_chn_0"
    assert TYPES[draft_type(_record(3, day, "x", abst)) or 0] == "east_abstain_1"
    assert draft_type(_record(4, day, "x", base)) == 0
    assert draft_class(_record(1, day, "x", rus)) == 1
    tally_only = dataclasses.replace(_record(5, day, "x", rus), votes={})
    assert draft_type(tally_only) is None


def test_spec_from_record_never_carries_the_procedural_flag() -> None:
    record = dataclasses.replace(RECORDS[1], procedural=True, kind="procedural")
    spec = DraftSpec.from_record(record)
    assert spec.procedural is False and spec.kind != "procedural"


def test_co_vetoes_are_joint_under_the_model() -> None:
    model = VoteModel(half_life=20.0).fit(RECORDS)
    dist = model.predict(SPEC, COUNCIL).distribution
    i = {m: k for k, m in enumerate(COUNCIL)}
    p_rus, p_chn = dist.member_probs[i["RUS"], 1], dist.member_probs[i["CHN"], 1]
    both = dist.joint_no("RUS", "CHN")
    assert 0.2 < p_rus < 0.8
    assert both / p_rus >= 0.8 and both / p_chn >= 0.8
    assert both > 1.5 * p_rus * p_chn  # far from independence


def test_news_on_russia_moves_china() -> None:
    model = VoteModel(half_life=20.0).fit(RECORDS)
    plain = model.predict(SPEC, COUNCIL).distribution
    nudged = model.predict(SPEC, COUNCIL, adjustments={"RUS": {"N": 5.0}}).distribution
    i = {m: k for k, m in enumerate(COUNCIL)}
    assert nudged.member_probs[i["RUS"], 1] > plain.member_probs[i["RUS"], 1] + 0.1
    assert nudged.member_probs[i["CHN"], 1] > plain.member_probs[i["CHN"], 1] + 0.1
    assert nudged.p_vetoed_by["CHN"] > plain.p_vetoed_by["CHN"]
    calmed = model.predict(SPEC, COUNCIL, adjustments={"RUS": {"N": 0.05}}).distribution
    assert calmed.member_probs[i["CHN"], 1] < plain.member_probs[i["CHN"], 1]


def test_elected_abstentions_come_together() -> None:
    """Given a Russian (and Chinese) No, half the time nobody else abstains (13 Yes) and half
    the time about six elected members do. Independent abstentions with the same marginal
    (0.3) would give P(13 Yes) = 0.7^10 = 0.03 and P(at most 9 Yes) = 0.35."""
    model = VoteModel(half_life=20.0).fit(RECORDS)
    adj = {"RUS": {"N": 1e3, "A": 1.0}}  # condition on a Russian No
    dist = model.predict(SPEC, COUNCIL, adjustments=adj).distribution
    i = {m: k for k, m in enumerate(COUNCIL)}
    assert 0.2 < dist.member_probs[[i[m] for m in E10], 2].mean() < 0.4
    assert dist.yes_tally[13] > 0.35
    assert dist.yes_tally[:10].sum() > 0.4


def test_joint_matches_brute_force_under_a_tilt() -> None:
    rng = np.random.default_rng(7)
    members = list(COUNCIL[:9])
    probs = rng.dirichlet([3, 1, 1, 0.2], size=(3, 9))
    w = np.array([0.5, 0.3, 0.2])
    lr = np.array([0.7, 2.0, 1.3])
    d = outcome_distribution(members, probs, w, outcome_lr=lr, procedural=False)
    want = np.zeros((4, 4))
    z = 0.0
    a, b = members.index("RUS"), members.index("BRA")
    for k in range(3):
        for cfg in itertools.product(range(4), repeat=9):
            yes = cfg.count(0)
            veto = any(cfg[i] == 1 for i in range(5))
            o = 2 if yes < 9 else 1 if veto else 0
            p = w[k] * lr[o] * np.prod([probs[k, i, c] for i, c in enumerate(cfg)])
            want[cfg[a], cfg[b]] += p
            z += p
    for va, vb in itertools.product(range(4), repeat=2):
        got = d.joint("RUS", "BRA", "YNAX"[va], "YNAX"[vb])  # type: ignore[arg-type]
        assert got == pytest.approx(want[va, vb] / z, abs=1e-12)
    assert d.joint_no("RUS", "BRA") == pytest.approx(want[1, 1] / z, abs=1e-12)
    with pytest.raises(InvalidInputError):
        d.joint_no("RUS", "RUS")


def test_apply_evidence_is_bayes_over_types() -> None:
    probs = np.array([[[0.9, 0.05, 0.05, 0.0]] * 2, [[0.1, 0.8, 0.1, 0.0]] * 2])
    w = np.array([0.9, 0.1])
    w1, p1 = apply_evidence(w, probs, ["RUS", "CHN"], {"RUS": {"N": 4.0}})
    like = np.array([0.9 + 4 * 0.05 + 0.05, 0.1 + 4 * 0.8 + 0.1])
    assert w1 == pytest.approx(w * like / (w * like).sum())
    assert p1[:, 1] == pytest.approx(probs[:, 1])  # China's own numbers stay inside a type
    assert (w1 @ p1[:, 1, 1]) > (w @ probs[:, 1, 1])  # but its marginal No rises
    with pytest.raises(InvalidInputError):
        apply_evidence(w, probs, ["RUS", "CHN"], {"USA": {"N": 2.0}})


def _signal(question: str, articles: tuple[str, ...]) -> NewsSignal:
    link = QuestionLink(question=question, topics=("syria",), direction=1)
    ev = tuple(Evidence(i, a, 0, 1, date(2011, 8, 19), "RUSGOV", (), "x")
               for i, a in enumerate(articles))
    return NewsSignal("RUS", question, "against", 1.0, link, ev)


def test_one_source_is_counted_once_and_capped() -> None:
    on, params = date(2011, 8, 19), NewsParams()
    same = combine([_signal("q1", ("a1",)), _signal("q2", ("a1", "a1"))], on, params)
    assert same["RUS"]["N"] == params.max_lr_source  # max of the two, capped: not 60 x 60
    assert same["RUS"]["A"] == pytest.approx(params.k_abstain)  # the max, not the product
    two = combine([_signal("q1", ("a1",)), _signal("q2", ("a2",))], on, params)
    assert two["RUS"]["N"] == pytest.approx(params.max_lr_source ** 2)
    many = combine([_signal(f"q{i}", (f"a{i}",)) for i in range(4)], on, params)
    assert many["RUS"]["N"] == params.max_lr_total
    loose = NewsParams(max_lr_source=1e9, max_lr_total=1e9)
    assert combine([_signal("q1", ("a1",))], on, loose)["RUS"]["N"] == pytest.approx(
        loose.k_no
    )


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.booleans(), st.integers(0, 14), st.integers(0, 14))
def test_joint_sums_to_the_marginals(seed: int, procedural: bool, a: int, b: int) -> None:
    """Σ_vb P(a = va, b = vb) = P(a = va) for any mixture, tilt and pair of members."""
    if a == b:
        return
    rng = np.random.default_rng(seed)
    probs = rng.dirichlet([2, 1, 1, 0.3], size=(3, 15))
    w = rng.dirichlet([1, 1, 1])
    lr = rng.uniform(0.2, 5.0, size=3)
    d = outcome_distribution(COUNCIL, probs, w, procedural=procedural, outcome_lr=lr)
    table = np.array([[d.joint(COUNCIL[a], COUNCIL[b], va, vb) for vb in "YNAX"]
                      for va in "YNAX"])
    assert table.sum() == pytest.approx(1.0, abs=1e-9)
    assert table.sum(axis=1) == pytest.approx(d.member_probs[a], abs=1e-9)
    assert table.sum(axis=0) == pytest.approx(d.member_probs[b], abs=1e-9)
