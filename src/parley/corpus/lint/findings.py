"""Lint findings: one record per finding, printed as one line, and the codes a finding can carry."""

from dataclasses import dataclass
from typing import Protocol

CODES: dict[str, str] = {
    "unannotated-trigger-word": "a word annotated as a trigger elsewhere occurs here outside every mention",
    "trigger-type-conflict": "a trigger lemma under an event type other than the one it usually has",
    "trigger-mention-conflict": "a word that is a trigger in some places and a whole topic mention in others",
    "entity-type-conflict": "a surface name under an entity type other than the one it usually has",
    "entity-cluster-conflict": "a surface name in two different entities of one document",
    "agreement-verb-not-trigger": "an agreement verb, not a trigger, in a sentence holding an AGREE trigger",
    "untagged-time": "a time expression in a sentence holding a trigger, outside every TIME mention",
    "normalized-conflict": "a surface string with a normalized value other than the one it usually has",
    "missing-relation": "a relation the guidelines require is obviously missing",
    "unused-allowlist-entry": "an allowlist entry that matches no finding of a linted document",
    "unknown-allowlist-entry": "an allowlist entry with a code that lint does not know",
}
"""Every code with its one-line meaning; the checks' codes first, then the allowlist's own."""

GUIDELINES: dict[str, str] = {
    "unannotated-trigger-word": "R-GEN-5, R-AGREE-2, R-PROP-1",
    "trigger-type-conflict": "R-COREF-1",
    "trigger-mention-conflict": "R-AGREE-2, R-AGREE-3, R-AGREE-4",
    "entity-type-conflict": "R-ENT-2, R-ENT-3",
    "entity-cluster-conflict": "R-ENT-1",
    "agreement-verb-not-trigger": "R-AGREE-1",
    "untagged-time": "R-TIME-8",
    "normalized-conflict": "R-ENT-7, R-TIME-9",
    "missing-relation": "R-REL-0 to R-REL-5",
}
"""The rules of `annotation/guidelines.md` (2.0) that a finding of each code is usually about."""


class LintedDocument(Protocol):
    """Where a finding comes from: the file and the id of the record it is in."""

    @property
    def file(self) -> str: ...

    @property
    def id(self) -> str: ...


@dataclass(frozen=True, order=True)
class Finding:
    """One finding, located in a document by code-point offsets (or in the allowlist, for its own codes).

    `reason` is the allowlist's reason when an entry accepts the finding as right, else None.
    """

    file: str
    document: str
    start: int | None
    end: int | None
    code: str
    text: str
    message: str
    reason: str | None = None

    @classmethod
    def at(cls, document: LintedDocument, start: int, end: int, text: str, *, code: str, message: str) -> "Finding":
        """A finding on the span `start`-`end` (reading `text`) of one linted record."""
        return cls(document.file, document.id, start, end, code, text, message)

    @property
    def allowlisted(self) -> bool:
        return self.reason is not None

    def format(self) -> str:
        span = "-" if self.start is None else f"{self.start}-{self.end}"
        line = f"{self.file}: {self.document}: {span}: {self.code}: {self.text!r}: {self.message}"
        return line if self.reason is None else f"{line} [allowlisted: {self.reason}]"

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "document": self.document,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "allowlisted": self.allowlisted,
            "reason": self.reason,
        }
