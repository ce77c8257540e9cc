"""News-informed forecasts on a store: positions on linked questions → virtual evidence."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from vetowatch.council.queries import Council
from vetowatch.errors import NotFoundError
from vetowatch.forecast.cache import FitCache
from vetowatch.forecast.news_update import (
    Evidence,
    NewsForecast,
    NewsParams,
    NewsSignal,
    QuestionLink,
    load_links,
    news_forecast,
)
from vetowatch.forecast.service import ForecastResult, fitted_model, prepare
from vetowatch.forecast.spec import DraftSpec
from vetowatch.positions import PositionReport, link_all, positions
from vetowatch.settings import Settings
from vetowatch.store import Store
from vetowatch.store import schema as s

GOVERNMENT_SECTORS = ("", "GOV")


def council_member(actor: str, members: Sequence[str]) -> str | None:
    """The Council member an actor code speaks for (its government), or None."""
    country, sector = actor[:3], actor[3:]
    if country in members and sector in GOVERNMENT_SECTORS:
        return country
    return None


@dataclass(frozen=True)
class _Said:
    via: tuple[str, ...]
    content: str
    direct: bool


def _statements(store: Store, ids: Sequence[int]) -> dict[int, _Said]:
    if not ids:
        return {}
    st = s.statement
    with store.connect() as conn:
        rows = conn.execute(select(st.c.id, st.c.via, st.c.content, st.c.kind)
                            .where(st.c.id.in_(list(ids)))).all()
    return {r.id: _Said(tuple(v["text"] for v in json.loads(r.via)), r.content,
                        r.kind == "direct") for r in rows}


def signals_from_report(store: Store, report: PositionReport, link: QuestionLink,
                        members: Sequence[str]) -> list[NewsSignal]:
    kept = [(member, pos) for pos in report.positions
            if (member := council_member(pos.actor, members)) is not None
            and pos.stance in ("for", "against")]
    said = _statements(store, [i for _, pos in kept for i in pos.statements])  # one query
    out = []
    for member, pos in kept:
        evidence = tuple(sorted(
            (Evidence(e.statement_id, e.article_id, e.start, e.end, e.day,
                      f"{e.speaker} ({e.actor})" if e.actor else e.speaker,
                      said[e.statement_id].via if e.statement_id in said else (),
                      said[e.statement_id].content if e.statement_id in said else e.text,
                      e.source)  # the article, joined when the positions were read
             for e in pos.evidence),
            # quotes first, then the heaviest (positions lists evidence heaviest first)
            key=lambda ev: not (ev.statement_id in said and said[ev.statement_id].direct)))
        out.append(NewsSignal(member, report.question.id, pos.stance, pos.confidence, link,
                              evidence))
    return out


def news_signals(store: Store, spec: DraftSpec, members: Sequence[str],
                 links: Sequence[QuestionLink] | None = None) -> list[NewsSignal]:
    """Positions, as of the forecast day, of Council members on questions linked to the draft."""
    found: list[NewsSignal] = []
    for link in links if links is not None else load_links():
        if not link.applies(spec):
            continue
        try:
            report = positions(store, link.question, spec.date)
        except NotFoundError:
            continue
        found.extend(signals_from_report(store, report, link, members))
    return found


@dataclass(frozen=True)
class NewsForecastResult:
    """``forecast`` output without and with the news, for the CLI and the demo."""

    record_only: ForecastResult
    news: NewsForecast

    def with_news_json(self) -> dict[str, Any]:
        out = self.news.with_news.to_json()
        out["matched"] = self.record_only.to_json()["matched"]
        out["news"] = {"signals": len(self.news.signals), "changes": self.news.changes(),
                       "summary": self.news.explanation_lines()}
        return out

    @property
    def council(self) -> Council:
        return self.record_only.council


def forecast_with_news(store: Store, settings: Settings, on: date, *,
                       agenda: str | None = None, topic: str | None = None,
                       submitters: Sequence[str] = (), kind: str | None = None,
                       title: str | None = None, procedural: bool = False,
                       params: NewsParams | None = None,
                       links: Sequence[QuestionLink] | None = None,
                       cache: FitCache | None = None) -> NewsForecastResult:
    """The record-only forecast and the one that adds the stored statements' positions.

    Both come from the same fitted model (with its outcome stacker), so the difference
    between them is the news alone."""
    p = prepare(store, on, agenda=agenda, topic=topic, submitters=submitters, kind=kind,
                title=title, procedural=procedural)
    link_all(store, settings)
    model = fitted_model(store, p.history, on, cache)
    signals = news_signals(store, p.spec, p.council.codes, links)
    result = news_forecast(model, p.spec, p.council.codes, signals, records=p.history,
                           params=params)
    return NewsForecastResult(p.result(result.record_only), result)
