"""The inlined scoring paths give exactly what the plain definitions give, on generated documents."""

import copy
import random
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.corpus.synthetic import generate_documents
from parley.eval import score_document as score_document_module
from parley.eval.align import assign, maximum_matching
from parley.eval.count import layout
from parley.eval.ground import ground_record, offsets_view
from parley.eval.score_document import (
    ARGUMENT_MODES,
    DocumentScore,
    Tokens,
    _credit_matrices,
    _same_value,
    _similarity_matrix,
    align_events,
    score_arguments,
    score_document,
)
from parley.eval.view import ScoredArgument, ScoredDocument, ScoredEntity, ScoredEvent, distance, nearest
from tests.eval.conftest import golden_cases, load_case

# --- the plain definitions the inlined paths must equal -----------------------------------------------------


def argument_credit(mode: str, tokens: Tokens) -> Callable[[ScoredArgument, ScoredArgument], float]:
    """The credit a predicted argument earns against a gold one, roles aside, in one matching mode."""
    if mode == "exact":
        return lambda gold, predicted: float(predicted.span is not None and predicted.span == gold.span)
    if mode == "overlap":
        return lambda gold, predicted: (
            tokens.overlap_f1(gold.span, predicted.span) if gold.span and predicted.span else 0.0
        )
    return lambda gold, predicted: float(
        (predicted.span is not None and predicted.span in gold.entity.spans) or _same_value(gold, predicted)
    )


def trigger_quality(gold: ScoredEvent, predicted: ScoredEvent) -> float:
    """1 for an identical trigger span, 0.5 for overlapping triggers, 0.25 when a trigger placed by grounding (its
    occurrence guessed) has a gold trigger's text (case aside), else 0."""
    overlapping = False
    for g in gold.triggers:
        for p in predicted.triggers:
            if g == p:
                return 1.0
            if g[0] < p[1] and p[0] < g[1]:
                overlapping = True
    if overlapping:
        return 0.5
    if predicted.guessed_texts:
        gold_texts = {text.casefold() for text in gold.trigger_texts}
        if any(text.casefold() in gold_texts for text in predicted.guessed_texts):
            return 0.25
    return 0.0


def _coreferent(gold: ScoredArgument, predicted: ScoredArgument) -> bool:
    return (predicted.span is not None and predicted.span in gold.entity.spans) or _same_value(gold, predicted)


def argument_overlap(gold: ScoredEvent, predicted: ScoredEvent) -> float:
    """The share of arguments (of the larger event) that find a coreferent partner, roles aside."""
    size = max(len(gold.arguments), len(predicted.arguments))
    if not size:
        return 0.0
    found = sum(any(_coreferent(g, p) for p in predicted.arguments) for g in gold.arguments)
    return found / size


def event_similarity(gold: ScoredEvent, predicted: ScoredEvent) -> float:
    """Trigger-match quality plus argument overlap; 0 (never paired) when the triggers do not match at all."""
    quality = trigger_quality(gold, predicted)
    return quality + argument_overlap(gold, predicted) if quality else 0.0


def _perturbed(document: Any, rng: random.Random) -> dict[str, Any]:
    record = copy.deepcopy(dict(document))
    record["events"] = [event for event in record["events"] if rng.random() > 0.2]
    for event in record["events"]:
        if rng.random() < 0.5:
            event["triggers"] = [{"text": trigger["text"]} for trigger in event["triggers"]]
    return record


def test_similarity_matrix_equals_pairwise_event_similarity() -> None:
    rng = random.Random(3)
    for document in generate_documents(20, seed=5, events=6, target_chars=600):
        gold = ground_record(document, document["text"]).document
        predicted = ground_record(_perturbed(document, rng), document["text"]).document
        expected = [[event_similarity(g, p) for p in predicted.events] for g in gold.events]
        assert _similarity_matrix(gold, predicted) == expected


def test_credit_matrices_equal_argument_credit_per_pair() -> None:
    rng = random.Random(5)
    for document in generate_documents(20, seed=7, events=6, target_chars=600):
        gold = ground_record(document, document["text"]).document
        predicted = ground_record(_perturbed(document, rng), document["text"]).document
        tokens = Tokens(document["text"])
        for g in gold.events:
            for p in predicted.events:
                matrices, same_role = _credit_matrices(g, p, tokens)
                assert list(matrices) == list(ARGUMENT_MODES)
                for mode in ARGUMENT_MODES:
                    credit = argument_credit(mode, tokens)
                    assert matrices[mode] == [[credit(a, b) for b in p.arguments] for a in g.arguments]
                assert same_role == [[a.role == b.role for b in p.arguments] for a in g.arguments]


def test_offsets_view_equals_grounding_a_record_with_offsets() -> None:
    golden = [record for path in golden_cases() for record in load_case(path)["gold"]]
    for document in [*golden, *generate_documents(30, seed=8, events=6, target_chars=600)]:
        assert offsets_view(document) == ground_record(document, document["text"]).document


