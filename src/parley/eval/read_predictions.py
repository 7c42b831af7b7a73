"""Reading predictions: JSONL, one prediction record per line, every problem located at its line.

A bad line never stops the run: it becomes a `Problem` and its document is scored as an empty prediction.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.eval.check import record_problems
from parley.eval.fast_read import read_record
from parley.eval.read_gold import UnusableInputError
from parley.reading import InputError, open_lines, read_json
from parley.schema.problems import Problem, json_pointer
from parley.systems.runner import details_path


@dataclass
class PredictionLine:
    """One non-blank line: the parsed record (None when it is not JSON) and the problems found so far."""

    file: str
    line: int
    record: Any
    problems: list[Problem] = field(default_factory=list)

    @property
    def document(self) -> str | None:
        record_id = self.record.get("id") if isinstance(self.record, dict) else None
        return record_id if isinstance(record_id, str) else None


def _problem(line: PredictionLine, pointer: str, code: str, message: str) -> Problem:
    return Problem(line.file, line.line, line.document, pointer, code, message)


RawLine = tuple[str, int, bytes | InputError]
"""A non-blank line of a predictions file, unparsed: (file, line number, bytes), or the error that stopped it being
read (a line over the length limit)."""


@dataclass
class PredictionFile:
    """An opened predictions file: iterate it (once) for its lines, or take `raw_lines` to parse them elsewhere
    (in worker processes) with `parse_line`."""

    path: Path
    raw_lines: Iterator[RawLine]

    def __iter__(self) -> Iterator[PredictionLine]:
        return (parse_line(raw) for raw in self.raw_lines)


def open_prediction_file(path: Path) -> PredictionFile:
    """The lines of a JSONL predictions file, parsed and checked against the prediction schema as they are read.

    Raises UnusableInputError at once (not at the first line) when the file cannot be opened at all.
    """
    if path.is_dir():
        raise UnusableInputError(f"predictions {path}: is a folder, expected a JSONL file")
    try:
        lines = open_lines(path)
    except InputError as error:
        raise UnusableInputError(f"predictions {path}: {error.message}") from None
    return PredictionFile(path, ((str(path), number, raw) for number, raw in lines))


def parse_line(raw_line: RawLine) -> PredictionLine:
    """A raw line parsed and checked against the prediction schema."""
    name, number, raw = raw_line
    line = PredictionLine(name, number, None)
    try:
        if isinstance(raw, InputError):
            raise raw
        line.record, problems, _ = read_record(raw, "prediction", file=name, line=number)
    except InputError as error:
        line.problems.append(_problem(line, "", error.code, error.message))
    else:
        line.problems.extend(problems)
    return line


def read_system_details(predictions: Path) -> dict[str, Any]:
    """The `details` of the `.system.json` sidecar `parley run` wrote next to `predictions`, or {} without one."""
    path = details_path(predictions)
    if not path.exists():
        return {}
    try:
        data = read_json(path)
    except InputError as error:
        raise UnusableInputError(
            f"{path}: unreadable system details ({error.code}: {error}); fix or delete it"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("details"), dict):
        raise UnusableInputError(f"{path}: not the system details `parley run` writes; fix or delete it")
    details: dict[str, Any] = data["details"]
    return details


def iter_prediction_records(records: Iterable[Any], *, name: str = "<predictions>") -> Iterator[PredictionLine]:
    """In-memory prediction records, numbered from 1 as if they were lines of a file."""
    for number, record in enumerate(records, start=1):
        line = PredictionLine(name, number, record)
        line.problems.extend(record_problems(record, "prediction", file=name, line=number))
        yield line


def offset_problems(line: PredictionLine, text: str) -> list[Problem]:
    """Offsets that fall outside the gold text or whose span there differs from the mention's text."""
    problems: list[Problem] = []
    size = len(text)

    def check(mention: Mapping[str, Any], *path: str | int) -> None:
        start, end = mention["start"], mention["end"]
        if type(start) is not int or type(end) is not int:
            # jsonschema accepts 5.0 as an integer; a slice does not.
            message = f"offsets {start!r}:{end!r} are not integers"
            problems.append(_problem(line, json_pointer(*path), "wrong-type", message))
        elif start >= end or end > size:
            message = f"span {start}:{end} is outside the text ({size} chars)"
            problems.append(_problem(line, json_pointer(*path), "offset-range", message))
        elif text[start:end] != mention["text"]:
            message = f"gold text[{start}:{end}] is {text[start:end]!r}, the mention says {mention['text']!r}"
            problems.append(_problem(line, json_pointer(*path), "offset-mismatch", message))

    record = line.record
    for index, entity in enumerate(record["entities"]):
        for mention_index, mention in enumerate(entity["mentions"]):
            if "start" in mention:
                check(mention, "entities", index, "mentions", mention_index)
    for index, event in enumerate(record["events"]):
        for trigger_index, trigger in enumerate(event["triggers"]):
            if "start" in trigger:
                check(trigger, "events", index, "triggers", trigger_index)
    return problems
