"""Scoring a list of backtest forecasts into a :class:`BacktestReport`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from vetowatch.council.record import VOTE_CODES
from vetowatch.evaluation.baselines import OUTCOME_INDEX
from vetowatch.evaluation.metrics import (
    DistributionFigures,
    OutcomeFigures,
    distribution_figures,
    outcome_figures,
)
from vetowatch.evaluation.scoring import (
    ReliabilityBin,
    brier,
    expected_calibration_error,
    log_loss,
    macro_f1,
    precision_recall,
    reliability_table,
)
from vetowatch.forecast.outcome import OutcomeDistribution
from vetowatch.forecast.spec import PERMANENT, seat

if TYPE_CHECKING:
    from vetowatch.forecast.fitting import DraftForecast

__all__ = ["BacktestReport", "build_report"]

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass
class BacktestReport:
    """Scores of a rolling-origin backtest; ``to_json()`` gives a JSON-ready dict.

    ``ece`` is the top-label expected calibration error (confidence = the largest of the
    three outcome probabilities, 10 equal-width bins); ``ece_classwise`` pools the three
    one-vs-rest probabilities instead. ``bss`` is the Brier skill score against the base
    rate of earlier drafts computed in the same run.

    ``figures`` (:class:`~vetowatch.evaluation.metrics.OutcomeFigures`) adds the BSS against
    the five-year rolling base rate, bootstrap intervals, ``ece_nontrivial``, the Brier
    decomposition and reliability per class; ``distribution`` (:class:`~vetowatch.
    evaluation.metrics.DistributionFigures`) the tally PIT, the co-veto conditionals and
    P(No) reliability per permanent member. ``baseline_figures`` has the same for each
    baseline (``baseline_distribution`` for repeat-last, the one with vote distributions).

    ``veto_recall``/``veto_precision`` (and ``veto`` per permanent member) flag a veto when
    P(vetoed) ≥ 0.5, as for the baselines; ``veto_alert`` uses the threshold tuned each year
    on earlier years (:mod:`vetowatch.evaluation.decisions`). ``macro_f1_contested`` scores
    the tuned vote calls (argmax of cost-weighted probabilities; the plain argmax gives
    ``macro_f1_contested_argmax``) on drafts where someone did not vote Yes;
    ``call_accuracy`` is the share of all member votes the calls get right.
    """

    n_drafts: int
    years: tuple[int, int]
    brier: float
    log_loss: float
    bss: float
    per_decade: dict[str, dict[str, Any]]
    veto: dict[str, dict[str, float | int]]
    member_accuracy: dict[str, float]
    macro_f1_contested: float
    n_contested: int
    macro_f1_contested_argmax: float
    call_accuracy: float
    veto_alert: dict[str, float | int]
    reliability: list[ReliabilityBin]
    ece: float
    ece_classwise: float
    baselines: dict[str, dict[str, Any]]
    params: dict[str, float]
    tuning: list[tuple[dict[str, float], float]]
    elapsed_s: float
    forecasts: list[DraftForecast] = field(default_factory=list, repr=False)
    figures: OutcomeFigures | None = None
    distribution: DistributionFigures | None = None
    baseline_figures: dict[str, OutcomeFigures] = field(default_factory=dict, repr=False)
    baseline_distribution: dict[str, DistributionFigures] = field(
        default_factory=dict, repr=False
    )

    @property
    def veto_recall(self) -> float:
        return float(self.veto["vetoed"]["recall"])

    @property
    def veto_precision(self) -> float:
        return float(self.veto["vetoed"]["precision"])

    def to_json(self) -> dict[str, Any]:
        """The scores as plain JSON types (NaN becomes ``None``)."""
        out: dict[str, Any] = {
            "n_drafts": self.n_drafts,
            "years": list(self.years),
            "brier": self.brier,
            "log_loss": self.log_loss,
            "bss": self.bss,
            "veto_recall": self.veto_recall,
            "veto_precision": self.veto_precision,
            "veto": self.veto,
            "macro_f1_contested": self.macro_f1_contested,
            "macro_f1_contested_argmax": self.macro_f1_contested_argmax,
            "n_contested": self.n_contested,
            "call_accuracy": self.call_accuracy,
            "veto_alert": self.veto_alert,
            "member_accuracy": self.member_accuracy,
            "ece": self.ece,
            "ece_classwise": self.ece_classwise,
            "reliability": [asdict(b) for b in self.reliability],
            "per_decade": self.per_decade,
            "baselines": self.baselines,
            "params": self.params,
            "tuning": [{"params": p, "score": s} for p, s in self.tuning],
            "elapsed_s": self.elapsed_s,
            **_figures_json(self.figures, self.distribution),
        }
        cleaned: dict[str, Any] = _clean(out)
        return cleaned

    def write_html(self, path: Path | str) -> Path:
        """Write the self-contained HTML report (:mod:`vetowatch.evaluation.report_html`);
        missing folders are created."""
        from vetowatch.evaluation.report_html import write_backtest_html

        return write_backtest_html(self, Path(path))

    def write_plot(self, path: Path) -> Path:
        """Write the reliability diagram as a PNG (matplotlib, Agg backend)."""
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot as plt

        path.parent.mkdir(parents=True, exist_ok=True)
        fig, ax = plt.subplots(figsize=(5, 5))
        pts = [b for b in self.reliability if b.n]
        ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1)
        ax.plot([b.confidence for b in pts], [b.frequency for b in pts], marker="o")
        for b in pts:
            ax.annotate(str(b.n), (b.confidence, b.frequency), fontsize=7)
        ax.set_xlabel("forecast confidence (top outcome)")
        ax.set_ylabel("observed frequency")
        ax.set_title(f"Reliability {self.years[0]}–{self.years[1]} (ECE {self.ece:.3f})")
        fig.tight_layout()
        fig.savefig(path, dpi=100)
        plt.close(fig)
        return path


def _bins_json(table: Sequence[ReliabilityBin]) -> list[dict[str, Any]]:
    return [asdict(b) for b in table]


def _figures_json(
    fig: OutcomeFigures | None, dist: DistributionFigures | None
) -> dict[str, Any]:
    """The evaluation keys of ``to_json`` (None where the figures were not computed)."""
    out: dict[str, Any] = {}
    if fig is not None:
        out |= {
            "bss_recent_base": fig.bss_recent_base,
            "bss_ci": fig.interval_json("bss"),
            "bss_recent_base_ci": fig.interval_json("bss_recent_base"),
            "brier_ci": fig.interval_json("brier"),
            "log_loss_ci": fig.interval_json("log_loss"),
            "ece_nontrivial": fig.ece_nontrivial,
            "n_nontrivial": fig.n_nontrivial,
            "ece_nontrivial_null": fig.ece_nontrivial_null,
            "brier_decomposition": fig.decomposition_json(),
            "reliability_by_class": {
                k: _bins_json(v) for k, v in fig.reliability_by_class.items()
            },
        }
    out |= _distribution_json(dist)
    return out


def _distribution_json(dist: DistributionFigures | None) -> dict[str, Any]:
    if dist is None:
        return {}
    return {
        "tally_pit_below_1pct": dist.tally_pit_below_1pct,
        "tally_pit_below_10pct": dist.tally_pit_below_10pct,
        "tally_pit": {
            "n": dist.n_tallies,
            "method": "randomised PIT, seed 0",
            "at_or_below_q1": dist.tally_at_or_below_q1,
            "at_or_below_q10": dist.tally_at_or_below_q10,
            "expected": dist.tally_pit_expected,
            "other_seeds": dist.tally_pit_seeds,
        },
        "p_chn_no_given_rus_no": dist.co_veto["p_chn_no_given_rus_no"],
        "p_rus_no_given_chn_no": dist.co_veto["p_rus_no_given_chn_no"],
        "co_veto_joint_from": dist.joint_from,
        "reliability_by_member": {
            k: _bins_json(v) for k, v in dist.reliability_by_member.items()
        },
        "no_votes_by_member": dist.no_votes_by_member,
    }


def _distribution_scalars(dist: DistributionFigures) -> dict[str, Any]:
    """The distribution figures a baseline row carries (scalars and the conditionals)."""
    keep = (
        "tally_pit_below_1pct",
        "tally_pit_below_10pct",
        "p_chn_no_given_rus_no",
        "p_rus_no_given_chn_no",
    )
    full = _distribution_json(dist)
    return {k: full[k] for k in keep}


def _clean(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if isinstance(obj, float | np.floating):
        return None if not np.isfinite(obj) else float(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    return obj


def _veto_scores(
    forecasts: Sequence[DraftForecast], dists: Sequence[OutcomeDistribution]
) -> dict[str, dict[str, float | int]]:
    vetoed = np.array([f.record.outcome == "vetoed" for f in forecasts])
    out = {"vetoed": precision_recall(np.array([d.p_vetoed for d in dists]), vetoed)}
    for p5 in PERMANENT:
        truth = np.array([p5 in {seat(m) for m in f.record.vetoed_by} for f in forecasts])
        score = np.array([d.p_vetoed_by.get(p5, 0.0) for d in dists])
        out[p5] = precision_recall(score, truth)
    return out


def _member_scores(
    forecasts: Sequence[DraftForecast],
    dists: Sequence[OutcomeDistribution],
    use_calls: bool = False,
) -> tuple[dict[str, float], float, int]:
    """Accuracy per permanent seat and for elected members; macro-F1 on contested drafts.

    With ``use_calls``, each forecast's tuned ``calls`` replace the argmax (when present).
    """
    hits: dict[str, list[bool]] = {}
    pred_c: list[str] = []
    true_c: list[str] = []
    n_contested = 0
    for f, d in zip(forecasts, dists, strict=True):
        contested = any(v != "Y" for v in f.record.votes.values())
        n_contested += contested
        calls = f.calls if use_calls and f.calls else None
        for i, m in enumerate(d.members):
            vote = f.record.votes.get(m)
            if vote is None:
                continue
            pred = calls[i] if calls else VOTE_CODES[int(np.argmax(d.member_probs[i]))]
            role = seat(m) if seat(m) in PERMANENT else "elected"
            hits.setdefault(role, []).append(pred == vote)
            hits.setdefault("all", []).append(pred == vote)
            if contested:
                pred_c.append(pred)
                true_c.append(vote)
    acc = {k: float(np.mean(v)) for k, v in sorted(hits.items())}
    return acc, macro_f1(pred_c, true_c), n_contested


def _alert_scores(forecasts: Sequence[DraftForecast]) -> dict[str, float | int]:
    alerts = [f for f in forecasts if f.veto_alert is not None]
    truth = np.array([f.record.outcome == "vetoed" for f in alerts], dtype=bool)
    flagged = np.array([1.0 if f.veto_alert else 0.0 for f in alerts])
    return precision_recall(flagged, truth)


def _decades(
    forecasts: Sequence[DraftForecast], p: Array, base_p: dict[str, Array], y: IntArray
) -> dict[str, dict[str, Any]]:
    """Per decade: the model's scores and each baseline's BSS (``baseline_bss``)."""
    base = base_p.get("base_rate", p)
    decades = np.array([f.record.date.year // 10 * 10 for f in forecasts])
    out: dict[str, dict[str, Any]] = {}
    for dec in sorted(set(decades.tolist())):
        mask = decades == dec
        b_model, b_base = brier(p[mask], y[mask]), brier(base[mask], y[mask])
        out[f"{dec}s"] = {
            "n": int(mask.sum()),
            "brier": b_model,
            "log_loss": log_loss(p[mask], y[mask]),
            "bss": 1.0 - b_model / b_base if b_base > 0 else float("nan"),
            "base_rate_brier": b_base,
            "baseline_bss": {
                name: 1.0 - brier(bp[mask], y[mask]) / b_base if b_base > 0 else float("nan")
                for name, bp in base_p.items()
            },
        }
    return out


def _baseline_probs(
    forecasts: Sequence[DraftForecast], baseline_names: Sequence[str]
) -> tuple[dict[str, Array], list[OutcomeDistribution]]:
    """Each baseline's (N, 3) outcome probabilities, and repeat-last's distributions."""
    base_p = {
        name: np.array([f.baselines[name] for f in forecasts]).reshape(-1, 3)
        for name in baseline_names
        if forecasts and name in forecasts[0].baselines
    }
    rl = [f.repeat_last for f in forecasts if f.repeat_last is not None]
    if forecasts and len(rl) == len(forecasts):
        base_p["repeat_last"] = np.array([[d.p_adopted, d.p_vetoed, d.p_failed] for d in rl])
        return base_p, rl
    return base_p, []


def _baseline_rows(
    forecasts: Sequence[DraftForecast],
    figures: dict[str, OutcomeFigures],
    dists: dict[str, DistributionFigures],
    repeat_last: Sequence[OutcomeDistribution],
) -> dict[str, dict[str, Any]]:
    """Each baseline's figures as in ``to_json()["baselines"]``."""
    rows: dict[str, dict[str, Any]] = {name: fig.scalars() for name, fig in figures.items()}
    for name, dist in dists.items():
        rows[name] |= _distribution_scalars(dist)
    if repeat_last:
        _, f1, _ = _member_scores(forecasts, repeat_last)
        rows["repeat_last"]["macro_f1_contested"] = f1
    return rows


