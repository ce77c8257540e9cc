"""Queries on the imported record: the Council on a date, a vote, vetoes, precedents, checks."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, and_, func, or_, select

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
            "the Council record is not in this database yet. Run `vetowatch data import` "
            "(or set VETOWATCH_DB to the database that holds it)."
        )


def council_on(store: Store, day: date) -> Council:
    """The members of the Council on ``day``, permanent first, with elected members' terms."""
    with store.connect() as conn:
        rows = conn.execute(select(s.member_year)).all()
    if not rows:
        raise NotImportedError("no membership in this database: run `vetowatch data import`.")
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
    }


def _topic_filter(topic: str) -> Any:
    like = f"%{topic.lower()}%"
    return or_(func.lower(s.decision.c.agenda).like(like),
               func.lower(s.decision.c.topic).like(like),
               func.lower(s.decision.c.title).like(like))


def vetoes(store: Store, *, member: str | None = None, topic: str | None = None,
           since: int | None = None) -> list[DraftRecord]:
    """Vetoed drafts, newest first; ``member`` counts a seat's earlier holder (USSR for RUS)."""
    conds = [s.decision.c.outcome == "vetoed"]
    if topic:
        conds.append(_topic_filter(topic))
    if since is not None:
        if not 1 <= since <= date.max.year:
            raise InvalidInputError(
                f"--since {since} is not a year: give the first year as four digits, "
                "e.g. --since 2011")
        conds.append(s.decision.c.date >= date(since, 1, 1))
    query = select(s.decision).where(and_(*conds)).order_by(s.decision.c.id.desc())
    with store.connect() as conn:
        _require_record(conn)
        found = _records(conn, query)
    if member:
        seat = seat_of(resolve_member(member))
        found = [r for r in found if any(seat_of(m) == seat for m in r.vetoed_by)]
    return found


def precedents(store: Store, *, topic: str, before: date, limit: int = 50) -> list[DraftRecord]:
    """Earlier votes whose agenda or topic mentions ``topic``, newest first."""
    query = (select(s.decision)
             .where(and_(_topic_filter(topic), s.decision.c.date < before,
                         s.decision.c.kind.in_(("resolution", "draft"))))
             .order_by(s.decision.c.id.desc()).limit(limit))
    with store.connect() as conn:
        _require_record(conn)
        return _records(conn, query)


@dataclass(frozen=True)
class CheckReport:
    counts: dict[str, int]
    by_status: dict[str, dict[str, int]]
    notes: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {"counts": self.counts, "by_status": self.by_status, "notes": self.notes}


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
        query = select(s.note).order_by(s.note.c.id)
        if kind:
            query = query.where(s.note.c.kind == kind)
        if status:
            query = query.where(s.note.c.status == status)
        if limit:
            query = query.limit(limit)
        notes = [dict(r._mapping) for r in conn.execute(query)]
    return CheckReport(counts, dict(summary), notes)
