"""A real Label Studio for the annotation tests: one data folder initialised per session, copied per test."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.annotation.client import AnnotationClient
from parley.annotation.server import Login, RunningServer, ServerError, free_port, initialise_data_dir, start_server

LOGIN = Login("admin@parley.test", "parley-test-password", "parley-test-token-0123456789")


@pytest.fixture(scope="session")
def initialised_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated data folder with the admin and its legacy token (the slow part, done once)."""
    folder = tmp_path_factory.mktemp("label-studio-initialised")
    try:
        initialise_data_dir(folder, LOGIN)
    except ServerError as error:
        pytest.fail(str(error), pytrace=False)
    return folder


def copy_data_dir(initialised: Path, destination: Path) -> Path:
    shutil.copytree(initialised, destination, ignore=shutil.ignore_patterns("server.log"))
    return destination


@pytest.fixture
def data_dir(initialised_data_dir: Path, tmp_path: Path) -> Path:
    return copy_data_dir(initialised_data_dir, tmp_path / "label-studio")


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
