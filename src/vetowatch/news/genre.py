"""What kind of text an article is, and whose publication it is.

News reports speech in the third person; an official text speaks for its publisher. The
extractor reads each genre by its own convention (``docs/extraction.md`` "Genres"):

* ``news``: the default;
* ``briefing``: a press briefing, gaggle or press call transcript (``MR. KIRBY:`` turns and
  the reporters' ``Q`` turns);
* ``readout``: "Readout of President Biden's Call with …";
* ``joint``: a joint statement or declaration of several governments;
* ``speech``: remarks, addresses, a UN General Debate speech (first person = the speaker);
* ``statement``: "Statement from President Joe Biden on …" (first person = its author).

:func:`detect_genre` reads the record's own ``genre`` key first (a user's choice), then its
metadata (category, title, ``iso3``), then the text's shape. :func:`host_of` names the
government that publishes a text (``whitehouse.gov`` → USA), from a small table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlparse

if TYPE_CHECKING:
    from vetowatch.news.article import Article

GENRES = ("news", "briefing", "readout", "joint", "speech", "statement")
GENRE_KEY = "genre"


@dataclass(frozen=True)
class Host:
    """The publisher of an official text: its country (``USA``), actor code (``USAGOV``)
    and how a via chain names it (``the White House``)."""

    country: str
    actor: str
    name: str


_US = ("USA", "USAGOV")
# domain (a suffix of the URL's host name) → (country, actor, name)
HOSTS: dict[str, tuple[str, str, str]] = {
    "whitehouse.gov": (*_US, "the White House"),
    "bidenwhitehouse.archives.gov": (*_US, "the White House"),
    "obamawhitehouse.archives.gov": (*_US, "the White House"),
    "trumpwhitehouse.archives.gov": (*_US, "the White House"),
    "state.gov": (*_US, "the State Department"),
    "defense.gov": ("USA", "USAMIL", "the Pentagon"),
    "usun.usmission.gov": (*_US, "the US Mission to the UN"),
    "kremlin.ru": ("RUS", "RUSGOV", "the Kremlin"),
    "mid.ru": ("RUS", "RUSGOV", "the Russian Foreign Ministry"),
    "fmprc.gov.cn": ("CHN", "CHNGOV", "the Chinese Foreign Ministry"),
    "gov.uk": ("GBR", "GBRGOV", "the UK Government"),
    "elysee.fr": ("FRA", "FRAGOV", "the Élysée"),
    "diplomatie.gouv.fr": ("FRA", "FRAGOV", "the French Foreign Ministry"),
    "un.org": ("IGO", "IGOUNO", "the United Nations"),
}
# a record's source name (lower case) → domain in HOSTS
SOURCE_HOSTS = {
    "white house": "whitehouse.gov",
    "the white house": "whitehouse.gov",
    "state department": "state.gov",
    "kremlin": "kremlin.ru",
    "united nations": "un.org",
}


def host_of(url: str | None, source: str | None = None) -> Host | None:
    """The publishing government of a text from its URL (or source name), if in the table."""
    netloc = urlparse(url).netloc.lower() if url else ""
    netloc = netloc.rsplit("@", 1)[-1].split(":", 1)[0]
    for domain in sorted(HOSTS, key=len, reverse=True):
        if netloc == domain or netloc.endswith("." + domain):
            return Host(*HOSTS[domain])
    named = SOURCE_HOSTS.get((source or "").strip().lower())
    return Host(*HOSTS[named]) if named else None


# -- transcript labels (text only: the turns themselves are vetowatch.extract.transcript) ------

# a line that opens with an upper-case speaker label and a colon: "MR. KIRBY:", "THE PRESIDENT:"
_LABEL = re.compile(
    r"^[ \t\u00a0>*]*(?P<label>[A-Z][A-Z.’'\- ]{0,48}[A-Z.])\**:\**(?=[\s\u00a0]|$)", re.MULTILINE
)
# a reporter's turn: "Q", "Q:" or "Q." at the start of a line, then space
_QUESTION = re.compile(r"^[ \t\u00a0>*]*(?P<label>Q)(?:[:.]|\**)?(?=[ \t\u00a0]|$)", re.MULTILINE)
HONORIFICS = frozenset(
    {
        "MR", "MS", "MRS", "DR", "THE", "PRESIDENT", "VICE", "PRIME", "MINISTER", "SECRETARY",
        "ADMIRAL", "GENERAL", "AMBASSADOR", "SENATOR", "GOVERNOR", "CHANCELLOR", "KING",
        "OFFICIAL", "OFFICIALS", "SPOKESPERSON", "SPOKESMAN", "SPOKESWOMAN", "MODERATOR",
        "OPERATOR", "AUDIENCE", "PARTICIPANT", "PARTICIPANTS", "AIDE", "STAFF", "REPORTER",
        "CROWD", "LEADER", "DIRECTOR", "ADVISOR", "ADVISER", "COORDINATOR", "SPEAKER",
        "CHAIR", "CHAIRMAN", "CHAIRWOMAN", "COLONEL", "CAPTAIN", "FIRST", "LADY",
    }
)


@dataclass(frozen=True)
class Label:
    """A speaker label at the start of a line: its text and character span (with colon)."""

    text: str
    start: int
    end: int


def _is_speaker_label(label: str) -> bool:
    words = [w.strip(".’'") for w in label.split()]
    return 0 < len(words) <= 6 and any(w in HONORIFICS for w in words)


def transcript_labels(text: str) -> list[Label]:
    """Every speaker label that opens a line (``MR. KIRBY:``, ``Q``), in text order.

    A label is upper case with an honorific or role word (``MR.``, ``THE PRESIDENT``,
    ``SENIOR ADMINISTRATION OFFICIAL``, ``MODERATOR``) or the reporter's ``Q``; all-caps
    headings such as ``AIPAC:`` are not labels."""
    found = [
        Label(m.group("label").strip(), m.start("label"), m.end())
        for m in _LABEL.finditer(text)
        if _is_speaker_label(m.group("label"))
    ]
    found += [Label("Q", m.start("label"), m.end()) for m in _QUESTION.finditer(text)]
    return sorted(found, key=lambda label: label.start)


def looks_like_transcript(text: str) -> bool:
    """Two or more speaker labels and at least one reporter's ``Q`` turn."""
    labels = transcript_labels(text)
    questions = sum(1 for label in labels if label.text == "Q")
    return questions >= 1 and len(labels) - questions >= 2


