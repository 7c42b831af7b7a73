"""Adjudication: ground truth, else a strict majority, else a reported conflict."""

import copy
import random

from parley.annotation.adjudicate import AnnotatorRecord, adjudicate
from parley.corpus.synthetic import generate_document
from parley.schema.records import Document


def _record(annotator: str) -> Document:
    record = generate_document(random.Random(5), 1, events=2, target_chars=300)
    record["annotation"] = {"guidelines_version": "1.0", "annotators": [annotator], "adjudicated": False}
    return record


def _changed(record: Document) -> Document:
    changed = copy.deepcopy(record)
    changed["events"][0]["attributes"]["realis"] = (
        "hypothetical" if changed["events"][0]["attributes"]["realis"] != "hypothetical" else "actual"
    )
    return changed


def test_a_single_annotation_is_the_record() -> None:
    record = _record("ana")
    decision = adjudicate(record["id"], [AnnotatorRecord("ana", 1, False, record)])
    assert decision.record == record
    assert decision.conflict is None


def test_ground_truth_wins_over_a_majority() -> None:
    first, second, third = _record("ana"), _record("bo"), _changed(_record("cleo"))
    decision = adjudicate(
        first["id"],
        [
            AnnotatorRecord("ana", 1, False, first),
            AnnotatorRecord("bo", 2, False, second),
            AnnotatorRecord("cleo", 3, True, third),
        ],
    )
    assert decision.record is not None
    assert decision.record["events"] == third["events"]
    assert decision.record["annotation"] == {
        "guidelines_version": "1.0",
        "annotators": ["ana", "bo", "cleo"],
        "adjudicated": True,
    }


def test_a_strict_majority_wins() -> None:
    first, second, third = _record("ana"), _record("bo"), _changed(_record("cleo"))
    decision = adjudicate(
        first["id"],
        [
            AnnotatorRecord("ana", 1, False, first),
            AnnotatorRecord("bo", 2, False, second),
            AnnotatorRecord("cleo", 3, False, third),
        ],
    )
    assert decision.record is not None
    assert decision.record["events"] == first["events"]
    assert decision.record["annotation"]["adjudicated"] is True


def test_two_disagreeing_annotators_are_a_conflict_naming_both() -> None:
    first, second = _record("ana"), _changed(_record("bo"))
    decision = adjudicate(
        first["id"], [AnnotatorRecord("ana", 1, False, first), AnnotatorRecord("bo", 2, False, second)]
    )
    assert decision.record is None
    assert decision.conflict is not None
    assert "ana (annotation 1)" in decision.conflict and "bo (annotation 2)" in decision.conflict


def test_two_differing_ground_truths_are_a_conflict() -> None:
    first, second = _record("ana"), _changed(_record("bo"))
    decision = adjudicate(first["id"], [AnnotatorRecord("ana", 1, True, first), AnnotatorRecord("bo", 2, True, second)])
    assert decision.record is None
    assert decision.conflict is not None and "ground truth" in decision.conflict
