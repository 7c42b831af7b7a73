"""Reading untrusted input: the one strict reader behind every JSON, JSONL and YAML file Parley accepts.

The standard libraries are lenient where a benchmark must not be: `json` keeps the last of two equal keys (a second
`"events": []` silently empties a document), accepts `"\\ud800"` (a lone surrogate that later crashes every writer),
`NaN`, and raises RecursionError or a bare ValueError on deep nesting and huge integers; `str.splitlines` splits a
JSON Lines file at U+2028; `yaml.safe_load` expands aliases (a 600-byte "billion laughs" draft) and keeps the last
of two equal keys; `open()` on a FIFO blocks forever and `/dev/zero` has no end. Every problem here becomes an
`InputError` with a short code and a one-line message, so each caller reports it in its own format.
"""

import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import yaml

MAX_LINE_BYTES = 64 * 1024 * 1024
"""The longest JSON Lines line read: a news document with its annotation is a few tens of kilobytes."""
MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024
"""The largest whole JSON file read into memory (JSON Lines files are streamed and have no such limit)."""
MAX_YAML_BYTES = 16 * 1024 * 1024
"""The largest YAML file read: drafts and dataset cards are small, and the pure-Python parser is slow."""

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class InputError(ValueError):
    """Input that cannot be read as what it should be: `code` names the problem, `message` says it in one line."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return obj


def _reject_constant(name: str) -> Any:
    raise InputError("not-json", f"{name} is not a JSON value")


_DECODER = json.JSONDecoder(object_pairs_hook=_unique_object, parse_constant=_reject_constant)


def clip(value: str, limit: int = 200) -> str:
    """`value` cut to about `limit` characters, saying how long it was: echoed input never makes a huge line."""
    if len(value) <= limit:
        return value
    return f"{value[:limit]}... ({len(value)} characters)"


def _lone_surrogate(value: Any) -> str | None:
    """The first string (or key) in `value` holding a lone surrogate, shown escaped, or None."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            strings = [item]
        elif isinstance(item, dict):
            strings = [key for key in item if isinstance(key, str)]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
            continue
        else:
            continue
        for text in strings:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                return clip(ascii(text), 80)
    return None


def check_unicode(value: Any) -> None:
    """Raise `bad-unicode` when a string in `value` holds a lone surrogate (no UTF-8 writer can encode it)."""
    found = _lone_surrogate(value)
    if found is not None:
        raise InputError("bad-unicode", f"a string holds a lone surrogate, which is not a Unicode character: {found}")


def decode_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # a byte order mark is tolerated, as editors on Windows write one
    except UnicodeDecodeError as error:
        raise InputError("not-utf8", f"not UTF-8 (byte {error.start})") from None


def parse_json(data: bytes | str) -> Any:
    """One JSON value, strictly: see the module docstring for what is refused."""
    text = decode_utf8(data) if isinstance(data, bytes) else data
    try:
        value = _DECODER.decode(text)
    except InputError:
        raise
    except _DuplicateKeyError as error:
        raise InputError("duplicate-key", f"key {clip(repr(error.key), 80)} appears twice in one object") from None
    except json.JSONDecodeError as error:
        raise InputError("not-json", f"{error.msg} at line {error.lineno} column {error.colno}") from None
    except RecursionError:
        raise InputError("too-deep", "arrays and objects are nested too deeply") from None
    except ValueError as error:  # int() refuses more than 4,300 digits
        raise InputError("bad-number", clip(str(error).split(";")[0], 120)) from None
    if _SURROGATE_ESCAPE.search(text):
        check_unicode(value)
    return value


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading in binary, refused unless it is a regular file (a FIFO never blocks the open)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError("not-found", "no such file") from None
    except IsADirectoryError:
        raise InputError("not-a-file", "is a folder, not a file") from None
    except OSError as error:
        raise InputError("unreadable", error.strerror or str(error)) from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device, FIFO or socket)"
        raise InputError("not-a-file", f"is {kind}")
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


def read_bytes(path: Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The whole content of a regular file of at most `limit` bytes."""
    with open_regular(path) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise InputError("unreadable", error.strerror or str(error)) from None
    if len(data) > limit:
        raise InputError("too-large", f"larger than {limit} bytes")
    return data


def read_text(path: Path, *, limit: int = MAX_FILE_BYTES) -> str:
    """The whole content of a regular UTF-8 text file of at most `limit` bytes."""
    return decode_utf8(read_bytes(path, limit=limit))


def read_json(path: Path, *, limit: int = MAX_FILE_BYTES) -> Any:
    """The JSON value in a regular file, read strictly."""
    return parse_json(read_bytes(path, limit=limit))


Line = tuple[int, bytes | InputError]
"""A non-blank line of a JSON Lines file: its number and its bytes, or the error that stopped it being read."""


def iter_lines(handle: BinaryIO, *, limit: int = MAX_LINE_BYTES) -> Iterator[Line]:
    """The non-blank lines of a file, split at b"\\n" only; a line over `limit` bytes is skipped and reported."""
    number = 0
    with handle:
        while True:
            try:
                raw = handle.readline(limit + 1)
            except OSError as error:
                yield number + 1, InputError("unreadable", error.strerror or str(error))
                return
            if not raw:
                return
            number += 1
            if len(raw) > limit and not raw.endswith(b"\n"):
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                yield number, InputError("line-too-long", f"line is longer than {limit} bytes")
            elif raw.strip():
                yield number, raw


def open_lines(path: Path, *, limit: int = MAX_LINE_BYTES) -> Iterator[Line]:
    """The non-blank lines of a JSON Lines file; raises InputError at once when it cannot be opened."""
    return iter_lines(open_regular(path), limit=limit)


def split_lines(text: str) -> Iterator[tuple[int, str]]:
    """The non-blank lines of JSON Lines text, split at "\\n" only (U+2028 and U+0085 are valid inside JSON)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield number, line


class _StrictYamlLoader(yaml.SafeLoader):
    """YAML without aliases (a small file cannot expand into gigabytes) and without repeated keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event: Any = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.YAMLError(f"aliases are not allowed (*{clip(str(event.anchor), 40)}, {event.start_mark})")
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                repeated = key in seen
                seen.add(key)
            except TypeError:
                raise yaml.YAMLError(f"a mapping key must be a plain value ({key_node.start_mark})") from None
            if repeated:
                raise yaml.YAMLError(f"key {clip(repr(key), 80)} appears twice in one mapping ({key_node.start_mark})")
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def parse_yaml(text: str) -> Any:
    """One YAML document, strictly: no aliases, no repeated keys, no lone surrogates, bounded nesting."""
    try:
        value = yaml.load(text, Loader=_StrictYamlLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as error:
        raise InputError("not-yaml", clip(" ".join(str(error).split()), 300)) from None
    except RecursionError:
        raise InputError("too-deep", "sequences and mappings are nested too deeply") from None
    check_unicode(value)
    return value


def read_yaml(path: Path, *, limit: int = MAX_YAML_BYTES) -> Any:
    """The YAML document in a regular file, read strictly."""
    return parse_yaml(read_text(path, limit=limit))
