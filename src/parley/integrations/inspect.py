"""Parley as an Inspect (`inspect-ai`) task: `inspect eval parley/negotiation_events --model ...`.

Each sample is one gold document: its input the same system prompt and article message the `openai-compatible`
system sends (imported from there, one source for both), its target the gold record. The scorer turns the model's
answer into the prediction line `parley eval` would read (fences stripped, the id set to the document's, one JSON
line; an answer that is no JSON object stays a line that fails to parse) and scores it with Parley's own scorer.
Each sample's score holds counts, and the metrics sum them over the samples before dividing, exactly as
`parley eval` computes micro scores, so the numbers agree with `parley eval` on the same predictions.

Needs the optional dependency group `inspect` (`pip install 'parley[inspect]'`).
"""

import json
from collections.abc import Sequence
from pathlib import Path

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessageSystem, ChatMessageUser
from inspect_ai.scorer import Metric, SampleScore, Score, Scorer, Target, metric, scorer
from inspect_ai.solver import TaskState, generate

from parley.eval.count import layout, precision_recall_f1
from parley.eval.read_gold import Gold, load_gold
from parley.eval.read_predictions import parse_line
from parley.eval.score_run import score_run
from parley.schema.records import Document
from parley.systems.interface import input_document
from parley.systems.openai_compatible import strip_fences, system_prompt, user_message

HEADLINE_METRICS = {
    "event_f1": "event_classification",
    "argument_f1": "argument_classification/coreference",
    "relation_f1": "event_relation_classification",
}
"""Inspect metric name -> the Parley metric whose counts it sums (a metric this scorer version lacks is left out)."""

_LINE_NAME = "<inspect>"


def prediction_line(answer: str, document_id: str) -> str:
    """The predictions-file line `parley eval` reads for a model's answer to document `document_id`.

    A JSON object gets the document's id (as the `openai-compatible` system does) and is written on one line;
    anything else is kept, on one line, so that it counts as a line that is not JSON.
    """
    body = strip_fences(answer)
    try:
        record = json.loads(body)
    except json.JSONDecodeError:
        return " ".join(body.split()) or "(empty answer)"
    if isinstance(record, dict):
        record["id"] = document_id
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _metric_names() -> dict[str, str]:
    available = layout().totals
    return {name: parley for name, parley in HEADLINE_METRICS.items() if parley in available}


def score_answer(gold_record: Document, answer: str) -> dict[str, float]:
    """Counts for one answer: (gold, predicted, matched) per headline metric, and the line and mention counts
    behind the parse-failure and hallucination rates."""
    gold = Gold([gold_record], all_ids=(), source=_LINE_NAME, split="all")
    line = prediction_line(answer, gold_record["id"]).encode("utf-8")
    run = score_run(gold, [parse_line((_LINE_NAME, 1, line))])
    table = layout()
    counts: dict[str, float] = {
        "lines": float(run.lines),
        "rejected_lines": float(run.rejected_lines),
        "text_only_mentions": float(run.text_only_mentions),
        "hallucinated_mentions": float(run.hallucinated_mentions),
    }
    for parley_metric in _metric_names().values():
        metric_counts = table.counts(run.total, parley_metric)
        counts[f"{parley_metric}.gold"] = metric_counts.gold
        counts[f"{parley_metric}.predicted"] = metric_counts.predicted
        counts[f"{parley_metric}.matched"] = metric_counts.matched
    return counts


def _summed(scores: Sequence[SampleScore], key: str) -> float:
    total = 0.0
    for sample_score in scores:
        value = sample_score.score.value
        if isinstance(value, dict):
            total += float(value.get(key, 0.0) or 0.0)
    return total


def micro_f1(scores: Sequence[SampleScore], parley_metric: str) -> float:
    """F1 from the counts summed over every sample (Parley's micro average), not a mean of per-sample F1."""
    sums = [_summed(scores, f"{parley_metric}.{part}") for part in ("matched", "predicted", "gold")]
    return float(precision_recall_f1(*sums)[2])


def summed_ratio(scores: Sequence[SampleScore], numerator: str, denominator: str) -> float:
    """A rate over every sample: summed `numerator` over summed `denominator` (0 when nothing to count)."""
    below = _summed(scores, denominator)
    return _summed(scores, numerator) / below if below else 0.0


@metric
def event_f1() -> Metric:
    """Event classification F1 (type and trigger alignment), micro over the samples."""

    def compute(scores: list[SampleScore]) -> float:
        return micro_f1(scores, HEADLINE_METRICS["event_f1"])

    return compute


@metric
def argument_f1() -> Metric:
    """Argument classification F1, coreference-aware matching (Parley's headline mode), micro over the samples."""

    def compute(scores: list[SampleScore]) -> float:
        return micro_f1(scores, HEADLINE_METRICS["argument_f1"])

    return compute


@metric
def relation_f1() -> Metric:
    """Event-relation classification F1, micro over the samples."""

    def compute(scores: list[SampleScore]) -> float:
        return micro_f1(scores, HEADLINE_METRICS["relation_f1"])

    return compute


@metric
def hallucination_rate() -> Metric:
    """Text-only mentions that are not in the article, over all text-only mentions."""

    def compute(scores: list[SampleScore]) -> float:
        return summed_ratio(scores, "hallucinated_mentions", "text_only_mentions")

    return compute


@metric
def parse_failure_rate() -> Metric:
    """Answers that are not a valid prediction record, over all answers."""

    def compute(scores: list[SampleScore]) -> float:
        return summed_ratio(scores, "rejected_lines", "lines")

    return compute


def _metrics() -> list[Metric]:
    headline = {"event_f1": event_f1, "argument_f1": argument_f1, "relation_f1": relation_f1}
    return [
        *(headline[name]() for name in _metric_names()),
        hallucination_rate(),
        parse_failure_rate(),
    ]


@scorer(metrics=_metrics())
def parley_scorer() -> Scorer:
    """Parse, validate and score the answer with Parley's scorer; the value holds the counts behind the metrics."""

    async def score(state: TaskState, target: Target) -> Score:
        gold_record: Document = json.loads(target.text)
        counts = score_answer(gold_record, state.output.completion)
        return Score(value=counts, answer=prediction_line(state.output.completion, gold_record["id"]))

    return score


def samples(gold: Gold) -> list[Sample]:
    """One sample per gold document: the article as the `openai-compatible` system sends it, the record as target."""
    found = []
    for document in gold.documents:
        found.append(
            Sample(
                id=document["id"],
                input=[
                    ChatMessageSystem(content=system_prompt()),
                    ChatMessageUser(content=user_message(input_document(document))),
                ],
                target=json.dumps(document, ensure_ascii=False),
                metadata={"date": document["date"], "domain": document["domain"]},
            )
        )
    return found


@task(name="negotiation_events")
def negotiation_events(dataset: str = "build/dataset", split: str = "test") -> Task:
    """Extract Parley's negotiation events from each article of `split` of a dataset or corpus folder."""
    gold = load_gold(Path(dataset), split=split)
    return Task(
        dataset=MemoryDataset(samples(gold), name=f"parley-{split}"),
        solver=generate(),
        scorer=parley_scorer(),
    )
