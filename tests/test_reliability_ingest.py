"""Reliability of ingest (issue 11): hostile inputs, fuzzed readers and dates, kill -9.

One run of the real command over ten good files and the hostile corpus of
:mod:`hostile` (≥ 60 inputs): every good file stored, each hostile input stored or listed
as rejected, exit 1, no traceback. Every reader and the date parser are fuzzed with
Hypothesis: nothing but a :class:`VetowatchError` may come out. An ingest killed with
SIGKILL and run again ends with the database an uninterrupted run makes.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import EITHER, MIXED, REJECTED, STORED, Case, write_corpus
from vetowatch.errors import IngestError, InvalidInputError
from vetowatch.news.article import EARLIEST, Article, option_date, read_date
from vetowatch.news.problems import path_text, shown_path
from vetowatch.news.readers import read_csv, read_feed, read_html, read_jsonl, read_text


def vetowatch(db: Path, *args: str, data_dir: Path,
              timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real command in its own process (as a user runs it)."""
    env = {**os.environ, "VETOWATCH_DATA": str(data_dir), "COLUMNS": "250"}
    env.pop("VETOWATCH_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "vetowatch", "--db", str(db), *args],
                          capture_output=True, text=True, env=env, timeout=timeout, check=False)


# -- the hostile corpus, in one run ------------------------------------------------------------

class HostileRun:
    def __init__(self, folder: Path, good: list[Path], cases: list[Case], db: Path,
                 done: subprocess.CompletedProcess[str]) -> None:
        self.folder, self.good, self.cases, self.db, self.done = folder, good, cases, db, done
        self.report: dict[str, Any] = json.loads(done.stdout)
        with sqlite3.connect(db) as conn:
            self.articles = conn.execute(
                "SELECT id, path, row, title, text, duplicate_of FROM article").fetchall()
            self.statements = conn.execute(
                "SELECT article_id, start, \"end\", sentence FROM statement").fetchall()
        self.stored_paths = {r[1] for r in self.articles}
        self.rejected_paths = {r["path"] for r in self.report["rejected"]}

    def stored(self, path: Path) -> bool:
        return path_text(path) in self.stored_paths

    def rejected(self, path: Path) -> bool:
        return shown_path(path) in self.rejected_paths


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Iterator[HostileRun]:
    root = tmp_path_factory.mktemp("hostile")
    good, cases = write_corpus(root / "corpus")
    db = root / "hostile.db"
    done = vetowatch(db, "ingest", str(root / "corpus"), "--date", "2011-08-19", "--json",
                     data_dir=data_dir)
    yield HostileRun(root / "corpus", good, cases, db, done)
    for case in cases:  # let pytest clean up the folder
        if case.path.is_file() and not case.path.is_symlink():
            case.path.chmod(0o644)


def test_the_corpus_is_big_enough(hostile: HostileRun) -> None:
    assert len(hostile.good) == 10
    assert len(hostile.cases) >= 60
    assert {c.expect for c in hostile.cases} == {STORED, REJECTED, MIXED, EITHER}


def test_exit_1_with_the_rejected_listed_and_no_traceback(hostile: HostileRun) -> None:
    done = hostile.done
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    rejected = hostile.report["rejected"]
    assert rejected and all(set(r) == {"path", "line", "code", "message", "fix"}
                            for r in rejected)
    assert all(r["code"] == "E061" and r["message"] and r["fix"] for r in rejected)
    assert len(hostile.report["errors"]) == len(rejected)


def test_every_good_file_is_stored(hostile: HostileRun) -> None:
    missing = [p.name for p in hostile.good if not hostile.stored(p)]
    assert missing == []
    assert not any(hostile.rejected(p) for p in hostile.good)


@pytest.mark.parametrize("expect", [STORED, REJECTED, MIXED, EITHER])
def test_each_hostile_input_is_stored_or_listed(hostile: HostileRun, expect: str) -> None:
    wrong = []
    for case in (c for c in hostile.cases if c.expect == expect):
        stored, rejected = hostile.stored(case.path), hostile.rejected(case.path)
        ok = {STORED: stored and not rejected, REJECTED: rejected and not stored,
              MIXED: stored and rejected, EITHER: stored or rejected}[expect]
        if not ok:
            wrong.append(f"{case.what} ({shown_path(case.path.name)}): stored={stored}, "
                         f"rejected={rejected}")
    assert wrong == []


