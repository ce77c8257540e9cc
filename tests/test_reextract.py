"""``vetowatch reextract``: stale articles are read again and equal a fresh ingest; stances
relink as in a fresh database; a failing article keeps its statements (exit status 1).

The small fixtures under ``tests/fixtures/news`` and the reference article (read from the
shared data, never copied). The spaCy pipeline loads once per module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from vetowatch import reading
from vetowatch.cli import cli
from vetowatch.extract.extractor import Extractor
from vetowatch.extract.statement import Statement
from vetowatch.news.article import Article
from vetowatch.positions import builtin_questions, link_stances
from vetowatch.reading import ingest, iter_statements
from vetowatch.reextract import reextract, stale_articles
from vetowatch.settings import Settings
from vetowatch.store import Store
from vetowatch.store import schema as s
from vetowatch.versions import ExtractionVersions, extraction_versions

NEWS = Path(__file__).parent / "fixtures" / "news"
FILES = [NEWS / "wire.jsonl", NEWS / "outlets.csv", NEWS / "plain_article.txt"]
DAY = date(2020, 1, 10)
REF_DAY = date(2011, 8, 19)
OLD = ExtractionVersions("old-rules", "old-actors", "old-model")


@pytest.fixture(scope="module")
def extractor(events_dir: Path) -> Extractor:
    return Extractor.load(events_dir=events_dir)


@pytest.fixture()
def settings(data_dir: Path, tmp_path: Path) -> Settings:
    return Settings(data_dir=data_dir, db_url=f"sqlite:///{tmp_path / 'cli.db'}")


@pytest.fixture()
def reference(data_dir: Path) -> Path:
    return data_dir / "news" / "example" / "russia-unwilling-to-back-assad-ouster.txt"


def _db(folder: Path, name: str) -> Store:
    db = Store(f"sqlite:///{folder / name}")
    db.upgrade()
    return db


def _old_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction as older rules did it: versions ``OLD``, the last statement of each article
    lost and the others' content cut short."""
    real = Extractor.extract_many

    def older(self: Extractor, articles: Iterable[Article],
              batch_size: int = 16) -> Iterator[tuple[Article, list[Statement]]]:
        for article, found in real(self, articles, batch_size):
            yield article, [_cut(st) for st in found[:-1]]

    monkeypatch.setattr(Extractor, "extract_many", older)
    monkeypatch.setattr(reading, "extraction_versions", lambda *_a, **_k: OLD)


def _cut(st: Statement) -> Statement:
    from dataclasses import replace

    return replace(st, content=st.content[:5])


def _ingest(db: Store, settings: Settings, extractor: Extractor, paths: list[Path],
            day: date = DAY) -> None:
    report = ingest(db, settings, paths, published=day, extractor=extractor)
    assert not report.errors


def _contents(db: Store) -> list[dict[str, Any]]:
    """Every statement as JSON, less its database id, in article order."""
    found = [{k: v for k, v in i.to_json().items() if k != "id"} for i in iter_statements(db)]
    return sorted(found, key=lambda j: (j["article_id"], j["start"], json.dumps(j,
                                                                               default=str)))


def _versions(db: Store) -> set[str | None]:
    with db.connect() as conn:
        return set(conn.execute(select(s.article.c.extraction_version)
                                .where(s.article.c.duplicate_of.is_(None))).scalars()) | set(
            conn.execute(select(s.statement.c.extraction_version)).scalars())


