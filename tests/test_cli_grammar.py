"""One grammar for the CLI (issue 11, item 9): the same ``--topic`` matching everywhere,
listings of what one can ask for, codes and names for ``--member``/``--actor``, dates (a
year means its first day) for ``--since``/``--until``, ``--limit 0`` for all and a note when a
list is cut, tables that keep codes, symbols and dates whole at 80 columns."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cli_rows import add_statements, copy_db
from vetowatch.cli import cli
from vetowatch.cli_common import parse_when
from vetowatch.council.queries import topic_matches
from vetowatch.errors import InvalidInputError
from vetowatch.forecast.service import match_label
from vetowatch.store import Store


@pytest.fixture(scope="module")
def db(imported_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = copy_db(imported_store.url, tmp_path_factory.mktemp("grammar") / "record.db")
    add_statements(path, [
        {"speaker_actor": "USAGOV", "content": "the United States will veto it"},
        {"speaker_actor": "USA", "content": "Washington disagrees"},
        {"speaker_actor": "RUSGOV", "content": "Moscow is against"},
    ])
    return path


def _run(db: Path, *args: str, columns: int = 200) -> tuple[int, str]:
    result = CliRunner(env={"COLUMNS": str(columns)}).invoke(cli, ["--db", str(db), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _json(db: Path, *args: str) -> object:
    code, out = _run(db, *args, "--json")
    assert code == 0, out
    return json.loads(out)


# -- --topic / --agenda ------------------------------------------------------------------------

def test_topic_matching_rules() -> None:
    label = "The situation in the Middle East, including the Palestinian question"
    assert topic_matches("palestin", label)
    assert topic_matches("PALESTINIAN middle", label)  # any order, any case
    assert topic_matches("middle east syria", "Middle East (Syria)")  # punctuation ignored
    assert topic_matches("syria", None, "Middle East (Syria)")  # any of the fields
    assert not topic_matches("syria lebanon", "Middle East (Syria)")  # every word
    with pytest.raises(InvalidInputError):
        topic_matches("  ", label)


@given(st.text(alphabet="abcdefghij (),-", min_size=1), st.data())
def test_a_part_of_a_label_matches_it(label: str, data: st.DataObject) -> None:
    words = re.findall(r"[a-j]+", label)
    if not words:
        return
    word = data.draw(st.sampled_from(words))
    start = data.draw(st.integers(0, len(word) - 1))
    assert topic_matches(word[start:].upper(), label)


def test_forecast_topic_matches_like_vetoes(db: Path) -> None:
    vetoed = _json(db, "vetoes", "--topic", "palestin")
    assert isinstance(vetoed, list) and len(vetoed) > 20
    assert all(topic_matches("palestin", v["agenda"], v["topic"], v["title"]) for v in vetoed)
    labels = sorted({v["topic"] for v in vetoed if v["topic"]})
    m = match_label("palestin", [*labels, "Middle East (Syria)"])
    assert m.matched is not None and topic_matches("palestin", m.matched)  # was: no match
    precedents = _json(db, "precedents", "--topic", "palestin", "--before", "2024-01-01",
                       "--limit", "0")
    assert isinstance(precedents, list) and len(precedents) > len(vetoed) / 2
    code, out = _run(db, "data", "export", "--topic", "palestin", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows
    assert all(topic_matches("palestin", r["agenda"], r["topic"], r["title"]) for r in rows)


def test_listings(db: Path) -> None:
    topics = _json(db, "topics", "syria")
    assert isinstance(topics, dict)
    syria = {x["label"]: x["count"] for x in topics["labels"]}
    assert syria["Middle East (Syria)"] > 100
    kinds = _json(db, "kinds", "--limit", "0")
    assert isinstance(kinds, dict) and kinds["total"] == len(kinds["labels"])
    assert {"sanctions", "mandate-renewal"} <= {x["label"] for x in kinds["labels"]}
    agendas = _json(db, "agendas", "--limit", "3")
    assert isinstance(agendas, dict) and len(agendas["labels"]) == 3 and agendas["total"] > 3
    code, out = _run(db, "agendas", "--limit", "3")
    assert code == 0 and f"showing 3 of {agendas['total']} (use --limit 0 for all)" in out


def test_actors_list_gives_codes_and_names(db: Path) -> None:
    code, out = _run(db, "actors", "list")
    assert code == 0 and re.search(r"handtable: \d+ rows", out)
    code, out = _run(db, "actors", "list", "--source", "handtable", "--limit", "0")
    assert code == 0 and "IGOUNO" in out and "Kofi Annan" in out and "showing" not in out


# -- --member / --actor ------------------------------------------------------------------------

def test_actor_accepts_codes_and_names(db: Path) -> None:
    def speakers(*args: str) -> set[str]:
        found = _json(db, "statements", *args)
        assert isinstance(found, list)
        return {s["speaker"]["actor"] for s in found}

    assert speakers("--actor", "United States") == {"USA", "USAGOV"}
    assert speakers("--actor", "USA") == {"USA", "USAGOV"}
    assert speakers("--actor", "usagov") == {"USAGOV"}
    assert speakers("--actor", "Russia") == {"RUSGOV"}
    code, out = _run(db, "statements", "--actor", "Nowhere Land")
    assert code == 2 and "E030" in out  # not an empty list


def test_member_accepts_codes_and_names(db: Path) -> None:
    by_code = _json(db, "vetoes", "--member", "CHN")
    by_name = _json(db, "vetoes", "--member", "China")
    assert by_code == by_name and isinstance(by_code, list) and len(by_code) > 10


# -- dates, limits -----------------------------------------------------------------------------

def test_since_until_take_years_and_dates(db: Path) -> None:
    def drafts(*args: str) -> set[str]:
        found = _json(db, "vetoes", *args)
        assert isinstance(found, list)
        return {v["draft"] for v in found}

    assert drafts("--since", "2011") == drafts("--since", "2011-01-01")
    assert drafts("--since", "2011-03-01") <= drafts("--since", "2011")
    assert "S/2011/612" in drafts("--since", "2011", "--until", "2011")
    assert "S/2011/612" not in drafts("--until", "2011-10-03")
    assert "S/2011/612" in drafts("--since", "2011-10", "--until", "2011-10")


def test_limit_zero_means_all_and_cuts_are_said(db: Path) -> None:
    every = _json(db, "precedents", "--topic", "libya", "--before", "2011-08-19", "--limit", "0")
    five = _json(db, "precedents", "--topic", "libya", "--before", "2011-08-19", "--limit", "5")
    assert isinstance(every, list) and isinstance(five, list)
    assert len(five) == 5 and len(every) > 5 and every[:5] == five
    code, out = _run(db, "precedents", "--topic", "libya", "--before", "2011-08-19",
                     "--limit", "5")
    assert code == 0 and f"showing 5 of {len(every)} (use --limit 0 for all)" in out
    code, out = _run(db, "statements", "--limit", "1")
    assert code == 0 and "showing 1 of 3 (use --limit 0 for all)" in out
    code, out = _run(db, "statements", "--limit", "0")
    assert code == 0 and "showing" not in out
    code, out = _run(db, "data", "check", "--limit", "2")
    assert code == 0 and re.search(r"showing 2 of \d+ \(use --limit 0 for all\)", out)


# -- 80 columns --------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("vetoes",), ("vetoes", "--topic", "palestin"),
    ("precedents", "--topic", "libya", "--before", "2011-08-19", "--limit", "0"),
])
def test_tables_keep_tokens_whole_at_80_columns(db: Path, args: tuple[str, ...]) -> None:
    found = _json(db, *args)
    assert isinstance(found, list)
    code, out = _run(db, *args, columns=80)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    cells = " ".join(out.replace("│", " ").split())
    for v in found:
        assert v["date"] in cells
        symbol = v["resolution"] or v["draft"]
        if symbol:  # S/RES/1973 (2011) may wrap at its space, never inside a part
            assert all(part in cells for part in symbol.split()), symbol
        for code_ in v["vetoed_by"]:
            assert code_ in cells


def test_statements_at_80_columns(db: Path) -> None:
    code, out = _run(db, "statements", columns=80)
    assert code == 0 and max(len(line) for line in out.splitlines()) <= 80
    assert "2011-08-19" in out and "[USAGOV]" in out and "STATEMENT" in out


def test_backtest_out_writes_what_its_help_says(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "missing" / "folder"
    code, out = _run(db, "backtest", "--from", "2024", "--to", "2024", "--out", str(folder))
    assert code == 0, out
    report = json.loads((folder / "backtest.json").read_text(encoding="utf-8"))
    assert report["n_drafts"] > 10 and (folder / "calibration.png").stat().st_size > 1000
    code, out = _run(db, "backtest", "--help")
    assert "backtest.json" in out and "calibration.png" in out


# -- the date grammar --------------------------------------------------------------------------

@given(st.dates(min_value=date(1, 1, 1)))
def test_dates_parse_back(day: date) -> None:
    text = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    assert parse_when(text) == day == parse_when(text, end=True)
    assert parse_when(f"{day.year:04d}") == date(day.year, 1, 1)
    assert parse_when(f"{day.year:04d}", end=True) == date(day.year, 12, 31)
    assert parse_when(f"{day.year:04d}-{day.month:02d}") == day.replace(day=1)


@given(st.text(max_size=20))
def test_any_text_is_a_date_or_a_clear_error(text: str) -> None:
    try:
        parsed = parse_when(text)
    except InvalidInputError as exc:
        assert exc.code == "E031" and "not a date" in exc.message and exc.fix
    else:
        assert isinstance(parsed, date) and parsed.year >= 1
