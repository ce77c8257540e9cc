"""Backtest of the news update: the same forecasts with and without stated positions.

A *case* is a draft on an agenda item that a question link applies to (``question_links.yaml``)
and that was put to the vote at most ``window_days`` after a Council member stated a position
on the linked question. For every case the record-only forecast and the news-informed one
come from the same model state (fitted on the records of strictly earlier dates), so the only
difference is the news. Positions are read as of the day *before* the vote (``lag_days``):
reactions to the vote itself never leak in.

Scores, per case and overall: the Brier score and log loss of the outcome (adopted / vetoed /
failed), and of the votes of the members that had a signal (Y/N/A/X). A case where news
raises either log loss is listed as "news hurts". :func:`calibrate` scores a small grid of
:class:`NewsParams` on the early cases and reports the chosen point on the later ones.
``benchmarks/news_backtest.py`` builds the corpus and runs all of it; ``docs/news.md`` has
the results.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import groupby
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select

from vetowatch.council.queries import council_on
from vetowatch.council.record import VOTE_CODES, DraftRecord
from vetowatch.errors import NotFoundError
from vetowatch.evaluation.scoring import brier, log_loss
from vetowatch.forecast.config import SHIPPED
from vetowatch.forecast.model import VoteModel
from vetowatch.forecast.news_service import (
    forecast_with_news,
    news_signals,
    signals_from_report,
)
from vetowatch.forecast.news_update import (
    NewsParams,
    NewsSignal,
    QuestionLink,
    combine,
    load_links,
    strength,
    virtual_evidence,
)
from vetowatch.forecast.outcome import outcome_distribution
from vetowatch.forecast.service import forecast_draft
from vetowatch.forecast.spec import DraftSpec, count_rivals
from vetowatch.positions import PositionReport, link_all, positions
from vetowatch.settings import Settings
from vetowatch.store import Store
from vetowatch.store import schema as s

__all__ = [
    "DEFAULT_GRID",
    "OUTCOMES",
    "REFERENCE",
    "Calibration",
    "CaseScore",
    "NewsCase",
    "Scores",
    "before_meeting",
    "build_cases",
    "calibrate",
    "case_from_mixture",
    "members_unchanged",
    "news_mixture",
    "reference_case",
    "reference_forecast",
    "score_case",
    "score_cases",
    "sensitivity",
    "summarise",
]

Array = NDArray[np.float64]
OUTCOMES: tuple[str, ...] = ("adopted", "vetoed", "failed")
FLOOR = 1e-6
HURT_MARGIN = 1e-3  # a log-loss increase above this counts as news hurting

DEFAULT_GRID: tuple[NewsParams, ...] = tuple(
    NewsParams(k_no=n, k_abstain=a, k_yes=y, half_life_days=h)
    for n, a, y, h in itertools.product((3.0, 10.0, 30.0, 60.0, 120.0), (1.0, 3.0, 6.0, 15.0),
                                        (1.0, 3.0, 10.0, 30.0), (30.0, 60.0, 120.0, 240.0))
)


@dataclass(frozen=True)
class NewsCase:
    """A draft voted after signals: what the forecast saw (mixture, signals) and the record."""

    record: DraftRecord
    spec: DraftSpec
    members: tuple[str, ...]
    weights: Array  # (K,) draft-type weights, record only
    probs: Array  # (K, n, 4) member votes per type, record only
    signals: tuple[NewsSignal, ...]
    sources: tuple[str, ...] = ()  # where the signals' statements come from

    @property
    def signalled(self) -> tuple[str, ...]:
        return tuple(sorted({sig.member for sig in self.signals}))

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(sorted({sig.question for sig in self.signals}))


def news_mixture(case: NewsCase, params: NewsParams) -> tuple[Array, Array]:
    """The draft-type weights and member votes after the news (exact Bayes)."""
    ratios = combine(case.signals, case.spec.date, params, case.spec.submitters)
    return virtual_evidence(case.weights, case.probs, case.members, ratios)


# -- building the cases -----------------------------------------------------------------------

def _members(store: Store, record: DraftRecord) -> tuple[str, ...]:
    if len(record.votes) == 15:
        return tuple(record.votes)
    return council_on(store, record.date).codes


def _applying(spec: DraftSpec, links: Sequence[QuestionLink],
              title_first: bool = True) -> list[QuestionLink]:
    """The links that apply to a draft. With ``title_first`` a draft that has a title must
    name the link's topic in it: the record's agenda/topic labels are wrong for some drafts
    (late-2011 resolutions on Yemen, Somalia or Libya filed under "Middle East (Syria)")."""
    if title_first and spec.title:
        spec = replace(spec, topic=None, agenda=None)
    return [link for link in links if link.applies(spec)]


class _Positions:
    """``positions`` per (question, day), computed once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[tuple[str, date], PositionReport | None] = {}

    def get(self, question: str, day: date) -> PositionReport | None:
        key = (question, day)
        if key not in self.cache:
            try:
                self.cache[key] = positions(self.store, question, day)
            except NotFoundError:
                self.cache[key] = None
        return self.cache[key]


