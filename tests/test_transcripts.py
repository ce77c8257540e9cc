"""Transcripts: labelled turns, their roles, speakers and codes; the people of a title.

Every text here is invented for these tests, in the shape of a White House briefing.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vetowatch.extract.actors import ActorDictionary
from vetowatch.extract.lexicon import Lexicon, load_lexicon
from vetowatch.extract.transcript import (
    HEADS_OF_STATE,
    Cast,
    Person,
    label_role,
    office_holder,
    split_turns,
    title_people,
    turn_at,
    who_is,
)
from vetowatch.news.genre import host_of, transcript_labels

DAY = date(2023, 12, 12)
WHITE_HOUSE = host_of("https://www.whitehouse.gov/briefing-room/press-briefings/2023/12/12/x/")
TITLE = (
    "Press Briefing by Press Secretary Karine Jean-Pierre and NSC Coordinator for Strategic "
    "Communications John Kirby"
)
BRIEFING = """1:30 P.M. EST

MS. JEAN-PIERRE:  Good afternoon. Admiral John Kirby is here.

MR. KIRBY:  Thanks, Karine. We're deeply concerned about the civilians in Gaza.

Q    Will the United States call for a ceasefire?

THE PRESIDENT:  We support Israel's right to defend itself.

SENIOR ADMINISTRATION OFFICIAL:  We have nothing to announce.

MODERATOR:  Next question.

