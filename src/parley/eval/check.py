"""A fast structural pre-check equivalent to (never looser than) the record JSON Schemas.

Validating a record with jsonschema costs milliseconds, which dominates scoring a large file. A record this
check accepts is one the schema accepts too, so only the schema-free semantic checks still have to run on it;
a record it rejects goes through the full `validate_record` for its located messages. A property test keeps
the two in step.

`clean_colons` is the fast reader's one walk over a record: `conforms` and `semantically_clean` together, plus the
colon count of the record's canonical text that `fast_read` uses to prove no key was repeated. It vouches for
exactly the records both checks vouch for (a property test compares them); anything else goes the separate way.
"""

import datetime as dt
import re
from functools import cache
from typing import Any

from parley.schema import Problem, RecordKind, validate_record, vocabulary
from parley.schema.checks import semantic_problems, time_value_problem
from parley.schema.quantities import parse_quantity

_DOCUMENT_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*\Z")
_LOCAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_GUIDELINES = re.compile(r"^[0-9]+\.[0-9]+\Z")
_LANGUAGE = re.compile(r"^[a-z]{2}\Z")
_GOLD_KEYS = frozenset(
    {"id", "title", "date", "source", "url", "language", "domain", "text", "entities", "events", "annotation"}
)
_PREDICTION_KEYS = frozenset(
    {"id", "title", "date", "source", "url", "language", "domain", "text", "system", "entities", "events", "annotation"}
)
# `relations` (schema 1.1) is optional in both kinds of record.
_GOLD_OPTIONAL_KEYS = frozenset({"relations"})
_PREDICTION_ALL_KEYS = _PREDICTION_KEYS | _GOLD_OPTIONAL_KEYS
_PREDICTION_REQUIRED_KEYS = frozenset({"id", "entities", "events"})
_PREDICTION_TEXT_KEYS = frozenset({"title", "date", "source", "language", "domain", "text", "system"})
"""The prediction's optional keys whose values must be strings."""


@cache
def _values(kind: str) -> frozenset[str]:
    return frozenset(vocabulary().values(kind))


def _member(value: Any, kind: str) -> bool:
    return type(value) is str and value in _values(kind)


def _is_text(value: Any, *, non_empty: bool = False) -> bool:
    return type(value) is str and (not non_empty or len(value) > 0)


_MENTION_KEYS = frozenset({"start", "end", "text"})
_ENTITY_KEYS = frozenset({"id", "type", "name", "normalized", "mentions"})
_EVENT_KEYS = frozenset({"id", "type", "triggers", "arguments", "attributes"})
_ARGUMENT_KEYS = frozenset({"role", "entity"})
_ATTRIBUTE_KEYS = frozenset({"polarity", "realis"})
_RELATION_KEYS = frozenset({"id", "type", "from", "to"})

# The checks below run on every mention of every record, so they are written as flat loops over locals: a
# function call per mention or argument costs more than the checks themselves.


def _mentions_conform(mentions: Any, *, offsets_required: bool) -> bool:
    """A non-empty list of mentions, each `{text}` (unless offsets are required) or `{start, end, text}`."""
    if type(mentions) is not list or not mentions:
        return False
    for mention in mentions:
        if type(mention) is not dict:
            return False
        size = len(mention)
        if size == 3:
            if mention.keys() != _MENTION_KEYS:
                return False
            start, end = mention["start"], mention["end"]
            if type(start) is not int or type(end) is not int or start < 0 or end < 1:
                return False
        elif size != 1 or offsets_required or "text" not in mention:
            return False
        text = mention["text"]
        if type(text) is not str or not text:
            return False
    return True


def _entities_conform(entities: Any, *, gold: bool) -> bool:
    if type(entities) is not list:
        return False
    entity_types = _values("entity_types")
    local_id = _LOCAL_ID.search
    for entity in entities:
        if type(entity) is not dict or not entity.keys() <= _ENTITY_KEYS:
            return False
        entity_id, entity_type = entity.get("id"), entity.get("type")
        if type(entity_id) is not str or not local_id(entity_id):
            return False
        if type(entity_type) is not str or entity_type not in entity_types:
            return False
        if "name" in entity:
            name = entity["name"]
            if type(name) is not str or (gold and not name):
                return False
        elif gold:
            return False
        normalized = entity.get("normalized")
        if normalized is not None and type(normalized) is not str:
            return False
        if not _mentions_conform(entity.get("mentions"), offsets_required=gold):
            return False
    return True


