"""Export the reconciled record as CSV or JSONL: one row per decision, or one per member vote.

Each row links the decision's documents on the UN documents resolver (``undocs.org``, which
redirects to the Official Document System): the resolution, the draft and the meeting
record, built from the symbols the record holds (empty where it holds none). The columns are
documented in ``docs/codebook.md`` ("Record export"), checked by a test.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from typing import IO, Any

from vetowatch.council.links import links
from vetowatch.council.members import is_permanent
from vetowatch.council.queries import load_records, record_matches
from vetowatch.council.record import DraftRecord
from vetowatch.csvcells import safe_dict
from vetowatch.errors import InvalidInputError
from vetowatch.store import Store

DECISION_COLUMNS = ("draft", "resolution", "date", "meeting", "agenda", "topic", "kind",
                    "title", "submitters", "outcome", "yes", "no", "abstain", "non_voting",
                    "vetoed_by", "procedural", "procedural_observed", "resolution_url",
                    "draft_url", "meeting_url", "undl_vote_url", "undl_record_url")
VOTE_COLUMNS = ("draft", "resolution", "date", "meeting", "agenda", "topic", "outcome",
                "member", "vote", "resolution_url", "draft_url", "meeting_url",
                "undl_vote_url", "undl_record_url")
FORMATS = ("csv", "jsonl")
SHAPES = ("decisions", "votes")


def select_records(store: Store, *, since: date | None = None, until: date | None = None,
                   topic: str | None = None) -> list[DraftRecord]:
    """Drafts and resolutions put to the vote, filtered by date and agenda/topic/title words."""
    out = []
    for r in load_records(store):
        if (since and r.date < since) or (until and r.date > until):
            continue
        if topic is not None and not record_matches(topic, r):  # the same as every --topic
            continue
        out.append(r)
    return out


def procedural_observed(r: DraftRecord) -> bool:
    """Adopted although a permanent member voted No, no source saying the vote was
    procedural: Art. 27(2) says it was (the importer's rule ``procedural-by-record``)."""
    return r.procedural_observed or (
        r.outcome == "adopted" and not r.procedural
        and any(v == "N" and is_permanent(m) for m, v in r.votes.items()))


def _links(r: DraftRecord) -> dict[str, str | None]:
    return links(r)


def _decision_row(r: DraftRecord) -> dict[str, Any]:
    return {"draft": r.draft, "resolution": r.resolution_symbol, "date": r.date.isoformat(),
            "meeting": r.meeting, "agenda": r.agenda, "topic": r.topic, "kind": r.kind,
            "title": r.title, "submitters": ",".join(r.submitters), "outcome": r.outcome,
            "yes": r.yes, "no": r.no, "abstain": r.abstain, "non_voting": r.non_voting,
            "vetoed_by": ",".join(r.vetoed_by), "procedural": r.procedural,
            "procedural_observed": procedural_observed(r), **_links(r)}


def _vote_rows(r: DraftRecord) -> Iterable[dict[str, Any]]:
    base = {"draft": r.draft, "resolution": r.resolution_symbol, "date": r.date.isoformat(),
            "meeting": r.meeting, "agenda": r.agenda, "topic": r.topic, "outcome": r.outcome}
    links = _links(r)
    for member, v in sorted(r.votes.items()):
        yield {**base, "member": member, "vote": v, **links}


def export_record(records: Iterable[DraftRecord], out: IO[str], *, fmt: str = "csv",
                  shape: str = "decisions") -> int:
    """Write ``records`` as ``decisions`` (a row each) or ``votes`` (a row per member vote,
    long format); returns the number of rows written."""
    if fmt not in FORMATS:
        raise InvalidInputError(f"unknown format {fmt!r}: use {' or '.join(FORMATS)}")
    if shape not in SHAPES:
        raise InvalidInputError(f"unknown shape {shape!r}: use {' or '.join(SHAPES)}")
    columns = DECISION_COLUMNS if shape == "decisions" else VOTE_COLUMNS
    writer = csv.DictWriter(out, fieldnames=columns) if fmt == "csv" else None
    if writer:
        writer.writeheader()
    n = 0
    for r in records:
        rows = [_decision_row(r)] if shape == "decisions" else list(_vote_rows(r))
        for row in rows:
            if writer:
                writer.writerow(safe_dict(row))  # no spreadsheet formulas
            else:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n
