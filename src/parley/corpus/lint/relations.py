"""Relations that the guidelines require and that are obviously missing (schema 1.1 `relations`; absent = none).

The guidelines (section 9, R-REL) mark some relations as must. A checker cannot read the text, so it flags only
the cases where two events obviously belong together: they share a topic entity, which is as close as it gets to
"the same deal". Polarity and realis are ignored, as the relations ignore them (R-REL-7). An event is flagged
when it has no relation of the required type at all (to any event), so a finding is never about which event it
should point to.

- R-REL-1 `responds_to`: an AGREE, REJECT or CONCEDE sharing a topic with a PROPOSE or DEMAND.
- R-REL-3 `outcome_of`: an AGREE sharing a topic with a NEGOTIATE or MEDIATE.
- R-REL-4 `carries_out`: a SIGN or IMPLEMENT sharing a topic with an AGREE (an IMPLEMENT: or with a SIGN).
- R-REL-5 `part_of`: a NEGOTIATE whose trigger says it is a round or stage ("second round", "the next stage")
  sharing a topic with another NEGOTIATE or a MEDIATE that is not itself one.
Counter-proposals, quid pro quo and content_of are left to the annotator: no surface cue makes them obvious.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from parley.corpus.lint.findings import Finding
from parley.corpus.lint.text import AnalysedDocument, lemma_key

Event = dict[str, Any]


def _any(_: Event) -> bool:
    return True


_STEP_WORDS = frozenset({"round", "stag"})  # lemma keys of "round(s)" and "stage(s)"


def is_step(event: Event) -> bool:
    """Whether a trigger of the event names a round or stage of something larger."""
    return any(_STEP_WORDS & set(lemma_key(trigger["text"])) for trigger in event["triggers"])


@dataclass(frozen=True)
class RequiredRelation:
    rule: str
    relation: str
    pairs: dict[str, frozenset[str]]
    """Source event type -> the target event types that make the relation obvious."""
    source_test: Callable[[Event], bool] = _any
    target_test: Callable[[Event], bool] = _any


REQUIRED_RELATIONS: tuple[RequiredRelation, ...] = (
    RequiredRelation(
        "R-REL-1",
        "responds_to",
        {kind: frozenset({"PROPOSE", "DEMAND"}) for kind in ("AGREE", "REJECT", "CONCEDE")},
    ),
    RequiredRelation("R-REL-3", "outcome_of", {"AGREE": frozenset({"NEGOTIATE", "MEDIATE"})}),
    RequiredRelation(
        "R-REL-4", "carries_out", {"SIGN": frozenset({"AGREE"}), "IMPLEMENT": frozenset({"AGREE", "SIGN"})}
    ),
    RequiredRelation(
        "R-REL-5",
        "part_of",
        {"NEGOTIATE": frozenset({"NEGOTIATE", "MEDIATE"})},
        source_test=is_step,
        target_test=lambda event: not is_step(event),
    ),
)


def _topics(event: Event) -> set[str]:
    return {argument["entity"] for argument in event["arguments"] if argument["role"] == "topic"}


def missing_relations(documents: Sequence[AnalysedDocument]) -> Iterator[Finding]:
    """Events that share a topic with the events they obviously relate to, but have no relation of that type."""
    for document in documents:
        events = list(document.events.values())
        for rule in REQUIRED_RELATIONS:
            has_relation = {r.get("from") for r in document.relations if r.get("type") == rule.relation}
            for event in events:
                targets = rule.pairs.get(event["type"])
                if targets is None or event["id"] in has_relation or not rule.source_test(event):
                    continue
                topics = _topics(event)
                partners = [
                    other["id"]
                    for other in events
                    if other["type"] in targets
                    and other["id"] != event["id"]
                    and topics & _topics(other)
                    and rule.target_test(other)
                ]
                if not partners:
                    continue
                trigger = min(event["triggers"], key=lambda mention: mention["start"])
                yield Finding.at(
                    document,
                    trigger["start"],
                    trigger["end"],
                    trigger["text"],
                    code="missing-relation",
                    message=(
                        f"{event['type']} {event['id']} shares a topic with {', '.join(partners)} "
                        f"but has no {rule.relation} relation ({rule.rule})"
                    ),
                )
