"""Download the official Council sources: the UNDL voting CSV and the DHL pages.

:func:`default_sources` lists what ``vetowatch data fetch`` downloads; :func:`fetch_sources`
downloads a list of :class:`Source` into a folder:

* each file is streamed to a hidden temporary file next to its destination, checked (size
  bounds, SHA-256 when known, the shape of :class:`ContentCheck` — every default source has
  one, so an HTTP 200 error page is never saved) and only then renamed into place, so an
  interrupted or rejected download never leaves a half-written file; ``.part`` files left by
  a killed run are removed at the next start;
* gzip/deflate bodies are decoded here in bounded steps: a body that decodes past
  ``max_size`` is refused before more than ``max_size`` bytes are written;
* redirects are followed only within the origin (scheme, host, port) of the source's URL;
* connection errors, timeouts and HTTP 5xx (and 408/429) are retried with exponential
  backoff; other 4xx answers are final;
* a file already present is skipped when its SHA-256 matches the source's, or (when the
  source gives none) the one recorded in ``fetch-manifest.json`` for the same URL;
* ``fetch-manifest.json`` records url, final_url, size, sha256, fetched_at and the content
  check of every file.

The library never prints: progress is reported through a callback of :class:`FetchEvent`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal

import httpx

from vetowatch.council.fetch_checks import ContentCheck, Decoder, Shape, same_origin, verify
from vetowatch.council.sources.undl import REQUIRED_COLUMNS as UNDL_COLUMNS
from vetowatch.errors import ChecksumError, FetchError, InvalidInputError

UNDL_RECORD_URL = "https://digitallibrary.un.org/record/4055387"
UNDL_FILES_URL = "https://digitallibrary.un.org/record/4055387/files/"
UNDL_VOTING_FILE = "2026_02_06_sc_voting.csv"
DHL_MEETINGS_URL = "https://research.un.org/en/docs/sc/quick/meetings/{year}"
DHL_VETO_URL = "https://research.un.org/en/docs/sc/quick/veto"
DHL_YEARS = range(1946, 2023)
# UN Peace and Security Data Hub, dataset DPPA-SCMEMBERSHIP (Council membership by year)
DPPA_MEMBERSHIP_URL = "https://psdata.un.org/files/DPPA-SCMEMBERSHIP.csv"
MEMBERSHIP_FILE = "sc_membership_dppa.csv"
MANIFEST_NAME = "fetch-manifest.json"
USER_AGENT = "vetowatch/0.1 (UN Security Council voting record importer)"

_KIB = 1024
_MIB = 1024 * _KIB
_CHUNK = 64 * _KIB
_RETRY_STATUS = frozenset({408, 429})
_MAX_REDIRECTS = 5
_REQUEST_HEADERS = {"Accept-Encoding": "gzip, deflate"}
# The shape of each default source (no SHA-256 can be pinned: the pages change as the
# Council meets; the hash of what was checked goes to the manifest).
UNDL_CHECK = ContentCheck("csv", columns=UNDL_COLUMNS, min_rows=10_000)
DHL_YEAR_CHECK = ContentCheck(
    "html", markers=("<table", "Security Council", "Meeting", "Topic"), min_rows=5
)
DHL_VETO_CHECK = ContentCheck("html", markers=("<table", "Veto", "Draft", "Agenda"), min_rows=150)
MEMBERSHIP_CHECK = ContentCheck("csv", columns=("year", "security_council_member"), min_rows=500)

EventKind = Literal["start", "progress", "done", "skipped", "retry", "failed"]


@dataclass(frozen=True)
class Source:
    """One file to download: where from, where to (relative to the target folder), checks."""

    name: str
    url: str
    dest: str  # relative POSIX path inside the target folder
    sha256: str | None = None
    min_size: int = 1
    max_size: int = 64 * _MIB  # after decoding (gzip): more is refused before it is written
    check: ContentCheck | None = None  # the file's shape, verified before it is saved
    # hosts (HTTPS only) a redirect may lead to besides the URL's own origin, e.g. a
    # repository's storage host; empty: redirects stay within scheme, host and port
    redirect_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class FetchEvent:
    """Progress of one download, for a progress bar.

    ``bytes_total`` is the announced size (``Content-Length``) or ``None`` when unknown.
    ``index`` counts sources from 0; ``attempt`` counts tries from 1.
    """

    kind: EventKind
    source: Source
    index: int
    count: int
    bytes_done: int = 0
    bytes_total: int | None = None
    attempt: int = 1
    message: str = ""


@dataclass(frozen=True)
class FetchedFile:
    """A file that is in place after the run (downloaded now, or kept from before)."""

    source: Source
    path: Path
    size: int
    sha256: str
    fetched_at: str
    downloaded: bool
    attempts: int = 0
    final_url: str = ""  # after redirects (same origin only)


@dataclass(frozen=True)
class FetchFailure:
    """A source that could not be fetched (only collected with ``keep_going=True``)."""

    source: Source
    error: FetchError


@dataclass
class FetchReport:
    """What a run did, file by file."""

    dest_dir: Path
    manifest: Path
    fetched: list[FetchedFile] = field(default_factory=list)
    skipped: list[FetchedFile] = field(default_factory=list)
    failed: list[FetchFailure] = field(default_factory=list)
    cleaned: list[Path] = field(default_factory=list)  # .part files left by killed runs

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def bytes_downloaded(self) -> int:
        return sum(f.size for f in self.fetched)


def default_sources(
    *,
    undl_files_url: str = UNDL_FILES_URL,
    undl_file: str = UNDL_VOTING_FILE,
    dhl_meetings_url: str = DHL_MEETINGS_URL,
    dhl_veto_url: str = DHL_VETO_URL,
    years: Iterable[int] = DHL_YEARS,
    include_undl: bool = True,
    include_dhl: bool = True,
    membership_url: str | None = DPPA_MEMBERSHIP_URL,
) -> list[Source]:
    """The official sources, with configurable base URLs (tests point them at a local server).

    ``undl_files_url`` is the folder of files of UNDL record 4055387; ``undl_file`` the CSV's
    name there (saved under the same name). ``dhl_meetings_url`` must contain ``{year}``;
    the pages are saved as ``dhl_pages/scact{year}_table_en.html`` and the veto page as
    ``dhl_pages/scact_veto_table_en.html``, the names the importers read. ``membership_url``
    is the DPPA Council-membership CSV (saved as ``sc_membership_dppa.csv``; the importer
    finds it by its header); ``None`` leaves it out.
    """
    if "{year}" not in dhl_meetings_url:
        raise InvalidInputError(
            f"DHL meetings URL {dhl_meetings_url!r} has no '{{year}}' placeholder. "
            f"Use a pattern such as {DHL_MEETINGS_URL!r}."
        )
    sources: list[Source] = []
    if include_undl:
        sources.append(
            Source(
                name=f"UNDL Security Council voting data ({undl_file})",
                url=undl_files_url.rstrip("/") + "/" + undl_file,
                dest=undl_file,
                min_size=1 * _MIB,
                max_size=128 * _MIB,
                check=UNDL_CHECK,
            )
        )
    if include_dhl:
        sources.extend(_dhl_sources(dhl_meetings_url, dhl_veto_url, years))
    if membership_url:
        sources.append(
            Source(
                name="DPPA Security Council membership",
                url=membership_url,
                dest=MEMBERSHIP_FILE,
                min_size=1 * _KIB,
                max_size=8 * _MIB,
                check=MEMBERSHIP_CHECK,
            )
        )
    return sources


def _dhl_sources(meetings_url: str, veto_url: str, years: Iterable[int]) -> list[Source]:
    """The DHL yearly pages and the veto page, saved under the names the importer reads."""
    pages = [
        Source(
            name=f"DHL meetings and outcomes {year}",
            url=meetings_url.format(year=year),
            dest=f"dhl_pages/scact{year}_table_en.html",
            min_size=1 * _KIB,
            max_size=32 * _MIB,
            check=DHL_YEAR_CHECK,
        )
        for year in years
    ]
    veto = Source(
        name="DHL veto list",
        url=veto_url,
        dest="dhl_pages/scact_veto_table_en.html",
        min_size=1 * _KIB,
        max_size=32 * _MIB,
        check=DHL_VETO_CHECK,
    )
    return [*pages, veto]


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _target(dest_dir: Path, source: Source) -> Path:
    rel = PurePosixPath(source.dest)
    if not source.dest or rel.is_absolute() or ".." in rel.parts or "\\" in source.dest:
        raise InvalidInputError(
            f"source {source.name!r} has destination {source.dest!r}, which is not a plain "
            "relative path. Use a path such as 'dhl_pages/scact1946_table_en.html'."
        )
    if source.min_size > source.max_size or source.max_size <= 0:
        raise InvalidInputError(
            f"source {source.name!r} has size bounds {source.min_size}..{source.max_size}. "
            "Give 0 <= min_size <= max_size."
        )
    return dest_dir.joinpath(*rel.parts)


def load_manifest(dest_dir: Path) -> dict[str, dict[str, Any]]:
    """The manifest's entries by destination path; empty when missing or unreadable."""
    path = dest_dir / MANIFEST_NAME
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(v, dict)}


