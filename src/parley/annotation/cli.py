"""`parley annotate`: config, serve, push and pull (a thin layer over the annotation modules)."""

import os
import secrets
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from parley.annotation.analysis import ClassifiedError, count_tables, generated_block, read_classified, render_markdown
from parley.annotation.client import AnnotationClient, AnnotationServerError
from parley.annotation.config import label_config
from parley.annotation.pull import PullReport, pull_records, task_link, write_pulled
from parley.annotation.push import GOLD, PreAnnotations, gold_pre_annotations, load_pre_annotations, push_documents
from parley.annotation.server import Login, ServerError, initialise_from_template, start_server, template_dir
from parley.console import fail, stderr, stdout
from parley.corpus.loading import InvalidCorpusError, load_documents
from parley.exitcodes import ExitCode
from parley.resources import checkout_root
from parley.schema.records import Document

DEFAULT_PROJECT = "Parley"
DEFAULT_URL = "http://127.0.0.1:8080"
ADMIN_EMAIL = "admin@parley.local"

_url_option = click.option(
    "--url",
    envvar="LABEL_STUDIO_URL",
    default=DEFAULT_URL,
    show_default=True,
    help="Server URL [env LABEL_STUDIO_URL].",
)
_key_option = click.option(
    "--api-key", envvar="LABEL_STUDIO_API_KEY", help="API token [env LABEL_STUDIO_API_KEY]; never printed."
)
_project_option = click.option("--project", "title", default=DEFAULT_PROJECT, show_default=True, help="Project title.")
_documents_option = click.option(
    "--documents",
    "document_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Gold records to push (files or folders; repeatable). Default: the shipped corpus.",
)
_predictions_option = click.option(
    "--predictions",
    metavar="gold|FILE",
    help="Pre-annotations shown to annotators: the gold records or a predictions file.",
)


def _default_config_path() -> Path:
    return (checkout_root() or Path.cwd()) / "annotation" / "label_config.xml"


@click.group("annotate")
def annotate_group() -> None:
    """Annotate in Label Studio: generate the config, run a server, make annotator users, push documents, submit
    records as a user, pull records."""


@annotate_group.command("config")
@click.option("--out", type=click.Path(path_type=Path), help="Where to write it. Default: annotation/label_config.xml.")
@click.option("--check", is_flag=True, help="Only check that the file matches the schema (exit 1 when it drifted).")
def config_command(out: Path | None, check: bool) -> None:
    """Generate the labeling config from the schema's vocabulary."""
    path = out or _default_config_path()
    expected = label_config()
    if check:
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != expected:
            fail(f"{path} is out of date with the schema; run `parley annotate config`", ExitCode.PROBLEMS)
        stdout.print(f"{path} matches the schema")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(expected, encoding="utf-8")
    stdout.print(f"wrote {path}")


@annotate_group.command("analysis")
@click.argument("classified", type=click.Path(path_type=Path))
@click.option(
    "--check",
    "check_path",
    type=click.Path(path_type=Path),
    help="Only check that this Markdown file's generated block matches (exit 1 when it drifted).",
)
def analysis_command(classified: Path, check_path: Path | None) -> None:
    """Count tables of a classified disagreement file (JSONL), as Markdown on stdout."""
    try:
        markdown = render_markdown(count_tables(read_classified(classified)))
    except ClassifiedError as error:
        fail(str(error))
    if check_path is None:
        click.echo(markdown, nl=False)
        return
    current = check_path.read_text(encoding="utf-8") if check_path.is_file() else ""
    if generated_block(current) != markdown:
        fail(f"{check_path}: the count tables are out of date with {classified}; regenerate them", ExitCode.PROBLEMS)
    stdout.print(f"{check_path} matches {classified}")


def _client(url: str, api_key: str | None) -> AnnotationClient:
    if not api_key:
        fail("no API key: set LABEL_STUDIO_API_KEY or pass --api-key")
    try:
        client = AnnotationClient(url, api_key)
        client.check()
    except AnnotationServerError as error:
        fail(str(error))
    return client


def _documents(paths: tuple[Path, ...]) -> list[Document]:
    try:
        return load_documents(paths or None)
    except InvalidCorpusError as error:
        for problem in error.problems:
            click.echo(problem.format(), err=True)
        fail(f"{len(error.problems)} problem(s) in the documents to push; nothing was pushed", error.exit_code)


def _pre_annotations(spec: str | None, documents: list[Document]) -> PreAnnotations | None:
    if spec is None:
        return None
    if spec == GOLD:
        return gold_pre_annotations(documents)
    path = Path(spec)
    if not path.exists():
        fail(f"{spec}: no such predictions file (or say `gold`)")
    loaded, problems = load_pre_annotations(path, documents)
    if problems:
        for problem in problems:
            click.echo(problem.format(), err=True)
        fail(f"{len(problems)} problem(s) in {spec}; nothing was pushed", ExitCode.PROBLEMS)
    return loaded


