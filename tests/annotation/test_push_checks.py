"""Pre-annotations are checked on the client: the server would store wrong offsets and unknown ids silently."""

import json
import random
from pathlib import Path
from typing import Any

from parley.annotation.push import GOLD, gold_pre_annotations, load_pre_annotations, placement_problems
from parley.annotation.tasks import task_data
from parley.corpus.synthetic import generate_document
from parley.schema.records import Document


def _document() -> Document:
    return generate_document(random.Random(11), 0, events=2, target_chars=300, exotic=True)


def _write(path: Path, record: object) -> Path:
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def test_gold_pre_annotations_are_keyed_by_document() -> None:
    document = _document()
    loaded = gold_pre_annotations([document])
    assert loaded.source == GOLD
    assert loaded.records == {document["id"]: document}


def test_a_valid_predictions_file_loads_under_its_system_name(tmp_path: Path) -> None:
    document = _document()
    prediction = {
        "id": document["id"],
        "system": "baseline-1",
        "entities": document["entities"],
        "events": document["events"],
    }
    loaded, problems = load_pre_annotations(_write(tmp_path / "p.json", prediction), [document])
    assert problems == []
    assert loaded.source == "baseline-1"
    assert list(loaded.records) == [document["id"]]


def test_offsets_that_miss_the_text_are_reported(tmp_path: Path) -> None:
    document = _document()
    prediction: dict[str, Any] = {"id": document["id"], "entities": document["entities"], "events": document["events"]}
    prediction["entities"][0]["mentions"][0]["start"] += 1
    loaded, problems = load_pre_annotations(_write(tmp_path / "p.json", prediction), [document])
    assert [problem.code for problem in problems] == ["offset-mismatch"]
    assert problems[0].pointer == "/entities/0/mentions/0"
    assert loaded.records == {}


def test_mentions_without_offsets_cannot_be_placed(tmp_path: Path) -> None:
    document = _document()
    prediction: dict[str, Any] = {"id": document["id"], "entities": [], "events": [document["events"][0]]}
    prediction["events"][0]["arguments"] = []
    del prediction["events"][0]["triggers"][0]["start"], prediction["events"][0]["triggers"][0]["end"]
    _, problems = load_pre_annotations(_write(tmp_path / "p.json", prediction), [document])
    assert [(problem.code, problem.pointer) for problem in problems] == [("no-offsets", "/events/0/triggers/0")]


def test_unknown_documents_and_unknown_labels_are_reported(tmp_path: Path) -> None:
    document = _document()
    stranger = {"id": "no-such-document", "entities": [], "events": []}
    unknown = {"id": document["id"], "entities": [{**document["entities"][0], "type": "COUNTRY"}], "events": []}
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(stranger) + "\n" + json.dumps(unknown, ensure_ascii=False) + "\n", encoding="utf-8")
    loaded, problems = load_pre_annotations(path, [document])
    codes = sorted(problem.code for problem in problems)
    assert "unknown-document" in codes
    assert any(problem.line == 2 for problem in problems)
    assert loaded.records == {}


def test_placement_accepts_the_gold_itself() -> None:
    document = _document()
    assert placement_problems(document, document["text"], file="gold") == []


def test_task_data_carries_the_document_id_and_metadata() -> None:
    document = _document()
    data = task_data(document)
    assert data["document_id"] == document["id"]
    assert data["text"] == document["text"]
    assert data["gold_annotation"] == document["annotation"]


def _push(tmp_path: Path, *arguments: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from parley.annotation.cli import annotate_group
    from parley.schema.files import format_record

    folder = tmp_path / "documents"
    folder.mkdir(exist_ok=True)
    (folder / "doc.json").write_text(format_record(_document()), encoding="utf-8")
    env = {"LABEL_STUDIO_URL": "http://127.0.0.1:9", "LABEL_STUDIO_API_KEY": "unused-token-123"}
    result = CliRunner().invoke(annotate_group, ["push", "--documents", str(folder), *arguments], env=env)
    return result.exit_code, result.output


def test_push_refuses_a_bad_predictions_file_before_contacting_the_server(tmp_path: Path) -> None:
    document = _document()
    prediction: dict[str, Any] = {"id": document["id"], "entities": document["entities"], "events": []}
    prediction["entities"][0]["mentions"][0]["end"] += 2
    path = _write(tmp_path / "bad.json", prediction)
    code, output = _push(tmp_path, "--predictions", str(path))
    assert code == 1
    lines = output.strip().splitlines()
    assert "offset-mismatch" in lines[0] and document["id"] in lines[0]
    assert lines[-1] == f"parley: error: 1 problem(s) in {path}; nothing was pushed"


def test_push_names_a_missing_predictions_file(tmp_path: Path) -> None:
    code, output = _push(tmp_path, "--annotations", str(tmp_path / "absent.jsonl"))
    assert code == 2
    assert output.strip() == f"parley: error: {tmp_path / 'absent.jsonl'}: no such predictions file (or say `gold`)"


def test_push_refuses_invalid_documents(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "broken.json").write_text('{"id": "x"', encoding="utf-8")
    code, output = _push(tmp_path)
    assert code == 2  # a file that is not JSON cannot be used at all, as with `parley validate`
    assert "broken.json" in output and output.strip().endswith("nothing was pushed")
