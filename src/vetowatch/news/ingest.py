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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vetowatch.errors import IngestError
from vetowatch.news.article import Article
from vetowatch.news.dedup import DuplicateIndex
from vetowatch.news.readers import Item, reader_for

ErrorCallback = Callable[[IngestError], None]


def iter_files(path: Path) -> Iterator[Path]:
    """A file, or the readable files under a folder (sorted, hidden files and docs skipped)."""
    if path.is_file():
        yield path
        return
    for child in sorted(path.rglob("*")):
        if child.is_file() and not any(part.startswith(".") for part in child.parts):
            yield child


def read_file(path: Path, published: date | None = None) -> Iterator[Item]:
    """Dispatch one file to the reader registered for its suffix
    (:data:`vetowatch.registry.readers`); unknown suffixes are an :class:`IngestError`."""
    reader = reader_for(path.suffix)
    if reader is None:
        yield IngestError(f"unsupported file type {path.suffix or '(none)'!r}", path)
        return
    yield from reader(path, published)


@dataclass
class NewsStream:
    """An iterable over the articles of ``paths``; fills ``errors`` and counters as it goes.

    ``published`` is the publication date for texts that carry none (plain text files).
    In folders, files with an unknown suffix and ``*.md`` notes named ``SOURCE*.md`` or
    ``README*`` are skipped (listed in ``skipped``); named files are always read.
    """

    paths: list[Path]
    published: date | None = None
    deduplicate: bool = True
    threshold: float = 0.8
    on_error: ErrorCallback | None = None
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
            if not path.exists():
                self._report(IngestError("no such file or folder", path))
                continue
            for file in iter_files(path):
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
        index = DuplicateIndex(self.threshold) if self.deduplicate else None
        for file in self._candidates():
            self.files += 1
            for item in read_file(file, self.published):
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
) -> NewsStream:
    """A lazy stream of the articles in files and folders (see :class:`NewsStream`)."""
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    return NewsStream(
        [Path(p) for p in items],
        published=published,
        deduplicate=deduplicate,
        threshold=threshold,
        on_error=on_error,
    )
