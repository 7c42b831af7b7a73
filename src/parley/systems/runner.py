"""Running a system over documents: validated, written one line at a time, resumable after any interruption.

Each prediction is appended to the JSONL output and synced to disk as soon as it is made, so a killed run
loses at most the documents in flight. A rerun reads the output first and skips the documents already in it;
a last line cut short by a kill is dropped and its document redone. A document whose system raised or returned
an invalid record goes to the failures sidecar with the reason, and is retried by the next run.
"""

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from parley.reading import InputError, parse_json, read_bytes
from parley.schema.validation import validate_record
from parley.systems.interface import InputDocument, System
from parley.writing import write_atomically

MAX_REASON_PROBLEMS = 5


class UnresumableOutputError(Exception):
    """The output file exists but is not a predictions file this runner can resume; the message says where."""


@dataclass(frozen=True)
class Failure:
    document: str
    reason: str


@dataclass
class RunSummary:
    """What a run did: documents asked for, found already done, written now, and the failures."""

    documents: int
    already_done: int
    dropped_partial_line: bool
    written: int = 0
    failures: list[Failure] = field(default_factory=list)


def details_path(out: Path) -> Path:
    """The sidecar saying how the system was set up (`{"system": NAME, "details": {...}}`, e.g. which data a model
    was trained on), read by `parley eval` into the report: `preds.jsonl` -> `preds.system.json`."""
    return out.with_name(out.stem + ".system.json")


def failures_path(out: Path) -> Path:
    """The sidecar holding one `{"id", "reason"}` line per failed document: `preds.jsonl` -> `preds.failures.jsonl`."""
    return out.with_name(out.stem + ".failures.jsonl")


def _resumable_record(raw: bytes, out: Path, number: int) -> dict[str, Any]:
    """The prediction record on a line `run` wrote (an object with an id and the system's name), else
    UnresumableOutputError."""
    try:
        record = parse_json(raw)
    except InputError as error:
        raise UnresumableOutputError(
            f"{out}:{number}: not a JSON line ({error.code}: {error.message}); cannot resume this file"
        ) from None
    if not (isinstance(record, dict) and isinstance(record.get("id"), str) and "system" in record):
        raise UnresumableOutputError(
            f"{out}:{number}: not a prediction record with an id and a system, as `parley run` writes; "
            "cannot resume this file"
        )
    return record


def _parses(raw: bytes) -> bool:
    try:
        parse_json(raw)
    except InputError:
        return False
    return True


def completed_ids(out: Path) -> tuple[set[str], bool]:
    """The document ids already in `out`, and whether a cut-short last line was dropped from the file.

    The whole file is checked before anything is changed: every complete line must be a prediction record `run`
    wrote, else UnresumableOutputError and the file is left as it is. Only then is a last line without its newline
    (a killed writer's) dropped, and only when it is the start of a JSON object that does not parse; a complete
    record that lost only its newline gets it back.
    """
    if not out.exists() and not out.is_symlink():
        return set(), False
    try:
        content = read_bytes(out)
    except InputError as error:
        raise UnresumableOutputError(f"{out}: {error.message}; cannot resume this file") from None
    lines = content.split(b"\n")
    last = lines.pop()  # b"" when the file ends with a newline
    done = {_resumable_record(raw, out, number)["id"] for number, raw in enumerate(lines, start=1) if raw.strip()}
    if not last.strip():
        return done, False
    try:
        record: dict[str, Any] | None = _resumable_record(last, out, len(lines) + 1)
    except UnresumableOutputError:
        if not last.lstrip().startswith(b"{") or _parses(last):
            raise  # not the start of an unfinished record: a complete value that is no prediction, or other text
        record = None  # the start of a record a killed writer did not finish
    with out.open("r+b") as handle:
        if record is not None:
            handle.seek(0, os.SEEK_END)
            handle.write(b"\n")
            done.add(record["id"])
        else:
            handle.truncate(len(content) - len(last))
        handle.flush()
        os.fsync(handle.fileno())
    return done, record is None


def _reason(problems: Sequence[Any]) -> str:
    shown = [
        f"{problem.pointer or '/'}: {problem.code}: {problem.message}" for problem in problems[:MAX_REASON_PROBLEMS]
    ]
    more = len(problems) - MAX_REASON_PROBLEMS
    return "; ".join(shown) + (f"; and {more} more problem(s)" if more > 0 else "")


def predict(system: System, document: InputDocument, *, name: str) -> dict[str, Any] | Failure:
    """The system's validated prediction for one document, or the Failure saying why there is none."""
    try:
        record = system(document)
    except Exception as error:  # a plug-in may fail in any way; the run records it and goes on
        return Failure(document["id"], f"system raised {type(error).__name__}: {error}")
    if not isinstance(record, dict):
        return Failure(document["id"], f"system returned {type(record).__name__}, not a record (a dict)")
    if record.get("id") != document["id"]:
        return Failure(document["id"], f"record id is {record.get('id')!r}, expected {document['id']!r}")
    record = {**record, "system": record.get("system", name)}
    problems = validate_record(record, "prediction")
    if problems:
        return Failure(document["id"], f"invalid prediction: {_reason(problems)}")
    return record


def _append(handle: TextIO, item: Any) -> None:
    handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    handle.flush()
    os.fsync(handle.fileno())


def _results(
    system: System, documents: Sequence[InputDocument], *, name: str, concurrency: int
) -> Iterator[dict[str, Any] | Failure]:
    if concurrency <= 1:
        for document in documents:
            yield predict(system, document, name=name)
        return
    executor = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="parley-run")
    try:
        futures: list[Future[dict[str, Any] | Failure]] = [
            executor.submit(predict, system, document, name=name) for document in documents
        ]
        for future in as_completed(futures):
            yield future.result()
    finally:
        # On Ctrl-C, documents not yet started are dropped; those in flight finish and are discarded.
        executor.shutdown(wait=False, cancel_futures=True)


def run_system(
    system: System,
    documents: Sequence[InputDocument],
    out: Path,
    *,
    name: str,
    concurrency: int = 1,
    progress: bool = True,
    details: Mapping[str, Any] | None = None,
) -> RunSummary:
    """Run `system` over the `documents` not yet in `out`, appending each valid prediction as it is made.

    `details` (how the system was set up) go to the `details_path` sidecar, rewritten by each run.
    """
    done, dropped = completed_ids(out)
    todo = [document for document in documents if document["id"] not in done]
    summary = RunSummary(
        documents=len(documents), already_done=len(documents) - len(todo), dropped_partial_line=dropped
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    details_text = json.dumps({"system": name, "details": dict(details or {})}, ensure_ascii=False, indent=2)
    write_atomically(details_path(out), details_text + "\n")
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with (
        out.open("a", encoding="utf-8") as predictions,
        failures_path(out).open("w", encoding="utf-8") as failures,
        Progress(*columns, console=Console(stderr=True), disable=not progress) as bar,
    ):
        task = bar.add_task(f"{name}", total=len(todo))
        for result in _results(system, todo, name=name, concurrency=concurrency):
            if isinstance(result, Failure):
                summary.failures.append(result)
                _append(failures, {"id": result.document, "reason": result.reason})
            else:
                _append(predictions, result)
                summary.written += 1
            bar.advance(task)
    return summary
