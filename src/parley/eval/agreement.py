"""Inter-annotator agreement: the same scorer, one annotator's records as gold and the other's as predictions.

F1 is symmetric (swapping the sides swaps precision and recall), and so is Cohen's kappa, so the direction
does not matter. Only documents both annotators labelled are compared.
"""

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sklearn.metrics import cohen_kappa_score

from parley.eval.check import record_problems
from parley.eval.count import layout
from parley.eval.pipeline import build_metrics
from parley.eval.read_gold import Gold, UnusableInputError, load_gold
from parley.eval.read_predictions import PredictionLine
from parley.eval.score_document import NONE_LABEL
from parley.eval.score_run import score_run
from parley.schema.files import discover, read_records


@dataclass
class Agreement:
    """Pairwise agreement between two annotators over the documents both labelled."""

    annotators: dict[str, str]
    documents: int
    only_in_a: list[str]
    only_in_b: list[str]
    f1: dict[str, float]
    """Metric (family/mode) -> F1 of one annotator against the other."""
    kappa: dict[str, float | None]
    """Event type (on identification-aligned events) and each attribute -> Cohen's kappa."""
    problems: list[str]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _records(path: Path) -> Iterator[PredictionLine]:
    """Every record under a folder or in a file, as prediction lines (gold-shaped records are valid predictions)."""
    files, problems = discover([path])
    if problems:
        raise UnusableInputError(problems[0].format())
    for file in files:
        records, read_problems = read_records(file)
        if read_problems:
            raise UnusableInputError(read_problems[0].format())
        for number, sourced in enumerate(records, start=1):
            line = PredictionLine(sourced.file, sourced.line or number, sourced.record)
            line.problems.extend(record_problems(sourced.record, "prediction", file=sourced.file, line=sourced.line))
            yield line


def agreement(first: Path, second: Path) -> Agreement:
    """Score `second`'s records against `first`'s and report F1 per metric and kappa."""
    gold_a = load_gold(first, split="all")
    lines = list(_records(second))
    ids_b = {line.document for line in lines if line.document}
    shared = [document_id for document_id in gold_a.ids if document_id in ids_b]
    if not shared:
        raise UnusableInputError(f"{first} and {second} have no document in common")
    gold = Gold((gold_a.document(i) for i in shared), all_ids=gold_a.all_ids, source=gold_a.source, split="all")
    run = score_run(gold, lines)
    total = run.total
    metrics = build_metrics(total, {})
    f1: dict[str, float] = {}
    for family, metric in metrics.items():
        if family == "attributes":
            continue
        f1[family] = metric.f1
        for mode, score in metric.modes.items():
            f1[f"{family}/{mode}"] = score.f1
    table = layout()
    labels = [label for label in table.confusion_labels if label != NONE_LABEL]
    matrix = table.confusion_matrix(total)
    pairs = [(g, p, int(matrix[i, j])) for i, g in enumerate(labels) for j, p in enumerate(labels) if matrix[i, j]]
    kappa: dict[str, float | None] = {"event_type": None}
    if pairs:
        if all(g == p for g, p, _ in pairs):
            kappa["event_type"] = 1.0
        else:
            kappa["event_type"] = float(
                cohen_kappa_score(
                    [g for g, _, _ in pairs], [p for _, p, _ in pairs], sample_weight=[n for *_, n in pairs]
                )
            )
    for attribute, score in metrics["attributes"].items():
        kappa[attribute] = score.kappa
    return Agreement(
        annotators={"a": str(first), "b": str(second)},
        documents=len(shared),
        only_in_a=sorted(gold_a.all_ids - ids_b),
        only_in_b=sorted(ids_b - gold_a.all_ids),
        f1=f1,
        kappa=kappa,
        problems=[problem.format() for problem in run.problems if problem.code != "unknown-document"],
    )
