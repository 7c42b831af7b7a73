"""Regression tests of issue 11 for `parley run` and the LLM adapter."""

import json
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.exitcodes import ExitCode
from parley.systems.openai_compatible import LLMError
from tests.systems.chat_server import Reply, Script, serve
from tests.systems.helpers import generated, write_gold
from tests.systems.test_openai_compatible import DOCUMENT, VALID, _system


def _run(gold: Path, out: Path, *extra: str) -> tuple[int, str]:
    arguments = ["run", "--system", "lexicon", "--gold", str(gold), "--split", "all", "--out", str(out)]
    result = CliRunner().invoke(main, [*arguments, "--no-progress", *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "content",
    [
        b"my notes, no newline at the end",
        b"line one\nline two without newline",
        json.dumps(generated(1)[0]).encode(),  # a gold record on one line, no trailing newline
    ],
)
@pytest.mark.parametrize("through_link", [False, True])
def test_item02_run_never_truncates_a_file_it_will_not_resume(
    tmp_path: Path, content: bytes, through_link: bool
) -> None:
    gold = write_gold(tmp_path / "gold", generated(2))
    target = tmp_path / "notes.jsonl"
    target.write_bytes(content)
    out = tmp_path / "link.jsonl" if through_link else target
    if through_link:
        out.symlink_to(target)
    code, output = _run(gold, out)
    assert code == ExitCode.UNUSABLE
    assert "cannot resume this file" in output
    assert target.read_bytes() == content


def test_item02_a_record_cut_short_by_a_kill_is_still_dropped(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold", generated(2))
    out = tmp_path / "preds.jsonl"
    assert _run(gold, out)[0] == ExitCode.OK
    whole = out.read_bytes()
    out.write_bytes(whole[: whole.index(b"\n") + 1] + whole[whole.index(b"\n") + 1 :][:20])
    code, output = _run(gold, out)
    assert code == ExitCode.OK
    assert "dropped a cut-short last line" in output
    assert out.read_bytes() == whole


@pytest.mark.parametrize("as_link", [False, True])
def test_item03_run_refuses_an_output_that_is_the_gold(tmp_path: Path, as_link: bool) -> None:
    documents = generated(2)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(document) + "\n" for document in documents), encoding="utf-8")
    before = gold.read_bytes()
    out = tmp_path / "preds.jsonl"
    if as_link:
        out.symlink_to(gold)
    else:
        out = gold
    code, output = _run(gold, out)
    assert code == ExitCode.UNUSABLE
    assert "refusing to write over what is being read" in output
    assert gold.read_bytes() == before


def test_item03_run_refuses_an_output_inside_the_gold_folder(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold", generated(2))
    before = sorted(p.name for p in gold.iterdir())
    code, output = _run(gold, gold / "preds.jsonl")
    assert code == ExitCode.UNUSABLE
    assert "refusing to write over what is being read" in output
    assert sorted(p.name for p in gold.iterdir()) == before


@pytest.fixture
def script() -> Script:
    return Script(replies=[], default=Reply(content=VALID))


@pytest.fixture
def base_url(script: Script) -> Iterator[str]:
    yield from serve(script)


def test_item05_a_redirect_to_another_origin_gets_no_key(base_url: str, script: Script, tmp_path: Path) -> None:
    elsewhere = Script(replies=[], default=Reply(content=VALID))
    other = serve(elsewhere)
    assert isinstance(other, Generator)
    other_url = next(other)
    try:
        script.default = Reply(status=302, headers={"Location": f"{other_url}/chat/completions"})
        with pytest.raises(LLMError, match="HTTP 302 redirect refused"):
            _system(base_url, tmp_path, api_key="sekret-key")(DOCUMENT)
        assert elsewhere.requests == []
        assert all("sekret-key" not in json.dumps(headers) for headers in elsewhere.headers)
    finally:
        other.close()


def test_item08_url_credentials_are_never_shown(base_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_password = base_url.replace("http://", "http://user:hunter2@")
    with pytest.raises(LLMError) as caught:
        _system(with_password, tmp_path)(DOCUMENT)
    assert "hunter2" not in str(caught.value)
    gold = write_gold(tmp_path / "gold", generated(1))
    monkeypatch.setenv("PARLEY_LLM_BASE_URL", with_password)
    monkeypatch.setenv("PARLEY_LLM_MODEL", "test-model")
    out = tmp_path / "llm.jsonl"
    arguments = ["run", "--system", "openai-compatible", "--gold", str(gold), "--split", "all", "--out", str(out)]
    result = CliRunner().invoke(main, [*arguments, "--no-llm-cache", "--no-progress"])
    assert result.exit_code == ExitCode.PROBLEMS
    assert "hunter2" not in result.output
    assert "hunter2" not in (tmp_path / "llm.failures.jsonl").read_text(encoding="utf-8")


def test_item08_a_name_that_does_not_resolve_is_not_retried(tmp_path: Path) -> None:
    system = _system("http://no-such-host.invalid/v1", tmp_path, max_attempts=5, backoff=30.0)
    with pytest.raises(LLMError) as caught:
        system(DOCUMENT)
    assert "cannot resolve the host" in str(caught.value)
    assert "attempts" not in str(caught.value)


def test_llm_cache_a_truncated_file_is_evicted(base_url: str, script: Script, tmp_path: Path) -> None:
    first = _system(base_url, tmp_path)(DOCUMENT)
    [cached] = (tmp_path / "cache").glob("*.json")
    whole = cached.read_bytes()
    cached.write_bytes(whole[: len(whole) // 2])
    assert _system(base_url, tmp_path)(DOCUMENT) == first
    assert len(script.requests) == 2
    assert json.loads(cached.read_bytes()) == json.loads(whole)
