"""Checks on triggers: words annotated in some places and not in others, lemmas under two event types, and
agreement verbs left out next to an AGREE."""

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from parley.corpus.lint.findings import Finding
from parley.corpus.lint.text import (
    ENTITY,
    NOT_A_TOPIC_NOUN,
    TRIGGER,
    AnalysedDocument,
    EntityMention,
    TriggerMention,
    inflection,
    lemma,
    lemma_key,
)


@dataclass(frozen=True)
class TriggerWordSettings:
    """When an unannotated occurrence of a trigger word is worth a finding.

    A word must be a trigger in at least `min_documents` documents, and at least `min_trigger_share` of all its
    occurrences must be triggers: a word that is often not a trigger ("set", "party", "meet") is ambiguous, and
    its unannotated occurrences are mostly right. 0.7 halves the findings on the corpus against 0.5 and keeps the
    agreement nouns ("deal", "agreement", "contract") that the guidelines make triggers everywhere.
    """

    min_documents: int = 2
    min_trigger_share: float = 0.7


# Between the words of a phrase only spaces and hyphens: never a phrase across punctuation.
_PHRASE_GAP = re.compile(r"[\s\-]*")


def _annotated(
    documents: Sequence[AnalysedDocument],
) -> tuple[dict[tuple[str, ...], Counter[str]], dict[tuple[str, ...], set[str]]]:
    """Trigger lemma key -> document id -> how many triggers with that key the document has; and key -> the
    inflections of its first word among those triggers."""
    annotated: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    inflections: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for document in documents:
        for trigger in document.triggers:
            if trigger.key:
                annotated[trigger.key][document.id] += 1
                inflections[trigger.key].add(inflection(trigger.text.split()[0]))
    return annotated, inflections


@dataclass(frozen=True)
class _Occurrence:
    document: AnalysedDocument
    start: int
    end: int
    key: tuple[str, ...]


def _unannotated_occurrences(
    documents: Sequence[AnalysedDocument], keys: set[tuple[str, ...]]
) -> Iterator[_Occurrence]:
    lengths = sorted({len(key) for key in keys}, reverse=True)
    for document in documents:
        words = document.words
        lemmas = [word.lemma for word in words]
        position = 0
        while position < len(words):
            step = 1
            for length in lengths:
                key = tuple(lemmas[position : position + length])
                if len(key) < length or key not in keys:
                    continue
                last = words[position + length - 1]
                phrase = words[position : position + length]
                gaps_ok = all(_PHRASE_GAP.fullmatch(document.text[a.end : b.start]) for a, b in pairwise(phrase))
                if not gaps_ok:
                    continue
                start, end = words[position].start, last.end
                if not document.covered(start, end, TRIGGER | NOT_A_TOPIC_NOUN):
                    yield _Occurrence(document, start, end, key)
                step = length
                break
            position += step


def unannotated_trigger_words(
    documents: Sequence[AnalysedDocument], settings: TriggerWordSettings
) -> Iterator[Finding]:
    """Each occurrence, outside every trigger, of a word or phrase that is a trigger elsewhere.

    Words inside a name or a non-ISSUE entity mention are left alone; inside a bare topic noun phrase ("the deal")
    they are not, since an agreement noun is a trigger even as another event's topic (R-AGREE-2).

    Occurrences compare by lemma and by the inflection of the first word: "dealing" is not "deal".
    """
    annotated, inflections = _annotated(documents)
    keys = {key for key, per_document in annotated.items() if len(per_document) >= settings.min_documents}
    occurrences: dict[tuple[str, ...], list[_Occurrence]] = defaultdict(list)
    for occurrence in _unannotated_occurrences(documents, keys):
        first_word = occurrence.document.text[occurrence.start : occurrence.end].split()[0]
        if inflection(first_word) in inflections[occurrence.key]:
            occurrences[occurrence.key].append(occurrence)
    for key, found in occurrences.items():
        triggers = sum(annotated[key].values())
        if triggers / (triggers + len(found)) < settings.min_trigger_share:
            continue
        for occurrence in found:
            text = occurrence.document.text[occurrence.start : occurrence.end]
            yield Finding.at(
                occurrence.document,
                occurrence.start,
                occurrence.end,
                text,
                code="unannotated-trigger-word",
                message=(
                    f"not annotated, but a trigger {triggers} time(s) in {len(annotated[key])} document(s); "
                    f"unannotated {len(found)} time(s)"
                ),
            )


def _type_counts(counts: Counter[str], documents: dict[str, set[str]]) -> str:
    return ", ".join(f"{kind} {n}x in {len(documents[kind])} doc(s)" for kind, n in counts.most_common())


