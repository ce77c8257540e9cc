"""Near-duplicate detection across outlets: MinHash signatures over word shingles + LSH bands.

The index keeps only a small signature per article (``num_perm`` 32-bit integers) and the
band keys, so memory grows by a few hundred bytes per article, never with article length.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from vetowatch.news.article import normalise_text

_PRIME = np.uint64(4294967311)  # smallest prime above 2**32
_MAX_HASH = np.uint64(2**32 - 1)

U64Array = npt.NDArray[np.uint64]


def shingles(text: str, size: int = 5) -> set[int]:
    """CRC32 hashes of the word ``size``-grams of the normalised text (words if shorter)."""
    words = normalise_text(text).split()
    if len(words) < size:
        return {zlib.crc32(" ".join(words).encode("utf-8"))} if words else set()
    return {
        zlib.crc32(" ".join(words[i : i + size]).encode("utf-8"))
        for i in range(len(words) - size + 1)
    }


@dataclass
class MinHasher:
    """A fixed family of ``num_perm`` universal hash functions (seeded, so reproducible)."""

    num_perm: int = 64
    seed: int = 1
    _a: U64Array = field(init=False, repr=False)
    _b: U64Array = field(init=False, repr=False)

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        self._a = rng.integers(1, 2**32 - 1, size=self.num_perm, dtype=np.uint64)
        self._b = rng.integers(0, 2**32 - 1, size=self.num_perm, dtype=np.uint64)

    def signature(self, text: str) -> U64Array:
        """The MinHash signature of a text (all-max for an empty text)."""
        hashes = np.fromiter(shingles(text), dtype=np.uint64)
        if hashes.size == 0:
            return np.full(self.num_perm, _MAX_HASH, dtype=np.uint64)
        sig = np.full(self.num_perm, _MAX_HASH, dtype=np.uint64)
        for start in range(0, hashes.size, 2048):
            chunk = hashes[start : start + 2048]
            values = (np.outer(self._a, chunk) + self._b[:, None]) % _PRIME
            np.minimum(sig, (values & _MAX_HASH).min(axis=1), out=sig)
        return sig


@dataclass
class DuplicateIndex:
    """Finds, for each new text, an earlier text whose estimated Jaccard similarity is high.

    ``threshold`` is the minimum estimated shingle Jaccard similarity (0.8 by default: the
    same wire story lightly edited by two outlets). ``bands`` × ``rows`` must equal
    ``num_perm``.
    """

    threshold: float = 0.8
    num_perm: int = 64
    bands: int = 16
    _hasher: MinHasher = field(init=False, repr=False)
    _buckets: list[dict[bytes, list[str]]] = field(init=False, repr=False)
    _signatures: dict[str, bytes] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.num_perm % self.bands:
            raise ValueError("num_perm must be a multiple of bands")
        self._hasher = MinHasher(self.num_perm)
        self._buckets = [{} for _ in range(self.bands)]
        self._signatures = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def check_and_add(self, key: str, text: str) -> str | None:
        """Return the key of an earlier near-duplicate of ``text`` (or ``None``), then index it."""
        return self.check_and_add_signature(key, self.signature(text))

    def signature(self, text: str) -> npt.NDArray[np.uint32]:
        """``text``'s MinHash signature as this index compares it."""
        return self._hasher.signature(text).astype(np.uint32)

    def check_and_add_signature(self, key: str, sig: npt.NDArray[np.uint32]) -> str | None:
        """:meth:`check_and_add` for a signature already computed (:meth:`signature`)."""
        rows = self.num_perm // self.bands
        band_keys = [sig[i * rows : (i + 1) * rows].tobytes() for i in range(self.bands)]
        best: tuple[float, str] | None = None
        seen: set[str] = set()
        for bucket, band_key in zip(self._buckets, band_keys, strict=True):
            for other in bucket.get(band_key, ()):
                if other in seen:
                    continue
                seen.add(other)
                other_sig = np.frombuffer(self._signatures[other], dtype=np.uint32)
                score = float(np.mean(other_sig == sig))
                if score >= self.threshold and (best is None or score > best[0]):
                    best = (score, other)
        if key not in self._signatures:
            self._signatures[key] = sig.tobytes()
            for bucket, band_key in zip(self._buckets, band_keys, strict=True):
                bucket.setdefault(band_key, []).append(key)
        return best[1] if best is not None else None
