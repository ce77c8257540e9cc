"""Which question is a decision about? Topic labels for every year, by written rules.

The per-member vote table (1994–2025) files most decisions under a topic label such as
``"Middle East (Syria)"`` or ``"Somalia"``; the DHL pages (1946–2022) and the library give only
the agenda item and the draft's title. :func:`classify` gives every draft or resolution with an
agenda item or a title a topic, using the labels of the vote table wherever one applies so that
counts by topic run on across the years. Rules, in order; the first that gives a label wins:

1. ``source`` — the vote table's own topic, kept as recorded.
2. ``middle-east-title`` — the agenda item "The situation in the Middle East" covers several
   questions; the draft's title, library description or subject terms name which (Syria, the
   Golan and UNDOF → ``Middle East (Syria)``; Lebanon and UNIFIL → ``Middle East (Lebanon)``;
   Yemen → ``Middle East (Yemen)``; Israel, the Palestinians, Gaza, Jerusalem, Egypt and Suez →
   ``Middle East, incl. the Palestinian question``).
3. ``agenda-table`` — an agenda item that the vote table files under one topic (the same
   folded label on at least 60 % of its rows, two rows at least) takes that topic.
4. ``rule-table`` — :data:`TOPIC_RULES`, an ordered table of patterns over the agenda item
   (then the title) for questions older than the vote table (``The Palestine question`` →
   the Palestinian question, ``Situation in the Republic of the Congo`` → ``The Democratic
   Republic of the Congo``, Southern Rhodesia, Namibia, admissions, ...).
5. ``calendar`` — an agenda item that names no single question (the Middle East item without
   a title, a letter), on a draft whose words say it is a renewal or say nothing of its kind:
   the topic of the renewal (or new mission, or sanctions measure) on the same agenda item 6
   or 12 months earlier (within 21 days), as the Council's renewal calendar is known before a
   vote.
6. ``country`` — the first state of the members table named in the agenda item (not in the
   title: many titles name only the submitters).
7. ``agenda`` — the agenda item itself, shortened ("The situation in X" → "X"); with no agenda
   item, ``title``: the title shortened the same way.

Only what is known before the vote is read: never the outcome or the votes. The kind of a draft
(:func:`vetowatch.council.kinds.draft_kind`) is given in the same pass, with one more rule
after the text and subject rules (``calendar``): a draft that the text leaves as ``other``,
on a topic that had a mandate renewal, a new mission or a sanctions draft 6 or 12 months
earlier (within 21 days), is a ``mandate-renewal`` (mandates, panels and sanctions measures
run for 6 or 12 months). Checked on the drafts of 2000–2021 whose titles give their kind, the
calendar rule (reading only the earlier drafts' kinds) fires on 810 of 1,328 and agrees with
the title on 649 (80 %); see docs/data.md.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol

from vetowatch.council.kinds import draft_kind
from vetowatch.council.members import all_codes, member_name, normalise_name

__all__ = [
    "CALENDAR_WINDOW_DAYS",
    "KIND_OTHER_LIMITS",
    "TOPIC_RULES",
    "Classifiable",
    "Classification",
    "Located",
    "RuleNote",
    "classify",
    "fold",
    "kind_other_limit",
    "learn_agenda_topics",
    "rule_notes",
    "shorten_agenda",
    "topic_from_text",
]

CALENDAR_WINDOW_DAYS = 21
CALENDAR_PERIODS_DAYS = (365, 183)  # a yearly, then a half-yearly cycle
AGENDA_TABLE_SHARE = 0.6
_FOLD_STOP = frozenset({"the", "of", "incl", "inc", "including", "and", "in", "on", "a"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

ME_SYRIA = "Middle East (Syria)"
ME_LEBANON = "Middle East (Lebanon)"
ME_YEMEN = "Middle East (Yemen)"
ME_PALESTINE = "Middle East, incl. the Palestinian question"

# Rule 2: the Middle East agenda item, by the title's words (first match wins).
_MIDDLE_EAST = re.compile(r"^(the )?situation in the middle east\.?$")
MIDDLE_EAST_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern))
    for label, pattern in (
        (ME_YEMEN, r"yemen|hodeidah|unmha"),
        (ME_LEBANON, r"leban|unifil|beirut|hariri"),
        (ME_SYRIA, r"syria|golan|undof|disengagement observer|damascus|aleppo|idlib"),
        (
            ME_PALESTINE,
            r"israel|palestin|gaza|jerusalem|west bank|occupied (arab )?territor|egypt|suez"
            r"|sinai|unef|emergency force|jordan|arab states",
        ),
        ("Iraq", r"\biraq"),
    )
)

# Rule 4: questions the vote table does not cover, mostly 1946–1993 (first match wins).
TOPIC_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern))
    for label, pattern in (
        (
            "Date of an election to fill a vacancy in the ICJ",
            r"vacancy in the international court|date of (the )?election",
        ),
        (
            "Appointment of the Secretary-General",
            r"appointment of (the )?secretary-general|recommendation for the appointment",
        ),
        (
            "Admission of new members",
            r"admission|application\w* (of|for|from) .{0,80}membership|for membership"
            r"|membership in the united nations|new members",
        ),
        (ME_PALESTINE, r"palestin|arab-israeli|israel|jerusalem|suez|egyptian question"),
        ("Occupied Arab territories", r"occupied arab territories"),
        (ME_LEBANON, r"leban"),
        (ME_SYRIA, r"syria"),
        ("Iraq and Kuwait", r"iraq and kuwait|kuwait"),
        ("Iran and Iraq", r"iran and iraq|iran-iraq|iraq and iran"),
        ("Namibia", r"namibia|south west africa"),
        ("Southern Rhodesia", r"rhodesia|zimbabwe"),
        ("South Africa", r"south africa|apartheid|race conflict|southern africa"),
        (
            "The Democratic Republic of the Congo",
            r"republic of the congo|\bcongo\b(?! \(brazzaville\))|zaire",
        ),
        ("India-Pakistan", r"india-pakistan|india/pakistan|india and pakistan|kashmir|bangladesh"),
        ("Korea", r"\bkorea"),
        ("Indonesia", r"indonesia"),
        ("Greece", r"\bgreek\b|\bgreece\b"),
        ("Cyprus", r"cyprus"),
        ("Timor-Leste", r"\btimor"),
        ("UNPROFOR", r"unprofor|united nations protection force"),
        ("Bosnia and Herzegovina", r"bosnia"),
        ("Croatia", r"croatia"),
        ("Former Yugoslavia", r"yugoslavia"),
        ("Central America: efforts towards peace", r"central america|nicaragua|el salvador"),
        ("Western Sahara", r"western sahara"),
        ("Afghanistan", r"afghanistan"),
        ("Cambodia", r"cambodia|kampuchea"),
        ("Libya", r"libya"),
        ("Falkland Islands (Malvinas)", r"falkland|malvinas"),
        ("Non-proliferation", r"atomic|armaments|nuclear|bacterial"),
        ("Trieste", r"trieste"),
        ("Spain", r"spanish question"),
        ("Czechoslovakia", r"czechoslova"),
        ("Rwanda", r"rwanda"),
        ("Nagorny Karabakh", r"karabakh|azerbaijan|armenia"),
        (
            "Cooperation with regional/subregional organizations",
            r"cooperation between the united nations and regional",
        ),
        (
            "Maintenance of international peace and security",
            r"maintenance of international peace and security",
        ),
        (
            "Threats to international peace and security",
            r"threats? to international peace and security",
        ),
    )
)

_AGENDA_PREFIX = re.compile(
    r"^(the )?((situation|question|questions|complaints?) (in|concerning|of|relating to|between"
    r"|by|regarding)|items relating to( the situation in)?)( the)?\s+|^the\s+",
    re.IGNORECASE,
)
_LETTER = re.compile(r"^(identical )?letters?\b|^note by|^report", re.IGNORECASE)


class Classifiable(Protocol):
    """What :func:`classify` reads of a decision (:class:`~vetowatch.council.reconcile.Decision`
    has these attributes)."""

    @property
    def date(self) -> date: ...
    @property
    def agenda(self) -> str | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def subjects(self) -> tuple[str, ...]: ...
    @property
    def topic(self) -> str | None: ...


@dataclass(frozen=True)
class Classification:
    """The topic and kind of one decision, and the rule that gave each."""

    topic: str | None
    topic_rule: str  # source | middle-east-title | agenda-table | rule-table | calendar | ...
    kind: str
    kind_rule: str  # text | calendar | none
    anchor: int | None = None  # index of the earlier decision a calendar rule followed


def fold(text: str | None) -> str:
    """A folded key for agenda items and topics: lower case, no punctuation or small words."""
    if not text:
        return ""
    return " ".join(w for w in _NOT_ALNUM.split(text.lower()) if w and w not in _FOLD_STOP)


def _clean(text: str | None) -> str:
    return " ".join((text or "").replace("\xa0", " ").lower().split())


def learn_agenda_topics(pairs: Iterable[tuple[str | None, str | None]]) -> dict[str, str]:
    """Agenda key → topic, for agenda items that the source files under one topic (rule 3).

    ``pairs`` are (agenda item, topic) as the source gives them. Labels are compared folded;
    the most common spelling of the winning label is returned.
    """
    by_agenda: dict[str, Counter[str]] = defaultdict(Counter)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for agenda, topic in pairs:
        if agenda and topic:
            by_agenda[fold(agenda)][fold(topic)] += 1
            spellings[fold(topic)][topic] += 1
    table: dict[str, str] = {}
    for key, counts in by_agenda.items():
        label, n = counts.most_common(1)[0]
        total = sum(counts.values())
        if key and total >= 2 and n / total >= AGENDA_TABLE_SHARE:
            table[key] = spellings[label].most_common(1)[0][0]
    return table


def shorten_agenda(agenda: str) -> str:
    """Rule 7: "The situation in Ruritania" → "Ruritania", "The Zendan question" → "Zendan
    question"; other items as they are (without a final full stop)."""
    text = " ".join(agenda.split()).rstrip(".")
    short = _AGENDA_PREFIX.sub("", text, count=1)
    return short[0].upper() + short[1:] if short else text


