"""Golden cases: small hand-made predictions whose expected numbers were computed by hand (see each `why`)."""

from pathlib import Path

import pytest

from parley.eval import evaluate
from parley.schema import validate_record
from tests.eval.conftest import golden_cases, load_case, lookup


@pytest.mark.parametrize("path", golden_cases(), ids=lambda path: path.stem)
def test_golden_case(path: Path) -> None:
    case = load_case(path)
    assert case["why"].strip(), "every golden case says why its numbers are what they are"
    for record in case["gold"]:
        assert validate_record(record, "gold") == []
    report = evaluate(case["gold"], case["predictions"], bootstrap_samples=0).to_json()
    assert report["input_problems"]["count"] == 0, report["input_problems"]["messages"]
    for dotted, expected in case["expected"].items():
        actual = lookup(report, dotted)
        if expected is None:
            assert actual is None, dotted
        else:
            assert actual == pytest.approx(expected), f"{dotted}: {case['why']}"


def test_there_are_golden_cases() -> None:
    assert len(golden_cases()) >= 10
