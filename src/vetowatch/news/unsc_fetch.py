"""``vetowatch data fetch unsc-debates`` / ``unsc-speeches``: the Council-debate corpora from
Harvard Dataverse, for users online.

The dataset's file listing is read from the Dataverse API
(``/api/datasets/:persistentId/?persistentId=doi:…``), then each wanted file is downloaded
from ``/api/access/datafile/{id}`` (``?format=original`` for tables Dataverse converted to
``.tab``, so ``speaker.tsv`` arrives as the authors wrote it) by
:func:`vetowatch.council.fetch.fetch_sources`: timeouts, retries, size bounds (the exact size
from the listing), atomic renames and ``fetch-manifest.json``. A file the listing gives an
MD5 or SHA-256 for is checked against it after the download. The files keep their names, so
``vetowatch ingest DEST`` reads the folder (:mod:`vetowatch.news.unsc_debates`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

import httpx

from vetowatch.council.fetch import FetchEvent, FetchReport, Source, fetch_sources
from vetowatch.errors import ChecksumError, FetchError, InvalidInputError

__all__ = ["CORPORA", "DATAVERSE_URL", "Corpus", "corpus_sources", "fetch_corpus",
           "listing_source"]

DATAVERSE_URL = "https://dataverse.harvard.edu"
LISTING_DIR = ".dataverse"
_MIB = 1024 * 1024
MAX_LISTING = 16 * _MIB
MAX_FILE = 8 * 1024 * _MIB  # when the listing gives no size


@dataclass(frozen=True)
class Corpus:
    """A Dataverse dataset and the files of it that the readers need."""

    key: str
    title: str
    doi: str
    files: tuple[str, ...]
    citation: str


CORPORA: dict[str, Corpus] = {
    "unsc-debates": Corpus(
        "unsc-debates", "UN Security Council Debates", "doi:10.7910/DVN/KGVSYH",
        ("speeches.tar", "speaker.tsv", "meta.tsv"),
        "Schoenfeld, Mirco; Eckhard, Steffen; Patz, Ronny; van Meegdenburg, Hilde; Pires, "
        "Antonio. The UN Security Council Debates. Harvard Dataverse. "
        "https://doi.org/10.7910/DVN/KGVSYH",
    ),
    "unsc-speeches": Corpus(
        "unsc-speeches", "UNSC Meetings and Speeches", "doi:10.7910/DVN/CKPTRB",
        ("speeches.tsv", "meetings.tsv"),
        "Sakamoto, Takuto; Matsuoka, Hikaru. UNSC Meetings and Speeches. Harvard Dataverse. "
        "https://doi.org/10.7910/DVN/CKPTRB",
    ),
}


def _corpus(key: str) -> Corpus:
    try:
        return CORPORA[key]
    except KeyError:
        raise InvalidInputError(
            f"unknown corpus {key!r}: use one of {', '.join(CORPORA)}") from None


def listing_source(corpus: Corpus, base_url: str = DATAVERSE_URL) -> Source:
    """The Dataverse API answer listing the dataset's files (saved under ``.dataverse/``)."""
    url = (f"{base_url.rstrip('/')}/api/datasets/:persistentId/"
           f"?persistentId={quote(corpus.doi, safe=':/')}")
    return Source(name=f"{corpus.title}: Dataverse file list", url=url,
                  dest=f"{LISTING_DIR}/{corpus.key}.json", min_size=2, max_size=MAX_LISTING)


@dataclass(frozen=True)
class _Listed:
    name: str
    file_id: int
    size: int | None
    original: bool
    checksum: tuple[str, str] | None  # (algorithm, hex digest)


def _listed(entry: Mapping[str, Any]) -> _Listed | None:
    data = entry.get("dataFile")
    if not isinstance(data, Mapping) or not isinstance(data.get("id"), int):
        return None
    original = bool(data.get("originalFileFormat") or data.get("originalFileName"))
    name = str(data.get("originalFileName") or data.get("filename") or entry.get("label") or "")
    size = data.get("originalFileSize") if original else data.get("filesize")
    check = data.get("checksum")
    checksum = None
    if not original and isinstance(check, Mapping) and check.get("value"):
        checksum = (str(check.get("type", "")).upper().replace("-", ""), str(check["value"]))
    elif not original and data.get("md5"):
        checksum = ("MD5", str(data["md5"]))
    return _Listed(PurePosixPath(name).name, int(data["id"]),
                   int(size) if isinstance(size, int) else None, original, checksum)


