"""Transcripts and official titles: who speaks each turn, and who takes part in a text.

A press-briefing transcript is a sequence of labelled turns (``MR. KIRBY:``, ``Q``,
``THE PRESIDENT:``). :func:`split_turns` cuts the text into :class:`Turn` records with their
character spans, the label's role (``official``, ``reporter``, ``moderator``, ``other``),
the resolved speaker ("MS. JEAN-PIERRE" → "Karine Jean-Pierre", named in the title) and an
actor code. :func:`title_people` reads the people an official title names ("Readout of
President Biden's Call with President Mahmoud Abbas of the Palestinian Authority") with
their codes: "of <country>" gives the country, else the actor tables on the date, else the
publishing government (:class:`vetowatch.news.genre.Host`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from vetowatch.extract.actors import ActorDictionary
from vetowatch.extract.actors.phoenix import normalise_name
from vetowatch.extract.lexicon import Lexicon
from vetowatch.news.genre import Host, transcript_labels

ROLES = ("official", "reporter", "moderator", "other")
MODERATORS = frozenset({"MODERATOR", "OPERATOR", "CHAIR", "CHAIRMAN", "CHAIRWOMAN"})
OTHERS = frozenset(
    {"AUDIENCE", "PARTICIPANT", "PARTICIPANTS", "AIDE", "STAFF", "CROWD", "REPORTER", "MEMBER"}
)
HONORIFIC_WORDS = frozenset(
    {
        "MR", "MS", "MRS", "DR", "THE", "PRESIDENT", "VICE", "PRIME", "MINISTER", "SECRETARY",
        "ADMIRAL", "GENERAL", "AMBASSADOR", "SENATOR", "GOVERNOR", "CHANCELLOR", "KING",
        "FOREIGN", "DEFENSE", "DEFENCE", "SPOKESPERSON", "COLONEL", "CAPTAIN", "DEPUTY",
    }
)
HEAD_ROLES = frozenset({"PRESIDENT", "PRIME", "CHANCELLOR", "KING"})

# who held the office on a date: country → (first day, name), in order
HEADS_OF_STATE: dict[str, tuple[tuple[date, str], ...]] = {
    "USA": ((date(2009, 1, 20), "Barack Obama"), (date(2017, 1, 20), "Donald Trump"),
            (date(2021, 1, 20), "Joe Biden"), (date(2025, 1, 20), "Donald Trump")),
    "RUS": ((date(2000, 5, 7), "Vladimir Putin"), (date(2008, 5, 7), "Dmitry Medvedev"),
            (date(2012, 5, 7), "Vladimir Putin")),
    "FRA": ((date(2007, 5, 16), "Nicolas Sarkozy"), (date(2012, 5, 15), "François Hollande"),
            (date(2017, 5, 14), "Emmanuel Macron")),
    "CHN": ((date(2003, 3, 15), "Hu Jintao"), (date(2013, 3, 14), "Xi Jinping")),
    "UKR": ((date(2014, 6, 7), "Petro Poroshenko"), (date(2019, 5, 20), "Volodymyr Zelenskyy")),
}
VICE_PRESIDENTS: dict[str, tuple[tuple[date, str], ...]] = {
    "USA": ((date(2009, 1, 20), "Joe Biden"), (date(2017, 1, 20), "Mike Pence"),
            (date(2021, 1, 20), "Kamala Harris"), (date(2025, 1, 20), "JD Vance")),
}


def office_holder(
    table: dict[str, tuple[tuple[date, str], ...]], country: str, day: date | None
) -> str | None:
    """The holder of an office in ``table`` on ``day`` (the latest one without a date)."""
    terms = table.get(country, ())
    if not terms:
        return None
    if day is None:
        return terms[-1][1]
    index = bisect_right([start for start, _ in terms], day) - 1
    return terms[index][1] if index >= 0 else None


# -- the people a title names -------------------------------------------------------------------

TITLE_ROLES = (
    "Principal Deputy National Security Advisor", "Deputy National Security Advisor",
    "National Security Advisor to the Vice President", "National Security Advisor",
    "NSC Coordinator for Strategic Communications", "NSC Middle East Coordinator",
    "NSC Spokesperson", "Deputy Press Secretary", "Press Secretary", "Secretary of State",
    "Secretary of Defense", "Secretary General of the United Nations", "Secretary-General",
    "Secretary General", "Vice President", "President", "Crown Prince and Prime Minister",
    "Prime Minister", "Crown Prince", "Foreign Minister", "Defense Minister", "Chancellor",
    "His Majesty King", "King", "Amir Sheikh", "Amir", "Sultan", "His Holiness Pope", "Pope",
    "Secretary", "Ambassador", "Admiral", "General", "Senator", "Director", "Coordinator",
    "Spokesperson", "Special Envoy", "Envoy",
)
_ROLE = re.compile(r"\b(" + "|".join(re.escape(r) for r in TITLE_ROLES) + r")\b")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.\-’']*|bin|bint|al|el|de|von|van|der|da|Al-\w+)$")
_NAME_STOP = frozenset(
    {
        "Call", "Calls", "Meeting", "Meetings", "Travel", "Trip", "Virtual", "Joint", "Press",
        "Conference", "Before", "Bilateral", "En", "Route", "Statement", "Remarks", "Readout",
        "Briefing", "Gaggle", "On", "In", "With", "And", "To", "For", "The", "Of", "Regarding",
        "Welcoming", "Condemning", "Announcing", "Following", "At", "During", "After",
    }
)
_POSSESSIVE = re.compile(r"[’']s?$")


@dataclass(frozen=True)
class Person:
    """Someone an official text names: display name, role, actor code, whether they
    belong to the publishing government."""

    name: str
    role: str
    actor: str | None
    host: bool = False

    @property
    def surname(self) -> str:
        words = self.name.replace(",", " ").split()
        words = [w for w in words if w not in ("Jr.", "Jr", "Sr.", "II", "III")]
        return words[-1] if words else ""

    def named(self, text: str) -> bool:
        """``text`` names this person by surname ("President Abbas", "Kirby")."""
        surname = self.surname.lower()
        if not surname or surname in ("president", "pope"):
            return False
        return re.search(rf"\b{re.escape(surname)}\b", text.lower()) is not None

    def titled(self, text: str) -> bool:
        """``text`` is this person's bare role ("the President", "The Prime Minister")."""
        bare = re.sub(r"^(the|his|her)\s+", "", text.lower()).strip()
        return bool(self.role) and bare == self.role.lower()


