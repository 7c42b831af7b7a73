"""Submit: records become annotations of their documents' tasks, made by the user whose client sends them.

Label Studio sets an annotation's `completed_by` to the user whose token made the request, so a client built with an
annotator's own token (see `parley.annotation.users`) makes that annotator's annotation. Every record is checked
before anything is sent: a problem in one leaves the project as it was.
"""

from dataclasses import dataclass

from parley.annotation.client import AnnotationClient
from parley.annotation.push import placement_problems
from parley.annotation.tasks import annotation_meta, record_results
from parley.schema.records import Document


@dataclass(frozen=True)
class SubmitProblem:
    document_id: str
    message: str

    def format(self) -> str:
        return f"{self.document_id}: {self.message}"


class SubmitError(Exception):
    """Records that cannot be submitted; nothing was."""

    def __init__(self, problems: list[SubmitProblem]) -> None:
        super().__init__(f"{len(problems)} record(s) cannot be submitted")
        self.problems = problems


@dataclass(frozen=True)
class Submitted:
    document_id: str
    task: int


def submit_records(
    client: AnnotationClient, project: int, records: list[Document], *, ground_truth: bool = False
) -> list[Submitted]:
    """Add each record as an annotation of its document's task, by the client's user, optionally ground truth.

    Raises SubmitError (and sends nothing) when a record's document has no task, its text is not the task's, a
    mention cannot be placed on it, the user already annotated that task, or two records are of one document.
    """
    user_id, username = client.me()
    tasks = client.task_texts(project)
    problems: list[SubmitProblem] = []
    seen: set[str] = set()
    for record in records:
        document = record["id"]
        task = tasks.get(document)
        if document in seen:
            problems.append(SubmitProblem(document, "given twice; submit one record per document"))
        elif task is None:
            problems.append(SubmitProblem(document, "no task of this document in the project; push it first"))
        elif task.text != record["text"]:
            problems.append(SubmitProblem(document, f"the record's text differs from task {task.id}'s text"))
        elif user_id in task.annotator_ids:
            problems.append(SubmitProblem(document, f"{username} already annotated task {task.id}; not added twice"))
        else:
            placement = placement_problems(record, record["text"], file="")
            problems.extend(SubmitProblem(document, problem.message) for problem in placement)
        seen.add(document)
    if problems:
        raise SubmitError(problems)
    submitted: list[Submitted] = []
    for record in records:
        task_id = tasks[record["id"]].id
        client.add_annotation(task_id, [*record_results(record), annotation_meta(record)], ground_truth=ground_truth)
        submitted.append(Submitted(record["id"], task_id))
    return submitted
