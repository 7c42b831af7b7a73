"""`parley corpus lint`: consistency checks over a set of gold records, with an allowlist of accepted findings.

Pure functions from analysed documents to finding records (`lint_documents`); reading files and the allowlist
happens in `lint_paths`; rendering in `parley.corpus.lint.render`.
"""

from parley.corpus.lint.allowlist import Allowlist, AllowlistEntry, AllowlistError, apply_allowlist, read_allowlist
from parley.corpus.lint.findings import CODES, Finding
from parley.corpus.lint.run import LintReport, lint_documents, lint_paths
from parley.corpus.lint.text import AnalysedDocument
from parley.corpus.lint.triggers import TriggerWordSettings

__all__ = [
    "CODES",
    "Allowlist",
    "AllowlistEntry",
    "AllowlistError",
    "AnalysedDocument",
    "Finding",
    "LintReport",
    "TriggerWordSettings",
    "apply_allowlist",
    "lint_documents",
    "lint_paths",
    "read_allowlist",
]
