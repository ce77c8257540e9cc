"""The JSON shapes the issues document, in one place for every test that checks them."""

from __future__ import annotations

# `vetowatch forecast --json` (and each forecast inside `vetowatch demo --json`)
FORECAST_KEYS = frozenset({
    "date", "agenda", "topic", "members", "p_adopted", "p_vetoed", "p_vetoed_by",
    "p_failed_votes", "yes_tally", "pivotal", "precedents", "explanation",
})
# `vetowatch backtest --json`
BACKTEST_KEYS = frozenset({
    "n_drafts", "brier", "log_loss", "bss", "veto_recall", "veto_precision",
    "macro_f1_contested", "ece", "baselines",
    # issue 10: the evaluation a forecaster expects
    "bss_recent_base", "bss_ci", "ece_nontrivial", "tally_pit_below_1pct",
    "tally_pit_below_10pct", "p_chn_no_given_rus_no", "p_rus_no_given_chn_no",
})