# -- the genre --------------------------------------------------------------------------------

_BRIEFING_TITLE = re.compile(
    r"\b(press (briefing|gaggle|call|conference)|gaggle|background (press )?call|"
    r"on-the-record (press )?call|media availability)\b",
    re.IGNORECASE,
)
_JOINT_TITLE = re.compile(
    r"\bjoint (statement|declaration|communiqu[eé]|readout)\b|\bleaders[’']? (statement|"
    r"declaration|communiqu[eé])\b",
    re.IGNORECASE,
)
_SPEECH_TITLE = re.compile(
    r"^(remarks|address|speech)\b|\baddress (by|to|of)\b|\bremarks (by|of)\b", re.IGNORECASE
)
_SPEECH_START = re.compile(r"^(remarks|address|speech)\b", re.IGNORECASE)
_STATEMENT_TITLE = re.compile(r"^statement (from|by|of)\b", re.IGNORECASE)
_NEWS_TITLE = re.compile(r"^(what they are saying|icymi|fact sheet)\b", re.IGNORECASE)
CATEGORY_GENRES = {
    "press-briefings": "briefing",
    "speeches-remarks": "speech",
    "remarks": "speech",
}


def genre_from(
    title: str | None, text: str, meta: Mapping[str, str], url: str | None = None
) -> str:
    """The genre of a text from its record (see the module docstring); ``news`` by default."""
    chosen = (meta.get(GENRE_KEY) or "").strip().lower()
    if chosen in GENRES:
        return chosen
    heading = (title or "").strip()
    category = (meta.get("category") or "").strip().lower()
    if not category and url and not heading:
        category = next((c for c in CATEGORY_GENRES if f"/{c}/" in url), "")
    if _NEWS_TITLE.search(heading):
        return "news"
    if category == "press-briefings":
        return "briefing"
    if _SPEECH_START.search(heading):
        return "speech"
    if _BRIEFING_TITLE.search(heading):
        return "briefing"
    if heading.lower().startswith("readout of"):
        return "readout"
    if _JOINT_TITLE.search(heading):
        return "joint"
    if _STATEMENT_TITLE.search(heading):
        return "statement"
    if _SPEECH_TITLE.search(heading) or category in CATEGORY_GENRES:
        return CATEGORY_GENRES.get(category, "speech")
    if meta.get("iso3") or meta.get("speaker_actor"):
        return "speech"
    return "briefing" if looks_like_transcript(text) else "news"


def detect_genre(article: Article) -> str:
    """The genre of ``article``: one of :data:`GENRES` (see :func:`genre_from`)."""
    return genre_from(article.title, article.text, article.meta, article.url)


__all__ = [
    "GENRES",
    "Host",
    "Label",
    "detect_genre",
    "genre_from",
    "host_of",
    "looks_like_transcript",
    "transcript_labels",
]
