"""Properties of the scorer over generated gold (parley.corpus.synthetic): self-agreement, emptiness, order
independence, and duplicated events."""

import copy
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.corpus.synthetic import generate_documents
from parley.eval import evaluate
from parley.schema import vocabulary
from tests.eval.conftest import as_prediction

_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _documents(seed: int, count: int, events: int) -> list[Any]:
    return list(generate_documents(count, seed=seed, events=events, target_chars=400, relations=3))


corpora = st.builds(_documents, st.integers(0, 10_000), st.integers(1, 4), st.integers(1, 6))


def _scores(report: dict[str, Any]) -> dict[str, float]:
    """Every precision, recall and F1 of every metric and mode, flattened."""
    flat: dict[str, float] = {}
    for family, metric in report["metrics"].items():
        if not isinstance(metric, dict) or "f1" not in metric:
            continue
        for mode, score in {"": metric, **metric["modes"]}.items():
            for key in ("precision", "recall", "f1"):
                flat[f"{family}/{mode}/{key}"] = score[key]
    return flat


def _perturb(documents: list[Any], rng: random.Random) -> list[Any]:
    """Predictions that differ from the gold: events dropped, retyped, stripped of arguments, attributes flipped."""
    predictions = []
    for document in documents:
        prediction = as_prediction(copy.deepcopy(document))
        events = [event for event in prediction["events"] if rng.random() > 0.2]
        for event in events:
            if rng.random() < 0.2:
                event["type"] = "AGREE" if event["type"] != "AGREE" else "SIGN"
                event["arguments"] = [a for a in event["arguments"] if a["role"] in ("actor", "topic", "source")]
            if rng.random() < 0.3 and event["arguments"]:
                event["arguments"].pop(rng.randrange(len(event["arguments"])))
            if rng.random() < 0.3:
                event["attributes"]["polarity"] = (
                    "negative" if event["attributes"]["polarity"] == "positive" else "positive"
                )
        prediction["events"] = events
        # Relations between kept events whose (possibly changed) types still allow them; some dropped.
        types = {event["id"]: event["type"] for event in events}
        prediction["relations"] = [
            relation
            for relation in copy.deepcopy(document.get("relations", []))
            if (types.get(relation["from"]), types.get(relation["to"])) in vocabulary().relation_pairs[relation["type"]]
            and rng.random() > 0.2
        ]
        predictions.append(prediction)
    return predictions


@_SETTINGS
@given(corpora)
def test_gold_against_itself_scores_one_everywhere(documents: list[Any]) -> None:
    report = evaluate(documents, [as_prediction(d, relations=True) for d in documents], bootstrap_samples=0).to_json()
    assert set(_scores(report).values()) == {1.0}
    for attribute in report["metrics"]["attributes"].values():
        assert attribute["accuracy"] == 1.0
        assert attribute["kappa"] == 1.0


@_SETTINGS
@given(corpora)
def test_empty_predictions_recall_nothing(documents: list[Any]) -> None:
    report = evaluate(documents, [], bootstrap_samples=0).to_json()
    recalls = {name: value for name, value in _scores(report).items() if name.endswith("/recall")}
    if not any(document.get("relations") for document in documents):  # nothing to find: recall 1 by convention
        recalls = {name: value for name, value in recalls.items() if not name.startswith("event_relation")}
    assert set(recalls.values()) == {0.0}


@_SETTINGS
@given(corpora, st.randoms(use_true_random=False))
def test_reordering_changes_nothing(documents: list[Any], rng: random.Random) -> None:
    predictions = _perturb(documents, rng)
    report = evaluate(documents, predictions, bootstrap_samples=0).to_json()
    assert report["input_problems"]["count"] == 0, report["input_problems"]["messages"][:3]
    before = _scores(report)
    shuffled_gold = copy.deepcopy(documents)
    shuffled = copy.deepcopy(predictions)
    for collection in (shuffled_gold, shuffled):
        rng.shuffle(collection)
        for record in collection:
            rng.shuffle(record["events"])
            rng.shuffle(record["entities"])
            rng.shuffle(record.get("relations", []))
            for event in record["events"]:
                rng.shuffle(event["arguments"])
    after = _scores(evaluate(shuffled_gold, shuffled, bootstrap_samples=0).to_json())
    assert after.keys() == before.keys()
    for name, value in before.items():
        assert abs(after[name] - value) < 1e-9, name


@_SETTINGS
@given(corpora, st.data())
def test_a_duplicated_event_lowers_precision(documents: list[Any], data: st.DataObject) -> None:
    predictions = [as_prediction(copy.deepcopy(d)) for d in documents]
    target = data.draw(st.sampled_from(predictions))
    copied = copy.deepcopy(data.draw(st.sampled_from(target["events"])))
    copied["id"] = "duplicate-of-" + copied["id"]
    target["events"].append(copied)
    report = evaluate(documents, predictions, bootstrap_samples=0).to_json()["metrics"]
    for family in ("event_identification", "event_classification", "trigger_identification", "trigger_classification"):
        assert report[family]["precision"] < 1.0
        assert report[family]["recall"] == 1.0
