"""Rendering a lint report: one line per finding, a summary table per code, or one JSON document."""

import json
from collections import Counter

import yaml
from rich.table import Table

from parley.corpus.lint.allowlist import ALLOWLIST_CODES
from parley.corpus.lint.findings import CODES, GUIDELINES
from parley.corpus.lint.run import LintReport


def summary_table(report: LintReport) -> Table:
    """Findings per code: all, accepted by the allowlist, outstanding."""
    found = Counter(finding.code for finding in report.findings)
    accepted = Counter(finding.code for finding in report.findings if finding.allowlisted)
    table = Table(title=f"Lint: {report.documents} document(s)")
    table.add_column("code", style="bold", no_wrap=True)
    table.add_column("findings", justify="right")
    table.add_column("allowlisted", justify="right")
    table.add_column("outstanding", justify="right")
    for code in CODES:
        outstanding = f"[red]{found[code] - accepted[code]}[/red]" if found[code] > accepted[code] else "0"
        table.add_row(code, str(found[code]), str(accepted[code]), outstanding)
    return table


def report_json(report: LintReport) -> str:
    """The whole report as one JSON document, for machines."""
    found = Counter(finding.code for finding in report.findings)
    accepted = Counter(finding.code for finding in report.findings if finding.allowlisted)
    document = {
        "documents": report.documents,
        "summary": {
            code: {"findings": found[code], "allowlisted": accepted[code], "guidelines": GUIDELINES.get(code)}
            for code in CODES
        },
        "outstanding": len(report.outstanding),
        "findings": [finding.as_json() for finding in report.findings],
        "problems": [problem.format() for problem in report.problems],
        "allowlist_error": report.allowlist_error,
        "skipped_allowlist_entries": [entry.number for entry in report.skipped_entries],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def allowlist_draft(report: LintReport) -> str:
    """The outstanding findings as allowlist entries with an empty reason, to review one by one.

    The reasons are left empty on purpose: the allowlist refuses an entry without one, so nothing is accepted
    until someone has judged it.
    """
    entries = [
        {
            "code": finding.code,
            "document": finding.document,
            "start": finding.start,
            "end": finding.end,
            "text": finding.text,
            "reason": "",
        }
        for finding in report.outstanding
        if finding.code not in ALLOWLIST_CODES
    ]
    return yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=120) if entries else "[]\n"
