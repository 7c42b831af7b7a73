"""Which output folder `parley build` may write: it replaces only a folder it wrote itself (it holds the marker).

Kept apart from the builder so the command checks `--out` before reading the corpus or importing `datasets`.
"""

import stat
from collections.abc import Iterable
from pathlib import Path

from parley.corpus.dataset.layout import BUILD_MARKER


class OutputFolderError(Exception):
    """The output folder cannot be written: it holds something other than a dataset built by Parley, it is a
    link, the current folder or one of the inputs, or its parent is not a folder."""


def is_parley_build(folder: Path) -> bool:
    """Whether `folder` (not a link) holds the marker (a regular file, not a link) that `parley build` writes."""
    try:
        return stat.S_ISDIR(folder.lstat().st_mode) and stat.S_ISREG((folder / BUILD_MARKER).lstat().st_mode)
    except OSError:
        return False


# What `parley build` wrote before it wrote the marker: such a folder is replaced too, so that an existing checkout's
# build/dataset keeps working; a folder holding anything else (a .git, a LICENSE, a CSV) is still refused.
_EARLIER_BUILD_FILES = frozenset(
    {"README.md", "croissant.json"}
    | {f"{config}/{split}.parquet" for config in ("documents", "events") for split in ("train", "validation", "test")}
)


def is_earlier_build(folder: Path) -> bool:
    """Whether `folder` holds a card and nothing but the files an earlier `parley build` wrote (no links)."""
    try:
        found = {str(path.relative_to(folder)): path for path in folder.rglob("*")}
    except OSError:
        return False
    files = {name for name, path in found.items() if not path.is_dir() or path.is_symlink()}
    folders = {name for name, path in found.items() if path.is_dir() and not path.is_symlink()}
    regular = all(found[name].is_file() and not found[name].is_symlink() for name in files)
    return "README.md" in files and regular and files <= _EARLIER_BUILD_FILES and folders <= {"documents", "events"}


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output_folder(out: Path, *, inputs: Iterable[Path] = ()) -> None:
    """Raise OutputFolderError unless `out` may be (re)written: absent, an empty folder, or an earlier build that
    is neither the current folder nor holds an input. A link is refused even to a build: replacing it would
    replace the link, not the folder behind it."""
    if out.is_symlink():
        raise OutputFolderError(f"{out} is a symbolic link; give the real folder")
    resolved = out.resolve()
    if _within(Path.cwd().resolve(), resolved):
        raise OutputFolderError(f"{out} is the current folder or holds it; give a folder of its own")
    for path in inputs:
        if _within(path.resolve(), resolved):
            raise OutputFolderError(f"{out} holds the input {path}; give another folder")
    if not out.exists():
        parent = next((p for p in resolved.parents if p.exists()), None)
        if parent is not None and not parent.is_dir():
            raise OutputFolderError(f"{out} cannot be made: {parent} is not a folder")
        return
    if not out.is_dir():
        raise OutputFolderError(f"{out} exists and is not a folder")
    if not (is_parley_build(out) or is_earlier_build(out) or not any(out.iterdir())):
        raise OutputFolderError(f"{out} exists and is not a dataset folder built by parley; not overwriting it")