def test_stale_articles_are_read_again_like_a_fresh_ingest(
        tmp_path: Path, settings: Settings, extractor: Extractor,
        monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = _db(tmp_path, "fresh.db")
    _ingest(fresh, settings, extractor, FILES)
    expected = _contents(fresh)
    assert len(expected) >= 3
    current = extraction_versions(settings, extractor)
    assert _versions(fresh) == {current.key}

    old = _db(tmp_path, "old.db")
    with monkeypatch.context() as m:
        _old_rules(m)
        _ingest(old, settings, extractor, FILES[:2])
    _ingest(old, settings, extractor, FILES[2:])  # this one with today's rules
    assert _contents(old) != expected
    examined, stale = stale_articles(old, current)
    with old.connect() as conn:
        up_to_date = set(conn.execute(select(s.article.c.id).where(
            s.article.c.extraction_version == current.key)).scalars())
    assert len(up_to_date) == 1 and not up_to_date & set(stale)
    assert examined == len(stale) + 1

    report = reextract(old, settings, extractor=extractor)
    assert report.ok and (report.examined, report.stale) == (examined, len(stale))
    assert report.reextracted == len(stale)
    old_counts = {j["article_id"] for j in _contents(old)}
    assert report.statements_after == sum(1 for j in expected if j["article_id"] in stale)
    assert report.statements_before < report.statements_after and old_counts
    assert _contents(old) == expected
    assert _versions(old) == {current.key}

    again = reextract(old, settings, extractor=extractor)  # idempotent: nothing to do
    assert (again.stale, again.reextracted, again.failed) == (0, 0, [])
    assert _contents(old) == expected


def test_all_and_since_choose_the_articles(tmp_path: Path, settings: Settings,
                                           extractor: Extractor) -> None:
    db = _db(tmp_path, "db.db")
    _ingest(db, settings, extractor, FILES)
    with db.connect() as conn:
        days = dict(conn.execute(select(s.article.c.id, s.article.c.published)
                                 .where(s.article.c.duplicate_of.is_(None))).all())
    cut = sorted(days.values())[len(days) // 2]
    later = {aid for aid, day in days.items() if day >= cut}
    assert 0 < len(later) < len(days)
    with db.begin() as conn:  # everything stale: written before versions were recorded
        conn.execute(update(s.article).values(extraction_version=None))
    before = _contents(db)
    report = reextract(db, settings, since=cut, extractor=extractor)
    assert (report.examined, report.reextracted) == (len(later), len(later))
    _, stale = stale_articles(db, extraction_versions(settings, extractor))
    assert set(stale) == set(days) - later
    assert _contents(db) == before
    everything = reextract(db, settings, everything=True, extractor=extractor)
    assert everything.reextracted == len(days) and _contents(db) == before


def _stances(db: Store) -> list[tuple[Any, ...]]:
    """Stances keyed by where their statement is, not by its database id."""
    query = (select(s.statement.c.article_id, s.statement.c.seq, s.stance.c.question_id,
                    s.stance.c.stance, s.stance.c.confidence, s.stance.c.method,
                    s.stance.c.actor, s.stance.c.day, s.stance.c.rules_version)
             .join(s.statement, s.statement.c.id == s.stance.c.statement_id))
    with db.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(query))


@pytest.mark.parametrize("stale_last", [False, True])
def test_stances_after_reextract_equal_a_fresh_database(
        tmp_path: Path, settings: Settings, extractor: Extractor, reference: Path,
        monkeypatch: pytest.MonkeyPatch, stale_last: bool) -> None:
    """Also when the stale article holds the highest statement ids, which SQLite gives again
    to the new statements: the questions must still examine them."""
    questions = builtin_questions()
    fresh = _db(tmp_path, "fresh.db")
    _ingest(fresh, settings, extractor, [reference], REF_DAY)
    _ingest(fresh, settings, extractor, FILES)
    link_stances(fresh, questions, nlp=extractor.nlp)
    expected = _stances(fresh)
    assert any(r[2] == "assad-step-down" for r in expected)

    old = _db(tmp_path, "old.db")
    if stale_last:
        _ingest(old, settings, extractor, FILES)
    with monkeypatch.context() as m:
        _old_rules(m)
        _ingest(old, settings, extractor, [reference], REF_DAY)
    if not stale_last:
        _ingest(old, settings, extractor, FILES)
    link_stances(old, questions, nlp=extractor.nlp)
    assert _stances(old) != expected
    report = reextract(old, settings, extractor=extractor)
    assert report.reextracted == 1
    link_stances(old, questions, nlp=extractor.nlp)
    assert _stances(old) == expected


def _failing_on(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    real_many, real_one = Extractor.extract_many, Extractor.extract

    def many(self: Extractor, articles: Iterable[Article],
             batch_size: int = 16) -> Iterator[tuple[Article, list[Statement]]]:
        for article, found in real_many(self, articles, batch_size):
            if article.id == bad:
                raise RuntimeError("the parser broke")
            yield article, found

    def one(self: Extractor, article: Article | str, *args: Any) -> list[Statement]:
        if isinstance(article, Article) and article.id == bad:
            raise RuntimeError("the parser broke")
        return real_one(self, article, *args)

    monkeypatch.setattr(Extractor, "extract_many", many)
    monkeypatch.setattr(Extractor, "extract", one)


def test_a_failing_article_keeps_its_statements_and_exits_1(
        tmp_path: Path, settings: Settings, extractor: Extractor, data_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = Store(settings.db_url)
    db.upgrade()
    _ingest(db, settings, extractor, FILES)
    with db.begin() as conn:
        conn.execute(update(s.article).values(extraction_version="older"))
    by_article: dict[str, list[dict[str, Any]]] = {}
    for item in _contents(db):
        by_article.setdefault(item["article_id"], []).append(item)
    bad = sorted(by_article)[0]
    monkeypatch.setattr(Extractor, "load", classmethod(lambda cls, *a, **k: extractor))
    _failing_on(monkeypatch, bad)

    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db.url), "--data", str(data_dir), "reextract",
                                 "--json"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["failed"] == [{"article_id": bad, "error": "the parser broke"}]
    assert report["reextracted"] == report["stale"] - 1
    with db.connect() as conn:
        versions = dict(conn.execute(select(s.article.c.id, s.article.c.extraction_version)
                                     .where(s.article.c.duplicate_of.is_(None))).all())
    assert versions.pop(bad) == "older" and "older" not in versions.values()
    assert [i for i in _contents(db) if i["article_id"] == bad] == by_article[bad]

    monkeypatch.undo()  # the parser mended: the next run takes the one left
    monkeypatch.setattr(Extractor, "load", classmethod(lambda cls, *a, **k: extractor))
    text = runner.invoke(cli, ["--db", str(db.url), "--data", str(data_dir), "reextract"],
                         catch_exceptions=False)
    assert text.exit_code == 0, text.output
    assert "1 stale, 1 re-extracted" in text.output
