"""Regression tests of issue 11 for `parley annotate`: secrets, executables, and servers that misbehave.

A misbehaving Label Studio cannot be made from the real one, so the pull tests talk over real HTTP to a small
stand-in that answers the few API calls `pull` makes, in the shapes Label Studio uses, and then misbehaves.
"""

import json
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from parley.annotation import client as client_module
from parley.annotation import server as server_module
from parley.annotation.adjudicate import AnnotatorRecord
from parley.annotation.client import AnnotationClient, AnnotationServerError
from parley.annotation.pull import PullReport, safe_name, write_pulled
from parley.annotation.server import BIN_VARIABLE, Login, ServerError, initialise_data_dir, label_studio_bin
from parley.cli import main
from parley.exitcodes import ExitCode
from parley.schema.records import Document
from parley.urls import shown_url
from tests.schema.test_reliability import VALID

ExportBody = Callable[[BaseHTTPRequestHandler], None]


def _json_body(value: Any) -> ExportBody:
    def send(handler: BaseHTTPRequestHandler) -> None:
        _send(handler, json.dumps(value).encode(), "application/json")

    return send


def _send(handler: BaseHTTPRequestHandler, body: bytes, content_type: str) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class _StandIn:
    """What the stand-in answers: the export body, and whether project pages never end."""

    def __init__(self) -> None:
        self.export: ExportBody = _json_body([])
        self.endless_pages = False
        self.requests = 0


