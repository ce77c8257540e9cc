"""The Security Council: members, Charter rules, the vote record, importers and queries.

The Python API behind the ``council``, ``vote``, ``vetoes``, ``precedents`` and ``data``
commands::

    from vetowatch.council import council_on, get_vote, vetoes, precedents
    get_vote(store, "S/2011/612").vetoed_by      # ('CHN', 'RUS')
"""

from vetowatch.council.queries import (
    CheckReport,
    Council,
    Seat,
    check,
    council_on,
    get_vote,
    load_records,
    precedents,
    vetoes,
    vote_json,
)
from vetowatch.council.record import DraftRecord

__all__ = [
    "CheckReport",
    "Council",
    "DraftRecord",
    "Seat",
    "check",
    "council_on",
    "get_vote",
    "load_records",
    "precedents",
    "vetoes",
    "vote_json",
]
