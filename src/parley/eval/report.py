"""The versioned results model: plain dataclasses with documented fields, and their JSON form.

`eval/README.md` documents every field; `FORMAT_VERSION` changes whenever a field changes meaning or goes away,
`SCORER_VERSION` whenever the same inputs would score differently. A report holds no wall-clock time or other run
metadata: the same inputs and options give the same bytes, so committed results change only when scores do
(format 1.1 dropped 1.0's `created`).
"""

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from parley.eval.bootstrap import Interval

# Format 1.1: no wall-clock `created` field (committed reports are reproducible), `system_details`, and the
# event_relation_identification and event_relation_classification metrics. Scorer 1.1.0 scores event relations
# (schema 1.1); every earlier metric scores as before. Scorer 1.1.1 fixes the per-type table of exact trigger
# classification (every exact match of a type counts; totals were right).
FORMAT_VERSION = "1.1"
SCORER_VERSION = "1.1.1"


@dataclass
class LabelScore:
    """Counts and scores of one label (event type, role or relation type) of a labelled metric."""

    gold: float
    predicted: float
    matched: float
    precision: float
    recall: float
    f1: float
    f1_interval: Interval | None = None


@dataclass
class Macro:
    """Unweighted means over the labels present in gold or predictions."""

    precision: float
    recall: float
    f1: float
    labels: int


@dataclass
class MetricScore:
    """One metric in one matching mode: P/R/F1 (micro), the counts behind them, and breakdowns.

    `missed` = gold - matched, `spurious` = predicted - matched (SemEval's names); `f1_interval` is the
    bootstrap confidence interval; `per_label` and `macro` exist for labelled (classification) metrics, keyed
    by event type, role or relation type (`label_kind`).
    """

    precision: float
    recall: float
    f1: float
    gold: float
    predicted: float
    matched: float
    missed: float
    spurious: float
    f1_interval: Interval | None = None
    macro: Macro | None = None
    label_kind: str | None = None
    per_label: dict[str, LabelScore] | None = None


@dataclass
class Metric(MetricScore):
    """A headline metric: the fields of its headline `mode` at top level, every mode under `modes`."""

    mode: str | None = None
    modes: dict[str, MetricScore] = field(default_factory=dict)


@dataclass
class AttributeScore:
    """Agreement on one event attribute over identification-aligned event pairs."""

    pairs: int
    accuracy: float | None
    kappa: float | None
    table: dict[str, dict[str, int]]
    """gold value -> predicted value -> number of aligned pairs."""


@dataclass
class InputProblems:
    """What was wrong with the predictions: rejected lines, by problem code, and every message."""

    count: int
    rejected_lines: int
    by_code: dict[str, int]
    messages: list[str]


@dataclass
class Report:
    """The results of scoring one system against the gold."""

    format_version: str
    scorer_version: str
    schema_version: str
    schema_id: str
    dataset_fingerprint: str
    system: str
    system_details: dict[str, Any]
    """How the system was set up, from the `.system.json` sidecar `parley run` writes next to its predictions
    (for the learned baseline: `model`, `trained_on` fingerprint, `training_documents`); empty when unknown."""
    options: dict[str, Any]
    gold: dict[str, Any]
    predictions: dict[str, Any]
    input_problems: InputProblems
    metrics: dict[str, Any]
    confusion: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        ready: dict[str, Any] = _json_ready(asdict(self))
        return ready

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"


@dataclass
class Difference:
    """System B minus system A on one metric, with its paired-bootstrap interval and p-value."""

    a: float
    b: float
    difference: float
    interval: Interval
    p_value: float


@dataclass
class Comparison:
    """A paired bootstrap comparison of two systems on the same gold documents."""

    format_version: str
    scorer_version: str
    dataset_fingerprint: str
    systems: dict[str, str]
    options: dict[str, Any]
    differences: dict[str, Difference]

    def to_json(self) -> dict[str, Any]:
        ready: dict[str, Any] = _json_ready(asdict(self))
        return ready

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"


def _json_ready(value: Any) -> Any:
    """NaN (an undefined score) becomes null."""
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(item) for item in value]
    if isinstance(value, float):
        if value != value:
            return None
        return value
    return value
