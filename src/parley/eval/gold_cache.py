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

An entry is written while the gold is checked (`EntryWriter`, which gives its format).
"""

import hashlib
import marshal
import os
import struct
import sys
import tempfile
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import orjson
import xxhash

from parley.resources import schema_dir

CACHE_FORMAT = 2
_CHUNK = 1 << 20
# What checks the gold and makes what an entry holds (views, packed texts, the fingerprint).
_CODE_FILES = (
    "check.py",
    "fast_read.py",
    "read_gold.py",
    "gold_cache.py",
    "view.py",
    "ground.py",
    "frozen_view.py",
    "packing.py",
)


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
    """The cache key of the gold read from `files` (found under `root`) for `split`.

    The files are hashed with XXH3 (128 bits): a key only has to tell this user's corpora apart, and at 20 GB/s it
    costs nothing beside reading the entry, where SHA-256 took 1.7 s of a 700 MB gold file on every run."""
    digest = xxhash.xxh3_128(f"parley-gold/{CACHE_FORMAT}/{split}\0".encode())
    digest.update(_code_digest())
    for file in files:
        name = file.name if file == root else str(file.relative_to(root))
        digest.update(f"\0{name}\0{file.stat().st_size}\0".encode())
        with file.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class CachedGold:
    """A cache entry read back: the ids of the split's documents (sorted), their packed frozen views, their packed
    canonical texts (left in the entry, read when asked for), every id read, and the fingerprint."""

    ids: list[str]
    views: list[bytes]
    texts: Mapping[str, bytes]
    all_ids: list[str]
    fingerprint: str


class EntryChangedError(Exception):
    """A cache entry was rewritten in place while its gold was in use (parley itself only ever replaces one)."""


Location = tuple[int, int]
"""Where a packed text or view lies in an entry: (offset, size)."""


class CachedTexts(Mapping[str, bytes]):
    """The packed canonical texts of a cache entry, read from it when asked for: a scorer needs only the views, and
    100,000 texts kept in memory would take 170 MB. The entry stays open, so replacing or deleting it meanwhile
    changes nothing."""

    def __init__(self, path: Path, locations: dict[str, Location]) -> None:
        self._path = path
        self._locations = locations
        self._open()

    def _open(self) -> None:
        self._descriptor = os.open(self._path, os.O_RDONLY)
        weakref.finalize(self, os.close, self._descriptor)

    def __getstate__(self) -> tuple[Path, dict[str, Location]]:
        # A worker process started by spawn opens the entry itself (a descriptor means nothing in another process).
        return self._path, self._locations

    def __setstate__(self, state: tuple[Path, dict[str, Location]]) -> None:
        self._path, self._locations = state
        self._open()

    def __getitem__(self, document_id: str) -> bytes:
        offset, size = self._locations[document_id]
        text = _read_at(self._descriptor, size, offset)
        if len(text) != size:
            raise EntryChangedError(f"gold cache entry {self._path} changed while in use; run again")
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._locations)

    def __len__(self) -> int:
        return len(self._locations)


def _read_at(descriptor: int, size: int, offset: int) -> bytes:
    """`size` bytes at `offset` (fewer at the end of the file). `os.pread` leaves the descriptor's position alone,
    which processes forked from this one share; where it is missing (Windows: no fork either), seek and read."""
    if hasattr(os, "pread"):
        return os.pread(descriptor, size, offset)
    os.lseek(descriptor, offset, os.SEEK_SET)
    return os.read(descriptor, size)


_TRAILER = struct.Struct(">Q")
"""The last bytes of an entry: where its index starts."""


def load_cached(folder: Path, key: str) -> CachedGold | None:
    """The cached checked gold of `key`, or None (no entry, or one that cannot be read back whole)."""
    path = folder / key
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            handle.seek(size - _TRAILER.size)
            (index_start,) = _TRAILER.unpack(handle.read(_TRAILER.size))
            handle.seek(index_start)
            index = orjson.loads(handle.read(size - _TRAILER.size - index_start))
            if index["format"] != CACHE_FORMAT:
                return None
            ids, views, texts = index["ids"], index["views"], index["texts"]
            if not len(ids) == len(views) == len(texts) or not all(
                offset >= 0 and offset + length <= index_start for offset, length in (*views, *texts)
            ):
                return None
            packed_views = [_read_at(handle.fileno(), length, offset) for offset, length in views]
            locations = {
                document_id: (offset, length) for document_id, (offset, length) in zip(ids, texts, strict=True)
            }
            cached_texts = CachedTexts(path, locations)
        return CachedGold(ids, packed_views, cached_texts, index["all_ids"], index["fingerprint"])
    except (OSError, ValueError, KeyError, TypeError, struct.error):
        return None


class EntryWriter:
    """A cache entry written as the gold is checked, so that the checked documents are never all in memory at once:
    each document's packed view and text go straight to a temporary file in the cache folder (the views are kept
    too: the gold holds them anyway), which `commit` completes with the index and renames into place (whole or not
    at all) and `discard` removes.

    Entry format: the packed view and text of each document in reading order, then the index (JSON: format, ids
    sorted, where each view and text lies, every id read, the fingerprint), then where the index starts (8 bytes,
    big-endian)."""

    def __init__(self, folder: Path, key: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / key
        # Open across calls (`add` until `commit` or `discard`), so not a context manager.
        self._handle = tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".partial-", delete=False)  # noqa: SIM115
        self._locations: dict[str, tuple[Location, Location]] = {}
        self._views: dict[str, bytes] = {}

    def add(self, document_id: str, text: bytes, view: bytes) -> None:
        offset = self._handle.tell()
        self._handle.write(view)
        self._handle.write(text)
        self._locations[document_id] = ((offset, len(view)), (offset + len(view), len(text)))
        self._views[document_id] = view

    def texts(self) -> Iterator[bytes]:
        """The packed texts written so far, in id order."""
        self._handle.flush()
        for document_id in sorted(self._locations):
            offset, size = self._locations[document_id][1]
            yield _read_at(self._handle.fileno(), size, offset)

    def commit(self, *, all_ids: list[str], fingerprint: str) -> CachedGold:
        """The entry completed and in place, as `load_cached` would read it back (without reading the views again)."""
        ids = sorted(self._locations)
        index = {
            "format": CACHE_FORMAT,
            "ids": ids,
            "views": [self._locations[document_id][0] for document_id in ids],
            "texts": [self._locations[document_id][1] for document_id in ids],
            "all_ids": all_ids,
            "fingerprint": fingerprint,
        }
        # At the end whatever `texts` read meanwhile (without `os.pread`, reading moves the file's position).
        index_start = self._handle.seek(0, os.SEEK_END)
        self._handle.write(orjson.dumps(index) + _TRAILER.pack(index_start))
        self._handle.close()
        Path(self._handle.name).replace(self.path)
        texts = CachedTexts(self.path, {document_id: self._locations[document_id][1] for document_id in ids})
        return CachedGold(ids, [self._views[document_id] for document_id in ids], texts, all_ids, fingerprint)

    def discard(self) -> None:
        self._handle.close()
        Path(self._handle.name).unlink(missing_ok=True)
