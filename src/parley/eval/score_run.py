"""Scoring a stream of prediction lines against the gold: one count row per gold document.

Bad lines become problems and their documents empty predictions; a repeated document id empties that
document's prediction altogether (which of two answers was meant cannot be known).
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from parley.eval.count import Vector, layout
from parley.eval.ground import ground_record
from parley.eval.read_gold import Gold
from parley.eval.read_predictions import PredictionFile, PredictionLine, RawLine, offset_problems, parse_line
from parley.eval.score_document import DocumentScore, score_document
from parley.eval.view import ScoredDocument
from parley.eval.workers import Workers, fewer_collections
from parley.schema.problems import Problem

HALLUCINATION_EXAMPLES = 20

Row = npt.NDArray[np.float32]


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


def _empty_row(view: ScoredDocument) -> Row:
    return _as_row(score_document(view, ScoredDocument(id=view.id, text=view.text)))


def _as_row(score: DocumentScore) -> Row:
    # The same float64 row, stored as float32 (see `ScoredRun.rows`); converted here so workers send half.
    return layout().row(score, dtype=np.float32)


@dataclass(slots=True)
class LineOutcome:
    """What one prediction line gives on its own, before the other lines are considered: its own problems and,
    when its document is one to score, the offset problems and (when there are none) grounding and count row."""

    file: str
    line: int
    document: str | None
    problems: list[Problem]
    offset_problems: list[Problem] = field(default_factory=list)
    system: str | None = None
    text_only: int = 0
    hallucinated: int = 0
    hallucinations: list[str] = field(default_factory=list)
    row: Row | None = None


def score_line(gold: Gold, line: PredictionLine) -> LineOutcome:
    """The outcome of one line; computed even for a line that a repeated id will reject, which is rare."""
    outcome = LineOutcome(line.file, line.line, line.document, line.problems)
    if line.problems or outcome.document is None or outcome.document not in gold:
        return outcome
    view = gold.view(outcome.document)
    outcome.offset_problems = offset_problems(line, view.text)
    if outcome.offset_problems:
        return outcome
    system = line.record.get("system")
    outcome.system = system if isinstance(system, str) else None
    grounding = ground_record(line.record, view.text)
    outcome.text_only = grounding.text_only
    outcome.hallucinated = grounding.hallucinated
    outcome.hallucinations = grounding.hallucinations[:HALLUCINATION_EXAMPLES]
    outcome.row = _as_row(score_document(view, grounding.document))
    return outcome


def score_lines(gold: Gold, batch: list[PredictionLine | RawLine]) -> list[LineOutcome]:
    """`score_line` over a batch of lines, parsing those still raw."""
    return [score_line(gold, item if isinstance(item, PredictionLine) else parse_line(item)) for item in batch]


def empty_rows(gold: Gold, document_ids: list[str]) -> list[Row]:
    """The rows of documents scored as empty predictions."""
    return [_empty_row(gold.view(document_id)) for document_id in document_ids]


def _line_problems(outcome: LineOutcome, gold: Gold, first_line: dict[str, int]) -> list[Problem]:
    """The line's own problems, else an unknown or repeated id, else offsets that do not fit the gold text."""
    document_id = outcome.document
    if outcome.problems or document_id is None:
        return outcome.problems
    if document_id not in gold.all_ids:
        message = "no gold document has this id"
        return [Problem(outcome.file, outcome.line, document_id, "/id", "unknown-document", message)]
    if document_id in first_line:
        message = f"id already predicted at line {first_line[document_id]}; the document scores as empty"
        return [Problem(outcome.file, outcome.line, document_id, "/id", "duplicate-document", message)]
    return outcome.offset_problems


def score_run(
    gold: Gold,
    lines: Iterable[PredictionLine],
    *,
    on_document: Callable[[], None] | None = None,
    workers: int = 1,
) -> ScoredRun:
    """Score every prediction line; documents never predicted (or predicted badly) score as empty.

    With `workers` > 1, lines are parsed, checked, grounded and scored in that many processes; the result is
    the same.
    """
    index = {document_id: position for position, document_id in enumerate(gold.ids)}
    # float32 halves the memory of 100,000 rows; counts stay exact and sums are taken in float64.
    run = ScoredRun(rows=np.zeros((len(index), layout().width), dtype=np.float32), document_ids=gold.ids)
    first_line: dict[str, int] = {}
    accepted: set[str] = set()
    items: Iterable[PredictionLine | RawLine] = lines.raw_lines if isinstance(lines, PredictionFile) else lines
    with fewer_collections(), Workers(workers, gold) as pool:
        for outcome in pool.map(score_lines, items):
            run.lines += 1
            document_id = outcome.document
            problems = _line_problems(outcome, gold, first_line)
            if document_id is not None and document_id in gold.all_ids:
                first_line.setdefault(document_id, outcome.line)
            if problems:
                run.rejected_lines += 1
                run.problems.extend(problems)
                accepted.discard(document_id or "")
                continue
            assert document_id is not None
            if outcome.row is None:
                run.outside_split += 1
                continue
            if outcome.system is not None:
                run.system_names[outcome.system] += 1
            run.text_only_mentions += outcome.text_only
            run.hallucinated_mentions += outcome.hallucinated
            room = HALLUCINATION_EXAMPLES - len(run.hallucination_examples)
            run.hallucination_examples.extend(f"{document_id}: {text!r}" for text in outcome.hallucinations[:room])
            run.rows[index[document_id]] = outcome.row
            accepted.add(document_id)
            if on_document is not None:
                on_document()
        missing = [document_id for document_id in index if document_id not in accepted]
        for document_id, row in zip(missing, pool.map(empty_rows, missing), strict=True):
            run.rows[index[document_id]] = row
    run.predicted_documents = len(accepted)
    return run
