"""`parley` starts fast: the command layer imports the heavy libraries only inside the commands that use them.

The timings themselves are measured by `benchmarks/cli_startup.py`; here we check the cause, in a fresh process.
"""

import json
import subprocess
import sys

import pytest

HEAVY = ("sklearn", "datasets", "label_studio_sdk", "matplotlib", "scipy", "pandas", "pyarrow")


def _heavy_modules_after(code: str) -> list[str]:
    probe = f"import json, sys\n{code}\nprint(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))"
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(completed.stdout.splitlines()[-1])
    return loaded


def test_importing_the_command_imports_no_heavy_library() -> None:
    assert _heavy_modules_after("import parley.cli") == []


@pytest.mark.parametrize(
    "arguments",
    [["--help"], ["validate", "--help"], ["eval", "--help"], ["run", "--help"], ["annotate", "--help"]],
)
def test_help_imports_no_heavy_library(arguments: list[str]) -> None:
    code = (
        "from parley.cli import main\n"
        f"try:\n    main({arguments!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
    )
    assert _heavy_modules_after(code) == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The check above can fail: scoring does import scipy (the assignment of events and arguments)."""
    assert "scipy" in _heavy_modules_after("import parley.eval.pipeline")