def _files(listing: Mapping[str, Any]) -> list[_Listed]:
    data = listing.get("data")
    version = data.get("latestVersion") if isinstance(data, Mapping) else None
    files = version.get("files") if isinstance(version, Mapping) else None
    if not isinstance(files, list):
        raise FetchError("the Dataverse answer has no data.latestVersion.files list: the API "
                         "may have changed; download the files by hand from the dataset page")
    return [f for f in (_listed(e) for e in files if isinstance(e, Mapping)) if f is not None]


def _pick(files: Sequence[_Listed], wanted: str) -> _Listed | None:
    stem = PurePosixPath(wanted).stem.lower()
    exact = [f for f in files if f.name.lower() == wanted.lower()]
    near = [f for f in files if PurePosixPath(f.name).stem.lower() == stem]
    found = exact or near
    return found[0] if found else None


Checks = dict[str, tuple[str, str]]


def corpus_sources(corpus: Corpus, listing: Mapping[str, Any],
                   base_url: str = DATAVERSE_URL) -> tuple[list[Source], Checks]:
    """The downloads of the corpus's files named in a Dataverse listing, and the listed
    checksums by destination; raises :class:`FetchError` naming what the dataset holds when
    a wanted file is not in it."""
    files = _files(listing)
    sources: list[Source] = []
    checks: Checks = {}
    missing = []
    for wanted in corpus.files:
        found = _pick(files, wanted)
        if found is None:
            missing.append(wanted)
            continue
        url = f"{base_url.rstrip('/')}/api/access/datafile/{found.file_id}"
        url += "?format=original" if found.original else ""
        dest = wanted if PurePosixPath(found.name).suffix == ".tab" else found.name
        sources.append(Source(name=f"{corpus.title}: {dest}", url=url, dest=dest,
                              min_size=found.size or 1, max_size=found.size or MAX_FILE))
        if found.checksum:
            checks[dest] = found.checksum
    if missing:
        names = ", ".join(sorted(f.name for f in files)) or "no files"
        raise FetchError(f"{corpus.doi} does not list {', '.join(missing)} (it lists {names}): "
                         "the dataset was reorganised; download the files from its page and "
                         "name them as docs/news.md says")
    return sources, checks


def _verify(report: FetchReport, checks: Mapping[str, tuple[str, str]]) -> None:
    for got in report.fetched:
        check = checks.get(got.source.dest)
        if check is None or check[0] not in ("MD5", "SHA256", "SHA1"):
            continue
        algorithm, expected = check
        digest = got.sha256 if algorithm == "SHA256" else _digest(got.path, algorithm.lower())
        if digest != expected.lower():
            got.path.unlink(missing_ok=True)
            raise ChecksumError(
                f"{got.source.url} has {algorithm} {digest}, not the {expected} the Dataverse "
                f"listing gives; {got.path.name} was removed. Try again (--force).")


def _digest(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


Progress = Callable[[FetchEvent], None]


def _after_listing(progress: Progress | None) -> Progress | None:
    """The files' progress events numbered after the listing's (one progress bar, one task
    per download: index 0 is the listing)."""
    if progress is None:
        return None
    report = progress

    def shifted(event: FetchEvent) -> None:
        report(replace(event, index=event.index + 1, count=event.count + 1))

    return shifted


def fetch_corpus(key: str, dest: Path, *, base_url: str | None = None, timeout: float = 60,
                 retries: int = 3, backoff: float = 0.5,
                 progress: Progress | None = None,
                 client: httpx.Client | None = None, force: bool = False) -> FetchReport:
    """Download ``unsc-debates`` or ``unsc-speeches`` into ``dest`` (see the module doc).

    The listing is always fetched again (it is small and says what the current version
    holds); the files are skipped when present and unchanged, unless ``force``. Failures of
    single files are collected in the report (``keep_going``); a failed listing raises."""
    corpus = _corpus(key)
    base_url = base_url or DATAVERSE_URL  # read at call time (tests point it elsewhere)
    first = fetch_sources([listing_source(corpus, base_url)], dest, timeout=timeout,
                          retries=retries, backoff=backoff, progress=progress, client=client,
                          force=True)
    path = dest / listing_source(corpus, base_url).dest
    try:
        listing = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise FetchError(f"the Dataverse answer for {corpus.doi} is not JSON ({exc}); "
                         "check --dest and your connection, then try again") from exc
    if not isinstance(listing, Mapping):
        raise FetchError(f"the Dataverse answer for {corpus.doi} is not a JSON object")
    sources, checks = corpus_sources(corpus, listing, base_url)
    report = fetch_sources(sources, dest, timeout=timeout, retries=retries, backoff=backoff,
                           progress=_after_listing(progress), client=client, force=force,
                           keep_going=True)
    _verify(report, checks)
    report.fetched[:0] = first.fetched
    return report
