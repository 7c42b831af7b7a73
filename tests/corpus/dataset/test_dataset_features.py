"""The declared features follow the schema: every field, class labels from the vocabulary, nested lists."""

from typing import Any

import pytest
from datasets import ClassLabel, List, Value

from parley.corpus.dataset.features import CONFIGS, OMITTED_KEYS, config_features, field_docs
from parley.schema.validation import load_schema
from parley.schema.vocabulary import vocabulary


def _leaf_paths(feature: Any, path: str) -> list[str]:
    """Every field path of a feature, in the notation of `field_docs` (`events[].triggers[].start`)."""
    paths = [path]
    if isinstance(feature, List) and isinstance(feature.feature, dict):
        for name, child in feature.feature.items():
            paths += _leaf_paths(child, f"{path}[].{name}")
    elif isinstance(feature, dict):
        for name, child in feature.items():
            paths += _leaf_paths(child, f"{path}.{name}")
    return paths


def test_documents_config_has_every_schema_property_in_order() -> None:
    schema = load_schema("document.schema.json")
    assert list(config_features("documents")) == [*schema["properties"], OMITTED_KEYS]


def test_closed_vocabularies_are_class_labels_named_by_the_schema() -> None:
    vocab = vocabulary()
    documents = config_features("documents")
    events = config_features("events")
    assert documents["domain"] == ClassLabel(names=list(vocab.values("domains")))
    assert documents["events"].feature["type"] == ClassLabel(names=list(vocab.values("event_types")))
    assert events["type"] == ClassLabel(names=list(vocab.values("event_types")))
    assert documents["entities"].feature["type"] == ClassLabel(names=list(vocab.values("entity_types")))
    assert events["arguments"].feature["role"] == ClassLabel(names=list(vocab.values("roles")))
    assert events["arguments"].feature["entity_type"] == ClassLabel(names=list(vocab.values("entity_types")))
    assert events["attributes"]["realis"] == ClassLabel(names=list(vocab.values("realis_values")))
    relation_types = ClassLabel(names=list(vocab.values("relation_types")))
    assert documents["relations"].feature["type"] == relation_types
    assert events["relations"].feature == {"id": Value("string"), "type": relation_types, "to": Value("string")}
    assert documents["language"] == Value("string")


def test_dates_are_strings_and_offsets_integers() -> None:
    documents = config_features("documents")
    assert documents["date"] == Value("string")
    mention = documents["entities"].feature["mentions"].feature
    assert mention == {"start": Value("int32"), "end": Value("int32"), "text": Value("string")}


def test_events_config_carries_document_id_and_resolved_arguments() -> None:
    events = config_features("events")
    assert list(events) == ["document_id", "id", "type", "triggers", "arguments", "attributes", "relations"]
    assert list(events["arguments"].feature) == [
        "role",
        "entity",
        "entity_type",
        "entity_name",
        "normalized",
        "mentions",
    ]


@pytest.mark.parametrize("config", CONFIGS)
def test_field_docs_describe_every_field(config: str) -> None:
    features = config_features(config)
    expected = [path for name, feature in features.items() for path in _leaf_paths(feature, name)]
    docs = field_docs(config)
    assert [doc.path for doc in docs] == expected
    assert all(doc.description for doc in docs), [doc.path for doc in docs if not doc.description]


def test_field_docs_list_the_vocabulary_of_class_labels() -> None:
    by_path = {doc.path: doc for doc in field_docs("events")}
    assert by_path["type"].dtype == "class label"
    assert all(value in by_path["type"].description for value in vocabulary().values("event_types"))


def test_unknown_config_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown config"):
        config_features("sentences")
