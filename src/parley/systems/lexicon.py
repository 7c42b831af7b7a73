"""The lexicon baseline, the benchmark's floor: trigger words per event type and fixed rules for the roles.

No training. Each lexicon phrase found in the text triggers an event of its type (phrases of one type in one
sentence are one event); candidates in the same sentence
fill roles by position (the party before the trigger initiates, the party after receives), reporting verbs
mark sources, and cue words before the trigger set polarity and realis.
"""

from typing import Any

from parley.systems.assembly import DraftEvent, build_prediction
from parley.systems.candidates import Analysis, Candidate, analyse
from parley.systems.cues import cue_words, rule_attributes
from parley.systems.interface import InputDocument
from parley.systems.text import tokenize

SYSTEM_NAME = "lexicon"

TRIGGERS: dict[str, tuple[str, ...]] = {
    "NEGOTIATE": (
        "talks", "negotiations", "negotiation", "negotiate", "negotiated", "negotiating", "met", "meet", "meeting",
        "meetings", "round", "session", "summit", "consultations", "dialogue", "discussions",
    ),
    "MEDIATE": ("mediate", "mediated", "mediating", "mediation", "brokered", "broker", "hosted", "host", "facilitated"),
    "PROPOSE": (
        "propose", "proposed", "proposes", "proposal", "offered", "offer", "offers", "suggested", "plan", "put forward",
    ),
    "DEMAND": ("demand", "demanded", "demands", "called for", "calls for", "urged", "urges", "insisted", "requested"),
    "AGREE": ("agree", "agreed", "agrees", "agreement", "deal", "accord", "accepted", "accept", "consensus"),
    "SIGN": ("sign", "signed", "signs", "signing", "ratified", "ratify"),
    "REJECT": ("reject", "rejected", "rejects", "refused", "refuses", "rejection", "dismissed", "denied"),
    "CONCEDE": ("concede", "conceded", "concession", "concessions", "eased", "hand over", "pause"),
    "IMPLEMENT": (
        "exchange", "exchanged", "exchanges", "swap", "released", "release", "freed", "implemented", "took effect",
        "carried out", "handed over",
    ),
    "WITHDRAW": (
        "walked out", "suspended", "postponed", "cancelled", "canceled", "pulled out", "broke off", "collapse",
    ),
    "THREATEN": ("threaten", "threatened", "threatens", "threat", "warned", "warns", "ultimatum"),
    "ACCUSE": ("accuse", "accused", "accuses", "blamed", "blames", "accusation", "violated", "violation"),
}  # fmt: skip

# Event type -> (role of a party before the trigger, role of a party after it).
PARTY_ROLES: dict[str, tuple[str, str]] = {
    "NEGOTIATE": ("participant", "participant"),
    "MEDIATE": ("mediator", "participant"),
    "AGREE": ("participant", "participant"),
    "SIGN": ("participant", "participant"),
    "IMPLEMENT": ("actor", "recipient"),
}
DIRECTED = ("actor", "recipient")
PARTY_TYPES = frozenset({"STATE", "ORGANIZATION", "PERSON", "GROUP"})
REPORTING = frozenset({"said", "says", "told", "according", "announced", "stated"})


def _phrases() -> dict[tuple[str, ...], str]:
    return {
        tuple(token.lower for token in tokenize(phrase)): event_type
        for event_type, phrases in TRIGGERS.items()
        for phrase in phrases
    }


_PHRASES = _phrases()
_LONGEST = max(len(phrase) for phrase in _PHRASES)


def find_triggers(analysis: Analysis) -> list[tuple[int, int, str]]:
    """Lexicon matches as (first token, last token, event type), longest phrase first, not inside a candidate."""
    inside = {index for candidate in analysis.candidates for index in range(candidate.first, candidate.last + 1)}
    words = [token.lower for token in analysis.tokens]
    found: list[tuple[int, int, str]] = []
    index = 0
    while index < len(words):
        for length in range(min(_LONGEST, len(words) - index), 0, -1):
            phrase = tuple(words[index : index + length])
            if phrase in _PHRASES and index not in inside:
                found.append((index, index + length - 1, _PHRASES[phrase]))
                index += length - 1
                break
        index += 1
    return found


def is_source(analysis: Analysis, candidate: Candidate) -> bool:
    """Whether a reporting verb sits right next to the candidate ("Medinsky said", "according to Medinsky")."""
    words = [token.lower for token in analysis.tokens]
    after = set(words[candidate.last + 1 : candidate.last + 3])
    before = set(words[max(0, candidate.first - 2) : candidate.first])
    return bool(REPORTING & after) or "according" in before


def rule_role(analysis: Analysis, event_type: str, trigger: int, candidate: Candidate) -> str | None:
    """The role the rules give `candidate` in an event of `event_type` triggered at token `trigger`."""
    if candidate.type == "TIME":
        return "duration" if (candidate.normalized or "").startswith("P") else "time"
    if candidate.type == "QUANTITY":
        return "quantity"
    if candidate.type == "LOCATION":
        return "location"
    if candidate.type not in PARTY_TYPES:
        return None
    if is_source(analysis, candidate) and candidate.type == "PERSON":
        return "source"
    before, after = PARTY_ROLES.get(event_type, DIRECTED)
    return before if candidate.first < trigger else after


def lexicon_events(analysis: Analysis) -> list[DraftEvent]:
    """The events the lexicon and the rules find in an analysed article."""
    events: list[DraftEvent] = []
    for first, last, event_type in find_triggers(analysis):
        sentence = analysis.sentence[first]
        arguments: list[tuple[str, Candidate]] = []
        for candidate in analysis.candidates:
            if analysis.sentence[candidate.first] != sentence:
                continue
            role = rule_role(analysis, event_type, first, candidate)
            if role is not None:
                arguments.append((role, candidate))
        polarity, realis = rule_attributes(cue_words(analysis.tokens, analysis.sentence, first))
        span = (analysis.tokens[first].start, analysis.tokens[last].end)
        events.append(DraftEvent(event_type, span, sentence, tuple(arguments), polarity, realis))
    return events


def lexicon_system(document: InputDocument) -> dict[str, Any]:
    """The lexicon baseline as a system."""
    analysis = analyse(document["text"], document["date"])
    return build_prediction(document, analysis, lexicon_events(analysis), system=SYSTEM_NAME)
