"""Scoring one document: triggers, events (after alignment), arguments inside aligned events, attributes, and
event relations between aligned events.

Each scorer is a small function over `ScoredDocument`s returning counts; the corpus-level numbers are sums of
these (see `tally.py`). Metric names are `family` or `family/mode`, e.g. `argument_classification/overlap`.
"""

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from parley.eval.align import Pairs, assign, maximum_matching
from parley.eval.view import (
    ScoredArgument,
    ScoredDocument,
    ScoredEvent,
    ScoredRelation,
    SortedSpans,
    Span,
    TypedSpan,
    sorted_spans,
)
from parley.schema.vocabulary import vocabulary

NONE_LABEL = "(none)"
"""The confusion-matrix label for 'no event on this side' (missed or spurious)."""

TRIGGER_MODES = ("exact", "overlap")
ARGUMENT_MODES = ("exact", "overlap", "coreference")
HEADLINE_MODES = {
    "trigger_identification": "exact",
    "trigger_classification": "exact",
    "argument_identification": "coreference",
    "argument_classification": "coreference",
}
METRICS: tuple[str, ...] = (
    *(f"trigger_identification/{mode}" for mode in TRIGGER_MODES),
    *(f"trigger_classification/{mode}" for mode in TRIGGER_MODES),
    "event_identification",
    "event_classification",
    "event_classification_with_attributes",
    *(f"argument_identification/{mode}" for mode in ARGUMENT_MODES),
    *(f"argument_classification/{mode}" for mode in ARGUMENT_MODES),
    "event_relation_identification",
    "event_relation_classification",
)
LABELLED_METRICS = frozenset(metric for metric in METRICS if "classification" in metric)
"""Metrics whose matched items share a label (event type, or role for arguments): they get per-label tables."""
ATTRIBUTES = ("polarity", "realis")

Triple = tuple[float, float, float]
"""(gold, predicted, matched)"""


@dataclass
class DocumentScore:
    """Everything one document contributes: totals per metric, per-label counts for labelled metrics, the
    identification alignment's type pairs (confusion) and attribute value pairs on aligned events."""

    totals: dict[str, Triple] = field(default_factory=dict)
    by_label: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    confusion: list[tuple[str, str]] = field(default_factory=list)
    attribute_pairs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def label(self, metric: str, label: str, gold: float, predicted: float, matched: float) -> None:
        counts = self.by_label.setdefault(metric, {}).setdefault(label, [0.0, 0.0, 0.0])
        counts[0] += gold
        counts[1] += predicted
        counts[2] += matched


# --- triggers ---------------------------------------------------------------------------------------------------


def _overlap_scores(gold: list[TypedSpan], predicted: list[TypedSpan]) -> list[list[float]]:
    """1.0 for mentions with the same span, 0.5 for overlapping spans, else 0.0 (types aside)."""
    return [
        [
            (1.0 if g_start == p_start and g_end == p_end else 0.5) if g_start < p_end and p_start < g_end else 0.0
            for p_start, p_end, _ in predicted
        ]
        for g_start, g_end, _ in gold
    ]


def _overlapping(
    gold: list[TypedSpan], predicted: list[TypedSpan], by_start: SortedSpans | None = None
) -> Iterator[list[int]]:
    """For each gold mention in turn, the positions of the predicted mentions its span overlaps (`by_start`: the
    predicted spans sorted, when already known)."""
    index = by_start or sorted_spans(predicted)
    if index.monotone:
        # The spans ending after a gold start and those starting before its end are two ranges of the sorted
        # order, found by bisection instead of a comparison with every predicted span.
        order, starts, ends = index.order, index.starts, index.ends
        for g_start, g_end, _ in gold:
            yield order[bisect_right(ends, g_start) : bisect_left(starts, g_end)]
        return
    for g_start, g_end, _ in gold:
        yield [column for column, (p_start, p_end, _) in enumerate(predicted) if g_start < p_end and p_start < g_end]