def majority(counts: Counter[str]) -> str | None:
    """The value counted most often, or None when two or more tie for first."""
    ranked = counts.most_common(2)
    if len(ranked) == 1 or (len(ranked) == 2 and ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _type_key(trigger: TriggerMention) -> tuple[str, ...]:
    """The lemma key, with a mark for past forms: "tabled" (PROPOSE) is not "table" (NEGOTIATE)."""
    past = inflection(trigger.text.split()[0]) == "ed" if trigger.text.split() else False
    return (*trigger.key, "+ed") if past else trigger.key


CONTEXT_TYPED_LEMMAS: dict[str, frozenset[str]] = {
    # R-AGREE-1 (accepting an offer), R-AGREE-5(b) (accepting despite opposing), R-AGREE-10 refinement ("voted to
    # accept": SIGN), R-REJ-1 ("refused to accept": REJECT).
    "accept": frozenset({"AGREE", "CONCEDE", "SIGN", "REJECT"}),
    # R-SIGN-2, R-SIGN-3, R-AGREE-7: a vote approving is SIGN, voting down REJECT, a committee vote AGREE.
    "vote": frozenset({"SIGN", "REJECT", "AGREE"}),
    # R-AGREE-10 refinement, R-SIGN-4: approving for a body that still ratifies is AGREE, a binding approval SIGN.
    "approve": frozenset({"AGREE", "SIGN"}),
    # A decision is whatever was decided: to agree, to sign, to give ground (R-CON-1) or to refuse (R-REJ-1).
    "decision": frozenset({"AGREE", "SIGN", "CONCEDE", "REJECT"}),
    # R-NEG-2: a return to the talks or resumed talks are NEGOTIATE; workers returning to work, a hostage's return,
    # flights resuming are IMPLEMENT (R-STRIKE-1, R-IMP-1, R-AGREE-5a).
    "return": frozenset({"NEGOTIATE", "IMPLEMENT"}),
    "resume": frozenset({"NEGOTIATE", "IMPLEMENT"}),
    # R-AGREE-8: talks that "ended without a deal" are an AGREE negative (the failure verb when no agreement word);
    # a strike that ended is IMPLEMENT (R-STRIKE-1).
    "end": frozenset({"AGREE", "IMPLEMENT"}),
}
"""Lemmas whose event type the guidelines make depend on the context: a trigger of one of these is reported only
under a type outside its set. "accepted" by members who vote (SIGN) and by a government that drops a claim
(CONCEDE) are both right; "accepted" as a NEGOTIATE is still a finding, and so is "returned" as a SIGN."""

_CONTEXT_TYPED: dict[tuple[str, ...], frozenset[str]] = {
    (lemma(word),): types for word, types in CONTEXT_TYPED_LEMMAS.items()
}

MIN_USUAL_TYPE_DOCUMENTS = 2
"""A lemma has a usual type only when its most frequent type comes from at least this many documents: two
triggers from two documents, one of each type, show no practice to be inconsistent with (as for
`trigger-mention-conflict`, a word seen once each way is left alone)."""


def trigger_type_conflicts(documents: Sequence[AnalysedDocument]) -> Iterator[Finding]:
    """Per document, the triggers of a lemma whose event type is not the lemma's usual type (all, on a tie).

    Only lemmas with an established usual type count (`MIN_USUAL_TYPE_DOCUMENTS`), and the lemmas of
    `CONTEXT_TYPED_LEMMAS` only under a type the guidelines never give them.
    """
    types: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    type_documents: dict[tuple[str, ...], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for document in documents:
        for trigger in document.triggers:
            types[_type_key(trigger)][trigger.event_type] += 1
            type_documents[_type_key(trigger)][trigger.event_type].add(document.id)
    for document in documents:
        reported: set[tuple[tuple[str, ...], str]] = set()
        for trigger in sorted(document.triggers, key=lambda t: t.start):
            key = _type_key(trigger)
            counts = types[key]
            if len(counts) < 2 or trigger.event_type == majority(counts) or (key, trigger.event_type) in reported:
                continue
            top_type = counts.most_common(1)[0][0]
            if len(type_documents[key][top_type]) < MIN_USUAL_TYPE_DOCUMENTS:
                continue
            allowed = _CONTEXT_TYPED.get(trigger.key)
            if allowed is not None and trigger.event_type in allowed:
                continue
            reported.add((key, trigger.event_type))
            yield Finding.at(
                document,
                trigger.start,
                trigger.end,
                trigger.text,
                code="trigger-type-conflict",
                message=(
                    f"type {trigger.event_type} here (event {trigger.event_id}); this lemma across the set: "
                    f"{_type_counts(counts, type_documents[key])}"
                ),
            )


AGREEMENT_VERBS: tuple[str, ...] = (
    "agree",
    "agreed",
    "agrees",
    "reach",
    "reached",
    "reaches",
    "struck",
    "clinch",
    "clinched",
    "seal",
    "sealed",
    "conclude",
    "concluded",
    "concludes",
    "finalize",
    "finalized",
    "finalise",
    "finalised",
    "hammered out",
    "hammer out",
    "forge",
    "forged",
    "settle",
    "settled",
)
"""Verb forms that say an agreement was made (R-AGREE-1). Exact forms, not lemmas: "strike" and "deal" are nouns
too. "secure", "adopt" and "accept" are left out: they are agreement verbs only with the right object."""

AGREEMENT_OBJECTS = frozenset(
    (
        *("deal", "deals", "agreement", "agreements", "accord", "accords", "pact", "pacts", "arrangement"),
        *("arrangements", "understanding", "bargain", "compromise", "settlement", "contract", "contracts"),
        *("consensus", "treaty", "text", "framework", "truce", "ceasefire", "talks", "negotiations", "terms"),
    )
)
"""Nouns that make "reached", "struck" or "sealed" an agreement verb when they are near it ("reached a deal",
"the deal struck in 2022"); without one, "reach net zero" and "struck one plant" are not agreements."""
_OBJECT_WINDOW = 6
_VERBS_WITHOUT_OBJECT = frozenset({"agree", "agreed", "agrees"})

_AGREEMENT_VERB = re.compile(r"\b(?:" + "|".join(re.escape(v) for v in AGREEMENT_VERBS) + r")\b", re.IGNORECASE)


def _has_agreement_object(document: AnalysedDocument, start: int) -> bool:
    words = document.words
    index = bisect.bisect_left(document.word_starts, start)
    sentence = document.sentence_of(start)
    window = words[max(0, index - _OBJECT_WINDOW) : index + _OBJECT_WINDOW + 2]
    return any(
        word.text.lower() in AGREEMENT_OBJECTS and document.sentence_of(word.start) == sentence for word in window
    )


def agreement_verbs_not_triggers(documents: Sequence[AnalysedDocument]) -> Iterator[Finding]:
    """Agreement verbs outside every trigger and entity mention in a sentence that holds an AGREE trigger.

    A verb inside an entity mention ("the deal reached in 2019" as a topic) is the annotator's decision to treat
    the phrase as a name, and is left alone. Verbs other than "agree" need an agreement noun within a few words.
    """
    for document in documents:
        agree_sentences = {document.sentence_of(t.start) for t in document.triggers if t.event_type == "AGREE"}
        if not agree_sentences:
            continue
        for match in _AGREEMENT_VERB.finditer(document.text):
            if document.sentence_of(match.start()) not in agree_sentences:
                continue
            if document.covered(match.start(), match.end(), TRIGGER | ENTITY):
                continue
            verb = match.group().lower()
            if verb not in _VERBS_WITHOUT_OBJECT and not _has_agreement_object(document, match.start()):
                continue
            yield Finding.at(
                document,
                match.start(),
                match.end(),
                match.group(),
                code="agreement-verb-not-trigger",
                message="an agreement verb in a sentence holding an AGREE trigger, not itself a trigger",
            )


_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those"})


def _mention_key(text: str) -> tuple[str, ...]:
    """The lemma key of a mention without its leading determiners: "the truce" -> ("truce",)."""
    words = text.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return lemma_key(" ".join(words))


def trigger_mention_conflicts(documents: Sequence[AnalysedDocument]) -> Iterator[Finding]:
    """A word that is a trigger in some places and, elsewhere, a whole topic (ISSUE) mention that overlaps no
    trigger ("the truce").

    The side seen less often across the set is reported, occurrence by occurrence (both sides on a tie); a word
    seen once each way shows no usual practice yet and is left alone.
    """
    triggers: dict[tuple[str, ...], list[tuple[AnalysedDocument, TriggerMention]]] = defaultdict(list)
    topics: dict[tuple[str, ...], list[tuple[AnalysedDocument, EntityMention]]] = defaultdict(list)
    for document in documents:
        for trigger in document.triggers:
            if inflection(trigger.text.split()[0]) == "base":  # nouns only: "issued" is not "issue"
                triggers[trigger.key].append((document, trigger))
        for mention in document.mentions:
            # A topic mention that is also a trigger is the overlap R-AGREE-2 asks for, not a conflict; a condition
            # clause is an ISSUE whatever its words (R-COND-1).
            if (
                mention.entity_type == "ISSUE"
                and mention.entity_id not in document.condition_entities
                and not document.covered(mention.start, mention.end, TRIGGER)
            ):
                topics[_mention_key(mention.text)].append((document, mention))
    for key in triggers.keys() & topics.keys():
        as_trigger, as_topic = triggers[key], topics[key]
        if max(len(as_trigger), len(as_topic)) < 2:
            continue
        counts = (
            f"a trigger {len(as_trigger)} time(s) in {len({d.id for d, _ in as_trigger})} document(s), a whole "
            f"topic mention {len(as_topic)} time(s) in {len({d.id for d, _ in as_topic})} document(s)"
        )
        if len(as_trigger) <= len(as_topic):
            for document, trigger in as_trigger:
                yield _conflict(document, trigger.start, trigger.end, trigger.text, f"a trigger here; {counts}")
        if len(as_topic) <= len(as_trigger):
            for document, mention in as_topic:
                where = f"a topic mention here (entity {mention.entity_id}); {counts}"
                yield _conflict(document, mention.start, mention.end, mention.text, where)


def _conflict(document: AnalysedDocument, start: int, end: int, text: str, message: str) -> Finding:
    return Finding.at(
        document,
        start,
        end,
        text,
        code="trigger-mention-conflict",
        message=message,
    )
