"""Counting what a set of records holds: the numbers behind `parley stats` and the dataset card."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from parley.schema.records import Document


@dataclass
class CorpusStatistics:
    documents: int = 0
    characters: int = 0
    entities: int = 0
    mentions: int = 0
    events: int = 0
    triggers: int = 0
    arguments: int = 0
    multi_trigger_events: int = 0
    relations: int = 0
    events_per_type: Counter[str] = field(default_factory=Counter)
    arguments_per_role: Counter[str] = field(default_factory=Counter)
    entities_per_type: Counter[str] = field(default_factory=Counter)
    documents_per_domain: Counter[str] = field(default_factory=Counter)
    polarity: Counter[str] = field(default_factory=Counter)
    realis: Counter[str] = field(default_factory=Counter)
    relations_per_type: Counter[str] = field(default_factory=Counter)


def corpus_statistics(documents: Iterable[Document]) -> CorpusStatistics:
    """Counts over `documents`."""
    stats = CorpusStatistics()
    for document in documents:
        stats.documents += 1
        stats.characters += len(document["text"])
        stats.documents_per_domain[document["domain"]] += 1
        for entity in document["entities"]:
            stats.entities += 1
            stats.mentions += len(entity["mentions"])
            stats.entities_per_type[entity["type"]] += 1
        for event in document["events"]:
            stats.events += 1
            stats.triggers += len(event["triggers"])
            stats.arguments += len(event["arguments"])
            stats.multi_trigger_events += len(event["triggers"]) > 1
            stats.events_per_type[event["type"]] += 1
            stats.arguments_per_role.update(argument["role"] for argument in event["arguments"])
            stats.polarity[event["attributes"]["polarity"]] += 1
            stats.realis[event["attributes"]["realis"]] += 1
        for relation in document.get("relations", []):
            stats.relations += 1
            stats.relations_per_type[relation["type"]] += 1
    return stats
