"""Text analysis shared by the checks: words with a crude lemma, sentences, and which characters mentions cover.

The lemma is deliberately simple (lowercase, an irregular-verb table, suffix stripping): it only has to map the
inflections of one word to one key, never to be a dictionary form, and it needs no model.
"""

import bisect
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")

IRREGULAR: dict[str, str] = {
    "met": "meet",
    "struck": "strike",
    "sought": "seek",
    "won": "win",
    "held": "hold",
    "broke": "break",
    "broken": "break",
    "made": "make",
    "gave": "give",
    "given": "give",
    "took": "take",
    "taken": "take",
    "spoke": "speak",
    "spoken": "speak",
    "withdrew": "withdraw",
    "withdrawn": "withdraw",
    "drew": "draw",
    "drawn": "draw",
    "brought": "bring",
    "came": "come",
    "went": "go",
    "gone": "go",
    "told": "tell",
    "sent": "send",
    "left": "leave",
    "fought": "fight",
    "ran": "run",
    "wrote": "write",
    "written": "write",
    "threw": "throw",
    "thrown": "throw",
    "sat": "sit",
    "set": "set",
    "put": "put",
    "cut": "cut",
    "got": "get",
    "began": "begin",
    "begun": "begin",
    "froze": "freeze",
    "frozen": "freeze",
    "bound": "bind",
    "stood": "stand",
    "led": "lead",
    "paid": "pay",
    "laid": "lay",
    "said": "say",
    "kept": "keep",
}

_UNDOUBLE = re.compile(r"([b-df-hj-km-np-rtv-z])\1$")


@lru_cache(maxsize=1 << 16)
def lemma(word: str) -> str:
    """A crude lemma: `agreed`, `agrees` and `agree` share one, as do `talks` and `talk`."""
    form = word.lower().replace("’", "'").removesuffix("'s")
    if form in IRREGULAR:
        return IRREGULAR[form]
    if len(form) > 4 and form.endswith("ies"):
        form = form[:-3] + "y"
    elif form.endswith("s") and not form.endswith(("ss", "us", "is")) and len(form) > 3:
        form = form[:-1]
    if len(form) > 4 and form.endswith("ied"):
        return form[:-3] + "y"
    if len(form) > 4 and form.endswith("ed"):
        return _UNDOUBLE.sub(r"\1", form[:-2])
    if len(form) > 5 and form.endswith("ing"):
        return _UNDOUBLE.sub(r"\1", form[:-3])
    # "agree" meets "agreed" at "agre", "negotiate" meets "negotiated" at "negotiat".
    return form[:-1] if len(form) > 3 and form.endswith("e") else form


def inflection(word: str) -> str:
    """The inflection of a word, crudely: "ing", "ed" (with irregular past forms) or "base" (plurals too).

    Lemmas conflate "dealing" with "deal" and "tabled" with "table"; comparing the inflection as well keeps a
    noun from standing in for a verb.
    """
    form = word.lower()
    if form in IRREGULAR:
        return "ed"
    if len(form) > 5 and form.endswith("ing"):
        return "ing"
    if len(form) > 4 and form.endswith("ed"):
        return "ed"
    return "base"


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    lemma: str


def words(text: str, offset: int = 0) -> list[Word]:
    """The words of `text` with their code-point offsets (plus `offset`)."""
    return [Word(m.start() + offset, m.end() + offset, m.group(), lemma(m.group())) for m in WORD.finditer(text)]


def lemma_key(text: str) -> tuple[str, ...]:
    """The lemmas of a phrase, the key under which a trigger is compared across documents."""
    return tuple(word.lemma for word in words(text))


_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n+")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Col|Lt|Sgt|Prof|Inc|Ltd|Co|Corp|No|vs|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))\.$"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: a break after . ! ? before a capital or digit (not after Mr., U.S. ...), and at newlines."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group().startswith(".") and _ABBREVIATION.search(text[max(0, match.start() - 6) : match.start() + 1]):
            continue
        if match.start() > start:
            spans.append((start, match.start() + len(match.group().rstrip())))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# Coverage flags, one byte per character of the text.
