"""Time expressions in a trigger's sentence that no TIME mention covers."""

import re
from collections.abc import Iterator, Sequence

from parley.corpus.lint.findings import Finding
from parley.corpus.lint.text import ENTITY, TIME, AnalysedDocument

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_UNIT = rf"(?:week|weekend|month|year|spring|summer|autumn|fall|winter|{_MONTH}|{_WEEKDAY})"

TIME_PATTERNS: tuple[str, ...] = (
    rf"\b(?:(?:early|mid|late)[- ])?{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?\b",
    rf"\b\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?\b",
    rf"\b{_WEEKDAY}{_PART_OF_DAY}\b",
    rf"\b(?i:last|next|this|past|coming|previous|following)\s+{_UNIT}\b",
    r"\b(?i:earlier|later)\s+(?i:this|that|in\s+the)\s+(?i:week|month|year|day)\b",
    r"\b(?i:yesterday|today|tomorrow|tonight)\b",
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"(?<![\d,.$€£#])\b(?:19|20)\d{2}s?\b(?![,.]?\d|\s*%)",
)
"""Dates, months, weekdays, years, and relative expressions ("last week", "earlier this month").

Durations ("two weeks") are left out: they are TIME only when an event's duration, which a regex cannot see.
Month and weekday names are matched case-sensitively, so "may" and "march" are verbs.
"""

_TIME = re.compile("|".join(f"(?:{pattern})" for pattern in TIME_PATTERNS))


def time_expressions(text: str) -> list[tuple[int, int]]:
    """The spans of time expressions in `text`, overlapping matches merged."""
    spans: list[tuple[int, int]] = []
    for match in _TIME.finditer(text):
        start, end = match.span()
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def untagged_times(documents: Sequence[AnalysedDocument]) -> Iterator[Finding]:
    """Time expressions in sentences that hold a trigger, overlapping no TIME mention.

    One wholly inside another entity's mention ("the 2019 agreement" as a topic) is part of a name and left alone.
    """
    for document in documents:
        for start, end in time_expressions(document.text):
            if document.sentence_of(start) not in document.trigger_sentences:
                continue
            if document.covered(start, end, TIME) or document.inside(start, end, ENTITY):
                continue
            yield Finding.at(
                document,
                start,
                end,
                document.text[start:end],
                code="untagged-time",
                message="a time expression in a sentence holding a trigger, not covered by a TIME mention",
            )
