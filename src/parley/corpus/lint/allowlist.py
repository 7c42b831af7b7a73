"""The allowlist: findings that are right as annotated, each with a one-line reason.

The file is a YAML list of entries:

    - code: entity-cluster-conflict
      document: some-document-id
      start: 120          # start and end, or text, or all three; a finding matches when every given key is equal
      end: 126
      text: Kyiv
      reason: the city and the government are two entities here (guidelines rule 7)

An entry may accept several findings (by text alone, every occurrence in the document). Entries that accept
nothing in a linted document, or name an unknown code, are findings themselves, so the list cannot rot.
"""

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from parley.corpus.lint.findings import CODES, Finding
from parley.reading import InputError, read_yaml

ALLOWLIST_CODES = frozenset({"unused-allowlist-entry", "unknown-allowlist-entry"})
_KEYS = frozenset({"code", "document", "start", "end", "text", "reason"})


class AllowlistError(Exception):
    """The allowlist cannot be used: unreadable, not YAML, or an entry that is malformed."""


@dataclass(frozen=True)
class AllowlistEntry:
    number: int
    """1-based position in the file, for messages."""
    code: str
    document: str
    start: int | None
    end: int | None
    text: str | None
    reason: str

    def matches(self, finding: Finding) -> bool:
        return (
            finding.code == self.code
            and finding.document == self.document
            and (self.start is None or (finding.start, finding.end) == (self.start, self.end))
            and (self.text is None or finding.text == self.text)
        )


@dataclass(frozen=True)
class Allowlist:
    file: str
    entries: tuple[AllowlistEntry, ...]


def _entry(number: int, raw: Any) -> AllowlistEntry:
    if not isinstance(raw, dict):
        raise AllowlistError(f"entry {number}: must be a mapping")
    unknown = sorted(set(map(str, raw)) - _KEYS)
    if unknown:
        raise AllowlistError(f"entry {number}: unknown key {unknown[0]!r}")
    for key in ("code", "document", "reason"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise AllowlistError(f"entry {number}: {key!r} must be a non-empty string")
    if "\n" in raw["reason"].strip():
        raise AllowlistError(f"entry {number}: 'reason' must be one line")
    start, end, text = raw.get("start"), raw.get("end"), raw.get("text")
    if (start is None) != (end is None):
        raise AllowlistError(f"entry {number}: give both 'start' and 'end', or neither")
    for key, value in (("start", start), ("end", end)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise AllowlistError(f"entry {number}: {key!r} must be a non-negative integer")
    if text is not None and not isinstance(text, str):
        raise AllowlistError(f"entry {number}: 'text' must be a string")
    if start is None and text is None:
        raise AllowlistError(f"entry {number}: give 'start' and 'end', or 'text', to say which finding it accepts")
    return AllowlistEntry(number, raw["code"], raw["document"], start, end, text, raw["reason"].strip())


def read_allowlist(path: Path) -> Allowlist:
    """The entries of an allowlist file; an empty file is an empty list."""
    try:
        raw = read_yaml(path)  # the strict reader: no aliases, no repeated keys, regular files only
    except InputError as error:
        raise AllowlistError(f"not YAML: {error.message}" if error.code == "not-yaml" else error.message) from None
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise AllowlistError("must be a YAML list of entries")
    return Allowlist(str(path), tuple(_entry(number, item) for number, item in enumerate(raw, start=1)))


@dataclass(frozen=True)
class AllowlistOutcome:
    findings: list[Finding]
    """Every finding, those an entry accepts carrying its reason, then the allowlist's own findings."""
    skipped: list[AllowlistEntry]
    """Entries for documents that were not linted: neither applied nor judged."""


def apply_allowlist(findings: list[Finding], allowlist: Allowlist, linted: set[str]) -> AllowlistOutcome:
    """Mark the findings an entry accepts; report entries that accept nothing or name an unknown code."""
    judged: list[Finding] = []
    used: set[int] = set()
    for finding in findings:
        entry = next((e for e in allowlist.entries if e.document in linted and e.matches(finding)), None)
        if entry is not None:
            used.add(entry.number)
            finding = replace(finding, reason=entry.reason)
        judged.append(finding)
    skipped: list[AllowlistEntry] = []
    for entry in allowlist.entries:
        if entry.code not in CODES or entry.code in ALLOWLIST_CODES:
            judged.append(_entry_finding(allowlist, entry, "unknown-allowlist-entry", f"unknown code {entry.code!r}"))
        elif entry.document not in linted:
            skipped.append(entry)
        elif entry.number not in used:
            judged.append(_entry_finding(allowlist, entry, "unused-allowlist-entry", "accepts no finding"))
    return AllowlistOutcome(judged, skipped)


def _entry_finding(allowlist: Allowlist, entry: AllowlistEntry, code: str, problem: str) -> Finding:
    return Finding(
        file=allowlist.file,
        document=entry.document,
        start=entry.start,
        end=entry.end,
        code=code,
        text=entry.text or "",
        message=f"entry {entry.number} ({entry.code}): {problem}",
    )
