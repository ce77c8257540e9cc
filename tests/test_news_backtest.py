"""The news backtest: scoring logic on a tiny synthetic case, and the reference case for real."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from vetowatch.council.record import DraftRecord, VoteCode
from vetowatch.evaluation.news_backtest import (
    NewsCase,
    build_cases,
    calibrate,
    case_from_mixture,
    members_unchanged,
    reference_forecast,
    score_case,
    sensitivity,
    summarise,
)
from vetowatch.forecast.news_update import Evidence, NewsParams, NewsSignal, QuestionLink
from vetowatch.forecast.outcome import outcome_distribution
from vetowatch.settings import Settings
from vetowatch.store import Store

MEMBERS = ("CHN", "FRA", "GBR", "RUS", "USA", "BIH", "BRA", "COL", "DEU", "GAB", "IND", "LBN",
           "NGA", "PRT", "ZAF")
LINK = QuestionLink("unsc-measures-syria", ("syria",), direction=1)
VOTE_DAY = date(2011, 10, 4)


def _record(outcome: str, votes: dict[str, VoteCode], n: int = 1) -> DraftRecord:
    full: dict[str, VoteCode] = {m: "Y" for m in MEMBERS}
    full.update(votes)
    return DraftRecord(id=n, date=VOTE_DAY, outcome=outcome,  # type: ignore[arg-type]
                       draft=f"S/2011/{600 + n}", agenda="The situation in the Middle East",
                       topic="Middle East (Syria)", submitters=("FRA", "GBR"), votes=full,
                       title="Draft resolution [on the situation in the Syrian Arab Republic]")


def _mixture() -> tuple[np.ndarray, np.ndarray]:
    """Two draft types: consensus (everybody Yes) and 'east' (Russia and China vote No)."""
    probs = np.zeros((2, len(MEMBERS), 4))
    probs[:, :, 0] = 0.96
    probs[:, :, 2] = 0.04
    for m in ("RUS", "CHN"):
        i = MEMBERS.index(m)
        probs[1, i] = [0.05, 0.85, 0.10, 0.0]
    return np.array([0.95, 0.05]), probs


def _signal(member: str, stance: str, confidence: float = 0.9) -> NewsSignal:
    evidence = Evidence(1, "a1", 0, 10, date(2011, 8, 19), "Russia (RUSGOV)", ("Interfax",),
                        "should be given time")
    return NewsSignal(member, LINK.question, stance, confidence, LINK, (evidence,))


def _case(outcome: str, votes: dict[str, VoteCode], signals: list[NewsSignal],
          n: int = 1) -> NewsCase:
    weights, probs = _mixture()
    return case_from_mixture(_record(outcome, votes, n), MEMBERS, weights, probs, signals)


VETOED: dict[str, VoteCode] = {"RUS": "N", "CHN": "N", "IND": "A", "BRA": "A", "ZAF": "A",
                               "LBN": "A"}


def test_scores_without_and_with_news() -> None:
    case = _case("vetoed", VETOED, [_signal("RUS", "against")])
    score = score_case(case, NewsParams())
    weights, probs = _mixture()
    d0 = outcome_distribution(MEMBERS, probs, weights)
    assert score.p_before == pytest.approx((d0.p_adopted, d0.p_vetoed, d0.p_failed))
    # Brier and log loss of what happened (vetoed: index 1)
    p = np.array(score.p_before)
    assert score.outcome_brier[0] == pytest.approx(p[0] ** 2 + (1 - p[1]) ** 2 + p[2] ** 2)
    assert score.outcome_log[0] == pytest.approx(-math.log(p[1]))
    # Russia said it opposes: the veto becomes much likelier (one source moves a vote by a
    # likelihood ratio of at most NewsParams.max_lr_source), and Russia's No too
    assert score.p_after[1] > 2 * score.p_before[1]
    assert score.outcome_log[1] < score.outcome_log[0]
    assert set(score.member_votes) == {"RUS"}
    assert score.member_votes["RUS"]["p_after"] > score.member_votes["RUS"]["p_before"]
    assert score.member_log is not None and score.member_log[1] < score.member_log[0]
    assert not score.hurts
    assert score.to_json()["signals"][0]["strength"] == pytest.approx(
        0.9 * 0.5 ** (46 / 120), abs=1e-3)


def test_news_never_changes_unsignalled_members_inside_a_type() -> None:
    case = _case("vetoed", VETOED, [_signal("RUS", "against"), _signal("USA", "for")])
    unchanged = members_unchanged(case, NewsParams(k_no=120, k_abstain=15, k_yes=30))
    assert set(unchanged) == set(MEMBERS) - {"RUS", "USA"}
    assert all(unchanged.values())
    # but China's marginal moves with the type weights (the learnt correlation)
    score = score_case(case, NewsParams())
    assert score.p_after[1] > score.p_before[1]


def test_news_that_misleads_is_listed_as_hurting() -> None:
    adopted = _case("adopted", {}, [_signal("RUS", "against")], n=2)
    score = score_case(adopted, NewsParams())
    assert score.hurts and score.outcome_log[1] > score.outcome_log[0]
    vetoed = score_case(_case("vetoed", VETOED, [_signal("RUS", "against")]), NewsParams())
    total = summarise([score, vetoed])
    assert total.cases == 2 and total.member_votes == 2 and total.hurt == 1
    assert total.outcome_log[0] == pytest.approx(
        (score.outcome_log[0] + vetoed.outcome_log[0]) / 2)
    # no news: both forecasts identical
    same = score_case(adopted, NewsParams(k_no=1, k_abstain=1, k_yes=1))
    assert same.p_after == pytest.approx(same.p_before)


def test_calibration_keeps_hand_set_when_thin_and_respects_accept() -> None:
    cases = [_case("vetoed", VETOED, [_signal("RUS", "against")], n=1),
             _case("adopted", {}, [_signal("RUS", "against", 0.3)], n=2)]
    # below the per-source cap (max_lr_source 10), where k_no still changes the update
    grid = (NewsParams(k_no=2), NewsParams(k_no=4), NewsParams(k_no=8))

    def early(c: NewsCase) -> bool:
        return c.record.id == 1

    thin = calibrate(cases, early, grid=grid)
    assert thin.chosen == NewsParams() and "too thin" in thin.reason
    assert len(thin.grid) == 3 and thin.held_out.cases == 1
    picked = calibrate(cases, early, grid=grid, min_cases=1)
    assert picked.chosen.k_no == 8  # the vetoed case rewards a strong update
    vetoed = calibrate(cases, early, grid=grid, min_cases=1, accept=lambda p: p.k_no < 6)
    assert vetoed.chosen.k_no == 4
    rows = sensitivity(cases, early, NewsParams(), grid)
    assert {r["vary"] for r in rows} == {"k_no", "k_abstain", "k_yes", "half_life_days"}


def test_reference_case_on_the_record(store: Store, unsc_dir: Path, news_dir: Path,
                                      data_dir: Path) -> None:
    from vetowatch.council.importer import import_record
    from vetowatch.council.queries import load_records
    from vetowatch.reading import ingest

    settings = Settings(data_dir=data_dir, db_url="sqlite://")
    import_record(store, unsc_dir)
    ingest(store, settings, [news_dir / "example" / "russia-unwilling-to-back-assad-ouster.txt"],
           published=date(2011, 8, 19))
    ref = reference_forecast(store, settings)
    before, after = ref["p_vetoed"]
    assert after >= 2 * before  # one article: a likelihood ratio of at most 10 (issue 10)
    assert ref["cites_interfax"]
    records = [r for r in load_records(store) if r.date.year in (2011, 2012)]
    cases = build_cases(store, records, since=date(2011, 8, 20))
    by_draft = {c.record.draft: c for c in cases}
    assert "S/2011/612" in by_draft and "RUS" in by_draft["S/2011/612"].signalled
    score = score_case(by_draft["S/2011/612"], NewsParams())
    assert score.p_after[1] > score.p_before[1]
    # the mislabelled late-2011 drafts (Yemen, Somalia…) are not Syria cases
    assert "S/2011/651" not in by_draft
