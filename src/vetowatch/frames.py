"""pandas DataFrames of what vetowatch stores and computes (optional extra ``pandas``).

>>> from vetowatch.frames import statements_frame, votes_frame      # doctest: +SKIP
>>> df = statements_frame(store, since=date(2011, 1, 1))            # doctest: +SKIP
>>> df.groupby("actor_country")["event_type"].value_counts()        # doctest: +SKIP

Every frame has typed columns: dates as ``datetime64[ns]``, counts as nullable ``Int64``,
text as ``string``, probabilities as ``float64``. The statement frame has the columns of the
PLOVER export layout (``docs/codebook.md``), provenance included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from vetowatch.errors import ConfigError
from vetowatch.settings import Settings
from vetowatch.store import Store

if TYPE_CHECKING:
    import pandas as pd

    from vetowatch.evaluation.report import BacktestReport

__all__ = ["forecasts_frame", "positions_frame", "statements_frame", "votes_frame"]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # the optional extra
        raise ConfigError("vetowatch.frames needs pandas",
                          fix="pip install 'vetowatch[pandas]'") from exc
    return pandas


def _typed(rows: Iterable[Mapping[str, Any]], columns: Sequence[str],
           types: Mapping[str, str]) -> pd.DataFrame:
    pd = _pandas()
    df = pd.DataFrame(list(rows), columns=list(columns))
    for col in columns:
        kind = types.get(col, "string")
        if kind == "date":
            df[col] = pd.to_datetime(df[col], errors="coerce")
        else:
            df[col] = df[col].astype(kind)
    return df


def statements_frame(store: Store, *, since: date | None = None,
                     until: date | None = None, layout: str = "plover",
                     settings: Settings | None = None) -> pd.DataFrame:
    """One row per stored statement, in an export layout (PLOVER by default); PLOVER modes
    and contexts come from the crosswalk in ``settings.data_dir`` (default
    :meth:`Settings.from_env`), as in ``vetowatch events export``."""
    from vetowatch.statements.layouts import LAYOUTS, event_rows, load_crosswalk

    data_dir = (settings or Settings.from_env()).data_dir
    pages = event_rows(store, layout, since=since, until=until,
                       crosswalk=load_crosswalk(data_dir))
    rows = [r for page in pages for r in page]
    numbers = {c: "Int64" for c in ("sentence_number", "char_start", "char_end",
                                    "Sentence Number", "SentenceID", "Year", "Month", "Day",
                                    "QuadClass", "Polarity")}
    floats = {c: "float64" for c in ("Intensity", "GoldsteinScore")}
    dates = {c: "date" for c in ("event_date", "published", "Event Date", "Date")}
    return _typed(rows, LAYOUTS[layout].columns, {**numbers, **floats, **dates,
                                                  "Negated": "boolean"})


def votes_frame(store: Store, *, since: date | None = None, until: date | None = None,
                topic: str | None = None) -> pd.DataFrame:
    """One row per member vote (long format): draft, resolution, date, meeting, agenda,
    topic, outcome, member, vote (Y/N/A/X)."""
    from vetowatch.council.export import VOTE_COLUMNS, _vote_rows, select_records

    rows = [row for r in select_records(store, since=since, until=until, topic=topic)
            for row in _vote_rows(r)]
    return _typed(rows, VOTE_COLUMNS, {"resolution": "string", "date": "date"})


def positions_frame(store: Store, question: str, as_of: date | None = None, *,
                    level: str = "actor") -> pd.DataFrame:
    """Each actor's position on a question as of a date: actor, stance, score, confidence,
    statements (the ids behind it, heaviest first)."""
    from vetowatch.positions import positions

    report = positions(store, question, as_of, level=level)
    rows = [{"question": question, "as_of": as_of, "actor": p.actor, "stance": p.stance,
             "score": p.score, "confidence": p.confidence,
             "statements": ",".join(str(i) for i in p.statements)}
            for p in report.positions]
    columns = ("question", "as_of", "actor", "stance", "score", "confidence", "statements")
    return _typed(rows, columns, {"as_of": "date", "score": "float64",
                                  "confidence": "float64"})


def forecasts_frame(report: BacktestReport) -> pd.DataFrame:
    """The backtest's forecasts, one row per draft: date, draft, agenda, topic, the real
    outcome, P(adopted/vetoed/failed), P(vetoed by each permanent member) and the baselines'
    P(vetoed)."""
    rows = []
    for f in report.forecasts:
        d = f.model
        row: dict[str, Any] = {
            "date": f.record.date, "draft": f.record.draft, "agenda": f.record.agenda,
            "topic": f.record.topic, "outcome": f.record.outcome, "p_adopted": d.p_adopted,
            "p_vetoed": d.p_vetoed, "p_failed": d.p_failed}
        for m, p in sorted(d.p_vetoed_by.items()):
            row[f"p_vetoed_by_{m}"] = p
        for name, probs in sorted(f.baselines.items()):
            row[f"{name}_p_vetoed"] = float(probs[1])
        rows.append(row)
    columns = list(dict.fromkeys(k for r in rows for k in r)) or [
        "date", "draft", "agenda", "topic", "outcome", "p_adopted", "p_vetoed", "p_failed"]
    types = {c: "float64" for c in columns if c.startswith("p_") or c.endswith("_p_vetoed")}
    return _typed(rows, columns, {**types, "date": "date"})
