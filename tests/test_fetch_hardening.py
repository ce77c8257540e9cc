"""`data fetch` against a hostile server: foreign redirects, error pages, gzip bombs, leftovers.

A local threaded HTTP server serves fixtures generated here (no third-party text)."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from vetowatch.council.fetch import (
    DHL_VETO_CHECK,
    DHL_YEAR_CHECK,
    MANIFEST_NAME,
    MEMBERSHIP_CHECK,
    FetchEvent,
    Source,
    default_sources,
    fetch_sources,
)
from vetowatch.council.fetch_checks import ContentCheck, Shape, verify
from vetowatch.errors import FetchContentError, FetchError

Reply = tuple[int, dict[str, str], bytes]
MEMBERS = "id,year,security_council_member,last_update\n" + "".join(
    f"{i},{1946 + i // 15},Member {i % 15},2026-07-02\n" for i in range(900)
)
MAINTENANCE = (
    b"<!DOCTYPE html><html><head><title>Down for maintenance</title></head>"
    b"<body><h1>We'll be back soon</h1><p>The site is under scheduled maintenance.</p>"
    b"</body></html>"
)


def year_page(year: int, rows: int = 12) -> bytes:
    body = "".join(
        f"<tr><td>S/PV.{9000 + i}</td><td>{i + 1} January {year}</td><td>SC/{i}</td>"
        f"<td>Topic {i}</td><td>S/RES/{i + 1} ({year})</td></tr>"
        for i in range(rows)
    )
    return (
        f"<html><head><title>Meetings {year}</title></head><body><table>"
        f"<tr><th colspan='5'>Meetings conducted by the Security Council in {year}</th></tr>"
        "<tr><th>Meeting Record</th><th>Date</th><th>Press Release</th><th>Topic</th>"
        f"<th>Security Council Outcome</th></tr>{body}</table></body></html>"
    ).encode()


def veto_page(rows: int = 160) -> bytes:
    body = "".join(
        f"<tr><td>{i + 1} May 1990</td><td>S/{20000 + i}</td><td>S/PV.{3000 + i}</td>"
        f"<td>Agenda {i}</td><td>France</td></tr>"
        for i in range(rows)
    )
    return (
        "<html><body><table><tr><th colspan='5'>Security Council - Veto List</th></tr>"
        "<tr><th>Date</th><th>Draft</th><th>Meeting Record</th><th>Agenda Item</th>"
        f"<th>Permanent Member Casting Veto</th></tr>{body}</table></body></html>"
    ).encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Callable[[], Reply]] = {}
        self.sent: dict[str, int] = {}

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up on a refused body are expected here: stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """No access log."""

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        route = self.server.routes.get(path)
        status, headers, body = route() if route else (404, {}, b"not found")
        try:
            self.send_response(status)
            for key, value in {"Content-Length": str(len(body)), **headers}.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)
            self.server.sent[path] = self.server.sent.get(path, 0) + len(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


@pytest.fixture()
def servers(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[_Server, _Server]]:
    """Two servers on two ports: the source's site and a foreign one."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    pair = (_Server(), _Server())
    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05},
                                daemon=True) for s in pair]
    for thread in threads:
        thread.start()
    try:
        yield pair
    finally:
        for srv in pair:
            srv.shutdown()
            srv.server_close()


def ok(body: bytes, ctype: str = "text/csv") -> Callable[[], Reply]:
    return lambda: (200, {"Content-Type": ctype}, body)


def redirect(location: str) -> Callable[[], Reply]:
    return lambda: (302, {"Location": location}, b"")


def members_source(srv: _Server, path: str = "/members.csv") -> Source:
    return Source("membership", srv.base + path, "members.csv", check=MEMBERSHIP_CHECK)


def parts(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".part")]


def test_redirect_within_origin_is_followed_and_recorded(
    servers: tuple[_Server, _Server], tmp_path: Path
) -> None:
    site, _ = servers
    site.routes["/members.csv"] = redirect("/data/members-v2.csv")
    site.routes["/data/members-v2.csv"] = ok(MEMBERS.encode())
    report = fetch_sources([members_source(site)], tmp_path)
    assert (tmp_path / "members.csv").read_text() == MEMBERS
    entry = json.loads((tmp_path / MANIFEST_NAME).read_text())["files"]["members.csv"]
    assert entry["url"] == site.base + "/members.csv"
    assert entry["final_url"] == site.base + "/data/members-v2.csv"
    assert entry["sha256"] == report.fetched[0].sha256
    assert entry["check"].startswith("csv:")


