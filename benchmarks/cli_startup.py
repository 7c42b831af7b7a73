"""Benchmark: how long the `parley` command takes to start, as a user sees it (a fresh process each time).

Times `parley --help` (target under 0.5 s) and `parley validate` of one shipped document (target under 1 s) the way
hyperfine does: a few warm-up runs, then repeated runs of the command in a new process, reporting mean, standard
deviation, minimum and maximum wall-clock time. No target is asserted; the numbers go in the report of issue 12.

    .venv/bin/python benchmarks/cli_startup.py [--runs 10] [--warmup 2]
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]


def _parley() -> list[str]:
    """The installed `parley` next to this interpreter, else the module run by this interpreter."""
    script = Path(sys.executable).with_name("parley")
    if script.is_file():
        return [str(script)]
    found = shutil.which("parley")
    return [found] if found else [sys.executable, "-m", "parley"]


def _time(command: list[str], *, runs: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        subprocess.run(command, check=True, capture_output=True)
    seconds: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per command")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs first (warm the file cache)")
    options = parser.parse_args()
    document = min((CHECKOUT / "corpus" / "documents").glob("*.json"))
    parley = _parley()
    commands = {
        "parley --help": [*parley, "--help"],
        f"parley validate {document.relative_to(CHECKOUT)}": [*parley, "validate", str(document)],
    }
    for label, command in commands.items():
        seconds = _time(command, runs=options.runs, warmup=options.warmup)
        spread = statistics.stdev(seconds) if len(seconds) > 1 else 0.0
        print(
            f"{label}: mean {statistics.mean(seconds):.3f} s ± {spread:.3f} s "
            f"(min {min(seconds):.3f} s, max {max(seconds):.3f} s, {len(seconds)} runs)"
        )


if __name__ == "__main__":
    main()
