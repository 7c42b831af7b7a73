"""Candidate argument spans of an article: parties, places, dates and quantities found by simple patterns.

Both baselines start from these; each candidate carries a guessed entity type, a coreference key (candidates
with the same key become one entity) and a normalized value when the pattern gives one. Dates are resolved
against the dateline, as the guidelines ask.
"""

import datetime as dt
from dataclasses import dataclass

from parley.systems import gazetteer
from parley.systems.text import Token, sentence_of, sentence_ranges, tokenize


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span that may fill a role: token indexes `first..last` inclusive, character span `start..end`."""

    first: int
    last: int
    start: int
    end: int
    text: str
    type: str
    key: str
    normalized: str | None


@dataclass(frozen=True, slots=True)
class Analysis:
    """An article's tokens, sentences and candidate spans, computed once per document."""

    text: str
    tokens: list[Token]
    sentence: list[int]
    """Token index -> sentence index."""
    candidates: list[Candidate]


# Surface tokens -> (entity type, key, normalized), for the closed lists.
_Entry = tuple[str, str, str | None]
_LOCATION_PREPOSITIONS = {"in", "at", "near", "outside", "inside"}
_STOP = {"to", "of", "and", "or", "the", "a", "an", "in", "on", "at", "for", "by", "with", "from", "than", "as", "more"}
_MONTH_PREPOSITIONS = {"in", "of", "early", "late", "mid", "since", "until", "by", "from", "through"}


def _gazetteer_entries() -> dict[tuple[str, ...], _Entry]:
    entries: dict[tuple[str, ...], _Entry] = {}

    def add(surface: str, entry: _Entry) -> None:
        entries.setdefault(tuple(token.text for token in tokenize(surface)), entry)

    for state, forms in gazetteer.STATES.items():
        for form in forms:
            add(form, ("STATE", f"state:{state}", state))
    for place in gazetteer.PLACES:
        add(place, ("LOCATION", f"place:{place.lower()}", place))
    for organization in gazetteer.ORGANIZATIONS:
        add(organization, ("ORGANIZATION", f"org:{organization.lower()}", None))
    for state, demonyms in gazetteer.DEMONYMS.items():
        for demonym in demonyms:
            for head in gazetteer.STATE_HEADS:
                add(f"{demonym} {head}", ("STATE", f"state:{state}", state))
            if demonym.endswith("s"):
                add(demonym, ("STATE", f"state:{state}", state))
    return entries


_ENTRIES = _gazetteer_entries()
_LONGEST_ENTRY = max(len(key) for key in _ENTRIES)
_MONTHS = {name.lower(): number for number, name in enumerate(gazetteer.MONTHS, start=1)}
_WEEKDAYS = {name.lower(): number for number, name in enumerate(gazetteer.WEEKDAYS)}
_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_TITLES = frozenset(gazetteer.TITLES)
_ORGANIZATION_WORDS = frozenset(gazetteer.ORGANIZATION_WORDS)


def _number(token: Token) -> float | None:
    word = token.lower.rstrip("%")
    if word in gazetteer.NUMBER_WORDS:
        return float(gazetteer.NUMBER_WORDS[word])
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return None


