"""Pull: exported tasks -> one record per annotator per document, adjudicated, validated."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from parley.annotation.adjudicate import AnnotatorRecord, Decision, adjudicate
from parley.annotation.client import AnnotationClient
from parley.annotation.convert import ERROR, NOTE, RegionProblem, convert_results
from parley.annotation.tasks import (
    HAS_RELATIONS,
    METADATA_FIELDS,
    NULL_NORMALIZED,
    RELATION_IDS,
    content_digest,
    split_meta,
)
from parley.reading import clip
from parley.schema.files import format_record
from parley.schema.problems import Problem
from parley.schema.records import Document
from parley.schema.validation import validate_record

DEFAULT_GUIDELINES_VERSION = "1.0"


@dataclass
class TaskOutcome:
    document_id: str | None
    annotations: list[AnnotatorRecord] = field(default_factory=list)
    region_problems: list[RegionProblem] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)
    cancelled: int = 0
    empty: int = 0


@dataclass
class PullReport:
    tasks: int = 0
    records: list[Document] = field(default_factory=list)
    annotations: list[AnnotatorRecord] = field(default_factory=list)
    conflicts: list[Decision] = field(default_factory=list)
    region_problems: list[RegionProblem] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)
    cancelled: int = 0
    empty: int = 0
    unannotated: int = 0

    @property
    def errors(self) -> list[RegionProblem]:
        return [problem for problem in self.region_problems if problem.level == ERROR]

    @property
    def notes(self) -> list[RegionProblem]:
        """The documented defaults filled in (polarity, realis, roles of unlabelled arrows, arrows turned around)."""
        return [problem for problem in self.region_problems if problem.level == NOTE]

    @property
    def clean(self) -> bool:
        return not (self.conflicts or self.errors or self.invalid)


def _annotator(annotation: dict[str, Any], names: dict[int, str]) -> str:
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        if isinstance(who.get("id"), int) and who["id"] in names:
            return names[who["id"]]
        return str(who.get("email") or who.get("id"))
    return names.get(who, f"user-{who}") if isinstance(who, int) else "unknown"


def task_link(url: str, project: int, task: int | None) -> str:
    """The address that opens `task` in the editor."""
    return f"{url.rstrip('/')}/projects/{project}/data?task={task}"


def _whole_number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def convert_task(task: dict[str, Any], names: dict[int, str]) -> TaskOutcome:
    """Every usable annotation of one exported task as a validated record; what the server sent in a shape Label
    Studio never sends is a problem of that task, never a crash."""
    task_id = _whole_number(task.get("id"))
    data = task.get("data")
    if not isinstance(data, dict):
        outcome = TaskOutcome(None)
        outcome.region_problems.append(RegionProblem(task_id, "-", "task has no data object"))
        return outcome
    outcome = TaskOutcome(data.get("document_id") if isinstance(data.get("document_id"), str) else None)
    text = data.get("text")
    if outcome.document_id is None or not isinstance(text, str):
        outcome.region_problems.append(RegionProblem(task_id, "-", "task data has no document_id or text"))
        return outcome
    annotations = task.get("annotations") or []
    if not isinstance(annotations, list):
        outcome.region_problems.append(RegionProblem(task_id, "-", "the task's annotations are not a list"))
        return outcome
    for annotation in annotations:
        try:
            _convert_annotation(outcome, task_id, data, text, annotation, names)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            # A region or value in a shape Label Studio never sends: the annotation cannot be used, say why.
            reason = f"annotation is malformed ({type(error).__name__}: {clip(str(error), 120)})"
            outcome.region_problems.append(RegionProblem(task_id, "-", reason))
    return outcome


def _convert_annotation(
    outcome: TaskOutcome,
    task_id: int | None,
    data: dict[str, Any],
    text: str,
    annotation: Any,
    names: dict[int, str],
) -> None:
    if not isinstance(annotation, dict):
        outcome.region_problems.append(RegionProblem(task_id, "-", "an annotation is not an object"))
        return
    if annotation.get("was_cancelled"):
        outcome.cancelled += 1
        return
    results = annotation.get("result") or []
    if not isinstance(results, list):
        outcome.region_problems.append(RegionProblem(task_id, "-", "an annotation's result is not a list"))
        return
    results, meta = split_meta(results)
    if not results:
        outcome.empty += 1
        return
    annotation_id = _whole_number(annotation.get("id") or 0)
    if annotation_id is None:
        reason = f"annotation id {clip(repr(annotation.get('id')), 40)} is not a whole number"
        outcome.region_problems.append(RegionProblem(task_id, "-", reason))
        return
    gold_annotation = data.get("gold_annotation") or {}
    if not isinstance(gold_annotation, dict):
        gold_annotation = {}
    # A submitted annotation carries what its record needs back; a drawn one relies on the task's pushed record.
    source = meta if meta is not None else data
    nulls = frozenset(str(identifier) for identifier in source.get(NULL_NORMALIZED) or [])
    known = [list(map(str, item)) for item in source.get(RELATION_IDS) or [] if isinstance(item, list)]
    content = convert_results(results, text=text, task=task_id, null_normalized=nulls, relation_ids=known)
    outcome.region_problems.extend(content.problems)
    annotator = _annotator(annotation, names)
    # A record gets a `relations` key when it had one when pushed or when relations were drawn on it.
    relations = content.relations if content.relations or source.get(HAS_RELATIONS) else None
    if meta is not None:
        version = str(meta.get("guidelines_version") or DEFAULT_GUIDELINES_VERSION)
        info = {"guidelines_version": version, "annotators": [annotator], "adjudicated": False}
    elif content_digest(content.entities, content.events, relations) == data.get("gold_digest"):
        info = gold_annotation  # pushed unchanged: keep who made the record originally
    else:
        version = gold_annotation.get("guidelines_version", DEFAULT_GUIDELINES_VERSION)
        info = {"guidelines_version": version, "annotators": [annotator], "adjudicated": False}
    record: dict[str, Any] = {"id": outcome.document_id}
    record.update({name: data.get(name) for name in METADATA_FIELDS})
    record.update({"text": text, "entities": content.entities, "events": content.events})
    if relations is not None:
        record["relations"] = relations
    record["annotation"] = info
    problems = validate_record(record, "gold", file=f"task {task_id}")
    if problems:
        outcome.invalid.extend(problems)
        return
    ground_truth = bool(annotation.get("ground_truth"))
    outcome.annotations.append(AnnotatorRecord(annotator, annotation_id, ground_truth, cast(Document, record)))


def pull_records(
    client: AnnotationClient,
    project: int,
    *,
    task: int | None = None,
    on_progress: Callable[[int, int], None] = lambda done, total: None,
) -> PullReport:
    """Export the project (or its one `task`) and turn it into adjudicated records, counting and reporting
    everything left out.

    `on_progress(done, total)` is called once the export arrived and after each task.
    """
    exported = [item for item in client.export(project) if task is None or item.get("id") == task]
    names = client.user_names()
    report = PullReport(tasks=len(exported))
    on_progress(0, len(exported))
    for done, item in enumerate(exported, start=1):
        outcome = convert_task(item, names)
        report.region_problems.extend(outcome.region_problems)
        report.invalid.extend(outcome.invalid)
        report.cancelled += outcome.cancelled
        report.empty += outcome.empty
        report.annotations.extend(outcome.annotations)
        if outcome.document_id is not None and outcome.annotations:
            decision = adjudicate(outcome.document_id, outcome.annotations)
            if decision.record is None:
                report.conflicts.append(decision)
            else:
                report.records.append(decision.record)
        elif not any(p.level == ERROR for p in outcome.region_problems) and not outcome.invalid:
            report.unannotated += 1
        on_progress(done, len(exported))
    report.records.sort(key=lambda record: record["id"])
    return report


def safe_name(annotator: str) -> str:
    """An annotator's name as one folder name: never `.`, `..`, hidden, empty, a path or longer than 100 characters
    (two names may come out the same; the files inside still differ, named by document and annotation)."""
    name = re.sub(r"[^A-Za-z0-9@._-]", "_", annotator)[:100]
    return name if name and not name.startswith(".") else f"_{name}"


def write_pulled(report: PullReport, out: Path) -> None:
    """OUT/<document>.json for each adjudicated record, OUT/annotators/<annotator>/<document>.<annotation>.json for
    each annotation."""
    out.mkdir(parents=True, exist_ok=True)
    for record in report.records:
        (out / f"{record['id']}.json").write_text(format_record(record), encoding="utf-8")
    for annotated in report.annotations:
        folder = out / "annotators" / safe_name(annotated.annotator)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{annotated.record['id']}.{annotated.annotation_id}.json"
        (folder / name).write_text(format_record(annotated.record), encoding="utf-8")
