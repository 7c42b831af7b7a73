"""Scoring in worker processes gives exactly the report of scoring in one: scores, counts, problems and order."""

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.corpus import load_documents
from parley.corpus.synthetic import generate_documents
from parley.eval import evaluate, load_gold
from parley.eval.read_gold import UnusableInputError
from parley.resources import corpus_documents_dir
from tests.eval.conftest import as_prediction, write_jsonl


def _report(gold: Any, predictions: Any, *, workers: int, split: str = "all") -> dict[str, Any]:
    report: dict[str, Any] = evaluate(gold, predictions, split=split, bootstrap_samples=50, workers=workers).to_json()
    return report


def _perturbed(document: Any, rng: random.Random) -> dict[str, Any]:
    record = as_prediction(copy.deepcopy(dict(document)))
    record["events"] = [event for event in record["events"] if rng.random() > 0.2]
    for event in record["events"]:
        if rng.random() < 0.3:
            event["triggers"] = [{"text": trigger["text"]} for trigger in event["triggers"]]
        if rng.random() < 0.1:
            event["triggers"] = [{"text": "never-in-the-text"}]
    return record


def test_shipped_corpus_scores_the_same_with_two_workers(tmp_path: Path) -> None:
    rng = random.Random(1)
    pred = write_jsonl(tmp_path / "pred.jsonl", [_perturbed(d, rng) for d in load_documents()])
    single = _report(corpus_documents_dir(), pred, workers=1)
    assert single["metrics"]["event_classification"]["f1"] < 1.0
    assert _report(corpus_documents_dir(), pred, workers=2) == single


def _bad_lines(documents: list[Any], rng: random.Random) -> list[str]:
    """Predictions spanning several batches, with every kind of bad line between good ones."""
    lines = [json.dumps(_perturbed(document, rng)) for document in documents[:150]]
    mismatch = as_prediction(copy.deepcopy(dict(documents[3])))
    mismatch["events"][0]["triggers"] = [{"start": 0, "end": 3, "text": "zzz"}]
    lines[3] = json.dumps(mismatch)
    lines[10] = "{not json"
    lines[20] = json.dumps({"id": documents[20]["id"], "entities": []})
    lines[30] = json.dumps({**json.loads(lines[30]), "id": "no-such-document"})
    lines.insert(100, lines[40])  # a repeated id: document 40 scores empty
    lines.insert(120, "")
    return lines


def test_bad_lines_give_the_same_problems_in_the_same_order(tmp_path: Path) -> None:
    documents = list(generate_documents(200, seed=7, events=3, target_chars=300))
    gold = write_jsonl(tmp_path / "gold.jsonl", documents)
    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n".join(_bad_lines(documents, random.Random(2))) + "\n", encoding="utf-8")
    for split in ("all", "test"):
        single = _report(gold, pred, workers=1, split=split)
        codes = single["input_problems"]["by_code"]
        assert {"not-json", "unknown-document", "duplicate-document"} <= codes.keys()
        # offsets are checked only for documents of the split
        assert ("offset-mismatch" in codes) == (split == "all")
        assert _report(gold, pred, workers=2, split=split) == single


def test_prediction_records_score_the_same_with_two_workers(tmp_path: Path) -> None:
    documents = list(generate_documents(100, seed=8, events=3, target_chars=300))
    rng = random.Random(3)
    predictions = [_perturbed(document, rng) for document in documents[:90]]
    assert _report(documents, predictions, workers=2) == _report(documents, predictions, workers=1)


def test_invalid_gold_gives_the_same_problems_with_two_workers(tmp_path: Path) -> None:
    documents: list[Any] = list(generate_documents(150, seed=9, events=2, target_chars=200))
    documents[5] = {**documents[5], "date": "yesterday"}
    documents[140] = documents[70]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(d) + "\n" for d in documents) + "{broken\n", encoding="utf-8")
    found = []
    for workers in (1, 2):
        with pytest.raises(UnusableInputError) as error:
            load_gold(gold, split="all", workers=workers)
        found.append((error.value.message, error.value.problems))
    assert len(found[0][1]) == 3
    assert found[1] == found[0]


def test_gold_loaded_by_workers_has_the_same_fingerprint(tmp_path: Path) -> None:
    documents = list(generate_documents(150, seed=10, events=2, target_chars=200))
    gold = write_jsonl(tmp_path / "gold.jsonl", documents)
    single, parallel = load_gold(gold, split="all"), load_gold(gold, split="all", workers=2)
    assert parallel.fingerprint() == single.fingerprint()
    assert parallel.ids == single.ids and parallel.documents == single.documents


def test_workers_option_of_the_command(tmp_path: Path) -> None:
    documents = list(generate_documents(80, seed=11, events=2, target_chars=200))
    gold = write_jsonl(tmp_path / "gold.jsonl", documents)
    rng = random.Random(4)
    pred = write_jsonl(tmp_path / "pred.jsonl", [_perturbed(document, rng) for document in documents])
    reports = []
    for workers in ("1", "2"):
        out = tmp_path / f"report-{workers}.json"
        arguments = ["eval", "--gold", str(gold), "--pred", str(pred), "--split", "all", "--out", str(out)]
        result = CliRunner().invoke(main, [*arguments, "--workers", workers])
        assert result.exit_code == 0, result.output
        reports.append(out.read_bytes())
    assert reports[1] == reports[0]  # byte for byte
