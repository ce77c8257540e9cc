"""What every ``vetowatch`` command shares: the context object, date options, JSON output,
errors, exit codes, escaping and the ``--actor``/``--limit`` grammar.

Kept apart from :mod:`vetowatch.cli` so that command modules (:mod:`vetowatch.cli_actors`,
a user's own through :data:`vetowatch.registry.commands`) use the same helpers without
importing the group they are added to.

Exit codes (the same for every command): 0 all done; 1 done, but some inputs were rejected
(the summary says which: :func:`exit_if_rejected`); 2 usage errors and fatal errors.
"""

from __future__ import annotations

import calendar
import json
import re
import sys
from collections.abc import Sized
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from vetowatch.errors import (
    DatabaseError,
    DataNotFoundError,
    InternalError,
    InvalidInputError,
    NotFoundError,
    OutputError,
    ReadOnlyDatabaseError,
    SchemaTooNewError,
    VetowatchError,
)
from vetowatch.settings import Settings
from vetowatch.store import Store

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_ERROR = 2


class Context:
    """What every command gets: settings, a lazily opened store and the consoles."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.out = Console(highlight=False, soft_wrap=False)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store.from_settings(self.settings)
        return self._store


pass_ctx = click.make_pass_decorator(Context)


# -- dates ---------------------------------------------------------------------------------------

_WHEN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_when(value: str, *, end: bool = False) -> date:
    """A date as the user types it: ``2011-08-19``, ``2011-08`` or ``2011``. A bare year or
    month means its first day (its last day with ``end=True``, for ``--until``)."""
    text = value.strip()
    m = _WHEN.match(text)
    try:
        if m is None:
            raise ValueError(text)
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        if year < 1:
            raise ValueError(text)
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        mon = int(month)
        if day is None:
            last = calendar.monthrange(year, mon)[1] if 1 <= mon <= 12 else 0
            return date(year, mon, last if end else 1)
        return date(year, mon, int(day))
    except ValueError as exc:
        raise InvalidInputError(
            f"{value!r} is not a date",
            fix="Use YYYY-MM-DD (e.g. 2011-08-19), YYYY-MM or a year (2011).") from exc


def parse_date(value: str) -> date:
    """A full or partial date (:func:`parse_when`); a year means its first day."""
    return parse_when(value)


def optional_date(value: str | date | None) -> date | None:
    """:func:`parse_date` of an option that may be absent (or already a date)."""
    if isinstance(value, date):
        return value
    return parse_date(value) if value else None


class DateParam(click.ParamType[date]):
    """A click option type for dates: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""

    name = "date"

    def __init__(self, *, end: bool = False) -> None:
        self.end = end

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "DATE"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_when(str(value), end=self.end)
        except InvalidInputError as exc:
            name = param.opts[0] if param is not None and param.opts else "the date"
            raise InvalidInputError(f"{name}: {exc.message}", fix=exc.fix) from exc


DATE = DateParam()
END_DATE = DateParam(end=True)


# -- output --------------------------------------------------------------------------------------

def emit_json(data: Any, *, err: bool = False) -> None:
    """``data`` as indented JSON on standard output (standard error with ``err``)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str), err=err)


def printable(text: object) -> str:
    """``text`` with control characters shown escaped, repr-like (``a\\nb`` for a newline)."""
    s = str(text)
    return s if s.isprintable() else repr(s)[1:-1]


def show_path(path: Path | str) -> str:
    """A path ready for rich: control characters shown escaped (repr-like), markup escaped."""
    return escape(printable(path))


def writable(path: Path) -> Path:
    """``path`` after creating its missing folders; :class:`OutputError` if impossible."""
    if path.is_dir():
        raise OutputError(f"{printable(path)} is a folder, not a file",
                          fix=f"Give a file name, e.g. {printable(path / 'out.txt')}.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {printable(path.parent)} for "
                          f"{printable(path)}: {exc.strerror or exc}") from exc
    return path


def writable_dir(path: Path) -> Path:
    """A folder for output files, created with its parents; :class:`OutputError` if it can't."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {printable(path)}: "
                          f"{exc.strerror or exc}") from exc
    return path


def export_summary(c: Context, summary: dict[str, Any], as_json: bool) -> None:
    """An export's summary: JSON (on stderr when the data went to standard output, so as
    not to mix with it) or, when written to a file, a line on stderr."""
    if as_json:
        emit_json(summary, err=summary["out"] is None)
    elif summary["out"] is not None:
        c.err.print(f"wrote {summary['rows']} rows to {show_path(summary['out'])}")


def not_empty(**options: str | None) -> None:
    """:class:`InvalidInputError` for an option given as an empty (or blank) string."""
    for name, value in options.items():
        if value is not None and not value.replace(",", "").strip():
            flag = "--" + name.replace("_", "-")
            raise InvalidInputError(f"{flag} is empty", fix=f"Give a value to {flag}, or leave "
                                    "it out.")