def who_is(text: str, people: Sequence[Person]) -> list[Person]:
    """The people ``text`` names: by surname, else by bare role (the host's first: in a
    White House readout "the President" is the US President)."""
    named = [p for p in people if p.named(text)]
    if named:
        return named
    titled = sorted((p for p in people if p.titled(text)), key=lambda p: not p.host)
    return titled[:1]


def _place_code(phrase: str, lexicon: Lexicon) -> str | None:
    """The actor code of the longest place or organisation name inside ``phrase``."""
    words = phrase.replace("’s", "").replace("'s", "").split()
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            name = " ".join(words[i:i + size]).strip(",.:;|")
            place = lexicon.places.get(name) or lexicon.places.get(name.removeprefix("the "))
            if place is None:
                continue
            if place.kind in ("country", "demonym", "seat"):
                return place.code + "GOV"
            if place.kind == "igo":
                return place.code
    return None


_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III"})


def _name_after(words: list[str]) -> list[str]:
    """The name at the start of ``words``: capitalised words up to a possessive, a comma
    or a stop word; "Joseph R. Biden, Jr." keeps its suffix."""
    name: list[str] = []
    for i, word in enumerate(words):
        bare = _POSSESSIVE.sub("", word)
        if name and bare.rstrip(",") in _SUFFIXES:
            name.append(bare.rstrip(","))
            break
        if not bare or bare.rstrip(",") in _NAME_STOP or not _NAME_WORD.match(bare.rstrip(",")):
            break
        name.append(bare.rstrip(","))
        following = words[i + 1] if i + 1 < len(words) else ""
        if word.endswith(",") and _POSSESSIVE.sub("", following).rstrip(",") in _SUFFIXES:
            continue
        if bare != word or word.endswith(","):
            break
    return name


def _country_after(rest: str, lexicon: Lexicon) -> str | None:
    match = re.match(r"\s*of\s+(?P<where>.+?)(?=\s+and\s|,|\||\s+on\s|\s+in\s|:|$)", rest)
    return _place_code(match.group("where"), lexicon) if match else None


def _full_name_code(name: str, day: date | None, actors: ActorDictionary) -> str | None:
    """A title's "von der Leyen": the code of the one full name in the tables that ends so."""
    key = " " + normalise_name(name)
    full = {n for n in actors.names if n.endswith(key)}
    return actors.code(next(iter(full)), day) if len(full) == 1 else None


def _person_code(
    name: str, country: str | None, day: date | None, host: Host | None, actors: ActorDictionary
) -> tuple[str | None, bool]:
    if country is not None:
        return country, host is not None and country == host.actor
    code = actors.code(name, day) if name else None
    if code is None and name[:1].islower():
        code = _full_name_code(name, day, actors)
    surname = name.split()[-1] if name else ""
    if code is None and surname and len(name.split()) > 1:
        code = actors.code(surname, day)
    if code and len(code) >= 5 and code[:3].isalpha() and (
        code[3:6] == "GOV" or code.startswith("IGO")
    ):
        return code, host is not None and code[:3] == host.country
    if host is not None:
        return host.actor, True
    return code, False