def test_the_rows_around_bad_csv_rows_are_stored(hostile: HostileRun) -> None:
    rows = {(Path(r[1]).name, r[2]) for r in hostile.articles}
    assert {("h_bad_rows.csv", 2), ("h_bad_rows.csv", 4), ("h_bad_rows.csv", 6)} <= rows
    assert {("h_unclosed.csv", 2), ("h_unclosed.csv", 4), ("h_unclosed.csv", 5)} <= rows
    lines = {(Path(r["path"]).name, r["line"]) for r in hostile.report["rejected"]}
    assert {("h_bad_rows.csv", 3), ("h_bad_rows.csv", 5), ("h_unclosed.csv", 3)} <= lines
    message = next(r["message"] for r in hostile.report["rejected"]
                   if r["path"].endswith("h_bad_rows.csv") and r["line"] == 5)
    assert "fields" in message


def test_a_text_over_a_million_characters_is_read_whole(hostile: HostileRun) -> None:
    (article,) = [a for a in hostile.articles if a[1].endswith("h_over_1m.txt")]
    text = article[4]
    assert len(text) > 1_000_000
    said = [s for s in hostile.statements if s[0] == article[0]]
    assert any(s[1] > 1_000_000 for s in said), "the statement after the first million"
    assert all(text[s[1]:s[2]].strip() == s[3].strip() for s in said)


def test_markup_and_entities_are_stored_as_text(hostile: HostileRun) -> None:
    titles = {Path(a[1]).name: a[3] for a in hostile.articles}
    assert titles["h_markup.jsonl"] == "[/red] <script>alert(1)</script> [/]"
    assert "[/red]" in (titles["h_markup.rss"] or "")
    assert not any("root:" in a[4] for a in hostile.articles), "no external entity read"
    assert all(len(a[4]) < 2_000_000 for a in hostile.articles), "no entity expansion"


def test_a_rerun_adds_nothing_and_prints_no_traceback(hostile: HostileRun,
                                                      data_dir: Path) -> None:
    again = vetowatch(hostile.db, "ingest", str(hostile.folder), "--date", "2011-08-19",
                      data_dir=data_dir)
    assert again.returncode == 1 and "Traceback" not in again.stdout + again.stderr
    assert " 0 new articles" in again.stdout and "h_markup[/bad].txt" in again.stdout
    assert "h_bell\\x07name.txt" not in again.stdout  # stored, not listed
    assert "h_tab\\tname.txt" in again.stdout and "\x1b" not in again.stdout
    with sqlite3.connect(hostile.db) as conn:
        assert conn.execute("SELECT count(*) FROM article").fetchone()[0] == len(
            hostile.articles)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# -- fuzzing every reader and the dates --------------------------------------------------------

_FUZZ_DIR = Path(tempfile.mkdtemp(prefix="vetowatch-fuzz-"))
_JSON_BITS = st.sampled_from(['{', '}', '[', ']', '"text": ', '"date": ', '"title": ', ",", ":",
                              '"', "\\u0000", "\\ud800", "\\", "\n", "1e999", "null", "true",
                              '"2011-13-45"', '"The minister said the talks failed."', " "])
_CSV_BITS = st.sampled_from(['"', ",", "\n", "\r\n", "\t", "\x00", "date", "text", "title",
                             "2011-08-19", "31/02/2011", "The envoy said talks failed.", " ",
                             '""', "\ufeff", "é"])
_XML_BITS = st.sampled_from(["<rss>", "</rss>", "<channel>", "<item>", "</item>", "<title>",
                             "</title>", "<pubDate>", "</pubDate>", "<description>",
                             "</description>", "Fri, 19 Aug 2011 10:00:00 GMT",
                             "Thu, 01 Jan 2099 00:00:00 GMT", "&amp;", "&lt;", "&#0;",
                             "<!DOCTYPE x [<!ENTITY e \"ee\">]>", "&e;", "<feed>", "<entry>",
                             "The minister said the talks failed.", "<![CDATA[", "]]>", "<"])


def _joined(bits: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    return st.lists(bits | st.text(max_size=8), max_size=40).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))


def _read_all(reader: Any, suffix: str, data: bytes) -> list[Article | IngestError]:
    path = _FUZZ_DIR / f"fuzz{suffix}"
    path.write_bytes(data)
    items = list(reader(path, None))
    assert all(isinstance(i, Article | IngestError) for i in items)
    for item in items:
        if isinstance(item, Article):
            assert item.text.strip()
            assert item.published is None or EARLIEST <= item.published <= date.today()
    return items


FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=600) | _joined(_CSV_BITS))
def test_fuzz_text_reader(data: bytes) -> None:
    _read_all(read_text, ".txt", data)


