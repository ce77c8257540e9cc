"""The member vote model: P(Y/N/A/X) for each of the 15 members, as a mixture of draft types.

**Draft types.** Every past draft with per-member votes falls in one of five types,
read off its votes: ``consensus`` (everybody Yes), ``east`` (Russia and/or China did not
vote Yes, the Western permanent members did), ``west`` (France, the UK and/or the US did
not vote Yes, Russia and China did), ``both`` (dissent in both camps) and ``elected``
(only elected members dissented). Tally-only records count for ``consensus`` when the
vote was unanimous, and by their vetoing members otherwise. A forecast first gives the
weight of each type for the new draft, then each member's vote distribution *given the
type*. Members are independent only given the type, so the mixture carries the strong
correlations of the record; :mod:`vetowatch.forecast.outcome` turns it into exact outcome
probabilities.

**Fine types** (:data:`TYPES`, :func:`draft_type`) are what the mixture runs over: each base
type split by who voted No (``east_rus``: Russia; ``east_chn``: China without Russia;
``east_abstain``: nobody; ``west_veto``/``west_abstain``; ``both_rus``/``both``), so that
China's No given Russia's is what the record says (≈ 0.4) and Russia's No given China's is
near 1; and every contested type split by the *level* of the elected members' dissent
(fewer than 2 of them not voting Yes, or more: :data:`LEVEL_CUTS`), the shared factor that
makes elected abstentions come together and the Yes tally's lower tail as wide as the
record's. Their weight is the base type's weight times the split within it (decayed counts,
all → region → agenda → topic → topic × submitter group). Votes a type rules out by its
definition keep only ``eps`` (a permanent member's No: ``eps_veto``).

**Type weights** pool smoothed, time-decayed type frequencies from nested contexts
(global → region → agenda → topic → topic × submitter group) and from side contexts
(submitter group, each submitting Council member, topic × submitter, kind, same-day rivals,
the draft's title words and subject terms, and the topic's recent history under a short
half-life) as a product of experts: ``log w ∝ log p_chain + Σ β_c (log p_c − log p_parent_c)``,
then tempered. The side experts live in :mod:`vetowatch.forecast.experts`. A spec without a
region reads its topic's usual one (``infer_region``).

**Member votes given the type** follow hierarchical shrinkage: all members → the seat
(each permanent seat) or the elected members pooled → the member → seat/elected × topic →
member × topic → × submitter group, each level a Dirichlet posterior mean centred on its
parent (``(n + α·parent) / (N + α)``), plus side contexts (the member's record on drafts of
this submitter group and of each submitter, and a permanent member's on texts of the same
submitter bloc × kind family across topics), and a member that submitted the draft gets the
pooled distribution of submitters voting on their own text.

(A learned per-member layer was built and measured; it did not help and was removed — its
result is kept in ``docs/forecast.md``.)

All counts decay with a half-life (years), are updated record by record in any order, and
a forecast only reads them: fitting on the ~2,000 drafts of 1994–2025 and forecasting all
of them takes about a second. The model has no randomness; ``random_state`` is kept for
the scikit-learn convention.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from vetowatch.council.record import DraftRecord, VoteCode
from vetowatch.errors import InvalidInputError, ModelError, NotFittedError
from vetowatch.forecast.config import ModelParams
from vetowatch.forecast.counts import DecayedCounts, year_fraction
from vetowatch.forecast.draft_types import (
    ALLOWED_VOTES,
    CLASSES,
    N_CLASSES,
    N_TYPES,
    SAME_BASE,
    SAME_STEM,
    TYPE_BASE,
    draft_class,
    draft_type,
    floor_weights,
)
from vetowatch.forecast.experts import (
    draft_type_keys,
    draft_type_lr,
    member_context_key,
    recent_lr,
    text_lr,
    usual_region,
)
from vetowatch.forecast.experts import normalise as _normalise
from vetowatch.forecast.experts import shrink as _shrink
from vetowatch.forecast.experts import shrink_within as _shrink_within
from vetowatch.forecast.outcome import VOTE_INDEX
from vetowatch.forecast.spec import PERMANENT, DraftSpec, count_rivals, norm_key, seat
from vetowatch.forecast.stacker import OutcomeContexts, OutcomeStacker

if TYPE_CHECKING:
    from vetowatch.forecast.explain import Forecast

__all__ = ["VoteHistoryItem", "VoteModel"]

Array = NDArray[np.float64]

# the hyper-parameters, in ``__init__``'s order: the fields of the one configuration dataclass
_PARAM_NAMES: tuple[str, ...] = tuple(f.name for f in fields(ModelParams))


@dataclass(frozen=True)
class VoteHistoryItem:
    """One permanent member's vote on one past draft, kept for explanations."""

    date: date
    topic: str
    group: str
    vote: str
    vetoed: bool


