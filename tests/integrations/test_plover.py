"""`parley export plover`: every corpus event becomes one valid PLOVER record, mapped as schema/README.md says."""

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.corpus.loading import load_documents
from parley.integrations.plover import QUAD_CODES, plover_category, plover_records
from parley.schema.records import Document
from parley.schema.vocabulary import vocabulary

PLOVER_SCHEMA = json.loads((Path(__file__).parent / "plover_record.schema.json").read_text(encoding="utf-8"))


def _document(**changes: Any) -> Document:
    document: dict[str, Any] = {
        "id": "doc",
        "title": "t",
        "date": "2025-06-02",
        "source": "parley",
        "url": None,
        "language": "en",
        "domain": "diplomacy",
        "text": "Turkey hosted talks between Russia and Ukraine in Istanbul on Monday.",
        "entities": [
            {
                "id": "tr",
                "type": "STATE",
                "name": "Turkey",
                "normalized": "Turkey",
                "mentions": [{"start": 0, "end": 6, "text": "Turkey"}],
            },
            {
                "id": "ru",
                "type": "STATE",
                "name": "Russia",
                "normalized": "Russia",
                "mentions": [{"start": 28, "end": 34, "text": "Russia"}],
            },
            {
                "id": "ua",
                "type": "STATE",
                "name": "Ukraine",
                "normalized": "Ukraine",
                "mentions": [{"start": 39, "end": 46, "text": "Ukraine"}],
            },
            {
                "id": "ist",
                "type": "LOCATION",
                "name": "Istanbul",
                "normalized": "Istanbul",
                "mentions": [{"start": 50, "end": 58, "text": "Istanbul"}],
            },
            {
                "id": "mon",
                "type": "TIME",
                "name": "Monday",
                "normalized": "2025-06-02",
                "mentions": [{"start": 62, "end": 68, "text": "Monday"}],
            },
        ],
        "events": [
            {
                "id": "ev_host",
                "type": "MEDIATE",
                "triggers": [{"start": 7, "end": 13, "text": "hosted"}],
                "arguments": [
                    {"role": "mediator", "entity": "tr"},
                    {"role": "participant", "entity": "ru"},
                    {"role": "participant", "entity": "ua"},
                    {"role": "location", "entity": "ist"},
                ],
                "attributes": {"polarity": "positive", "realis": "actual"},
            },
            {
                "id": "ev_talks",
                "type": "NEGOTIATE",
                "triggers": [{"start": 14, "end": 19, "text": "talks"}],
                "arguments": [
                    {"role": "participant", "entity": "ru"},
                    {"role": "participant", "entity": "ua"},
                    {"role": "time", "entity": "mon"},
                ],
                "attributes": {"polarity": "positive", "realis": "actual"},
            },
        ],
        "annotation": {"guidelines_version": "2.0", "annotators": ["test"], "adjudicated": False},
    }
    document.update(changes)
    return document  # type: ignore[return-value]


def test_every_event_type_maps_to_a_plover_category_with_a_quad_code() -> None:
    for event_type in vocabulary().values("event_types"):
        category, _mode = plover_category(event_type)
        assert category in QUAD_CODES


def test_mediation_puts_the_third_party_as_source_and_the_parties_as_recipients() -> None:
    mediation, talks = plover_records(_document())
    assert mediation["event"] == ["CONSULT"] and mediation["mode"] == ["third-party"]
    assert [actor["identifier_text"] for actor in mediation["source"]] == ["Turkey"]
    assert [actor["identifier_text"] for actor in mediation["recipient"]] == ["Russia", "Ukraine"]
    assert mediation["event_loc"] == {"name": "Istanbul"}
    assert [actor["identifier_text"] for actor in talks["source"]] == ["Russia", "Ukraine"]
    assert talks["recipient"] == []


def test_the_event_date_comes_from_its_time_argument_else_from_the_dateline() -> None:
    mediation, talks = plover_records(_document(date="2025-06-03"))
    assert (talks["date"], talks["parley_date_source"]) == ("2025-06-02", "event")
    assert (mediation["date"], mediation["parley_date_source"]) == ("2025-06-03", "dateline")


def test_what_plover_has_no_field_for_travels_in_parley_fields() -> None:
    _mediation, talks = plover_records(_document())
    assert talks["parley_arguments"] == [{"role": "time", "text": "Monday"}]
    assert (talks["parley_polarity"], talks["parley_realis"], talks["parley_event_type"]) == (
        "positive",
        "actual",
        "NEGOTIATE",
    )
    assert talks["id"] == "doc:ev_talks" and talks["link"] == "doc"


def test_the_corpus_exports_every_event_as_a_valid_plover_record(tmp_path: Path) -> None:
    out = tmp_path / "plover.jsonl"
    result = CliRunner().invoke(main, ["export", "plover", "--gold", "corpus/documents", "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    documents = load_documents([Path("corpus/documents")])
    expected_ids = [f"{d['id']}:{event['id']}" for d in documents for event in d["events"]]
    assert [record["id"] for record in records] == expected_ids
    validator = jsonschema.Draft202012Validator(PLOVER_SCHEMA)
    for record in records:
        assert not list(validator.iter_errors(record)), record["id"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--gold", "no/such/folder"], "no/such/folder"),
        (["--gold", "corpus/documents", "--split", "nope"], "Invalid value for '--split'"),
    ],
)
def test_bad_arguments_get_one_line(tmp_path: Path, arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["export", "plover", *arguments, "--out", str(tmp_path / "x.jsonl")])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.jsonl").exists()


def test_the_output_may_not_be_the_gold_input(tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(_document()), encoding="utf-8")
    before = gold.read_bytes()
    result = CliRunner().invoke(main, ["export", "plover", "--gold", str(gold), "--out", str(gold)])
    assert result.exit_code == 2
    assert "is the gold input" in result.output
    assert gold.read_bytes() == before
