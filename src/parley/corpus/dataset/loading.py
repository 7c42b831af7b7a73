"""Reading gold records back from a built dataset folder through `datasets.load_dataset`, offline.

The folder is loaded by its path alone: passing `data_files=` would make `datasets` ignore the features the card
declares.
"""

from pathlib import Path
from typing import Any

import datasets

from parley.corpus.dataset.layout import CARD_FILE
from parley.corpus.dataset.tables import documents_from_table
from parley.corpus.splits import SPLITS
from parley.reading import MAX_YAML_BYTES, InputError, clip, parse_yaml, read_text
from parley.schema.records import Document


class NotADatasetFolderError(ValueError):
    """The path is not a dataset folder built by `parley build`."""


def card_metadata(folder: Path) -> dict[str, Any] | None:
    """The YAML front matter of the folder's dataset card, or None when there is no readable one."""
    try:
        text = read_text(folder / CARD_FILE, limit=MAX_YAML_BYTES)
    except InputError:
        return None
    if not text.startswith("---\n"):
        return None
    front, separator, _ = text[4:].partition("\n---\n")
    if not separator:
        return None
    try:
        metadata = parse_yaml(front)
    except InputError:
        return None
    return metadata if isinstance(metadata, dict) else None


def _config_splits(metadata: dict[str, Any], config: str) -> list[str] | None:
    """The splits a config of the card has data files for, or None when the card has no such config."""
    configs = metadata.get("configs")
    for entry in configs if isinstance(configs, list) else []:
        if isinstance(entry, dict) and entry.get("config_name") == config:
            data_files = entry.get("data_files")
            listed = data_files if isinstance(data_files, list) else []
            return [str(data_file.get("split")) for data_file in listed if isinstance(data_file, dict)]
    return None


def is_dataset_folder(path: Path) -> bool:
    """Whether `path` is a folder whose dataset card declares the `documents` config."""
    if not path.is_dir():
        return False
    metadata = card_metadata(path)
    return metadata is not None and _config_splits(metadata, "documents") is not None


def load_records(
    folder: Path, split: str | None = None, config: str = "documents", *, cache_dir: Path | None = None
) -> list[Document]:
    """The gold records of a built dataset folder: one split, or all of them (`split=None`), sorted by id.

    A split the folder leaves out because it has no documents reads as empty. Only the `documents` config holds
    whole records. Raises NotADatasetFolderError for anything but a built folder and ValueError for an unknown
    split or config.
    """
    if config != "documents":
        raise ValueError(f"config {config!r} does not hold whole records; use 'documents'")
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r} (known: {', '.join(SPLITS)})")
    metadata = card_metadata(folder) if folder.is_dir() else None
    present = _config_splits(metadata, config) if metadata is not None else None
    if present is None:
        raise NotADatasetFolderError(f"{folder} is not a dataset folder built by `parley build` (no {CARD_FILE})")
    scripts = sorted(path.name for path in folder.glob("*.py"))
    if scripts:
        # `parley build` writes no code; a folder with a loading script is not one, and code from data never runs.
        raise NotADatasetFolderError(f"{folder} holds a Python script ({scripts[0]}); Parley never runs code from data")
    wanted = [name for name in ([split] if split else SPLITS) if name in present]
    if not wanted:
        return []
    try:
        loaded = datasets.load_dataset(
            str(folder), config, split=wanted, cache_dir=str(cache_dir) if cache_dir else None
        )
        records = [record for part in loaded for record in documents_from_table(part.with_format("arrow")[:])]
    except Exception as error:  # any failure of `datasets` or pyarrow on a damaged folder, as one line
        reason = clip(" ".join(str(error).split()), 300)
        raise NotADatasetFolderError(
            f"{folder}: cannot be loaded as a dataset ({type(error).__name__}: {reason})"
        ) from None
    return sorted(records, key=lambda record: record["id"])
