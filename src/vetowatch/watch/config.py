"""The watch file (YAML): feeds, what to watch, alert thresholds, fetch limits.

::

    feeds:
      - {url: "http://127.0.0.1:8765/feed.xml", source: "Example Wire", genre: news,
         interval: 15m}
    watch:
      questions: [assad-step-down, unsc-measures-syria]
      actors: [RUS, CHN]            # default: the permanent members
      scenarios:
        - {name: syria-measures, agenda: "The situation in the Middle East", topic: syria,
           submitters: [FRA, DEU, PRT, GBR], kind: sanctions}
    alerts: {forecast_change: 0.15}
    limits: {timeout: 20s, max_bytes: 5000000}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from vetowatch.errors import InvalidInputError
from vetowatch.news.genre import GENRES

__all__ = ["FeedConfig", "Scenario", "WatchConfig", "load_config", "parse_interval"]

PERMANENT = ("CHN", "FRA", "GBR", "RUS", "USA")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_FIX = "see docs/watch.md for the watch file's shape"


def parse_interval(value: object, what: str = "interval") -> float:
    """Seconds in ``15m``, ``1h``, ``30s``, ``2d`` or a plain number of seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(value))
    if not m or float(m.group(1)) <= 0:
        raise InvalidInputError(f"{what} {value!r} is not a duration: use e.g. 30s, 15m, 1h, 2d")
    return float(m.group(1)) * _UNITS[m.group(2) or "s"]


@dataclass(frozen=True)
class FeedConfig:
    """One feed: an RSS/Atom/JSON Feed URL, or a JSONL/CSV file served over HTTP."""

    url: str
    source: str | None = None
    genre: str | None = None
    interval: float = 900.0


@dataclass(frozen=True)
class Scenario:
    """A draft to re-forecast after every round (``forecast --news`` arguments)."""

    name: str
    agenda: str | None = None
    topic: str | None = None
    submitters: tuple[str, ...] = ()
    kind: str | None = None
    title: str | None = None
    date: date | None = None  # the vote's assumed date; default: the round's day


@dataclass(frozen=True)
class WatchConfig:
    feeds: tuple[FeedConfig, ...]
    questions: tuple[str, ...] = ()
    actors: tuple[str, ...] = PERMANENT
    scenarios: tuple[Scenario, ...] = ()
    forecast_change: float = 0.15
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    page_min_words: int = 60  # an item with fewer words: fetch the linked page
    user_agent: str = "vetowatch (+https://github.com/vetowatch; feed watcher)"
    extra: dict[str, Any] = field(default_factory=dict)


def _mapping(value: object, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInputError(f"{where} must be a mapping ({_FIX})")
    return value


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInputError(f"{where} must be a list of names ({_FIX})")
    return tuple(v for v in value if v)


def _feed(raw: object, n: int) -> FeedConfig:
    d = _mapping(raw, f"feeds[{n}]")
    url = d.get("url")
    if not isinstance(url, str) or not re.match(r"https?://", url):
        raise InvalidInputError(f"feeds[{n}].url {url!r} is not an http(s) URL ({_FIX})")
    genre = d.get("genre")
    if genre is not None and genre not in GENRES:
        raise InvalidInputError(f"feeds[{n}].genre {genre!r} is not one of {', '.join(GENRES)}")
    interval = parse_interval(d.get("interval", 900), f"feeds[{n}].interval")
    source = d.get("source")
    return FeedConfig(url, str(source) if source else None, genre, interval)


def _scenario(raw: object, n: int) -> Scenario:
    d = _mapping(raw, f"scenarios[{n}]")
    name = d.get("name")
    if not isinstance(name, str) or not name:
        raise InvalidInputError(f"scenarios[{n}] needs a name ({_FIX})")
    day = d.get("date")
    if day is not None and not isinstance(day, date):
        try:
            day = date.fromisoformat(str(day))
        except ValueError as exc:
            raise InvalidInputError(f"scenarios[{n}].date {day!r} is not YYYY-MM-DD") from exc
    return Scenario(name, d.get("agenda"), d.get("topic"),
                    _strings(d.get("submitters"), f"scenarios[{n}].submitters"),
                    d.get("kind"), d.get("title"), day)


def parse_config(data: object) -> WatchConfig:
    """A :class:`WatchConfig` from the parsed YAML; :class:`InvalidInputError` if malformed."""
    top = _mapping(data, "the watch file")
    feeds = top.get("feeds")
    if not isinstance(feeds, list) or not feeds:
        raise InvalidInputError(f"the watch file lists no feeds ({_FIX})")
    watch = _mapping(top.get("watch"), "watch")
    alerts = _mapping(top.get("alerts"), "alerts")
    limits = _mapping(top.get("limits"), "limits")
    threshold = alerts.get("forecast_change", 0.15)
    if not isinstance(threshold, int | float) or not 0 < threshold <= 1:
        raise InvalidInputError(f"alerts.forecast_change {threshold!r} must be in (0, 1]")
    max_bytes = limits.get("max_bytes", 5_000_000)
    if not isinstance(max_bytes, int) or max_bytes <= 0:
        raise InvalidInputError(f"limits.max_bytes {max_bytes!r} must be a positive integer")
    actors = _strings(watch.get("actors"), "watch.actors") or PERMANENT
    return WatchConfig(
        feeds=tuple(_feed(f, n) for n, f in enumerate(feeds)),
        questions=_strings(watch.get("questions"), "watch.questions"),
        actors=tuple(a.upper() for a in actors),
        scenarios=tuple(_scenario(sc, n) for n, sc in enumerate(watch.get("scenarios") or [])),
        forecast_change=float(threshold),
        timeout=parse_interval(limits.get("timeout", 20), "limits.timeout"),
        max_bytes=max_bytes,
    )


def load_config(path: Path) -> WatchConfig:
    """Read and check a watch file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInputError(f"cannot read the watch file {str(path)!r}: {exc.strerror}") \
            from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"the watch file {str(path)!r} is not valid YAML: "
                                f"{str(exc)[:200]}") from exc
    return parse_config(data)
