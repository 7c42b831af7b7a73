"""Speed work leaves reports unchanged (issue 21): full reports, every number and problem line.

- 1,000 generated documents (with bad lines): the report equals the one the scorer wrote before the speed work,
  stored in `golden/reports/generated.json`. `PYTHONPATH=OLD/src python -m tests.eval.test_report_unchanged
  FOLDER` writes it again with the `src/` at OLD; a change meant to move the numbers (a scorer fix, a new scorer
  or format version) rewrites it with the new code, and says so in its commit.
- The shipped corpus (which grows, so no stored report): the report equals the one made with the plain
  definitions the fast paths replaced, kept here (the strict `json` reader, `json.dumps` canonical text, matrix
  trigger pairing and `Counter` multisets for triggers, events and relations, per-label counts one call at a
  time, the nearest mention by `min` over (gap, start, end), event alignment by its matrices, scipy's assignment
  for trigger overlap pairings, credit matrices for every pair of events whose arguments differ, gold views built
  from the records rather than thawed); the generated documents are compared the same way.
"""

import copy
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from parley.corpus.synthetic import generate_documents, relations_still_allowed
from parley.eval import fast_read, ground, read_gold, score_document
from parley.eval.align import Pairs, assign
from parley.eval.ground import gold_view
from parley.eval.pipeline import evaluate
from parley.eval.view import distance
from parley.reading import read_json
from parley.schema.vocabulary import vocabulary

GOLDEN_REPORTS = Path(__file__).parent / "golden" / "reports"
CORPUS = Path(__file__).parents[2] / "corpus" / "documents"

BAD_LINES = [
    b'{"id": "synthetic-0000001", "id": "synthetic-0000002", "entities": [], "events": []}',
    b'{"id": "synthetic-0000003", "entities": [], "events": [], "system": "x", "system": "y"}',
    b'{"id" : "synthetic-0000004", "entities": [], "events": [], "events": []}',
    b'{"id": "synthetic-0000005", "entities": [], "events": [1e400]}',
    b'{"id": "synthetic-0000006", "entities": [], "events": [], "x": 123456789012345678901234567890}',
    b'{"id": "synthetic-0000007", "entities": [], "events": [], "system": "\\ud800"}',
    b'{"id": "synthetic-0000008", "entities": [], "events": [], "system": NaN}',
    b'{"id": "synthetic-0000009", "entities": [], "events": [], "system": "a\\":", "system": "b"}',
    b"\xef\xbb\xbf" + b'{"id": "synthetic-0000010", "entities": [], "events": []}',
    b'{"id": "synthetic-0000011", "entities": [], "events": [' * 3 + b"]}" * 3,
    b'{"id": "synthetic-0000012", "entities": [], "events": []',
    b'{"id": "no-such-document", "entities": [], "events": []}',
    b'"just a string"',
    b"\xff\xfe",
]
"""Lines each reader must refuse with the same problem line (repeated keys, spaced keys, huge numbers, lone
surrogates, NaN, a byte order mark, bad nesting, truncation, an unknown id, not an object, not UTF-8)."""


def _prediction(document: Any, rng: random.Random) -> dict[str, Any]:
    """A perturbed copy of a gold document: events dropped or retyped, some triggers as text only, arguments
    dropped, entities merged away (their arguments then point at another entity), the relations still allowed."""
    events = []
    for event in copy.deepcopy(document["events"]):
        draw = rng.random()
        if draw < 0.1:
            continue
        if draw < 0.2:
            event["type"] = "AGREE" if event["type"] != "AGREE" else "SIGN"
            event["arguments"] = [a for a in event["arguments"] if a["role"] in ("actor", "topic", "source")]
        elif draw < 0.35:
            event["triggers"] = [{"text": trigger["text"]} for trigger in event["triggers"]]
        elif draw < 0.4 and event["arguments"]:
            event["arguments"] = event["arguments"][1:]
        events.append(event)
    relations = relations_still_allowed(document, events)
    entities = copy.deepcopy(document["entities"])
    if len(entities) > 2 and rng.random() < 0.3:
        # The second entity's mentions join the first: coreference credit changes, the ids stay valid.
        first, second = entities[0], entities[1]
        if first["type"] == second["type"]:
            first["mentions"] = first["mentions"] + second["mentions"]
    prediction = {"id": document["id"], "system": "perturbed", "entities": entities, "events": events}
    if relations:
        prediction["relations"] = relations
    return prediction


def _corpus_documents() -> list[dict[str, Any]]:
    return [read_json(path) for path in sorted(CORPUS.glob("*.json"))]


