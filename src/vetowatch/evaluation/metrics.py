"""Scores for probabilistic forecasts of the 3-way outcome and of member votes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "OUTCOME_LABELS",
    "ReliabilityBin",
    "brier",
    "expected_calibration_error",
    "log_loss",
    "macro_f1",
    "precision_recall",
    "reliability_table",
]

OUTCOME_LABELS: tuple[str, ...] = ("adopted", "vetoed", "failed")

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]


def _onehot(y: IntArray, k: int) -> Array:
    out = np.zeros((len(y), k))
    out[np.arange(len(y)), y] = 1.0
    return out


def brier(p: Array, y: IntArray) -> float:
    """Multi-class Brier score: mean over forecasts of Σ_c (p_c − 1[y = c])² (0 is best)."""
    if len(y) == 0:
        return float("nan")
    return float(((p - _onehot(y, p.shape[1])) ** 2).sum(axis=1).mean())


def log_loss(p: Array, y: IntArray, floor: float = 1e-6) -> float:
    """Mean negative log probability of what happened (probabilities floored at ``floor``)."""
    if len(y) == 0:
        return float("nan")
    return float(-np.log(np.clip(p[np.arange(len(y)), y], floor, 1.0)).mean())


def precision_recall(
    score: Array, truth: NDArray[np.bool_], threshold: float = 0.5
) -> dict[str, float | int]:
    """Precision and recall of ``score >= threshold`` as a detector of ``truth``."""
    pred = score >= threshold
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


@dataclass(frozen=True)
class ReliabilityBin:
    """One bin of a reliability table: forecasts with confidence in [lo, hi)."""

    lo: float
    hi: float
    n: int
    confidence: float
    frequency: float


def reliability_table(
    confidence: Array, correct: NDArray[np.bool_], bins: int = 10
) -> list[ReliabilityBin]:
    """Equal-width bins of ``confidence`` with the observed frequency of ``correct``."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
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
