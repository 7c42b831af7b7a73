"""Tokens and sentences of an article, with code-point offsets, for the baselines."""

import re
from dataclasses import dataclass

# Numbers with thousands separators first, so "1,200" stays one token; words keep inner hyphens and apostrophes.
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?%?|\w+(?:[-'’]\w+)*|[^\w\s]")
_SENTENCE_END = {".", "!", "?"}


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    """The tokens of `text` with their code-point spans."""
    return [Token(match.start(), match.end(), match.group()) for match in _TOKEN.finditer(text)]


def sentence_ranges(tokens: list[Token], text: str) -> list[tuple[int, int]]:
    """Half-open token index ranges of the sentences: a break after `.`, `!`, `?` or at a line break."""
    ranges: list[tuple[int, int]] = []
    first = 0
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        line_break = following is not None and "\n" in text[token.end : following.start]
        if token.text in _SENTENCE_END or line_break or following is None:
            ranges.append((first, index + 1))
            first = index + 1
    return ranges


def sentence_of(ranges: list[tuple[int, int]]) -> list[int]:
    """For each token index, the index of its sentence."""
    owners: list[int] = []
    for number, (first, last) in enumerate(ranges):
        owners.extend([number] * (last - first))
    return owners


def stem(word: str) -> str:
    """A crude lemma: lowercased, common inflectional suffixes stripped (talks -> talk, agreed -> agre)."""
    lowered = word.lower()
    for suffix in ("ations", "ation", "ments", "ment", "ing", "ies", "ied", "ed", "es", "s"):
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 3:
            return lowered[: -len(suffix)]
    return lowered
