"""``vetowatch data fetch actors``: dated office-holders from the Wikidata Query Service.

One SPARQL 1.1 query: people with a "position held" (P39) statement whose position is a head
of state, head of government, foreign minister or other minister, or a diplomatic post, with
the start (P580) and end (P582) qualifiers and the position's country (P17, the jurisdiction
P1001, or the statement's "of" qualifier P642) as an ISO alpha-3 code (P298). The answer
(SPARQL 1.1 JSON results) is turned into vetowatch's own table format and written to
``settings.cache_dir/actors/wikidata-officeholders.tsv``, which the ``wikidata`` actor source
reads. Wikidata statements are CC0.
"""

from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from vetowatch.errors import FetchError, InvalidInputError, SourceFormatError
from vetowatch.extract.actors.offices import classify
from vetowatch.extract.actors.shared import KEEP_FROM, parse_date
from vetowatch.extract.actors.sources import TABLE_COLUMNS, WIKIDATA_FILE
from vetowatch.settings import Settings

ENDPOINT = "https://query.wikidata.org/sparql"
MAX_BYTES = 64 * 1024 * 1024
USER_AGENT = "vetowatch (https://github.com/vetowatch; actor tables)"

# classes of positions: head of state, head of government, minister of foreign affairs,
# minister (any), ambassador
POSITION_CLASSES = ("Q48352", "Q2285706", "Q7330070", "Q83307", "Q121998")

QUERY = """\
SELECT ?person ?personLabel ?positionLabel ?start ?end ?iso3 WHERE {
  VALUES ?class { %(classes)s }
  ?position (wdt:P31|wdt:P279)/wdt:P279* ?class .
  ?person p:P39 ?held .
  ?held ps:P39 ?position .
  OPTIONAL { ?held pq:P580 ?start . }
  OPTIONAL { ?held pq:P582 ?end . }
  OPTIONAL { ?held pq:P642 ?of . }
  OPTIONAL { ?position wdt:P17 ?country . }
  OPTIONAL { ?position wdt:P1001 ?jurisdiction . }
  BIND(COALESCE(?of, ?jurisdiction, ?country) AS ?place)
  ?place wdt:P298 ?iso3 .
  FILTER(!BOUND(?end) || ?end >= "%(since)sT00:00:00Z"^^xsd:dateTime)
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en". }
}
"""


def build_query(since: str = KEEP_FROM.isoformat()) -> str:
    """The SPARQL text (tenures ending on or after ``since``)."""
    classes = " ".join(f"wd:{q}" for q in POSITION_CLASSES)
    return QUERY % {"classes": classes, "since": since}


@dataclass(frozen=True)
class FetchedActors:
    path: Path
    rows: int
    skipped: int
    url: str

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "rows": self.rows, "skipped": self.skipped,
                "url": self.url}


def _value(binding: dict[str, Any], name: str) -> str:
    cell = binding.get(name)
    return str(cell.get("value", "")) if isinstance(cell, dict) else ""


def rows_from_results(payload: Any, origin: str) -> tuple[list[list[str]], int]:
    """Table rows (hand-table columns) from SPARQL 1.1 JSON results; and how many bindings
    were skipped (an office vetowatch does not track, no country, unreadable dates)."""
    try:
        bindings = payload["results"]["bindings"]
    except (KeyError, TypeError) as exc:
        raise SourceFormatError(origin, None, "not SPARQL 1.1 JSON results (no "
                                "results.bindings)", "check the endpoint URL") from exc
    rows: list[list[str]] = []
    skipped = 0
    for binding in bindings:
        name, label = _value(binding, "personLabel"), _value(binding, "positionLabel")
        iso = _value(binding, "iso3").upper()
        kind = classify(label, iso) if len(iso) == 3 else None
        start, end = parse_date(_value(binding, "start")), parse_date(_value(binding, "end"))
        if not name or kind is None or (end is not None and end < KEEP_FROM):
            skipped += 1
            continue
        rows.append([name, "", iso + kind[1], label, start.isoformat() if start else "",
                     end.isoformat() if end else "", _value(binding, "person") or origin])
    return rows, skipped


def _download(client: httpx.Client, url: str, query: str, max_bytes: int) -> bytes:
    headers = {"Accept": "application/sparql-results+json", "User-Agent": USER_AGENT}
    with client.stream("POST", url, data={"query": query}, headers=headers) as response:
        if response.status_code != 200:
            raise FetchError(f"{url} answered HTTP {response.status_code}; try again later or "
                             "give another endpoint with --wikidata-url")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{url} sent more than {max_bytes} bytes; stopped. Raise the "
                                 "limit if the answer is expected to be that large")
            chunks.append(chunk)
    return b"".join(chunks)


def fetch_actors(
    settings: Settings,
    *,
    url: str = ENDPOINT,
    timeout: float = 120.0,
    retries: int = 3,
    backoff: float = 2.0,
    max_bytes: int = MAX_BYTES,
    client: httpx.Client | None = None,
) -> FetchedActors:
    """Run the query, convert the answer, write the table the ``wikidata`` source reads."""
    if timeout <= 0 or retries < 0 or backoff < 0 or max_bytes <= 0:
        raise InvalidInputError(f"timeout={timeout}, retries={retries}, backoff={backoff}, "
                                f"max_bytes={max_bytes}: give positive limits")
    own = client is None
    http = client or httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True)
    try:
        body = b""
        for attempt in range(retries + 1):
            try:
                body = _download(http, url, build_query(), max_bytes)
                break
            except (httpx.HTTPError, FetchError) as exc:
                if attempt == retries:
                    raise FetchError(f"fetching office-holders from {url} failed after "
                                     f"{attempt + 1} tries: {exc}") from exc
                time.sleep(backoff * (attempt + 1))
    finally:
        if own:
            http.close()
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise SourceFormatError(url, None, "the answer is not JSON") from exc
    rows, skipped = rows_from_results(payload, url)
    path = settings.cache_dir / WIKIDATA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(TABLE_COLUMNS)
    writer.writerows([[cell.replace("\t", " ") for cell in row] for row in rows])
    tmp = path.with_suffix(".tmp")
    tmp.write_text(out.getvalue(), "utf-8")
    tmp.replace(path)
    return FetchedActors(path, len(rows), skipped, url)
