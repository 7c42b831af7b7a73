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

from parley.schema.problems import json_pointer
from parley.schema.validation import load_schema

_OCCURRENCE_SUFFIX = re.compile(r"^(?P<quote>.+)#(?P<n>[1-9][0-9]*)$", re.DOTALL)


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


def parse_quote(spec: Any) -> tuple[str, int] | None:
    """(quote, occurrence) of a quoted mention, or None when the mention already carries offsets."""
    if isinstance(spec, str):
        match = _OCCURRENCE_SUFFIX.match(spec)
        return (match["quote"], int(match["n"])) if match else (spec, 1)
    if isinstance(spec, dict) and "quote" in spec:
        return str(spec["quote"]), int(spec.get("occurrence", 1))
    return None


def ground_mention(text: str, spec: Any, pointer: str) -> dict[str, Any]:
    """The mention `{start, end, text}` that a draft mention names."""
    parsed = parse_quote(spec)
    if parsed is None:
        if isinstance(spec, dict) and {"start", "end", "text"} <= spec.keys():
            return {"start": spec["start"], "end": spec["end"], "text": spec["text"]}
        raise GroundingError(pointer, f"a mention must be a quote or {{start, end, text}}, not {spec!r}")
    quote, occurrence = parsed
    if not quote:
        raise GroundingError(pointer, "empty quote")
    starts = list(occurrences(text, quote))
    if occurrence > len(starts):
        raise GroundingError(pointer, f"{quote!r} occurrence {occurrence} not found ({len(starts)} in the text)")
    start = starts[occurrence - 1]
    return {"start": start, "end": start + len(quote), "text": quote}


def ground_draft(draft: dict[str, Any]) -> dict[str, Any]:
    """The gold record a draft describes; raises GroundingError at the first mention that cannot be placed."""
    text = draft.get("text")
    if not isinstance(text, str):
        raise GroundingError("/text", "the draft has no text")
    record = dict(draft)
    record["entities"] = [
        {
            **entity,
            "mentions": [
                ground_mention(text, spec, json_pointer("entities", e_index, "mentions", m_index))
                for m_index, spec in enumerate(entity.get("mentions", []))
            ],
        }
        for e_index, entity in enumerate(draft.get("entities", []))
    ]
    record["events"] = [
        {
            **event,
            "triggers": [
                ground_mention(text, spec, json_pointer("events", v_index, "triggers", t_index))
                for t_index, spec in enumerate(event.get("triggers", []))
            ],
        }
        for v_index, event in enumerate(draft.get("events", []))
    ]
    # Keys in the schema's order (a draft may list `relations` last), unknown keys after them for the validator.
    order = {name: position for position, name in enumerate(load_schema("document.schema.json")["properties"])}
    return dict(sorted(record.items(), key=lambda item: order.get(item[0], len(order))))
