"""Read many news files and folders as one stream of :class:`Article`, skipping duplicates.

>>> stream = read_news(["news/"], published=None)          # doctest: +SKIP
>>> for article in stream: ...                             # doctest: +SKIP
>>> stream.errors                                          # doctest: +SKIP

Bad files are reported (``errors`` and the optional ``on_error`` callback) and the other
files go on. Exact repeats of a text are dropped; near-duplicates from other outlets are
yielded with ``duplicate_of`` set to the id of the first copy.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from vetowatch.errors import IngestError
from vetowatch.news.article import Article
from vetowatch.news.dedup import DuplicateIndex
from vetowatch.news.problems import InputRejected, shown
from vetowatch.news.readers import Item, reader_for

ErrorCallback = Callable[[IngestError], None]


class NearDuplicates(Protocol):
    """Finds an earlier near-duplicate of a text (and remembers this one)."""

    def check_and_add(self, key: str, text: str) -> str | None: ...


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | IngestError]:
    try:
        children = sorted(folder.iterdir())
    except OSError as exc:
        yield InputRejected(f"cannot list the folder: {exc.strerror or exc}", folder,
                            fix="check that the folder is readable")
        return
    for child in children:
        if child.name.startswith("."):
            continue
        yield from _entry(child, seen, named=False)


def _entry(path: Path, seen: set[tuple[int, int]], *,
           named: bool) -> Iterator[Path | IngestError]:
    """``path`` if it is a regular file; the files under it if it is a folder (each folder
    once, so a link loop ends); an :class:`InputRejected` for what cannot be read."""
    try:
        info = path.stat()
    except OSError as exc:
        loop = exc.errno == errno.ELOOP
        yield InputRejected("symbolic link loop" if loop else
                            f"cannot read: {exc.strerror or exc}", path,
                            fix="remove the link or point it at a file" if loop
                            else "check that the file exists and is readable")
        return
    if stat.S_ISDIR(info.st_mode):
        key = (info.st_dev, info.st_ino)
        if key in seen:
            if not named:
                yield InputRejected("a link back to a folder already read (loop)", path,
                                    fix="remove the link")
            return
        seen.add(key)
        found = False
        for item in _walk(path, seen):
            found = True
            yield item
        if not found and reader_for(path.suffix) is not None:
            yield InputRejected(f"a folder named like a {path.suffix} file, with no files",
                                path, fix="give the file itself")
    elif stat.S_ISREG(info.st_mode):
        yield path
    else:
        yield InputRejected("not a regular file (a device, pipe or socket)", path,
                            fix="give files and folders only")


def iter_files(path: Path) -> Iterator[Path | IngestError]:
    """A file, or the files under a folder (sorted, hidden ones skipped, links followed once);
    what cannot be read (a link loop, a device) comes as an :class:`IngestError`."""
    yield from _entry(path, set(), named=True)


def read_file(path: Path, published: date | None = None) -> Iterator[Item]:
    """Dispatch one file to the reader registered for its suffix
    (:data:`vetowatch.registry.readers`); unknown suffixes are an :class:`IngestError`."""
    reader = reader_for(path.suffix)
    if reader is None:
        yield InputRejected(f"unsupported file type {path.suffix or '(none)'!r}", path,
                            fix="give text, HTML, JSONL, CSV or RSS/Atom files")
        return
    yield from reader(path, published)


def _guarded(file: Path, published: date | None) -> Iterator[Item]:
    """:func:`read_file`, with a reader's unexpected exception (a user's reader, a third-
    party parser on junk) turned into a rejection of the rest of that file."""
    try:
        yield from read_file(file, published)
    except Exception as exc:  # one file must never sink the run
        yield InputRejected(f"the reader failed ({type(exc).__name__}: {shown(str(exc))[:200]})",
                            file, fix="check the file's format; report it if it looks right")


@dataclass
class NewsStream:
    """An iterable over the articles of ``paths``; fills ``errors`` and counters as it goes.

    ``published`` is the publication date for texts that carry none (plain text files).
    A file or record that cannot be read is reported (``errors``, ``on_error``: an
    :class:`IngestError`, most often an :class:`InputRejected` saying what to do) and
    skipped; everything else is read. ``files`` counts the files tried (rejected ones too).
    In folders, files with an unknown suffix and ``*.md`` notes named ``SOURCE*.md`` or
    ``README*`` are skipped (listed in ``skipped``); named files are always read.
    """

    paths: list[Path]
    published: date | None = None
    deduplicate: bool = True
    threshold: float = 0.8
    on_error: ErrorCallback | None = None
    index: NearDuplicates | None = None  # default: a DuplicateIndex of this run only
    errors: list[IngestError] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    files: int = 0
    articles: int = 0
    duplicates: int = 0
    near_duplicates: int = 0

    def _report(self, error: IngestError) -> None:
        self.errors.append(error)
        if self.on_error is not None:
            self.on_error(error)

    def _candidates(self) -> Iterator[Path]:
        for path in self.paths:
            if not os.path.lexists(path):
                self._report(InputRejected("no such file or folder", path,
                                           fix="check the path"))
                continue
            for file in iter_files(path):
                if isinstance(file, IngestError):
                    self.files += 1
                    self._report(file)
                    continue
                name = file.name.upper()
                in_folder = file != path
                if in_folder and (
                    reader_for(file.suffix) is None
                    or name.startswith(("SOURCE", "README", "LICENSE"))
                ):
                    self.skipped.append(file)
                    continue
                yield file

    def __iter__(self) -> Iterator[Article]:
        seen: set[str] = set()
        index = (self.index or DuplicateIndex(self.threshold)) if self.deduplicate else None
        for file in self._candidates():
            self.files += 1
            for item in _guarded(file, self.published):
                if isinstance(item, IngestError):
                    self._report(item)
                    continue
                if self.deduplicate and item.id in seen:
                    self.duplicates += 1
                    continue
                seen.add(item.id)
                if index is not None:
                    original = index.check_and_add(item.id, item.text)
                    if original is not None:
                        self.near_duplicates += 1
                        item = dataclasses.replace(item, duplicate_of=original)
                self.articles += 1
                yield item


def read_news(
    paths: Iterable[str | Path] | str | Path,
    *,
    published: date | None = None,
    deduplicate: bool = True,
    threshold: float = 0.8,
    on_error: ErrorCallback | None = None,
    index: NearDuplicates | None = None,
) -> NewsStream:
    """A lazy stream of the articles in files and folders (see :class:`NewsStream`);
    ``index`` finds near-duplicates (e.g. across runs:
    :class:`~vetowatch.news.dedup_store.StoredDuplicateIndex`)."""
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    return NewsStream(
        [Path(p) for p in items],
        published=published,
        deduplicate=deduplicate,
        threshold=threshold,
        on_error=on_error,
        index=index,
    )
