"""No command writes to a path it read (issue 11): run normally, every input is byte for byte and time for time as
it was; pointed at one of its inputs, every output option is refused with one line and nothing changes."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.eval.leaderboard import BEGIN, END
from parley.exitcodes import ExitCode
from tests.systems.helpers import generated, write_gold

Snapshot = dict[Path, tuple[bytes, int]]


def _snapshot(*roots: Path) -> Snapshot:
    files = [path for root in roots for path in ([root] if root.is_file() else sorted(root.rglob("*")))]
    return {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in files if path.is_file()}


def _invoke(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(arguments))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """A gold folder, predictions of it, a report of them and a draft: every kind of file a command reads."""
    gold = write_gold(tmp_path / "gold", generated(3, seed=4))
    predictions = tmp_path / "predictions.jsonl"
    run = ["run", "--system", "lexicon", "--gold", str(gold), "--split", "all", "--out", str(predictions)]
    assert _invoke(*run, "--no-progress")[0] == ExitCode.OK
    report = tmp_path / "report.json"
    scored = ["eval", "--gold", str(gold), "--pred", str(predictions), "--split", "all", "--bootstrap", "0"]
    assert _invoke(*scored, "--out", str(report))[0] == ExitCode.OK
    document = json.loads(next(gold.glob("*.json")).read_text(encoding="utf-8"))
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    draft = drafts / f"{document['id']}.json"
    draft.write_text(json.dumps(document), encoding="utf-8")
    (tmp_path / "out").mkdir()
    return {"gold": gold, "predictions": predictions, "report": report, "draft": draft, "out": tmp_path / "out"}


Command = Callable[[dict[str, Path], str], list[str]]
"""A command's arguments, given the input paths and where its output goes."""

COMMANDS: dict[str, tuple[Command, list[str]]] = {
    "build": (lambda p, out: ["build", str(p["gold"]), "--out", out], ["gold"]),
    "ground": (lambda p, out: ["corpus", "ground", str(p["draft"]), "--out", out], ["draft"]),
    "eval --out": (
        lambda p, out: [
            *("eval", "--gold", str(p["gold"]), "--pred", str(p["predictions"]), "--split", "all"),
            *("--bootstrap", "0", "--out", out),
        ],
        ["gold", "predictions"],
    ),
    "eval --plots": (
        lambda p, out: [
            *("eval", "--gold", str(p["gold"]), "--pred", str(p["predictions"]), "--split", "all"),
            *("--bootstrap", "0", "--plots", out),
        ],
        ["gold", "predictions"],
    ),
    "compare": (
        lambda p, out: [
            *("eval", "compare", str(p["predictions"]), str(p["predictions"]), "--gold", str(p["gold"])),
            *("--split", "all", "--bootstrap", "10", "--out", out),
        ],
        ["gold", "predictions"],
    ),
    "agreement": (lambda p, out: ["eval", "agreement", str(p["gold"]), str(p["gold"]), "--out", out], ["gold"]),
    "leaderboard": (lambda p, out: ["eval", "leaderboard", str(p["report"]), "--readme", out], ["report"]),
    "run": (
        lambda p, out: [
            *("run", "--system", "lexicon", "--gold", str(p["gold"]), "--split", "all", "--out", out),
            "--no-progress",
        ],
        ["gold"],
    ),
    "train": (lambda p, out: ["train", "--gold", str(p["gold"]), "--model", out], ["gold"]),
}


def _output_for(name: str, inputs: dict[str, Path]) -> str:
    out = inputs["out"]
    if name == "leaderboard":
        readme = out / "README.md"
        readme.write_text(f"# Board\n{BEGIN}\n{END}\n", encoding="utf-8")
        return str(readme)
    suffix = {"build": "dataset", "ground": "records", "eval --plots": "plots", "train": "model.json"}
    return str(out / suffix.get(name, "output.jsonl"))


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_command_leaves_every_input_as_it_was(name: str, inputs: dict[str, Path]) -> None:
    command, _ = COMMANDS[name]
    read = [inputs[key] for key in ("gold", "predictions", "report", "draft")]
    before = _snapshot(*read)
    code, output = _invoke(*command(inputs, _output_for(name, inputs)))
    assert code in (ExitCode.OK, ExitCode.PROBLEMS), output
    assert _snapshot(*read) == before


def _targets(name: str, inputs: dict[str, Path]) -> list[Path]:
    """Outputs that are inputs: each input file itself, and for a folder input one of its files and the folder."""
    targets: list[Path] = []
    for key in COMMANDS[name][1]:
        path = inputs[key]
        targets += [next(path.glob("*.json")), path] if path.is_dir() else [path]
    return targets


@pytest.mark.parametrize("name", list(COMMANDS))
def test_an_output_onto_an_input_is_refused(name: str, inputs: dict[str, Path]) -> None:
    command, _ = COMMANDS[name]
    read = [inputs[key] for key in ("gold", "predictions", "report", "draft")]
    for target in _targets(name, inputs):
        before = _snapshot(*read)
        code, output = _invoke(*command(inputs, str(target)))
        assert code == ExitCode.UNUSABLE, (target, output)
        assert _snapshot(*read) == before, target
