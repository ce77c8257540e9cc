"""Escaping everywhere (issue 11, items 2 and 8): rich markup in stored or typed text is shown
literally and never crashes a command; CSV cells never start a spreadsheet formula; file
names with control characters are shown escaped."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from cli_rows import HOSTILE, add_statements
from vetowatch import render
from vetowatch.cli import cli
from vetowatch.cli_common import printable, show_path
from vetowatch.council.export import export_record
from vetowatch.council.record import DraftRecord
from vetowatch.csvcells import FORMULA_STARTS, safe_cell, safe_dict, safe_row
from vetowatch.news.article import Article
from vetowatch.store import Store


def _db(tmp_path: Path, title: str = HOSTILE) -> Path:
    db = tmp_path / "hostile.db"
    Store(f"sqlite:///{db}").upgrade()
    add_statements(db, [
        {"speaker_actor": "RUSGOV", "speaker_text": "[bold]Lavrov[/]", "content": HOSTILE,
         "target_text": "[/red]", "cue": "[/]said"},
        {"speaker_actor": "USAGOV", "content": "=1+1 and a [red]colour[/red]"},
    ], title=title)
    return db


def _invoke(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(cli, ["--db", str(db), *args])
    return result.exit_code, result.output


def test_statements_show_markup_literally(tmp_path: Path) -> None:
    db = _db(tmp_path)
    code, out = _invoke(db, "statements")
    assert code == 0, out
    flat = " ".join(out.split())  # table cells fold: compare without line breaks
    for piece in ("[/red]", "[bold]x[/]", "[link=javascript:alert(1)]click[/link]",
                  "[bold]Lavrov[/]", "[red]colour[/red]"):
        assert piece.replace(" ", "") in flat.replace(" ", ""), piece
    assert "Traceback" not in out and "MarkupError" not in out


def test_every_statement_view_survives_markup(tmp_path: Path) -> None:
    db = _db(tmp_path)
    for args in (("statements", "--json"), ("statements", "--actor", "RUS"),
                 ("claims", "--all"), ("shifts",), ("positions", "assad-step-down"),
                 ("questions",)):
        code, out = _invoke(db, *args)
        assert code == 0, (args, out)
        assert "Traceback" not in out and "MarkupError" not in out, args


def test_markup_in_arguments_and_questions(tmp_path: Path) -> None:
    db = _db(tmp_path)
    code, out = _invoke(db, "questions", "add", "q-[/red]", "x", "--for", "stop")
    assert code == 2 and "E031" in out and "q-[/red]" in out  # the error shows it literally
    code, out = _invoke(db, "questions", "add", "q-red", "[bold]x[/] should [/]stop",
                        "--for", "stop")
    assert code == 0, out
    assert "[bold]x[/] should [/]stop" in out
    code, out = _invoke(db, "questions")
    assert code == 0 and "[bold]x[/]should[/]stop" in "".join(out.split())
    code, out = _invoke(db, "actors", "resolve", "[/red]Lavrov", "--date", "2011-08-19")
    assert code == 0 and "[/red]Lavrov" in out


def test_article_title_in_ingest_progress() -> None:
    console = Console(file=io.StringIO(), width=200, force_terminal=False)
    with render.IngestProgress(console) as bar:
        bar.update(Article(id="x", title=HOSTILE, text="t"), 2)  # no MarkupError
        assert bar.task is not None
        shown = bar.progress.tasks[0].description
    console.print(shown)
    assert "[/red]" in console.file.getvalue()  # type: ignore[attr-defined]


def _record(**kw: object) -> DraftRecord:
    base: dict[str, object] = {
        "id": 1, "date": date(2011, 10, 4), "outcome": "vetoed", "draft": "S/2011/612",
        "resolution": None, "meeting": "S/PV.6627", "agenda": "[/red] agenda",
        "topic": "[link=javascript:x]Syria[/link]", "title": "=HYPERLINK(\"http://x\")",
        "votes": {"RUS": "N"}, "vetoed_by": ("RUS",), "yes": 9, "no": -1, "abstain": 4,
        "non_voting": 0}
    base.update(kw)
    return DraftRecord(**base)  # type: ignore[arg-type]


def test_vote_views_escape_record_text() -> None:
    console = Console(file=io.StringIO(), width=80)
    render.vote(console, _record())
    render.vote_table(console, [_record()], title="votes on '[/red]' before 2011")
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "[/red] agenda" in text and "[link=javascript:x]Syria[/link]" in text
    assert "'[/red]'" in text


def test_control_characters_in_file_names(tmp_path: Path) -> None:
    assert printable("a\nb\x1b[31m.csv") == "a\\nb\\x1b[31m.csv"
    assert show_path("plain [/red].csv") == "plain \\[/red].csv"
    db = _db(tmp_path)
    target = tmp_path / "new\nfolder" / "out[/red]\x07.csv"
    result = CliRunner().invoke(cli, ["--db", str(db), "statements", "export", "--format",
                                      "csv", "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert target.is_file()  # the missing folder was created
    assert "new\\nfolder" in result.output and "out[/red]\\x07.csv" in result.output
    assert "\x07" not in result.output


# -- CSV ---------------------------------------------------------------------------------------

def test_safe_cell_neutralises_formulas_only_in_text() -> None:
    for text in ("=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(text) == "'" + text
    for value in ("Syria", "S/2011/612", "", "1-2", " =1"):
        assert safe_cell(value) == value
    assert safe_cell(-5) == -5 and safe_cell(-0.5) == -0.5 and safe_cell(None) is None
    assert safe_row(["=x", -1, "ok"]) == ["'=x", -1, "ok"]
    assert safe_dict({"a": "@x", "b": -3}) == {"a": "'@x", "b": -3}


@given(st.text())
def test_safe_cell_never_starts_a_formula(text: str) -> None:
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell == text or (cell == "'" + text and text.startswith(FORMULA_STARTS))


def test_statements_csv_export_neutralises_formulas(tmp_path: Path) -> None:
    db = _db(tmp_path)
    code, out = _invoke(db, "statements", "export", "--format", "csv")
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO(out)))
    contents = {r["content"] for r in rows}
    assert "'=1+1 and a [red]colour[/red]" in contents
    numeric = {"polarity", "goldstein"}
    assert all(not v.startswith(FORMULA_STARTS)
               for r in rows for k, v in r.items() if k not in numeric)
    assert {r["polarity"] for r in rows} == {"-1"}  # a number, left alone


def test_record_csv_export_neutralises_formulas() -> None:
    buffer = io.StringIO()
    export_record([_record()], buffer, fmt="csv")
    row = next(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert row["title"] == "'=HYPERLINK(\"http://x\")"
    assert row["no"] == "-1"  # numeric column: not touched
    buffer = io.StringIO()
    export_record([_record()], buffer, fmt="jsonl")
    assert json.loads(buffer.getvalue())["title"].startswith("=")  # JSON is not a spreadsheet
