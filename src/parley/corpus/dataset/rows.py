"""Records to dataset rows and back, for both configs; `documents` rows convert back to the exact records.

A row holds class labels as their integer ids and no key beyond the declared ones (an extra key fails the cast; a
missing one is filled with null). Arrow cannot tell a missing key from a null one, so a `documents` row lists the
optional keys its record leaves out in `omitted_keys` (JSON pointers), and converting back removes them again.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from datasets import ClassLabel, List

from parley.corpus.dataset.features import (
    DOCUMENT_SCHEMA,
    OMITTED_KEYS,
    Node,
    config_features,
    definition,
    optional_keys,
    properties,
    resolve,
)
from parley.schema.records import Document, Event
from parley.schema.validation import load_schema

Convert = Callable[[Any], Any]


def _compile(feature: Any, label: Callable[[ClassLabel], Convert]) -> Convert | None:
    """A function converting values of `feature` with `label` applied at each class label; None where there is none.

    Only class labels are converted, everything else is copied as it is, which keeps converting 20,000 documents
    fast: a key a record leaves out stays out of its row too, and Arrow fills it with null.
    """
    if isinstance(feature, ClassLabel):
        return label(feature)
    if isinstance(feature, List):
        item = _compile(feature.feature, label)
        if item is None:
            return None
        return lambda values: None if values is None else [item(value) for value in values]
    if isinstance(feature, dict):
        converted = [(name, convert) for name, child in feature.items() if (convert := _compile(child, label))]
        if not converted:
            return None

        def convert_struct(value: Any) -> Any:
            if value is None:
                return None
            struct = dict(value)
            for name, convert in converted:
                struct[name] = convert(value.get(name))
            return struct

        return convert_struct
    return None


def _label_id(feature: ClassLabel) -> Convert:
    ids = {name: index for index, name in enumerate(feature.names)}
    return lambda name: None if name is None else ids[name]


def _label_name(feature: ClassLabel) -> Convert:
    names = list(feature.names)
    return lambda index: None if index is None else names[index]


@cache
def _converter(config: str, direction: str) -> Convert:
    """Record -> row ("encode") or row -> record ("decode") for a config's features."""
    convert = _compile(dict(config_features(config)), _label_id if direction == "encode" else _label_name)
    assert convert is not None, "every config has class labels"
    return convert


@dataclass(frozen=True)
class _Shape:
    """Where a schema allows optional keys: an object's optional keys and its children's shapes, an array's item."""

    optional: frozenset[str] = frozenset()
    children: tuple[tuple[str, "_Shape"], ...] = ()
    item: "_Shape | None" = None

    @property
    def anywhere(self) -> bool:
        """Whether any optional key can occur in this subtree (the walk skips subtrees without one)."""
        return (
            bool(self.optional)
            or any(child.anywhere for _, child in self.children)
            or bool(self.item and self.item.anywhere)
        )


def _shape(node: Node) -> _Shape:
    schema = resolve(node).schema
    if "properties" in schema:
        children = tuple((name, _shape(child)) for name, child in properties(node).items())
        return _Shape(optional=frozenset(optional_keys(node)), children=tuple(c for c in children if c[1].anywhere))
    if "items" in schema:
        return _Shape(item=_shape(Node(schema["items"], resolve(node).file)))
    return _Shape()


@cache
def _document_shape() -> _Shape:
    return _shape(Node(load_schema(DOCUMENT_SCHEMA), DOCUMENT_SCHEMA))


def _token(key: str | int) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _omitted(value: Any, shape: _Shape, pointer: str) -> Iterator[str]:
    """JSON pointers of the optional keys `value` (at `pointer`) leaves out, anywhere inside it."""
    if isinstance(value, dict):
        for name in sorted(shape.optional - value.keys()):
            yield f"{pointer}/{_token(name)}"
        for name, child in shape.children:
            if name in value:
                yield from _omitted(value[name], child, f"{pointer}/{_token(name)}")
    elif isinstance(value, list) and shape.item is not None and shape.item.anywhere:
        for index, element in enumerate(value):
            yield from _omitted(element, shape.item, f"{pointer}/{index}")


def _without(record: dict[str, Any], pointer: str) -> None:
    """Remove the key at `pointer` from `record`, in place, if it is there."""
    *parents, last = [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]]
    target: Any = record
    for token in parents:
        target = target[int(token)] if isinstance(target, list) else target[token]
    target.pop(last, None)


@cache
def _document_columns() -> tuple[tuple[str, Any], ...]:
    """Each column of a `documents` row and what stands in for it when the record leaves it out."""
    return tuple(
        (name, [] if isinstance(feature, List) else None)
        for name, feature in config_features("documents").items()
        if name != OMITTED_KEYS
    )


def document_record(document: Document) -> dict[str, Any]:
    """The `documents` row of a gold record with class labels still as names: the record and its `omitted_keys`.

    A list the record leaves out (`relations` of a schema 1.0 record) is an empty list in the row, never null:
    Arrow cannot slice a list column with nulls in it, and `omitted_keys` still says it was absent.
    """
    row = {name: document.get(name, stand_in) for name, stand_in in _document_columns()}
    return {**row, OMITTED_KEYS: list(_omitted(document, _document_shape(), ""))}


def restore_omitted(record: dict[str, Any]) -> Document:
    """The gold record of a `documents` row with names for class labels: `omitted_keys` removed, and what it lists."""
    for pointer in record.pop(OMITTED_KEYS, None) or []:
        _without(record, pointer)
    return cast(Document, record)


def document_row(document: Document) -> dict[str, Any]:
    """The `documents` row of a gold record."""
    row: dict[str, Any] = _converter("documents", "encode")(document_record(document))
    return row


def document_from_row(row: Mapping[str, Any]) -> Document:
    """The gold record a `documents` row holds, exactly as it was built."""
    return restore_omitted(_converter("documents", "decode")(row))


def event_records(document: Document) -> list[dict[str, Any]]:
    """The `events` rows of a gold record with class labels still as names: one per event, arguments carrying the
    entity they name."""
    entities = {entity["id"]: entity for entity in document["entities"]}
    rows = []
    for event in document["events"]:
        arguments = []
        for argument in event["arguments"]:
            entity = entities[argument["entity"]]
            arguments.append(
                {
                    "role": argument["role"],
                    "entity": argument["entity"],
                    "entity_type": entity["type"],
                    "entity_name": entity["name"],
                    "normalized": entity.get("normalized"),
                    "mentions": entity["mentions"],
                }
            )
        outgoing = [
            {"id": relation["id"], "type": relation["type"], "to": relation["to"]}
            for relation in document.get("relations", [])
            if relation["from"] == event["id"]
        ]
        rows.append({"document_id": document["id"], **event, "arguments": arguments, "relations": outgoing})
    return rows


def event_rows(document: Document) -> list[dict[str, Any]]:
    """The `events` rows of a gold record."""
    encode = _converter("events", "encode")
    return [encode(record) for record in event_records(document)]


@cache
def _record_keys() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keys of an event record and of an argument record, in schema order."""
    return tuple(properties(definition("event"))), tuple(properties(definition("argument")))


def event_from_row(row: Mapping[str, Any]) -> tuple[str, Event]:
    """The document id and the event record an `events` row holds."""
    decoded = _converter("events", "decode")(row)
    event_keys, argument_keys = _record_keys()
    event = {name: decoded[name] for name in event_keys}
    event["arguments"] = [{key: argument[key] for key in argument_keys} for argument in decoded["arguments"]]
    return decoded["document_id"], cast(Event, event)