def _format_number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _dateline(date: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(date[:10])
    except ValueError:
        return None


class _Finder:
    """Collects candidate spans with a priority; overlaps are settled afterwards, best priority first."""

    def __init__(self, text: str, tokens: list[Token], dateline: dt.date | None) -> None:
        self.text, self.tokens, self.dateline = text, tokens, dateline
        self.found: list[tuple[int, Candidate]] = []

    def add(self, priority: int, first: int, last: int, entity_type: str, key: str, normalized: str | None) -> None:
        start, end = self.tokens[first].start, self.tokens[last].end
        text = self.text[start:end]
        self.found.append((priority, Candidate(first, last, start, end, text, entity_type, key, normalized)))

    def word(self, index: int) -> str:
        return self.tokens[index].lower if 0 <= index < len(self.tokens) else ""

    def gazetteer(self) -> None:
        for index in range(len(self.tokens)):
            for length in range(min(_LONGEST_ENTRY, len(self.tokens) - index), 0, -1):
                surface = tuple(token.text for token in self.tokens[index : index + length])
                if surface in _ENTRIES:
                    entity_type, key, normalized = _ENTRIES[surface]
                    self.add(0, index, index + length - 1, entity_type, key, normalized)
                    break

    def dates(self) -> None:
        for index, token in enumerate(self.tokens):
            word = token.lower
            if word in _WEEKDAYS and token.capitalised:
                day = None
                if self.dateline is not None:
                    back = (self.dateline.weekday() - _WEEKDAYS[word]) % 7
                    day = (self.dateline - dt.timedelta(days=back)).isoformat()
                self.add(1, index, index, "TIME", f"time:{day or word}", day)
            elif word in _RELATIVE_DAYS and self.dateline is not None:
                day = (self.dateline + dt.timedelta(days=_RELATIVE_DAYS[word])).isoformat()
                self.add(1, index, index, "TIME", f"time:{day}", day)
            elif word in _MONTHS and token.capitalised:
                self._month(index, _MONTHS[word])
            elif len(token.text) == 4 and token.text.isdigit() and 1900 <= int(token.text) <= 2099:
                self.add(2, index, index, "TIME", f"time:{token.text}", token.text)

    def _month(self, index: int, month: int) -> None:
        year = self.dateline.year if self.dateline else None
        following = self.word(index + 1)
        if following.isdigit() and 1 <= int(following) <= 31:
            last = index + 1
            if self.word(index + 2) == "," and len(self.word(index + 3)) == 4 and self.word(index + 3).isdigit():
                year, last = int(self.word(index + 3)), index + 3
            normalized = None
            if year is not None:
                try:
                    normalized = dt.date(year, month, int(following)).isoformat()
                except ValueError:
                    normalized = None
            self.add(1, index, last, "TIME", f"time:{normalized or self.text[self.tokens[index].start :]}", normalized)
            return
        last = index
        if len(following) == 4 and following.isdigit():
            year, last = int(following), index + 1
        elif self.word(index - 1) not in _MONTH_PREPOSITIONS:
            return  # "May" the verb, or a month too far from any date words to trust
        normalized = f"{year:04d}-{month:02d}" if year is not None else None
        self.add(1, index, last, "TIME", f"time:{normalized or month}", normalized)

    def quantities(self) -> None:
        for index, token in enumerate(self.tokens):
            value = _number(token)
            if value is None or (token.text.isdigit() and len(token.text) == 4 and 1900 <= value <= 2099):
                continue
            upper = self._token(index + 2)
            ranged = self.word(index + 1) in {"to", "or", "-"} and upper is not None and _number(upper) is not None
            if ranged and self.word(index + 3) in gazetteer.DURATION_UNITS:  # a range of durations: "24 to 48 hours"
                span_text = self.text[token.start : self.tokens[index + 3].end]
                self.add(1, index, index + 3, "TIME", f"time:{span_text}", None)
                continue
            last = index
            if self.word(index + 1) in {"million", "billion"}:
                value *= 1e6 if self.word(index + 1) == "million" else 1e9
                last += 1
            if self.word(last + 1) == "more":
                last += 1
            unit = self.word(last + 1)
            if unit in gazetteer.DURATION_UNITS:
                designator = gazetteer.DURATION_UNITS[unit]
                amount = _format_number(value)
                normalized = f"PT{amount}H" if designator == "TH" else f"P{amount}{designator}"
                self.add(
                    1, index, last + 1, "TIME", f"time:{self.text[token.start : self.tokens[last + 1].end]}", normalized
                )
                continue
            if "-" in token.text:
                continue
            if token.text.endswith("%") or unit in {"percent", "per"}:
                last = last if token.text.endswith("%") else last + 1
            else:
                # The counted noun, possibly after one demonym or name: "3,000 Ukrainian servicemen".
                after, second = self._token(last + 1), self._token(last + 2)
                if after is not None and after.text.isalpha() and not after.capitalised and after.lower not in _STOP:
                    last += 1
                elif after is not None and after.capitalised and second is not None and second.text.isalpha():
                    last += 0 if second.capitalised else 2
            if token.lower in gazetteer.NUMBER_WORDS and last == index:
                continue  # a bare number word ("one of them") counts nothing
            normalized = _format_number(value)
            self.add(
                2, index, last, "QUANTITY", f"quantity:{self.text[token.start : self.tokens[last].end]}", normalized
            )

    def capitalised(self, sentence: list[int]) -> None:
        runs: list[tuple[int, int]] = []
        index = 0
        while index < len(self.tokens):
            if not self._name_word(index):
                index += 1
                continue
            last = index
            while last + 1 < len(self.tokens) and (
                self._name_word(last + 1)
                or (self.word(last + 1) == "of" and last + 2 < len(self.tokens) and self._name_word(last + 2))
            ):
                last += 2 if self.word(last + 1) == "of" else 1
            runs.append((index, last))
            index = last + 1
        people: set[str] = set()
        trimmed: list[tuple[int, int, bool]] = []
        for first, last in runs:
            titled = False
            while first <= last and (
                self.tokens[first].text in gazetteer.FUNCTION_WORDS or self.tokens[first].text in _TITLES
            ):
                titled = titled or self.tokens[first].text in _TITLES
                first += 1
            if first > last:
                continue
            trimmed.append((first, last, titled))
            if last > first and not self._organization(first, last):
                people.add(self.tokens[last].lower)
        for first, last, titled in trimmed:
            text = self.text[self.tokens[first].start : self.tokens[last].end]
            preposition = self.word(first - 1) in _LOCATION_PREPOSITIONS or (
                self.word(first - 1) == "the" and self.word(first - 2) in _LOCATION_PREPOSITIONS
            )
            if self._organization(first, last):
                self.add(3, first, last, "ORGANIZATION", f"org:{text.lower()}", None)
            elif preposition and not titled:
                self.add(3, first, last, "LOCATION", f"place:{text.lower()}", text)
            elif last > first or titled or self.tokens[last].lower in people:
                self.add(3, first, last, "PERSON", f"person:{self.tokens[last].lower}", None)
            elif first > 0 and sentence[first] == sentence[first - 1]:
                self.add(4, first, last, "ORGANIZATION", f"org:{text.lower()}", None)

    def _token(self, index: int) -> Token | None:
        return self.tokens[index] if 0 <= index < len(self.tokens) else None

    def _name_word(self, index: int) -> bool:
        token = self.tokens[index]
        return (
            token.capitalised
            and token.lower not in _MONTHS
            and token.lower not in _WEEKDAYS
            and any(character.isalpha() for character in token.text)
        )

    def _organization(self, first: int, last: int) -> bool:
        return any(token.text in _ORGANIZATION_WORDS for token in self.tokens[first : last + 1])


def _settle(found: list[tuple[int, Candidate]]) -> list[Candidate]:
    """Non-overlapping candidates: best priority first, then longest, then leftmost."""
    taken: list[Candidate] = []
    used: set[int] = set()
    for _, candidate in sorted(found, key=lambda item: (item[0], item[1].first - item[1].last, item[1].first)):
        indexes = set(range(candidate.first, candidate.last + 1))
        if indexes & used:
            continue
        used |= indexes
        taken.append(candidate)
    return sorted(taken, key=lambda candidate: candidate.first)


def analyse(text: str, date: str) -> Analysis:
    """Tokens, sentences and candidate argument spans of an article published on `date` (ISO 8601)."""
    tokens = tokenize(text)
    sentence = sentence_of(sentence_ranges(tokens, text))
    finder = _Finder(text, tokens, _dateline(date))
    finder.gazetteer()
    finder.dates()
    finder.quantities()
    finder.capitalised(sentence)
    return Analysis(text, tokens, sentence, _settle(finder.found))
