"""No traceback ever, honest exit codes, JSON errors (issue 11, items 5 and 7, CLI part).

Walks the whole click tree (built-in and registry commands) with bad command lines: every
one exits 2 with an ``E0xx`` error or a click usage message, never a traceback; every
command answers ``--help`` and ``-h`` and takes ``--json``."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from cli_rows import copy_db
from vetowatch.cli import cli
from vetowatch.cli_common import DateParam, exit_if_rejected
from vetowatch.errors import InvalidInputError, NotFoundError, NotImportedError, VetowatchError
from vetowatch.store import Store


def _tree(group: click.Group = cli, path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], click.Command]]:
    for name, cmd in sorted(group.commands.items()):
        yield (*path, name), cmd
        if isinstance(cmd, click.Group):
            yield from _tree(cmd, (*path, name))


ALL = list(_tree())
RUNNABLE = [(p, c) for p, c in ALL
            if not isinstance(c, click.Group) or c.invoke_without_command]
IDS = [" ".join(p) for p, _ in ALL]
RUN_IDS = [" ".join(p) for p, _ in RUNNABLE]


def _options(kind: type[click.ParamType] | tuple[type[click.ParamType], ...]) -> list[
        tuple[tuple[str, ...], str]]:
    return [(p, opt.opts[0]) for p, c in RUNNABLE for opt in c.params
            if isinstance(opt, click.Option) and isinstance(opt.type, kind)]


@pytest.fixture(scope="module")
def db(imported_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_db(imported_store.url, tmp_path_factory.mktemp("cli-errors") / "record.db")


def _run(*args: str, db: Path | None = None) -> Result:
    prefix = ["--db", str(db)] if db is not None else []
    return CliRunner().invoke(cli, [*prefix, *args])


def _assert_clean_failure(result: Result, *, usage: bool | None = None) -> None:
    text = result.output
    assert result.exit_code == 2, text
    assert "Traceback" not in text
    assert result.exception is None or isinstance(result.exception, SystemExit)
    is_code = "error E0" in text
    is_usage = "Usage:" in text and "Error:" in text
    assert is_code or is_usage, text
    if usage is not None:
        assert is_usage if usage else is_code, text


def test_the_walk_finds_every_command() -> None:
    names = {" ".join(p) for p, _ in ALL}
    assert {"data import", "data export", "data fetch", "statements export", "actors list",
            "actors resolve", "topics", "agendas", "kinds", "vetoes", "demo"} <= names


@pytest.mark.parametrize(("path", "cmd"), ALL, ids=IDS)
def test_help_and_h(path: tuple[str, ...], cmd: click.Command) -> None:
    for flag in ("--help", "-h"):
        result = _run(*path, flag)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Usage:")


@pytest.mark.parametrize(("path", "cmd"), RUNNABLE, ids=RUN_IDS)
def test_every_command_takes_json(path: tuple[str, ...], cmd: click.Command) -> None:
    assert any("--json" in p.opts for p in cmd.params if isinstance(p, click.Option)), path


@pytest.mark.parametrize(("path", "cmd"), RUNNABLE, ids=RUN_IDS)
def test_unknown_option(path: tuple[str, ...], cmd: click.Command) -> None:
    result = _run(*path, "--no-such-option")
    _assert_clean_failure(result, usage=True)
    assert "No such option" in result.output
    as_json = _run(*path, "--no-such-option", "--json")
    assert as_json.exit_code == 2 and as_json.stdout == ""
    error = json.loads(as_json.stderr)["error"]
    assert error["code"] == "E031" and "no-such-option" in error["message"] and error["fix"]


@pytest.mark.parametrize(("path", "option"), _options(DateParam),
                         ids=[f"{' '.join(p)} {o}" for p, o in _options(DateParam)])
def test_bad_dates(path: tuple[str, ...], option: str) -> None:
    for value in ("2011-13-45", "0000-00-00", "31/02/2011", "yesterday", "-5", ""):
        result = _run(*path, option, value)
        _assert_clean_failure(result, usage=False)
        assert "E031" in result.output and "not a date" in result.output


NUMBERS = _options((click.types.IntParamType, click.types.FloatParamType))


@pytest.mark.parametrize(("path", "option"), NUMBERS,
                         ids=[f"{' '.join(p)} {o}" for p, o in NUMBERS])
def test_bad_numbers(path: tuple[str, ...], option: str) -> None:
    _assert_clean_failure(_run(*path, option, "many"), usage=True)
    _assert_clean_failure(_run(*path, option, ""), usage=True)


CHOICES = _options(click.Choice)


@pytest.mark.parametrize(("path", "option"), CHOICES,
                         ids=[f"{' '.join(p)} {o}" for p, o in CHOICES])
def test_bad_choices(path: tuple[str, ...], option: str) -> None:
    _assert_clean_failure(_run(*path, option, "nonsense"), usage=True)


REQUIRED = [(p, c) for p, c in RUNNABLE if any(x.required for x in c.params)]


@pytest.mark.parametrize(("path", "cmd"), REQUIRED, ids=[" ".join(p) for p, _ in REQUIRED])
def test_missing_required(path: tuple[str, ...], cmd: click.Command) -> None:
    result = _run(*path)
    _assert_clean_failure(result, usage=True)
    assert "Missing" in result.output


# valid command lines, so that the only fault is the empty value given to one option
BASE = {
    ("council",): ["--date", "2011-10-04"], ("vote",): ["1973"], ("vetoes",): [],
    ("precedents",): ["--topic", "libya", "--before", "2011-08-19"],
    ("forecast",): ["--date", "2011-08-19"], ("statements",): [],
    ("statements", "export"): [], ("positions",): ["assad-step-down"], ("shifts",): [],
    ("claims",): [], ("data", "export"): [], ("reextract",): [],
    ("actors", "add"): ["Someone", "FRAGOV"], ("actors", "resolve"): ["Lavrov"],
}
SELECTORS = ("--topic", "--agenda", "--actor", "--member", "--since", "--until", "--before",
             "--date", "--as-of", "--from", "--to", "--kind", "--article", "--submitters")
EMPTY = [(p, opt.opts[0]) for p, c in RUNNABLE if p in BASE for opt in c.params
         if isinstance(opt, click.Option) and opt.opts[0] in SELECTORS]


@pytest.mark.parametrize(("path", "option"), EMPTY, ids=[f"{' '.join(p)} {o}" for p, o in EMPTY])
def test_empty_values(db: Path, path: tuple[str, ...], option: str) -> None:
    base = list(BASE[path])
    if option in base:
        i = base.index(option)
        del base[i:i + 2]
    result = _run(*path, *base, option, "", db=db)
    _assert_clean_failure(result)


# -- the cases named in the issue ----------------------------------------------------------------

def test_errors_as_json_on_stderr(db: Path) -> None:
    result = _run("vote", "nonsense", "--json", db=db)
    assert result.exit_code == 2 and result.stdout == ""
    error = json.loads(result.stderr)["error"]
    assert set(error) == {"code", "message", "fix"}
    assert error["code"] == "E031" and "nonsense" in error["message"] and error["fix"]
    plain = _run("vote", "nonsense", db=db)
    assert plain.stderr.startswith("error E031: ") and "fix:" not in plain.stderr.split("\n")[0]


def test_named_cases(db: Path, tmp_path: Path) -> None:
    cases = {
        ("backtest", "--from", "2030", "--to", "2000"): "E031",
        ("vetoes", "--since", "-5"): "E031",
        ("vetoes", "--since", "0"): "E031",
        ("vetoes", "--member", "Atlantis"): "E030",
        ("statements", "--actor", "Nobody At All"): "E030",
    }
    for args, code in cases.items():
        result = _run(*args, db=db)
        _assert_clean_failure(result, usage=False)
        assert code in result.output, (args, result.output)


def test_empty_db_name_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", "", "vote", "1973"])
    _assert_clean_failure(result, usage=False)
    assert "E001" in result.output and "in-memory" in result.output


def test_read_only_database(db: Path) -> None:
    url = f"sqlite:///file:{db}?mode=ro&uri=true"
    result = CliRunner().invoke(cli, ["--db", url, "questions", "add", "ro-test", "X should Y",
                                      "--for", "Y"])
    _assert_clean_failure(result, usage=False)
    assert "E023" in result.output and "read-only" in result.output
    assert CliRunner().invoke(cli, ["--db", url, "vote", "1973"]).exit_code == 0  # reads work


def test_unknown_schema_revision(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    Store(f"sqlite:///{path}").upgrade()
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    con.close()
    result = _run("vote", "1973", db=path)
    _assert_clean_failure(result, usage=False)
    assert "E024" in result.output and "newer vetowatch" in result.output


def test_out_creates_missing_folders_or_says_why(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "record.csv"
    result = _run("data", "export", "--since", "2011", "--until", "2011", "--out", str(target),
                  "--json", db=db)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["rows"] > 50 and summary["out"] == str(target) and target.is_file()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = _run("data", "export", "--out", str(blocker / "sub" / "x.csv"), db=db)
    _assert_clean_failure(result, usage=False)
    assert "E003" in result.output


def test_unexpected_exception_has_a_code(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vetowatch.council.queries as queries

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(queries, "get_vote", boom)
    result = _run("vote", "1973", db=db)
    _assert_clean_failure(result, usage=False)
    assert "E099" in result.output and "RuntimeError: boom" in result.output
    monkeypatch.setenv("VETOWATCH_DEBUG", "1")
    result = _run("vote", "1973", db=db)
    assert isinstance(result.exception, RuntimeError)  # the traceback, on demand


def test_exit_codes_0_1_2() -> None:
    @click.command()
    @click.argument("rejected", type=int)
    def partial(rejected: int) -> None:
        click.echo(f"done, {rejected} rejected")
        exit_if_rejected(["bad.txt"] * rejected)

    assert CliRunner().invoke(partial, ["0"]).exit_code == 0
    result = CliRunner().invoke(partial, ["2"])
    assert result.exit_code == 1 and "2 rejected" in result.output


def test_error_fix_is_apart_from_the_message() -> None:
    plain = InvalidInputError("bad value")
    assert str(plain) == "[E031] bad value" and plain.fix  # the class's default fix
    given = NotImportedError("no record", fix="Run `vetowatch data import`.")
    assert str(given) == "[E021] no record Run `vetowatch data import`."
    assert given.to_json() == {"code": "E021", "message": "no record",
                               "fix": "Run `vetowatch data import`."}
    assert VetowatchError("x").fix == ""


def test_control_characters_in_errors_are_escaped(db: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import vetowatch.council.queries as queries

    def hostile(*_: object, **__: object) -> None:
        raise NotFoundError("no\x1b[31mpe\x07\nsecond line", fix="fix\x1b]0;title\x07 it")

    monkeypatch.setattr(queries, "get_vote", hostile)
    result = _run("vote", "1973", db=db)
    _assert_clean_failure(result, usage=False)
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "no\\x1b[31mpe\\x07\nsecond line" in result.stderr  # line breaks kept
    assert "fix\\x1b]0;title\\x07 it" in result.stderr