def case_signals(store: Store, spec: DraftSpec, members: Sequence[str],
                 links: Sequence[QuestionLink], reports: Callable[[str, date],
                                                                  PositionReport | None],
                 *, window_days: int, lag_days: int) -> list[NewsSignal]:
    """Signals on the linked questions stated in ``[vote - window, vote - lag]``."""
    as_of = spec.date - timedelta(days=lag_days)
    first = spec.date - timedelta(days=window_days)
    found: list[NewsSignal] = []
    for link in _applying(spec, links):
        report = reports(link.question, as_of)
        if report is None:
            continue
        for sig in signals_from_report(store, report, link, members):
            said = sig.stated_on()
            if said is not None and first <= said <= as_of:
                found.append(sig)
    return found


def _sources(store: Store, signals: Sequence[NewsSignal]) -> tuple[str, ...]:
    ids = sorted({e.article_id for sig in signals for e in sig.evidence})
    if not ids:
        return ()
    with store.connect() as conn:
        rows = conn.execute(select(s.article.c.source).where(s.article.c.id.in_(ids))).all()
    return tuple(sorted({r.source or "unknown" for r in rows}))


def before_meeting(store: Store, signals: Sequence[NewsSignal], day: date,
                   source: str) -> list[NewsSignal]:
    """The signals with only the evidence from articles whose source starts with ``source``
    (``"UN Security Council"``: the Council's debates, ``vetowatch.news.unsc_debates``) and
    that were published strictly before ``day``: never the voting meeting itself, even when a
    statement in it is dated earlier. Signals left without evidence are dropped."""
    ids = sorted({e.article_id for sig in signals for e in sig.evidence})
    if not ids:
        return []
    article = s.article.c
    with store.connect() as conn:
        keep = set(conn.execute(select(article.id).where(
            article.id.in_(ids), article.source.startswith(source, autoescape=True),
            article.published < day)).scalars())
    kept = [replace(sig, evidence=tuple(e for e in sig.evidence if e.article_id in keep))
            for sig in signals]
    return [sig for sig in kept if sig.evidence]


def _by_date(records: Iterable[DraftRecord]) -> Iterator[tuple[date, list[DraftRecord]]]:
    ordered = sorted(records, key=lambda r: (r.date, r.id))
    for day, group in groupby(ordered, key=lambda r: r.date):
        yield day, list(group)


def build_cases(store: Store, records: Sequence[DraftRecord], *,
                links: Sequence[QuestionLink] | None = None, window_days: int = 180,
                lag_days: int = 1, model: VoteModel | None = None,
                since: date | None = None, source: str | None = None) -> list[NewsCase]:
    """Every draft on a linked agenda voted after at least one signal (see the module doc).
    With ``source`` only statements from such articles of earlier days count
    (:func:`before_meeting`; ``"UN Security Council"``: speeches before the vote).

    The model is fed the records date by date (as in the rolling backtest); each case's
    mixture comes from the model as it stood before the vote's date.
    """
    links = tuple(links if links is not None else load_links())
    model = model or VoteModel(**SHIPPED.model_kwargs())
    model.fit([])
    reports = _Positions(store)
    cases: list[NewsCase] = []
    for day, group in _by_date(records):
        if since is None or day >= since:
            rivals = count_rivals(group)
            for record in group:
                if record.outcome not in OUTCOMES:
                    continue
                spec = DraftSpec.from_record(record, rivals=rivals.get(record.id, 0))
                if not _applying(spec, links):
                    continue
                members = _members(store, record)
                sigs = case_signals(store, spec, members, links, reports.get,
                                    window_days=window_days, lag_days=lag_days)
                if source is not None:
                    sigs = before_meeting(store, sigs, spec.date, source)
                if sigs:
                    w, p = model.mixture(spec, members)
                    cases.append(NewsCase(record, spec, members, w, p, tuple(sigs),
                                          _sources(store, sigs)))
        model.update(group)
    return cases


