"""Article 27 of the UN Charter, as the Council has applied it since 1946.

:func:`decide` is a pure function: given the date of a vote, the members' votes (or only a
tally), whether the question is procedural and who must abstain as a party to a dispute, it
says whether the draft was adopted, vetoed or failed, and why.

The rules applied:

* Size and majority (Art. 23 and 27 as amended; the amendment took effect on 31 August 1965):
  votes before 1966-01-01 are taken in a Council of 11 with 7 affirmative votes required;
  from 1966 in a Council of 15 with 9 affirmative votes required.
* Procedural questions (Art. 27(2)): the affirmative votes alone decide; there is no veto.
* Other questions (Art. 27(3)): the affirmative votes must include "the concurring votes of
  the permanent members". In settled practice since 1946 (confirmed by the ICJ, *Namibia*
  advisory opinion, 1971, para. 22) only a permanent member's No is a veto: its abstention,
  absence or non-participation is not.
* Obligatory abstention (Art. 27(3), proviso): in decisions under Chapter VI and Art. 52(3) a
  party to the dispute abstains. Its recorded vote is set aside and counted as an abstention.
* A permanent member's No on a draft that lacked the affirmative votes anyway is "failed",
  not "vetoed": that is how the DHL meetings tables, the DHL veto list and the UN voting data
  record it (S/2014/916, 8-2-5 with a US No; S/2018/322, 5-4-6 with FRA, GBR, USA No: "not
  adopted"). ``veto_without_majority=True`` counts such drafts as vetoed instead, as some
  veto lists do; the reasons say so either way.
* Permanent members are recognised by seat (``members.is_permanent``): ``SUN`` and ``RUS``
  alike. A code that did not sit under that name on the date is noted in the reasons.

With a tally only, the caller must say who voted No (at least every permanent member that did).
When that is unknown and a No exists on a non-procedural question the outcome is left
undetermined (``outcome is None``): the function never guesses.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from vetowatch.council.members import is_permanent, permanent_members
from vetowatch.council.record import VOTE_CODES, DraftRecord, VoteCode
from vetowatch.errors import InvalidInputError

RuleOutcome = Literal["adopted", "vetoed", "failed"]
MismatchKind = Literal["outcome", "vetoed_by", "undetermined", "invalid", "no-vote"]

#: First day on which a vote is taken in the enlarged Council of 15.
ENLARGED_COUNCIL_FROM = date(1966, 1, 1)

_VOTE_WORDS: dict[VoteCode, str] = {
    "Y": "voted Yes",
    "N": "voted No",
    "A": "abstained",
    "X": "did not vote",
}


@dataclass(frozen=True)
class Tally:
    """The counts of a vote when the members' individual votes are not known."""

    yes: int
    no: int
    abstain: int
    non_voting: int = 0


@dataclass(frozen=True)
class RuleResult:
    """What Article 27 says about one vote.

    ``outcome`` is ``None`` when it cannot be determined from the input (a tally with No votes
    on a non-procedural question, and no word on who voted No); ``reasons`` then says why.
    Counts are after setting aside obligatory abstentions (those count as abstentions).
    """

    outcome: RuleOutcome | None
    vetoed_by: tuple[str, ...]
    yes: int
    no: int
    abstain: int
    non_voting: int
    required_yes: int
    council_size: int
    procedural: bool
    reasons: tuple[str, ...]
    permanent_no: tuple[str, ...] = ()
    obligatory_abstainers: tuple[str, ...] = ()

    @property
    def determined(self) -> bool:
        return self.outcome is not None

    @property
    def lacks_votes(self) -> bool:
        """True when the affirmative votes fall short of the majority required."""
        return self.yes < self.required_yes


@dataclass(frozen=True)
class RuleMismatch:
    """A record whose stored outcome the rules do not reproduce (or cannot check)."""

    record_id: int
    symbol: str | None
    date: date
    kind: MismatchKind
    recorded: str
    computed: str | None
    reason: str


def council_size(on: date) -> int:
    """Number of seats on the Council for a vote taken on ``on``."""
    return 11 if on < ENLARGED_COUNCIL_FROM else 15


def required_majority(on: date) -> int:
    """Affirmative votes needed for any decision taken on ``on``."""
    return 7 if on < ENLARGED_COUNCIL_FROM else 9


