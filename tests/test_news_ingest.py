"""Reading news files: each format, the shared corpora, bad files, duplicates."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from vetowatch.errors import IngestError
from vetowatch.news import Article, DuplicateIndex, content_id, read_news

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
