"""The scoring core: every score vetowatch reports about a probabilistic forecast.

Pure functions on NumPy arrays (no records, no database): the backtest, the news backtest
and the demo all score through here, so the Brier score is written once.

Conventions: ``p`` is an (N, K) array of forecast probabilities (rows sum to 1), ``y`` an
(N,) array of the index of what happened. Empty inputs give NaN, never an exception.

* **Brier** (:func:`brier`): mean over forecasts of Σ_c (p_c − 1[y = c])², 0 is best, 2 worst.
* **Log loss** (:func:`log_loss`): mean of −ln p_y, with p_y floored at ``floor`` (1e-6:
  a forecast of 0 for what happened costs 13.8 nats, not infinity).
* **Brier decomposition** (:func:`brier_decomposition`, Murphy 1973): for each class,
  the one-vs-rest probabilities are put in ``bins`` equal-width bins; with n_b forecasts,
  mean forecast p̄_b and observed frequency ō_b in bin b and overall frequency ō,
  reliability = Σ_b n_b/N (p̄_b − ō_b)², resolution = Σ_b n_b/N (ō_b − ō)², uncertainty
  = ō (1 − ō); the multi-class terms are the sums over classes. Brier = REL − RES + UNC
  exactly when every forecast equals its bin's mean; otherwise the difference is the
  within-bin term reported as ``residual``.
* **Skill** (:func:`skill`): 1 − score / reference score (BSS with Brier scores).
* **Bootstrap intervals** (:func:`bootstrap_interval`): percentile intervals of a mean
  score or a skill, resampling drafts (i.i.d.) or whole groups (years: a block bootstrap
  that keeps the dependence inside a year), with a fixed seed.
* **Reliability and ECE** (:func:`reliability_table`, :func:`expected_calibration_error`):
  equal-width bins of a confidence and the frequency of being right; ECE = Σ_b n_b/N
  |ō_b − p̄_b|. Top-label ECE uses the largest probability of each forecast.
* **PIT of a discrete count** (:func:`randomized_pit`): u = F(t − 1) + V · P(T = t) with V
  uniform on [0, 1) from a seeded generator; for a correct forecast u is exactly uniform,
  so the share of u below 0.01 should be near 1 %. :func:`share_at_or_below_quantile` is
  the non-random alternative (the share of counts t with P(T ≤ t) ≤ level; at most
  ``level`` in expectation for a correct forecast, usually less).
* **Conditional frequency** (:func:`conditional_share`): Σ P(A and B) / Σ P(B) over drafts,
  which is P(A | B) on the pooled drafts for 0/1 outcomes and for probabilities alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BootstrapInterval",
    "BrierDecomposition",
    "ReliabilityBin",
    "bootstrap_interval",
    "brier",
    "brier_decomposition",
    "brier_per_forecast",
    "class_reliability",
    "conditional_share",
    "expected_calibration_error",
    "joint_no_from_mixture",
    "log_loss",
    "log_loss_per_forecast",
    "macro_f1",
    "precision_recall",
    "randomized_pit",
    "reliability_table",
    "share_at_or_below_quantile",
    "skill",
    "top_label_ece",
]

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

LOG_FLOOR = 1e-6
"""Smallest probability :func:`log_loss` charges for (−ln 1e-6 ≈ 13.8 nats)."""


def _matrix(p: Array, n: int) -> Array:
    """``p`` as an (n, K) float array (an empty input gives a (0, K) or (0, 1) array)."""
    a = np.asarray(p, dtype=float)
    if a.ndim == 2:
        return a
    return a.reshape(n, -1) if n else np.zeros((0, 1))


def _onehot(y: IntArray, k: int) -> Array:
    out = np.zeros((len(y), k))
    out[np.arange(len(y)), y] = 1.0
    return out


# -- proper scores ---------------------------------------------------------------------------


def brier_per_forecast(p: Array, y: IntArray) -> Array:
    """Σ_c (p_c − 1[y = c])² for each forecast (row of ``p``)."""
    p = _matrix(p, len(y))
    out: Array = ((p - _onehot(np.asarray(y), p.shape[1])) ** 2).sum(axis=1)
    return out


def brier(p: Array, y: IntArray) -> float:
    """Multi-class Brier score: the mean of :func:`brier_per_forecast` (0 is best)."""
    if len(y) == 0:
        return float("nan")
    return float(brier_per_forecast(p, y).mean())


def log_loss_per_forecast(p: Array, y: IntArray, floor: float = LOG_FLOOR) -> Array:
    """−ln p_y for each forecast, with p_y floored at ``floor``."""
    p = _matrix(p, len(y))
    out: Array = -np.log(np.clip(p[np.arange(len(y)), y], floor, 1.0))
    return out


def log_loss(p: Array, y: IntArray, floor: float = LOG_FLOOR) -> float:
    """Mean negative log probability of what happened (probabilities floored at ``floor``)."""
    if len(y) == 0:
        return float("nan")
    return float(log_loss_per_forecast(p, y, floor).mean())


def skill(score: float, reference: float) -> float:
    """1 − score / reference (e.g. the Brier skill score); NaN when the reference is not > 0."""
    if not np.isfinite(reference) or reference <= 0 or not np.isfinite(score):
        return float("nan")
    return 1.0 - score / reference


# -- Brier decomposition ----------------------------------------------------------------------


@dataclass(frozen=True)
class BrierDecomposition:
    """Murphy's decomposition of a (multi-class) Brier score, summed over classes.

    ``brier`` = ``reliability`` − ``resolution`` + ``uncertainty`` + ``residual``;
    ``residual`` (the within-bin variation of the forecasts) is 0 when each bin holds a
    single forecast value. ``per_class`` has the same terms for each one-vs-rest class.
    """

    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    residual: float
    bins: int
    per_class: dict[str, dict[str, float]] = field(default_factory=dict)


def _bin_index(p: Array, bins: int) -> IntArray:
    edges = np.linspace(0.0, 1.0, bins + 1)
    out: IntArray = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1).astype(np.int64)
    return out


def _binary_terms(p: Array, o: Array, bins: int) -> tuple[float, float, float]:
    """(reliability, resolution, uncertainty) of one-vs-rest forecasts ``p`` of 0/1 ``o``."""
    n = len(p)
    which = _bin_index(p, bins)
    count = np.bincount(which, minlength=bins).astype(float)
    sum_p = np.bincount(which, weights=p, minlength=bins)
    sum_o = np.bincount(which, weights=o, minlength=bins)
    used = count > 0
    mean_p = sum_p[used] / count[used]
    mean_o = sum_o[used] / count[used]
    base = float(o.mean())
    rel = float((count[used] * (mean_p - mean_o) ** 2).sum() / n)
    res = float((count[used] * (mean_o - base) ** 2).sum() / n)
    return rel, res, base * (1.0 - base)


def brier_decomposition(
    p: Array, y: IntArray, bins: int = 10, labels: Sequence[str] | None = None
) -> BrierDecomposition:
    """Reliability, resolution and uncertainty of the Brier score (see the module docstring).

    ``labels`` names the classes in ``per_class`` (default: their indices).
    """
    p = np.asarray(p, dtype=float)
    if len(y) == 0:
        nan = float("nan")
        return BrierDecomposition(nan, nan, nan, nan, nan, bins)
    k = p.shape[1]
    names = list(labels) if labels is not None else [str(c) for c in range(k)]
    onehot = _onehot(np.asarray(y), k)
    per_class: dict[str, dict[str, float]] = {}
    total = np.zeros(3)
    for c in range(k):
        terms = _binary_terms(p[:, c], onehot[:, c], bins)
        total += terms
        per_class[names[c]] = {
            "brier": float(((p[:, c] - onehot[:, c]) ** 2).mean()),
            "reliability": terms[0],
            "resolution": terms[1],
            "uncertainty": terms[2],
        }
    score = brier(p, y)
    rel, res, unc = (float(v) for v in total)
    return BrierDecomposition(score, rel, res, unc, score - (rel - res + unc), bins, per_class)


# -- bootstrap ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BootstrapInterval:
    """A percentile bootstrap interval: ``lo``/``hi`` around the full-sample ``point``.

    ``unit`` is what was resampled ("draft" or "year"), ``n_units`` how many there were.
    """

    point: float
    lo: float
    hi: float
    level: float
    unit: str
    n_units: int
    n_resamples: int


@lru_cache(maxsize=2)
def _resample_counts(g: int, n_resamples: int, seed: int) -> Array:
    """(n_resamples, g): how often each of ``g`` units is drawn in each resample (g draws
    with replacement, seeded). Shared by every score of a run, so intervals of different
    forecasters on the same drafts use the same resamples."""
    draws = np.random.default_rng(seed).integers(0, g, size=(n_resamples, g))
    offsets = (np.arange(n_resamples) * g)[:, None]
    counts = np.bincount((draws + offsets).ravel(), minlength=n_resamples * g)
    out: Array = counts.reshape(n_resamples, g).astype(float)
    out.setflags(write=False)
    return out


def bootstrap_interval(
    loss: Array,
    reference: Array | None = None,
    groups: Sequence[object] | None = None,
    *,
    n_resamples: int = 1000,
    level: float = 0.95,
    seed: int = 0,
    unit: str = "",
) -> BootstrapInterval:
    """Percentile interval of the mean ``loss`` or, with ``reference`` (per-forecast losses
    of a reference forecast on the same drafts), of the skill 1 − mean(loss)/mean(reference).

    Without ``groups`` each resample draws N forecasts with replacement; with ``groups``
    (one label per forecast, e.g. its year) it draws whole groups with replacement (a block
    bootstrap), so forecasts of one year stay together. Both losses are resampled together.
    ``unit`` names what was resampled in the result (default "draft" or "group").
    """
    loss = np.asarray(loss, dtype=float)
    ref = None if reference is None else np.asarray(reference, dtype=float)
    n = len(loss)
    unit = unit or ("draft" if groups is None else "group")
    if n == 0:
        nan = float("nan")
        return BootstrapInterval(nan, nan, nan, level, unit, 0, n_resamples)
    if groups is None:
        codes = np.arange(n)
    else:
        _, codes = np.unique(np.asarray([str(g) for g in groups]), return_inverse=True)
    g = int(codes.max()) + 1
    count = np.bincount(codes, minlength=g).astype(float)
    sum_loss = np.bincount(codes, weights=loss, minlength=g)
    sum_ref = None if ref is None else np.bincount(codes, weights=ref, minlength=g)
    columns = [count, sum_loss] + ([] if sum_ref is None else [sum_ref])
    sums = _resample_counts(g, n_resamples, seed) @ np.stack(columns, axis=1)  # one pass
    boot = sums[:, 1] / sums[:, 0]
    point = float(loss.mean())
    if sum_ref is not None and ref is not None:
        boot_ref = sums[:, 2] / sums[:, 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            boot = np.where(boot_ref > 0, 1.0 - boot / boot_ref, np.nan)
        point = skill(point, float(ref.mean()))
    boot = boot[np.isfinite(boot)]
    tail = (1.0 - level) / 2.0 * 100.0
    lo, hi = (
        (float(np.percentile(boot, tail)), float(np.percentile(boot, 100.0 - tail)))
        if len(boot)
        else (float("nan"), float("nan"))
    )
    return BootstrapInterval(point, lo, hi, level, unit, g, n_resamples)


# -- reliability -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReliabilityBin:
    """One bin of a reliability table: forecasts with confidence in [lo, hi)."""

    lo: float
    hi: float
    n: int
    confidence: float
    frequency: float


def reliability_table(
    confidence: Array, correct: BoolArray, bins: int = 10
) -> list[ReliabilityBin]:
    """Equal-width bins of ``confidence`` with the observed frequency of ``correct``."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = _bin_index(confidence, bins)
    out = []
    for b in range(bins):
        mask = which == b
        n = int(mask.sum())
        out.append(
            ReliabilityBin(
                lo=float(edges[b]),
                hi=float(edges[b + 1]),
                n=n,
                confidence=float(confidence[mask].mean()) if n else float("nan"),
                frequency=float(correct[mask].mean()) if n else float("nan"),
            )
        )
    return out


