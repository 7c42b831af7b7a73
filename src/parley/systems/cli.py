"""`parley run` and `parley train`: put a system through the benchmark's documents."""

from pathlib import Path
from typing import Any

import click

from parley.console import fail, stderr, stdout
from parley.corpus.loading import InvalidCorpusError
from parley.corpus.splits import HOW_SPLITS_ARE_ASSIGNED, coverage_warning, is_declared_split_source
from parley.exitcodes import ExitCode
from parley.resources import corpus_documents_dir
from parley.schema.problems import Level
from parley.schema.records import Document
from parley.systems.documents import SPLIT_CHOICES, gold_documents
from parley.systems.interface import input_document
from parley.systems.openai_compatible import DEFAULT_CACHE_DIR, LLMSettings
from parley.systems.registry import (
    DEFAULT_MODEL_PATH,
    NAMED_SYSTEMS,
    SystemOptions,
    SystemSetupError,
    resolve_system,
    system_details,
)
from parley.systems.runner import UnresumableOutputError, details_path, failures_path, run_system
from parley.writing import OutputError, check_not_input

_GOLD_HELP = "Gold records: a corpus folder, or a dataset folder built by `parley build` [default: the shipped corpus]."
_MODEL_HELP = "Where the learned baseline's model file (JSON weights) is written and read."


def _documents(gold: Path | None, split: str) -> list[Document]:
    try:
        return gold_documents(gold, split)
    except InvalidCorpusError as error:
        for problem in error.problems:
            click.echo(problem.format(), err=True)
        unreadable = any(problem.level is Level.FATAL for problem in error.problems)
        fail(
            f"{len(error.problems)} problem(s) in the gold records; run `parley validate` for details",
            ExitCode.UNUSABLE if unreadable else ExitCode.PROBLEMS,
        )
    except (OSError, ValueError) as error:
        fail(f"{gold}: {error}")


def _note(message: str) -> None:
    stderr.print(f"parley: {message}")


def _note_training_data(details: dict[str, Any], gold: Path | None) -> None:
    """Say which data the saved model was trained on, and whether that is the train split of this gold."""
    from parley.systems.learned import training_fingerprint

    model, trained_on = details["model"], details["trained_on"]
    _note(f"using {model}, trained on {details['training_documents']} document(s) ({trained_on})")
    if f"sha256:{training_fingerprint(_documents(gold, 'train'))}" != trained_on:
        source, option = (gold, f" --gold {gold}") if gold is not None else ("the shipped corpus", "")
        _note(
            f"{model} was not trained on the train split of {source}; run `parley train{option} --model {model}` "
            "to train it there (running never trains)"
        )


@click.command("run")
@click.option(
    "--system",
    "system_spec",
    required=True,
    metavar="NAME",
    help=f"A shipped system ({', '.join(NAMED_SYSTEMS)}) or module:callable, a function from a document "
    "(id, text, date, title) to a prediction record.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Predictions (JSONL).")
@click.option(
    "--split",
    type=click.Choice(SPLIT_CHOICES),
    default="test",
    show_default=True,
    help=f"Documents to run on. {HOW_SPLITS_ARE_ASSIGNED}",
)
@click.option("--gold", type=click.Path(path_type=Path), default=None, help=_GOLD_HELP)
@click.option("--concurrency", type=click.IntRange(min=1), default=1, show_default=True, help="Documents in flight.")
@click.option("--model", "model_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_MODEL_PATH,
              show_default=True, help=_MODEL_HELP)  # fmt: skip
@click.option("--llm-base-url", envvar="PARLEY_LLM_BASE_URL", show_envvar=True, help="API root, e.g. http://host/v1.")
@click.option("--llm-model", envvar="PARLEY_LLM_MODEL", show_envvar=True, help="Model name the endpoint serves.")
@click.option("--llm-api-key", envvar="PARLEY_LLM_API_KEY", show_envvar=True, help="Bearer token, if any.")
@click.option("--llm-timeout", type=click.FloatRange(min=0.1), default=120.0, show_default=True, help="Seconds.")
@click.option("--llm-cache", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_CACHE_DIR,
              show_default=True, help="Response cache folder, keyed by request hash.")  # fmt: skip