def _country(text: str) -> str | None:
    """The state of the members table named first in ``text`` (rule 6), by its display name."""
    folded = f" {normalise_name(text)} "
    best: tuple[int, str] | None = None
    for name, display in _country_index():
        at = folded.find(f" {name} ")
        if at >= 0 and (best is None or at < best[0]):
            best = (at, display)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _country_index() -> tuple[tuple[str, str], ...]:
    """(folded name, display name) for every state in the members table."""
    names = ((normalise_name(member_name(code)), member_name(code)) for code in all_codes())
    return tuple((folded, display) for folded, display in names if len(folded) > 3)


def topic_from_text(
    agenda: str | None,
    title: str | None,
    table: dict[str, str] | None = None,
    subjects: Sequence[str] = (),
) -> tuple[str | None, str]:
    """Rules 2–4 and 6–7 (all but the calendar) on one decision: ``(topic, rule)``.

    An agenda item or title without a letter or digit counts as missing."""
    agenda, title = _text_or_none(agenda), _text_or_none(title)
    ag, ti = _clean(agenda), _clean(title)
    described = _clean(" ".join((title or "", *subjects)))
    if _MIDDLE_EAST.match(ag) and described:
        for label, pattern in MIDDLE_EAST_RULES:
            if pattern.search(described):
                return label, "middle-east-title"
    if table and fold(agenda) in table:
        return table[fold(agenda)], "agenda-table"
    for text in (ag, ti):
        if not text or (text is ag and _MIDDLE_EAST.match(ag)):
            continue
        for label, pattern in TOPIC_RULES:
            if pattern.search(text):
                return label, "rule-table"
    if _is_generic(ag):
        return None, "generic"
    return _fallback(agenda, title)


