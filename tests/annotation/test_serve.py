"""`parley annotate serve`: one command brings up a ready project a person can log into; signals stop it cleanly."""

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.annotation.client import AnnotationClient
from parley.annotation.server import free_port
from parley.corpus.synthetic import generate_documents
from parley.schema.files import format_record
from tests.annotation.conftest import LOGIN

pytestmark = [pytest.mark.labelstudio, pytest.mark.timeout(600)]


def _documents(folder: Path, count: int) -> Path:
    folder.mkdir()
    for document in generate_documents(count, seed=1, events=2, target_chars=300):
        (folder / f"{document['id']}.json").write_text(format_record(document), encoding="utf-8")
    return folder


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _serve(arguments: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """`parley annotate serve` as a child that, like any job a shell starts in the background, inherits SIGINT
    ignored: Ctrl-C must stop it all the same."""
    command = [sys.executable, "-m", "parley", "annotate", "serve", *arguments]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=_ignore_sigint
    )


def _lines_until_ready(process: subprocess.Popen[str]) -> Iterator[str]:
    assert process.stdout is not None
    for line in process.stdout:
        yield line.rstrip("\n")
        if "press Ctrl-C to stop" in line:
            return


def _pids_using(folder: Path) -> list[int]:
    """Processes whose command line names `folder` (the server's data folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(folder) in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _child_env(**extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("LABEL_STUDIO_")}
    env.update(extra)
    return env


def _stop(process: subprocess.Popen[str], signal_number: int) -> str:
    process.send_signal(signal_number)
    try:
        rest, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.terminate()  # leave nothing behind, then fail
        process.communicate(timeout=60)
        pytest.fail(f"serve did not stop within 60 s of signal {signal_number}")
    return rest


def test_serve_on_a_copied_data_dir_pushes_the_documents_and_stops_on_ctrl_c(data_dir: Path, tmp_path: Path) -> None:
    port = free_port()
    folder = _documents(tmp_path / "documents", 4)
    process = _serve(
        ["--port", str(port), "--data-dir", str(data_dir), "--documents", str(folder)],
        _child_env(LABEL_STUDIO_API_KEY=LOGIN.token),
    )
    lines = list(_lines_until_ready(process))
    try:
        url = f"http://127.0.0.1:{port}"
        assert f"Label Studio is ready at {url}" in lines
        assert f"  export LABEL_STUDIO_URL={url}" in lines
        assert "  export LABEL_STUDIO_API_KEY=<the LABEL_STUDIO_API_KEY you set>" in lines
        assert not any(LOGIN.token in line for line in lines)
        client = AnnotationClient(url, LOGIN.token)
        project = client.find_project("Parley")
        assert project is not None
        assert len(client.existing_tasks(project)) == 4
    finally:
        rest = _stop(process, signal.SIGINT)
    assert process.returncode == 0, rest
    assert _pids_using(data_dir) == []


def test_serve_from_scratch_creates_the_login_and_stops_on_sigterm(template_data_dir: Path, tmp_path: Path) -> None:
    """A new data folder is a copy of the cached template: no `init`, its own login."""
    port = free_port()
    folder = _documents(tmp_path / "documents", 2)
    cache = template_data_dir.parent.parent
    process = _serve(
        ["--port", str(port), "--documents", str(folder)], _child_env(TMPDIR=str(tmp_path), XDG_CACHE_HOME=str(cache))
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(_lines_until_ready(process)))
    reader.start()
    reader.join(timeout=400)
    try:
        login = next(line for line in lines if line.startswith("log in as "))
        email, password = login.removeprefix("log in as ").split(" with password ")
        token = next(line for line in lines if "LABEL_STUDIO_API_KEY=" in line).split("=", 1)[1]
        assert email == "admin@parley.local" and len(password) >= 12
        client = AnnotationClient(f"http://127.0.0.1:{port}", token)
        assert client.check() == email
        assert not any("initialising Label Studio once" in line for line in lines), "the template was not used"
    finally:
        rest = _stop(process, signal.SIGTERM)
    assert process.returncode == 0, rest
    leftovers = list(tmp_path.glob("parley-label-studio-*"))
    assert leftovers == [], "the throwaway data folder must be removed"


def test_serve_refuses_a_busy_port(data_dir: Path, tmp_path: Path) -> None:
    import socket

    folder = _documents(tmp_path / "documents", 1)
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        process = _serve(
            ["--port", str(port), "--data-dir", str(data_dir), "--documents", str(folder)],
            _child_env(LABEL_STUDIO_API_KEY=LOGIN.token),
        )
        output, _ = process.communicate(timeout=120)
    assert process.returncode == 2, output
    assert output.strip().splitlines() == [
        f"parley: error: port {port} is in use on 127.0.0.1; choose another with --port"
    ]
