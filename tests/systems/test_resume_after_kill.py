"""A real `parley run` killed with SIGKILL in the middle resumes and completes, every document exactly once."""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import CHECKOUT
from tests.systems.helpers import generated, write_gold

DOCUMENTS = 12
POLL_SECONDS = 120.0


def _command(gold: Path, out: Path) -> list[str]:
    system = "tests.systems.plugins:slow_lexicon"
    return [sys.executable, "-m", "parley", "run", "--system", system, "--gold", str(gold), "--split", "all",
            "--out", str(out), "--no-progress"]  # fmt: skip


def _complete_lines(out: Path) -> int:
    try:
        return out.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_killed_run_resumes_without_redoing_or_losing_work(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold", generated(DOCUMENTS))
    out = tmp_path / "preds.jsonl"
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT), "PARLEY_TEST_SLOW_SECONDS": "0.5"}
    process = subprocess.Popen(
        _command(gold, out), cwd=CHECKOUT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + POLL_SECONDS
    while _complete_lines(out) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    done_before = _complete_lines(out)
    assert 3 <= done_before < DOCUMENTS

    resumed = subprocess.run(_command(gold, out), cwd=CHECKOUT, env=environment, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{DOCUMENTS - done_before} predicted now, {done_before} already in" in resumed.stdout.replace("\n", " ")
    counts = Counter(json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines())
    assert counts == Counter({f"synthetic-{index:07d}": 1 for index in range(DOCUMENTS)})
