"""Regression tests of issue 11 for drafts and `parley corpus ground`."""

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from parley.cli import main
from parley.corpus.authoring import GroundingError, ground_draft
from tests.corpus.test_authoring import TEXT, _draft


def _ground(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["corpus", "ground", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize("spec", [{"quote": "talks", "occurrence": 0}, {"quote": "talks", "occurrence": -1}, "talks#0"])
def test_item10_an_occurrence_below_one_is_refused(spec: Any) -> None:
    with pytest.raises(GroundingError) as caught:
        ground_draft({"text": TEXT, "entities": [], "events": [{"triggers": [spec]}]})
    assert caught.value.pointer == "/events/0/triggers/0"
    assert "occurrences count from 1" in str(caught.value)


@pytest.mark.parametrize(
    ("change", "pointer", "message"),
    [
        ({"entities": [1]}, "/entities/0", "each of entities must be a mapping, not 1"),
        ({"entities": 5}, "/entities", "entities must be a list, not 5"),
        ({"entities": [{"id": "e", "mentions": 5}]}, "/entities/0/mentions", "mentions must be a list, not 5"),
        ({"events": [{"triggers": [{"quote": "met", "occurrence": "abc"}]}]}, "/events/0/triggers/0", "whole number"),
        ({"events": [{"triggers": [{"quote": 7}]}]}, "/events/0/triggers/0", "a quote must be a string, not 7"),
        ({"events": [{"triggers": [{"quote": "met", "occurence": 2}]}]}, "/events/0/triggers/0", "not occurence"),
        ({"events": [{"triggers": [None]}]}, "/events/0/triggers/0", "a mention must be a quote or"),
    ],
)
def test_item15_malformed_draft_shapes_are_one_line(
    tmp_path: Path, change: dict[str, Any], pointer: str, message: str
) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(yaml.safe_dump({**_draft(), **change}, allow_unicode=True), encoding="utf-8")
    code, output = _ground(str(draft), "--out", str(tmp_path / "out"))
    assert code == 1
    [line] = output.splitlines()
    assert line.startswith(f"{draft}: draft-1: {pointer}: not-found: ")
    assert message in line
    assert not (tmp_path / "out").exists()


def test_item16_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(9)]
    lines += ["id: x", "text: t", "entities: [{id: e, mentions: *j}]"]
    draft = tmp_path / "bomb.yaml"
    draft.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert draft.stat().st_size < 1000
    code, output = _ground(str(draft), "--out", str(tmp_path / "out"))
    assert code == 2
    [line] = output.splitlines()
    assert line.startswith(f"parley: error: {draft}: not-yaml: aliases are not allowed")
    assert len(line) < 400


def test_item16_repeated_quotes_are_found_once(tmp_path: Path) -> None:
    text = "a " * 2000
    draft = {"text": text, "entities": [{"mentions": [" "] * 4000}], "events": []}
    record = ground_draft(draft)
    assert {m["start"] for m in record["entities"][0]["mentions"]} == {1}


def test_item13_an_id_with_a_newline_never_becomes_a_file_name(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(yaml.safe_dump({**_draft(), "id": "draft-1\n"}, allow_unicode=True), encoding="utf-8")
    code, output = _ground(str(draft), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "/id: bad-format: " in output
    assert not (tmp_path / "out").exists()


def test_ground_never_writes_over_a_draft(tmp_path: Path) -> None:
    draft = tmp_path / "draft-1.json"
    content = json.dumps(_draft(), ensure_ascii=False)
    draft.write_text(content, encoding="utf-8")
    code, output = _ground(str(draft), "--out", str(tmp_path))
    assert code == 2
    assert "is one of the drafts being read" in output
    assert draft.read_text(encoding="utf-8") == content


def test_item09_a_lone_surrogate_in_a_draft_is_bad_unicode(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text('id: x\ntext: "a\\ud800"\n', encoding="utf-8")
    code, output = _ground(str(draft), "--out", str(tmp_path / "out"))
    assert code == 2
    assert f"{draft}: bad-unicode: " in output
