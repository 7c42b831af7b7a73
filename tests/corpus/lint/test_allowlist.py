"""The allowlist: entries accept findings by offsets or text; unused and unknown entries are findings; malformed
files are one clear error."""

import re
from pathlib import Path

import pytest

from parley.corpus.lint import AllowlistError, Finding, apply_allowlist, read_allowlist

NEGATIVE = "entry 1: 'start' must be a non-negative"
FINDING = Finding(
    file="a.json",
    document="doc-1",
    start=10,
    end=17,
    code="untagged-time",
    text="Tuesday",
    message="a time expression ...",
)


def _allowlist(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "allowlist.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _judge(tmp_path: Path, text: str, linted: set[str] | None = None) -> tuple[list[Finding], list[int]]:
    allowlist = read_allowlist(_allowlist(tmp_path, text))
    outcome = apply_allowlist([FINDING], allowlist, linted if linted is not None else {"doc-1"})
    return outcome.findings, [entry.number for entry in outcome.skipped]


def test_entry_with_offsets_accepts_the_finding_with_its_reason(tmp_path: Path) -> None:
    findings, _ = _judge(
        tmp_path, "- {code: untagged-time, document: doc-1, start: 10, end: 17, reason: a recurring holiday}\n"
    )
    assert findings == [Finding(**{**FINDING.__dict__, "reason": "a recurring holiday"})]
    assert findings[0].allowlisted
    assert findings[0].format().endswith("[allowlisted: a recurring holiday]")


def test_entry_with_text_accepts_the_finding(tmp_path: Path) -> None:
    findings, _ = _judge(tmp_path, "- {code: untagged-time, document: doc-1, text: Tuesday, reason: weather}\n")
    assert [f.allowlisted for f in findings] == [True]


@pytest.mark.parametrize(
    "entry",
    [
        "{code: untagged-time, document: doc-1, start: 11, end: 17, reason: r}",
        "{code: untagged-time, document: doc-1, text: Monday, reason: r}",
        "{code: normalized-conflict, document: doc-1, text: Tuesday, reason: r}",
        "{code: untagged-time, document: doc-1, start: 10, end: 17, text: Monday, reason: r}",
    ],
)
def test_entry_that_matches_nothing_is_reported_unused(tmp_path: Path, entry: str) -> None:
    findings, _ = _judge(tmp_path, f"- {entry}\n")
    assert [(f.code, f.allowlisted) for f in findings] == [("untagged-time", False), ("unused-allowlist-entry", False)]
    assert findings[1].file == str(tmp_path / "allowlist.yaml")
    assert findings[1].message.startswith("entry 1 (")


def test_entry_with_an_unknown_code_is_reported(tmp_path: Path) -> None:
    findings, _ = _judge(tmp_path, "- {code: no-such-check, document: doc-1, text: x, reason: r}\n")
    assert [f.code for f in findings] == ["untagged-time", "unknown-allowlist-entry"]
    assert "no-such-check" in findings[1].message


def test_entry_for_a_document_not_linted_is_skipped(tmp_path: Path) -> None:
    findings, skipped = _judge(tmp_path, "- {code: untagged-time, document: other, text: x, reason: r}\n", {"doc-1"})
    assert [f.code for f in findings] == ["untagged-time"]
    assert skipped == [1]


def test_empty_file_is_an_empty_allowlist(tmp_path: Path) -> None:
    assert read_allowlist(_allowlist(tmp_path, "# nothing yet\n")).entries == ()
    assert read_allowlist(_allowlist(tmp_path, "[]\n")).entries == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code: x\n", "must be a YAML list of entries"),
        ("- [1, 2]\n", "entry 1: must be a mapping"),
        ("- {code: untagged-time, document: d, text: x}\n", "entry 1: 'reason' must be a non-empty string"),
        ("- {code: untagged-time, document: d, text: x, reason: ''}\n", "entry 1: 'reason' must be a non-empty"),
        ('- {code: untagged-time, document: d, text: x, reason: "a\\nb"}\n', "entry 1: 'reason' must be one line"),
        ("- {code: untagged-time, document: d, start: 1, reason: r}\n", "entry 1: give both 'start' and 'end'"),
        (
            "- {code: untagged-time, document: d, start: true, end: 2, reason: r}\n",
            "entry 1: 'start' must be a non-negative",
        ),
        (
            "- {code: untagged-time, document: d, start: -1, end: 2, reason: r}\n",
            "entry 1: 'start' must be a non-negative",
        ),
        ("- {code: untagged-time, document: d, reason: r}\n", "entry 1: give 'start' and 'end', or 'text'"),
        ("- {code: untagged-time, document: d, text: 5, reason: r}\n", "entry 1: 'text' must be a string"),
        ("- {code: untagged-time, document: d, text: x, reason: r, why: y}\n", "entry 1: unknown key 'why'"),
        ("- {code: [\n", "not YAML"),
    ],
)
def test_malformed_allowlist_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(AllowlistError, match="^" + re.escape(message)):
        read_allowlist(_allowlist(tmp_path, text))


def test_missing_or_undecodable_allowlist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AllowlistError, match=r"^no such file$"):
        read_allowlist(tmp_path / "absent.yaml")
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"- {reason: caf\xe9}\n")
    with pytest.raises(AllowlistError, match=r"^not UTF-8"):
        read_allowlist(path)
