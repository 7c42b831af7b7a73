"""The trigger overlap pairing gives as many pairs as `assign` gives on the matrices, as many of each gold type."""

import random
from collections import Counter

import pytest

from parley.eval.align import assign
from parley.eval.score_document import _overlap_pairs, _overlap_scores
from parley.eval.view import TypedSpan


def matrix_pairs(gold: list[TypedSpan], predicted: list[TypedSpan]) -> tuple[list[tuple[int, int]], ...]:
    """The definition: optimal assignment over the overlap scores, untyped and with other types zeroed."""
    scores = _overlap_scores(gold, predicted)
    typed = [
        [value if g[2] == p[2] else 0.0 for value, p in zip(row, predicted, strict=True)]
        for row, g in zip(scores, gold, strict=True)
    ]
    return assign(scores), assign(typed)


def _mentions(rng: random.Random, count: int, width: int) -> list[TypedSpan]:
    mentions = []
    for _ in range(count):
        start = rng.randrange(0, width)
        mentions.append((start, start + rng.randint(1, 6), rng.choice("ABC")))
    return mentions


@pytest.mark.parametrize("width", [12, 40, 400])
def test_pairs_equal_the_assignment(width: int) -> None:
    rng = random.Random(width)
    conflicts = 0
    for _ in range(3000):
        gold, predicted = _mentions(rng, rng.randint(0, 8), width), _mentions(rng, rng.randint(0, 8), width)
        expected = matrix_pairs(gold, predicted)
        any_pairs, typed_pairs = _overlap_pairs(gold, predicted)
        # What the scorer counts: how many pairs, and how many of each gold type.
        assert len(any_pairs) == len(expected[0])
        assert Counter(gold[row][2] for row, _ in typed_pairs) == Counter(gold[row][2] for row, _ in expected[1])
        for pairs in (any_pairs, typed_pairs):
            assert len({row for row, _ in pairs}) == len(pairs) == len({column for _, column in pairs})
            assert all(
                gold[row][0] < predicted[column][1] and predicted[column][0] < gold[row][1] for row, column in pairs
            )
        assert all(gold[row][2] == predicted[column][2] for row, column in typed_pairs)
        conflicts += sum(1 for g in gold if sum(g[0] < p[1] and p[0] < g[1] for p in predicted) > 1)
    assert conflicts  # both ways are exercised: with and without conflicting overlaps
