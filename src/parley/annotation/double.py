"""A blind double-annotation round through Label Studio: the plan (which records go in as whose annotation) and the
run (users, text-only tasks, the annotations in the order they were made, the adjudicated ground truth, the pull).

`annotation/double/round.py` is the command that runs it once on a throwaway server.
"""

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parley.annotation.client import AnnotationClient
from parley.annotation.config import label_config
from parley.annotation.pull import PullReport, pull_records
from parley.annotation.push import push_documents
from parley.annotation.submit import submit_records
from parley.annotation.users import ensure_users, load_credentials, save_credentials, user_client
from parley.schema.files import format_record
from parley.schema.records import Document

ADJUDICATOR = "parley-adj"
EXPORT_FILE = "label-studio-export.json.gz"
FIRST, SECOND, ADJUDICATED = "first", "second", "adjudicated"
USERS_FILE = "label-studio-users.json"


class RoundError(Exception):
    """The inputs of a round do not fit together; every line says which document and what is wrong."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(f"{len(lines)} problem(s) in the round's inputs; nothing was started")
        self.lines = lines


@dataclass(frozen=True)
class RoundPlan:
    """The records of each phase, in the order they are submitted, all of the same documents."""

    first: list[Document]
    second: list[Document]
    adjudicated: list[Document]


def first_annotator(record: Document) -> str:
    return record["annotation"]["annotators"][0]


def plan_round(
    ids: list[str],
    corpus: list[Document],
    second: list[Document],
    adjudicated: list[Document],
    *,
    expected_seconds: dict[str, str] | None = None,
) -> RoundPlan:
    """The round of the listed documents: their corpus records (first annotations), a second annotation of each by
    another annotator (the one `expected_seconds` names, when it names one), and an adjudicated record of each;
    RoundError lists everything that does not fit."""
    lines: list[str] = []
    by_id = {record["id"]: record for record in corpus}
    seconds = {record["id"]: record for record in second}
    finals = {record["id"]: record for record in adjudicated}
    listed = list(dict.fromkeys(ids))
    for document in listed:
        if document not in by_id:
            lines.append(f"{document}: listed but not in the corpus")
            continue
        if document not in seconds:
            lines.append(f"{document}: no second annotation")
        elif first_annotator(seconds[document]) in by_id[document]["annotation"]["annotators"]:
            who = first_annotator(seconds[document])
            lines.append(f"{document}: the second annotation is by {who}, who made the first; it must be someone else")
        elif (expected := (expected_seconds or {}).get(document)) and expected != first_annotator(seconds[document]):
            who = first_annotator(seconds[document])
            lines.append(f"{document}: the second annotation is by {who}, but the selection assigned it to {expected}")
        if document not in finals:
            lines.append(f"{document}: no adjudicated record")
    for kind, records in (("second annotation", seconds), ("adjudicated record", finals)):
        lines.extend(
            f"{document}: a {kind} of a document not in the list" for document in records if document not in listed
        )
    if lines:
        raise RoundError(lines)
    return RoundPlan(
        [by_id[document] for document in listed],
        [seconds[document] for document in listed],
        [finals[document] for document in listed],
    )


def annotator_names(plan: RoundPlan) -> list[str]:
    names = [first_annotator(record) for record in (*plan.first, *plan.second)]
    return list(dict.fromkeys([*names, ADJUDICATOR]))


def _by_annotator(records: list[Document], name: str | None) -> dict[str, list[Document]]:
    groups: dict[str, list[Document]] = {}
    for record in records:
        groups.setdefault(name or first_annotator(record), []).append(record)
    return groups


@dataclass(frozen=True)
class RoundResult:
    project: int
    report: PullReport
    export: list[dict[str, Any]]
    users: list[dict[str, Any]]


def run_round(admin: AnnotationClient, plan: RoundPlan, *, title: str, credentials: Path) -> RoundResult:
    """Make the users, push the documents as text-only tasks, submit the first annotations, the second, then the
    adjudicated records as ground truth (each by its annotator's own user), and pull the project."""
    logins = load_credentials(credentials)
    try:
        ensure_users(admin, annotator_names(plan), logins)
    finally:
        save_credentials(credentials, logins)
    project = admin.project_id(title, label_config())
    push_documents(admin, project, plan.first, text_only=True)
    for records, name, ground_truth in (
        (plan.first, None, False),
        (plan.second, None, False),
        (plan.adjudicated, ADJUDICATOR, True),
    ):
        for annotator, group in _by_annotator(records, name).items():
            submit_records(user_client(admin.url, logins, annotator), project, group, ground_truth=ground_truth)
    export = admin.export(project)
    return RoundResult(project, pull_records(admin, project), export, admin.users())


def round_annotations(report: PullReport) -> dict[str, list[Document]]:
    """Per document, its annotators' records (ground truth left out) in the order they were made: the first
    annotation, then the second."""
    annotations = sorted(
        (annotated for annotated in report.annotations if not annotated.ground_truth),
        key=lambda annotated: annotated.annotation_id,
    )
    by_document: dict[str, list[Document]] = {}
    for annotated in annotations:
        by_document.setdefault(annotated.record["id"], []).append(annotated.record)
    return by_document


def write_round(result: RoundResult, out: Path) -> None:
    """OUT/first/ and OUT/second/ the two annotations of each document, OUT/adjudicated/ the adjudicated records, and
    as provenance the raw export (gzip: it is large and only read by machines) and who each user id is."""
    for folder in (FIRST, SECOND, ADJUDICATED):
        (out / folder).mkdir(parents=True)
    for record in result.report.records:
        (out / ADJUDICATED / f"{record['id']}.json").write_text(format_record(record), encoding="utf-8")
    for document, records in round_annotations(result.report).items():
        for folder, record in zip((FIRST, SECOND), records, strict=False):
            (out / folder / f"{document}.json").write_text(format_record(record), encoding="utf-8")
    export = json.dumps(result.export, ensure_ascii=False, indent=1) + "\n"
    # mtime 0 and no file name in the header: the same export always compresses to the same bytes
    with (out / EXPORT_FILE).open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=0) as packed:
        packed.write(export.encode("utf-8"))
    users = json.dumps(result.users, ensure_ascii=False, indent=2) + "\n"
    (out / USERS_FILE).write_text(users, encoding="utf-8")
