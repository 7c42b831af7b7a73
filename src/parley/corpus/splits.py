"""Split membership fixed by a stable hash of the document id.

A document's split depends on its id alone, so adding documents never moves an existing one.
"""

import hashlib
from typing import Literal

Split = Literal["train", "validation", "test"]
SPLITS: tuple[Split, ...] = ("train", "validation", "test")

# Percent of the hash space each split takes, in order: 60 / 15 / 25.
_UPPER_BOUNDS: tuple[tuple[int, Split], ...] = ((60, "train"), (75, "validation"), (100, "test"))


def split_for(document_id: str) -> Split:
    """The split a document belongs to."""
    bucket = int.from_bytes(hashlib.sha256(document_id.encode("utf-8")).digest()[:8], "big") % 100
    return next(split for bound, split in _UPPER_BOUNDS if bucket < bound)
