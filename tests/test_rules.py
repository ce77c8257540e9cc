"""Article 27 as practised: known votes and invariants."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vetowatch.council.record import VOTE_CODES, DraftRecord, VoteCode
from vetowatch.council.rules import (
    Tally,
    check_record,
    council_size,
    decide,
    outcome_for,
    required_majority,
)
from vetowatch.errors import InvalidInputError, VetowatchError


def _votes(**groups: str) -> dict[str, VoteCode]:
    """``_votes(Y="FRA GBR", N="RUS")`` -> {"FRA": "Y", "GBR": "Y", "RUS": "N"}."""
    out: dict[str, VoteCode] = {}
    for code in VOTE_CODES:
        for member in groups.get(code, "").split():
            out[member] = code
    return out


# S/2011/612 (Syria), 4 Oct 2011: 9-2-4, China and Russia No.
S_2011_612 = _votes(Y="BIH COL FRA GAB DEU NGA PRT GBR USA", N="CHN RUS", A="BRA IND LBN ZAF")
# S/RES/1973 (2011) (Libya), 17 Mar 2011: 10-0-5, China and Russia abstain.
RES_1973 = _votes(Y="BIH COL FRA GAB LBN NGA PRT ZAF GBR USA", A="BRA CHN DEU IND RUS")
# S/RES/83 (1950) (Korea), 27 Jun 1950: 7-1-0, Egypt and India not voting, USSR absent.
RES_83 = _votes(Y="CHN CUB ECU FRA NOR GBR USA", N="YUG", X="EGY IND SUN")
# S/RES/82 (1950) (Korea), 25 Jun 1950: 9-0-1, Yugoslavia abstains, USSR absent.
RES_82 = _votes(Y="CHN CUB ECU EGY FRA IND NOR GBR USA", A="YUG", X="SUN")
# S/PV.7353, 22 Dec 2014: agenda (DPRK human rights) adopted 11-2-2 over a Chinese and
# Russian No: a procedural vote.
AGENDA_2014 = _votes(Y="ARG AUS CHL FRA JOR KOR LTU LUX RWA GBR USA", N="CHN RUS", A="TCD NGA")
# S/2014/916 (Palestine), 30 Dec 2014: 8-2-5, US and Australia No: "not adopted" (DHL, UN).
S_2014_916 = _votes(Y="ARG TCD CHL CHN FRA JOR LUX RUS", N="USA AUS", A="GBR KOR LTU NGA RWA")


@pytest.mark.parametrize(
    ("on", "votes", "procedural", "outcome", "vetoed_by", "counts", "required"),
    [
        (date(2011, 10, 4), S_2011_612, False, "vetoed", ("CHN", "RUS"), (9, 2, 4, 0), 9),
        (date(2011, 3, 17), RES_1973, False, "adopted", (), (10, 0, 5, 0), 9),
        (date(1950, 6, 27), RES_83, False, "adopted", (), (7, 1, 0, 3), 7),
        (date(1950, 6, 25), RES_82, False, "adopted", (), (9, 0, 1, 1), 7),
        (date(2014, 12, 22), AGENDA_2014, True, "adopted", (), (11, 2, 2, 0), 9),
        (date(2014, 12, 30), S_2014_916, False, "failed", (), (8, 2, 5, 0), 9),
    ],
    ids=["S/2011/612", "S/RES/1973", "S/RES/83", "S/RES/82", "agenda-2014", "S/2014/916"],
)
def test_known_votes(
    on: date,
    votes: dict[str, VoteCode],
    procedural: bool,
    outcome: str,
    vetoed_by: tuple[str, ...],
    counts: tuple[int, int, int, int],
    required: int,
) -> None:
    result = decide(on, votes, procedural=procedural)
    assert result.outcome == outcome
    assert result.vetoed_by == vetoed_by
    assert (result.yes, result.no, result.abstain, result.non_voting) == counts
    assert result.required_yes == required
    assert result.council_size == (11 if on.year < 1966 else 15)
    assert result.procedural is procedural
    assert result.determined


def test_veto_reason_names_the_vetoing_members() -> None:
    result = decide(date(2011, 10, 4), S_2011_612)
    assert "CHN and RUS, permanent members, voted No: veto under Art. 27(3)" in result.reasons
    assert result.permanent_no == ("CHN", "RUS")


def test_permanent_abstention_and_absence_are_not_vetoes() -> None:
    result = decide(date(2011, 3, 17), RES_1973)
    assert any("CHN abstained and RUS abstained" in r and "Namibia" in r for r in result.reasons)
    absent = decide(date(1950, 6, 25), RES_82)
    assert any("SUN did not vote" in r for r in absent.reasons)


def test_eleven_member_council_before_1966() -> None:
    assert council_size(date(1965, 12, 31)) == 11
    assert required_majority(date(1965, 12, 31)) == 7
    assert council_size(date(1966, 1, 1)) == 15
    assert required_majority(date(1966, 1, 1)) == 9
    six = _votes(Y="CHN FRA GBR USA CUB ECU", A="EGY IND NOR YUG SUN")
    assert decide(date(1950, 7, 1), six).outcome == "failed"
    with pytest.raises(InvalidInputError):
        decide(
            date(1955, 1, 1), dict.fromkeys([f"M{i}" for i in range(15)], "Y")
        )  # 15 votes, 11 seats


def test_procedural_vote_passes_with_nine_over_a_permanent_no() -> None:
    votes = _votes(Y="FRA GBR ANG EGY ESP JPN MYS NZL SEN", N="USA CHN RUS", A="UKR URY VEN")
    result = decide(date(2016, 5, 1), votes, procedural=True)
    assert result.outcome == "adopted"
    assert result.vetoed_by == ()
    assert result.yes == 9
    assert any("no veto on a procedural question" in r for r in result.reasons)
    # the same vote on a substantive question is a triple veto
    assert decide(date(2016, 5, 1), votes).vetoed_by == ("CHN", "RUS", "USA")
    # eight votes are not enough even on procedure
    eight = {**votes, "SEN": "A"}
    assert decide(date(2016, 5, 1), eight, procedural=True).outcome == "failed"


def test_failed_for_lack_of_votes() -> None:
    votes = _votes(Y="FRA GBR USA ANG EGY ESP JPN MYS", A="CHN RUS NZL SEN UKR URY VEN")
    result = decide(date(2016, 5, 1), votes)
    assert result.outcome == "failed"
    assert result.lacks_votes
    assert result.reasons[-1] == "8 affirmative votes of 9 required: failed for lack of votes"


def test_permanent_no_without_majority() -> None:
    result = decide(date(2014, 12, 30), S_2014_916)
    assert result.outcome == "failed"
    assert result.permanent_no == ("USA",)
    assert any("not a veto" in r for r in result.reasons)
    listed = decide(date(2014, 12, 30), S_2014_916, veto_without_majority=True)
    assert listed.outcome == "vetoed"
    assert listed.vetoed_by == ("USA",)
    assert any("would also have failed for lack of votes" in r for r in listed.reasons)


def test_obligatory_abstention_sets_the_vote_aside() -> None:
    # A permanent member party to a Chapter VI dispute cannot veto; its vote counts as abstention.
    votes = _votes(Y="CHN FRA RUS USA ANG EGY ESP JPN MYS", N="GBR", A="NZL SEN UKR URY VEN")
    plain = decide(date(2016, 5, 1), votes)
    assert plain.outcome == "vetoed"
    result = decide(date(2016, 5, 1), votes, obligatory_abstention=["GBR"])
    assert result.outcome == "adopted"
    assert result.obligatory_abstainers == ("GBR",)
    assert (result.yes, result.no, result.abstain) == (9, 0, 6)
    assert any("obligatory abstention" in r for r in result.reasons)
    # an obliged Yes is set aside too, and can cost the majority
    short = decide(date(2016, 5, 1), votes, obligatory_abstention={"GBR", "EGY"})
    assert short.outcome == "failed"
    assert (short.yes, short.no, short.abstain) == (8, 0, 7)
    assert short.obligatory_abstainers == ("EGY", "GBR")
    # it does not apply to procedural questions
    proc = decide(date(2016, 5, 1), votes, procedural=True, obligatory_abstention=["GBR"])
    assert proc.obligatory_abstainers == ()
    assert any("not applied" in r for r in proc.reasons)


def test_obligatory_abstention_with_a_tally() -> None:
    result = decide(
        date(2016, 5, 1),
        tally=Tally(9, 1, 5),
        no_votes_by=["GBR"],
        obligatory_abstention=["GBR"],
    )
    assert result.outcome == "adopted"
    assert (result.yes, result.no, result.abstain) == (9, 0, 6)


def test_tally_with_no_voters() -> None:
    result = decide(date(2011, 10, 4), tally=Tally(9, 2, 4), no_votes_by=("RUS", "CHN"))
    assert result.outcome == "vetoed"
    assert result.vetoed_by == ("CHN", "RUS")
    # elected No voters may be left out; the named permanent ones decide
    assert decide(date(2011, 10, 4), tally=Tally(12, 3, 0), no_votes_by=["RUS"]).vetoed_by == (
        "RUS",
    )
    assert decide(date(2011, 10, 4), tally=Tally(12, 3, 0), no_votes_by=[]).outcome == "adopted"


def test_tally_with_unknown_no_voters_is_undetermined() -> None:
    result = decide(date(2011, 10, 4), tally=Tally(9, 2, 4))
    assert result.outcome is None
    assert not result.determined
    assert result.vetoed_by == ()
    assert any("cannot be determined" in r for r in result.reasons)
    # without a majority it fails whoever voted No
    assert decide(date(2011, 10, 4), tally=Tally(8, 2, 5)).outcome == "failed"
    assert (
        decide(date(2011, 10, 4), tally=Tally(8, 2, 5), veto_without_majority=True).outcome is None
    )
    # no No at all, or a procedural question: determined
    assert decide(date(2011, 10, 4), tally=Tally(15, 0, 0)).outcome == "adopted"
    assert decide(date(2011, 10, 4), tally=Tally(9, 2, 4), procedural=True).outcome == "adopted"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"votes": {"FRA": "Y", "GBR": "maybe"}},
        {"votes": {"FRA": "y"}},
        {"tally": Tally(10, 5, 1)},
        {"tally": Tally(-1, 0, 0)},
        {"tally": Tally(9, 1, 5), "no_votes_by": ["RUS", "CHN"]},
        {"votes": {"FRA": "Y"}, "tally": Tally(1, 0, 0)},
        {},
    ],
)
def test_impossible_input_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidInputError) as info:
        decide(date(2016, 5, 1), **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, VetowatchError)
    assert str(info.value).startswith("[E031]")


def test_code_not_seated_on_the_date_is_noted() -> None:
    votes = {**RES_83}
    votes.pop("SUN")
    votes["RUS"] = "N"
    result = decide(date(1950, 6, 27), votes)
    assert result.outcome == "vetoed"
    assert any("RUS did not hold a permanent seat under that code" in r for r in result.reasons)


def _record(id_: int, on: date, outcome: str, **fields: object) -> DraftRecord:
    return DraftRecord(id=id_, date=on, outcome=outcome, **fields)  # type: ignore[arg-type]


def test_outcome_for_and_check_record() -> None:
    records = [
        _record(
            1,
            date(2011, 10, 4),
            "vetoed",
            draft="S/2011/612",
            votes=S_2011_612,
            vetoed_by=("RUS", "CHN"),
        ),
        _record(2, date(2011, 3, 17), "adopted", resolution=1973, votes=RES_1973),
        _record(
            3,
            date(2011, 10, 4),
            "vetoed",
            draft="S/2011/612",
            yes=9,
            no=2,
            abstain=4,
            vetoed_by=("CHN", "RUS"),
        ),
        _record(4, date(1950, 6, 27), "adopted", resolution=83, yes=7, no=1, abstain=0),
        _record(5, date(2014, 12, 30), "failed", draft="S/2014/916", yes=8, no=2, abstain=5),
        _record(6, date(1946, 12, 19), "adopted", resolution=15),  # adopted without a vote
        _record(7, date(2000, 1, 1), "other", draft="S/2000/1"),
    ]
    assert outcome_for(records[0]).vetoed_by == ("CHN", "RUS")
    assert outcome_for(records[2]).outcome == "vetoed"
    with pytest.raises(InvalidInputError):
        outcome_for(records[5])
    assert check_record(records) == []
    unvoted = check_record(records, include_unvoted=True)
    assert [(m.record_id, m.kind) for m in unvoted] == [(6, "no-vote")]


def test_check_record_names_each_mismatch() -> None:
    records = [
        # recorded as adopted, but China and Russia voted No
        _record(1, date(2011, 10, 4), "adopted", draft="S/2011/612", votes=S_2011_612),
        # vetoed, but the recorded vetoing member is wrong
        _record(
            2, date(2011, 10, 4), "vetoed", draft="S/2011/612", votes=S_2011_612, vetoed_by=("RUS",)
        ),
        # a tally of No votes, recorded as adopted, no word on who voted No: vetoed_by=() says
        # no permanent member did, so it agrees
        _record(3, date(2011, 3, 17), "adopted", yes=12, no=3, abstain=0),
        # a veto recorded on a draft that lacked the majority (as in one DHL page row)
        _record(
            4,
            date(1972, 8, 25),
            "vetoed",
            draft="S/10768",
            yes=3,
            no=3,
            abstain=9,
            vetoed_by=("SUN",),
        ),
        # more votes than seats
        _record(5, date(1960, 1, 1), "adopted", yes=12, no=0, abstain=0),
    ]
    found = check_record(records)
    assert [(m.record_id, m.kind, m.computed) for m in found] == [
        (1, "outcome", "vetoed"),
        (2, "vetoed_by", "vetoed"),
        (4, "outcome", "failed"),
        (5, "invalid", None),
    ]
    assert all(m.reason for m in found)
    assert found[0].symbol == "S/2011/612"
    assert check_record(records[3:4], veto_without_majority=True) == []


# ---------------------------------------------------------------- invariants (Hypothesis)

vote_codes = st.sampled_from(VOTE_CODES)
vote_dates = st.dates(min_value=date(1946, 1, 17), max_value=date(2030, 12, 31))


@st.composite
def council_votes(draw: st.DrawFn, full: bool = False) -> tuple[date, dict[str, VoteCode]]:
    on = draw(vote_dates)
    seats = council_size(on)
    permanent = ["CHN", "FRA", "GBR", "SUN" if on < date(1991, 12, 24) else "RUS", "USA"]
    members = permanent + [f"E{i:02d}" for i in range(seats - 5)]
    chosen = members if full else draw(st.lists(st.sampled_from(members), unique=True))
    return on, {m: draw(vote_codes) for m in chosen}


@given(council_votes(), st.booleans())
def test_outcome_is_a_function_of_the_votes(
    case: tuple[date, dict[str, VoteCode]], procedural: bool
) -> None:
    on, votes = case
    first = decide(on, votes, procedural=procedural)
    again = decide(on, dict(reversed(list(votes.items()))), procedural=procedural)
    assert first.outcome == again.outcome
    assert first.vetoed_by == again.vetoed_by
    assert first.determined


@given(council_votes(), st.booleans(), st.booleans(), st.data())
def test_a_yes_never_turns_adopted_into_failed(
    case: tuple[date, dict[str, VoteCode]], procedural: bool, short_veto: bool, data: st.DataObject
) -> None:
    on, votes = case
    before = decide(on, votes, procedural=procedural, veto_without_majority=short_veto)
    not_yes = [m for m, c in votes.items() if c != "Y"]
    if not not_yes:
        return
    member = data.draw(st.sampled_from(not_yes))
    after = decide(
        on, {**votes, member: "Y"}, procedural=procedural, veto_without_majority=short_veto
    )
    assert after.yes == before.yes + 1
    if before.outcome == "adopted":
        assert after.outcome == "adopted"


@given(council_votes(full=True), st.booleans())
def test_a_permanent_no_blocks_a_substantive_decision(
    case: tuple[date, dict[str, VoteCode]], short_veto: bool
) -> None:
    on, votes = case
    permanent = "SUN" if on < date(1991, 12, 24) else "RUS"
    votes[permanent] = "N"
    result = decide(on, votes, veto_without_majority=short_veto)
    assert result.outcome != "adopted"
    assert permanent in result.permanent_no
    if short_veto or result.yes >= result.required_yes:
        assert result.outcome == "vetoed"
        assert permanent in result.vetoed_by
    else:
        assert result.outcome == "failed"


@given(council_votes(full=True), st.booleans())
def test_full_votes_sum_to_the_council_size(
    case: tuple[date, dict[str, VoteCode]], procedural: bool
) -> None:
    on, votes = case
    result = decide(on, votes, procedural=procedural)
    assert result.yes + result.no + result.abstain + result.non_voting == result.council_size
    # the tally with the permanent No voters named gives the same outcome
    no_by = [m for m, c in votes.items() if c == "N"]
    tallied = decide(
        on,
        tally=Tally(result.yes, result.no, result.abstain, result.non_voting),
        no_votes_by=no_by,
        procedural=procedural,
    )
    assert (tallied.outcome, tallied.vetoed_by) == (result.outcome, result.vetoed_by)


@given(council_votes(), st.booleans())
def test_procedural_questions_have_no_veto(
    case: tuple[date, dict[str, VoteCode]], short_veto: bool
) -> None:
    on, votes = case
    result = decide(on, votes, procedural=True, veto_without_majority=short_veto)
    assert result.vetoed_by == ()
    assert result.outcome == ("adopted" if result.yes >= result.required_yes else "failed")