@pytest.mark.parametrize("where", ["other-port", "other-host", "other-scheme"])
def test_redirect_to_another_origin_is_refused(
    servers: tuple[_Server, _Server], tmp_path: Path, where: str
) -> None:
    site, foreign = servers
    foreign.routes["/members.csv"] = ok(MEMBERS.encode())
    port = site.server_address[1]
    target = {
        "other-port": foreign.base + "/members.csv",
        "other-host": f"http://localhost:{port}/members.csv",
        "other-scheme": f"https://127.0.0.1:{port}/members.csv",
    }[where]
    site.routes["/members.csv"] = redirect(target)
    with pytest.raises(FetchError, match="another site"):
        fetch_sources([members_source(site)], tmp_path, retries=0)
    assert not (tmp_path / "members.csv").exists()
    assert foreign.sent == {}  # never asked
    assert parts(tmp_path) == []


def test_trusted_redirect_host_must_be_https(
    servers: tuple[_Server, _Server], tmp_path: Path
) -> None:
    site, _ = servers
    site.routes["/members.csv"] = redirect(f"http://localhost:{site.server_address[1]}/m.csv")
    source = Source("m", site.base + "/members.csv", "m.csv", redirect_hosts=("localhost",))
    with pytest.raises(FetchError, match="another site"):
        fetch_sources([source], tmp_path, retries=0)


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        (MAINTENANCE, "text/html"),  # HTML where a CSV was expected
        (MAINTENANCE, "text/csv"),  # ... even when it claims to be CSV
        (b"year,security_council_member\n1946,France\n", "text/csv"),  # too few rows
        (b"id,name\n" + b"1,x\n" * 600, "text/csv"),  # wrong columns
    ],
)
def test_error_page_never_replaces_a_good_file(
    servers: tuple[_Server, _Server], tmp_path: Path, body: bytes, ctype: str
) -> None:
    site, _ = servers
    site.routes["/members.csv"] = ok(MEMBERS.encode())
    fetch_sources([members_source(site)], tmp_path)
    site.routes["/members.csv"] = ok(body, ctype)
    report = fetch_sources([members_source(site)], tmp_path, force=True, keep_going=True)
    assert not report.ok
    assert isinstance(report.failed[0].error, FetchContentError)
    assert (tmp_path / "members.csv").read_text() == MEMBERS  # the good file is kept
    assert parts(tmp_path) == []


def test_maintenance_page_for_html_source_is_refused(
    servers: tuple[_Server, _Server], tmp_path: Path
) -> None:
    site, _ = servers
    site.routes["/p.html"] = ok(MAINTENANCE + b" " * 4096, "text/html")
    source = Source("page", site.base + "/p.html", "p.html", check=DHL_YEAR_CHECK)
    with pytest.raises(FetchContentError, match="maintenance"):
        fetch_sources([source], tmp_path)
    assert not (tmp_path / "p.html").exists()


def test_gzip_bomb_is_refused_before_the_limit(
    servers: tuple[_Server, _Server], tmp_path: Path
) -> None:
    site, _ = servers
    limit = 1024 * 1024
    bomb = gzip.compress(b"year,security_council_member\n" + b"0" * (64 * limit), 9)
    assert len(bomb) < limit // 4  # small on the wire, 64 MiB once decoded
    site.routes["/members.csv"] = lambda: (200, {"Content-Encoding": "gzip"}, bomb)
    source = Source("bomb", site.base + "/members.csv", "members.csv", max_size=limit)
    written: list[int] = []

    def watch(event: FetchEvent) -> None:
        written.append(event.bytes_done)

    with pytest.raises(FetchError, match="outside the expected"):
        fetch_sources([source], tmp_path, progress=watch)
    assert max(written) <= limit
    assert not (tmp_path / "members.csv").exists()
    assert parts(tmp_path) == []


def test_gzip_body_is_decoded(servers: tuple[_Server, _Server], tmp_path: Path) -> None:
    site, _ = servers
    site.routes["/members.csv"] = lambda: (
        200, {"Content-Encoding": "gzip", "Content-Type": "text/csv"},
        gzip.compress(MEMBERS.encode()))
    fetch_sources([members_source(site)], tmp_path)
    assert (tmp_path / "members.csv").read_text() == MEMBERS


