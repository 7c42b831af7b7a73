"""Scoring a stream of prediction lines against the gold: one count row per gold document.

Bad lines become problems and their documents empty predictions; a repeated document id empties that
document's prediction altogether (which of two answers was meant cannot be known).
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from parley.eval.gold import Gold
from parley.eval.grounding import ground_record
from parley.eval.model import ScoredDocument
from parley.eval.predictions import PredictionLine, offset_problems
from parley.eval.scorers import score_document
from parley.eval.tally import Vector, layout
from parley.schema.problems import Problem
from parley.schema.records import Document

HALLUCINATION_EXAMPLES = 20


@dataclass
class ScoredRun:
    """Per-document count rows (in gold id order) and what reading and grounding the predictions found."""

    rows: npt.NDArray[np.float32]
    document_ids: list[str]
    problems: list[Problem] = field(default_factory=list)
    lines: int = 0
    rejected_lines: int = 0
    predicted_documents: int = 0
    outside_split: int = 0
    text_only_mentions: int = 0
    hallucinated_mentions: int = 0
    hallucination_examples: list[str] = field(default_factory=list)
    system_names: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> Vector:
        return np.asarray(self.rows.sum(axis=0, dtype=np.float64), dtype=np.float64)


def _gold_view(document: Document) -> ScoredDocument:
    return ground_record(document, document["text"]).document


def _empty_row(document: Document) -> Vector:
    empty = ScoredDocument(id=document["id"], text=document["text"])
    return layout().row(score_document(_gold_view(document), empty))


def _line_problems(
    line: PredictionLine, gold: Gold, document: Document | None, first_line: dict[str, int]
) -> list[Problem]:
    """The line's own problems, else an unknown or repeated id, else offsets that do not fit the gold text."""
    document_id = line.document
    if line.problems or document_id is None:
        return line.problems
    if document_id not in gold.all_ids:
        return [Problem(line.file, line.line, document_id, "/id", "unknown-document", "no gold document has this id")]
    if document_id in first_line:
        message = f"id already predicted at line {first_line[document_id]}; the document scores as empty"
        return [Problem(line.file, line.line, document_id, "/id", "duplicate-document", message)]
    return offset_problems(line, document["text"]) if document is not None else []


def score_run(
    gold: Gold, lines: Iterable[PredictionLine], *, on_document: Callable[[], None] | None = None
) -> ScoredRun:
    """Score every prediction line; documents never predicted (or predicted badly) score as empty."""
    index = {document_id: position for position, document_id in enumerate(gold.ids)}
    # float32 halves the memory of 100,000 rows; counts stay exact and sums are taken in float64.
    run = ScoredRun(rows=np.zeros((len(index), layout().width), dtype=np.float32), document_ids=gold.ids)
    first_line: dict[str, int] = {}
    accepted: set[str] = set()
    for line in lines:
        run.lines += 1
        document_id = line.document
        document = gold.document(document_id) if document_id in index and not line.problems else None
        problems = _line_problems(line, gold, document, first_line)
        if document_id is not None and document_id in gold.all_ids:
            first_line.setdefault(document_id, line.line)
        if problems:
            run.rejected_lines += 1
            run.problems.extend(problems)
            accepted.discard(document_id or "")
            continue
        assert document_id is not None
        if document is None:
            run.outside_split += 1
            continue
        if isinstance(line.record.get("system"), str):
            run.system_names[line.record["system"]] += 1
        grounding = ground_record(line.record, document["text"])
        run.text_only_mentions += grounding.text_only
        run.hallucinated_mentions += grounding.hallucinated
        room = HALLUCINATION_EXAMPLES - len(run.hallucination_examples)
        run.hallucination_examples.extend(f"{document_id}: {text!r}" for text in grounding.hallucinations[:room])
        run.rows[index[document_id]] = layout().row(score_document(_gold_view(document), grounding.document))
        accepted.add(document_id)
        if on_document is not None:
            on_document()
    for document_id, position in index.items():
        if document_id not in accepted:
            run.rows[position] = _empty_row(gold.document(document_id))
    run.predicted_documents = len(accepted)
    return run
