"""`parley export`: Parley's gold in other communities' formats (PLOVER event records)."""

import json
from pathlib import Path

import click

from parley.console import fail, stdout
from parley.eval.read_gold import SPLIT_CHOICES, UnusableInputError, load_gold
from parley.integrations.plover import plover_records
from parley.writing import overlapping_input, write_atomically


@click.group("export")
def export_group() -> None:
    """Write Parley's gold records in other formats."""


@click.command("plover")
@click.option(
    "--gold",
    "gold_path",
    type=click.Path(path_type=Path),
    required=True,
    help="Gold records: a corpus folder or file, or a dataset folder built by `parley build`.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="PLOVER JSONL to write.")
@click.option(
    "--split",
    type=click.Choice(SPLIT_CHOICES),
    default="all",
    show_default=True,
    help="Which documents (splits are assigned by a stable hash of each document id).",
)
def plover_command(gold_path: Path, out: Path, split: str) -> None:
    """Export every event of the gold as a PLOVER event record, one JSON object per line.

    The mapping (event category and mode from the schema's `x-plover`, actors from the arguments, the date, the
    trigger texts, the document as `link`) is described in schema/README.md.
    """
    try:
        gold = load_gold(gold_path, split=split)
    except UnusableInputError as error:
        fail(str(error))
    if overlapping_input(out, [gold_path]) is not None:
        fail(f"{out}: is the gold input; choose another output file")
    if out.exists() and not out.is_file():
        fail(f"{out}: exists and is not a regular file")
    lines = [
        json.dumps(record, ensure_ascii=False) + "\n"
        for document in gold.documents
        for record in plover_records(document)
    ]
    _write_atomically(out, "".join(lines))
    stdout.print(f"wrote {out}: {len(lines)} PLOVER event record(s) from {len(gold)} document(s)")


def _write_atomically(out: Path, content: str) -> None:
    """Write `content` to `out` through a temporary file beside it: a failed write leaves `out` as it was."""
    if not out.parent.is_dir():
        fail(f"{out.parent}: no such folder")
    try:
        write_atomically(out, content)
    except OSError as error:
        fail(f"{out}: cannot write: {error.strerror}")


export_group.add_command(plover_command)