def expected_calibration_error(table: Sequence[ReliabilityBin]) -> float:
    """Σ_b (n_b / N) · |frequency_b − confidence_b| over the non-empty bins."""
    total = sum(b.n for b in table)
    if total == 0:
        return float("nan")
    return float(sum(b.n / total * abs(b.frequency - b.confidence) for b in table if b.n))


def top_label_ece(p: Array, y: IntArray, bins: int = 10, below: float | None = None) -> float:
    """Top-label ECE: confidence = each forecast's largest probability, correct = that
    class happened. With ``below``, only forecasts whose largest probability is < ``below``
    count (e.g. 0.9: the drafts that are not foregone conclusions)."""
    p = _matrix(p, len(y))
    top = p.max(axis=1) if len(y) else np.zeros(0)
    keep = np.ones(len(y), dtype=bool) if below is None else top < below
    correct = p.argmax(axis=1) == np.asarray(y) if len(y) else np.zeros(0, dtype=bool)
    return expected_calibration_error(reliability_table(top[keep], correct[keep], bins))


def class_reliability(
    p: Array, y: IntArray, labels: Sequence[str], bins: int = 10
) -> dict[str, list[ReliabilityBin]]:
    """One-vs-rest reliability table of each class's probability."""
    p = _matrix(p, len(y))
    y = np.asarray(y)
    return {name: reliability_table(p[:, c], y == c, bins) for c, name in enumerate(labels)}


