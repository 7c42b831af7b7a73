"""Records -> Label Studio tasks and results (the regions and relations of one annotation or prediction).

The mapping (documented for annotators in `annotation/README.md`):

- every entity mention is a region labelled with the entity's type under `entity`; every trigger is a region
  labelled with the event's type under `trigger`;
- a region's id is `<record id>_i<index>` (see `region_id`): the entity or event id and the mention's position, so
  the ids and the order of a record come back exactly on pull (regions drawn in the browser get random ids and
  fresh record ids);
- `normalized` (and `name`, when it is not the longest mention) sit on the first mention's region as per-region text
  areas; polarity and realis sit on the first trigger's region as per-region choices;
- every region carries its entity's or event's id as its per-region `key` (mentions sharing type and key are one
  entity, triggers sharing a key one event: coreference costs no relation);
- arguments are relations labelled with the role, from the event's first trigger to the entity's first mention;
- event relations (schema 1.1) are relations labelled with the relation type, from the first trigger of the `from`
  event to the first trigger of the `to` event (direction "right"); Label Studio relations carry no id, so the task
  data keeps each relation as `[type, from, to, id]` under `relation_ids`, in the record's order, and whether the
  record had a `relations` key at all under `has_relations`.
"""

import hashlib
import json
import re
from typing import Any

from parley.annotation.config import (
    ENTITY,
    KEY,
    NAME,
    NORMALIZED,
    POLARITY,
    REALIS,
    TEXT,
    TRIGGER,
)
from parley.schema.records import Document, Entity, Event, Mention, Relation

Result = dict[str, Any]
METADATA_FIELDS = ("title", "date", "source", "url", "language", "domain")
NULL_NORMALIZED = "null_normalized"
RELATION_IDS = "relation_ids"
HAS_RELATIONS = "has_relations"


_ESCAPES = {"_": "_u", ".": "_d"}
_UNESCAPES = {"u": "_", "d": "."}
_REGION_ID = re.compile(r"^([A-Za-z0-9](?:[A-Za-z0-9-]|_[ud])*)_i([0-9]+)$")


def region_id(record_id: str, index: int) -> str:
    """`<record id>_i<index>`, with `_` and `.` escaped: the editor turns region ids into CSS class names, where a
    dot would split the class and leave the region without its colour."""
    escaped = "".join(_ESCAPES.get(character, character) for character in record_id)
    return f"{escaped}_i{index}"


def parse_region_id(identifier: str) -> tuple[str, int] | None:
    """The record id and mention index a region id written by `region_id` carries, or None for other ids."""
    match = _REGION_ID.fullmatch(identifier)
    if match is None:
        return None
    record_id = re.sub(r"_([ud])", lambda escape: _UNESCAPES[escape.group(1)], match.group(1))
    return record_id, int(match.group(2))


def default_name(mentions: list[Mention]) -> str:
    """The name a cluster gets when none is given: its longest mention, the first of equals."""
    return max(mentions, key=lambda mention: len(mention["text"]))["text"]


def content_digest(entities: list[Entity], events: list[Event], relations: list[Relation] | None = None) -> str:
    """A fingerprint of a record's annotation content, to recognise an annotation pushed unchanged.

    A record without a `relations` key (schema 1.0) keeps the fingerprint it had before relations existed.
    """
    content: dict[str, Any] = {"entities": entities, "events": events}
    if relations is not None:
        content["relations"] = relations
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _span(mention: Mention) -> dict[str, Any]:
    return {"start": mention["start"], "end": mention["end"], "text": mention["text"]}


def _region(identifier: str, control: str, mention: Mention, label: str) -> Result:
    value = {**_span(mention), "labels": [label]}
    return {"id": identifier, "from_name": control, "to_name": TEXT, "type": "labels", "value": value}


def _per_region(identifier: str, control: str, mention: Mention, kind: str, key: str, values: list[str]) -> Result:
    value: dict[str, Any] = {"start": mention["start"], "end": mention["end"]}
    if kind == "choices":
        value["text"] = mention["text"]
    value[key] = values
    return {"id": identifier, "from_name": control, "to_name": TEXT, "type": kind, "value": value}


def _relation(from_id: str, to_id: str, label: str) -> Result:
    return {"from_id": from_id, "to_id": to_id, "type": "relation", "direction": "right", "labels": [label]}


