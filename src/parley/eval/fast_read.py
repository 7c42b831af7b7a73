"""Parsing and checking one JSON record in one step, with orjson when that certainly gives what the strict reader
gives (`parley.reading.parse_json` followed by `record_problems`).

The strict reader decodes with `json` and a hook per object (to refuse repeated keys), a third of the cost of
reading a large file. orjson is several times faster and refuses most of what the strict reader refuses (NaN,
infinities, lone surrogates, control characters, a byte order mark, deep nesting); where it differs, this module
makes sure the difference cannot reach the caller:

- repeated keys: orjson keeps the last one silently. The proof that no key was repeated counts colons. Outside
  strings, a JSON text holds one colon per object member as written; inside strings, a colon is written as it is
  or escaped as `\\u003a`/`\\u003A` (a line holding such an escape goes the strict way). No other token holds a
  colon. So the line's colons are (members written) + (colons inside the strings written). The value orjson gives
  is made of written parts with, for each repeated key, a member dropped: each dropped member takes away its own
  colon (and any inside its key and value). Hence the line's colons equal (keys of every object of the value) +
  (colons inside every string of the value, keys included) exactly when no member was dropped. That sum is
  counted either by `check.clean_colons`, during the one walk that checks a valid record, or as the colons of
  orjson's canonical text (`orjson.dumps` writes one colon per key and copies a string's colons as they are; its
  escapes are `\\"`, `\\\\` and control characters, none of them a colon).
- integers beyond 64 bits: orjson reads them as floats. A record that `conforms` holds no float at all (its only
  numbers are integer offsets), so for such a record both readers give equal values.

Anything else (orjson refuses the line, the colons differ, the record does not conform) takes the strict way, which
gives the located messages: the outcome is the same record and the same problems in every case.
"""

from typing import Any

import orjson

from parley.eval.check import clean_colons, conforms, record_problems, schema_valid_problems
from parley.reading import parse_json
from parley.schema import Problem, RecordKind

_ESCAPED_COLONS = (b"\\u003a", b"\\u003A")


def _may_hide_a_colon(raw: bytes) -> bool:
    """Whether `raw` holds an escaped colon. Cheap screens first: a backslash (one byte scan, `memchr`, a tenth of
    the cost of looking for an escape; most prediction lines hold none), then the escapes' common prefix (gold
    texts hold escaped quotes and line breaks), then each spelling."""
    return b"\\" in raw and b"\\u003" in raw and (_ESCAPED_COLONS[0] in raw or _ESCAPED_COLONS[1] in raw)


def _fast_value(raw: bytes) -> tuple[Any, bytes] | None:
    """The value of `raw` and its canonical text (sorted keys, no whitespace: `read_gold.canonical_json`), when
    orjson reads it and no key is repeated; else None. Integers beyond 64 bits may come back as floats."""
    if _may_hide_a_colon(raw):
        return None
    try:
        value = orjson.loads(raw)
        text = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        return None
    if text.count(b":") != raw.count(b":"):
        return None
    return value, text


def _fast_record(raw: bytes, kind: RecordKind) -> tuple[Any, bool] | None:
    """(the record, True when it is semantically clean too) when orjson read `raw` as the strict reader would and the
    record conforms to the schema of `kind`; None when the line must go the strict way.

    The common valid record costs one orjson parse and one walk (`clean_colons`: conformance, semantic checks and
    the colon count together). A record that walk does not vouch for (it does not conform, or has semantic
    problems) is parsed again and proved the older way (canonical text and `conforms`): rare, and never wrong."""
    if _may_hide_a_colon(raw):
        return None
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    colons = clean_colons(value, kind)
    if colons is not None:
        return (value, True) if colons == raw.count(b":") else None
    fast = _fast_value(raw)
    if fast is not None and conforms(fast[0], kind):
        return fast[0], False
    return None


def read_record(
    raw: bytes, kind: RecordKind, *, file: str, line: int | None
) -> tuple[Any, list[Problem], bytes | None]:
    """`parse_json(raw)` and its `record_problems`, plus, for a gold record the fast way read without problems, its
    canonical text (`read_gold.canonical_json`; None otherwise: nobody keeps a prediction's canonical text, so it is
    not made). Raises `InputError` exactly when `parse_json` does."""
    fast = _fast_record(raw, kind)
    if fast is not None:
        record, clean = fast
        problems = [] if clean else schema_valid_problems(record, kind, file=file, line=line)
        if problems or kind != "gold":
            return record, problems, None
        return record, problems, orjson.dumps(record, option=orjson.OPT_SORT_KEYS)
    record = parse_json(raw)
    return record, record_problems(record, kind, file=file, line=line), None


_NOTHING = object()
"""What `StreamReader` vouches for when it vouches for no record (never a parsed value, unlike None)."""


class StreamReader:
    """`read_record` split in two for a reader that parses a line (`parse`) and checks the record later (`check`),
    as `parley validate` streams them: `parse` gives what `parse_json` gives, `check` what `record_problems` gives.

    A line the fast way read and found conforming is remembered (the last one only: records are checked in the
    order they are read), so its check skips the conformance walk it already passed (and the semantic checks too
    when that walk found it clean)."""

    def __init__(self, kind: RecordKind) -> None:
        self.kind = kind
        self._vouched: Any = _NOTHING
        self._clean = False

    def parse(self, raw: bytes) -> Any:
        fast = _fast_record(raw, self.kind)
        if fast is not None:
            self._vouched, self._clean = fast
            return self._vouched
        self._vouched = _NOTHING
        return parse_json(raw)

    def check(self, record: Any, kind: RecordKind, *, file: str, line: int | None) -> list[Problem]:
        if record is self._vouched and kind == self.kind:
            return [] if self._clean else schema_valid_problems(record, kind, file=file, line=line)
        return record_problems(record, kind, file=file, line=line)
