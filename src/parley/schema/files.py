"""Reading records from files and folders (JSON and JSONL) with their locations, and validating them."""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

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


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The record files named by `paths`, folders searched recursively in a stable order."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in RECORD_SUFFIXES and p.is_file())
            if not found:
                problems.append(_fatal(str(path), "folder holds no .json or .jsonl file", code="no-records"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(_fatal(str(path), "no such file or folder", code="not-found"))
    return files, problems


def read_records(path: Path) -> tuple[list[SourcedRecord], list[Problem]]:
    """The records of one file: a JSON object, a JSON array of objects, or JSONL (one object a line)."""
    name = str(path)
    try:
        content = path.read_bytes()
    except OSError as error:
        return [], [_fatal(name, error.strerror or str(error))]
    if path.suffix == ".jsonl":
        return _read_jsonl(name, content)
    try:
        parsed = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return [], [_fatal(name, f"not UTF-8 (byte {error.start})", code="not-utf8")]
    except json.JSONDecodeError as error:
        return [], [_fatal(name, f"{error.msg} at line {error.lineno} column {error.colno}", code="not-json")]
    items = parsed if isinstance(parsed, list) else [parsed]
    return [SourcedRecord(item, name, None) for item in items], []


class LineError(ValueError):
    """A JSONL line that is not UTF-8 or not JSON: its problem `code` and one-line `message`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_json_line(raw: bytes) -> Any:
    """One line of a JSONL file, decoded as UTF-8 on its own and parsed; raises LineError (`not-utf8`, `not-json`).

    Shared by `parley validate` and `parley eval`, so that both read a file line by line and name a bad line alike
    (`json.loads` on bytes would guess UTF-16 or UTF-32 for some binary lines and call them `not-json`).
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LineError("not-utf8", f"not UTF-8 (byte {error.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise LineError("not-json", f"{error.msg} at column {error.colno}") from None


def _read_jsonl(name: str, content: bytes) -> tuple[list[SourcedRecord], list[Problem]]:
    records: list[SourcedRecord] = []
    problems: list[Problem] = []
    for number, line in enumerate(content.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            records.append(SourcedRecord(parse_json_line(line), name, number))
        except LineError as error:
            problems.append(_fatal(name, error.message, code=error.code, line=number))
    return records, problems


class RecordChecker(Protocol):
    def __call__(self, record: Any, kind: RecordKind, *, file: str, line: int | None) -> Iterable[Problem]: ...


def iter_record_problems(
    records: Iterable[SourcedRecord], kind: RecordKind, *, check: RecordChecker = iter_problems
) -> Iterator[Problem]:
    """Problems of each record (found by `check`, the full validator unless told), then documents whose id was
    already seen."""
    first_seen: dict[str, SourcedRecord] = {}
    for sourced in records:
        yield from check(sourced.record, kind, file=sourced.file, line=sourced.line)
        doc_id = _id(sourced.record)
        if doc_id is None:
            continue
        if doc_id in first_seen:
            first = first_seen[doc_id]
            where = first.file if first.line is None else f"{first.file}:{first.line}"
            yield Problem(
                sourced.file, sourced.line, doc_id, "/id", "duplicate-document", f"id already used in {where}"
            )
        else:
            first_seen[doc_id] = sourced


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


def format_record(record: Any) -> str:
    """The canonical text of a record file: UTF-8 JSON, two-space indent, trailing newline."""
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