AUDIENCE MEMBER:  Ceasefire now!
"""


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="module")
def cast(lexicon: Lexicon) -> Cast:
    actors = ActorDictionary()
    people = title_people(TITLE, lexicon, actors, DAY, WHITE_HOUSE)
    return Cast(people, WHITE_HOUSE, DAY, actors, BRIEFING)


def test_host_from_the_url_or_source() -> None:
    assert WHITE_HOUSE is not None and WHITE_HOUSE.actor == "USAGOV"
    assert host_of("https://bidenwhitehouse.archives.gov/briefing-room/x").country == "USA"  # type: ignore[union-attr]
    assert host_of("http://en.kremlin.ru/events/president/news/1").actor == "RUSGOV"  # type: ignore[union-attr]
    assert host_of("https://www.fmprc.gov.cn/eng/x").actor == "CHNGOV"  # type: ignore[union-attr]
    assert host_of("https://press.un.org/en/2023/sc1.doc.htm").actor == "IGOUNO"  # type: ignore[union-attr]
    assert host_of(None, "The White House").actor == "USAGOV"  # type: ignore[union-attr]
    assert host_of("https://www.reuters.com/world/x") is None
    assert host_of("https://notwhitehouse.gov.example.com/") is None


def test_labels_and_roles() -> None:
    labels = [label.text for label in transcript_labels(BRIEFING)]
    assert labels == [
        "MS. JEAN-PIERRE", "MR. KIRBY", "Q", "THE PRESIDENT", "SENIOR ADMINISTRATION OFFICIAL",
        "MODERATOR", "AUDIENCE MEMBER",
    ]
    roles = [label_role(label) for label in labels]
    assert roles == ["official", "official", "reporter", "official", "official", "moderator",
                     "other"]
    assert transcript_labels("AIPAC: a heading, not a speaker\n\nWASHINGTON — news") == []


def test_turn_spans_speakers_and_codes(cast: Cast) -> None:
    turns = split_turns(BRIEFING, cast)
    by_label = {t.label: t for t in turns}
    kirby = by_label["MR. KIRBY"]
    assert (kirby.speaker, kirby.actor, kirby.role) == ("John Kirby", "USAGOV", "official")
    assert BRIEFING[kirby.body:kirby.end].startswith("Thanks, Karine.")
    assert BRIEFING[kirby.start:kirby.body].startswith("MR. KIRBY:")
    assert by_label["MS. JEAN-PIERRE"].speaker == "Karine Jean-Pierre"
    assert by_label["THE PRESIDENT"].speaker == "Joe Biden"  # the host's president that day
    assert by_label["THE PRESIDENT"].actor == "USAGOV"
    official = by_label["SENIOR ADMINISTRATION OFFICIAL"]
    assert (official.speaker, official.actor) == ("a senior administration official", "USAGOV")
    question = by_label["Q"]
    assert (question.role, question.speaker, question.actor) == ("reporter", None, None)
    assert turn_at(turns, BRIEFING.index("ceasefire?")) is question
    assert turn_at(turns, 0) is None  # the time line before the first label
    assert all(a.end == b.start for a, b in itertools.pairwise(turns))


def test_label_resolved_from_the_text_when_the_title_lacks_it(lexicon: Lexicon) -> None:
    text = "MS. SIMONS:  Hi. Deputy Press Secretary Emilie Simons here.\n\nQ  Hi."
    cast = Cast([], WHITE_HOUSE, DAY, ActorDictionary(), text)
    turn = split_turns(text, cast)[0]
    assert (turn.speaker, turn.actor) == ("Emilie Simons", "USAGOV")


def test_a_foreign_leader_label_is_not_the_host(lexicon: Lexicon) -> None:
    title = ("Remarks by President Biden and President Zelenskyy of Ukraine in Joint Press "
             "Conference")
    people = title_people(title, lexicon, ActorDictionary(), DAY, WHITE_HOUSE)
    text = "PRESIDENT BIDEN:  Welcome.\n\nPRESIDENT ZELENSKYY:  Thank you.\n\nPRESIDENT MACRON: Hi."
    turns = split_turns(text, Cast(people, WHITE_HOUSE, DAY, ActorDictionary(), text))
    assert [(t.speaker, t.actor) for t in turns] == [
        ("President Biden", "USAGOV"), ("President Zelenskyy", "UKRGOV"),
        ("President Macron", None),  # a head of state, not the host's, and not in the tables
    ]


def test_title_people(lexicon: Lexicon) -> None:
    actors = ActorDictionary()
    readout = ("Readout of President Biden’s Call with President Mahmoud Abbas of the "
               "Palestinian Authority")
    people = title_people(readout, lexicon, actors, DAY, WHITE_HOUSE)
    assert [(p.name, p.role, p.actor, p.host) for p in people] == [
        ("President Biden", "President", "USAGOV", True),
        ("Mahmoud Abbas", "President", "PSEGOV", False),
    ]
    assert who_is("The President", people) == [people[0]]  # the host's, in a host's readout
    assert who_is("President Abbas", people) == [people[1]]
    assert who_is("Hamas", people) == []
    netanyahu = title_people(
        "Readout of President Biden’s Call with Prime Minister Netanyahu of Israel",
        lexicon, actors, DAY, WHITE_HOUSE,
    )[1]
    assert (netanyahu.name, netanyahu.actor) == ("Prime Minister Netanyahu", "ISRGOV")
    assert title_people(None, lexicon, actors) == []


def test_office_holders() -> None:
    assert office_holder(HEADS_OF_STATE, "USA", date(2023, 10, 1)) == "Joe Biden"
    assert office_holder(HEADS_OF_STATE, "USA", date(2017, 1, 20)) == "Donald Trump"
    assert office_holder(HEADS_OF_STATE, "RUS", date(2010, 1, 1)) == "Dmitry Medvedev"
    assert office_holder(HEADS_OF_STATE, "USA", date(1990, 1, 1)) is None
    assert office_holder(HEADS_OF_STATE, "XXX", DAY) is None


def test_person_names() -> None:
    person = Person("Joseph R. Biden, Jr.", "President", "USAGOV", True)
    assert person.surname == "Biden"
    assert person.named("President Biden") and not person.named("Bidenomics")
    assert person.titled("the President") and not person.titled("the Vice President")


_WORD = st.text(alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghij:.?\n"), max_size=80)


@given(st.lists(_WORD, max_size=8))
def test_turns_tile_the_text_after_the_first_label(parts: list[str]) -> None:
    text = "\n".join(parts)
    cast = Cast([], WHITE_HOUSE, DAY, ActorDictionary(), text)
    turns = split_turns(text, cast)
    for turn in turns:
        assert 0 <= turn.start < turn.body <= turn.end <= len(text)
        assert turn.role in ("official", "reporter", "moderator", "other")
    for a, b in itertools.pairwise(turns):
        assert a.end == b.start
    if turns:
        assert turns[-1].end == len(text)


def test_title_name_with_suffix_keeps_the_surname(lexicon: Lexicon) -> None:
    title = "Readout of President Josiah Q. Walden, Jr. Call with President Ana Ferro of Chile"
    people = title_people(title, lexicon, ActorDictionary(), DAY, WHITE_HOUSE)
    assert [(p.name, p.surname, p.actor) for p in people] == [
        ("Josiah Q. Walden Jr.", "Walden", "USAGOV"),
        ("Ana Ferro", "Ferro", "CHLGOV"),
    ]
    assert who_is("President Walden", people) == [people[0]]


def test_title_surname_with_particle_is_found_by_its_full_name(lexicon: Lexicon) -> None:
    from vetowatch.extract.actors.phoenix import Role

    actors = ActorDictionary(names={"MARTA VAN DER BERGE": (Role("IGOEU"),)})
    title = "Joint Statement by President Biden and President van der Berge on Energy"
    people = title_people(title, lexicon, actors, DAY, WHITE_HOUSE)
    assert [(p.name, p.actor, p.host) for p in people] == [
        ("President Biden", "USAGOV", True),
        ("van der Berge", "IGOEU", False),
    ]
