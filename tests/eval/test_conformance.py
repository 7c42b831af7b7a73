"""The fast schema pre-check: `record_problems` always equals `validate_record`, and the fast path is taken for
ordinary valid records."""

import copy
import re
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.corpus.synthetic import generate_documents
from parley.eval import check
from parley.eval.check import clean_colons, conforms, record_problems, semantically_clean
from parley.schema import RecordKind, validate_record
from tests.eval.conftest import as_prediction

_GOLD: list[dict[str, Any]] = [
    *(dict(d) for d in generate_documents(2, seed=7, events=2, target_chars=200)),
    # Schema 1.1: relations, in gold and in predictions.
    *(dict(d) for d in generate_documents(1, seed=5, events=4, target_chars=200, relations=3)),
]
_RECORDS: list[tuple[RecordKind, Any]] = [
    *(("gold", record) for record in _GOLD),
    *(("prediction", as_prediction(record)) for record in _GOLD),
    *(("prediction", {**as_prediction(record), "relations": record["relations"]}) for record in _GOLD[2:]),
]
_VALUES: list[Any] = [
    None,
    "",
    "x",
    "NEGOTIATE",
    "actor",
    "STATE",
    "responds_to",
    "part_of",
    "ev0",
    "ev1",
    "25 %",
    "--12-25",
    "fr",
    "a:b",
    ":",
    "Bad Id!",
    "2025-13-40",
    0,
    -1,
    1.0,
    7,
    True,
    [],
    {},
]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a record."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*prefix, index)))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> tuple[RecordKind, Any]:
    kind, original = draw(st.sampled_from(_RECORDS))
    record = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(record)))
        parent = record
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add-key", "duplicate"]))
        if action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add-key" and isinstance(parent, dict):
            parent["unexpected"] = draw(st.sampled_from(_VALUES))
        else:
            parent[path[-1]] = draw(st.sampled_from(_VALUES))
    return kind, record


def test_valid_records_take_the_fast_path() -> None:
    assert _GOLD[2]["relations"]
    for kind, record in _RECORDS:
        assert conforms(record, kind)
        assert record_problems(record, kind, file="f", line=1) == []
        assert clean_colons(record, kind) == orjson.dumps(record).count(b":")


def test_text_only_predictions_conform() -> None:
    record = as_prediction(copy.deepcopy(_GOLD[0]))
    for event in record["events"]:
        for trigger in event["triggers"]:
            del trigger["start"], trigger["end"]
    assert conforms(record, "prediction")
    assert not conforms(record, "gold")


@settings(max_examples=600, deadline=None)
@given(mutated())
def test_fast_check_reports_exactly_what_the_validator_reports(case: tuple[RecordKind, Any]) -> None:
    kind, record = case
    try:
        expected = validate_record(record, kind, file="f", line=3)
    except TypeError:
        # validate_record itself fails on integral floats as offsets (jsonschema calls 1.0 an integer);
        # the harness reports such a record instead of crashing.
        assert [p.code for p in record_problems(record, kind, file="f", line=3)] == ["uncheckable"]
        return
    assert record_problems(record, kind, file="f", line=3) == expected


@settings(max_examples=600, deadline=None)
@given(mutated())
def test_the_fused_walk_vouches_exactly_for_conforming_clean_records(case: tuple[RecordKind, Any]) -> None:
    kind, record = case
    record = orjson.loads(orjson.dumps(record))  # the values orjson gives, as the fast reader walks them
    colons = clean_colons(record, kind)
    assert (colons is not None) == (conforms(record, kind) and semantically_clean(record, kind))
    if colons is not None:
        # One colon per key and the colons inside strings: those of the canonical text.
        assert colons == orjson.dumps(record, option=orjson.OPT_SORT_KEYS).count(b":")


def test_the_fused_walk_compares_spans_listed_out_of_order() -> None:
    kind, record = _RECORDS[0]
    record = copy.deepcopy(record)
    entity = next(entity for entity in record["entities"] if len(entity["mentions"]) > 1)
    entity["mentions"].reverse()
    assert clean_colons(record, kind) is not None
    entity["mentions"].append(dict(entity["mentions"][0]))
    assert clean_colons(record, kind) is None
    assert not semantically_clean(record, kind)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=12), st.from_regex(check._LOCAL_ID), st.text(alphabet="aZ09._-:\n ", max_size=8)))
def test_remembered_local_ids_are_those_the_pattern_matches(value: str) -> None:
    # `_LOCAL_ID` stays the definition: `_local_id` and the ids it remembers agree with a plain search.
    matches = re.search(check._LOCAL_ID.pattern, value) is not None
    assert check._local_id(value) == matches
    assert check._local_id(value) == matches  # the second time, perhaps remembered
    assert (value in check._KNOWN_IDS) <= matches


def test_ids_are_checked_once_the_remembered_ones_fill_their_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check, "_KNOWN_IDS", set())
    monkeypatch.setattr(check, "_KNOWN_IDS_LIMIT", 0)
    kind, record = _RECORDS[0]
    assert clean_colons(record, kind) is not None
    assert not check._KNOWN_IDS
    bad = copy.deepcopy(record)
    old_id = bad["entities"][0]["id"]
    bad["entities"][0]["id"] = "bad id"  # and every argument it fills: the id is the only defect
    for event in bad["events"]:
        for argument in event["arguments"]:
            if argument["entity"] == old_id:
                argument["entity"] = "bad id"
    assert not conforms(bad, kind)
    assert clean_colons(bad, kind) is None
