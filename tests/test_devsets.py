"""The dev-set scorer (vetowatch.evaluation.devsets) on tiny synthetic gold and predictions.

No spaCy: predictions are written by hand as ``statements export`` records.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vetowatch.errors import SourceFormatError
from vetowatch.evaluation import devsets as ds
from vetowatch.news.ingest import read_news

# Made-up text (ours): two sentences, the second with nested speech.
TEXT = (
    "Moscow said on Friday that it opposed any new sanctions on Damascus. "
    "The envoy told reporters that Washington had demanded a vote within days. "
    "Nobody else spoke."
)
S1 = TEXT.index("Moscow")
S2 = TEXT.index("The envoy")
S3 = TEXT.index("Nobody")


def gold_statement(content: str, cue: str | None, actor: str, **kw: Any) -> dict[str, Any]:
    start = TEXT.index(content)
    anchor = TEXT.index(cue) if cue else start
    base = {"start": start, "end": start + len(content), "anchor": anchor, "speaker": actor,
            "actor": actor, "via": [], "kind": "indirect", "cue": cue, "target": None,
            "polarity": 0, "cameo": "01", "when": "2020-01-10", "when_precision": "published"}
    return {**base, **kw}


GOLD = [
    gold_statement("it opposed any new sanctions on Damascus", "said", "RUSGOV",
                   target="SYRGOV", polarity=1, cameo="12", when="2020-01-10",
                   when_precision="day"),
    gold_statement("Washington had demanded a vote within days", "told", "IGOUNO"),
    gold_statement("a vote within days", "demanded", "USAGOV", cameo="10",
                   via=["the envoy"]),
]


def gold_doc(statements: list[dict[str, Any]] | None = None, **kw: Any) -> dict[str, Any]:
    doc = {"doc": "synthetic-1", "corpus": "news/tiny.csv", "select": {"row": 2},
           "article_id": "x" * 16, "published": "2020-01-10", "genre": "news",
           "split": "dev", "window": [0, S3], "statements": GOLD if statements is None
           else statements}
    return {**doc, **kw}


def pred(start: int, end: int, actor: str | None, **kw: Any) -> dict[str, Any]:
    rec = {"article_id": "x" * 16, "start": start, "end": end, "sentence": "",
           "speaker": {"text": "s", "actor": actor}, "target": None, "polarity": 0,
           "event": {"cameo": "01"}, "when": {"date": None, "precision": None},
           "kind": "indirect", "content": ""}
    rec.update(kw)
    return rec


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def docs(tmp_path: Path) -> list[ds.GoldDoc]:
    return ds.load_devset(write_jsonl(tmp_path / "news.jsonl", [gold_doc()]))


def test_country_keeps_six_letters_for_international_actors() -> None:
    assert ds.country("RUSGOV") == "RUS"
    assert ds.country("igouno") == "IGOUNO"
    assert ds.country("IGOUNOKID") == "IGOUNO"
    assert ds.country("NGOHRW") == "NGOHRW"
    assert ds.country("EUR") == "EUR"
    assert ds.country(None) is None


def test_load_devset_reads_documents_and_names_the_set(docs: list[ds.GoldDoc]) -> None:
    (doc,) = docs
    assert doc.set_name == "news"
    assert doc.window == (0, S3)
    assert [g.actor for g in doc.statements] == ["RUSGOV", "IGOUNO", "USAGOV"]


def test_load_devset_rejects_a_malformed_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(gold_doc()) + "\n" + '{"doc": "no fields"}\n')
    with pytest.raises(SourceFormatError, match="line 2"):
        ds.load_devset(path)


def test_load_devsets_filters_the_split(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "s.jsonl", [gold_doc(), gold_doc(doc="b", split="test")])
    assert [d.doc for d in ds.load_devsets([path], "test")] == ["b"]
    assert len(ds.load_devsets([path], "all")) == 2


def test_perfect_predictions_score_one(docs: list[ds.GoldDoc]) -> None:
    end1, end2 = S2 - 1, S3 - 1
    records = [
        pred(S1, end1, "RUSGOV", target={"actor": "SYRGOV"}, polarity=1,
             event={"cameo": "12"}, when={"date": "2020-01-10", "precision": "day"}),
        pred(S2, end2, "IGOUNO"),
        pred(S2, end2, "USAGOV", event={"cameo": "10"}),
    ]
    report = ds.score(docs, records)
    t = report.overall
    assert (t.gold, t.predicted, t.matched) == (3, 3, 3)
    assert t.f1 == pytest.approx(1.0)
    assert all(t.accuracy(a) == pytest.approx(1.0) for a in ds.ATTRIBUTES)
    assert report.errors == []


def test_nested_speech_pairs_by_speaker_country(docs: list[ds.GoldDoc]) -> None:
    # both predictions cover the second sentence; listed in the "wrong" order
    records = [pred(S2, S3 - 1, "USAGOV", event={"cameo": "10"}), pred(S2, S3 - 1, "IGOUNO")]
    pairs, missed, spurious = ds.match_doc(
        docs[0].statements, [ds.Predicted.from_record(r) for r in records])
    assert pairs == [(1, 1), (2, 0)]
    assert missed == [0]
    assert spurious == []


def test_metrics_and_attribute_errors(docs: list[ds.GoldDoc]) -> None:
    records = [
        # matches gold 0 but with the wrong target, polarity and date
        pred(S1, S2 - 1, "RUS", target={"actor": "USAGOV"}, polarity=-1,
             event={"cameo": "12"}, when={"date": "2020-01", "precision": "month"}),
        pred(S2, S3 - 1, "GBRGOV"),  # matches one gold of sentence 2, wrong country
        pred(S3, len(TEXT), "FRAGOV"),  # outside the window: ignored, not spurious
    ]
    report = ds.score(docs, records, texts={"x" * 16: TEXT})
    t = report.overall
    assert (t.gold, t.predicted, t.matched) == (3, 2, 2)
    assert t.precision == pytest.approx(1.0)
    assert t.recall == pytest.approx(2 / 3)
    assert t.f1 == pytest.approx(0.8)
    assert t.accuracy("speaker_country") == pytest.approx(0.5)
    assert t.accuracy("actor") == pytest.approx(0.0)  # RUS is not RUSGOV
    assert t.accuracy("target_country") == pytest.approx(0.5)  # second pair: both null
    assert t.accuracy("when") == pytest.approx(0.5)  # "2020-01" is not the day
    kinds = {e.kind for e in report.errors}
    assert {"missed", "speaker_country", "target_country", "polarity", "when"} <= kinds
    assert "spurious" not in kinds
    missed = next(e for e in report.errors if e.kind == "missed")
    assert missed.snippet is not None and len(missed.snippet) <= 120
    assert report.by_genre["news"].matched == 2
    assert report.by_set["news"].gold == 3


def test_published_precision_is_compared_by_date(docs: list[ds.GoldDoc]) -> None:
    g = docs[0].statements[1]  # dated "published" 2020-01-10
    undated = ds.Predicted.from_record(pred(S2, S3 - 1, "IGOUNO"))
    dated = ds.Predicted.from_record(
        pred(S2, S3 - 1, "IGOUNO", when={"date": "2020-01-10", "precision": "published"}))
    other = ds.Predicted.from_record(
        pred(S2, S3 - 1, "IGOUNO", when={"date": "2020-01-09", "precision": "day"}))
    assert ds.attribute_checks(g, undated, "2020-01-10")["when"]
    assert ds.attribute_checks(g, dated, "2020-01-10")["when"]
    assert not ds.attribute_checks(g, other, "2020-01-10")["when"]


def test_content_offsets_decide_between_two_statements_of_one_sentence() -> None:
    gold = [ds.GoldStatement(10, 20, 5, "a", "USAGOV", "indirect", "said", None, 0, "01",
                             "2020-01-01", "published"),
            ds.GoldStatement(40, 50, 30, "b", "USAGOV", "indirect", "said", None, 0, "01",
                             "2020-01-01", "published")]
    preds = [ds.Predicted("x", 0, 60, "USAGOV", None, 0, "01", None, "indirect", 41, 49),
             ds.Predicted("x", 0, 60, "USAGOV", None, 0, "01", None, "indirect", 11, 19)]
    pairs, _, _ = ds.match_doc(gold, preds)
    assert pairs == [(0, 1), (1, 0)]


def test_no_predictions_scores_zero_without_dividing_by_zero(docs: list[ds.GoldDoc]) -> None:
    report = ds.score(docs, [])
    assert report.overall.f1 == 0.0
    assert report.overall.accuracy("cameo") is None
    assert report.to_json()["overall"]["recall"] == 0.0


spans = st.tuples(st.integers(0, 200), st.integers(1, 60)).map(lambda t: (t[0], t[0] + t[1]))


@given(st.lists(spans, max_size=8), st.lists(spans, max_size=8))
def test_matching_is_one_to_one_and_accounts_for_everything(
    gold_spans: list[tuple[int, int]], pred_spans: list[tuple[int, int]]
) -> None:
    gold = [ds.GoldStatement(a, b, a, "s", "USAGOV", "indirect", None, None, 0, "01",
                             "2020-01-01", "published") for a, b in gold_spans]
    preds = [ds.Predicted("x", a, b, "USAGOV", None, 0, "01", None, None)
             for a, b in pred_spans]
    pairs, missed, spurious = ds.match_doc(gold, preds)
    assert len({g for g, _ in pairs}) == len({p for _, p in pairs}) == len(pairs)
    assert len(pairs) + len(missed) == len(gold)
    assert len(pairs) + len(spurious) == len(preds)
    for g, p in pairs:
        assert preds[p].start <= gold[g].anchor < preds[p].end or (
            preds[p].start < gold[g].end and gold[g].start < preds[p].end)


# -- documents read through vetowatch's readers ------------------------------------------------

ARTICLE = (
    "The foreign minister said on Monday that the government would not accept the plan, "
    "and he added that talks with the other side should continue in Geneva next week. "
    "Officials in the capital told reporters that the proposal was still being studied "
    "by the cabinet and that a decision was expected before the end of the month."
)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "news"
    folder.mkdir(parents=True)
    with (folder / "tiny.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "date", "text"])
        writer.writerow(["7", "2020-01-13", ARTICLE.replace(". ", ".\n\n", 1)])
        writer.writerow(["8", "2020-01-14", ARTICLE.upper()])
    return tmp_path / "data"


def _tiny_doc(data_dir: Path, **kw: Any) -> ds.GoldDoc:
    (article,) = [a for a in read_news([data_dir / "news" / "tiny.csv"]) if a.meta["id"] == "7"]
    content = "the government would not accept the plan"
    start = article.text.index(content)
    statement = {"start": start, "end": start + len(content),
                 "anchor": article.text.index("said"), "speaker": "The foreign minister",
                 "actor": "XYZGOV", "via": [], "kind": "indirect", "cue": "said",
                 "target": None, "polarity": 0, "cameo": "12", "when": "2020-01-13",
                 "when_precision": "day"}
    raw = gold_doc([statement], article_id=article.id, select={"row": article.row, "id": "7"},
                   published="2020-01-13", window=[0, len(article.text)])
    return ds._doc({**raw, **kw}, "tiny")


def test_resolve_article_finds_the_record_and_checks_its_hash(data_dir: Path) -> None:
    doc = _tiny_doc(data_dir)
    assert ds.resolve_article(doc, data_dir).meta["id"] == "7"
    with pytest.raises(SourceFormatError, match="the label says"):
        ds.resolve_article(_tiny_doc(data_dir, article_id="0" * 16), data_dir)


def test_check_doc_accepts_good_labels_and_names_bad_ones(data_dir: Path) -> None:
    doc = _tiny_doc(data_dir)
    text = ds.resolve_article(doc, data_dir).text
    assert ds.check_doc(doc, text) == []
    g = doc.statements[0]
    bad = ds.GoldStatement(g.start - 1, g.end, g.anchor + 1, g.speaker, "xyz", g.kind, g.cue,
                           None, 1, "5", "2020-01", "day")
    problems = " ".join(ds.check_doc(ds.GoldDoc(**{**doc.__dict__, "statements": (bad,)}),
                                     text))
    for expected in ("not an actor code", "polarity 1", "cameo", "does not fit precision",
                     "blanks or quote marks", "is not at the anchor"):
        assert expected in problems


def test_record_file_copies_exactly_the_selected_records(data_dir: Path, tmp_path: Path) -> None:
    source = data_dir / "news" / "tiny.csv"
    doc = _tiny_doc(data_dir)
    target = tmp_path / "subset.csv"
    ds._record_file(source, {int(doc.select["row"])}, target)
    copied = list(read_news([target]))
    assert [a.id for a in copied] == [doc.article_id]
    assert copied[0].published is not None and copied[0].published.isoformat() == "2020-01-13"


def test_main_scores_a_predictions_file(data_dir: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    doc = _tiny_doc(data_dir)
    gold_path = write_jsonl(tmp_path / "tiny.jsonl", [{
        **gold_doc(), "article_id": doc.article_id, "select": dict(doc.select),
        "window": list(doc.window), "published": "2020-01-13",
        "statements": [g.__dict__ | {"via": []} for g in doc.statements]}])
    g = doc.statements[0]
    preds = write_jsonl(tmp_path / "p.jsonl", [
        pred(0, g.end + 5, "XYZGOV", article_id=doc.article_id, event={"cameo": "12"},
             when={"date": "2020-01-13", "precision": "day"})])
    status = ds.main(["--sets", str(gold_path), "--predictions", str(preds), "--data",
                      str(data_dir), "--json", "--errors", "5"])
    out = json.loads(capsys.readouterr().out)
    assert status == 0
    assert out["overall"]["f1"] == 1.0
    assert out["by_set"]["tiny"]["accuracy"]["cameo"] == 1.0
