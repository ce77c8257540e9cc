"""The command line: each command's JSON shape and its human output, on the imported record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vetowatch.cli import cli


def test_vote_json(run) -> None:  # type: ignore[no-untyped-def]
    code, out = run("vote", "S/2011/612", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["outcome"] == "vetoed" and data["vetoed_by"] == ["CHN", "RUS"]
    assert set(data) >= {"draft", "resolution", "date", "outcome", "yes", "no", "abstain",
                         "votes", "vetoed_by"}


def test_vote_table(run) -> None:  # type: ignore[no-untyped-def]
    code, out = run("vote", "1973")
    assert code == 0
    assert "S/RES/1973 (2011)" in out and "10-0-5" in out
    assert "BRA CHN DEU IND RUS" in out


def test_council_json(run) -> None:  # type: ignore[no-untyped-def]
    code, out = run("council", "--date", "2011-10-04", "--json")
    data = json.loads(out)
    assert code == 0 and data["date"] == "2011-10-04"
    assert len(data["members"]) == 15
    chn = next(m for m in data["members"] if m["code"] == "CHN")
    assert chn["permanent"] is True and chn["name"]


def test_vetoes_and_precedents(run) -> None:  # type: ignore[no-untyped-def]
    code, out = run("vetoes", "--member", "RUS", "--topic", "syria", "--since", "2000", "--json")
    assert code == 0
    assert "S/2011/612" in {v["draft"] for v in json.loads(out)}
    code, out = run("precedents", "--topic", "libya", "--before", "2011-08-19")
    assert code == 0 and "1973" in out


def test_check_lists_corrections(run) -> None:  # type: ignore[no-untyped-def]
    code, out = run("data", "check", "--json", "--kind", "swapped-day-month", "--limit", "5")
    data = json.loads(out)
    assert code == 0
    assert data["by_status"]["corrected"]["swapped-day-month"] > 200
    assert len(data["notes"]) == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("vote", "nonsense"), "E031"),
        (("vote", "S/1800/1"), "E030"),
        (("council", "--date", "19-08-2011"), "E031"),
        (("council", "--date", "1900-01-01"), "E030"),
        (("vetoes", "--since", "-5"), "E031"),
        (("vetoes", "--since", "0"), "E031"),
    ],
)
def test_errors_are_clear(run, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    code, out = run(*args)
    assert code == 2
    assert message in out
    assert "Traceback" not in out


def test_empty_database_says_import_first(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "empty.db"), "vote", "1973"])
    assert result.exit_code == 2
    assert "vetowatch data import" in result.output


def test_module_entry_point() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "vetowatch", "--help"], capture_output=True,
                          text=True, check=True)
    assert "vetoes" in done.stdout