@contextmanager
def _progress(description: str, total: int | None) -> Iterator[Progress]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        progress.add_task(description, total=total)
        yield progress


def _push(
    client: AnnotationClient,
    title: str,
    documents: list[Document],
    predictions: PreAnnotations | None,
    annotations: PreAnnotations | None,
    *,
    text_only: bool = False,
) -> None:
    try:
        project = client.project_id(title, label_config())
        with _progress("pushing", len(documents)) as progress:
            report = push_documents(
                client,
                project,
                documents,
                predictions=predictions,
                annotations=annotations,
                text_only=text_only,
                on_progress=lambda done: progress.advance(progress.task_ids[0], done),
            )
    except AnnotationServerError as error:
        fail(f"{error}; run push again to complete it (nothing is duplicated)")
    stdout.print(
        f"project {title!r} (id {project}): {report.created} task(s) created, {report.already_present} already there, "
        f"{report.predictions} prediction(s) and {report.annotations} annotation(s) added"
    )


@annotate_group.command("push")
@_url_option
@_key_option
@_project_option
@_documents_option
@_predictions_option
@click.option(
    "--annotations", metavar="gold|FILE", help="Records to add as annotations (gold is flagged ground truth)."
)
@click.option(
    "--text-only",
    is_flag=True,
    help="Tasks carry the text and metadata only, nothing of any annotation (for blind double annotation).",
)
def push_command(
    url: str,
    api_key: str | None,
    title: str,
    document_paths: tuple[Path, ...],
    predictions: str | None,
    annotations: str | None,
    text_only: bool,
) -> None:
    """Push documents as tasks, once each (matched on document id), with optional pre-annotations."""
    if text_only and (predictions or annotations):
        fail("--text-only takes neither --predictions nor --annotations: the tasks must show the text alone")
    documents = _documents(document_paths)
    predicted = _pre_annotations(predictions, documents)
    annotated = _pre_annotations(annotations, documents)
    _push(_client(url, api_key), title, documents, predicted, annotated, text_only=text_only)


def _pull(client: AnnotationClient, title: str, task: int | None) -> tuple[int, PullReport]:
    try:
        project = client.find_project(title)
        if project is None:
            fail(f"no project called {title!r} on {client.shown_url}; push first")
        with _progress("exporting and converting", None) as progress:
            report = pull_records(
                client,
                project,
                task=task,
                on_progress=lambda done, total: progress.update(progress.task_ids[0], completed=done, total=total),
            )
    except AnnotationServerError as error:
        fail(str(error))
    return project, report


def _report_problems(report: PullReport, url: str, project: int) -> None:
    """Every problem in words, errors first, each with the link that opens its task."""
    for problem in (*report.errors, *report.notes):
        click.echo(f"parley: {problem.format(task_link(url, project, problem.task))}", err=True)
    for invalid in report.invalid:
        click.echo(invalid.format(), err=True)
    for conflict in report.conflicts:
        click.echo(f"parley: conflict: {conflict.document_id}: {conflict.conflict}", err=True)


@annotate_group.command("pull")
@_url_option
@_key_option
@_project_option
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Folder for the records.")
def pull_command(url: str, api_key: str | None, title: str, out: Path) -> None:
    """Export the project and write one adjudicated record per document, plus every annotator's record.

    OUT/<document>.json holds the adjudicated records; OUT/annotators/<annotator>/<document>.<annotation>.json each
    annotation. Exit 1 when a region could not be converted, a record is invalid or annotators conflict; the
    defaults filled in (polarity, realis, the role of an unlabelled arrow) are listed as notes.
    """
    if out.exists() and not out.is_dir():
        fail(f"{out} exists and is not a folder; give a folder for the records")
    client = _client(url, api_key)
    project, report = _pull(client, title, None)
    try:
        write_pulled(report, out)
    except OSError as error:
        fail(f"{out}: cannot write the records: {error.strerror or error}")
    _report_problems(report, client.shown_url, project)
    stdout.print(
        f"{report.tasks} task(s): {len(report.records)} record(s) written to {out}, {len(report.annotations)} "
        f"annotation(s) kept, {len(report.conflicts)} conflict(s), {len(report.errors)} region problem(s), "
        f"{len(report.notes)} default(s) filled in, {len(report.invalid)} invalid record problem(s); skipped "
        f"{report.cancelled} cancelled and {report.empty} empty annotation(s); {report.unannotated} task(s) without "
        "annotation"
    )
    if not report.clean:
        raise SystemExit(int(ExitCode.PROBLEMS))


