"""Schema fixtures: valid files pass; each invalid file holds one error, and its name is that error's code.

A second fixture for the same code is named `CODE--VARIANT.json`.
"""

import json
from pathlib import Path

import pytest

from parley.schema import validate_record

FIXTURES = Path(__file__).parent / "fixtures"
VALID = sorted((FIXTURES / "valid").glob("*.json"))
INVALID = sorted((FIXTURES / "invalid").glob("*.json"))


def _code(path: Path) -> str:
    return path.stem.split("--")[0]


def _load(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_fixtures() -> None:
    assert VALID and len(INVALID) >= 15


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_has_no_problem(path: Path) -> None:
    assert validate_record(_load(path), "gold", file=str(path)) == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_has_exactly_its_named_problem(path: Path) -> None:
    problems = validate_record(_load(path), "gold", file=str(path))
    assert [problem.code for problem in problems] == [_code(path)]
    problem = problems[0]
    assert problem.file == str(path)
    assert problem.document == "fixture-talks-2025-06-02" or path.stem == "bad-format"
    assert problem.pointer.startswith("/")


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_gold_record_is_also_a_valid_prediction(path: Path) -> None:
    assert validate_record(_load(path), "prediction") == []


def test_prediction_without_offsets_is_valid() -> None:
    record = {
        "id": "doc-1",
        "entities": [{"id": "e1", "type": "STATE", "mentions": [{"text": "Russia"}]}],
        "events": [
            {
                "id": "v1",
                "type": "PROPOSE",
                "triggers": [{"text": "proposed"}],
                "arguments": [{"role": "actor", "entity": "e1"}],
                "attributes": {"polarity": "positive", "realis": "actual"},
            }
        ],
    }
    assert validate_record(record, "prediction") == []


def test_prediction_with_start_but_no_end_is_rejected() -> None:
    record = {
        "id": "doc-1",
        "entities": [],
        "events": [
            {
                "id": "v1",
                "type": "AGREE",
                "triggers": [{"text": "agreed", "start": 4}],
                "arguments": [],
                "attributes": {"polarity": "positive", "realis": "actual"},
            }
        ],
    }
    problems = validate_record(record, "prediction")
    assert [(p.code, p.pointer) for p in problems] == [("missing-field", "/events/0/triggers/0")]


def test_prediction_with_unknown_entity_is_rejected() -> None:
    record = {
        "id": "doc-1",
        "entities": [],
        "events": [
            {
                "id": "v1",
                "type": "AGREE",
                "triggers": [{"text": "agreed"}],
                "arguments": [{"role": "participant", "entity": "nobody"}],
                "attributes": {"polarity": "positive", "realis": "actual"},
            }
        ],
    }
    assert [p.code for p in validate_record(record, "prediction")] == ["unknown-entity"]
