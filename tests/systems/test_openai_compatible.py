"""The LLM adapter against a local server that speaks the chat-completions protocol."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.schema.validation import validate_record
from parley.schema.vocabulary import vocabulary
from parley.systems.interface import InputDocument
from parley.systems.openai_compatible import (
    LLMError,
    LLMSettings,
    OpenAICompatibleSystem,
    _retry_after,
    parse_reply,
    request_key,
    system_prompt,
)
from tests.systems.chat_server import Reply, Script, serve

DOCUMENT: InputDocument = {
    "id": "talks-2025-06-02",
    "title": "Talks resume",
    "date": "2025-06-02",
    "text": "Russia and Ukraine met in Istanbul on Monday for talks.",
}
VALID = json.dumps(
    {
        "id": "whatever-the-model-says",
        "entities": [
            {"id": "e1", "type": "STATE", "name": "Russia", "normalized": "Russia", "mentions": [{"text": "Russia"}]},
            {
                "id": "e2",
                "type": "STATE",
                "name": "Ukraine",
                "normalized": "Ukraine",
                "mentions": [{"text": "Ukraine"}],
            },
        ],
        "events": [
            {
                "id": "ev1",
                "type": "NEGOTIATE",
                "triggers": [{"text": "met"}, {"text": "talks"}],
                "arguments": [{"role": "participant", "entity": "e1"}, {"role": "participant", "entity": "e2"}],
                "attributes": {"polarity": "positive", "realis": "actual"},
            }
        ],
    }
)
SCHEMA_INVALID = json.dumps({"id": "x", "entities": [], "events": [{"id": "ev1", "type": "HUG"}]})


@pytest.fixture
def script() -> Script:
    return Script(replies=[], default=Reply(content=VALID))


@pytest.fixture
def base_url(script: Script) -> Iterator[str]:
    yield from serve(script)


def _system(base_url: str, tmp_path: Path, **options: object) -> OpenAICompatibleSystem:
    settings: dict[str, object] = {"timeout": 5.0, "backoff": 0.01, "max_attempts": 3, "cache_dir": tmp_path / "cache"}
    settings.update(options)
    return OpenAICompatibleSystem(LLMSettings(base_url=base_url, model="test-model", **settings))  # type: ignore[arg-type]


def test_a_valid_reply_becomes_the_prediction(base_url: str, script: Script, tmp_path: Path) -> None:
    record = _system(base_url, tmp_path, api_key="sekret")(DOCUMENT)
    assert record["id"] == DOCUMENT["id"]
    assert validate_record(record, "prediction") == []
    assert [event["type"] for event in record["events"]] == ["NEGOTIATE"]
    (request,) = script.requests
    assert request["model"] == "test-model"
    assert request["response_format"] == {"type": "json_object"}
    assert [message["role"] for message in request["messages"]] == ["system", "user"]
    assert DOCUMENT["text"] in request["messages"][1]["content"]
    assert script.headers[0]["Authorization"] == "Bearer sekret"


def test_invalid_json_is_repaired_once(base_url: str, script: Script, tmp_path: Path) -> None:
    script.replies = [Reply(content='{"id": "x", "entities": [')]
    record = _system(base_url, tmp_path)(DOCUMENT)
    assert validate_record(record, "prediction") == []
    first, second = script.requests
    assert second["messages"][:2] == first["messages"]
    assert second["messages"][2] == {"role": "assistant", "content": '{"id": "x", "entities": ['}
    assert "not JSON" in second["messages"][3]["content"]


def test_a_schema_invalid_reply_is_repaired_with_the_problems(base_url: str, script: Script, tmp_path: Path) -> None:
    script.replies = [Reply(content=SCHEMA_INVALID)]
    record = _system(base_url, tmp_path)(DOCUMENT)
    assert validate_record(record, "prediction") == []
    assert "/events/0" in script.requests[1]["messages"][3]["content"]


def test_still_invalid_after_the_repair_raises(base_url: str, script: Script, tmp_path: Path) -> None:
    script.default = Reply(content="[1, 2]")
    with pytest.raises(LLMError, match="still invalid after one repair"):
        _system(base_url, tmp_path)(DOCUMENT)
    assert len(script.requests) == 2


@pytest.mark.parametrize(
    "failure",
    [
        Reply(status=429, headers={"Retry-After": "0"}),
        Reply(status=503),
        Reply(drop=True),
        Reply(content=VALID, delay=1.5),
    ],
    ids=["429-retry-after", "503", "dropped-connection", "timeout"],
)
def test_transient_failures_are_retried(base_url: str, script: Script, tmp_path: Path, failure: Reply) -> None:
    script.replies = [failure]
    record = _system(base_url, tmp_path, timeout=0.5)(DOCUMENT)
    assert validate_record(record, "prediction") == []
    assert len(script.requests) == 2


def test_retries_give_up_after_max_attempts(base_url: str, script: Script, tmp_path: Path) -> None:
    script.default = Reply(status=500)
    with pytest.raises(LLMError, match="gave up after 3 attempts"):
        _system(base_url, tmp_path)(DOCUMENT)
    assert len(script.requests) == 3


def test_a_client_error_is_not_retried(base_url: str, script: Script, tmp_path: Path) -> None:
    script.default = Reply(status=401)
    with pytest.raises(LLMError, match="HTTP 401"):
        _system(base_url, tmp_path)(DOCUMENT)
    assert len(script.requests) == 1


def test_a_rerun_is_answered_from_the_cache(base_url: str, script: Script, tmp_path: Path) -> None:
    script.replies = [Reply(content="not json")]
    first = _system(base_url, tmp_path)(DOCUMENT)
    assert len(script.requests) == 2
    second = _system(base_url, tmp_path)(DOCUMENT)
    assert second == first
    assert len(script.requests) == 2
    assert len(list((tmp_path / "cache").glob("*.json"))) == 2


def test_the_cache_key_is_the_request_and_not_the_key(base_url: str, script: Script, tmp_path: Path) -> None:
    _system(base_url, tmp_path, api_key="one")(DOCUMENT)
    _system(base_url, tmp_path, api_key="two")(DOCUMENT)
    assert len(script.requests) == 1
    body = {"model": "m", "messages": [{"role": "user", "content": "x"}]}
    assert request_key("u", body) == request_key("u", dict(reversed(list(body.items()))))
    assert request_key("u", body) != request_key("v", body)


def test_the_prompt_carries_the_whole_vocabulary() -> None:
    prompt = system_prompt()
    vocab = vocabulary()
    for kind in ("event_types", "roles", "entity_types", "polarities", "realis_values", "relation_types"):
        for term in getattr(vocab, kind):
            assert f"- {term.value}: {term.description}" in prompt
    assert "$" + "event_types" not in prompt


def test_parley_run_with_the_adapter(
    base_url: str, script: Script, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    record = {
        **DOCUMENT,
        "source": "test",
        "url": None,
        "language": "en",
        "domain": "diplomacy",
        "entities": [],
        "events": [],
        "annotation": {"guidelines_version": "1.0", "annotators": ["t"], "adjudicated": False},
    }
    (gold / "doc.json").write_text(json.dumps(record), encoding="utf-8")
    monkeypatch.setenv("PARLEY_LLM_BASE_URL", base_url)
    monkeypatch.setenv("PARLEY_LLM_MODEL", "test-model")
    out = tmp_path / "llm.jsonl"
    arguments = ["run", "--system", "openai-compatible", "--gold", str(gold), "--split", "all", "--out", str(out)]
    arguments += ["--llm-cache", str(tmp_path / "cache"), "--no-progress"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    (line,) = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["system"] == "openai-compatible"
    assert len(script.requests) == 1


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("3", 3.0), ("0", 0.0), ("-5", 0.0), (None, None), ("soon", None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_retry_after_is_read_as_seconds_or_a_date(header: str | None, seconds: float | None) -> None:
    assert _retry_after(header) == seconds


def test_a_reply_in_a_code_fence_is_accepted() -> None:
    record, problems = parse_reply(f"```json\n{VALID}\n```", DOCUMENT)
    assert problems == []
    assert record is not None and record["id"] == DOCUMENT["id"]


def test_several_documents_in_flight_share_the_endpoint(base_url: str, script: Script, tmp_path: Path) -> None:
    from parley.systems.runner import run_system

    documents: list[InputDocument] = [{**DOCUMENT, "id": f"doc-{index}"} for index in range(6)]
    out = tmp_path / "llm.jsonl"
    summary = run_system(_system(base_url, tmp_path), documents, out, name="llm", concurrency=3, progress=False)
    assert (summary.written, summary.failures) == (6, [])
    assert sorted(json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()) == [
        f"doc-{index}" for index in range(6)
    ]
    assert len(script.requests) == 6
