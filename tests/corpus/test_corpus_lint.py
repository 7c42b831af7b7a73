"""The shipped corpus under `parley corpus lint`: nothing outside the allowlist, and an allowlist that cannot rot."""

from parley.corpus.lint import lint_paths, read_allowlist
from parley.resources import corpus_documents_dir, lint_allowlist_path


def test_allowlist_is_well_formed_and_names_only_corpus_documents() -> None:
    allowlist = read_allowlist(lint_allowlist_path())
    report = lint_paths([corpus_documents_dir()], allowlist=lint_allowlist_path())
    assert report.problems == []
    assert report.allowlist_error is None
    assert report.skipped_entries == [], "allowlist entries for documents that are not in corpus/documents"
    assert [
        f.format() for f in report.findings if f.code in {"unused-allowlist-entry", "unknown-allowlist-entry"}
    ] == []
    assert all(entry.reason for entry in allowlist.entries)


def test_corpus_has_no_finding_outside_the_allowlist() -> None:
    report = lint_paths([corpus_documents_dir()], allowlist=lint_allowlist_path())
    assert report.documents > 0
    assert [finding.format() for finding in report.outstanding] == []