def _text_or_none(text: str | None) -> str | None:
    text = " ".join((text or "").split())
    return text if any(ch.isalnum() for ch in text) else None


def _is_generic(agenda: str) -> bool:
    return bool(_MIDDLE_EAST.match(agenda) or _LETTER.match(agenda))


def _fallback(agenda: str | None, title: str | None) -> tuple[str | None, str]:
    """Rules 6 and 7. Titles are not searched for states: many name only the submitters."""
    agenda, title = _text_or_none(agenda), _text_or_none(title)
    if agenda:
        found = _country(agenda)
        if found:
            return found, "country"
        return shorten_agenda(agenda), "agenda"
    if title:
        return shorten_agenda(title), "title"
    return None, "none"


def _calendar(day: date, history: Sequence[tuple[date, int]]) -> int | None:
    """The index of the earlier decision 6 or 12 months before ``day`` (closest first)."""
    best: tuple[int, int] | None = None
    for earlier, index in history:
        gap = (day - earlier).days
        if gap <= 0:
            continue
        miss = min(abs(gap - period) for period in CALENDAR_PERIODS_DAYS)
        if miss <= CALENDAR_WINDOW_DAYS and (best is None or miss < best[0]):
            best = (miss, index)
    return best[1] if best else None


_RENEWS = {
    "mandate-renewal": "mandate-renewal",
    "peacekeeping": "mandate-renewal",
    "sanctions": "mandate-renewal",
}


