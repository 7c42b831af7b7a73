"""Writing outputs safely: never over an input, never half a file.

Every command that writes a file checks first that the output is not one of its inputs (the same file through a
link or a second name counts; so does a file inside an input folder), and writes through a temporary file in the
same folder renamed into place, so a crash leaves the old file or none, never a truncated one.
"""

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class OutputError(Exception):
    """The output path may not or cannot be written (one line)."""


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:
        return False


def overlapping_input(out: Path, inputs: Iterable[Path]) -> Path | None:
    """The input that `out` is (or lies inside, for a folder input), or None."""
    resolved = out.resolve()
    for path in inputs:
        if _same_file(out, path):
            return path
        folder = path.resolve()
        if path.is_dir() and folder in resolved.parents:
            return path
    return None


def check_not_input(out: Path, inputs: Iterable[Path], *, option: str = "--out") -> None:
    """Raise OutputError when `out` is one of `inputs` or inside one of them."""
    found = overlapping_input(out, inputs)
    if found is not None:
        raise OutputError(f"{option} {out} is the input {found}; refusing to write over what is being read")


def write_atomically(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` through a temporary file renamed into place; raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).chmod(0o644)  # mkstemp makes it private; a report is an ordinary file
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
