"""Forecasting Security Council votes: member vote model, exact outcome, backtest.

See ``docs/forecast.md``. The main entry points:

* :class:`DraftSpec` — what is known about a draft before the vote;
* :class:`VoteModel` — ``fit(records)``, ``predict_proba(spec, members)``,
  ``predict(spec, members, adjustments=None, records=None) -> Forecast``;
* :func:`outcome_distribution` — exact P(adopted / vetoed / failed), Yes tally, pivots;
* :func:`fit_stacked` — the member model plus its outcome stacker (what ``forecast`` uses),
  configured by :data:`SHIPPED` (the configuration the backtest scores);
* the backtest is :func:`vetowatch.evaluation.backtest.run_backtest` (not a runtime module);
* :func:`closest_precedents`.
"""

from vetowatch.forecast.config import SHIPPED, ForecastConfig, ModelParams
from vetowatch.forecast.draft_types import CLASSES, draft_class
from vetowatch.forecast.explain import Forecast, Precedent, closest_precedents, make_forecast
from vetowatch.forecast.fitting import DraftForecast, fit_stacked, rolling_forecasts
from vetowatch.forecast.model import VoteModel
from vetowatch.forecast.outcome import (
    THRESHOLD,
    OutcomeDistribution,
    apply_adjustments,
    outcome_distribution,
)
from vetowatch.forecast.spec import (
    KINDS,
    PERMANENT,
    DraftSpec,
    count_rivals,
    draft_tokens,
    normalise_kind,
)
from vetowatch.forecast.stacker import OutcomeStacker

__all__ = [
    "CLASSES",
    "KINDS",
    "PERMANENT",
    "SHIPPED",
    "THRESHOLD",
    "DraftForecast",
    "DraftSpec",
    "Forecast",
    "ForecastConfig",
    "ModelParams",
    "OutcomeDistribution",
    "OutcomeStacker",
    "Precedent",
    "VoteModel",
    "apply_adjustments",
    "closest_precedents",
    "count_rivals",
    "draft_class",
    "draft_tokens",
    "fit_stacked",
    "make_forecast",
    "normalise_kind",
    "outcome_distribution",
    "rolling_forecasts",
]