# -- counts and joint events --------------------------------------------------------------------


def _cdf_parts(dists: Sequence[Array], observed: Sequence[int]) -> tuple[Array, Array]:
    """(P(T < t), P(T = t)) of each observed count under its own distribution."""
    below = np.zeros(len(observed))
    at = np.zeros(len(observed))
    for i, (d, t) in enumerate(zip(dists, observed, strict=True)):
        d = np.asarray(d, dtype=float)
        t = int(min(max(t, 0), len(d) - 1))
        below[i] = float(d[:t].sum())
        at[i] = float(d[t])
    return below, at


def randomized_pit(dists: Sequence[Array], observed: Sequence[int], seed: int = 0) -> Array:
    """Randomised PIT values u = P(T < t) + V · P(T = t), V ~ U[0, 1) (seeded): exactly
    uniform when the forecast distributions (``dists[i][j]`` = P(T = j)) are right."""
    below, at = _cdf_parts(dists, observed)
    v = np.random.default_rng(seed).random(len(observed))
    out: Array = np.clip(below + v * at, 0.0, 1.0)
    return out


def share_at_or_below_quantile(
    dists: Sequence[Array], observed: Sequence[int], level: float
) -> float:
    """The share of counts t with P(T ≤ t) ≤ ``level`` (non-random; for a discrete count
    its expectation under a correct forecast is at most ``level``)."""
    if not len(observed):
        return float("nan")
    below, at = _cdf_parts(dists, observed)
    return float(((below + at) <= level + 1e-12).mean())


