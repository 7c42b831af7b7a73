"""Push: documents become tasks, idempotently by document id, optionally with pre-annotations.

The server accepts unknown labels, out-of-range offsets and duplicate tasks silently, so everything is checked here
before it is sent: pre-annotations are validated against the schema and every mention's offsets against the text.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from parley.annotation.client import AnnotationClient
from parley.annotation.tasks import record_results, task_data, text_only_task_data
from parley.schema.files import validate_paths
from parley.schema.problems import Problem, json_pointer
from parley.schema.records import Document

GOLD = "gold"
BATCH_SIZE = 100


@dataclass(frozen=True)
class PreAnnotations:
    """Records to show annotators, by document id, and the name they go under (`gold` or the file's system)."""

    source: str
    records: dict[str, Document]


@dataclass
class PushReport:
    created: int = 0
    already_present: int = 0
    predictions: int = 0
    annotations: int = 0


def placement_problems(record: Document, text: str, *, file: str) -> list[Problem]:
    """Mentions that cannot be drawn on `text`: no offsets, or `text[start:end]` is not the mention's text."""
    problems: list[Problem] = []

    def check(mention: dict[str, Any], pointer: str) -> None:
        start, end = mention.get("start"), mention.get("end")
        if start is None or end is None:
            message = "mention has no offsets, so it cannot be placed in Label Studio"
            problems.append(Problem(file, None, record["id"], pointer, "no-offsets", message))
        elif not (0 <= start < end <= len(text)) or text[start:end] != mention["text"]:
            message = f"text[{start}:{end}] = {text[start:end]!r} is not the mention text {mention['text']!r}"
            problems.append(Problem(file, None, record["id"], pointer, "offset-mismatch", message))

    for e_index, entity in enumerate(record["entities"]):
        for m_index, mention in enumerate(entity["mentions"]):
            check(cast(dict[str, Any], mention), json_pointer("entities", e_index, "mentions", m_index))
    for v_index, event in enumerate(record["events"]):
        for t_index, trigger in enumerate(event["triggers"]):
            check(cast(dict[str, Any], trigger), json_pointer("events", v_index, "triggers", t_index))
    return problems


def gold_pre_annotations(documents: Iterable[Document]) -> PreAnnotations:
    return PreAnnotations(GOLD, {document["id"]: document for document in documents})


def load_pre_annotations(path: Path, documents: list[Document]) -> tuple[PreAnnotations, list[Problem]]:
    """The prediction records in `path`, each checked against the schema and against its document's text."""
    report = validate_paths([path], "prediction")
    texts = {document["id"]: document["text"] for document in documents}
    problems = list(report.problems)
    records: dict[str, Document] = {}
    systems: set[str] = set()
    for sourced in report.valid_records:
        record = cast(Document, sourced.record)
        where = sourced.file if sourced.line is None else f"{sourced.file}:{sourced.line}"
        if record["id"] not in texts:
            problems.append(
                Problem(sourced.file, sourced.line, record["id"], "/id", "unknown-document", "no such document to push")
            )
            continue
        placement = placement_problems(record, texts[record["id"]], file=where)
        problems.extend(placement)
        if not placement:
            records[record["id"]] = record
            systems.add(str(sourced.record.get("system") or path.stem))
    source = systems.pop() if len(systems) == 1 else path.stem
    return PreAnnotations(source, records), problems


def _new_task(
    document: Document,
    predictions: PreAnnotations | None,
    annotations: PreAnnotations | None,
    *,
    text_only: bool = False,
) -> dict[str, Any]:
    task: dict[str, Any] = {"data": text_only_task_data(document) if text_only else task_data(document)}
    if predictions and document["id"] in predictions.records:
        result = record_results(predictions.records[document["id"]])
        task["predictions"] = [{"result": result, "model_version": predictions.source}]
    if annotations and document["id"] in annotations.records:
        result = record_results(annotations.records[document["id"]])
        task["annotations"] = [{"result": result, "ground_truth": annotations.source == GOLD}]
    return task


def push_documents(
    client: AnnotationClient,
    project: int,
    documents: list[Document],
    *,
    predictions: PreAnnotations | None = None,
    annotations: PreAnnotations | None = None,
    batch_size: int = BATCH_SIZE,
    text_only: bool = False,
    on_progress: Callable[[int], None] = lambda done: None,
) -> PushReport:
    """Create a task for each document the project lacks; give existing tasks the pre-annotations they lack.

    Re-running after an interruption completes the push without duplicates: tasks are matched on
    `data.document_id`, and each import batch is committed whole or not at all by the server. `text_only` tasks
    carry the text and metadata but nothing of the documents' annotation (for blind annotation; no pre-annotations
    may be given with it).
    """
    if text_only and (predictions or annotations):
        raise ValueError("a text-only push takes no pre-annotations")
    report = PushReport()
    existing = {task.document_id: task for task in client.existing_tasks(project) if task.document_id}
    missing = [document for document in documents if document["id"] not in existing]
    present = [document for document in documents if document["id"] in existing]
    versions = client.prediction_versions(project) if predictions and present else {}
    for document in present:
        task = existing[document["id"]]
        if (
            predictions
            and document["id"] in predictions.records
            and predictions.source not in versions.get(task.id, set())
        ):
            client.add_prediction(task.id, record_results(predictions.records[document["id"]]), predictions.source)
            report.predictions += 1
        if annotations and document["id"] in annotations.records and task.annotations == 0:
            result = record_results(annotations.records[document["id"]])
            client.add_annotation(task.id, result, ground_truth=annotations.source == GOLD)
            report.annotations += 1
        report.already_present += 1
        on_progress(1)
    for start in range(0, len(missing), batch_size):
        batch = [
            _new_task(document, predictions, annotations, text_only=text_only)
            for document in missing[start : start + batch_size]
        ]
        client.import_tasks(project, batch)
        report.created += len(batch)
        report.predictions += sum(1 for task in batch if "predictions" in task)
        report.annotations += sum(1 for task in batch if "annotations" in task)
        on_progress(len(batch))
    return report
