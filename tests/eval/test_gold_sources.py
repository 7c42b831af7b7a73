"""Gold from the shipped corpus, a records file and a built dataset folder; the Python API on paths."""

import json
from pathlib import Path
from typing import Any

import pytest

from parley.corpus import load_documents
from parley.corpus.splits import split_for
from parley.corpus.synthetic import generate_documents
from parley.eval import evaluate, load_gold
from parley.resources import corpus_documents_dir
from tests.eval.conftest import as_prediction, write_jsonl


def _all_scores(report: dict[str, Any]) -> set[float]:
    values: set[float] = set()
    for metric in report["metrics"].values():
        if isinstance(metric, dict) and "f1" in metric:
            for score in (metric, *metric["modes"].values()):
                values.update(score[key] for key in ("precision", "recall", "f1"))
    return values


def test_shipped_corpus_against_itself_is_one(tmp_path: Path) -> None:
    documents = load_documents()
    assert any(d.get("relations") for d in documents), "the seed carries gold relations"
    pred = write_jsonl(tmp_path / "pred.jsonl", [as_prediction(dict(d), relations=True) for d in documents])
    report = evaluate(corpus_documents_dir(), pred, split="all", bootstrap_samples=0).to_json()
    assert report["gold"]["documents"] == len(documents)
    assert report["metrics"]["event_relation_classification"]["gold"] >= 10
    assert report["input_problems"]["count"] == 0
    assert _all_scores(report) == {1.0}


def test_split_filters_by_document_id(tmp_path: Path) -> None:
    documents = list(generate_documents(40, seed=5, events=1, target_chars=100))
    gold = write_jsonl(tmp_path / "gold.jsonl", documents)
    loaded = load_gold(gold, split="test")
    assert [d["id"] for d in loaded.documents] == sorted(d["id"] for d in documents if split_for(d["id"]) == "test")
    assert len(loaded.all_ids) == 40
    # predictions for documents of other splits are neither scored nor problems
    report = evaluate(gold, [as_prediction(dict(d)) for d in documents], split="test", bootstrap_samples=0).to_json()
    assert report["input_problems"]["count"] == 0
    assert report["predictions"]["outside_split"] == 40 - len(loaded.documents)


def test_dataset_folder_is_gold(tmp_path: Path) -> None:
    dataset = pytest.importorskip("parley.corpus.dataset.build")
    documents = list(generate_documents(8, seed=2, events=2, target_chars=200))
    folder = tmp_path / "dataset"
    dataset.build_dataset(documents, folder)
    pred = write_jsonl(tmp_path / "pred.jsonl", [as_prediction(dict(d)) for d in documents])
    report = evaluate(folder, pred, split="all", bootstrap_samples=0).to_json()
    assert report["gold"]["documents"] == 8
    assert _all_scores(report) == {1.0}
    json.dumps(report)
