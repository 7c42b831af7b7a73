"""Whole tables: class labels converted in Arrow give the same rows as row-by-row conversion, and back."""

import pyarrow as pa
import pytest

from parley.corpus.dataset.features import config_features
from parley.corpus.dataset.rows import document_record, document_row, event_records, event_rows
from parley.corpus.dataset.tables import config_table, documents_from_table, events_from_table
from parley.corpus.synthetic import generate_documents
from parley.schema.records import Document
from tests.corpus.dataset.conftest import case


@pytest.fixture
def documents() -> list[Document]:
    return [case("no-events"), *generate_documents(6, seed=4, exotic=True), case("normalized-variants")]


def test_a_table_holds_the_rows_of_row_by_row_conversion(documents: list[Document]) -> None:
    table = config_table([document_record(document) for document in documents], "documents")
    assert table.schema == config_features("documents").arrow_schema
    expected = pa.Table.from_pylist(
        [document_row(document) for document in documents], schema=config_features("documents").arrow_schema
    )
    assert table.equals(expected)
    events = config_table([row for document in documents for row in event_records(document)], "events")
    expected_events = pa.Table.from_pylist(
        [row for document in documents for row in event_rows(document)], schema=config_features("events").arrow_schema
    )
    assert events.equals(expected_events)


def test_tables_convert_back_exactly_even_sliced_and_chunked(documents: list[Document]) -> None:
    """Arrow hands back tables in chunks that may be slices of larger arrays; offsets must not shift."""
    table = config_table([document_record(document) for document in documents], "documents")
    assert documents_from_table(table) == documents
    assert documents_from_table(table.slice(3)) == documents[3:]
    chunked = pa.concat_tables([table.slice(5), table.slice(0, 2), table.slice(2, 3)])
    assert documents_from_table(chunked) == [*documents[5:], *documents[:5]]
    assert documents_from_table(table.slice(0, 0)) == []


def test_event_tables_convert_back(documents: list[Document]) -> None:
    records = [row for document in documents for row in event_records(document)]
    table = config_table(records, "events")
    assert events_from_table(table.slice(2)) == records[2:]


def test_an_unknown_label_is_an_error_not_a_null() -> None:
    record = document_record(case("normalized-variants"))
    record["events"] = [{**record["events"][0], "type": "CHAT"}]
    with pytest.raises(ValueError, match="not a class label name: 'CHAT'"):
        config_table([record], "documents")
