"""`annotation/double/round.py` end to end on two corpus documents (its own throwaway server), and its refusals."""

import copy
import gzip
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from parley.corpus.loading import load_documents
from parley.resources import checkout_root
from parley.schema.files import format_record
from parley.schema.records import Document

SCRIPT = (checkout_root() or Path.cwd()) / "annotation" / "double" / "round.py"
DOCUMENTS = {
    "am-az-moscow-karabakh-truce-2016-04-05": "parley-i1",
    "nba-lockout-tentative-deal-2011-11-26": "parley-i2",
}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("round_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus() -> dict[str, Document]:
    return {record["id"]: record for record in load_documents() if record["id"] in DOCUMENTS}


def _as(record: Document, annotator: str) -> Document:
    changed = copy.deepcopy(record)
    changed["annotation"] = {"guidelines_version": "2.1", "annotators": [annotator], "adjudicated": False}
    return changed


def _inputs(tmp_path: Path) -> tuple[Path, Path, dict[str, Document], dict[str, Document]]:
    seconds, finals = {}, {}
    for document, record in _corpus().items():
        second = _as(record, DOCUMENTS[document])
        attributes = second["events"][0]["attributes"]
        attributes["realis"] = "future" if attributes["realis"] == "hypothetical" else "hypothetical"
        seconds[document] = second
        final = _as(record, "parley-adj")
        final["entities"][-1]["name"] = "Adjudicated " + final["entities"][-1]["name"]
        finals[document] = final
    for name, records in (("second", seconds), ("adjudicated", finals)):
        (tmp_path / name).mkdir()
        for document, record in records.items():
            (tmp_path / name / f"{document}.json").write_text(format_record(record), encoding="utf-8")
    return tmp_path / "second", tmp_path / "adjudicated", seconds, finals


@pytest.mark.labelstudio
@pytest.mark.timeout(600)
def test_the_round_script_runs_two_documents_through_label_studio(template_data_dir: Path, tmp_path: Path) -> None:
    second, adjudicated, seconds, finals = _inputs(tmp_path)
    out = tmp_path / "pulled"
    env = {**os.environ, "XDG_CACHE_HOME": str(template_data_dir.parent.parent)}
    command = [sys.executable, str(SCRIPT), *DOCUMENTS, "--second", str(second), "--adjudicated", str(adjudicated)]
    done = subprocess.run([*command, "--out", str(out)], env=env, capture_output=True, text=True, timeout=500)
    assert done.returncode == 0, done.stderr
    corpus = _corpus()
    for document, final in finals.items():
        first = corpus[document]["annotation"]["annotators"][0]
        pulled = json.loads((out / "adjudicated" / f"{document}.json").read_text(encoding="utf-8"))
        expected = copy.deepcopy(final)
        expected["annotation"] = {
            "guidelines_version": "2.1",
            "annotators": [first, DOCUMENTS[document], "parley-adj"],
            "adjudicated": True,
        }
        assert pulled == expected
        for folder, record in (("first", corpus[document]), ("second", seconds[document])):
            assert json.loads((out / folder / f"{document}.json").read_text(encoding="utf-8")) == record
    export = json.loads(gzip.decompress((out / "label-studio-export.json.gz").read_bytes()))
    users = {user["id"]: user["username"] for user in json.loads((out / "label-studio-users.json").read_text())}
    assert sorted(task["data"]["document_id"] for task in export) == sorted(DOCUMENTS)
    for task in export:
        first = corpus[task["data"]["document_id"]]["annotation"]["annotators"][0]
        authors = [users[annotation["completed_by"]] for annotation in task["annotations"]]
        assert authors == [first, DOCUMENTS[task["data"]["document_id"]], "parley-adj"]
        assert not task["predictions"]
    again = subprocess.run([*command, "--out", str(out)], env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_the_round_refuses_inputs_that_do_not_fit_before_starting_anything(tmp_path: Path) -> None:
    second, adjudicated, seconds, _ = _inputs(tmp_path)
    document = next(iter(DOCUMENTS))
    first = _corpus()[document]["annotation"]["annotators"][0]
    (second / f"{document}.json").write_text(format_record(_as(seconds[document], first)), encoding="utf-8")
    (adjudicated / f"{document}.json").unlink()
    other = list(DOCUMENTS)[1]
    entries = [{"id": document, "second": DOCUMENTS[document]}, {"id": other, "second": "parley-i9"}]
    selection = tmp_path / "selection.json"
    selection.write_text(json.dumps({"documents": entries}), encoding="utf-8")
    arguments = ["not-a-document", "--selection", str(selection), "--second", str(second)]
    result = CliRunner().invoke(
        _script().main, [*arguments, "--adjudicated", str(adjudicated), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert (
        f"parley: {document}: the second annotation is by {first}, who made the first; it must be someone else" in lines
    )
    assert f"parley: {document}: no adjudicated record" in lines
    assert "parley: not-a-document: listed but not in the corpus" in lines
    wrong = (
        f"parley: {other}: the second annotation is by {DOCUMENTS[other]}, but the selection assigned it to parley-i9"
    )
    assert wrong in lines
    assert not (tmp_path / "out").exists()