def limit_note(out: Console, shown: int, total: int) -> None:
    """Say that a listing was cut: ``showing N of M (use --limit 0 for all)``."""
    if shown < total:
        out.print(f"[dim]showing {shown} of {total} (use --limit 0 for all)[/]")


def exit_if_rejected(rejected: Sized | int) -> None:
    """After printing a summary: exit 1 when some inputs were rejected (a count or a list),
    so that scripts can tell "all done" (0) from "done, some rejected" (1)."""
    n = rejected if isinstance(rejected, int) else len(rejected)
    if n:
        click.get_current_context().exit(EXIT_REJECTED)


# -- actors and members --------------------------------------------------------------------------

def resolve_actor(c: Context, text: str) -> str:
    """An ``--actor``/``--member`` value as a code prefix: a code (``RUS``, ``USAGOV``), a
    Council member's name (``United States`` → ``USA``), or a name in the actor tables
    (``Lavrov`` → ``RUSGOV``). Raises :class:`NotFoundError` rather than matching nothing."""
    from vetowatch.council.members import member_code, resolve_member

    t = text.strip()
    if not t:
        raise InvalidInputError("an empty actor was given",
                                fix="Give a code such as RUS or USAGOV, or a name.")
    if t.isalnum() and t.isupper():
        return t
    try:
        return member_code(t)
    except NotFoundError:
        pass
    if t.isalpha() and len(t) % 3 == 0:
        return t.upper()
    try:
        from vetowatch.extract.actors import load_actor_tables

        found, _ = load_actor_tables(c.settings, store=c.store).explain(t, date.today())
        if found is not None:
            return str(found.code)
    except VetowatchError:
        pass
    try:
        return resolve_member(t)
    except NotFoundError as exc:
        raise NotFoundError(
            f"no actor or Council member called {text!r}",
            fix="Use an actor code (RUS, USAGOV, IGOUNO), a member's name (United States) or "
                "a name from `vetowatch actors list`.") from exc


# -- errors --------------------------------------------------------------------------------------

def as_vetowatch_error(exc: BaseException) -> VetowatchError:
    """Any exception that reached the CLI as an ``E0xx`` error with what to do."""
    if isinstance(exc, VetowatchError):
        return exc
    from sqlalchemy.exc import SQLAlchemyError

    text = str(getattr(exc, "orig", None) or exc)
    if isinstance(exc, SQLAlchemyError):
        if "readonly" in text or "read-only" in text:
            return ReadOnlyDatabaseError(f"the database is read-only and this command writes "
                                         f"to it ({text})")
        return DatabaseError(f"the database failed: {text}")
    if type(exc).__name__ == "CommandError" and "revision" in text:  # alembic
        return SchemaTooNewError(f"database made by a newer vetowatch: {text}")
    if isinstance(exc, FileNotFoundError):
        return DataNotFoundError(f"{exc.filename or text}: no such file or folder",
                                 fix="Check the path.")
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return OutputError(f"{where}{exc.strerror or text}",
                           fix="Check that the path exists and that you may read or write it.")
    if isinstance(exc, UnicodeError):
        return InvalidInputError(f"a text is not valid UTF-8: {text}",
                                 fix="Convert the file to UTF-8.")
    return InternalError(f"unexpected {type(exc).__name__}: {text}")


def print_error(err: VetowatchError, *, as_json: bool) -> None:
    """``error E0xx: message`` and the fix on stderr, or ``{"error": {…}}`` under ``--json``."""
    if as_json:
        click.echo(json.dumps({"error": err.to_json()}, ensure_ascii=False), err=True)
        return
    message, fix = _no_controls(err.message), _no_controls(err.fix)
    click.echo(click.style("error", fg="red", bold=True) + f" {err.code}: {message}", err=True)
    if fix and fix not in message:
        click.echo(f"  fix: {fix}", err=True)


def _no_controls(text: str) -> str:
    """``text`` with control characters (a file name's ESC or BEL) shown escaped; line
    breaks kept."""
    return "\n".join(printable(line) for line in text.split("\n"))


def print_usage_error(exc: click.ClickException, *, as_json: bool) -> None:
    """A click usage error (unknown option, bad value, missing argument), as text or JSON."""
    if not as_json:
        exc.show()
        return
    ctx = getattr(exc, "ctx", None)
    where = f"`{ctx.command_path} --help`" if ctx is not None else "`vetowatch --help`"
    click.echo(json.dumps({"error": {"code": "E031", "message": exc.format_message(),
                                     "fix": f"See {where} for the options and arguments."}},
                          ensure_ascii=False), err=True)


def wants_json(args: list[str]) -> bool:
    """Whether the command line asks for ``--json`` (before any ``--``)."""
    for arg in args:
        if arg == "--":
            return False
        if arg == "--json":
            return True
    return False


def argv(args: Any) -> list[str]:
    """The arguments click will parse: those given, else the process's."""
    return [str(a) for a in (sys.argv[1:] if args is None else args)]
