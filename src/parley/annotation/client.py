"""A thin wrapper over label-studio-sdk 2.x: the few calls push and pull need, with one-line errors.

Every SDK or network failure becomes an `AnnotationServerError` whose message never contains the token. The SDK
(which pulls in pandas and pyarrow) is imported when a client is made or a call fails, not with this module, so
that `parley` starts fast.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

TIMEOUT_SECONDS = 120.0


class AnnotationServerError(Exception):
    """The server is unreachable, refused the credentials or answered with an error (one line)."""


@dataclass(frozen=True)
class ExistingTask:
    id: int
    document_id: str | None
    annotations: int


@contextmanager
def _translated(url: str, action: str) -> Iterator[None]:
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    try:
        yield
    except ApiError as error:
        if error.status_code in (401, 403):
            raise AnnotationServerError(
                f"{url} refused the API key while trying to {action} (HTTP {error.status_code})"
            ) from None
        body = str(error.body)[:200].replace("\n", " ")
        raise AnnotationServerError(f"{url} failed to {action}: HTTP {error.status_code}: {body}") from None
    except httpx.HTTPError as error:
        raise AnnotationServerError(f"cannot reach Label Studio at {url} to {action}: {type(error).__name__}") from None


class AnnotationClient:
    """One Label Studio server, reached with one API key."""

    def __init__(self, url: str, api_key: str) -> None:
        from label_studio_sdk import LabelStudio

        self.url = url.rstrip("/")
        # The SDK's generated types are loose (Any-heavy); the wrapper's own signatures are the typed surface.
        self._sdk: Any = LabelStudio(base_url=self.url, api_key=api_key, timeout=TIMEOUT_SECONDS)  # type: ignore[no-untyped-call]

    def check(self) -> str:
        """The email of the key's user; fails clearly on a wrong key or an unreachable server."""
        with _translated(self.url, "check the API key"):
            user = self._sdk.users.whoami()
        return str(user.email or user.username)

    def project_id(self, title: str, label_config: str) -> int:
        """The id of the project called `title`, created with `label_config` or brought up to date."""
        with _translated(self.url, "find the project"):
            for project in self._sdk.projects.list(title=title):
                if project.title == title and project.id is not None:
                    if project.label_config != label_config:
                        self._sdk.projects.update(project.id, label_config=label_config)
                    return int(project.id)
            created = self._sdk.projects.create(title=title, label_config=label_config)
        assert created.id is not None
        return int(created.id)

    def find_project(self, title: str) -> int | None:
        with _translated(self.url, "find the project"):
            for project in self._sdk.projects.list(title=title):
                if project.title == title and project.id is not None:
                    return int(project.id)
        return None

    def existing_tasks(self, project: int, *, page_size: int = 1000) -> list[ExistingTask]:
        """Every task of the project (all pages)."""
        with _translated(self.url, "list the project's tasks"):
            tasks = self._sdk.tasks.list(project=project, fields="task_only", page_size=page_size)
            return [
                ExistingTask(int(task.id), (task.data or {}).get("document_id"), int(task.total_annotations or 0))
                for task in tasks
            ]

    def prediction_versions(self, project: int) -> dict[int, set[str]]:
        """Task id -> the model versions of its predictions."""
        with _translated(self.url, "list the project's predictions"):
            predictions = self._sdk.predictions.list(project=project)
        versions: dict[int, set[str]] = {}
        for prediction in predictions:
            versions.setdefault(int(prediction.task), set()).add(str(prediction.model_version or ""))
        return versions

    def import_tasks(self, project: int, tasks: list[dict[str, Any]]) -> None:
        with _translated(self.url, "import tasks"):
            self._sdk.projects.import_tasks(project, request=tasks, return_task_ids=False)

    def add_prediction(self, task: int, result: list[dict[str, Any]], model_version: str) -> None:
        with _translated(self.url, "add a prediction"):
            self._sdk.predictions.create(task=task, result=result, model_version=model_version)

    def add_annotation(self, task: int, result: list[dict[str, Any]], *, ground_truth: bool = False) -> None:
        with _translated(self.url, "add an annotation"):
            self._sdk.annotations.create(task, result=result, ground_truth=ground_truth)

    def export(self, project: int) -> list[dict[str, Any]]:
        """Every task with all its annotations, in the full JSON format (JSON_MIN drops region ids and relations)."""
        with _translated(self.url, "export the project"):
            chunks = self._sdk.projects.exports.download_sync(project, export_type="JSON", download_all_tasks=True)
            exported: list[dict[str, Any]] = json.loads(b"".join(chunks))
        return exported

    def user_names(self) -> dict[int, str]:
        """User id -> email, to name annotators."""
        with _translated(self.url, "list users"):
            return {int(user.id): str(user.email or user.username) for user in self._sdk.users.list()}