def case_from_mixture(record: DraftRecord, members: Sequence[str], weights: Array, probs: Array,
                      signals: Sequence[NewsSignal]) -> NewsCase:
    """A case from a given mixture (tests, the reference case)."""
    return NewsCase(record, DraftSpec.from_record(record), tuple(members),
                    np.asarray(weights, dtype=float), np.asarray(probs, dtype=float),
                    tuple(signals))


# -- scoring ----------------------------------------------------------------------------------

def _brier(p: Array, k: int) -> float:
    return brier(np.asarray(p, dtype=float)[None, :], np.array([k], dtype=np.int64))


def _log(p: Array, k: int) -> float:
    return log_loss(np.asarray(p, dtype=float)[None, :], np.array([k], dtype=np.int64), FLOOR)


@dataclass(frozen=True)
class CaseScore:
    """One case scored without (``before``) and with (``after``) the news."""

    draft: str
    day: date
    topic: str
    outcome: str
    questions: tuple[str, ...]
    sources: tuple[str, ...]
    signals: tuple[dict[str, Any], ...]
    p_before: tuple[float, float, float]
    p_after: tuple[float, float, float]
    outcome_brier: tuple[float, float]
    outcome_log: tuple[float, float]
    member_votes: dict[str, dict[str, Any]] = field(default_factory=dict)
    member_brier: tuple[float, float] | None = None
    member_log: tuple[float, float] | None = None

    @property
    def hurts(self) -> bool:
        worse_outcome = self.outcome_log[1] > self.outcome_log[0] + HURT_MARGIN
        worse_members = (self.member_log is not None
                         and self.member_log[1] > self.member_log[0] + HURT_MARGIN)
        return worse_outcome or worse_members

    def to_json(self) -> dict[str, Any]:
        return {
            "draft": self.draft, "date": self.day.isoformat(), "topic": self.topic,
            "outcome": self.outcome, "questions": list(self.questions),
            "sources": list(self.sources), "signals": list(self.signals),
            "p_before": _round(self.p_before), "p_after": _round(self.p_after),
            "outcome_brier": _round(self.outcome_brier), "outcome_log": _round(self.outcome_log),
            "members": self.member_votes,
            "member_brier": _round(self.member_brier) if self.member_brier else None,
            "member_log": _round(self.member_log) if self.member_log else None,
            "hurts": self.hurts,
        }


def _round(values: Sequence[float]) -> list[float]:
    return [round(float(v), 4) for v in values]


def _signal_json(sig: NewsSignal, on: date, params: NewsParams) -> dict[str, Any]:
    said = sig.stated_on()
    return {"member": sig.member, "question": sig.question, "stance": sig.stance,
            "confidence": round(sig.confidence, 3), "said": said.isoformat() if said else None,
            "strength": round(strength(sig, on, params), 3)}


def _member_scores(case: NewsCase, before: Array, after: Array
                   ) -> tuple[dict[str, dict[str, Any]], list[tuple[float, float, float, float]]]:
    votes: dict[str, dict[str, Any]] = {}
    rows: list[tuple[float, float, float, float]] = []
    for member in case.signalled:
        vote = case.record.votes.get(member)
        if vote is None or member not in case.members:
            continue
        i, k = case.members.index(member), VOTE_CODES.index(vote)
        votes[member] = {"vote": vote, "p_before": round(float(before[i, k]), 4),
                         "p_after": round(float(after[i, k]), 4)}
        rows.append((_brier(before[i], k), _brier(after[i], k),
                     _log(before[i], k), _log(after[i], k)))
    return votes, rows


def score_case(case: NewsCase, params: NewsParams) -> CaseScore:
    """Score the record-only and the news-informed forecast of one case."""
    proc = case.spec.procedural
    d0 = outcome_distribution(case.members, case.probs, case.weights, procedural=proc)
    w1, p1 = news_mixture(case, params)
    d1 = outcome_distribution(case.members, p1, w1, procedural=proc)
    k = OUTCOMES.index(case.record.outcome)
    votes, rows = _member_scores(case, d0.member_probs, d1.member_probs)
    m = np.array(rows) if rows else None
    return CaseScore(
        draft=case.record.draft or f"record {case.record.id}", day=case.record.date,
        topic=case.record.topic or case.record.agenda or "", outcome=case.record.outcome,
        questions=case.questions, sources=case.sources,
        signals=tuple(_signal_json(sig, case.spec.date, params) for sig in case.signals),
        p_before=(d0.p_adopted, d0.p_vetoed, d0.p_failed),
        p_after=(d1.p_adopted, d1.p_vetoed, d1.p_failed),
        outcome_brier=(_brier(d0.probs, k), _brier(d1.probs, k)),
        outcome_log=(_log(d0.probs, k), _log(d1.probs, k)),
        member_votes=votes,
        member_brier=(float(m[:, 0].mean()), float(m[:, 1].mean())) if m is not None else None,
        member_log=(float(m[:, 2].mean()), float(m[:, 3].mean())) if m is not None else None,
    )


