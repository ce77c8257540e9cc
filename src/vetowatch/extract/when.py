"""Resolve date phrases ("Friday", "yesterday", "in June") against the publication date."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from vetowatch.extract.statement import When

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIMEWORD = re.compile(
    r"\b(\d{4}|\d{1,2}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|"
    r"sun|yesterday|today|tonight|tomorrow|last|ago|week|month|year)",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^(on|in|at|during|since|by|earlier|early|late)\s+", re.IGNORECASE)


# (publication date, phrase) → When, shared by the articles of a process: a resolution
# depends on nothing else, and articles of the same day name the same days; bounded
_RESOLVED: dict[tuple[date, str], When] = {}
_RESOLVED_MAX = 50_000


class DateResolver:
    """Wraps a dateparser parser anchored on one publication date (build one per article);
    the parser is built on the first phrase that needs it."""

    def __init__(self, published: date) -> None:
        self.published = published
        self._parser: Any = None

    def _dateparser(self) -> Any:
        if self._parser is None:
            from dateparser.date import DateDataParser

            published = self.published
            self._parser = DateDataParser(
                languages=["en"],
                settings={
                    "RELATIVE_BASE": datetime(published.year, published.month, published.day),
                    "PREFER_DATES_FROM": "past",
                    "RETURN_AS_TIMEZONE_AWARE": False,
                },
            )
        return self._parser

    def resolve(self, phrase: str) -> When:
        """A :class:`When` for ``phrase``; date ``None`` when it is not a point in time.
        Articles name the same days again and again: each phrase is parsed once per
        publication date (per process)."""
        key = (self.published, phrase)
        known = _RESOLVED.get(key)
        if known is None:
            if len(_RESOLVED) >= _RESOLVED_MAX:
                _RESOLVED.clear()
            known = _RESOLVED[key] = self._resolve(phrase)
        return known

    def _resolve(self, phrase: str) -> When:
        text = _LEAD.sub("", phrase.strip()).strip(" ,.")
        lowered = text.lower()
        if not text or not _TIMEWORD.search(text) or re.search(r"\d0s\b", text):
            return When(phrase, None, None)
        if lowered in WEEKDAYS:
            # news usage: "Friday" means the most recent Friday, the publication day included
            back = (self.published.weekday() - WEEKDAYS.index(lowered)) % 7
            return When(phrase, self.published - timedelta(days=back), "day")
        data = self._dateparser().get_date_data(text)
        parsed = data.date_obj
        period = data.period
        if parsed is None or period not in ("day", "month", "year"):
            return When(phrase, None, None)
        day = parsed.date()
        if period == "month":
            day = day.replace(day=1)
        elif period == "year":
            day = day.replace(month=1, day=1)
        if day > self.published:
            return When(phrase, None, None)
        return When(phrase, day, period)