@click.option("--no-llm-cache", is_flag=True, help="Neither read nor write the response cache.")
@click.option("--strict", is_flag=True, help="Exit 1, running nothing, when the split leaves out most of --gold.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show a progress bar on stderr.")
def run_command(
    system_spec: str,
    out: Path,
    split: str,
    gold: Path | None,
    concurrency: int,
    model_path: Path,
    llm_base_url: str | None,
    llm_model: str | None,
    llm_api_key: str | None,
    llm_timeout: float,
    llm_cache: Path,
    no_llm_cache: bool,
    strict: bool,
    progress: bool,
) -> None:
    """Run a system over one split and append its predictions to OUT, one JSON line per document.

    Every prediction is validated against the prediction schema; a document whose system fails or returns an
    invalid record is listed with the reason in OUT's `.failures.jsonl` sidecar, and the run goes on. Rerunning
    the same command skips the documents already in OUT, so an interrupted run resumes where it stopped.
    OUT's `.system.json` sidecar says how the system was set up (for `sklearn`: the model and the fingerprint of
    the data it was trained on), and `parley eval` copies it into the report. Running never trains: train the
    learned baseline first with `parley train`. Exits 1 when any document failed.
    """
    gold_path = gold or corpus_documents_dir()
    for written in (out, failures_path(out), details_path(out)):
        try:
            check_not_input(written, [gold_path, model_path], option="--out")
        except OutputError as error:
            fail(str(error))
    documents = _documents(gold, split)
    if gold is not None and split != "all" and not is_declared_split_source(gold):
        warning = coverage_warning(
            split=split, kept=len(documents), total=len(_documents(gold, "all")), source=str(gold)
        )
        if warning is not None:
            click.echo(f"parley: warning: {warning}", err=True)
            if strict:
                fail("the split leaves out most of --gold (--strict); nothing was run", ExitCode.PROBLEMS)
    llm = None
    if llm_base_url and llm_model:
        llm = LLMSettings(
            base_url=llm_base_url,
            model=llm_model,
            api_key=llm_api_key,
            timeout=llm_timeout,
            cache_dir=None if no_llm_cache else llm_cache,
        )
    options = SystemOptions(model_path=model_path, llm=llm)
    try:
        system = resolve_system(system_spec, options)
        details = system_details(system_spec, system, options)
        if "trained_on" in details:
            _note_training_data(details, gold)
        summary = run_system(
            system,
            [input_document(document) for document in documents],
            out,
            name=system_spec,
            concurrency=concurrency,
            progress=progress,
            details=details,
        )
    except (SystemSetupError, UnresumableOutputError) as error:
        fail(str(error))
    except OSError as error:
        fail(f"{out}: {error.strerror or error}")
    if summary.dropped_partial_line:
        _note(f"{out}: dropped a cut-short last line from an interrupted run; its document was redone")
    stdout.print(
        f"{system_spec}: {summary.documents} document(s) in split {split}: {summary.written} predicted now, "
        f"{summary.already_done} already in {out}, {len(summary.failures)} failed"
    )
    if summary.failures:
        for failure in summary.failures:
            click.echo(f"{failures_path(out)}: {failure.document}: {failure.reason}", err=True)
        raise SystemExit(ExitCode.PROBLEMS)


@click.command("train")
@click.option("--gold", type=click.Path(path_type=Path), default=None, help=_GOLD_HELP)
@click.option("--model", "model_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_MODEL_PATH,
              show_default=True, help=_MODEL_HELP)  # fmt: skip
def train_command(gold: Path | None, model_path: Path) -> None:
    """Train the learned baseline (`--system sklearn`) on the train split and save it to MODEL."""
    try:
        check_not_input(model_path, [gold or corpus_documents_dir()], option="--model")
    except OutputError as error:
        fail(str(error))
    from parley.systems import learned  # scikit-learn: imported by the command that needs it

    documents = _documents(gold, "train")
    try:
        model = learned.train(documents)
    except learned.NoTrainingEventsError:
        source = gold or "the shipped corpus"
        fail(f"the train split of {source} has no events ({len(documents)} document(s)); nothing to train on")
    try:
        learned.save(model, model_path)
    except OSError as error:
        fail(f"{model_path}: {error.strerror or error}")
    events = sum(len(document["events"]) for document in documents)
    stdout.print(f"trained the learned baseline on {len(documents)} document(s), {events} event(s) -> {model_path}")