def _handler(state: _StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            state.requests += 1
            path = self.path.split("?")[0]
            if path.startswith("/api/current-user"):
                _json_body({"id": 1, "email": "admin@parley.test", "username": "admin"})(self)
            elif path.startswith("/api/projects/1/export"):
                state.export(self)
            elif path.startswith("/api/projects"):
                host = f"http://{self.headers['Host']}"
                following = f"{host}/api/projects/?page={state.requests}" if state.endless_pages else None
                results = [{"id": 2, "title": "Other"}] if state.endless_pages else [{"id": 1, "title": "Parley"}]
                _json_body({"count": 1, "next": following, "previous": None, "results": results})(self)
            elif path.startswith("/api/users"):
                _json_body([{"id": 1, "email": "admin@parley.test", "username": "admin"}])(self)
            else:
                self.send_error(404)

    return Handler


@pytest.fixture
def stand_in() -> Iterator[tuple[str, _StandIn]]:
    state = _StandIn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()


def _pull(url: str, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["annotate", "pull", "--url", url, "--out", str(out)], env={"LABEL_STUDIO_API_KEY": "secret-token"}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "secret-token" not in result.output
    # The transient progress bar leaves a blank line behind.
    return result.exit_code, "\n".join(line for line in result.output.splitlines() if line.strip())


def _task(annotation_id: Any) -> dict[str, Any]:
    return {
        "id": 7,
        "data": {"document_id": "d1", "text": "Talks."},
        "annotations": [{"id": annotation_id, "completed_by": 1, "result": [{"id": "x", "type": "labels"}]}],
    }


def _html(handler: BaseHTTPRequestHandler) -> None:
    _send(handler, b"<html><body>Login</body></html>", "text/html")


@pytest.mark.parametrize(
    ("export", "expected"),
    [
        (_html, "sent an export that is not JSON"),
        (_json_body({"detail": "not a list"}), "sent an export that is not a list of tasks"),
        (_json_body(["a", "b"]), "sent an export that is not a list of tasks"),
    ],
)
def test_item15_pull_from_a_server_sending_no_task_list_is_one_line(
    stand_in: tuple[str, _StandIn], tmp_path: Path, export: ExportBody, expected: str
) -> None:
    url, state = stand_in
    state.export = export
    code, output = _pull(url, tmp_path / "out")
    assert code == ExitCode.UNUSABLE
    [line] = output.splitlines()
    assert line.startswith("parley: error: ") and expected in line


@pytest.mark.parametrize("annotation_id", ["abc", 1.5, [1], True])
def test_item15_pull_reports_an_annotation_id_that_is_not_a_whole_number(
    stand_in: tuple[str, _StandIn], tmp_path: Path, annotation_id: Any
) -> None:
    url, state = stand_in
    state.export = _json_body(
        [_task(annotation_id), {"id": 8, "data": "oops"}, {"id": 9, "data": {}, "annotations": 3}]
    )
    code, output = _pull(url, tmp_path / "out")
    assert code == ExitCode.PROBLEMS
    assert "is not a whole number" in output
    assert "projects/1/data?task=8): error: task has no data object" in output
    assert "region -" not in output, "problems are said in words, never by region ids"
    assert "Traceback" not in output


def test_item15_pull_refuses_an_output_file_before_downloading(stand_in: tuple[str, _StandIn], tmp_path: Path) -> None:
    url, state = stand_in
    out = tmp_path / "records.json"
    out.write_text("mine\n", encoding="utf-8")
    code, output = _pull(url, out)
    assert code == ExitCode.UNUSABLE
    assert output.strip() == f"parley: error: {out} exists and is not a folder; give a folder for the records"
    assert state.requests == 0
    assert out.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("url", ["http://[::1", "ftp://example.org", "http://host:port/", "not a url"])
def test_item15_a_malformed_url_is_one_line(tmp_path: Path, url: str) -> None:
    code, output = _pull(url, tmp_path / "out")
    assert code == ExitCode.UNUSABLE
    [line] = output.splitlines()
    assert line.startswith("parley: error: ")


def test_item15_a_url_password_is_never_shown() -> None:
    assert shown_url("http://user:hunter2@127.0.0.1:9/x") == "http://...@127.0.0.1:9/x"
    with pytest.raises(AnnotationServerError) as caught:
        AnnotationClient("http://user:hunter2@127.0.0.1:9", "key").check()
    assert "hunter2" not in str(caught.value)


def test_item16_a_trickling_server_meets_the_deadline(
    stand_in: tuple[str, _StandIn], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, state = stand_in

    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()
        try:
            for _ in range(100):
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    state.export = trickle
    monkeypatch.setattr(client_module, "DEADLINE_SECONDS", 2.0)
    started = time.monotonic()
    code, output = _pull(url, tmp_path / "out")
    assert code == ExitCode.UNUSABLE
    assert "took longer than 2 s while trying to export the project; stopped" in output
    assert time.monotonic() - started < 15


def test_item16_a_response_size_cap(
    stand_in: tuple[str, _StandIn], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, state = stand_in
    state.export = _json_body([_task(1)] * 2000)
    monkeypatch.setattr(client_module, "MAX_RESPONSE_BYTES", 10_000)
    code, output = _pull(url, tmp_path / "out")
    assert code == ExitCode.UNUSABLE
    assert "sent more than 10000 bytes while trying to export the project; stopped" in output


def test_item16_pages_that_never_end_are_cut_off(
    stand_in: tuple[str, _StandIn], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, state = stand_in
    state.endless_pages = True
    monkeypatch.setattr(client_module, "MAX_REQUESTS", 30)
    code, output = _pull(url, tmp_path / "out")
    assert code == ExitCode.UNUSABLE
    assert "needed more than 30 requests" in output
    assert state.requests < 40


def test_item17_annotator_names_never_leave_the_annotators_folder(tmp_path: Path) -> None:
    for name in ("..", ".", "", ".hidden", "a/../../b", "x" * 300):
        made = safe_name(name)
        assert made not in ("", ".", "..") and not made.startswith(".") and "/" not in made and len(made) <= 101
    record: Document = json.loads(VALID.read_text(encoding="utf-8"))
    report = PullReport(tasks=1, annotations=[AnnotatorRecord("..", 3, False, record)])
    out = tmp_path / "out"
    write_pulled(report, out)
    written = [p.relative_to(out) for p in out.rglob("*") if p.is_file()]
    assert written == [Path("annotators") / "_.." / f"{record['id']}.3.json"]


def _recording_executable(folder: Path) -> tuple[Path, Path]:
    """A stand-in `label-studio` that records its command line and the secret variables it was given."""
    record = folder / "invocation.json"
    script = folder / "label-studio"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        "names = ('LABEL_STUDIO_USERNAME', 'LABEL_STUDIO_PASSWORD', 'LABEL_STUDIO_USER_TOKEN')\n"
        "env = {n: os.environ.get(n) for n in names}\n"
        f"json.dump({{'argv': sys.argv, 'env': env}}, open({str(record)!r}, 'w'))\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, record


def test_item06_init_gets_the_password_and_token_by_environment_not_argv(tmp_path: Path) -> None:
    script, record = _recording_executable(tmp_path)
    login = Login("admin@parley.test", "pw-5f3a9c", "token-8e1d2b")
    initialise_data_dir(tmp_path / "data", login, executable=script)
    invocation = json.loads(record.read_text(encoding="utf-8"))
    command_line = " ".join(invocation["argv"])
    assert login.password not in command_line and login.token not in command_line
    assert invocation["env"] == {
        "LABEL_STUDIO_USERNAME": login.email,
        "LABEL_STUDIO_PASSWORD": login.password,
        "LABEL_STUDIO_USER_TOKEN": login.token,
    }


def test_item07_the_executable_is_never_found_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = tmp_path / ".venv-labelstudio" / "bin"
    planted.mkdir(parents=True)
    script, record = _recording_executable(planted)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(BIN_VARIABLE, raising=False)
    monkeypatch.setattr(server_module, "checkout_root", lambda: None)  # as when installed from a wheel
    with pytest.raises(ServerError) as caught:
        label_studio_bin()
    assert BIN_VARIABLE in str(caught.value)
    monkeypatch.setenv(BIN_VARIABLE, ".venv-labelstudio/bin/label-studio")
    with pytest.raises(ServerError, match="must be an absolute path"):
        label_studio_bin()
    monkeypatch.setenv(BIN_VARIABLE, str(script))
    assert label_studio_bin() == script
    assert not record.exists()
