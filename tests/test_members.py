"""Council member identities: names, codes, successor rules and permanent seats."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vetowatch.council.members import (
    PERMANENT_SEATS,
    all_codes,
    is_permanent,
    member_code,
    member_name,
    normalise_name,
    permanent_members,
    resolve_member,
    seat_of,
)
from vetowatch.errors import NotFoundError


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Russian Federation", "RUS"),
        ("RUSSIAN FEDERATION", "RUS"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Ethipia", "ETH"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Cote d’Ivoire", "CIV"),
        ("Côte d`Ivoire", "CIV"),
        ("Viet Nam", "VNM"),
        ("Syria", "SYR"),
        ("Syrian Arab Republic", "SYR"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("United Kingdom", "GBR"),
        ("United States of America", "USA"),
        ("UNITED STATES", "USA"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        ("Bolivarian Republic of Venezuela", "VEN"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("Republic of Korea", "KOR"),
        ("the Republic of Korea", "KOR"),
        ("Democratic People’s Republic of Korea", "PRK"),
        ("USSR (Union of Soviet Socialist Republics)", "SUN"),
        ("USSR", "SUN"),
        ("Ukrainian SSR (Ukrainian Soviet Socialist Republic)", "UKR"),
        ("Belarus", "BLR"),
        ("German DR (German Democratic Republic)", "DDR"),
        ("German FR (German Federal Republic)", "DEU"),
        ("United Arab Republic", "EGY"),
        ("ZAIRE", "COD"),
        ("Democratic Republic of the Congo", "COD"),
        ("Congo", "COG"),
        ("Czechoslovakia", "CSK"),
        ("Yugoslavia", "YUG"),
        ("Tanzania", "TZA"),
        ("Netherlands (Kingdom of the)", "NLD"),
        ("Zimbabwe (97)", "ZWE"),
        ("FRA", "FRA"),
        ("SUN", "SUN"),
    ],
)
def test_member_code_name_variants(name: str, code: str) -> None:
    assert member_code(name) == code


@pytest.mark.parametrize(
    ("name", "on", "code"),
    [
        ("Russian Federation", date(1950, 6, 27), "SUN"),
        ("Russian Federation", date(1991, 12, 23), "SUN"),
        ("Russian Federation", date(1991, 12, 24), "RUS"),
        ("RUS", date(1980, 1, 1), "SUN"),
        ("Russian Federation", date(2011, 10, 4), "RUS"),
        ("Czech Republic", date(1978, 1, 1), "CSK"),
        ("Czechia", date(1994, 1, 1), "CZE"),
        ("Serbia", date(1989, 1, 1), "YUG"),
        ("Serbia", date(2010, 1, 1), "SRB"),
        ("Yugoslavia", date(1972, 1, 1), "YUG"),
        ("China", date(1950, 1, 1), "CHN"),
    ],
)
def test_member_code_successor_rules(name: str, on: date, code: str) -> None:
    assert member_code(name, on) == code


@pytest.mark.parametrize("bad", ["Narnia", "", "XYZ", "United Federation of Planets"])
def test_unknown_member_raises(bad: str) -> None:
    with pytest.raises(NotFoundError, match="unknown Council member"):
        member_code(bad)


def test_unknown_member_suggests() -> None:
    with pytest.raises(NotFoundError, match=r"did you mean FRA \(France\)"):
        member_code("Frence")


@pytest.mark.parametrize(
    ("code", "on", "name"),
    [
        ("CHN", date(1950, 1, 1), "Republic of China"),
        ("CHN", date(1971, 10, 25), "China"),
        ("CHN", None, "China"),
        ("SUN", None, "USSR"),
        ("COD", date(1982, 4, 30), "Zaire"),
        ("GBR", None, "United Kingdom"),
    ],
)
def test_member_name(code: str, on: date | None, name: str) -> None:
    assert member_name(code, on) == name


def test_member_name_unknown() -> None:
    with pytest.raises(NotFoundError):
        member_name("ZZZ")


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(1950, 1, 1), ("CHN", "FRA", "GBR", "SUN", "USA")),
        (date(2011, 10, 4), ("CHN", "FRA", "GBR", "RUS", "USA")),
    ],
)
def test_permanent_members(on: date, expected: tuple[str, ...]) -> None:
    assert permanent_members(on) == expected


@pytest.mark.parametrize(
    ("code", "permanent", "seat"),
    [("SUN", True, "RUS"), ("RUS", True, "RUS"), ("CHN", True, "CHN"), ("BRA", False, "BRA")],
)
def test_permanent_and_seat(code: str, permanent: bool, seat: str) -> None:
    assert is_permanent(code) is permanent
    assert seat_of(code) == seat


def test_permanent_seats_constant() -> None:
    assert PERMANENT_SEATS == ("CHN", "FRA", "GBR", "RUS", "USA")


@pytest.mark.parametrize(
    ("text", "code"),
    [("fra", "FRA"), (" france ", "FRA"), ("Frnace", "FRA"), ("russia", "RUS"), ("uk", "GBR")],
)
def test_resolve_member_forgiving(text: str, code: str) -> None:
    assert resolve_member(text) == code


def test_resolve_member_dated() -> None:
    assert resolve_member("russia", date(1960, 1, 1)) == "SUN"


def test_normalise_name() -> None:
    assert normalise_name("The  Côte d’Ivoire") == "cote divoire"


@given(st.sampled_from(all_codes()))
def test_resolve_round_trip(code: str) -> None:
    assert resolve_member(member_name(code)) == code
    assert member_code(code) == code


def test_table_covers_every_un_member() -> None:
    assert len(all_codes()) >= 197
