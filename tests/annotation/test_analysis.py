"""The count tables of the disagreement analysis: computed from classified.jsonl, guarded against drift in
ANALYSIS.md, and bad classified lines named by file and line."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from parley.annotation.analysis import (
    ClassifiedError,
    count_tables,
    generated_block,
    read_classified,
    render_markdown,
)
from parley.cli import main

ROOT = Path(__file__).resolve().parents[2]
ROUND_1 = ROOT / "annotation" / "double" / "round-1"
ANALYSIS = ROOT / "annotation" / "double" / "ANALYSIS.md"


def line(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "document": "doc-a",
        "kind": "argument-only-in-b",
        "decision": "b",
        "category": "error",
        "rules": ["R-GEN-5"],
        "note": "missed",
        "fix": None,
    }
    return base | changes


def write(tmp_path: Path, lines: list[dict[str, Any]] | list[str]) -> Path:
    path = tmp_path / "classified.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def test_committed_tables_match_the_classified_file() -> None:
    expected = render_markdown(count_tables(read_classified(ROUND_1 / "classified.jsonl")))
    assert generated_block(ANALYSIS.read_text(encoding="utf-8")) == expected, (
        "regenerate: parley annotate analysis annotation/double/round-1/classified.jsonl"
    )


def test_classified_file_is_in_document_order_and_covers_the_selection() -> None:
    documents = [x.document for x in read_classified(ROUND_1 / "classified.jsonl")]
    assert documents == sorted(documents)
    selected = {entry["id"] for entry in json.loads((ROUND_1 / "selection.json").read_text())["documents"]}
    assert set(documents) <= selected


def test_counts(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            line(),
            line(document="doc-b", decision="a", category="guideline-gap", rules=["R-ISSUE-2", "R-ISSUE-2"]),
            line(document="doc-b", category="guideline-gap", rules=["R-ISSUE-2"], note="Follows from the line above."),
        ],
    )
    tables = {table.title.split(" (")[0]: table for table in count_tables(read_classified(path))}
    assert ("guideline-gap", "2", "66.7 %") in tables["By category"].rows
    assert ("a", "1", "33.3 %") in tables["By decision"].rows
    assert tables["By rule"].rows[0] == ("R-ISSUE-2", "2", "2", "0", "0", "0")
    roots = dict((row[0], row[1:]) for row in tables["Root causes and consequences"].rows)
    assert roots["guideline-gap"] == ("1", "1") and roots["total"] == ("2", "1")
    assert tables["Per document"].rows == (
        ("doc-a", "1", "0", "0", "0", "1", "0", "1"),
        ("doc-b", "2", "2", "0", "0", "0", "1", "1"),
    )


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps(line(decision="c")), "decision 'c'"),
        (json.dumps(line(category="typo")), "category 'typo'"),
        (json.dumps(line(rules="R-GEN-5")), "`rules`"),
        (json.dumps(line(document=None)), "`document`"),
        (json.dumps(line(note=3)), "`note`"),
    ],
)
def test_bad_line_is_named_by_file_and_line(tmp_path: Path, bad: str, message: str) -> None:
    path = write(tmp_path, [json.dumps(line()), bad])
    with pytest.raises(ClassifiedError, match=message) as caught:
        read_classified(path)
    assert str(caught.value).startswith(f"{path}:2: ")
    result = CliRunner().invoke(main, ["annotate", "analysis", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and f"{path}:2" in result.stderr and "Traceback" not in result.output


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["annotate", "analysis", str(tmp_path / "nothing.jsonl")])
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_cli_prints_and_checks(tmp_path: Path) -> None:
    path = write(tmp_path, [line()])
    printed = CliRunner().invoke(main, ["annotate", "analysis", str(path)])
    assert printed.exit_code == 0 and printed.stdout == render_markdown(count_tables(read_classified(path)))
    report = tmp_path / "ANALYSIS.md"
    report.write_text("# Analysis\n\n" + printed.stdout + "\nMore words.\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["annotate", "analysis", str(path), "--check", str(report)]).exit_code == 0
    write(tmp_path, [line(), line(decision="a")])
    drifted = CliRunner().invoke(main, ["annotate", "analysis", str(path), "--check", str(report)])
    assert drifted.exit_code == 1 and "out of date" in drifted.stderr
