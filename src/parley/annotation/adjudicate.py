"""Adjudication: one record per document from every annotator's record of it.

The rule: an annotation flagged as ground truth wins; else the content a strict majority of annotators agree on;
else the document is a conflict, reported and not written.
"""

from collections import Counter
from dataclasses import dataclass

from parley.annotation.tasks import content_digest
from parley.schema.records import Document


@dataclass(frozen=True)
class AnnotatorRecord:
    """One annotator's annotation of one document, converted to a record."""

    annotator: str
    annotation_id: int
    ground_truth: bool
    record: Document


@dataclass(frozen=True)
class Decision:
    document_id: str
    record: Document | None
    conflict: str | None = None


def _digest(candidate: AnnotatorRecord) -> str:
    record = candidate.record
    return content_digest(record["entities"], record["events"], record.get("relations"))


def _merged(chosen: AnnotatorRecord, candidates: list[AnnotatorRecord]) -> Document:
    if len(candidates) == 1:
        return chosen.record
    annotators: list[str] = []
    for candidate in sorted(candidates, key=lambda candidate: candidate.annotation_id):  # the order they were made
        for name in candidate.record["annotation"]["annotators"]:
            if name not in annotators:
                annotators.append(name)
    record = dict(chosen.record)
    record["annotation"] = {
        "guidelines_version": chosen.record["annotation"]["guidelines_version"],
        "annotators": annotators,
        "adjudicated": True,
    }
    return record  # type: ignore[return-value]


def adjudicate(document_id: str, candidates: list[AnnotatorRecord]) -> Decision:
    """The adjudicated record of one document from its annotators' records (at least one)."""
    truths = [candidate for candidate in candidates if candidate.ground_truth]
    if truths:
        if len({_digest(truth) for truth in truths}) > 1:
            ids = ", ".join(str(truth.annotation_id) for truth in truths)
            return Decision(document_id, None, f"annotations {ids} are all flagged ground truth but differ")
        return Decision(document_id, _merged(truths[0], candidates))
    counts = Counter(_digest(candidate) for candidate in candidates)
    digest, votes = counts.most_common(1)[0]
    if votes * 2 > len(candidates):
        chosen = next(candidate for candidate in candidates if _digest(candidate) == digest)
        return Decision(document_id, _merged(chosen, candidates))
    who = ", ".join(f"{candidate.annotator} (annotation {candidate.annotation_id})" for candidate in candidates)
    return Decision(document_id, None, f"{len(candidates)} annotations disagree and none is ground truth: {who}")
