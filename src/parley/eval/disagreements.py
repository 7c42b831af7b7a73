"""Every disagreement between two annotators of a document, one record each, for people to classify.

Events are paired by the scorer's identification alignment (`union.DocumentPair`). Inside an aligned event pair,
arguments are paired one to one, preferring a mention of the same entity (or the same normalized value) over a
merely overlapping span, and the same role over another. Arguments of an event only one annotator has are not
listed again: the event's own record covers them. Relations are compared through the event alignment.
"""

from collections import Counter
from typing import Any

from parley.eval.align import assign
from parley.eval.score_document import Tokens
from parley.eval.union import DocumentPair
from parley.eval.view import ScoredArgument, ScoredDocument, ScoredEvent, Span
from parley.schema import vocabulary

KINDS = (
    "event-only-in-a",
    "event-only-in-b",
    "event-type-differs",
    "trigger-extent-differs",
    "polarity-differs",
    "realis-differs",
    "argument-only-in-a",
    "argument-only-in-b",
    "argument-role-differs",
    "argument-entity-differs",
    "entity-mentions-differ",
    "relation-only-in-a",
    "relation-only-in-b",
    "relation-type-differs",
)
"""Every kind, in the order a document's disagreements at the same span are listed."""

Disagreement = dict[str, Any]


def _span(text: str, span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span[0], "end": span[1], "text": text[span[0] : span[1]]}


def _trigger(document: ScoredDocument, event: ScoredEvent) -> Span | None:
    return min(event.triggers) if event.triggers else None


def _event(document: ScoredDocument, event: ScoredEvent) -> dict[str, Any]:
    return {
        "type": event.type,
        "triggers": [_span(document.text, span) for span in sorted(event.triggers)],
        "polarity": event.polarity,
        "realis": event.realis,
    }


def _argument(document: ScoredDocument, event: ScoredEvent, argument: ScoredArgument) -> dict[str, Any]:
    return {
        "event_type": event.type,
        "role": argument.role,
        "mention": _span(document.text, argument.span),
        "normalized": argument.entity.normalized,
    }


class _Listing:
    """Collects one document's disagreements with the annotators' names."""

    def __init__(self, pair: DocumentPair) -> None:
        self.pair = pair
        self.found: list[Disagreement] = []

    def add(self, kind: str, span: Span | None, said_a: Any, said_b: Any) -> None:
        self.found.append(
            {
                "document": self.pair.id,
                "kind": kind,
                "span": _span(self.pair.a.text, span),
                "a": {"annotators": self.pair.names_a, "said": said_a},
                "b": {"annotators": self.pair.names_b, "said": said_b},
            }
        )


def _coreferent(first: ScoredArgument, second: ScoredArgument) -> bool:
    if (second.span is not None and second.span in first.entity.spans) or (
        first.span is not None and first.span in second.entity.spans
    ):
        return True
    a, b = first.entity.normalized, second.entity.normalized
    return a is not None and b is not None and a.strip().casefold() == b.strip().casefold()


