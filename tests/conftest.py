"""Shared test helpers: where the fixtures live, and the paths of the checkout under test."""

from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
CHECKOUT = TESTS_DIR.parent


@pytest.fixture(scope="session")
def checkout() -> Path:
    return CHECKOUT
