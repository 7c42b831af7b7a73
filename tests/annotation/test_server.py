"""The real server: its own executable, loopback only, a clean environment, busy ports refused, clean stops."""

import http.cookiejar
import os
import re
import socket
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from parley.annotation.client import AnnotationClient, AnnotationServerError
from parley.annotation.server import (
    BIN_VARIABLE,
    Login,
    RunningServer,
    ServerError,
    copy_template,
    free_port,
    label_studio_bin,
    port_is_free,
    running_server,
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


def test_a_port_left_in_time_wait_by_a_stopped_server_is_free() -> None:
    """The side that closes first keeps the port in TIME_WAIT for a minute; that is not "in use". The server binds
    with SO_REUSEADDR, as Label Studio's (Django's `HTTPServer`) does."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port)) as client:
            accepted, _ = server.accept()
            accepted.close()  # the server closes first, as a stopped Label Studio does
            client.recv(1)
    assert _in_time_wait(port)
    assert port_is_free(port)


def _in_time_wait(port: int) -> bool:
    time_wait = "06"
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == time_wait:
            return True
    return False


def test_the_server_is_told_to_make_no_outbound_calls(tmp_path: Path) -> None:
    env = server_environment(tmp_path)
    assert env["LABEL_STUDIO_LATEST_VERSION_CHECK"] == "false"
    assert env["LABEL_STUDIO_SENTRY_DSN"] == "" and env["LABEL_STUDIO_FRONTEND_SENTRY_DSN"] == ""


@pytest.mark.labelstudio
@pytest.mark.timeout(300)
def test_the_page_loads_no_error_reporting_script(label_studio: RunningServer) -> None:
    with urllib.request.urlopen(f"{label_studio.url}/user/login/", timeout=30) as response:
        page = response.read().decode("utf-8")
    assert "<form" in page
    assert "sentry" not in page.lower()
    assert "latest_version" not in (
        label_studio.log_path.read_text(encoding="utf-8") if label_studio.log_path.exists() else ""
    )


@pytest.mark.labelstudio
@pytest.mark.timeout(300)
def test_a_copy_of_the_template_logs_in_with_its_own_password_and_token(
    template_data_dir: Path, tmp_path: Path
) -> None:
    first, second = (
        Login("a@parley.test", "first-password-1", "a" * 40),
        Login("b@parley.test", "second-pw-2", "b" * 40),
    )
    copy_template(template_data_dir, tmp_path / "one", first)
    copy_template(template_data_dir, tmp_path / "two", second)
    assert not (tmp_path / "one" / ".env").exists()
    with running_server(tmp_path / "two", port=free_port()) as server:
        assert AnnotationClient(server.url, second.token).check() == second.email
        with pytest.raises(AnnotationServerError, match="refused the API key"):
            AnnotationClient(server.url, first.token).check()
        assert _password_login(server.url, second) and not _password_login(server.url, first)
    assert (tmp_path / "two" / ".env").is_file(), "Label Studio makes a secret key of its own for the copy"


def _password_login(url: str, login: Login) -> bool:
    """Log in through the login form, as a person does; True when the server lets the user in."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{url}/user/login/", timeout=30) as response:
        page = response.read().decode("utf-8")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "email": login.email, "password": login.password}
    ).encode()
    request = urllib.request.Request(f"{url}/user/login/", data=form, headers={"Referer": f"{url}/user/login/"})
    with opener.open(request, timeout=30) as response:
        return not urllib.parse.urlparse(response.geturl()).path.startswith("/user/login")
