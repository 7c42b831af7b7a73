"""Generated documents for benchmarks and property tests: valid gold records of any size, from a seed.

The text is assembled from sentences whose spans are known as they are written, so every offset is right by
construction. Every value of every vocabulary can appear, and `exotic=True` mixes in flag emoji, other non-BMP
characters, combining accents and CRLF line breaks to exercise code-point offsets.
"""

import random
from collections.abc import Iterator
from typing import Any, cast

from parley.schema.records import Argument, Document, Entity, Event, Mention, Relation
from parley.schema.vocabulary import Vocabulary, vocabulary

_PARTIES = ["Arcadia", "Borduria", "Carpania", "Dorlandia", "Elbonia", "Freedonia", "Genovia", "Hyrkania"]
_PEOPLE = ["Ana Ruiz", "Bo Chen", "Cleo Marsh", "Dev Patel", "Eli Novak", "Fay Okafor", "Gus Lind", "Hana Sato"]
_PLACES = ["Geneva", "Doha", "Istanbul", "Nairobi", "Oslo", "Havana", "Cairo", "Vienna"]
_ISSUES = ["a ceasefire", "tariff relief", "a prisoner exchange", "wage increases", "emission cuts", "a border deal"]
_TRIGGERS = {
    "NEGOTIATE": "talks",
    "MEDIATE": "mediated",
    "PROPOSE": "proposed",
    "DEMAND": "demanded",
    "AGREE": "agreed",
    "SIGN": "signed",
    "REJECT": "rejected",
    "CONCEDE": "conceded",
    "IMPLEMENT": "released",
    "WITHDRAW": "walked out",
    "THREATEN": "threatened",
    "ACCUSE": "accused",
}
_EXOTIC = ["🇺🇦 ", "👩‍👩‍👧 ", "Zoë ", "Ame\u0301lie ", "𝔊 ", "\r\n"]


class _Writer:
    """Appends text and hands back the code-point span of each piece as it is written."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> Mention:
        mention: Mention = {"start": self.length, "end": self.length + len(piece), "text": piece}
        self.parts.append(piece)
        self.length += len(piece)
        return mention

    def text(self) -> str:
        return "".join(self.parts)


def _relations(rng: random.Random, vocab: Vocabulary, event_records: list[Event], count: int) -> list[Relation]:
    """Up to `count` distinct relations between the events, each of a type their event types allow."""
    candidates: list[tuple[str, str, str]] = []
    for source in event_records:
        for target in event_records:
            if source is target:
                continue
            pair = (source["type"], target["type"])
            for kind, pairs in vocab.relation_pairs.items():
                # A symmetric type is listed in one direction only, so that no candidate duplicates another.
                if pair in pairs and (kind not in vocab.symmetric_relations or source["id"] < target["id"]):
                    candidates.append((kind, source["id"], target["id"]))
    chosen = rng.sample(candidates, min(count, len(candidates)))
    return [{"id": f"rel{n}", "type": kind, "from": a, "to": b} for n, (kind, a, b) in enumerate(chosen)]


def generate_document(
    rng: random.Random,
    index: int,
    *,
    events: int = 8,
    target_chars: int = 3000,
    exotic: bool = False,
    relations: int = 0,
) -> Document:
    """One valid gold record with `events` events of random types and about `target_chars` characters.

    With `relations`, up to that many event relations (schema 1.1) link the events, as many as their types allow;
    with none the record is a schema 1.0 record without a `relations` key.
    """
    vocab = vocabulary()
    writer = _Writer()
    entities: dict[str, Entity] = {}

    def mention_of(entity_id: str, entity_type: str, name: str, normalized: str | None = None) -> None:
        mention = writer.add(name)
        if entity_id not in entities:
            entities[entity_id] = {"id": entity_id, "type": entity_type, "name": name, "mentions": []}
            if normalized is not None:
                entities[entity_id]["normalized"] = normalized
        entities[entity_id]["mentions"].append(mention)

    event_records: list[Event] = []
    for number in range(events):
        event_type = rng.choice(vocab.values("event_types"))
        allowed = vocab.allowed_roles[event_type]
        first_role = next(role for role in ("actor", "participant", "mediator") if role in allowed)
        party, person, place = rng.choice(_PARTIES), rng.choice(_PEOPLE), rng.choice(_PLACES)
        issue = rng.choice(_ISSUES)
        if exotic:
            writer.add(rng.choice(_EXOTIC))
        mention_of(f"party-{party.lower()}", "STATE", party, party)
        writer.add(" ")
        trigger = writer.add(_TRIGGERS[event_type])
        writer.add(" on ")
        mention_of(f"issue-{_ISSUES.index(issue)}", "ISSUE", issue)
        arguments: list[Argument] = [
            {"role": first_role, "entity": f"party-{party.lower()}"},
            {"role": "topic", "entity": f"issue-{_ISSUES.index(issue)}"},
        ]
        if "location" in allowed:
            writer.add(" in ")
            mention_of(f"place-{place.lower()}", "LOCATION", place)
            arguments.append({"role": "location", "entity": f"place-{place.lower()}"})
        writer.add(", said ")
        mention_of(f"person-{_PEOPLE.index(person)}", "PERSON", person)
        writer.add(".")
        if "source" in allowed:
            arguments.append({"role": "source", "entity": f"person-{_PEOPLE.index(person)}"})
        filler = max(0, target_chars // max(events, 1) - 60)
        writer.add(" " + ("The sides kept talking. " * (filler // 24 + 1))[:filler] + "\n")
        event_records.append(
            {
                "id": f"ev{number}",
                "type": event_type,
                "triggers": [trigger],
                "arguments": arguments,
                "attributes": {
                    "polarity": rng.choice(vocab.values("polarities")),
                    "realis": rng.choice(vocab.values("realis_values")),
                },
            }
        )
    document: dict[str, Any] = {
        "id": f"synthetic-{index:07d}",
        "title": f"Generated negotiation report {index}",
        "date": "2025-06-02",
        "source": "parley-synthetic",
        "url": None,
        "language": "en",
        "domain": rng.choice(vocab.values("domains")),
        "text": writer.text(),
        "entities": list(entities.values()),
        "events": event_records,
    }
    if relations:  # in schema order, right after `events`
        document["relations"] = _relations(rng, vocab, event_records, relations)
    document["annotation"] = {"guidelines_version": "1.0", "annotators": ["generator"], "adjudicated": False}
    return cast(Document, document)


def relations_still_allowed(document: dict[str, Any], events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The document's relations that are still valid once its events were changed into `events` (some dropped or
    retyped): both ends present and their type pair allowed. Used to perturb a gold record into a prediction."""
    types = {event["id"]: event["type"] for event in events}
    pairs = vocabulary().relation_pairs
    return [
        relation
        for relation in document.get("relations", [])
        if (types.get(relation["from"]), types.get(relation["to"])) in pairs[relation["type"]]
    ]


def generate_documents(count: int, *, seed: int = 0, **options: Any) -> Iterator[Document]:
    """`count` generated documents, the same for the same seed and options."""
    rng = random.Random(seed)
    for index in range(count):
        yield generate_document(rng, index, **options)
