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