def _single_overlaps(gold: list[TypedSpan], predicted: list[TypedSpan], index: SortedSpans) -> Pairs | None:
    """The overlapping (gold, predicted) positions when each mention overlaps at most one on the other side, else
    None."""
    pairs: Pairs = []
    used: set[int] = set()
    if index.monotone:
        # `_overlapping` written out: this loop runs for every document, and a generator costs a twentieth of it.
        order, starts, ends = index.order, index.starts, index.ends
        for row, (g_start, g_end, _) in enumerate(gold):
            low, high = bisect_right(ends, g_start), bisect_left(starts, g_end)
            if low < high:
                column = order[low]
                if high - low > 1 or column in used:
                    return None
                used.add(column)
                pairs.append((row, column))
        return pairs
    for row, found in enumerate(_overlapping(gold, predicted, index)):
        if found:
            if len(found) > 1 or found[0] in used:
                return None
            used.add(found[0])
            pairs.append((row, found[0]))
    return pairs


def _overlap_pairs(
    gold: list[TypedSpan], predicted: list[TypedSpan], by_start: SortedSpans | None = None
) -> tuple[Pairs, Pairs]:
    """The overlap pairings of trigger mentions, any type and same type: as many pairs as `assign` keeps (it pairs
    as many as it can first), and as many of each gold type, which is all the scorer counts (`by_start`: the
    predicted spans sorted, when already known)."""
    # Usually each mention overlaps at most one on the other side: then both pairings are those overlaps (what
    # `assign` finds without a matrix), and building two score matrices, the hot spot here, is skipped.
    pairs = _single_overlaps(gold, predicted, by_start or sorted_spans(predicted))
    if pairs is not None:
        return pairs, [(row, column) for row, column in pairs if gold[row][2] == predicted[column][2]]
    # One score matrix serves both pairings: the typed one only zeroes pairs of different types. Any two largest
    # matchings have the same size, and the typed matrix pairs within types only, so the same size per type too.
    overlap_scores = _overlap_scores(gold, predicted)
    typed_scores = [
        [value if g[2] == p[2] else 0.0 for value, p in zip(row, predicted, strict=True)]
        for row, g in zip(overlap_scores, gold, strict=True)
    ]
    return maximum_matching(overlap_scores), maximum_matching(typed_scores)


def _exact_matches(
    gold: list[Any], gold_set: frozenset[Any], predicted: list[Any], predicted_set: frozenset[Any]
) -> Collection[Any]:
    """The multiset intersection of two lists of mentions (each common mention min(gold, predicted) times), given
    the lists and their sets."""
    if len(gold_set) == len(gold):
        # Each gold mention occurs once, so it is matched once if predicted at all: a set intersection, no counting.
        return gold_set & predicted_set
    return list((Counter(gold) & Counter(predicted)).elements())


def _tally(labels: list[str]) -> dict[str, int]:
    """How often each label occurs (a plain dict: `Counter` costs more for the few labels of a document)."""
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return counts


def _add_label_counts(
    score: DocumentScore, metric: str, gold: dict[str, int], predicted: dict[str, int], matched: dict[str, int]
) -> None:
    """Whole-number per-label counts (a missing label counts 0), added as `DocumentScore.label` adds them (inlined:
    a call per label was a tenth of trigger scoring); a matched label is always a gold label, so the labels are
    those of `gold` and `predicted`."""
    table = score.by_label.setdefault(metric, {})
    for labels in (gold, predicted.keys() - gold.keys()):
        for label in labels:
            g, p, m = gold.get(label, 0), predicted.get(label, 0), matched.get(label, 0)
            counts = table.get(label)
            if counts is None:
                table[label] = [0.0 + g, 0.0 + p, 0.0 + m]
            else:
                counts[0] += g
                counts[1] += p
                counts[2] += m