def _events_conform(events: Any, *, gold: bool) -> bool:
    if type(events) is not list:
        return False
    event_types, roles = _values("event_types"), _values("roles")
    polarities, realis_values = _values("polarities"), _values("realis_values")
    local_id = _LOCAL_ID.search
    for event in events:
        if type(event) is not dict or event.keys() != _EVENT_KEYS:
            return False
        event_id, event_type = event["id"], event["type"]
        if type(event_id) is not str or not local_id(event_id):
            return False
        if type(event_type) is not str or event_type not in event_types:
            return False
        if not _mentions_conform(event["triggers"], offsets_required=gold):
            return False
        arguments = event["arguments"]
        if type(arguments) is not list:
            return False
        for argument in arguments:
            if type(argument) is not dict or argument.keys() != _ARGUMENT_KEYS:
                return False
            role, entity = argument["role"], argument["entity"]
            if type(role) is not str or role not in roles or type(entity) is not str or not local_id(entity):
                return False
        attributes = event["attributes"]
        if type(attributes) is not dict or attributes.keys() != _ATTRIBUTE_KEYS:
            return False
        polarity, realis = attributes["polarity"], attributes["realis"]
        if type(polarity) is not str or polarity not in polarities:
            return False
        if type(realis) is not str or realis not in realis_values:
            return False
    return True


def _relations_conform(relations: Any) -> bool:
    if type(relations) is not list:
        return False
    relation_types = _values("relation_types")
    local_id = _LOCAL_ID.search
    for relation in relations:
        if type(relation) is not dict or relation.keys() != _RELATION_KEYS:
            return False
        kind = relation["type"]
        if type(kind) is not str or kind not in relation_types:
            return False
        for key in ("id", "from", "to"):
            value = relation[key]
            if type(value) is not str or not local_id(value):
                return False
    return True


def _annotation_conforms(annotation: Any) -> bool:
    if type(annotation) is not dict or annotation.keys() != {"guidelines_version", "annotators", "adjudicated"}:
        return False
    annotators = annotation["annotators"]
    return (
        _is_text(annotation["guidelines_version"])
        and _GUIDELINES.search(annotation["guidelines_version"]) is not None
        and type(annotators) is list
        and len(annotators) > 0
        and all(_is_text(name, non_empty=True) for name in annotators)
        and type(annotation["adjudicated"]) is bool
    )


def _metadata_conforms(record: dict[str, Any], *, gold: bool) -> bool:
    if gold:
        return (
            _GOLD_KEYS <= record.keys() <= _GOLD_KEYS | _GOLD_OPTIONAL_KEYS
            and _is_text(record["title"], non_empty=True)
            and _is_text(record["date"])
            and _DATE.search(record["date"]) is not None
            and _is_text(record["source"], non_empty=True)
            and (record["url"] is None or _is_text(record["url"]))
            and _is_text(record["language"])
            and _LANGUAGE.search(record["language"]) is not None
            and _member(record["domain"], "domains")
            and _is_text(record["text"], non_empty=True)
            and _annotation_conforms(record["annotation"])
        )
    if not (record.keys() <= _PREDICTION_ALL_KEYS and record.keys() >= _PREDICTION_REQUIRED_KEYS):
        return False
    # A loop over the keys a record has (a prediction usually has few of the optional ones).
    for key, value in record.items():
        if key in _PREDICTION_TEXT_KEYS and type(value) is not str:
            return False
    if "url" in record and record["url"] is not None and not _is_text(record["url"]):
        return False
    return "annotation" not in record or _annotation_conforms(record["annotation"])


def conforms(record: Any, kind: RecordKind) -> bool:
    """True only when the JSON Schema of `kind` certainly accepts `record` (False means: ask jsonschema)."""
    gold = kind == "gold"
    if type(record) is not dict or not _is_text(record.get("id")) or not _DOCUMENT_ID.search(record["id"]):
        return False
    if not _metadata_conforms(record, gold=gold):
        return False
    if "relations" in record and not _relations_conform(record["relations"]):
        return False
    return _entities_conform(record["entities"], gold=gold) and _events_conform(record["events"], gold=gold)


def _mentions_clean(mentions: list[dict[str, Any]], text: str | None) -> bool:
    if text is None:
        return True
    for mention in mentions:
        if "start" in mention:
            start, end = mention["start"], mention["end"]
            if start >= end or end > len(text) or text[start:end] != mention["text"]:
                return False
    return True


