"""News moves the forecast: stated positions as virtual evidence on members' votes.

A Council member's stated position on a question linked to the draft is evidence about how it
will vote. It enters the forecast as *virtual evidence* (Pearl 1988) on that member's vote: a
likelihood ratio for each vote code, ``LR = (Y: 1, A: 1 + (K_A - 1)·s, N: 1 + (K_N - 1)·s)``
for a position *against* the draft's aim (mirrored for a position *for* it), where ``s`` in
[0, 1] is the signal's strength. The update is exact Bayes over the model's latent draft types:

    w'_k ∝ w_k · Σ_v P_k(member = v) · LR_v          (the draft type is re-weighed)
    P'_k(member = v) ∝ P_k(member = v) · LR_v         (the member's vote within each type)

so evidence that Russia will oppose a draft also raises the weight of the draft types in which
China opposes with it — the correlation the model already learnt — without touching China's
own numbers inside a type. The outcome distribution is then computed exactly as before.

**Caps.** Signals that rest on a common article are one source: per vote code the strongest
of their ratios counts (the same words read on two questions are not two pieces of
evidence), at most ``max_lr_source`` (10); independent sources multiply, up to
``max_lr_total`` (100). Before the caps one article moved Russia's No by a ratio of 614;
the news backtest's held-out cases did best with ``k_no`` = 10 (``docs/news.md``).

The strength ``s`` multiplies the position's confidence (which already weighs speaker
authority, recency and agreement between statements; see ``positions``), the link's weight
(how directly the question bears on the draft) and an age discount (half-life
``half_life_days`` between the statement and the forecast). The constants ``K_N``, ``K_A``
and ``K_Y`` are the model's only news parameters; ``docs/news.md`` says how they were set and
what the news backtest measured.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from vetowatch.council.record import VOTE_CODES, DraftRecord, VoteCode
from vetowatch.forecast.explain import Forecast, closest_precedents, explain
from vetowatch.forecast.model import VoteModel
from vetowatch.forecast.outcome import apply_evidence, outcome_distribution
from vetowatch.forecast.spec import DraftSpec, norm_key

if TYPE_CHECKING:
    from vetowatch.statements.rows import ArticleSource

Array = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class QuestionLink:
    """How a question bears on drafts: which drafts, and whether 'for' means voting Yes."""

    question: str
    topics: tuple[str, ...]  # words of the draft's topic, agenda or title (any one)
    kinds: tuple[str, ...] = ()  # draft kinds it applies to (empty: any)
    direction: int = 1  # +1: for the question = for the draft; -1: for the question = against
    weight: float = 1.0
    not_submitted_by: tuple[str, ...] = ()  # drafts put forward by these are not such drafts

    def applies(self, spec: DraftSpec) -> bool:
        text = " ".join(norm_key(t) for t in (spec.topic, spec.agenda, spec.title) if t)
        if not any(norm_key(t) in text for t in self.topics):
            return False
        if set(spec.submitters) & set(self.not_submitted_by):
            return False
        return not self.kinds or (spec.kind or "other") in self.kinds


def load_links(text: str | None = None) -> tuple[QuestionLink, ...]:
    """The built-in question–draft links (``forecast/data/question_links.yaml``)."""
    raw = text if text is not None else (
        resources.files("vetowatch.forecast").joinpath("data/question_links.yaml")
        .read_text(encoding="utf-8"))
    items = yaml.safe_load(raw) or []
    return tuple(QuestionLink(question=str(i["question"]), topics=tuple(i["topics"]),
                              kinds=tuple(i.get("kinds", ())), direction=int(i["direction"]),
                              weight=float(i.get("weight", 1.0)),
                              not_submitted_by=tuple(i.get("not_submitted_by", ())))
                 for i in items)


@dataclass(frozen=True)
class Evidence:
    """One statement behind a signal, for the explanation."""

    statement_id: int
    article_id: str
    start: int
    end: int
    said_on: date | None
    speaker: str
    via: tuple[str, ...]
    text: str
    source: ArticleSource | None = None  # the article (title, outlet, URL, date)

    def to_json(self) -> dict[str, Any]:
        out = {"statement": self.statement_id, "article": self.article_id,
               "start": self.start, "end": self.end,
               "date": self.said_on.isoformat() if self.said_on else None,
               "speaker": self.speaker, "via": list(self.via), "text": self.text}
        if self.source is not None:  # provenance, named as in the event exports
            out.update(self.source.fields(self.article_id, self.start, self.end))
        return out


@dataclass(frozen=True)
class NewsSignal:
    """A member's position on a linked question: the input of the news update."""

    member: str  # ISO code of the Council member
    question: str
    stance: str  # for | against
    confidence: float  # from the position aggregate, in [0, 1]
    link: QuestionLink
    evidence: tuple[Evidence, ...] = ()

    def stated_on(self) -> date | None:
        days = [e.said_on for e in self.evidence if e.said_on]
        return max(days) if days else None


