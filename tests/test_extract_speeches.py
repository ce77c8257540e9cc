"""First-person speeches: "we", "I", "my government" are the text's own speaker.

The fixtures (``tests/fixtures/speeches/``) are invented for these tests; the last test reads
one real UN General Debate speech from the shared data at test time.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vetowatch.extract import Extractor, Statement
from vetowatch.news import Article, read_news
from vetowatch.reading import ingest, iter_statements
from vetowatch.settings import Settings
from vetowatch.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "speeches"
UNGDC = Path("ungdc") / "UNGDC_sessions_66-69_77-78.jsonl"


@pytest.fixture(scope="module")
def extractor(events_dir: Path) -> Extractor:
    return Extractor.load(events_dir=events_dir)


@pytest.fixture(scope="module")
def speech() -> Article:
    articles = list(read_news(FIXTURES / "general_debate.jsonl"))
    assert len(articles) == 1
    return articles[0]


def _by_cue(statements: list[Statement], cue: str) -> Statement:
    found = [s for s in statements if s.cue.split()[0].lower() == cue]
    assert found, f"no statement with the cue {cue!r}: {[s.cue for s in statements]}"
    return found[0]


def test_iso3_column_names_the_speaker(speech: Article) -> None:
    assert speech.meta["iso3"] == "NOR"
    assert speech.speaker == "NORGOV"
    assert Article.from_text("News text.").speaker is None
    assert Article.from_text("x", meta={"speaker_actor": "igouno", "iso3": "NOR"}).speaker == (
        "IGOUNO"
    )
    assert speech.with_speaker("fragov").speaker == "FRAGOV"


def test_first_person_statements_are_the_government_s(
    extractor: Extractor, speech: Article
) -> None:
    statements = extractor.extract(speech)
    own = [s for s in statements if s.speaker.actor == "NORGOV"]
    assert {s.speaker.text for s in own} >= {"We", "My Government", "Our country", "I"}
    assert all(s.kind == "indirect" for s in own)  # own words, unquoted: STATEMENTS.md kind
    expected = {  # cue: (target, polarity)
        "condemn": ("SYRGOV", -1),
        "supports": ("LBYGOV", 1),
        "rejects": ("PRKGOV", -1),
        "call": ("SYRGOV", -1),
    }
    for cue, (target, polarity) in expected.items():
        statement = _by_cue(own, cue)
        assert statement.target is not None and statement.target.actor == target, cue
        assert statement.polarity == polarity, cue
    assert "release all political prisoners" in _by_cue(own, "call").content
    assert _by_cue(own, "welcomes").polarity == 1
    assert "Security Council must act on Syria" in _by_cue(own, "believe").content


def test_stance_verbs_under_want_like_and_continue(extractor: Extractor) -> None:
    text = (
        "We would like to welcome the agreement between Sudan and South Sudan. "
        "We continue to support the territorial integrity of Ukraine. "
        "We will never accept the annexation of Crimea."
    )
    statements = extractor.extract(text, speaker="NORGOV")
    assert [(s.cue, s.polarity) for s in statements] == [
        ("welcome", 1),
        ("support", 1),
        ("accept", -1),
    ]
    assert all(s.speaker.actor == "NORGOV" and s.kind == "indirect" for s in statements)
    assert statements[1].target is not None and statements[1].target.actor == "UKRGOV"


def test_without_a_speaker_first_person_makes_no_statement(
    extractor: Extractor, speech: Article
) -> None:
    news = Article.from_text(speech.text)  # the same text, no metadata: read as news
    statements = extractor.extract(news)
    assert not any(s.speaker.actor and s.speaker.actor.startswith("NOR") for s in statements)
    assert not any(s.speaker.text in ("We", "I", "Our country") for s in statements)


def test_cli_ingest_with_speaker(tmp_path: Path, data_dir: Path) -> None:
    from click.testing import CliRunner

    from vetowatch.cli import cli

    base = ["--db", str(tmp_path / "cli.db"), "--data", str(data_dir)]
    runner = CliRunner()
    done = runner.invoke(
        cli,
        [*base, "ingest", str(FIXTURES / "statement_fra.txt"), "--speaker", "FRAGOV",
         "--date", "2012-02-01", "--json"],
        catch_exceptions=False,
    )
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["statements"] >= 3
    done = runner.invoke(cli, [*base, "statements", "--actor", "FRAGOV", "--json"])
    assert done.exit_code == 0, done.output
    items = json.loads(done.output)
    cues = {(i["speaker"]["text"], i["cue"], i["polarity"]) for i in items}
    assert {("We", "condemn", -1), ("My delegation", "supports", 1)} <= cues
    condemn = next(i for i in items if i["cue"] == "condemn")
    assert condemn["target"]["actor"].startswith("SYR") and condemn["kind"] == "indirect"
    bad = runner.invoke(cli, [*base, "ingest", str(FIXTURES / "statement_fra.txt"),
                              "--speaker", "fr"])
    assert bad.exit_code != 0


def test_ingest_speaker_reaches_the_statements(store: Store, data_dir: Path) -> None:
    settings = Settings(data_dir=data_dir, db_url="sqlite://")
    report = ingest(store, settings, [FIXTURES / "general_debate.jsonl"])
    assert report.articles == 1 and report.statements >= 6
    actors = {i.statement.speaker.actor for i in iter_statements(store)}
    assert "NORGOV" in actors


def _reflow(text: str) -> str:
    """The speeches are hard-wrapped: join the lines of each paragraph."""
    paragraphs = re.split(r"\n[ \t\u00a0]*\n|  \n", text)
    joined = (" ".join(line.strip() for line in p.splitlines() if line.strip())
              for p in paragraphs)
    return "\n\n".join(p for p in joined if p)


def _speech(news_dir: Path, iso3: str, year: int) -> Article:
    path = news_dir / UNGDC
    if not path.is_file():
        pytest.skip(f"{path} not found")
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["iso3"] == iso3 and int(row["year"]) == year:
                return Article.from_text(_reflow(row["text"]), meta={"iso3": iso3})
    pytest.skip(f"no {iso3} {year} speech in {path}")


@pytest.mark.parametrize(("iso3", "year", "minimum", "about"), [
    ("RUS", 2011, 10, 0),  # Russia 2011: many "we call on …", none on Syria or Libya
    ("CHN", 2011, 10, 3),  # China 2011: "We hope that parties in Syria will …", Libya
])
def test_real_general_debate_speech(extractor: Extractor, news_dir: Path, iso3: str, year: int,
                                    minimum: int, about: int) -> None:
    statements = extractor.extract(_speech(news_dir, iso3, year))
    own = [s for s in statements if s.speaker.actor == f"{iso3}GOV"]
    assert len(own) >= minimum
    first_person = [s for s in own if s.speaker.text.lower() in ("we", "i")]
    assert len(first_person) >= minimum // 2
    assert all(s.kind == "indirect" for s in first_person if not re.search("[\"“”]", s.sentence))
    mentioning = [s for s in own if re.search(r"syria|libya", s.sentence, re.I)]
    assert len(mentioning) >= about
