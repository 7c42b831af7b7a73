"""What the scorers see: documents reduced to spans, types, roles and attributes, with offsets everywhere.

Gold records and grounded predictions both become a `ScoredDocument`, so every scorer treats them alike.
Spans are half-open code-point intervals `(start, end)` into the document text.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

Span = tuple[int, int]
ScoredRelation = tuple[str, int, int]
"""An event relation: its type and the positions of its `from` and `to` events in `ScoredDocument.events`."""


# The scored classes are built for every event and argument of every document and never changed after: plain slotted
# classes, since a frozen dataclass sets each field through `object.__setattr__` (three times slower to build).


@dataclass(slots=True)
class ScoredEntity:
    """An entity cluster: the spans of its (grounded) mentions and its normalized value, if any."""

    spans: tuple[Span, ...]
    normalized: str | None


@dataclass(slots=True)
class ScoredArgument:
    """A role filled by an entity; `span` is the entity's mention nearest to the event's triggers (None if the
    entity has no grounded mention)."""

    role: str
    entity: ScoredEntity
    span: Span | None


@dataclass(slots=True)
class ScoredEvent:
    """An event: its type, grounded trigger spans (with their texts), arguments and attribute values.

    `guessed_texts` are the texts of triggers that came without offsets and were placed by grounding (their
    occurrence is a guess, so alignment also accepts equal text for them); `unplaced_triggers` counts trigger
    strings found nowhere in the text (hallucinations, still predictions)."""

    type: str
    triggers: tuple[Span, ...]
    trigger_texts: tuple[str, ...]
    arguments: tuple[ScoredArgument, ...]
    polarity: str
    realis: str
    unplaced_triggers: int = 0
    guessed_texts: tuple[str, ...] = ()


TypedSpan = tuple[int, int, str]
"""A trigger mention: its span and its event's type."""


@dataclass(frozen=True, slots=True)
class SortedSpans:
    """Spans sorted by start (then end): their positions in the original list, their starts and ends in that order,
    and whether the ends come out sorted too (no span strictly inside another: then the spans overlapping a given
    span are one run of this order, found by bisection)."""

    order: list[int]
    starts: list[int]
    ends: list[int]
    monotone: bool


def sorted_spans(spans: Sequence[tuple[Any, ...]]) -> SortedSpans:
    """`SortedSpans` of spans (or typed spans: start and end come first)."""
    order = sorted(range(len(spans)), key=spans.__getitem__)
    starts = [spans[position][0] for position in order]
    ends = [spans[position][1] for position in order]
    return SortedSpans(order, starts, ends, ends == sorted(ends))


@dataclass(frozen=True, slots=True)
class TriggerMentions:
    """A document's trigger mentions as flat lists (the trigger scorer's input, built once per document): `typed`
    and `spans` in event order (as sets, for exact matching, and sorted, for overlaps) with the position of each
    one's event, placed
    mentions per event type (`by_type`), and with the mentions grounding could not place added
    (`by_type_with_unplaced`, `unplaced` in all)."""

    typed: list[TypedSpan]
    spans: list[Span]
    event_positions: list[int]
    typed_set: frozenset[TypedSpan]
    span_set: frozenset[Span]
    by_start: SortedSpans
    by_type: dict[str, int]
    by_type_with_unplaced: dict[str, int]
    unplaced: int


@dataclass(slots=True)
class ScoredDocument:
    """One document's events and event relations, ready for alignment; `text` is the gold text (tokens for overlap
    credit); `mentions`, the trigger mentions of the events, when already known (a thawed gold view)."""

    id: str
    text: str
    events: list[ScoredEvent] = field(default_factory=list)
    relations: list[ScoredRelation] = field(default_factory=list)
    mentions: TriggerMentions | None = field(default=None, repr=False, compare=False)

    def trigger_mentions(self) -> TriggerMentions:
        """The trigger mentions of the events, computed on the first call (the events are complete by then)."""
        if self.mentions is None:
            self.mentions = _flatten_triggers(self.events)
        return self.mentions


def _flatten_triggers(events: list[ScoredEvent]) -> TriggerMentions:
    # Comprehensions and C-level counting: a Python loop per mention and type was the larger part of trigger scoring.
    typed = [(start, end, event.type) for event in events for start, end in event.triggers]
    spans = [span for event in events for span in event.triggers]
    event_positions = [position for position, event in enumerate(events) for _ in event.triggers]
    by_type = dict(Counter(map(itemgetter(2), typed)))
    unplaced = sum([event.unplaced_triggers for event in events])
    with_unplaced = by_type
    if unplaced:
        with_unplaced = dict(by_type)
        for event in events:
            if event.unplaced_triggers:
                with_unplaced[event.type] = with_unplaced.get(event.type, 0) + event.unplaced_triggers
    return TriggerMentions(
        typed,
        spans,
        event_positions,
        frozenset(typed),
        frozenset(spans),
        sorted_spans(typed),
        by_type,
        with_unplaced,
        unplaced,
    )


def overlaps(first: Span, second: Span) -> bool:
    return first[0] < second[1] and second[0] < first[1]


def distance(first: Span, second: Span) -> int:
    """Characters between two spans; 0 when they touch or overlap."""
    return max(0, first[0] - second[1], second[0] - first[1])


def nearest(candidates: tuple[Span, ...] | list[Span], anchors: tuple[Span, ...] | list[Span]) -> Span | None:
    """The candidate closest to any anchor (the earliest on ties); the first candidate when there is no anchor."""
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    if not anchors:
        return min(candidates)
    # The innermost loop of grounding: plain comparisons, no `min`/`max` calls per candidate and anchor.
    best: Span | None = None
    if len(anchors) == 1:
        # One anchor (an event with one trigger, most of them): each candidate's gap is one comparison.
        (anchor_start, anchor_end), best_gap = anchors[0], 0
        for span in candidates:
            start, end = span
            single_gap = start - anchor_end if start - anchor_end > anchor_start - end else anchor_start - end
            if single_gap < 0:
                single_gap = 0
            if best is None or single_gap < best_gap or (single_gap == best_gap and span < best):
                best, best_gap = span, single_gap
        return best
    best_key = (0, 0, 0)
    for span in candidates:
        start, end = span
        gap = -1
        for anchor_start, anchor_end in anchors:
            before, after = start - anchor_end, anchor_start - end
            candidate_gap = before if before > after else after
            if candidate_gap < 0:
                candidate_gap = 0
            if gap < 0 or candidate_gap < gap:
                gap = candidate_gap
        key = (gap, start, end)
        if best is None or key < best_key:
            best, best_key = span, key
    return best
