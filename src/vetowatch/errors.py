"""One exception tree for vetowatch.

Every error carries a code (``E0xx``) and a message that says what happened, why,
and what to do. Library code raises these; only the CLI turns them into exit codes.
"""

from __future__ import annotations

from pathlib import Path


class VetowatchError(Exception):
    """Base class of every error vetowatch raises on purpose."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class ConfigError(VetowatchError):
    """Settings are missing or contradictory."""

    code = "E001"


class DataNotFoundError(VetowatchError):
    """A data directory or file that vetowatch needs does not exist."""

    code = "E002"


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


class NotImportedError(DatabaseError):
    """The Council record has not been imported into this database yet."""

    code = "E021"


class NotFoundError(VetowatchError):
    """A symbol, member, question or article asked for is not in the record."""

    code = "E030"


class InvalidInputError(VetowatchError):
    """An argument given by the user cannot be understood."""

    code = "E031"


class FetchError(VetowatchError):
    """A download failed (network, HTTP status, size or checksum)."""

    code = "E040"


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
