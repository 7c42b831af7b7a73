"""Reading records from files and folders (JSON and JSONL) with their locations, and validating them."""

import json
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from parley.reading import InputError, open_lines, parse_json, read_json
from parley.schema.problems import Level, Problem
from parley.schema.validation import RecordKind, iter_problems

RECORD_SUFFIXES = (".json", ".jsonl")


@dataclass(frozen=True)
class SourcedRecord:
    """A parsed record and where it came from (line only for JSONL)."""

    record: Any
    file: str
    line: int | None


@dataclass
class ValidationReport:
    records: list[SourcedRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def fatal(self) -> bool:
        return any(problem.level is Level.FATAL for problem in self.problems)

    @property
    def valid_records(self) -> list[SourcedRecord]:
        """The records with no problem of their own."""
        bad = {(p.file, p.line, p.document) for p in self.problems}
        return [r for r in self.records if (r.file, r.line, _id(r.record)) not in bad]


def _id(record: Any) -> str | None:
    return record.get("id") if isinstance(record, dict) and isinstance(record.get("id"), str) else None


def _fatal(file: str, message: str, *, code: str = "unreadable", line: int | None = None) -> Problem:
    return Problem(file=file, line=line, document=None, pointer="", code=code, message=message, level=Level.FATAL)


def _walk(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The record files under `folder`, following links to folders once each; every folder or entry that cannot
    be read is a problem (silently skipping it would check, build or score a partial corpus)."""
    found: list[Path] = []
    problems: list[Problem] = []

    def unreadable(error: OSError) -> None:
        where = error.filename if error.filename is not None else folder
        problems.append(_fatal(str(where), f"cannot read this folder: {error.strerror or error}"))

    visited: set[Path] = set()
    for root, folders, names in os.walk(folder, onerror=unreadable, followlinks=True):
        visited.add(Path(root).resolve())
        # A link back to a folder already searched would loop forever: search each real folder once.
        folders[:] = sorted(name for name in folders if Path(root, name).resolve() not in visited)
        for name in names:
            path = Path(root, name)
            if path.suffix in RECORD_SUFFIXES or path.is_symlink():
                try:
                    mode = path.stat().st_mode
                except OSError as error:
                    problems.append(_fatal(str(path), f"cannot be read: {error.strerror or error}"))
                    continue
                if path.suffix in RECORD_SUFFIXES:
                    if stat.S_ISREG(mode):
                        found.append(path)
                    else:
                        problems.append(_fatal(str(path), "not a regular file", code="not-a-file"))
    return sorted(found), problems


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The record files named by `paths`, folders searched recursively in a stable order."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found, walk_problems = _walk(path)
            problems.extend(walk_problems)
            if not found and not walk_problems:
                problems.append(_fatal(str(path), "folder holds no .json or .jsonl file", code="no-records"))
            files.extend(found)
        elif path.exists():
            files.append(path)  # reading refuses anything but a regular file, with a reason
        elif path.is_symlink():
            problems.append(_fatal(str(path), "a symbolic link to nothing", code="not-found"))
        else:
            problems.append(_fatal(str(path), "no such file or folder", code="not-found"))
    return files, problems


def iter_file_records(path: Path, *, parse: Callable[[bytes], Any] = parse_json) -> Iterator[SourcedRecord | Problem]:
    """The records of one file, as they are read: a JSON object, a JSON array of objects, or JSON Lines (one
    object a line, read one line at a time, each by `parse`: `parse_json` or an equivalent faster reader), with a
    fatal problem for whatever cannot be read."""
    name = str(path)
    if path.suffix != ".jsonl":
        try:
            parsed = read_json(path)
        except InputError as error:
            yield _fatal(name, error.message, code=error.code)
            return
        for item in parsed if isinstance(parsed, list) else [parsed]:
            yield SourcedRecord(item, name, None)
        return
    try:
        lines = open_lines(path)
    except InputError as error:
        yield _fatal(name, error.message, code=error.code)
        return
    for number, raw in lines:
        try:
            if isinstance(raw, InputError):
                raise raw
            yield SourcedRecord(parse(raw), name, number)
        except InputError as error:
            yield _fatal(name, error.message, code=error.code, line=number)


def read_records(path: Path) -> tuple[list[SourcedRecord], list[Problem]]:
    """The records of one file and the problems reading it (see `iter_file_records`)."""
    records: list[SourcedRecord] = []
    problems: list[Problem] = []
    for item in iter_file_records(path):
        (problems if isinstance(item, Problem) else records).append(item)  # type: ignore[arg-type]
    return records, problems


def _where(sourced: SourcedRecord) -> str:
    return sourced.file if sourced.line is None else f"{sourced.file}:{sourced.line}"


class RecordChecker(Protocol):
    """The problems of one record: `iter_problems`, or an equivalent faster check."""

    def __call__(self, record: Any, kind: RecordKind, *, file: str, line: int | None) -> Iterable[Problem]: ...


def iter_record_problems(
    records: Iterable[SourcedRecord], kind: RecordKind, *, check: RecordChecker = iter_problems
) -> Iterator[Problem]:
    """Problems of each record (found by `check`, the full validator unless told), then documents whose id was
    already seen (only ids are kept, not records)."""
    first_seen: dict[str, str] = {}
    for sourced in records:
        yield from check(sourced.record, kind, file=sourced.file, line=sourced.line)
        doc_id = _id(sourced.record)
        if doc_id is None:
            continue
        if doc_id in first_seen:
            message = f"id already used in {first_seen[doc_id]}"
            yield Problem(sourced.file, sourced.line, doc_id, "/id", "duplicate-document", message)
        else:
            first_seen[doc_id] = _where(sourced)


def validate_paths(paths: Iterable[Path], kind: RecordKind = "gold") -> ValidationReport:
    """Read and validate every record under `paths`."""
    files, problems = discover(paths)
    report = ValidationReport(problems=problems)
    for file in files:
        records, read_problems = read_records(file)
        report.records.extend(records)
        report.problems.extend(read_problems)
    report.problems.extend(iter_record_problems(report.records, kind))
    return report


@dataclass
class ValidationCounts:
    """What a streamed validation saw: records, events in them, problems, and whether any was fatal."""

    records: int = 0
    events: int = 0
    problems: int = 0
    fatal: bool = False


def stream_validation(
    paths: Iterable[Path],
    kind: RecordKind,
    counts: ValidationCounts,
    *,
    on_record: Callable[[SourcedRecord], None] | None = None,
    check: RecordChecker = iter_problems,
    parse: Callable[[bytes], Any] = parse_json,
) -> Iterator[Problem]:
    """Every problem under `paths`, as the files are read; memory holds one record and the ids seen, not the
    records. `counts` is filled in as the stream is consumed, and `on_record` sees each record read. `check`
    finds the problems of one record (an equivalent faster check may stand in for `iter_problems`), `parse` reads
    a JSON Lines line (an equivalent faster reader may stand in for `parse_json`)."""
    for problem in _stream_problems(paths, kind, counts, on_record, check, parse):
        counts.problems += 1
        counts.fatal = counts.fatal or problem.level is Level.FATAL
        yield problem


def _stream_problems(
    paths: Iterable[Path],
    kind: RecordKind,
    counts: ValidationCounts,
    on_record: Callable[[SourcedRecord], None] | None,
    check: RecordChecker,
    parse: Callable[[bytes], Any],
) -> Iterator[Problem]:
    files, found = discover(paths)
    reading_problems = deque(found)

    def sourced_records() -> Iterator[SourcedRecord]:
        for file in files:
            for item in iter_file_records(file, parse=parse):
                if isinstance(item, Problem):
                    reading_problems.append(item)
                    continue
                counts.records += 1
                events = item.record.get("events") if isinstance(item.record, dict) else None
                counts.events += len(events) if isinstance(events, list) else 0
                if on_record is not None:
                    on_record(item)
                yield item

    def flush() -> Iterator[Problem]:
        while reading_problems:
            yield reading_problems.popleft()

    yield from flush()
    for problem in iter_record_problems(sourced_records(), kind, check=check):
        yield from flush()
        yield problem
    yield from flush()


def format_record(record: Any) -> str:
    """The canonical text of a record file: UTF-8 JSON, two-space indent, trailing newline."""
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
