"""One watch round, and the loop: fetch due feeds, ingest the new items, alert on changes."""

from __future__ import annotations

import json
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Connection, select

from vetowatch.errors import FetchError, VetowatchError
from vetowatch.settings import Settings
from vetowatch.store import Store
from vetowatch.store import schema as s
from vetowatch.watch.alerts import Alert, deliver
from vetowatch.watch.config import FeedConfig, WatchConfig
from vetowatch.watch.feeds import (
    FeedItem,
    feed_source,
    fetch,
    fetch_page_text,
    needs_page,
    parse_items,
)

__all__ = ["RoundReport", "Watcher"]

MAX_BACKOFF = 6 * 3600.0
Clock = Callable[[], datetime]


@dataclass
class RoundReport:
    """What one round did."""

    at: datetime
    fetched: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    new_items: int = 0
    articles: int = 0
    statements: int = 0
    rejected: list[str] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    delivery_problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "fetched": self.fetched,
                "unchanged": self.unchanged, "failed": self.failed,
                "new_items": self.new_items, "articles": self.articles,
                "statements": self.statements, "rejected": self.rejected,
                "alerts": [a.to_json() for a in self.alerts],
                "delivery_problems": self.delivery_problems}


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class Watcher:
    """Holds the store, the configuration, an HTTP client and the loaded extractor."""

    def __init__(self, store: Store, settings: Settings, config: WatchConfig, *,
                 client: httpx.Client | None = None, alerts_file: Path | None = None,
                 webhook: str | None = None, clock: Clock | None = None,
                 extractor: Any | None = None) -> None:
        self.store, self.settings, self.config = store, settings, config
        self.client = client or httpx.Client()
        self.alerts_file, self.webhook = alerts_file, webhook
        self.clock = clock or (lambda: datetime.now(UTC))
        self._extractor = extractor
        from vetowatch.forecast.cache import FitCache

        self.fit_cache = FitCache(settings.cache_dir)
        self._check_questions()

    def _check_questions(self) -> None:
        from vetowatch.positions import get_question

        for q in self.config.questions:
            get_question(self.store, q)  # NotFoundError (E030) names an unknown question

    @property
    def extractor(self) -> Any:
        if self._extractor is None:
            from vetowatch.extract.extractor import Extractor

            self._extractor = Extractor.load(self.settings)
        return self._extractor

    # -- feeds --------------------------------------------------------------------------------

    def _state(self, conn: Connection, url: str) -> Any:
        return conn.execute(select(s.feed_state).where(s.feed_state.c.url == url)).first()

    def _due(self, feed: FeedConfig, now: datetime, respect_interval: bool) -> bool:
        with self.store.connect() as conn:
            state = self._state(conn, feed.url)
        if state is None:
            return True
        next_try = _utc(state.next_try)
        if next_try is not None and next_try > now:
            return False
        last = _utc(state.last_fetch)
        return not respect_interval or last is None or \
            now - last >= timedelta(seconds=feed.interval)

    def _save_state(self, feed: FeedConfig, now: datetime, **values: Any) -> None:
        def work(conn: Connection) -> None:
            row = {"source": feed_source(feed), "last_fetch": now, **values}
            if self._state(conn, feed.url) is None:
                conn.execute(s.feed_state.insert().values(url=feed.url, **row))
            else:
                conn.execute(s.feed_state.update().where(s.feed_state.c.url == feed.url)
                             .values(**row))

        self.store.write(work)

    def _failed(self, feed: FeedConfig, now: datetime, problem: str) -> None:
        with self.store.connect() as conn:
            state = self._state(conn, feed.url)
        failures = (state.failures if state is not None else 0) + 1
        wait = min(feed.interval * 2 ** (failures - 1), MAX_BACKOFF)
        self._save_state(feed, now, last_status=f"error: {problem}"[:500], failures=failures,
                         next_try=now + timedelta(seconds=wait))

    def _new_items(self, feed: FeedConfig, items: list[FeedItem]) -> list[FeedItem]:
        with self.store.connect() as conn:
            seen = {(r.guid, r.content_hash) for r in conn.execute(
                select(s.feed_item.c.guid, s.feed_item.c.content_hash)
                .where(s.feed_item.c.feed_url == feed.url))}
        fresh: dict[str, FeedItem] = {}
        for item in items:
            if (item.guid, item.content_hash) not in seen:
                fresh[item.guid] = item
        return list(fresh.values())

    def _with_page(self, item: FeedItem) -> FeedItem:
        if not needs_page(item, self.config) or item.url is None:
            return item
        try:
            text = fetch_page_text(self.client, item.url, self.config)
        except FetchError:
            return item
        return replace(item, text=text) if len(text) > len(item.text) else item

    def _ingest(self, feed: FeedConfig, items: list[FeedItem], report: RoundReport,
                today: date) -> None:
        from vetowatch.reading import ingest

        with tempfile.TemporaryDirectory(prefix="vetowatch-watch-") as tmp:
            path = Path(tmp) / "items.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for item in items:
                    rec = {**item.extra, "title": item.title, "text": item.text,
                           "url": item.url, "source": feed_source(feed),
                           "date": item.published.isoformat() if item.published else None}
                    fh.write(json.dumps({k: v for k, v in rec.items() if v is not None},
                                        ensure_ascii=False) + "\n")
            result = ingest(self.store, self.settings, [path], published=today,
                            source=feed_source(feed), genre=feed.genre,
                            extractor=self.extractor)
        report.articles += result.articles
        report.statements += result.statements
        report.rejected += [f"{feed.url}: {e}" for e in getattr(result, "errors", [])]

    def _mark_seen(self, feed: FeedConfig, items: list[FeedItem], now: datetime) -> None:
        def work(conn: Connection) -> None:
            for item in items:
                key = (s.feed_item.c.feed_url == feed.url) & (s.feed_item.c.guid == item.guid)
                if conn.execute(select(s.feed_item.c.guid).where(key)).first():
                    conn.execute(s.feed_item.update().where(key).values(
                        content_hash=item.content_hash, seen_at=now))
                else:
                    conn.execute(s.feed_item.insert().values(
                        feed_url=feed.url, guid=item.guid, content_hash=item.content_hash,
                        seen_at=now))

        self.store.write(work)

    def _feed_round(self, feed: FeedConfig, now: datetime, report: RoundReport) -> None:
        with self.store.connect() as conn:
            state = self._state(conn, feed.url)
        try:
            got = fetch(self.client, feed.url, self.config,
                        etag=state.etag if state is not None else None,
                        last_modified=state.last_modified if state is not None else None)
            if got.status == 304:
                self._save_state(feed, now, last_status="304", failures=0, next_try=None)
                report.unchanged.append(feed.url)
                return
            items = parse_items(got.body, got.final_url or feed.url, got.content_type)
        except FetchError as exc:
            self._failed(feed, now, exc.message)
            report.failed[feed.url] = exc.message
            return
        fresh = [self._with_page(i) for i in self._new_items(feed, items)]
        if fresh:
            self._ingest(feed, fresh, report, now.date())
            self._mark_seen(feed, fresh, now)
        report.new_items += len(fresh)
        report.fetched.append(feed.url)
        self._save_state(feed, now, last_status=str(got.status), failures=0, next_try=None,
                         etag=got.etag, last_modified=got.last_modified,
                         final_url=got.final_url)

    # -- the round ------------------------------------------------------------------------------

    def round(self, *, respect_intervals: bool = False) -> RoundReport:
        """Fetch the due feeds (all of them unless ``respect_intervals``; never one in
        backoff), ingest what is new, then alert on positions and forecasts."""
        now = self.clock()
        report = RoundReport(now)
        for feed in self.config.feeds:
            if self._due(feed, now, respect_intervals):
                try:
                    self._feed_round(feed, now, report)
                except VetowatchError as exc:  # one feed failing keeps the others running
                    self._failed(feed, now, exc.message)
                    report.failed[feed.url] = exc.message
        from vetowatch.watch.changes import detect_changes

        report.alerts = detect_changes(self, now)
        report.delivery_problems = deliver(report.alerts, path=self.alerts_file,
                                           webhook=self.webhook, client=self.client)
        return report

    def run(self, stop: threading.Event, *, interval: float | None = None,
            on_round: Callable[[RoundReport], None] | None = None) -> None:
        """Rounds until ``stop`` is set; a round in progress always completes."""
        wait = interval or min(f.interval for f in self.config.feeds)
        while not stop.is_set():
            report = self.round(respect_intervals=interval is None)
            if on_round is not None:
                on_round(report)
            stop.wait(wait)


def store_json(conn: Connection, key: str, value: Any, now: datetime) -> None:
    """Write one ``watch_state`` entry (inside the caller's transaction)."""
    data = json.dumps(value, sort_keys=True, ensure_ascii=False)
    if conn.execute(select(s.watch_state.c.key).where(s.watch_state.c.key == key)).first():
        conn.execute(s.watch_state.update().where(s.watch_state.c.key == key)
                     .values(value=data, updated_at=now))
    else:
        conn.execute(s.watch_state.insert().values(key=key, value=data, updated_at=now))


def load_json(conn: Connection, key: str) -> Any:
    row = conn.execute(select(s.watch_state.c.value).where(s.watch_state.c.key == key)).first()
    return json.loads(row.value) if row is not None else None
