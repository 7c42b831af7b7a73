"""`parley build`: builds a loadable folder, refuses an invalid corpus or a foreign output folder."""

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.corpus.dataset.loading import is_dataset_folder, load_records
from parley.corpus.synthetic import generate_documents
from parley.exitcodes import ExitCode
from parley.schema.records import Document
from tests.corpus.dataset.conftest import case

WriteCorpus = Callable[[Iterable[Document]], Path]


def test_build_writes_a_loadable_folder(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    documents = [*generate_documents(12, seed=5), case("normalized-variants")]
    corpus = write_corpus(documents)
    out = tmp_path / "dataset"
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out)])
    assert result.exit_code == ExitCode.OK, result.output
    assert f"wrote {out} (13 documents)" in result.output
    assert load_records(out) == sorted(documents, key=lambda d: d["id"])


def test_build_defaults_to_build_dataset(
    write_corpus: WriteCorpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus([case("no-events")])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", str(corpus)])
    assert result.exit_code == ExitCode.OK, result.output
    assert is_dataset_folder(tmp_path / "build" / "dataset")


def test_an_invalid_corpus_is_refused_with_every_problem(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    broken = case("normalized-variants")
    broken["events"][0]["type"] = "CHAT"
    broken["entities"][0]["mentions"][0]["end"] += 1
    corpus = write_corpus([broken, case("no-events")])
    out = tmp_path / "dataset"
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out)])
    assert result.exit_code == ExitCode.PROBLEMS
    assert "a-4.json: a-4: /events/0/type: unknown-value" in result.output
    assert "nothing was built" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_second_semantic_problem_is_printed_too(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    broken = case("normalized-variants")
    broken["entities"][0]["mentions"][0]["end"] += 1
    broken["events"][0]["arguments"][0]["entity"] = "nobody"
    result = CliRunner().invoke(main, ["build", str(write_corpus([broken])), "--out", str(tmp_path / "d")])
    assert result.exit_code == ExitCode.PROBLEMS
    assert "/entities/0/mentions/0: offset-mismatch" in result.output
    assert "/events/0/arguments/0/entity: unknown-entity" in result.output


def test_a_foreign_output_folder_is_not_overwritten(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(write_corpus([case("no-events")])), "--out", str(out)])
    assert result.exit_code == ExitCode.UNUSABLE
    assert "is not a dataset folder built by parley; not overwriting it" in result.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_an_earlier_build_is_replaced(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    first = CliRunner().invoke(main, ["build", str(write_corpus(generate_documents(8, seed=1))), "--out", str(out)])
    assert first.exit_code == ExitCode.OK, first.output
    only = tmp_path / "only"
    only.mkdir()
    (only / "a-0.json").write_text(json.dumps(case("no-events")), encoding="utf-8")
    second = CliRunner().invoke(main, ["build", str(only), "--out", str(out)])
    assert second.exit_code == ExitCode.OK, second.output
    assert load_records(out) == [case("no-events")]
    assert not (out / "events").exists()
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_agreement_is_cited(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    agreement = tmp_path / "agreement.json"
    agreement.write_text(json.dumps({"events": {"f1": 0.75}}), encoding="utf-8")
    out = tmp_path / "dataset"
    args = ["build", str(write_corpus([case("no-events")])), "--out", str(out), "--agreement", str(agreement)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == ExitCode.OK, result.output
    assert "| `events.f1` | 0.750 |" in (out / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not-json: Expecting property name"),
        ("[1, 2]", "the agreement report must be a JSON object"),
        (None, "not-found"),
    ],
)
def test_a_bad_agreement_report_is_refused(
    write_corpus: WriteCorpus, tmp_path: Path, content: str | None, message: str
) -> None:
    agreement = tmp_path / "agreement.json"
    if content is not None:
        agreement.write_text(content, encoding="utf-8")
    out = tmp_path / "dataset"
    args = ["build", str(write_corpus([case("no-events")])), "--out", str(out), "--agreement", str(agreement)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == ExitCode.UNUSABLE
    assert f"agreement.json: {message}" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_help_names_the_default_output() -> None:
    result = CliRunner().invoke(main, ["build", "--help"])
    assert result.exit_code == ExitCode.OK
    assert "build/dataset" in result.output


def test_the_shipped_corpus_cites_the_shipped_agreement(tmp_path: Path, checkout: Path) -> None:
    out = tmp_path / "dataset"
    result = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert result.exit_code == ExitCode.OK, result.output
    shipped = json.loads((checkout / "annotation" / "agreement.json").read_text(encoding="utf-8"))
    card = (out / "README.md").read_text(encoding="utf-8")
    event = shipped["f1"]["event_classification"]
    interval = event["f1_interval"]
    row = f"| Event classification F1 | {event['f1']:.3f} | {interval['low']:.3f}–{interval['high']:.3f} |"
    assert row in card
    assert "ceiling of the benchmark" in card


def test_a_corpus_of_ones_own_does_not_cite_the_shipped_agreement(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    result = CliRunner().invoke(main, ["build", str(write_corpus([case("no-events")])), "--out", str(out)])
    assert result.exit_code == ExitCode.OK, result.output
    assert "No inter-annotator agreement has been measured" in (out / "README.md").read_text(encoding="utf-8")
