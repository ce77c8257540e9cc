"""Sufficient statistics with exponential time decay, updated one record at a time.

A record dated ``t`` (in years) adds its counts with weight ``2 ** ((t - T0) / half_life)``;
reading the table as of ``t_now`` multiplies by ``2 ** (-(t_now - T0) / half_life)``. So
every count is decayed by the age of its record at the time it is read, adding records in
any order gives the same table, and an update costs O(1) per key.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date

import numpy as np
from numpy.typing import NDArray

__all__ = ["DecayedCounts", "year_fraction"]

T0 = 1945.0

Array = NDArray[np.float64]


def year_fraction(day: date) -> float:
    """A date as a float number of years (2011-07-02 → about 2011.5)."""
    return day.year + (day.timetuple().tm_yday - 0.5) / 366.0


class DecayedCounts:
    """A table of count arrays (all of one shape) keyed by context, decayed by age."""

    def __init__(self, shape: tuple[int, ...], half_life: float) -> None:
        self.shape = shape
        self.half_life = half_life
        self._rate = np.log(2.0) / half_life if np.isfinite(half_life) else 0.0
        self._table: dict[Hashable, Array] = {}
        self._zero: Array = np.zeros(shape)

    def __len__(self) -> int:
        return len(self._table)

    def weight(self, t: float) -> float:
        """The stored weight of one observation made at time ``t``."""
        return float(np.exp(self._rate * (t - T0)))

    def add(
        self, key: Hashable, index: tuple[int | NDArray[np.int_], ...] | int, weight: float
    ) -> None:
        """Add ``weight`` (from :meth:`weight`) to one cell of ``key``'s array (or to several,
        when part of ``index`` is an array of distinct indices)."""
        arr = self._table.get(key)
        if arr is None:
            arr = np.zeros(self.shape)
            self._table[key] = arr
        arr[index] += weight

    def raw(self, key: Hashable) -> Array:
        """The stored (undecayed) array; a shared zero array when the key is unseen."""
        return self._table.get(key, self._zero)

    def scale(self, t_now: float) -> float:
        """The factor turning stored counts into counts decayed as of ``t_now``."""
        return float(np.exp(-self._rate * (t_now - T0)))

    def get(self, key: Hashable, t_now: float) -> Array:
        """``key``'s counts as of ``t_now`` (a new array)."""
        return self.raw(key) * self.scale(t_now)
