"""Run the blind double-annotation round once through a throwaway Label Studio server.

    python annotation/double/round.py --selection annotation/double/round-1/selection.json \\
        --second annotation/double/second --adjudicated annotation/double/adjudicated --out annotation/double/pulled

Starts a server on 127.0.0.1 in a throwaway folder (as `parley annotate serve` does, with a generated admin token),
makes a Label Studio user for every annotator and for the adjudicator `parley-adj` (signed up through the
invitation link; logins stay in the throwaway folder), pushes the listed documents as text-only tasks, submits the
first annotations (the corpus records, each as its first annotator), the second annotations (as their annotators)
and the adjudicated records (as parley-adj, ground truth), pulls the project into OUT (a folder it creates):
OUT/first/ and OUT/second/ the two annotations of each document in the order they were made, OUT/adjudicated/ the
adjudicated records, and as provenance the raw export (gzip) and the user list. The server and its folder are
removed at the end.

Exit 2 when the inputs do not fit together or the server fails (nothing is written), 1 when the pull reports a
problem (everything is written; the problems are listed).
"""

import secrets
import shutil
import sys
import tempfile
from pathlib import Path

import click

from parley.annotation.client import AnnotationClient, AnnotationServerError
from parley.annotation.double import RoundError, plan_round, run_round, write_round
from parley.annotation.server import Login, ServerError, free_port, initialise_from_template, start_server
from parley.annotation.submit import SubmitError
from parley.annotation.users import UserError
from parley.console import fail, stdout
from parley.corpus.loading import InvalidCorpusError, load_documents
from parley.exitcodes import ExitCode
from parley.reading import InputError, parse_json
from parley.resources import checkout_root
from parley.schema.records import Document

PROJECT = "Parley double annotation"


def _records(path: Path, what: str) -> list[Document]:
    try:
        return load_documents([path])
    except InvalidCorpusError as error:
        for problem in error.problems:
            click.echo(problem.format(), err=True)
        fail(f"{len(error.problems)} problem(s) in the {what} ({path}); nothing was started", error.exit_code)


def _listed(list_file: Path | None, selection: Path | None, ids: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    """The document ids to run, and the second annotator the selection assigned to each (when one is given)."""
    listed = list(ids)
    seconds: dict[str, str] = {}
    if list_file is not None:
        try:
            lines = list_file.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            fail(f"{list_file}: cannot read the list: {error.strerror or error}")
        listed += [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]
    if selection is not None:
        try:
            chosen = parse_json(selection.read_bytes())["documents"]
            listed += [str(entry["id"]) for entry in chosen]
            seconds = {str(entry["id"]): str(entry["second"]) for entry in chosen if entry.get("second")}
        except OSError as error:
            fail(f"{selection}: cannot read the selection: {error.strerror or error}")
        except (InputError, KeyError, TypeError, AttributeError):
            fail(f"{selection}: not a selection file (a `documents` list of objects with an `id`)")
    if not listed:
        fail("no documents: give their ids, --list FILE or --selection FILE")
    return listed, seconds


@click.command()
@click.argument("ids", nargs=-1)
@click.option("--list", "list_file", type=click.Path(path_type=Path, dir_okay=False), help="Document ids, one a line.")
@click.option(
    "--selection",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A round's selection.json (annotation/double/round-N/): its documents, each with its second annotator.",
)
@click.option("--corpus", type=click.Path(path_type=Path), help="First annotations. Default: corpus/documents.")
@click.option("--second", required=True, type=click.Path(path_type=Path), help="The second annotations (gold records).")
@click.option("--adjudicated", required=True, type=click.Path(path_type=Path), help="The adjudicated records.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="A new folder for what is pulled.")
@click.option("--port", type=int, help="Server port on 127.0.0.1. Default: a free one.")
def main(
    ids: tuple[str, ...],
    list_file: Path | None,
    selection: Path | None,
    corpus: Path | None,
    second: Path,
    adjudicated: Path,
    out: Path,
    port: int | None,
) -> None:
    """Run the double-annotation round of the listed documents through a throwaway Label Studio."""
    if out.exists():
        fail(f"{out} already exists; give a new folder (the round never writes over one)")
    corpus_folder = corpus or (checkout_root() or Path.cwd()) / "corpus" / "documents"
    listed, expected_seconds = _listed(list_file, selection, ids)
    try:
        plan = plan_round(
            listed,
            _records(corpus_folder, "first annotations"),
            _records(second, "second annotations"),
            _records(adjudicated, "adjudicated records"),
            expected_seconds=expected_seconds,
        )
    except RoundError as error:
        for line in error.lines:
            click.echo(f"parley: {line}", err=True)
        fail(str(error))
    folder = Path(tempfile.mkdtemp(prefix="parley-round-"))
    server = None
    try:
        login = Login("admin@parley.local", secrets.token_urlsafe(12), secrets.token_hex(20))
        initialise_from_template(folder / "label-studio", login)
        server = start_server(folder / "label-studio", port=port or free_port())
        admin = AnnotationClient(server.url, login.token)
        result = run_round(admin, plan, title=PROJECT, credentials=folder / "logins.json")
    except SubmitError as error:
        for refused in error.problems:
            click.echo(f"parley: {refused.format()}", err=True)
        fail(f"{error}; nothing was written")
    except (ServerError, AnnotationServerError, UserError) as error:
        fail(f"{error}; nothing was written")
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    write_round(result, out)
    report = result.report
    for problem in report.errors:
        click.echo(f"parley: {problem.format()}", err=True)
    for invalid in report.invalid:
        click.echo(invalid.format(), err=True)
    for conflict in report.conflicts:
        click.echo(f"parley: conflict: {conflict.document_id}: {conflict.conflict}", err=True)
    stdout.print(
        f"{len(plan.first)} document(s): {len(report.annotations)} annotation(s) and {len(report.records)} "
        f"adjudicated record(s) written to {out}, with the raw export as provenance"
    )
    if not report.clean:
        sys.exit(int(ExitCode.PROBLEMS))


if __name__ == "__main__":
    main()
