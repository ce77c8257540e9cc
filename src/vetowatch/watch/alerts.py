"""Alerts: one JSON object per event, kept in the ``alert`` table, written and posted once.

``kind`` is ``first_position`` (a watched actor states a position on a watched question for
the first time), ``shift`` (its position changes) or ``forecast_change`` (a watched
scenario's P(adopted) or P(vetoed) moves by at least the threshold). ``key`` names the
event; the table's unique key makes each event an alert exactly once, whatever the restarts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from vetowatch.store import Store
from vetowatch.store import schema as s

__all__ = ["Alert", "deliver", "insert_alert", "list_alerts", "statement_refs"]


@dataclass(frozen=True)
class Alert:
    kind: str
    key: str
    at: datetime
    actor: str | None = None
    question: str | None = None
    scenario: str | None = None
    before: Any = None
    after: Any = None
    statements: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "actor": self.actor, "question": self.question,
                "scenario": self.scenario, "at": self.at.isoformat(),
                "before": self.before, "after": self.after,
                "statements": list(self.statements), "key": self.key}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Alert:
        return cls(data["kind"], data["key"], datetime.fromisoformat(data["at"]),
                   data.get("actor"), data.get("question"), data.get("scenario"),
                   data.get("before"), data.get("after"), tuple(data.get("statements") or ()))


def statement_refs(conn: Connection, ids: Sequence[int], limit: int = 5) -> tuple[dict[str, Any],
                                                                                  ...]:
    """Id, quote, speaker, article id, URL, title and date of statements (the first few)."""
    if not ids:
        return ()
    st, art = s.statement, s.article
    rows = conn.execute(
        select(st.c.id, st.c.content, st.c.speaker_text, st.c.speaker_actor, art.c.id.label("aid"),
               art.c.url, art.c.title, art.c.source, art.c.published)
        .join(art, art.c.id == st.c.article_id)
        .where(st.c.id.in_(list(ids)[:limit]))
    ).all()
    by_id = {r.id: r for r in rows}
    return tuple(
        {"id": r.id, "quote": r.content, "speaker": r.speaker_text, "actor": r.speaker_actor,
         "article": r.aid, "url": r.url, "title": r.title, "outlet": r.source,
         "published": r.published.isoformat() if r.published else None}
        for i in list(ids)[:limit] if (r := by_id.get(i)) is not None
    )


def insert_alert(conn: Connection, alert: Alert) -> bool:
    """Store the alert unless its event was alerted before; whether it is new."""
    if conn.execute(select(s.alert.c.id).where(s.alert.c.key == alert.key)).first():
        return False
    try:
        with conn.begin_nested():
            conn.execute(s.alert.insert().values(
                key=alert.key, kind=alert.kind, actor=alert.actor, question=alert.question,
                scenario=alert.scenario, at=alert.at,
                payload=json.dumps(alert.to_json(), ensure_ascii=False)))
    except IntegrityError:  # another watcher stored it first
        return False
    return True


def list_alerts(store: Store, since: date | None = None, kind: str | None = None,
                limit: int = 0) -> list[Alert]:
    """Stored alerts, oldest first (``since``: from that day on)."""
    query = select(s.alert.c.payload).order_by(s.alert.c.at, s.alert.c.id)
    if since is not None:
        query = query.where(s.alert.c.at >= datetime.combine(since, time(), tzinfo=UTC))
    if kind:
        query = query.where(s.alert.c.kind == kind)
    if limit:
        query = query.limit(limit)
    with store.connect() as conn:
        return [Alert.from_json(json.loads(r.payload)) for r in conn.execute(query)]


def deliver(alerts: Sequence[Alert], *, path: Path | None = None, webhook: str | None = None,
            client: httpx.Client | None = None, timeout: float = 10.0) -> list[str]:
    """Append the alerts to the JSONL file and POST each to the webhook; the problems met
    (a webhook that fails does not stop the watch)."""
    problems: list[str] = []
    if path is not None and alerts:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            for a in alerts:
                fh.write(json.dumps(a.to_json(), ensure_ascii=False) + "\n")
    if webhook and alerts:
        own = client is None
        http = client or httpx.Client()
        try:
            for a in alerts:
                try:
                    r = http.post(webhook, json=a.to_json(), timeout=timeout)
                    if r.status_code >= 400:
                        problems.append(f"webhook answered HTTP {r.status_code} for {a.key}")
                except httpx.HTTPError as exc:
                    problems.append(f"webhook failed for {a.key}: {type(exc).__name__}")
        finally:
            if own:
                http.close()
    return problems
