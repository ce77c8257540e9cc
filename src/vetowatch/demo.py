"""``vetowatch demo``: the reference story, from the record (news and forecasts come next)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from vetowatch.council.importer import ImportReport, import_record
from vetowatch.council.queries import (
    Council,
    council_on,
    get_vote,
    precedents,
    vetoes,
    vote_json,
)
from vetowatch.council.record import DraftRecord
from vetowatch.settings import Settings
from vetowatch.store import Store

ARTICLE_DATE = date(2011, 8, 19)
PRECEDENT = "S/RES/1973 (2011)"
OUTCOME = "S/2011/612"


@dataclass(frozen=True)
class DemoResult:
    import_report: ImportReport
    council: Council
    precedent: DraftRecord
    libya_votes: list[DraftRecord]
    prior_vetoes: list[DraftRecord]
    outcome: DraftRecord

    def to_json(self) -> dict[str, Any]:
        return {
            "import": self.import_report.to_json(),
            "council": self.council.to_json(),
            "precedent": vote_json(self.precedent),
            "libya_votes": [vote_json(r) for r in self.libya_votes],
            "prior_vetoes": [vote_json(r) for r in self.prior_vetoes],
            "outcome": vote_json(self.outcome),
        }


def run_demo(store: Store, settings: Settings) -> DemoResult:
    """Import the record (if needed) and answer the story's questions from it."""
    report = import_record(store, settings.unsc_dir)
    prior = [r for r in vetoes(store, topic="middle east", since=1990) if r.date < ARTICLE_DATE]
    return DemoResult(
        import_report=report,
        council=council_on(store, ARTICLE_DATE),
        precedent=get_vote(store, PRECEDENT),
        libya_votes=precedents(store, topic="libya", before=ARTICLE_DATE, limit=10),
        prior_vetoes=prior,
        outcome=get_vote(store, OUTCOME),
    )
