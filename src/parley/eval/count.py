"""Counting: counts and the precision / recall / F1 computed from them, and the fixed row layout of a document.

In the SemEval vocabulary a scorer sees `gold` items (possible) and `predicted` items (actual); `matched` is
the credit their optimal pairing earns (correct items, or a sum of partial credits for token overlap). What is
left over is `missed` (gold - matched) and `spurious` (predicted - matched).

Conventions for empty denominators: with nothing to find and nothing predicted every score is 1.0 (nothing
was missed or invented); otherwise an empty denominator gives 0.0.

The row layout turns one document's counts into a numeric row, and sums of rows back into counts.

Every count the report needs (totals per metric, per-type and per-role tables, the type confusion matrix and
attribute value pairs) has a column, because all labels come from the closed vocabularies. The corpus is the
sum of its document rows, a bootstrap resample is a weighted sum, and replacing a document (a repeated
prediction) is replacing its row.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from parley.eval.score_document import ATTRIBUTES, LABELLED_METRICS, METRICS, NONE_LABEL, DocumentScore
from parley.schema import vocabulary

Number = TypeVar("Number", float, npt.NDArray[np.float64])


@dataclass(slots=True)
class Counts:
    """Gold items, predicted items and the credit their optimal pairing earns."""

    gold: float = 0
    predicted: float = 0
    matched: float = 0

    def add(self, gold: float, predicted: float, matched: float) -> None:
        self.gold += gold
        self.predicted += predicted
        self.matched += matched

    @property
    def precision(self) -> float:
        return float(precision_recall_f1(self.matched, self.predicted, self.gold)[0])

    @property
    def recall(self) -> float:
        return float(precision_recall_f1(self.matched, self.predicted, self.gold)[1])

    @property
    def f1(self) -> float:
        return float(precision_recall_f1(self.matched, self.predicted, self.gold)[2])


def precision_recall_f1(matched: Number, predicted: Number, gold: Number) -> tuple[Number, Number, Number]:
    """P = matched / predicted, R = matched / gold, F1 their harmonic mean; works on floats and numpy arrays."""
    matched_array, predicted_array, gold_array = (np.asarray(x, dtype=float) for x in (matched, predicted, gold))
    with np.errstate(divide="ignore", invalid="ignore"):
        both_empty = (predicted_array == 0) & (gold_array == 0)
        precision = np.where(predicted_array > 0, matched_array / np.maximum(predicted_array, 1e-300), 0.0)
        recall = np.where(gold_array > 0, matched_array / np.maximum(gold_array, 1e-300), 0.0)
        total = precision + recall
        f1 = np.where(total > 0, 2 * precision * recall / np.where(total > 0, total, 1.0), 0.0)
        precision, recall, f1 = (np.where(both_empty, 1.0, value) for value in (precision, recall, f1))
    if np.ndim(precision) == 0:
        return float(precision), float(recall), float(f1)  # type: ignore[return-value]
    return precision, recall, f1  # type: ignore[return-value]


def macro_average(tables: Iterable[Counts]) -> tuple[float, float, float]:
    """The unweighted mean of per-label precision, recall and F1 (labels with neither gold nor predictions are
    left out by the caller)."""
    scores = [(counts.precision, counts.recall, counts.f1) for counts in tables]
    if not scores:
        return 1.0, 1.0, 1.0
    return tuple(float(np.mean([score[index] for score in scores])) for index in range(3))  # type: ignore[return-value]


Vector = npt.NDArray[np.float64]
_COMPONENTS = ("gold", "predicted", "matched")


def labels_of(metric: str) -> tuple[str, ...]:
    """The labels a labelled metric is broken down by: roles for arguments, relation types for event relations,
    event types otherwise."""
    if metric.startswith("argument"):
        return vocabulary().values("roles")
    if metric.startswith("event_relation"):
        return vocabulary().values("relation_types")
    return vocabulary().values("event_types")


def attribute_values(attribute: str) -> tuple[str, ...]:
    return vocabulary().values("polarities" if attribute == "polarity" else "realis_values")


@dataclass(frozen=True)
class Layout:
    """Column positions: `totals[metric]` and `labelled[metric][label]` start a (gold, predicted, matched)
    triple; `confusion[(gold type, predicted type)]` and `attributes[attribute][(gold, predicted)]` are cells."""

    totals: dict[str, int]
    labelled: dict[str, dict[str, int]]
    confusion: dict[tuple[str, str], int]
    confusion_labels: tuple[str, ...]
    attributes: dict[str, dict[tuple[str, str], int]]
    width: int

    def row(self, score: DocumentScore, *, dtype: type[np.floating[Any]] = np.float64) -> npt.NDArray[Any]:
        """One document's counts as a row of this layout, of `dtype` (each count rounded to it once)."""
        # Filled as a Python list (the same float64 additions, in the same order) and converted once: a numpy
        # slice operation per count costs more than the count.
        row = [0.0] * self.width
        for metric, (gold, predicted, matched) in score.totals.items():
            start = self.totals[metric]
            row[start] = float(gold)
            row[start + 1] = float(predicted)
            row[start + 2] = float(matched)
        for metric, table in score.by_label.items():
            columns = self.labelled[metric]
            for label, counts in table.items():
                # Each label of a metric has its own columns, written once: set, not added to the zeros.
                start = columns[label]
                row[start : start + 3] = counts
        confusion = self.confusion
        for pair in score.confusion:
            row[confusion[pair]] += 1
        for attribute, pairs in score.attribute_pairs.items():
            cells = self.attributes[attribute]
            for pair in pairs:
                row[cells[pair]] += 1
        return np.array(row, dtype=dtype)

    def counts(self, vector: Vector, metric: str) -> Counts:
        start = self.totals[metric]
        return Counts(*(float(value) for value in vector[start : start + 3]))

    def label_counts(self, vector: Vector, metric: str) -> dict[str, Counts]:
        """Per-label counts of a labelled metric, for the labels present in gold or predictions."""
        table = {
            label: Counts(*(float(value) for value in vector[start : start + 3]))
            for label, start in self.labelled[metric].items()
        }
        return {label: counts for label, counts in table.items() if counts.gold or counts.predicted}

    def confusion_matrix(self, vector: Vector) -> npt.NDArray[np.int64]:
        """Rows gold types, columns predicted types, both in `confusion_labels` order."""
        size = len(self.confusion_labels)
        cells = np.array([vector[self.confusion[(g, p)]] for g in self.confusion_labels for p in self.confusion_labels])
        return cells.reshape(size, size).astype(np.int64)

    def attribute_table(self, vector: Vector, attribute: str) -> Mapping[tuple[str, str], float]:
        return {pair: float(vector[column]) for pair, column in self.attributes[attribute].items() if vector[column]}


@cache
def layout() -> Layout:
    """The layout for the current vocabulary."""
    width = 0
    totals: dict[str, int] = {}
    for metric in METRICS:
        totals[metric] = width
        width += len(_COMPONENTS)
    labelled: dict[str, dict[str, int]] = {}
    for metric in sorted(LABELLED_METRICS):
        labelled[metric] = {}
        for label in labels_of(metric):
            labelled[metric][label] = width
            width += len(_COMPONENTS)
    confusion_labels = (*vocabulary().values("event_types"), NONE_LABEL)
    confusion: dict[tuple[str, str], int] = {}
    for gold in confusion_labels:
        for predicted in confusion_labels:
            confusion[(gold, predicted)] = width
            width += 1
    attributes: dict[str, dict[tuple[str, str], int]] = {}
    for attribute in ATTRIBUTES:
        attributes[attribute] = {}
        for gold in attribute_values(attribute):
            for predicted in attribute_values(attribute):
                attributes[attribute][(gold, predicted)] = width
                width += 1
    return Layout(totals, labelled, confusion, confusion_labels, attributes, width)