def semantically_clean(record: dict[str, Any], kind: RecordKind) -> bool:
    """True only when `semantic_problems` certainly finds nothing in this schema-valid record."""
    vocab = vocabulary()
    text = record.get("text")
    if kind == "gold":
        try:
            dt.date.fromisoformat(record["date"])
        except ValueError:
            return False
    entity_types: dict[str, str] = {}
    ids: set[str] = set()
    for entity in record["entities"]:
        ids.add(entity["id"])
        entity_types[entity["id"]] = entity["type"]
        mentions = entity["mentions"]
        if not _mentions_clean(mentions, text):
            return False
        spans = [(m["start"], m["end"], m["text"]) for m in mentions if "start" in m]
        if len(set(spans)) != len(spans):
            return False
        normalized = entity.get("normalized")
        if normalized is not None:
            if entity["type"] == "TIME" and time_value_problem(normalized):
                return False
            if entity["type"] == "QUANTITY" and parse_quantity(normalized) is None:
                return False
    for event in record["events"]:
        ids.add(event["id"])
        if not _mentions_clean(event["triggers"], text):
            return False
        allowed = vocab.allowed_roles[event["type"]]
        seen: set[tuple[str, str]] = set()
        for argument in event["arguments"]:
            role, entity = argument["role"], argument["entity"]
            if role not in allowed or entity not in entity_types or (role, entity) in seen:
                return False
            if role in vocab.role_entity_types and entity_types[entity] not in vocab.role_entity_types[role]:
                return False
            seen.add((role, entity))
    relations = record.get("relations", ())
    if relations and not _relations_clean(relations, {event["id"]: event["type"] for event in record["events"]}):
        return False
    ids.update(relation["id"] for relation in relations)
    return len(ids) == len(record["entities"]) + len(record["events"]) + len(relations)


def _relations_clean(relations: list[dict[str, Any]], event_types: dict[str, str]) -> bool:
    vocab = vocabulary()
    seen: set[tuple[str, str, str]] = set()
    for relation in relations:
        kind, source, target = relation["type"], relation["from"], relation["to"]
        if source == target or source not in event_types or target not in event_types:
            return False
        if (event_types[source], event_types[target]) not in vocab.relation_pairs[kind]:
            return False
        if (kind, source, target) in seen or (kind in vocab.symmetric_relations and (kind, target, source) in seen):
            return False
        seen.add((kind, source, target))
    return True


def record_problems(record: Any, kind: RecordKind, *, file: str, line: int | None) -> list[Problem]:
    """The same problems as `validate_record`, with the schema step skipped when `conforms` vouches for it, and
    the semantic checks skipped when `semantically_clean` does."""
    if not conforms(record, kind):
        try:
            return validate_record(record, kind, file=file, line=line)
        except (TypeError, ValueError) as error:
            # The semantic checks assume what the schema cannot promise (jsonschema counts 1.0 as an integer, and
            # `text[1.0:5]` raises); such a record is reported, never allowed to stop the run.
            document = record.get("id") if isinstance(record, dict) and isinstance(record.get("id"), str) else None
            message = f"record could not be checked ({error}); are all offsets integers?"
            return [Problem(file=file, line=line, document=document, pointer="", code="uncheckable", message=message)]
    return schema_valid_problems(record, kind, file=file, line=line)


def schema_valid_problems(record: Any, kind: RecordKind, *, file: str, line: int | None) -> list[Problem]:
    """The problems of a record `conforms` vouched for: its semantic problems, skipped when `semantically_clean`."""
    if semantically_clean(record, kind):
        return []
    document = record["id"]
    return [
        Problem(file=file, line=line, document=document, pointer=pointer, code=code, message=message)
        for pointer, code, message in semantic_problems(record, kind)
    ]


# --- One walk for the fast reader: conformance, semantic checks and the colon count together ----------------------


class _Tables:
    """The vocabulary as the fused walk asks it: sets and pair sets, looked up once per value.

    Every set holds only values without a colon, so a value found in one adds no colon to the canonical text (a
    vocabulary value with a colon would simply never be vouched for: the record goes the long way)."""

    __slots__ = (
        "argument_roles",
        "entity_types",
        "event_types",
        "polarities",
        "realis_values",
        "relation_pairs",
        "relation_types",
        "symmetric_relations",
    )

    def __init__(self) -> None:
        vocab = vocabulary()

        def values(kind: str) -> frozenset[str]:
            return frozenset(value for value in _values(kind) if ":" not in value)

        self.entity_types = values("entity_types")
        self.event_types = values("event_types")
        self.polarities = values("polarities")
        self.realis_values = values("realis_values")
        self.relation_types = values("relation_types")
        roles = values("roles")
        # Event type -> entity type -> the roles an entity of that type may fill in an event of that type: roles
        # in the roles vocabulary (conformance), allowed for the event type, taking that entity type (both semantic
        # checks).
        self.argument_roles = {
            event_type: {
                entity_type: frozenset(
                    role
                    for role in vocab.allowed_roles[event_type]
                    if role in roles and entity_type in vocab.role_entity_types.get(role, self.entity_types)
                )
                for entity_type in self.entity_types
            }
            for event_type in self.event_types
        }
        self.relation_pairs = {kind: vocab.relation_pairs[kind] for kind in self.relation_types}
        self.symmetric_relations = vocab.symmetric_relations


