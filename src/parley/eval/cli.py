"""`parley eval`: score predictions against the gold; `compare` two systems; `agreement` between annotators;
`leaderboard` across systems.

The scoring modules (numpy, scikit-learn) and the plots (matplotlib) are imported inside the commands that use
them, so that `parley --help` and the other commands start fast.
"""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from parley.console import fail, stderr, stdout
from parley.corpus.splits import HOW_SPLITS_ARE_ASSIGNED, coverage_warning, is_declared_split_source
from parley.eval.leaderboard import leaderboard_markdown, leaderboard_rows, leaderboard_table, with_leaderboard
from parley.eval.read_gold import SPLIT_CHOICES, Gold, UnusableInputError
from parley.exitcodes import ExitCode
from parley.reading import MAX_YAML_BYTES, InputError, read_json, read_text
from parley.resources import corpus_documents_dir
from parley.schema.problems import Problem
from parley.writing import OutputError, check_not_input, write_atomically

_GOLD_HELP = "Gold records: a corpus folder or file, or a built dataset folder [default: the shipped corpus]."
_SPLIT_HELP = f"Score only the gold documents of this split. {HOW_SPLITS_ARE_ASSIGNED}"

F = TypeVar("F", bound=Callable[..., Any])


def _bootstrap_options(*, minimum: int, help_text: str) -> Callable[[F], F]:
    """`--bootstrap` (resamples, as `samples`) and `--seed`, shared by eval, compare and agreement."""

    def decorate(command: F) -> F:
        command = click.option(
            "--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap resampling."
        )(command)
        return click.option(
            "--bootstrap",
            "samples",
            type=click.IntRange(min=minimum),
            default=1000,
            show_default=True,
            help=help_text,
        )(command)

    return decorate


def _report_problems(problems: list[Problem], strict: bool) -> ExitCode:
    for problem in problems:
        click.echo(problem.format(), err=True)
    if problems:
        click.echo(
            f"parley: {len(problems)} input problem(s); their documents were scored as empty predictions",
            err=True,
        )
    return ExitCode.PROBLEMS if problems and strict else ExitCode.OK


def _split_warnings(gold: Path | None, gold_set: Gold, outside_split: int) -> list[str]:
    """Predictions that fell outside the split; a split leaving out most of a corpus the user gave."""
    warnings: list[str] = []
    if outside_split:
        warnings.append(
            f"{outside_split} prediction(s) are for gold documents outside split {gold_set.split} and were not "
            "scored; --split all scores every document"
        )
    if gold is not None and not is_declared_split_source(gold):
        coverage = coverage_warning(
            split=gold_set.split, kept=len(gold_set), total=len(gold_set.all_ids), source=str(gold)
        )
        if coverage is not None:
            warnings.append(coverage)
    return warnings


def _unusable(error: UnusableInputError) -> None:
    for problem in error.problems:
        click.echo(problem.format(), err=True)
    fail(error.message, ExitCode.UNUSABLE)


def _check_outputs(outputs: dict[str, Path | None], inputs: list[Path | None]) -> None:
    """Refuse, before any work, an output that is one of the inputs."""
    read = [path for path in inputs if path is not None]
    for option, path in outputs.items():
        if path is None:
            continue
        try:
            check_not_input(path, read, option=option)
        except OutputError as error:
            fail(str(error), ExitCode.UNUSABLE)


def _write(path: Path | None, text: str) -> None:
    if path is None:
        return
    try:
        write_atomically(path, text)  # a crash leaves the old report or none, never an empty one
    except OSError as error:
        fail(f"cannot write {path}: {error.strerror or error}", ExitCode.UNUSABLE)
    stderr.print(f"wrote {path}")


