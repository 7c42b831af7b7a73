"""`parley validate`: check records against the schema and the rules it cannot express."""

from pathlib import Path

import click

from parley.console import stdout
from parley.exitcodes import ExitCode
from parley.schema.files import ValidationCounts, stream_validation
from parley.schema.validation import RecordKind


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
def validate_command(paths: tuple[Path, ...], kind: RecordKind, quiet: bool) -> None:
    """Validate records in PATHS (JSON or JSONL files, or folders of them).

    Each problem is one line: file[:line]: document: JSON pointer: code: message.
    Exit 0 when every record is valid, 1 when some are not, 2 when input could not be read.
    """
    counts = ValidationCounts()
    for problem in stream_validation(paths, kind, counts):
        click.echo(problem.format())
    if not quiet:
        stdout.print(
            f"{counts.records} record(s), {counts.events} event(s), {counts.problems} problem(s)",
            style="red" if counts.problems else "green",
        )
    if counts.fatal:
        raise SystemExit(ExitCode.UNUSABLE)
    if counts.problems:
        raise SystemExit(ExitCode.PROBLEMS)
