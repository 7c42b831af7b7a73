"""One name for a system everywhere: the `--system` it was run as (written into its records by `parley run`)
names it in the report, the comparison and the leaderboard, whatever its predictions file is called."""

import json
from pathlib import Path

from click.testing import CliRunner

from parley.cli import main
from tests.systems.helpers import generated, write_gold

SPEC = "tests.systems.plugins:empty"


def test_the_run_name_is_the_name_everywhere(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold", generated(4, seed=5))
    runner = CliRunner()
    mine, floor = tmp_path / "my-system.jsonl", tmp_path / "floor.jsonl"
    for spec, out in ((SPEC, mine), ("lexicon", floor)):
        arguments = ["run", "--system", spec, "--gold", str(gold), "--split", "all", "--out", str(out)]
        assert runner.invoke(main, [*arguments, "--no-progress"]).exit_code == 0
    report_path = tmp_path / "report.json"
    scored = runner.invoke(
        main, ["eval", "--gold", str(gold), "--split", "all", "--pred", str(mine), "--out", str(report_path)]
    )
    assert scored.exit_code == 0, scored.output
    assert json.loads(report_path.read_text(encoding="utf-8"))["system"] == SPEC
    assert scored.stdout.startswith(f"{SPEC} on 4 document(s)")
    comparison_path = tmp_path / "comparison.json"
    compared = runner.invoke(
        main,
        ["eval", "compare", str(floor), str(mine), "--gold", str(gold), "--split", "all", "--bootstrap", "20",
         "--out", str(comparison_path)],
    )  # fmt: skip
    assert compared.exit_code == 0, compared.output
    assert json.loads(comparison_path.read_text(encoding="utf-8"))["systems"] == {"a": "lexicon", "b": SPEC}
    ranked = runner.invoke(main, ["eval", "leaderboard", str(report_path)])
    assert ranked.exit_code == 0, ranked.output
    assert f"│ {SPEC} " in ranked.stdout


def test_predictions_without_a_system_field_go_by_their_file_name(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold", generated(2, seed=5))
    unnamed = [{"id": document["id"], "entities": [], "events": []} for document in generated(2, seed=5)]
    first, second = tmp_path / "first-try.jsonl", tmp_path / "second-try.jsonl"
    for path in (first, second):
        path.write_text("".join(json.dumps(record) + "\n" for record in unnamed), encoding="utf-8")
    out = tmp_path / "comparison.json"
    arguments = ["eval", "compare", str(first), str(second), "--gold", str(gold), "--split", "all", "--out", str(out)]
    assert CliRunner().invoke(main, [*arguments, "--bootstrap", "10"]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["systems"] == {"a": "first-try", "b": "second-try"}
