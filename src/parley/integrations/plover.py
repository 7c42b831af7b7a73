"""Parley events as PLOVER event records (the Open Event Data Alliance's JSON interchange format).

One PLOVER record per Parley event, using PLOVER's field names (`id`, `date`, `source`, `recipient`, `event`,
`mode`, `quad_code`, `event_loc`, `event_text`, `link`, `cite_info`, `coder`). PLOVER leaves room for named fields
beyond its own; Parley's attributes and arguments that PLOVER has no field for travel in `parley_*` fields, so
nothing is lost on the way out. The mapping and what it drops are documented in `schema/README.md`.
"""

import re
from collections.abc import Iterator
from typing import Any

from parley.schema import SCHEMA_VERSION
from parley.schema.records import Document, Entity, Event
from parley.schema.vocabulary import vocabulary

QUAD_CODES = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "INVESTIGATE": 2,
    "DEMAND": 3,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "SANCTION": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}
"""PLOVER's quad categories (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
conflict); POLECAT's REQUEST takes the place of PLOVER's DEMAND."""

_PLOVER_MAPPING = re.compile(r"^(?P<event>[A-Z]+)(?: \((?P<mode>[^)]+)\))?$")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_INTERVAL = re.compile(r"^(?P<start>\d{4}-\d{2}-\d{2})/(?P<end>\d{4}-\d{2}-\d{2})$")

ACTOR_ROLES = {"source": ("actor", "participant"), "recipient": ("recipient",)}
"""Roles whose entities become PLOVER `source` and `recipient` actors. A symmetric event (talks, a joint
agreement) lists every party as a source, as PLOVER does for reciprocal events."""
MEDIATION_ACTOR_ROLES = {"source": ("mediator", "actor"), "recipient": ("participant", "recipient")}
"""In a MEDIATE event the third party acts and the parties it brings together receive (CAMEO's 045 Mediate)."""


def plover_category(parley_type: str) -> tuple[str, str]:
    """(PLOVER event category, mode) of a Parley event type, from the schema's `x-plover` mapping."""
    match = _PLOVER_MAPPING.match(vocabulary().plover[parley_type])
    if match is None:  # the vocabulary test keeps every mapping in this shape
        raise ValueError(f"unexpected x-plover value for {parley_type}: {vocabulary().plover[parley_type]!r}")
    return match["event"], match["mode"] or ""


def _actor(entity: Entity) -> dict[str, Any]:
    return {
        "actor_text": entity["mentions"][0]["text"],
        "identifier_text": entity.get("normalized") or entity["name"],
        "parley_entity_type": entity["type"],
    }


def _event_dates(event: Event, entities: dict[str, Entity], dateline: str) -> tuple[str, str | None, str]:
    """(date, enddate, resolution): the event's own `time` when it is a full date or a date interval, else the
    article's dateline (PLOVER requires a date; `parley_date_source` says which one was used)."""
    for argument in event["arguments"]:
        if argument["role"] != "time":
            continue
        value = entities[argument["entity"]].get("normalized") or ""
        if _FULL_DATE.match(value):
            return value, None, "event"
        interval = _DATE_INTERVAL.match(value)
        if interval:
            return interval["start"], interval["end"], "event"
    return dateline, None, "dateline"


def plover_records(document: Document) -> Iterator[dict[str, Any]]:
    """The PLOVER records of one Parley document, one per event, in the document's event order."""
    entities = {entity["id"]: entity for entity in document["entities"]}
    for event in document["events"]:
        category, mode = plover_category(event["type"])
        by_role: dict[str, list[Entity]] = {}
        for argument in event["arguments"]:
            by_role.setdefault(argument["role"], []).append(entities[argument["entity"]])
        actor_roles = MEDIATION_ACTOR_ROLES if event["type"] == "MEDIATE" else ACTOR_ROLES
        sources = [_actor(entity) for role in actor_roles["source"] for entity in by_role.get(role, [])]
        recipients = [_actor(entity) for role in actor_roles["recipient"] for entity in by_role.get(role, [])]
        date, enddate, date_source = _event_dates(event, entities, document["date"])
        record: dict[str, Any] = {
            "id": f"{document['id']}:{event['id']}",
            "date": date,
            "source": sources,
            "recipient": recipients,
            "event": [category],
            "mode": [mode] if mode else [],
            "quad_code": QUAD_CODES[category],
            "event_text": [trigger["text"] for trigger in event["triggers"]],
            "link": document["id"],
            "cite_info": {
                "corpus": "parley",
                "citation": document["id"],
                "title": document["title"],
                "language": document["language"],
                "license": "CC-BY-4.0",
                "codebook": f"parley-{SCHEMA_VERSION}",
            },
            "coder": "parley gold annotation (guidelines " + document["annotation"]["guidelines_version"] + ")",
            "parley_event_type": event["type"],
            "parley_polarity": event["attributes"]["polarity"],
            "parley_realis": event["attributes"]["realis"],
            "parley_date_source": date_source,
            "parley_arguments": [
                {"role": argument["role"], "text": entities[argument["entity"]]["name"]}
                for argument in event["arguments"]
                if argument["role"] not in (*actor_roles["source"], *actor_roles["recipient"])
            ],
        }
        if enddate:
            record["enddate"] = enddate
        locations = by_role.get("location", [])
        if locations:
            record["event_loc"] = {"name": locations[0].get("normalized") or locations[0]["name"]}
        yield record
