"""Optimal one-to-one assignment (scipy's `linear_sum_assignment`) over small score matrices.

Rows are gold items, columns predicted items, a score of 0 means "may not be paired". Matrices here are tiny
(the events of one document, the arguments of one event pair) and usually conflict-free, so that case is
settled without scipy.
"""

import numpy as np
from scipy.optimize import linear_sum_assignment

Pairs = list[tuple[int, int]]


def _conflict_free(scores: list[list[float]]) -> Pairs | None:
    """The pairs when every row and every column has at most one positive score, else None."""
    pairs: Pairs = []
    used_columns: set[int] = set()
    for row_index, row in enumerate(scores):
        positive = [column for column, score in enumerate(row) if score > 0]
        if len(positive) > 1 or (positive and positive[0] in used_columns):
            return None
        if positive:
            used_columns.add(positive[0])
            pairs.append((row_index, positive[0]))
    return pairs


def assign(scores: list[list[float]], *, most_pairs_first: bool = True) -> Pairs:
    """The pairs (row, column) of positive score that an optimal one-to-one assignment keeps.

    With `most_pairs_first` the assignment maximizes the number of pairs, then their total score (an event
    counts as found whenever it can be paired); otherwise it maximizes the total score alone (credit sums).
    """
    if not scores or not scores[0]:
        return []
    simple = _conflict_free(scores)
    if simple is not None:
        return simple
    matrix = np.asarray(scores, dtype=float)
    if most_pairs_first:
        # A bonus larger than any possible score total makes one more pair always worth more than better scores.
        bonus = float(matrix.sum()) + 1.0
        matrix = np.where(matrix > 0, matrix + bonus, 0.0)
    rows, columns = linear_sum_assignment(matrix, maximize=True)
    # Plain ints, and eligibility read from the lists: a numpy scalar per pair costs more than the assignment.
    pairs = zip(rows.tolist(), columns.tolist(), strict=True)
    return [(row, column) for row, column in pairs if scores[row][column] > 0]


def best_total(scores: list[list[float]]) -> float:
    """The largest total score of a one-to-one assignment (credits such as token-overlap F1)."""
    return sum(scores[row][column] for row, column in assign(scores, most_pairs_first=False))


def maximum_matching(scores: list[list[float]]) -> Pairs:
    """A largest set of (row, column) pairs of positive score, no row or column in two (augmenting paths, Kuhn).

    As many pairs as `assign(scores)` keeps (it pairs as many as it can first), without scipy: any two largest
    matchings have the same size, and, when rows and columns pair only within groups (event types), the same size
    within each group. Where only those counts matter (trigger overlap pairings), this is the cheaper way."""
    simple = _conflict_free(scores)
    if simple is not None:
        return simple
    columns_of = [[column for column, score in enumerate(row) if score > 0] for row in scores]
    row_of_column: dict[int, int] = {}

    def augment(row: int, seen: set[int]) -> bool:
        for column in columns_of[row]:
            if column not in seen:
                seen.add(column)
                if column not in row_of_column or augment(row_of_column[column], seen):
                    row_of_column[column] = row
                    return True
        return False

    for row in range(len(scores)):
        augment(row, set())
    return sorted((row, column) for column, row in row_of_column.items())