def score_triggers(gold: ScoredDocument, predicted: ScoredDocument, score: DocumentScore) -> None:
    """Trigger mentions as a flat multiset: identification (span) and classification (span and type),
    exact boundaries or overlap."""
    gold_mentions, predicted_mentions = gold.trigger_mentions(), predicted.trigger_mentions()
    n_gold, n_predicted = len(gold_mentions.typed), len(predicted_mentions.typed) + predicted_mentions.unplaced
    exact_typed = _exact_matches(
        gold_mentions.typed, gold_mentions.typed_set, predicted_mentions.typed, predicted_mentions.typed_set
    )
    exact_spans = len(
        _exact_matches(
            gold_mentions.spans, gold_mentions.span_set, predicted_mentions.spans, predicted_mentions.span_set
        )
    )
    score.totals["trigger_identification/exact"] = (n_gold, n_predicted, exact_spans)
    score.totals["trigger_classification/exact"] = (n_gold, n_predicted, len(exact_typed))
    overlap_any, overlap_typed = _overlap_pairs(
        gold_mentions.typed, predicted_mentions.typed, predicted_mentions.by_start
    )
    score.totals["trigger_identification/overlap"] = (n_gold, n_predicted, len(overlap_any))
    score.totals["trigger_classification/overlap"] = (n_gold, n_predicted, len(overlap_typed))
    # Per-type counts are whole numbers, so adding them per type rather than per mention gives the same floats.
    exact_by_type = _tally([event_type for _, _, event_type in exact_typed])
    overlap_by_type = _tally([gold_mentions.typed[gold_index][2] for gold_index, _ in overlap_typed])
    gold_types, predicted_types = gold_mentions.by_type, predicted_mentions.by_type_with_unplaced
    _add_label_counts(score, "trigger_classification/exact", gold_types, predicted_types, exact_by_type)
    _add_label_counts(score, "trigger_classification/overlap", gold_types, predicted_types, overlap_by_type)


# --- arguments --------------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_NOT_WORD = re.compile(r"\W")


class Tokens:
    """Token-overlap credit between spans of a text, tokens being its `\\w+` runs.

    The credit of two spans is the F1 of the sets of tokens each overlaps. Two spans that share no token earn 0, and
    two disjoint spans share one only when every character from the last of the first to the first of the second
    is a word character, so such pairs (most of them) are settled without tokenizing. Tokenizing the text from the
    first span's start to the last one's end gives the same token sets as tokenizing it whole: a token cut by that
    window's edge is still one match of `\\w+`, so counting tokens in the window counts the same ones."""

    def __init__(self, text: str) -> None:
        self.text = text

    def overlap_f1(self, first: Span, second: Span) -> float:
        """Token-overlap F1 between two spans (span equality when either holds no token)."""
        if first == second:
            return 1.0
        low, high = (first, second) if first[0] <= second[0] else (second, first)
        if low[0] >= low[1] or high[0] >= high[1]:
            # An empty span (only gold given as records holds one) counts the token around it: the whole text.
            window_start, window_end = 0, len(self.text)
        elif low[1] <= high[0] and _NOT_WORD.search(self.text, low[1] - 1, high[0] + 1) is not None:
            return 0.0
        else:
            window_start, window_end = low[0], max(low[1], high[1])
        window = [match.span() for match in _WORD.finditer(self.text, window_start, window_end)]
        starts, ends = [start for start, _ in window], [end for _, end in window]
        a_low, a_high = bisect_right(ends, first[0]), bisect_left(starts, first[1])
        b_low, b_high = bisect_right(ends, second[0]), bisect_left(starts, second[1])
        size_a, size_b = a_high - a_low, b_high - b_low
        if size_a <= 0 or size_b <= 0:
            return 0.0
        common = max(0, min(a_high, b_high) - max(a_low, b_low))
        return 2 * common / (size_a + size_b)


def _same_value(gold: ScoredArgument, predicted: ScoredArgument) -> bool:
    a, b = gold.entity.normalized, predicted.entity.normalized
    return a is not None and b is not None and a.strip().casefold() == b.strip().casefold()


def _credit_matrices(
    gold: ScoredEvent, predicted: ScoredEvent, tokens: Tokens
) -> tuple[dict[str, list[list[float]]], list[list[bool]]]:
    """Credit of each (gold, predicted) argument pair in each mode, roles aside; and which pairs share a role.

    One pass over the pairs computes every mode (a call per pair and mode was the hot spot)."""
    exact: list[list[float]] = []
    overlap: list[list[float]] = []
    coreference: list[list[float]] = []
    same_role: list[list[bool]] = []
    for g in gold.arguments:
        gold_span, gold_spans = g.span, g.entity.spans
        exact_row: list[float] = []
        overlap_row: list[float] = []
        coreference_row: list[float] = []
        for p in predicted.arguments:
            span = p.span
            exact_row.append(float(span is not None and span == gold_span))
            overlap_row.append(tokens.overlap_f1(gold_span, span) if gold_span and span else 0.0)
            coreference_row.append(float((span is not None and span in gold_spans) or _same_value(g, p)))
        exact.append(exact_row)
        overlap.append(overlap_row)
        coreference.append(coreference_row)
        same_role.append([g.role == p.role for p in predicted.arguments])
    return {"exact": exact, "overlap": overlap, "coreference": coreference}, same_role


