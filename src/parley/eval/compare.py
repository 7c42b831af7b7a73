"""Paired bootstrap comparison of two systems scored on the same gold documents."""

from pathlib import Path
from typing import Any

import numpy as np

from parley.eval.bootstrap import f1_of, paired_p_value, percentile_interval, resample_sums
from parley.eval.count import layout, precision_recall_f1
from parley.eval.report import FORMAT_VERSION, SCORER_VERSION, Comparison, Difference
from parley.eval.score_run import ScoredRun, score_run
from parley.schema.problems import Problem


def compare_runs(
    first: ScoredRun,
    second: ScoredRun,
    *,
    systems: tuple[str, str],
    fingerprint: str,
    samples: int,
    seed: int,
    confidence: float,
) -> Comparison:
    """F1 of the second system minus the first, per metric, on identical document resamples."""
    if first.document_ids != second.document_ids:
        raise ValueError("the two runs were not scored on the same gold documents")
    table = layout()
    starts = list(table.totals.values())
    selected = np.concatenate([np.arange(start, start + 3) for start in starts])
    both = np.hstack([first.rows[:, selected], second.rows[:, selected]]).astype(np.float64)
    sums = resample_sums(both, samples=samples, seed=seed)
    width = len(selected)
    totals_a, totals_b = first.total, second.total
    differences: dict[str, Difference] = {}
    for position, (metric, start) in enumerate(table.totals.items()):
        f1_a = float(precision_recall_f1(totals_a[start + 2], totals_a[start + 1], totals_a[start])[2])
        f1_b = float(precision_recall_f1(totals_b[start + 2], totals_b[start + 1], totals_b[start])[2])
        observed = f1_b - f1_a
        resampled = f1_of(sums, width + 3 * position) - f1_of(sums, 3 * position)
        differences[metric] = Difference(
            a=f1_a,
            b=f1_b,
            difference=observed,
            interval=percentile_interval(resampled, confidence=confidence),
            p_value=paired_p_value(resampled, observed),
        )
    options: dict[str, Any] = {"bootstrap_samples": samples, "seed": seed, "confidence": confidence}
    return Comparison(
        format_version=FORMAT_VERSION,
        scorer_version=SCORER_VERSION,
        dataset_fingerprint=fingerprint,
        systems={"a": systems[0], "b": systems[1]},
        options=options,
        differences=differences,
    )


def compare(
    gold: Any,
    first: Any,
    second: Any,
    *,
    split: str = "test",
    systems: tuple[str, str] | None = None,
    samples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> tuple[Comparison, list[Problem]]:
    """Score two prediction sets (paths or records) on the same gold and compare them; also returns the input
    problems of both."""
    from parley.eval.pipeline import as_gold, prediction_lines

    gold_set = as_gold(gold, split=split)
    run_a = score_run(gold_set, prediction_lines(first))
    run_b = score_run(gold_set, prediction_lines(second))
    names = systems or (_name(run_a, first, "a"), _name(run_b, second, "b"))
    comparison = compare_runs(
        run_a,
        run_b,
        systems=names,
        fingerprint=gold_set.fingerprint(),
        samples=samples,
        seed=seed,
        confidence=confidence,
    )
    comparison.options["split"] = gold_set.split
    return comparison, [*run_a.problems, *run_b.problems]


def _name(run: ScoredRun, source: Any, fallback: str) -> str:
    """The name `parley eval` would report for these predictions (see `system_name`)."""
    from parley.eval.pipeline import system_name

    if isinstance(source, str | Path):
        return system_name(run, Path(source))
    return system_name(run, None) if run.system_names else fallback
