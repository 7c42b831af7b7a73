"""A thin wrapper over label-studio-sdk 2.x: the few calls push and pull need, with one-line errors.

Every SDK or network failure becomes an `AnnotationServerError` whose message never contains the token. The SDK
(which pulls in pandas and pyarrow) is imported when a client is made or a call fails, not with this module, so
that `parley` starts fast.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from parley.reading import InputError, clip, parse_json
from parley.urls import shown_url

TIMEOUT_SECONDS = 120.0
"""The longest wait for any one read from the server."""
DEADLINE_SECONDS = 1800.0
"""The longest one operation (an export, a listing over all its pages) may take: a server trickling a byte a second
never times out a read."""
MAX_RESPONSE_BYTES = 2 * 1024 * 1024 * 1024
"""The most one operation may download, over all its requests."""
MAX_REQUESTS = 10_000
"""The most requests one operation may make: a listing whose pages never end is cut off."""


class AnnotationServerError(Exception):
    """The server is unreachable, refused the credentials or answered with an error (one line)."""


def check_url(url: str) -> None:
    """Raise AnnotationServerError unless `url` is an http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        raise AnnotationServerError(f"{shown_url(url)} is not a valid URL: {error}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AnnotationServerError(f"{clip(shown_url(url), 200)} is not an http:// or https:// URL with a host")


@dataclass(frozen=True)
class ExistingTask:
    id: int
    document_id: str | None
    annotations: int


@dataclass(frozen=True)
class TaskText:
    id: int
    text: Any
    annotator_ids: list[int | None]


def _author_id(annotation: Any) -> int | None:
    who = annotation.get("completed_by") if isinstance(annotation, dict) else getattr(annotation, "completed_by", None)
    if isinstance(who, dict):
        who = who.get("id")
    return who if isinstance(who, int) else None


class LimitExceededError(httpx.TransportError):
    """One operation took too long, downloaded too much or made too many requests."""


class _Budget:
    """What one operation may still spend: time, bytes and requests."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.deadline = time.monotonic() + DEADLINE_SECONDS
        self.bytes_left = MAX_RESPONSE_BYTES
        self.requests_left = MAX_REQUESTS

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceededError(f"took longer than {DEADLINE_SECONDS:.0f} s")

    def spend_request(self) -> None:
        self.check_time()
        self.requests_left -= 1
        if self.requests_left < 0:
            raise LimitExceededError(f"needed more than {MAX_REQUESTS} requests (pages that never end?)")

    def spend_bytes(self, count: int) -> None:
        self.check_time()
        self.bytes_left -= count
        if self.bytes_left < 0:
            raise LimitExceededError(f"sent more than {MAX_RESPONSE_BYTES} bytes")


class _BoundedStream(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, budget: _Budget) -> None:
        self._inner = inner
        self._budget = budget

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            self._budget.spend_bytes(len(chunk))
            yield chunk

    def close(self) -> None:
        self._inner.close()


class _BoundedTransport(httpx.HTTPTransport):
    """The default transport, charging every request and every received chunk to the operation's budget."""

    def __init__(self, budget: _Budget) -> None:
        super().__init__()
        self._budget = budget

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._budget.spend_request()
        response = super().handle_request(request)
        assert isinstance(response.stream, httpx.SyncByteStream)
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_BoundedStream(response.stream, self._budget),
            extensions=response.extensions,
            request=request,
        )