@contextmanager
def _progress(total: int) -> Iterator[Any]:
    with Progress(
        TextColumn("scoring"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=not stderr.is_terminal,
    ) as progress:
        task = progress.add_task("scoring", total=total)
        yield lambda: progress.advance(task)


@click.group("eval", invoke_without_command=True)
@click.option("--gold", "gold", type=click.Path(path_type=Path), help=_GOLD_HELP)
@click.option("--pred", "pred", type=click.Path(path_type=Path), help="Predictions: JSONL, one record per line.")
@click.option("--split", type=click.Choice(SPLIT_CHOICES), default="test", show_default=True, help=_SPLIT_HELP)
@click.option("--out", type=click.Path(path_type=Path), help="Write the JSON report here.")
@click.option("--plots", type=click.Path(path_type=Path), help="Write PNG plots (per-type F1, type confusion) here.")
@click.option("--system", help="System name for the report [default: the records' `system`, else the file name].")
@_bootstrap_options(minimum=0, help_text="Bootstrap resamples for the confidence intervals (0: none).")
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when the predictions had input problems, some fell outside the split, or the split left out most "
    "of --gold.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes that read and score documents (the report is the same; more is faster on large inputs).",
)
@click.pass_context
def eval_group(
    context: click.Context,
    gold: Path | None,
    pred: Path | None,
    split: str,
    out: Path | None,
    plots: Path | None,
    system: str | None,
    samples: int,
    seed: int,
    strict: bool,
    workers: int,
) -> None:
    """Score predictions against the gold: `parley eval --pred PREDICTIONS.jsonl [--gold G]`.

    Bad prediction lines are reported as FILE:LINE and scored as empty predictions. Exit codes: 0 scored,
    1 scored with input problems or split warnings under --strict, 2 unusable input. See eval/README.md for the
    report format.
    """
    if context.invoked_subcommand is not None:
        return
    from parley.eval.pipeline import as_gold, evaluate, prediction_lines
    from parley.eval.render import attributes_table, metrics_table, write_plots

    if pred is None:
        fail("missing --pred PREDICTIONS.jsonl (see `parley eval --help`)", ExitCode.UNUSABLE)
    _check_outputs({"--out": out, "--plots": plots}, [gold or corpus_documents_dir(), pred])
    try:
        gold_set = as_gold(gold or corpus_documents_dir(), split=split, workers=workers)
        lines = prediction_lines(pred)
        with _progress(len(gold_set)) as advance:
            report = evaluate(
                gold_set,
                lines,
                system=system,
                bootstrap_samples=samples,
                seed=seed,
                on_document=advance,
                workers=workers,
            )
    except UnusableInputError as error:
        _unusable(error)
    for message in report.input_problems.messages:
        click.echo(message, err=True)
    if report.input_problems.count:
        click.echo(
            f"parley: {report.input_problems.count} input problem(s) on {report.input_problems.rejected_lines} "
            "line(s); their documents were scored as empty predictions",
            err=True,
        )
    warnings = _split_warnings(gold, gold_set, report.predictions["outside_split"])
    for warning in warnings:
        click.echo(f"parley: warning: {warning}", err=True)
    code = ExitCode.PROBLEMS if (report.input_problems.count or warnings) and strict else ExitCode.OK
    stdout.print(metrics_table(report))
    stdout.print(attributes_table(report))
    _write(out, report.dumps())
    if plots is not None:
        try:
            for path in write_plots(report, plots):
                stderr.print(f"wrote {path}")
        except OSError as error:
            fail(f"cannot write plots to {plots}: {error.strerror or error}", ExitCode.UNUSABLE)
    raise SystemExit(int(code))


@eval_group.command("compare")
@click.argument("first", type=click.Path(path_type=Path))
@click.argument("second", type=click.Path(path_type=Path))
@click.option("--gold", "gold", type=click.Path(path_type=Path), help=_GOLD_HELP)
@click.option("--split", type=click.Choice(SPLIT_CHOICES), default="test", show_default=True, help=_SPLIT_HELP)
@_bootstrap_options(minimum=1, help_text="Paired bootstrap resamples.")
@click.option("--out", type=click.Path(path_type=Path), help="Write the JSON comparison here.")
@click.option("--strict", is_flag=True, help="Exit 1 when either prediction file had input problems.")
def compare_command(
    first: Path, second: Path, gold: Path | None, split: str, samples: int, seed: int, out: Path | None, strict: bool
) -> None:
    """Compare two systems' predictions (FIRST, SECOND: JSONL) with a paired bootstrap test on the same gold.

    Reports, per metric, F1 of each, their difference (SECOND - FIRST), its interval and a two-sided p-value.
    """
    _check_outputs({"--out": out}, [gold or corpus_documents_dir(), first, second])
    from parley.eval.compare import compare
    from parley.eval.render import comparison_table

    try:
        comparison, problems = compare(
            gold or corpus_documents_dir(), first, second, split=split, samples=samples, seed=seed
        )
    except UnusableInputError as error:
        _unusable(error)
    code = _report_problems(problems, strict)
    stdout.print(comparison_table(comparison))
    _write(out, comparison.dumps())
    raise SystemExit(int(code))


