"""The canonical gold text (the dataset fingerprint) is byte for byte what `json.dumps` writes, whichever way it
is made: orjson for checked records, `json` otherwise."""

import json
import random
from pathlib import Path
from typing import Any

import pytest

from parley.corpus.synthetic import generate_documents
from parley.eval.check import record_problems
from parley.eval.read_gold import canonical_json
from parley.reading import read_json

CORPUS = Path(__file__).parents[2] / "corpus" / "documents"


def reference(document: Any) -> bytes:
    """The canonical text as defined before orjson wrote it."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _unusual(document: Any, rng: random.Random) -> Any:
    """`document` with non-ASCII, escapes, control characters and keys that sort differently as UTF-16 and as
    code points, and whole-number floats and 64-bit integers where the schema's integers are."""
    document = json.loads(json.dumps(document))
    document["title"] = rng.choice(["Çédille — «quotes» \u2028 \x7f", 'a "quoted" \\ path\n\t\x01', "😀 \U0010ffff ﬁ"])
    for entity in document["entities"]:
        entity["name"] = entity["name"] + rng.choice(
            ["", " é", " 中文", " \ud83d\ude00".encode("utf-16", "surrogatepass").decode("utf-16")]
        )
        for mention in entity["mentions"]:
            if "start" in mention and rng.random() < 0.3:
                mention["start"] = float(mention["start"])
    document["meta_\uff5e"] = rng.choice([2**63 - 1, 2**64 - 1, 2**70, 10**30, 0])
    document["\U0001f600"] = 1
    return document


@pytest.mark.parametrize("source", ["corpus", "generated"])
def test_checked_records_get_the_json_text(source: str) -> None:
    if source == "corpus":
        documents = [read_json(path) for path in sorted(CORPUS.glob("*.json"))]
        assert len(documents) > 30
    else:
        documents = list(generate_documents(300, seed=5, events=8, target_chars=800, relations=4))
    for document in documents:
        assert not record_problems(document, "gold", file="x", line=None)
        assert canonical_json(document, checked=True) == reference(document)


def test_unusual_values_get_the_json_text() -> None:
    rng = random.Random(3)
    for document in generate_documents(300, seed=6, events=4, target_chars=400):
        unusual = _unusual(document, rng)
        assert canonical_json(unusual, checked=True) == reference(unusual)
        assert canonical_json(unusual) == reference(unusual)


@pytest.mark.parametrize("value", [1e-7, 0.1, 1e16, 1e300, float("inf"), -0.0, 2**64, -(2**63) - 1])
def test_numbers_of_records_not_checked_get_the_json_text(value: float) -> None:
    # orjson writes some of these differently (1e-7, null for infinity), so unchecked records take the json way.
    document = {"id": "x", "value": value, "list": [value, {"b": value, "a": "é"}]}
    assert canonical_json(document) == reference(document)  # type: ignore[arg-type]
