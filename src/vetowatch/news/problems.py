"""Why an input was rejected: :class:`InputRejected` (an ``E061`` :class:`IngestError` that
also says what to do) and :class:`Rejection`, the plain record an ingest report lists.

File names are shown escaped (:func:`shown_path`): a control character, a lone surrogate
from a non-UTF-8 name or a terminal escape in a file name never reaches a terminal raw.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vetowatch.errors import IngestError, VetowatchError

DEFAULT_FIX = "fix or remove this input and run ingest again (good inputs were stored)"


def shown(text: str) -> str:
    """``text`` with every non-printable character (control characters, lone surrogates of
    undecodable bytes) written as a Python escape (``\\x07``, ``\\udcff``)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def shown_path(path: Path | str | None) -> str:
    """A path for messages: :func:`shown` of its text, ``<memory>`` for none."""
    return "<memory>" if path is None else shown(path_text(path))


def path_text(path: Path | str) -> str:
    """A path as text that any database stores: the bytes of a non-UTF-8 file name (held
    as surrogates) become ``\\xe9`` escapes; everything else is kept."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class InputRejected(IngestError):
    """One input file or record that ingest skipped: where (file, line), what is wrong, and
    what to do (``fix``). Same code as :class:`IngestError` (``E061``)."""

    def __init__(self, what: str, path: Path | str | None = None, line: int | None = None,
                 *, fix: str = DEFAULT_FIX) -> None:
        where = shown_path(path) + (f", line {line}" if line is not None else "")
        message = f"{where}: {what}" if path is not None else what
        fix = fix[:1].upper() + fix[1:]
        VetowatchError.__init__(self, message + ".", fix=fix)
        self.path = Path(path) if path is not None else None
        self.line = line
        self.what = what


@dataclass(frozen=True)
class Rejection:
    """An input that was skipped, as an ingest report lists it."""

    path: str  # shown escaped (:func:`shown_path`)
    line: int | None
    code: str
    message: str  # what is wrong, without the place
    fix: str

    @classmethod
    def of(cls, error: IngestError) -> Rejection:
        """The record of ``error`` (any :class:`IngestError`, a user reader's too)."""
        if isinstance(error, InputRejected):
            return cls(shown_path(error.path), error.line, error.code, error.what, error.fix)
        text = error.message
        if error.path is not None:  # IngestError puts "path, line N: " in front
            where = f"{error.path}" + (f", line {error.line}" if error.line is not None else "")
            text = text.removeprefix(f"{where}: ")
        return cls(shown_path(error.path), error.line, error.code, shown(text),
                   error.fix or DEFAULT_FIX)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "code": self.code,
                "message": self.message, "fix": self.fix}

    def __str__(self) -> str:
        where = self.path + (f", line {self.line}" if self.line is not None else "")
        return f"[{self.code}] {where}: {self.message}. {self.fix}"