def _filled_within(inner: tuple[ScoredArgument, ...], outer: tuple[ScoredArgument, ...]) -> bool:
    """Whether each argument of `inner` has a span and a counterpart in `outer` with the same role and span, no
    counterpart used twice."""
    available = [(argument.role, argument.span) for argument in outer]
    for argument in inner:
        key = (argument.role, argument.span)
        if argument.span is None or key not in available:
            return False
        available.remove(key)
    return True


def _credited_roles(gold: ScoredEvent, predicted: ScoredEvent) -> list[str] | None:
    """The roles of the arguments that earn credit when the arguments of one event fill, among those of the other,
    the same roles at the same spans (none without a span): those of the event with fewer arguments. None when
    they do not.

    Then each argument of the smaller side earns full credit from its counterpart in every mode (exact: the same
    span; overlap: a span's F1 with itself; coreference: a gold argument's span is one of its entity's mentions),
    and no credit is above 1, so every optimal assignment gives them exactly that, role for role: the credits are
    known without the credit matrices, whatever else the entities hold. Placed mentions (predictions given as text)
    often differ from the gold's elsewhere in an entity, not where it fills; and a system that misses arguments, or
    adds some, but fills the others right is common."""
    if len(predicted.arguments) <= len(gold.arguments):
        smaller, larger = predicted.arguments, gold.arguments
    else:
        smaller, larger = gold.arguments, predicted.arguments
    if not _filled_within(smaller, larger):
        return None
    return [argument.role for argument in smaller]


def _assigned(scores: list[list[float]], gold: ScoredEvent) -> list[tuple[str, float]]:
    return [(gold.arguments[row].role, scores[row][column]) for row, column in assign(scores, most_pairs_first=False)]


