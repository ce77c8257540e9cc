"""Queries on the imported record, checked against facts in the shared SOURCES.md."""

from __future__ import annotations

from datetime import date

import pytest

from vetowatch.council.queries import council_on, get_vote, precedents, vetoes, vote_json
from vetowatch.errors import InvalidInputError, NotFoundError
from vetowatch.store import Store


@pytest.mark.parametrize("ref", ["S/2011/612", "s/2011/612", " S/2011/612 "])
def test_vote_on_syria_draft(imported_store: Store, ref: str) -> None:
    data = vote_json(get_vote(imported_store, ref))
    assert data["outcome"] == "vetoed"
    assert data["vetoed_by"] == ["CHN", "RUS"]
    assert (data["yes"], data["no"], data["abstain"]) == (9, 2, 4)
    assert data["date"] == "2011-10-04"
    abstaining = sorted(m for m, v in data["votes"].items() if v == "A")
    assert abstaining == ["BRA", "IND", "LBN", "ZAF"]
    assert len(data["votes"]) == 15


@pytest.mark.parametrize("ref", ["1973", "S/RES/1973 (2011)", "S/RES/1973(2011)", "S/2011/142"])
def test_vote_on_libya_resolution(imported_store: Store, ref: str) -> None:
    data = vote_json(get_vote(imported_store, ref))
    assert data["resolution"] == "S/RES/1973 (2011)"
    assert data["outcome"] == "adopted"
    assert (data["yes"], data["no"], data["abstain"]) == (10, 0, 5)
    abstaining = sorted(m for m, v in data["votes"].items() if v == "A")
    assert abstaining == ["BRA", "CHN", "DEU", "IND", "RUS"]


@pytest.mark.parametrize(
    ("ref", "error"), [("hello", InvalidInputError), ("S/1800/1", NotFoundError)]
)
def test_vote_bad_reference(imported_store: Store, ref: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        get_vote(imported_store, ref)


def test_council_2011(imported_store: Store) -> None:
    council = council_on(imported_store, date(2011, 10, 4))
    assert set(council.codes) == {
        "BIH", "BRA", "CHN", "COL", "DEU", "FRA", "GAB", "GBR", "IND", "LBN", "NGA", "PRT",
        "RUS", "USA", "ZAF",
    }
    permanent = {m.code for m in council.members if m.permanent}
    assert permanent == {"CHN", "FRA", "GBR", "RUS", "USA"}
    terms = {m.code: (m.term_start, m.term_end) for m in council.members if not m.permanent}
    assert terms["DEU"] == (2011, 2012)
    assert terms["BIH"] == (2010, 2011)


def test_council_1950_has_eleven_and_the_ussr(imported_store: Store) -> None:
    council = council_on(imported_store, date(1950, 6, 27))
    assert len(council.members) == 11
    assert "SUN" in council.codes and "RUS" not in council.codes


def test_vetoes_by_russia_on_syria(imported_store: Store) -> None:
    found = vetoes(imported_store, member="RUS", topic="syria", since=2000)
    drafts = {r.draft for r in found}
    assert "S/2011/612" in drafts
    assert len(found) >= 14  # Russia cast well over a dozen vetoes on Syria 2011–2020
    assert all("RUS" in r.vetoed_by for r in found)


def test_russian_seat_includes_ussr_vetoes(imported_store: Store) -> None:
    found = vetoes(imported_store, member="RUS")
    assert any("SUN" in r.vetoed_by for r in found)
    assert len(found) > 100


def test_precedents_libya(imported_store: Store) -> None:
    found = precedents(imported_store, topic="libya", before=date(2011, 8, 19))
    res = {r.resolution for r in found}
    # 1970 is filed under "Peace and security in Africa"; its library title names Libya
    assert {1970, 1973} <= res
    assert len(found) >= 5
    assert all(r.date < date(2011, 8, 19) for r in found)


def test_titles_and_kinds_from_the_library_export(imported_store: Store) -> None:
    rec = get_vote(imported_store, "1970")
    assert rec.title is not None and "Libya" in rec.title
    assert rec.kind == "sanctions"
    syria = get_vote(imported_store, "S/2011/612")
    assert syria.title is not None and "Syrian Arab Republic" in syria.title
