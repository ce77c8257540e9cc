"""Event exports (PLOVER, ICEWS, CAMEO) read back in every format and checked against the
codebook; the reference article's rejection comes out as the field expects."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from vetowatch.council.export import DECISION_COLUMNS, VOTE_COLUMNS
from vetowatch.reading import ingest
from vetowatch.settings import Settings
from vetowatch.statements.layouts import LAYOUTS, PROVENANCE, load_crosswalk, write_events
from vetowatch.store import Store

CODEBOOK = Path(__file__).resolve().parents[1] / "docs" / "codebook.md"
ARTICLE = Path("example") / "russia-unwilling-to-back-assad-ouster.txt"
URL = "https://www.outsidethebeltway.com/russia-unwilling-to-back-assad-ouster/"


def documented(layout: str) -> list[str]:
    """The column names of ``layout``'s table in docs/codebook.md (first cell of each row)."""
    text = CODEBOOK.read_text(encoding="utf-8")
    section = text.split(f"<!-- layout: {layout} -->", 1)[1].split("<!-- end -->", 1)[0]
    return [m.group(1) for m in re.finditer(r"^\| `([^`]+)` \|", section, re.M)]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_codebook_documents_exactly_the_columns(layout: str) -> None:
    assert documented(layout) == list(LAYOUTS[layout].columns)
    assert LAYOUTS[layout].columns[-len(PROVENANCE):] == PROVENANCE


@pytest.mark.parametrize(("shape", "columns"), [("decisions", DECISION_COLUMNS),
                                                ("votes", VOTE_COLUMNS)])
def test_codebook_documents_exactly_the_record_columns(shape: str,
                                                       columns: tuple[str, ...]) -> None:
    assert documented(shape) == list(columns)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, news_dir: Path) -> Store:
    folder = tmp_path_factory.mktemp("events")
    record = {"title": "Russia Unwilling To Back Assad Ouster", "url": URL,
              "source": "Outside the Beltway", "date": "2011-08-19",
              "text": (news_dir / ARTICLE).read_text(encoding="utf-8")}
    path = folder / "reference.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    store = Store(f"sqlite:///{folder / 'events.db'}")
    store.upgrade()
    ingest(store, Settings.from_env(db=store.url), [path])
    return store


@pytest.mark.slow
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_each_layout_reads_back_with_its_columns(reference: Store, layout: str, fmt: str,
                                                 tmp_path: Path) -> None:
    path = tmp_path / f"out.{fmt}"
    with path.open("wb" if fmt == "parquet" else "w", encoding=None if fmt == "parquet"
                   else "utf-8", newline=None if fmt == "parquet" else "") as fh:
        n = write_events(reference, fh, layout, fmt, page=3)  # several pages
    assert n > 5
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            columns = list(reader.fieldnames or [])
    elif fmt == "jsonl":
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
        columns = list(rows[0])
    else:
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        rows, columns = table.to_pylist(), table.column_names
    assert columns == documented(layout) and len(rows) == n
    assert all(str(r["url"]) == URL and str(r["published"]) == "2011-08-19" for r in rows)


@pytest.mark.slow
def test_plover_gives_russias_rejection(reference: Store) -> None:
    out = io.StringIO()
    write_events(reference, out, "plover", "jsonl")
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    rejection = [r for r in rows if "do not support such calls" in r["statement"]]
    assert rejection, [r["statement"][:60] for r in rows]
    r = rejection[0]
    assert (r["actor_country"], r["actor_sector"]) == ("RUS", "GOV")
    assert r["event_type"] == "REJECT" and r["url"] == URL and r["published"] == "2011-08-19"
    assert r["char_end"] > r["char_start"] >= 0
    assert r["recipient_name"] == "U.S. and European leaders"


@pytest.mark.slow
def test_plover_recipient_of_russias_rejection_is_usa_gov(reference: Store) -> None:
    out = io.StringIO()
    write_events(reference, out, "plover", "jsonl")
    r = next(json.loads(x) for x in out.getvalue().splitlines()
             if "do not support such calls" in x)
    assert (r["recipient_country"], r["recipient_sector"]) == ("USA", "GOV")


@pytest.mark.slow
def test_full_cameo_code_of_russias_rejection_in_every_layout(reference: Store,
                                                             data_dir: Path) -> None:
    """The rejection of the calls for Assad to go: CAMEO 1231 (reject demand for change in
    leadership), root 12, Goldstein -4.0; PLOVER REJECT with the crosswalk's mode and
    context; without the crosswalk, no mode."""
    written = {}
    for layout in LAYOUTS:
        out = io.StringIO()
        write_events(reference, out, layout, "jsonl", crosswalk=load_crosswalk(data_dir))
        written[layout] = [json.loads(x) for x in out.getvalue().splitlines()]
    plover = next(r for r in written["plover"] if "do not support such calls" in r["statement"])
    rows = {"plover": plover,
            "icews": next(r for r in written["icews"] if r["Event ID"] == plover["event_id"]),
            "cameo": next(r for r in written["cameo"] if r["EventID"] == plover["event_id"])}
    assert (rows["icews"]["CAMEO Code"], rows["icews"]["Intensity"]) == ("1231", -4.0)
    cameo = rows["cameo"]
    assert (cameo["EventCode"], cameo["EventRootCode"], cameo["QuadClass"]) == ("1231", "12", 3)
    assert (plover["event_type"], plover["event_mode"], plover["event_context"]) == (
        "REJECT", "change", "executive")
    out = io.StringIO()
    write_events(reference, out, "plover", "jsonl")  # no crosswalk: type only
    bare = next(json.loads(x) for x in out.getvalue().splitlines()
                if "do not support such calls" in x)
    assert (bare["event_type"], bare["event_mode"]) == ("REJECT", "")
