"""Ingest + extract + store: idempotent, bad files reported, statements queried and exported."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, strategies
from hypothesis import settings as settings_

from vetowatch.errors import DataNotFoundError
from vetowatch.reading import (
    CSV_COLUMNS,
    export_statements,
    export_to_string,
    ingest,
    iter_statements,
    split_text,
)
from vetowatch.settings import Settings
from vetowatch.store import Store

if TYPE_CHECKING:
    from vetowatch.extract.extractor import Extractor

ARTICLE_DATE = date(2011, 8, 19)


@pytest.fixture(scope="module")
def reference(data_dir: Path) -> Path:
    return data_dir / "news" / "example" / "russia-unwilling-to-back-assad-ouster.txt"


@pytest.fixture()
def settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, db_url="sqlite://")


def test_ingest_reference_then_rerun_adds_nothing(store: Store, settings: Settings,
                                                  reference: Path) -> None:
    first = ingest(store, settings, [reference], published=ARTICLE_DATE)
    assert (first.articles, first.errors) == (1, [])
    assert first.statements >= 8
    again = ingest(store, settings, [reference], published=ARTICLE_DATE)
    assert (again.articles, again.already, again.statements) == (0, 1, 0)
    stored = list(iter_statements(store))
    assert len(stored) == first.statements
    for item in stored:
        st = item.statement
        assert st.start < st.end
        assert st.sentence.strip()[:20] in reference.read_text(encoding="utf-8")


def test_offsets_point_into_the_stored_article(store: Store, settings: Settings,
                                               reference: Path) -> None:
    ingest(store, settings, [reference], published=ARTICLE_DATE)
    text = reference.read_text(encoding="utf-8")
    for item in iter_statements(store):
        st = item.statement
        assert text[st.start:st.end].strip() == st.sentence.strip()


def test_bad_files_are_reported_and_others_go_on(store: Store, settings: Settings,
                                                 reference: Path, tmp_path: Path) -> None:
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "good.txt").write_text(
        "The foreign minister said on Monday that his government would not support new "
        "sanctions against the country, according to the state news agency.\n",
        encoding="utf-8",
    )
    report = ingest(store, settings, [tmp_path, reference], published=ARTICLE_DATE)
    assert report.articles == 2
    assert len(report.errors) == 2
    assert {Path(str(e.path)).name for e in report.errors if hasattr(e, "path")} <= {
        "binary.txt", "empty.txt"}


def test_filters_and_exports(store: Store, settings: Settings, reference: Path) -> None:
    ingest(store, settings, [reference], published=ARTICLE_DATE)
    russian = list(iter_statements(store, actor="RUS"))
    assert russian and all((i.statement.speaker.actor or "").startswith("RUS") for i in russian)
    lines = export_to_string(iter_statements(store), "jsonl").splitlines()
    record = json.loads(lines[0])
    assert set(record) >= {"article_id", "sentence", "start", "end", "speaker", "via", "cue",
                           "kind", "content", "target", "polarity", "negated", "event", "when"}
    assert set(record["event"]) == {"cameo", "plover", "goldstein"}
    rows = list(csv.reader(io.StringIO(export_to_string(iter_statements(store), "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(lines) + 1
    with pytest.raises(Exception, match="unknown export format"):
        export_statements(iter_statements(store), io.StringIO(), "xml")
    assert list(iter_statements(store, until=date(2000, 1, 1))) == []


def test_two_workers_give_the_same_statements(tmp_path: Path, settings: Settings,
                                              reference: Path) -> None:
    results = []
    for workers in (1, 2):
        db = Store(f"sqlite:///{tmp_path / f'w{workers}.db'}")
        db.upgrade()
        ingest(db, settings, [reference], published=ARTICLE_DATE, workers=workers)
        results.append([i.statement for i in iter_statements(db)])
        db.dispose()
    assert results[0] == results[1]


def test_cli_ingest_and_export(tmp_path: Path, reference: Path, data_dir: Path) -> None:
    from click.testing import CliRunner

    from vetowatch.cli import cli

    db, out = tmp_path / "cli.db", tmp_path / "statements.jsonl"
    base = ["--db", str(db), "--data", str(data_dir)]
    runner = CliRunner()
    done = runner.invoke(cli, [*base, "ingest", str(reference), "--date", "2011-08-19",
                               "--json"], catch_exceptions=False)
    assert done.exit_code == 0 and json.loads(done.output)["articles"] == 1
    done = runner.invoke(cli, [*base, "statements", "export", "--format", "jsonl", "--out",
                               str(out)], catch_exceptions=False)
    assert done.exit_code == 0
    assert all(json.loads(line)["article_id"] for line in out.read_text().splitlines())
    done = runner.invoke(cli, [*base, "statements", "--actor", "RUS", "--json"])
    assert done.exit_code == 0 and json.loads(done.output)


def test_workers_read_the_user_s_actor_entries(tmp_path: Path, settings: Settings) -> None:
    from vetowatch.extract.actors.sources import add_user_actor

    text = tmp_path / "made_up.txt"
    text.write_text("Zorblax Quentin said on Monday that the talks had failed in Geneva.\n",
                    encoding="utf-8")
    speakers = []
    for workers in (1, 2):
        db = Store(f"sqlite:///{tmp_path / f'u{workers}.db'}")
        db.upgrade()
        add_user_actor(db, "Zorblax Quentin", "NORGOV", date(2010, 1, 1), date(2030, 1, 1))
        ingest(db, settings, [text], published=date(2019, 5, 6), workers=workers)
        speakers.append([i.statement.speaker.actor for i in iter_statements(db)])
        db.dispose()
    assert speakers == [["NORGOV"], ["NORGOV"]]


# -- issue 11: nothing lost, nothing crashes, exit status -----------------------------------------

@pytest.fixture(scope="module")
def extractor(data_dir: Path) -> Extractor:
    from vetowatch.extract.extractor import Extractor

    return Extractor.load(Settings(data_dir=data_dir, db_url="sqlite://"))


def test_a_missing_path_is_an_error_before_anything_is_read(store: Store, settings: Settings,
                                                            reference: Path,
                                                            tmp_path: Path) -> None:
    with pytest.raises(DataNotFoundError, match="no such file or folder") as caught:
        ingest(store, settings, [reference, tmp_path / "typo"], published=ARTICLE_DATE)
    assert caught.value.code == "E002" and "typo" in str(caught.value)
    assert list(iter_statements(store)) == []


def test_long_texts_are_read_in_parts_with_article_offsets(store: Store, settings: Settings,
                                                           reference: Path,
                                                           extractor: Extractor,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           ) -> None:
    import vetowatch.reading as reading

    whole = ingest(store, settings, [reference], published=ARTICLE_DATE, extractor=extractor)
    expected = [i.statement.sentence for i in iter_statements(store)]
    monkeypatch.setattr(reading, "MAX_CHARS", 1000)
    monkeypatch.setattr(reading, "PART_CHARS", 700)
    other = Store(f"sqlite:///{store.url.removeprefix('sqlite:///')}.parts")
    other.upgrade()
    parts = ingest(other, settings, [reference], published=ARTICLE_DATE, extractor=extractor)
    assert (parts.articles, parts.errors) == (1, [])
    text = reference.read_text(encoding="utf-8")
    assert len(split_text(text, 700)) > 3
    stored = [i.statement for i in iter_statements(other)]
    assert len(stored) >= whole.statements - 3  # a statement whose context was cut may go
    assert max(st.start for st in stored) > 1000
    for st in stored:
        assert text[st.start:st.end].strip() == st.sentence.strip()
        if st.content_start is not None and st.content_end is not None:
            assert text[st.content_start:st.content_end].strip()
    assert len({st.sentence for st in stored} & set(expected)) >= len(set(expected)) - 3
    other.dispose()


@settings_(max_examples=200, deadline=None)
@given(strategies.lists(strategies.sampled_from(["word ", "Sentence. ", "\n\n", "\n", "  ",
                                                 "x" * 30, "é"]), max_size=80).map("".join),
       strategies.integers(5, 60))
def test_split_text_parts_join_back(text: str, size: int) -> None:
    parts = split_text(text, size)
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= size for _, p in parts)
    assert [o for o, _ in parts] == [sum(len(p) for _, p in parts[:i]) for i in range(len(parts))]


def test_one_article_failing_extraction_costs_only_that_article(
        store: Store, settings: Settings, extractor: Extractor, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from vetowatch.extract.extractor import Extractor as ExtractorClass

    real_extract = ExtractorClass.extract

    def extract_many(self: Extractor, articles: Any, batch_size: int = 16) -> Any:
        for article in articles:
            yield article, self.extract(article)

    def extract(self: Extractor, article: Any, *args: Any, **kwargs: Any) -> Any:
        if "BOOM" in article.text:
            raise ValueError("a component crashed")
        return real_extract(self, article, *args, **kwargs)

    monkeypatch.setattr(ExtractorClass, "extract_many", extract_many)
    monkeypatch.setattr(ExtractorClass, "extract", extract)
    lines = [{"text": f"The minister said on Monday that talks number {i} had failed."}
             for i in range(5)]
    lines[2]["text"] = "BOOM said the envoy on Monday, and the talks were over."
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    report = ingest(store, settings, [path], published=ARTICLE_DATE, extractor=extractor)
    assert report.articles == 4
    (rejected,) = report.rejected
    assert rejected.line == 3 and "a component crashed" in rejected.message
    assert rejected.path.endswith("wire.jsonl") and rejected.code == "E061"


def _cli_run(tmp_path: Path, data_dir: Path, *args: str) -> Any:
    from click.testing import CliRunner

    from vetowatch.cli import cli

    return CliRunner().invoke(cli, ["--db", str(tmp_path / "cli.db"), "--data", str(data_dir),
                                    *args])


def test_cli_exit_status_and_rejected_list(tmp_path: Path, reference: Path,
                                           data_dir: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "rows.csv").write_text('date,text\n2011-13-45,"The envoy said the talks failed."\n')
    done = _cli_run(tmp_path, data_dir, "ingest", str(reference), str(bad), "--date",
                    "2011-08-19", "--json")
    assert done.exit_code == 1, done.output
    report = json.loads(done.stdout)
    assert report["articles"] == 1
    assert sorted((Path(r["path"]).name, r["line"]) for r in report["rejected"]) == [
        ("empty.txt", None), ("rows.csv", 2)]
    assert all(r["code"] == "E061" and r["fix"] for r in report["rejected"])
    again = _cli_run(tmp_path, data_dir, "ingest", str(reference), "--date", "2011-08-19")
    assert again.exit_code == 0 and "1 already stored" in again.stdout


@pytest.mark.parametrize(("args", "code"), [
    (["/no/such/folder"], "E002"),
    (["{ref}", "--date", "2011-13-45"], "E031"), (["{ref}", "--date", "0000-00-00"], "E031"),
    (["{ref}", "--date", "31/02/2011"], "E031"), (["{ref}", "--date", "yesterday"], "E031"),
    (["{ref}", "--date", "2099-01-01"], "E031")])
def test_cli_usage_errors_exit_2(tmp_path: Path, reference: Path, data_dir: Path,
                                 args: list[str], code: str) -> None:
    done = _cli_run(tmp_path, data_dir, "ingest", *[a.format(ref=reference) for a in args])
    assert done.exit_code == 2
    assert code in done.output and "Traceback" not in done.output


@pytest.mark.parametrize(("published", "phrase", "day"), [
    (date(2011, 8, 19), "yesterday", date(2011, 8, 18)),
    (date(2003, 3, 5), "yesterday", date(2003, 3, 4)),
    (date(2011, 8, 19), "on Monday", date(2011, 8, 15)),
    (date(2011, 8, 19), "next friday", None),  # after the publication: no date
    (date(2011, 8, 19), "tomorrow", None),
])
def test_relative_phrases_resolve_against_the_publication_only(published: date, phrase: str,
                                                               day: date | None) -> None:
    from vetowatch.extract.when import DateResolver

    assert DateResolver(published).resolve(phrase).date == day