@cache
def _tables() -> _Tables:
    return _Tables()


_KNOWN_IDS: set[str] = set()
"""Local ids already found to match `_LOCAL_ID` (the same few ids recur in every record: `e1`, `party-x`): a set
lookup instead of a regex search. Bounded by `_KNOWN_IDS_LIMIT` (about 2 MB at most, the strings included); past
it, other ids are searched as before."""
_KNOWN_IDS_LIMIT = 20_000


def _local_id(value: Any) -> bool:
    """`_LOCAL_ID.search(value)` for a string, False for anything else; remembered in `_KNOWN_IDS` when true."""
    if type(value) is not str or not _LOCAL_ID.search(value):
        return False
    if len(_KNOWN_IDS) < _KNOWN_IDS_LIMIT:
        _KNOWN_IDS.add(value)
    return True


def _string_colons(values: Any) -> int:
    """The colons inside the strings among `values` (other values hold no string: the walk checks them)."""
    colons = 0
    for value in values:
        if type(value) is str and ":" in value:
            colons += value.count(":")
    return colons


def _duplicate_spans(mentions: list[dict[str, Any]]) -> bool:
    spans = [(m["start"], m["end"], m["text"]) for m in mentions if len(m) == 3]
    return len(set(spans)) != len(spans)


def clean_colons(record: Any, kind: RecordKind) -> int | None:
    """For a value as orjson gives it (exact dict, list, str, int, float, bool, None): when `record` certainly
    conforms and is semantically clean (`conforms` and `semantically_clean` both True), the number of colons in its
    canonical JSON text (one per key of every object, plus the colons inside its strings); None otherwise.

    One walk instead of `conforms`, `semantically_clean` and `orjson.dumps` (which `fast_read` used to count the
    colons): the common valid record is visited once. Never looser than the two checks (a property test compares
    them); None only costs the long way."""
    try:
        return _clean_colons(record, gold=kind == "gold")
    except (KeyError, TypeError):
        # A missing key, a value of the wrong type where a dict is expected (a list or a string indexed by a key,
        # `len` of a number), an unhashable value looked up in a set: not certainly conforming.
        return None


# The walk below visits every mention and argument of every record read, so it is one function of flat loops over
# locals (a call per entity or mention costs more than its checks). Where it indexes a value by a key without
# checking that the value is a dict, the dict is implied: of the values orjson gives, only a dict takes a string
# index (a list or a string raises TypeError, caught above); and `len(d) == n` with n required keys all found
# means `d` holds exactly those keys.


def _mention_colons(mentions: Any, text: str | None, *, gold: bool, distinct: bool) -> int | None:
    """The colons of a list of mentions in canonical text (one per key, plus those inside the mention's text) when
    `_mentions_conform` and `_mentions_clean` accept them and, with `distinct`, no span is listed twice (an
    entity's mentions); None otherwise. One call per list: a call per mention would cost more than its checks."""
    if type(mentions) is not list or not mentions:
        return None
    colons = 0
    # Starts strictly increasing mean no span is listed twice; otherwise the spans are compared.
    previous_start = -1
    ordered = True
    for mention in mentions:
        mention_size = len(mention)
        if mention_size == 3:
            start, end, mention_text = mention["start"], mention["end"], mention["text"]
            if type(start) is not int or type(end) is not int or start < 0 or end < 1:
                return None
            if text is not None and (start >= end or end > len(text) or text[start:end] != mention_text):
                return None
            if start <= previous_start:
                ordered = False
            previous_start = start
        elif mention_size == 1 and not gold:
            mention_text = mention["text"]
        else:
            return None
        if type(mention_text) is not str or not mention_text:
            return None
        colons += mention_size
        if ":" in mention_text:
            colons += mention_text.count(":")
    if distinct and not ordered and _duplicate_spans(mentions):
        return None
    return colons


