"""Issue 10 (china): China's vote given Russia's No keyed by the kind of text across topics,
and the region a spec without one reads."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import numpy as np
import pytest

from test_forecast_model import COUNCIL, E10, _record
from vetowatch.council.record import DraftRecord, VoteCode
from vetowatch.forecast import DraftSpec
from vetowatch.forecast.experts import KIND_FAMILIES, kind_family, member_context_key
from vetowatch.forecast.model import VoteModel


def _votes(rus: VoteCode, chn: VoteCode) -> dict[str, VoteCode]:
    votes: dict[str, VoteCode] = {m: "Y" for m in COUNCIL}
    votes["RUS"], votes["CHN"] = rus, chn
    return votes


def _history() -> list[DraftRecord]:
    """Western texts: on 'Myanmar' (measures on a government) Russia and China vote No
    together; on 'Georgia' (a mission's mandate) Russia votes No and China abstains; filler
    consensus texts elsewhere. Kinds are set on the records."""
    out: list[DraftRecord] = []
    day = date(2000, 1, 10)
    for i in range(60):
        day += timedelta(days=20)
        if i % 6 == 0:
            r = _record(i, day, "Myanmar", ("USA", "GBR"), _votes("N", "N"))
            out.append(dataclasses.replace(r, kind="sanctions"))
        elif i % 6 == 3:
            r = _record(i, day, "Georgia", ("USA", "FRA"), _votes("N", "A"))
            out.append(dataclasses.replace(r, kind="mandate-renewal"))
        else:
            r = _record(i, day, "Somalia", ("PRESIDENT",), _votes("Y", "Y"))
            out.append(dataclasses.replace(r, kind="mandate-renewal"))
    return out


HISTORY = _history()
LATE = HISTORY[-1].date + timedelta(days=1)


def _chn_no_given_rus_no(model: VoteModel, spec: DraftSpec) -> float:
    w, p = model.mixture(spec, COUNCIL)
    r, c = COUNCIL.index("RUS"), COUNCIL.index("CHN")
    joint = w * p[:, r, 1]
    return float((joint * p[:, c, 1]).sum() / joint.sum())


def test_kind_families_cover_known_kinds_and_default_to_other() -> None:
    assert kind_family("sanctions") == kind_family("condemnation") == "conduct"
    assert kind_family("mandate-renewal") == kind_family("peacekeeping") == "operations"
    assert kind_family("thematic") == kind_family(None) == kind_family("nonsense") == "other"
    assert set(KIND_FAMILIES.values()) == {"conduct", "operations"}


def test_chinas_no_with_russias_follows_its_record_on_such_texts_across_topics() -> None:
    # a new topic: neither Myanmar's nor Georgia's own history applies
    conduct = DraftSpec(date=LATE, topic="Syria", agenda="The situation in Syria",
                        submitters=("FRA", "GBR"), kind="sanctions")
    operations = dataclasses.replace(conduct, kind="mandate-renewal")
    off = VoteModel(beta_member_context=0.0).fit(HISTORY)
    on = VoteModel(beta_member_context=1.0).fit(HISTORY)
    # without the context key China's vote given the type ignores the kind of text (the
    # kind moves only the type weights, a little)
    assert _chn_no_given_rus_no(off, conduct) == pytest.approx(
        _chn_no_given_rus_no(off, operations), abs=1e-3)
    # with it, China's No goes with Russia's on a Western text judging a government's
    # conduct (its record: 10 of 10) more than on a mission's mandate (0 of 10)
    assert _chn_no_given_rus_no(on, conduct) > _chn_no_given_rus_no(off, conduct) + 0.05
    assert _chn_no_given_rus_no(on, operations) < _chn_no_given_rus_no(off, operations) - 0.05
    # the elected members' votes are untouched by it
    _, p_on = on.mixture(conduct, COUNCIL)
    _, p_off = off.mixture(conduct, COUNCIL)
    elected = [COUNCIL.index(m) for m in E10]
    np.testing.assert_allclose(p_on[:, elected], p_off[:, elected])


def test_a_bare_spec_keys_the_bloc_alone() -> None:
    """A CLI user's bare input (no kind, no title) reads China's record on the bloc's texts
    of any kind, not on one family."""
    model = VoteModel(beta_member_context=1.0).fit(HISTORY)
    bare = DraftSpec(date=LATE, topic="Syria", agenda="The situation in Syria",
                     submitters=("FRA", "GBR"))
    assert not bare.described
    assert member_context_key(bare, "CHN") == ("rbf", "CHN", "west", "any")
    conduct = dataclasses.replace(bare, kind="sanctions")
    low = _chn_no_given_rus_no(model, dataclasses.replace(bare, kind="mandate-renewal"))
    assert low < _chn_no_given_rus_no(model, bare) < _chn_no_given_rus_no(model, conduct)


def test_a_spec_without_a_region_reads_its_topics_usual_region() -> None:
    # the contested Georgia texts are filed without a region; Somalia's under Africa
    records = [dataclasses.replace(r, region=None) if r.topic == "Georgia" else r
               for r in HISTORY]
    spec = DraftSpec(date=LATE, topic="Somalia", agenda="The situation in Somalia",
                     submitters=("PRESIDENT",))
    inferring = VoteModel(infer_region=1.0).fit(records)
    assert inferring._region_key(spec) == "africa"
    with_region = dataclasses.replace(spec, region="Africa")
    np.testing.assert_allclose(inferring.type_weights(spec, COUNCIL),
                               inferring.type_weights(with_region, COUNCIL))
    # unknown topic and agenda: the region level is skipped
    assert inferring._region_key(dataclasses.replace(spec, topic="Mars", agenda="Mars")) is None
    plain = VoteModel(infer_region=0.0).fit(records)
    assert plain._region_key(spec) == ""  # the bucket of records filed without a region
    assert not np.allclose(plain.type_weights(spec, COUNCIL),
                           plain.type_weights(with_region, COUNCIL))