def title_people(
    title: str | None,
    lexicon: Lexicon,
    actors: ActorDictionary,
    day: date | None = None,
    host: Host | None = None,
) -> list[Person]:
    """The people an official title names, in order ("President Mahmoud Abbas of the
    Palestinian Authority" → PSEGOV; "President Biden" on a White House page → USAGOV)."""
    if not title:
        return []
    people: list[Person] = []
    for match in _ROLE.finditer(title):
        role = match.group(1)
        if role == "President" and title[max(0, match.start() - 5):match.start()] == "Vice ":
            continue
        rest = title[match.end():]
        name = _name_after(rest.split()[:6])
        after = rest
        if name:
            position = rest.find(name[-1]) + len(name[-1])
            after = rest[position:]
            after = after[2:] if after.startswith(("’s", "'s")) else after
        before = " ".join(title[:match.start()].split()[-3:])
        country = _country_after(after, lexicon) or _place_code(before, lexicon)
        if role.startswith("Secretary General of"):
            country = _place_code(role, lexicon)
        display = " ".join(name) if len(name) > 1 else f"{role} {name[0]}" if name else (
            f"the {role}"
        )
        actor, is_host = _person_code(" ".join(name), country, day, host, actors)
        if all(p.name != display for p in people):
            people.append(Person(display, role, actor, is_host))
    return people


# -- turns ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """One labelled turn: ``start`` (the label) to ``end``; ``body`` where its words start."""

    start: int
    body: int
    end: int
    label: str
    role: str  # official | reporter | moderator | other
    speaker: str | None
    actor: str | None


def label_role(label: str) -> str:
    """``official``, ``reporter`` (``Q``), ``moderator`` or ``other`` for a speaker label."""
    words = {w.strip(".’'") for w in label.upper().split()}
    if label.strip().rstrip(":") == "Q":
        return "reporter"
    if words & MODERATORS:
        return "moderator"
    if words & OTHERS and not words & {"OFFICIAL", "OFFICIALS"}:
        return "other"
    return "official"


def _surname_words(label: str) -> list[str]:
    return [w for w in label.replace(".", " ").split() if w.upper() not in HONORIFIC_WORDS]


def _name_in_text(surname: str, text: str) -> str | None:
    """``Admiral John Kirby`` in the text gives "John Kirby" for the label ``MR. KIRBY``."""
    pattern = rf"\b([A-Z][a-z]+(?:\s+[A-Z]\.)?)\s+((?i:{re.escape(surname)}))\b"
    for match in re.finditer(pattern, text):
        if match.group(1).split()[0].upper() not in HONORIFIC_WORDS:
            return f"{match.group(1)} {match.group(2)}"
    return None


@dataclass(frozen=True)
class Cast:
    """What a transcript's labels are resolved against."""

    people: Sequence[Person]
    host: Host | None
    day: date | None
    actors: ActorDictionary
    text: str = ""


def resolve_label(label: str, cast: Cast) -> tuple[str, str | None, str | None]:
    """(role, speaker, actor) of a turn label: ``MR. KIRBY`` → official, the person of the
    title with that surname (else a name in the text, else ``Mr. Kirby``), their code."""
    role = label_role(label)
    if role != "official":
        return role, None, None
    host = cast.host
    host_actor = host.actor if host else None
    upper = " ".join(label.upper().replace(".", "").split())
    if "OFFICIAL" in upper:
        return role, f"a {label.lower().rstrip('s')}", host_actor
    if upper in ("THE PRESIDENT", "THE VICE PRESIDENT"):
        wanted = "President" if upper == "THE PRESIDENT" else "Vice President"
        person = next((p for p in cast.people if p.role == wanted and p.host), None)
        table = HEADS_OF_STATE if wanted == "President" else VICE_PRESIDENTS
        name = person.name if person else (
            office_holder(table, host.country, cast.day) if host else None
        )
        return role, name or f"the {wanted}", host_actor
    surname = " ".join(_surname_words(label))
    if not surname:
        return role, label.title(), host_actor
    for person in cast.people:
        if person.surname.upper() == surname.upper() or person.name.upper().endswith(surname):
            return role, person.name, person.actor
    name = _name_in_text(surname, cast.text) or label.title()
    code = cast.actors.code(name, cast.day) if name else None
    words = set(upper.split())
    head = office_holder(HEADS_OF_STATE, host.country, cast.day) if host else None
    foreign_head = bool(words & HEAD_ROLES) and not (head and head.upper().endswith(surname))
    if code and code[:3].isalpha() and len(code) >= 6:
        return role, name, code
    return role, name, (None if foreign_head else host_actor)


def split_turns(text: str, cast: Cast) -> list[Turn]:
    """The labelled turns of a transcript, in order (text before the first label is in
    none); an empty list when the text has no labels."""
    labels = transcript_labels(text)
    turns: list[Turn] = []
    for i, label in enumerate(labels):
        end = labels[i + 1].start if i + 1 < len(labels) else len(text)
        body = label.end
        while body < end and text[body].isspace():
            body += 1
        role, speaker, actor = resolve_label(label.text, cast)
        turns.append(Turn(label.start, body, end, label.text, role, speaker, actor))
    return turns


def turn_at(turns: Sequence[Turn], char: int) -> Turn | None:
    """The turn that holds the character offset ``char``, if any."""
    index = bisect_right([t.start for t in turns], char) - 1
    if index < 0 or char >= turns[index].end:
        return None
    return turns[index]


__all__ = [
    "ROLES",
    "Cast",
    "Person",
    "Turn",
    "label_role",
    "office_holder",
    "resolve_label",
    "split_turns",
    "title_people",
    "turn_at",
    "who_is",
]
