"""Regression tests of issue 11 for `parley build`: it replaces only a folder it wrote, and reads no partial corpus."""

import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.corpus.dataset.layout import BUILD_MARKER
from parley.corpus.dataset.loading import load_records
from parley.exitcodes import ExitCode
from parley.schema.records import Document
from tests.conftest import as_ordinary_user
from tests.corpus.dataset.conftest import case

WriteCorpus = Callable[[Iterable[Document]], Path]

_LOOKALIKE_CARD = """---
configs:
- config_name: documents
  data_files:
  - split: train
    path: documents/mydata.csv
---
# My own data
"""


def _build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_item01_a_folder_whose_card_declares_documents_is_not_replaced(
    write_corpus: WriteCorpus, tmp_path: Path
) -> None:
    corpus = write_corpus([case("no-events")])
    mine = tmp_path / "mine"
    (mine / ".git").mkdir(parents=True)
    (mine / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (mine / "LICENSE").write_text("MIT\n", encoding="utf-8")
    (mine / "documents").mkdir()
    (mine / "documents" / "mydata.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (mine / "README.md").write_text(_LOOKALIKE_CARD, encoding="utf-8")
    before = _tree(mine)
    code, output = _build(str(corpus), "--out", str(mine))
    assert code == ExitCode.UNUSABLE
    assert (
        output.strip()
        == f"parley: error: {mine} exists and is not a dataset folder built by parley; not overwriting it"
    )
    assert _tree(mine) == before
    assert {p.name for p in tmp_path.iterdir()} - {"hf-home"} == {"corpus", "mine"}


def test_item01_an_earlier_build_is_replaced_whole_without_leftovers(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    corpus = write_corpus([case("no-events")])
    out = tmp_path / "dataset"
    assert _build(str(corpus), "--out", str(out))[0] == ExitCode.OK
    assert (out / BUILD_MARKER).is_file()
    (out / "stale.txt").write_text("from an older build\n", encoding="utf-8")
    assert _build(str(corpus), "--out", str(out))[0] == ExitCode.OK
    assert not (out / "stale.txt").exists()
    assert load_records(out) == [case("no-events")]
    assert {p.name for p in tmp_path.iterdir()} - {"hf-home"} == {"corpus", "dataset"}


@pytest.mark.parametrize("where", ["current folder", "symbolic link", "under a file", "holds the input"])
def test_item01_unusable_output_folders_get_one_line(
    write_corpus: WriteCorpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    corpus = write_corpus([case("no-events")])
    built = tmp_path / "built"
    assert _build(str(corpus), "--out", str(built))[0] == ExitCode.OK
    if where == "current folder":
        monkeypatch.chdir(built)
        out, expected = ".", "is the current folder or holds it"
    elif where == "symbolic link":
        (tmp_path / "link").symlink_to(built)
        out, expected = str(tmp_path / "link"), "is a symbolic link"
    elif where == "under a file":
        (tmp_path / "afile").write_text("keep me\n", encoding="utf-8")
        out, expected = str(tmp_path / "afile" / "sub"), "is not a folder"
    else:
        out, expected = str(tmp_path), "holds the input"
    before = {p: _tree(p) for p in (tmp_path / "corpus", built)}
    code, output = _build(str(corpus), "--out", out)
    assert code == ExitCode.UNUSABLE
    [line] = output.splitlines()
    assert line.startswith("parley: error: ") and expected in line
    assert {p: _tree(p) for p in before} == before
    assert not any(".old" in p.name for p in tmp_path.iterdir())


def test_item11_build_refuses_a_corpus_with_an_unreadable_subfolder(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    corpus = write_corpus([case("no-events")])
    (corpus / "more").mkdir()
    (corpus / "more" / "x.json").write_text("{}", encoding="utf-8")
    (corpus / "more").chmod(0)
    out = tmp_path / "dataset"
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "parley", "build", str(corpus), "--out", str(out)],
            capture_output=True,
            text=True,
            check=False,
            **as_ordinary_user(),  # type: ignore[call-overload]
        )
    finally:
        (corpus / "more").chmod(0o755)
    assert completed.returncode == ExitCode.UNUSABLE, completed.stderr
    assert f"{corpus / 'more'}: -: /: unreadable: cannot read this folder" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert not out.exists()


def test_item09_a_lone_surrogate_never_reaches_the_build(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    corpus = write_corpus([case("no-events")])
    [path] = corpus.glob("*.json")
    path.write_text(path.read_text(encoding="utf-8").replace('"title": "', '"title": "\\udfff', 1), encoding="utf-8")
    out = tmp_path / "dataset"
    code, output = _build(str(corpus), "--out", str(out))
    assert code == ExitCode.UNUSABLE
    assert f"{path}: -: /: bad-unicode: " in output
    assert not out.exists()


def test_item01_a_build_from_before_the_marker_is_still_replaced(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    corpus = write_corpus([case("no-events")])
    out = tmp_path / "dataset"
    assert _build(str(corpus), "--out", str(out))[0] == ExitCode.OK
    (out / BUILD_MARKER).unlink()  # as an earlier version of `parley build` left it
    assert _build(str(corpus), "--out", str(out))[0] == ExitCode.OK
    (out / BUILD_MARKER).unlink()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, output = _build(str(corpus), "--out", str(out))
    assert code == ExitCode.UNUSABLE
    assert "is not a dataset folder built by parley" in output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
