"""Queries on the imported record: the Council on a date, a vote, vetoes, precedents, checks."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, func, select

from vetowatch.council.links import links
from vetowatch.council.members import member_name, permanent_members, resolve_member, seat_of
from vetowatch.council.record import DraftRecord, Outcome, VoteCode
from vetowatch.errors import InvalidInputError, NotFoundError, NotImportedError
from vetowatch.store import Store
from vetowatch.store import schema as s


@dataclass(frozen=True)
class Seat:
    code: str
    name: str
    permanent: bool
    term_start: int | None  # elected members: first and last year of the current term
    term_end: int | None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "name": self.name, "permanent": self.permanent}
        if not self.permanent:
            out["term"] = [self.term_start, self.term_end]
        return out


@dataclass(frozen=True)
class Council:
    date: date
    members: tuple[Seat, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.members)

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "members": [m.to_json() for m in self.members]}


def _require_record(conn: Connection) -> None:
    if not conn.execute(select(func.count()).select_from(s.decision)).scalar_one():
        raise NotImportedError(
            "the Council record is not in this database yet",
            fix="Run `vetowatch data import` (or set VETOWATCH_DB to the database that holds "
                "it).")


def council_on(store: Store, day: date) -> Council:
    """The members of the Council on ``day``, permanent first, with elected members' terms."""
    with store.connect() as conn:
        rows = conn.execute(select(s.member_year)).all()
    if not rows:
        raise NotImportedError("no membership in this database",
                               fix="Run `vetowatch data import`.")
    years: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        years[r.member].add(r.year)
    current = [r for r in rows if r.year == day.year]
    if not current:
        raise NotFoundError(f"no Council membership recorded for {day.year} (the record covers "
                            f"{min(r.year for r in rows)}–{max(r.year for r in rows)}).")
    perm_today = set(permanent_members(day))
    seats = []
    for r in current:
        code = r.member
        permanent = r.permanent or seat_of(code) in {seat_of(p) for p in perm_today}
        if permanent:
            code = next((p for p in perm_today if seat_of(p) == seat_of(code)), code)
        start = end = None
        if not permanent:
            start = end = day.year
            while start - 1 in years[r.member]:
                start -= 1
            while end + 1 in years[r.member]:
                end += 1
        seats.append(Seat(code, member_name(code, day), permanent, start, end))
    seats.sort(key=lambda x: (not x.permanent, x.code))
    return Council(day, tuple(seats))


# -- loading records ---------------------------------------------------------------------------

def _records(conn: Connection, query: Select[Any]) -> list[DraftRecord]:
    rows = conn.execute(query).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    votes: dict[int, dict[str, VoteCode]] = defaultdict(dict)
    vetoes: dict[int, list[str]] = defaultdict(list)
    for chunk in range(0, len(ids), 900):
        part = ids[chunk:chunk + 900]
        for v in conn.execute(select(s.vote).where(s.vote.c.decision_id.in_(part))):
            votes[v.decision_id][v.member] = v.vote
        for v in conn.execute(select(s.veto).where(s.veto.c.decision_id.in_(part))):
            vetoes[v.decision_id].append(v.member)
    return [_to_record(r, votes.get(r.id, {}), vetoes.get(r.id, [])) for r in rows]


def _to_record(r: Any, votes: dict[str, VoteCode], vetoed_by: list[str]) -> DraftRecord:
    outcome: Outcome = r.outcome
    return DraftRecord(
        id=r.id, date=r.date, outcome=outcome, draft=r.draft, resolution=r.resolution,
        meeting=r.meeting, agenda=r.agenda, topic=r.topic, category=r.category, region=r.region,
        subjects=tuple(x for x in (r.subjects or "").split("; ") if x),
        submitters=tuple(x for x in (r.submitters or "").split(",") if x),
        yes=r.yes, no=r.no, abstain=r.abstain, non_voting=r.non_voting, votes=votes,
        vetoed_by=tuple(sorted(vetoed_by)), procedural=bool(r.procedural),
        title=r.title, kind=r.draft_kind,
        undl_vote_record=r.undl_vote_record, undl_doc_record=r.undl_doc_record,
    )


