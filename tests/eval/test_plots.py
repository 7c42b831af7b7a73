"""The plots read well: per-type F1 bars carry their value and gold count, a zero is a visible mark; the
leaderboard figure puts every system side by side per type, with intervals."""

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from matplotlib.patches import Rectangle

from parley.cli import main
from parley.eval import Report, evaluate
from parley.eval.render import ZERO_MARK_HEIGHT, leaderboard_figure, per_type_f1_figure
from parley.schema.files import read_records

VALID = Path(__file__).resolve().parents[1] / "schema" / "fixtures" / "valid" / "fixture-talks-2025-06-02.json"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _gold() -> dict[str, Any]:
    [gold] = [sourced.record for sourced in read_records(VALID)[0]]
    record: dict[str, Any] = gold
    return record


def _half(gold: dict[str, Any]) -> dict[str, Any]:
    """The gold's events of every type but the first, so that one type scores zero."""
    first_type = gold["events"][0]["type"]
    events = [event for event in gold["events"] if event["type"] != first_type]
    return {"id": gold["id"], "entities": gold["entities"], "events": events}


def _report(system: str, prediction: dict[str, Any]) -> Report:
    gold: Any = _gold()
    return evaluate([gold], [prediction], system=system, bootstrap_samples=50)


def _texts(axes: Any) -> list[str]:
    return [text.get_text() for text in axes.texts]


def test_per_type_bars_carry_value_gold_count_and_a_visible_zero() -> None:
    gold = _gold()
    report = _report("half", _half(gold))
    per_label = report.to_json()["metrics"]["event_classification"]["per_label"]
    figure = per_type_f1_figure(report)
    [axes] = figure.axes
    ticks = [label.get_text() for label in axes.get_xticklabels()]
    assert sorted(ticks) == sorted(f"{label}\n(n={score['gold']:.0f})" for label, score in per_label.items())
    assert sorted(_texts(axes)) == sorted(f"{score['f1']:.2f}" for score in per_label.values())
    zeros = [label for label, score in per_label.items() if score["f1"] == 0]
    assert zeros == [gold["events"][0]["type"]]
    marks = [patch for patch in axes.patches if isinstance(patch, Rectangle) and patch.get_height() == ZERO_MARK_HEIGHT]
    assert len(marks) == len(zeros)


def test_the_leaderboard_figure_compares_every_system_per_type() -> None:
    gold = _gold()
    reports = [_report("perfect", gold).to_json(), _report("half", _half(gold)).to_json()]
    figure = leaderboard_figure(reports)
    [axes] = figure.axes
    legend = axes.get_legend()
    assert legend is not None
    assert [text.get_text() for text in legend.get_texts()] == ["perfect", "half"]
    ticks = [label.get_text() for label in axes.get_xticklabels()]
    types = {event["type"] for event in gold["events"]}
    assert ticks[0] == f"all types\n(n={len(gold['events'])})"
    assert len(ticks) == 1 + len(types)
    assert len(_texts(axes)) == 2 * len(ticks)  # one value label per system and group
    assert len(axes.lines) + len(axes.collections) > 0  # the interval error bars


def test_leaderboard_plot_option_writes_a_png(tmp_path: Path) -> None:
    gold = _gold()
    paths = []
    for name, prediction in (("perfect", gold), ("half", _half(gold))):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(_report(name, prediction).to_json()), encoding="utf-8")
        paths.append(str(path))
    plot = tmp_path / "plots" / "leaderboard.png"
    result = CliRunner().invoke(main, ["eval", "leaderboard", *paths, "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    assert plot.read_bytes().startswith(PNG_MAGIC)
    assert f"wrote {plot}" in result.stderr


def test_an_unwritable_plot_is_one_line_and_exit_2(tmp_path: Path) -> None:
    where = "a-file/leaderboard.png"
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    report = tmp_path / "perfect.json"
    report.write_text(json.dumps(_report("perfect", _gold()).to_json()), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "leaderboard", str(report), "--plot", str(tmp_path / where)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"parley: error: cannot write {tmp_path / where}: ")
    assert result.stderr.count("\n") == 1
