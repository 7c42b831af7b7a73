"""Loading the gold side: a folder (or file) of gold records, or a built dataset folder, filtered by split."""

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from parley.corpus.splits import SPLITS, split_for
from parley.eval.conformance import record_problems
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


def canonical_json(document: Document) -> bytes:
    """A record's canonical text: UTF-8 JSON with sorted keys and no whitespace."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Gold:
    """The gold documents to score and the ids of every gold document, in any split.

    Each document is kept as its canonical JSON and parsed when it is scored: 100,000 parsed records take
    gigabytes, their text a few hundred megabytes. The dataset fingerprint is the sha256 of these texts in id
    order, one a line.
    """

    def __init__(self, documents: Iterable[Document], *, all_ids: Iterable[str], source: str, split: str) -> None:
        self._texts: dict[str, bytes] = {}
        for document in documents:
            self._texts[document["id"]] = canonical_json(document)
        self._texts = dict(sorted(self._texts.items()))
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
        return cast(Document, json.loads(self._texts[document_id]))

    @property
    def documents(self) -> list[Document]:
        """Every document to score, parsed (sorted by id)."""
        return [self.document(document_id) for document_id in self._texts]

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for text in self._texts.values():
            digest.update(text)
            digest.update(b"\n")
        return "sha256:" + digest.hexdigest()


def _iter_jsonl(file: Path) -> Iterator[SourcedRecord | Problem]:
    """A JSONL file's records one line at a time (a large gold file is never held whole)."""
    with file.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield SourcedRecord(json.loads(raw), str(file), number)
            except ValueError as error:
                message = error.msg if isinstance(error, json.JSONDecodeError) else "not UTF-8"
                yield Problem(str(file), number, None, "", "not-json", message, Level.FATAL)


def _iter_file(file: Path) -> Iterator[SourcedRecord | Problem]:
    if file.suffix == ".jsonl":
        yield from _iter_jsonl(file)
        return
    records, problems = read_records(file)
    yield from problems
    yield from records


def _iter_corpus(path: Path, problems: list[Problem]) -> Iterator[Document]:
    """Valid gold records under `path`, validated like `parley.corpus.load_documents` (with the fast schema
    check); problems are appended to `problems` as they are found."""
    files, found_problems = discover([path])
    problems.extend(found_problems)
    first_seen: dict[str, str] = {}
    for file in files:
        for item in _iter_file(file):
            if isinstance(item, Problem):
                problems.append(item)
                continue
            found = record_problems(item.record, "gold", file=item.file, line=item.line)
            problems.extend(found)
            if found:
                continue
            document = cast(Document, item.record)
            where = item.file if item.line is None else f"{item.file}:{item.line}"
            if document["id"] in first_seen:
                message = f"id already used in {first_seen[document['id']]}"
                problems.append(Problem(item.file, item.line, document["id"], "/id", "duplicate-document", message))
                continue
            first_seen[document["id"]] = where
            yield document


def _dataset_loader() -> Any:
    """The dataset-folder loader, when that part of Parley is installed (it is written separately)."""
    try:
        from parley.corpus.dataset import loading  # type: ignore[attr-defined,import-not-found,unused-ignore]
    except ImportError:
        return None
    return loading


def load_gold(path: Path, *, split: str = "test") -> Gold:
    """The gold documents of `split` ('all' for every document) from a corpus folder/file or a dataset folder."""
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
        gold = _corpus_gold(path, split)
    if not gold.all_ids:
        raise UnusableInputError(f"gold {path}: holds no gold record")
    if not len(gold):
        raise UnusableInputError(
            f"gold {path}: none of its {len(gold.all_ids)} document(s) is in split {split!r} (try --split all)"
        )
    return gold


def _corpus_gold(path: Path, split: str) -> Gold:
    """The gold of a corpus folder or file, read one record at a time and kept compact."""
    problems: list[Problem] = []
    all_ids: list[str] = []

    def in_split() -> Iterator[Document]:
        for document in _iter_corpus(path, problems):
            all_ids.append(document["id"])
            if split == ALL_SPLITS or split_for(document["id"]) == split:
                yield document

    # `Gold` reads `all_ids` only after it has consumed every document, so the list is complete by then.
    gold = Gold(in_split(), all_ids=all_ids, source=str(path), split=split)
    if problems:
        raise UnusableInputError(f"the gold at {path} has {len(problems)} problem(s)", problems)
    return gold
