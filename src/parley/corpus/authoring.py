"""Authoring aid: turn a draft whose mentions are quotes into a gold record with code-point offsets.

A draft is a gold record (YAML or JSON) in which any mention may be written as
- `"quote"`: the first occurrence of the quote in the text,
- `"quote#N"`: its N-th occurrence (1-based),
- `{"quote": "...", "occurrence": N}`: the same, for quotes that contain '#',
- `{"start": .., "end": .., "text": ..}`: a mention with offsets, kept as it is.
Occurrences are counted at word boundaries, so "met" never matches inside "metal". Annotators can write drafts by
hand; `parley corpus ground` writes the record and validates it.
"""

import re
from collections.abc import Iterator
from typing import Any

from parley.reading import clip
from parley.schema.problems import json_pointer
from parley.schema.validation import load_schema

_OCCURRENCE_SUFFIX = re.compile(r"(?P<quote>.+)#(?P<n>-?[0-9]+)", re.DOTALL)
_QUOTE_KEYS = {"quote", "occurrence"}
_OFFSET_KEYS = {"start", "end", "text"}


class GroundingError(ValueError):
    """A draft mention that cannot be placed in the text; `pointer` locates it in the draft."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(message)
        self.pointer = pointer


def occurrences(text: str, quote: str) -> Iterator[int]:
    """Start offsets of `quote` in `text` at word boundaries, left to right, overlapping allowed."""
    pattern = re.escape(quote)
    if quote[:1].isalnum():
        pattern = r"(?<!\w)" + pattern
    if quote[-1:].isalnum():
        pattern += r"(?!\w)"
    for match in re.finditer(f"(?=({pattern}))", text):
        yield match.start()


def _shown(value: Any) -> str:
    return clip(repr(value), 80)


def parse_quote(spec: Any, pointer: str = "") -> tuple[str, int] | None:
    """(quote, occurrence) of a quoted mention, or None when the mention already carries offsets."""
    if isinstance(spec, str):
        match = _OCCURRENCE_SUFFIX.fullmatch(spec)
        quote, occurrence = (match["quote"], int(match["n"])) if match else (spec, 1)
    elif isinstance(spec, dict) and "quote" in spec:
        unknown = sorted(map(str, spec.keys() - _QUOTE_KEYS))
        if unknown:
            raise GroundingError(pointer, f"a quote mention takes quote and occurrence, not {', '.join(unknown)}")
        quote, occurrence = spec["quote"], spec.get("occurrence", 1)
        if not isinstance(quote, str):
            raise GroundingError(pointer, f"a quote must be a string, not {_shown(quote)}")
        if not isinstance(occurrence, int) or isinstance(occurrence, bool):
            raise GroundingError(pointer, f"an occurrence must be a whole number, not {_shown(occurrence)}")
    else:
        return None
    if occurrence < 1:
        raise GroundingError(pointer, f"occurrence {occurrence} of {_shown(quote)}: occurrences count from 1")
    return quote, occurrence


class _OccurrenceIndex:
    """The occurrences of each distinct quote in one text, found once however many mentions repeat it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: dict[str, list[int]] = {}

    def starts(self, quote: str) -> list[int]:
        if quote not in self._starts:
            self._starts[quote] = list(occurrences(self.text, quote))
        return self._starts[quote]


def _ground(index: _OccurrenceIndex, spec: Any, pointer: str) -> dict[str, Any]:
    parsed = parse_quote(spec, pointer)
    if parsed is None:
        if isinstance(spec, dict) and spec.keys() == _OFFSET_KEYS:
            return {"start": spec["start"], "end": spec["end"], "text": spec["text"]}
        raise GroundingError(pointer, f"a mention must be a quote or {{start, end, text}}, not {_shown(spec)}")
    quote, occurrence = parsed
    if not quote:
        raise GroundingError(pointer, "empty quote")
    starts = index.starts(quote)
    if occurrence > len(starts):
        raise GroundingError(pointer, f"{_shown(quote)} occurrence {occurrence} not found ({len(starts)} in the text)")
    start = starts[occurrence - 1]
    return {"start": start, "end": start + len(quote), "text": quote}


def ground_mention(text: str, spec: Any, pointer: str) -> dict[str, Any]:
    """The mention `{start, end, text}` that a draft mention names."""
    return _ground(_OccurrenceIndex(text), spec, pointer)


def _items(container: dict[str, Any], key: str, pointer: str) -> list[Any]:
    value = container.get(key, [])
    if not isinstance(value, list):
        raise GroundingError(f"{pointer}/{key}", f"{key} must be a list, not {_shown(value)}")
    return value


def _grounded_items(
    index: _OccurrenceIndex, draft: dict[str, Any], collection: str, mentions: str
) -> list[dict[str, Any]]:
    grounded = []
    for item_index, item in enumerate(_items(draft, collection, "")):
        pointer = json_pointer(collection, item_index)
        if not isinstance(item, dict):
            raise GroundingError(pointer, f"each of {collection} must be a mapping, not {_shown(item)}")
        specs = _items(item, mentions, pointer)
        grounded.append(
            {
                **item,
                mentions: [
                    _ground(index, spec, json_pointer(collection, item_index, mentions, spec_index))
                    for spec_index, spec in enumerate(specs)
                ],
            }
        )
    return grounded


def ground_draft(draft: dict[str, Any]) -> dict[str, Any]:
    """The gold record a draft describes; raises GroundingError at the first mention that cannot be placed.

    Everything else (metadata, arguments, relations) is passed through for validation to judge.
    """
    text = draft.get("text")
    if not isinstance(text, str):
        raise GroundingError("/text", "the draft has no text")
    index = _OccurrenceIndex(text)
    record = dict(draft)
    record["entities"] = _grounded_items(index, draft, "entities", "mentions")
    record["events"] = _grounded_items(index, draft, "events", "triggers")
    # Keys in the schema's order (a draft may list `relations` last), unknown keys after them for the validator.
    order = {name: position for position, name in enumerate(load_schema("document.schema.json")["properties"])}
    return dict(sorted(record.items(), key=lambda item: order.get(str(item[0]), len(order))))