def _join(codes: Iterable[str]) -> str:
    items = list(codes)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class _Counts:
    yes: int
    no: int
    abstain: int
    non_voting: int
    # who voted No, restricted to permanent members; None when unknown
    permanent_no: tuple[str, ...] | None
    # permanent members that abstained or did not vote, with their vote code
    permanent_not_no: tuple[tuple[str, VoteCode], ...]
    excluded: tuple[str, ...]
    notes: tuple[str, ...]


def _count_votes(
    votes: Mapping[str, VoteCode],
    obliged: frozenset[str],
    seats: int,
) -> _Counts:
    if len(votes) > seats:
        raise InvalidInputError(
            f"{len(votes)} members have a vote but the Council had {seats} seats then. "
            "Give one vote per member sitting on that date."
        )
    counts: dict[VoteCode, int] = dict.fromkeys(VOTE_CODES, 0)
    notes: list[str] = []
    excluded: list[str] = []
    for member, code in votes.items():
        if code not in VOTE_CODES:
            raise InvalidInputError(
                f"unknown vote code {code!r} for {member}. Use one of Y, N, A, X."
            )
        if member in obliged:
            excluded.append(member)
            notes.append(
                f"{member}, a party to the dispute, abstains under Art. 27(3) (obligatory "
                f"abstention): its recorded vote ({code}) is set aside"
            )
            counts["A"] += 1
            continue
        counts[code] += 1
    permanent = sorted(m for m in votes if is_permanent(m) and m not in obliged)
    perm_no = tuple(m for m in permanent if votes[m] == "N")
    perm_other = tuple((m, votes[m]) for m in permanent if votes[m] in ("A", "X"))
    if len(votes) < seats:
        notes.append(f"only {len(votes)} of {seats} seats have a recorded vote")
    return _Counts(
        counts["Y"],
        counts["N"],
        counts["A"],
        counts["X"],
        perm_no,
        perm_other,
        tuple(excluded),
        tuple(notes),
    )


def _count_tally(
    tally: Tally,
    no_votes_by: Collection[str] | None,
    obliged: frozenset[str],
    seats: int,
) -> _Counts:
    values = (tally.yes, tally.no, tally.abstain, tally.non_voting)
    if any(v < 0 for v in values):
        raise InvalidInputError(f"negative count in tally {tally}. Counts must be 0 or more.")
    if sum(values) > seats:
        raise InvalidInputError(
            f"tally {tally.yes}-{tally.no}-{tally.abstain} (+{tally.non_voting} not voting) "
            f"counts {sum(values)} votes but the Council had {seats} seats then."
        )
    notes: list[str] = []
    no, abstain, excluded = tally.no, tally.abstain, []
    permanent_no: tuple[str, ...] | None = None
    if no_votes_by is not None:
        named = list(dict.fromkeys(no_votes_by))
        if len(named) > tally.no:
            raise InvalidInputError(
                f"{_join(named)} named as voting No but the tally has {tally.no} No votes."
            )
        for member in named:
            if member in obliged:
                excluded.append(member)
                no, abstain = no - 1, abstain + 1
                notes.append(
                    f"{member}, a party to the dispute, abstains under Art. 27(3) (obligatory "
                    "abstention): its recorded No is set aside"
                )
        permanent_no = tuple(sorted(m for m in named if is_permanent(m) and m not in obliged))
    for member in sorted(obliged - set(excluded)):
        notes.append(
            f"{member}, a party to the dispute, abstains under Art. 27(3); with a tally only, "
            "its abstention is taken to be recorded already"
        )
    if sum(values) < seats:
        notes.append(f"the tally accounts for {sum(values)} of {seats} seats")
    return _Counts(
        tally.yes, no, abstain, tally.non_voting, permanent_no, (), tuple(excluded), tuple(notes)
    )


