"""The inter-annotator agreement figures a dataset card shows, picked from a `parley eval agreement --out` report.

The card shows a few headline figures with their intervals, event classification per type, and the ceiling they put
on system scores; the full report stays in `annotation/agreement.json`. Reports of an older format (no `format`
key) carry no intervals and are shown as they are, flattened.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

REPORT_FORMAT = "parley-agreement/2"

F1_HEADLINES = (
    ("event_identification", "Event identification F1"),
    ("event_classification", "Event classification F1"),
    ("event_classification_with_attributes", "Event classification F1, with polarity and realis"),
    ("argument_classification", "Argument classification F1 (coreference mode)"),
    ("argument_classification/exact", "Argument classification F1 (exact spans)"),
    ("event_relation_classification", "Event relation classification F1"),
)
UNION_HEADLINES = (
    ("event_type", "Event type, Krippendorff's alpha over the union of events"),
    ("polarity", "Polarity, Krippendorff's alpha over the union of events"),
    ("realis", "Realis, Krippendorff's alpha over the union of events"),
)


@dataclass(frozen=True)
class Figure:
    label: str
    value: float
    low: float | None
    high: float | None

    def interval(self) -> str:
        return f"{self.low:.3f}–{self.high:.3f}" if self.low is not None and self.high is not None else "–"


def _interval(value: Any) -> tuple[float | None, float | None]:
    if isinstance(value, Mapping) and isinstance(value.get("low"), int | float):
        return float(value["low"]), float(value["high"])
    return None, None


def is_current(report: Mapping[str, Any] | None) -> bool:
    return report is not None and report.get("format") == REPORT_FORMAT


def headline_figures(report: Mapping[str, Any]) -> list[Figure]:
    """F1 figures (B scored against A) and the union alphas, each with its 95 % interval over documents."""
    figures = []
    for key, label in F1_HEADLINES:
        score = report["f1"].get(key)
        if score is not None:
            figures.append(Figure(label, float(score["f1"]), *_interval(score.get("f1_interval"))))
    for key, label in UNION_HEADLINES:
        unit = report["union"].get(key)
        if unit is not None:
            figures.append(Figure(label, float(unit["alpha"]), *_interval(unit.get("alpha_interval"))))
    return figures


def per_type_figures(report: Mapping[str, Any]) -> list[tuple[str, Figure, int, int]]:
    """(event type, F1 with interval, events of annotator A, events of annotator B), in the report's order."""
    rows = []
    for event_type, score in report.get("per_event_type", {}).items():
        figure = Figure(event_type, float(score["f1"]), *_interval(score.get("f1_interval")))
        rows.append((event_type, figure, int(score["a"]), int(score["b"])))
    return rows


def ceiling_statement(report: Mapping[str, Any]) -> str:
    """What the agreement means for system scores, in one paragraph."""
    event = report["f1"]["event_classification"]
    argument = report["f1"]["argument_classification"]
    documents = report["counts"]["documents"]
    return (
        f"These figures are the ceiling of the benchmark: on {documents} documents, two annotators following the same "
        f"guidelines agreed at event classification F1 {event['f1']:.3f} and argument classification F1 "
        f"{argument['f1']:.3f}. A system scoring near or above them against the gold is within annotator "
        "disagreement, and differences between systems at that level do not show that one extracts better."
    )


def flattened(value: Any, path: str = "") -> Iterable[tuple[str, float | int]]:
    """Numeric leaves of an older report, as `a.b.c` paths."""
    if isinstance(value, Mapping):
        for key, child in value.items():
            yield from flattened(child, f"{path}.{key}" if path else str(key))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield path, value
