"""Inter-annotator agreement: the scorer's F1 with one annotator as gold and the other as predictions, and
chance-corrected agreement (Cohen's kappa, Krippendorff's alpha) over the union of both annotators' events.

F1 is symmetric (swapping the sides swaps precision and recall), and so are kappa and alpha, so the direction
does not matter; except in the coreference argument mode, which credits any mention of A's entity and so depends
on which side's mention clusters are used when the two cluster differently. Only documents both annotators
labelled are compared. Every figure gets a 95 % bootstrap interval over documents, on the scorer's resamples (same
seed, same number of replicates: `parley.eval.bootstrap`). eval/README.md defines every figure.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from parley.eval.bootstrap import f1_of, percentile_interval, resample_sums
from parley.eval.chance import cohen_kappa, krippendorff_alpha
from parley.eval.check import record_problems
from parley.eval.count import Counts, Layout, layout
from parley.eval.disagreements import Disagreement, disagreements
from parley.eval.ground import gold_view, ground_record
from parley.eval.pipeline import attribute_score
from parley.eval.read_gold import Gold, UnusableInputError, load_gold
from parley.eval.read_predictions import PredictionLine
from parley.eval.score_document import ATTRIBUTES, HEADLINE_MODES, METRICS, NONE_LABEL
from parley.eval.score_run import score_run
from parley.eval.union import UNION_MEASURES, DocumentPair, union_labels, union_pairs, union_row, union_tables
from parley.eval.view import ScoredDocument
from parley.schema.files import discover, read_records
from parley.schema.records import Document

FORMAT = "parley-agreement/2"
"""Changes whenever a field of the JSON changes meaning or goes away (eval/README.md documents every field)."""
ROLE_METRIC = f"argument_classification/{HEADLINE_MODES['argument_classification']}"
"""The argument metric of the per-role table: the scorer's headline argument mode."""
TABLES = {
    "per_event_type": "event_classification",
    "per_role": ROLE_METRIC,
    "per_relation_type": "event_relation_classification",
}


@dataclass
class Agreement:
    """Pairwise agreement between two annotators over the documents both labelled (see eval/README.md)."""

    annotators: dict[str, Any]
    options: dict[str, Any]
    counts: dict[str, Any]
    f1: dict[str, dict[str, Any]]
    tables: dict[str, dict[str, dict[str, Any]]]
    union: dict[str, dict[str, Any]]
    aligned_pairs: dict[str, float | None]
    problems: list[str]
    disagreements: list[Disagreement] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["disagreements"]
        tables = data.pop("tables")
        return {"format": FORMAT, **data, **tables}


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


def _names(record: Document | dict[str, Any] | None) -> list[str]:
    annotation = (record or {}).get("annotation")
    names = annotation.get("annotators") if isinstance(annotation, dict) else None
    return [str(name) for name in names] if isinstance(names, list) else []


def _interval(values: npt.NDArray[np.float64], confidence: float) -> dict[str, Any] | None:
    finite = values[np.isfinite(values)]
    return asdict(percentile_interval(finite, confidence=confidence)) if len(finite) else None


def _score(counts: Counts, interval: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "precision": counts.precision,
        "recall": counts.recall,
        "f1": counts.f1,
        "a": counts.gold,
        "b": counts.predicted,
        "matched": counts.matched,
        "f1_interval": interval,
    }


def _f1_columns(table: Layout) -> dict[str, int]:
    """Start columns of every (A, B, matched) triple that gets an F1 and its interval: metric totals, and the
    labels of the per-type, per-role and per-relation-type tables (keyed `metric:label`)."""
    columns = dict(table.totals)
    for metric in TABLES.values():
        for label, start in table.labelled[metric].items():
            columns[f"{metric}:{label}"] = start
    return columns


def _f1_figures(
    rows: npt.NDArray[Any], *, samples: int, seed: int, confidence: float
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, dict[str, Any]]]]:
    table = layout()
    total = np.asarray(rows.sum(axis=0, dtype=np.float64), dtype=np.float64)
    columns = _f1_columns(table)
    selected = np.concatenate([np.arange(start, start + 3) for start in columns.values()])
    sums = resample_sums(np.asarray(rows[:, selected], dtype=np.float64), samples=samples, seed=seed)
    intervals = {
        name: _interval(f1_of(sums, 3 * position), confidence) if len(sums) else None
        for position, name in enumerate(columns)
    }
    f1: dict[str, dict[str, Any]] = {}
    for metric in METRICS:  # each family's headline figure first, then its modes
        family, _, mode = metric.partition("/")
        headline = f"{family}/{HEADLINE_MODES[family]}" if family in HEADLINE_MODES else family
        f1.setdefault(family, _score(table.counts(total, headline), intervals[headline]))
        if mode:
            f1[metric] = _score(table.counts(total, metric), intervals[metric])
    tables = {
        name: {
            label: _score(counts, intervals[f"{metric}:{label}"])
            for label, counts in sorted(table.label_counts(total, metric).items())
        }
        for name, metric in TABLES.items()
    }
    return f1, tables


