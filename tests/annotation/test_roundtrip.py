"""Push and pull against a real server: exact round trips, idempotency, several annotators, faults, credentials."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from parley.annotation.cli import annotate_group
from parley.annotation.client import AnnotationClient, AnnotationServerError
from parley.annotation.config import label_config
from parley.annotation.push import gold_pre_annotations, push_documents
from parley.annotation.server import RunningServer, free_port, start_server
from parley.annotation.tasks import record_results, region_id
from parley.corpus.loading import load_documents
from parley.corpus.synthetic import generate_documents
from parley.schema.files import format_record
from parley.schema.records import Document
from tests.annotation.conftest import LOGIN
from tests.annotation.test_convert import overlapping_document

pytestmark = [pytest.mark.labelstudio, pytest.mark.timeout(600)]


def _write_documents(folder: Path, documents: list[Document]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for document in documents:
        (folder / f"{document['id']}.json").write_text(format_record(document), encoding="utf-8")
    return folder


def _run(server: RunningServer | str, *arguments: str, key: str = LOGIN.token) -> Result:
    url = server if isinstance(server, str) else server.url
    env = {"LABEL_STUDIO_URL": url, "LABEL_STUDIO_API_KEY": key}
    result = CliRunner().invoke(annotate_group, list(arguments), env=env, catch_exceptions=False)
    assert key not in result.output, "the API key must never be printed"
    return result


def _pulled(folder: Path) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.json"))}


def test_corpus_and_exotic_documents_round_trip_exactly(label_studio: RunningServer, tmp_path: Path) -> None:
    corpus = load_documents()
    documents = [*corpus, overlapping_document(), *generate_documents(3, seed=9, exotic=True, relations=4)]
    assert all(document.get("relations") for document in documents[-3:])
    folder = _write_documents(tmp_path / "documents", documents)
    pushed = _run(label_studio, "push", "--documents", str(folder), "--annotations", "gold")
    assert pushed.exit_code == 0, pushed.output
    pulled = _run(label_studio, "pull", "--out", str(tmp_path / "out"))
    assert pulled.exit_code == 0, pulled.output
    written = _pulled(tmp_path / "out")
    assert {name: json.loads(text) for name, text in written.items()} == {d["id"]: d for d in documents}
    for document in corpus:  # the corpus files keep the schema's key order, so they come back byte for byte
        assert written[document["id"]] == format_record(document)
    kept = sorted((tmp_path / "out" / "annotators").rglob("*.json"))
    assert len(kept) == len(documents)


def test_push_is_idempotent_by_document_id(
    client: AnnotationClient, tmp_path: Path, label_studio: RunningServer
) -> None:
    documents = list(generate_documents(12, seed=4, events=3, target_chars=500))
    folder = _write_documents(tmp_path / "documents", documents)
    assert _run(label_studio, "push", "--documents", str(folder)).exit_code == 0
    project = client.find_project("Parley")
    assert project is not None
    before = client.existing_tasks(project)
    again = _run(label_studio, "push", "--documents", str(folder), "--predictions", "gold")
    assert again.exit_code == 0, again.output
    assert "0 task(s) created, 12 already there, 12 prediction(s)" in again.output
    once_more = _run(label_studio, "push", "--documents", str(folder), "--predictions", "gold")
    assert "0 task(s) created, 12 already there, 0 prediction(s)" in once_more.output
    after = client.existing_tasks(project, page_size=5)  # three pages: the listing must follow them all
    assert sorted(task.id for task in after) == sorted(task.id for task in before)
    assert sorted(str(task.document_id) for task in after) == sorted(document["id"] for document in documents)
    versions = client.prediction_versions(project)
    assert all(versions[task.id] == {"gold"} for task in after)


def test_two_annotators_are_both_kept_and_their_conflict_reported(
    client: AnnotationClient, label_studio: RunningServer, tmp_path: Path
) -> None:
    document = next(generate_documents(1, seed=2, events=2, target_chars=400))
    project = client.project_id("Parley", label_config())
    push_documents(client, project, [document])
    task = client.existing_tasks(project)[0].id
    sdk = client._sdk
    second = sdk.users.create(username="bo", email="bo@parley.test", password="bo-password-123")
    changed = json.loads(json.dumps(document))
    changed["events"][0]["attributes"]["polarity"] = (
        "negative" if document["events"][0]["attributes"]["polarity"] == "positive" else "positive"
    )
    sdk.annotations.create(task, result=record_results(document), ground_truth=False)
    sdk.annotations.create(task, result=record_results(changed), completed_by=second.id, ground_truth=False)
    sdk.annotations.create(task, result=[], was_cancelled=True, ground_truth=False)
    sdk.annotations.create(task, result=[], ground_truth=False)
    pulled = _run(label_studio, "pull", "--out", str(tmp_path / "out"))
    assert pulled.exit_code == 1
    conflict = next(line for line in pulled.output.splitlines() if "conflict" in line)
    assert document["id"] in conflict and LOGIN.email in conflict and "bo@parley.test" in conflict
    assert "skipped 1 cancelled and 1 empty" in pulled.output
    assert _pulled(tmp_path / "out") == {}
    first = json.loads(next((tmp_path / "out" / "annotators" / LOGIN.email).glob("*.json")).read_text())
    other = json.loads(next((tmp_path / "out" / "annotators" / "bo@parley.test").glob("*.json")).read_text())
    assert first["events"] == document["events"] and other["events"] == changed["events"]
    assert other["annotation"]["annotators"] == ["bo@parley.test"]


def test_check_and_pull_report_a_relation_to_an_entity_in_words_with_the_task_link(
    client: AnnotationClient, label_studio: RunningServer, tmp_path: Path
) -> None:
    document = next(generate_documents(1, seed=3, events=4, target_chars=400, relations=3))
    assert document.get("relations")
    project = client.project_id("Parley", label_config())
    push_documents(client, project, [document])
    task = client.existing_tasks(project)[0].id
    trigger, entity = region_id(document["events"][0]["id"], 0), region_id(document["entities"][0]["id"], 0)
    bad = {"from_id": trigger, "to_id": entity, "type": "relation", "direction": "right", "labels": ["outcome_of"]}
    client._sdk.annotations.create(task, result=[*record_results(document), bad], ground_truth=True)
    event, party = document["events"][0], document["entities"][0]
    trigger_span, mention = event["triggers"][0], party["mentions"][0]
    words = f"the {party['type']} mention {mention['text']!r} (chars {mention['start']}-{mention['end']})"
    link = f"{label_studio.url}/projects/{project}/data?task={task}"
    line = (
        f"parley: task {task} ({link}): error: the arrow from the {event['type']} trigger {trigger_span['text']!r} "
        f"(chars {trigger_span['start']}-{trigger_span['end']}) to {words} is labelled outcome_of, which must link "
        f"two event triggers ({words} is not one)"
    )
    for command in (["check"], ["check", "--task", str(task)]):
        checked = _run(label_studio, *command)
        assert checked.exit_code == 1
        assert line in checked.output.splitlines()
        assert "1 problem(s)" in checked.output
    assert not (tmp_path / "out").exists(), "check writes nothing"
    missing = _run(label_studio, "check", "--task", str(task + 100))
    assert missing.exit_code == 2
    assert f"no task {task + 100} in project 'Parley'" in missing.output
    pulled = _run(label_studio, "pull", "--out", str(tmp_path / "out"))
    assert pulled.exit_code == 1
    assert line in pulled.output.splitlines()
    assert trigger not in pulled.output and entity not in pulled.output, "no bare region ids"
    # Everything else of the annotation is kept: the record comes back with its relations.
    kept = json.loads(next((tmp_path / "out" / "annotators" / LOGIN.email).glob("*.json")).read_text())
    assert kept["relations"] == document["relations"]


def test_a_push_cut_by_a_stopped_server_completes_on_the_next_push(data_dir: Path) -> None:
    documents = list(generate_documents(40, seed=6, events=3, target_chars=500))
    server = start_server(data_dir, port=free_port())
    try:
        client = AnnotationClient(server.url, LOGIN.token)
        project = client.project_id("Parley", label_config())
        batches: list[int] = []

        def stop_after_two_batches(done: int) -> None:
            batches.append(done)
            if len(batches) == 2:
                server.stop()

        with pytest.raises(AnnotationServerError, match="cannot reach Label Studio"):
            push_documents(
                client, project, documents, annotations=gold_pre_annotations(documents), batch_size=10,
                on_progress=stop_after_two_batches,
            )  # fmt: skip
    finally:
        server.stop()
    restarted = start_server(data_dir, port=free_port())
    try:
        client = AnnotationClient(restarted.url, LOGIN.token)
        report = push_documents(client, project, documents, annotations=gold_pre_annotations(documents), batch_size=10)
        assert (report.created, report.already_present) == (20, 20)
        tasks = client.existing_tasks(project)
        assert sorted(str(task.document_id) for task in tasks) == sorted(document["id"] for document in documents)
        assert all(task.annotations == 1 for task in tasks)
    finally:
        restarted.stop()


def test_a_wrong_api_key_is_one_line_and_exit_2(label_studio: RunningServer, tmp_path: Path) -> None:
    folder = _write_documents(tmp_path / "documents", list(generate_documents(1)))
    for arguments in (("push", "--documents", str(folder)), ("pull", "--out", str(tmp_path / "out"))):
        result = _run(label_studio, *arguments, key="not-the-right-token")
        assert result.exit_code == 2
        assert result.output.count("\n") == 1
        assert result.output.startswith("parley: error: ") and "refused the API key" in result.output


def test_an_unreachable_server_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = _run(f"http://127.0.0.1:{free_port()}", "pull", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "cannot reach Label Studio" in result.output


def test_a_missing_api_key_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(annotate_group, ["pull", "--out", str(tmp_path)], env={"LABEL_STUDIO_API_KEY": None})
    assert result.exit_code == 2
    assert "no API key" in result.output
