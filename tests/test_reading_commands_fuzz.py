"""Every command that reads records, fed random bytes, random JSON and random YAML: it succeeds or says what is
wrong in short lines with exit code 1 or 2, and never raises (a traceback) whatever the input (issue 11)."""

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.cli import main
from tests.schema.test_reliability import VALID

_FIELDS = ["id", "title", "date", "source", "url", "language", "domain", "text", "entities", "events", "annotation"]
_INNER = ["start", "end", "text", "mentions", "triggers", "arguments", "role", "entity", "type", "name", "quote"]

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["", "talks", "d1", "NEGOTIATE", "ORG", "2025-01-01", "\u2028", "\x85", "..", "a\n"])
)
_keys = st.sampled_from(_FIELDS + _INNER) | st.text(max_size=8)
json_values = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=6), max_leaves=40
)
"""Any JSON value, leaning on the names records use so that random values reach deep into validation."""

_record = json.loads(VALID.read_text(encoding="utf-8"))
record_like = st.builds(
    lambda changes, dropped: {k: v for k, v in {**_record, **changes}.items() if k not in dropped},
    st.dictionaries(st.sampled_from(_FIELDS), json_values, max_size=3),
    st.sets(st.sampled_from(_FIELDS), max_size=2),
)
"""A valid record with a few fields replaced by random values or removed."""

_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

Command = Callable[[Path, Path], list[str]]
"""The arguments of a command given the input file and a fresh folder for its output."""

_COMMANDS: dict[str, Command] = {
    "validate": lambda path, out: ["validate", str(path)],
    "build": lambda path, out: ["build", str(path), "--out", str(out / "dataset")],
    "eval": lambda path, out: ["eval", "--gold", str(path), "--pred", str(path), "--split", "all"],
    "eval-pred": lambda path, out: ["eval", "--gold", str(VALID), "--pred", str(path), "--split", "all"],
    "run": lambda path, out: [
        *("run", "--system", "lexicon", "--gold", str(path), "--split", "all"),
        *("--out", str(out / "predictions.jsonl"), "--no-progress"),
    ],
    "ground": lambda path, out: ["corpus", "ground", str(path), "--out", str(out / "records")],
}


def _check(command: str, name: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        out = Path(folder) / "out"
        out.mkdir()
        result = CliRunner().invoke(main, _COMMANDS[command](path, out))
        # A SystemExit is how a command ends with its exit code; anything else escaped it and would be a traceback.
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{command} raised {result.exception!r} on {content[:300]!r}"
        )
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
        lines = [line for line in result.output.splitlines() if line.strip()]
        if result.exit_code:
            assert lines, f"{command} failed without saying why"
        assert all(len(line) < 5000 for line in lines)


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


_READERS = ["validate", "build", "eval", "eval-pred", "run"]


@pytest.mark.slow
@pytest.mark.parametrize("command", [*_READERS, "ground"])
@_SETTINGS
@given(content=st.binary(max_size=300))
def test_random_bytes(command: str, content: bytes) -> None:
    _check(command, "input.yaml" if command == "ground" else "input.jsonl", content)


@pytest.mark.slow
@pytest.mark.parametrize("command", _READERS)
@_SETTINGS
@given(value=json_values | record_like | st.lists(record_like, max_size=3))
def test_random_json(command: str, value: Any) -> None:
    _check(command, "input.json", _dump(value))


@pytest.mark.slow
@pytest.mark.parametrize("command", _READERS)
@_SETTINGS
@given(values=st.lists(record_like | json_values, min_size=1, max_size=3))
def test_random_json_lines(command: str, values: list[Any]) -> None:
    _check(command, "input.jsonl", b"\n".join(_dump(value) for value in values))


@pytest.mark.slow
@_SETTINGS
@given(value=json_values | record_like, mentions=st.lists(json_values, max_size=3))
def test_random_yaml_drafts(value: Any, mentions: list[Any]) -> None:
    if isinstance(value, dict) and "entities" not in value:
        value["entities"] = [{"id": "e1", "type": "ORG", "name": "n", "mentions": mentions}]
    text = yaml.safe_dump(value, allow_unicode=True)
    _check("ground", "draft.yaml", text.encode("utf-8", "surrogatepass"))
