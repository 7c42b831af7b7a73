"""Round 1 of double annotation: it covers what the fixed rule selects, its annotations came out of Label Studio,
the corpus holds the adjudicated records, and the shipped agreement figures are what the harness computes."""

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from parley.annotation.adjudicate import adjudicate
from parley.annotation.pull import convert_task
from parley.annotation.selection import select_for_double_annotation
from parley.eval.agreement import agreement

CHECKOUT = Path(__file__).resolve().parents[2]
ROUND = Path("annotation") / "double" / "round-1"
PULLED = ROUND / "label-studio"
SELECTION = json.loads((CHECKOUT / ROUND / "selection.json").read_text(encoding="utf-8"))["documents"]


def _read(path: Path) -> Any:
    return json.loads((CHECKOUT / path).read_text(encoding="utf-8"))


def _corpus_domains() -> dict[str, str]:
    domains = {}
    for path in sorted((CHECKOUT / "corpus" / "documents").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        domains[record["id"]] = record["domain"]
    return domains


def test_the_round_covers_what_the_rule_selects_today() -> None:
    listed = sorted(entry["id"] for entry in SELECTION)
    assert listed == select_for_double_annotation(_corpus_domains()), (
        "the corpus changed since round 1 was selected: the rule now selects other documents; run a new round "
        "(annotation/double/README.md) before adding documents to the corpus"
    )


def test_every_document_has_two_annotations_by_different_annotators_and_the_assigned_second() -> None:
    for entry in SELECTION:
        first = _read(PULLED / "first" / f"{entry['id']}.json")["annotation"]["annotators"]
        second = _read(PULLED / "second" / f"{entry['id']}.json")["annotation"]["annotators"]
        assert first == entry["first"][:1] and second == [entry["second"]], entry["id"]
        assert entry["second"] not in entry["first"], entry["id"]


def test_the_round_records_are_what_label_studio_exported() -> None:
    export = json.loads(gzip.decompress((CHECKOUT / PULLED / "label-studio-export.json.gz").read_bytes()))
    users = {user["id"]: user["username"] for user in _read(PULLED / "label-studio-users.json")}
    assert sorted(task["data"]["document_id"] for task in export) == sorted(entry["id"] for entry in SELECTION)
    for task in export:
        outcome = convert_task(task, users)
        assert not outcome.region_problems and not outcome.invalid, outcome.document_id
        made = sorted((a for a in outcome.annotations if not a.ground_truth), key=lambda a: a.annotation_id)
        assert [a.record for a in made] == [
            _read(PULLED / side / f"{outcome.document_id}.json") for side in ("first", "second")
        ]
        assert [a.annotator for a in outcome.annotations if a.ground_truth] == ["parley-adj"]
        decision = adjudicate(str(outcome.document_id), outcome.annotations)
        assert decision.record == _read(PULLED / "adjudicated" / f"{outcome.document_id}.json")


@pytest.mark.parametrize("document", sorted(entry["id"] for entry in SELECTION))
def test_the_corpus_holds_the_adjudicated_record(document: str) -> None:
    corpus = _read(Path("corpus") / "documents" / f"{document}.json")
    assert corpus == _read(PULLED / "adjudicated" / f"{document}.json"), (
        "an adjudicated document changed after the round: re-run the round (annotation/double/README.md)"
    )
    assert corpus["annotation"]["adjudicated"] is True


def test_the_shipped_agreement_figures_are_what_the_harness_computes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CHECKOUT)
    computed = json.loads(json.dumps(agreement(PULLED / "first", PULLED / "second").to_json()))
    assert _same(_read(Path("annotation") / "agreement.json"), computed)


def _same(shipped: Any, computed: Any, path: str = "") -> bool:
    if isinstance(shipped, dict):
        assert set(shipped) == set(computed), path
        return all(_same(shipped[key], computed[key], f"{path}.{key}") for key in shipped)
    if isinstance(shipped, list):
        assert len(shipped) == len(computed), path
        return all(_same(a, b, f"{path}[{i}]") for i, (a, b) in enumerate(zip(shipped, computed, strict=True)))
    if isinstance(shipped, float):
        assert shipped == pytest.approx(computed, abs=1e-9), path
        return True
    assert shipped == computed, path
    return True


CLASSIFICATION = {"decision", "category", "rules", "note", "fix"}


def test_every_disagreement_of_the_round_is_classified() -> None:
    """The adjudicators classified the disagreements of the records before they went through Label Studio, whose
    first records name only the first annotator: the lines are the same apart from the names."""

    def content(line: dict[str, Any]) -> str:
        kept = {key: value for key, value in line.items() if key not in CLASSIFICATION}
        for side in ("a", "b"):
            kept[side] = {key: value for key, value in kept[side].items() if key != "annotators"}
        return json.dumps(kept, sort_keys=True)

    def lines(name: str) -> list[dict[str, Any]]:
        text = (CHECKOUT / ROUND / name).read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines()]

    classified = lines("classified.jsonl")
    assert sorted(map(content, lines("disagreements.jsonl"))) == sorted(map(content, classified))
    categories = {"guideline-gap", "guideline-ignored", "genuine-ambiguity", "error"}
    assert all(line["category"] in categories for line in classified)
    assert all(line["decision"] in {"a", "b", "neither", "equivalent"} for line in classified)