def score_cases(cases: Sequence[NewsCase], params: NewsParams) -> list[CaseScore]:
    return [score_case(c, params) for c in cases]


@dataclass(frozen=True)
class Scores:
    """Mean scores over cases (outcome) and over signalled members' votes (pooled)."""

    cases: int
    member_votes: int
    outcome_brier: tuple[float, float]
    outcome_log: tuple[float, float]
    member_brier: tuple[float, float]
    member_log: tuple[float, float]
    hurt: int

    @property
    def objective(self) -> tuple[float, float]:
        """Outcome log loss + member-vote log loss, without and with news (lower is better)."""
        return (self.outcome_log[0] + self.member_log[0],
                self.outcome_log[1] + self.member_log[1])

    def to_json(self) -> dict[str, Any]:
        return {"cases": self.cases, "member_votes": self.member_votes,
                "outcome_brier": _round(self.outcome_brier),
                "outcome_log": _round(self.outcome_log),
                "member_brier": _round(self.member_brier), "member_log": _round(self.member_log),
                "objective": _round(self.objective), "news_hurts": self.hurt}


def _mean_pair(pairs: Sequence[tuple[float, float]], weights: Sequence[int]) -> tuple[float,
                                                                                        float]:
    total = sum(weights)
    if not total:
        return (math.nan, math.nan)
    return (sum(p[0] * w for p, w in zip(pairs, weights, strict=True)) / total,
            sum(p[1] * w for p, w in zip(pairs, weights, strict=True)) / total)


def summarise(scores: Sequence[CaseScore]) -> Scores:
    """Means over cases; member scores pooled over all signalled members' votes."""
    ones = [1] * len(scores)
    with_members = [c for c in scores if c.member_brier is not None]
    counts = [len(c.member_votes) for c in with_members]
    member_brier = _mean_pair([c.member_brier for c in with_members  # type: ignore[misc]
                               ], counts)
    member_log = _mean_pair([c.member_log for c in with_members], counts)  # type: ignore[misc]
    return Scores(len(scores), sum(counts), _mean_pair([c.outcome_brier for c in scores], ones),
                  _mean_pair([c.outcome_log for c in scores], ones), member_brier, member_log,
                  sum(1 for c in scores if c.hurts))


# -- calibration -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Calibration:
    """The grid scored on the calibration cases, the chosen point and the held-out scores."""

    chosen: NewsParams
    reason: str
    grid: tuple[tuple[NewsParams, Scores], ...]
    calibration: Scores
    held_out: Scores
    held_out_hand_set: Scores
    held_out_cases: tuple[CaseScore, ...]

    def to_json(self) -> dict[str, Any]:
        return {"chosen": _params_json(self.chosen), "reason": self.reason,
                "calibration": self.calibration.to_json(), "held_out": self.held_out.to_json(),
                "held_out_hand_set": self.held_out_hand_set.to_json(),
                "grid": [{**_params_json(p), **sc.to_json()} for p, sc in self.grid]}


def _params_json(p: NewsParams) -> dict[str, float]:
    return {"k_no": p.k_no, "k_abstain": p.k_abstain, "k_yes": p.k_yes,
            "half_life_days": p.half_life_days}


def _distance(a: NewsParams, b: NewsParams) -> float:
    """How far two grid points are (log scale), to break ties towards the hand-set point."""
    pairs = ((a.k_no, b.k_no), (a.k_abstain, b.k_abstain), (a.k_yes, b.k_yes),
             (a.half_life_days, b.half_life_days))
    return sum(abs(math.log(x) - math.log(y)) for x, y in pairs)


