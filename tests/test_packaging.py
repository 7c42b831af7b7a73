"""The built wheel finds its schema and corpus when installed in a clean virtual environment."""

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with only the built wheel (and its dependencies) installed."""
    workdir = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(workdir / "dist"), str(CHECKOUT)],
        check=True,
        capture_output=True,
    )
    [wheel] = (workdir / "dist").glob("parley-*.whl")
    env_dir = workdir / "venv"
    venv.create(env_dir, with_pip=True)
    subprocess.run(
        [str(env_dir / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
    )
    return env_dir


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_wheel_carries_schema_and_corpus(installed_wheel: Path, tmp_path: Path) -> None:
    probe = (
        "import json, parley.resources as r; "
        "print(json.dumps([str(r.schema_dir()), str(r.corpus_documents_dir()), r.checkout_root() is None, "
        "str(r.lint_allowlist_path())]))"
    )
    completed = subprocess.run(
        [str(installed_wheel / "bin" / "python"), "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    schema_dir, corpus_dir, outside_checkout, allowlist = json.loads(completed.stdout)
    assert outside_checkout
    assert "site-packages" in allowlist and Path(allowlist).is_file()
    assert "site-packages" in schema_dir and "site-packages" in corpus_dir
    assert (Path(schema_dir) / "document.schema.json").is_file()
    shipped = sorted(p.name for p in Path(corpus_dir).glob("*.json"))
    assert shipped == sorted(p.name for p in (CHECKOUT / "corpus" / "documents").glob("*.json"))


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_installed_command_validates_the_packaged_corpus(installed_wheel: Path, tmp_path: Path) -> None:
    completed = subprocess.run(
        [str(installed_wheel / "bin" / "parley"), "stats"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert "document(s)" in completed.stdout
