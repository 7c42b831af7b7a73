"""The Inspect task: run offline with Inspect's mock model, its scores equal `parley eval` on the same answers."""

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("inspect_ai")

from inspect_ai import eval as inspect_eval
from inspect_ai.model import ChatMessageSystem, ChatMessageUser, ModelOutput, ModelUsage, get_model

from parley.eval import evaluate
from parley.eval.read_gold import load_gold
from parley.integrations.inspect import negotiation_events, prediction_line, samples
from parley.schema.records import Document
from parley.systems.interface import input_document
from parley.systems.openai_compatible import system_prompt, user_message

CORPUS = "corpus/documents"


def _text_only(document: Document, *, events: int, invented: str | None = None) -> dict[str, Any]:
    """A partial answer quoting mentions as text only (no offsets), optionally with a mention not in the text."""
    entities: list[dict[str, Any]] = [
        {**entity, "mentions": [{"text": mention["text"]} for mention in entity["mentions"]]}
        for entity in document["entities"]
    ]
    if invented and entities:
        entities[0]["mentions"].append({"text": invented})
    chosen = [
        {**event, "triggers": [{"text": trigger["text"]} for trigger in event["triggers"]]}
        for event in document["events"][:events]
    ]
    kept = {event["id"] for event in chosen}
    relations = [
        relation for relation in document.get("relations", []) if relation["from"] in kept and relation["to"] in kept
    ]
    return {"id": document["id"], "entities": entities, "events": chosen, "relations": relations}


def _answers(documents: list[Document]) -> list[str]:
    answers = []
    for index, document in enumerate(documents):
        if index == 0:
            answers.append("I could not find any negotiation events in this article.")  # not JSON
        elif index == 1:
            answers.append(json.dumps({"id": document["id"], "events": "none"}))  # JSON, but not a record
        elif index == 2:
            answers.append("```json\n" + json.dumps(_text_only(document, events=2, invented="Atlantis")) + "\n```")
        else:
            answers.append(json.dumps(_text_only(document, events=index)))
    return answers


def _mock_output(content: str) -> ModelOutput:
    output = ModelOutput.from_content("mockllm/model", content)
    # With usage given, the mock model needs no tokenizer download.
    output.usage = ModelUsage(input_tokens=1, output_tokens=1, total_tokens=2)
    return output


def test_inspect_scores_equal_parley_eval_on_the_same_answers(tmp_path: Path) -> None:
    documents = load_gold(Path(CORPUS), split="test").documents
    answers = _answers(documents)
    model = get_model("mockllm/model", custom_outputs=[_mock_output(answer) for answer in answers])
    task = negotiation_events(dataset=CORPUS, split="test")
    (log,) = inspect_eval(task, model=model, log_dir=str(tmp_path / "logs"), display="none")
    assert log.status == "success"
    assert log.results is not None
    inspect_metrics = {name: metric.value for score in log.results.scores for name, metric in score.metrics.items()}

    predictions = tmp_path / "answers.jsonl"
    lines = [prediction_line(answer, document["id"]) for answer, document in zip(answers, documents, strict=True)]
    predictions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = evaluate(CORPUS, predictions, split="test", bootstrap_samples=0).to_json()["metrics"]

    assert inspect_metrics["event_f1"] == pytest.approx(report["event_classification"]["f1"])
    assert inspect_metrics["argument_f1"] == pytest.approx(report["argument_classification"]["f1"])
    assert inspect_metrics["relation_f1"] == pytest.approx(report["event_relation_classification"]["f1"])
    assert inspect_metrics["hallucination_rate"] == pytest.approx(report["hallucination_rate"])
    assert inspect_metrics["parse_failure_rate"] == pytest.approx(report["parse_failure_rate"])
    # The answers were built to exercise every path: some parse failures, a hallucination, partial credit.
    assert inspect_metrics["parse_failure_rate"] == pytest.approx(2 / len(documents))
    assert inspect_metrics["hallucination_rate"] > 0
    assert 0 < inspect_metrics["event_f1"] < 1


def test_a_sample_is_the_article_as_the_llm_system_sends_it_with_the_gold_as_target() -> None:
    gold = load_gold(Path(CORPUS), split="test")
    sample = samples(gold)[0]
    document = gold.documents[0]
    assert isinstance(sample.input, list)
    system, user = sample.input
    assert isinstance(system, ChatMessageSystem) and system.content == system_prompt()
    assert isinstance(user, ChatMessageUser) and user.content == user_message(input_document(document))
    assert document["date"] in str(user.content)
    assert json.loads(str(sample.target)) == document


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ('```json\n{"id": "other", "entities": [], "events": []}\n```', '{"id":"doc","entities":[],"events":[]}'),
        ("no JSON\nhere", "no JSON here"),
        ("", "(empty answer)"),
        ("[1, 2]", "[1,2]"),
    ],
)
def test_prediction_line_is_what_parley_eval_reads(answer: str, expected: str) -> None:
    assert prediction_line(answer, "doc") == expected