def _nan_like(p: Array) -> Array:
    return np.full_like(p, np.nan)


def build_report(
    forecasts: Sequence[DraftForecast],
    *,
    baseline_names: Sequence[str],
    params: dict[str, float],
    tuning: list[tuple[dict[str, float], float]],
    years: tuple[int, int],
    elapsed_s: float,
) -> BacktestReport:
    """Score ``forecasts`` (model and baselines) into a report."""
    y = np.array([OUTCOME_INDEX[f.record.outcome] for f in forecasts], dtype=np.int64)
    p = np.array([f.model_probs for f in forecasts]).reshape(-1, 3)
    dists = [f.model for f in forecasts]
    records = [f.record for f in forecasts]
    when = [f.record.date.year for f in forecasts]
    base_p, rl = _baseline_probs(forecasts, baseline_names)
    ref = base_p.get("base_rate", _nan_like(p))
    recent = base_p.get("recent_base_rate", _nan_like(p))
    figures = outcome_figures(p, y, when, ref, recent)
    base_figs = {name: outcome_figures(bp, y, when, ref, recent) for name, bp in base_p.items()}
    base_dist = {"repeat_last": distribution_figures(records, rl)} if rl else {}
    baselines = _baseline_rows(forecasts, base_figs, base_dist, rl)
    table = reliability_table(p.max(axis=1), p.argmax(axis=1) == y) if len(y) else []
    classwise = reliability_table(p.ravel(), np.eye(3, dtype=bool)[y].ravel()) if len(y) else []
    acc, f1_argmax, n_contested = _member_scores(forecasts, dists)
    call_acc, f1, _ = _member_scores(forecasts, dists, use_calls=True)
    return BacktestReport(
        n_drafts=len(forecasts),
        years=years,
        brier=figures.brier,
        log_loss=figures.log_loss,
        bss=figures.bss,
        per_decade=_decades(forecasts, p, base_p, y),
        veto=_veto_scores(forecasts, dists),
        member_accuracy=acc,
        macro_f1_contested=f1,
        n_contested=n_contested,
        macro_f1_contested_argmax=f1_argmax,
        call_accuracy=call_acc.get("all", float("nan")),
        veto_alert=_alert_scores(forecasts),
        reliability=table,
        ece=expected_calibration_error(table),
        ece_classwise=expected_calibration_error(classwise),
        baselines=baselines,
        params=params,
        tuning=tuning,
        elapsed_s=elapsed_s,
        forecasts=list(forecasts),
        figures=figures,
        distribution=distribution_figures(records, dists, [f.mixture for f in forecasts]),
        baseline_figures=base_figs,
        baseline_distribution=base_dist,
    )
