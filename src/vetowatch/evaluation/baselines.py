"""Simple forecasters the vote model is measured against, all updated record by record.

Each gives P(adopted, vetoed, failed) from records strictly before the draft:

* ``base_rate``: the share of each outcome among all earlier drafts (add-one smoothed);
* ``recent_base_rate``: the same among the drafts of the five calendar years before the
  draft's year (Y−5 … Y−1; add-one smoothed): the reference of ``bss_recent_base``;
* ``agenda``: the outcomes of earlier drafts on the same agenda item, shrunk towards
  the base rate (Dirichlet, strength 5);
* ``group_agenda``: the same for the submitter group × agenda item, shrunk towards the
  agenda estimate;
* ``repeat_last``: every member repeats its last vote on the agenda item (else its last
  vote, else Yes) with probability 0.9, otherwise votes like its overall record; the
  outcome follows exactly from those member distributions under Article 27.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from vetowatch.council.record import DraftRecord, VoteCode
from vetowatch.forecast.outcome import VOTE_INDEX, OutcomeDistribution, outcome_distribution
from vetowatch.forecast.spec import DraftSpec, seat

__all__ = ["BASELINES", "OUTCOME_INDEX", "Baselines"]

Array = NDArray[np.float64]

OUTCOME_INDEX: dict[str, int] = {"adopted": 0, "vetoed": 1, "failed": 2}
BASELINES: tuple[str, ...] = (
    "base_rate", "recent_base_rate", "agenda", "group_agenda", "repeat_last"
)
RECENT_YEARS = 5
_STRENGTH = 5.0
_REPEAT = 0.9


class Baselines:
    """All four baselines, fed the same records in date order as the model."""

    def __init__(self) -> None:
        self._all = np.zeros(3)
        self._by_year: dict[int, Array] = {}
        self._agenda: dict[str, Array] = {}
        self._group_agenda: dict[tuple[str, str], Array] = {}
        self._last: dict[tuple[str, str], VoteCode] = {}
        self._last_any: dict[str, VoteCode] = {}
        self._votes: dict[str, Array] = {}

    def update(self, record: DraftRecord) -> None:
        spec = DraftSpec.from_record(record)
        agenda = spec.agenda_key
        if record.outcome in OUTCOME_INDEX:
            o = OUTCOME_INDEX[record.outcome]
            self._all[o] += 1
            self._by_year.setdefault(record.date.year, np.zeros(3))[o] += 1
            self._agenda.setdefault(agenda, np.zeros(3))[o] += 1
            self._group_agenda.setdefault((spec.group, agenda), np.zeros(3))[o] += 1
        for member, vote in record.votes.items():
            m = seat(member)
            self._last[(m, agenda)] = vote
            self._last_any[m] = vote
            self._votes.setdefault(m, np.zeros(4))[VOTE_INDEX[vote]] += 1

    def outcome_probs(self, spec: DraftSpec) -> dict[str, Array]:
        """P(adopted, vetoed, failed) from the four counting baselines."""
        base = (self._all + 1.0) / (self._all.sum() + 3.0)
        year = spec.date.year
        n_recent = sum(
            (self._by_year.get(y, np.zeros(3)) for y in range(year - RECENT_YEARS, year)),
            np.zeros(3),
        )
        recent = (n_recent + 1.0) / (n_recent.sum() + 3.0)
        n_a = self._agenda.get(spec.agenda_key, np.zeros(3))
        agenda = (n_a + _STRENGTH * base) / (n_a.sum() + _STRENGTH)
        n_ga = self._group_agenda.get((spec.group, spec.agenda_key), np.zeros(3))
        group_agenda = (n_ga + _STRENGTH * agenda) / (n_ga.sum() + _STRENGTH)
        return {
            "base_rate": base,
            "recent_base_rate": recent,
            "agenda": agenda,
            "group_agenda": group_agenda,
        }

    def repeat_last(self, spec: DraftSpec, members: Sequence[str]) -> OutcomeDistribution:
        """Member distributions and outcome of the repeat-last-vote baseline."""
        probs = np.zeros((len(members), 4))
        for i, member in enumerate(members):
            m = seat(member)
            last = self._last.get((m, spec.agenda_key), self._last_any.get(m, "Y"))
            counts = self._votes.get(m, np.zeros(4)) + np.array([1.0, 0.1, 0.1, 0.1])
            probs[i] = (1 - _REPEAT) * counts / counts.sum()
            probs[i, VOTE_INDEX[last]] += _REPEAT
        return outcome_distribution(members, probs, procedural=spec.procedural)
