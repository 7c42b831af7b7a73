"""Loading the gold side: a folder (or file) of gold records, or a built dataset folder, filtered by split."""

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

import orjson
import zstandard

from parley.corpus.splits import SPLITS, split_for
from parley.eval.check import record_problems
from parley.eval.fast_read import read_record
from parley.eval.frozen_view import freeze, thaw
from parley.eval.gold_cache import CachedGold, EntryChangedError, EntryWriter, content_key, gold_cache_dir, load_cached
from parley.eval.ground import gold_view
from parley.eval.packing import fingerprint, pack, unpack
from parley.eval.view import ScoredDocument
from parley.eval.workers import Workers, fewer_collections
from parley.reading import InputError, open_lines
from parley.schema.files import SourcedRecord, discover, read_records
from parley.schema.problems import Level, Problem
from parley.schema.records import Document

ALL_SPLITS = "all"
SPLIT_CHOICES = (*SPLITS, ALL_SPLITS)


class UnusableInputError(Exception):
    """Input that cannot be scored at all (exit code 2); `problems` holds the located details, if any."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


def canonical_json(document: Document, *, checked: bool = False) -> bytes:
    """A record's canonical text: UTF-8 JSON with sorted keys and no whitespace, exactly what
    `json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))` writes (the fingerprint).

    A `checked` record (one that passed `record_problems`) is written by orjson, several times faster: it writes
    the same bytes (keys sorted by code point, the same escapes) for every value such a record can hold. Its only
    numbers are offsets, integers (or whole floats, which jsonschema accepts as integers and both write alike);
    orjson refuses an integer beyond 64 bits, and that record takes the `json` way. Floats in general do differ
    (`1e-7` against `1e-07`; `null` for infinity), so a record not checked always takes the `json` way."""
    if checked:
        try:
            text = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
        except TypeError:  # orjson.JSONEncodeError: an integer beyond 64 bits
            pass
        else:
            # A copy of exactly its size: orjson's own buffer, grown by doubling and shrunk, left the heap so
            # fragmented that 10,000 kept texts took 47 MB more than their 72 MB.
            return bytes(memoryview(text))
    return _json_canonical(document)


def _json_canonical(document: Document) -> bytes:
    # The ASCII encoder is about a third faster. Its output is the same text unless it wrote a \u escape (for a
    # non-ASCII or control character, or a literal backslash-u, which the check also catches), rarely in gold.
    text = json.dumps(document, sort_keys=True, separators=(",", ":"))
    if "\\u" in text:
        text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


PackedGold = tuple[str, bytes, bytes]
"""A checked gold document as `Gold` keeps it: its id, canonical text and frozen scoring view
(`parley.eval.frozen_view`), both packed (`pack`)."""


def packed_gold(document: Document, text: bytes) -> PackedGold:
    """A gold record and its canonical text as `Gold` keeps them."""
    return document["id"], pack(text), pack(freeze(gold_view(document)))


class Gold:
    """The gold documents to score and the ids of every gold document, in any split.

    Each document is kept as its frozen scoring view, packed (`pack`), thawed when a prediction is scored against
    it; and as its canonical JSON, packed too, parsed when a caller asks for the record (in memory, or left in the
    cache entry the gold came from: `gold_cache.CachedTexts`). 100,000 parsed records take gigabytes, their packed
    views 110 megabytes and their packed texts 170. The dataset fingerprint is the sha256 of the canonical texts in
    id order, one a line.
    """

    def __init__(self, documents: Iterable[Document], *, all_ids: Iterable[str], source: str, split: str) -> None:
        packed = (packed_gold(document, canonical_json(document)) for document in documents)
        self._store(packed, all_ids=all_ids, source=source, split=split)
        # Records given as they are may hold what orjson reads differently (integers beyond 64 bits).
        self._checked = False

    @classmethod
    def from_packed(cls, packed: Iterable[PackedGold], *, all_ids: Iterable[str], source: str, split: str) -> "Gold":
        """Gold from the `packed_gold` of checked records, made elsewhere (by worker processes)."""
        gold = cls.__new__(cls)
        gold._store(packed, all_ids=all_ids, source=source, split=split)
        # A checked record's only numbers are integer offsets, which orjson reads as `json` does, several times
        # faster.
        gold._checked = True
        return gold

    @classmethod
    def from_cache(cls, entry: CachedGold, *, source: str, split: str) -> "Gold":
        """Gold from a cache entry of checked records; their texts stay in the entry until asked for."""
        gold = cls.__new__(cls)
        gold._views = dict(sorted(zip(entry.ids, entry.views, strict=True)))
        gold._texts = entry.texts
        gold._fingerprint = entry.fingerprint
        gold.all_ids = frozenset(entry.all_ids) | gold._views.keys()
        gold.source, gold.split, gold._checked = source, split, True
        return gold

    def _store(self, packed: Iterable[PackedGold], *, all_ids: Iterable[str], source: str, split: str) -> None:
        self._checked = False
        texts: dict[str, bytes] = {}
        self._views: dict[str, bytes] = {}
        for document_id, text, view in sorted(packed, key=itemgetter(0)):
            texts[document_id] = text
            self._views[document_id] = view
        self._texts: Mapping[str, bytes] = texts
        self._fingerprint: str | None = None
        # Read only now: a caller may still be filling `all_ids` while `packed` is consumed.
        self.all_ids = frozenset(all_ids) | self._views.keys()
        self.source = source
        self.split = split

    @property
    def ids(self) -> list[str]:
        """The ids of the documents to score, sorted."""
        return list(self._views)

    def __len__(self) -> int:
        return len(self._views)

    def __contains__(self, document_id: object) -> bool:
        return document_id in self._views

    def document(self, document_id: str) -> Document:
        try:
            text = unpack(self._texts[document_id])
        except (EntryChangedError, zstandard.ZstdError):
            # Only a cache entry read lazily can fail here, when something other than parley rewrote it meanwhile.
            raise UnusableInputError(f"gold cache entry of {self.source} changed while in use; run again") from None
        return cast(Document, orjson.loads(text) if self._checked else json.loads(text))

    def view(self, document_id: str) -> ScoredDocument:
        """The scoring view of a document (`parley.eval.ground.gold_view` of its record)."""
        return thaw(unpack(self._views[document_id]))

    @property
    def documents(self) -> list[Document]:
        """Every document to score, parsed (sorted by id)."""
        return [self.document(document_id) for document_id in self._views]

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = fingerprint(self._texts[document_id] for document_id in self._views)
        return self._fingerprint


GoldItem = tuple[str, int, bytes] | SourcedRecord | Problem
"""A raw JSONL line (file, line number, bytes), a record read from another kind of file, or a reading problem."""


@dataclass(slots=True)
class CheckedGold:
    """A gold item after parsing and validation: its problems, else the document as `Gold` keeps it."""

    file: str
    line: int | None
    problems: list[Problem]
    packed: PackedGold = ("", b"", b"")


def _iter_items(files: list[Path]) -> Iterator[GoldItem]:
    """Every gold item, in file order; a JSONL file is read one line at a time (a large file is never held whole)."""
    for file in files:
        if file.suffix != ".jsonl":
            records, problems = read_records(file)
            yield from problems
            yield from records
            continue
        try:
            lines = open_lines(file)
        except InputError as error:
            yield Problem(str(file), None, None, "", error.code, error.message, Level.FATAL)
            continue
        for number, raw in lines:
            if isinstance(raw, InputError):
                yield Problem(str(file), number, None, "", raw.code, raw.message, Level.FATAL)
            else:
                yield str(file), number, raw


def _check(item: GoldItem) -> CheckedGold:
    if isinstance(item, Problem):
        return CheckedGold(item.file, item.line, [item])
    if isinstance(item, SourcedRecord):
        record, file, line = item.record, item.file, item.line
    else:
        file, line, raw = item
        try:
            record, problems, text = read_record(raw, "gold", file=file, line=line)
        except InputError as error:
            return CheckedGold(file, line, [Problem(file, line, None, "", error.code, error.message, Level.FATAL)])
        if problems:
            return CheckedGold(file, line, problems)
        document = cast(Document, record)
        return CheckedGold(file, line, [], packed_gold(document, text or canonical_json(document, checked=True)))
    problems = record_problems(record, "gold", file=file, line=line)
    if problems:
        return CheckedGold(file, line, problems)
    document = cast(Document, record)
    return CheckedGold(file, line, [], packed_gold(document, canonical_json(document, checked=True)))


def check_gold(_: object, batch: list[GoldItem]) -> list[CheckedGold]:
    """Parse and validate a batch of gold items (a `Workers` batch function)."""
    return [_check(item) for item in batch]


def _dataset_loader() -> Any:
    """The dataset-folder loader, when that part of Parley is installed (it is written separately)."""
    try:
        from parley.corpus.dataset import loading  # type: ignore[attr-defined,import-not-found,unused-ignore]
    except ImportError:
        return None
    return loading


def load_gold(path: Path, *, split: str = "test", workers: int = 1) -> Gold:
    """The gold documents of `split` ('all' for every document) from a corpus folder/file or a dataset folder;
    a corpus is parsed and validated in `workers` processes when that is more than 1."""
    if split not in SPLIT_CHOICES:
        raise UnusableInputError(f"unknown split {split!r} (choose from {', '.join(SPLIT_CHOICES)})")
    if not path.exists():
        raise UnusableInputError(f"gold {path}: no such file or folder")
    # Importing the dataset loader pulls in `datasets` (slow), so only a folder is asked whether it is a dataset.
    loader = _dataset_loader() if path.is_dir() else None
    if loader is not None and loader.is_dataset_folder(path):
        try:
            all_documents = list(loader.load_records(path))
            documents = all_documents if split == ALL_SPLITS else list(loader.load_records(path, split=split))
        except Exception as error:  # the dataset loader's own errors, reported as one line
            raise UnusableInputError(f"gold dataset {path}: {error}") from error
        gold = Gold(documents, all_ids=(document["id"] for document in all_documents), source=str(path), split=split)
    else:
        gold = _corpus_gold(path, split, workers)
    if not gold.all_ids:
        raise UnusableInputError(f"gold {path}: holds no gold record")
    if not len(gold):
        raise UnusableInputError(
            f"gold {path}: none of its {len(gold.all_ids)} document(s) is in split {split!r} (try --split all)"
        )
    return gold


def _corpus_gold(path: Path, split: str, workers: int) -> Gold:
    """The gold of a corpus folder or file, validated like `parley.corpus.load_documents` (with the fast schema
    check), read one record at a time and kept compact: in the gold cache when it is on, else in memory."""
    files, problems = discover([path])
    cache, key = gold_cache_dir(), None
    if cache is not None and not problems:
        try:
            key = content_key(path, files, split=split)
        except OSError:  # an unreadable file: the reading below reports it
            key = None
        cached = load_cached(cache, key) if key is not None else None
        if cached is not None:
            return Gold.from_cache(cached, source=str(path), split=split)
    if cache is not None and key is not None:
        gold = _cached_corpus_gold(path, files, split, workers, cache, key)
        if gold is not None:
            return gold
    kept: list[PackedGold] = []
    all_ids = _check_corpus(path, files, problems, split=split, workers=workers, keep=kept.append)
    return Gold.from_packed(kept, all_ids=all_ids, source=str(path), split=split)


class _CacheWriteError(Exception):
    """The gold cache entry being written could not be (a full disk, a folder turned read-only)."""


def _cached_corpus_gold(path: Path, files: list[Path], split: str, workers: int, cache: Path, key: str) -> Gold | None:
    """The gold checked into a new cache entry, its texts left there (out of memory); None
    when the entry could not be written or the files changed while being read (nothing is cached then)."""
    try:
        writer = EntryWriter(cache, key)
    except OSError:
        return None

    def keep(packed: PackedGold) -> None:
        try:
            writer.add(*packed)
        except OSError as error:
            raise _CacheWriteError from error

    entry: CachedGold | None = None
    try:
        all_ids = _check_corpus(path, files, [], split=split, workers=workers, keep=keep)
        # Stored only when the files still hash to the key they were read under (none changed while being read).
        if all_ids and content_key(path, files, split=split) == key:
            entry = writer.commit(all_ids=all_ids, fingerprint=fingerprint(writer.texts()))
    except (_CacheWriteError, OSError):
        return None
    finally:
        if entry is None:
            writer.discard()
    return Gold.from_cache(entry, source=str(path), split=split) if entry is not None else None


def _check_corpus(
    path: Path,
    files: list[Path],
    problems: list[Problem],
    *,
    split: str,
    workers: int,
    keep: Callable[[PackedGold], None],
) -> list[str]:
    """Check every gold record of `files`, passing those of `split` to `keep` as they come; every id read, in
    reading order. Raises `UnusableInputError` with every problem (`problems`: those found before) if there is one."""
    problems = list(problems)
    all_ids: list[str] = []
    first_seen: dict[str, str] = {}
    with fewer_collections(), Workers(workers, None) as pool:
        for checked in pool.map(check_gold, _iter_items(files)):
            if checked.problems:
                problems.extend(checked.problems)
                continue
            document_id, file, line = checked.packed[0], checked.file, checked.line
            if document_id in first_seen:
                message = f"id already used in {first_seen[document_id]}"
                problems.append(Problem(file, line, document_id, "/id", "duplicate-document", message))
                continue
            first_seen[document_id] = file if line is None else f"{file}:{line}"
            all_ids.append(document_id)
            if not problems and (split == ALL_SPLITS or split_for(document_id) == split):
                keep(checked.packed)
    if problems:
        raise UnusableInputError(f"the gold at {path} has {len(problems)} problem(s)", problems)
    return all_ids
