"""Linear classifiers over sparse binary features: fitted with scikit-learn, stored and applied as plain JSON.

The fitted weights are saved as JSON rather than a pickle, so loading a model file can never run code: the
file holds feature names, class labels and numbers, and prediction is a dot product and a softmax here.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

WEIGHT_DIGITS = 6


class ModelFormatError(ValueError):
    """A stored model does not have the shape this module writes."""


@dataclass(frozen=True)
class LinearModel:
    """Weights per class over named binary features; a single class means a constant prediction."""

    classes: tuple[str, ...]
    features: dict[str, int]
    weights: NDArray[np.float64]
    """Shape (rows, features): one row per class, or one row for the second class of a binary model."""
    intercepts: NDArray[np.float64]

    def probabilities(self, active: Sequence[str]) -> dict[str, float]:
        """Class -> probability for an example whose active features are `active`."""
        if len(self.classes) == 1:
            return {self.classes[0]: 1.0}
        columns = sorted({self.features[name] for name in active if name in self.features})
        scores = self.weights[:, columns].sum(axis=1) + self.intercepts
        if len(self.classes) == 2:
            positive = 1.0 / (1.0 + math.exp(-float(scores[0])))
            return {self.classes[0]: 1.0 - positive, self.classes[1]: positive}
        exponents = np.exp(scores - scores.max())
        shares = exponents / exponents.sum()
        return {label: float(share) for label, share in zip(self.classes, shares, strict=True)}

    def predict(self, active: Sequence[str]) -> str:
        probabilities = self.probabilities(active)
        return max(probabilities, key=lambda label: probabilities[label])

    def to_json(self) -> dict[str, Any]:
        names = sorted(self.features, key=lambda name: self.features[name])
        return {
            "classes": list(self.classes),
            "features": names,
            "weights": [[round(float(value), WEIGHT_DIGITS) for value in row] for row in self.weights],
            "intercepts": [round(float(value), WEIGHT_DIGITS) for value in self.intercepts],
        }

    @classmethod
    def from_json(cls, data: Any) -> "LinearModel":
        try:
            classes = tuple(str(label) for label in data["classes"])
            names = [str(name) for name in data["features"]]
            rows = 0 if len(classes) == 1 else 1 if len(classes) == 2 else len(classes)
            weights = np.asarray(data["weights"], dtype=float).reshape(rows, len(names))
            intercepts = np.asarray(data["intercepts"], dtype=float)
        except (KeyError, TypeError, ValueError) as error:
            raise ModelFormatError(f"malformed classifier: {error}") from None
        if not classes or intercepts.shape != (rows,):
            raise ModelFormatError("classifier weights do not match its classes")
        return cls(classes, {name: index for index, name in enumerate(names)}, weights, intercepts)


def fit(examples: Sequence[Sequence[str]], labels: Sequence[str], *, regularization: float = 1.0) -> LinearModel:
    """A logistic regression over the binary features of `examples`, one label each."""
    classes = sorted(set(labels))
    if len(classes) <= 1:
        return LinearModel(tuple(classes or ["none"]), {}, np.zeros((0, 0)), np.zeros(0))
    features: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, active in enumerate(examples):
        # First-seen order, not set order: set order follows the per-process string hash, and a different column
        # order makes the solver's sums (and so the fitted weights) differ in the last bits from run to run.
        for name in dict.fromkeys(active):
            rows.append(row)
            columns.append(features.setdefault(name, len(features)))
    matrix = csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(examples), len(features)))
    classifier = LogisticRegression(C=regularization, max_iter=2000)
    # One BLAS thread: these problems are tiny, and a thread pool per core costs a hundred times the fit itself.
    with threadpool_limits(limits=1):
        classifier.fit(matrix, list(labels))
    return LinearModel(
        tuple(str(label) for label in classifier.classes_),
        features,
        np.asarray(classifier.coef_, dtype=float),
        np.asarray(classifier.intercept_, dtype=float),
    )
