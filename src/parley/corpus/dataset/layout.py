"""Where things are inside a built dataset folder."""

from dataclasses import dataclass

CARD_FILE = "README.md"
BUILD_MARKER = ".parley-build"
"""A file `parley build` writes into every folder it builds: the only kind of folder a later build replaces."""
BUILD_MARKER_TEXT = "This folder was written by `parley build`; the next build replaces it whole.\n"


def data_file(config: str, split: str) -> str:
    """The path of a config's split inside the dataset folder."""
    return f"{config}/{split}.parquet"


@dataclass(frozen=True)
class SplitSize:
    """What a written split holds: rows and bytes of its Arrow table."""

    num_examples: int
    num_bytes: int
