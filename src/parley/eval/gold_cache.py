"""Checking a corpus once: the checked, packed gold of a corpus folder or file, cached by content hash.

Reading and checking the gold is a fifth of `evaluate`; a leaderboard or a sweep scores many systems against the
same gold. A corpus whose files hash to a cached entry is not read again: its packed canonical texts, frozen scoring
views (`parley.eval.frozen_view`) and ids come from the cache. The key covers everything the outcome depends on: the
bytes and relative names of the gold files in reading order, the split, the source of the code and schema that check
them and build the views (a changed check is a new key), and the Python version (the views are `marshal` data).
Only gold without problems is cached, so every problem is still found and reported on every run.

The cache lives in `$XDG_CACHE_HOME/parley/gold` (`~/.cache/parley/gold`), never next to the inputs; deleting it is
always safe. `PARLEY_GOLD_CACHE=0` turns it off, `PARLEY_GOLD_CACHE=FOLDER` puts it elsewhere (the tests do). An
entry that cannot be read back whole is ignored.

Entry format: a line of JSON (format, ids in order, sizes of texts and views, every id) then the packed texts, one
after another, then the packed views.
"""

import hashlib
import marshal
import os
import sys
import tempfile
from functools import cache
from pathlib import Path

import orjson

from parley.resources import schema_dir

CACHE_FORMAT = 2
_CHUNK = 1 << 20
_CODE_FILES = ("check.py", "fast_read.py", "read_gold.py", "gold_cache.py", "view.py", "ground.py", "frozen_view.py")


def gold_cache_dir() -> Path | None:
    """Where checked gold is cached, or None when caching is turned off."""
    setting = os.environ.get("PARLEY_GOLD_CACHE", "")
    if setting == "0":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "parley" / "gold"


@cache
def _code_digest() -> bytes:
    digest = hashlib.sha256(f"{sys.version}\0{marshal.version}\0".encode())
    here = Path(__file__).parent
    sources = [here / name for name in _CODE_FILES]
    sources += sorted((here.parent / "schema").glob("*.py")) + sorted(schema_dir().rglob("*.json"))
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.digest()


def content_key(root: Path, files: list[Path], *, split: str) -> str:
    """The cache key of the gold read from `files` (found under `root`) for `split`."""
    digest = hashlib.sha256(f"parley-gold/{CACHE_FORMAT}/{split}\0".encode())
    digest.update(_code_digest())
    for file in files:
        name = file.name if file == root else str(file.relative_to(root))
        digest.update(f"\0{name}\0{file.stat().st_size}\0".encode())
        with file.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


CachedGold = tuple[list[tuple[str, bytes, bytes]], list[str]]
"""(id, packed canonical text, packed frozen view) of each document of the split, in reading order, and every id
read."""


def load_cached(folder: Path, key: str) -> CachedGold | None:
    """The cached checked gold of `key`, or None (no entry, or one that cannot be read back whole)."""
    try:
        with (folder / key).open("rb") as handle:
            header = orjson.loads(handle.readline())
            blob = handle.read()
        if header["format"] != CACHE_FORMAT:
            return None
        ids, sizes, view_sizes, all_ids = header["ids"], header["sizes"], header["view_sizes"], header["all_ids"]
        if not len(ids) == len(sizes) == len(view_sizes) or sum(sizes) + sum(view_sizes) != len(blob):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    whole = memoryview(blob)
    texts, views = _split(whole, sizes), _split(whole[sum(sizes) :], view_sizes)
    return list(zip(ids, texts, views, strict=True)), all_ids


def _split(blob: memoryview, sizes: list[int]) -> list[bytes]:
    parts, offset = [], 0
    for size in sizes:
        parts.append(bytes(blob[offset : offset + size]))
        offset += size
    return parts


def store(folder: Path, key: str, gold: CachedGold) -> None:
    """Cache checked gold under `key`, written whole or not at all (a temporary file renamed into place); a cache
    that cannot be written is skipped silently, since it only saves time."""
    documents, all_ids = gold
    header = {
        "format": CACHE_FORMAT,
        "ids": [document_id for document_id, _, _ in documents],
        "sizes": [len(text) for _, text, _ in documents],
        "view_sizes": [len(view) for _, _, view in documents],
        "all_ids": all_ids,
    }
    partial: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".partial-", delete=False) as handle:
            partial = Path(handle.name)
            handle.write(orjson.dumps(header) + b"\n")
            for _, text, _ in documents:
                handle.write(text)
            for _, _, view in documents:
                handle.write(view)
        partial.replace(folder / key)
    except OSError:
        if partial is not None:
            partial.unlink(missing_ok=True)