@dataclass(frozen=True)
class NewsParams:
    """The news update's constants (see the module docstring and docs/news.md)."""

    k_no: float = 60.0
    k_abstain: float = 6.0
    k_yes: float = 3.0
    half_life_days: float = 120.0
    # support for a draft's aim from a member that does not put the draft forward is cheap
    # talk (a permanent member can be "for a ceasefire" and veto others' ceasefire texts):
    # it counts at this fraction of its strength; opposition counts in full
    support_outside: float = 0.25
    # one source (the signals resting on one article) moves a vote by at most this ratio,
    # all sources together by at most ``max_lr_total`` (docs/forecast.md, "News")
    max_lr_source: float = 10.0
    max_lr_total: float = 100.0


def strength(signal: NewsSignal, on: date, params: NewsParams) -> float:
    said = signal.stated_on()
    age = (on - said).days if said else 0
    decay = math.pow(0.5, max(age, 0) / params.half_life_days)
    return max(0.0, min(1.0, signal.confidence * signal.link.weight * decay))


def likelihood_ratios(signal: NewsSignal, on: date, params: NewsParams,
                      submitters: Sequence[str] = ()) -> dict[VoteCode, float]:
    """The virtual evidence of one signal on its member's vote."""
    s = strength(signal, on, params)
    supports_draft = (1 if signal.stance == "for" else -1) * signal.link.direction > 0
    if supports_draft:
        if signal.member not in submitters:  # not put forward by it (or submitters unknown)
            s *= params.support_outside
        return {"Y": 1 + (params.k_yes - 1) * s, "A": 1.0, "N": 1.0, "X": 1.0}
    return {"Y": 1.0, "A": 1 + (params.k_abstain - 1) * s,
            "N": 1 + (params.k_no - 1) * s, "X": 1.0}


