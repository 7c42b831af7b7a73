"""Bootstrap resampling: reproducible, document-level, and consistent with the point estimates."""

import numpy as np
import pytest

from parley.eval.bootstrap import paired_p_value, percentile_interval, resample_multiplicities, resample_sums
from parley.eval.count import Counts, precision_recall_f1


def test_resamples_draw_as_many_documents_as_there_are() -> None:
    blocks = list(resample_multiplicities(7, samples=150, seed=3))
    rows = np.vstack(blocks)
    assert rows.shape == (150, 7)
    assert set(rows.sum(axis=1)) == {7.0}


def test_same_seed_same_resamples_other_seed_others() -> None:
    rows = np.arange(30, dtype=float).reshape(10, 3)
    first = resample_sums(rows, samples=40, seed=1)
    assert np.array_equal(first, resample_sums(rows, samples=40, seed=1))
    assert not np.array_equal(first, resample_sums(rows, samples=40, seed=2))


def test_resampled_sums_average_to_the_total() -> None:
    rows = np.random.default_rng(0).integers(0, 10, size=(50, 3)).astype(float)
    sums = resample_sums(rows, samples=2000, seed=0)
    assert sums.mean(axis=0) == pytest.approx(rows.sum(axis=0), rel=0.02)


def test_interval_brackets_the_percentiles() -> None:
    values = np.linspace(0, 1, 1001, dtype=np.float64)
    interval = percentile_interval(values, confidence=0.9)
    assert (interval.low, interval.high) == pytest.approx((0.05, 0.95))
    assert interval.samples == 1001


def test_p_value_of_no_difference_is_one_and_of_a_clear_one_small() -> None:
    assert paired_p_value(np.zeros(99), 0.0) == 1.0
    assert paired_p_value(np.full(99, 0.3) + np.linspace(-0.01, 0.01, 99), 0.3) == pytest.approx(1 / 100)


def test_precision_recall_f1_conventions() -> None:
    assert precision_recall_f1(0.0, 0.0, 0.0) == (1.0, 1.0, 1.0)
    assert precision_recall_f1(0.0, 0.0, 4.0) == (0.0, 0.0, 0.0)
    assert precision_recall_f1(0.0, 3.0, 0.0) == (0.0, 0.0, 0.0)
    assert precision_recall_f1(2.0, 4.0, 2.0) == pytest.approx((0.5, 1.0, 2 / 3))
    assert Counts(gold=8, predicted=4, matched=2).f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)