@eval_group.command("agreement")
@click.argument("first", type=click.Path(path_type=Path))
@click.argument("second", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), help="Write the JSON agreement report here.")
@click.option(
    "--disagreements",
    "disagreements_path",
    type=click.Path(path_type=Path),
    help="Write every disagreement here (JSONL, one object per disagreement; or Markdown, see below).",
)
@click.option(
    "--disagreements-format",
    type=click.Choice(["jsonl", "markdown"]),
    default="jsonl",
    show_default=True,
    help="Format of --disagreements.",
)
@_bootstrap_options(minimum=0, help_text="Bootstrap resamples of documents for the intervals (0: none).")
def agreement_command(
    first: Path,
    second: Path,
    out: Path | None,
    disagreements_path: Path | None,
    disagreements_format: str,
    samples: int,
    seed: int,
) -> None:
    """Inter-annotator agreement of annotators FIRST (A) and SECOND (B): files or folders of gold-shaped records,
    paired by document id. Prints F1 of B against A per metric, per event type and per role, Cohen's kappa and
    Krippendorff's alpha over the union of both annotators' events, with bootstrap intervals over documents.
    Exit codes: 0 compared; 1 B had invalid records (scored as empty); 2 unusable input (unreadable, invalid
    A, no document in common, an output over an input). See eval/README.md for the report format."""
    _check_outputs({"--out": out, "--disagreements": disagreements_path}, [first, second])
    from parley.eval.agreement import agreement
    from parley.eval.render import agreement_tables, disagreements_markdown

    try:
        result = agreement(first, second, samples=samples, seed=seed)
    except UnusableInputError as error:
        _unusable(error)
    for message in result.problems:
        click.echo(message, err=True)
    counts = result.counts
    if counts["only_in_a"] or counts["only_in_b"]:
        click.echo(
            f"parley: compared {counts['documents']} shared document(s); {len(counts['only_in_a'])} only in "
            f"{first}, {len(counts['only_in_b'])} only in {second}",
            err=True,
        )
    for table in agreement_tables(result):
        stdout.print(table)
    _write(out, json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
    if disagreements_path is not None:
        if disagreements_format == "markdown":
            text = disagreements_markdown(result.disagreements)
        else:
            text = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in result.disagreements)
        _write(disagreements_path, text)
    raise SystemExit(int(ExitCode.PROBLEMS if result.problems else ExitCode.OK))


@eval_group.command("leaderboard")
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--readme",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the leaderboard between the markers of this README (e.g. eval/README.md).",
)
@click.option("--caption", default="", help="A line under the markdown table (what was run, on what).")
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a PNG comparing every system's event F1 per type (and overall), with intervals.",
)
def leaderboard_command(reports: tuple[Path, ...], readme: Path | None, caption: str, plot: Path | None) -> None:
    """Rank systems by their JSON reports (written by `parley eval --out`): event F1 and argument F1 with their
    confidence intervals, and attribute accuracy with its aligned pairs."""
    _check_outputs({"--readme": readme}, list(reports))
    loaded: list[dict[str, Any]] = []
    for path in reports:
        try:
            report = read_json(path)
        except InputError as error:
            fail(f"{path}: not a readable JSON report ({error.code}: {error.message})")
        if not isinstance(report, dict):
            fail(f"{path}: not a JSON report written by `parley eval --out` (not an object)")
        loaded.append(report)
    try:
        rows = leaderboard_rows(loaded)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        fail(f"a report lacks the metric {error}: was it written by `parley eval --out`?")
    stdout.print(leaderboard_table(rows))
    if plot is not None:
        from parley.eval.render import plot_leaderboard  # matplotlib: only when a plot is asked for

        try:
            stderr.print(f"wrote {plot_leaderboard(loaded, plot)}")
        except OSError as error:
            fail(f"cannot write {plot}: {error.strerror or error}", ExitCode.UNUSABLE)
    if readme is not None:
        try:
            current = read_text(readme, limit=MAX_YAML_BYTES)
            write_atomically(readme, with_leaderboard(current, leaderboard_markdown(rows, caption=caption)))
        except (OSError, ValueError) as error:
            fail(f"{readme}: {error}")
