"""Provenance on every row: statements, stances, positions, shifts, claims and the news
explanation of a forecast carry the article's id, title, outlet, URL and date and the
character offsets, named as in the event exports; the record's exports link each decision's
documents and match the codebook.

The reference article is read at runtime from the shared data (never copied), ingested as a
JSONL record with its title, outlet, URL and date.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import event, select

from vetowatch.cli import cli
from vetowatch.council.export import (
    DECISION_COLUMNS,
    VOTE_COLUMNS,
    export_record,
    select_records,
)
from vetowatch.council.links import document_url, library_url
from vetowatch.council.record import DraftRecord
from vetowatch.forecast.news_service import signals_from_report
from vetowatch.forecast.news_update import QuestionLink
from vetowatch.positions import positions, timeline
from vetowatch.statements.layouts import PROVENANCE
from vetowatch.statements.rows import EXPORT_COLUMNS, export_statement_rows, iter_statement_rows
from vetowatch.store import Store
from vetowatch.store import schema as s

ARTICLE = Path("example") / "russia-unwilling-to-back-assad-ouster.txt"
TITLE = "Russia Unwilling To Back Assad Ouster"
OUTLET = "Outside the Beltway"
URL = "https://www.outsidethebeltway.com/russia-unwilling-to-back-assad-ouster/"
PUBLISHED = "2011-08-19"
CODEBOOK = Path(__file__).resolve().parents[1] / "docs" / "codebook.md"

Invoke = Callable[..., Any]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, news_dir: Path, data_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("provenance")
    record = {"title": TITLE, "url": URL, "source": OUTLET, "date": PUBLISHED,
              "text": (news_dir / ARTICLE).read_text(encoding="utf-8")}
    path = folder / "reference.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    database = folder / "p.db"
    done = CliRunner().invoke(cli, ["--db", str(database), "--data", str(data_dir), "ingest",
                                    str(path)], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return database


@pytest.fixture(scope="module")
def run(db: Path, data_dir: Path) -> Invoke:
    runner = CliRunner()
    base = ["--db", str(db), "--data", str(data_dir)]

    def invoke(*args: str) -> Any:
        result = runner.invoke(cli, [*base, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    return invoke


@pytest.fixture(scope="module")
def store(db: Path, run: Invoke) -> Store:
    run("positions", "assad-step-down", "--as-of", PUBLISHED, "--json")  # links the stances
    return Store(f"sqlite:///{db}")


@pytest.fixture(scope="module")
def text(store: Store) -> str:
    with store.connect() as conn:
        found = conn.execute(select(s.article.c.text)).scalar_one()
    assert isinstance(found, str)
    return found


def _check(item: dict[str, Any], text: str, span: str | None = None) -> None:
    """``item`` carries every provenance field, with the article's values; its offsets
    delimit ``span`` in the article text (when given)."""
    assert set(PROVENANCE) <= set(item), sorted(set(PROVENANCE) - set(item))
    assert (item["article_title"], item["outlet"], item["url"], str(item["published"])) == (
        TITLE, OUTLET, URL, PUBLISHED)
    assert len(item["article_id"]) == 16
    start, end = int(item["char_start"]), int(item["char_end"])
    assert 0 <= start < end <= len(text)
    if span is not None:
        assert text[start:end] == span


def _evidence(items: Iterable[dict[str, Any]], text: str) -> int:
    n = 0
    for e in items:
        _check(e, text, e["text"])
        assert (e["char_start"], e["char_end"]) == (e["start"], e["end"])  # the same span
        n += 1
    return n


# -- statements ---------------------------------------------------------------------------

def test_statements_json_rows_carry_provenance(run: Invoke, text: str) -> None:
    rows = json.loads(run("statements", "--json", "--limit", "0"))
    assert len(rows) > 5
    for row in rows:
        _check(row, text, row["sentence"])
        assert (row["char_start"], row["char_end"]) == (row["start"], row["end"])


def test_statements_export_jsonl_and_csv_carry_provenance(run: Invoke, text: str) -> None:
    jsonl = [json.loads(line) for line in run("statements", "export").splitlines()]
    reader = csv.DictReader(io.StringIO(run("statements", "export", "--format", "csv")))
    rows = list(reader)
    assert list(reader.fieldnames or []) == list(EXPORT_COLUMNS)
    assert len(rows) == len(jsonl) > 5
    for line, row in zip(jsonl, rows, strict=True):
        _check(line, text, line["sentence"])
        _check(row, text, row["sentence"])
        assert row["id"] == str(line["id"]) and row["char_start"] == str(line["char_start"])


def test_statements_and_articles_are_read_in_one_query(store: Store) -> None:
    """The article is joined, not fetched per statement (no N+1 queries)."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if "statement" in sql.lower():
            statements.append(sql)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        out = io.StringIO()
        n = export_statement_rows(iter_statement_rows(store), out, "jsonl")
        positions(store, "assad-step-down", date(2011, 8, 19))
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert n > 5 and len(statements) == 2, statements


