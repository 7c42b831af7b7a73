"""The leaderboard: ranking from reports, rendering, the README block, and bad reports."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.eval import evaluate
from parley.eval.leaderboard import BEGIN, END, leaderboard_markdown, leaderboard_rows, with_leaderboard
from parley.schema.files import read_records

VALID = Path(__file__).resolve().parents[1] / "schema" / "fixtures" / "valid" / "fixture-talks-2025-06-02.json"


def _reports() -> list[dict[str, Any]]:
    [gold] = [sourced.record for sourced in read_records(VALID)[0]]
    perfect = evaluate([gold], [gold], system="perfect", bootstrap_samples=20).to_json()
    empty = evaluate([gold], [{"id": gold["id"], "entities": [], "events": []}], system="empty").to_json()
    return [empty, perfect]


def test_rows_are_ranked_by_event_f1() -> None:
    rows = leaderboard_rows(_reports())
    assert [row.system for row in rows] == ["perfect", "empty"]
    assert rows[0].event_f1.value == 1.0 and rows[0].argument_f1.value == 1.0
    assert rows[1].event_f1.value == 0.0
    assert rows[0].polarity_accuracy.value == 1.0
    assert rows[1].polarity_accuracy.value is None  # no aligned events, nothing to compare


def test_markdown_lands_between_the_markers_only() -> None:
    readme = f"intro\n{BEGIN}\nold table\n{END}\noutro\n"
    updated = with_leaderboard(readme, leaderboard_markdown(leaderboard_rows(_reports()), caption="caption"))
    assert updated.startswith("intro\n") and updated.endswith("outro\n")
    assert "old table" not in updated
    assert "| perfect | 1 | 1.000" in updated
    with pytest.raises(ValueError, match="exactly one leaderboard block"):
        with_leaderboard("no markers", "x")


def test_command_writes_the_readme(tmp_path: Path) -> None:
    paths = []
    for report in _reports():
        path = tmp_path / f"{report['system']}.json"
        path.write_text(json.dumps(report), encoding="utf-8")
        paths.append(str(path))
    readme = tmp_path / "README.md"
    readme.write_text(f"{BEGIN}\n{END}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "leaderboard", *paths, "--readme", str(readme)])
    assert result.exit_code == 0, result.output
    assert "| empty | 1 | 0.000" in readme.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not a readable JSON report"), ('{"system": "x"}', "lacks the metric")],
)
def test_bad_report_is_one_line_and_exit_two(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "report.json"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "leaderboard", str(path)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_attribute_accuracy_shows_the_aligned_pairs_behind_it() -> None:
    """A system with a handful of aligned events cannot pass its 1.000 off as better than a baseline's 0.99."""
    perfect, empty = leaderboard_rows(_reports())
    pairs = _reports()[1]["metrics"]["attributes"]["polarity"]["pairs"]
    assert pairs > 0
    assert perfect.polarity_accuracy.text() == f"1.000 (n={pairs})"
    assert empty.realis_accuracy.text() == "n/a (n=0)"
    markdown = leaderboard_markdown([perfect, empty], caption="")
    assert "polarity acc. (aligned pairs)" in markdown.splitlines()[0]
    assert f"| 1.000 (n={pairs}) | 1.000 (n={pairs}) |" in markdown


def test_the_terminal_report_puts_attributes_under_their_own_headings(tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_bytes(VALID.read_bytes())
    [record] = [sourced.record for sourced in read_records(VALID)[0]]
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--gold", str(gold), "--pred", str(pred), "--split", "all"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = next(line for line in lines if "attribute" in line and "accuracy" in line)
    assert [cell.strip() for cell in header.strip("┃ ").split("┃")] == [
        "attribute",
        "accuracy",
        "kappa",
        "aligned pairs",
    ]
    polarity = next(line for line in lines if line.startswith("│ polarity"))
    assert [cell.strip() for cell in polarity.strip("│ ").split("│")] == ["polarity", "1.000", "1.000", "5"]
    main_header = next(line for line in lines if "metric" in line and "F1" in line)
    assert "accuracy" not in main_header
