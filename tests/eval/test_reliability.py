"""Regression tests of issue 11 for `parley eval` (and `run --gold`, which reads the same gold)."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from parley.cli import main
from parley.eval.ground import ground_record
from parley.exitcodes import ExitCode
from parley.writing import write_atomically
from tests.conftest import as_ordinary_user
from tests.eval.conftest import as_prediction, write_jsonl
from tests.eval.test_bad_input import _gold_record


def _eval(*args: str) -> Result:
    result = CliRunner().invoke(main, ["eval", "--split", "all", "--bootstrap", "0", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _prediction_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "pred.jsonl", [as_prediction(_gold_record())])


@pytest.mark.parametrize("onto", ["gold file", "gold folder member", "predictions", "link to predictions"])
def test_item03_eval_out_onto_an_input_is_refused(golden_gold: Path, tmp_path: Path, onto: str) -> None:
    pred = _prediction_file(tmp_path)
    [gold_file] = golden_gold.glob("*.json")
    out = {
        "gold file": gold_file,
        "gold folder member": golden_gold / "report.json",
        "predictions": pred,
        "link to predictions": tmp_path / "link.json",
    }[onto]
    if onto == "link to predictions":
        out.symlink_to(pred)
    gold = gold_file if onto == "gold file" else golden_gold
    before = {path: path.read_bytes() for path in (gold_file, pred)}
    result = _eval("--gold", str(gold), "--pred", str(pred), "--out", str(out))
    assert result.exit_code == ExitCode.UNUSABLE
    assert "refusing to write over what is being read" in result.stderr
    assert {path: path.read_bytes() for path in before} == before
    assert not (golden_gold / "report.json").exists()


def test_item04_a_report_is_replaced_whole_or_not_at_all(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text('{"old": true}\n', encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(report, '{"text": "\ud800"}')  # fails half way through writing
    assert report.read_text(encoding="utf-8") == '{"old": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    write_atomically(report, '{"new": true}\n')
    assert report.read_text(encoding="utf-8") == '{"new": true}\n'


def test_item04_a_failed_eval_leaves_the_old_report(golden_gold: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text('{"old": true}\n', encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    os.mkfifo(pred)
    result = _eval("--gold", str(golden_gold), "--pred", str(pred), "--out", str(report))
    assert result.exit_code == ExitCode.UNUSABLE
    assert report.read_text(encoding="utf-8") == '{"old": true}\n'


def test_item09_a_lone_surrogate_in_predictions_is_one_problem(golden_gold: Path, tmp_path: Path) -> None:
    line = json.dumps(as_prediction(_gold_record())).replace('"text": "', '"text": "\\udc80', 1)
    pred = tmp_path / "pred.jsonl"
    pred.write_text(line + "\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = _eval("--gold", str(golden_gold), "--pred", str(pred), "--out", str(out))
    assert result.exit_code == ExitCode.OK
    assert f"{pred}:1: -: /: bad-unicode: " in result.stderr
    json.loads(out.read_text(encoding="utf-8"))


def test_item09_a_lone_surrogate_in_the_gold_is_unusable(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(_gold_record()).replace('"text": "', '"text": "\\ud800', 1) + "\n", encoding="utf-8")
    result = _eval("--gold", str(gold), "--pred", str(_prediction_file(tmp_path)))
    assert result.exit_code == ExitCode.UNUSABLE
    assert f"{gold}:1: -: /: bad-unicode: " in result.stderr


def test_item11_eval_refuses_a_gold_folder_with_an_unreadable_subfolder(golden_gold: Path, tmp_path: Path) -> None:
    (golden_gold / "more").mkdir()
    (golden_gold / "more").chmod(0)
    pred = _prediction_file(tmp_path)
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "parley", "eval", "--gold", str(golden_gold), "--pred", str(pred), "--split", "all"],
            capture_output=True,
            text=True,
            check=False,
            **as_ordinary_user(),  # type: ignore[call-overload]
        )
    finally:
        (golden_gold / "more").chmod(0o755)
    assert completed.returncode == ExitCode.UNUSABLE, completed.stderr
    assert f"{golden_gold / 'more'}: -: /: unreadable: cannot read this folder" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_item12_a_duplicate_key_in_a_prediction_is_a_problem(golden_gold: Path, tmp_path: Path) -> None:
    line = json.dumps(as_prediction(_gold_record()))[:-1] + ', "events": []}'
    pred = tmp_path / "pred.jsonl"
    pred.write_text(line + "\n", encoding="utf-8")
    result = _eval("--gold", str(golden_gold), "--pred", str(pred))
    assert f"{pred}:1: -: /: duplicate-key: key 'events' appears twice in one object" in result.stderr


def test_item14_validate_and_eval_split_lines_alike(golden_gold: Path, tmp_path: Path) -> None:
    record = as_prediction(_gold_record())
    record["entities"][0]["name"] += "\u2028\u0085"
    pred = write_jsonl(tmp_path / "pred.jsonl", [record])
    validated = CliRunner().invoke(main, ["validate", "--kind", "prediction", str(pred)])
    assert validated.exit_code == ExitCode.OK, validated.output
    assert "1 record(s)" in validated.output
    result = _eval("--gold", str(golden_gold), "--pred", str(pred), "--strict")
    assert result.exit_code == ExitCode.OK, result.stderr


_DEEP = "[" * 100_000 + "]" * 100_000
_HUGE = '{"id": ' + "7" * 5000 + "}"


@pytest.mark.parametrize(("content", "code"), [(_DEEP, "too-deep"), (_HUGE, "bad-number")])
@pytest.mark.parametrize("workers", ["1", "2"])
def test_item15_deep_or_huge_json_is_one_line_per_input(tmp_path: Path, content: str, code: str, workers: str) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(content + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(content + "\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "parley", "eval", "--gold", str(gold), "--pred", str(pred), "--workers", workers],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == ExitCode.UNUSABLE
    assert "Traceback" not in completed.stderr
    assert f"{gold}:1: -: /: {code}: " in completed.stderr
    assert len(completed.stderr.splitlines()) == 2  # the problem, then the one-line summary


def test_item15_a_dataset_folder_with_a_script_is_refused_by_run(tmp_path: Path) -> None:
    folder = tmp_path / "dataset"
    folder.mkdir()
    (folder / "README.md").write_text(
        "---\nconfigs:\n- config_name: documents\n  data_files:\n  - split: test\n    path: x.parquet\n---\n",
        encoding="utf-8",
    )
    (folder / "dataset.py").write_text("raise SystemExit('this must never run')\n", encoding="utf-8")
    out = tmp_path / "preds.jsonl"
    result = CliRunner().invoke(
        main, ["run", "--system", "lexicon", "--gold", str(folder), "--out", str(out), "--no-progress"]
    )
    assert result.exit_code == ExitCode.UNUSABLE
    assert "holds a Python script (dataset.py); Parley never runs code from data" in result.output
    assert not out.exists()


def test_item16_eval_refuses_a_device_as_predictions(golden_gold: Path) -> None:
    result = _eval("--gold", str(golden_gold), "--pred", "/dev/zero")
    assert result.exit_code == ExitCode.UNUSABLE
    assert result.stderr.strip() == (
        "parley: error: predictions /dev/zero: is not a regular file (a device, FIFO or socket)"
    )


def test_item16_eval_refuses_a_fifo_without_waiting(golden_gold: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pred.jsonl"
    os.mkfifo(fifo)
    outcome: list[Result] = []
    thread = threading.Thread(target=lambda: outcome.append(_eval("--gold", str(golden_gold), "--pred", str(fifo))))
    thread.daemon = True
    thread.start()
    thread.join(60)
    if thread.is_alive():
        with fifo.open("wb"):
            pass
        pytest.fail("eval blocked on a FIFO")
    assert outcome[0].exit_code == ExitCode.UNUSABLE
    assert "is not a regular file" in outcome[0].stderr


def test_item16_many_text_only_mentions_of_one_string_are_all_placed() -> None:
    text = "a " * 500
    record: dict[str, Any] = {
        "id": "d",
        "entities": [{"id": "e", "type": "ORGANIZATION", "name": "a", "mentions": [{"text": " "}] * 16_000}],
        "events": [],
    }
    grounding = ground_record(record, text)
    assert grounding.text_only == 16_000 and grounding.hallucinated == 0
