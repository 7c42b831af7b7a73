"""Blind double annotation against one real server: annotator users, annotations made with their own tokens,
an adjudicated ground truth, and pull naming everyone; plus every bad-input path of `users` and `submit`."""

import copy
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from parley.annotation.cli import annotate_group
from parley.annotation.client import AnnotationClient
from parley.annotation.server import RunningServer, copy_template, free_port, start_server
from parley.annotation.users import load_credentials
from parley.corpus.loading import load_documents
from parley.corpus.synthetic import generate_documents
from parley.schema.files import format_record
from parley.schema.records import Document
from tests.annotation.conftest import LOGIN

pytestmark = [pytest.mark.labelstudio, pytest.mark.timeout(600)]

FIRST, SECOND, ADJUDICATOR = "parley-w2", "parley-i1", "parley-adj"


@pytest.fixture(scope="module")
def server(template_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """One server for the module: every test uses a project of its own."""
    folder = tmp_path_factory.mktemp("double") / "label-studio"
    copy_template(template_data_dir, folder, LOGIN)
    running = start_server(folder, port=free_port())
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def credentials(server: RunningServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("logins") / "logins.json"
    made = _run(server, path, "users", FIRST, SECOND, ADJUDICATOR)
    assert made.exit_code == 0, made.output
    assert "3 user(s) created, 0 already there" in made.output
    return path


def _secrets(credentials: Path | None) -> list[str]:
    if credentials is None or not credentials.exists():
        return [LOGIN.token]
    logins = load_credentials(credentials).values()
    return [LOGIN.token, *(login.token for login in logins), *(login.password for login in logins)]


def _run(server: RunningServer, credentials: Path | None, *arguments: str) -> Result:
    env = {"LABEL_STUDIO_URL": server.url, "LABEL_STUDIO_API_KEY": LOGIN.token}
    if credentials is not None:
        env["PARLEY_ANNOTATOR_CREDENTIALS"] = str(credentials)
    result = CliRunner().invoke(annotate_group, list(arguments), env=env, catch_exceptions=False)
    for secret in _secrets(credentials):
        assert secret not in result.output, "no password or token is ever printed"
    return result


def _write(folder: Path, records: list[Document]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for record in records:
        (folder / f"{record['id']}.json").write_text(format_record(record), encoding="utf-8")
    return folder


def _by(record: Document, annotator: str, version: str = "2.1") -> Document:
    changed = copy.deepcopy(record)
    changed["annotation"] = {"guidelines_version": version, "annotators": [annotator], "adjudicated": False}
    return changed


def _documents() -> list[Document]:
    """A corpus document (explicit null normalized values, relations r1…) and a generated one with names, values
    and relation ids of other shapes."""
    corpus = next(d for d in load_documents() if d["id"] == "am-az-moscow-karabakh-truce-2016-04-05")
    generated = next(generate_documents(1, seed=9, exotic=True, relations=4))
    return [_by(corpus, FIRST, corpus["annotation"]["guidelines_version"]), _by(generated, FIRST, "2.0")]


def _second(record: Document) -> Document:
    """Another annotator's reading: the first event's polarity turned, the last event dropped with its links."""
    changed = _by(record, SECOND)
    event = changed["events"][0]["attributes"]
    event["polarity"] = "negative" if event["polarity"] == "positive" else "positive"
    dropped = changed["events"].pop()["id"]
    relations = [r for r in changed.get("relations", []) if dropped not in (r["from"], r["to"])]
    changed["relations"] = relations
    return changed


def _adjudicated(record: Document) -> Document:
    """The adjudicator's record: the first annotation with the first entity renamed and given a normalized value."""
    changed = _by(record, ADJUDICATOR)
    changed["entities"][0]["name"] = "An Adjudicated Name"
    changed["entities"][0]["normalized"] = "Q-adjudicated"
    return changed


def _files(folder: Path) -> dict[str, dict[str, object]]:
    return {path.name.split(".")[0]: json.loads(path.read_text(encoding="utf-8")) for path in folder.glob("*.json")}


def test_two_annotators_and_an_adjudicator_round_trip_through_their_own_users(
    server: RunningServer, credentials: Path, tmp_path: Path
) -> None:
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    again = _run(server, credentials, "users", FIRST, SECOND, ADJUDICATOR)
    assert again.exit_code == 0 and "0 user(s) created, 3 already there" in again.output
    first = _documents()
    second, adjudicated = [_second(r) for r in first], [_adjudicated(r) for r in first]
    project = ["--project", "Round"]
    pushed = _run(server, None, "push", *project, "--text-only", "--documents", str(_write(tmp_path / "d", first)))
    assert pushed.exit_code == 0 and "2 task(s) created" in pushed.output and "0 annotation(s)" in pushed.output
    admin = AnnotationClient(server.url, LOGIN.token)
    round_project = admin.find_project("Round")
    assert round_project is not None
    exported = admin.export(round_project)
    assert all(set(task["data"]) == {"document_id", "text", "title", "date", "source", "url", "language", "domain"}
               for task in exported), "a text-only task says nothing about any annotation"  # fmt: skip
    assert all(not task["predictions"] and not task["annotations"] for task in exported)
    for name, records, flags in (
        (FIRST, first, ()),
        (SECOND, second, ()),
        (ADJUDICATOR, adjudicated, ("--ground-truth",)),
    ):
        folder = _write(tmp_path / name, records)
        made = _run(server, credentials, "submit", *project, "--as", name, *flags, str(folder))
        assert made.exit_code == 0, made.output
    users = {user["username"]: user["id"] for user in admin.users()}
    for task in admin.export(round_project):
        authors = [annotation["completed_by"] for annotation in task["annotations"]]
        assert authors == [users[FIRST], users[SECOND], users[ADJUDICATOR]]
        assert [a["ground_truth"] for a in task["annotations"]] == [False, False, True]
    pulled = _run(server, None, "pull", *project, "--out", str(tmp_path / "out"))
    assert pulled.exit_code == 0, pulled.output
    for name, records in ((FIRST, first), (SECOND, second), (ADJUDICATOR, adjudicated)):
        kept = _files(tmp_path / "out" / "annotators" / name)
        assert kept == {record["id"]: record for record in records}, f"{name}'s annotations come back exactly"
    expected = {}
    for record in adjudicated:
        merged = copy.deepcopy(record)
        merged["annotation"] = {
            "guidelines_version": "2.1",
            "annotators": [FIRST, SECOND, ADJUDICATOR],
            "adjudicated": True,
        }
        expected[record["id"]] = merged
    assert _files(tmp_path / "out") == expected


def _pushed(server: RunningServer, tmp_path: Path, title: str) -> Document:
    document = _documents()[0]
    folder = _write(tmp_path / "d", [document])
    pushed = _run(server, None, "push", "--project", title, "--text-only", "--documents", str(folder))
    assert pushed.exit_code == 0, pushed.output
    return document


def _one_line(result: Result, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert all(any(word in line for line in lines) for word in words), result.output
    assert "Traceback" not in result.output


def test_submit_refuses_an_unknown_annotator(server: RunningServer, credentials: Path, tmp_path: Path) -> None:
    document = _pushed(server, tmp_path, "Unknown user")
    folder = _write(tmp_path / "r", [document])
    result = _run(server, credentials, "submit", "--project", "Unknown user", "--as", "parley-nobody", str(folder))
    _one_line(result, 2, "no login for annotator 'parley-nobody'")
    assert result.output.count("\n") == 1


def test_submit_refuses_a_record_without_a_task(server: RunningServer, credentials: Path, tmp_path: Path) -> None:
    _pushed(server, tmp_path, "No task")
    other = _by(next(generate_documents(1, seed=5, target_chars=300)), SECOND)
    folder = _write(tmp_path / "r", [other])
    result = _run(server, credentials, "submit", "--project", "No task", "--as", SECOND, str(folder))
    _one_line(result, 1, f"{other['id']}: no task of this document", "nothing was submitted")


def test_submit_refuses_a_record_whose_text_differs(server: RunningServer, credentials: Path, tmp_path: Path) -> None:
    document = _pushed(server, tmp_path, "Other text")
    edited = copy.deepcopy(document)
    edited["text"] = edited["text"] + " An added sentence."
    result = _run(
        server, credentials, "submit", "--project", "Other text", "--as", SECOND, str(_write(tmp_path / "r", [edited]))
    )
    _one_line(result, 1, f"{document['id']}: the record's text differs from task")


def test_submit_refuses_a_second_annotation_by_the_same_user(
    server: RunningServer, credentials: Path, tmp_path: Path
) -> None:
    document = _pushed(server, tmp_path, "Twice")
    folder = _write(tmp_path / "r", [_by(document, SECOND)])
    assert _run(server, credentials, "submit", "--project", "Twice", "--as", SECOND, str(folder)).exit_code == 0
    result = _run(server, credentials, "submit", "--project", "Twice", "--as", SECOND, str(folder))
    _one_line(result, 1, f"{SECOND} already annotated task")
    admin = AnnotationClient(server.url, LOGIN.token)
    project = admin.find_project("Twice")
    assert project is not None
    assert [task.annotations for task in admin.existing_tasks(project)] == [1]


def test_users_refuses_a_name_that_cannot_be_a_username(server: RunningServer, tmp_path: Path) -> None:
    result = _run(server, tmp_path / "logins.json", "users", "Parley I1")
    _one_line(result, 2, "'Parley I1' cannot be an annotator name")
    assert not (tmp_path / "logins.json").exists()


def test_users_refuses_an_existing_user_it_has_no_login_for(
    server: RunningServer, credentials: Path, tmp_path: Path
) -> None:
    result = _run(server, tmp_path / "other-logins.json", "users", SECOND)
    _one_line(result, 2, f"user {SECOND} already exists", "no login for it")


def test_a_text_only_push_takes_no_pre_annotations(server: RunningServer, tmp_path: Path) -> None:
    folder = _write(tmp_path / "d", _documents()[:1])
    result = _run(server, None, "push", "--text-only", "--annotations", "gold", "--documents", str(folder))
    _one_line(result, 2, "--text-only takes neither")


@pytest.mark.browser
def test_the_adjudicator_logs_in_with_its_own_password_and_sees_its_submitted_annotation(
    server: RunningServer, credentials: Path, tmp_path: Path
) -> None:
    """The editor shows a submitted annotation (its extra `parley_meta` item included) exactly, to its author."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
    from playwright.sync_api import sync_playwright

    from tests.annotation.test_browser import _HIGHLIGHTED_TEXT, CHROMIUM, CHROMIUM_ARGS, _expected_highlights

    document = _pushed(server, tmp_path, "Browser")
    record = _adjudicated(document)
    folder = _write(tmp_path / "r", [record])
    made = _run(
        server, credentials, "submit", "--project", "Browser", "--as", ADJUDICATOR, "--ground-truth", str(folder)
    )
    assert made.exit_code == 0, made.output
    admin = AnnotationClient(server.url, LOGIN.token)
    project = admin.find_project("Browser")
    assert project is not None
    [task] = admin.existing_tasks(project)
    login = load_credentials(credentials)[ADJUDICATOR]
    expected = _expected_highlights(record)
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2000})
            page.set_default_timeout(120_000)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{server.url}/user/login")
            page.fill("input[name=email]", login.email)
            page.fill("input[name=password]", login.password)
            page.click("button[type=submit]")
            page.wait_for_function("() => !location.pathname.startsWith('/user/login')")
            page.goto(f"{server.url}/projects/{project}/data?task={task.id}")
            # The editor draws the regions more than once while it loads: wait until the highlights read exactly the
            # expected texts, and on a timeout show what they read instead.
            same = f"""(expected) => {{
              const got = ({_HIGHLIGHTED_TEXT})();
              return Object.keys(got).length === Object.keys(expected).length
                && Object.entries(expected).every(([region, text]) => got[region] === text);
            }}"""
            try:
                page.wait_for_function(same, arg=expected, timeout=60_000)
            except PlaywrightTimeoutError:
                assert page.evaluate(_HIGHLIGHTED_TEXT) == expected  # shows the difference
            assert ADJUDICATOR in page.content()
        finally:
            browser.close()
    assert errors == []
