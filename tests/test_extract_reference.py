"""The reference article (2011-08-19) must come out right: see tests/golden/."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vetowatch.extract import Extractor, Statement
from vetowatch.extract.cameo import goldstein, is_code
from vetowatch.news import Article, read_news

GOLDEN = json.loads((Path(__file__).parent / "golden" / "reference_statements.json").read_text())
EXPECTED: list[dict[str, Any]] = GOLDEN["statements"]


@pytest.fixture(scope="module")
def extractor(events_dir: Path) -> Extractor:
    return Extractor.load(events_dir=events_dir)


@pytest.fixture(scope="module")
def article(news_dir: Path) -> Article:
    published = date.fromisoformat(GOLDEN["published"])
    articles = list(read_news(news_dir / GOLDEN["article"], published=published))
    assert len(articles) == 1
    return articles[0]


@pytest.fixture(scope="module")
def statements(extractor: Extractor, article: Article) -> list[Statement]:
    return extractor.extract(article)


def _find(statements: list[Statement], expected: dict[str, Any]) -> Statement:
    found = [
        s
        for s in statements
        if expected["sentence_has"] in s.sentence and s.speaker.actor == expected["speaker"]
    ]
    assert found, f"no statement by {expected['speaker']} in '{expected['sentence_has']}…'"
    return found[0]


@pytest.mark.parametrize("expected", EXPECTED, ids=[e["id"] for e in EXPECTED])
def test_statement(statements: list[Statement], expected: dict[str, Any]) -> None:
    statement = _find(statements, expected)
    assert len(statement.via) == len(expected["via"])
    for via, piece in zip(statement.via, expected["via"], strict=True):
        assert piece in via.text
    assert statement.polarity == expected["polarity"]
    assert statement.negated == expected["negated"]
    assert statement.when.to_json()["date"] == expected["date"]
    assert statement.when.precision == expected["precision"]
    if "target" in expected:
        assert statement.target is not None and statement.target.actor == expected["target"]
    if "kind" in expected:
        assert statement.kind == expected["kind"]
    if "cue" in expected:
        assert statement.cue == expected["cue"]
    if "speaker_has" in expected:
        assert expected["speaker_has"] in statement.speaker.text


def test_no_unexpected_statements(statements: list[Statement]) -> None:
    keys = {(e["sentence_has"], e["speaker"]) for e in EXPECTED}
    extra = [
        s.to_json()
        for s in statements
        if not any(piece in s.sentence and s.speaker.actor == who for piece, who in keys)
    ]
    assert extra == []


def test_author_analysis_is_nobodys_statement(
    statements: list[Statement], article: Article
) -> None:
    analysis_start = article.text.index(GOLDEN["no_statements_after"])
    assert all(s.start < analysis_start for s in statements)
    assert not any("Mataconis" in s.speaker.text or "Doug" in s.speaker.text for s in statements)


def test_offsets_and_json(statements: list[Statement], article: Article) -> None:
    for statement in statements:
        assert article.text[statement.start : statement.end] == statement.sentence
        assert statement.content in statement.sentence
        data = json.loads(json.dumps(statement.to_json()))
        assert data["article_id"] == article.id
        assert set(data) >= {"speaker", "via", "cue", "kind", "target", "event", "when"}
        assert is_code(data["event"]["cameo"]), data["event"]
        assert data["event"]["goldstein"] == goldstein(data["event"]["cameo"])


def test_event_codes(statements: list[Statement]) -> None:
    putin = _find(statements, next(e for e in EXPECTED if e["id"] == "putin-june"))
    # "criticized": the cue names CAMEO 111 (criticize or denounce), under ACCUSE
    assert (putin.event.cameo, putin.event.plover, putin.event.goldstein) == ("111", "ACCUSE", -2.0)
    # the calls for Assad to go: CAMEO 1041, demand change in leadership
    calls = [s for s in statements if s.cue.startswith("call") and s.target is not None
             and s.target.actor == "SYRGOV"]
    assert calls and {s.event.cameo for s in calls} == {"1041"}
    assert {(s.event.plover, s.event.goldstein) for s in calls} == {("REQUEST", -5.0)}
    # Russia's rejection: "told" over a negated "support" is a rejection (12) of "such
    # calls" -- the calls for Assad to go: 1231, reject demand for change in leadership
    quote = _find(statements, next(e for e in EXPECTED if e["id"] == "ministry-quote"))
    assert (quote.event.cameo, quote.event.plover, quote.event.goldstein) == (
        "1231", "REJECT", -4.0)
    assert quote.event.root == "12"
