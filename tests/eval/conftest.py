"""Helpers for the evaluation tests: golden cases, and writing gold and prediction files."""

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def golden_cases() -> list[Path]:
    return sorted(GOLDEN_DIR.glob("*.json"))


def load_case(path: Path) -> dict[str, Any]:
    case: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return case


def write_jsonl(path: Path, records: Iterable[Any]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


def as_prediction(gold: Mapping[str, Any], *, relations: bool = False) -> dict[str, Any]:
    """A gold record reduced to what a prediction needs (with its event relations, when asked and present)."""
    keys = ("id", "entities", "events", "relations") if relations else ("id", "entities", "events")
    return {key: value for key, value in gold.items() if key in keys}


def lookup(data: Any, dotted: str) -> Any:
    """The value at a dotted path ('metrics.event_classification.f1', list indices as numbers)."""
    for part in dotted.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


@pytest.fixture
def golden_gold(tmp_path: Path) -> Path:
    """The gold of the golden cases (they share one document), written as a corpus folder."""
    case = load_case(golden_cases()[0])
    folder = tmp_path / "gold"
    folder.mkdir()
    for record in case["gold"]:
        (folder / f"{record['id']}.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    return folder
