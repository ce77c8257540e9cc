"""One exception tree for vetowatch.

Every error carries a code (``E0xx``) and a message that says what happened, why,
and what to do. Library code raises these; only the CLI turns them into exit codes.
"""

from __future__ import annotations

from pathlib import Path


class VetowatchError(Exception):
    """Base class of every error vetowatch raises on purpose."""

    code = "E000"
    #: what to do when an error of this class carries no ``fix`` of its own
    default_fix = ""

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self._fix = fix

    @property
    def fix(self) -> str:
        """What to do about it: the ``fix`` given when raised, else the class's default."""
        return self._fix if self._fix is not None else self.default_fix

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}" + (f" {self.fix}" if self._fix else "")

    def to_json(self) -> dict[str, str]:
        """``{"code", "message", "fix"}``: what the CLI prints under ``--json``."""
        return {"code": self.code, "message": self.message, "fix": self.fix}


class ConfigError(VetowatchError):
    """Settings are missing or contradictory."""

    code = "E001"
    default_fix = "Check VETOWATCH_DB, VETOWATCH_DATA and the --db/--data options."


class DataNotFoundError(VetowatchError):
    """A data directory or file that vetowatch needs does not exist."""

    code = "E002"
    default_fix = "Set VETOWATCH_DATA (or --data) to the folder holding unsc/, news/, events/."


class SourceFormatError(VetowatchError):
    """A source file is malformed. Names the file and line."""

    code = "E010"

    def __init__(self, path: Path | str, line: int | None, problem: str, hint: str = "") -> None:
        where = f"{path}" + (f", line {line}" if line is not None else "")
        message = f"{where}: {problem}"
        if hint:
            message += f". {hint}"
        super().__init__(message)
        self.path = Path(path)
        self.line = line
        self.problem = problem


class DatabaseError(VetowatchError):
    """The database is unreachable, outdated or inconsistent."""

    code = "E020"
    default_fix = ("Check the database URL (--db, VETOWATCH_DB) and that the file is readable "
                   "and writable.")


class NotImportedError(DatabaseError):
    """The Council record has not been imported into this database yet."""

    code = "E021"
    default_fix = "Run `vetowatch data import` first."


class NotFoundError(VetowatchError):
    """A symbol, member, question or article asked for is not in the record."""

    code = "E030"
    default_fix = ("Check the spelling; `vetowatch topics`, `agendas`, `kinds` and `actors list` "
                   "show what the record holds.")


class InvalidInputError(VetowatchError):
    """An argument given by the user cannot be understood."""

    code = "E031"
    default_fix = "See the command's --help for the values it accepts."


class FetchError(VetowatchError):
    """A download failed (network, HTTP status, size or checksum)."""

    code = "E040"
    default_fix = "Check the network and the URL, then run `vetowatch data fetch` again."


class ChecksumError(FetchError):
    """A downloaded file does not match its expected size or checksum."""

    code = "E041"


class ModelError(VetowatchError):
    """A model is missing, not fitted or cannot be loaded."""

    code = "E050"


class NotFittedError(ModelError):
    """``predict`` was called before ``fit``."""

    code = "E051"


class ExtractionError(VetowatchError):
    """A text could not be read or processed into statements."""

    code = "E060"


class IngestError(ExtractionError):
    """A news file could not be ingested (binary, empty, undecodable, not English…)."""

    code = "E061"

    def __init__(
        self, message: str, path: Path | str | None = None, line: int | None = None
    ) -> None:
        if path is not None:
            message = f"{path}" + (f", line {line}" if line is not None else "") + f": {message}"
        super().__init__(message)
        self.path = Path(path) if path is not None else None
        self.line = line


class RecordShrinkError(VetowatchError):
    """An import would leave fewer rows for some source and year than the record holds."""

    code = "E022"

    def __init__(self, directory: Path | str, lost: list[str]) -> None:
        shown = lost[:25]
        more = f"\n  … and {len(lost) - len(shown)} more" if len(lost) > len(shown) else ""
        message = (
            f"importing {directory} would shrink the Council record, so nothing was changed:\n  "
            + "\n  ".join(shown)
            + more
        )
        super().__init__(
            message,
            fix="Restore the missing or damaged files (or run `vetowatch data fetch`), or pass "
            "--allow-shrink (allow_shrink=True) if the smaller record is intended.",
        )
        self.directory = Path(directory)
        self.lost = lost


class FetchContentError(FetchError):
    """A download is not the file expected (an error page, the wrong format, too few rows)."""

    code = "E042"


class OutputError(VetowatchError):
    """A file the user asked for (``--out``, ``--report``) cannot be written."""

    code = "E003"
    default_fix = "Choose a path in a folder you can write to."


class ReadOnlyDatabaseError(DatabaseError):
    """The database can be read but this command needs to write to it."""

    code = "E023"
    default_fix = ("Make the database file and its folder writable, or point --db "
                   "(VETOWATCH_DB) at a copy you can write to.")


class SchemaTooNewError(DatabaseError):
    """The database's schema revision is unknown to this version of vetowatch."""

    code = "E024"
    default_fix = "Upgrade vetowatch (pip install -U vetowatch), or use another database."


class InternalError(VetowatchError):
    """An unexpected failure inside vetowatch: a bug, reported with a code, not a traceback."""

    code = "E099"
    default_fix = ("This is a bug: please report it with the command line. Set "
                   "VETOWATCH_DEBUG=1 to see the traceback.")
