"""`make run` leaves the checkout clean: the main job's committed outputs are the same bytes when run again.

Runs the Makefile's own `results` recipe (reports, terminal tables, plots, leaderboard in a README) twice on the
same predictions, into two folders, and compares every file byte for byte.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_main_jobs_results_are_reproducible_byte_for_byte(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    bin_dir = Path(sys.executable).parent
    predictions = tmp_path / "predictions"
    predictions.mkdir()
    subprocess.run(
        [str(bin_dir / "parley"), "run", "--system", "lexicon", "--out", str(predictions / "lexicon.jsonl"),
         "--no-progress"],
        check=True, capture_output=True, cwd=tmp_path,
    )  # fmt: skip
    runs: list[dict[str, bytes]] = []
    for run in ("first", "second"):
        folder = tmp_path / run
        folder.mkdir()
        readme = folder / "README.md"
        shutil.copy(CHECKOUT / "eval" / "README.md", readme)
        subprocess.run(
            ["make", "--no-print-directory", "-C", str(CHECKOUT), "results", f"BIN={bin_dir}", "BASELINES=lexicon",
             f"DATASET={CHECKOUT / 'corpus' / 'documents'}", f"PREDICTIONS={predictions}",
             f"RESULTS={folder / 'results'}", f"LEADERBOARD_README={readme}"],
            check=True, capture_output=True,
        )  # fmt: skip
        runs.append(_files(folder))
    assert set(runs[0]) == {
        "README.md",
        "results/leaderboard.png",
        "results/lexicon.json",
        "results/lexicon.txt",
        "results/lexicon/per_type_f1.png",
        "results/lexicon/type_confusion.png",
    }
    different = [name for name in runs[0] if runs[0][name] != runs[1][name]]
    assert different == []
    assert b"| lexicon |" in runs[0]["README.md"]


def test_the_main_job_trains_before_it_runs_the_learned_baseline() -> None:
    """`parley run` never trains, so `make run` must train explicitly first."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    planned = subprocess.run(
        ["make", "--dry-run", "--no-print-directory", "-C", str(CHECKOUT), "run", "BIN=parley-bin"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    train = planned.index("parley-bin/parley train --gold build/dataset")
    assert train < planned.index("parley-bin/parley run --system sklearn --gold build/dataset")
