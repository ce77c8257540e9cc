"""Exporting the record: one row per decision or per member vote, CSV or JSONL."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from vetowatch.council.export import (
    DECISION_COLUMNS,
    VOTE_COLUMNS,
    export_record,
    select_records,
)
from vetowatch.council.record import DraftRecord
from vetowatch.errors import InvalidInputError
from vetowatch.store import Store


@pytest.fixture(scope="module")
def syria(imported_store: Store) -> list[DraftRecord]:
    return select_records(imported_store, since=date(2011, 1, 1), until=date(2012, 12, 31),
                          topic="syria")


def test_decisions_csv(syria: list[DraftRecord]) -> None:
    buffer = io.StringIO()
    n = export_record(syria, buffer, fmt="csv", shape="decisions")
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert n == len(rows) == len(syria) and tuple(rows[0]) == DECISION_COLUMNS
    veto = next(r for r in rows if r["draft"] == "S/2011/612")
    assert (veto["outcome"], veto["vetoed_by"], veto["yes"]) == ("vetoed", "CHN,RUS", "9")


def test_votes_jsonl(syria: list[DraftRecord]) -> None:
    buffer = io.StringIO()
    n = export_record(syria, buffer, fmt="jsonl", shape="votes")
    rows = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert n == len(rows) and set(rows[0]) == set(VOTE_COLUMNS)
    no = {r["member"] for r in rows if r["draft"] == "S/2011/612" and r["vote"] == "N"}
    assert no == {"CHN", "RUS"}


@pytest.mark.parametrize(("fmt", "shape"), [("xml", "votes"), ("csv", "members")])
def test_bad_options(fmt: str, shape: str) -> None:
    with pytest.raises(InvalidInputError):
        export_record([], io.StringIO(), fmt=fmt, shape=shape)


def test_cli_export(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "votes.csv"
    code, _ = run("data", "export", "--shape", "votes", "--since", "2011-10-01", "--until",
                  "2011-10-31", "--out", str(out))
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["member"] for r in rows if r["draft"] == "S/2011/612" and r["vote"] == "A"} == {
        "BRA", "IND", "LBN", "ZAF"}
    code, text = run("data", "export", "--format", "jsonl", "--topic", "libya", "--until",
                     "2011-12-31")
    assert code == 0 and any(json.loads(line)["resolution"] == "S/RES/1973 (2011)"
                             for line in text.splitlines())
