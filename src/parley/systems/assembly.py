"""Turning a baseline's decisions (trigger spans, typed roles over candidates) into a prediction record.

Candidates sharing a coreference key become one entity whose mentions are every such candidate in the article,
so a role filled near the trigger is also credited to the entity's other mentions. Roles the event type does
not allow, fillers of the wrong entity type and repeated (role, entity) pairs are dropped here, so the
baselines always emit schema-valid records.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from parley.schema.checks import time_value_problem
from parley.schema.vocabulary import vocabulary
from parley.systems.candidates import Analysis, Candidate
from parley.systems.interface import InputDocument


@dataclass(frozen=True, slots=True)
class DraftEvent:
    """One predicted event: a trigger's character span, its type, roles over candidates and its attributes."""

    type: str
    trigger: tuple[int, int]
    sentence: int
    arguments: tuple[tuple[str, Candidate], ...]
    polarity: str
    realis: str


def merge_coreferent(events: Sequence[DraftEvent]) -> list[list[DraftEvent]]:
    """Events grouped as one when they share a type and a sentence ("met ... for talks"), in text order.

    Gold events list every trigger mention of one event; predicting each mention as its own event would count
    all but one as spurious.
    """
    groups: dict[tuple[str, int], list[DraftEvent]] = {}
    for event in sorted(events, key=lambda event: event.trigger):
        groups.setdefault((event.type, event.sentence), []).append(event)
    return sorted(groups.values(), key=lambda group: group[0].trigger)


def role_fits(event_type: str, role: str, candidate: Candidate) -> bool:
    """Whether `candidate` may fill `role` in an event of `event_type` under the schema."""
    vocab = vocabulary()
    if role not in vocab.allowed_roles[event_type]:
        return False
    wanted = vocab.role_entity_types.get(role)
    return wanted is None or candidate.type in wanted


def _normalized(candidate: Candidate) -> str | None:
    if candidate.type == "TIME" and candidate.normalized is not None and time_value_problem(candidate.normalized):
        return None
    return candidate.normalized


def build_prediction(
    document: InputDocument, analysis: Analysis, events: Sequence[DraftEvent], *, system: str
) -> dict[str, Any]:
    """The prediction record for `document` holding `events` and the entities their arguments need."""
    entity_ids: dict[str, str] = {}
    entities: list[dict[str, Any]] = []
    mentions_by_key: dict[str, list[Candidate]] = {}
    for candidate in analysis.candidates:
        mentions_by_key.setdefault(candidate.key, []).append(candidate)

    def entity_for(candidate: Candidate) -> str:
        if candidate.key not in entity_ids:
            entity_ids[candidate.key] = f"e{len(entity_ids) + 1}"
            members = [
                member for member in mentions_by_key.get(candidate.key, [candidate]) if member.type == candidate.type
            ]
            normalized = next((value for value in map(_normalized, members) if value is not None), None)
            entities.append(
                {
                    "id": entity_ids[candidate.key],
                    "type": candidate.type,
                    "name": normalized if candidate.type in {"STATE", "LOCATION"} and normalized else candidate.text,
                    "normalized": normalized,
                    "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in members],
                }
            )
        return entity_ids[candidate.key]

    records: list[dict[str, Any]] = []
    for number, group in enumerate(merge_coreferent(events), start=1):
        first = group[0]
        arguments: list[dict[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for role, candidate in (argument for event in group for argument in event.arguments):
            if not role_fits(first.type, role, candidate):
                continue
            entity = entity_for(candidate)
            if (role, entity) not in seen:
                seen.add((role, entity))
                arguments.append({"role": role, "entity": entity})
        records.append(
            {
                "id": f"ev{number}",
                "type": first.type,
                "triggers": [
                    {"start": start, "end": end, "text": analysis.text[start:end]}
                    for start, end in dict.fromkeys(event.trigger for event in group)
                ],
                "arguments": arguments,
                "attributes": {"polarity": first.polarity, "realis": first.realis},
            }
        )
    return {"id": document["id"], "system": system, "entities": entities, "events": records}