def test_codebook_documents_exactly_the_statement_columns() -> None:
    assert _documented("statements") == list(EXPORT_COLUMNS)


def test_statements_export_filters_still_apply(run: Invoke) -> None:
    every = run("statements", "export").splitlines()
    russian = [json.loads(x) for x in run("statements", "export", "--actor", "RUS").splitlines()]
    assert 0 < len(russian) < len(every)
    assert all((r["speaker"]["actor"] or "").startswith("RUS") for r in russian)


# -- positions, timeline, shifts, claims ----------------------------------------------------

def test_positions_evidence_carries_provenance(run: Invoke, text: str) -> None:
    data = json.loads(run("positions", "assad-step-down", "--as-of", PUBLISHED, "--json"))
    assert _evidence((e for p in data["positions"] for e in p["evidence"]), text) >= 3


def test_timeline_points_carry_provenance(store: Store, text: str) -> None:
    points = timeline(store, "unsc-measures-syria", "RUS").to_json()["points"]
    assert len(points) >= 2
    with store.connect() as conn:
        spans = {r.statement_id: (r.evidence_start, r.evidence_end)
                 for r in conn.execute(select(s.stance).where(
                     s.stance.c.question_id == "unsc-measures-syria"))}
    for point in points:
        _check(point, text)
        assert (point["char_start"], point["char_end"]) == spans[point["statement"]]


def test_shifts_evidence_carries_provenance(run: Invoke, text: str) -> None:
    data = json.loads(run("shifts", "--actor", "RUS", "--json"))
    assert data
    assert _evidence((e for x in data for side in ("before", "after")
                      for e in x[side]["evidence"]), text) >= 3


def test_claims_evidence_carries_provenance(run: Invoke, text: str) -> None:
    data = json.loads(run("claims", "--contested", "--json"))
    assert data
    assert _evidence((e for c in data for e in (c["claim"], *c["denials"], *c["supports"])),
                     text) >= 2


def test_news_explanation_cites_with_provenance(store: Store, text: str) -> None:
    report = positions(store, "unsc-measures-syria", date(2011, 8, 19))
    link = QuestionLink(question="unsc-measures-syria", topics=("syria",), direction=1)
    signals = signals_from_report(store, report, link, ("CHN", "FRA", "GBR", "RUS", "USA"))
    cited = [e.to_json() for sig in signals for e in sig.evidence]
    assert any(sig.member == "RUS" for sig in signals) and cited
    for e in cited:
        _check(e, text)
        assert (e["char_start"], e["char_end"]) == (e["start"], e["end"])
        assert e["article"] == e["article_id"]


# -- the record's exports ------------------------------------------------------------------

def _documented(shape: str) -> list[str]:
    section = CODEBOOK.read_text(encoding="utf-8").split(
        f"<!-- layout: {shape} -->", 1)[1].split("<!-- end -->", 1)[0]
    return [line.split("`")[1] for line in section.splitlines() if line.startswith("| `")]


LIBYA = DraftRecord(id=1, date=date(2011, 3, 17), outcome="adopted", draft="S/2011/142",
                    resolution=1973, meeting="S/PV.6498", yes=10, no=0, abstain=5,
                    votes={"RUS": "A", "USA": "Y"})
