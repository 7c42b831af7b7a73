"""Tables written to a file or a pipe are rendered at full width: no number is ever cut to "…"."""

import json
import os
import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
REPORTS = [CHECKOUT / "eval" / "results" / "lexicon.json", CHECKOUT / "eval" / "results" / "sklearn.json"]


def _leaderboard(**environment: str) -> str:
    env = {name: value for name, value in os.environ.items() if name not in ("COLUMNS", "LINES")}
    completed = subprocess.run(
        [sys.executable, "-m", "parley", "eval", "leaderboard", *map(str, REPORTS)],
        capture_output=True,
        text=True,
        check=True,
        env={**env, **environment},
    )
    return completed.stdout


def test_a_piped_table_keeps_every_number() -> None:
    printed = _leaderboard()
    assert "…" not in printed
    assert max(len(line) for line in printed.splitlines()) > 80
    for path in REPORTS:
        report = json.loads(path.read_text(encoding="utf-8"))
        metric = report["metrics"]["event_classification"]
        interval = metric["f1_interval"]
        assert f"{metric['f1']:.3f} [{interval['low']:.3f}–{interval['high']:.3f}]" in printed


def test_an_explicit_width_is_respected() -> None:
    printed = _leaderboard(COLUMNS="60")
    assert max(len(line) for line in printed.splitlines()) <= 60
    assert "…" in printed