def _veto_outcome(
    counts: _Counts, required: int, procedural: bool, short_veto: bool, reasons: list[str]
) -> tuple[RuleOutcome | None, tuple[str, ...]]:
    """Outcome and vetoing members, appending the reasons."""
    enough = counts.yes >= required
    short = f"{counts.yes} affirmative votes of {required} required"
    plain: RuleOutcome = "adopted" if enough else "failed"
    plain_reason = f"{short}: " + ("adopted" if enough else "failed for lack of votes")
    if procedural:
        if counts.permanent_no:
            reasons.append(
                f"{_join(counts.permanent_no)} (permanent) voted No: no veto on a procedural "
                "question (Art. 27(2))"
            )
        reasons.append(plain_reason)
        return plain, ()
    if counts.permanent_not_no:
        parts = [f"{m} {_VOTE_WORDS[c]}" for m, c in counts.permanent_not_no]
        reasons.append(
            f"{_join(parts)}: a permanent member's abstention or absence is not a veto "
            "(practice since 1946; ICJ, Namibia advisory opinion, 1971)"
        )
    if counts.permanent_no is None and counts.no > 0:
        if not enough and not short_veto:
            reasons.append(f"{counts.no} No vote(s) by members not named; {plain_reason}")
            return "failed", ()
        reasons.append(
            f"{counts.no} No vote(s) but who voted No is unknown: whether a permanent member "
            "vetoed cannot be determined, so the outcome is undetermined"
        )
        return None, ()
    if counts.permanent_no:
        who = _join(counts.permanent_no)
        member = "permanent members" if len(counts.permanent_no) > 1 else "a permanent member"
        if enough or short_veto:
            reasons.append(f"{who}, {member}, voted No: veto under Art. 27(3)")
            reasons.append(
                f"{short}: it would also have failed for lack of votes"
                if not enough
                else f"{short}: the majority was reached, but the veto blocks adoption"
            )
            return "vetoed", counts.permanent_no
        reasons.append(
            f"{who}, {member}, voted No, but the draft lacked the majority anyway "
            f"({short}): failed for lack of votes, not a veto (as the DHL and UN voting "
            "data record it)"
        )
        return "failed", ()
    reasons.append(plain_reason)
    return plain, ()


def _preamble(on: date, procedural: bool) -> list[str]:
    seats, required = council_size(on), required_majority(on)
    return [
        f"Council of {seats} members on {on.isoformat()}"
        + (" (before the 1965 amendment)" if seats == 11 else "")
        + f": {required} affirmative votes required",
        "procedural question (Art. 27(2)): no veto"
        if procedural
        else "non-procedural question (Art. 27(3)): a permanent member's No is a veto",
    ]


def _stale_codes(on: date, named: Iterable[str]) -> list[str]:
    seated = permanent_members(on)
    stale = sorted(m for m in set(named) if is_permanent(m) and m not in seated)
    if not stale:
        return []
    return [
        f"{_join(stale)} did not hold a permanent seat under that code on {on.isoformat()} "
        f"(permanent members then: {_join(seated)}); counted as the seat's holder"
    ]


def decide(
    on: date,
    votes: Mapping[str, VoteCode] | None = None,
    *,
    tally: Tally | None = None,
    no_votes_by: Collection[str] | None = None,
    procedural: bool = False,
    obligatory_abstention: Collection[str] = (),
    veto_without_majority: bool = False,
) -> RuleResult:
    """Apply Article 27 to one vote taken on ``on``.

    Give either ``votes`` (member code → ``"Y"``/``"N"``/``"A"``/``"X"``) or ``tally``. With a
    tally, ``no_votes_by`` names who voted No — at least every permanent member that did
    (elected members may be left out, so a record's ``vetoed_by`` will do); ``None`` means
    unknown. ``obligatory_abstention`` names parties to a dispute who must abstain under
    Art. 27(3); it does not apply to procedural questions. ``veto_without_majority``: see the
    module docstring (default: a permanent No on a draft short of votes is "failed").

    Raises :class:`~vetowatch.errors.InvalidInputError` for impossible input: both or neither
    of votes and tally, more votes than seats, unknown vote codes, negative counts.
    """
    if (votes is None) == (tally is None):
        raise InvalidInputError(
            "give either the members' votes or a tally (not both, not neither)."
        )
    seats, required = council_size(on), required_majority(on)
    reasons = _preamble(on, procedural)
    obliged = frozenset(obligatory_abstention)
    if obliged and procedural:
        reasons.append(
            f"obligatory abstention of {_join(sorted(obliged))} not applied: Art. 27(3) "
            "does not govern procedural questions"
        )
        obliged = frozenset()
    if votes is not None:
        counts = _count_votes(votes, obliged, seats)
    else:
        assert tally is not None
        counts = _count_tally(tally, no_votes_by, obliged, seats)
    reasons.extend(counts.notes)
    reasons.extend(_stale_codes(on, votes if votes is not None else (no_votes_by or ())))
    outcome, vetoed_by = _veto_outcome(counts, required, procedural, veto_without_majority, reasons)
    return RuleResult(
        outcome=outcome,
        vetoed_by=vetoed_by,
        yes=counts.yes,
        no=counts.no,
        abstain=counts.abstain,
        non_voting=counts.non_voting,
        required_yes=required,
        council_size=seats,
        procedural=procedural,
        reasons=tuple(reasons),
        permanent_no=counts.permanent_no or (),
        obligatory_abstainers=counts.excluded,
    )


