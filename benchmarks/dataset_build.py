"""Benchmark: build the dataset folder from 20,000 generated documents, then load it for the first time.

Targets (issue 4): build under 20 s, first load (fresh cache, offline) under 2 s. Generating the documents is timed
separately: it is not part of the build. `--compare-jsonl` also writes the `documents` config as JSON Lines and times
its first load, the measurement behind choosing Parquet.

    .venv/bin/python benchmarks/dataset_build.py [--documents 20000] [--compare-jsonl]
"""

import os

# Offline before `datasets` is imported: it reads these once, at import time.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"

import argparse
import json
import tempfile
import time
from pathlib import Path

import datasets

from parley.corpus.dataset.build import build_dataset
from parley.corpus.dataset.loading import load_records
from parley.corpus.dataset.rows import document_row
from parley.corpus.splits import split_for
from parley.corpus.synthetic import generate_documents
from parley.schema.records import Document


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _jsonl_copy(documents: list[Document], folder: Path, target: Path) -> None:
    """The `documents` config of `folder` with its data as JSON Lines, the card pointing at them."""
    for split in ("train", "validation", "test"):
        rows = [document_row(d) for d in documents if split_for(d["id"]) == split]
        if rows:
            (target / "documents").mkdir(parents=True, exist_ok=True)
            with (target / "documents" / f"{split}.jsonl").open("w", encoding="utf-8") as handle:
                handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    card = (folder / "README.md").read_text(encoding="utf-8").replace(".parquet", ".jsonl")
    (target / "README.md").write_text(card, encoding="utf-8")


def _timed_load(folder: Path, config: str, cache: Path) -> float:
    started = time.perf_counter()
    loaded = datasets.load_dataset(str(folder), config, cache_dir=str(cache))
    elapsed = time.perf_counter() - started
    print(f"  {config}: {sum(part.num_rows for part in loaded.values())} rows in {elapsed:.2f} s")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--events", type=int, default=8, help="events per document")
    parser.add_argument("--chars", type=int, default=3000, help="characters per document, about")
    parser.add_argument("--compare-jsonl", action="store_true", help="also time the same rows as JSON Lines")
    args = parser.parse_args()
    datasets.disable_progress_bars()

    started = time.perf_counter()
    documents = list(generate_documents(args.documents, events=args.events, target_chars=args.chars))
    print(f"generate {len(documents)} documents: {time.perf_counter() - started:.2f} s (not part of the build)")

    with tempfile.TemporaryDirectory(prefix="parley-bench-") as work:
        folder = Path(work) / "dataset"
        started = time.perf_counter()
        build_dataset(documents, folder)
        build_seconds = time.perf_counter() - started
        print(f"build: {build_seconds:.2f} s, {_size(folder) / 1e6:.1f} MB on disk (target < 20 s)")

        print("first load, fresh cache, offline:")
        load_seconds = _timed_load(folder, "documents", Path(work) / "cache-documents")
        _timed_load(folder, "events", Path(work) / "cache-events")
        print(f"first load of the default config: {load_seconds:.2f} s (target < 2 s)")

        started = time.perf_counter()
        records = load_records(folder, cache_dir=Path(work) / "cache-documents")
        print(f"load_records (warm cache, rows back to records): {time.perf_counter() - started:.2f} s")
        assert len(records) == len(documents)

        if args.compare_jsonl:
            jsonl = Path(work) / "dataset-jsonl"
            _jsonl_copy(documents, folder, jsonl)
            print(f"JSON Lines copy of `documents`: {_size(jsonl) / 1e6:.1f} MB on disk; first load:")
            _timed_load(jsonl, "documents", Path(work) / "cache-jsonl")


if __name__ == "__main__":
    main()