@FUZZ
@given(st.binary(max_size=600) | _joined(_JSON_BITS))
def test_fuzz_jsonl_reader(data: bytes) -> None:
    _read_all(read_jsonl, ".jsonl", data)


@FUZZ
@given(st.binary(max_size=600) | _joined(_CSV_BITS).map(lambda b: b"date,text\n" + b))
def test_fuzz_csv_reader(data: bytes) -> None:
    _read_all(read_csv, ".csv", data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600) | _joined(_XML_BITS))
def test_fuzz_feed_reader(data: bytes) -> None:
    _read_all(read_feed, ".rss", data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600) | _joined(_XML_BITS).map(lambda b: b"<html><body><p>" + b))
def test_fuzz_html_reader(data: bytes) -> None:
    _read_all(read_html, ".html", data)


_DATE_BITS = st.sampled_from(["2011", "-", "/", "08", "19", "13", "45", "00", "31", "02",
                              "Aug", "August", "Friday", "next", "yesterday", ",", " ", ".",
                              "T10:00:00", "GMT", "+0200", "9999", "0000", "1st", "29"])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.lists(_DATE_BITS, max_size=8).map("".join))
def test_fuzz_dates(value: str) -> None:
    for parse in (read_date, option_date):
        try:
            day = parse(value)
        except InvalidInputError:
            continue
        assert day is None or EARLIEST <= day <= date.today()


@pytest.mark.parametrize("value", ["2011-13-45", "0000-00-00", "31/02/2011", "yesterday",
                                   "next friday", "2099-01-01", "1944-12-31", "20110819",
                                   "2011-08", " "])
def test_bad_date_options_are_refused(value: str) -> None:
    with pytest.raises(InvalidInputError, match="--date"):
        option_date(value)


# -- kill -9 -----------------------------------------------------------------------------------

def _kill_corpus(folder: Path, n: int = 150) -> Path:
    folder.mkdir()
    whos = ["Norway's foreign minister", "The Brazilian envoy", "A Kenyan spokesman",
            "Japan's prime minister", "The German chancellor", "India's ambassador",
            "Egypt's foreign ministry", "A senior Chinese diplomat", "Mexico's president"]
    whats = ["the talks on the {i} corridors had failed", "{i} observers would be sent",
             "the vote on draft {i} should be delayed", "sanctions on {i} firms were unjust",
             "the ceasefire had held for {i} days", "aid for {i} villages was blocked"]
    path = folder / "wire.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = (f"{whos[i % 9]} said on Monday that {whats[i % 6].format(i=i)}. "
                    f"Officials in the capital added that meeting number {i} would go ahead.")
            out.write(json.dumps({"date": f"2012-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                  "text": text}) + "\n")
    return folder


def _snapshot(db: Path) -> tuple[list[Any], list[Any]]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        articles = conn.execute("SELECT id, published, duplicate_of, statements, row "
                                "FROM article ORDER BY id").fetchall()
        statements = conn.execute(
            "SELECT article_id, seq, start, \"end\", speaker_actor, cue, content "
            "FROM statement ORDER BY article_id, seq").fetchall()
    return articles, statements


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM article").fetchone()[0])
    except sqlite3.Error:  # not created yet
        return 0


def test_kill_9_then_rerun_equals_an_uninterrupted_run(tmp_path: Path, data_dir: Path) -> None:
    corpus = _kill_corpus(tmp_path / "corpus")
    env = {**os.environ, "VETOWATCH_DATA": str(data_dir)}
    full_db, killed_db = tmp_path / "full.db", tmp_path / "killed.db"
    command = [sys.executable, "-m", "vetowatch", "ingest", str(corpus), "--json"]
    full = subprocess.Popen([*command[:3], "--db", str(full_db), *command[3:]], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    victim = subprocess.Popen([*command[:3], "--db", str(killed_db), *command[3:]], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(killed_db) < 5 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    at_kill = _count(killed_db)
    assert victim.returncode == -signal.SIGKILL
    assert 0 < at_kill < 150, f"killed with {at_kill} of 150 articles stored"
    assert full.wait(timeout=300) == 0, full.stderr.read() if full.stderr else ""
    rerun = vetowatch(killed_db, "ingest", str(corpus), "--json", data_dir=data_dir)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    report = json.loads(rerun.stdout)
    assert report["articles"] + report["near_duplicates"] == 150 - at_kill
    assert _snapshot(killed_db) == _snapshot(full_db)
