"""`parley stats` and `parley corpus ground`: looking at the corpus and authoring it."""

from pathlib import Path
from typing import Any

import click
from rich.table import Table

from parley.console import fail, stdout
from parley.corpus.authoring import GroundingError, ground_draft
from parley.corpus.lint import lint_paths
from parley.corpus.lint.render import allowlist_draft, report_json, summary_table
from parley.corpus.loading import InvalidCorpusError, load_documents
from parley.corpus.statistics import CorpusStatistics, corpus_statistics
from parley.exitcodes import ExitCode
from parley.reading import InputError, clip, read_yaml
from parley.resources import lint_allowlist_path
from parley.schema.files import format_record
from parley.schema.problems import one_line
from parley.schema.validation import validate_record


def _counter_table(title: str, stats: CorpusStatistics) -> Table:
    table = Table(title=title, show_lines=False)
    table.add_column("count of", style="bold")
    table.add_column("value")
    table.add_column("n", justify="right")
    sections: list[tuple[str, Any]] = [
        ("event type", stats.events_per_type),
        ("role", stats.arguments_per_role),
        ("entity type", stats.entities_per_type),
        ("domain", stats.documents_per_domain),
        ("polarity", stats.polarity),
        ("realis", stats.realis),
        ("relation type", stats.relations_per_type),
    ]
    for name, counter in sections:
        for value, count in sorted(counter.items(), key=lambda item: (-item[1], item[0])):
            table.add_row(name, value, str(count))
    return table


@click.command("stats")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def stats_command(paths: tuple[Path, ...]) -> None:
    """Print statistics of the gold records in PATHS (default: the shipped corpus)."""
    try:
        documents = load_documents(paths or None)
    except InvalidCorpusError as error:
        for problem in error.problems:
            click.echo(problem.format(), err=True)
        fail(f"{len(error.problems)} problem(s) in the corpus; run `parley validate` for details", error.exit_code)
    stats = corpus_statistics(documents)
    stdout.print(
        f"{stats.documents} document(s), {stats.characters} characters, {stats.entities} entities "
        f"({stats.mentions} mentions), {stats.events} events over {len(stats.events_per_type)} types "
        f"({stats.triggers} triggers, {stats.multi_trigger_events} events with more than one), "
        f"{stats.arguments} arguments, {stats.relations} event relations"
    )
    stdout.print(_counter_table("Corpus statistics", stats))


@click.group("corpus")
def corpus_group() -> None:
    """Author corpus documents."""


@click.command("ground")
@click.argument("drafts", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write one gold record per draft, named <id>.json.",
)
def ground_command(drafts: tuple[Path, ...], out: Path) -> None:
    """Turn drafts (YAML or JSON, mentions written as quotes) into validated gold records."""
    failures = 0
    for path in drafts:
        try:
            draft = read_yaml(path)
        except InputError as error:
            fail(f"{path}: {error.code}: {error.message}")
        if not isinstance(draft, dict):
            fail(f"{path}: a draft must be a mapping")
        document = clip(str(draft.get("id", "-")), 200)
        try:
            record = ground_draft(draft)
        except GroundingError as error:
            click.echo(one_line(f"{path}: {document}: {error.pointer}: not-found: {error}"), err=True)
            failures += 1
            continue
        problems = validate_record(record, "gold", file=str(path))
        for problem in problems:
            click.echo(problem.format(), err=True)
        if problems:
            failures += 1
            continue
        target = out / f"{record['id']}.json"
        if any(_same_file(target, draft_path) for draft_path in drafts):
            fail(f"{target} is one of the drafts being read; choose another --out")
        try:
            out.mkdir(parents=True, exist_ok=True)
            target.write_text(format_record(record), encoding="utf-8")
        except OSError as error:
            fail(f"{target}: cannot write: {error.strerror or error}")
        click.echo(f"{path} -> {target}: {len(record['events'])} events")
    if failures:
        raise SystemExit(ExitCode.PROBLEMS)


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.exists() and first.samefile(second)
    except OSError:
        return False


corpus_group.add_command(ground_command)


@click.command("lint")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--allowlist",
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML list of accepted findings, each with a reason (default: the shipped corpus/lint-allowlist.yaml).",
)
@click.option("--no-allowlist", is_flag=True, help="Judge every finding as outstanding.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "allowlist"]),
    default="text",
    show_default=True,
    help="One line per finding and a summary table, one JSON document, or the outstanding findings as allowlist "
    "entries with empty reasons (to review and fill in).",
)
@click.option("--show-allowlisted", is_flag=True, help="Also print the findings the allowlist accepts.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the finding lines, no summary.")
def lint_command(
    paths: tuple[Path, ...],
    allowlist: Path | None,
    no_allowlist: bool,
    output_format: str,
    show_allowlisted: bool,
    quiet: bool,
) -> None:
    """Check the consistency of the gold records in PATHS (JSON or JSONL files, or folders of them).

    Each finding is one line: file: document: start-end: code: 'text': message.
    Exit 0 when the allowlist accepts every finding, 1 when some are outstanding, 2 when input could not be read
    (a missing file, a record the validator rejects, a malformed allowlist).
    """
    if allowlist is None and not no_allowlist:
        allowlist = lint_allowlist_path()
    report = lint_paths(paths, allowlist=None if no_allowlist else allowlist)
    if report.allowlist_error is not None:
        click.echo(f"parley: error: allowlist {report.allowlist_error}", err=True)
        raise SystemExit(ExitCode.UNUSABLE)
    for problem in report.problems:
        click.echo(problem.format(), err=True)
    if output_format == "json":
        click.echo(report_json(report))
    elif output_format == "allowlist":
        click.echo(allowlist_draft(report), nl=False)
    else:
        for finding in report.findings:
            if show_allowlisted or not finding.allowlisted:
                click.echo(finding.format())
        if not quiet:
            stdout.print(summary_table(report))
            if report.skipped_entries:
                stdout.print(
                    f"{len(report.skipped_entries)} allowlist entry(ies) skipped: their documents were not linted"
                )
            stdout.print(
                f"{report.documents} document(s), {len(report.findings)} finding(s), "
                f"{len(report.outstanding)} outstanding",
                style="red" if report.outstanding else "green",
            )
    if report.unusable:
        raise SystemExit(ExitCode.UNUSABLE)
    if report.outstanding:
        raise SystemExit(ExitCode.PROBLEMS)


corpus_group.add_command(lint_command)
