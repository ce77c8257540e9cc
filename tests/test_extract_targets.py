"""Targets that are coordinated groups ("U.S. and European leaders", "Russia and Iran").

The rule (docs/extraction.md, Targets; the dev sets' convention, devsets/README.md): a group
is its first-named actor, the phrase's head noun giving the sector, unless it is a group of
Western actors that names a region itself or has three members or more, which is the
region (``WST``, or ``EUR`` when all are European). Texts written for these tests.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vetowatch.extract import Extractor, Statement
from vetowatch.extract.mentions import EUROPEAN_STATES, region_of

PUBLISHED = date(2011, 8, 19)


@pytest.fixture(scope="module")
def extractor(events_dir: Path) -> Extractor:
    return Extractor.load(events_dir=events_dir)


def _target_of(statements: list[Statement], speaker: str) -> tuple[str, str | None]:
    found = [s for s in statements if s.speaker.actor == speaker]
    assert len(found) == 1, [s.to_json() for s in statements]
    target = found[0].target
    assert target is not None, found[0].to_json()
    return target.text, target.actor


@pytest.mark.parametrize(
    ("actors", "expected"),
    [
        (["USAGOV", "EUR"], None),  # "U.S. and European leaders": the first named
        (["DEUGOV", "FRAGOV", "GBRGOV"], "EUR"),  # three European states
        (["USAGOV", "FRAGOV", "GBRGOV"], "WST"),
        (["FRAGOV", "EUR"], None),  # two named: the first
        (["USAGOV", "GBRGOV"], None),  # two named states: the first named
        (["RUSGOV", "IRNGOV"], None),
        (["TURGOV", "RUSGOV", "IRNGOV"], None),  # not a Western group
        (["USAGOV", "EUR", "SAUGOV"], None),
        (["USAGOV", "USAMIL"], None),  # one country
        (["EUR"], None),
        ([], None),
    ],
)
def test_region_of_a_group(actors: list[str], expected: str | None) -> None:
    assert region_of(actors) == expected


CODES = st.sampled_from(["USAGOV", "CANGOV", "EUR", "WST", "FRAGOV", "DEUMIL", "GBRGOV",
                         "RUSGOV", "IRNGOV", "TURGOV", "IGOUNO", "SYRREB"])


@given(st.lists(CODES, max_size=6), st.randoms())
def test_region_of_ignores_order_and_names_only_western_regions(
        actors: list[str], rnd: random.Random) -> None:
    shuffled = list(actors)
    rnd.shuffle(shuffled)
    region = region_of(actors)
    assert region_of(shuffled) == region
    assert region in (None, "EUR", "WST")
    if region == "EUR":
        assert all(a[:3] in EUROPEAN_STATES or a == "EUR" for a in actors)
    if region is not None:
        assert len({a[:3] for a in actors}) >= 2


@pytest.mark.parametrize(
    ("text", "speaker", "expected"),
    [
        # two named: the first, as issue 14 asks ("U.S. and European leaders" → USAGOV)
        ("Russia rejected calls by U.S. and European leaders for the president to resign.",
         "RUSGOV", ("U.S. and European leaders", "USAGOV")),
        ("Russia opposes U.S. and European leaders' calls for the president to resign.",
         "RUSGOV", ("U.S. and European leaders", "USAGOV")),
        # two named countries: the first conjunct, the head noun giving the sector
        ("Iran rejected calls by U.S. and Israeli leaders for new sanctions.",
         "IRNGOV", ("U.S. and Israeli leaders", "USAGOV")),
        ("Iran condemned the attack by U.S. and Israeli forces on the port.",
         "IRNGOV", ("U.S. and Israeli forces", "USAMIL")),
        ("China urged the Russian and Turkish presidents to agree on a ceasefire.",
         "CHNGOV", ("the Russian and Turkish presidents", "RUSGOV")),
        ("Britain criticised Russia and Iran for blocking the aid convoy.",
         "GBRGOV", ("Russia", "RUSGOV")),
        # three European states: Europe, the phrase running to the last conjunct
        ("Iran criticised Germany, France and Britain for the new sanctions.",
         "IRNGOV", ("Germany, France and Britain", "EUR")),
        # the first conjunct is not an actor: the first one that is
        ("Iran criticised the sanctions and the United States.",
         "IRNGOV", ("the United States", "USAGOV")),
    ],
)
def test_coordinated_target(extractor: Extractor, text: str, speaker: str,
                            expected: tuple[str, str]) -> None:
    statements = extractor.extract(text, published=PUBLISHED)
    assert _target_of(statements, speaker) == expected


def test_not_coordinated_two_places_stay_the_first(extractor: Extractor) -> None:
    # "the U.S. envoy to Europe" names the US and Europe but is one man, not a group
    text = "Russia criticised the U.S. envoy to Europe."
    statements = extractor.extract(text, published=PUBLISHED)
    assert _target_of(statements, "RUSGOV")[1] == "USAGOV"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('U.S. and European leaders called for the president to step down. '
         '"We do not support such calls," a Russian Foreign Ministry official told Interfax.',
         "USAGOV"),
        # before: the last record of the group (ISRGOV) answered "such calls"
        ('U.S. and Israeli leaders called for new sanctions. '
         '"We reject such calls," an Iranian official said.', "USAGOV"),
    ],
)
def test_such_calls_point_at_the_whole_group(extractor: Extractor, text: str,
                                             expected: str) -> None:
    statements = extractor.extract(text, published=PUBLISHED)
    callers = [s.speaker.actor for s in statements if s.cue.startswith("called")]
    assert len(callers) == 2  # one record per actor of the group (STATEMENTS.md)
    rejection = [s for s in statements if s.cue.split()[0] in ("told", "said")]
    assert len(rejection) == 1
    assert rejection[0].target is not None and rejection[0].target.actor == expected
    assert rejection[0].polarity == -1
