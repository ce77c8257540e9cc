"""Reading in context: later mentions, act authors as targets, accusations, threats, dates.

Texts written for these tests (no shared corpus text).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vetowatch.extract import Extractor, Statement
from vetowatch.extract.context import MentionMemory, name_key


@pytest.fixture(scope="module")
def extractor(events_dir: Path) -> Extractor:
    return Extractor.load(events_dir=events_dir)


def _by_cue(statements: list[Statement], cue: str) -> Statement:
    found = [s for s in statements if s.cue.split()[0] == cue]
    assert len(found) == 1, [s.to_json() for s in statements]
    return found[0]


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [
        ("De Mistura", "UN envoy Staffan de Mistura", True),
        ("Mistura", "Staffan de Mistura", True),
        ("McMaster", "HR McMaster", True),
        ("Mr. Tillerson", "Rex Tillerson", True),
        ("de", "Staffan de Mistura", False),
        ("Sean Robertson", "Grant Robertson", False),
    ],
)
def test_name_keys_match_later_mentions(short: str, full: str, expected: bool) -> None:
    from vetowatch.extract.context import _tail_matches

    assert _tail_matches(name_key(short), name_key(full)) is expected


def test_surname_links_to_the_full_mention_and_the_role_noun(extractor: Extractor) -> None:
    text = ("UN envoy Staffan de Mistura said the talks would resume in Geneva. "
            "De Mistura warned that time was running out. The envoy said he was hopeful.")
    statements = extractor.extract(text, published=date(2016, 3, 10))
    assert [s.speaker.actor for s in statements] == ["IGOUNO", "IGOUNO", "IGOUNO"]
    assert [s.speaker.text for s in statements][1:] == ["De Mistura", "The envoy"]


def test_apposition_and_later_surname_give_the_country(extractor: Extractor) -> None:
    text = ("HR McMaster, Donald Trump's national security adviser, said on Sunday that "
            "the deal must be renegotiated. McMaster added that the talks had failed.")
    statements = extractor.extract(text, published=date(2017, 8, 6))
    assert [s.speaker.actor for s in statements] == ["USAGOV", "USAGOV"]
    # "added" continues the same speech event: dated by the first sentence's "Sunday"
    assert statements[1].when.date == date(2017, 8, 6)
    assert statements[1].when.precision == "day"


def test_an_indefinite_official_is_not_linked_to_a_named_one(extractor: Extractor) -> None:
    text = ("UN envoy Staffan de Mistura said the talks would resume. "
            "An official said the plan was dead.")
    statements = extractor.extract(text, published=date(2016, 3, 10))
    assert all(s.speaker.actor != "IGOUNO" for s in statements if s.cue == "said"
               and s.speaker.text.lower().startswith("an official"))


def test_condemned_attack_targets_its_author_not_its_victim(extractor: Extractor) -> None:
    text = ("The United States unequivocally condemns this appalling assault against Israel "
            "by Hamas terrorists from Gaza.")
    (statement,) = extractor.extract(text, published=date(2023, 10, 7))
    assert statement.speaker.actor == "USAGOV"
    assert statement.target is not None and statement.target.actor is not None
    assert statement.target.actor.startswith("PSE")
    # "condemns": CAMEO 111 (criticize or denounce)
    assert (statement.polarity, statement.event.cameo) == (-1, "111")


def test_reported_harmful_act_is_an_accusation(extractor: Extractor) -> None:
    text = "Russia's defence ministry said the rebels had used chemical weapons in Aleppo."
    (statement,) = extractor.extract(text, published=date(2017, 4, 5))
    assert statement.speaker.actor is not None and statement.speaker.actor.startswith("RUS")
    assert (statement.event.cameo, statement.polarity) == ("112", -1)  # 112: accuse
    assert statement.target is not None and statement.target.text == "the rebels"


def test_own_harmful_act_to_come_is_a_threat(extractor: Extractor) -> None:
    text = "Erdogan said Turkey will launch a military operation against the Kurdish militia."
    (statement,) = extractor.extract(text, published=date(2018, 12, 12))
    assert statement.speaker.actor == "TURGOV"
    assert statement.event.cameo == "13"


def test_declarative_object_is_content(extractor: Extractor) -> None:
    text = "The Russian foreign minister reaffirmed his strong support for the Syrian government."
    (statement,) = extractor.extract(text, published=date(2015, 5, 5))
    assert statement.cue == "reaffirmed"
    assert statement.content.startswith("his strong support")
    assert (statement.event.cameo, statement.polarity) == ("05", 1)
    assert statement.target is not None and statement.target.actor == "SYRGOV"


def test_undated_statement_is_dated_to_publication(extractor: Extractor) -> None:
    text = "The Syrian government denied that its forces had used chemical weapons."
    (statement,) = extractor.extract(text, published=date(2013, 8, 22))
    assert statement.when.date == date(2013, 8, 22)
    assert statement.when.precision == "published"
    assert statement.when.to_json()["date"] == "2013-08-22"


def test_a_date_after_publication_is_not_stored(extractor: Extractor) -> None:
    text = "The minister of Egypt said on December 25, 2030 that talks had failed."
    (statement,) = extractor.extract(text, published=date(2013, 8, 22))
    assert statement.when.date == date(2013, 8, 22)
    assert statement.when.precision == "published"
    assert statement.when.to_json()["note"].startswith("'December 25, 2030'")


def test_content_offsets_point_into_the_article(extractor: Extractor) -> None:
    text = "Moscow said the sanctions were illegal."
    (statement,) = extractor.extract(text, published=date(2014, 3, 20))
    assert statement.content_start is not None and statement.content_end is not None
    assert text[statement.content_start:statement.content_end] == statement.content


def test_memory_refuses_an_ambiguous_surname() -> None:
    from vetowatch.extract.context import Coded, Known

    memory = MentionMemory([
        Known(1, ("BORIS", "JOHNSON"), "Boris Johnson", Coded("GBRGOV", "GOV", "GBR"),
              frozenset()),
        Known(5, ("LYNDON", "JOHNSON"), "Lyndon Johnson", Coded("USAGOV", "GOV", "USA"),
              frozenset()),
    ])
    assert memory.person("Johnson", 10) is None
    found = memory.person("Boris Johnson", 10)
    assert found is not None and found.coded.code == "GBRGOV"


def test_a_quotation_going_on_after_its_cue_is_the_same_speaker_s(extractor: Extractor) -> None:
    text = ("“We will begin the operation within days,” the Turkish president told MPs. "
            "“Our target is not the American soldiers.” "
            "Analysts said the move was risky.")
    statements = extractor.extract(text, published=date(2018, 12, 12))
    continued = [s for s in statements if s.content.startswith("Our target")]
    assert len(continued) == 1
    (record,) = continued
    assert record.speaker.actor == "TURGOV" and record.kind == "direct" and record.cue == ""
    assert record.to_json()["cue"] is None  # STATEMENTS.md: a quotation with no cue
    assert text[record.content_start:record.content_end] == record.content


def test_narration_between_quotes_ends_the_continuation(extractor: Extractor) -> None:
    text = ("“We will begin the operation within days,” the Turkish president told MPs. "
            "The Kurdish militia controls much of the border region, where American troops "
            "are stationed alongside its fighters. "
            "“This is a sentence nobody said here.”")
    statements = extractor.extract(text, published=date(2018, 12, 12))
    assert not [s for s in statements if s.content.startswith("This is a sentence")]


def test_a_proxy_name_is_not_the_actor(extractor: Extractor) -> None:
    text = "US-backed Kurdish fighters said they would not leave Manbij."
    statements = extractor.extract(text, published=date(2018, 12, 12))
    assert all(not (s.speaker.actor or "").startswith("USA") for s in statements)


def test_neutral_cue_over_blame_is_against_the_blamed(extractor: Extractor) -> None:
    text = ("France's foreign minister said the Syrian regime bears primary responsibility "
            "for the massacre.")
    (statement,) = extractor.extract(text, published=date(2017, 4, 4))
    assert statement.speaker.actor == "FRAGOV"
    assert statement.target is not None and statement.target.actor == "SYRGOV"
    assert (statement.polarity, statement.event.cameo) == (-1, "112")  # 112: accuse


def test_no_one_else_to_blame_keeps_a_statement_neutral(extractor: Extractor) -> None:
    text = "France's foreign minister said the situation was dangerous."
    (statement,) = extractor.extract(text, published=date(2017, 4, 4))
    assert (statement.polarity, statement.event.cameo) == (0, "01")


@pytest.mark.parametrize(
    ("text", "day", "code"),
    [
        ("The Biden-Harris Administration said the aid would continue.", date(2023, 12, 6),
         "USAGOV"),
        ("The Trump administration said the deal was dead.", date(2018, 5, 8), "USAGOV"),
    ],
)
def test_a_government_named_after_its_leader(extractor: Extractor, text: str, day: date,
                                              code: str) -> None:
    statements = extractor.extract(text, published=day)
    assert [s.speaker.actor for s in statements] == [code]


def test_an_object_pronoun_target_is_its_antecedent(extractor: Extractor) -> None:
    text = ("The Israeli government made a decision. "
            "Secretary Blinken urged them to make the crossing available for trucks.")
    (statement,) = extractor.extract(text, published=date(2023, 12, 15))
    assert statement.speaker.actor == "USAGOV"
    assert statement.target is not None and statement.target.actor == "ISRGOV"
