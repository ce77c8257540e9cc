"""The actor-source registry, user entries (database and file), the Wikidata fetch, parsers."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from vetowatch.cli import cli
from vetowatch.errors import FetchError, InvalidInputError, SourceFormatError
from vetowatch.extract.actors import OfficeRow, SourceContext, load_actor_tables
from vetowatch.extract.actors.offices import classify, strip_titles
from vetowatch.extract.actors.shared import parse_date
from vetowatch.extract.actors.sources import add_user_actor, read_table
from vetowatch.extract.actors.wikidata import fetch_actors
from vetowatch.registry import actor_sources
from vetowatch.settings import Settings
from vetowatch.store import Store


@pytest.fixture()
def bare(tmp_path: Path) -> Settings:
    """No shared data: only the hand table and the user's entries."""
    return Settings(data_dir=tmp_path / "none", db_url=f"sqlite:///{tmp_path / 'a.db'}",
                    cache_dir=tmp_path / "cache", actors_file=None)


def test_a_registered_source_is_used_and_changes_the_version(bare: Settings) -> None:
    before = load_actor_tables(bare)
    assert before.code("Jane Testperson", date(2020, 1, 1)) is None

    def envoys(ctx: SourceContext) -> list[OfficeRow]:
        return [OfficeRow("Jane Testperson", "IGOUNO", "UN Special Envoy for Testland",
                          date(2019, 1, 1), date(2021, 12, 31), "test")]

    actor_sources.register("test-envoys", func=envoys)
    try:
        after = load_actor_tables(bare)
        assert after.code("Jane Testperson", date(2020, 1, 1)) == "IGOUNO"
        assert after.code("Testperson", date(2020, 1, 1)) == "IGOUNO"  # a tracked office
        assert after.code("Jane Testperson", date(2022, 6, 1)) is None
        assert after.version != before.version
    finally:
        actor_sources.get_all()  # entry points loaded; now drop ours
        from catalogue import REGISTRY
        REGISTRY.pop(("vetowatch", "actor_sources", "test-envoys"), None)


def test_user_entries_in_the_store_win(bare: Settings, store: Store) -> None:
    plain = load_actor_tables(bare, store=store)
    assert plain.code("Kirby", date(2023, 11, 1)) == "USAGOV"
    add_user_actor(store, "Mr. Kirby", "USAMIL", date(2023, 1, 1), date(2023, 12, 31),
                   "admiral", "https://example.org")
    mine = load_actor_tables(bare, store=store)
    found = mine.resolve("Kirby", date(2023, 11, 1))
    assert found is not None and found.code == "USAMIL" and found.tier == 4
    assert mine.code("Kirby", date(2024, 3, 1)) == "USAGOV"  # outside the user's dates
    assert mine.version != plain.version
    assert load_actor_tables(bare).code("Kirby", date(2023, 11, 1)) == "USAGOV"  # no store


def test_add_rejects_bad_input(store: Store) -> None:
    with pytest.raises(InvalidInputError):
        add_user_actor(store, "Kirby", "usagov")
    with pytest.raises(InvalidInputError):
        add_user_actor(store, "Kirby", "USAGOV", date(2020, 1, 2), date(2020, 1, 1))