def score_arguments(
    gold: ScoredDocument, predicted: ScoredDocument, identified: Pairs, classified: Pairs, score: DocumentScore
) -> None:
    """Arguments inside aligned event pairs (A-I on the identification alignment, A-C on the classification
    alignment): an optimal one-to-one assignment of arguments per pair and mode, roles required for A-C.
    Arguments of unaligned events stay missed or spurious."""
    tokens = Tokens(gold.text)
    gold_roles = Counter([argument.role for event in gold.events for argument in event.arguments])
    predicted_roles = Counter([argument.role for event in predicted.events for argument in event.arguments])
    n_gold, n_predicted = gold_roles.total(), predicted_roles.total()
    found = dict.fromkeys(ARGUMENT_MODES, 0.0)
    found_by_role: dict[str, dict[str, float]] = {mode: {} for mode in ARGUMENT_MODES}
    # Roles of the arguments classified pairs credit in full (`_credited_roles`): each earns 1.0 in every mode. The
    # exact and coreference credits are whole numbers, so these are counted at the end; the overlap mode's are not,
    # so they are added in turn, in the order of the pairs, as the general case adds them.
    shared_roles: list[str] = []
    overlap_by_role = found_by_role["overlap"]
    identified_pairs, classified_pairs = set(identified), set(classified)
    for g, p in dict.fromkeys([*identified, *classified]):
        gold_event, predicted_event = gold.events[g], predicted.events[p]
        credited = _credited_roles(gold_event, predicted_event)
        if credited is None and gold_event.arguments == predicted_event.arguments:
            # Not a shortcut but the scorer's rule since 1.0: identical arguments earn full credit, also those
            # without a span (which the credit matrices give none; only gold passed in memory can have one).
            credited = [argument.role for argument in gold_event.arguments]
        if credited is not None:
            if (g, p) in identified_pairs:
                credit = float(len(credited))
                for mode in ARGUMENT_MODES:
                    found[mode] += credit
            if (g, p) in classified_pairs:
                for role in credited:
                    overlap_by_role[role] = overlap_by_role.get(role, 0.0) + 1.0
                shared_roles.extend(credited)
            continue
        matrices, same_role = _credit_matrices(gold_event, predicted_event, tokens)
        if (g, p) in identified_pairs:
            for mode in ARGUMENT_MODES:
                found[mode] += sum(value for _, value in _assigned(matrices[mode], gold_event))
        if (g, p) in classified_pairs:
            for mode in ARGUMENT_MODES:
                same_role_matrix = [
                    [v if same else 0.0 for v, same in zip(row, roles, strict=True)]
                    for row, roles in zip(matrices[mode], same_role, strict=True)
                ]
                table = found_by_role[mode]
                for role, value in _assigned(same_role_matrix, gold_event):
                    if value:
                        table[role] = table.get(role, 0.0) + value
    for role, count in Counter(shared_roles).items():
        for mode in ("exact", "coreference"):
            found_by_role[mode][role] = found_by_role[mode].get(role, 0.0) + count
    # A role credited is a gold argument's role: the roles are those of the gold and the predicted arguments.
    roles = gold_roles.keys() | predicted_roles.keys()
    for mode in ARGUMENT_MODES:
        score.totals[f"argument_identification/{mode}"] = (n_gold, n_predicted, found[mode])
        metric = f"argument_classification/{mode}"
        by_role = found_by_role[mode]
        score.totals[metric] = (n_gold, n_predicted, sum(by_role.values()))
        role_counts = score.by_label.setdefault(metric, {})
        for role in roles:
            # `DocumentScore.label` written out (a call per role and mode was a tenth of argument scoring)
            counts = role_counts.setdefault(role, [0.0, 0.0, 0.0])
            counts[0] += gold_roles.get(role, 0)
            counts[1] += predicted_roles.get(role, 0)
            counts[2] += by_role.get(role, 0.0)


# --- events -----------------------------------------------------------------------------------------------------


def _argument_overlap(gold: ScoredEvent, predicted: ScoredEvent) -> float:
    """The share of arguments (of the larger event) that find a coreferent partner, roles aside: a mention of the
    gold entity, or the same normalized value (case aside). Runs for every pair of events whose triggers match."""
    size = max(len(gold.arguments), len(predicted.arguments))
    if not size:
        return 0.0
    found = 0
    for g in gold.arguments:
        spans, value = g.entity.spans, g.entity.normalized
        folded = value.strip().casefold() if value is not None else None
        for p in predicted.arguments:
            span, other = p.span, p.entity.normalized
            if (span is not None and span in spans) or (
                folded is not None and other is not None and folded == other.strip().casefold()
            ):
                found += 1
                break
    return found / size


def _trigger_qualities(gold: ScoredDocument, predicted: ScoredDocument) -> dict[tuple[int, int], float]:
    """The trigger-match quality of the (gold, predicted) event pairs whose triggers share a span (1.0) or overlap
    (0.5), from the overlapping trigger mentions rather than a comparison of every pair of events."""
    gold_mentions, predicted_mentions = gold.trigger_mentions(), predicted.trigger_mentions()
    gold_spans, predicted_spans = gold_mentions.spans, predicted_mentions.spans
    gold_events, predicted_events = gold_mentions.event_positions, predicted_mentions.event_positions
    qualities: dict[tuple[int, int], float] = {}
    for gold_index, found in enumerate(
        _overlapping(gold_mentions.typed, predicted_mentions.typed, predicted_mentions.by_start)
    ):
        for predicted_index in found:
            quality = 1.0 if gold_spans[gold_index] == predicted_spans[predicted_index] else 0.5
            pair = (gold_events[gold_index], predicted_events[predicted_index])
            if qualities.get(pair, 0.0) < quality:
                qualities[pair] = quality
    # An empty span overlaps nothing, yet an identical one is a match (only gold given as records can hold one).
    for span in gold_mentions.span_set & predicted_mentions.span_set:
        if span[0] >= span[1]:
            for gold_index, gold_span in enumerate(gold_spans):
                for predicted_index, predicted_span in enumerate(predicted_spans):
                    if gold_span == span == predicted_span:
                        qualities[(gold_events[gold_index], predicted_events[predicted_index])] = 1.0
    return qualities