def _sources(signals: Sequence[NewsSignal]) -> list[list[int]]:
    """Signals grouped by source: two signals that rest on a common article are one source
    (the same words read on two questions are one piece of evidence, not two)."""
    parent = list(range(len(signals)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, sig in enumerate(signals):
        for e in sig.evidence:
            j = first.setdefault(e.article_id, i)
            parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(signals)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def combine(signals: Sequence[NewsSignal], on: date, params: NewsParams,
            submitters: Sequence[str] = ()) -> dict[str, dict[VoteCode, float]]:
    """One likelihood-ratio vector per member. Within one source (signals sharing an
    article) the strongest ratio per vote counts, capped at ``params.max_lr_source``;
    independent sources multiply, and the product is capped at ``params.max_lr_total``."""
    out: dict[str, dict[VoteCode, float]] = {}
    by_member: dict[str, list[NewsSignal]] = {}
    for sig in signals:
        by_member.setdefault(sig.member, []).append(sig)
    for member, sigs in by_member.items():
        total = {v: 1.0 for v in VOTE_CODES}
        for group in _sources(sigs):
            ratios = [likelihood_ratios(sigs[i], on, params, submitters) for i in group]
            for v in VOTE_CODES:
                total[v] *= min(max(r[v] for r in ratios), params.max_lr_source)
        out[member] = {v: min(x, params.max_lr_total) for v, x in total.items()}
    return out


def virtual_evidence(weights: Array, probs: Array, members: Sequence[str],
                     ratios: Mapping[str, Mapping[VoteCode, float]]) -> tuple[Array, Array]:
    """Exact Bayes update of draft-type weights (K,) and member votes (K, n, 4)
    (:func:`~vetowatch.forecast.outcome.apply_evidence`; members not in the Council are
    ignored)."""
    known = {m: r for m, r in ratios.items() if m in set(members)}
    return apply_evidence(np.asarray(weights, dtype=float), np.asarray(probs, dtype=float),
                          members, known)


@dataclass(frozen=True)
class NewsForecast:
    """A forecast without and with the news, and the statements behind each change."""

    record_only: Forecast
    with_news: Forecast
    signals: tuple[NewsSignal, ...] = field(default_factory=tuple)
    ratios: Mapping[str, Mapping[VoteCode, float]] = field(default_factory=dict)

    def changes(self) -> dict[str, dict[str, Any]]:
        before, after = self.record_only.to_json(), self.with_news.to_json()
        out: dict[str, dict[str, Any]] = {}
        for sig in self.signals:
            m = sig.member
            entry = out.setdefault(m, {
                "p_no": [before["members"][m]["N"], after["members"][m]["N"]],
                "p_yes": [before["members"][m]["Y"], after["members"][m]["Y"]],
                "likelihood_ratios": dict(self.ratios.get(m, {})), "because": []})
            entry["because"].append({"question": sig.question, "stance": sig.stance,
                                     "confidence": round(sig.confidence, 3),
                                     "statements": [e.to_json() for e in sig.evidence]})
        return out

    def explanation_lines(self) -> list[str]:
        lines = []
        for m, c in self.changes().items():
            first = next((e for b in c["because"] for e in b["statements"]), None)
            why = ""
            if first:
                via = f" via {', '.join(first['via'])}" if first["via"] else ""
                text = first["text"] if len(first["text"]) <= 90 else first["text"][:88] + "…"
                why = (f' because: "{text}" ({first["speaker"]}{via}, '
                       f"{first['date'] or 'undated'}, article {first['article']})")
            code, key = ("No", "p_no") if c["p_no"][1] >= c["p_no"][0] else ("Yes", "p_yes")
            if c["p_yes"][1] > c["p_yes"][0]:
                code, key = "Yes", "p_yes"
            lines.append(f"{m} P({code}) {c[key][0]:.2f} → {c[key][1]:.2f}{why}")
        return lines


def news_forecast(model: VoteModel, spec: DraftSpec, members: Sequence[str],
                  signals: Sequence[NewsSignal], *, records: Sequence[DraftRecord] = (),
                  params: NewsParams | None = None, k: int = 5) -> NewsForecast:
    """The record-only forecast and the news-informed one, from the same fitted model."""
    params = params or NewsParams()
    weights, probs = model.mixture(spec, members)
    precedents = tuple(closest_precedents(spec, records, k)) if records else ()
    untilted = outcome_distribution(members, probs, weights, procedural=spec.procedural)
    # the model's outcome stacker (if any) tilts both forecasts by the same ratio, computed
    # from the record alone: the news enters only through the virtual evidence
    lr = model.outcome_lr(spec, untilted.probs)
    dist0 = untilted.tilted(lr)
    base = Forecast(spec, dist0, precedents, explain(model, spec, dist0))
    ratios = combine(signals, spec.date, params, spec.submitters)
    w1, p1 = virtual_evidence(weights, probs, members, ratios)
    dist1 = outcome_distribution(members, p1, w1, spec.procedural, outcome_lr=lr)
    news_expl = dict(explain(model, spec, dist1))
    result = NewsForecast(base, Forecast(spec, dist1, precedents, news_expl), tuple(signals),
                          ratios)
    changes = result.changes()
    for m, change in changes.items():
        entry = dict(news_expl.get(m, {})) if isinstance(news_expl.get(m), Mapping) else {}
        entry["news"] = change
        news_expl[m] = entry
    news_expl["news_summary"] = result.explanation_lines()
    return result