def write_inputs(folder: Path) -> dict[str, tuple[Path, Path]]:
    """The (gold, predictions) pairs of each case, written into `folder`."""
    rng = random.Random(21)
    generated = list(generate_documents(1000, seed=21, events=8, target_chars=1200, relations=4))
    gold = folder / "generated-gold.jsonl"
    gold.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in generated), encoding="utf-8")
    lines = [json.dumps(_prediction(d, rng), ensure_ascii=rng.random() < 0.5).encode() for d in generated[20:]]
    lines.append(json.dumps(_prediction(generated[30], rng)).encode())  # a repeated id
    predictions = folder / "generated-predictions.jsonl"
    predictions.write_bytes(b"\n".join(BAD_LINES + lines) + b"\n")
    corpus_predictions = folder / "corpus-predictions.jsonl"
    corpus = _corpus_documents()
    corpus_predictions.write_text(
        "".join(json.dumps(_prediction(d, rng), ensure_ascii=False) + "\n" for d in corpus[3:]), encoding="utf-8"
    )
    return {"generated": (gold, predictions), "corpus": (CORPUS, corpus_predictions)}


def report_of(gold: Path, predictions: Path, *, workers: int = 1) -> dict[str, Any]:
    """The full report as JSON, with the input paths (which differ from run to run) left out."""
    report: dict[str, Any] = evaluate(gold, predictions, split="all", bootstrap_samples=200, workers=workers).to_json()
    report["gold"].pop("source")
    report["predictions"].pop("source")
    folder = str(predictions.parent)
    messages = report["input_problems"]["messages"]
    report["input_problems"]["messages"] = [message.replace(folder, "<folder>") for message in messages]
    return report


# --- the plain definitions the fast paths replaced ---------------------------------------------------------


def plain_canonical_json(document: Any, *, checked: bool = False) -> bytes:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def plain_overlap_pairs(gold: list[Any], predicted: list[Any]) -> tuple[Pairs, Pairs]:
    scores = score_document._overlap_scores(gold, predicted)
    typed = [
        [value if g[2] == p[2] else 0.0 for value, p in zip(row, predicted, strict=True)]
        for row, g in zip(scores, gold, strict=True)
    ]
    return assign(scores), assign(typed)


def plain_label_counts(score: Any, metric: str, gold: Any, predicted: Any, matched: Any) -> None:
    for label in gold.keys() | predicted.keys() | matched.keys():
        score.label(metric, label, gold[label], predicted[label], matched[label])


def plain_score_triggers(gold: Any, predicted: Any, score: Any) -> None:
    """Trigger scoring over multisets (`Counter`), mentions listed from the events at each call."""

    def mentions(document: Any) -> list[tuple[int, int, str]]:
        return [(start, end, event.type) for event in document.events for start, end in event.triggers]

    gold_mentions, predicted_mentions = mentions(gold), mentions(predicted)
    unplaced = sum(event.unplaced_triggers for event in predicted.events)
    n_gold, n_predicted = len(gold_mentions), len(predicted_mentions) + unplaced
    exact_typed = Counter(gold_mentions) & Counter(predicted_mentions)
    exact_spans = Counter(m[:2] for m in gold_mentions) & Counter(m[:2] for m in predicted_mentions)
    score.totals["trigger_identification/exact"] = (n_gold, n_predicted, exact_spans.total())
    score.totals["trigger_classification/exact"] = (n_gold, n_predicted, exact_typed.total())
    overlap_any, overlap_typed = plain_overlap_pairs(gold_mentions, predicted_mentions)
    score.totals["trigger_identification/overlap"] = (n_gold, n_predicted, len(overlap_any))
    score.totals["trigger_classification/overlap"] = (n_gold, n_predicted, len(overlap_typed))
    gold_types = Counter(mention[2] for mention in gold_mentions)
    predicted_types = Counter(mention[2] for mention in predicted_mentions)
    for event in predicted.events:
        predicted_types[event.type] += event.unplaced_triggers
    matched_types = {
        "exact": Counter(mention[2] for mention in exact_typed.elements()),
        "overlap": Counter(gold_mentions[gold_index][2] for gold_index, _ in overlap_typed),
    }
    for mode in ("exact", "overlap"):
        metric = f"trigger_classification/{mode}"
        plain_label_counts(score, metric, gold_types, predicted_types, matched_types[mode])


def plain_score_events(gold: Any, predicted: Any, identified: Pairs, classified: Pairs, score: Any) -> None:
    """Event scoring with `Counter`s of types and the pairs' attributes compared one pair at a time."""
    n_gold, n_predicted = len(gold.events), len(predicted.events)
    with_attributes = [
        (g, p)
        for g, p in classified
        if gold.events[g].polarity == predicted.events[p].polarity
        and gold.events[g].realis == predicted.events[p].realis
    ]
    score.totals["event_identification"] = (n_gold, n_predicted, len(identified))
    score.totals["event_classification"] = (n_gold, n_predicted, len(classified))
    score.totals["event_classification_with_attributes"] = (n_gold, n_predicted, len(with_attributes))
    gold_types = Counter(event.type for event in gold.events)
    predicted_types = Counter(event.type for event in predicted.events)
    for metric, pairs in (
        ("event_classification", classified),
        ("event_classification_with_attributes", with_attributes),
    ):
        plain_label_counts(score, metric, gold_types, predicted_types, Counter(gold.events[g].type for g, _ in pairs))
    paired_gold, paired_predicted = {g for g, _ in identified}, {p for _, p in identified}
    for g, p in identified:
        gold_event, predicted_event = gold.events[g], predicted.events[p]
        score.confusion.append((gold_event.type, predicted_event.type))
        score.attribute_pairs.setdefault("polarity", []).append((gold_event.polarity, predicted_event.polarity))
        score.attribute_pairs.setdefault("realis", []).append((gold_event.realis, predicted_event.realis))
    score.confusion.extend((event.type, "(none)") for i, event in enumerate(gold.events) if i not in paired_gold)
    score.confusion.extend(
        ("(none)", event.type) for i, event in enumerate(predicted.events) if i not in paired_predicted
    )