def test_user_yaml_file(bare: Settings, tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text("- name: Ann Example\n  code: FRAGOV\n  office: spokesperson\n"
                    "  from: 2020-01-01\n  to: 2020-12-31\n  aliases: [Example]\n")
    settings = Settings(bare.data_dir, bare.db_url, bare.cache_dir, path)
    tables = load_actor_tables(settings)
    assert tables.code("Ann Example", date(2020, 6, 1)) == "FRAGOV"
    assert tables.code("Ms. Example", date(2020, 6, 1)) == "FRAGOV"
    assert tables.code("Example", date(2021, 6, 1)) is None
    path.write_text("- name: Ann Example\n  code: fragov\n")
    with pytest.raises(SourceFormatError):
        load_actor_tables(settings)


def test_cli_add_then_resolve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VETOWATCH_DATA", str(tmp_path / "none"))
    monkeypatch.setenv("VETOWATCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("VETOWATCH_ACTORS", raising=False)
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    added = runner.invoke(cli, ["--db", db, "actors", "add", "Mr. Kirby", "USAMIL",
                                "--from", "2022-05-01", "--to", "2025-01-20"])
    assert added.exit_code == 0, added.output
    out = runner.invoke(cli, ["--db", db, "actors", "resolve", "Kirby", "--date",
                              "2023-11-01", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["resolution"]["code"] == "USAMIL" and data["resolution"]["tier"] == 4
    assert any(c["source"].startswith("https://") for c in data["candidates"])  # hand table
    bad = runner.invoke(cli, ["--db", db, "actors", "resolve", "Kirby", "--date", "2023-13-01"])
    assert bad.exit_code == 2 and "E031" in bad.output
    listed = runner.invoke(cli, ["--db", db, "actors", "list", "--source", "nope"])
    assert listed.exit_code == 2


def test_hand_table_rows_are_well_formed() -> None:
    from importlib import resources

    text = resources.files("vetowatch.extract.data").joinpath("officeholders.tsv").read_text()
    rows = read_table(text, "officeholders.tsv", 3)
    assert len(rows) > 100
    for row in rows:
        assert row.source.startswith("https://"), row
        assert row.start is not None and (row.end is None or row.end >= row.start), row
        assert row.code[:3].isalpha() and row.code.isupper()


def test_table_errors_name_the_line() -> None:
    with pytest.raises(SourceFormatError, match="line 2"):
        read_table("A B\t\tUSAGOV\t\t2020\t\tx\nC D\t\tUSAGOV\t\t2020-99\t\tx\n", "t.tsv", 4)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_parse_date_round_trips(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"+{day.isoformat()}T00:00:00Z") == day
    month_end = parse_date(day.isoformat()[:7], end=True)
    assert month_end is not None and month_end >= day
    assert (month_end + timedelta(days=1)).month != month_end.month


@given(st.text(max_size=40))
def test_parse_date_never_raises(text: str) -> None:
    parse_date(text)
    parse_date(text, end=True)


@pytest.mark.parametrize(("label", "country", "office"), [
    ("Minister of Foreign Affairs", "RUS", "foreign minister"),
    ("Secretary of State", "USA", "foreign minister"),
    ("Secretary of State for Defence", "GBR", "defence minister"),
    ("Permanent Representative to the United Nations", "CHN", "UN permanent representative"),
    ("Chief of the General Staff", "RUS", "military chief"),
    ("President of the Government of Spain", "ESP", "head of government"),
    ("Foreign Ministry Spokeperson", "RUS", "spokesperson"),
    ("Secretary-General of the United Nations", "IGO", "UN official"),
])
def test_classify(label: str, country: str, office: str) -> None:
    assert classify(label, country) is not None
    assert classify(label, country)[0] == office  # type: ignore[index]


@pytest.mark.parametrize("label", ["member of the State Duma", "Shadow Foreign Secretary",
                                   "Chairman of the State Duma", "Justice of the Supreme Court"])
def test_classify_leaves_out_non_executive_posts(label: str) -> None:
    assert classify(label, "RUS") is None


def test_strip_titles() -> None:
    assert strip_titles("President Biden") == ("BIDEN", strip_titles("President X")[1])
    assert strip_titles("Mr. Kirby") == ("KIRBY", None)
    assert strip_titles("UN envoy Staffan de Mistura")[0] == "STAFFAN DE MISTURA"


# -- Wikidata against a local SPARQL endpoint ---------------------------------------------------

ANSWER = {
    "head": {"vars": ["person", "personLabel", "positionLabel", "start", "end", "iso3"]},
    "results": {"bindings": [
        {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1"},
         "personLabel": {"type": "literal", "xml:lang": "en", "value": "Zed Fetchedperson"},
         "positionLabel": {"type": "literal", "xml:lang": "en",
                           "value": "Minister of Foreign Affairs"},
         "start": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#dateTime",
                   "value": "2023-02-01T00:00:00Z"},
         "iso3": {"type": "literal", "value": "NOR"}},
        {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q2"},
         "personLabel": {"type": "literal", "value": "Old Holder"},
         "positionLabel": {"type": "literal", "value": "Prime Minister"},
         "start": {"type": "literal", "value": "1990-01-01T00:00:00Z"},
         "end": {"type": "literal", "value": "1995-01-01T00:00:00Z"},
         "iso3": {"type": "literal", "value": "NOR"}},
    ]},
}


class _Sparql(BaseHTTPRequestHandler):
    fail_first = 0
    calls = 0

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode()
        type(self).calls += 1
        if type(self).calls <= type(self).fail_first or "query=" not in body:
            self.send_response(503)
            self.end_headers()
            return
        data = json.dumps(ANSWER).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture()
def sparql() -> Iterator[str]:
    _Sparql.calls, _Sparql.fail_first = 0, 1
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sparql)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def test_fetch_actors_then_resolve(bare: Settings, sparql: str) -> None:
    got = fetch_actors(bare, url=sparql, timeout=5, retries=2, backoff=0)
    assert got.rows == 1 and got.skipped == 1 and _Sparql.calls == 2  # one retry after a 503
    tables = load_actor_tables(bare)
    found = tables.resolve("Foreign Minister Fetchedperson", date(2024, 1, 1))
    assert found is not None and found.code == "NORGOV"
    assert found.source == "http://www.wikidata.org/entity/Q1"
    assert tables.code("Fetchedperson", date(2022, 1, 1)) is None


def test_fetch_actors_gives_up_and_limits_size(bare: Settings, sparql: str) -> None:
    _Sparql.fail_first = 10
    with pytest.raises(FetchError, match="after 2 tries"):
        fetch_actors(bare, url=sparql, timeout=5, retries=1, backoff=0)
    _Sparql.calls, _Sparql.fail_first = 0, 0
    with pytest.raises(FetchError, match="more than 10 bytes"):
        fetch_actors(bare, url=sparql, timeout=5, retries=0, backoff=0, max_bytes=10)
