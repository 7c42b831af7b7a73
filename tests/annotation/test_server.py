"""The real server: its own executable, loopback only, a clean environment, busy ports refused, clean stops."""

import os
import socket
from pathlib import Path

import pytest

from parley.annotation.server import (
    BIN_VARIABLE,
    RunningServer,
    ServerError,
    free_port,
    label_studio_bin,
    server_environment,
    start_server,
)


def test_a_missing_executable_is_one_clear_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(BIN_VARIABLE, str(tmp_path / "nowhere" / "label-studio"))
    with pytest.raises(ServerError, match=r"Label Studio is not installed at .*make setup-labelstudio") as caught:
        label_studio_bin()
    assert "\n" not in str(caught.value)


def test_the_configured_executable_exists() -> None:
    """CI installs the server: its absence is a failure, never a skip."""
    assert label_studio_bin().is_file()


def test_unprefixed_variables_do_not_reach_the_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("PORT", "HOST", "USERNAME", "PASSWORD", "USER_TOKEN", "DEBUG", "LABEL_STUDIO_API_KEY"):
        monkeypatch.setenv(name, "leaked")
    env = server_environment(tmp_path)
    assert {"PORT", "HOST", "USERNAME", "PASSWORD", "USER_TOKEN", "DEBUG", "LABEL_STUDIO_API_KEY"}.isdisjoint(env)
    assert env["LABEL_STUDIO_BASE_DATA_DIR"] == str(tmp_path.resolve())
    assert all(
        name.startswith("LABEL_STUDIO_")
        or name in ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ", "PYTHONUNBUFFERED")
        for name in env
    )


def _listening_addresses(port: int) -> set[str]:
    """Local addresses listening on `port`, from the kernel's TCP table."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


@pytest.mark.labelstudio
@pytest.mark.timeout(300)
def test_the_server_listens_on_loopback_only(label_studio: RunningServer) -> None:
    assert label_studio.url == f"http://127.0.0.1:{label_studio.port}"
    assert _listening_addresses(label_studio.port) == {"0100007F"}


@pytest.mark.labelstudio
@pytest.mark.timeout(300)
def test_a_busy_port_fails_clearly_instead_of_moving(data_dir: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        with pytest.raises(ServerError, match=f"port {port} is in use"):
            start_server(data_dir, port=port)


@pytest.mark.labelstudio
@pytest.mark.timeout(300)
def test_stop_ends_the_whole_process_group(data_dir: Path) -> None:
    server = start_server(data_dir, port=free_port())
    group = os.getpgid(server.process.pid)
    assert group == server.process.pid
    server.stop()
    with pytest.raises(ProcessLookupError):
        os.killpg(group, 0)
    assert server.process.returncode is not None
