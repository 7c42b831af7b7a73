"""The authoring aid: quotes become code-point offsets, occurrences counted at word boundaries."""

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from parley.cli import main
from parley.corpus.authoring import GroundingError, ground_draft, ground_mention, occurrences

TEXT = "They met in Metz. The talks, then more talks; 🇺🇦 talks met metal."


def test_occurrences_respect_word_boundaries() -> None:
    assert [TEXT[i : i + 3] for i in occurrences(TEXT, "met")] == ["met", "met"]
    assert list(occurrences(TEXT, "Met")) == []


def test_nth_occurrence_after_non_bmp_characters() -> None:
    mention = ground_mention(TEXT, "talks#3", "/x")
    assert TEXT[mention["start"] : mention["end"]] == "talks"
    assert mention["start"] == TEXT.rindex("talks")


def test_quote_object_allows_hash_in_quote() -> None:
    text = "Item #2 was agreed; item #2 again."
    mention = ground_mention(text, {"quote": "#2", "occurrence": 2}, "/x")
    assert (mention["start"], mention["end"]) == (text.rindex("#2"), text.rindex("#2") + 2)


def test_offsets_are_kept_as_given() -> None:
    given = {"start": 5, "end": 8, "text": "met"}
    assert ground_mention(TEXT, given, "/x") == given


@pytest.mark.parametrize(
    ("spec", "message"),
    [("talks#4", "'talks' occurrence 4 not found (3 in the text)"), ("absent", "'absent' occurrence 1 not found")],
)
def test_missing_quote_names_the_pointer(spec: str, message: str) -> None:
    with pytest.raises(GroundingError) as caught:
        ground_draft({"text": TEXT, "entities": [], "events": [{"triggers": ["met", spec]}]})
    assert caught.value.pointer == "/events/0/triggers/1"
    assert message in str(caught.value)


def _draft() -> dict[str, object]:
    return {
        "id": "draft-1",
        "title": "T",
        "date": "2025-06-02",
        "source": "parley",
        "url": None,
        "language": "en",
        "domain": "other",
        "text": TEXT,
        "entities": [{"id": "metz", "type": "LOCATION", "name": "Metz", "mentions": ["Metz"]}],
        "events": [
            {
                "id": "v1",
                "type": "NEGOTIATE",
                "triggers": ["met", "talks", "talks#2"],
                "arguments": [{"role": "location", "entity": "metz"}],
                "attributes": {"polarity": "positive", "realis": "actual"},
            }
        ],
        "annotation": {"guidelines_version": "1.0", "annotators": ["t"], "adjudicated": False},
    }


def test_ground_command_writes_a_valid_record(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(yaml.safe_dump(_draft(), allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["corpus", "ground", str(draft), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "out" / "draft-1.json").read_text(encoding="utf-8"))
    assert [t["start"] for t in record["events"][0]["triggers"]] == [5, 22, TEXT.index("talks", 23)]


def test_ground_command_reports_unplaceable_quote(tmp_path: Path) -> None:
    bad = _draft()
    bad["events"][0]["triggers"] = ["walked out"]  # type: ignore[index]
    draft = tmp_path / "draft.yaml"
    draft.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["corpus", "ground", str(draft), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{draft}: draft-1: /events/0/triggers/0: not-found: 'walked out' occurrence 1 not found" in result.output
    assert not (tmp_path / "out").exists()


def test_ground_command_reports_invalid_record(tmp_path: Path) -> None:
    bad = _draft()
    bad["events"][0]["arguments"] = [{"role": "time", "entity": "metz"}]  # type: ignore[index]
    draft = tmp_path / "draft.yaml"
    draft.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["corpus", "ground", str(draft), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "role-entity-type" in result.output


def test_ground_command_rejects_unreadable_yaml(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text("id: [unclosed", encoding="utf-8")
    result = CliRunner().invoke(main, ["corpus", "ground", str(draft), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"parley: error: {draft}: not-yaml: ")


def _draft_with_relations() -> dict[str, object]:
    draft = _draft()
    draft["events"].append(  # type: ignore[attr-defined]
        {
            "id": "v2",
            "type": "NEGOTIATE",
            "triggers": ["talks#3"],
            "arguments": [],
            "attributes": {"polarity": "positive", "realis": "actual"},
        }
    )
    draft["relations"] = [{"id": "r1", "type": "part_of", "from": "v2", "to": "v1"}]
    return draft


def test_ground_command_passes_relations_through(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(yaml.safe_dump(_draft_with_relations(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["corpus", "ground", str(draft), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "out" / "draft-1.json").read_text(encoding="utf-8"))
    assert record["relations"] == [{"id": "r1", "type": "part_of", "from": "v2", "to": "v1"}]
    assert list(record).index("relations") == list(record).index("events") + 1


def test_ground_command_reports_a_relation_to_a_missing_event(tmp_path: Path) -> None:
    bad = _draft_with_relations()
    bad["relations"] = [{"id": "r1", "type": "part_of", "from": "v3", "to": "v1"}]
    draft = tmp_path / "draft.yaml"
    draft.write_text(yaml.safe_dump(bad, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["corpus", "ground", str(draft), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "draft-1: /relations/0/from: unknown-event: 'v3': no event has that id" in result.output
