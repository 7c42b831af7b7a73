"""Loading the gold side: a folder (or file) of gold records, or a built dataset folder, filtered by split."""

import hashlib
import json
import threading
from collections.abc import Iterable, Iterator
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
from parley.eval.gold_cache import content_key, gold_cache_dir, load_cached, store
from parley.eval.ground import gold_view
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


class _Codecs(threading.local):
    """A zstandard compressor and decompressor for each thread (their instances must not be shared by threads)."""

    def __init__(self) -> None:
        self.packer = zstandard.ZstdCompressor(level=1)
        self.unpacker = zstandard.ZstdDecompressor()


_CODECS = _Codecs()


def pack(text: bytes) -> bytes:
    """A canonical text as `Gold` keeps it, compressed: the texts of 100,000 documents take 720 MB, packed 160 MB.
    Zstandard at level 1 packs a 7 kB text in about 20 microseconds and unpacks it in 10 (zlib, at its fastest
    level, takes twice as long for a larger result)."""
    # A copy of exactly its size: the compressor's buffer, sized for the worst case and shrunk, left the heap so
    # fragmented that 10,000 packed texts of 16 MB took 77 MB.
    return bytes(memoryview(_CODECS.packer.compress(text)))


def unpack(packed: bytes) -> bytes:
    return _CODECS.unpacker.decompress(packed)


PackedGold = tuple[str, bytes, bytes]
"""A checked gold document as `Gold` keeps it: its id, canonical text and frozen scoring view
(`parley.eval.frozen_view`), both packed (`pack`)."""


def packed_gold(document: Document, text: bytes) -> PackedGold:
    """A gold record and its canonical text as `Gold` keeps them."""
    return document["id"], pack(text), pack(freeze(gold_view(document)))


class Gold:
    """The gold documents to score and the ids of every gold document, in any split.

    Each document is kept as its canonical JSON and its frozen scoring view, both packed (`pack`): the JSON is
    parsed when a caller asks for the record, the view thawed when a prediction is scored against it. 100,000
    parsed records take gigabytes, their packed texts and views under 300 megabytes. The dataset fingerprint is
    the sha256 of the canonical texts in id order, one a line.
    """

    def __init__(self, documents: Iterable[Document], *, all_ids: Iterable[str], source: str, split: str) -> None:
        packed = (packed_gold(document, canonical_json(document)) for document in documents)
        self._store(packed, all_ids=all_ids, source=source, split=split)
        # Records given as they are may hold what orjson reads differently (integers beyond 64 bits).
        self._checked = False

    @classmethod
    def from_packed(cls, packed: Iterable[PackedGold], *, all_ids: Iterable[str], source: str, split: str) -> "Gold":
        """Gold from the `packed_gold` of checked records, made elsewhere (by worker processes, or cached)."""
        gold = cls.__new__(cls)
        gold._store(packed, all_ids=all_ids, source=source, split=split)
        # A checked record's only numbers are integer offsets, which orjson reads as `json` does, several times
        # faster.
        gold._checked = True
        return gold

    def _store(self, packed: Iterable[PackedGold], *, all_ids: Iterable[str], source: str, split: str) -> None:
        self._checked = False
        self._texts: dict[str, bytes] = {}
        self._views: dict[str, bytes] = {}
        for document_id, text, view in sorted(packed, key=itemgetter(0)):
            self._texts[document_id] = text
            self._views[document_id] = view
        # Read only now: a caller may still be filling `all_ids` while `packed` is consumed.
        self.all_ids = frozenset(all_ids) | self._texts.keys()
        self.source = source
        self.split = split

    @property
    def ids(self) -> list[str]:
        """The ids of the documents to score, sorted."""
        return list(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __contains__(self, document_id: object) -> bool:
        return document_id in self._texts

    def document(self, document_id: str) -> Document:
        text = unpack(self._texts[document_id])
        return cast(Document, orjson.loads(text) if self._checked else json.loads(text))

    def view(self, document_id: str) -> ScoredDocument:
        """The scoring view of a document (`parley.eval.ground.gold_view` of its record)."""
        return thaw(unpack(self._views[document_id]))

    def packed(self) -> list[PackedGold]:
        """Every document to score as it is kept (sorted by id)."""
        return [(document_id, text, self._views[document_id]) for document_id, text in self._texts.items()]

    @property
    def documents(self) -> list[Document]:
        """Every document to score, parsed (sorted by id)."""
        return [self.document(document_id) for document_id in self._texts]

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for text in self._texts.values():
            digest.update(unpack(text))
            digest.update(b"\n")
        return "sha256:" + digest.hexdigest()


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
    check), read one record at a time and kept compact."""
    files, problems = discover([path])
    cache, key = gold_cache_dir(), None
    if cache is not None and not problems:
        try:
            key = content_key(path, files, split=split)
        except OSError:  # an unreadable file: the reading below reports it
            key = None
        cached = load_cached(cache, key) if key is not None else None
        if cached is not None:
            return Gold.from_packed(cached[0], all_ids=cached[1], source=str(path), split=split)
    all_ids: list[str] = []
    kept: list[PackedGold] = []
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
            if split == ALL_SPLITS or split_for(document_id) == split:
                kept.append(checked.packed)
    if problems:
        raise UnusableInputError(f"the gold at {path} has {len(problems)} problem(s)", problems)
    # Stored only when the files still hash to the key they were read under (none changed while being read).
    if cache is not None and key is not None and all_ids and content_key(path, files, split=split) == key:
        store(cache, key, (kept, all_ids))
    return Gold.from_packed(kept, all_ids=all_ids, source=str(path), split=split)