def load_records(store: Store, *, kinds: Sequence[str] = ("resolution", "draft"),
                 before: date | None = None) -> list[DraftRecord]:
    """Every draft put to a vote (resolutions and drafts), in date and meeting order."""
    query = select(s.decision).where(s.decision.c.kind.in_(kinds)).order_by(s.decision.c.id)
    if before is not None:
        query = query.where(s.decision.c.date < before)
    with store.connect() as conn:
        _require_record(conn)
        return _records(conn, query)


_RES = re.compile(r"^(?:S/RES/)?\s*(\d{1,4})\s*(?:\((\d{4})\))?$", re.IGNORECASE)
_DRAFT = re.compile(r"^S/(\d{4})/(\d+)$", re.IGNORECASE)


def get_vote(store: Store, ref: str) -> DraftRecord:
    """A vote by draft symbol (``S/2011/612``), resolution (``S/RES/1973 (2011)``) or number."""
    text = " ".join(ref.strip().split())
    res, draft = _RES.match(text), _DRAFT.match(text.replace(" ", ""))
    if res:
        cond = s.decision.c.resolution == int(res.group(1))
    elif draft:
        cond = s.decision.c.draft == f"S/{draft.group(1)}/{int(draft.group(2))}"
    else:
        raise InvalidInputError(
            f"{ref!r} is not a draft symbol (S/2011/612), a resolution (S/RES/1973 (2011)) or "
            "a resolution number (1973)."
        )
    with store.connect() as conn:
        _require_record(conn)
        found = _records(conn, select(s.decision).where(cond).order_by(s.decision.c.id))
    if res and res.group(2):
        found = [r for r in found if r.date.year == int(res.group(2))] or found
    if not found:
        raise NotFoundError(f"{ref} is not in the record (1946–2025). Check the symbol.")
    return found[0]


def vote_json(rec: DraftRecord) -> dict[str, Any]:
    return {
        "draft": rec.draft,
        "resolution": rec.resolution_symbol,
        "date": rec.date.isoformat(),
        "meeting": rec.meeting,
        "agenda": rec.agenda,
        "topic": rec.topic,
        "title": rec.title,
        "kind": rec.kind,
        "submitters": list(rec.submitters),
        "outcome": rec.outcome,
        "yes": rec.yes,
        "no": rec.no,
        "abstain": rec.abstain,
        "non_voting": rec.non_voting,
        "votes": dict(sorted(rec.votes.items())),
        "vetoed_by": list(rec.vetoed_by),
        "links": links(rec),
    }


# -- one grammar for --topic / --agenda ---------------------------------------------------------

_NON_WORD = re.compile(r"[\W_]+")


