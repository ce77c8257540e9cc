"""Reading news files: each format, the shared corpora, bad files, duplicates."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from vetowatch.errors import IngestError, InvalidInputError
from vetowatch.news import Article, DuplicateIndex, content_id, read_news
from vetowatch.news.article import read_date
from vetowatch.news.problems import InputRejected

FIXTURES = Path(__file__).parent / "fixtures" / "news"


def _read(path: Path, **kwargs: object) -> list[Article]:
    stream = read_news(path, **kwargs)  # type: ignore[arg-type]
    articles = list(stream)
    assert stream.errors == []
    return articles


def test_plain_text_title_and_date() -> None:
    (article,) = _read(FIXTURES / "plain_article.txt", published=date(2020, 5, 5))
    assert article.title == "Envoys Trade Barbs Over Border Ceasefire"
    assert article.published == date(2020, 5, 5)
    assert article.text.startswith("Envoys Trade Barbs")
    assert article.id == content_id(article.text) and article.row is None


def test_html_page() -> None:
    (article,) = _read(FIXTURES / "page.html")
    assert article.title == "Council members split over aid corridor"
    assert article.published == date(2019, 3, 14)
    assert article.source == "Example Wire"
    assert "aid corridor" in article.text and "Copyright" not in article.text


def test_jsonl_rows() -> None:
    articles = _read(FIXTURES / "wire.jsonl")
    assert [a.row for a in articles] == [1, 2]
    assert articles[0].url == "https://wire.example.org/1"
    assert articles[1].meta["category"] == "statements"


def test_csv_rows_and_dates() -> None:
    articles = _read(FIXTURES / "outlets.csv")
    assert [a.published for a in articles] == [date(2018, 5, 2), date(2018, 5, 3)]
    assert [a.source for a in articles] == ["Example Daily", "Example Herald"]
    assert [a.row for a in articles] == [2, 3]


def test_rss_and_atom() -> None:
    rss = _read(FIXTURES / "feed.rss")
    assert [a.published for a in rss] == [date(2019, 9, 11), date(2019, 9, 12)]
    assert rss[0].source == "Example World Desk" and "<p>" not in rss[0].text
    (atom,) = _read(FIXTURES / "feed.atom")
    assert atom.title == "Envoy calls for a pause in the fighting"
    assert atom.published == date(2021, 6, 1)


def test_directory_streams_everything() -> None:
    stream = read_news(FIXTURES)
    assert sum(1 for _ in stream) == 9
    assert stream.files == 6 and stream.errors == []


def _bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(FIXTURES / "wire.jsonl", folder / "a_good.jsonl")
    (folder / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (folder / "c_empty.txt").write_text("   \n")
    (folder / "d_truncated.csv").write_text(
        'date,text\n2020-01-01,"A full row about the talks that went on all night."\n'
        '2020-01-02,"A row that was cut off in the mid'
    )
    (folder / "e_french.txt").write_text(
        "Le ministre des affaires étrangères a déclaré mardi que son pays ne soutiendrait "
        "pas le projet de résolution présenté au Conseil de sécurité, et il a ajouté que "
        "les négociations devaient reprendre dans les prochains jours à Genève avec les "
        "deux délégations et les observateurs de la mission."
    )
    (folder / "f_latin1.txt").write_bytes("Caf\xe9 talks resumed on Monday".encode("latin-1"))
    shutil.copy(FIXTURES / "plain_article.txt", folder / "g_good.txt")
    return folder


def test_bad_files_are_reported_and_others_go_on(tmp_path: Path) -> None:
    seen: list[IngestError] = []
    stream = read_news(_bad_folder(tmp_path), on_error=seen.append)
    articles = list(stream)
    assert len(articles) == 4  # 2 JSONL rows, 1 complete CSV row, 1 text file
    assert seen == stream.errors
    problems = {e.path.name if e.path else "": str(e) for e in stream.errors}
    assert set(problems) == {
        "b_binary.txt",
        "c_empty.txt",
        "d_truncated.csv",
        "e_french.txt",
        "f_latin1.txt",
    }
    assert "binary" in problems["b_binary.txt"]
    assert "empty" in problems["c_empty.txt"]
    assert "truncated" in problems["d_truncated.csv"] and "line 3" in problems["d_truncated.csv"]
    assert "English" in problems["e_french.txt"]
    assert "UTF-8" in problems["f_latin1.txt"]
    assert all(e.code == "E061" for e in stream.errors)


def test_truncated_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    good = (FIXTURES / "wire.jsonl").read_text().splitlines()[0]
    path.write_text(good + "\n" + good[:60])
    stream = read_news(path)
    assert len(list(stream)) == 1
    (error,) = stream.errors
    assert error.line == 2 and "truncated" in str(error)


def test_same_content_twice_is_one_article(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt"):
        shutil.copy(FIXTURES / "plain_article.txt", tmp_path / name)
    stream = read_news(tmp_path)
    assert len(list(stream)) == 1 and stream.duplicates == 1


def test_near_duplicate_from_another_outlet(tmp_path: Path) -> None:
    story = (FIXTURES / "plain_article.txt").read_text()
    (tmp_path / "a.txt").write_text(story)
    (tmp_path / "b.txt").write_text(
        story.replace("on Tuesday", "on Tuesday evening") + "\n(Wire)\n"
    )
    first, second = read_news(tmp_path)
    assert first.duplicate_of is None and second.duplicate_of == first.id
    index = DuplicateIndex()
    assert index.check_and_add("x", "completely different words about nothing at all here") is None


@pytest.mark.parametrize(
    ("relative", "count", "duplicates"),
    [
        ("guardian_sdf_sample/Guardian_SDF_sample.csv", 249, 0),
        ("fakes_syria/FA-KES-Dataset.csv", 788, 16),
        ("whitehouse_foreign_policy/wh_foreign_policy_subset.jsonl", 2359, 11),
    ],
)
def test_shared_corpora(news_dir: Path, relative: str, count: int, duplicates: int) -> None:
    stream = read_news(news_dir / relative)
    articles = iter(stream)
    first = next(articles)
    assert first.published is not None and first.text
    assert 1 + sum(1 for _ in articles) == count
    assert stream.errors == [] and stream.duplicates == duplicates
    assert stream.articles + stream.duplicates == {249: 249, 788: 804, 2359: 2370}[count]


def test_shared_example_folder(news_dir: Path) -> None:
    stream = read_news(news_dir / "example", published=date(2011, 8, 19))
    (article,) = list(stream)
    assert article.title == "Russia Unwilling To Back Assad Ouster"
    assert [p.name for p in stream.skipped] == ["SOURCE.md"]


def test_ungdc_speeches_without_dedup(news_dir: Path) -> None:
    stream = read_news(news_dir / "ungdc" / "UNGDC_sessions_66-69_77-78.jsonl", deduplicate=False)
    assert sum(1 for _ in stream) == 1161 and stream.errors == []


@pytest.mark.parametrize(
    ("text", "unwrapped"),
    [
        ("The minister said that the\ngovernment would not support\nnew sanctions against the\n"
         "country, and that talks\nwould go on.\n\nA second paragraph.",
         "The minister said that the government would not support new sanctions against the "
         "country, and that talks would go on.\n\nA second paragraph."),
        ("Title\n\nOne sentence per line.\nAnother sentence.\nA third one.\nAnd a fourth.\n",
         None),  # lines that end sentences are left alone
        ("Short text\nwith two lines", None),
    ],
)
def test_hard_wrapped_text_is_unwrapped(text: str, unwrapped: str | None) -> None:
    from vetowatch.news.article import unwrap

    assert unwrap(text) == (text if unwrapped is None else unwrapped)


# -- issue 11: per-row isolation, strict dates, encodings, odd files ---------------------------

def _items(path: Path, **kwargs: object) -> tuple[list[Article], list[IngestError]]:
    stream = read_news(path, **kwargs)  # type: ignore[arg-type]
    return list(stream), stream.errors


GOOD = "The envoy said on Monday that the talks on the border would resume next week."


@pytest.mark.parametrize("bad", ["2011-13-45", "0000-00-00", "31/02/2011", "yesterday",
                                 "next friday", "2099-01-01", "1900-01-01"])
def test_a_bad_date_field_rejects_the_record_never_replaced_by_date(tmp_path: Path,
                                                                    bad: str) -> None:
    path = tmp_path / "dated.jsonl"
    path.write_text(json.dumps({"date": bad, "text": GOOD + " One."}) + "\n"
                    + json.dumps({"date": "2011-08-19", "text": GOOD + " Two."}) + "\n"
                    + json.dumps({"text": GOOD + " Three."}) + "\n", encoding="utf-8")
    articles, errors = _items(path, published=date(2012, 1, 2))
    assert [(a.row, a.published) for a in articles] == [(2, date(2011, 8, 19)),
                                                        (3, date(2012, 1, 2))]
    (error,) = errors
    assert error.line == 1 and bad.strip() in str(error) and "date" in str(error)
    assert isinstance(error, InputRejected) and "YYYY-MM-DD" in error.fix


@pytest.mark.parametrize(("value", "day"), [
    ("2011-08-19T10:00:00-04:00", date(2011, 8, 19)), ("8/19/2011", date(2011, 8, 19)),
    ("19/08/2011", date(2011, 8, 19)), ("19 August 2011", date(2011, 8, 19)),
    ("Aug. 19, 2011", date(2011, 8, 19)), ("Fri, 19 Aug 2011 10:00:00 GMT", date(2011, 8, 19)),
    ("", None), (None, None)])
def test_publication_dates_that_are_read(value: str | None, day: date | None) -> None:
    assert read_date(value) == day


@pytest.mark.parametrize("value", ["yesterday", "next friday", "Friday", "last week"])
def test_relative_dates_never_use_the_machine_clock(value: str) -> None:
    with pytest.raises(InvalidInputError, match="relative"):
        read_date(value)


def test_a_bad_csv_row_does_not_end_the_file(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("date,text\n"
                    f'2012-01-01,"{GOOD} One."\n'
                    '2012-01-02,"a stray "quote" here",x\n'
                    f'2012-01-03,"{GOOD} Three."\n'
                    "2012-01-04,too,many,fields\n"
                    '2012-01-05,"never closed\n'
                    f'2012-01-06,"{GOOD} Six."\n'
                    f'2012-01-07,"{GOOD} Seven."\n', encoding="utf-8")
    articles, errors = _items(path)
    assert [a.row for a in articles] == [2, 4, 7, 8]  # 7: read again after 6 failed
    assert [e.line for e in errors] == [3, 5, 6]
    assert all("rows.csv" in str(e) for e in errors)
    assert "fields" in str(errors[1]) and "quote" in str(errors[0]).lower()


def test_an_undecodable_csv_row_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(f'date,text\n2012-01-01,"{GOOD}"\n'.encode()
                     + '2012-01-02,"caf\xe9 talks"\n'.encode("latin-1")
                     + f'2012-01-03,"{GOOD} Again."\n'.encode())
    articles, errors = _items(path)
    assert [a.row for a in articles] == [2, 4]
    (error,) = errors
    assert error.line == 3 and "UTF-8" in str(error) and "iconv" in str(error)


def test_deep_or_oversized_jsonl_lines_are_rejected_per_line(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            ) -> None:
    from vetowatch.news import readers

    monkeypatch.setattr(readers, "MAX_RECORD_BYTES", 4096)
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n"
                    + json.dumps({"text": GOOD + " " + "x" * 5000}) + "\n"
                    + json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
    articles, errors = _items(path)
    assert [a.row for a in articles] == [3]
    assert [e.line for e in errors] == [1, 2]
    assert "deep" in str(errors[0]) and "MB" in str(errors[1])


def test_feed_entries_with_impossible_dates_are_rejected(tmp_path: Path) -> None:
    items = "".join(f"<item><title>T{i}</title><pubDate>{d}</pubDate><description>{GOOD} {i}"
                    "</description></item>" for i, d in enumerate([
                        "Thu, 01 Jan 2099 10:00:00 GMT", "not a date at all",
                        "Tue, 02 Mar 2010 10:00:00 GMT"]))
    path = tmp_path / "feed.rss"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
                    f"{items}</channel></rss>", encoding="utf-8")
    articles, errors = _items(path, published=date(2011, 1, 1))
    assert [(a.row, a.published) for a in articles] == [(3, date(2010, 3, 2))]
    assert [e.line for e in errors] == [1, 2] and "future" in str(errors[0])


def test_encodings(tmp_path: Path) -> None:
    (tmp_path / "utf16.txt").write_bytes(GOOD.encode("utf-16"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + (GOOD + " Bom.").encode())
    (tmp_path / "latin1.txt").write_bytes(f"Caf\xe9. {GOOD}".encode("latin-1"))
    articles, errors = _items(tmp_path)
    assert sorted(a.text for a in articles) == sorted([GOOD, GOOD + " Bom."])
    (error,) = errors
    assert "latin1.txt" in str(error) and "not UTF-8" in str(error)


def test_odd_files_are_reported_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "dangling.txt").symlink_to("missing.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "empty.jsonl").mkdir()
    (tmp_path / "bell\x07.txt").write_bytes(b"\x00")
    articles, errors = _items(tmp_path)
    assert [a.text for a in articles] == [GOOD]
    shown = sorted(str(e) for e in errors)
    assert len(shown) == 5 and not any("\x07" in s for s in shown)
    assert any("link loop" in s for s in shown) and any("pipe" in s for s in shown)


def test_control_characters_and_surrogates_are_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "ctl.jsonl"
    path.write_text('{"title": "a\\u0000b", "text": "' + GOOD + ' \\u0000 \\ud800 \\u001b[31m"}\n',
                    encoding="utf-8")
    (article,) = _read(path)
    assert article.title == "a b"
    assert "\x00" not in article.text and "\x1b" not in article.text
    assert "\ud800" not in article.text and "\ufffd" in article.text


def test_an_html_page_in_its_declared_charset(tmp_path: Path) -> None:
    body = ("The minister said on Monday that the caf\xe9 talks had failed and that the "
            "delegations would meet again in Geneva next week to try once more.")
    page = (f'<html><head><meta charset="windows-1252"><title>Caf\xe9 talks</title></head>'
            f"<body><article><p>{body}</p><p>{body} Again.</p></article></body></html>")
    (tmp_path / "cp.html").write_bytes(page.encode("cp1252"))
    (tmp_path / "bad.html").write_bytes(page.replace("windows-1252", "no-such-codec")
                                        .encode("cp1252"))
    articles, errors = _items(tmp_path)
    (article,) = articles
    assert "café talks" in article.text and article.title == "Café talks"
    (error,) = errors
    assert "bad.html" in str(error) and "charset" in str(error)
