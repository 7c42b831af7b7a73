"""Parsing and checking one JSON record in one step, with orjson when that certainly gives what the strict reader
gives (`parley.reading.parse_json` followed by `record_problems`).

The strict reader decodes with `json` and a hook per object (to refuse repeated keys), a third of the cost of
reading a large file. orjson is several times faster and refuses most of what the strict reader refuses (NaN,
infinities, lone surrogates, control characters, a byte order mark, deep nesting); where it differs, this module
makes sure the difference cannot reach the caller:

- repeated keys: orjson keeps the last one silently. Written back by orjson (no whitespace, colons inside strings
  written as they are), a value without repeated keys has exactly as many colons as the input line, and a dropped
  key-value pair takes at least one colon with it. So equal colon counts prove there was no repeated key, unless
  the input hides a colon in an escape (`\\u003a`), which sends the line the strict way.
- integers beyond 64 bits: orjson reads them as floats. A record that `conforms` holds no float at all (its only
  numbers are integer offsets), so for such a record both readers give equal values.

Anything else (orjson refuses the line, the colons differ, the record does not conform) takes the strict way, which
gives the located messages: the outcome is the same record and the same problems in every case.
"""

from typing import Any

import orjson

from parley.eval.check import conforms, record_problems, schema_valid_problems
from parley.reading import parse_json
from parley.schema import Problem, RecordKind

_ESCAPED_COLONS = (b"\\u003a", b"\\u003A")


def _fast_value(raw: bytes) -> tuple[Any, bytes] | None:
    """The value of `raw` and its canonical text (sorted keys, no whitespace: `read_gold.canonical_json`), when
    orjson reads it and no key is repeated; else None. Integers beyond 64 bits may come back as floats."""
    if _ESCAPED_COLONS[0] in raw or _ESCAPED_COLONS[1] in raw:
        return None
    try:
        value = orjson.loads(raw)
        text = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        return None
    if text.count(b":") != raw.count(b":"):
        return None
    return value, text


def read_record(
    raw: bytes, kind: RecordKind, *, file: str, line: int | None
) -> tuple[Any, list[Problem], bytes | None]:
    """`parse_json(raw)` and its `record_problems`, plus the canonical text when the fast way read a valid record
    (None otherwise). Raises `InputError` exactly when `parse_json` does."""
    fast = _fast_value(raw)
    if fast is not None and conforms(fast[0], kind):
        record, text = fast
        problems = schema_valid_problems(record, kind, file=file, line=line)
        return record, problems, None if problems else text
    record = parse_json(raw)
    return record, record_problems(record, kind, file=file, line=line), None


_NOTHING = object()
"""What `StreamReader` vouches for when it vouches for no record (never a parsed value, unlike None)."""


class StreamReader:
    """`read_record` split in two for a reader that parses a line (`parse`) and checks the record later (`check`),
    as `parley validate` streams them: `parse` gives what `parse_json` gives, `check` what `record_problems` gives.

    A line the fast way read and found conforming is remembered (the last one only: records are checked in the
    order they are read), so its check skips the conformance walk it already passed."""

    def __init__(self, kind: RecordKind) -> None:
        self.kind = kind
        self._vouched: Any = _NOTHING

    def parse(self, raw: bytes) -> Any:
        fast = _fast_value(raw)
        if fast is not None and conforms(fast[0], self.kind):
            self._vouched = fast[0]
            return fast[0]
        self._vouched = _NOTHING
        return parse_json(raw)

    def check(self, record: Any, kind: RecordKind, *, file: str, line: int | None) -> list[Problem]:
        if record is self._vouched and kind == self.kind:
            return schema_valid_problems(record, kind, file=file, line=line)
        return record_problems(record, kind, file=file, line=line)