def calibrate(cases: Sequence[NewsCase], is_calibration: Callable[[NewsCase], bool], *,
              grid: Sequence[NewsParams] = DEFAULT_GRID, hand_set: NewsParams | None = None,
              min_cases: int = 10, accept: Callable[[NewsParams], bool] | None = None,
              tolerance: float = 1e-3) -> Calibration:
    """Pick ``NewsParams`` on the calibration cases; score the pick on the others.

    The objective is :attr:`Scores.objective` (with news). Points within ``tolerance`` of the
    best count as tied and the one closest to ``hand_set`` wins; ``accept`` may veto points
    (e.g. the reference case's requirement). With fewer than ``min_cases`` calibration cases
    the hand-set point is kept (data too thin) and the grid is still reported.
    """
    hand_set = hand_set or NewsParams()
    early = [c for c in cases if is_calibration(c)]
    late = [c for c in cases if not is_calibration(c)]
    table = tuple((p, summarise(score_cases(early, p))) for p in grid)
    allowed = [(p, sc) for p, sc in table if accept is None or accept(p)]
    if len(early) < min_cases or not allowed:
        chosen, reason = hand_set, (f"data too thin: {len(early)} calibration cases "
                                    f"(< {min_cases}) or no acceptable grid point; kept the "
                                    "hand-set constants")
    else:
        best = min(sc.objective[1] for _, sc in allowed)
        tied = [p for p, sc in allowed if sc.objective[1] <= best + tolerance]
        chosen = min(tied, key=lambda p: _distance(p, hand_set))
        reason = (f"best calibration objective {best:.4f} on {len(early)} cases "
                  f"({len(tied)} grid points within {tolerance}; closest to the hand-set kept)")
    late_scores = score_cases(late, chosen)
    return Calibration(chosen, reason, table, summarise(score_cases(early, chosen)),
                       summarise(late_scores), summarise(score_cases(late, hand_set)),
                       tuple(late_scores))


def members_unchanged(case: NewsCase, params: NewsParams) -> Mapping[str, bool]:
    """For each member without a signal: whether its vote distribution inside every draft type
    is untouched by the news (it must be: only the type weights move)."""
    _, after = news_mixture(case, params)
    signalled = set(case.signalled)
    return {m: bool(np.allclose(after[:, i, :], case.probs[:, i, :]))
            for i, m in enumerate(case.members) if m not in signalled}


def sensitivity(cases: Sequence[NewsCase], is_calibration: Callable[[NewsCase], bool],
                around: NewsParams, grid: Sequence[NewsParams] = DEFAULT_GRID
                ) -> list[dict[str, Any]]:
    """One constant at a time varied over the grid's values, the others at ``around``:
    the objective (without → with news) on the calibration and on the held-out cases."""
    early = [c for c in cases if is_calibration(c)]
    late = [c for c in cases if not is_calibration(c)]
    rows: list[dict[str, Any]] = []
    for name in ("k_no", "k_abstain", "k_yes", "half_life_days"):
        for value in sorted({getattr(p, name) for p in grid}):
            params = replace(around, **{name: value})
            rows.append({"vary": name, "value": value,
                         "calibration": summarise(score_cases(early, params)).to_json(),
                         "held_out": summarise(score_cases(late, params)).to_json()})
    return rows


# -- the reference case ------------------------------------------------------------------------

REFERENCE: dict[str, Any] = {
    "on": date(2011, 8, 19), "agenda": "The situation in the Middle East",
    "topic": "Middle East (Syria)", "submitters": ("FRA,GBR,DEU,PRT",), "kind": "sanctions",
    "draft": "S/2011/612",
}
"""The issue's reference case: the 2011-08-19 Interfax report, and the draft it bears on."""


def reference_forecast(store: Store, settings: Settings,
                       params: NewsParams | None = None) -> dict[str, Any]:
    """``forecast_with_news`` on the reference case: P(vetoed) without and with the news."""
    ref = REFERENCE
    result = forecast_with_news(store, settings, ref["on"], agenda=ref["agenda"],
                                topic=ref["topic"], submitters=ref["submitters"],
                                kind=ref["kind"], params=params)
    lines = result.news.explanation_lines()
    return {"date": ref["on"].isoformat(), "draft": ref["draft"],
            "p_vetoed": [round(result.news.record_only.p_vetoed, 4),
                         round(result.news.with_news.p_vetoed, 4)],
            "explanation": lines, "cites_interfax": any("Interfax" in line for line in lines)}


def reference_case(store: Store, settings: Settings) -> NewsCase:
    """The reference forecast as a case (scored against S/2011/612's outcome), for the grid."""
    from vetowatch.council.queries import get_vote, load_records

    ref = REFERENCE
    base = forecast_draft(store, ref["on"], agenda=ref["agenda"], topic=ref["topic"],
                          submitters=ref["submitters"], kind=ref["kind"])
    link_all(store, settings)
    spec, members = base.forecast.spec, base.council.codes
    model = VoteModel(**SHIPPED.model_kwargs()).fit(
        [r for r in load_records(store) if r.date < spec.date])
    weights, probs = model.mixture(spec, members)
    signals = news_signals(store, spec, members)
    return NewsCase(get_vote(store, ref["draft"]), spec, members, weights, probs,
                    tuple(signals), _sources(store, signals))