def _argument_pairs(
    first: ScoredEvent, second: ScoredEvent, tokens: Tokens
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Arguments paired one to one (coreferent beats overlapping, same role beats another); the lone ones."""
    scores: list[list[float]] = []
    for a in first.arguments:
        row: list[float] = []
        for b in second.arguments:
            credit = 2.0 if _coreferent(a, b) else (tokens.overlap_f1(a.span, b.span) if a.span and b.span else 0.0)
            row.append(credit + (0.5 if credit and a.role == b.role else 0.0))
        scores.append(row)
    pairs = sorted(assign(scores)) if first.arguments and second.arguments else []
    lone_a = [index for index in range(len(first.arguments)) if index not in {p for p, _ in pairs}]
    lone_b = [index for index in range(len(second.arguments)) if index not in {q for _, q in pairs}]
    return pairs, lone_a, lone_b


def _compare_events(listing: _Listing, tokens: Tokens, seen_clusters: set[Any]) -> None:
    pair = listing.pair
    for index in pair.only_in_a:
        event = pair.a.events[index]
        listing.add("event-only-in-a", _trigger(pair.a, event), _event(pair.a, event), None)
    for index in pair.only_in_b:
        event = pair.b.events[index]
        listing.add("event-only-in-b", _trigger(pair.b, event), None, _event(pair.b, event))
    for first_index, second_index in pair.aligned:
        first, second = pair.a.events[first_index], pair.b.events[second_index]
        anchor = _trigger(pair.a, first)
        if first.type != second.type:
            listing.add("event-type-differs", anchor, first.type, second.type)
        if set(first.triggers) != set(second.triggers):
            listing.add(
                "trigger-extent-differs",
                anchor,
                [_span(pair.a.text, span) for span in sorted(first.triggers)],
                [_span(pair.b.text, span) for span in sorted(second.triggers)],
            )
        for attribute in ("polarity", "realis"):
            if getattr(first, attribute) != getattr(second, attribute):
                listing.add(f"{attribute}-differs", anchor, getattr(first, attribute), getattr(second, attribute))
        _compare_arguments(listing, first, second, tokens, seen_clusters)


def _compare_arguments(
    listing: _Listing, first: ScoredEvent, second: ScoredEvent, tokens: Tokens, seen_clusters: set[Any]
) -> None:
    a_doc, b_doc = listing.pair.a, listing.pair.b
    pairs, lone_a, lone_b = _argument_pairs(first, second, tokens)
    for index in lone_a:
        argument = first.arguments[index]
        listing.add("argument-only-in-a", argument.span, _argument(a_doc, first, argument), None)
    for index in lone_b:
        argument = second.arguments[index]
        listing.add("argument-only-in-b", argument.span, None, _argument(b_doc, second, argument))
    for first_index, second_index in pairs:
        a, b = first.arguments[first_index], second.arguments[second_index]
        said_a, said_b = _argument(a_doc, first, a), _argument(b_doc, second, b)
        if a.role != b.role:
            listing.add("argument-role-differs", a.span, said_a, said_b)
        if not _coreferent(a, b):
            listing.add("argument-entity-differs", a.span, said_a, said_b)
        elif set(a.entity.spans) != set(b.entity.spans):
            key = (frozenset(a.entity.spans), frozenset(b.entity.spans))
            if key not in seen_clusters:
                seen_clusters.add(key)
                listing.add(
                    "entity-mentions-differ",
                    a.span,
                    [_span(a_doc.text, span) for span in sorted(a.entity.spans)],
                    [_span(b_doc.text, span) for span in sorted(b.entity.spans)],
                )


def _relation(document: ScoredDocument, kind: str, source: int, target: int) -> dict[str, Any]:
    def end(index: int) -> dict[str, Any]:
        event = document.events[index]
        return {"event_type": event.type, "trigger": _span(document.text, _trigger(document, event))}

    return {"type": kind, "from": end(source), "to": end(target)}


def _compare_relations(listing: _Listing) -> None:
    """Relations of B, moved onto A's events by the alignment: the same type and direction (either direction for
    a symmetric type) agree; the same two events with another type or direction differ in type; the rest are
    one annotator's alone."""
    pair = listing.pair
    symmetric = vocabulary().symmetric_relations
    to_a = {second: first for first, second in pair.aligned}

    def key(kind: str, source: int, target: int) -> tuple[str, int, int]:
        low, high = sorted((source, target))
        return (kind, low, high) if kind in symmetric else (kind, source, target)

    lone_a = list(pair.a.relations)
    lone_b: list[tuple[str, int, int]] = []
    moved: list[tuple[tuple[str, int, int], tuple[str, int, int]]] = []
    for relation in pair.b.relations:
        kind, source, target = relation
        if source in to_a and target in to_a:
            moved.append((relation, (kind, to_a[source], to_a[target])))
        else:
            lone_b.append(relation)
    unmatched_moved = []
    remaining = Counter(key(*relation) for relation in lone_a)
    for original, mapped in moved:
        if remaining[key(*mapped)]:
            remaining[key(*mapped)] -= 1
        else:
            unmatched_moved.append((original, mapped))
    lone_a = []
    for relation in pair.a.relations:
        if remaining[key(*relation)]:
            remaining[key(*relation)] -= 1
            lone_a.append(relation)
    for original, mapped in unmatched_moved:
        ends = sorted(mapped[1:])
        partner = next((relation for relation in lone_a if sorted(relation[1:]) == ends), None)
        if partner is None:
            lone_b.append(original)
            continue
        lone_a.remove(partner)
        anchor = _trigger(pair.a, pair.a.events[partner[1]])
        listing.add("relation-type-differs", anchor, _relation(pair.a, *partner), _relation(pair.b, *original))
    for relation in lone_a:
        anchor = _trigger(pair.a, pair.a.events[relation[1]])
        listing.add("relation-only-in-a", anchor, _relation(pair.a, *relation), None)
    for relation in lone_b:
        anchor = _trigger(pair.b, pair.b.events[relation[1]])
        listing.add("relation-only-in-b", anchor, None, _relation(pair.b, *relation))


def _order(disagreement: Disagreement) -> tuple[Any, ...]:
    span = disagreement["span"]
    start, end = (span["start"], span["end"]) if span else (-1, -1)
    return (disagreement["document"], start, end, KINDS.index(disagreement["kind"]), repr(disagreement))


def disagreements(pairs: list[DocumentPair]) -> list[Disagreement]:
    """Every disagreement of every document, ordered by document, position in the text, then kind."""
    found: list[Disagreement] = []
    for pair in pairs:
        listing = _Listing(pair)
        _compare_events(listing, Tokens(pair.a.text), set())
        _compare_relations(listing)
        found.extend(listing.found)
    return sorted(found, key=_order)
