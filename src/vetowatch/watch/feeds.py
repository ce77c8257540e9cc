"""Fetching feeds politely and turning their items into article records.

* Conditional GET (``If-None-Match``/``If-Modified-Since`` from the stored validators), an
  identifying User-Agent, a timeout, a size limit enforced while streaming (the body is
  never read past ``max_bytes``, compressed or not), redirects followed only within the same
  origin.
* RSS/Atom through feedparser, JSON Feed 1.x, and JSONL/CSV files served over HTTP (by the
  URL's suffix or the content type).
* An item whose feed carries only a title or a short summary gets the text of its linked
  page (same limits; the page's paragraphs through lxml).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from vetowatch.council.fetch_checks import same_origin
from vetowatch.errors import FetchError
from vetowatch.watch.config import FeedConfig, WatchConfig

__all__ = ["FeedItem", "Fetched", "fetch", "fetch_page_text", "parse_items"]

_MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Fetched:
    """The answer to one GET: ``status`` 200 with a body, 304 (unchanged), or an error."""

    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None


@dataclass(frozen=True)
class FeedItem:
    """One entry: its identity in the feed, and the article fields."""

    guid: str
    title: str | None
    text: str
    url: str | None
    published: date | None
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        data = json.dumps([self.title, self.text, self.url], ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _read_limited(response: httpx.Response, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():  # decompressed: the limit holds for gzip bombs
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{response.url} is larger than the limit of {limit:,} bytes: "
                             "raise limits.max_bytes in the watch file if it is expected")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(client: httpx.Client, url: str, config: WatchConfig, *, etag: str | None = None,
          last_modified: str | None = None) -> Fetched:
    """GET ``url`` with the validators; redirects only to the same origin."""
    headers = {"User-Agent": config.user_agent}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    for _ in range(_MAX_REDIRECTS + 1):
        try:
            with client.stream("GET", current, headers=headers, timeout=config.timeout,
                               follow_redirects=False) as response:
                if response.has_redirect_location:
                    target = urljoin(current, response.headers.get("location", ""))
                    if not same_origin(httpx.URL(url), httpx.URL(target)):
                        raise FetchError(f"{url} redirects to another site ({target}); not "
                                         "followed: put the final URL in the watch file")
                    current = target
                    continue
                if response.status_code == 304:
                    return Fetched(304, final_url=current)
                if response.status_code >= 400:
                    raise FetchError(f"{current} answered HTTP {response.status_code}")
                body = _read_limited(response, config.max_bytes)
                return Fetched(response.status_code, body,
                               response.headers.get("content-type", ""),
                               response.headers.get("etag"),
                               response.headers.get("last-modified"), current)
        except httpx.HTTPError as exc:
            raise FetchError(f"{current}: {type(exc).__name__}: {exc}") from exc
    raise FetchError(f"{url}: more than {_MAX_REDIRECTS} redirects")


def _guid(entry: Mapping[str, Any], title: str | None, link: str | None) -> str:
    for key in ("id", "guid"):
        value = entry.get(key)
        if value:
            return str(value)
    basis = f"{link or ''}\n{title or ''}"
    return "sha256:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()


def _day(value: object) -> date | None:
    from vetowatch.news.article import read_date

    try:
        return read_date(value) if value else None
    except Exception:  # a date that cannot be read: the item keeps none
        return None


def _strip(markup: str) -> str:
    if "<" not in markup:
        return markup.strip()
    import lxml.html

    try:
        return str(lxml.html.fromstring(markup).text_content()).strip()
    except Exception:  # lxml raises several types on junk markup
        return markup.strip()


def _rss_items(body: bytes) -> Iterator[FeedItem]:
    import feedparser

    feed = feedparser.parse(body)
    usable = 0
    for entry in feed.entries:
        contents = entry.get("content") or []
        markup = contents[0].get("value", "") if contents else entry.get("summary", "")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        day = None
        if stamp is not None:
            try:
                day = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
            except (ValueError, TypeError):
                day = None
        title, link, text = entry.get("title"), entry.get("link"), _strip(str(markup))
        if not (text or link):  # an empty entry (a truncated feed)
            continue
        usable += 1
        yield FeedItem(_guid(entry, title, link), title, text, link, day)
    if not usable and getattr(feed, "bozo", False):
        raise FetchError(f"not a readable feed: {str(feed.get('bozo_exception', ''))[:200]}")


def _json_feed_items(data: Mapping[str, Any]) -> Iterator[FeedItem]:
    for entry in data.get("items") or []:
        if not isinstance(entry, dict):
            continue
        text = entry.get("content_text") or _strip(str(entry.get("content_html") or "")) \
            or str(entry.get("summary") or "")
        title, link = entry.get("title"), entry.get("url") or entry.get("external_url")
        yield FeedItem(_guid(entry, title, link), title, str(text), link,
                       _day(entry.get("date_published") or entry.get("date_modified")))


def _record_item(rec: Mapping[str, Any]) -> FeedItem:
    title = rec.get("title") or rec.get("headline")
    link = rec.get("url") or rec.get("link")
    text = rec.get("text") or rec.get("body") or rec.get("content") or ""
    day = _day(rec.get("date") or rec.get("published"))
    known = {"title", "headline", "url", "link", "text", "body", "content", "date",
             "published", "id", "guid"}
    extra = {k: str(v) for k, v in rec.items() if k not in known and isinstance(v, str)}
    return FeedItem(_guid(rec, title, link), title, str(text), link, day, extra)


def parse_items(body: bytes, url: str, content_type: str = "") -> list[FeedItem]:
    """The items of a feed body (format from the URL's suffix, the content type, the body)."""
    path = urlsplit(url).path.lower()
    kind = content_type.split(";")[0].strip().lower()
    text = body.decode("utf-8", errors="replace")
    if path.endswith((".jsonl", ".ndjson")):
        records = []
        for line in text.splitlines():
            try:
                value = json.loads(line) if line.strip() else None
            except (json.JSONDecodeError, RecursionError):
                continue
            if isinstance(value, dict):
                records.append(_record_item(value))
        return records
    if path.endswith(".csv") or kind == "text/csv":
        return [_record_item(row) for row in csv.DictReader(io.StringIO(text))]
    if path.endswith(".json") or kind in ("application/feed+json", "application/json"):
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise FetchError(f"{url} is not valid JSON: {exc}") from exc
        if not isinstance(data, dict) or "items" not in data:
            raise FetchError(f"{url} is not a JSON Feed (no items)")
        return list(_json_feed_items(data))
    return list(_rss_items(body))


def fetch_page_text(client: httpx.Client, url: str, config: WatchConfig) -> str:
    """The readable text of an article page: trafilatura's main-text extraction, else the
    page's paragraphs (``<article>`` first)."""
    page = fetch(client, url, config)
    if not page.body:
        return ""
    html = page.body.decode("utf-8", errors="replace")
    try:
        import trafilatura

        text = trafilatura.extract(html, include_comments=False, include_tables=False)
    except Exception:  # trafilatura raises several types on junk pages
        text = None
    return text.strip() if text else _paragraphs(page.body)


def _paragraphs(body: bytes) -> str:
    import lxml.html

    try:
        doc = lxml.html.fromstring(body)
    except Exception:  # junk markup: no text
        return ""
    for bad in doc.xpath("//script|//style|//nav|//header|//footer|//aside"):
        bad.drop_tree()
    scope = doc.xpath("//article") or [doc]
    paragraphs = [" ".join(p.text_content().split()) for p in scope[0].xpath(".//p")]
    return "\n\n".join(p for p in paragraphs if len(p.split()) >= 4)


def needs_page(item: FeedItem, config: WatchConfig) -> bool:
    return bool(item.url) and len(item.text.split()) < config.page_min_words


def feed_source(feed: FeedConfig) -> str:
    return feed.source or (urlsplit(feed.url).hostname or feed.url)
