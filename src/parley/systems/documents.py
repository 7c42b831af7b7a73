"""The gold documents of one split, from the shipped corpus, a corpus folder or a built dataset folder."""

from pathlib import Path
from typing import Literal

from parley.corpus.loading import load_documents
from parley.corpus.splits import SPLITS, split_for
from parley.schema.records import Document

SplitChoice = Literal["train", "validation", "test", "all"]
SPLIT_CHOICES: tuple[str, ...] = (*SPLITS, "all")


def _is_dataset_folder(path: Path) -> bool:
    try:
        from parley.corpus.dataset.loading import is_dataset_folder
    except ImportError:  # the dataset part is optional to this one; a corpus folder still works without it
        return False
    return is_dataset_folder(path)


def gold_documents(gold: Path | None, split: str) -> list[Document]:
    """The gold records of `split` ("all" for every split), sorted by id.

    `gold` is None for the shipped corpus, a folder (or file) of gold records, or a dataset folder built by
    `parley build`. Raises InvalidCorpusError (corpus) or ValueError (dataset folder) on bad input.
    """
    if gold is not None and _is_dataset_folder(gold):
        from parley.corpus.dataset.loading import load_records

        return load_records(gold, None if split == "all" else split)
    documents = load_documents([gold] if gold is not None else None)
    return [document for document in documents if split == "all" or split_for(document["id"]) == split]