def classify(decisions: Sequence[Classifiable]) -> list[Classification]:
    """Topic and kind of each decision (in date order), by the rules in the module docstring.

    ``decisions`` must be sorted by date: the calendar rules look only at earlier ones.
    """
    table = learn_agenda_topics((d.agenda, d.topic) for d in decisions)
    by_agenda: dict[str, list[tuple[date, int]]] = defaultdict(list)
    by_topic: dict[str, list[tuple[date, int]]] = defaultdict(list)
    out: list[Classification] = []
    for i, dec in enumerate(decisions):
        text_kind = draft_kind(dec.title, dec.agenda, dec.subjects)
        topic, topic_rule, anchor = _topic(dec, text_kind, table, out, by_agenda)
        kind, kind_rule, kind_anchor = _kind(dec.date, text_kind, topic, out, by_topic)
        if kind_rule == "calendar":
            anchor = kind_anchor
        out.append(Classification(topic, topic_rule, kind, kind_rule, anchor))
        if dec.agenda:
            by_agenda[fold(dec.agenda)].append((dec.date, i))
        if topic:
            by_topic[fold(topic)].append((dec.date, i))
    return out


def _renewals(
    history: Sequence[tuple[date, int]], done: Sequence[Classification]
) -> list[tuple[date, int]]:
    return [(d, i) for d, i in history if done[i].kind in _RENEWS and done[i].topic]


def _topic(
    dec: Classifiable,
    text_kind: str,
    table: dict[str, str],
    done: Sequence[Classification],
    by_agenda: dict[str, list[tuple[date, int]]],
) -> tuple[str | None, str, int | None]:
    """Rules 1–7. The calendar (rule 5) follows only a renewal, for a draft whose words say it
    is a renewal or say nothing of its kind: a crisis draft does not keep a cycle."""
    if dec.topic:
        return dec.topic, "source", None
    topic, rule = topic_from_text(dec.agenda, dec.title, table, dec.subjects)
    if topic is not None or not dec.agenda:
        return topic, rule, None
    if text_kind in ("other", "mandate-renewal"):
        anchor = _calendar(dec.date, _renewals(by_agenda[fold(dec.agenda)], done))
        if anchor is not None:
            return done[anchor].topic, "calendar", anchor
    topic, rule = _fallback(dec.agenda, dec.title)
    return topic, rule, None


def _kind(
    day: date,
    kind: str,
    topic: str | None,
    done: Sequence[Classification],
    by_topic: dict[str, list[tuple[date, int]]],
) -> tuple[str, str, int | None]:
    if kind != "other" or not topic:
        return kind, ("text" if kind != "other" else "none"), None
    anchor = _calendar(day, _renewals(by_topic[fold(topic)], done))
    if anchor is None:
        return "other", "none", None
    return _RENEWS[done[anchor].kind], "calendar", anchor


# -- what `data check` reports -------------------------------------------------------------------

KIND_OTHER_LIMITS: tuple[tuple[int, float], ...] = ((1946, 0.80), (1994, 0.30))
"""The most a year's drafts may have kind ``other``, from the year given on: before 1994 the
library describes many drafts only by their submitters, so the text cannot tell the kind."""


