"""``vetowatch demo``: the reference story end to end, from the article and the record.

On 19 August 2011 Interfax reported that Russia would not back Western calls for Bashar
al-Assad to step down. The demo imports the Council record, reads that article, shows who said
what and through whom, the positions and the shift in Russia's, the contested claim, the
Council of the day and the Libya precedent, then forecasts a draft imposing measures on Syria
as of that day — from the record alone and with the news — and compares both with what
happened: S/2011/612, vetoed by China and Russia on 4 October 2011.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from vetowatch.council.importer import ImportReport, import_record
from vetowatch.council.queries import Council, council_on, get_vote, vote_json
from vetowatch.council.record import DraftRecord
from vetowatch.errors import DataNotFoundError
from vetowatch.forecast.news_service import NewsForecastResult, forecast_with_news
from vetowatch.positions import claims, link_all, positions, shifts
from vetowatch.reading import IngestReport, StoredStatement, ingest, iter_statements
from vetowatch.settings import Settings
from vetowatch.store import Store

ARTICLE = Path("example") / "russia-unwilling-to-back-assad-ouster.txt"
ARTICLE_DATE = date(2011, 8, 19)
QUESTIONS = ("assad-step-down", "unsc-measures-syria")
PRECEDENT = "S/RES/1973 (2011)"
OUTCOME = "S/2011/612"
# The draft the story asks about, as known on 19 August 2011: European members were drafting
# a resolution imposing measures on the Syrian government.
DRAFT_AGENDA = "The situation in the Middle East"
DRAFT_TOPIC = "Middle East (Syria)"
DRAFT_SUBMITTERS = ("FRA", "GBR", "DEU", "PRT")
DRAFT_KIND = "sanctions"


def brier(forecast: dict[str, Any], outcome: str) -> float:
    """Brier score over the three outcomes (adopted, vetoed, failed)."""
    from vetowatch.evaluation.scoring import brier as brier_score

    probs = np.array([[forecast["p_adopted"], forecast["p_vetoed"], forecast["p_failed_votes"]]])
    labels = ("adopted", "vetoed", "failed")
    if outcome not in labels:  # none of the three happened: every probability was wrong
        return float((probs**2).sum())
    return brier_score(probs, np.array([labels.index(outcome)], dtype=np.int64))


@dataclass(frozen=True)
class DemoResult:
    import_report: ImportReport
    ingest_report: IngestReport
    statements: list[StoredStatement]
    positions: dict[str, dict[str, Any]]
    shifts: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    council: Council
    precedent: DraftRecord
    forecast: NewsForecastResult
    outcome: DraftRecord
    report_path: Path | None

    def to_json(self) -> dict[str, Any]:
        record_only = self.forecast.record_only.to_json()
        with_news = self.forecast.with_news_json()
        outcome = vote_json(self.outcome)
        return {
            "title": "Russia, Syria and the Security Council, August–October 2011",
            "article": {"path": str(ARTICLE), "published": ARTICLE_DATE.isoformat()},
            "statements": [s.to_json() for s in self.statements],
            "positions": self.positions,
            "shifts": self.shifts,
            "claims": self.claims,
            "council": self.council.to_json(),
            "precedent": vote_json(self.precedent),
            "forecast_record_only": record_only,
            "forecast_with_news": with_news,
            "outcome": outcome,
            "brier": {"record_only": brier(record_only, outcome["outcome"]),
                      "with_news": brier(with_news, outcome["outcome"])},
            "report": str(self.report_path) if self.report_path else None,
        }


def _article(settings: Settings) -> Path:
    path = settings.news_dir / ARTICLE
    if not path.is_file():
        raise DataNotFoundError(f"the reference article {path} is missing: set VETOWATCH_DATA "
                                "to the folder holding news/example/.")
    return path


def run_demo(store: Store, settings: Settings, report: Path | None = None) -> DemoResult:
    """Run the story on ``store`` (created or reused; every step is idempotent)."""
    from vetowatch.extract.extractor import Extractor

    imported = import_record(store, settings.unsc_dir)
    extractor = Extractor.load(settings, store=store)  # once: reading and linking stances
    read = ingest(store, settings, [_article(settings)], published=ARTICLE_DATE,
                  extractor=extractor)
    link_all(store, settings, nlp=extractor.nlp)
    found = list(iter_statements(store, until=ARTICLE_DATE))
    article_ids = {s.statement.article_id for s in found}
    views = {q: positions(store, q, ARTICLE_DATE).to_json() for q in QUESTIONS}
    moved = [x.to_json() for x in shifts(store, "RUS")]
    contested = [c.to_json() for c in claims(store, True) if c.claim.article_id in article_ids]
    forecast = forecast_with_news(store, settings, ARTICLE_DATE, agenda=DRAFT_AGENDA,
                                  topic=DRAFT_TOPIC, submitters=DRAFT_SUBMITTERS,
                                  kind=DRAFT_KIND)
    result = DemoResult(imported, read, found, views, moved, contested,
                        council_on(store, ARTICLE_DATE), get_vote(store, PRECEDENT), forecast,
                        get_vote(store, OUTCOME), report)
    if report is not None:
        from vetowatch.htmlreport import write_demo_report

        write_demo_report(result.to_json(), report)
    return result
