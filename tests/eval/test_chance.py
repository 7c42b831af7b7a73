"""`chance.scikit_learn_kappa`: scikit-learn's kappa to the last bit, without importing scikit-learn."""

import math
import warnings

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import cohen_kappa_score

from parley.eval.chance import scikit_learn_kappa


@st.composite
def tables(draw: st.DrawFn) -> list[list[int]]:
    size = draw(st.integers(min_value=1, max_value=4))
    counts = st.integers(min_value=0, max_value=10_000)
    return [[draw(counts) for _ in range(size)] for _ in range(size)]


def _scikit_learn(table: list[list[int]]) -> float:
    """scikit-learn's kappa of the table, given as the scorer gave it: one weighted pair per cell."""
    labels = list(range(len(table)))
    cells = [(gold, predicted) for gold in labels for predicted in labels]
    weights = [float(table[gold][predicted]) for gold, predicted in cells]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        return float(
            cohen_kappa_score(
                [gold for gold, _ in cells], [predicted for _, predicted in cells], labels=labels, sample_weight=weights
            )
        )


@given(tables())
def test_kappa_is_scikit_learns_to_the_last_bit(table: list[list[int]]) -> None:
    assume(any(any(row) for row in table))  # scikit-learn refuses a table without units (the scorer has none)
    expected, found = _scikit_learn(table), scikit_learn_kappa(table)
    assert (math.isnan(expected) and math.isnan(found)) or found == expected


def test_kappa_of_known_tables() -> None:
    # observed 3/4, expected (3x2 + 1x2)/16 = 1/2: kappa 1/2
    assert scikit_learn_kappa([[2, 1], [0, 1]]) == 0.5
    assert scikit_learn_kappa([[0, 5], [5, 0]]) == -1.0
    assert math.isnan(scikit_learn_kappa(np.zeros((2, 2))))
    assert math.isnan(scikit_learn_kappa([[4]]))  # one value only: chance agreement is certain