def kind_other_limit(year: int) -> float:
    """The stated limit on the share of kind ``other`` in ``year`` (:data:`KIND_OTHER_LIMITS`)."""
    limit = KIND_OTHER_LIMITS[0][1]
    for since, share in KIND_OTHER_LIMITS:
        if year >= since:
            limit = share
    return limit


class Located(Classifiable, Protocol):
    """A decision with its symbol and the source file and line it was first read from."""

    @property
    def symbol(self) -> str: ...
    @property
    def origin(self) -> tuple[str, int | None]: ...


@dataclass(frozen=True)
class RuleNote:
    """A note for ``data check``: the same fields as the record's notes."""

    source: str
    line: int | None
    kind: str  # topic-missing | topic-by-calendar | kind-by-calendar | kind-other | ...
    status: str  # corrected | inconsistent | info
    detail: str


def rule_notes(decisions: Sequence[Located], found: Sequence[Classification]) -> list[RuleNote]:
    """Notes on the topic and kind rules: each decision left without a topic or with kind
    ``other`` (file and line of its first source), each calendar inference, and per year the
    share of kind ``other`` against :func:`kind_other_limit`."""
    notes: list[RuleNote] = []
    for dec, got in zip(decisions, found, strict=True):
        notes.extend(_decision_notes(dec, got, decisions))
    notes.extend(_year_notes(decisions, found))
    return notes


def _decision_notes(
    dec: Located, got: Classification, decisions: Sequence[Located]
) -> list[RuleNote]:
    source, line = dec.origin
    anchor = decisions[got.anchor].symbol if got.anchor is not None else "?"
    notes = []
    if got.topic is None:
        status = "inconsistent" if (dec.agenda or dec.title) else "info"
        notes.append(
            RuleNote(
                source,
                line,
                "topic-missing",
                status,
                f"{dec.symbol} ({dec.date}): no rule gives a topic (agenda {dec.agenda!r})",
            )
        )
    elif got.topic_rule == "calendar":
        notes.append(
            RuleNote(
                source,
                line,
                "topic-by-calendar",
                "corrected",
                f"{dec.symbol} ({dec.date}): agenda {dec.agenda!r} names no single "
                f"question; topic {got.topic!r} of {anchor}, 6 or 12 months "
                "earlier on the same agenda item",
            )
        )
    if got.kind_rule == "calendar":
        notes.append(
            RuleNote(
                source,
                line,
                "kind-by-calendar",
                "corrected",
                f"{dec.symbol} ({dec.date}): its title, agenda item and subjects give no kind; "
                f"{anchor} on {got.topic!r} was one 6 or 12 months earlier, so "
                f"{got.kind}",
            )
        )
    elif got.kind == "other":
        notes.append(
            RuleNote(
                source,
                line,
                "kind-other",
                "info",
                f"{dec.symbol} ({dec.date}) on {got.topic!r}: no rule gives a kind "
                f"(title {dec.title!r})",
            )
        )
    return notes


def _year_notes(decisions: Sequence[Located], found: Sequence[Classification]) -> list[RuleNote]:
    totals: Counter[int] = Counter(d.date.year for d in decisions)
    other: Counter[int] = Counter(
        d.date.year for d, c in zip(decisions, found, strict=True) if c.kind == "other"
    )
    topics: dict[int, Counter[str]] = defaultdict(Counter)
    for dec, got in zip(decisions, found, strict=True):
        topics[dec.date.year][got.topic_rule] += 1
    notes = []
    for year in sorted(totals):
        share, limit = other[year] / totals[year], kind_other_limit(year)
        notes.append(
            RuleNote(
                "rules",
                None,
                "kind-other-share",
                "info" if share <= limit else "inconsistent",
                f"{year}: {other[year]} of {totals[year]} drafts ({share:.0%}) have kind other; "
                f"limit {limit:.0%}",
            )
        )
        rules = ", ".join(f"{rule} {n}" for rule, n in sorted(topics[year].items()))
        notes.append(
            RuleNote(
                "rules",
                None,
                "topic-rules",
                "info",
                f"{year}: topics of {totals[year]} drafts by rule: {rules}",
            )
        )
    return notes