def _write_manifest(dest_dir: Path, entries: dict[str, dict[str, Any]]) -> Path:
    path = dest_dir / MANIFEST_NAME
    payload = {"version": 1, "files": dict(sorted(entries.items()))}
    fd, tmp = tempfile.mkstemp(prefix=f".{MANIFEST_NAME}.", suffix=".part", dir=dest_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _manifest_entry(got: FetchedFile) -> dict[str, Any]:
    return {
        "name": got.source.name,
        "url": got.source.url,
        "final_url": got.final_url or got.source.url,
        "size": got.size,
        "sha256": got.sha256,
        "fetched_at": got.fetched_at,
        "check": got.source.check.describe() if got.source.check else None,
    }


def _present(path: Path, source: Source, entry: dict[str, Any] | None) -> FetchedFile | None:
    """The file already in place, when it checks out; else None."""
    if not path.is_file():
        return None
    if source.sha256 is None and (entry is None or entry.get("url") != source.url):
        return None
    expected = source.sha256 or (entry or {}).get("sha256")
    size = path.stat().st_size
    if not isinstance(expected, str) or not source.min_size <= size <= source.max_size:
        return None
    digest = file_sha256(path)
    if digest != expected.lower() or not _shape_ok(path, source):
        return None
    fetched_at = str((entry or {}).get("fetched_at", ""))
    final_url = str((entry or {}).get("final_url", source.url))
    return FetchedFile(source, path, size, digest, fetched_at, downloaded=False,
                       final_url=final_url)


def _shape_ok(path: Path, source: Source) -> bool:
    """Whether a file already in place passes the source's content check (if any)."""
    if source.check is None:
        return True
    shape = Shape(source.check.markers)
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            shape.feed(chunk)
    try:
        verify(source.check, shape, "", source.url, source.name)
    except FetchError:
        return False
    return True


def clean_parts(dest_dir: Path, targets: Iterable[Path]) -> list[Path]:
    """Remove the hidden ``.*.part`` files that a killed run left next to its targets."""
    removed: list[Path] = []
    for folder in sorted({dest_dir, *(t.parent for t in targets)}):
        if not folder.is_dir():
            continue
        for part in sorted(folder.glob(".*.part")):
            if part.is_file() and not part.is_symlink():
                part.unlink(missing_ok=True)
                removed.append(part)
    return removed


class _Retryable(Exception):
    """An attempt failed in a way worth trying again."""

    def __init__(self, error: FetchError) -> None:
        super().__init__(error.message)
        self.error = error


def _check_status(source: Source, response: httpx.Response) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    what = f"{source.url} answered HTTP {status} {response.reason_phrase}"
    if status >= 500 or status in _RETRY_STATUS:
        raise _Retryable(FetchError(f"{what} (a server-side or rate problem). Try again later."))
    hint = (
        "The file name may have changed: check the record page and pass the new URL."
        if status in (404, 410)
        else "Check the URL and your access to it."
    )
    raise FetchError(f"{what}, so {source.name} was not downloaded. {hint}")


def _size_error(source: Source, size: int, announced: bool = False) -> ChecksumError:
    how = "announces" if announced else "sent"
    return ChecksumError(
        f"{source.url} {how} {size} bytes, outside the expected {source.min_size}.."
        f"{source.max_size} bytes for {source.name}; nothing was saved. The source may have "
        "changed (an error page, or a new edition): check it in a browser, or adjust the bounds."
    )


@dataclass
class _Attempt:
    source: Source
    index: int
    count: int
    attempt: int
    progress: Callable[[FetchEvent], None] | None

    def emit(self, kind: EventKind, done: int = 0, total: int | None = None, msg: str = "") -> None:
        if self.progress is not None:
            event = FetchEvent(
                kind, self.source, self.index, self.count, done, total, self.attempt, msg
            )
            self.progress(event)


def _open_final(
    client: httpx.Client, stack: ExitStack, source: Source, timeout: float
) -> httpx.Response:
    """The response at the end of the redirects, all within the origin of ``source.url``."""
    first = url = httpx.URL(source.url)
    for _hop in range(_MAX_REDIRECTS + 1):
        resp = stack.enter_context(client.stream(
            "GET", url, timeout=timeout, follow_redirects=False, headers=_REQUEST_HEADERS))
        location = resp.headers.get("location")
        if not (resp.is_redirect and location):
            return resp
        target = url.join(location)
        trusted = target.scheme == "https" and target.host in source.redirect_hosts
        if not (same_origin(first, target) or trusted):
            raise FetchError(
                f"{url} redirects to {target}, another site (scheme, host or port) than "
                f"{source.url}; {source.name} was not downloaded. If the source really moved, "
                "pass its new URL."
            )
        url = target
    raise FetchError(
        f"{source.url} redirected more than {_MAX_REDIRECTS} times; {source.name} was not "
        "downloaded. Check the URL in a browser."
    )


def _write_body(resp: httpx.Response, fh: IO[bytes], run: _Attempt) -> tuple[int, str, Shape]:
    """Decode and write the body, refusing it before more than ``max_size`` is written."""
    source = run.source
    length = resp.headers.get("content-length")
    total = int(length) if length and length.isdigit() else None
    encoding = resp.headers.get("content-encoding", "")
    if total is not None and total > source.max_size and not encoding:
        raise _size_error(source, total, announced=True)
    decoder = Decoder(encoding, str(resp.url))
    shape = Shape(source.check.markers if source.check else ())
    digest, done = hashlib.sha256(), 0
    run.emit("progress", 0, total)
    for raw in chain(resp.iter_raw(_CHUNK), [None]):
        for chunk in decoder.feed(raw) if raw is not None else decoder.flush():
            if done + len(chunk) > source.max_size:
                raise _size_error(source, done + len(chunk))
            done += len(chunk)
            digest.update(chunk)
            shape.feed(chunk)
            fh.write(chunk)
        run.emit("progress", done, total)
    return done, digest.hexdigest(), shape


def _stream_to(
    client: httpx.Client, path: Path, timeout: float, run: _Attempt
) -> tuple[int, str, str]:
    """One download attempt into a temp file renamed to ``path``: size, sha256, final URL."""
    source = run.source
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise FetchError(f"cannot write in {path.parent} ({exc}). Check the folder.") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh, ExitStack() as stack:
            resp = _open_final(client, stack, source, timeout)
            _check_status(source, resp)
            done, sha, shape = _write_body(resp, fh, run)
            final_url = str(resp.url)
            content_type = resp.headers.get("content-type", "")
            fh.flush()
            os.fsync(fh.fileno())
        if source.check is not None:  # first: it tells an error page for what it is
            verify(source.check, shape, content_type, final_url, source.name)
        if done < source.min_size:
            raise _size_error(source, done)
        if source.sha256 is not None and sha != source.sha256.lower():
            raise ChecksumError(
                f"{source.url} has SHA-256 {sha}, not the expected {source.sha256.lower()}; "
                f"{source.name} was not saved. The file was changed or corrupted on the way: "
                "try again, or update the expected checksum if a new edition was published."
            )
        os.replace(tmp, path)
        return done, sha, final_url
    except httpx.HTTPError as exc:
        raise _Retryable(
            FetchError(
                f"downloading {source.url} failed: {type(exc).__name__}: {exc or 'no detail'}. "
                "Check your connection (or proxy), or raise the timeout."
            )
        ) from exc
    except OSError as exc:
        raise FetchError(
            f"saving {source.name} to {path} failed ({exc}). Check the disk and the folder."
        ) from None
    finally:
        tmp.unlink(missing_ok=True)


def _fetch_one(
    client: httpx.Client,
    path: Path,
    run: _Attempt,
    *,
    timeout: float,
    retries: int,
    backoff: float,
) -> FetchedFile:
    """Download one source with retries; raises FetchError (or ChecksumError) when it fails."""
    for attempt in range(1, retries + 2):
        run.attempt = attempt
        run.emit("start", msg=run.source.url)
        try:
            size, sha, final_url = _stream_to(client, path, timeout, run)
        except _Retryable as exc:
            if attempt > retries:
                raise FetchError(
                    f"{exc.error.message} (gave up after {attempt} attempts)"
                ) from exc.__cause__
            delay = backoff * 2 ** (attempt - 1)
            run.emit("retry", msg=f"{exc.error.message}; retrying in {delay:.2f} s")
            time.sleep(delay)
            continue
        run.emit("done", size, size)
        return FetchedFile(run.source, path, size, sha, _now(), downloaded=True, attempts=attempt,
                           final_url=final_url)
    raise AssertionError("unreachable")  # pragma: no cover


def _check_settings(timeout: float, retries: int, backoff: float) -> None:
    if timeout <= 0 or retries < 0 or backoff < 0:
        raise InvalidInputError(
            f"timeout={timeout}, retries={retries}, backoff={backoff}: give a positive "
            "timeout and non-negative retries and backoff."
        )


def fetch_sources(
    sources: Sequence[Source],
    dest_dir: Path,
    *,
    timeout: float = 30,
    retries: int = 3,
    backoff: float = 0.5,
    progress: Callable[[FetchEvent], None] | None = None,
    client: httpx.Client | None = None,
    force: bool = False,
    keep_going: bool = False,
) -> FetchReport:
    """Download ``sources`` into ``dest_dir`` and record them in ``fetch-manifest.json``.

    ``timeout`` applies to connecting and to each read; ``retries`` is the number of further
    attempts after the first (so ``retries=3`` tries up to 4 times), waiting
    ``backoff * 2**n`` seconds between them. ``force`` downloads even files already present.
    By default the first failure raises (:class:`~vetowatch.errors.FetchError`, or
    :class:`~vetowatch.errors.ChecksumError` for size or checksum); with ``keep_going`` the
    failures are collected in the report instead. Files fetched before a failure stay, and
    stay in the manifest. ``client`` lets the caller supply an ``httpx.Client`` (proxies,
    transports); otherwise one is made and closed here.
    """
    _check_settings(timeout, retries, backoff)
    targets = [_target(dest_dir, s) for s in sources]
    dest_dir.mkdir(parents=True, exist_ok=True)
    manifest = load_manifest(dest_dir)
    report = FetchReport(dest_dir=dest_dir, manifest=dest_dir / MANIFEST_NAME)
    report.cleaned = clean_parts(dest_dir, targets)
    own = client is None
    http = client or httpx.Client(follow_redirects=False, headers={"User-Agent": USER_AGENT})
    try:
        for index, (source, path) in enumerate(zip(sources, targets, strict=True)):
            run = _Attempt(source, index, len(sources), 1, progress)
            kept = None if force else _present(path, source, manifest.get(source.dest))
            if kept is not None:
                report.skipped.append(kept)
                run.emit("skipped", kept.size, kept.size, "already present, checksum matches")
                continue
            try:
                got = _fetch_one(http, path, run, timeout=timeout, retries=retries, backoff=backoff)
            except FetchError as exc:
                run.emit("failed", msg=exc.message)
                if not keep_going:
                    raise
                report.failed.append(FetchFailure(source, exc))
                continue
            report.fetched.append(got)
            manifest[source.dest] = _manifest_entry(got)
            _write_manifest(dest_dir, manifest)
    finally:
        if own:
            http.close()
    if not report.manifest.exists():
        _write_manifest(dest_dir, manifest)
    return report