def _union_figures(
    pairs: list[DocumentPair], *, samples: int, seed: int, confidence: float
) -> dict[str, dict[str, Any]]:
    rows = np.array([union_row(pair) for pair in pairs], dtype=np.float64)
    totals = union_tables(rows.sum(axis=0))
    resampled = union_tables(resample_sums(rows, samples=samples, seed=seed)) if samples else {}
    figures: dict[str, dict[str, Any]] = {}
    for measure in UNION_MEASURES:
        table = totals[measure][0]
        units = float(table.sum())
        kappa, alpha = float(cohen_kappa(table)), float(krippendorff_alpha(table))
        figure: dict[str, Any] = {
            "units": int(units),
            "observed_agreement": float(np.trace(table) / units) if units else None,
            "kappa": None if np.isnan(kappa) else kappa,
            "kappa_interval": None,
            "alpha": None if np.isnan(alpha) else alpha,
            "alpha_interval": None,
        }
        if measure in resampled:
            figure["kappa_interval"] = _interval(np.asarray(cohen_kappa(resampled[measure])), confidence)
            figure["alpha_interval"] = _interval(np.asarray(krippendorff_alpha(resampled[measure])), confidence)
        labels = union_labels(measure)
        used = [i for i, _ in enumerate(labels) if table[i, :].sum() or table[:, i].sum()]
        figure["labels"] = [labels[i] for i in used]
        figure["matrix"] = [[int(table[i, j]) for j in used] for i in used]
        figures[measure] = figure
    return figures


def _aligned_pair_kappas(total: npt.NDArray[np.float64]) -> dict[str, float | None]:
    """The old measures, on identification-aligned pairs only (kept, labelled for what they are)."""
    table = layout()
    labels = [label for label in table.confusion_labels if label != NONE_LABEL]
    matrix = table.confusion_matrix(total)[: len(labels), : len(labels)]
    kappas: dict[str, float | None] = {
        "event_type_kappa_aligned_pairs": None if not matrix.sum() else float(cohen_kappa(matrix))
    }
    for attribute in ATTRIBUTES:
        kappas[f"{attribute}_kappa_aligned_pairs"] = attribute_score(table, total, attribute).kappa
    return kappas


def _document_pairs(gold: Gold, lines: list[PredictionLine], rejected: set[str]) -> list[DocumentPair]:
    """Both annotators' views of every shared document; B's rejected records are empty, as the scorer has them."""
    by_id = {line.document: line for line in lines if line.document}
    pairs: list[DocumentPair] = []
    for document_id in gold.ids:
        record = gold.document(document_id)
        line = by_id[document_id]
        empty = ScoredDocument(id=document_id, text=record["text"])
        b_view = empty if document_id in rejected else ground_record(line.record, record["text"]).document
        names_b = _names(line.record if isinstance(line.record, dict) else None)
        pairs.append(DocumentPair.of(gold_view(record), b_view, names_a=_names(record), names_b=names_b))
    return pairs


def _load_annotator(path: Path) -> Gold:
    """Annotator A's records, read and checked as gold; a single problem makes the one error line."""
    try:
        return load_gold(path, split="all")
    except UnusableInputError as error:
        if len(error.problems) == 1:
            raise UnusableInputError(error.problems[0].format()) from None
        raise


def agreement(first: Path, second: Path, *, samples: int = 1000, seed: int = 0, confidence: float = 0.95) -> Agreement:
    """Agreement of annotator `second` with annotator `first` (files or folders of records, paired by id)."""
    gold_a = _load_annotator(first)
    lines = list(_records(second))
    ids_b = {line.document for line in lines if line.document}
    shared = [document_id for document_id in gold_a.ids if document_id in ids_b]
    if not shared:
        raise UnusableInputError(f"{first} and {second} have no document in common")
    gold = Gold((gold_a.document(i) for i in shared), all_ids=gold_a.all_ids, source=gold_a.source, split="all")
    run = score_run(gold, lines)
    problems = [problem for problem in run.problems if problem.code != "unknown-document"]
    pairs = _document_pairs(gold, lines, {problem.document for problem in problems if problem.document})
    f1, tables = _f1_figures(run.rows, samples=samples, seed=seed, confidence=confidence)
    found = disagreements(pairs)
    kinds = Counter(item["kind"] for item in found)
    return Agreement(
        annotators={
            "a": {"source": str(first), "names": sorted({n for pair in pairs for n in pair.names_a})},
            "b": {"source": str(second), "names": sorted({n for pair in pairs for n in pair.names_b})},
        },
        options={"bootstrap_samples": samples, "seed": seed, "confidence": confidence},
        counts={
            "documents": len(shared),
            "only_in_a": sorted(gold_a.all_ids - ids_b),
            "only_in_b": sorted(ids_b - gold_a.all_ids),
            "events": {"a": sum(len(p.a.events) for p in pairs), "b": sum(len(p.b.events) for p in pairs)},
            "aligned_events": sum(len(p.aligned) for p in pairs),
            "union_events": sum(len(union_pairs(p, "event_type")) for p in pairs),
            "arguments": {
                side: sum(len(e.arguments) for p in pairs for e in getattr(p, side).events) for side in ("a", "b")
            },
            "relations": {"a": sum(len(p.a.relations) for p in pairs), "b": sum(len(p.b.relations) for p in pairs)},
            "disagreements": dict(sorted(kinds.items())),
        },
        f1=f1,
        tables=tables,
        union=_union_figures(pairs, samples=samples, seed=seed, confidence=confidence),
        aligned_pairs=_aligned_pair_kappas(run.total),
        problems=[problem.format() for problem in problems],
        disagreements=found,
    )
