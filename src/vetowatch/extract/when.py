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


class DateResolver:
    """Wraps a dateparser parser anchored on one publication date (build one per article)."""

    def __init__(self, published: date) -> None:
        from dateparser.date import DateDataParser

        self.published = published
        self._seen: dict[str, When] = {}
        self._parser: Any = DateDataParser(
            languages=["en"],
            settings={
                "RELATIVE_BASE": datetime(published.year, published.month, published.day),
                "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )

    def resolve(self, phrase: str) -> When:
        """A :class:`When` for ``phrase``; date ``None`` when it is not a point in time.
        An article names the same days again and again: each phrase is parsed once."""
        known = self._seen.get(phrase)
        if known is None:
            known = self._seen[phrase] = self._resolve(phrase)
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
        data = self._parser.get_date_data(text)
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
