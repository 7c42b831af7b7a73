"""The declared `datasets.Features` of each config, derived from the JSON Schema, with a description per field.

Declaring every feature is what makes the folder load the same whatever the data holds: `datasets` infers types from
the first rows otherwise (empty lists and nulls defeat it, ISO dates become timestamps). Closed vocabularies become
`ClassLabel`s whose names are the schema's values in schema order; nested arrays become `List`.
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

from datasets import ClassLabel, Features, List, Value

from parley.schema.validation import load_schema

DOCUMENT_SCHEMA = "document.schema.json"
CONFIGS: tuple[str, ...] = ("documents", "events")
"""The dataset's configs; the first is the default."""

OMITTED_KEYS = "omitted_keys"
OMITTED_KEYS_DESCRIPTION = (
    "JSON pointers of optional keys the gold record leaves out (a missing key, as opposed to null); "
    "only there so that rows convert back to the exact records."
)

_VALUE_TYPES = {"string": "string", "integer": "int32", "boolean": "bool", "number": "float64"}


@dataclass(frozen=True)
class Node:
    """A schema node and the schema file its local `$ref`s resolve against."""

    schema: dict[str, Any]
    file: str


@dataclass(frozen=True)
class FieldDoc:
    """One row of the card's field table: where the field is, its type, what it holds."""

    path: str
    dtype: str
    description: str


def resolve(node: Node) -> Node:
    """`node` with its `$ref` (if any) followed, transitively; the referencing node's description is kept."""
    while "$ref" in node.schema:
        file, _, pointer = str(node.schema["$ref"]).partition("#")
        target: Any = load_schema(file or node.file)
        for token in pointer.strip("/").split("/"):
            target = target[token]
        described = dict(target)
        if "description" in node.schema:
            described["description"] = node.schema["description"]
        node = Node(described, file or node.file)
    return node


def definition(name: str) -> Node:
    """A `$defs` entry of the gold document schema."""
    return Node(load_schema(DOCUMENT_SCHEMA)["$defs"][name], DOCUMENT_SCHEMA)


def properties(node: Node) -> dict[str, Node]:
    """The properties of an object node, in schema order."""
    resolved = resolve(node)
    return {name: Node(schema, resolved.file) for name, schema in resolved.schema["properties"].items()}


def vocabulary_names(node: Node) -> list[str] | None:
    """The values of a closed vocabulary node (`oneOf` of consts), or None for any other node."""
    options = resolve(node).schema.get("oneOf")
    if options and all(isinstance(option, dict) and "const" in option for option in options):
        return [str(option["const"]) for option in options]
    return None


def feature_of(node: Node) -> Any:
    """The `datasets` feature type that holds values of a schema node."""
    names = vocabulary_names(node)
    if names is not None:
        return ClassLabel(names=names)
    schema = resolve(node).schema
    if "const" in schema:
        return Value("string")
    kinds = [kind for kind in _as_list(schema.get("type")) if kind != "null"]
    if kinds == ["array"]:
        return List(feature_of(Node(schema["items"], resolve(node).file)))
    if kinds == ["object"]:
        return {name: feature_of(child) for name, child in properties(node).items()}
    if len(kinds) == 1 and kinds[0] in _VALUE_TYPES:
        return Value(_VALUE_TYPES[kinds[0]])
    raise ValueError(f"no dataset feature for schema node {schema!r}")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _event_argument_fields() -> dict[str, Node]:
    """An argument of the `events` config: the record's role and entity id, plus the entity it names."""
    argument, entity = properties(definition("argument")), properties(definition("entity"))
    return {
        "role": argument["role"],
        "entity": argument["entity"],
        "entity_type": entity["type"],
        "entity_name": entity["name"],
        "normalized": entity["normalized"],
        "mentions": entity["mentions"],
    }


