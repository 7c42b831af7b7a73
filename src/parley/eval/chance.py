"""Chance-corrected agreement of two annotators from their contingency table: Cohen's kappa and Krippendorff's
alpha (nominal).

Both take a square table (rows annotator A's label, columns annotator B's label, cells unit counts) or a stack
of such tables (one per bootstrap resample) and return one value per table, so intervals cost one array
operation. With two annotators and no missing value, alpha's coincidence matrix is the table plus its transpose
(each unit gives one pair of values, counted in both orders).

Conventions: a table without units has no value (NaN); a table without a disagreeing unit has value 1.0, also
when a single label occurs (where chance agreement is certain and the formulas divide by zero), as the scorer's
kappa does.
"""

import math

import numpy as np
import numpy.typing as npt

Tables = npt.NDArray[np.float64]


def _stack(tables: npt.ArrayLike) -> Tables:
    array = np.asarray(tables, dtype=np.float64)
    return array[None] if array.ndim == 2 else array


def _finish(value: Tables, units: Tables, disagreeing: Tables, single: bool) -> Tables | float:
    value = np.where(disagreeing == 0, 1.0, value)
    value = np.where(units == 0, np.nan, value)
    return float(value[0]) if single else value


def cohen_kappa(tables: npt.ArrayLike) -> Tables | float:
    """Cohen's kappa: (observed - expected agreement) / (1 - expected), expected from each annotator's own
    label distribution."""
    single = np.asarray(tables).ndim == 2
    stack = _stack(tables)
    units = stack.sum(axis=(1, 2))
    total = np.where(units == 0, 1.0, units)
    observed = np.trace(stack, axis1=1, axis2=2) / total
    expected = np.einsum("ri,ri->r", stack.sum(axis=2), stack.sum(axis=1)) / total**2
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (observed - expected) / (1 - expected)
    return _finish(value, units, units - np.trace(stack, axis1=1, axis2=2), single)


def scikit_learn_kappa(table: npt.ArrayLike) -> float:
    """Cohen's kappa of one table (rows gold, columns predicted) as scikit-learn's `cohen_kappa_score` computes it,
    unweighted: its array operations in its order, so its float to the last bit (a property test compares them);
    NaN where it is undefined there.

    The scorer has always reported scikit-learn's kappa; `cohen_kappa` above orders the arithmetic otherwise and
    differs in the last bit for most tables. Importing scikit-learn for this one function took 0.7 s of every
    `parley eval`."""
    confusion = np.asarray(table, dtype=np.float64)
    column_sums, row_sums = np.sum(confusion, axis=0), np.sum(confusion, axis=1)
    units = np.sum(column_sums)
    if units == 0:
        return math.nan
    expected = np.outer(column_sums, row_sums) / units
    disagreement = np.ones(confusion.shape, dtype=np.float64)
    np.fill_diagonal(disagreement, 0)
    chance_disagreement = np.sum(disagreement * expected)
    if chance_disagreement == 0:
        return math.nan
    return float(1 - np.sum(disagreement * confusion) / chance_disagreement)


def krippendorff_alpha(tables: npt.ArrayLike) -> Tables | float:
    """Krippendorff's alpha for nominal data, two annotators, every unit labelled by both:
    1 - (n - 1) * (disagreeing pairs in the coincidence matrix) / (pairs of different values expected)."""
    single = np.asarray(tables).ndim == 2
    stack = _stack(tables)
    coincidences = stack + np.transpose(stack, (0, 2, 1))
    values = coincidences.sum(axis=(1, 2))  # n = 2 x units
    per_value = coincidences.sum(axis=2)
    disagreeing = values - np.trace(coincidences, axis1=1, axis2=2)
    expected_different = values**2 - (per_value**2).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = 1 - (values - 1) * disagreeing / expected_different
    return _finish(value, values / 2, disagreeing, single)


def contingency(pairs: list[tuple[str, str]], labels: tuple[str, ...]) -> Tables:
    """The table of (label of A, label of B) pairs over `labels` (every label of a pair must be one of them)."""
    index = {label: position for position, label in enumerate(labels)}
    table = np.zeros((len(labels), len(labels)), dtype=np.float64)
    for first, second in pairs:
        table[index[first], index[second]] += 1
    return table
