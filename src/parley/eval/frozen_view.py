"""A gold document's scoring view, frozen: built once when the gold is read (and cached with it), thawed for each
prediction scored against it.

Building a `ScoredDocument` from a gold record means parsing its canonical JSON and placing every argument's mention
(`parley.eval.ground.offsets_view`): 80 microseconds a document, a sixth of scoring it. Thawing the frozen view takes
half that: it is `marshal` data (the fastest serializer of plain tuples, lists and strings in the standard library)
of plain values, compressed like the canonical texts (`read_gold.pack`), about 1 kB a document.

marshal's format belongs to the Python version, so the gold cache key names the version (`gold_cache`); the
frozen form never leaves this process or that cache.
"""

import marshal
from typing import Any

from parley.eval.view import (
    ScoredArgument,
    ScoredDocument,
    ScoredEntity,
    ScoredEvent,
    SortedSpans,
    TriggerMentions,
)

FrozenEvent = tuple[Any, ...]
"""(type, triggers, trigger texts, arguments as (role, entity position, span), polarity, realis, unplaced triggers,
guessed texts): the fields of `ScoredEvent` in order, entities given by their position in the frozen entities."""


def freeze(view: ScoredDocument) -> bytes:
    """The frozen form of `view`: its id, text, the entities its arguments fill (each once, however many
    arguments share it), its events and its event relations."""
    entities: list[tuple[tuple[tuple[int, int], ...], str | None]] = []
    position: dict[int, int] = {}
    events: list[FrozenEvent] = []
    for event in view.events:
        arguments = []
        for argument in event.arguments:
            key = id(argument.entity)
            if key not in position:
                position[key] = len(entities)
                entities.append((argument.entity.spans, argument.entity.normalized))
            arguments.append((argument.role, position[key], argument.span))
        events.append(
            (
                event.type,
                event.triggers,
                event.trigger_texts,
                tuple(arguments),
                event.polarity,
                event.realis,
                event.unplaced_triggers,
                event.guessed_texts,
            )
        )
    mentions = view.trigger_mentions()
    # The trigger mentions are frozen too: rebuilding them costs a third of thawing, loading them a tenth.
    frozen_mentions = (
        mentions.typed,
        mentions.spans,
        mentions.event_positions,
        mentions.typed_set,
        mentions.span_set,
        (mentions.by_start.order, mentions.by_start.starts, mentions.by_start.ends, mentions.by_start.monotone),
        mentions.by_type,
        mentions.by_type_with_unplaced,
        mentions.unplaced,
    )
    return marshal.dumps((view.id, view.text, entities, events, view.relations, frozen_mentions))


def thaw(frozen: bytes) -> ScoredDocument:
    """The `ScoredDocument` that `frozen` was made from (equal to it, trigger mentions included)."""
    document_id, text, frozen_entities, frozen_events, relations, frozen_mentions = marshal.loads(frozen)
    entities = [ScoredEntity(spans, normalized) for spans, normalized in frozen_entities]
    events = [
        ScoredEvent(
            kind,
            triggers,
            trigger_texts,
            tuple([ScoredArgument(role, entities[entity], span) for role, entity, span in arguments]),
            polarity,
            realis,
            unplaced,
            guessed,
        )
        for kind, triggers, trigger_texts, arguments, polarity, realis, unplaced, guessed in frozen_events
    ]
    typed, spans, positions, typed_set, span_set, by_start, by_type, with_unplaced, unplaced = frozen_mentions
    mentions = TriggerMentions(
        typed, spans, positions, typed_set, span_set, SortedSpans(*by_start), by_type, with_unplaced, unplaced
    )
    return ScoredDocument(document_id, text, events, relations, mentions)