def _entity_results(entity: Entity) -> list[Result]:
    results: list[Result] = []
    first = region_id(entity["id"], 0)
    for index, mention in enumerate(entity["mentions"]):
        results.append(_region(region_id(entity["id"], index), ENTITY, mention, entity["type"]))
        results.append(_per_region(region_id(entity["id"], index), KEY, mention, "textarea", "text", [entity["id"]]))
    head = entity["mentions"][0]
    normalized = entity.get("normalized")
    if normalized:
        results.append(_per_region(first, NORMALIZED, head, "textarea", "text", [normalized]))
    if entity["name"] != default_name(entity["mentions"]):
        results.append(_per_region(first, NAME, head, "textarea", "text", [entity["name"]]))
    return results


def _event_results(event: Event, entities: dict[str, Entity]) -> list[Result]:
    results: list[Result] = []
    first = region_id(event["id"], 0)
    for index, trigger in enumerate(event["triggers"]):
        results.append(_region(region_id(event["id"], index), TRIGGER, trigger, event["type"]))
        results.append(_per_region(region_id(event["id"], index), KEY, trigger, "textarea", "text", [event["id"]]))
    head = event["triggers"][0]
    results.append(_per_region(first, POLARITY, head, "choices", "choices", [event["attributes"]["polarity"]]))
    results.append(_per_region(first, REALIS, head, "choices", "choices", [event["attributes"]["realis"]]))
    for argument in event["arguments"]:
        if argument["entity"] in entities:
            results.append(_relation(first, region_id(argument["entity"], 0), argument["role"]))
    return results


def record_results(record: Document) -> list[Result]:
    """The Label Studio results of a record whose mentions all carry offsets (check with `placement_problems`)."""
    entities = {entity["id"]: entity for entity in record["entities"]}
    results: list[Result] = []
    for entity in record["entities"]:
        results.extend(_entity_results(entity))
    for event in record["events"]:
        results.extend(_event_results(event, entities))
    events = {event["id"] for event in record["events"]}
    for relation in record.get("relations", []):
        if relation["from"] in events and relation["to"] in events:
            results.append(_relation(region_id(relation["from"], 0), region_id(relation["to"], 0), relation["type"]))
    return results


def task_data(document: Document) -> dict[str, Any]:
    """The task's data: the text, the document id (the key for idempotent pushes) and the metadata to restore."""
    data: dict[str, Any] = {"document_id": document["id"], TEXT: document["text"]}
    data.update({name: document[name] for name in METADATA_FIELDS})  # type: ignore[literal-required]
    data["gold_annotation"] = document["annotation"]
    data[NULL_NORMALIZED] = [e["id"] for e in document["entities"] if "normalized" in e and e["normalized"] is None]
    relations = document.get("relations")
    data[HAS_RELATIONS] = relations is not None
    data[RELATION_IDS] = [[r["type"], r["from"], r["to"], r["id"]] for r in relations or []]
    data["gold_digest"] = content_digest(document["entities"], document["events"], relations)
    return data


META = "parley_meta"
"""The `from_name` of the one result item of a submitted annotation that is not a region: what the record needs
back that Label Studio regions cannot hold (it is not a control of the labeling config; the editor ignores it)."""


def annotation_meta(record: Document) -> Result:
    """The record's guidelines version, its explicit null normalized values and its relation ids, as one result
    item that travels inside the annotation (a text-only task's data says nothing about any annotation)."""
    relations = record.get("relations")
    value = {
        "guidelines_version": record["annotation"]["guidelines_version"],
        NULL_NORMALIZED: [e["id"] for e in record["entities"] if "normalized" in e and e["normalized"] is None],
        HAS_RELATIONS: relations is not None,
        RELATION_IDS: [[r["type"], r["from"], r["to"], r["id"]] for r in relations or []],
    }
    return {"id": META, "type": META, "from_name": META, "to_name": TEXT, "value": value}


def split_meta(results: list[Any]) -> tuple[list[Any], dict[str, Any] | None]:
    """The results without the meta item, and the meta item's value (None when there is none)."""
    meta = [item for item in results if isinstance(item, dict) and item.get("from_name") == META]
    rest = [item for item in results if not (isinstance(item, dict) and item.get("from_name") == META)]
    value = meta[0].get("value") if meta else None
    return rest, value if isinstance(value, dict) else None


def text_only_task_data(document: Document) -> dict[str, Any]:
    """The data of a task for blind annotation: the text, the document id and the metadata, nothing about any
    annotation (no annotators, no relation ids, no digest)."""
    data: dict[str, Any] = {"document_id": document["id"], TEXT: document["text"]}
    data.update({name: document[name] for name in METADATA_FIELDS})  # type: ignore[literal-required]
    return data
