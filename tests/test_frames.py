"""vetowatch.frames: typed pandas DataFrames of the record, statements, positions, backtests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")

from vetowatch.council.record import DraftRecord  # noqa: E402
from vetowatch.evaluation.backtest import run_backtest  # noqa: E402
from vetowatch.frames import (  # noqa: E402
    forecasts_frame,
    positions_frame,
    statements_frame,
    votes_frame,
)
from vetowatch.store import Store  # noqa: E402

pytestmark = pytest.mark.slow


def test_votes_frame_is_typed_and_complete(imported_store: Store) -> None:
    df = votes_frame(imported_store, since=pd.Timestamp("2011-10-04").date(),
                     until=pd.Timestamp("2011-10-04").date())
    row = df[(df.draft == "S/2011/612") & (df.member == "CHN")].iloc[0]
    assert row.vote == "N" and row.outcome == "vetoed"
    assert str(df.dtypes["date"]).startswith("datetime64") and df.dtypes["member"] == "string"
    assert len(df[df.draft == "S/2011/612"]) == 15


def test_forecasts_frame_from_a_backtest(records: list[DraftRecord]) -> None:
    report = run_backtest(records, 2011, 2011)
    df = forecasts_frame(report)
    assert len(df) == report.n_drafts
    sums = df[["p_adopted", "p_vetoed", "p_failed"]].sum(axis=1)
    assert ((sums - 1).abs() < 1e-6).all()
    assert "base_rate_p_vetoed" in df.columns


def test_statement_and_position_frames(tmp_path: Path, news_dir: Path) -> None:
    from vetowatch.positions import link_all
    from vetowatch.reading import ingest
    from vetowatch.settings import Settings

    store = Store(f"sqlite:///{tmp_path / 'f.db'}")
    store.upgrade()
    text = (news_dir / "example" / "russia-unwilling-to-back-assad-ouster.txt").read_text()
    path = tmp_path / "ref.jsonl"
    path.write_text(json.dumps({"text": text, "date": "2011-08-19", "url": "https://x.test/a",
                                "title": "T", "source": "S"}) + "\n")
    settings = Settings.from_env(db=store.url)
    ingest(store, settings, [path])
    link_all(store, settings)
    st = statements_frame(store)
    assert len(st) > 5 and set(st.url) == {"https://x.test/a"}
    assert str(st.dtypes["published"]).startswith("datetime64")
    assert st.dtypes["char_start"] == "Int64"
    if settings.data_dir is not None and (settings.data_dir / "events" / "plover").is_dir():
        # modes and contexts from the PLOVER crosswalk, as in `events export`
        rejection = st[st.actor_country.eq("RUS") & st.event_type.eq("REJECT")]
        assert len(rejection) and rejection.event_mode.iloc[0] != ""
    pos = positions_frame(store, "assad-step-down", level="country")
    assert pos.set_index("actor").loc["RUS", "stance"] == "against"
