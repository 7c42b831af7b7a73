"""The one-step reader (`fast_read.read_record`, orjson when safe) gives exactly what the strict reader and the
record check give: the same record, the same problems, the same refusal; and it takes the fast way for valid lines."""

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.eval import fast_read
from parley.eval.check import record_problems
from parley.eval.read_gold import canonical_json
from parley.reading import InputError, parse_json
from parley.schema import RecordKind
from tests.eval.test_conformance import _RECORDS, mutated


def _strict(raw: bytes, kind: RecordKind) -> tuple[str, Any, Any]:
    try:
        record = parse_json(raw)
    except InputError as error:
        return "refused", error.code, error.message
    return "read", record, record_problems(record, kind, file="f", line=2)


def _fast(raw: bytes, kind: RecordKind) -> tuple[str, Any, Any]:
    try:
        record, problems, _ = fast_read.read_record(raw, kind, file="f", line=2)
    except InputError as error:
        return "refused", error.code, error.message
    return "read", record, problems


def _same(raw: bytes, kind: RecordKind) -> None:
    fast, strict = _fast(raw, kind), _strict(raw, kind)
    assert fast == strict
    if fast[0] == "read":
        # Equal values with equal types (json and orjson both give int for 5 and float for 5.0).
        assert json.dumps(fast[1], sort_keys=True) == json.dumps(strict[1], sort_keys=True)


def test_valid_lines_take_the_fast_way_with_the_canonical_text() -> None:
    for kind, record in _RECORDS:
        raw = json.dumps(record, ensure_ascii=False).encode()
        assert fast_read._fast_value(raw) is not None
        assert fast_read._fast_record(raw, kind) == (record, True)  # one walk vouched for it
        record_read, problems, text = fast_read.read_record(raw, kind, file="f", line=1)
        assert record_read == record and problems == []
        # The canonical text is made for gold only: nobody keeps a prediction's.
        assert text == (canonical_json(record) if kind == "gold" else None)


def test_a_conforming_line_with_semantic_problems_takes_the_fast_way_with_its_problems() -> None:
    for kind, record in _RECORDS:
        record = {**record, "events": [*record["events"], record["events"][0]]}  # an event id used twice
        raw = json.dumps(record).encode()
        assert fast_read._fast_record(raw, kind) == (record, False)
        _, problems, text = fast_read.read_record(raw, kind, file="f", line=2)
        assert [problem.code for problem in problems] == ["duplicate-id"] and text is None
        _same(raw, kind)


def _nested_keys_repeated(raw: bytes) -> list[bytes]:
    """Lines with one nested key written twice, the first value (dropped by orjson, kept by nobody) with and without
    a colon inside: what is left is a valid record, so only the colon count can tell."""
    lines = []
    for key, earlier in [(b'"start": ', b"0"), (b'"text": ', b'"x:y"'), (b'"role": ', b'"actor"'), (b'"to": ', b'":"')]:
        if key in raw:
            lines.append(raw.replace(key, key + earlier + b", " + key, 1))
    return lines


def test_a_key_repeated_inside_a_valid_record_is_refused() -> None:
    for kind, record in _RECORDS:
        for line in _nested_keys_repeated(json.dumps(record).encode()):
            assert fast_read._fast_record(line, kind) is None
            assert _fast(line, kind) == _strict(line, kind)
            assert _fast(line, kind)[:2] == ("refused", "duplicate-key")


def _first_key_repeated(raw: bytes, value: bytes) -> bytes:
    """The line with its first key written once more, before the original (so the original value is kept)."""
    return b'{"id":' + value + b"," + raw[1:]


