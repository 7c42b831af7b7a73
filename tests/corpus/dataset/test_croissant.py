"""`croissant.json`: valid Croissant that mlcroissant reads offline, every leaf equal to what `datasets` loads."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import datasets
import pytest

mlc = pytest.importorskip("mlcroissant")

from parley.corpus import load_documents  # noqa: E402
from parley.corpus.dataset.build import build_dataset  # noqa: E402
from parley.corpus.dataset.croissant import CROISSANT_FILE  # noqa: E402
from parley.corpus.dataset.features import CONFIGS  # noqa: E402


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("croissant") / "dataset"
    build_dataset(load_documents(), out, agreement={"event_f1": 0.9, "note": "test figures"})
    return out


def _leaf_ids(fields: list[dict[str, Any]]) -> Iterator[str]:
    for field in fields:
        if "subField" in field:
            yield from _leaf_ids(field["subField"])
        else:
            yield field["@id"]


def _values_in_croissant(value: Any, leaf: str) -> Iterator[Any]:
    """Every value stored under `leaf` in an mlcroissant record, in order, however it nests them."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key == leaf:
                yield from _flat(child)
            elif leaf.startswith(key + "/"):
                yield from _values_in_croissant(child, leaf)
    elif isinstance(value, list):
        for item in value:
            yield from _values_in_croissant(item, leaf)


def _flat(value: Any) -> Iterator[Any]:
    if isinstance(value, list):
        for item in value:
            yield from _flat(item)
    else:
        yield value.decode("utf-8") if isinstance(value, bytes) else value


def _values_in_row(value: Any, path: list[str]) -> Iterator[Any]:
    """Every value at `path` in a `datasets` row, lists walked in order."""
    if isinstance(value, list):
        for item in value:
            yield from _values_in_row(item, path)
    elif not path:
        yield value
    elif isinstance(value, dict):
        yield from _values_in_row(value[path[0]], path[1:])


def test_croissant_validates_offline_with_no_errors(folder: Path) -> None:
    dataset = mlc.Dataset(jsonld=str(folder / CROISSANT_FILE))
    assert not dataset.metadata.ctx.issues.errors
    metadata = json.loads((folder / CROISSANT_FILE).read_text(encoding="utf-8"))
    assert {record_set["@id"] for record_set in metadata["recordSet"]} == set(CONFIGS)
    for key in ("rai:dataCollection", "rai:dataAnnotationProtocol", "rai:dataLimitations", "rai:annotatorDemographics"):
        assert metadata[key]
    assert any("event_f1 0.900" in line for line in metadata["rai:dataAnnotationAnalysis"])


def test_every_data_file_is_listed_with_its_checksum(folder: Path) -> None:
    import hashlib

    metadata = json.loads((folder / CROISSANT_FILE).read_text(encoding="utf-8"))
    listed = {item["contentUrl"]: item["sha256"] for item in metadata["distribution"] if "contentUrl" in item}
    on_disk = {path.relative_to(folder).as_posix(): path for path in folder.glob("*/*.parquet")}
    assert set(listed) == set(on_disk)
    for name, path in on_disk.items():
        assert listed[name] == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("config", CONFIGS)
def test_croissant_records_equal_the_datasets_rows(folder: Path, config: str) -> None:
    metadata = json.loads((folder / CROISSANT_FILE).read_text(encoding="utf-8"))
    (record_set,) = [item for item in metadata["recordSet"] if item["@id"] == config]
    leaves = [leaf for leaf in _leaf_ids(record_set["field"]) if leaf != f"{config}/split"]
    croissant_rows = list(mlc.Dataset(jsonld=str(folder / CROISSANT_FILE)).records(config))
    loaded = datasets.load_dataset(str(folder), config)
    rows_by_split = {split: list(rows) for split, rows in loaded.items()}
    seen_splits = {row[f"{config}/split"].decode("utf-8") for row in croissant_rows}
    assert seen_splits == set(rows_by_split)
    for split, rows in rows_by_split.items():
        in_split = [row for row in croissant_rows if row[f"{config}/split"] == split.encode("utf-8")]
        assert len(in_split) == len(rows)
        key = "id" if config == "documents" else "document_id"
        in_split.sort(key=lambda row: (row[f"{config}/{key}"], row.get(f"{config}/id", b"")))
        rows.sort(key=lambda row: (row[key], row.get("id", "")))
        for croissant_row, row in zip(in_split, rows, strict=True):
            for leaf in leaves:
                path = leaf.split("/")[1:]
                expected = list(_values_in_row(row, path))
                assert list(_values_in_croissant(croissant_row, leaf)) == expected, leaf


def test_the_annotation_analysis_carries_current_figures_with_intervals_and_the_ceiling() -> None:
    from parley.corpus.dataset.croissant import _agreement_summary
    from tests.corpus.dataset.test_dataset_card import CURRENT_REPORT

    summary = _agreement_summary(CURRENT_REPORT)
    assert "on 47 documents" in summary
    assert "Event classification F1 0.916 (95 % interval 0.900–0.930)" in summary
    assert "ceiling of the benchmark" in summary and summary.endswith("how the round was run")