def plain_score_relations(gold: Any, predicted: Any, identified: Pairs, score: Any) -> None:
    """Relation scoring over `Counter` multisets of relation keys, gold and predicted mapped alike."""
    symmetric = vocabulary().symmetric_relations

    def keys(relations: Any, to_gold: dict[int, int]) -> tuple[Counter[Any], Counter[Any]]:
        identification: Counter[Any] = Counter()
        classification: Counter[Any] = Counter()
        for kind, source, target in relations:
            if source in to_gold and target in to_gold:
                first, second = to_gold[source], to_gold[target]
                ordered = (first, second) if first <= second else (second, first)
                identification[ordered] += 1
                classification[(kind, *ordered) if kind in symmetric else (kind, first, second)] += 1
        return identification, classification

    gold_identification, gold_classification = keys(gold.relations, {g: g for g in range(len(gold.events))})
    predicted_identification, predicted_classification = keys(predicted.relations, {p: g for g, p in identified})
    matched = gold_classification & predicted_classification
    n_gold, n_predicted = len(gold.relations), len(predicted.relations)
    identified_total = (gold_identification & predicted_identification).total()
    score.totals["event_relation_identification"] = (n_gold, n_predicted, identified_total)
    score.totals["event_relation_classification"] = (n_gold, n_predicted, matched.total())
    plain_label_counts(
        score,
        "event_relation_classification",
        Counter(kind for kind, _, _ in gold.relations),
        Counter(kind for kind, _, _ in predicted.relations),
        Counter(key[0] for key in matched.elements()),
    )


def plain_nearest(candidates: Any, anchors: Any) -> Any:
    """The candidate with the smallest (gap to the nearest anchor, start, end)."""
    if not candidates:
        return None
    if not anchors:
        return min(candidates)
    return min(candidates, key=lambda span: (min(distance(span, anchor) for anchor in anchors), *span))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    return write_inputs(tmp_path_factory.mktemp("report-inputs"))


def test_report_equals_the_report_before_the_speed_work(inputs: dict[str, tuple[Path, Path]]) -> None:
    expected = json.loads((GOLDEN_REPORTS / "generated.json").read_text(encoding="utf-8"))
    actual = report_of(*inputs["generated"])
    assert actual["input_problems"]["messages"] == expected["input_problems"]["messages"]
    assert actual == expected


@pytest.mark.parametrize("case", ["generated", "corpus"])
def test_report_equals_the_report_of_the_plain_definitions(
    inputs: dict[str, tuple[Path, Path]], case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = report_of(*inputs[case])
    monkeypatch.setattr(read_gold, "canonical_json", plain_canonical_json)
    monkeypatch.setattr(fast_read, "_fast_record", lambda raw, kind: None)  # the strict `json` reader for every line
    monkeypatch.setattr(score_document, "_overlap_pairs", plain_overlap_pairs)
    monkeypatch.setattr(score_document, "score_triggers", plain_score_triggers)
    monkeypatch.setattr(score_document, "score_events", plain_score_events)
    monkeypatch.setattr(score_document, "score_relations", plain_score_relations)
    monkeypatch.setattr(ground, "nearest", plain_nearest)
    monkeypatch.setattr(score_document, "_one_to_one", lambda matches: False)  # every alignment by its matrices
    monkeypatch.setattr(score_document, "maximum_matching", assign)
    monkeypatch.setattr(score_document, "_credited_roles", lambda gold, predicted: None)  # credit matrices
    monkeypatch.setattr(read_gold.Gold, "view", lambda gold, document_id: gold_view(gold.document(document_id)))
    plain = report_of(*inputs[case])
    assert fast["input_problems"]["messages"] == plain["input_problems"]["messages"]
    assert fast == plain


def test_the_bad_lines_are_reported_one_each(inputs: dict[str, tuple[Path, Path]]) -> None:
    # Guards the golden report itself: every bad line is a problem, so the fast reading path meets each of them.
    report = report_of(*inputs["generated"])
    rejected = report["predictions"]["rejected_lines"]
    assert rejected >= len(BAD_LINES) - 1  # the unknown id is a problem without a rejected parse
    codes = report["input_problems"]["by_code"]
    assert {"duplicate-key", "not-json", "bad-unicode", "not-utf8"} <= codes.keys()


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    gold_path, prediction_path = write_inputs(target)["generated"]
    text = json.dumps(report_of(gold_path, prediction_path), indent=1, sort_keys=True, ensure_ascii=False)
    (GOLDEN_REPORTS / "generated.json").write_text(text + "\n", encoding="utf-8")
