"""Dated actor resolution: the brief's cases on the shared data, and the hand table alone."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from vetowatch.extract.actors import ActorDictionary, load_actor_tables
from vetowatch.settings import Settings


@pytest.fixture(scope="session")
def full_tables(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> ActorDictionary:
    if not (data_dir / "actors").is_dir():
        pytest.skip("shared actors data not found")
    settings = Settings(data_dir=data_dir, db_url="sqlite://",
                        cache_dir=tmp_path_factory.mktemp("cache"), actors_file=None)
    return load_actor_tables(settings)


@pytest.fixture(scope="module")
def hand_only(tmp_path_factory: pytest.TempPathFactory) -> ActorDictionary:
    """No shared data at all: the hand table (and nothing else) still resolves."""
    empty = tmp_path_factory.mktemp("nodata")
    settings = Settings(data_dir=empty, db_url="sqlite://", cache_dir=empty / "cache",
                        actors_file=None)
    return load_actor_tables(settings)


CASES = [
    ("Joe Biden", date(2022, 6, 1), "USAGOV"),
    ("President Biden", date(2021, 1, 20), "USAGOV"),
    ("Biden", date(2025, 1, 19), "USAGOV"),
    ("Biden", date(2010, 3, 1), "USAGOV"),  # vice-president
    ("Rex Tillerson", date(2017, 6, 1), "USAGOV"),
    ("HR McMaster", date(2017, 5, 1), "USAGOV"),
    ("Staffan de Mistura", date(2016, 2, 1), "IGOUNO"),
    ("De Mistura", date(2016, 2, 1), "IGOUNO"),
    ("UN envoy Staffan de Mistura", date(2018, 9, 1), "IGOUNO"),
    ("Lavrov", date(2019, 5, 1), "RUSGOV"),
    ("Lavrov", date(2000, 5, 1), "RUSGOV"),  # UN permanent representative
    ("Nebenzia", date(2020, 1, 1), "RUSGOV"),
    ("Nebenzya", date(2020, 1, 1), "RUSGOV"),
    ("Mr. Kirby", date(2023, 11, 1), "USAGOV"),
    ("John Kirby", date(2023, 11, 1), "USAGOV"),
    ("Secretary Blinken", date(2022, 3, 1), "USAGOV"),
    ("Wang Yi", date(2023, 8, 1), "CHNGOV"),
    ("Dujarric", date(2022, 5, 5), "IGOUNO"),
]


@pytest.mark.parametrize(("name", "day", "code"), CASES)
def test_brief_cases_with_shared_data(full_tables: ActorDictionary, name: str, day: date,
                                      code: str) -> None:
    assert full_tables.code(name, day) == code


@pytest.mark.parametrize(("name", "day", "code"), CASES)
def test_brief_cases_with_the_hand_table_alone(hand_only: ActorDictionary, name: str,
                                               day: date, code: str) -> None:
    assert hand_only.code(name, day) == code


def test_out_of_office_is_not_coded(full_tables: ActorDictionary) -> None:
    assert full_tables.code("Tillerson", date(2019, 6, 1)) is None
    assert full_tables.code("Biden", date(2025, 6, 1)) is None  # Trump from 2025-01-20
    assert full_tables.code("De Mistura", date(2019, 6, 1)) is None


def test_wang_yi_changes_office_in_2023(full_tables: ActorDictionary) -> None:
    march, august = full_tables.resolve("Wang Yi", date(2023, 3, 1)), full_tables.resolve(
        "Wang Yi", date(2023, 8, 1))
    assert march is not None and august is not None
    assert march.code == august.code == "CHNGOV"
    assert august.office == "foreign minister" and march.office != "foreign minister"
    qin = full_tables.resolve("Qin Gang", date(2023, 3, 1))
    assert qin is not None and qin.office == "foreign minister"


def test_ambiguous_surname_is_none(full_tables: ActorDictionary) -> None:
    resolution, candidates = full_tables.explain("Johnson", date(2020, 1, 1))
    assert resolution is None
    assert len({c.row.code for c in candidates if c.covers}) > 1


def test_one_person_in_several_offices_resolves(full_tables: ActorDictionary) -> None:
    found = full_tables.resolve("Putin", date(2024, 3, 1))
    assert found is not None and found.code == "RUSGOV" and found.office == "head of state"


def test_resolution_says_why_and_where(full_tables: ActorDictionary) -> None:
    found = full_tables.resolve("Nebenzia", date(2020, 1, 1))
    assert found is not None
    assert found.person == "Vassily Nebenzia" and found.country == "RUS"
    assert found.sector == "GOV" and found.source.startswith("https://")
    assert found.start == date(2017, 7, 27) and "surname" in found.why


def test_office_holder(full_tables: ActorDictionary) -> None:
    found = full_tables.office_holder("USA", "secretary of state", date(2017, 6, 1))
    assert found is not None and found.person == "Rex Tillerson"
    un = full_tables.office_holder("RUS", "UN permanent representative", date(2019, 1, 1))
    assert un is not None and "Neben" in un.person


def test_phoenix_still_answers_where_no_table_does(full_tables: ActorDictionary) -> None:
    assert full_tables.code("Hillary Clinton", date(2016, 1, 1)) == "USAELI"
    assert full_tables.agent("foreign minister") == "GOV"


def test_loading_is_fast_once_cached(data_dir: Path, full_tables: ActorDictionary,
                                     tmp_path_factory: pytest.TempPathFactory) -> None:
    settings = Settings(data_dir=data_dir, db_url="sqlite://",
                        cache_dir=tmp_path_factory.mktemp("cache2"), actors_file=None)
    load_actor_tables(settings)  # builds the cache
    start = time.process_time()
    again = load_actor_tables(settings)
    took = time.process_time() - start
    assert again.version == full_tables.version
    assert took < 3.0, f"loading took {took:.2f} s of CPU (target < 1.5 s on an idle machine)"