class VoteModel:
    """Forecasts each member's vote on a draft from the record before the draft's date.

    Hyper-parameters (scikit-learn style, set in ``__init__`` and never changed by
    ``fit``): ``half_life`` of the time decay in years; ``alpha_class`` and
    ``alpha_member``, the shrinkage strengths; ``beta_*``, the weights of the side
    contexts; ``temperature`` (< 1 flattens the draft-type weights); ``eps``, the chance
    of a vote that a draft type rules out (a non-Yes vote inside the consensus type), and
    ``eps_veto`` that of a permanent member's No that its type rules out (China's No in a
    type where China voted Yes or abstained); ``type_floor``, the share of the fine-type
    weights spread uniformly over the types (:func:`~vetowatch.forecast.draft_types.
    floor_weights`); ``beta_draft_type``/``beta_draft_type_recent``, the draft-type expert
    (bloc × kind across topics, ``experts.draft_type_lr``); ``stack_bloc``, whether the
    stacker's features include the bloc's rates; ``beta_member_context``, the weight of a
    permanent member's record on texts of the same bloc × kind family across topics in its
    vote given the type (``experts.member_context_key``: China's vote when Russia votes No
    on a Western text judging a government's conduct); ``infer_region`` (1 or 0), whether
    a spec with no region reads its topic's usual region. Learned state ends in ``_``.
    """

    def __init__(
        self,
        half_life: float = 10.0,
        alpha_class: float = 4.0,
        alpha_member: float = 4.0,
        beta_submitter: float = 0.5,
        beta_kind: float = 0.5,
        beta_rivals: float = 1.0,
        beta_member_group: float = 0.5,
        beta_member_submitter: float = 0.5,
        beta_text: float = 1.0,
        alpha_text: float = 4.0,
        beta_recent: float = 1.0,
        half_life_recent: float = 1.5,
        temperature: float = 0.8,
        eps: float = 1e-3,
        eps_veto: float = 1e-5,
        beta_draft_type: float = 0.0,
        beta_draft_type_recent: float = 0.0,
        stack_bloc: float = 0.0,
        random_state: int = 0,
        type_floor: float = 0.0,
        beta_member_context: float = 0.0,
        infer_region: float = 0.0,
    ) -> None:
        self.half_life = half_life
        self.alpha_class = alpha_class
        self.alpha_member = alpha_member
        self.beta_submitter = beta_submitter
        self.beta_kind = beta_kind
        self.beta_rivals = beta_rivals
        self.beta_member_group = beta_member_group
        self.beta_member_submitter = beta_member_submitter
        self.beta_text = beta_text
        self.alpha_text = alpha_text
        self.beta_recent = beta_recent
        self.half_life_recent = half_life_recent
        self.temperature = temperature
        self.eps = eps
        self.eps_veto = eps_veto
        self.beta_draft_type = beta_draft_type
        self.beta_draft_type_recent = beta_draft_type_recent
        self.stack_bloc = stack_bloc
        self.random_state = random_state
        self.type_floor = type_floor
        self.beta_member_context = beta_member_context
        self.infer_region = infer_region

    def get_params(self) -> dict[str, float]:
        """The hyper-parameters, as given to ``__init__``."""
        return {n: getattr(self, n) for n in _PARAM_NAMES}

    # ------------------------------------------------------------------ fitting

    def fit(self, records: Iterable[DraftRecord], before: date | None = None) -> VoteModel:
        """Learn from ``records`` (only those dated strictly before ``before``, if given)."""
        if self.half_life <= 0 or self.alpha_class <= 0 or self.alpha_member <= 0:
            raise ModelError("half_life, alpha_class and alpha_member must be positive")
        self.classes_ = CLASSES
        self.class_counts_ = DecayedCounts((N_CLASSES,), self.half_life)
        self.recent_counts_ = DecayedCounts((N_CLASSES,), self.half_life_recent)
        self.split_counts_ = DecayedCounts((N_TYPES,), self.half_life)
        self.dtype_counts_ = DecayedCounts((N_TYPES,), self.half_life)
        self.dtype_recent_ = DecayedCounts((N_TYPES,), self.half_life_recent)
        self.ruled_out_cache_: dict[tuple[str, ...], tuple[NDArray[np.bool_], Array]] = {}
        self.member_counts_ = DecayedCounts((N_TYPES, 4), self.half_life)
        self.history_: dict[tuple[str, str], list[VoteHistoryItem]] = {}
        self.vetoes_: dict[tuple[str, str], int] = {}
        self.regions_: dict[tuple[str, str], dict[str, int]] = {}
        self.outcomes_ = OutcomeContexts(self.half_life, self.half_life_recent,
                                         bloc_features=bool(self.stack_bloc))
        self.stacker_: OutcomeStacker | None = None
        self.typed_stacker_: OutcomeStacker | None = None
        self.n_records_ = 0
        self.last_date_: date | None = None
        return self.update(records, before=before)

    def update(self, records: Iterable[DraftRecord], before: date | None = None) -> VoteModel:
        """Add more records to a fitted model (any order; same result as refitting)."""
        self._check_fitted()
        kept = [r for r in records if before is None or r.date < before]
        rivals = count_rivals(kept)
        for record in kept:
            self._ingest(record, rivals[record.id])
        return self

    def _ingest(self, record: DraftRecord, rivals: int) -> None:
        spec = DraftSpec.from_record(record, rivals=rivals)
        t = year_fraction(record.date)
        k = draft_class(record)
        if k is not None:
            wgt = self.class_counts_.weight(t)
            for key in self._class_keys(spec, tuple(record.votes)):
                self.class_counts_.add(key, k, wgt)
            wgt = self.recent_counts_.weight(t)
            for key in self._recent_keys(spec):
                self.recent_counts_.add(key, k, wgt)
        f = draft_type(record)
        if f is not None:
            wgt = self.split_counts_.weight(t)
            for key in self._split_keys(spec):
                self.split_counts_.add(key, f, wgt)
            dkeys = draft_type_keys(spec)
            for key in dkeys:
                self.dtype_counts_.add(key, f, wgt)
            wgt_r = self.dtype_recent_.weight(t)
            for key in dkeys[:2]:
                self.dtype_recent_.add(key, f, wgt_r)
            self._ingest_votes(record, spec, f, t)
        self.outcomes_.add(record, spec)
        if spec.region:
            for rkey in (("topic", spec.topic_key), ("agenda", spec.agenda_key)):
                seen = self.regions_.setdefault(rkey, {})
                seen[spec.region] = seen.get(spec.region, 0) + 1
        topic = spec.topic_key
        for m in record.vetoed_by:
            self.vetoes_[(seat(m), topic)] = self.vetoes_.get((seat(m), topic), 0) + 1
        self.n_records_ += 1
        if self.last_date_ is None or record.date > self.last_date_:
            self.last_date_ = record.date

    def _ingest_votes(self, record: DraftRecord, spec: DraftSpec, k: int, t: float) -> None:
        wgt = self.member_counts_.weight(t)
        council = tuple(record.votes)
        subs = self._council_submitters(spec, council)
        pooled = SAME_STEM[k]
        for member, vote in record.votes.items():
            v = VOTE_INDEX[vote]
            s = seat(member)
            # a permanent member's vote defines the type, the elected members' level does
            # not: its own counts go to every level of the type ("g" and "self" are shared)
            for key in self._member_keys(spec, member, subs):
                if s in PERMANENT and key[0] not in ("g", "self"):
                    self.member_counts_.add(key, (pooled, v), wgt)
                else:
                    self.member_counts_.add(key, (k, v), wgt)
            if s in PERMANENT:
                item = VoteHistoryItem(
                    record.date, spec.topic_key, spec.group, vote, s in record.vetoed_by
                )
                self.history_.setdefault((s, spec.topic_key), []).append(item)

    # ------------------------------------------------------------------ context keys

    @staticmethod
    def _council_submitters(spec: DraftSpec, council: Sequence[str]) -> tuple[str, ...]:
        """Submitters that sit on the Council (seats), else the submitter group."""
        seats = {seat(m) for m in council}
        subs = tuple(sorted({seat(s) for s in spec.submitters} & seats))
        return subs if subs else (spec.group,)

    def _class_keys(self, spec: DraftSpec, council: Sequence[str]) -> list[tuple[str, ...]]:
        topic, group = spec.topic_key, spec.group
        keys: list[tuple[str, ...]] = [
            ("all",),
            ("region", norm_key(spec.region)),
            ("agenda", spec.agenda_key),
            ("topic", topic),
            ("topic_grp", topic, group),
            ("grp", group),
            ("kind", spec.resolved_kind() or ""),
            ("rivals", str(min(spec.rivals, 2))),
        ]
        keys += [("tok", t) for t in spec.tokens]
        for s in self._council_submitters(spec, council) if council else (group,):
            keys.append(("sub", s))
            keys.append(("topic_sub", topic, s))
        return keys

    @staticmethod
    def _split_keys(spec: DraftSpec) -> list[tuple[str, ...]]:
        topic = spec.topic_key
        return [
            ("all",),
            ("region", norm_key(spec.region)),
            ("agenda", spec.agenda_key),
            ("topic", topic),
            ("topic_grp", topic, spec.group),
        ]

    def _region_key(self, spec: DraftSpec) -> str | None:
        """The region a forecast reads: the spec's own, else (with ``infer_region``) its
        topic's usual one (:func:`~vetowatch.forecast.experts.usual_region`); without
        ``infer_region``, the bucket of records that lack one."""
        if spec.region or not self.infer_region:
            return norm_key(spec.region)
        return usual_region(self.regions_, spec)

    def _forecast_split_keys(self, spec: DraftSpec) -> list[tuple[str, ...]]:
        """:meth:`_split_keys` below ``all`` with the region a forecast reads
        (:meth:`_region_key`; left out when unknown)."""
        keys = self._split_keys(spec)[2:]
        region = self._region_key(spec)
        return keys if region is None else [("region", region), *keys]

    @staticmethod
    def _recent_keys(spec: DraftSpec) -> list[tuple[str, ...]]:
        return [("all",), ("agenda", spec.agenda_key), ("topic", spec.topic_key)]

    @staticmethod
    def _role(member: str) -> str:
        s = seat(member)
        return s if s in PERMANENT else "E"

    def _member_keys(
        self, spec: DraftSpec, member: str, subs: Sequence[str]
    ) -> list[tuple[str, ...]]:
        role, m, topic, group = self._role(member), seat(member), spec.topic_key, spec.group
        keys: list[tuple[str, ...]] = [("g",), ("r", role), ("rt", role, topic)]
        keys.append(("rtg", role, topic, group))
        keys.append(("rg", role, group))
        if role != "E":
            keys.append(member_context_key(spec, role))
        if role == "E":
            keys += [("m", m), ("mt", m, topic)]
        if m in {seat(s) for s in spec.submitters}:
            keys.append(("self",))
        keys += [("rs", role, s) for s in subs if s != m]
        return keys

    # ------------------------------------------------------------------ prediction

    def _check_fitted(self) -> None:
        if not hasattr(self, "class_counts_"):
            raise NotFittedError("VoteModel.fit must be called before predicting")

    def _check_spec(self, spec: DraftSpec, members: Sequence[str]) -> None:
        if self.last_date_ is not None and spec.date <= self.last_date_:
            raise ModelError(
                f"the model has seen records up to {self.last_date_}; a forecast for "
                f"{spec.date} must use only earlier records (refit with before={spec.date})"
            )
        if not members or len(members) > 15 or len(set(members)) != len(members):
            raise InvalidInputError("give the Council's composition: up to 15 distinct codes")

    def class_weights(self, spec: DraftSpec, members: Sequence[str]) -> Array:
        """P(base draft type | spec) over :data:`CLASSES`."""
        self._check_fitted()
        self._check_spec(spec, members)
        return self._class_weights(spec, members)

    def type_weights(self, spec: DraftSpec, members: Sequence[str]) -> Array:
        """P(fine draft type | spec) over :data:`TYPES`."""
        self._check_fitted()
        self._check_spec(spec, members)
        return self._type_weights(spec, members)

    def _type_weights(self, spec: DraftSpec, members: Sequence[str]) -> Array:
        """The base weights (tempered) times the split within each base class: veto or
        abstention, and the elected members' level, from decayed counts in nested contexts
        (all → region → agenda → topic → topic × submitter group), not tempered."""
        sc, t, a = self.split_counts_, year_fraction(spec.date), self.alpha_class
        split = _shrink_within(sc.get(("all",), t), 1.0 / SAME_BASE.sum(axis=1), 1.0)
        whole = split
        for key in self._forecast_split_keys(spec):
            split = _shrink_within(sc.get(key, t), split, a)
        if self.beta_draft_type or self.beta_draft_type_recent:
            lr = draft_type_lr(self.dtype_counts_, self.dtype_recent_, spec, t, a,
                               self.beta_draft_type, self.beta_draft_type_recent)
            split = split * np.exp(lr)
            split = split / (SAME_BASE @ split)
        base = self._class_weights(spec, members)
        out: Array = base[list(TYPE_BASE)] * split
        out /= out.sum()
        return floor_weights(out, self.type_floor, whole)

    def _class_weights(self, spec: DraftSpec, members: Sequence[str]) -> Array:
        cc, t, a = self.class_counts_, year_fraction(spec.date), self.alpha_class

        def get(*key: str) -> Array:
            return cc.get(key, t)

        topic, group = spec.topic_key, spec.group
        p_all = _shrink(get("all"), np.full(N_CLASSES, 1.0 / N_CLASSES), 1.0)
        region = self._region_key(spec)
        p_region = p_all if region is None else _shrink(get("region", region), p_all, a)
        p_agenda = _shrink(get("agenda", spec.agenda_key), p_region, a)
        p_topic = _shrink(get("topic", topic), p_agenda, a)
        subs = self._council_submitters(spec, members)
        p_grp = _shrink(get("grp", group), p_all, a)
        log_sub = np.mean([np.log(_shrink(get("sub", s), p_grp, a)) for s in subs], axis=0)
        log_tsub = np.mean(
            [np.log(_shrink(get("topic_sub", topic, s), p_topic, a)) for s in subs], axis=0
        )
        # prior of the topic x submitter-group cell: the topic-level estimate tilted by
        # what the submitters' texts do elsewhere; the cell's own history overrides it
        log_prior = log_tsub + self.beta_submitter * (log_sub - np.log(p_all))
        p_cell = _shrink(get("topic_grp", topic, group), _normalise(log_prior), a)
        log_w = np.log(p_cell)
        log_all = np.log(p_all)
        kind = spec.resolved_kind() or ""
        log_w += self.beta_kind * (np.log(_shrink(get("kind", kind), p_all, a)) - log_all)
        rivals = get("rivals", str(min(spec.rivals, 2)))
        log_w += self.beta_rivals * (np.log(_shrink(rivals, p_all, a)) - log_all)
        if self.beta_recent:
            log_w += self.beta_recent * recent_lr(self.recent_counts_, spec, p_all, p_topic,
                                                  t, a)
        if self.beta_text and spec.tokens:
            log_w += self.beta_text * text_lr(cc, sorted(spec.tokens), p_all, t,
                                              self.alpha_text)
        return _normalise(log_w * self.temperature)

    def member_probs(self, spec: DraftSpec, members: Sequence[str]) -> Array:
        """P(vote | draft type) per member: shape (K, n, 4) over Y/N/A/X."""
        self._check_fitted()
        self._check_spec(spec, members)
        return self._member_probs(spec, members)

    def _member_probs(self, spec: DraftSpec, members: Sequence[str]) -> Array:
        mc, t, a = self.member_counts_, year_fraction(spec.date), self.alpha_member
        scale = mc.scale(t)
        topic, group = spec.topic_key, spec.group
        subs = self._council_submitters(spec, members)
        submitted = {seat(s) for s in spec.submitters}
        n = len(members)
        # levels: r, m, rt, mt, rtg, rg, self, rbf (context); then one slot per submitter
        levels = np.zeros((8 + len(subs), n, N_TYPES, 4))
        has_sub = np.zeros((len(subs), n, 1, 1))
        for i, member in enumerate(members):
            role, m = self._role(member), seat(member)
            keys = [("r", role), ("m", m), ("rt", role, topic), ("mt", m, topic)]
            keys += [("rtg", role, topic, group), ("rg", role, group), ("self",)]
            keys.append(member_context_key(spec, role) if role != "E" else ("-",))
            for j, key in enumerate(keys):
                if role != "E" and j in (1, 3):
                    continue
                levels[j, i] = mc.raw(key)
            for j, sub in enumerate(subs):
                if sub != m:
                    levels[8 + j, i] = mc.raw(("rs", role, sub))
                    has_sub[j, i] = 1.0
        levels *= scale
        g = mc.raw(("g",)) * scale
        p_g = _shrink(g, _shrink(SAME_BASE @ g, np.full((N_TYPES, 4), 0.25), 1.0), a)
        p = _shrink(levels[0], p_g, a)
        p_m = _shrink(levels[1], p, a)
        log_m = np.log(p_m)
        p_t = _shrink(levels[3], _shrink(levels[2], p_m, a), a)
        # prior of the seat x topic x submitter-group cell: topic estimate tilted by the
        # member's record on this group's and these submitters' texts elsewhere
        log_prior = np.log(p_t)
        log_prior = log_prior + self.beta_member_group * (
            np.log(_shrink(levels[5], p_m, a)) - log_m
        )
        if self.beta_member_context:
            log_prior = log_prior + self.beta_member_context * (
                np.log(_shrink(levels[7], p_m, a)) - log_m
            )
        if subs:
            lr = (np.log(_shrink(levels[8:], p_m[None], a)) - log_m[None]) * has_sub
            count = np.maximum(has_sub.sum(axis=0), 1.0)
            log_prior += self.beta_member_submitter * lr.sum(axis=0) / count
        q = _shrink(levels[4], _normalise(log_prior), a)
        own = np.array([seat(m) in submitted for m in members])
        if own.any():
            q[own] = _shrink(levels[6][own], q[own], a)
        mask, fill = self._ruled_out(tuple(self._role(m) for m in members))
        q = np.where(mask, q, 0.0)
        q = q / q.sum(axis=-1, keepdims=True) * (1.0 - fill.sum(axis=-1, keepdims=True)) + fill
        return np.transpose(q, (1, 0, 2)).copy()

    def _ruled_out(self, roles: tuple[str, ...]) -> tuple[NDArray[np.bool_], Array]:
        """(n, T, 4) masks of the votes each type allows, and the small probability kept
        by the others: ``eps`` (as in the consensus type), ``eps_veto`` for a permanent
        member's No that its type rules out (China's No where China voted Yes or abstained).
        """
        cache = self.ruled_out_cache_
        if roles not in cache:
            mask = np.stack([ALLOWED_VOTES[r] for r in roles])
            fill = np.where(mask, 0.0, self.eps)
            perm = np.array([r != "E" for r in roles])
            fill[perm, :, 1] = np.where(mask[perm, :, 1], 0.0, self.eps_veto)
            cache[roles] = (mask, fill)
        return cache[roles]

    def predict_proba(self, spec: DraftSpec, members: Sequence[str]) -> Array:
        """Marginal P(Y, N, A, X) per member: shape (n, 4), columns in ``VOTE_CODES`` order."""
        w, p = self.mixture(spec, members)
        return np.asarray(np.einsum("k,kmv->mv", w, p))

    def mixture(self, spec: DraftSpec, members: Sequence[str]) -> tuple[Array, Array]:
        """The fine draft-type weights (T,) and per-type member distributions (T, n, 4)
        (:data:`TYPES`)."""
        self._check_fitted()
        self._check_spec(spec, members)
        return self._type_weights(spec, members), self._member_probs(spec, members)

    def raw_mixture(self, spec: DraftSpec, members: Sequence[str]) -> tuple[Array, Array]:
        """Alias of :meth:`mixture` (kept for callers of the removed per-member layer)."""
        return self.mixture(spec, members)

    def predict(
        self,
        spec: DraftSpec,
        members: Sequence[str],
        adjustments: Mapping[str, Mapping[VoteCode, float]] | None = None,
        records: Iterable[DraftRecord] | None = None,
        k: int = 5,
    ) -> Forecast:
        """The full :class:`~vetowatch.forecast.explain.Forecast` for a draft.

        ``adjustments`` are per-member likelihood ratios on Y/N/A/X (e.g. from news),
        applied inside every draft type before the exact outcome computation;
        ``records`` (optional) supply the ``k`` closest precedents.
        """
        from vetowatch.forecast.explain import make_forecast

        return make_forecast(self, spec, members, adjustments, records, k)

    # ------------------------------------------------------------------ stacking

    def set_stacker(
        self, stacker: OutcomeStacker | None, typed: OutcomeStacker | None = None
    ) -> VoteModel:
        """Attach an outcome stacker (fitted on out-of-sample forecasts of past drafts, see
        :func:`vetowatch.forecast.fitting.fit_stacked`) and, optionally, the one trained on
        drafts as a CLI user types them (used for specs that are not
        :attr:`~vetowatch.forecast.spec.DraftSpec.described`); ``None`` removes them."""
        self._check_fitted()
        self.stacker_ = stacker
        self.typed_stacker_ = typed
        return self

    def stacker_for(self, spec: DraftSpec) -> OutcomeStacker | None:
        """The outcome stacker a forecast of ``spec`` uses: the typed-input one for a spec
        with no kind, title, text or subjects (when fitted), else the full one."""
        typed: OutcomeStacker | None = getattr(self, "typed_stacker_", None)
        if typed is not None and not spec.described:
            return typed
        return self.stacker_

    def stack_features(self, spec: DraftSpec, model_probs: Array) -> Array:
        """The stacker's features of a draft (:data:`~vetowatch.forecast.stacker.FEATURES`)
        given the member model's P(adopted, vetoed, failed)."""
        self._check_fitted()
        return self.outcomes_.features(spec, model_probs)

    def outcome_lr(self, spec: DraftSpec, model_probs: Array) -> Array:
        """The stacker's likelihood ratio on (adopted, vetoed, failed); ones without one."""
        self._check_fitted()
        stacker = self.stacker_for(spec)
        if stacker is None:
            return np.ones(3)
        x = self.outcomes_.features(spec, model_probs)
        base = self.outcomes_.base_rate(spec.date)
        return np.asarray(np.exp(stacker.outcome_log_ratio(x, model_probs, base)), dtype=float)

    def member_history(self, member: str, topic_key: str) -> list[VoteHistoryItem]:
        """A permanent member's past votes on a topic (oldest first)."""
        self._check_fitted()
        return list(self.history_.get((seat(member), topic_key), []))

    def veto_count(self, member: str, topic_key: str) -> int:
        """How many drafts on a topic a permanent member vetoed in the fitted record."""
        self._check_fitted()
        return self.vetoes_.get((seat(member), topic_key), 0)
