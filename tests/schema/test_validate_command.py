"""`parley validate`: exit codes, one precise line per problem, never a traceback."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid" / "fixture-talks-2025-06-02.json"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_clean_file_exits_zero_with_a_summary() -> None:
    code, output = _run(str(VALID))
    assert code == 0
    assert "1 record(s), 5 event(s), 0 problem(s)" in output


def test_folder_is_searched_recursively(tmp_path: Path) -> None:
    (tmp_path / "nested").mkdir()
    shutil.copy(VALID, tmp_path / "nested" / "a.json")
    code, output = _run(str(tmp_path))
    assert code == 0
    assert "1 record(s)" in output


def test_each_invalid_file_exits_one_with_one_line() -> None:
    for path in sorted((FIXTURES / "invalid").glob("*.json")):
        code, output = _run("--quiet", str(path))
        assert code == 1
        [line] = output.splitlines()
        assert line.startswith(f"{path}: ")
        assert f": {path.stem.split('--')[0]}: " in line


def test_problem_line_names_file_document_pointer_code_and_message() -> None:
    path = FIXTURES / "invalid" / "unknown-entity.json"
    code, output = _run("-q", str(path))
    assert code == 1
    assert output.strip() == (
        f"{path}: fixture-talks-2025-06-02: /events/1/arguments/2/entity: unknown-entity: no entity has id 'prisoner'"
    )


def test_jsonl_problems_carry_the_line_number(tmp_path: Path) -> None:
    record = json.loads(VALID.read_text(encoding="utf-8"))
    broken = dict(record, id="second", date="2025-02-30")
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (record, broken)) + "\n", encoding="utf-8")
    code, output = _run("-q", str(path))
    assert code == 1
    assert output.strip() == f"{path}:2: second: /date: date-invalid: '2025-02-30' is not a real calendar date"


def test_same_document_twice_is_a_problem(tmp_path: Path) -> None:
    shutil.copy(VALID, tmp_path / "a.json")
    shutil.copy(VALID, tmp_path / "b.json")
    code, output = _run("-q", str(tmp_path))
    assert code == 1
    assert f"{tmp_path / 'b.json'}: fixture-talks-2025-06-02: /id: duplicate-document: id already used in " in output


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("broken.json", b'{"id": "x", ', "not-json"),
        ("broken.jsonl", b'{"id": "x"}\n{oops}\n', "not-json"),
        ("latin1.json", '{"title": "Zoë"}'.encode("latin-1"), "not-utf8"),
    ],
)
def test_unreadable_input_exits_two(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    exit_code, output = _run("-q", str(path))
    assert exit_code == 2
    assert f": {code}: " in output
    assert output.startswith(str(path))


def test_missing_path_exits_two(tmp_path: Path) -> None:
    exit_code, output = _run("-q", str(tmp_path / "nope"))
    assert exit_code == 2
    assert "not-found: no such file or folder" in output


def test_empty_folder_exits_two(tmp_path: Path) -> None:
    exit_code, output = _run("-q", str(tmp_path))
    assert exit_code == 2
    assert "no-records" in output


def test_prediction_kind_accepts_records_without_offsets(tmp_path: Path) -> None:
    path = tmp_path / "preds.jsonl"
    path.write_text(json.dumps({"id": "d1", "entities": [], "events": []}) + "\n", encoding="utf-8")
    assert _run("--kind", "prediction", str(path))[0] == 0
    assert _run("--kind", "gold", "-q", str(path))[0] == 1


def test_real_process_prints_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("[{]", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "parley", "validate", str(path)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stdout + completed.stderr


def test_the_shipped_corpus_folder_validates_as_a_whole() -> None:
    """The first command a user types: `corpus/` holds records only (the agreement figures live in annotation/)."""
    corpus = Path(__file__).resolve().parents[2] / "corpus"
    code, output = _run(str(corpus))
    assert code == 0, output
    documents = len(list((corpus / "documents").glob("*.json")))
    assert f"{documents} record(s)" in output
    assert " 0 problem(s)" in output


def test_problems_go_to_stderr_and_the_summary_to_stdout(tmp_path: Path) -> None:
    """Like every other command: problems (a missing path included) on stderr, results on stdout."""
    broken = FIXTURES / "invalid" / "unknown-entity.json"
    result = CliRunner().invoke(main, ["validate", str(broken), str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert f"{tmp_path / 'nope'}: -: /: not-found: no such file or folder" in result.stderr
    assert ": unknown-entity: " in result.stderr
    assert result.stdout.startswith("1 record(s), 5 event(s), 2 problem(s);")


def test_a_jsonl_file_is_read_line_by_line(tmp_path: Path) -> None:
    """One line that is not UTF-8 does not hide the file's other records (as `parley eval` reads it too)."""
    record = json.loads(VALID.read_text(encoding="utf-8"))
    second = dict(record, id="second")
    path = tmp_path / "records.jsonl"
    lines = [json.dumps(record).encode(), '{"title": "Zoë"}'.encode("latin-1"), json.dumps(second).encode()]
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{path}:2: -: /: not-utf8: not UTF-8 (byte 13)"
    assert "2 record(s), 10 event(s), 1 problem(s);" in result.stdout


def test_summary_counts_records_per_schema_version(tmp_path: Path) -> None:
    shutil.copy(VALID, tmp_path / "a.json")
    shutil.copy(FIXTURES / "valid" / "fixture-relations-2025-06-02.json", tmp_path / "b.json")
    record = json.loads(VALID.read_text(encoding="utf-8"))
    (tmp_path / "c.json").write_text(json.dumps(dict(record, id="other", domain="finance")), encoding="utf-8")
    code, output = _run(str(tmp_path))
    assert code == 0
    assert "3 record(s), 15 event(s), 0 problem(s); schema 1.0: 1, schema 1.1: 2" in output


def test_versions_flag_names_what_makes_a_record_1_1() -> None:
    relations = FIXTURES / "valid" / "fixture-relations-2025-06-02.json"
    code, output = _run("--versions", "-q", str(VALID), str(relations))
    assert code == 0
    assert output.splitlines() == [
        f"{VALID}: fixture-talks-2025-06-02: schema 1.0",
        f"{relations}: fixture-relations-2025-06-02: schema 1.1 (relations, quantity units)",
    ]


def test_a_1_0_record_with_a_1_1_role_is_reported_as_1_1(tmp_path: Path) -> None:
    record = json.loads(VALID.read_text(encoding="utf-8"))
    rejection = next(event for event in record["events"] if event["type"] == "REJECT")
    rejection["arguments"].append({"role": "quantity", "entity": "prisoners"})
    path = tmp_path / "vote.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    code, output = _run("--versions", "-q", str(path))
    assert code == 0
    assert output.strip() == f"{path}: fixture-talks-2025-06-02: schema 1.1 (quantity on REJECT)"
