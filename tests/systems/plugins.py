"""Systems for the tests, named as `tests.systems.plugins:NAME` on the command line."""

import os
import time
from typing import Any

from parley.systems.interface import InputDocument
from parley.systems.lexicon import lexicon_system

SECONDS_PER_DOCUMENT = float(os.environ.get("PARLEY_TEST_SLOW_SECONDS", "0.4"))


def slow_lexicon(document: InputDocument) -> dict[str, Any]:
    """The lexicon baseline, slowed down so a test can kill the run in the middle."""
    time.sleep(SECONDS_PER_DOCUMENT)
    return lexicon_system(document)


def empty(document: InputDocument) -> dict[str, Any]:
    return {"id": document["id"], "entities": [], "events": []}


def flaky(document: InputDocument) -> dict[str, Any]:
    """Fails in three ways on documents whose id ends in an odd digit, succeeds on the others."""
    digit = int(document["id"][-1])
    if digit in (1, 7):
        raise RuntimeError("model crashed")
    if digit == 3:
        return {"id": document["id"], "entities": [], "events": [{"id": "ev1", "type": "NOT-A-TYPE"}]}
    if digit == 5:
        return {"id": "someone-else", "entities": [], "events": []}
    if digit == 9:
        return ["not", "a", "record"]  # type: ignore[return-value]
    return empty(document)


NOT_CALLABLE = 42


def broken_import() -> None:
    raise AssertionError("never called")
