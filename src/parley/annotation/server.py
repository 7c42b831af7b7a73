"""Starting and stopping a real Label Studio server from its own virtual environment.

The server never shares the library's environment: it runs as a child process from the `label-studio` executable
the project installs into `.venv-labelstudio`. Facts about 1.23 this module designs for:

- legacy API tokens work only when enabled as the data directory is first initialised, so `initialise_data_dir`
  runs `label-studio init --enable-legacy-api-token` with a chosen token;
- a busy port is silently replaced by the next free one, so the port is checked before the start and the port the
  child reports is compared with the one asked for;
- unprefixed variables (`PORT`, `HOST`, `USERNAME`, `PASSWORD`, ...) leak into its settings, so the child gets a
  minimal environment plus `LABEL_STUDIO_*` names only;
- the child runs in its own process group, so stopping it ends its whole tree;
- `init` (database migrations) is the slow part (two minutes on a busy 2-core machine), so it runs once into a
  template data directory in the user's cache (`template_dir`); a new data directory is a copy of the template with
  its own admin password, API token, invitation token and secret key (`copy_template`), ready in seconds;
- the server checks the package index for a newer version at start and the page loads Sentry's error reporting
  from a CDN: both are switched off through their settings (`LABEL_STUDIO_LATEST_VERSION_CHECK`,
  `LABEL_STUDIO_SENTRY_DSN`, `LABEL_STUDIO_FRONTEND_SENTRY_DSN`), so nothing leaves the machine.
"""

import base64
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from parley.resources import checkout_root

BIN_VARIABLE = "PARLEY_LABEL_STUDIO_BIN"
LOOPBACK = "127.0.0.1"
_INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ", "SYSTEMROOT")
_STARTED = re.compile(r"Starting development server at https?://[^:/]+:(\d+)/")


class ServerError(Exception):
    """The server could not be started or reached; the message is one line for the user."""


@dataclass(frozen=True)
class Login:
    """The admin account and its API token (a legacy token, usable as `LABEL_STUDIO_API_KEY`)."""

    email: str
    password: str
    token: str = field(repr=False)

    def __repr__(self) -> str:
        return f"Login(email={self.email!r}, password=..., token=...)"


def label_studio_bin() -> Path:
    """The server executable: `$PARLEY_LABEL_STUDIO_BIN` (an absolute path), else the checkout's
    `.venv-labelstudio`. Never one found from the current folder: an installed Parley run in someone else's folder
    would start their program with the admin's secrets."""
    configured = os.environ.get(BIN_VARIABLE)
    root = checkout_root()
    if configured:
        path = Path(configured)
        if not path.is_absolute():
            raise ServerError(f"{BIN_VARIABLE} must be an absolute path, not {configured!r}")
    elif root is not None:
        path = root / ".venv-labelstudio" / "bin" / "label-studio"
    else:
        raise ServerError(f"set {BIN_VARIABLE} to the absolute path of the label-studio executable")
    if not path.is_file():
        raise ServerError(
            f"Label Studio is not installed at {path}; run `make setup-labelstudio` or set {BIN_VARIABLE}"
        )
    return path


