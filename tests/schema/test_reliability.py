"""Regression tests of issue 11 for `parley validate` and the strict reader behind every JSON input.

Each test is named for the item of the issue it guards (item09 = item 9).
"""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.eval.check import record_problems
from parley.reading import InputError, iter_lines, parse_json, parse_yaml
from parley.schema.files import ValidationCounts, stream_validation
from parley.schema.problems import Problem
from parley.schema.validation import iter_problems
from tests.conftest import as_ordinary_user

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid" / "fixture-talks-2025-06-02.json"


def _record() -> dict[str, object]:
    record: dict[str, object] = json.loads(VALID.read_text(encoding="utf-8"))
    return record


def _validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", "-q", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_item09_a_lone_surrogate_is_bad_unicode(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").replace('"title": "', '"title": "\\ud800', 1)
    path = tmp_path / "surrogate.json"
    path.write_text(text, encoding="utf-8")
    code, output = _validate(str(path))
    assert code == 2
    [line] = output.splitlines()
    assert line.startswith(f"{path}: -: /: bad-unicode: ")


def test_item09_a_surrogate_pair_is_a_character_not_an_error() -> None:
    assert parse_json('"\\ud83c\\uddfa"') == "\U0001f1fa"
    with pytest.raises(InputError) as caught:
        parse_json('{"k": ["\\udc00"]}')
    assert caught.value.code == "bad-unicode"


def test_item12_a_duplicate_key_is_refused(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").rstrip().removesuffix("}") + ', "events": []}'
    path = tmp_path / "twice.json"
    path.write_text(text, encoding="utf-8")
    code, output = _validate(str(path))
    assert code == 2
    assert output.strip() == f"{path}: -: /: duplicate-key: key 'events' appears twice in one object"


@pytest.mark.parametrize("bad_id", ["fixture\n", "fixture\r\n", "\nfixture"])
def test_item13_an_id_with_a_newline_does_not_match_the_pattern(tmp_path: Path, bad_id: str) -> None:
    path = tmp_path / "newline.json"
    path.write_text(json.dumps(dict(_record(), id=bad_id)), encoding="utf-8")
    code, output = _validate(str(path))
    assert code == 1
    assert "/id: bad-format: " in output
    assert len(output.splitlines()) == 1


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\u2029", "\x0c"])
def test_item14_jsonl_splits_on_newline_only(tmp_path: Path, separator: str) -> None:
    record = _record()
    record["title"] = f"before{separator}after"
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 record(s)" in result.output


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("[" * 100_000 + "]" * 100_000, "too-deep"),
        ('{"id": ' + "9" * 5000 + "}", "bad-number"),
        ('{"id": NaN}', "not-json"),
    ],
)
def test_item15_deep_nesting_and_huge_numbers_are_one_line(tmp_path: Path, content: str, code: str) -> None:
    for name, text in (("deep.json", content), ("deep.jsonl", content + "\n")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        exit_code, output = _validate(str(path))
        assert exit_code == 2
        [line] = output.splitlines()
        assert f": {code}: " in line


def test_item16_echoed_values_are_cut_short(tmp_path: Path) -> None:
    huge_id = "a" * 1_000_000
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(dict(_record(), id=huge_id, date="2025-02-30")), encoding="utf-8")
    code, output = _validate(str(path))
    assert code == 1
    [line] = output.splitlines()
    assert len(line) < 2000
    assert "(1000000 characters)" in line


def test_item16_a_problem_line_never_breaks() -> None:
    problem = Problem("f.json", 3, "doc\nid", "/x", "code", "message\nwith\u2028breaks\ud800")
    assert "\n" not in problem.format() and "\u2028" not in problem.format()
    problem.format().encode("utf-8")


def test_item16_an_overlong_line_is_skipped_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_bytes(b"x" * 100 + b"\n" + b'{"a": 1}\n')
    with path.open("rb") as handle:
        lines = list(iter_lines(handle, limit=50))
    assert isinstance(lines[0][1], InputError) and lines[0][1].code == "line-too-long"
    assert lines[1] == (2, b'{"a": 1}\n')


def test_item16_a_device_is_refused_not_read(tmp_path: Path) -> None:
    code, output = _validate("/dev/zero")
    assert code == 2
    assert output.strip() == "/dev/zero: -: /: not-a-file: is not a regular file (a device, FIFO or socket)"


def test_item16_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "records.jsonl"
    os.mkfifo(fifo)
    finished = threading.Event()
    outcome: list[tuple[int, str]] = []

    def run() -> None:
        outcome.append(_validate(str(fifo)))
        finished.set()

    threading.Thread(target=run, daemon=True).start()
    if not finished.wait(30):
        with fifo.open("wb"):  # release the blocked reader so the test process can end
            pass
        pytest.fail("validate blocked on a FIFO")
    [(code, output)] = outcome
    assert code == 2
    assert ": not-a-file: " in output


def test_item16_yaml_aliases_are_refused() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    with pytest.raises(InputError) as caught:
        parse_yaml(bomb)
    assert caught.value.code == "not-yaml"
    assert "aliases are not allowed" in caught.value.message


def test_item12_yaml_repeated_keys_are_refused() -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml("id: a\nevents: [1]\nevents: []\n")
    assert "key 'events' appears twice" in caught.value.message


def test_item11_an_unreadable_subfolder_is_reported_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.json").write_text(VALID.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "locked").chmod(0)
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "parley", "validate", "-q", str(tmp_path)],
            capture_output=True,
            text=True,
            check=False,
            **as_ordinary_user(),  # type: ignore[call-overload]
        )
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert completed.returncode == 2, completed.stdout + completed.stderr
    expected = f"{tmp_path / 'locked'}: -: /: unreadable: cannot read this folder: Permission denied"
    assert completed.stderr.strip() == expected


def test_item11_a_link_loop_and_a_dangling_record_link_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(VALID.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "gone.json").symlink_to(tmp_path / "nowhere.json")
    (tmp_path / "up").symlink_to(tmp_path)  # a link back to the folder is searched once, not forever
    code, output = _validate(str(tmp_path))
    assert code == 2
    assert sorted(line.split(": ")[0] for line in output.splitlines()) == [
        str(tmp_path / "gone.json"),
        str(tmp_path / "loop"),
    ]


def test_item18_streamed_validate_finds_what_the_full_schema_check_finds(tmp_path: Path) -> None:
    """`validate` streams JSONL through the evaluation's pre-check; on every invalid fixture (and the valid one),
    one per line, it reports exactly the problems the full jsonschema validation reports."""
    records = [json.loads(path.read_text(encoding="utf-8")) for path in sorted((FIXTURES / "invalid").glob("*.json"))]
    path = tmp_path / "all.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in [_record(), *records]), encoding="utf-8")
    fast_counts, full_counts = ValidationCounts(), ValidationCounts()
    fast = list(stream_validation([path], "gold", fast_counts, check=record_problems))
    full = list(stream_validation([path], "gold", full_counts, check=iter_problems))
    assert fast == full
    assert len(fast) >= len(records)
    assert (fast_counts.records, fast_counts.problems) == (len(records) + 1, len(fast))
