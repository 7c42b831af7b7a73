"""Offline Hugging Face environment and corpus helpers for the dataset tests.

`datasets` and `huggingface_hub` read their environment when imported, which may happen before these fixtures run,
so the fixtures set both the variables and the values the libraries already read.
"""

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import datasets
import huggingface_hub.constants
import pytest

from parley.schema.files import format_record
from parley.schema.records import Document

CASES_DIR = Path(__file__).resolve().parent / "cases"


@pytest.fixture(autouse=True)
def offline_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No network and a cache inside tmp_path: the tests never touch ~/.cache."""
    home = tmp_path / "hf-home"
    cache = home / "datasets"
    for name, value in {
        "HF_HUB_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
        "HF_HOME": str(home),
        "HF_DATASETS_CACHE": str(cache),
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_CACHE_HOME", str(home))
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", cache)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    return cache


def case(name: str) -> Document:
    """A hand-made gold record from `cases/`."""
    record: Document = json.loads((CASES_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return record


@pytest.fixture
def write_corpus(tmp_path: Path) -> Callable[[Iterable[Document]], Path]:
    """Writes records as a corpus folder (one file per document) and returns the folder."""

    def write(documents: Iterable[Document]) -> Path:
        folder = tmp_path / "corpus"
        folder.mkdir(exist_ok=True)
        for document in documents:
            (folder / f"{document['id']}.json").write_text(format_record(document), encoding="utf-8")
        return folder

    return write
