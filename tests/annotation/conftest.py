"""A real Label Studio for the annotation tests: one template initialised per session, copied per test (the way
`parley annotate serve` makes a new data folder)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.annotation.client import AnnotationClient
from parley.annotation.server import (
    Login,
    RunningServer,
    ServerError,
    copy_template,
    ensure_template,
    free_port,
    start_server,
)

LOGIN = Login("admin@parley.test", "parley-test-password", "parley-test-token-0123456789")


@pytest.fixture(scope="session")
def template_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The migrated template data folder (the slow part, done once per session), in a cache of its own laid out as
    `$XDG_CACHE_HOME/parley/` (so `XDG_CACHE_HOME=<its grandparent>` makes `serve` find it)."""
    try:
        return ensure_template(cache=tmp_path_factory.mktemp("xdg") / "parley")
    except ServerError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture
def data_dir(template_data_dir: Path, tmp_path: Path) -> Path:
    """A data folder of its own with the admin `LOGIN` and its legacy token."""
    folder = tmp_path / "label-studio"
    copy_template(template_data_dir, folder, LOGIN)
    return folder


@pytest.fixture
def label_studio(data_dir: Path) -> Iterator[RunningServer]:
    """A server of its own for one test, on a free loopback port."""
    try:
        server = start_server(data_dir, port=free_port())
    except ServerError as error:
        pytest.fail(str(error), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def client(label_studio: RunningServer) -> AnnotationClient:
    return AnnotationClient(label_studio.url, LOGIN.token)
