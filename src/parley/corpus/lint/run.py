"""Running every check over a set of gold records, reading them and the allowlist at the edge."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from parley.corpus.lint.allowlist import AllowlistEntry, AllowlistError, apply_allowlist, read_allowlist
from parley.corpus.lint.entities import entity_cluster_conflicts, entity_type_conflicts, normalized_conflicts
from parley.corpus.lint.findings import Finding
from parley.corpus.lint.relations import missing_relations
from parley.corpus.lint.text import AnalysedDocument
from parley.corpus.lint.times import untagged_times
from parley.corpus.lint.triggers import (
    TriggerWordSettings,
    agreement_verbs_not_triggers,
    trigger_mention_conflicts,
    trigger_type_conflicts,
    unannotated_trigger_words,
)
from parley.eval.check import record_problems as fast_record_problems
from parley.schema.files import discover, iter_record_problems, read_records
from parley.schema.problems import Problem


def lint_documents(
    documents: Sequence[AnalysedDocument], *, trigger_words: TriggerWordSettings | None = None
) -> list[Finding]:
    """Every finding over `documents`, sorted by file, document and offset.

    An unannotated trigger word inside an agreement verb or trigger-mention finding is reported once, under the
    more specific code.
    """
    findings = [
        *agreement_verbs_not_triggers(documents),
        *trigger_type_conflicts(documents),
        *trigger_mention_conflicts(documents),
        *entity_type_conflicts(documents),
        *entity_cluster_conflicts(documents),
        *untagged_times(documents),
        *normalized_conflicts(documents),
        *missing_relations(documents),
    ]
    specific: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.code in {"agreement-verb-not-trigger", "trigger-mention-conflict"}:
            specific[finding.file, finding.document].append(finding)
    findings.extend(
        finding
        for finding in unannotated_trigger_words(documents, trigger_words or TriggerWordSettings())
        if not any(_within(finding, other) for other in specific[finding.file, finding.document])
    )
    return sorted(findings, key=lambda f: (f.file, f.document, f.start or 0, f.end or 0, f.code))


def _id(record: object) -> str | None:
    return record.get("id") if isinstance(record, dict) and isinstance(record.get("id"), str) else None


def _within(inner: Finding, outer: Finding) -> bool:
    return (outer.start or 0) <= (inner.start or 0) and (inner.end or 0) <= (outer.end or 0)


@dataclass
class LintReport:
    documents: int = 0
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Input that could not be linted: unreadable files and invalid records (those records are skipped)."""
    skipped_entries: list[AllowlistEntry] = field(default_factory=list)
    allowlist_error: str | None = None

    @property
    def unusable(self) -> bool:
        return bool(self.problems) or self.allowlist_error is not None

    @property
    def outstanding(self) -> list[Finding]:
        """The findings no allowlist entry accepts."""
        return [finding for finding in self.findings if not finding.allowlisted]


def lint_paths(paths: Iterable[Path], *, allowlist: Path | None = None) -> LintReport:
    """Read the gold records under `paths`, lint the valid ones and judge the findings against `allowlist`.

    Invalid records are reported as problems (the validator's lines, found by its fast equivalent) and left
    out: lint needs what the schema guarantees. An unusable allowlist is reported and nothing is linted.
    """
    report = LintReport()
    entries = None
    if allowlist is not None:
        try:
            entries = read_allowlist(allowlist)
        except AllowlistError as error:
            report.allowlist_error = f"{allowlist}: {error}"
            return report
    files, problems = discover(paths)
    report.problems.extend(problems)
    records = []
    for file in files:
        read, read_problems = read_records(file)
        records.extend(read)
        report.problems.extend(read_problems)
    record_problems = list(iter_record_problems(records, "gold", check=fast_record_problems))
    report.problems.extend(record_problems)
    # Located as the validator locates them: several records of one JSON array share file and line.
    bad = {(p.file, p.line, p.document) for p in record_problems}
    documents = [AnalysedDocument(r.record, r.file) for r in records if (r.file, r.line, _id(r.record)) not in bad]
    report.documents = len(documents)
    findings = lint_documents(documents)
    if entries is None:
        report.findings = findings
    else:
        outcome = apply_allowlist(findings, entries, {document.id for document in documents})
        report.findings, report.skipped_entries = outcome.findings, outcome.skipped
    return report