def _trigger_matches(gold: ScoredDocument, predicted: ScoredDocument) -> dict[tuple[int, int], float]:
    """The trigger-match quality of every (gold, predicted) event pair whose triggers match: 1 for an identical
    trigger span, 0.5 for overlapping triggers, 0.25 when a trigger placed by grounding has a gold trigger's text,
    case aside (and no better match)."""
    qualities = _trigger_qualities(gold, predicted)
    gold_positions_of_text: dict[str, list[int]] | None = None
    for position, p in enumerate(predicted.events):
        if not p.guessed_texts:
            continue
        if gold_positions_of_text is None:
            # The gold events of each case-folded trigger text, listed once per document that has guesses.
            gold_positions_of_text = {}
            for gold_position, g in enumerate(gold.events):
                for text in {text.casefold() for text in g.trigger_texts}:
                    gold_positions_of_text.setdefault(text, []).append(gold_position)
        for text in p.guessed_texts:
            for gold_position in gold_positions_of_text.get(text.casefold(), ()):
                qualities.setdefault((gold_position, position), 0.25)
    return qualities


def _similarity_matrix(
    gold: ScoredDocument, predicted: ScoredDocument, matches: dict[tuple[int, int], float] | None = None
) -> list[list[float]]:
    """Similarity of every (gold, predicted) event pair: trigger-match quality (`_trigger_matches`, computed when
    not given) plus argument overlap; 0 (never paired) when the triggers do not match at all."""
    if matches is None:
        matches = _trigger_matches(gold, predicted)
    similarity = [[0.0] * len(predicted.events) for _ in gold.events]
    for (gold_position, position), quality in matches.items():
        similarity[gold_position][position] = quality + _argument_overlap(
            gold.events[gold_position], predicted.events[position]
        )
    return similarity


def _one_to_one(pairs: Collection[tuple[int, int]]) -> bool:
    """Whether no gold and no predicted position occurs in two of `pairs`."""
    return len({g for g, _ in pairs}) == len(pairs) == len({p for _, p in pairs})


def align_events(gold: ScoredDocument, predicted: ScoredDocument) -> tuple[Pairs, Pairs]:
    """The identification alignment (any types) and the classification alignment (same type only)."""
    matches = _trigger_matches(gold, predicted)
    if _one_to_one(matches):
        # Every event matches at most one on the other side (the usual case): both alignments keep every match
        # (of the same type, for classification), whatever the similarities, so they are never computed. Sorted,
        # these are the pairs `assign` gives for a matrix with one positive score per row and column.
        identified = sorted(matches)
        return identified, [(g, p) for g, p in identified if gold.events[g].type == predicted.events[p].type]
    similarity = _similarity_matrix(gold, predicted, matches)
    identified = assign(similarity)
    same_type = [
        [value if g.type == p.type else 0.0 for value, p in zip(row, predicted.events, strict=True)]
        for row, g in zip(similarity, gold.events, strict=True)
    ]
    return identified, assign(same_type)


