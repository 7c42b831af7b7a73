"""`parley annotate users` and `parley annotate submit`: annotator accounts, and annotations made as them."""

from pathlib import Path

import click

from parley.annotation.cli import _client, _key_option, _project_option, _url_option, annotate_group
from parley.annotation.client import AnnotationServerError
from parley.annotation.submit import SubmitError, submit_records
from parley.annotation.users import (
    AnnotatorLogin,
    UserError,
    ensure_users,
    load_credentials,
    save_credentials,
    user_client,
)
from parley.console import fail, stdout
from parley.corpus.loading import InvalidCorpusError, load_documents
from parley.exitcodes import ExitCode
from parley.schema.records import Document

_credentials_option = click.option(
    "--credentials",
    envvar="PARLEY_ANNOTATOR_CREDENTIALS",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The annotators' logins (JSON, owner-only; written by `users`, read by `submit`) "
    "[env PARLEY_ANNOTATOR_CREDENTIALS].",
)


@annotate_group.command("users")
@_url_option
@_key_option
@_credentials_option
@click.argument("names", nargs=-1, required=True)
def users_command(url: str, api_key: str | None, credentials: Path, names: tuple[str, ...]) -> None:
    """Make a Label Studio user for each annotator NAME the server lacks (idempotent).

    Each user signs up through the organisation's invitation link as NAME@parley.local with a generated password;
    its username is NAME. Passwords and tokens go to the credentials file only (never printed).
    """
    admin = _client(url, api_key)
    try:
        logins = load_credentials(credentials)
    except UserError as error:
        fail(str(error))
    before = dict(logins)
    try:
        report = ensure_users(admin, list(dict.fromkeys(names)), logins)
    except (UserError, AnnotationServerError) as error:
        if logins != before:
            _save(credentials, logins)  # every account made before the failure keeps its login
        fail(str(error))
    if logins != before:
        _save(credentials, logins)
    stdout.print(f"{len(report.created)} user(s) created, {len(report.present)} already there; logins in {credentials}")


def _save(credentials: Path, logins: dict[str, AnnotatorLogin]) -> None:
    try:
        save_credentials(credentials, logins)
    except OSError as error:
        fail(f"{credentials}: cannot write the logins: {error.strerror or error}")


def _records(paths: tuple[Path, ...]) -> list[Document]:
    try:
        return load_documents(paths)
    except InvalidCorpusError as error:
        for problem in error.problems:
            click.echo(problem.format(), err=True)
        fail(f"{len(error.problems)} problem(s) in the records to submit; nothing was submitted", error.exit_code)


@annotate_group.command("submit")
@_url_option
@_project_option
@_credentials_option
@click.option("--as", "name", required=True, help="The annotator whose annotation each record is (a `users` name).")
@click.option("--ground-truth", is_flag=True, help="Flag the annotations as ground truth (an adjudicated record).")
@click.argument("records", nargs=-1, required=True, type=click.Path(path_type=Path))
def submit_command(
    url: str, title: str, credentials: Path, name: str, ground_truth: bool, records: tuple[Path, ...]
) -> None:
    """Add each gold record in RECORDS (files or folders) as an annotation of its document's task, made by annotator
    NAME with NAME's own token.

    Exit 2 for an unknown annotator or unusable server, 1 when a record cannot be submitted (no task of its
    document, a text that differs from the task's, a task NAME already annotated); nothing is submitted then.
    """
    documents = _records(records)
    try:
        client = user_client(url, load_credentials(credentials), name)
        project = client.find_project(title)
        if project is None:
            fail(f"no project called {title!r} on {client.shown_url}; push first")
        submitted = submit_records(client, project, documents, ground_truth=ground_truth)
    except (UserError, AnnotationServerError) as error:
        fail(str(error))
    except SubmitError as error:
        for problem in error.problems:
            click.echo(f"parley: {problem.format()}", err=True)
        fail(f"{error}; nothing was submitted", ExitCode.PROBLEMS)
    flag = " as ground truth" if ground_truth else ""
    stdout.print(f"{len(submitted)} annotation(s) by {name}{flag} added to project {title!r}")