HARD_LINES = [
    b'{"id": "a", "entities": [], "events": [], "events": []}',
    b'{"id": "a", "entities": [], "events": [], "system": "x:", "system": "y"}',
    b'{"id": "a", "entities": [], "events": [], "system": "a\\":", "system": "b"}',
    b'{"id": "a", "entities": [], "events": [], "system": "a\\u003a", "system": "b"}',
    b'{"id": "a", "entities": [], "events": [], "system": "a\\u003A:", "system": "b"}',
    b'{"id": "a", "entities": [], "events": [], "system": "\\ud800"}',
    b'{"id": "a", "entities": [], "events": [], "system": "\\ud83d\\ude00"}',
    b'{"id": "a", "entities": [], "events": [], "system": NaN}',
    b'{"id": "a", "entities": [], "events": [], "system": 1e400}',
    b'{"id": "a", "entities": [], "events": [], "title": 123456789012345678901234567890}',
    b'{"id": "a", "entities": [{"id": "e1", "type": "STATE", "mentions": '
    b'[{"start": 123456789012345678901234567890, "end": 3, "text": "x"}]}], "events": []}',
    b'{"id": "a", "entities": [], "events": [], "system": "\x01"}',
    b"\xef\xbb\xbf" + b'{"id": "a", "entities": [], "events": []}',
    b'{"id": "a", "entities": [], "events": []} x',
    b'{"id": "a", "entities": [], "events": [' * 3 + b"]}" * 3,
    b"[" * 3000 + b"]" * 3000,
    b'{"id": "a", "entities": [], "events": [],}',
    b"\xff\xfe",
    b'"just a string"',
    b"  ",
]
"""Lines where orjson and the strict reader differ, or could: each must be read as the strict reader reads it."""


@pytest.mark.parametrize("line", HARD_LINES)
def test_each_hard_line_is_read_as_the_strict_reader_reads_it(line: bytes) -> None:
    _same(line, "prediction")
    _same(line, "gold")


@settings(max_examples=400, deadline=None)
@given(mutated(), st.booleans(), st.sampled_from([None, b'"b"', b'"a:b"', b"1", b"[]"]), st.booleans())
def test_mutated_lines_read_as_the_strict_reader_reads_them(
    case: tuple[RecordKind, Any], ascii_only: bool, repeated: bytes | None, spaced: bool
) -> None:
    kind, record = case
    raw = json.dumps(record, ensure_ascii=ascii_only, separators=(", ", ": ") if spaced else (",", ":")).encode()
    if repeated is not None and raw.startswith(b"{") and len(raw) > 2:
        raw = _first_key_repeated(raw, repeated)
    _same(raw, kind)


def _streamed(raw: bytes, kind: RecordKind) -> tuple[str, Any, Any]:
    reader = fast_read.StreamReader(kind)
    try:
        record = reader.parse(raw)
    except InputError as error:
        return "refused", error.code, error.message
    return "read", record, reader.check(record, kind, file="f", line=2)


@pytest.mark.parametrize("kind", ["gold", "prediction"])
def test_the_stream_reader_reads_each_hard_line_as_the_strict_reader(kind: RecordKind) -> None:
    for line in HARD_LINES:
        assert _streamed(line, kind) == _strict(line, kind)
    for record_kind, record in _RECORDS:
        raw = json.dumps(record).encode()
        assert _streamed(raw, record_kind) == _strict(raw, record_kind)


@settings(max_examples=200, deadline=None)
@given(mutated(), st.sampled_from([None, b'"b"', b"[]"]))
def test_the_stream_reader_reads_mutated_lines_as_the_strict_reader(
    case: tuple[RecordKind, Any], repeated: bytes | None
) -> None:
    kind, record = case
    raw = json.dumps(record).encode()
    if repeated is not None and raw.startswith(b"{") and len(raw) > 2:
        raw = _first_key_repeated(raw, repeated)
    assert _streamed(raw, kind) == _strict(raw, kind)


def test_the_stream_reader_vouches_for_no_value_it_did_not_read_the_fast_way() -> None:
    # `null` is read the strict way; the reader must not take it for a record it already found conforming.
    for raw in (b"null", b"[]", b"{}", b"1"):
        assert _streamed(raw, "gold") == _strict(raw, "gold")