def test_row_equals_the_counts_added_one_by_one() -> None:
    rng = random.Random(4)
    table = layout()
    for document in generate_documents(10, seed=6, events=6, target_chars=600):
        gold = ground_record(document, document["text"]).document
        predicted = ground_record(_perturbed(document, rng), document["text"]).document
        score = score_document(gold, predicted)
        expected = np.zeros(table.width)
        for metric, triple in score.totals.items():
            expected[table.totals[metric] : table.totals[metric] + 3] = triple
        for metric, labels in score.by_label.items():
            for label, counts in labels.items():
                expected[table.labelled[metric][label] : table.labelled[metric][label] + 3] += counts
        for pair in score.confusion:
            expected[table.confusion[pair]] += 1
        for attribute, pairs in score.attribute_pairs.items():
            for pair in pairs:
                expected[table.attributes[attribute][pair]] += 1
        assert np.array_equal(table.row(score), expected)


def _random_event(rng: random.Random, width: int) -> ScoredEvent:
    triggers = []
    for _ in range(rng.randint(0, 3)):
        start = rng.randrange(0, width)
        triggers.append((start, start + rng.randint(0, 4)))  # empty spans too (gold given as records may hold one)
    texts = tuple(rng.choice(["talks", "Talks", "deal"]) for _ in triggers)
    guessed = tuple(text for text in texts if rng.random() < 0.3)
    return ScoredEvent(rng.choice("AB"), tuple(triggers), texts, (), "positive", "actual", 0, guessed)


@pytest.mark.parametrize("width", [10, 40])
def test_similarity_matrix_equals_pairwise_similarity_on_crowded_spans(width: int) -> None:
    rng = random.Random(width)
    for _ in range(2000):
        gold = ScoredDocument("d", "", [_random_event(rng, width) for _ in range(rng.randint(0, 6))])
        predicted = ScoredDocument("d", "", [_random_event(rng, width) for _ in range(rng.randint(0, 6))])
        expected = [[event_similarity(g, p) for p in predicted.events] for g in gold.events]
        assert _similarity_matrix(gold, predicted) == expected


@pytest.mark.parametrize("width", [10, 40])
def test_alignment_equals_assigning_the_full_similarity_matrices(width: int) -> None:
    """Documents whose trigger matches are one to one skip the matrices: the pairs are the same."""
    rng = random.Random(width + 1)
    for _ in range(2000):
        gold = ScoredDocument("d", "", [_random_event(rng, width) for _ in range(rng.randint(0, 6))])
        predicted = ScoredDocument("d", "", [_random_event(rng, width) for _ in range(rng.randint(0, 6))])
        similarity = [[event_similarity(g, p) for p in predicted.events] for g in gold.events]
        same_type = [
            [value if g.type == p.type else 0.0 for value, p in zip(row, predicted.events, strict=True)]
            for row, g in zip(similarity, gold.events, strict=True)
        ]
        assert align_events(gold, predicted) == (assign(similarity), assign(same_type))


def whole_text_overlap_f1(text: str, first: tuple[int, int], second: tuple[int, int]) -> float:
    """Token-overlap F1 over the tokens (`\\w+` runs) of the whole text: the definition `Tokens` must equal."""
    if first == second:
        return 1.0
    tokens = [match.span() for match in re.finditer(r"\w+", text)]
    starts, ends = [start for start, _ in tokens], [end for _, end in tokens]
    a_low, a_high = bisect_right(ends, first[0]), bisect_left(starts, first[1])
    b_low, b_high = bisect_right(ends, second[0]), bisect_left(starts, second[1])
    if a_high <= a_low or b_high <= b_low:
        return 0.0
    common = max(0, min(a_high, b_high) - max(a_low, b_low))
    return 2 * common / ((a_high - a_low) + (b_high - b_low))


@st.composite
def text_and_two_spans(draw: st.DrawFn) -> tuple[str, tuple[int, int], tuple[int, int]]:
    text = draw(st.text(alphabet="ab_é1中\u0301 .-\n", max_size=40))
    spans = []
    for _ in range(2):
        start = draw(st.integers(0, len(text)))
        spans.append((start, draw(st.integers(start, len(text)))))
    return text, spans[0], spans[1]


@settings(max_examples=2000, deadline=None)
@given(text_and_two_spans())
def test_token_overlap_settled_locally_equals_tokenizing_the_whole_text(
    case: tuple[str, tuple[int, int], tuple[int, int]],
) -> None:
    text, first, second = case
    assert Tokens(text).overlap_f1(first, second) == whole_text_overlap_f1(text, first, second)


