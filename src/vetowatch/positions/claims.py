"""Contested claims: a factual claim by one actor and its denial or refutation by another.

A *claim* is a neutral speech statement with a clause as content ("al-Assad said military
operations had been halted"). A *denial* is a statement whose cue refutes, denies, dismisses
or disputes. A denial whose content points back ("the claim", "these reports") is linked to
the nearest earlier claim in the article — preferring one by the denial's coded target —
and one with its own content to claims that share its content words. Statements of others
that repeat the claim's content about the claimant are listed as ``supports``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select

from vetowatch.positions.provenance import Evidence, article_columns, day_of
from vetowatch.positions.views import crude_lemma
from vetowatch.store import Store
from vetowatch.store import schema as s

DENIAL_STEMS = ("refut", "deni", "deny", "dismiss", "reject", "contradict", "disput", "debunk",
                "rebut", "disprov", "contest")
CLAIM_STEMS = ("say", "said", "tell", "told", "state", "announc", "claim", "insist", "assert",
               "declar", "report", "confirm", "maintain")
ANAPHORS = frozenset({"claim", "claims", "statement", "statements", "report", "reports",
                      "allegation", "allegations", "assertion", "assertions", "account",
                      "it", "this", "that", "version", "remarks", "accusation", "accusations"})
_STOP_WORDS = """a an the of to in on at for by with from and or but that this these those
it its they them their he she his her we our you is are was were be been being had has have
do does did not no will would should could can may might all any some there here what which
who whom whose as into about over than then so such very most more yesterday today"""
STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[a-z][a-z'-]+")


def content_words(text: str) -> set[str]:
    return {crude_lemma(w) for w in _WORD.findall(text.lower()) if w not in STOP}


def _is(cue: str, stems: tuple[str, ...]) -> bool:
    return any(w.lower().startswith(stems) for w in cue.split())


@dataclass(frozen=True)
class Claim:
    """A claim, the denials linked to it, and statements that echo it."""

    claim: Evidence
    content: str
    denials: tuple[Evidence, ...] = ()
    supports: tuple[Evidence, ...] = ()

    @property
    def contested(self) -> bool:
        return bool(self.denials)

    def to_json(self) -> dict[str, Any]:
        return {"claimant": self.claim.actor, "content": self.content,
                "contested": self.contested, "claim": self.claim.to_json(),
                "denials": [e.to_json() for e in self.denials],
                "supports": [e.to_json() for e in self.supports],
                "statements": [self.claim.statement_id,
                               *(e.statement_id for e in (*self.denials, *self.supports))],
                "articles": sorted({e.article_id for e in (self.claim, *self.denials,
                                                           *self.supports)})}


class ClaimList(list[Claim]):
    """A list of claims with ``to_json()`` (``vetowatch claims --contested``)."""

    def to_json(self) -> list[dict[str, Any]]:
        return [c.to_json() for c in self]


@dataclass
class _Draft:
    row: Any
    denials: list[Evidence] = field(default_factory=list)
    supports: list[Evidence] = field(default_factory=list)


def _is_claim(r: Any) -> bool:
    return (r.polarity == 0 and _is(r.cue, CLAIM_STEMS) and not _is(r.cue, DENIAL_STEMS)
            and len(content_words(r.content)) >= 3)


def _antecedent(denial: Any, drafts: Sequence[_Draft]) -> _Draft | None:
    """The claim a denial points back to: earlier, by someone else, target first."""
    earlier = [d for d in drafts if d.row.seq < denial.seq and d.row.seq >= denial.seq - 4
               and d.row.speaker_actor != denial.speaker_actor]
    for d in reversed(earlier):
        if denial.target_actor and d.row.speaker_actor == denial.target_actor:
            return d
    return earlier[-1] if earlier else None


def _overlapping(row: Any, drafts: Sequence[_Draft], minimum: int = 2) -> list[_Draft]:
    words = content_words(row.content)
    return [d for d in drafts if d.row.id != row.id and d.row.speaker_actor != row.speaker_actor
            and len(words & content_words(d.row.content)) >= minimum]


def _article_claims(rows: Sequence[Any]) -> list[_Draft]:
    drafts = [_Draft(r) for r in rows if _is_claim(r)]
    for r in rows:
        if _is(r.cue, DENIAL_STEMS):
            own = content_words(r.content) - ANAPHORS
            targets = _overlapping(r, drafts) if len(own) >= 3 else []
            if not targets and (set(r.content.lower().split()) & ANAPHORS):
                found = _antecedent(r, drafts)
                targets = [found] if found else []
            for d in targets:
                d.denials.append(Evidence.of(r))
        else:
            for d in _overlapping(r, drafts):
                if r.target_actor == d.row.speaker_actor and r.id not in {
                        e.statement_id for e in d.denials}:
                    d.supports.append(Evidence.of(r))
    return drafts


def _rows(store: Store, contested: bool, actor: str | None, article: str | None) -> list[Any]:
    st = s.statement
    query = (select(st, day_of().label("day"), *article_columns())  # with provenance
             .join(s.article, s.article.c.id == st.c.article_id))
    if contested:
        denials = (select(st.c.article_id)
                   .where(or_(*(st.c.cue.ilike(f"%{stem}%") for stem in DENIAL_STEMS))))
        query = query.where(st.c.article_id.in_(denials))
    if article:
        query = query.where(st.c.article_id.like(f"{article}%"))
    with store.connect() as conn:
        rows = list(conn.execute(query.order_by(st.c.article_id, st.c.seq)))
    if actor:
        keep = {r.article_id for r in rows if (r.speaker_actor or "").startswith(actor.upper())}
        rows = [r for r in rows if r.article_id in keep]
    return rows


def claims(store: Store, contested: bool = True, *, actor: str | None = None,
           article: str | None = None) -> ClaimList:
    """Claims in stored articles; ``contested`` keeps those denied by another actor.

    ``actor`` (a code prefix) keeps claims made or denied by that actor; ``article`` an id
    prefix.
    """
    by_article: dict[str, list[Any]] = defaultdict(list)
    for r in _rows(store, contested, actor, article):
        by_article[r.article_id].append(r)
    found = ClaimList()
    for rows in by_article.values():
        for d in _article_claims(rows):
            item = Claim(Evidence.of(d.row), d.row.content, tuple(d.denials), tuple(d.supports))
            if contested and not item.contested:
                continue
            if actor and not _involves(item, actor.upper()):
                continue
            found.append(item)
    return found


def _involves(item: Claim, actor: str) -> bool:
    actors: Iterable[str | None] = (item.claim.actor, *(e.actor for e in item.denials))
    return any((a or "").startswith(actor) for a in actors)