def _norm(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def topic_words(query: str) -> list[str]:
    """The words of a ``--topic``/``--agenda`` query; :class:`InvalidInputError` if none."""
    words = _norm(query).split()
    if not words:
        raise InvalidInputError(f"{query!r} has no words to look for",
                                fix="Give words of the agenda item, topic or title, e.g. "
                                    "syria (`vetowatch topics` lists them).")
    return words


def topic_matches(query: str, *texts: str | None) -> bool:
    """The matching every command uses for ``--topic`` and ``--agenda``: each word of
    ``query`` occurs (case-insensitively, punctuation ignored, parts of words count, in any
    order) in one of ``texts`` — an agenda item, topic or title. ``palestin`` matches "the
    Palestinian question"; ``middle east syria`` matches "Middle East (Syria)"."""
    fields = [_norm(t) for t in texts if t]
    return all(any(w in f for f in fields) for w in topic_words(query))


def record_matches(query: str, rec: DraftRecord) -> bool:
    """:func:`topic_matches` on a record's agenda item, topic and title."""
    return topic_matches(query, rec.agenda, rec.topic, rec.title)


def _as_date(value: date | int | None, *, end: bool = False) -> date | None:
    """A date bound; a bare year (``2011``) means its first day (its last with ``end``)."""
    if value is None or isinstance(value, date):
        return value
    if not 1 <= value <= date.max.year:
        raise InvalidInputError(f"{value} is not a year",
                                fix="Give a year as four digits (2011) or a date (2011-03-01).")
    return date(value, 12, 31) if end else date(value, 1, 1)


def _in_range(rec: DraftRecord, since: date | None, until: date | None) -> bool:
    return (since is None or rec.date >= since) and (until is None or rec.date <= until)


def vetoes(store: Store, *, member: str | None = None, topic: str | None = None,
           since: date | int | None = None,
           until: date | int | None = None) -> list[DraftRecord]:
    """Vetoed drafts, newest first; ``member`` (a code or a name) counts a seat's earlier
    holder (USSR for RUS); ``topic`` as :func:`topic_matches`; ``since``/``until`` dates
    or years (a year: its first day for ``since``, its last for ``until``)."""
    since, until = _as_date(since), _as_date(until, end=True)
    seat = seat_of(resolve_member(member)) if member is not None else None
    if topic is not None:
        topic_words(topic)
    query = (select(s.decision).where(s.decision.c.outcome == "vetoed")
             .order_by(s.decision.c.id.desc()))
    with store.connect() as conn:
        _require_record(conn)
        found = _records(conn, query)
    return [r for r in found if _in_range(r, since, until)
            and (topic is None or record_matches(topic, r))
            and (seat is None or any(seat_of(m) == seat for m in r.vetoed_by))]


def precedents(store: Store, *, topic: str, before: date,
               limit: int | None = 50) -> list[DraftRecord]:
    """Earlier votes whose agenda item, topic or title matches ``topic``
    (:func:`topic_matches`), newest first; ``limit`` ``None`` or 0: all of them."""
    topic_words(topic)
    found = [r for r in reversed(load_records(store, before=before)) if record_matches(topic, r)]
    return found[:limit] if limit else found


@dataclass(frozen=True)
class LabelCount:
    """A label the record uses (an agenda item, topic or kind of draft) and how often."""

    label: str
    count: int
    first: date
    last: date

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "count": self.count, "first": self.first.isoformat(),
                "last": self.last.isoformat()}


LABEL_FIELDS = ("agenda", "topic", "kind")


def labels(store: Store, field: str, *, match: str | None = None) -> list[LabelCount]:
    """The record's agenda items, topics or kinds of draft with their number of votes, most
    used first; ``match`` keeps those matching it as ``--topic`` would."""
    if field not in LABEL_FIELDS:
        raise InvalidInputError(f"unknown label {field!r}", fix=f"Use {', '.join(LABEL_FIELDS)}.")
    seen: dict[str, list[date]] = defaultdict(list)
    for r in load_records(store):
        value = getattr(r, field)
        if value and (match is None or topic_matches(match, value)):
            seen[value].append(r.date)
    out = [LabelCount(k, len(v), min(v), max(v)) for k, v in seen.items()]
    return sorted(out, key=lambda x: (-x.count, x.label))


@dataclass(frozen=True)
class CheckReport:
    counts: dict[str, int]
    by_status: dict[str, dict[str, int]]
    notes: list[dict[str, Any]]
    total: int = 0  # notes matching the filters, before the limit

    def to_json(self) -> dict[str, Any]:
        return {"counts": self.counts, "by_status": self.by_status, "notes": self.notes,
                "total": self.total}


def check(store: Store, *, kind: str | None = None, status: str | None = None,
          limit: int | None = None) -> CheckReport:
    """What the import corrected, skipped, and what remains inconsistent."""
    from vetowatch.council.importer import table_counts

    with store.connect() as conn:
        _require_record(conn)
        counts = table_counts(conn)
        summary: dict[str, dict[str, int]] = defaultdict(dict)
        for st, k, n in conn.execute(select(s.note.c.status, s.note.c.kind, func.count())
                                     .group_by(s.note.c.status, s.note.c.kind)):
            summary[st][k] = int(n)
        conds = [s.note.c.kind == kind] if kind else []
        if status:
            conds.append(s.note.c.status == status)
        total = int(conn.execute(select(func.count()).select_from(s.note).where(*conds))
                    .scalar_one())
        query = select(s.note).where(*conds).order_by(s.note.c.id)
        if limit:
            query = query.limit(limit)
        notes = [dict(r._mapping) for r in conn.execute(query)]
    return CheckReport(counts, dict(summary), notes, total)