def conditional_share(joint: Array, given: Array) -> float:
    """Σ joint / Σ given: P(A | B) pooled over forecasts, from P(A and B) and P(B) (or from
    0/1 indicators of what happened). NaN when B never happens."""
    total = float(np.asarray(given, dtype=float).sum())
    return float(np.asarray(joint, dtype=float).sum()) / total if total > 0 else float("nan")


def joint_no_from_mixture(weights: Array, probs: Array, i: int, j: int, no: int = 1) -> float:
    """P(members ``i`` and ``j`` both vote No) of a latent-type mixture: Σ_k w_k p_ki p_kj,
    with ``probs`` (K, n, 4) per-type vote probabilities (members independent given type)."""
    probs = np.asarray(probs, dtype=float)
    return float(np.asarray(weights, dtype=float) @ (probs[:, i, no] * probs[:, j, no]))


# -- detection and classification ----------------------------------------------------------------


def precision_recall(
    score: Array, truth: BoolArray, threshold: float = 0.5
) -> dict[str, float | int]:
    """Precision and recall of ``score >= threshold`` as a detector of ``truth``."""
    pred = np.asarray(score) >= threshold
    truth = np.asarray(truth, dtype=bool)
    tp = int((pred & truth).sum())
    n_pred, n_true = int(pred.sum()), int(truth.sum())
    return {
        "precision": tp / n_pred if n_pred else float("nan"),
        "recall": tp / n_true if n_true else float("nan"),
        "n_true": n_true,
        "n_predicted": n_pred,
    }


def macro_f1(
    pred: Sequence[str], truth: Sequence[str], labels: Sequence[str] = ("Y", "N", "A")
) -> float:
    """Macro-averaged F1 over ``labels`` (a label never seen nor predicted is skipped)."""
    scores = []
    for label in labels:
        tp = sum(1 for p, t in zip(pred, truth, strict=True) if p == label and t == label)
        n_pred = sum(1 for p in pred if p == label)
        n_true = sum(1 for t in truth if t == label)
        if n_pred == 0 and n_true == 0:
            continue
        scores.append(2 * tp / (n_pred + n_true))
    return float(np.mean(scores)) if scores else float("nan")
