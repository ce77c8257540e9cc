"""Full CAMEO codes: the longest-prefix lookups (Goldstein, PLOVER type/mode/context,
QuadClass), events made from full codes, the lexicon's codes and the export rows of old
(root-only) and new (full-code) statements."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vetowatch.extract.cameo import (
    CROSSWALK_FILE,
    GOLDSTEIN_BY_CODE,
    GOLDSTEIN_BY_ROOT,
    PLOVER_BY_ROOT,
    PloverCode,
    goldstein,
    is_code,
    plover_code,
    plover_type,
    prefixes,
    quad_class,
    read_crosswalk,
    rejected_code,
    requested_code,
    root_of,
)
from vetowatch.extract.lexicon import load_lexicon
from vetowatch.extract.official import READOUT_VERBS
from vetowatch.extract.statement import Event
from vetowatch.statements.layouts import LAYOUTS

ROOTS = sorted(GOLDSTEIN_BY_ROOT)
codes = st.builds(lambda root, tail: root + tail, st.sampled_from(ROOTS),
                  st.text(alphabet="0123456789", min_size=0, max_size=2))


@given(codes)
def test_any_code_under_a_root_gets_a_goldstein_weight(code: str) -> None:
    weight = goldstein(code)
    assert -10.0 <= weight <= 10.0
    # the weight is the longest listed prefix's: the code's own, else its parents'
    listed = [p for p in prefixes(code) if p in GOLDSTEIN_BY_CODE or p in GOLDSTEIN_BY_ROOT]
    best = listed[0]
    assert weight == GOLDSTEIN_BY_CODE.get(best, GOLDSTEIN_BY_ROOT.get(best))
    assert quad_class(code) in (1, 2, 3, 4)
    assert root_of(code) == code[:2] and is_code(code)
    assert plover_type(code) == PLOVER_BY_ROOT[code[:2]]  # no table: the root's category


@given(st.text(max_size=6))
def test_lookups_never_raise_on_anything(text: str) -> None:
    assert isinstance(goldstein(text), float)
    plover_type(text)
    plover_code(text, {"11": PloverCode("ACCUSE")})
    quad_class(text)
    if not (text.isdigit() and 2 <= len(text) <= 4 and text[:2] in GOLDSTEIN_BY_ROOT):
        assert not is_code(text)


def test_longest_prefix_weights() -> None:
    # four digits → three → root, with the codebook's differences at every level
    assert [goldstein(c) for c in ("08", "087", "0871", "0874", "0879")] == [5.0, 9.0, 9.0,
                                                                             10.0, 9.0]
    assert [goldstein(c) for c in ("18", "182", "1821", "1823")] == [-9.0, -9.5, -9.0, -10.0]
    assert [goldstein(c) for c in ("13", "130", "138", "1385")] == [-6.0, -4.4, -7.0, -7.0]
    assert goldstein("129") == -5.0 and goldstein("12") == -4.0 and goldstein("051") == 3.4
    assert goldstein("00") == 0.0 and goldstein("") == 0.0  # not a CAMEO code


def test_sparse_table_lists_only_differences() -> None:
    for code, weight in GOLDSTEIN_BY_CODE.items():
        assert code.isdigit() and len(code) in (3, 4) and code[:2] in GOLDSTEIN_BY_ROOT
        parent = code[:-1]
        inherited = GOLDSTEIN_BY_CODE.get(parent, GOLDSTEIN_BY_ROOT.get(parent))
        if inherited is None:  # a four-digit code under an unlisted three-digit one
            inherited = goldstein(code[:2])
        assert weight != inherited, code


def test_events_from_full_codes_and_roots() -> None:
    assert Event.from_code("111") == Event("111", "ACCUSE", -2.0)
    assert Event.from_code("129") == Event("129", "REJECT", -5.0)
    assert Event.from_code("0874", {"08": "CONCEDE", "087": "RETREAT"}) == Event(
        "0874", "RETREAT", 10.0)
    assert Event.from_code("01") == Event("01", None, 0.0)
    assert Event.from_root("1121") == Event("11", "ACCUSE", -2.0)  # a root stays a root
    assert Event.from_code("1121").root == "11"


@pytest.mark.parametrize(("root", "act", "leader", "expected"), [
    ("10", "0871", False, "1056"),  # a ceasefire: de-escalation
    ("02", "0871", False, "0256"),  # the same appealed for
    ("10", "046", False, "106"),  # talks: a meeting or negotiation
    ("10", "0841", False, "1053"),  # the release of persons
    ("10", "083", False, "104"),  # political reform
    ("10", "083", True, "1041"),  # a leader to go
    ("02", None, True, "0241"),
    ("10", "074", False, "10"),  # protection: no counterpart, the root
    ("10", None, False, "10"),
    ("11", "0871", True, "11"),  # not a request: unchanged
    ("03", "046", False, "036"),  # an intent to negotiate
    ("03", "0871", False, "0356"),  # an intent to de-escalate
    ("03", "0333", False, "0333"),  # already an intent: kept
    ("03", "030", False, "03"),  # "not specified below" is the root
    ("10", "1053", False, "1053"),
])
def test_requests_are_coded_by_what_they_ask_for(root: str, act: str | None, leader: bool,
                                                 expected: str) -> None:
    assert requested_code(root, act, leader) == expected


@pytest.mark.parametrize(("asked", "expected"), [
    ("1041", "1231"), ("0241", "1231"), ("1056", "1246"), ("1053", "1243"), ("106", "125"),
    ("108", "126"), ("107", "127"), ("1033", "1223"), ("1012", "1212"),
    ("102", "12"), ("10", "12"), ("111", "12"),
])
def test_rejections_are_coded_by_what_they_reject(asked: str, expected: str) -> None:
    assert rejected_code(asked) == expected
    assert is_code(expected) and root_of(expected) == "12"


def test_crosswalk_full_codes(events_dir: Path) -> None:
    crosswalk = read_crosswalk(events_dir / CROSSWALK_FILE)
    assert crosswalk["08"].event == "CONCEDE"  # the first line of a code wins
    assert plover_code("0841", crosswalk) == PloverCode("RETREAT", "release", "legal")
    assert plover_code("1121", crosswalk) == PloverCode("ACCUSE", "allege", "crime; corruption")
    assert plover_code("163", crosswalk) is not None
    assert plover_code("163", crosswalk).event == "COERCE"  # type: ignore[union-attr]
    assert plover_code("1639", crosswalk) == crosswalk["163"]  # longest prefix
    assert plover_code("012", crosswalk) is None  # 01 has no PLOVER category
    assert plover_code("023", crosswalk) == PloverCode("REQUEST")  # not in it: the root's


def _lexicon_codes() -> list[tuple[str, str]]:
    lexicon = load_lexicon()
    found = [(f"cue {cue.lemma}/{cue.kind}", cue.cameo) for cue in lexicon.cues.values()]
    found += [(f"stance {lemma}", code) for lemma, (code, _) in lexicon.stance.items()]
    found += [(f"readout {lemma}", code) for lemma, (code, _) in READOUT_VERBS.items()]
    return found


def test_lexicon_codes_are_cameo_codes_that_keep_their_roots_plover(events_dir: Path) -> None:
    crosswalk = read_crosswalk(events_dir / CROSSWALK_FILE)
    table = {code: p.event for code, p in crosswalk.items()}
    full = [(name, code) for name, code in _lexicon_codes() if len(code) > 2]
    assert len(full) >= 20  # the cues that name a CAMEO event
    for name, code in _lexicon_codes():
        assert is_code(code), name
    for name, code in full:
        # a finer cue code never moves the statement to another PLOVER category
        assert plover_type(code, table) == PLOVER_BY_ROOT[code[:2]], (name, code)
        assert not code.endswith("0"), (name, code)  # "not specified below" is the root


def _row(cameo: str, plover: str | None, weight: float) -> Any:
    return SimpleNamespace(
        article_id="a1", seq=3, cameo=cameo, plover=plover, goldstein=weight, content="c",
        sentence="s", cue="condemned", via="[]", polarity=-1, negated=False,
        speaker_actor="RUSGOV", speaker_text="Moscow", target_actor="USAGOV",
        target_text="Washington", when_date=date(2011, 8, 19), published=date(2011, 8, 19),
        title="t", source="o", url="u", start=0, end=1)


CROSSWALK = {"11": PloverCode("ACCUSE"), "112": PloverCode("ACCUSE", "disapprove"),
             "1121": PloverCode("ACCUSE", "allege", "crime; corruption"),
             "163": PloverCode("COERCE", "restrict", "diplomatic")}


@pytest.mark.parametrize(("stored", "expected"), [
    # a row stored before full codes: a root only, as before
    (("11", "ACCUSE", -2.0), {"EventCode": "11", "EventRootCode": "11", "QuadClass": 3,
                              "event_type": "ACCUSE", "event_mode": "", "event_context": ""}),
    (("01", None, 0.0), {"EventCode": "01", "EventRootCode": "01", "QuadClass": 1,
                         "event_type": "", "event_mode": "", "event_context": ""}),
    # full codes: root, QuadClass and PLOVER mode/context by longest prefix
    (("1121", "ACCUSE", -2.0), {"EventCode": "1121", "EventRootCode": "11", "QuadClass": 3,
                                "event_type": "ACCUSE", "event_mode": "allege",
                                "event_context": "crime; corruption"}),
    (("1123", "ACCUSE", -2.0), {"EventRootCode": "11", "event_mode": "disapprove"}),
    (("163", "COERCE", -8.0), {"EventRootCode": "16", "QuadClass": 4, "event_type": "COERCE",
                               "Intensity": -8.0, "CAMEO Code": "163"}),
    # no stored category: the root's (SANCTION); the crosswalk's mode for COERCE is not used
    (("163", None, -8.0), {"event_type": "SANCTION", "event_mode": ""}),
])
def test_export_rows_read_old_and_full_codes(stored: tuple[str, str | None, float],
                                             expected: dict[str, Any]) -> None:
    r = _row(*stored)
    row = {}
    for layout in LAYOUTS.values():
        row.update(layout.row(r, CROSSWALK))
    assert {k: row[k] for k in expected} == expected
    assert row["GoldsteinScore"] == row["Intensity"] == stored[2]
    plain = LAYOUTS["plover"].row(r, {})  # no crosswalk: no modes, same type
    assert plain["event_mode"] == "" and plain["event_type"] == row["event_type"]


@pytest.mark.parametrize(("code", "shared"), [("03", True), ("036", True), ("0311", True),
                                              ("051", False), ("01", False)])
def test_readout_commitment_reads_the_root_of_a_full_code(code: str, shared: bool) -> None:
    """ "The leaders reaffirmed their commitment to …": each side's intent to cooperate (03,
    at any length) is toward the other."""
    from vetowatch.extract.readouts import _shared_commitment
    from vetowatch.extract.statement import Mention, Statement, When

    statement = Statement("a", "s", 0, 1, Mention("Biden", "USAGOV"), (), "reaffirmed",
                          "indirect", "c", None, 0, False, Event.from_code(code), When())
    who = [SimpleNamespace(name="Biden", actor="USAGOV"),
           SimpleNamespace(name="Kishida", actor="JPNGOV")]
    result = _shared_commitment(statement, who)  # type: ignore[arg-type]
    target = result.target.actor if result.target is not None else None
    assert (target, result.polarity) == (("JPNGOV", 1) if shared else (None, 0))
