"""`evaluate`: gold and predictions in, a `Report` out. The one entry point the command and Python users share."""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from parley.eval.bootstrap import Interval, f1_of, percentile_interval, resample_sums
from parley.eval.chance import scikit_learn_kappa
from parley.eval.count import Counts, Layout, Vector, attribute_values, layout, macro_average
from parley.eval.read_gold import ALL_SPLITS, Gold, load_gold
from parley.eval.read_predictions import (
    PredictionFile,
    PredictionLine,
    iter_prediction_records,
    open_prediction_file,
    read_system_details,
)
from parley.eval.report import (
    FORMAT_VERSION,
    SCORER_VERSION,
    AttributeScore,
    InputProblems,
    LabelScore,
    Macro,
    Metric,
    MetricScore,
    Report,
)
from parley.eval.score_document import ATTRIBUTES, HEADLINE_MODES, LABELLED_METRICS, METRICS
from parley.eval.score_run import ScoredRun, score_run
from parley.schema import SCHEMA_VERSION, schema_id
from parley.schema.records import Document

GoldInput = Path | str | Gold | Sequence[Document]
PredictionInput = Path | str | PredictionFile | Iterable[Any]

INTERVAL_LABELLED_METRIC = "event_classification"
"""The labelled metric whose per-type F1 gets bootstrap intervals (the per-type plot)."""


def as_gold(gold: GoldInput, *, split: str, workers: int = 1) -> Gold:
    """Gold from a path (corpus or dataset folder, filtered by `split`; a corpus is read in `workers` processes)
    or from records already loaded (used as given: a caller passing records chose them)."""
    if isinstance(gold, Gold):
        return gold
    if isinstance(gold, str | Path):
        return load_gold(Path(gold), split=split, workers=workers)
    return Gold(gold, all_ids=(), source="<records>", split=ALL_SPLITS)


def prediction_lines(predictions: PredictionInput) -> Iterable[PredictionLine]:
    """Lines from a path (opened now, so a missing file fails before any work), an opened file, or records."""
    if isinstance(predictions, PredictionFile):
        return predictions
    if isinstance(predictions, str | Path):
        return open_prediction_file(Path(predictions))
    return iter_prediction_records(predictions)


def interval_columns(table: Layout) -> dict[str, int]:
    """The (gold, predicted, matched) start columns that get bootstrap intervals: every metric total, and the
    per-type counts of `INTERVAL_LABELLED_METRIC` (keyed `metric:label`)."""
    columns = dict(table.totals)
    for label, start in table.labelled[INTERVAL_LABELLED_METRIC].items():
        columns[f"{INTERVAL_LABELLED_METRIC}:{label}"] = start
    return columns


def bootstrap_f1(rows: npt.NDArray[np.floating[Any]], *, samples: int, seed: int) -> dict[str, npt.NDArray[np.float64]]:
    """F1 per resample for every interval column (empty when `samples` is 0)."""
    columns = interval_columns(layout())
    starts = list(columns.values())
    selected = np.concatenate([np.arange(start, start + 3) for start in starts])
    sums = resample_sums(np.asarray(rows[:, selected], dtype=np.float64), samples=samples, seed=seed)
    if not len(sums):
        return {}
    return {name: f1_of(sums, 3 * position) for position, name in enumerate(columns)}


def _score(counts: Counts, interval: Interval | None = None) -> dict[str, Any]:
    return {
        "precision": counts.precision,
        "recall": counts.recall,
        "f1": counts.f1,
        "gold": counts.gold,
        "predicted": counts.predicted,
        "matched": counts.matched,
        "missed": counts.gold - counts.matched,
        "spurious": counts.predicted - counts.matched,
        "f1_interval": interval,
    }


def _metric_score(table: Layout, total: Vector, metric: str, intervals: dict[str, Interval]) -> MetricScore:
    result = MetricScore(**_score(table.counts(total, metric), intervals.get(metric)))
    if metric in LABELLED_METRICS:
        per_label = table.label_counts(total, metric)
        family = metric.split("/")[0]
        result.label_kind = (
            "role"
            if family.startswith("argument")
            else "relation_type"
            if family.startswith("event_relation")
            else "event_type"
        )
        result.per_label = {
            label: LabelScore(
                counts.gold,
                counts.predicted,
                counts.matched,
                counts.precision,
                counts.recall,
                counts.f1,
                intervals.get(f"{metric}:{label}"),
            )
            for label, counts in sorted(per_label.items())
        }
        precision, recall, f1 = macro_average(per_label.values())
        result.macro = Macro(precision, recall, f1, len(per_label))
    return result


def build_metrics(total: Vector, intervals: dict[str, Interval]) -> dict[str, Any]:
    """The `metrics` object: one entry per metric family, headline mode at top level, all modes under `modes`."""
    table = layout()
    families: dict[str, list[str]] = {}
    for metric in METRICS:
        families.setdefault(metric.split("/")[0], []).append(metric)
    metrics: dict[str, Any] = {}
    for family, members in families.items():
        scores = {
            metric.split("/")[1] if "/" in metric else "": _metric_score(table, total, metric, intervals)
            for metric in members
        }
        mode = HEADLINE_MODES.get(family)
        headline = scores[mode or ""]
        metrics[family] = Metric(**vars(headline), mode=mode, modes={m: s for m, s in scores.items() if m})
    metrics["attributes"] = {attribute: attribute_score(table, total, attribute) for attribute in ATTRIBUTES}
    return metrics


