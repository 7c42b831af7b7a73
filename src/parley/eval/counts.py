"""Counts and the precision / recall / F1 computed from them.

In the SemEval vocabulary a scorer sees `gold` items (possible) and `predicted` items (actual); `matched` is
the credit their optimal pairing earns (correct items, or a sum of partial credits for token overlap). What is
left over is `missed` (gold - matched) and `spurious` (predicted - matched).

Conventions for empty denominators: with nothing to find and nothing predicted every score is 1.0 (nothing
was missed or invented); otherwise an empty denominator gives 0.0.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

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