def test_leftover_part_files_are_removed(
    servers: tuple[_Server, _Server], tmp_path: Path
) -> None:
    site, _ = servers
    site.routes["/members.csv"] = ok(MEMBERS.encode())
    site.routes["/p.html"] = ok(year_page(2011), "text/html")
    (tmp_path / "dhl_pages").mkdir(parents=True)
    leftovers = [tmp_path / ".members.csv.k9x1.part", tmp_path / "dhl_pages" / ".p.html.a.part"]
    for part in leftovers:
        part.write_bytes(b"half a file")
    keep = tmp_path / "notes.part"  # not one of ours (not hidden): left alone
    keep.write_text("mine")
    page = Source("page", site.base + "/p.html", "dhl_pages/p.html", check=DHL_YEAR_CHECK)
    report = fetch_sources([members_source(site), page], tmp_path)
    assert sorted(report.cleaned) == sorted(leftovers)
    assert not any(p.exists() for p in leftovers)
    assert keep.exists()
    assert report.ok and len(report.fetched) == 2


def test_a_present_error_page_is_downloaded_again(
    servers: tuple[_Server, _Server], tmp_path: Path
) -> None:
    """A file in place that fails its check (saved by an older version) is not kept."""
    site, _ = servers
    site.routes["/members.csv"] = ok(MEMBERS.encode())
    fetch_sources([members_source(site)], tmp_path)
    manifest = json.loads((tmp_path / MANIFEST_NAME).read_text())
    (tmp_path / "members.csv").write_bytes(MAINTENANCE)
    import hashlib

    manifest["files"]["members.csv"]["sha256"] = hashlib.sha256(MAINTENANCE).hexdigest()
    (tmp_path / MANIFEST_NAME).write_text(json.dumps(manifest))
    report = fetch_sources([members_source(site)], tmp_path)
    assert len(report.fetched) == 1
    assert (tmp_path / "members.csv").read_text() == MEMBERS


def test_every_default_source_is_checked() -> None:
    for source in default_sources():
        assert source.sha256 is not None or source.check is not None, source.name
    assert all(s.max_size <= 128 * 1024 * 1024 for s in default_sources())


@pytest.mark.parametrize(
    ("check", "body"),
    [
        (DHL_YEAR_CHECK, year_page(1999)),
        (DHL_VETO_CHECK, veto_page()),
        (MEMBERSHIP_CHECK, MEMBERS.encode()),
    ],
)
def test_checks_accept_the_right_shape(check: ContentCheck, body: bytes) -> None:
    for step in (7, 4096):  # markers split across chunks are still found
        shape = Shape(check.markers)
        for at in range(0, len(body), step):
            shape.feed(body[at:at + step])
        verify(check, shape, "", "http://x/", "test")
        with pytest.raises(FetchContentError):
            cut = Shape(check.markers)
            cut.feed(body[: len(body) // 40])
            verify(check, cut, "", "http://x/", "test")


def test_cli_fetch_keeps_good_file_and_exits_nonzero(
    servers: tuple[_Server, _Server], tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from vetowatch.cli import cli

    site, _ = servers
    header = "undl_id,ms_code,ms_name,permanent_member,ms_vote,date,resolution,draft,meeting," \
        "description,agenda,subjects,vote_note,total_yes,total_no,total_abstentions," \
        "total_non_voting,total_ms,modality,undl_link\n"
    row = "1,FRA,France,True,Y,1990-01-01,S/RES/1(1990),,,{},,,,15,0,0,0,15,Voting,\n"
    undl = header + "".join(row.format("x" * 80) for _ in range(12_000))
    site.routes["/files/voting.csv"] = ok(undl.encode())
    for year in range(1946, 2023):
        site.routes[f"/pages/{year}"] = ok(year_page(year), "text/html")
    site.routes["/veto"] = ok(veto_page(), "text/html")
    site.routes["/members.csv"] = ok(MEMBERS.encode())
    dest = tmp_path / "fetched"
    args = ["--db", str(tmp_path / "db.sqlite"), "data", "fetch", "--dest", str(dest),
            "--undl-files-url", site.base + "/files", "--undl-file", "voting.csv",
            "--dhl-meetings-url", site.base + "/pages/{year}",
            "--dhl-veto-url", site.base + "/veto",
            "--membership-url", site.base + "/members.csv", "--timeout", "5", "--retries", "0"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    saved = (dest / "sc_membership_dppa.csv").read_bytes()
    site.routes["/members.csv"] = ok(MAINTENANCE, "text/html")
    site.routes["/pages/2011"] = ok(MAINTENANCE, "text/html")
    second = CliRunner().invoke(cli, [*args, "--force"])
    assert second.exit_code != 0
    flat = " ".join(second.output.split())
    assert "scact2011_table_en.html" in flat and "sc_membership_dppa.csv" in flat
    assert "maintenance" in flat
    assert (dest / "sc_membership_dppa.csv").read_bytes() == saved
    assert (dest / "dhl_pages" / "scact2011_table_en.html").read_bytes() == year_page(2011)
