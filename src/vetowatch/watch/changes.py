"""After a round: positions and forecasts compared with what the last round knew.

The comparison and the alerts it raises are written in one transaction with the new state,
so a killed watcher neither loses nor repeats an alert: the next round compares against the
state that was committed with the last alerts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from vetowatch.watch.alerts import Alert, insert_alert, statement_refs

if TYPE_CHECKING:
    from vetowatch.watch.runner import Watcher

__all__ = ["detect_changes"]


def _positions(watcher: Watcher) -> dict[tuple[str, str], dict[str, Any]]:
    """The current stance of every watched actor on every watched question."""
    from vetowatch.positions import link_all, positions

    nlp = watcher._extractor.nlp if watcher._extractor is not None else None
    link_all(watcher.store, watcher.settings, nlp=nlp)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for q in watcher.config.questions:
        reports = {level: positions(watcher.store, q, level=level)
                   for level in ("country", "actor")}
        for actor in watcher.config.actors:
            report = reports["country" if len(actor) == 3 else "actor"]
            found = next((p for p in report.positions if p.actor == actor), None)
            if found is not None:
                out[(q, actor)] = {"stance": found.stance, "score": round(found.score, 3),
                                   "statements": found.statements[:5]}
    return out


def _position_alerts(conn: Connection, watcher: Watcher, now: datetime,
                     current: dict[tuple[str, str], dict[str, Any]]) -> Iterator[Alert]:
    from vetowatch.watch.runner import load_json, store_json

    for (q, actor), pos in sorted(current.items()):
        key = f"position|{q}|{actor}"
        before = load_json(conn, key)
        refs = statement_refs(conn, pos["statements"])
        if before is None:
            yield Alert("first_position", f"first_position|{q}|{actor}", now, actor, q,
                        before=None, after=pos["stance"], statements=refs)
        elif before["stance"] != pos["stance"]:
            newest = max(pos["statements"], default=0)
            yield Alert("shift", f"shift|{q}|{actor}|{before['stance']}|{pos['stance']}|"
                        f"{newest}", now, actor, q, before=before["stance"],
                        after=pos["stance"], statements=refs)
        store_json(conn, key, pos, now)


def _forecasts(watcher: Watcher, now: datetime) -> dict[str, dict[str, Any]]:
    from vetowatch.forecast.news_service import forecast_with_news

    out: dict[str, dict[str, Any]] = {}
    for sc in watcher.config.scenarios:
        result = forecast_with_news(
            watcher.store, watcher.settings, sc.date or now.date(), agenda=sc.agenda,
            topic=sc.topic, submitters=sc.submitters, kind=sc.kind, title=sc.title,
            cache=watcher.fit_cache)
        after = result.news.with_news
        ids = [e.statement_id for sig in result.news.signals for e in sig.evidence]
        out[sc.name] = {"p_adopted": round(after.p_adopted, 4),
                        "p_vetoed": round(after.p_vetoed, 4),
                        "statements": sorted(set(ids))[:20]}
    return out


def _forecast_alerts(conn: Connection, watcher: Watcher, now: datetime,
                     current: dict[str, dict[str, Any]]) -> Iterator[Alert]:
    from vetowatch.watch.runner import load_json, store_json

    for name, fc in sorted(current.items()):
        key = f"forecast|{name}"
        before = load_json(conn, key)
        if before is not None:
            moved = max(abs(fc["p_adopted"] - before["p_adopted"]),
                        abs(fc["p_vetoed"] - before["p_vetoed"]))
            if moved >= watcher.config.forecast_change:
                new = sorted(set(fc["statements"]) - set(before.get("statements", [])))
                yield Alert(
                    "forecast_change",
                    f"forecast_change|{name}|{before['p_vetoed']}|{fc['p_vetoed']}|"
                    f"{before['p_adopted']}|{fc['p_adopted']}|{max(fc['statements'], default=0)}",
                    now, scenario=name,
                    before={k: before[k] for k in ("p_adopted", "p_vetoed")},
                    after={k: fc[k] for k in ("p_adopted", "p_vetoed")},
                    statements=statement_refs(conn, new or fc["statements"]))
        if before is None or before != fc:
            store_json(conn, key, fc, now)


def detect_changes(watcher: Watcher, now: datetime) -> list[Alert]:
    """The new alerts of this round (stored with the new state, in one transaction)."""
    positions = _positions(watcher) if watcher.config.questions else {}
    forecasts = _forecasts(watcher, now) if watcher.config.scenarios else {}

    def work(conn: Connection) -> list[Alert]:
        fresh = [*_position_alerts(conn, watcher, now, positions),
                 *_forecast_alerts(conn, watcher, now, forecasts)]
        return [a for a in fresh if insert_alert(conn, a)]

    return watcher.store.write(work)
