"""The units of agreement over the union of two annotators' events.

The two annotators' events of a document are aligned by the scorer's own identification alignment
(`align_events`: triggers must overlap; types aside). Every aligned pair is one unit labelled by both; every event
only one annotator has is one unit the other labelled "none". Event type, polarity and realis are each compared
over these units, so an event one annotator missed counts as a disagreement rather than disappearing (as it does
when only aligned pairs are compared).
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from parley.eval.align import Pairs
from parley.eval.chance import contingency
from parley.eval.count import attribute_values
from parley.eval.score_document import ATTRIBUTES, align_events
from parley.eval.view import ScoredDocument
from parley.schema import vocabulary

UNION_NONE = "none"
"""The label of a unit on the side of the annotator who has no event there."""
UNION_MEASURES = ("event_type", *ATTRIBUTES)


@dataclass
class DocumentPair:
    """One document as both annotators labelled it, with the identification alignment of their events."""

    id: str
    a: ScoredDocument
    b: ScoredDocument
    names_a: list[str]
    names_b: list[str]
    aligned: Pairs

    @classmethod
    def of(cls, a: ScoredDocument, b: ScoredDocument, *, names_a: list[str], names_b: list[str]) -> "DocumentPair":
        identified, _ = align_events(a, b)
        return cls(a.id, a, b, names_a, names_b, sorted(identified))

    @property
    def only_in_a(self) -> list[int]:
        paired = {first for first, _ in self.aligned}
        return [index for index in range(len(self.a.events)) if index not in paired]

    @property
    def only_in_b(self) -> list[int]:
        paired = {second for _, second in self.aligned}
        return [index for index in range(len(self.b.events)) if index not in paired]


def union_labels(measure: str) -> tuple[str, ...]:
    values = vocabulary().values("event_types") if measure == "event_type" else attribute_values(measure)
    return (*values, UNION_NONE)


def _value(document: ScoredDocument, index: int, measure: str) -> str:
    event = document.events[index]
    return event.type if measure == "event_type" else str(getattr(event, measure))


def union_pairs(pair: DocumentPair, measure: str) -> list[tuple[str, str]]:
    """(label of A, label of B) for every unit of the document: aligned pairs, then A's and B's lone events."""
    units = [(_value(pair.a, first, measure), _value(pair.b, second, measure)) for first, second in pair.aligned]
    units.extend((_value(pair.a, index, measure), UNION_NONE) for index in pair.only_in_a)
    units.extend((UNION_NONE, _value(pair.b, index, measure)) for index in pair.only_in_b)
    return units


def union_row(pair: DocumentPair) -> npt.NDArray[np.float64]:
    """The document's contingency tables of every union measure, flattened into one row (for the bootstrap)."""
    return np.concatenate(
        [contingency(union_pairs(pair, measure), union_labels(measure)).ravel() for measure in UNION_MEASURES]
    )


def union_tables(rows: npt.NDArray[np.float64]) -> dict[str, npt.NDArray[np.float64]]:
    """Split summed rows (one per document or per resample) back into a stack of square tables per measure."""
    stacked = np.atleast_2d(rows)
    tables: dict[str, npt.NDArray[np.float64]] = {}
    start = 0
    for measure in UNION_MEASURES:
        size = len(union_labels(measure))
        tables[measure] = stacked[:, start : start + size * size].reshape(-1, size, size)
        start += size * size
    return tables
