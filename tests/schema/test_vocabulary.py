"""The vocabulary as the schema declares it: the sizes the SPEC fixes, a description on every value."""

import pytest

from parley.schema import load_schema, schema_id, vocabulary
from parley.schema.vocabulary import SCHEMA_VERSION


@pytest.mark.parametrize(
    ("kind", "size"),
    [
        ("event_types", 12),
        ("roles", 13),
        ("entity_types", 8),
        ("polarities", 2),
        ("realis_values", 3),
        ("domains", 12),
        ("relation_types", 6),
    ],
)
def test_vocabulary_sizes(kind: str, size: int) -> None:
    assert len(vocabulary().values(kind)) == size


@pytest.mark.parametrize(
    "kind", ["event_types", "roles", "entity_types", "polarities", "realis_values", "domains", "relation_types"]
)
def test_every_value_has_a_one_line_description(kind: str) -> None:
    for term in getattr(vocabulary(), kind):
        assert term.description.strip() and "\n" not in term.description, term.value


def test_allowed_roles_use_known_roles_and_cover_them_all() -> None:
    vocab = vocabulary()
    roles = set(vocab.values("roles"))
    used = {role for allowed in vocab.allowed_roles.values() for role in allowed}
    assert used == roles
    assert set(vocab.allowed_roles) == set(vocab.values("event_types"))


def test_role_entity_types_are_entity_types() -> None:
    vocab = vocabulary()
    for types in vocab.role_entity_types.values():
        assert set(types) <= set(vocab.values("entity_types"))


def test_relation_pairs_name_event_types_and_every_type_has_examples() -> None:
    vocab = vocabulary()
    event_types = set(vocab.values("event_types"))
    assert set(vocab.relation_pairs) == set(vocab.values("relation_types"))
    for kind, pairs in vocab.relation_pairs.items():
        assert pairs, kind
        assert {t for pair in pairs for t in pair} <= event_types, kind
        example, counterexample = vocab.relation_examples[kind]
        assert example.strip() and counterexample.strip() and example != counterexample


def test_symmetric_relation_types_allow_both_directions() -> None:
    vocab = vocabulary()
    assert vocab.symmetric_relations == {"in_exchange_for"}
    for kind in vocab.symmetric_relations:
        assert {(b, a) for a, b in vocab.relation_pairs[kind]} == vocab.relation_pairs[kind]


@pytest.mark.parametrize(
    ("event_type", "role"),
    [
        ("SIGN", "quantity"),
        ("REJECT", "quantity"),
        ("MEDIATE", "duration"),
        ("WITHDRAW", "participant"),
        ("DEMAND", "deadline"),
        ("THREATEN", "deadline"),
        ("PROPOSE", "deadline"),
        ("AGREE", "effective"),
        ("SIGN", "effective"),
        ("IMPLEMENT", "effective"),
    ],
)
def test_schema_1_1_role_gaps_are_filled(event_type: str, role: str) -> None:
    assert role in vocabulary().allowed_roles[event_type]


@pytest.mark.parametrize(("event_type", "role"), [("NEGOTIATE", "deadline"), ("ACCUSE", "effective")])
def test_new_roles_stay_where_they_belong(event_type: str, role: str) -> None:
    assert role not in vocabulary().allowed_roles[event_type]


@pytest.mark.parametrize("name", ["document.schema.json", "prediction.schema.json", "vocabulary.schema.json"])
def test_version_lives_in_the_id(name: str) -> None:
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert f"/{SCHEMA_VERSION.replace('.', '-')}/" in schema["$id"]


def test_schema_id_is_the_document_schema() -> None:
    assert schema_id("gold").endswith("document.schema.json")
    assert schema_id("prediction").endswith("prediction.schema.json")
