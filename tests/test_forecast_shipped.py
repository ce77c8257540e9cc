"""The shipped forecaster is the backtested one, and a fitted forecast is fast and cached."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from vetowatch.council.record import DraftRecord
from vetowatch.evaluation.backtest import run_backtest
from vetowatch.forecast import SHIPPED, DraftSpec, count_rivals, fit_stacked
from vetowatch.forecast.cache import FitCache, record_version
from vetowatch.forecast.outcome import outcome_distribution
from vetowatch.forecast.service import forecast_draft
from vetowatch.store import Store

pytestmark = pytest.mark.slow


def _same_day(records: list[DraftRecord], record: DraftRecord) -> int:
    return count_rivals([r for r in records if r.date == record.date]).get(record.id, 0)


def test_forecast_for_a_past_date_reproduces_the_backtest(records: list[DraftRecord]) -> None:
    report = run_backtest(records, 2011, 2011)
    by_symbol = {f.record.draft: f for f in report.forecasts}
    assert report.params == SHIPPED.model_kwargs()
    for symbol in ("S/2011/612", "S/2011/24"):
        scored = by_symbol[symbol]
        record = scored.record
        model = fit_stacked(records, before=record.date)
        assert model.get_params() == SHIPPED.model_kwargs()
        spec = DraftSpec.from_record(record, rivals=_same_day(records, record))
        w, p = model.mixture(spec, scored.members)
        dist = outcome_distribution(scored.members, p, w, procedural=spec.procedural)
        shipped = dist.tilted(model.outcome_lr(spec, dist.probs))
        np.testing.assert_allclose(shipped.probs, scored.model.probs, atol=1e-9)
        np.testing.assert_allclose(shipped.member_probs, scored.model.member_probs, atol=1e-9)


def test_the_fit_is_cached_per_record_version(imported_store: Store, tmp_path: Path) -> None:
    cache = FitCache(tmp_path)
    args = {"agenda": "The situation in the Middle East", "topic": "syria",
            "submitters": ("FRA", "GBR", "DEU", "PRT")}
    on = __import__("datetime").date(2011, 8, 19)
    first = forecast_draft(imported_store, on, cache=cache, **args)
    files = list((tmp_path / "forecast").glob("*.pkl"))
    assert len(files) == 1 and files[0].name.startswith(record_version(imported_store))
    again = FitCache(tmp_path)  # a new process: loads the pickle instead of refitting
    started = time.perf_counter()
    second = forecast_draft(imported_store, on, cache=again, **args)
    assert time.perf_counter() - started < 1.0
    assert second.forecast.distribution.probs == pytest.approx(first.forecast.distribution.probs)
    model = again.fitted(imported_store, [r for r in imported_store_records(imported_store)
                                          if r.date < on], on)
    spec = first.forecast.spec
    members = first.council.codes
    started = time.perf_counter()
    for _ in range(20):
        w, p = model.mixture(spec, members)
        dist = outcome_distribution(members, p, w)
        dist.tilted(model.outcome_lr(spec, dist.probs))
    assert (time.perf_counter() - started) / 20 < 0.005


def imported_store_records(store: Store) -> list[DraftRecord]:
    from vetowatch.council.queries import load_records

    return load_records(store)


def test_a_cached_cli_forecast_answers_in_under_a_second(imported_store: Store,
                                                          tmp_path: Path) -> None:
    env = {"VETOWATCH_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-m", "vetowatch", "--db", str(imported_store.url), "forecast",
           "--date", "2011-08-19", "--topic", "syria", "--json"]
    subprocess.run(cmd, check=True, capture_output=True, env=env, timeout=120)
    started = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, env=env, timeout=120)
    elapsed = time.perf_counter() - started
    assert b"p_adopted" in done.stdout
    assert elapsed < 2.0, f"{elapsed:.2f} s (process start included)"


def test_the_configuration_covers_every_hyper_parameter() -> None:
    from dataclasses import fields

    from vetowatch.forecast import ModelParams, VoteModel

    assert [f.name for f in fields(ModelParams)] == list(VoteModel().get_params())
    assert VoteModel(**SHIPPED.model_kwargs()).get_params() == SHIPPED.model_kwargs()
