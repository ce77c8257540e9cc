"""Near-duplicates across runs: the MinHash/LSH index kept in the database.

:class:`StoredDuplicateIndex` answers like :class:`~vetowatch.news.dedup.DuplicateIndex`
(``check_and_add(key, text)`` → the key of an earlier near-duplicate, or ``None``), looking
both at the articles of this run and at every article stored before, through the
``article_band`` table (migration 0009): one indexed lookup per band, rows growing linearly
with the corpus. The signature and band rows of an article are written by
:meth:`StoredDuplicateIndex.write` in the transaction that stores the article, so a killed
run leaves no band of an article that was not stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Connection, select, tuple_

from vetowatch.news.dedup import DuplicateIndex
from vetowatch.store import Store
from vetowatch.store import schema as s

__all__ = ["StoredDuplicateIndex"]


@dataclass
class StoredDuplicateIndex:
    """A :class:`DuplicateIndex` for this run plus the stored articles' bands."""

    store: Store
    threshold: float = 0.8
    num_perm: int = 64
    bands: int = 16
    _run: DuplicateIndex = field(init=False, repr=False)
    _pending: dict[str, bytes] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._run = DuplicateIndex(self.threshold, self.num_perm, self.bands)
        self._pending = {}

    def _bands(self, sig: np.ndarray) -> list[str]:
        rows = self.num_perm // self.bands
        return [sig[i * rows:(i + 1) * rows].astype("<u4").tobytes().hex()
                for i in range(self.bands)]

    def _stored_match(self, key: str, sig: np.ndarray) -> tuple[float, str] | None:
        wanted = [(i, b) for i, b in enumerate(self._bands(sig))]
        band = s.article_band
        with self.store.connect() as conn:
            candidates = set(conn.execute(
                select(band.c.article_id).where(tuple_(band.c.band, band.c.bucket).in_(wanted))
            ).scalars()) - {key}
            if not candidates:
                return None
            rows = conn.execute(
                select(s.article_signature.c.article_id, s.article_signature.c.signature)
                .where(s.article_signature.c.article_id.in_(sorted(candidates)))).all()
        best: tuple[float, str] | None = None
        for other, raw in rows:
            score = float(np.mean(np.frombuffer(raw, dtype="<u4") == sig))
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, other)
        return best

    def check_and_add(self, key: str, text: str) -> str | None:
        """The key of an earlier near-duplicate (this run first, then stored articles)."""
        sig = self._run.signature(text)  # computed once, for both indexes
        in_run = self._run.check_and_add_signature(key, sig)
        if in_run is not None:
            return in_run
        self._pending[key] = sig.astype("<u4").tobytes()
        found = self._stored_match(key, sig)
        return found[1] if found is not None else None

    def write(self, conn: Connection, key: str) -> None:
        """Store ``key``'s signature and bands (in the caller's transaction); a no-op for a
        key this index has not seen or already wrote. The signature is kept until
        :meth:`forget`, so a transaction rolled back and run again writes it again."""
        raw = self._pending.get(key)
        if raw is None:
            return
        if conn.execute(select(s.article_signature.c.article_id)
                        .where(s.article_signature.c.article_id == key)).first():
            return
        conn.execute(s.article_signature.insert().values(article_id=key, signature=raw))
        sig = np.frombuffer(raw, dtype="<u4")
        conn.execute(s.article_band.insert(), [
            {"band": i, "bucket": b, "article_id": key} for i, b in enumerate(self._bands(sig))])

    def write_many(self, conn: Connection, keys: Iterable[str]) -> None:
        """:meth:`write` for several keys at once: one query for the signatures already
        stored, one multi-row insert for the new signatures and one for their bands."""
        raws = {key: self._pending[key] for key in keys if key in self._pending}
        if not raws:
            return
        signature = s.article_signature
        stored = set(conn.execute(select(signature.c.article_id)
                                  .where(signature.c.article_id.in_(sorted(raws)))).scalars())
        fresh = [key for key in raws if key not in stored]
        if not fresh:
            return
        conn.execute(signature.insert(), [{"article_id": k, "signature": raws[k]} for k in fresh])
        conn.execute(s.article_band.insert(), [
            {"band": i, "bucket": b, "article_id": key} for key in fresh
            for i, b in enumerate(self._bands(np.frombuffer(raws[key], dtype="<u4")))])

    def forget(self, keys: Iterable[str]) -> None:
        """Drop the signatures kept for ``keys`` (stored, or not to be stored): what this
        index holds between reading and storing stays bounded by the articles in flight."""
        for key in keys:
            self._pending.pop(key, None)
