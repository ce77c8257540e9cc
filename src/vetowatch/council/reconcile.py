"""Reconcile the parsed sources into one Council record, by written rules.

Order of authority, each rule leaving a note (``corrected``, ``skipped`` or ``inconsistent``):

1. The DHL yearly "Meetings and outcomes" pages (1946–mid 2022) give every decision, its
   date, meeting and tally. They are the authority for dates, outcomes and tallies.
2. The DHL veto page adds vetoed drafts the yearly pages lack and confirms who vetoed.
3. The per-member vote table (oliverunv, 1994–2025) adds member votes, the draft symbol of
   adopted resolutions, agenda items, topics and submitters. Its dates are checked against
   the DHL: a date whose day and month are swapped is corrected (rule ``swapped-day-month``);
   after the DHL pages end, a date that breaks meeting-number order and whose swap fits is
   corrected the same way. Drafts with missing member rows are completed only where the
   DHL tally leaves one possibility (``filled-member-votes``).
4. UN Digital Library voting rows add member votes for adopted resolutions that have none.
5. Third-party veto lists (CSV) are cross-checks: every disagreement is noted.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from vetowatch.council.record import DraftRecord, Outcome, VoteCode
from vetowatch.council.sources.types import (
    DhlAction,
    MarcDraft,
    MembershipRow,
    OliverVote,
    SourceNote,
    UndlVote,
    VetoEntry,
)


@dataclass
class Decision:
    """A decision being assembled from several sources."""

    kind: str
    symbol: str
    date: date
    outcome: Outcome
    draft: str | None = None
    resolution: int | None = None
    meeting: str | None = None
    agenda: str | None = None
    topic: str | None = None
    category: str | None = None
    region: str | None = None
    subjects: tuple[str, ...] = ()
    submitters: tuple[str, ...] = ()
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    non_voting: int | None = None
    procedural: bool = False
    sources: set[str] = field(default_factory=set)
    votes: dict[str, VoteCode] = field(default_factory=dict)
    vetoed_by: set[str] = field(default_factory=set)
    title: str | None = None
    kind_of_draft: str | None = None
    dhl_topic: str | None = None
    procedural_observed: bool = False  # adopted despite a permanent No: from the outcome
    origin: tuple[str, int | None] = ("", None)  # file and line it was first read from
    undl_vote_record: str | None = None  # UN Digital Library voting record id
    undl_doc_record: str | None = None  # UN Digital Library document record id (MARC 001)
    rules: tuple[str, str] = ("", "")  # the council.topics rules that gave topic and kind
    id: int = 0

    def to_record(self) -> DraftRecord:
        return DraftRecord(
            id=self.id,
            date=self.date,
            outcome=self.outcome,
            draft=self.draft,
            resolution=self.resolution,
            meeting=self.meeting,
            agenda=self.agenda,
            topic=self.topic,
            category=self.category,
            region=self.region,
            subjects=self.subjects,
            submitters=self.submitters,
            yes=self.yes,
            no=self.no,
            abstain=self.abstain,
            non_voting=self.non_voting,
            votes=dict(self.votes),
            vetoed_by=tuple(sorted(self.vetoed_by)),
            procedural=self.procedural,
            procedural_observed=self.procedural_observed,
            title=self.title,
            kind=self.kind_of_draft,
        )


@dataclass(frozen=True)
class Note:
    """A note kept in the database: what a rule did, or what stays inconsistent."""

    source: str
    line: int | None
    kind: str
    status: str  # corrected | skipped | inconsistent | info
    detail: str


@dataclass
class Reconciled:
    decisions: list[Decision]
    membership: list[MembershipRow]
    notes: list[Note]


def resolution_symbol(number: int, year: int) -> str:
    return f"S/RES/{number} ({year})"


def swap_day_month(d: date) -> date | None:
    if d.day > 12 or d.day == d.month:
        return None
    return date(d.year, d.day, d.month)


_MEETING = re.compile(r"PV\.(\d+)")


_STOP = frozenset({
    "the", "of", "in", "and", "on", "situation", "question", "concerning", "between", "to",
    "for", "its", "reports", "secretary", "general", "letter", "dated", "from", "united",
    "nations", "security", "council", "permanent", "representative", "addressed", "president",
    "draft", "resolution",
})


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in _STOP}


def _median(dates: list[date]) -> date | None:
    return sorted(dates)[len(dates) // 2] if dates else None


def _within(d: date, lo: date | None, hi: date | None, slack: int = 3) -> bool:
    return (lo is None or (d - lo).days >= -slack) and (hi is None or (hi - d).days >= -slack)


def meeting_number(meeting: str | None) -> int | None:
    found = _MEETING.search(meeting or "")
    return int(found.group(1)) if found else None


# parser notes that record what a source holds rather than a correction or a defect
_INFO_KINDS = frozenset({"no-document-outcome", "inherited-meeting", "date-range",
                         "meeting-for-draft", "meeting-for-symbol", "preliminary-question",
                         "draft-annotation", "draft-qualifier", "no-meeting-record"})


def source_notes(source: str, notes: Iterable[SourceNote]) -> list[Note]:
    """Parser notes become database notes; 'skip…' kinds are skips, the rest corrections."""
    out = []
    for n in notes:
        status = "skipped" if n.kind.startswith("skip") else "corrected"
        if n.kind.startswith(("unparsed", "inconsistent", "unknown", "mismatch")):
            status = "inconsistent"
        if n.kind in _INFO_KINDS:
            status = "info"
        out.append(Note(source, n.line, n.kind, status, n.detail))
    return out


class Reconciler:
    """Builds the record step by step; each ``add_*`` applies one source's rules."""

    def __init__(self) -> None:
        self.by_symbol: dict[str, Decision] = {}
        self.by_resolution: dict[int, Decision] = {}
        self.by_draft: dict[str, Decision] = {}
        self.notes: list[Note] = []

    # -- bookkeeping -----------------------------------------------------------------
    def note(self, source: str, line: int | None, kind: str, status: str, detail: str) -> None:
        self.notes.append(Note(source, line, kind, status, detail))

    def _register(self, dec: Decision) -> None:
        self.by_symbol[dec.symbol] = dec
        if dec.resolution is not None:
            self.by_resolution.setdefault(dec.resolution, dec)
        if dec.draft:
            self.by_draft.setdefault(dec.draft, dec)

    # -- 1. DHL yearly pages -----------------------------------------------------------
    def add_dhl(self, actions: Sequence[DhlAction]) -> None:
        for a in actions:
            where = f"{a.source_file}"
            if a.date is None:
                self.note(where, a.line, "undated-action", "skipped",
                          f"{a.symbol}: date {a.date_text!r} cannot be read; action left out")
                continue
            symbol = a.symbol
            if a.kind == "resolution" and a.resolution is not None:
                symbol = resolution_symbol(a.resolution, a.date.year)
            if symbol in self.by_symbol:
                self.note(where, a.line, "duplicate-action", "skipped",
                          f"{symbol} listed again on {a.date}; first listing kept")
                continue
            dec = Decision(
                kind=a.kind, symbol=symbol, date=a.date, outcome=a.outcome,
                draft=a.symbol if a.kind == "draft" else None, resolution=a.resolution,
                meeting=a.meeting, agenda=a.topic or None, dhl_topic=a.topic or None,
                yes=a.yes, no=a.no,
                abstain=a.abstain, non_voting=a.non_voting, procedural=a.procedural,
                sources={"dhl"}, vetoed_by=set(a.vetoed_by), origin=(a.source_file, a.line),
            )
            self._register(dec)

    # -- 2. DHL veto page --------------------------------------------------------------
    def add_veto_page(self, entries: Sequence[VetoEntry]) -> None:
        by_meeting: dict[str, list[Decision]] = defaultdict(list)
        for known in self.by_symbol.values():
            if known.meeting and known.outcome == "vetoed":
                by_meeting[known.meeting].append(known)
        for e in entries:
            dec = self._match_veto(e, by_meeting)
            if dec is None:
                dec = self._veto_decision(e)
                self.note(e.source_file, e.line, "added-from-veto-page", "corrected",
                          f"{dec.symbol} on {e.date} vetoed by {', '.join(e.vetoed_by)} is "
                          "not in the yearly pages; added from the veto page")
                self._register(dec)
                continue
            dec.sources.add("dhl-veto")
            if dec.outcome != "vetoed":
                self.note(e.source_file, e.line, "veto-outcome-mismatch", "corrected",
                          f"{dec.symbol}: yearly page says {dec.outcome}, veto page says "
                          "vetoed; vetoed kept")
                dec.outcome = "vetoed"
            if set(e.vetoed_by) != dec.vetoed_by:
                if dec.vetoed_by:
                    self.note(e.source_file, e.line, "vetoed-by-mismatch", "inconsistent",
                              f"{dec.symbol}: yearly page {sorted(dec.vetoed_by)}, veto page "
                              f"{sorted(e.vetoed_by)}; union kept")
                dec.vetoed_by |= set(e.vetoed_by)

    def _match_veto(self, e: VetoEntry, by_meeting: dict[str, list[Decision]]) -> Decision | None:
        if e.draft and e.draft in self.by_draft:
            return self.by_draft[e.draft]
        if e.meeting:
            candidates = [d for d in by_meeting.get(e.meeting, []) if "dhl-veto" not in d.sources]
            if candidates:
                return candidates[0]
        return None

    def _veto_decision(self, e: VetoEntry) -> Decision:
        symbol = e.draft or f"{e.meeting or 'S/PV.?'} (veto {e.date.isoformat()})"
        n = 2
        base = symbol
        while symbol in self.by_symbol:
            symbol = f"{base} #{n}"
            n += 1
        return Decision(kind="draft", symbol=symbol, date=e.date, outcome="vetoed",
                        draft=e.draft, meeting=e.meeting, agenda=e.agenda,
                        sources={"dhl-veto"}, vetoed_by=set(e.vetoed_by),
                        origin=(e.source_file, e.line))

    # -- 3. oliverunv per-member votes ---------------------------------------------------
    def add_oliver(self, rows: Sequence[OliverVote], source: str,
                   members_by_year: dict[int, set[str]]) -> None:
        groups: dict[str, list[OliverVote]] = defaultdict(list)
        for r in rows:
            groups[r.source_id].append(r)
        unmatched: list[Decision] = []
        for rows_ in groups.values():
            dec, created = self._oliver_decision(rows_, source)
            self._oliver_votes(dec, rows_, source, members_by_year)
            if created:
                unmatched.append(dec)
        self._fix_dates_by_meeting_order(unmatched, source)

    def _oliver_match(self, first: OliverVote, source: str) -> Decision | None:
        dec = self.by_resolution.get(first.resolution) if first.resolution is not None else None
        if dec is not None and dec.date.year != first.date.year:
            self.note(source, first.line, "wrong-resolution-number", "corrected",
                      f"resolution {first.resolution} of {first.date.year} is {dec.symbol} in "
                      "the DHL; matched by draft symbol instead")
            dec = None
        if dec is None and first.draft:
            dec = self.by_draft.get(first.draft)
        return dec

    def _oliver_decision(self, rows: list[OliverVote], source: str) -> tuple[Decision, bool]:
        first = rows[0]
        dec = self._oliver_match(first, source)
        created = dec is None
        if dec is None:
            symbol = (resolution_symbol(first.resolution, first.date.year)
                      if first.resolution is not None
                      else first.draft or f"oliverunv:{first.source_id}")
            dec = Decision(kind="resolution" if first.resolution is not None else "draft",
                           symbol=symbol, date=first.date, outcome=first.outcome,
                           resolution=first.resolution, meeting=first.meeting,
                           origin=(source, first.line))
            self._register(dec)
        else:
            self._check_date(dec, first, source)
            if dec.outcome != first.outcome:
                self.note(source, first.line, "outcome-mismatch", "inconsistent",
                          f"{dec.symbol}: DHL {dec.outcome}, vote table {first.outcome}; DHL kept")
        dec.sources.add("oliverunv")
        if first.draft and not dec.draft:
            dec.draft = first.draft
            self.by_draft.setdefault(first.draft, dec)
        dec.agenda = first.agenda or dec.agenda
        dec.topic = first.topic or dec.topic
        dec.category, dec.region = first.category, first.region
        dec.submitters = first.submitters
        return dec, created

    def _check_date(self, dec: Decision, row: OliverVote, source: str) -> None:
        if row.date == dec.date:
            return
        if swap_day_month(row.date) == dec.date:
            self.note(source, row.line, "swapped-day-month", "corrected",
                      f"{dec.symbol}: {row.date} has day and month swapped; {dec.date} "
                      "(DHL) kept")
        else:
            self.note(source, row.line, "date-mismatch", "inconsistent",
                      f"{dec.symbol}: vote table {row.date}, DHL {dec.date}; DHL kept")

    def _oliver_votes(self, dec: Decision, rows: list[OliverVote], source: str,
                      members_by_year: dict[int, set[str]]) -> None:
        votes: dict[str, VoteCode] = {}
        for r in rows:
            if r.member in votes and votes[r.member] != r.vote:
                self.note(source, r.line, "conflicting-member-rows", "inconsistent",
                          f"{dec.symbol}: {r.member} voted {votes[r.member]} and {r.vote}; "
                          "first kept")
                continue
            if r.member in votes:
                self.note(source, r.line, "duplicate-member-row", "skipped",
                          f"{dec.symbol}: second row for {r.member} dropped")
                continue
            votes[r.member] = r.vote
        expected = members_by_year.get(dec.date.year, set())
        foreign = sorted(set(votes) - expected) if expected else []
        if len(foreign) > 2:
            self.note(source, rows[0].line, "member-rows-from-another-council", "skipped",
                      f"{dec.symbol}: {len(foreign)} of its member rows name states not on the "
                      f"Council in {dec.date.year} ({', '.join(foreign)}); member votes dropped, "
                      "DHL tally kept")
            return
        if not self._tally_agrees(dec, votes, source, rows[0].line):
            return
        dec.votes = votes
        if expected and len(votes) != len(expected):
            self._complete_votes(dec, expected, source, rows[0].line)
        elif dec.yes is None:
            counts = Counter(votes.values())
            dec.yes, dec.no, dec.abstain = counts["Y"], counts["N"], counts["A"]
            dec.non_voting = counts["X"]
        if dec.outcome == "vetoed" and not dec.vetoed_by:
            from vetowatch.council.members import is_permanent

            dec.vetoed_by = {m for m, v in votes.items() if v == "N" and is_permanent(m)}

    def _tally_agrees(self, dec: Decision, votes: dict[str, VoteCode], source: str,
                      line: int) -> bool:
        """Member rows that contradict the DHL tally are dropped (the tally is official),
        unless the DHL tally contradicts its own outcome (a veto with fewer No votes than
        vetoing members): then the tally is corrected from the member rows."""
        if dec.yes is None or dec.no is None or dec.abstain is None:
            return True
        counts = Counter(votes.values())
        if dec.outcome == "vetoed" and dec.no < len(dec.vetoed_by):
            self.note(source, line, "fixed-dhl-tally", "corrected",
                      f"{dec.symbol}: DHL tally {dec.yes}-{dec.no}-{dec.abstain} has fewer No "
                      f"votes than vetoing members; member rows give "
                      f"{counts['Y']}-{counts['N']}-{counts['A']}, used")
            dec.yes, dec.no, dec.abstain = counts["Y"], counts["N"], counts["A"]
            return True
        if counts["N"] <= dec.no and counts["A"] <= dec.abstain and counts["Y"] <= dec.yes:
            return True
        self.note(source, line, "member-votes-contradict-tally", "skipped",
                  f"{dec.symbol}: member rows give {counts['Y']}-{counts['N']}-{counts['A']}, "
                  f"the DHL tally is {dec.yes}-{dec.no}-{dec.abstain}; member votes dropped")
        return False

    def _complete_votes(self, dec: Decision, expected: set[str], source: str, line: int) -> None:
        missing = sorted(expected - set(dec.votes))
        extra = sorted(set(dec.votes) - expected)
        counts = Counter(dec.votes.values())
        if dec.yes is not None and not extra and missing:
            gaps = {"Y": dec.yes - counts["Y"], "N": (dec.no or 0) - counts["N"],
                    "A": (dec.abstain or 0) - counts["A"]}
            filled = [v for v, n in gaps.items() if n == len(missing)]
            if len(filled) == 1 and sum(gaps.values()) == len(missing):
                fill: VoteCode = filled[0]  # type: ignore[assignment]
                for m in missing:
                    dec.votes[m] = fill
                self.note(source, line, "filled-member-votes", "corrected",
                          f"{dec.symbol}: {len(dec.votes) - len(missing)} member rows; "
                          f"{', '.join(missing)} set to {fill} from the DHL tally")
                return
        self.note(source, line, "incomplete-member-rows", "inconsistent",
                  f"{dec.symbol}: {len(dec.votes)} member rows; missing {missing or '-'}, "
                  f"not members that year {extra or '-'}")
        if dec.yes is None:
            dec.yes, dec.no, dec.abstain = counts["Y"], counts["N"], counts["A"]

    def _fix_dates_by_meeting_order(self, created: list[Decision], source: str) -> None:
        """Dates the DHL cannot check are checked against meeting-number order.

        A date is plausible when it lies between the median date of the (up to) five
        meetings before it and the median of the five after it, with 3 days' slack; a
        swapped day/month that is plausible where the recorded date is not is corrected.
        """
        order = sorted(
            (d for d in self.by_symbol.values() if meeting_number(d.meeting) is not None),
            key=lambda d: meeting_number(d.meeting) or 0,
        )
        index = {id(d): i for i, d in enumerate(order)}
        for dec in created:
            i = index.get(id(dec))
            if i is None:
                continue
            lo = _median([o.date for o in order[max(0, i - 5):i]])
            hi = _median([o.date for o in order[i + 1:i + 6]])
            if _within(dec.date, lo, hi):
                continue
            swapped = swap_day_month(dec.date)
            if swapped and _within(swapped, lo, hi):
                self.note(source, None, "swapped-day-month", "corrected",
                          f"{dec.symbol}: {dec.date} breaks meeting order; swapped to {swapped}")
                dec.date = swapped
            else:
                self.note(source, None, "date-out-of-meeting-order", "inconsistent",
                          f"{dec.symbol} ({dec.meeting}): {dec.date} is not between the "
                          f"meetings around it ({lo} … {hi})")

    # -- 4. UN Digital Library votes -------------------------------------------------------
    def add_undl(self, rows: Sequence[UndlVote], source: str) -> None:
        groups: dict[int, list[UndlVote]] = defaultdict(list)
        for r in rows:
            if r.resolution is None:
                self.note(source, r.line, "skipped-row", "skipped",
                          f"row without a resolution symbol ({r.undl_id})")
                continue
            groups[r.resolution].append(r)
        for number, rows_ in groups.items():
            first = rows_[0]
            dec = self.by_resolution.get(number)
            if dec is None:
                dec = Decision(kind="resolution", symbol=resolution_symbol(number, first.date.year),
                               date=first.date, outcome="adopted", resolution=number,
                               draft=first.draft, meeting=first.meeting, agenda=first.agenda,
                               yes=first.total_yes, no=first.total_no,
                               abstain=first.total_abstentions,
                               non_voting=first.total_non_voting, origin=(source, first.line))
                self._register(dec)
            elif dec.date != first.date:
                self.note(source, first.line, "date-mismatch", "inconsistent",
                          f"{dec.symbol}: UNDL {first.date}, record {dec.date}")
            dec.sources.add("undl")
            dec.undl_vote_record = dec.undl_vote_record or first.undl_id or None
            dec.subjects = dec.subjects or first.subjects
            undl_votes = {r.member: r.vote for r in rows_}
            if not dec.votes:
                dec.votes = undl_votes
            elif undl_votes != dec.votes:
                diff = sorted(m for m in set(undl_votes) | set(dec.votes)
                              if undl_votes.get(m) != dec.votes.get(m))
                self.note(source, first.line, "member-votes-mismatch", "inconsistent",
                          f"{dec.symbol}: UNDL and vote table differ for {', '.join(diff)}")

    # -- 5. third-party veto lists -----------------------------------------------------------
    def cross_check_vetoes(self, entries: Sequence[VetoEntry], source: str) -> None:
        for e in entries:
            dec = self.by_draft.get(e.draft) if e.draft else None
            if dec is None and e.meeting:
                dec = next((d for d in self.by_symbol.values()
                            if d.meeting == e.meeting and d.outcome == "vetoed"), None)
            if dec is None:
                self.note(source, e.line, "veto-not-in-record", "inconsistent",
                          f"{e.draft or e.meeting} on {e.date}: listed as vetoed, not found")
            elif set(e.vetoed_by) != dec.vetoed_by:
                self.note(source, e.line, "vetoed-by-mismatch", "inconsistent",
                          f"{dec.symbol}: list says {sorted(e.vetoed_by)}, record "
                          f"{sorted(dec.vetoed_by)}")

    # -- 5b. UN Digital Library MARC export: titles and subjects ----------------------------------
    def add_marc(self, rows: Sequence[MarcDraft], source: str) -> None:
        """Titles and subjects by draft symbol (else resolution number); drafts it adds none."""
        matched = 0
        for r in rows:
            dec = self.by_draft.get(r.draft) if r.draft else None
            if dec is None and r.resolution is not None:
                dec = self.by_resolution.get(r.resolution)
                if dec is not None and r.draft and dec.draft and dec.draft != r.draft:
                    self.note(source, r.line, "draft-symbol-mismatch", "inconsistent",
                              f"{dec.symbol}: record has draft {dec.draft}, the library "
                              f"{r.draft}; record kept")
            if dec is None:
                continue
            matched += 1
            dec.sources.add("undl-marc")
            dec.undl_doc_record = dec.undl_doc_record or r.record_id or None
            dec.title = dec.title or r.description or r.title or None
            dec.subjects = dec.subjects or r.subjects
            if not dec.draft and r.draft:
                dec.draft = r.draft
                self.by_draft.setdefault(r.draft, dec)
        self.note(source, None, "titles-matched", "info",
                  f"{matched} of {len(rows)} library records matched a decision")

    def fix_agendas(self) -> None:
        """Rule ``agenda-from-dhl``: where the vote table's agenda item and topic share no word
        with the DHL page's subject, and the library's title names the DHL subject but not the
        vote table's, the vote table's row is misfiled (e.g. Somalia piracy under "The
        situation in the Middle East" in late 2011): the DHL subject is used for both."""
        for dec in self.by_symbol.values():
            if not (dec.dhl_topic and dec.title and "oliverunv" in dec.sources):
                continue
            dhl_words = _content_words(dec.dhl_topic)
            table_words = _content_words(f"{dec.agenda or ''} {dec.topic or ''}")
            title_words = _content_words(dec.title)
            if (dhl_words and not dhl_words & table_words and dhl_words & title_words
                    and not table_words & title_words):
                self.note("rules", None, "agenda-from-dhl", "corrected",
                          f"{dec.symbol}: vote table files it under {dec.agenda!r} / "
                          f"{dec.topic!r}; the DHL page and the library title say "
                          f"{dec.dhl_topic!r}, used")
                dec.agenda = dec.topic = dec.dhl_topic

    def derive_kinds(self) -> None:
        """Topic and kind of each draft or resolution by the rules of ``council.topics``
        (title, agenda item, subjects and earlier decisions only; never the outcome)."""
        from vetowatch.council.topics import classify, rule_notes

        drafts = sorted((d for d in self.by_symbol.values() if d.kind in ("resolution", "draft")),
                        key=lambda d: (d.date, meeting_number(d.meeting) or 0, d.symbol))
        found = classify(drafts)
        self.notes.extend(Note(n.source, n.line, n.kind, n.status, n.detail)
                          for n in rule_notes(drafts, found))
        for dec, got in zip(drafts, found, strict=True):
            dec.topic, dec.kind_of_draft = got.topic, got.kind
            dec.rules = (got.topic_rule, got.kind_rule)

    # -- 6. the rules read the record ------------------------------------------------------------
    def apply_rules(self) -> None:
        """Two written rules that read the record through Article 27.

        A resolution adopted although a permanent member voted No was a procedural vote
        (Art. 27(2)): it is marked ``procedural_observed`` — known from the outcome, so never
        an input to a forecast (``procedural`` keeps only what a source states). A decision
        known only from the vote table (no DHL entry) whose complete member votes give another
        outcome than its outcome text takes the outcome of the votes.
        """
        from vetowatch.council.members import is_permanent
        from vetowatch.council.rules import decide

        for dec in self.by_symbol.values():
            official = bool({"dhl", "dhl-veto"} & dec.sources)
            if not official and len(dec.votes) >= 15:
                result = decide(dec.date, dec.votes, procedural=dec.procedural)
                if result.outcome is not None and result.outcome != dec.outcome:
                    self.note("rules", None, "outcome-from-votes", "corrected",
                              f"{dec.symbol}: vote table says {dec.outcome}, its member votes "
                              f"give {result.outcome}; outcome set from the votes")
                    dec.outcome = result.outcome
                    dec.vetoed_by = set(result.vetoed_by)
            p5_no = sorted(m for m, v in dec.votes.items() if v == "N" and is_permanent(m))
            if official and dec.outcome == "adopted" and p5_no and not dec.procedural:
                dec.procedural_observed = True
                self.note("rules", None, "procedural-by-record", "corrected",
                          f"{dec.symbol}: adopted although {', '.join(p5_no)} voted No, so the "
                          "vote was procedural (Art. 27(2)); marked procedural_observed (from "
                          "the outcome: not a forecasting input)")

    # -- result -----------------------------------------------------------------------------
    def finish(self, membership: list[MembershipRow]) -> Reconciled:
        decisions = sorted(
            self.by_symbol.values(),
            key=lambda d: (d.date, meeting_number(d.meeting) or 0, d.symbol),
        )
        for i, dec in enumerate(decisions, start=1):
            dec.id = i
        return Reconciled(decisions=decisions, membership=membership, notes=self.notes)
