"""Split membership fixed by a stable hash of the document id.

A document's split depends on its id alone, so adding documents never moves an existing one.
"""

import hashlib
from pathlib import Path
from typing import Literal

Split = Literal["train", "validation", "test"]
SPLITS: tuple[Split, ...] = ("train", "validation", "test")

# Percent of the hash space each split takes, in order: 60 / 15 / 25.
_UPPER_BOUNDS: tuple[tuple[int, Split], ...] = ((60, "train"), (75, "validation"), (100, "test"))


def split_for(document_id: str) -> Split:
    """The split a document belongs to."""
    bucket = int.from_bytes(hashlib.sha256(document_id.encode("utf-8")).digest()[:8], "big") % 100
    return next(split for bound, split in _UPPER_BOUNDS if bucket < bound)


HOW_SPLITS_ARE_ASSIGNED = (
    "A document's split is fixed by a stable hash of its id (about 60% train, 15% validation, 25% test), in the "
    "shipped corpus, in a corpus of your own and in a built dataset alike; 'all' takes every document."
)


def is_declared_split_source(path: Path) -> bool:
    """Whether `path` is a dataset folder built by `parley build`, whose splits were chosen when it was built."""
    if not path.is_dir():
        return False
    try:
        from parley.corpus.dataset.loading import is_dataset_folder  # imports `datasets`: only for a folder
    except ImportError:
        return False
    return is_dataset_folder(path)


def coverage_warning(*, split: str, kept: int, total: int, source: str) -> str | None:
    """A warning when `split` leaves out most of a gold the user gave (`kept` of its `total` documents)."""
    if split == "all" or total == 0 or 2 * kept >= total:
        return None
    return (
        f"--split {split} keeps {kept} of the {total} document(s) in {source}: a document's split is a stable hash "
        "of its id; --split all uses every document"
    )