TRIGGER = 1
ENTITY = 2
TIME = 4
NOT_A_TOPIC_NOUN = 8
"""Inside an entity mention other than a bare ISSUE noun phrase: a name ("Paris Agreement", R-AGREE-4) or a
non-ISSUE entity ("the negotiating team"), or an ISSUE that is some event's `condition` ("no agreement was reached
by Thursday", R-COND-1). Words there are not triggers; an agreement noun in "the deal" is (R-AGREE-2), even as the
topic of another event."""

_NOT_A_NAME_START = frozenset(
    (
        *("the", "a", "an", "its", "their", "his", "her", "our", "your", "my", "this", "that", "these", "those"),
        *("both", "each", "all", "some", "any", "another", "other", "such", "several", "many"),
        *("it", "they", "he", "she", "we", "them", "him", "us", "who", "which", "one", "two", "three", "four"),
    )
)


def is_name(surface: str) -> bool:
    """Whether a mention reads as a name ("Kyiv", "EU"), not a description or pronoun ("the union", "it")."""
    first = surface.split(maxsplit=1)[0] if surface.strip() else ""
    return bool(first) and first[0].isupper() and first.lower() not in _NOT_A_NAME_START


@dataclass(frozen=True)
class TriggerMention:
    start: int
    end: int
    text: str
    event_id: str
    event_type: str
    key: tuple[str, ...]


@dataclass(frozen=True)
class EntityMention:
    start: int
    end: int
    text: str
    entity_id: str
    entity_type: str
    normalized: str | None


class AnalysedDocument:
    """One gold record with what the checks look up in it, computed once."""

    def __init__(self, record: dict[str, Any], file: str) -> None:
        self.record = record
        self.file = file
        self.id: str = record["id"]
        self.text: str = record["text"]
        self.triggers = [
            TriggerMention(m["start"], m["end"], m["text"], event["id"], event["type"], lemma_key(m["text"]))
            for event in record["events"]
            for m in event["triggers"]
        ]
        self.mentions = [
            EntityMention(m["start"], m["end"], m["text"], entity["id"], entity["type"], entity.get("normalized"))
            for entity in record["entities"]
            for m in entity["mentions"]
        ]
        self.events: dict[str, dict[str, Any]] = {event["id"]: event for event in record["events"]}
        self.relations: list[dict[str, Any]] = list(record.get("relations") or [])

    @cached_property
    def words(self) -> list[Word]:
        return words(self.text)

    @cached_property
    def word_starts(self) -> list[int]:
        return [word.start for word in self.words]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return sentences(self.text)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [start for start, _ in self.sentences]

    def sentence_of(self, offset: int) -> int:
        """The index of the sentence holding `offset`."""
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    @cached_property
    def condition_entities(self) -> frozenset[str]:
        """The entities that fill some event's `condition` role: clauses whose event words are no triggers
        (R-COND-1)."""
        return frozenset(
            argument["entity"]
            for event in self.record["events"]
            for argument in event["arguments"]
            if argument["role"] == "condition"
        )

    @cached_property
    def coverage(self) -> bytearray:
        flags = bytearray(len(self.text))
        for trigger in self.triggers:
            for i in range(trigger.start, trigger.end):
                flags[i] |= TRIGGER
        conditions = self.condition_entities
        for mention in self.mentions:
            flag = ENTITY | (TIME if mention.entity_type == "TIME" else 0)
            # Event words inside a condition clause are never triggers (R-COND-1).
            if mention.entity_type != "ISSUE" or is_name(mention.text) or mention.entity_id in conditions:
                flag |= NOT_A_TOPIC_NOUN
            for i in range(mention.start, mention.end):
                flags[i] |= flag
        return flags

    def covered(self, start: int, end: int, flags: int) -> bool:
        """Whether any character in [start, end) is inside a mention of the kinds in `flags`."""
        return any(flag & flags for flag in self.coverage[start:end])

    def inside(self, start: int, end: int, flags: int) -> bool:
        """Whether every character in [start, end) is inside a mention of the kinds in `flags`."""
        return end > start and all(flag & flags for flag in self.coverage[start:end])

    @cached_property
    def trigger_sentences(self) -> frozenset[int]:
        """The sentences that hold the start of some trigger."""
        return frozenset(self.sentence_of(trigger.start) for trigger in self.triggers)