def attribute_score(table: Layout, total: Vector, attribute: str) -> AttributeScore:
    """Accuracy and Cohen's kappa (as scikit-learn computes it: `chance.scikit_learn_kappa`) over aligned event pairs.

    Kappa is 1.0 when agreement is perfect (scikit-learn leaves it undefined when only one value occurs) and
    null when there is no aligned pair.
    """
    cells = table.attribute_table(total, attribute)
    pairs = int(sum(cells.values()))
    matrix = {gold: {predicted: 0 for predicted in attribute_values(attribute)} for gold in attribute_values(attribute)}
    for (gold, predicted), count in cells.items():
        matrix[gold][predicted] = int(count)
    if not pairs:
        return AttributeScore(0, None, None, matrix)
    agreed = sum(count for (gold, predicted), count in cells.items() if gold == predicted)
    if agreed == pairs:
        return AttributeScore(pairs, 1.0, 1.0, matrix)
    kappa = scikit_learn_kappa([list(row.values()) for row in matrix.values()])
    return AttributeScore(pairs, agreed / pairs, kappa, matrix)


def _intervals(run: ScoredRun, *, samples: int, seed: int, confidence: float) -> dict[str, Interval]:
    return {
        name: percentile_interval(values, confidence=confidence)
        for name, values in bootstrap_f1(run.rows, samples=samples, seed=seed).items()
    }


def build_report(
    gold: Gold,
    run: ScoredRun,
    *,
    system: str,
    options: dict[str, Any],
    predictions_source: str,
    system_details: dict[str, Any] | None = None,
) -> Report:
    """Assemble the report from a scored run (bootstrap settings come from `options`)."""
    total = run.total
    intervals = _intervals(
        run, samples=options["bootstrap_samples"], seed=options["seed"], confidence=options["confidence"]
    )
    metrics = build_metrics(total, intervals)
    metrics["hallucination_rate"] = (
        run.hallucinated_mentions / run.text_only_mentions if run.text_only_mentions else 0.0
    )
    metrics["parse_failure_rate"] = run.rejected_lines / run.lines if run.lines else 0.0
    table = layout()
    codes = Counter(problem.code for problem in run.problems)
    return Report(
        format_version=FORMAT_VERSION,
        scorer_version=SCORER_VERSION,
        schema_version=SCHEMA_VERSION,
        schema_id=schema_id("prediction"),
        dataset_fingerprint=gold.fingerprint(),
        system=system,
        system_details=system_details or {},
        options=options,
        gold={"source": gold.source, "split": gold.split, "documents": len(gold)},
        predictions={
            "source": predictions_source,
            "lines": run.lines,
            "rejected_lines": run.rejected_lines,
            "documents_predicted": run.predicted_documents,
            "documents_scored_empty": len(gold) - run.predicted_documents,
            "outside_split": run.outside_split,
            "text_only_mentions": run.text_only_mentions,
            "hallucinated_mentions": run.hallucinated_mentions,
            "hallucination_examples": run.hallucination_examples,
        },
        input_problems=InputProblems(
            count=len(run.problems),
            rejected_lines=run.rejected_lines,
            by_code=dict(sorted(codes.items())),
            messages=[problem.format() for problem in run.problems],
        ),
        metrics=metrics,
        confusion={
            "labels": list(table.confusion_labels),
            "matrix": table.confusion_matrix(total).tolist(),
            "note": "rows: gold type, columns: predicted type, from the identification alignment",
        },
    )


def system_name(run: ScoredRun, source: Path | None, *, explicit: str | None = None) -> str:
    """The one name a system goes by in reports, comparisons and leaderboards: the name given (`--system`), else
    the most common `system` field of its records (`parley run` writes its `--system` there), else the file name."""
    if explicit:
        return explicit
    if run.system_names:
        return run.system_names.most_common(1)[0][0]
    return source.stem if source is not None else "unnamed"


def evaluate(
    gold: GoldInput,
    predictions: PredictionInput,
    *,
    system: str | None = None,
    split: str = "test",
    bootstrap_samples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
    on_document: Callable[[], None] | None = None,
    workers: int = 1,
) -> Report:
    """Score `predictions` (a JSONL path, or prediction records) against `gold` (a corpus or dataset folder
    filtered by `split`, or gold records used as given).

    `workers` > 1 reads the gold and scores the predictions in that many processes (same report, less time on
    a large corpus; each process starts in a fraction of a second, so 1 suits small inputs).

    Raises `UnusableInputError` for input that cannot be scored at all; every other problem is in the report.
    """
    gold_set = as_gold(gold, split=split, workers=workers)
    lines = prediction_lines(predictions)
    run = score_run(gold_set, lines, on_document=on_document, workers=workers)
    path = lines.path if isinstance(lines, PredictionFile) else None
    source = str(path) if path else "<records>"
    name = system_name(run, path, explicit=system)
    options = {"split": gold_set.split, "bootstrap_samples": bootstrap_samples, "seed": seed, "confidence": confidence}
    details = read_system_details(path) if path else {}
    return build_report(gold_set, run, system=name, options=options, predictions_source=source, system_details=details)
