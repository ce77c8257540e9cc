"""The Security Council's debates as a news source: the two corpora's readers, `data fetch`
entries and the news backtest's before-the-vote filter.

The fixtures (``tests/fixtures/unsc_debates/``) are written for these tests in the corpora's
formats; every speech text is invented. ``debates/`` is the UN Security Council Debates layout
(``speeches.tar`` of ``UNSC_YYYY_SPV.NNNN_spchNNN.txt``, ``speaker.tsv``, ``meta.tsv``): two
meetings, S/PV.6600 (30 August 2011) and S/PV.6627 (4 October 2011, the day of a vote), with
a President's procedural turn, a Secretariat briefer, an NGO briefer, and the President
speaking in a national capacity. ``speeches/`` is the UNSC Meetings and Speeches layout
(``speeches.tsv`` + ``meetings.tsv``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import insert

from vetowatch.council.fetch import FetchEvent
from vetowatch.errors import ChecksumError, FetchError, IngestError
from vetowatch.news import Article, read_news
from vetowatch.news.readers import reader_for
from vetowatch.news.unsc_debates import (
    SpeechRow,
    corpus_of,
    day_of,
    meeting_symbol,
    read_debates_tar,
    read_speech_file,
    speaker_code,
    split_label,
)
from vetowatch.news.unsc_fetch import CORPORA, fetch_corpus
from vetowatch.store import Store
from vetowatch.store import schema as s

FIXTURES = Path(__file__).parent / "fixtures" / "unsc_debates"
DEBATES = FIXTURES / "debates"
SPEECHES = FIXTURES / "speeches"


def _articles(path: Path) -> list[Article]:
    stream = read_news([path])
    articles = list(stream)
    assert stream.errors == []
    return articles


# -- readers ----------------------------------------------------------------------------------

def test_debates_tar_gives_one_speech_article_per_country_speech() -> None:
    articles = _articles(DEBATES / "speeches.tar")
    got = [(a.meta["file"], a.speaker, a.published, a.genre) for a in articles]
    assert got == [
        ("UNSC_2011_SPV.6600_spch002.txt", "IGOUNO", date(2011, 8, 30), "speech"),
        ("UNSC_2011_SPV.6600_spch003.txt", "RUSGOV", date(2011, 8, 30), "speech"),
        ("UNSC_2011_SPV.6600_spch004.txt", "FRAGOV", date(2011, 8, 30), "speech"),
        ("UNSC_2011_SPV.6627_spch001.txt", "RUSGOV", date(2011, 10, 4), "speech"),
        ("UNSC_2011_SPV.6627_spch003.txt", "NGAGOV", date(2011, 10, 4), "speech"),
    ]  # the President's procedural turn (6600 spch001) and the NGO briefer are skipped
    russia = articles[1]
    assert russia.source == "UN Security Council S/PV.6600"
    assert russia.meta["meeting"] == "S/PV.6600"
    assert russia.url == "https://undocs.org/S/PV.6600"
    assert russia.title == "S/PV.6600: The situation in the Middle East"
    assert russia.meta["label"] == "Mr. Churkin (Russian Federation) (spoke in Russian)"
    assert russia.text.startswith("We do not support the calls for sanctions")


def test_a_folder_is_detected_and_its_tables_are_not_read_as_news(tmp_path: Path) -> None:
    stream = read_news([DEBATES])
    assert len(list(stream)) == 5 and stream.errors == [] and stream.files == 3
    assert corpus_of(DEBATES / "meta.tsv") == "unsc-debates"
    assert corpus_of(SPEECHES / "meetings.tsv") == "unsc-speeches"
    plain = tmp_path / "meta.tsv"  # the same name elsewhere is an ordinary table
    plain.write_text("title\ttext\nA story\tThe minister said that talks would resume.\n")
    assert corpus_of(plain) is None
    assert [a.title for a in read_news([plain])] == ["A story"]


def test_an_unpacked_tar_is_read_like_the_tar(tmp_path: Path) -> None:
    for name in ("speaker.tsv", "meta.tsv"):
        shutil.copy(DEBATES / name, tmp_path / name)
    with tarfile.open(DEBATES / "speeches.tar") as archive:
        archive.extractall(tmp_path, filter="data")
    (tmp_path / "notes.txt").write_text("A note\n\nThe minister said the talks would go on "
                                        "next week in Geneva, and that he was hopeful.\n")
    unpacked = _articles(tmp_path)
    from_tar = _articles(DEBATES)
    assert [a.title for a in unpacked if a.speaker is None] == ["A note"]
    speeches = [a for a in unpacked if a.speaker is not None]
    assert [(a.id, a.speaker, a.published) for a in speeches] == [
        (a.id, a.speaker, a.published) for a in from_tar]
    shutil.copy(DEBATES / "speeches.tar", tmp_path / "speeches.tar")  # both: stored once
    stream = read_news([tmp_path])
    assert len(list(stream)) == 6 and stream.duplicates == 5


def test_speeches_tsv_and_meetings_tsv() -> None:
    articles = _articles(SPEECHES)
    got = [(a.speaker, a.published, a.meta["meeting"], a.genre) for a in articles]
    assert got == [
        ("RUSGOV", date(2014, 3, 13), "S/PV.7134", "speech"),
        ("USAGOV", date(2014, 3, 13), "S/PV.7134", "speech"),
        ("CHNGOV", date(2014, 3, 15), "S/PV.7138", "speech"),
        ("IGOUNO", date(2014, 3, 15), "S/PV.7138", "speech"),
    ]
    assert articles[0].source == "UN Security Council S/PV.7134"
    assert articles[0].title is not None and "Ukraine" in articles[0].title


def test_speeches_tsv_alone_is_recognised_by_its_header(tmp_path: Path) -> None:
    shutil.copy(SPEECHES / "speeches.tsv", tmp_path / "speeches.tsv")
    articles = list(read_news([tmp_path / "speeches.tsv"]))
    assert [a.speaker for a in articles] == ["RUSGOV", "USAGOV", "CHNGOV", "IGOUNO"]
    assert all(a.published is None for a in articles)  # no meetings.tsv: undated, not guessed


def test_a_tar_without_its_tables_is_an_error(tmp_path: Path) -> None:
    shutil.copy(DEBATES / "speeches.tar", tmp_path / "speeches.tar")
    items = list(read_debates_tar(tmp_path / "speeches.tar"))
    assert len(items) == 1 and isinstance(items[0], IngestError)
    assert "speaker.tsv and meta.tsv not found" in str(items[0])
    assert items[0].code == "E061"


def test_a_truncated_tar_keeps_what_was_read(tmp_path: Path) -> None:
    for name in ("speaker.tsv", "meta.tsv"):
        shutil.copy(DEBATES / name, tmp_path / name)
    data = (DEBATES / "speeches.tar").read_bytes()
    (tmp_path / "speeches.tar").write_bytes(data[: len(data) // 2 + 100])
    items = list(read_debates_tar(tmp_path / "speeches.tar"))
    assert any(isinstance(i, Article) for i in items)
    assert isinstance(items[-1], IngestError) and "tar" in str(items[-1])


def test_a_tar_member_in_a_subfolder_and_an_unknown_meeting(tmp_path: Path) -> None:
    for name in ("speaker.tsv", "meta.tsv"):
        shutil.copy(DEBATES / name, tmp_path / name)
    text = ("Mr. Smith (United Kingdom): We welcome the report of the Secretary-General and we "
            "support the renewal of the mandate of the mission for a further twelve months.")
    source = tmp_path / "UNSC_2012_SPV.6700_spch005.txt"
    source.write_text(text, encoding="utf-8")
    with tarfile.open(tmp_path / "speeches.tar", "w") as archive:
        archive.add(source, arcname="deep/speeches/UNSC_2012_SPV.6700_spch005.txt")
    (item,) = list(read_debates_tar(tmp_path / "speeches.tar"))
    assert isinstance(item, Article)
    assert item.meta["meeting"] == "S/PV.6700" and item.published is None
    assert item.speaker == "GBRGOV"  # not in speaker.tsv: the label names the country
    assert item.meta["country"] == "United Kingdom"


def test_registered_readers() -> None:
    assert reader_for(".tar") is read_debates_tar
    assert reader_for(".txt") is read_speech_file
    assert reader_for(".tsv") is not None and reader_for(".csv") is not None


# -- parsing helpers ---------------------------------------------------------------------------

@pytest.mark.parametrize(("speech", "code"), [
    (SpeechRow("We reject this.", country="Russian Federation"), "RUSGOV"),
    (SpeechRow("We reject this.", country="United Kingdom of Great Britain and Northern "
               "Ireland"), "GBRGOV"),
    (SpeechRow("We reject this.", country="European Union"), "IGOEU"),
    (SpeechRow("We reject this.", country="UN"), "IGOUNO"),
    (SpeechRow("I brief.", country="", role="Special Representative of the Secretary-General"),
     "IGOUNO"),
    (SpeechRow("I give the floor.", country="China", participant="The President"), None),
    (SpeechRow("I now make a statement in my national capacity.", country="China",
               participant="The President"), "CHNGOV"),
    (SpeechRow("Our organization documents abuses.", country="Human Rights Watch"), None),
    (SpeechRow("We reject this.", country="RUS"), "RUSGOV"),
])
def test_speaker_code(speech: SpeechRow, code: str | None) -> None:
    assert speaker_code(speech) == code


def test_split_label() -> None:
    assert split_label("The President: I thank him.") == ("The President", "I thank him.")
    assert split_label("Mr. Zhang Jun (China) (spoke in Chinese): We abstained.") == (
        "Mr. Zhang Jun (China) (spoke in Chinese)", "We abstained.")
    assert split_label("The President (spoke in French): Thank you.") == (
        "The President (spoke in French)", "Thank you.")
    assert split_label("Sir Mark Lyall Grant (United Kingdom): We regret.")[0] == (
        "Sir Mark Lyall Grant (United Kingdom)")
    assert split_label("Ms. Doe: I brief.") == ("Ms. Doe", "I brief.")
    for sentence in ("We note the following: first, …", "Mr. President, allow me this: we …",
                     "Resolution 1973 (2011) says: protect civilians.",
                     "General Assembly resolution 377 (V) establishes: …"):
        assert split_label(sentence) == (None, sentence)


@given(st.from_regex(r"[A-Z][a-z]{1,12}( [A-Z][a-z'-]{1,12}){0,2}", fullmatch=True),
       st.sampled_from(["Russian Federation", "China", "Côte d'Ivoire", "Bolivia "
                        "(Plurinational State of)", "United States of America"]),
       st.from_regex(r"[A-Z][a-z ,.;:()]{0,80}", fullmatch=True))
def test_split_label_reads_any_name_and_country(name: str, country: str, body: str) -> None:
    label = f"Mr. {name} ({country})" if "(" not in country else f"Mr. {name} (Bolivia)"
    assert split_label(f"{label} (spoke in French): {body}") == (
        f"{label} (spoke in French)", body)


@given(st.text(max_size=300))
def test_split_label_only_cuts_a_prefix(text: str) -> None:
    label, body = split_label(text)
    assert text.endswith(body)
    assert (label is None) == (body == text)


@given(st.integers(min_value=1, max_value=99999), st.integers(min_value=1946, max_value=2030))
def test_meeting_symbol_from_any_form(number: int, year: int) -> None:
    expected = f"S/PV.{number}"
    assert meeting_symbol(f"UNSC_{year}_SPV.{number}") == expected
    assert meeting_symbol(f"S/PV.{number}") == expected
    assert meeting_symbol(str(number)) == expected
    assert meeting_symbol(f"S/PV.{number} (Resumption 1)") == f"{expected} (Resumption 1)"
    assert meeting_symbol(f"UNSC_{year}_SPV.{number}_Resumption2") == (
        f"{expected} (Resumption 2)")


@given(st.dates(min_value=date(1946, 1, 1), max_value=date(2025, 12, 31)))
def test_meeting_dates(day: date) -> None:
    assert day_of(f"{day.day} {day:%B} {day.year}") == day
    assert day_of(day.isoformat()) == day
    row = {"year": str(day.year), "month": str(day.month), "day": str(day.day)}
    assert day_of(None, row) == day


def test_meeting_symbol_rejects_what_is_not_one() -> None:
    assert meeting_symbol("no meeting here") is None
    assert day_of("30 Smarch 2011") is None
    assert day_of("31 February 2011") is None and day_of("4 October 2099") is None


# -- ingest: first-person statements of the speaking country --------------------------------

def test_ingest_stores_the_country_s_first_person_statements(store: Store,
                                                              data_dir: Path) -> None:
    from vetowatch.reading import ingest, iter_statements
    from vetowatch.settings import Settings

    report = ingest(store, Settings(data_dir=data_dir, db_url="sqlite://"), [DEBATES])
    assert report.errors == [] and report.articles == 5
    found = list(iter_statements(store))
    russian = [i.statement for i in found if i.statement.speaker.actor == "RUSGOV"]
    assert russian, [i.statement.speaker for i in found]
    assert {st.speaker.text.lower() for st in russian} & {"we", "our delegation"}
    assert any(st.polarity == -1 for st in russian)
    assert {i.statement.speaker.actor for i in found} >= {"RUSGOV", "FRAGOV"}
    rerun = ingest(store, Settings(data_dir=data_dir, db_url="sqlite://"), [DEBATES])
    assert rerun.articles == 0 and rerun.already == 5


# -- the news backtest: speeches before the vote only -----------------------------------------

def _stored(store: Store, articles: list[Article]) -> None:
    from vetowatch.reading import article_row

    with store.begin() as conn:
        conn.execute(insert(s.article), [article_row(a, 0, None) for a in articles])


def test_before_meeting_keeps_only_earlier_meetings(store: Store) -> None:
    from vetowatch.evaluation.news_backtest import before_meeting
    from vetowatch.forecast.news_update import Evidence, NewsSignal, QuestionLink

    speeches = _articles(DEBATES)
    news = Article.from_text("Russia said on Monday it opposed sanctions on Syria.",
                             published=date(2011, 9, 1), source="Interfax")
    _stored(store, [*speeches, news])
    link = QuestionLink("unsc-measures-syria", ("syria",))

    def signal(member: str, *articles: Article) -> NewsSignal:
        evidence = tuple(Evidence(i, a.id, 0, 10, date(2011, 8, 1), member, (), a.text[:10])
                         for i, a in enumerate(articles))  # "said" before the vote for all
        return NewsSignal(member, link.question, "against", 0.9, link, evidence)

    voting_day = date(2011, 10, 4)
    by_file = {a.meta["file"]: a for a in speeches}
    before = by_file["UNSC_2011_SPV.6600_spch003.txt"]
    on_the_day = by_file["UNSC_2011_SPV.6627_spch001.txt"]
    nigeria = by_file["UNSC_2011_SPV.6627_spch003.txt"]
    signals = [signal("RUS", before, on_the_day, news), signal("NGA", nigeria)]
    kept = before_meeting(store, signals, voting_day, "UN Security Council")
    assert [(sig.member, [e.article_id for e in sig.evidence]) for sig in kept] == [
        ("RUS", [before.id])]  # the voting meeting's speeches and the news article are out
    later = before_meeting(store, signals, date(2011, 10, 5), "UN Security Council")
    assert [len(sig.evidence) for sig in later] == [2, 1]
    assert before_meeting(store, signals, voting_day, "Interfax")[0].evidence[0].article_id == (
        news.id)
    assert before_meeting(store, [], voting_day, "UN Security Council") == []


@pytest.mark.slow
def test_the_backtest_case_of_s_2011_612_hears_only_the_earlier_meeting(
        tmp_path: Path, data_dir: Path) -> None:
    from vetowatch.council.importer import import_record
    from vetowatch.council.queries import load_records
    from vetowatch.evaluation.news_backtest import build_cases
    from vetowatch.positions import link_all
    from vetowatch.reading import ingest
    from vetowatch.settings import Settings

    store = Store(f"sqlite:///{tmp_path / 'debates.db'}")
    store.upgrade()
    import_record(store, data_dir / "unsc")
    settings = Settings(data_dir=data_dir, db_url="sqlite://")
    ingest(store, settings, [DEBATES])
    link_all(store, settings)
    records = [r for r in load_records(store) if date(2011, 1, 1) <= r.date <= date(2011, 12, 31)]
    cases = build_cases(store, records, since=date(2011, 10, 1), source="UN Security Council")
    (case,) = [c for c in cases if c.record.draft == "S/2011/612"]
    assert case.record.date == date(2011, 10, 4) and "RUS" in case.signalled
    earlier = {a.id for a in _articles(DEBATES) if a.meta["meeting"] == "S/PV.6600"}
    assert {e.article_id for sig in case.signals for e in sig.evidence} <= earlier
    assert case.sources == ("UN Security Council S/PV.6600",)
    others = build_cases(store, records, since=date(2011, 10, 1), source="Interfax")
    assert not [c for c in others if c.record.draft == "S/2011/612"]
    store.dispose()


# -- data fetch: Dataverse listing and files from a local server -------------------------------

class _Dataverse(ThreadingHTTPServer):
    routes: dict[str, bytes]
    seen: list[str]


class _Handler(BaseHTTPRequestHandler):
    server: _Dataverse

    def do_GET(self) -> None:
        self.server.seen.append(self.path)
        body = self.server.routes.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


def _listing(files: dict[str, bytes], tabular: frozenset[str] = frozenset()) -> bytes:
    entries = []
    for number, (name, data) in enumerate(files.items(), start=101):
        entry: dict[str, object] = {"id": number, "filename": name, "filesize": len(data),
                                    "checksum": {"type": "MD5",
                                                 "value": hashlib.md5(data).hexdigest()}}
        if name in tabular:  # Dataverse keeps the upload and serves a converted .tab
            entry.update({"filename": name.replace(".tsv", ".tab"), "filesize": 7,
                          "originalFileName": name, "originalFileFormat": "text/tsv",
                          "originalFileSize": len(data)})
        entries.append({"label": entry["filename"], "dataFile": entry})
    return json.dumps({"status": "OK", "data": {"latestVersion": {"files": entries}}}).encode()


@pytest.fixture()
def dataverse() -> Iterator[_Dataverse]:
    server = _Dataverse(("127.0.0.1", 0), _Handler)
    server.routes, server.seen = {}, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _serve(server: _Dataverse, files: dict[str, bytes], tabular: frozenset[str]) -> str:
    listing = "/api/datasets/:persistentId/?persistentId=doi:10.7910/DVN/KGVSYH"
    server.routes[listing] = _listing(files, tabular)
    for number, (name, data) in enumerate(files.items(), start=101):
        query = "?format=original" if name in tabular else ""
        server.routes[f"/api/access/datafile/{number}{query}"] = data
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_fetch_unsc_debates_then_ingest_the_folder(dataverse: _Dataverse, tmp_path: Path) -> None:
    files = {n: (DEBATES / n).read_bytes() for n in ("speeches.tar", "speaker.tsv", "meta.tsv")}
    files["README.txt"] = b"not wanted"
    base = _serve(dataverse, files, frozenset({"speaker.tsv", "meta.tsv"}))
    dest = tmp_path / "unsc-debates"
    events: list[FetchEvent] = []
    report = fetch_corpus("unsc-debates", dest, base_url=base, retries=0,
                          progress=events.append)
    assert report.ok
    starts = [(e.index, e.count, e.source.dest) for e in events if e.kind == "start"]
    assert starts == [(0, 1, ".dataverse/unsc-debates.json"), (1, 4, "speeches.tar"),
                      (2, 4, "speaker.tsv"), (3, 4, "meta.tsv")]  # one bar task per file
    assert sorted(f.source.dest for f in report.fetched) == [
        ".dataverse/unsc-debates.json", "meta.tsv", "speaker.tsv", "speeches.tar"]
    for name in ("speeches.tar", "speaker.tsv", "meta.tsv"):
        assert (dest / name).read_bytes() == files[name]
    assert not (dest / "README.txt").exists()
    assert "/api/access/datafile/102?format=original" in dataverse.seen
    manifest = json.loads((dest / "fetch-manifest.json").read_text())
    assert set(manifest["files"]) >= {"speeches.tar", "speaker.tsv", "meta.tsv"}
    assert len(list(read_news([dest]))) == 5  # the listing (.dataverse/) is hidden
    again = fetch_corpus("unsc-debates", dest, base_url=base, retries=0)
    assert sorted(f.source.dest for f in again.skipped) == [
        "meta.tsv", "speaker.tsv", "speeches.tar"]


def test_fetch_checks_the_listed_checksum(dataverse: _Dataverse, tmp_path: Path) -> None:
    files = {n: (DEBATES / n).read_bytes() for n in ("speeches.tar", "speaker.tsv", "meta.tsv")}
    base = _serve(dataverse, files, frozenset())
    dataverse.routes["/api/access/datafile/101"] = files["speeches.tar"][::-1]  # same size
    with pytest.raises(ChecksumError, match="MD5"):
        fetch_corpus("unsc-debates", tmp_path, base_url=base, retries=0)
    assert not (tmp_path / "speeches.tar").exists()


def test_fetch_names_what_the_dataset_holds_when_a_file_is_missing(
        dataverse: _Dataverse, tmp_path: Path) -> None:
    base = _serve(dataverse, {"speeches.tar": b"x" * 10, "other.csv": b"a,b\n"}, frozenset())
    with pytest.raises(FetchError, match=r"does not list speaker\.tsv, meta\.tsv") as caught:
        fetch_corpus("unsc-debates", tmp_path, base_url=base, retries=0)
    assert "other.csv" in str(caught.value) and caught.value.code == "E040"


def test_the_cli_entry(dataverse: _Dataverse, tmp_path: Path,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from vetowatch import cli as cli_module
    from vetowatch.news import unsc_fetch

    files = {n: (DEBATES / n).read_bytes() for n in ("speeches.tar", "speaker.tsv", "meta.tsv")}
    monkeypatch.setattr(unsc_fetch, "DATAVERSE_URL", _serve(dataverse, files, frozenset()))
    dest = tmp_path / "corpus"
    result = CliRunner().invoke(cli_module.cli, [
        "--db", str(tmp_path / "x.db"), "data", "fetch", "unsc-debates", "--dest", str(dest),
        "--retries", "0", "--json"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in dest.iterdir()) == [
        ".dataverse", "fetch-manifest.json", "meta.tsv", "speaker.tsv", "speeches.tar"]


def test_the_two_entries() -> None:
    assert CORPORA["unsc-debates"].doi == "doi:10.7910/DVN/KGVSYH"
    assert CORPORA["unsc-speeches"].files == ("speeches.tsv", "meetings.tsv")