def server_environment(data_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A minimal child environment: no unprefixed variable can leak into the server's settings."""
    env = {name: os.environ[name] for name in _INHERITED if name in os.environ}
    env.update(
        {
            "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir.resolve()),
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
            "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
            "LABEL_STUDIO_LOCAL_FILES_SERVING_ENABLED": "false",
            "LABEL_STUDIO_COLLECT_ANALYTICS": "false",
            "LABEL_STUDIO_LOG_LEVEL": "WARNING",
            # No outbound calls: no version check against the package index, no Sentry on the server or the page.
            "LABEL_STUDIO_LATEST_VERSION_CHECK": "false",
            "LABEL_STUDIO_SENTRY_DSN": "",
            "LABEL_STUDIO_FRONTEND_SENTRY_DSN": "",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    return env


def initialise_data_dir(data_dir: Path, login: Login, *, executable: Path | None = None) -> None:
    """Migrate a fresh data directory and create the admin with a legacy API token (about 20 s).

    The password and token go to the child in its environment (readable by its user only), never on its command
    line (readable by every local user in /proc/PID/cmdline)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [
        str(executable or label_studio_bin()),
        "init",
        "--quiet",
        "--no-browser",
        "--enable-legacy-api-token",
        "--data-dir",
        str(data_dir.resolve()),
    ]
    secrets = {
        "LABEL_STUDIO_USERNAME": login.email,
        "LABEL_STUDIO_PASSWORD": login.password,
        "LABEL_STUDIO_USER_TOKEN": login.token,
    }
    completed = subprocess.run(
        command,
        env=server_environment(data_dir, secrets),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        raise ServerError(f"label-studio init failed in {data_dir} (exit {completed.returncode}): {last}")


TEMPLATE_PREFIX = "label-studio-template-"
_TEMPLATE_EMAIL = "template@parley.local"
_PASSWORD_ITERATIONS = 600_000
_SECRETS_FILE = ".env"


def label_studio_version(executable: Path) -> str:
    """The installed Label Studio version, read from its environment's package metadata (no start-up)."""
    found = sorted(executable.resolve().parent.parent.glob("lib/python*/site-packages/label_studio-*.dist-info"))
    return found[-1].name.removeprefix("label_studio-").removesuffix(".dist-info") if found else "unknown"


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/parley`, by default `~/.cache/parley`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "parley"


def template_dir(executable: Path | None = None, *, cache: Path | None = None) -> Path:
    """Where the initialised template data directory of this Label Studio version lives (in `cache`, by default
    the user's cache)."""
    version = label_studio_version(executable or label_studio_bin())
    return (cache or cache_dir()) / f"{TEMPLATE_PREFIX}{version}"


def ensure_template(
    executable: Path | None = None, *, cache: Path | None = None, on_build: Callable[[], None] = lambda: None
) -> Path:
    """The template data directory, initialised first if missing (`on_build` is called before that slow step).

    It is built in a scratch folder next to its final place and renamed into it, so an interrupted or concurrent
    build never leaves a half-made template behind.
    """
    executable = executable or label_studio_bin()
    template = template_dir(executable, cache=cache)
    if (template / "label_studio.sqlite3").is_file():
        return template
    on_build()
    template.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{template.name}-", dir=template.parent))
    try:
        login = Login(_TEMPLATE_EMAIL, secrets.token_urlsafe(16), secrets.token_hex(20))
        initialise_data_dir(scratch, login, executable=executable)
        (scratch / "server.log").unlink(missing_ok=True)
        try:
            scratch.rename(template)
        except OSError:  # another process finished first; its template is as good
            if not (template / "label_studio.sqlite3").is_file():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return template


def _password_hash(password: str) -> str:
    """Django's `pbkdf2_sha256` format, which Label Studio's login checks."""
    salt = secrets.token_urlsafe(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), _PASSWORD_ITERATIONS)
    return f"pbkdf2_sha256${_PASSWORD_ITERATIONS}${salt}${base64.b64encode(digest).decode('ascii')}"


def copy_template(template: Path, data_dir: Path, login: Login) -> None:
    """Make `data_dir` a copy of the template with `login`'s admin email, password and API token.

    The copy gets a fresh invitation token and no secret key file, so Label Studio makes a new one at start: two
    data directories made from one template share no credential.
    """
    shutil.copytree(template, data_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns(_SECRETS_FILE, "server.log"))
    with sqlite3.connect(data_dir / "label_studio.sqlite3") as database:
        users = database.execute("SELECT id FROM htx_user").fetchall()
        if len(users) != 1:
            raise ServerError(f"the template {template} holds {len(users)} users instead of one; delete it")
        [(user,)] = users
        database.execute(
            "UPDATE htx_user SET email = ?, username = ?, password = ? WHERE id = ?",
            (login.email, login.email, _password_hash(login.password), user),
        )
        database.execute("UPDATE authtoken_token SET key = ? WHERE user_id = ?", (login.token, user))
        database.execute("UPDATE organization SET token = ?", (secrets.token_hex(20),))
    database.close()


def initialise_from_template(
    data_dir: Path, login: Login, *, executable: Path | None = None, on_build: Callable[[], None] = lambda: None
) -> None:
    """Initialise `data_dir` from the cached template (built the first time): seconds instead of minutes."""
    copy_template(ensure_template(executable, on_build=on_build), data_dir, login)


def port_is_free(port: int) -> bool:
    """Nothing listens on the port and it can be bound; a port left in TIME_WAIT by a stopped server is free
    (the server binds with SO_REUSEADDR as well)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
        except OSError:
            return False
    # The server also refuses a port anything answers on at `localhost`.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((LOOPBACK, port)) != 0


def free_port() -> int:
    """A port the kernel considers free right now on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


class RunningServer:
    """A started server: its URL, and `stop()` that ends its whole process group."""

    def __init__(self, process: subprocess.Popen[str], port: int, log_path: Path) -> None:
        self.process = process
        self.port = port
        self.url = f"http://{LOOPBACK}:{port}"
        self.log_path = log_path

    def stop(self, *, timeout: float = 15.0) -> None:
        if self.process.poll() is not None:
            return
        _signal_group(self.process, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _signal_group(self.process, signal.SIGKILL)
            self.process.wait(timeout=timeout)


def _signal_group(process: subprocess.Popen[str], signal_number: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal_number)


def _watch_output(process: subprocess.Popen[str], log_path: Path, reported: list[int], ready: threading.Event) -> None:
    """Copy the child's output to its log file and note the port it says it listens on."""
    assert process.stdout is not None
    with log_path.open("a", encoding="utf-8") as log:
        for line in process.stdout:
            log.write(line)
            log.flush()
            match = _STARTED.search(line)
            if match and not ready.is_set():
                reported.append(int(match.group(1)))
                ready.set()
    ready.set()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def start_server(data_dir: Path, *, port: int, executable: Path | None = None, timeout: float = 180.0) -> RunningServer:
    """Start the server on 127.0.0.1:`port` over an initialised `data_dir` and wait until it answers."""
    if not port_is_free(port):
        raise ServerError(f"port {port} is in use on {LOOPBACK}; choose another with --port")
    log_path = data_dir / "server.log"
    command = [
        str(executable or label_studio_bin()),
        "start",
        "--no-browser",
        "--data-dir",
        str(data_dir.resolve()),
        "--internal-host",
        LOOPBACK,
        "--port",
        str(port),
    ]
    process = subprocess.Popen(
        command,
        env=server_environment(data_dir),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    server = RunningServer(process, port, log_path)
    reported: list[int] = []
    ready = threading.Event()
    threading.Thread(target=_watch_output, args=(process, log_path, reported, ready), daemon=True).start()
    deadline = time.monotonic() + timeout
    try:
        while not ready.wait(0.2):
            if time.monotonic() > deadline:
                raise ServerError(f"Label Studio did not start within {timeout:.0f} s; see {log_path}")
        if not reported:
            raise ServerError(f"Label Studio exited before listening (exit {process.poll()}); see {log_path}")
        if reported[0] != port:
            raise ServerError(f"port {port} was taken while Label Studio started (it moved to {reported[0]})")
        while not _healthy(server.url):
            if process.poll() is not None:
                raise ServerError(f"Label Studio exited while starting (exit {process.returncode}); see {log_path}")
            if time.monotonic() > deadline:
                raise ServerError(f"Label Studio did not answer within {timeout:.0f} s; see {log_path}")
            time.sleep(0.2)
    except BaseException:
        server.stop()
        raise
    return server


@contextmanager
def running_server(data_dir: Path, *, port: int, executable: Path | None = None) -> Iterator[RunningServer]:
    """A server for the duration of a `with` block, stopped on the way out whatever happens."""
    server = start_server(data_dir, port=port, executable=executable)
    try:
        yield server
    finally:
        server.stop()
