"""Every bad input: its one-line message (FILE:LINE for prediction lines), its exit code, never a traceback."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from parley.cli import main
from parley.exitcodes import ExitCode
from tests.eval.conftest import as_prediction, golden_cases, load_case, write_jsonl


def _gold_record() -> dict[str, Any]:
    record: dict[str, Any] = load_case(golden_cases()[0])["gold"][0]
    return record


def _run(*args: str) -> Result:
    result = CliRunner().invoke(main, ["eval", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _score(gold: Path, pred: Path, tmp_path: Path, *extra: str) -> tuple[Result, dict[str, Any]]:
    out = tmp_path / "report.json"
    result = _run(
        "--gold", str(gold), "--pred", str(pred), "--split", "all", "--bootstrap", "0", "--out", str(out), *extra
    )
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    return result, report


def _with_offsets(start: int, end: int, text: str) -> dict[str, Any]:
    record = as_prediction(_gold_record())
    record["events"][0]["triggers"] = [{"start": start, "end": end, "text": text}]
    return record


BAD_LINES: list[tuple[str, str | dict[str, Any], str]] = [
    ("not-json", "{this is not json", "not-json: Expecting property name enclosed in double quotes"),
    ("schema", {"id": "golden-geneva", "entities": []}, "missing-field"),
    (
        "unknown-value",
        {
            **as_prediction(_gold_record()),
            "events": [
                {
                    "id": "x",
                    "type": "PARTY",
                    "triggers": [{"text": "talks"}],
                    "arguments": [],
                    "attributes": {"polarity": "positive", "realis": "actual"},
                }
            ],
        },
        "unknown-value",
    ),
    (
        "unknown-document",
        {**as_prediction(_gold_record()), "id": "no-such-document"},
        "unknown-document: no gold document has this id",
    ),
    ("offset-outside", _with_offsets(100, 200, "talks"), "offset-range: span 100:200 is outside the text"),
    # The gold text is 105 characters and ends "ceasefire.": the slice is cut short to the mention's text.
    ("offset-past-the-end", _with_offsets(95, 200, "ceasefire."), "offset-range: span 95:200 is outside the text"),
    (
        "offset-mismatch",
        _with_offsets(0, 5, "talks"),
        "offset-mismatch: gold text[0:5] is 'Arcad', the mention says 'talks'",
    ),
]


@pytest.mark.parametrize(("name", "line", "message"), BAD_LINES, ids=[case[0] for case in BAD_LINES])
def test_bad_line_is_reported_counted_and_scored_empty(
    name: str, line: str | dict[str, Any], message: str, golden_gold: Path, tmp_path: Path
) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text((line if isinstance(line, str) else json.dumps(line)) + "\n", encoding="utf-8")
    result, report = _score(golden_gold, pred, tmp_path)
    assert result.exit_code == ExitCode.OK
    assert f"{pred}:1: " in result.stderr
    assert message in result.stderr
    assert report["input_problems"]["rejected_lines"] == 1
    assert report["metrics"]["parse_failure_rate"] == 1.0
    assert report["metrics"]["event_identification"]["recall"] == 0.0
    strict, _ = _score(golden_gold, pred, tmp_path, "--strict")
    assert strict.exit_code == ExitCode.PROBLEMS


def test_not_utf8_line(golden_gold: Path, tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(json.dumps(as_prediction(_gold_record())).encode() + b"\n" + b'{"id": "\xff"}\n')
    result, report = _score(golden_gold, pred, tmp_path)
    assert result.exit_code == ExitCode.OK
    assert f"{pred}:2: -: /: not-utf8" in result.stderr
    assert report["input_problems"]["by_code"] == {"not-utf8": 1}
    assert report["metrics"]["event_identification"]["f1"] == 1.0


def test_repeated_document_scores_empty(golden_gold: Path, tmp_path: Path) -> None:
    record = as_prediction(_gold_record())
    pred = write_jsonl(tmp_path / "pred.jsonl", [record, record])
    result, report = _score(golden_gold, pred, tmp_path)
    assert f"{pred}:2: golden-geneva: /id: duplicate-document: id already predicted at line 1" in result.stderr
    assert report["metrics"]["event_identification"]["recall"] == 0.0
    assert report["predictions"]["documents_scored_empty"] == 1


def test_missing_document_is_an_empty_prediction(golden_gold: Path, tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n", encoding="utf-8")
    result, report = _score(golden_gold, pred, tmp_path)
    assert result.exit_code == ExitCode.OK
    assert report["input_problems"]["count"] == 0
    assert report["predictions"]["documents_scored_empty"] == 1
    assert report["metrics"]["argument_classification"]["recall"] == 0.0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--pred", "{tmp}/absent.jsonl"], "absent.jsonl: no such file"),
        (["--pred", "{tmp}"], "is a folder, expected a JSONL file"),
        (["--gold", "{tmp}/absent", "--pred", "{pred}"], "absent: no such file or folder"),
        (["--gold", "{gold}", "--pred", "{pred}", "--split", "test"], "none of its 1 document(s) is in split 'test'"),
        ([], "missing --pred"),
    ],
    ids=["no-predictions-file", "predictions-folder", "no-gold", "empty-split", "no-pred-option"],
)
def test_unusable_input_exits_2(arguments: list[str], message: str, golden_gold: Path, tmp_path: Path) -> None:
    pred = write_jsonl(tmp_path / "pred.jsonl", [as_prediction(_gold_record())])
    filled = [a.format(tmp=tmp_path, pred=pred, gold=golden_gold) for a in arguments]
    if "--gold" not in filled and filled:
        filled = ["--gold", str(golden_gold), "--split", "all", *filled]
    result = _run(*filled)
    assert result.exit_code == ExitCode.UNUSABLE
    assert result.stderr.startswith("parley: error: ")
    assert message in result.stderr


def test_invalid_gold_exits_2_with_its_problem(tmp_path: Path) -> None:
    record = _gold_record()
    record["events"][0]["triggers"][0]["end"] = 999
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(record), encoding="utf-8")
    pred = write_jsonl(tmp_path / "pred.jsonl", [])
    result = _run("--gold", str(gold), "--pred", str(pred), "--split", "all")
    assert result.exit_code == ExitCode.UNUSABLE
    assert f"{gold}: golden-geneva: /events/0/triggers/0: offset-range" in result.stderr
    assert "parley: error: the gold at" in result.stderr


def test_gold_that_is_not_json_exits_2(tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text("{", encoding="utf-8")
    result = _run("--gold", str(gold), "--pred", str(write_jsonl(tmp_path / "p.jsonl", [])), "--split", "all")
    assert result.exit_code == ExitCode.UNUSABLE
    assert f"{gold}: -: /: not-json" in result.stderr


def test_unwritable_outputs_exit_2(golden_gold: Path, tmp_path: Path) -> None:
    pred = write_jsonl(tmp_path / "pred.jsonl", [as_prediction(_gold_record())])
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    base = ("--gold", str(golden_gold), "--pred", str(pred), "--split", "all", "--bootstrap", "0")
    out = _run(*base, "--out", str(blocker / "report.json"))
    assert out.exit_code == ExitCode.UNUSABLE
    assert f"parley: error: cannot write {blocker / 'report.json'}" in out.stderr
    plots = _run(*base, "--plots", str(blocker))
    assert plots.exit_code == ExitCode.UNUSABLE
    assert f"parley: error: cannot write plots to {blocker}" in plots.stderr


@pytest.mark.parametrize(
    ("bad_line", "code"),
    [
        (b'{"id": "\xff"}', "not-utf8"),
        (b"\x00\x01" + bytes(range(0x80, 0x100)), "not-utf8"),  # json.loads(bytes) would guess UTF-16: not-json
        (b"\x00\x01\x02 not json", "not-json"),  # UTF-8, just not JSON
    ],
)
def test_eval_and_validate_name_a_bad_line_alike(golden_gold: Path, tmp_path: Path, bad_line: bytes, code: str) -> None:
    """Both read JSONL line by line: the bad line is reported at its number with the same code, the rest is used."""
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(json.dumps(as_prediction(_gold_record())).encode() + b"\n" + bad_line + b"\n")
    scored, report = _score(golden_gold, pred, tmp_path)
    assert f"{pred}:2: -: /: {code}: " in scored.stderr
    assert report["input_problems"]["by_code"] == {code: 1}
    validated = CliRunner().invoke(main, ["validate", "--kind", "prediction", str(pred)])
    assert validated.exit_code == ExitCode.UNUSABLE
    assert f"{pred}:2: -: /: {code}: " in validated.stderr
    assert "1 record(s)" in validated.stdout
