"""Forecasts on a store: what the ``forecast`` command (and the demo, the web app) call."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vetowatch.council.members import resolve_member
from vetowatch.council.queries import Council, council_on, load_records, topic_matches
from vetowatch.council.record import DraftRecord, VoteCode
from vetowatch.errors import InvalidInputError
from vetowatch.forecast.cache import FitCache
from vetowatch.forecast.config import SHIPPED
from vetowatch.forecast.explain import Forecast, make_forecast
from vetowatch.forecast.fitting import fit_stacked
from vetowatch.forecast.model import VoteModel
from vetowatch.forecast.spec import KINDS, DraftSpec, norm_key, normalise_kind
from vetowatch.store import Store


@dataclass(frozen=True)
class LabelMatch:
    """How a user's agenda or topic was matched to the record's labels."""

    query: str
    matched: str | None
    how: str  # exact | case | spelling | words | none
    alternatives: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "matched": self.matched,
            "how": self.how,
            "alternatives": list(self.alternatives),
        }


def match_label(query: str, known: Sequence[str]) -> LabelMatch:
    """Match ``query`` to one of ``known``, forgiving case and small spelling differences."""
    if query in known:
        return LabelMatch(query, query, "exact")
    by_key: dict[str, str] = {}
    for label in sorted(known, key=len):
        by_key.setdefault(norm_key(label), label)
    key = norm_key(query)
    if key in by_key:
        return LabelMatch(query, by_key[key], "case")
    close = difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.85)
    if close:
        return LabelMatch(query, by_key[close[0]], "spelling", tuple(by_key[c] for c in close[1:]))
    # the same matching as every --topic (vetoes, precedents, data export)
    containing = [label for label in by_key.values() if topic_matches(query, label)]
    if containing:
        containing.sort(key=len)
        return LabelMatch(query, containing[0], "words", tuple(containing[1:4]))
    near = difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.5)
    return LabelMatch(query, None, "none", tuple(by_key[c] for c in near))


@dataclass(frozen=True)
class ForecastResult:
    forecast: Forecast
    council: Council
    agenda: LabelMatch | None
    topic: LabelMatch | None
    n_records: int
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        out = self.forecast.to_json()
        out["matched"] = {
            "agenda": self.agenda.to_json() if self.agenda else None,
            "topic": self.topic.to_json() if self.topic else None,
        }
        out["council"] = list(self.council.codes)
        out["trained_on"] = self.n_records
        out["warnings"] = list(self.warnings)
        return out


def parse_submitters(values: Sequence[str], on: date) -> tuple[str, ...]:
    """ISO codes or names (comma-separated allowed); ``president`` for a President's text."""
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            out.append("PRESIDENT" if part.lower() == "president" else resolve_member(part, on))
    return tuple(dict.fromkeys(out))


def parse_kind(kind: str | None) -> str | None:
    """A draft kind as typed (``mandate_renewal`` or ``mandate-renewal``) → one of ``KINDS``."""
    if kind is None:
        return None
    norm = normalise_kind(kind)
    if norm is not None:
        return norm
    raise InvalidInputError(f"unknown draft kind {kind!r}: use one of {', '.join(KINDS)}.")


def _labels(records: Sequence[DraftRecord]) -> tuple[list[str], list[str]]:
    agendas = sorted({r.agenda for r in records if r.agenda})
    topics = sorted({r.topic for r in records if r.topic})
    return agendas, topics


@dataclass(frozen=True)
class Prepared:
    """A draft spec matched to the record, the Council of the day and the history before it."""

    spec: DraftSpec
    council: Council
    history: list[DraftRecord]
    agenda: LabelMatch | None
    topic: LabelMatch | None
    warnings: tuple[str, ...]

    def result(self, forecast: Forecast) -> ForecastResult:
        return ForecastResult(forecast, self.council, self.agenda, self.topic,
                              len(self.history), self.warnings)


def prepare(
    store: Store,
    on: date,
    *,
    agenda: str | None = None,
    topic: str | None = None,
    submitters: Sequence[str] = (),
    kind: str | None = None,
    title: str | None = None,
    procedural: bool = False,
    records: Sequence[DraftRecord] | None = None,
) -> Prepared:
    """Match the user's description of a draft to the record known before ``on``."""
    history = ([r for r in records if r.date < on] if records is not None
               else load_records(store, before=on))
    agendas, topics = _labels(history)
    warnings: list[str] = []
    agenda_m = match_label(agenda, agendas) if agenda else None
    topic_m = match_label(topic, topics + agendas) if topic else None
    for label, m in (("agenda", agenda_m), ("topic", topic_m)):
        if m is not None and m.matched is None:
            hint = f" (closest: {'; '.join(m.alternatives)})" if m.alternatives else ""
            warnings.append(
                f"no {label} in the record before {on} matches {m.query!r}{hint}; "
                "forecasting from the Council's general record"
            )
    spec = DraftSpec(
        date=on,
        agenda=agenda_m.matched if agenda_m and agenda_m.matched else agenda,
        topic=topic_m.matched if topic_m and topic_m.matched else topic,
        submitters=parse_submitters(submitters, on),
        kind=parse_kind(kind),
        title=title,
        procedural=procedural,
    )
    return Prepared(spec, council_on(store, on), history, agenda_m, topic_m, tuple(warnings))


def forecast_draft(
    store: Store,
    on: date,
    *,
    agenda: str | None = None,
    topic: str | None = None,
    submitters: Sequence[str] = (),
    kind: str | None = None,
    title: str | None = None,
    procedural: bool = False,
    adjustments: Mapping[str, Mapping[VoteCode, float]] | None = None,
    records: Sequence[DraftRecord] | None = None,
    stack: bool = True,
    cache: FitCache | None = None,
) -> ForecastResult:
    """Forecast a draft to be voted on ``on``, from records strictly before that date: the
    shipped configuration (:data:`~vetowatch.forecast.config.SHIPPED`, the one the backtest
    scores) with its outcome stacker (:func:`~vetowatch.forecast.fitting.fit_stacked`),
    ``adjustments`` applied as in :func:`~vetowatch.forecast.explain.make_forecast`. With a
    ``cache`` the fit is reused across calls (per record version). ``stack=False`` uses the
    member model alone (no rolling pass; faster)."""
    p = prepare(store, on, agenda=agenda, topic=topic, submitters=submitters, kind=kind,
                title=title, procedural=procedural, records=records)
    model = fitted_model(store, p.history, on, cache) if stack else VoteModel(
        **SHIPPED.model_kwargs()).fit(p.history)
    return p.result(make_forecast(model, p.spec, p.council.codes, adjustments=adjustments,
                                  records=p.history))


def fitted_model(store: Store, history: Sequence[DraftRecord], on: date,
                 cache: FitCache | None = None) -> VoteModel:
    """The shipped forecaster fitted on ``history`` (records before ``on``), from ``cache``
    when given."""
    if cache is not None:
        return cache.fitted(store, history, on)
    return fit_stacked(history, SHIPPED.model_kwargs(), before=on)
