"""`parley validate`: check records against the schema and the rules it cannot express."""

from pathlib import Path

import click

from parley.console import stdout
from parley.exitcodes import ExitCode
from parley.schema.files import SourcedRecord, validate_paths
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
    report = validate_paths(paths, kind)
    for problem in report.problems:
        click.echo(problem.format(), err=True)
    followed = [(sourced, *record_version(sourced.record)) for sourced in report.records]
    if versions:
        for sourced, version, features in followed:
            because = f" ({', '.join(features)})" if features else ""
            click.echo(f"{_where(sourced)}: {_document(sourced)}: schema {version}{because}")
    if not quiet:
        events = sum(len(r.record.get("events", [])) for r in report.records if isinstance(r.record, dict))
        counts = {v: sum(1 for _, version, _ in followed if version == v) for v in (V1_0, V1_1)}
        stdout.print(
            f"{len(report.records)} record(s), {events} event(s), {len(report.problems)} problem(s); "
            f"schema 1.0: {counts[V1_0]}, schema 1.1: {counts[V1_1]}",
            style="red" if report.problems else "green",
        )
    if report.fatal:
        raise SystemExit(ExitCode.UNUSABLE)
    if report.problems:
        raise SystemExit(ExitCode.PROBLEMS)


def _where(sourced: SourcedRecord) -> str:
    return sourced.file if sourced.line is None else f"{sourced.file}:{sourced.line}"


def _document(sourced: SourcedRecord) -> str:
    record = sourced.record
    return str(record["id"]) if isinstance(record, dict) and isinstance(record.get("id"), str) else "-"