@annotate_group.command("check")
@_url_option
@_key_option
@_project_option
@click.option("--task", "task", type=int, help="Check only this task (its id, as in the editor's address).")
def check_command(url: str, api_key: str | None, title: str, task: int | None) -> None:
    """Check the submitted annotations as `pull` would, writing nothing: every problem in words with its link.

    Exit 1 when any annotation has a problem `pull` would refuse; notes (defaults filled in) do not fail.
    """
    client = _client(url, api_key)
    project, report = _pull(client, title, task)
    if task is not None and report.tasks == 0:
        fail(f"no task {task} in project {title!r} on {client.shown_url}")
    _report_problems(report, client.shown_url, project)
    problems = len(report.errors) + len(report.invalid) + len(report.conflicts)
    stdout.print(
        f"{report.tasks} task(s), {len(report.annotations)} usable annotation(s): {problems} problem(s), "
        f"{len(report.notes)} default(s) filled in"
    )
    if problems:
        raise SystemExit(int(ExitCode.PROBLEMS))


class _StopRequestedError(Exception):
    pass


def _on_stop_signal(signal_number: int, frame: FrameType | None) -> None:
    raise _StopRequestedError


@annotate_group.command("serve")
@click.option("--port", default=8080, show_default=True, help="Port on 127.0.0.1 (fails if it is busy).")
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Server data folder, kept afterwards. Default: a throwaway folder removed on exit.",
)
@_project_option
@_documents_option
@_predictions_option
def serve_command(
    port: int, data_dir: Path | None, title: str, document_paths: tuple[Path, ...], predictions: str | None
) -> None:
    """Start Label Studio on 127.0.0.1 with a project holding the corpus; Ctrl-C stops it.

    Creates the admin user and an API token (LABEL_STUDIO_API_KEY when set), then prints the login and the two
    variables that make `push` and `pull` work from another shell.
    """
    documents = _documents(document_paths)
    predicted = _pre_annotations(predictions, documents)
    throwaway = data_dir is None
    folder = Path(tempfile.mkdtemp(prefix="parley-label-studio-")) if data_dir is None else data_dir
    initialised = (folder / "label_studio.sqlite3").is_file()
    token = os.environ.get("LABEL_STUDIO_API_KEY") or secrets.token_hex(20)
    if initialised and not os.environ.get("LABEL_STUDIO_API_KEY"):
        fail(f"{folder} is already initialised; set LABEL_STUDIO_API_KEY to its token, or use a new --data-dir")
    login = Login(ADMIN_EMAIL, secrets.token_urlsafe(12), token)
    # Both signals are handled explicitly: a process started in the background inherits SIGINT ignored.
    previous = {number: signal.signal(number, _on_stop_signal) for number in (signal.SIGINT, signal.SIGTERM)}
    server = None
    try:
        if not initialised:
            initialise_from_template(
                folder,
                login,
                on_build=lambda: stderr.print(
                    f"initialising Label Studio once into {template_dir()} (about 2 min; later data folders are "
                    "copies made in seconds)..."
                ),
            )
        server = start_server(folder, port=port)
        client = AnnotationClient(server.url, token)
        client.check()
        _push(client, title, documents, predicted, None)
        stdout.print(f"Label Studio is ready at {server.url}")
        if not initialised:
            stdout.print(f"log in as {login.email} with password {login.password}")
        stdout.print("for push and pull from another shell:")
        stdout.print(f"  export LABEL_STUDIO_URL={server.url}")
        # A token the user gave is not echoed back; one made here is shown once, on the terminal only.
        shown_token = "<the LABEL_STUDIO_API_KEY you set>" if os.environ.get("LABEL_STUDIO_API_KEY") else token
        stdout.print(f"  export LABEL_STUDIO_API_KEY={shown_token}")
        stdout.print("press Ctrl-C to stop")
        while server.process.poll() is None:
            time.sleep(0.5)
        fail(f"Label Studio stopped unexpectedly (exit {server.process.returncode}); see {server.log_path}")
    except (KeyboardInterrupt, _StopRequestedError):
        stderr.print("stopping Label Studio...")
    except (ServerError, AnnotationServerError) as error:
        fail(str(error))
    finally:
        for number in previous:  # a second Ctrl-C must not interrupt the cleanup and orphan the server
            signal.signal(number, signal.SIG_IGN)
        if server is not None:
            server.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)
        if throwaway:
            shutil.rmtree(folder, ignore_errors=True)


# The annotator commands live in their own module and register on the group when it is imported.
from parley.annotation import cli_users  # noqa: E402, F401
