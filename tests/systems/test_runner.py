"""The runner: validation of every output, failures on the side, incremental writes and resuming."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.systems.interface import InputDocument, input_document
from parley.systems.runner import UnresumableOutputError, completed_ids, failures_path, run_system
from tests.systems import plugins
from tests.systems.helpers import generated, write_gold


def _inputs(count: int) -> list[InputDocument]:
    return [input_document(document) for document in generated(count)]


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_document_is_written_once_with_the_system_name(tmp_path: Path) -> None:
    out = tmp_path / "preds.jsonl"
    summary = run_system(plugins.empty, _inputs(4), out, name="empty", progress=False)
    assert (summary.written, summary.already_done, summary.failures) == (4, 0, [])
    assert _ids(out) == [f"synthetic-{index:07d}" for index in range(4)]
    assert {json.loads(line)["system"] for line in out.read_text(encoding="utf-8").splitlines()} == {"empty"}


def test_failures_are_recorded_with_their_reason_and_the_run_goes_on(tmp_path: Path) -> None:
    out = tmp_path / "preds.jsonl"
    summary = run_system(plugins.flaky, _inputs(10), out, name="flaky", progress=False)
    assert _ids(out) == [f"synthetic-{index:07d}" for index in (0, 2, 4, 6, 8)]
    sidecar = [json.loads(line) for line in failures_path(out).read_text(encoding="utf-8").splitlines()]
    reasons = {entry["id"][-1]: entry["reason"] for entry in sidecar}
    assert sorted(reasons) == ["1", "3", "5", "7", "9"]
    assert reasons["1"] == "system raised RuntimeError: model crashed"
    assert reasons["3"].startswith("invalid prediction: /events/0")
    assert reasons["5"] == "record id is 'someone-else', expected 'synthetic-0000005'"
    assert reasons["9"] == "system returned list, not a record (a dict)"
    assert [failure.document for failure in summary.failures] == [entry["id"] for entry in sidecar]


def test_a_rerun_skips_what_is_done_and_retries_failures(tmp_path: Path) -> None:
    out = tmp_path / "preds.jsonl"
    run_system(plugins.flaky, _inputs(10), out, name="flaky", progress=False)
    seen: list[str] = []

    def recording(document: InputDocument) -> dict[str, Any]:
        seen.append(document["id"])
        return plugins.empty(document)

    summary = run_system(recording, _inputs(10), out, name="recording", progress=False)
    assert seen == [f"synthetic-{index:07d}" for index in (1, 3, 5, 7, 9)]
    assert (summary.already_done, summary.written) == (5, 5)
    assert sorted(_ids(out)) == [f"synthetic-{index:07d}" for index in range(10)]
    assert failures_path(out).read_text(encoding="utf-8") == ""


def test_a_cut_short_last_line_is_dropped_and_redone(tmp_path: Path) -> None:
    out = tmp_path / "preds.jsonl"
    run_system(plugins.empty, _inputs(2), out, name="empty", progress=False)
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "synthetic-0000002", "entit')
    summary = run_system(plugins.empty, _inputs(3), out, name="empty", progress=False)
    assert summary.dropped_partial_line
    assert (summary.already_done, summary.written) == (2, 1)
    assert _ids(out) == [f"synthetic-{index:07d}" for index in range(3)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "system": "s"}\nnot json\n{"id": "b", "system": "s"}\n', "preds.jsonl:2: not a JSON line"),
        ('{"id": "a", "system": "s"}\n[1, 2]\n', "preds.jsonl:2: not a prediction record with an id"),
        ('{"no": "id", "system": "s"}\n', "preds.jsonl:1: not a prediction record with an id"),
        ('{"id": "a"}\n', "preds.jsonl:1: not a prediction record with an id and a system"),
    ],
)
def test_a_damaged_output_is_refused_not_overwritten(tmp_path: Path, content: str, message: str) -> None:
    out = tmp_path / "preds.jsonl"
    out.write_text(content, encoding="utf-8")
    with pytest.raises(UnresumableOutputError, match=message):
        completed_ids(out)
    assert out.read_text(encoding="utf-8") == content


def test_concurrent_runs_write_every_document_once(tmp_path: Path) -> None:
    out = tmp_path / "preds.jsonl"
    summary = run_system(plugins.flaky, _inputs(12), out, name="flaky", concurrency=4, progress=False)
    assert sorted(_ids(out)) == [f"synthetic-{index:07d}" for index in (0, 2, 4, 6, 8, 10)]
    assert len(summary.failures) == 6


def test_parley_run_exits_1_and_lists_failures(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold", generated(4))
    out = tmp_path / "preds.jsonl"
    arguments = ["run", "--system", "tests.systems.plugins:flaky", "--gold", str(gold), "--split", "all"]
    result = CliRunner().invoke(main, [*arguments, "--out", str(out), "--no-progress"])
    assert result.exit_code == 1
    assert "4 document(s) in split all: 2 predicted now, 0 already in" in result.stdout
    assert "synthetic-0000001: system raised RuntimeError: model crashed" in result.stderr


@pytest.mark.parametrize(
    ("system", "message"),
    [
        (
            "nonsense",
            "unknown system 'nonsense' (shipped: lexicon, sklearn, openai-compatible; or give module:callable)",
        ),
        ("no_such_module_here:run", "'no_such_module_here:run': no module named 'no_such_module_here'"),
        ("tests.systems.plugins:missing", "tests.systems.plugins has no attribute 'missing'"),
        ("tests.systems.plugins:NOT_CALLABLE", "NOT_CALLABLE is not callable"),
        ("tests.systems.plugins:", "give a system as module:callable"),
        ("openai-compatible", "needs a base URL and a model"),
    ],
)
def test_a_bad_system_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: str, message: str
) -> None:
    monkeypatch.delenv("PARLEY_LLM_BASE_URL", raising=False)
    gold = write_gold(tmp_path / "gold", generated(1))
    out = tmp_path / "preds.jsonl"
    arguments = ["run", "--system", system, "--gold", str(gold), "--split", "all", "--out", str(out)]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("parley: error: ")
    assert message in result.stderr
    assert not out.exists()


def test_a_damaged_output_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold", generated(1))
    out = tmp_path / "preds.jsonl"
    out.write_text("garbage\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["run", "--system", "lexicon", "--gold", str(gold), "--split", "all", "--out", str(out)]
    )
    assert result.exit_code == 2
    reason = "not a JSON line (not-json: Expecting value at line 1 column 1); cannot resume this file"
    assert result.stderr == f"parley: error: {out}:1: {reason}\n"


def test_invalid_gold_is_reported_per_problem_and_exit_1(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "bad.json").write_text('{"id": "bad"}', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["run", "--system", "lexicon", "--gold", str(gold), "--out", str(tmp_path / "p.jsonl")]
    )
    assert result.exit_code == 1
    assert "bad.json: bad: /entities: missing-field" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("parley: error: ")


def test_missing_gold_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(
        main, ["run", "--system", "lexicon", "--gold", str(missing), "--out", str(tmp_path / "p.jsonl")]
    )
    assert result.exit_code == 2
    assert f"{missing}: -: /: not-found: no such file or folder" in result.stderr


def test_a_built_dataset_folder_is_gold(tmp_path: Path) -> None:
    from parley.corpus.dataset.build import build_dataset

    documents = generated(8, seed=2)
    folder = tmp_path / "dataset"
    build_dataset(documents, folder)
    out = tmp_path / "preds.jsonl"
    arguments = ["run", "--system", "lexicon", "--gold", str(folder), "--split", "all", "--out", str(out)]
    result = CliRunner().invoke(main, [*arguments, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert sorted(_ids(out)) == sorted(document["id"] for document in documents)
