"""Grounding: giving every mention offsets, so that gold and predictions meet as spans.

A mention with offsets keeps them (they were checked against the gold text when the prediction was read). A
mention given only as text is placed at the occurrence closest to what it belongs with: a trigger near its
event's other triggers (or, failing those, its arguments' mentions), an entity mention near the triggers of
the events it takes part in (or, failing those, its entity's other mentions). A string that does not occur
in the document is a hallucination: it is dropped and counted.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from parley.eval.view import ScoredArgument, ScoredDocument, ScoredEntity, ScoredEvent, ScoredRelation, Span, nearest


@dataclass
class Grounding:
    """A grounded document and what grounding found: `text_only` mentions, of which `hallucinated` were not in
    the text (`hallucinations` lists their strings)."""

    document: ScoredDocument
    text_only: int = 0
    hallucinated: int = 0
    hallucinations: list[str] = field(default_factory=list)


class _Occurrences:
    """Every occurrence of a string in one text, computed once per string."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cache: dict[str, list[Span]] = {}

    def of(self, needle: str) -> list[Span]:
        found = self.cache.get(needle)
        if found is None:
            found = []
            start = self.text.find(needle)
            while start >= 0:
                found.append((start, start + len(needle)))
                start = self.text.find(needle, start + 1)
            self.cache[needle] = found
        return found


class _Taken:
    """The spans one event's triggers (or one entity's mentions) already hold, and for each string the occurrences
    still free: thousands of text-only mentions of one string cost one pass over its occurrences, not one each."""

    def __init__(self, spans: list[Span] | None = None) -> None:
        self.spans: set[Span] = set(spans or ())
        self.free: dict[str, list[Span]] = {}
        self.when_all_taken: dict[str, Span | None] = {}

    def add(self, span: Span) -> None:
        if span not in self.spans:
            self.spans.add(span)
            for free in self.free.values():
                if span in free:
                    free.remove(span)

    def place(self, needle: str, found: list[Span], anchors: list[Span]) -> Span | None:
        free = self.free.get(needle)
        if free is None:
            free = self.free[needle] = [span for span in found if span not in self.spans]
        if free:
            return nearest(free, anchors)
        # Every occurrence is taken: the answer no longer changes for this string and these anchors.
        if needle not in self.when_all_taken:
            self.when_all_taken[needle] = nearest(found, anchors)
        return self.when_all_taken[needle]


def _offset_spans(mentions: list[Mapping[str, Any]]) -> list[Span]:
    return [(mention["start"], mention["end"]) for mention in mentions if "start" in mention]


def ground_record(record: Mapping[str, Any], text: str) -> Grounding:
    """The scored view of a schema-valid record (gold or prediction) over the gold `text`."""
    occurrences = _Occurrences(text)
    grounding = Grounding(ScoredDocument(id=record["id"], text=text))
    scored_entities: dict[str, ScoredEntity] = {}
    # Entities with a mention given as text alone are placed once the triggers are (rare in gold).
    text_only_entities: dict[str, Mapping[str, Any]] = {}
    entity_offsets: dict[str, list[Span]] = {}
    for entity in record["entities"]:
        mentions = entity["mentions"]
        offsets = entity_offsets[entity["id"]] = _offset_spans(mentions)
        if len(offsets) < len(mentions):
            text_only_entities[entity["id"]] = entity
        else:
            scored_entities[entity["id"]] = ScoredEntity(spans=tuple(offsets), normalized=entity.get("normalized"))

    def place(mention_text: str, anchors: list[Span], taken: "_Taken") -> Span | None:
        """The free occurrence nearest the anchors (mentions listed twice mean two occurrences, while there are)."""
        grounding.text_only += 1
        span = taken.place(mention_text, occurrences.of(mention_text), anchors)
        if span is None:
            grounding.hallucinated += 1
            grounding.hallucinations.append(mention_text)
        return span

    event_triggers: list[tuple[list[Span], list[str], list[str]]] = []
    triggers_of_entity: dict[str, list[Span]] = {}
    for event in record["events"]:
        triggers = event["triggers"]
        anchors = _offset_spans(triggers)
        if len(anchors) == len(triggers):
            # Every trigger has offsets (the usual case): nothing to place.
            event_triggers.append((anchors, [trigger["text"] for trigger in triggers], []))
            if text_only_entities:
                for argument in event["arguments"]:
                    triggers_of_entity.setdefault(argument["entity"], []).extend(anchors)
            continue
        spans: list[Span] = []
        texts: list[str] = []
        guessed: list[str] = []
        if not anchors:
            anchors = [span for argument in event["arguments"] for span in entity_offsets.get(argument["entity"], [])]
        taken = _Taken()
        for trigger in triggers:
            span = (trigger["start"], trigger["end"]) if "start" in trigger else place(trigger["text"], anchors, taken)
            if span is not None:
                spans.append(span)
                taken.add(span)
                texts.append(trigger["text"])
                if "start" not in trigger:
                    guessed.append(trigger["text"])
        event_triggers.append((spans, texts, guessed))
        if text_only_entities:
            for argument in event["arguments"]:
                triggers_of_entity.setdefault(argument["entity"], []).extend(spans)

    for entity_id, entity in text_only_entities.items():
        spans = list(entity_offsets[entity_id])
        anchors = triggers_of_entity.get(entity_id) or entity_offsets[entity_id]
        anchors = sorted(set(anchors))  # one entity in thousands of events repeats the same trigger spans
        taken = _Taken(spans)
        for mention in entity["mentions"]:
            if "start" not in mention:
                span = place(mention["text"], anchors, taken)
                if span is not None:
                    spans.append(span)
                    taken.add(span)
        scored_entities[entity_id] = ScoredEntity(spans=tuple(spans), normalized=entity.get("normalized"))

    for event, (spans, texts, guessed) in zip(record["events"], event_triggers, strict=True):
        grounding.document.events.append(_scored_event(event, spans, texts, scored_entities, guessed))
    grounding.document.relations = scored_relations(record)
    grounding.document.trigger_mentions()  # built with the view: every scorer of this document reads them
    return grounding