@st.composite
def grouped_matrix(draw: st.DrawFn) -> tuple[list[list[float]], list[str]]:
    """A score matrix as the trigger overlap pairing makes one (1 for the same span, 0.5 for overlapping ones, else
    0), of gold rows and predicted columns each with a type; pairs of different types 0, as in the typed matrix
    (the untyped one: every type the same)."""
    rows, columns = draw(st.integers(0, 6)), draw(st.integers(0, 6))
    row_types = draw(st.lists(st.sampled_from("AB"), min_size=rows, max_size=rows))
    column_types = draw(st.lists(st.sampled_from("AB"), min_size=columns, max_size=columns))
    cells = draw(st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=rows * columns, max_size=rows * columns))
    matrix = [
        [cells[row * columns + column] if row_types[row] == column_types[column] else 0.0 for column in range(columns)]
        for row in range(rows)
    ]
    return matrix, row_types


@settings(max_examples=3000, deadline=None)
@given(grouped_matrix())
def test_a_largest_matching_pairs_as_many_as_the_assignment_in_each_group(
    case: tuple[list[list[float]], list[str]],
) -> None:
    matrix, row_types = case
    matching, assigned = maximum_matching(matrix), assign(matrix)
    assert all(matrix[row][column] > 0 for row, column in matching)
    assert len({row for row, _ in matching}) == len(matching) == len({column for _, column in matching})
    assert Counter(row_types[row] for row, _ in matching) == Counter(row_types[row] for row, _ in assigned)


def _random_arguments(rng: random.Random, text: str) -> tuple[ScoredArgument, ...]:
    """Arguments over a few shared spans: the same span often filled, in another role or by another entity."""
    spans = [(0, 4), (5, 9), (10, 17), (18, 22)]
    arguments = []
    for _ in range(rng.randint(0, 4)):
        chosen = rng.choice(spans)
        mentions = tuple(sorted({chosen, *rng.sample(spans, rng.randint(0, 2))}))
        span: tuple[int, int] | None = chosen
        if rng.random() < 0.1:  # an entity none of whose mentions could be placed
            span, mentions = None, ()
        entity = ScoredEntity(mentions, rng.choice([None, "x", "X "]))
        arguments.append(ScoredArgument(rng.choice(["actor", "topic", "location"]), entity, span))
    return tuple(arguments)


def test_arguments_filled_alike_score_as_the_credit_matrices_do(monkeypatch: pytest.MonkeyPatch) -> None:
    """Events whose arguments fill the same roles at the same spans (all of them, or those of the event with fewer)
    skip the credit matrices: same counts."""
    rng = random.Random(12)
    text = "Kyiv and Moscow signed a truce"
    shortcuts = partial = 0
    for _ in range(3000):
        gold_event = ScoredEvent("AGREE", ((0, 4),), ("Kyiv",), _random_arguments(rng, text), "positive", "actual")
        arguments = list(gold_event.arguments) if rng.random() < 0.6 else list(_random_arguments(rng, text))
        # The same spans and roles, other entities (placed mentions differ), or a role swapped.
        arguments = [
            ScoredArgument(a.role, ScoredEntity(((a.span or (0, 4)),), a.entity.normalized), a.span)
            if rng.random() < 0.5
            else a
            for a in arguments
        ]
        if arguments and rng.random() < 0.2:
            first = arguments[0]
            arguments[0] = ScoredArgument(rng.choice(["actor", "topic"]), first.entity, first.span)
        if rng.random() < 0.3:  # some left out, the rest shuffled
            arguments = rng.sample(arguments, rng.randint(0, len(arguments)))
        elif rng.random() < 0.3:  # some added
            arguments += _random_arguments(rng, text)[: rng.randint(0, 2)]
        predicted_event = ScoredEvent("AGREE", ((0, 4),), ("Kyiv",), tuple(arguments), "positive", "actual")
        gold = ScoredDocument("d", text, [gold_event])
        predicted = ScoredDocument("d", text, [predicted_event])
        shortcut = score_document_module._credited_roles(gold_event, predicted_event) is not None
        shortcuts += shortcut
        partial += shortcut and len(gold_event.arguments) != len(predicted_event.arguments)
        fast = DocumentScore()
        score_arguments(gold, predicted, [(0, 0)], [(0, 0)], fast)
        with monkeypatch.context() as patched:
            patched.setattr(score_document_module, "_credited_roles", lambda gold, predicted: None)
            plain = DocumentScore()
            score_arguments(gold, predicted, [(0, 0)], [(0, 0)], plain)
        assert fast.totals == plain.totals
        assert {metric: dict(sorted(table.items())) for metric, table in fast.by_label.items()} == {
            metric: dict(sorted(table.items())) for metric, table in plain.by_label.items()
        }
    assert shortcuts > 600
    assert partial > 100


spans_strategy = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 30)).map(lambda pair: (min(pair), max(pair))), max_size=6
)


@settings(max_examples=3000, deadline=None)
@given(spans_strategy, spans_strategy)
def test_nearest_is_the_candidate_of_smallest_gap_then_start_then_end(
    candidates: list[tuple[int, int]], anchors: list[tuple[int, int]]
) -> None:
    expected = None
    if candidates:
        expected = min(
            candidates,
            key=lambda span: (min((distance(span, anchor) for anchor in anchors), default=0), *span),
        )
    assert nearest(candidates, anchors) == expected