class AnnotationClient:
    """One Label Studio server, reached with one API key."""

    def __init__(self, url: str, api_key: str) -> None:
        check_url(url)
        self.url = url.rstrip("/")
        self.shown_url = shown_url(self.url)
        self._budget = _Budget()
        http = httpx.Client(
            timeout=httpx.Timeout(TIMEOUT_SECONDS, connect=30.0),
            transport=_BoundedTransport(self._budget),
            follow_redirects=True,  # httpx drops the Authorization header when a redirect leaves the origin
        )
        from label_studio_sdk import LabelStudio  # imported here: it pulls in pandas and pyarrow

        # The SDK's generated types are loose (Any-heavy); the wrapper's own signatures are the typed surface.
        self._sdk: Any = LabelStudio(base_url=self.url, api_key=api_key, timeout=TIMEOUT_SECONDS, httpx_client=http)  # type: ignore[no-untyped-call]

    @contextmanager
    def _translated(self, action: str) -> Iterator[None]:
        """One operation: a fresh budget, and every failure as one AnnotationServerError line without the key."""
        from label_studio_sdk.core.api_error import ApiError

        url = self.shown_url
        self._budget.reset()
        try:
            yield
        except ApiError as error:
            if error.status_code in (401, 403):
                raise AnnotationServerError(
                    f"{url} refused the API key while trying to {action} (HTTP {error.status_code})"
                ) from None
            body = " ".join(str(error.body)[:200].split())
            raise AnnotationServerError(f"{url} failed to {action}: HTTP {error.status_code}: {body}") from None
        except LimitExceededError as error:
            raise AnnotationServerError(f"{url} {error} while trying to {action}; stopped") from None
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            raise AnnotationServerError(
                f"cannot reach Label Studio at {url} to {action}: {type(error).__name__}"
            ) from None
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            # Includes pydantic's ValidationError: the server answered, but not as the Label Studio API does.
            raise AnnotationServerError(
                f"{url} answered in a way Label Studio does not while trying to {action} ({type(error).__name__})"
            ) from None

    def check(self) -> str:
        """The email of the key's user; fails clearly on a wrong key or an unreachable server."""
        with self._translated("check the API key"):
            user = self._sdk.users.whoami()
        return str(user.email or user.username)

    def project_id(self, title: str, label_config: str) -> int:
        """The id of the project called `title`, created with `label_config` or brought up to date."""
        with self._translated("find the project"):
            for project in self._sdk.projects.list(title=title):
                if project.title == title and project.id is not None:
                    if project.label_config != label_config:
                        self._sdk.projects.update(project.id, label_config=label_config)
                    return int(project.id)
            created = self._sdk.projects.create(title=title, label_config=label_config)
        assert created.id is not None
        return int(created.id)

    def find_project(self, title: str) -> int | None:
        with self._translated("find the project"):
            for project in self._sdk.projects.list(title=title):
                if project.title == title and project.id is not None:
                    return int(project.id)
        return None

    def existing_tasks(self, project: int, *, page_size: int = 1000) -> list[ExistingTask]:
        """Every task of the project (all pages)."""
        with self._translated("list the project's tasks"):
            tasks = self._sdk.tasks.list(project=project, fields="task_only", page_size=page_size)
            return [
                ExistingTask(int(task.id), (task.data or {}).get("document_id"), int(task.total_annotations or 0))
                for task in tasks
            ]

    def prediction_versions(self, project: int) -> dict[int, set[str]]:
        """Task id -> the model versions of its predictions."""
        with self._translated("list the project's predictions"):
            versions: dict[int, set[str]] = {}
            for prediction in self._sdk.predictions.list(project=project):
                versions.setdefault(int(prediction.task), set()).add(str(prediction.model_version or ""))
        return versions

    def import_tasks(self, project: int, tasks: list[dict[str, Any]]) -> None:
        with self._translated("import tasks"):
            self._sdk.projects.import_tasks(project, request=tasks, return_task_ids=False)

    def add_prediction(self, task: int, result: list[dict[str, Any]], model_version: str) -> None:
        with self._translated("add a prediction"):
            self._sdk.predictions.create(task=task, result=result, model_version=model_version)

    def add_annotation(self, task: int, result: list[dict[str, Any]], *, ground_truth: bool = False) -> None:
        with self._translated("add an annotation"):
            self._sdk.annotations.create(task, result=result, ground_truth=ground_truth)

    def export(self, project: int) -> list[dict[str, Any]]:
        """Every task with all its annotations, in the full JSON format (JSON_MIN drops region ids and relations)."""
        with self._translated("export the project"):
            chunks = self._sdk.projects.exports.download_sync(project, export_type="JSON", download_all_tasks=True)
            body = b"".join(chunks)
        try:
            exported = parse_json(body)
        except InputError as error:
            raise AnnotationServerError(f"{self.shown_url} sent an export that is not JSON: {error}") from None
        if not isinstance(exported, list) or not all(isinstance(task, dict) for task in exported):
            raise AnnotationServerError(f"{self.shown_url} sent an export that is not a list of tasks")
        return exported

    def user_names(self) -> dict[int, str]:
        """User id -> the name annotations go under: NAME for an annotator user (NAME@parley.local), else the
        email."""
        from parley.annotation.users import display_name

        return {int(user["id"]): display_name(user["username"], user["email"]) for user in self.users()}

    def users(self) -> list[dict[str, Any]]:
        """Every user of the organisation: id, username and email."""
        with self._translated("list users"):
            return [
                {"id": int(user.id), "username": user.username, "email": user.email} for user in self._sdk.users.list()
            ]

    def whoami(self) -> str:
        """The username of the key's user."""
        return self.me()[1]

    def me(self) -> tuple[int, str]:
        """The id and username of the key's user."""
        with self._translated("check the API key"):
            user = self._sdk.users.whoami()
        return int(user.id), str(user.username)

    def invite_token(self) -> str:
        """The token of the organisation's invitation link (what a person signs up with)."""
        from label_studio_sdk.core.api_error import ApiError

        with self._translated("read the invitation link"):
            # The SDK has no call for GET /api/invite; its own HTTP client sends the request with the key.
            response = self._sdk._client_wrapper.httpx_client.request("api/invite", method="GET")
            if response.status_code != 200:
                raise ApiError(status_code=response.status_code, body=response.text)
            token = response.json()["token"]
        if not isinstance(token, str):
            raise AnnotationServerError(f"{self.shown_url} sent no invitation token")
        return token

    def task_texts(self, project: int) -> dict[str, TaskText]:
        """Document id -> its task's id, text and the users who annotated it (every page)."""
        with self._translated("list the project's tasks"):
            found: dict[str, TaskText] = {}
            for task in self._sdk.tasks.list(project=project, fields="all", page_size=1000):
                data = task.data or {}
                document_id = data.get("document_id")
                if isinstance(document_id, str):
                    authors = [_author_id(annotation) for annotation in task.annotations or []]
                    found[document_id] = TaskText(int(task.id), data.get("text"), authors)
            return found