UKRAINE = DraftRecord(id=2, date=date(2022, 2, 27), outcome="adopted", draft="S/2022/161",
                      resolution=2623, meeting="S/PV.8980", yes=11, no=1, abstain=3,
                      votes={"RUS": "N", "USA": "Y"})
NO_SYMBOLS = DraftRecord(id=3, date=date(1950, 1, 1), outcome="failed")


@pytest.mark.parametrize(("shape", "columns"), [("decisions", DECISION_COLUMNS),
                                                ("votes", VOTE_COLUMNS)])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_record_export_writes_the_documented_columns(shape: str, columns: tuple[str, ...],
                                                     fmt: str) -> None:
    out = io.StringIO()
    n = export_record([LIBYA, UKRAINE], out, fmt=fmt, shape=shape)
    if fmt == "csv":
        written = list(csv.DictReader(io.StringIO(out.getvalue())).fieldnames or [])
    else:
        written = list(json.loads(out.getvalue().splitlines()[0]))
    assert n == (2 if shape == "decisions" else 4)
    assert written == _documented(shape) == list(columns)


def test_record_export_links_and_procedural_observed() -> None:
    out = io.StringIO()
    export_record([LIBYA, UKRAINE, NO_SYMBOLS], out, fmt="jsonl")
    libya, ukraine, bare = (json.loads(x) for x in out.getvalue().splitlines())
    assert libya["resolution_url"] == "https://undocs.org/S/RES/1973(2011)"
    assert libya["draft_url"] == "https://undocs.org/S/2011/142"
    assert libya["meeting_url"] == "https://undocs.org/S/PV.6498"
    assert (libya["procedural_observed"], ukraine["procedural_observed"]) == (False, True)
    assert bare["resolution_url"] is bare["draft_url"] is bare["meeting_url"] is None


@pytest.mark.parametrize(("symbol", "url"), [
    ("S/2011/612", "https://undocs.org/S/2011/612"),
    ("S/PV.6627 (Resumption 1)", "https://undocs.org/S/PV.6627(Resumption1)"),
    ("S/1994/1187/Rev.1", "https://undocs.org/S/1994/1187/Rev.1"),
    ("A/RES/377(V)", None), ("ſ/1", None), ("", None), (None, None)])
def test_document_url(symbol: str | None, url: str | None) -> None:
    assert document_url(symbol) == url


@given(st.text(max_size=40))
def test_document_url_is_a_clean_undocs_link_or_none(symbol: str) -> None:
    url = document_url(symbol)
    if symbol.strip()[:2] not in ("S/", "s/"):
        assert url is None
    else:
        assert url is not None and url.lower().startswith("https://undocs.org/s/")
        assert url.isascii() and not any(c.isspace() for c in url)


@pytest.mark.slow
def test_record_export_of_the_imported_record(imported_store: Store) -> None:
    records = select_records(imported_store, since=date(2011, 1, 1), until=date(2011, 12, 31))
    out = io.StringIO()
    export_record(records, out, fmt="csv", shape="decisions")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    veto = next(r for r in rows if r["draft"] == "S/2011/612")
    assert (veto["draft_url"], veto["meeting_url"], veto["resolution_url"]) == (
        "https://undocs.org/S/2011/612", "https://undocs.org/S/PV.6627", "")
    libya = next(r for r in rows if r["resolution"] == "S/RES/1973 (2011)")
    assert libya["resolution_url"] == "https://undocs.org/S/RES/1973(2011)"
    with_resolution = [r for r in rows if r["resolution"]]
    assert with_resolution and all(r["resolution_url"] for r in with_resolution)


def test_library_links_only_for_record_ids() -> None:
    assert library_url("712064") == "https://digitallibrary.un.org/record/712064"
    assert library_url("") is None and library_url(None) is None
    assert library_url("12; drop") is None


@pytest.mark.slow
def test_the_import_keeps_the_library_record_of_a_draft(imported_store: Store) -> None:
    from vetowatch.council.queries import get_vote, vote_json

    record = get_vote(imported_store, "S/2011/612")
    assert record.undl_doc_record and record.undl_doc_record.isdigit()
    assert vote_json(record)["links"]["undl_record_url"] == library_url(record.undl_doc_record)
