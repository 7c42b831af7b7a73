"""`parley corpus lint`: exit codes, one line per finding or problem, JSON and allowlist output, never a traceback."""

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from parley.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
TIME_FINDINGS = FIXTURES / "findings" / "untagged-time.jsonl"
TIME_CLEAN = FIXTURES / "clean" / "untagged-time.jsonl"
INVALID_RECORD = Path(__file__).parents[2] / "schema" / "fixtures" / "invalid" / "unknown-entity.json"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["corpus", "lint", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _allowlist(tmp_path: Path, entries: list[dict[str, object]]) -> Path:
    path = tmp_path / "allowlist.yaml"
    path.write_text(yaml.safe_dump(entries), encoding="utf-8")
    return path


def test_findings_exit_one_with_one_line_each_and_a_summary() -> None:
    code, out, err = _run("--no-allowlist", str(TIME_FINDINGS))
    assert code == 1
    assert err == ""
    line = out.splitlines()[0]
    assert line == (
        f"{TIME_FINDINGS}: lint-monday-2025-06-02: 28-34: untagged-time: 'Monday': "
        "a time expression in a sentence holding a trigger, not covered by a TIME mention"
    )
    assert "untagged-time" in out.split("\n", 1)[1]
    assert "1 document(s), 1 finding(s), 1 outstanding" in out


def test_clean_records_exit_zero() -> None:
    code, out, _ = _run("--no-allowlist", str(TIME_CLEAN))
    assert code == 0
    assert "0 finding(s), 0 outstanding" in out


def test_folder_is_searched_recursively(tmp_path: Path) -> None:
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "a.jsonl").write_text(TIME_FINDINGS.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = _run("--no-allowlist", "-q", str(tmp_path))
    assert code == 1
    assert len(out.splitlines()) == 1


def test_allowlisted_findings_exit_zero_and_show_on_request(tmp_path: Path) -> None:
    allowlist = _allowlist(
        tmp_path,
        [{"code": "untagged-time", "document": "lint-monday-2025-06-02", "text": "Monday", "reason": "a test"}],
    )
    code, out, _ = _run("--allowlist", str(allowlist), "-q", str(TIME_FINDINGS))
    assert (code, out) == (0, "")
    code, out, _ = _run("--allowlist", str(allowlist), "-q", "--show-allowlisted", str(TIME_FINDINGS))
    assert code == 0
    assert out.strip().endswith("[allowlisted: a test]")


def test_unused_allowlist_entry_exits_one(tmp_path: Path) -> None:
    allowlist = _allowlist(
        tmp_path, [{"code": "untagged-time", "document": "lint-monday-2025-06-02", "text": "May", "reason": "gone"}]
    )
    code, out, _ = _run("--allowlist", str(allowlist), "-q", str(TIME_CLEAN))
    assert code == 1
    [line] = out.splitlines()
    assert line.startswith(f"{allowlist}: lint-monday-2025-06-02: -: unused-allowlist-entry: 'May': entry 1 ")


def test_json_format_holds_findings_and_summary() -> None:
    code, out, _ = _run("--no-allowlist", "--format", "json", str(TIME_FINDINGS))
    assert code == 1
    report = json.loads(out)
    assert report["documents"] == 1
    assert report["outstanding"] == 1
    assert report["summary"]["untagged-time"] == {"findings": 1, "allowlisted": 0, "guidelines": "R-TIME-8"}
    [finding] = report["findings"]
    assert finding == {
        "code": "untagged-time",
        "message": "a time expression in a sentence holding a trigger, not covered by a TIME mention",
        "file": str(TIME_FINDINGS),
        "document": "lint-monday-2025-06-02",
        "start": 28,
        "end": 34,
        "text": "Monday",
        "allowlisted": False,
        "reason": None,
    }


def test_allowlist_format_drafts_entries_that_need_a_reason(tmp_path: Path) -> None:
    code, out, _ = _run("--no-allowlist", "--format", "allowlist", str(TIME_FINDINGS))
    assert code == 1
    entries = yaml.safe_load(out)
    assert entries == [
        {
            "code": "untagged-time",
            "document": "lint-monday-2025-06-02",
            "start": 28,
            "end": 34,
            "text": "Monday",
            "reason": "",
        }
    ]
    draft = tmp_path / "draft.yaml"
    draft.write_text(out, encoding="utf-8")
    code, _, err = _run("--allowlist", str(draft), str(TIME_FINDINGS))
    assert code == 2
    assert err.strip() == f"parley: error: allowlist {draft}: entry 1: 'reason' must be a non-empty string"


def test_missing_path_exits_two_with_one_line(tmp_path: Path) -> None:
    code, _, err = _run("--no-allowlist", str(tmp_path / "absent"))
    assert code == 2
    assert err.strip() == f"{tmp_path / 'absent'}: -: /: not-found: no such file or folder"


def test_file_that_is_not_json_exits_two(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    code, _, err = _run("--no-allowlist", str(path))
    assert code == 2
    [line] = err.splitlines()
    assert line.startswith(f"{path}: -: /: not-json: ")


def test_invalid_record_is_reported_and_left_out_exit_two(tmp_path: Path) -> None:
    code, out, err = _run("--no-allowlist", str(INVALID_RECORD), str(TIME_CLEAN))
    assert code == 2
    [line] = err.splitlines()
    assert line.startswith(f"{INVALID_RECORD}: fixture-talks-2025-06-02: /events/")
    assert ": unknown-entity: " in line
    assert "1 document(s)" in out


def test_one_invalid_record_in_a_json_array_leaves_the_others_linted(tmp_path: Path) -> None:
    records = [json.loads(line) for line in TIME_FINDINGS.read_text(encoding="utf-8").splitlines()]
    broken = {**records[0], "id": "broken-2025-06-02", "domain": "no-such-domain"}
    path = tmp_path / "array.json"
    path.write_text(json.dumps([broken, records[0]]), encoding="utf-8")
    code, out, err = _run("--no-allowlist", "--format", "json", str(path))
    assert code == 2
    [line] = err.splitlines()
    assert line.startswith(f"{path}: broken-2025-06-02: /domain: unknown-value: ")
    report = json.loads(out)
    assert report["documents"] == 1
    assert [f["document"] for f in report["findings"]] == ["lint-monday-2025-06-02"]


def test_malformed_or_missing_allowlist_exits_two_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("{code: [\n", encoding="utf-8")
    code, out, err = _run("--allowlist", str(bad), str(TIME_FINDINGS))
    assert (code, out) == (2, "")
    [line] = err.splitlines()
    assert line.startswith(f"parley: error: allowlist {bad}: not YAML: ")
    code, _, err = _run("--allowlist", str(tmp_path / "absent.yaml"), str(TIME_FINDINGS))
    assert code == 2
    assert err.strip() == f"parley: error: allowlist {tmp_path / 'absent.yaml'}: no such file"


def test_no_path_is_a_usage_error() -> None:
    code, _, err = _run()
    assert code == 2
    assert "Missing argument" in err
