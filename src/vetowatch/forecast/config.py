"""The forecaster's configuration: one dataclass of hyper-parameters, the one the backtest scores.

``SHIPPED`` is what ``vetowatch forecast``, ``forecast --news``, the demo and the backtest
use. Its member-model values were chosen by ``vetowatch backtest --tune`` on the years
1994–1999 only (a grid over ``half_life``, ``alpha_*`` and ``temperature``, scored by the
out-of-sample outcome and member-vote log loss), so the 2000–2025 backtest never saw its
test years. ``version`` hashes the values and the forecast code, so a fitted model cached
under one configuration is never reused under another.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from importlib.resources import files
from typing import Any

from vetowatch.versions import digest

__all__ = ["SHIPPED", "ForecastConfig", "ModelParams"]


@dataclass(frozen=True)
class ModelParams:
    """Every hyper-parameter of :class:`~vetowatch.forecast.model.VoteModel` (its
    ``__init__`` arguments), with the tuned values as defaults."""

    half_life: float = 20.0
    alpha_class: float = 4.0
    alpha_member: float = 4.0
    beta_submitter: float = 0.5
    beta_kind: float = 0.5
    beta_rivals: float = 1.0
    beta_member_group: float = 0.5
    beta_member_submitter: float = 0.5
    beta_text: float = 1.0
    alpha_text: float = 4.0
    beta_recent: float = 1.0
    half_life_recent: float = 1.5
    temperature: float = 0.6
    eps: float = 1e-3
    eps_veto: float = 1e-5
    # issue 10 (input): the draft-type expert on (submitter bloc × kind) across topics, within
    # the fine-type split, long memory and the bloc's recent history; off (0) because every
    # value of (0.25, 0.5, 1) x (0, .25, .5, 1) was worse on 1994-1999 (backtest.tune)
    beta_draft_type: float = 0.0
    beta_draft_type_recent: float = 0.0
    # the outcome stacker also sees the bloc x kind outcome rates across topics and the
    # bloc's recent rates (1) or not (0), weights learnt rolling; off: it cost BSS
    stack_bloc: float = 0.0
    random_state: int = 0
    # issue 10 (structure): the draft-type weights mixed at this weight with every base class
    # alike, split as in the whole record (draft_types.floor_weights); 0.01 is the best of
    # (0, .001, .003, .01, .02, .03, .05, .1) on 1994-1999 by backtest.tuning_score
    # (benchmarks/forecast_tails.py); 0 switches it off
    type_floor: float = 0.01
    # issue 10 (china): a member's vote given the draft type also reads its record on texts
    # of the same submitter bloc x kind family across topics (model.VoteModel._context_key),
    # at this weight; 0 switches it off. 1 fixed a priori (as beta_text, beta_recent): the
    # 1994-1999 score cannot tell (0.17153 at 0, 0.17168 at 1: one Russian No in six years)
    beta_member_context: float = 1.0
    # issue 10 (china): a spec with no region (every CLI forecast) reads the region its
    # topic's (else agenda's) past records were filed under (1), or the bucket of records
    # that lack a region (0, as before); model.VoteModel._region_key. 1: better on
    # 1994-1999 by backtest.tuning_score (0.17124 against 0.17168)
    infer_region: float = 1.0

    def kwargs(self) -> dict[str, Any]:
        return asdict(self)

    def with_values(self, values: dict[str, Any]) -> ModelParams:
        """A copy with ``values`` (names of fields) replaced; unknown names are ignored."""
        names = {f.name for f in fields(self)}
        known: dict[str, Any] = {k: v for k, v in values.items() if k in names}
        return replace(self, **known)


@dataclass(frozen=True)
class ForecastConfig:
    """The member model's hyper-parameters and whether the outcome stacker is applied."""

    model: ModelParams = field(default_factory=ModelParams)
    stack: bool = True
    tuned_on: tuple[int, int] = (1994, 1999)
    # issue 10 (input): a second outcome stacker trained on forecasts from specs cut down to
    # what a CLI user types (agenda, topic, submitters), for specs with no title and no kind
    # — off: better log loss on all typed drafts 2012-2025 but a thinner tail on the vetoed
    # and failed ones (docs/forecast.md, "What a CLI user types"); and the floor, the stacked
    # outcome mixed with the recent base rate at a weight chosen rolling after the penalty
    # (stacker.MIX_GRID)
    user_stack: bool = False
    floor: bool = True

    def model_kwargs(self) -> dict[str, Any]:
        return self.model.kwargs()

    def to_json(self) -> dict[str, Any]:
        return {"model": self.model.kwargs(), "stack": self.stack,
                "user_stack": self.user_stack, "floor": self.floor,
                "tuned_on": list(self.tuned_on), "version": self.version}

    @property
    def version(self) -> str:
        """A short hash of the values and of the forecast package's code."""
        package = files("vetowatch.forecast")
        code = sorted(
            (p.name, p.read_bytes()) for p in package.iterdir()
            if p.name.endswith(".py")
        )
        values = json.dumps({"model": self.model.kwargs(), "stack": self.stack,
                             "user_stack": self.user_stack, "floor": self.floor},
                            sort_keys=True).encode()
        return digest([("config", values), *code])


SHIPPED = ForecastConfig()
