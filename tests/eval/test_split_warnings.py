"""Wrong split, no silent zeros: predictions outside the split and a split leaving out most of a user's gold are
warned about (and fail under --strict); --help says how splits are assigned."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from parley.cli import main
from parley.corpus.splits import split_for
from parley.exitcodes import ExitCode
from tests.eval.conftest import as_prediction, write_jsonl
from tests.systems.helpers import generated, write_gold

DOCUMENTS = generated(8, seed=3)
IN_TEST = [document for document in DOCUMENTS if split_for(document["id"]) == "test"]


def _invoke(*arguments: str) -> Result:
    result = CliRunner().invoke(main, list(arguments))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_the_fixture_leaves_most_documents_out_of_the_test_split() -> None:
    assert 0 < len(IN_TEST) < len(DOCUMENTS) / 2


@pytest.mark.parametrize("strict", [False, True])
def test_predictions_outside_the_split_are_warned_about(tmp_path: Path, strict: bool) -> None:
    gold = write_gold(tmp_path / "gold", DOCUMENTS)
    pred = write_jsonl(tmp_path / "pred.jsonl", [as_prediction(document) for document in IN_TEST])
    arguments = ["eval", "--gold", str(gold), "--pred", str(pred), "--split", "validation", "--bootstrap", "0"]
    result = _invoke(*arguments, *(["--strict"] if strict else []))
    assert f"parley: warning: {len(IN_TEST)} prediction(s) are for gold documents outside split validation" in (
        result.stderr
    )
    assert result.exit_code == (ExitCode.PROBLEMS if strict else ExitCode.OK)


def test_a_split_leaving_out_most_of_ones_own_gold_is_warned_about(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold", DOCUMENTS)
    pred = write_jsonl(tmp_path / "pred.jsonl", [as_prediction(document) for document in IN_TEST])
    result = _invoke("eval", "--gold", str(gold), "--pred", str(pred), "--bootstrap", "0", "--strict")
    assert result.exit_code == ExitCode.PROBLEMS
    assert f"parley: warning: --split test keeps {len(IN_TEST)} of the {len(DOCUMENTS)} document(s) in {gold}" in (
        result.stderr
    )
    everything = write_jsonl(tmp_path / "all.jsonl", [as_prediction(document) for document in DOCUMENTS])
    clean = _invoke("eval", "--gold", str(gold), "--pred", str(everything), "--split", "all", "--strict")
    assert clean.exit_code == ExitCode.OK, clean.stderr
    assert "warning" not in clean.stderr


def test_the_shipped_corpus_split_is_not_warned_about(tmp_path: Path) -> None:
    pred = write_jsonl(tmp_path / "pred.jsonl", [])
    result = _invoke("eval", "--pred", str(pred), "--bootstrap", "0", "--strict")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert "warning" not in result.stderr


def test_run_warns_and_under_strict_runs_nothing(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold", DOCUMENTS)
    out = tmp_path / "pred.jsonl"
    warned = _invoke("run", "--system", "lexicon", "--gold", str(gold), "--out", str(out), "--no-progress")
    assert warned.exit_code == ExitCode.OK, warned.output
    message = f"parley: warning: --split test keeps {len(IN_TEST)} of the {len(DOCUMENTS)} document(s) in {gold}"
    assert message in warned.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(IN_TEST)
    strict_out = tmp_path / "strict.jsonl"
    strict = _invoke("run", "--system", "lexicon", "--gold", str(gold), "--out", str(strict_out), "--strict")
    assert strict.exit_code == ExitCode.PROBLEMS
    assert message in strict.stderr
    assert not strict_out.exists()


@pytest.mark.parametrize("command", [["run"], ["eval"], ["eval", "compare"]])
def test_help_says_how_splits_are_assigned(command: list[str]) -> None:
    result = _invoke(*command, "--help")
    assert result.exit_code == 0
    assert "stable hash of its id" in " ".join(result.output.split())


def test_the_report_counts_what_the_warning_says(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold", DOCUMENTS)
    pred = write_jsonl(tmp_path / "pred.jsonl", [as_prediction(document) for document in DOCUMENTS])
    out = tmp_path / "report.json"
    _invoke("eval", "--gold", str(gold), "--pred", str(pred), "--bootstrap", "0", "--out", str(out))
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["predictions"]["outside_split"] == len(DOCUMENTS) - len(IN_TEST)