def scored_relations(record: Mapping[str, Any]) -> list[ScoredRelation]:
    """The record's event relations over the positions of its events (the scored events keep the record's order).
    A relation naming no event of the record (a valid record has none) is left out."""
    position = {event["id"]: index for index, event in enumerate(record["events"])}
    return [
        (relation["type"], position[relation["from"]], position[relation["to"]])
        for relation in record.get("relations", ())
        if relation["from"] in position and relation["to"] in position
    ]


def _scored_event(
    event: Mapping[str, Any],
    spans: list[Span],
    texts: list[str],
    entities: Mapping[str, ScoredEntity],
    guessed: list[str],
) -> ScoredEvent:
    """An event over its placed trigger spans; each argument's span is its entity's mention nearest to them."""
    arguments = []
    for argument in event["arguments"]:
        filler = entities[argument["entity"]]
        candidates = filler.spans
        # An entity mentioned once (most) needs no search: `nearest` would return that mention.
        span = candidates[0] if len(candidates) == 1 else nearest(candidates, spans)
        arguments.append(ScoredArgument(argument["role"], filler, span))
    attributes = event["attributes"]
    return ScoredEvent(  # type, triggers, trigger_texts, arguments, polarity, realis, unplaced_triggers, guessed_texts
        event["type"],
        tuple(spans),
        tuple(texts),
        tuple(arguments),
        attributes["polarity"],
        attributes["realis"],
        len(event["triggers"]) - len(spans),
        tuple(guessed),
    )


def offsets_view(record: Mapping[str, Any]) -> ScoredDocument:
    """`ground_record(record, record["text"]).document` for a record whose mentions all have offsets (gold), built
    directly: nothing to place, so none of the bookkeeping for mentions given as text. KeyError when a mention
    has no offsets."""
    entities = {
        entity["id"]: ScoredEntity(
            spans=tuple([(mention["start"], mention["end"]) for mention in entity["mentions"]]),
            normalized=entity.get("normalized"),
        )
        for entity in record["entities"]
    }
    document = ScoredDocument(id=record["id"], text=record["text"])
    for event in record["events"]:
        triggers = event["triggers"]
        spans = [(trigger["start"], trigger["end"]) for trigger in triggers]
        document.events.append(_scored_event(event, spans, [trigger["text"] for trigger in triggers], entities, []))
    document.relations = scored_relations(record)
    document.trigger_mentions()  # built with the view: every scorer of this document reads them
    return document


def gold_view(document: Mapping[str, Any]) -> ScoredDocument:
    """The scored view of a gold record: `offsets_view`, or grounded over its own text when some mention has no
    offsets (gold records passed in memory are used as given)."""
    try:
        return offsets_view(document)
    except KeyError:
        return ground_record(document, document["text"]).document
