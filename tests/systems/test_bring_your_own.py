"""Bring your own system as SYSTEMS.md says: `my_system.py` in the current folder, `--system my_system:extract`."""

import json
import subprocess
import sys
from pathlib import Path

from tests.systems.helpers import generated, write_gold

MY_SYSTEM = """
def extract(document):
    return {"id": document["id"], "entities": [], "events": []}
"""


def _parley(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed `parley` script, as a user runs it (its own bin folder, not the cwd, starts the path)."""
    script = Path(sys.executable).with_name("parley")
    return subprocess.run([str(script), *arguments], cwd=cwd, capture_output=True, text=True, check=False)


def test_a_module_in_the_current_folder_is_found(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "my_system.py").write_text(MY_SYSTEM, encoding="utf-8")
    gold = write_gold(tmp_path / "gold", generated(3))
    completed = _parley(
        "run", "--system", "my_system:extract", "--gold", str(gold), "--split", "all", "--out", "preds.jsonl",
        "--no-progress", cwd=work,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    lines = [json.loads(line) for line in (work / "preds.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [f"synthetic-{index:07d}" for index in range(3)]


def test_a_missing_module_names_where_it_was_looked_for(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold", generated(1))
    completed = _parley(
        "run", "--system", "my_system:extract", "--gold", str(gold), "--split", "all", "--out", "p.jsonl", cwd=tmp_path
    )
    assert completed.returncode == 2
    assert completed.stderr.strip() == (
        f"parley: error: 'my_system:extract': no module named 'my_system' in the current folder ({tmp_path}) "
        "or the installed packages"
    )
    assert not (tmp_path / "p.jsonl").exists()