_DOCUMENT_ID_NODE = Node(
    {
        "type": "string",
        "description": "The id of the document that reports the event; offsets index that document's `text` "
        "(config `documents`).",
    },
    DOCUMENT_SCHEMA,
)
_OMITTED_KEYS_NODE = Node(
    {"type": "array", "items": {"type": "string"}, "description": OMITTED_KEYS_DESCRIPTION}, DOCUMENT_SCHEMA
)


def config_fields(config: str) -> dict[str, Node]:
    """The top-level columns of a config, as schema nodes."""
    if config == "documents":
        return {**properties(Node(load_schema(DOCUMENT_SCHEMA), DOCUMENT_SCHEMA)), OMITTED_KEYS: _OMITTED_KEYS_NODE}
    if config == "events":
        event = properties(definition("event"))
        arguments = Node(
            {
                "type": "array",
                "items": {"type": "object", "properties": {k: v.schema for k, v in _event_argument_fields().items()}},
                "description": "The event's arguments, each with the entity cluster it names resolved.",
            },
            DOCUMENT_SCHEMA,
        )
        relation = properties(definition("relation"))
        relations = Node(
            {
                "type": "array",
                "items": {"type": "object", "properties": {k: relation[k].schema for k in ("id", "type", "to")}},
                "description": "The event's outgoing relations (schema 1.1): each relation whose `from` is this event, "
                "with its id, type and the id of the `to` event of the same document (a symmetric `in_exchange_for` "
                "is listed once, on its `from` event).",
            },
            DOCUMENT_SCHEMA,
        )
        return {"document_id": _DOCUMENT_ID_NODE, **event, "arguments": arguments, "relations": relations}
    raise ValueError(f"unknown config {config!r} (known: {', '.join(CONFIGS)})")


@cache
def config_features(config: str) -> Features:
    """The declared features of a config."""
    return Features({name: feature_of(node) for name, node in config_fields(config).items()})


def _dtype(feature: Any) -> str:
    if isinstance(feature, ClassLabel):
        return "class label"
    if isinstance(feature, Value):
        return str(feature.dtype)
    if isinstance(feature, List):
        inner = feature.feature
        return "list of structs" if isinstance(inner, dict) else f"list of {_dtype(inner)}"
    return "struct"


# Descriptions for the schema nodes that carry none (the schema's own description wins when it has one).
_FALLBACK_DESCRIPTIONS = {
    "mentions": "Every span of the text that refers to the entity.",
    "attributes": "The event's attributes.",
    "annotation": "Who annotated the document, under which guidelines.",
    "arguments": "The roles of the event and the entity cluster that fills each.",
    "annotators": "Who annotated the document.",
}


def _field_docs(node: Node, path: str) -> list[FieldDoc]:
    resolved = resolve(node)
    description = str(resolved.schema.get("description", resolved.schema.get("title", "")))
    description = description or _FALLBACK_DESCRIPTIONS.get(path.rsplit(".", 1)[-1].removesuffix("[]"), "")
    names = vocabulary_names(node)
    if names is not None:
        description = f"{description.rstrip('.')}: one of {', '.join(names)}."
    docs = [FieldDoc(path, _dtype(feature_of(node)), description)]
    schema = resolved.schema
    if names is None and "array" in _as_list(schema.get("type")):
        item = Node(schema["items"], resolved.file)
        if "object" in _as_list(resolve(item).schema.get("type")):
            for name, child in properties(item).items():
                docs.extend(_field_docs(child, f"{path}[].{name}"))
    elif names is None and "object" in _as_list(schema.get("type")):
        for name, child in properties(node).items():
            docs.extend(_field_docs(child, f"{path}.{name}"))
    return docs


def field_docs(config: str) -> list[FieldDoc]:
    """Every field of a config, nested ones included (`events[].triggers[].start`), with type and description."""
    return [doc for name, node in config_fields(config).items() for doc in _field_docs(node, name)]


def optional_keys(node: Node) -> set[str]:
    """The properties an object node may leave out."""
    resolved = resolve(node).schema
    return set(resolved.get("properties", {})) - set(resolved.get("required", []))