def score_events(
    gold: ScoredDocument, predicted: ScoredDocument, identified: Pairs, classified: Pairs, score: DocumentScore
) -> None:
    """E-I, E-C and E-C with attributes; type confusion and attribute pairs from the identification alignment."""
    gold_events, predicted_events = gold.events, predicted.events
    n_gold, n_predicted = len(gold_events), len(predicted_events)
    with_attributes = [
        g
        for g, p in classified
        if gold_events[g].polarity == predicted_events[p].polarity
        and gold_events[g].realis == predicted_events[p].realis
    ]
    score.totals["event_identification"] = (n_gold, n_predicted, len(identified))
    score.totals["event_classification"] = (n_gold, n_predicted, len(classified))
    score.totals["event_classification_with_attributes"] = (n_gold, n_predicted, len(with_attributes))
    gold_types = _tally([event.type for event in gold_events])
    predicted_types = _tally([event.type for event in predicted_events])
    classified_types = _tally([gold_events[g].type for g, _ in classified])
    _add_label_counts(score, "event_classification", gold_types, predicted_types, classified_types)
    with_attribute_types = _tally([gold_events[g].type for g in with_attributes])
    _add_label_counts(score, "event_classification_with_attributes", gold_types, predicted_types, with_attribute_types)
    if identified:
        confusion, polarities, realis = score.confusion, [], []
        for g, p in identified:
            gold_event, predicted_event = gold_events[g], predicted_events[p]
            confusion.append((gold_event.type, predicted_event.type))
            polarities.append((gold_event.polarity, predicted_event.polarity))
            realis.append((gold_event.realis, predicted_event.realis))
        score.attribute_pairs.setdefault("polarity", []).extend(polarities)
        score.attribute_pairs.setdefault("realis", []).extend(realis)
    if len(identified) < n_gold:
        paired_gold = {g for g, _ in identified}
        score.confusion.extend((event.type, NONE_LABEL) for i, event in enumerate(gold_events) if i not in paired_gold)
    if len(identified) < n_predicted:
        paired_predicted = {p for _, p in identified}
        score.confusion.extend(
            (NONE_LABEL, event.type) for i, event in enumerate(predicted_events) if i not in paired_predicted
        )


# --- event relations --------------------------------------------------------------------------------------------


def _relation_keys(
    relations: list[ScoredRelation], to_gold: dict[int, int] | None
) -> tuple[dict[Any, int], dict[Any, int]]:
    """Identification keys (the two ends, in gold event positions, order aside) and classification keys (type and
    ends in order, except for a symmetric type) of the relations whose both ends map to gold events (`to_gold`
    None: the relations are the gold's own), each with its count."""
    symmetric = vocabulary().symmetric_relations
    identification: dict[Any, int] = {}
    classification: dict[Any, int] = {}
    for kind, first, second in relations:
        if to_gold is not None:
            if first not in to_gold or second not in to_gold:
                continue
            first, second = to_gold[first], to_gold[second]
        ordered = (first, second) if first <= second else (second, first)
        identification[ordered] = identification.get(ordered, 0) + 1
        key = (kind, *ordered) if kind in symmetric else (kind, first, second)
        classification[key] = classification.get(key, 0) + 1
    return identification, classification


def score_relations(gold: ScoredDocument, predicted: ScoredDocument, identified: Pairs, score: DocumentScore) -> None:
    """Event relations over the identification alignment of events: a predicted relation is identified when its two
    events are aligned to the two events of a gold relation (type and direction aside), and classified when the
    type and the direction match too (either direction for a symmetric type such as `in_exchange_for`). Each gold
    relation is matched at most once (multiset intersection)."""
    n_gold, n_predicted = len(gold.relations), len(predicted.relations)
    gold_identification, gold_classification = _relation_keys(gold.relations, None)
    predicted_identification, predicted_classification = _relation_keys(
        predicted.relations, {p: g for g, p in identified}
    )
    identified_relations = 0
    for key, count in gold_identification.items():
        identified_relations += min(count, predicted_identification.get(key, 0))
    matched_kinds: dict[str, int] = {}
    for key, count in gold_classification.items():
        matched = min(count, predicted_classification.get(key, 0))
        if matched:
            matched_kinds[key[0]] = matched_kinds.get(key[0], 0) + matched
    score.totals["event_relation_identification"] = (n_gold, n_predicted, identified_relations)
    score.totals["event_relation_classification"] = (n_gold, n_predicted, sum(matched_kinds.values()))
    gold_kinds = _tally([kind for kind, _, _ in gold.relations])
    predicted_kinds = _tally([kind for kind, _, _ in predicted.relations])
    _add_label_counts(score, "event_relation_classification", gold_kinds, predicted_kinds, matched_kinds)


def score_document(gold: ScoredDocument, predicted: ScoredDocument) -> DocumentScore:
    """All counts of one document."""
    score = DocumentScore()
    score_triggers(gold, predicted, score)
    identified, classified = align_events(gold, predicted)
    score_events(gold, predicted, identified, classified, score)
    score_arguments(gold, predicted, identified, classified, score)
    score_relations(gold, predicted, identified, score)
    return score
