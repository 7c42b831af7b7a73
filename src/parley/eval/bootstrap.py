"""Document-level bootstrap: resample documents with replacement, recompute scores from summed counts.

A resample is a vector of multiplicities (how often each document was drawn), so the counts of every resample
are one matrix product over the per-document count rows. The same seed gives the same resamples, so two
systems scored on the same documents are compared on identical resamples (the paired test).
"""

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from parley.eval.count import precision_recall_f1

Matrix = npt.NDArray[np.float64]
_CHUNK = 64


def resample_multiplicities(documents: int, *, samples: int, seed: int) -> Iterator[npt.NDArray[np.float64]]:
    """Blocks of rows, each row how many times each document is drawn in one resample (rows sum to `documents`)."""
    rng = np.random.default_rng(seed)
    for first in range(0, samples, _CHUNK):
        size = min(_CHUNK, samples - first)
        draws = rng.integers(0, documents, size=(size, documents))
        # Counted one resample at a time: a count vector of one resample stays in the processor's cache, where one
        # count over the whole block (51 MB at 100,000 documents) took twice as long.
        counts = np.empty((size, documents), dtype=np.float64)
        for row, drawn in enumerate(draws):
            counts[row] = np.bincount(drawn, minlength=documents)
        yield counts


def resample_sums(rows: Matrix, *, samples: int, seed: int) -> Matrix:
    """For each resample, the column sums of `rows` (documents x counts) over the drawn documents."""
    if samples <= 0 or rows.shape[0] == 0:
        return np.zeros((0, rows.shape[1]))
    # These products are small; BLAS threads only contend with each other (10x slower on a busy machine).
    with threadpool_limits(limits=1, user_api="blas"):
        blocks = resample_multiplicities(rows.shape[0], samples=samples, seed=seed)
        return np.vstack([block @ rows for block in blocks])


def f1_of(sums: Matrix, start: int) -> npt.NDArray[np.float64]:
    """F1 per resample from the (gold, predicted, matched) columns beginning at `start`."""
    _, _, f1 = precision_recall_f1(sums[:, start + 2], sums[:, start + 1], sums[:, start])
    return np.asarray(f1, dtype=np.float64)


@dataclass(frozen=True)
class Interval:
    """A percentile confidence interval from `samples` resamples."""

    low: float
    high: float
    confidence: float
    samples: int


def percentile_interval(values: npt.NDArray[np.float64], *, confidence: float) -> Interval:
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return Interval(low=float(low), high=float(high), confidence=confidence, samples=len(values))


def paired_p_value(differences: npt.NDArray[np.float64], observed: float) -> float:
    """Two-sided p-value of 'no difference': how often a resampled difference, centred on the observed one,
    is at least as far from zero as the observed difference (add-one smoothed)."""
    centred = differences - observed
    extreme = int(np.sum(np.abs(centred) >= abs(observed) - 1e-12))
    return (extreme + 1) / (len(differences) + 1)