def _clean_colons(record: Any, *, gold: bool) -> int | None:
    tables = _tables()
    if type(record) is not dict or not _is_text(record.get("id")) or not _DOCUMENT_ID.search(record["id"]):
        return None
    if not _metadata_conforms(record, gold=gold):
        return None
    if gold:
        try:
            dt.date.fromisoformat(record["date"])
        except ValueError:
            return None
    # The record's keys are fixed names (no colon); its strings are the metadata, checked above to be strings.
    colons = len(record) + _string_colons(record.values())
    if "annotation" in record:
        annotation = record["annotation"]
        colons += 3 + _string_colons(annotation.values()) + _string_colons(annotation["annotators"])
    text = record.get("text")
    known_ids = _KNOWN_IDS
    entity_type_set, event_type_set = tables.entity_types, tables.event_types

    entities = record["entities"]
    if type(entities) is not list:
        return None
    entity_types: dict[str, str] = {}
    for entity in entities:
        entity_id, entity_type, mentions = entity["id"], entity["type"], entity["mentions"]
        if entity_type not in entity_type_set or (entity_id not in known_ids and not _local_id(entity_id)):
            return None
        colons += len(entity)
        other_keys = len(entity) - 3  # beside id, type and mentions: name and normalized, nothing else
        if "name" in entity:
            name = entity["name"]
            if type(name) is not str or (gold and not name):
                return None
            if ":" in name:
                colons += name.count(":")
            other_keys -= 1
        elif gold:
            return None
        if "normalized" in entity:
            normalized = entity["normalized"]
            if normalized is not None:
                if type(normalized) is not str:
                    return None
                if entity_type == "TIME" and time_value_problem(normalized):
                    return None
                if entity_type == "QUANTITY" and parse_quantity(normalized) is None:
                    return None
                if ":" in normalized:
                    colons += normalized.count(":")
            other_keys -= 1
        if other_keys:
            return None
        mention_colons = _mention_colons(mentions, text, gold=gold, distinct=True)
        if mention_colons is None:
            return None
        colons += mention_colons
        entity_types[entity_id] = entity_type
    if len(entity_types) != len(entities):
        return None  # an entity id used twice

    events = record["events"]
    if type(events) is not list:
        return None
    polarities, realis_values, argument_roles = tables.polarities, tables.realis_values, tables.argument_roles
    event_types: dict[str, str] = {}
    for event in events:
        # Five keys, all five found: exactly the event's keys.
        if len(event) != 5:
            return None
        event_id, event_type, triggers = event["id"], event["type"], event["triggers"]
        arguments, attributes = event["arguments"], event["attributes"]
        if event_type not in event_type_set or event_id in entity_types:
            return None
        if event_id not in known_ids and not _local_id(event_id):
            return None
        if len(attributes) != 2 or attributes["polarity"] not in polarities:
            return None
        if attributes["realis"] not in realis_values:
            return None
        if type(arguments) is not list:
            return None
        trigger_colons = _mention_colons(triggers, text, gold=gold, distinct=False)
        if trigger_colons is None:
            return None
        colons += trigger_colons
        roles_by_entity_type = argument_roles[event_type]
        filled: set[tuple[str, str]] = set()
        for argument in arguments:
            if len(argument) != 2:
                return None
            role, entity = argument["role"], argument["entity"]
            # A known entity (so a valid id) whose type the role takes, the role one the event type allows.
            if role not in roles_by_entity_type[entity_types[entity]]:
                return None
            filled.add((role, entity))
        if len(filled) != len(arguments):
            return None  # an argument listed twice
        colons += 7 + 2 * len(arguments)  # the event's 5 keys, its attributes' 2, each argument's 2
        event_types[event_id] = event_type
    if len(event_types) != len(events):
        return None  # an event id used twice

    relations = record.get("relations", [])
    if type(relations) is not list:
        return None
    relation_types, relation_pairs = tables.relation_types, tables.relation_pairs
    related: set[tuple[str, str, str]] = set()
    relation_ids: set[str] = set()
    for relation in relations:
        if len(relation) != 4:
            return None
        relation_id, relation_type, source, target = relation["id"], relation["type"], relation["from"], relation["to"]
        if relation_type not in relation_types or not _local_id(relation_id):
            return None
        if relation_id in entity_types or relation_id in event_types or relation_id in relation_ids:
            return None  # an id used twice
        # Both ends known events (so valid ids), distinct, of an allowed pair, not related so before.
        if source == target or (event_types[source], event_types[target]) not in relation_pairs[relation_type]:
            return None
        if (relation_type, source, target) in related or (
            relation_type in tables.symmetric_relations and (relation_type, target, source) in related
        ):
            return None
        related.add((relation_type, source, target))
        relation_ids.add(relation_id)
    return colons + 4 * len(relations)
