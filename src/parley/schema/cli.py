"""`parley validate`: check records against the schema and the rules it cannot express."""

from collections import Counter
from pathlib import Path

import click

from parley.console import stdout
from parley.eval.fast_read import StreamReader
from parley.exitcodes import ExitCode
from parley.schema.files import SourcedRecord, ValidationCounts, stream_validation
from parley.schema.validation import RecordKind
from parley.schema.versions import V1_0, V1_1, record_version


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["gold", "prediction"]),
    default="gold",
    show_default=True,
    help="Validate as gold documents or as prediction records (offsets optional).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only the problems, no summary.")
@click.option(
    "--versions",
    is_flag=True,
    help="Also print, for each record, the schema version it follows and what makes it 1.1.",
)
def validate_command(paths: tuple[Path, ...], kind: RecordKind, quiet: bool, versions: bool) -> None:
    """Validate records in PATHS (JSON or JSONL files, or folders of them).

    Each problem is one line on stderr: file[:line]: document: JSON pointer: code: message; the summary goes to
    stdout and counts the records that follow schema 1.0 (no relations, no 1.1-only roles, domains or units) and
    1.1. JSONL is read line by line: a line that is not UTF-8 or not JSON is reported at its line and the other
    lines are still checked. Exit 0 when every record is valid, 1 when some are not, 2 when input could not be
    read (a missing path, a file or line that is not UTF-8 or not JSON).
    """
    counts = ValidationCounts()
    followed: Counter[str] = Counter()
    version_lines: list[str] = []

    def note_version(sourced: SourcedRecord) -> None:
        try:
            version, features = record_version(sourced.record)
        except (TypeError, AttributeError, KeyError, ValueError):
            return  # a record of the wrong shape follows no version; its problems are reported
        followed[version] += 1
        if versions:
            because = f" ({', '.join(features)})" if features else ""
            version_lines.append(f"{_where(sourced)}: {_document(sourced)}: schema {version}{because}")

    # The evaluation's reader and pre-check find the same problems as the strict reader and the full schema
    # validation (property tests keep them in step), with orjson and without jsonschema for the records they vouch
    # for: most of the time on a large file.
    reader = StreamReader(kind)
    for problem in stream_validation(
        paths, kind, counts, on_record=note_version, check=reader.check, parse=reader.parse
    ):
        click.echo(problem.format(), err=True)
    for line in version_lines:
        click.echo(line)
    if not quiet:
        stdout.print(
            f"{counts.records} record(s), {counts.events} event(s), {counts.problems} problem(s); "
            f"schema 1.0: {followed[V1_0]}, schema 1.1: {followed[V1_1]}",
            style="red" if counts.problems else "green",
        )
    if counts.fatal:
        raise SystemExit(ExitCode.UNUSABLE)
    if counts.problems:
        raise SystemExit(ExitCode.PROBLEMS)


def _where(sourced: SourcedRecord) -> str:
    return sourced.file if sourced.line is None else f"{sourced.file}:{sourced.line}"


def _document(sourced: SourcedRecord) -> str:
    record = sourced.record
    return str(record["id"]) if isinstance(record, dict) and isinstance(record.get("id"), str) else "-"
