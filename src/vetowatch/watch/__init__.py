"""``vetowatch watch``: live feeds in, alerts out.

Each round fetches the feeds that are due (conditional GET, backoff, size limits), ingests
the new items, relinks stances, recomputes the watched questions' positions and re-forecasts
the watched scenarios, and raises an alert — once per event, ever — when a watched actor
states a position for the first time, shifts it, or a watched forecast moves by more than
the threshold. Configuration: :mod:`vetowatch.watch.config`; see ``docs/watch.md``.
"""

from vetowatch.watch.alerts import Alert
from vetowatch.watch.config import FeedConfig, Scenario, WatchConfig, load_config
from vetowatch.watch.runner import RoundReport, Watcher

__all__ = [
    "Alert",
    "FeedConfig",
    "RoundReport",
    "Scenario",
    "WatchConfig",
    "Watcher",
    "load_config",
]
