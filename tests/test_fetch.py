"""The downloader, against a real HTTP server on 127.0.0.1 serving the shared files."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from vetowatch.council.fetch import (
    DHL_MEETINGS_URL,
    DHL_VETO_URL,
    MANIFEST_NAME,
    UNDL_CHECK,
    UNDL_FILES_URL,
    UNDL_VOTING_FILE,
    FetchEvent,
    Source,
    default_sources,
    fetch_sources,
    load_manifest,
)
from vetowatch.errors import ChecksumError, FetchError, InvalidInputError

SAMPLE_CSV = "undl_sc_voting_2026_02_06_sample_rows.csv"
YEARS = range(1946, 1949)


class _Server(ThreadingHTTPServer):
    """Serves files under ``root``; per-path misbehaviour is scripted by the test."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root.resolve()
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.fail_first: dict[str, int] = {}  # path -> how many 503 answers before success
        self.delay: dict[str, float] = {}  # path -> seconds to wait before answering
        self.truncate: set[str] = set()  # paths whose body is cut short

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up on a slow answer are expected here: stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """No access log on stderr."""

    def _send(self, status: int, body: bytes, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.hits[path] += 1
            hit = self.server.hits[path]
        try:
            time.sleep(self.server.delay.get(path, 0.0))
            if hit <= self.server.fail_first.get(path, 0):
                self._send(503, b"busy")
                return
            file = (self.server.root / path.lstrip("/")).resolve()
            if not file.is_file() or not file.is_relative_to(self.server.root):
                self._send(404, b"not found")
                return
            body = file.read_bytes()
            if path in self.server.truncate:
                self._send(200, body[: len(body) // 2], length=len(body))
                self.close_connection = True
                return
            self._send(200, body)
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            self.close_connection = True


@pytest.fixture()
def server(unsc_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[_Server]:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    srv = _Server(unsc_dir)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


def _local_sources(srv: _Server) -> list[Source]:
    sources = default_sources(
        undl_files_url=srv.base + "/",
        undl_file=SAMPLE_CSV,
        dhl_meetings_url=srv.base + "/dhl_pages/scact{year}_table_en.html",
        dhl_veto_url=srv.base + "/dhl_pages/scact_veto_table_en.html",
        years=YEARS,
        membership_url=None,
    )
    # the sample stands in for the full CSV, which is far bigger than the sample
    check = dataclasses.replace(UNDL_CHECK, min_rows=1)
    return [dataclasses.replace(sources[0], min_size=1, check=check), *sources[1:]]


def _one(srv: _Server, name: str, **changes: object) -> Source:
    source = Source(name=name, url=f"{srv.base}/{name}", dest=Path(name).name)
    return dataclasses.replace(source, **changes)  # type: ignore[arg-type]


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".part")]


def test_files_arrive_byte_identical(server: _Server, unsc_dir: Path, tmp_path: Path) -> None:
    sources = _local_sources(server)
    report = fetch_sources(sources, tmp_path, timeout=5, retries=0)
    assert report.ok
    assert len(report.fetched) == len(sources) == 5
    expected = {
        SAMPLE_CSV: unsc_dir / SAMPLE_CSV,
        "dhl_pages/scact1947_table_en.html": unsc_dir / "dhl_pages/scact1947_table_en.html",
        "dhl_pages/scact_veto_table_en.html": unsc_dir / "dhl_pages/scact_veto_table_en.html",
    }
    for dest, original in expected.items():
        assert (tmp_path / dest).read_bytes() == original.read_bytes()
    manifest = json.loads((tmp_path / MANIFEST_NAME).read_text("utf-8"))
    assert manifest["version"] == 1
    entry = manifest["files"]["dhl_pages/scact1946_table_en.html"]
    page = (unsc_dir / "dhl_pages/scact1946_table_en.html").read_bytes()
    assert entry["sha256"] == hashlib.sha256(page).hexdigest()
    assert entry["size"] == len(page)
    assert entry["url"].endswith("/dhl_pages/scact1946_table_en.html")
    assert entry["fetched_at"]
    assert _leftovers(tmp_path) == []
    assert report.bytes_downloaded == sum(f.size for f in report.fetched)


def test_checksum_mismatch_leaves_no_file(server: _Server, tmp_path: Path) -> None:
    source = _one(server, SAMPLE_CSV, sha256="0" * 64)
    with pytest.raises(ChecksumError) as info:
        fetch_sources([source], tmp_path, timeout=5, retries=2, backoff=0.01)
    assert "SHA-256" in info.value.message
    assert not (tmp_path / SAMPLE_CSV).exists()
    assert _leftovers(tmp_path) == []
    assert server.hits[f"/{SAMPLE_CSV}"] == 1  # a wrong checksum is not retried
    assert SAMPLE_CSV not in load_manifest(tmp_path)


def test_right_checksum_is_accepted(server: _Server, unsc_dir: Path, tmp_path: Path) -> None:
    digest = hashlib.sha256((unsc_dir / SAMPLE_CSV).read_bytes()).hexdigest()
    source = _one(server, SAMPLE_CSV, sha256=digest.upper())
    report = fetch_sources([source], tmp_path, timeout=5)
    assert report.fetched[0].sha256 == digest


@pytest.mark.parametrize(("min_size", "max_size"), [(10**6, 10**7), (1, 1000)])
def test_size_bounds(server: _Server, tmp_path: Path, min_size: int, max_size: int) -> None:
    source = _one(server, SAMPLE_CSV, min_size=min_size, max_size=max_size)
    with pytest.raises(ChecksumError, match="outside the expected"):
        fetch_sources([source], tmp_path, timeout=5, retries=0)
    assert not (tmp_path / SAMPLE_CSV).exists()
    assert _leftovers(tmp_path) == []


def test_server_errors_are_retried(server: _Server, unsc_dir: Path, tmp_path: Path) -> None:
    server.fail_first[f"/{SAMPLE_CSV}"] = 2
    events: list[FetchEvent] = []
    source = _one(server, SAMPLE_CSV)
    report = fetch_sources(
        [source], tmp_path, timeout=5, retries=3, backoff=0.01, progress=events.append
    )
    assert server.hits[f"/{SAMPLE_CSV}"] == 3
    assert report.fetched[0].attempts == 3
    assert [e.kind for e in events].count("retry") == 2
    assert (tmp_path / SAMPLE_CSV).read_bytes() == (unsc_dir / SAMPLE_CSV).read_bytes()


def test_server_errors_give_up_after_retries(server: _Server, tmp_path: Path) -> None:
    server.fail_first[f"/{SAMPLE_CSV}"] = 99
    with pytest.raises(FetchError, match="503") as info:
        fetch_sources([_one(server, SAMPLE_CSV)], tmp_path, timeout=5, retries=1, backoff=0.01)
    assert not isinstance(info.value, ChecksumError)
    assert "2 attempts" in info.value.message
    assert server.hits[f"/{SAMPLE_CSV}"] == 2
    assert not (tmp_path / SAMPLE_CSV).exists()


def test_timeout_gives_fetch_error_after_retries(server: _Server, tmp_path: Path) -> None:
    server.delay[f"/{SAMPLE_CSV}"] = 1.0
    started = time.monotonic()
    with pytest.raises(FetchError, match="Timeout"):
        fetch_sources([_one(server, SAMPLE_CSV)], tmp_path, timeout=0.1, retries=1, backoff=0.01)
    assert time.monotonic() - started < 3
    assert server.hits[f"/{SAMPLE_CSV}"] == 2
    assert not (tmp_path / SAMPLE_CSV).exists()
    assert _leftovers(tmp_path) == []


def test_cut_short_download_is_retried_and_leaves_nothing(server: _Server, tmp_path: Path) -> None:
    server.truncate.add(f"/{SAMPLE_CSV}")
    with pytest.raises(FetchError):
        fetch_sources([_one(server, SAMPLE_CSV)], tmp_path, timeout=5, retries=1, backoff=0.01)
    assert server.hits[f"/{SAMPLE_CSV}"] == 2
    assert not (tmp_path / SAMPLE_CSV).exists()
    assert _leftovers(tmp_path) == []


def test_not_found_is_not_retried(server: _Server, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="404") as info:
        fetch_sources([_one(server, "missing.csv")], tmp_path, timeout=5, retries=3, backoff=1)
    assert server.hits["/missing.csv"] == 1
    assert "check the record page" in info.value.message
    assert not (tmp_path / "missing.csv").exists()


def test_keep_going_collects_failures(server: _Server, tmp_path: Path) -> None:
    sources = [_one(server, "missing.csv"), _one(server, SAMPLE_CSV)]
    report = fetch_sources(sources, tmp_path, timeout=5, retries=0, keep_going=True)
    assert not report.ok
    assert [f.source.dest for f in report.failed] == ["missing.csv"]
    assert [f.source.dest for f in report.fetched] == [SAMPLE_CSV]
    assert list(load_manifest(tmp_path)) == [SAMPLE_CSV]


def test_rerun_skips_present_files(server: _Server, tmp_path: Path) -> None:
    sources = _local_sources(server)
    fetch_sources(sources, tmp_path, timeout=5)
    hits = sum(server.hits.values())
    again = fetch_sources(sources, tmp_path, timeout=5)
    assert sum(server.hits.values()) == hits
    assert again.fetched == []
    assert len(again.skipped) == len(sources)
    assert all(not f.downloaded and f.fetched_at for f in again.skipped)
    # a damaged local file is fetched again; so is everything with force=True
    (tmp_path / "dhl_pages/scact1946_table_en.html").write_bytes(b"damaged")
    third = fetch_sources(sources, tmp_path, timeout=5)
    assert [f.source.dest for f in third.fetched] == ["dhl_pages/scact1946_table_en.html"]
    forced = fetch_sources(sources, tmp_path, timeout=5, force=True)
    assert len(forced.fetched) == len(sources)


def test_present_file_with_known_checksum_skips_without_manifest(
    server: _Server, unsc_dir: Path, tmp_path: Path
) -> None:
    data = (unsc_dir / SAMPLE_CSV).read_bytes()
    (tmp_path / SAMPLE_CSV).write_bytes(data)
    source = _one(server, SAMPLE_CSV, sha256=hashlib.sha256(data).hexdigest())
    report = fetch_sources([source], tmp_path, timeout=5)
    assert len(report.skipped) == 1
    assert server.hits[f"/{SAMPLE_CSV}"] == 0
    assert (tmp_path / MANIFEST_NAME).is_file()


def test_progress_events(server: _Server, unsc_dir: Path, tmp_path: Path) -> None:
    events: list[FetchEvent] = []
    sources = _local_sources(server)
    fetch_sources(sources, tmp_path, timeout=5, progress=events.append)
    veto = [e for e in events if e.source.dest == "dhl_pages/scact_veto_table_en.html"]
    size = (unsc_dir / "dhl_pages/scact_veto_table_en.html").stat().st_size
    assert veto[0].kind == "start"
    assert veto[-1].kind == "done"
    progress = [e for e in veto if e.kind == "progress"]
    assert len(progress) >= 2
    assert all(e.bytes_total == size for e in progress)
    done = [e.bytes_done for e in progress]
    assert done == sorted(done)
    assert done[-1] == size
    assert {e.index for e in events} == set(range(len(sources)))
    assert {e.count for e in events} == {len(sources)}
    skipped: list[FetchEvent] = []
    fetch_sources(sources, tmp_path, timeout=5, progress=skipped.append)
    assert [e.kind for e in skipped] == ["skipped"] * len(sources)


def test_supplied_client_is_left_open(server: _Server, tmp_path: Path) -> None:
    with httpx.Client(trust_env=False) as client:
        fetch_sources([_one(server, SAMPLE_CSV)], tmp_path, client=client)
        assert not client.is_closed


def test_default_sources() -> None:
    sources = default_sources()
    assert len(sources) == 1 + 77 + 1 + 1  # UNDL CSV, yearly pages, veto page, membership
    csv, first, veto, members = sources[0], sources[1], sources[-2], sources[-1]
    assert members.dest == "sc_membership_dppa.csv"
    assert csv.url == UNDL_FILES_URL + UNDL_VOTING_FILE
    assert csv.url == "https://digitallibrary.un.org/record/4055387/files/2026_02_06_sc_voting.csv"
    assert csv.dest == UNDL_VOTING_FILE
    assert first.url == DHL_MEETINGS_URL.format(year=1946)
    assert first.dest == "dhl_pages/scact1946_table_en.html"
    assert sources[-3].dest == "dhl_pages/scact2022_table_en.html"
    assert veto.url == DHL_VETO_URL
    assert veto.dest == "dhl_pages/scact_veto_table_en.html"
    assert len({s.dest for s in sources}) == len(sources)
    only = default_sources(include_undl=False, years=[2011], membership_url=None)
    assert [s.dest for s in only] == [
        "dhl_pages/scact2011_table_en.html",
        "dhl_pages/scact_veto_table_en.html",
    ]
    with pytest.raises(InvalidInputError):
        default_sources(dhl_meetings_url="https://example.org/meetings")


@pytest.mark.parametrize("dest", ["../escape.csv", "/etc/passwd", "", "a/../../b"])
def test_unsafe_destinations_are_refused(tmp_path: Path, dest: str) -> None:
    source = Source(name="bad", url="http://127.0.0.1:9/x", dest=dest)
    with pytest.raises(InvalidInputError):
        fetch_sources([source], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_bad_settings_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError):
        fetch_sources([], tmp_path, timeout=0)
    with pytest.raises(InvalidInputError):
        fetch_sources([], tmp_path, retries=-1)


def test_cli_fetch_then_import(unsc_dir: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    """`vetowatch data fetch` from a local server standing in for the UN sites, then import."""
    from click.testing import CliRunner

    from vetowatch.cli import cli

    site = tmp_path / "site"
    (site / "pages").mkdir(parents=True)
    for page in (unsc_dir / "dhl_pages").glob("*.html"):
        shutil.copy(page, site / "pages" / page.name)
    shutil.copy(unsc_dir / "sc_membership_by_year_dppa_1946_2027.csv", site / "membership.csv")
    sample = (unsc_dir / SAMPLE_CSV).read_text(encoding="utf-8").splitlines()
    # the full UNDL file is over 1 MiB: repeat the real sample rows to stand in for it
    (site / "voting.csv").write_text("\n".join([sample[0], *sample[1:] * 200]) + "\n",
                                     encoding="utf-8")
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(var, raising=False)
    srv = _Server(site)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    dest, db = tmp_path / "fetched", tmp_path / "fetched.db"
    try:
        result = CliRunner().invoke(cli, [
            "--db", str(db), "data", "fetch", "--dest", str(dest),
            "--undl-files-url", srv.base, "--undl-file", "voting.csv",
            "--dhl-meetings-url", srv.base + "/pages/scact{year}_table_en.html",
            "--dhl-veto-url", srv.base + "/pages/scact_veto_table_en.html",
            "--membership-url", srv.base + "/membership.csv", "--timeout", "5",
        ], catch_exceptions=False)
    finally:
        srv.shutdown()
        srv.server_close()
    assert result.exit_code == 0, result.output
    assert "downloaded 80 files" in result.output
    assert (dest / "dhl_pages" / "scact2011_table_en.html").read_bytes() == (
        unsc_dir / "dhl_pages" / "scact2011_table_en.html").read_bytes()
    imported = CliRunner().invoke(cli, ["--db", str(db), "data", "import", str(dest), "--json"],
                                  catch_exceptions=False)
    assert imported.exit_code == 0, imported.output
    vote = CliRunner().invoke(cli, ["--db", str(db), "vote", "S/2011/612", "--json"])
    assert '"vetoed_by": [\n    "CHN",\n    "RUS"\n  ]' in vote.output
