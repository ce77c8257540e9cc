"""The backtest's figures for one forecaster, computed with the scoring core.

:mod:`vetowatch.evaluation.scoring` holds the scores themselves (pure array functions, also
re-exported here for older imports); this module turns a backtest's forecasts into the
figures a forecaster expects:

* :func:`outcome_figures` — from P(adopted, vetoed, failed) alone, so every baseline gets
  them too: Brier, log loss, BSS against the all-years base rate (``bss``) and against the
  five-year rolling base rate (``bss_recent_base``), bootstrap 95 % intervals by draft and by
  year, top-label ECE on all drafts and on the drafts whose top probability is < 0.9
  (``ece_nontrivial``) with the ECE a perfectly calibrated forecaster would show on the same
  drafts (``ece_nontrivial_null``: outcomes drawn from the forecasts themselves), the Brier
  decomposition and one-vs-rest reliability per class;
* :func:`distribution_figures` — from each draft's full vote distribution (the model and the
  repeat-last baseline): the Yes-tally PIT (with its expectation over the randomisation,
  which no seed moves), P(No) reliability per permanent member and the co-veto conditionals
  P(CHN No | RUS No), P(RUS No | CHN No) for the record and the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from vetowatch.council.record import DraftRecord
from vetowatch.evaluation.scoring import (
    BootstrapInterval,
    BrierDecomposition,
    ReliabilityBin,
    bootstrap_interval,
    brier,
    brier_decomposition,
    brier_per_forecast,
    class_reliability,
    conditional_share,
    expected_calibration_error,
    joint_no_from_mixture,
    log_loss,
    log_loss_per_forecast,
    macro_f1,
    precision_recall,
    randomized_pit,
    reliability_table,
    share_at_or_below_quantile,
    skill,
    top_label_ece,
)
from vetowatch.forecast.outcome import OutcomeDistribution
from vetowatch.forecast.spec import PERMANENT, seat

__all__ = [
    "NONTRIVIAL_BELOW",
    "OUTCOME_LABELS",
    "PIT_SEED",
    "DistributionFigures",
    "OutcomeFigures",
    "ReliabilityBin",
    "brier",
    "distribution_figures",
    "expected_calibration_error",
    "expected_pit_share",
    "log_loss",
    "macro_f1",
    "null_top_label_ece",
    "observed_yes",
    "outcome_figures",
    "precision_recall",
    "reliability_table",
]

OUTCOME_LABELS: tuple[str, ...] = ("adopted", "vetoed", "failed")
NONTRIVIAL_BELOW = 0.9
"""``ece_nontrivial`` counts the drafts whose largest outcome probability is below this."""
PIT_SEED = 0
"""Seed of the randomised PIT (the same figures on every run)."""
PIT_OTHER_SEEDS: tuple[int, ...] = (1, 2)
"""Two more seeds the PIT shares are reported with, to show how much the seed moves them."""
NULL_DRAWS = 500
"""Outcome draws behind ``ece_nontrivial_null`` (seeded: the same figures on every run)."""
ECE_TARGET = 0.03
"""The bound issue 10 sets on the ECE of drafts whose top probability is < 0.9."""
N_RESAMPLES = 1000
JOINT_EXACT_FROM = 0.01
"""The co-veto joint P(both No) is computed exactly (under the stacker's tilt) on drafts where
both members' P(No) reach this; below it, the draft-type mixture's joint with the tilted type
weights (the joint is then below 0.01 anyway). On 2000–2025 this moves the conditionals by
< 0.001 against computing every draft exactly, at a third of the cost."""

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]


def _interval_json(ci: BootstrapInterval) -> dict[str, Any]:
    return {
        "lo": ci.lo,
        "hi": ci.hi,
        "point": ci.point,
        "level": ci.level,
        "unit": ci.unit,
        "n": ci.n_units,
        "resamples": ci.n_resamples,
    }


@dataclass(frozen=True)
class OutcomeFigures:
    """The figures of one forecaster's P(adopted, vetoed, failed) (see the module docstring).

    ``intervals[score]`` has ``by_draft`` and ``by_year`` 95 % bootstrap intervals for the
    scores ``brier``, ``log_loss``, ``bss`` and ``bss_recent_base``. ``veto_recall`` and
    ``veto_precision`` flag a veto at P(vetoed) ≥ 0.5.
    """

    n: int
    brier: float
    log_loss: float
    bss: float
    bss_recent_base: float
    ece: float
    ece_nontrivial: float
    n_nontrivial: int
    veto_recall: float
    veto_precision: float
    intervals: dict[str, dict[str, BootstrapInterval]]
    decomposition: BrierDecomposition
    reliability_by_class: dict[str, list[ReliabilityBin]]
    ece_nontrivial_null: dict[str, float] = field(default_factory=dict)

    def scalars(self) -> dict[str, Any]:
        """The scalar figures and the BSS intervals, as JSON-ready values."""
        return {
            "brier": self.brier,
            "log_loss": self.log_loss,
            "bss": self.bss,
            "bss_recent_base": self.bss_recent_base,
            "bss_ci": self.interval_json("bss"),
            "bss_recent_base_ci": self.interval_json("bss_recent_base"),
            "ece": self.ece,
            "ece_nontrivial": self.ece_nontrivial,
            "n_nontrivial": self.n_nontrivial,
            "ece_nontrivial_null": self.ece_nontrivial_null,
            "veto_recall": self.veto_recall,
            "veto_precision": self.veto_precision,
            "brier_reliability": self.decomposition.reliability,
            "brier_resolution": self.decomposition.resolution,
        }

    def interval_json(self, score: str) -> dict[str, dict[str, Any]]:
        """``{"by_draft": {...}, "by_year": {...}}`` for one score."""
        return {k: _interval_json(v) for k, v in self.intervals.get(score, {}).items()}

    def decomposition_json(self) -> dict[str, Any]:
        return asdict(self.decomposition)


def outcome_figures(
    p: Array,
    y: IntArray,
    years: Sequence[int],
    reference: Array,
    recent_reference: Array | None = None,
    *,
    n_resamples: int = N_RESAMPLES,
    seed: int = 0,
) -> OutcomeFigures:
    """Score forecasts ``p`` (N, 3) of outcomes ``y`` made in ``years``; ``reference`` and
    ``recent_reference`` are the base-rate forecasts the two skill scores compare against."""
    p = np.asarray(p, dtype=float).reshape(-1, 3)
    loss = brier_per_forecast(p, y)
    ref = brier_per_forecast(reference, y)
    recent = ref if recent_reference is None else brier_per_forecast(recent_reference, y)
    ll = log_loss_per_forecast(p, y)
    by_year = [str(v) for v in years]

    def both(value: Array, against: Array | None) -> dict[str, BootstrapInterval]:
        kw: dict[str, Any] = {"n_resamples": n_resamples, "seed": seed}
        return {
            "by_draft": bootstrap_interval(value, against, **kw),
            "by_year": bootstrap_interval(value, against, by_year, unit="year", **kw),
        }

    nontrivial = p.max(axis=1) < NONTRIVIAL_BELOW if len(y) else np.zeros(0, dtype=bool)
    pr = precision_recall(p[:, 1], np.asarray(y) == 1)
    b = brier(p, y)
    return OutcomeFigures(
        n=len(y),
        brier=b,
        log_loss=log_loss(p, y),
        bss=skill(b, float(ref.mean()) if len(y) else float("nan")),
        bss_recent_base=skill(b, float(recent.mean()) if len(y) else float("nan")),
        ece=top_label_ece(p, y),
        ece_nontrivial=top_label_ece(p, y, below=NONTRIVIAL_BELOW),
        n_nontrivial=int(nontrivial.sum()),
        veto_recall=float(pr["recall"]),
        veto_precision=float(pr["precision"]),
        intervals={
            "brier": both(loss, None),
            "log_loss": both(ll, None),
            "bss": both(loss, ref),
            "bss_recent_base": both(loss, recent),
        },
        decomposition=brier_decomposition(p, y, labels=OUTCOME_LABELS),
        reliability_by_class=class_reliability(p, y, OUTCOME_LABELS),
        ece_nontrivial_null=null_top_label_ece(p[nontrivial], seed=seed),
    )


def null_top_label_ece(
    p: Array, bins: int = 10, draws: int = NULL_DRAWS, seed: int = 0
) -> dict[str, float]:
    """The top-label ECE that forecasts ``p`` (N, K) would show if they were perfectly
    calibrated: each draft's outcome drawn from its own forecast, ``draws`` times (seeded).

    ECE is never 0 on a finite sample: with ~200 drafts spread over 5–6 bins each bin's
    frequency misses its mean confidence by a few points by chance alone. ``mean`` is the
    expected ECE of a calibrated forecaster with these very forecasts, ``p10``/``p90`` its
    10th/90th percentiles; an observed ECE below ``p90`` is no evidence of miscalibration.
    ``share_at_most_target``: how often that calibrated forecaster's ECE is at most
    :data:`ECE_TARGET` (the issue's bound) — the chance a perfect forecaster meets it here.
    """
    p = np.asarray(p, dtype=float).reshape(-1, 3) if np.size(p) else np.zeros((0, 3))
    if not len(p):
        return {"mean": float("nan"), "p10": float("nan"), "p90": float("nan"),
                "share_at_most_target": float("nan"), "draws": float(draws)}
    rows = p / p.sum(axis=1, keepdims=True)
    top, label = rows.max(axis=1), rows.argmax(axis=1)
    cum = np.cumsum(rows, axis=1)[:, :-1]
    u = np.random.default_rng(seed).random((draws, len(rows)))
    outcome = (u[:, :, None] >= cum[None]).sum(axis=2)
    correct = (outcome == label[None]).astype(float)
    which = np.clip(np.digitize(top, np.linspace(0.0, 1.0, bins + 1)[1:-1]), 0, bins - 1)
    ece = np.zeros(draws)
    for b in np.unique(which):
        mask = which == b
        ece += mask.sum() / len(rows) * np.abs(correct[:, mask].mean(axis=1) - top[mask].mean())
    return {"mean": float(ece.mean()), "p10": float(np.quantile(ece, 0.1)),
            "p90": float(np.quantile(ece, 0.9)),
            "share_at_most_target": float((ece <= ECE_TARGET).mean()), "draws": float(draws)}


# -- figures from the whole vote distribution ---------------------------------------------------


@dataclass(frozen=True)
class DistributionFigures:
    """Figures that need each draft's vote distribution, not only its outcome.

    ``tally_pit_below_1pct``/``_10pct``: the share of real Yes tallies whose randomised PIT
    (seed :data:`PIT_SEED`) is below 0.01 / 0.10 — for an honest tally distribution, about
    1 % and 10 %. ``tally_at_or_below_q1``/``_q10`` are the non-random counterparts (tally t
    with P(T ≤ t) ≤ level; at most the level in expectation). ``tally_pit_expected`` holds
    the same two shares averaged over the randomisation (each tally counts with its
    probability P(u < level), so no seed moves them) and ``tally_pit_seeds`` the shares with
    the seeds of :data:`PIT_OTHER_SEEDS`. ``co_veto`` holds
    P(CHN No | RUS No) and P(RUS No | CHN No) as ``{"record", "model", "n_given"}``;
    ``joint_from`` says how the model's joint P(both No) was obtained (the least exact way
    used on any draft): ``"exact"`` (:meth:`OutcomeDistribution.joint_no`: the mixture and
    the outcome tilt; see :data:`JOINT_EXACT_FROM` for drafts where a No is unlikely),
    ``"mixture"`` (the draft-type mixture kept with the forecast, members independent given
    the type, the type weights as tilted: approximate under a tilt) or ``"marginals"`` (the
    product of the two marginals: nothing else was kept).
    """

    n_tallies: int
    tally_pit_below_1pct: float
    tally_pit_below_10pct: float
    tally_at_or_below_q1: float
    tally_at_or_below_q10: float
    co_veto: dict[str, dict[str, float | int]]
    joint_from: str
    reliability_by_member: dict[str, list[ReliabilityBin]] = field(default_factory=dict)
    no_votes_by_member: dict[str, dict[str, float]] = field(default_factory=dict)
    tally_pit_expected: dict[str, float] = field(default_factory=dict)
    tally_pit_seeds: dict[str, dict[str, float]] = field(default_factory=dict)


def observed_yes(record: DraftRecord) -> int | None:
    """The real Yes tally: the recorded count, else the Yes votes of a full roll call."""
    if record.yes is not None:
        return record.yes
    if len(record.votes) == 15:
        return sum(1 for v in record.votes.values() if v == "Y")
    return None


def expected_pit_share(dists: Sequence[Array], observed: Sequence[int], level: float) -> float:
    """The share of randomised PIT values below ``level`` averaged over the randomisation:
    the mean over counts of P(F(t − 1) + V·P(T = t) < level) = clip((level − F(t − 1)) /
    P(T = t), 0, 1), V uniform. It is what :func:`randomized_pit`'s share converges to over
    seeds (``level`` for a correct forecast)."""
    if not len(observed):
        return float("nan")
    below = np.array([float(np.sum(d[:t])) for d, t in zip(dists, observed, strict=True)])
    at = np.array([float(d[t]) for d, t in zip(dists, observed, strict=True)])
    inside = np.where(at > 0, (level - below) / np.where(at > 0, at, 1.0), level > below)
    return float(np.clip(inside, 0.0, 1.0).mean())


def _tally_figures(
    records: Sequence[DraftRecord], dists: Sequence[OutcomeDistribution]
) -> tuple[int, list[float], dict[str, float], dict[str, dict[str, float]]]:
    tallies: list[Array] = []
    seen: list[int] = []
    for record, d in zip(records, dists, strict=True):
        t = observed_yes(record)
        if t is not None:
            tallies.append(np.asarray(d.yes_tally, dtype=float))
            seen.append(int(min(max(t, 0), len(d.yes_tally) - 1)))
    if not seen:
        return 0, [float("nan")] * 4, {}, {}
    u = randomized_pit(tallies, seen, seed=PIT_SEED)
    expected = {
        "below_1pct": expected_pit_share(tallies, seen, 0.01),
        "below_10pct": expected_pit_share(tallies, seen, 0.10),
    }
    seeds = {}
    for seed in PIT_OTHER_SEEDS:
        v = randomized_pit(tallies, seen, seed=seed)
        seeds[str(seed)] = {"below_1pct": float((v < 0.01).mean()),
                            "below_10pct": float((v < 0.10).mean())}
    return len(seen), [
        float((u < 0.01).mean()),
        float((u < 0.10).mean()),
        share_at_or_below_quantile(tallies, seen, 0.01),
        share_at_or_below_quantile(tallies, seen, 0.10),
    ], expected, seeds


def _seat_index(d: OutcomeDistribution) -> dict[str, int]:
    return {seat(m): i for i, m in enumerate(d.members)}


def _joint_no(
    d: OutcomeDistribution, mixture: tuple[Array, Array] | None, i: int, j: int
) -> tuple[float, float, float, str]:
    """Model P(i No and j No), P(i No), P(j No) of one draft and how the joint was got."""
    parts = d.parts
    if parts is not None and parts.probs is not None:
        pi, pj = float(d.member_probs[i, 1]), float(d.member_probs[j, 1])
        if min(pi, pj) < JOINT_EXACT_FROM or bool((d.outcome_lr == 1.0).all()):
            # untilted: the mixture's joint is exact; below the cut-off it is a close
            # approximation (the joint is at most min(pi, pj)), and much faster
            w = d.class_weights if len(d.class_weights) == len(parts.weights) else parts.weights
            return joint_no_from_mixture(w, parts.probs, i, j), pi, pj, "exact"
        return d.joint_no(d.members[i], d.members[j]), pi, pj, "exact"
    if mixture is None:
        pi, pj = float(d.member_probs[i, 1]), float(d.member_probs[j, 1])
        return pi * pj, pi, pj, "marginals"
    weights, probs = mixture
    w = d.class_weights if len(d.class_weights) == len(weights) else weights
    return (
        joint_no_from_mixture(w, probs, i, j),
        float(w @ probs[:, i, 1]),
        float(w @ probs[:, j, 1]),
        "mixture",
    )


def _co_veto(
    records: Sequence[DraftRecord],
    dists: Sequence[OutcomeDistribution],
    mixtures: Sequence[tuple[Array, Array] | None],
) -> tuple[dict[str, dict[str, float | int]], str]:
    rows: list[tuple[float, float, float, float, float, float]] = []
    sources: set[str] = set()
    for record, d, mix in zip(records, dists, mixtures, strict=True):
        idx = _seat_index(d)
        votes = {seat(m): v for m, v in record.votes.items()}
        if not {"RUS", "CHN"} <= idx.keys() or not {"RUS", "CHN"} <= votes.keys():
            continue
        both, rus, chn, source = _joint_no(d, mix, idx["RUS"], idx["CHN"])
        sources.add(source)
        r_no, c_no = float(votes["RUS"] == "N"), float(votes["CHN"] == "N")
        rows.append((r_no * c_no, r_no, c_no, both, rus, chn))
    a = np.array(rows, dtype=float).reshape(-1, 6)
    out: dict[str, dict[str, float | int]] = {
        "p_chn_no_given_rus_no": {
            "record": conditional_share(a[:, 0], a[:, 1]),
            "model": conditional_share(a[:, 3], a[:, 4]),
            "n_given": int(a[:, 1].sum()),
        },
        "p_rus_no_given_chn_no": {
            "record": conditional_share(a[:, 0], a[:, 2]),
            "model": conditional_share(a[:, 3], a[:, 5]),
            "n_given": int(a[:, 2].sum()),
        },
    }
    weakest = next((s for s in ("marginals", "mixture", "exact") if s in sources), "marginals")
    return out, weakest


def _member_no(
    records: Sequence[DraftRecord], dists: Sequence[OutcomeDistribution]
) -> tuple[dict[str, list[ReliabilityBin]], dict[str, dict[str, float]]]:
    p_no: dict[str, list[float]] = {s: [] for s in PERMANENT}
    said_no: dict[str, list[bool]] = {s: [] for s in PERMANENT}
    for record, d in zip(records, dists, strict=True):
        idx = _seat_index(d)
        for member, vote in record.votes.items():
            s = seat(member)
            if s in p_no and s in idx:
                p_no[s].append(float(d.member_probs[idx[s], 1]))
                said_no[s].append(vote == "N")
    tables = {s: reliability_table(np.array(p_no[s]), np.array(said_no[s])) for s in PERMANENT}
    counts = {
        s: {
            "n": float(len(p_no[s])),
            "no_votes": float(sum(said_no[s])),
            "expected_no_votes": float(sum(p_no[s])),
            "ece": expected_calibration_error(tables[s]),
        }
        for s in PERMANENT
    }
    return tables, counts


def distribution_figures(
    records: Sequence[DraftRecord],
    dists: Sequence[OutcomeDistribution],
    mixtures: Sequence[tuple[Array, Array] | None] | None = None,
) -> DistributionFigures:
    """The tally PIT, the co-veto conditionals and P(No) reliability per permanent member of
    the vote distributions ``dists`` of ``records`` (``mixtures``: each draft's (type
    weights, per-type member probabilities), when kept)."""
    n, pit, expected, seeds = _tally_figures(records, dists)
    mix = list(mixtures) if mixtures is not None else [None] * len(dists)
    co_veto, joint_from = _co_veto(records, dists, mix)
    tables, counts = _member_no(records, dists)
    return DistributionFigures(
        n_tallies=n,
        tally_pit_below_1pct=pit[0],
        tally_pit_below_10pct=pit[1],
        tally_at_or_below_q1=pit[2],
        tally_at_or_below_q10=pit[3],
        co_veto=co_veto,
        joint_from=joint_from,
        reliability_by_member=tables,
        no_votes_by_member=counts,
        tally_pit_expected=expected,
        tally_pit_seeds=seeds,
    )
