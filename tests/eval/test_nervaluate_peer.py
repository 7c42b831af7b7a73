"""Against a peer: trigger counts on flat span sets equal nervaluate's, except where it matches greedily."""

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator

from parley.eval.score_document import DocumentScore, score_triggers
from parley.eval.view import ScoredDocument, ScoredEvent

LABELS = ["NEGOTIATE", "AGREE", "REJECT"]
Span = tuple[int, int, str]


@st.composite
def flat_spans(draw: st.DrawFn) -> list[Span]:
    """Non-overlapping, non-duplicated typed spans over a 60-character line."""
    cuts = sorted(draw(st.sets(st.integers(0, 60), max_size=16)))
    spans = [(start, end) for start, end in zip(cuts[::2], cuts[1::2], strict=False) if start < end]
    return [(start, end, draw(st.sampled_from(LABELS))) for start, end in spans]


def _document(spans: list[Span]) -> ScoredDocument:
    events = [ScoredEvent(label, ((start, end),), ("x",), (), "positive", "actual") for start, end, label in spans]
    return ScoredDocument(id="d", text=" " * 60, events=events)


def _ours(gold: list[Span], predicted: list[Span]) -> DocumentScore:
    score = DocumentScore()
    score_triggers(_document(gold), _document(predicted), score)
    return score


def _nervaluate(gold: list[Span], predicted: list[Span]) -> dict[str, Any]:
    """nervaluate's overall results; its ends are inclusive, ours exclusive."""

    def entities(spans: list[Span]) -> list[dict[str, Any]]:
        return [{"label": label, "start": start, "end": end - 1} for start, end, label in spans]

    overall: dict[str, Any] = Evaluator([entities(gold)], [entities(predicted)], tags=LABELS, loader="dict").evaluate()[
        "overall"
    ]
    return overall


@settings(max_examples=300, deadline=None)
@given(flat_spans(), flat_spans())
def test_exact_counts_equal_nervaluate_strict_and_exact(gold: list[Span], predicted: list[Span]) -> None:
    ours = _ours(gold, predicted)
    peer = _nervaluate(gold, predicted)
    classified = ours.totals["trigger_classification/exact"]
    identified = ours.totals["trigger_identification/exact"]
    assert classified == (peer["strict"].possible, peer["strict"].actual, peer["strict"].correct)
    assert identified == (peer["exact"].possible, peer["exact"].actual, peer["exact"].correct)


def test_overlap_matching_is_optimal_where_nervaluate_partial_is_greedy() -> None:
    # The first prediction overlaps both gold spans, the second only the first gold span. nervaluate gives the
    # first gold span to the first prediction and has nothing left for the second: one partial, one spurious,
    # one missed. The optimal assignment pairs prediction 1 with gold 2 and prediction 2 with gold 1.
    gold = [(0, 10, "AGREE"), (10, 20, "AGREE")]
    predicted = [(5, 15, "AGREE"), (0, 4, "AGREE")]
    peer = _nervaluate(gold, predicted)["partial"]
    assert (peer.correct, peer.partial, peer.spurious, peer.missed) == (0, 1, 1, 1)
    assert _ours(gold, predicted).totals["trigger_identification/overlap"] == (2, 2, 2)
