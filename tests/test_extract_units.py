"""Extraction on short texts written for these tests: roles by date, pronouns, gazetteer, dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vetowatch.extract import DateResolver, Extractor, Statement, load_actor_dictionary
from vetowatch.extract.actors import Role, parse_role


@pytest.fixture(scope="module")
def extractor(events_dir: Path) -> Extractor:
    return Extractor.load(events_dir=events_dir)


def _only(statements: list[Statement], speaker: str) -> Statement:
    found = [s for s in statements if s.speaker.actor == speaker]
    assert len(found) == 1, [s.to_json() for s in statements]
    return found[0]


def test_parse_role_formats() -> None:
    assert parse_role("RUSGOV 991231-080507") == Role(
        "RUSGOV", date(1999, 12, 31), date(2008, 5, 7)
    )
    assert parse_role("IGOUNO >20070101") == Role("IGOUNO", start=date(2007, 1, 1))
    assert parse_role("PERGOV <850728") == Role("PERGOV", end=date(1985, 7, 28))
    assert parse_role("RUSELI") == Role("RUSELI")
    assert parse_role("---") is None


def test_roles_are_bounded_by_date(extractor: Extractor) -> None:
    actors = extractor.actors
    assert actors.code("Vladimir Putin", date(2011, 8, 19)) == "RUSGOV"
    assert actors.code("Ban Ki-moon", date(2011, 8, 19)) == "IGOUNO"
    # foreign minister 2004-2006: KORGOV in the dated tables (Phoenix alone: KORGOVBUS)
    assert (actors.code("Ban Ki-moon", date(2005, 5, 5)) or "").startswith("KORGOV")
    assert actors.code("Hillary Clinton", date(2010, 1, 1)) == "USAGOV"
    assert actors.code("Hillary Clinton", date(2016, 1, 1)) == "USAELI"


def test_dictionary_loads_names_and_agents(events_dir: Path) -> None:
    actors = load_actor_dictionary(events_dir)
    assert len(actors.names) > 30000 and actors.agent("foreign minister") == "GOV"


def test_pronoun_speaker_resolves_to_subject(extractor: Extractor) -> None:
    text = (
        "Sergei Lavrov met the French envoy in Geneva on Monday. He said the talks had been useful."
    )
    statement = _only(extractor.extract(text, published=date(2012, 2, 8)), "RUSGOV")
    assert statement.speaker.text == "Sergei Lavrov"
    assert statement.sentence.startswith("He said")


def test_seats_of_power_and_gazetteer(extractor: Extractor) -> None:
    text = (
        "Moscow said on Tuesday that the sanctions were illegal. "
        "The Kremlin also criticized the European Union."
    )
    statements = extractor.extract(text, published=date(2014, 3, 20))
    said, criticized = statements
    assert said.speaker.actor == "RUSGOV" and said.when.to_json()["date"] == "2014-03-18"
    assert criticized.speaker.actor == "RUSGOV"
    assert criticized.target is not None and criticized.target.actor == "IGOEUREEC"
    assert (criticized.polarity, criticized.event.cameo) == (-1, "111")


def test_armed_group_and_state_media(extractor: Extractor) -> None:
    text = "Islamic State militants said they had captured the town, according to SANA."
    statement = _only(extractor.extract(text, published=date(2015, 6, 3)), "IMGMUSISI")
    assert [v.actor for v in statement.via] == ["SYRMED"]


def test_media_report_is_a_channel(extractor: Extractor) -> None:
    text = "The Syrian government denied that its forces had used chemical weapons, SANA reported."
    statements = extractor.extract(text, published=date(2013, 8, 22))
    assert [s.speaker.actor for s in statements] == ["SYRGOV"]
    # a denial with no one named as its target: polarity 0 (STATEMENTS.md, "Fields")
    assert statements[0].via[0].actor == "SYRMED" and statements[0].polarity == 0
    assert statements[0].target is None


def test_direct_quote_with_negation(extractor: Extractor) -> None:
    text = (
        "“We will not accept any foreign interference,” Iranian Foreign Minister "
        "Mohammad Javad Zarif told reporters in Tehran."
    )
    statement = _only(extractor.extract(text, published=date(2015, 4, 1)), "IRNGOV")
    # rejection with no target named: polarity 0 toward no one, the event says "reject"
    assert (statement.kind, statement.negated, statement.polarity) == ("direct", True, 0)
    assert statement.event.cameo == "12"


@pytest.mark.parametrize(
    ("phrase", "expected", "precision"),
    [
        ("Friday", "2011-08-19", "day"),
        ("yesterday", "2011-08-18", "day"),
        ("in June", "2011-06", "month"),
        ("on Tuesday", "2011-08-16", "day"),
        ("months", None, None),
    ],
)
def test_dates_against_publication(
    phrase: str, expected: str | None, precision: str | None
) -> None:
    when = DateResolver(date(2011, 8, 19)).resolve(phrase)
    assert (when.iso(), when.precision) == (expected, precision)


def test_undated_statement_takes_the_date_of_its_report() -> None:
    from datetime import date

    from vetowatch.extract.coding import same_report_when
    from vetowatch.extract.statement import Event, Mention, Statement, When

    def said(via: str, when: When) -> Statement:
        return Statement("a", "s", 0, 1, Mention("x", "RUSGOV"), (Mention(via, "RUSMED"),),
                         "said", "indirect", "c", None, 0, False, Event.from_root("01"), when)

    friday = When("Friday", date(2011, 8, 19), "day")
    earlier = [said("the Tass agency", When()), said("Interfax news agency", friday)]
    found = same_report_when((Mention("the nation’s Interfax news agency", "RUSMED"),), earlier)
    assert found is not None and (found.date, found.precision) == (date(2011, 8, 19), "day")
    assert same_report_when((Mention("Reuters", None),), earlier) is None
    assert same_report_when((Mention("the agency", None),), earlier) is None
