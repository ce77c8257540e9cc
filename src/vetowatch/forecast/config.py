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
    random_state: int = 0

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

    def model_kwargs(self) -> dict[str, Any]:
        return self.model.kwargs()

    def to_json(self) -> dict[str, Any]:
        return {"model": self.model.kwargs(), "stack": self.stack,
                "tuned_on": list(self.tuned_on), "version": self.version}

    @property
    def version(self) -> str:
        """A short hash of the values and of the forecast package's code."""
        package = files("vetowatch.forecast")
        code = sorted(
            (p.name, p.read_bytes()) for p in package.iterdir()
            if p.name.endswith(".py")
        )
        values = json.dumps({"model": self.model.kwargs(), "stack": self.stack},
                            sort_keys=True).encode()
        return digest([("config", values), *code])


SHIPPED = ForecastConfig()
