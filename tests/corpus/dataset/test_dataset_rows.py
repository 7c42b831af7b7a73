"""Records to rows and back: lossless for `documents`, events standalone for `events`."""

import copy

from parley.corpus.dataset.features import OMITTED_KEYS, config_features
from parley.corpus.dataset.rows import (
    document_from_row,
    document_row,
    event_from_row,
    event_rows,
)
from parley.corpus.synthetic import generate_documents
from parley.schema.validation import validate_record
from tests.corpus.dataset.conftest import case


def test_document_rows_convert_back_exactly() -> None:
    documents = [*generate_documents(25, seed=3, exotic=True), case("no-events"), case("normalized-variants")]
    for document in documents:
        original = copy.deepcopy(document)
        back = document_from_row(document_row(document))
        assert back == original
        assert list(back) == list(original)
        assert validate_record(back) == []


def test_missing_and_null_normalized_stay_distinct() -> None:
    document = case("normalized-variants")
    row = document_row(document)
    # A schema 1.0 record has no `relations` key, which the row records so that it converts back without one.
    assert row[OMITTED_KEYS] == ["/relations", "/entities/1/normalized", "/entities/3/normalized"]
    entities = document_from_row(row)["entities"]
    assert "normalized" in entities[0] and entities[0]["normalized"] is None
    assert "normalized" not in entities[1]
    assert entities[2]["normalized"] == "2025-06-02"


def test_rows_hold_label_ids_and_no_undeclared_key() -> None:
    document = case("normalized-variants")
    row = document_row(document)
    assert list(row) == list(config_features("documents"))
    assert row["entities"][0]["normalized"] is None
    entity_types = config_features("documents")["entities"].feature["type"]
    assert row["entities"][1] == {
        "id": "moscow",
        "type": entity_types.str2int("STATE"),
        "name": "Moscow",
        "mentions": document["entities"][1]["mentions"],
    }


def test_event_rows_resolve_arguments_and_convert_back() -> None:
    document = case("normalized-variants")
    rows = event_rows(document)
    features = config_features("events")
    assert [row["document_id"] for row in rows] == ["a-4"] * 3
    assert [list(row) for row in rows] == [list(features)] * 3
    quantity = rows[1]["arguments"][0]
    assert features["arguments"].feature["entity_type"].int2str(quantity["entity_type"]) == "QUANTITY"
    assert quantity["entity_name"] == "1,000 prisoners"
    assert quantity["normalized"] == "1000"
    assert quantity["mentions"] == document["entities"][4]["mentions"]
    assert document["text"][quantity["mentions"][0]["start"] : quantity["mentions"][0]["end"]] == "1,000 prisoners"
    assert rows[2]["arguments"] == []
    assert [event_from_row(row) for row in rows] == [("a-4", event) for event in document["events"]]


def test_document_without_events_has_no_event_rows() -> None:
    assert event_rows(case("no-events")) == []
