"""The positions commands on the reference article: questions, positions, shifts, claims."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vetowatch.cli import cli

Invoke = Callable[..., Any]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Invoke:
    db = tmp_path_factory.mktemp("positions") / "p.db"
    runner = CliRunner()
    base = ["--db", str(db), "--data", str(data_dir)]
    article = data_dir / "news" / "example" / "russia-unwilling-to-back-assad-ouster.txt"
    done = runner.invoke(cli, [*base, "ingest", str(article), "--date", "2011-08-19"],
                         catch_exceptions=False)
    assert done.exit_code == 0

    def invoke(*args: str) -> Any:
        result = runner.invoke(cli, [*base, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return json.loads(result.output) if "--json" in args else result.output

    return invoke


def test_questions_list_and_add(run: Invoke) -> None:
    ids = {q["id"] for q in run("questions", "--json")}
    assert {"assad-step-down", "unsc-measures-syria"} <= ids
    assert "added question" in run("questions", "add", "no-fly-zone-syria",
                                   "A no-fly zone should be imposed over Syria",
                                   "--for", "no-fly zone", "--target", "syria")
    assert "no-fly-zone-syria" in {q["id"] for q in run("questions", "--json")}


def test_positions_json(run: Invoke) -> None:
    data = run("positions", "assad-step-down", "--as-of", "2011-08-19", "--json")
    assert data["question"] == "assad-step-down" and data["as_of"] == "2011-08-19"
    stances = {p["actor"]: p for p in data["positions"]}
    assert stances["USAGOV"]["stance"] == "for"
    assert stances["RUSGOV"]["stance"] == "against"
    assert stances["RUSGOV"]["statements"] and 0 < stances["RUSGOV"]["confidence"] <= 1


def test_shifts_and_claims(run: Invoke) -> None:
    moved = run("shifts", "--actor", "RUS", "--json")
    stance = [s for s in moved if s["kind"] == "stance" and s["subject"] == "unsc-measures-syria"]
    assert stance and stance[0]["before"]["period"] == "2011-06"
    assert stance[0]["after"]["statements"]
    found = run("claims", "--contested", "--json")
    assert found[0]["claimant"] == "SYRGOV" and found[0]["denials"][0]["actor"] == "SYROPP"
    assert "disputed by" in run("claims")