def _record_label(record: DraftRecord) -> str:
    symbol = record.resolution_symbol or record.draft
    return f"record {record.id}" + (f" ({symbol})" if symbol else "")


def outcome_for(record: DraftRecord, *, veto_without_majority: bool = False) -> RuleResult:
    """Recompute a record's outcome from its votes, or else from its tally and ``vetoed_by``.

    Raises :class:`~vetowatch.errors.InvalidInputError` when the record has neither per-member
    votes nor a complete Yes-No-Abstain tally (for instance a decision adopted without a vote).
    """
    if record.votes:
        return decide(
            record.date,
            record.votes,
            procedural=record.procedural or record.procedural_observed,
            veto_without_majority=veto_without_majority,
        )
    if record.yes is None or record.no is None or record.abstain is None:
        raise InvalidInputError(
            f"{_record_label(record)} has neither per-member votes nor a Yes-No-Abstain tally, "
            "so Article 27 cannot be applied to it (adopted without a vote, or counts missing)."
        )
    tally = Tally(record.yes, record.no, record.abstain, record.non_voting or 0)
    return decide(
        record.date,
        tally=tally,
        no_votes_by=record.vetoed_by,
        procedural=record.procedural or record.procedural_observed,
        veto_without_majority=veto_without_majority,
    )


def _check_one(record: DraftRecord, veto_without_majority: bool) -> RuleMismatch | None:
    symbol = record.resolution_symbol or record.draft

    def mismatch(kind: MismatchKind, computed: str | None, reason: str) -> RuleMismatch:
        return RuleMismatch(record.id, symbol, record.date, kind, record.outcome, computed, reason)

    if not record.votes and (record.yes is None or record.no is None or record.abstain is None):
        return mismatch("no-vote", None, "neither per-member votes nor a Yes-No-Abstain tally")
    try:
        result = outcome_for(record, veto_without_majority=veto_without_majority)
    except InvalidInputError as exc:
        return mismatch("invalid", None, exc.message)
    if result.outcome is None:
        return mismatch("undetermined", None, "; ".join(result.reasons[2:]))
    if result.outcome != record.outcome:
        return mismatch(
            "outcome",
            result.outcome,
            f"recorded {record.outcome}, rules give {result.outcome}: " + "; ".join(result.reasons),
        )
    if record.votes and set(result.vetoed_by) != set(record.vetoed_by):
        return mismatch(
            "vetoed_by",
            result.outcome,
            f"recorded vetoed by {_join(record.vetoed_by) or 'nobody'}, votes give "
            f"{_join(result.vetoed_by) or 'nobody'}",
        )
    return None


def check_record(
    records: Iterable[DraftRecord],
    *,
    include_unvoted: bool = False,
    veto_without_majority: bool = False,
) -> list[RuleMismatch]:
    """Recompute every recorded outcome and return the records the rules do not reproduce.

    Records whose outcome is ``"other"`` are not checked (no decision to reproduce). Records
    without votes or tally (``kind="no-vote"``) are reported only with ``include_unvoted``.
    An empty list means 100 % agreement on every record that could be checked.
    """
    found: list[RuleMismatch] = []
    for record in records:
        if record.outcome == "other":
            continue
        problem = _check_one(record, veto_without_majority)
        if problem is None or (problem.kind == "no-vote" and not include_unvoted):
            continue
        found.append(problem)
    return found
