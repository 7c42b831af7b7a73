"""`parley validate`: check records against the schema and the rules it cannot express."""

from pathlib import Path

import click

from parley.console import stdout
from parley.exitcodes import ExitCode
from parley.schema.files import validate_paths
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

    Each problem is one line on stderr: file[:line]: document: JSON pointer: code: message; the summary goes to
    stdout. JSONL is read line by line: a line that is not UTF-8 or not JSON is reported at its line and the
    other lines are still checked. Exit 0 when every record is valid, 1 when some are not, 2 when input could not
    be read (a missing path, a file or line that is not UTF-8 or not JSON).
    """
    report = validate_paths(paths, kind)
    for problem in report.problems:
        click.echo(problem.format(), err=True)
    if not quiet:
        events = sum(len(r.record.get("events", [])) for r in report.records if isinstance(r.record, dict))
        stdout.print(
            f"{len(report.records)} record(s), {events} event(s), {len(report.problems)} problem(s)",
            style="red" if report.problems else "green",
        )
    if report.fatal:
        raise SystemExit(ExitCode.UNUSABLE)
    if report.problems:
        raise SystemExit(ExitCode.PROBLEMS)
