"""Shared test helpers: where the fixtures live, and the paths of the checkout under test."""

import ctypes
import os
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
CHECKOUT = TESTS_DIR.parent


@pytest.fixture(scope="session")
def checkout() -> Path:
    return CHECKOUT


def _drop_read_override() -> None:
    """Remove the capabilities that let root read any file from the bounding set (so also after exec)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def as_ordinary_user() -> dict[str, object]:
    """`subprocess` arguments that make file modes apply to the child even when the tests run as root."""
    return {"preexec_fn": _drop_read_override} if os.geteuid() == 0 else {}


@pytest.fixture(autouse=True, scope="session")
def _gold_cache_in_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Checked gold is cached (parley.eval.gold_cache) in a folder of the test session, never in the user's cache;
    commands run as subprocesses inherit it."""
    os.environ["PARLEY_GOLD_CACHE"] = str(tmp_path_factory.mktemp("gold-cache"))
