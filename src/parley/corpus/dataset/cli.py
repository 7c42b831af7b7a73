"""`parley build`: write the Hugging Face dataset folder from the corpus."""

from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from parley.console import fail, stderr, stdout
from parley.corpus.dataset.output import OutputFolderError, check_output_folder
from parley.corpus.loading import InvalidCorpusError, load_documents
from parley.reading import InputError, read_json
from parley.resources import agreement_report_path, corpus_documents_dir

DEFAULT_OUT = Path("build/dataset")


def _default_agreement() -> Path | None:
    """The shipped corpus's agreement figures, when they are there (a wheel may lack them)."""
    try:
        candidate = agreement_report_path()
    except FileNotFoundError:
        return None
    return candidate if candidate.is_file() else None


def _read_agreement(path: Path) -> dict[str, Any]:
    try:
        agreement = read_json(path)
    except InputError as error:
        fail(f"{path}: {error.code}: {error.message}")
    if not isinstance(agreement, dict):
        fail(f"{path}: the agreement report must be a JSON object")
    return agreement


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Dataset folder to write; an earlier build there is replaced, any other non-empty folder is refused.",
)
@click.option(
    "--agreement",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Inter-annotator agreement report (JSON) to cite in the card [default, for the shipped corpus only: "
    "annotation/agreement.json].",
)
def build_command(paths: tuple[Path, ...], out: Path, agreement: Path | None) -> None:
    """Build the Hugging Face dataset folder from the gold records in PATHS (default: the shipped corpus).

    Writes OUT/README.md (the dataset card with declared features) and one Parquet file per config (documents,
    events) and split (train, validation, test). Load it with `datasets.load_dataset(OUT)`. Refuses an invalid
    corpus: prints every problem and exits 1.
    """
    inputs = list(paths) or [corpus_documents_dir()]
    try:
        check_output_folder(out, inputs=[*inputs, *([agreement] if agreement else [])])
    except OutputFolderError as error:
        fail(str(error))
    try:
        documents = load_documents(inputs)
    except InvalidCorpusError as error:
        for problem in error.problems:
            click.echo(problem.format(), err=True)
        fail(f"{len(error.problems)} problem(s) in the corpus; nothing was built", error.exit_code)
    if not documents:
        fail(f"{', '.join(map(str, inputs))}: holds no gold record; nothing was built")
    # The shipped figures describe the shipped corpus; a corpus of one's own cites only what it is given.
    agreement_path = agreement or (None if paths else _default_agreement())
    agreement_report = _read_agreement(agreement_path) if agreement_path is not None else None

    from parley.corpus.dataset.build import build_dataset  # importing `datasets` takes a second

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task("converting documents", total=len(documents))
        try:
            tables = build_dataset(
                documents,
                out,
                agreement=agreement_report,
                advance=lambda n: progress.advance(task, n),
                inputs=[*inputs, *([agreement_path] if agreement_path else [])],
            )
        except OutputFolderError as error:
            fail(str(error))
    for config, splits in tables.sizes().items():
        counts = ", ".join(f"{split} {size.num_examples}" for split, size in splits.items())
        stdout.print(f"{config}: {counts}")
    stdout.print(f"wrote {out} ({len(documents)} documents); load it with datasets.load_dataset({str(out)!r})")
