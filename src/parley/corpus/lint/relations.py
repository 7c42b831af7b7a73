"""Relations that the guidelines require and that are obviously missing (schema 1.1 `relations`; absent = none).

Conservative on purpose: only positive, non-hypothetical events answering or executing positive, actual ones (a
proposal still to be made cannot have been answered), and only when the two share a topic entity, which is as
close as a checker gets to "the same deal" without reading the text.
- An AGREE or REJECT sharing a topic with a PROPOSE or DEMAND of the same document answers it: it needs some
  `responds_to` relation.
- A SIGN or IMPLEMENT sharing a topic with an AGREE executes it: it needs some `carries_out` relation.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from parley.corpus.lint.findings import Finding
from parley.corpus.lint.text import AnalysedDocument


@dataclass(frozen=True)
class RequiredRelation:
    relation: str
    sources: frozenset[str]
    targets: frozenset[str]


REQUIRED_RELATIONS: tuple[RequiredRelation, ...] = (
    RequiredRelation("responds_to", frozenset({"AGREE", "REJECT"}), frozenset({"PROPOSE", "DEMAND"})),
    RequiredRelation("carries_out", frozenset({"SIGN", "IMPLEMENT"}), frozenset({"AGREE"})),
)


def _counts(event: dict[str, Any]) -> bool:
    attributes = event.get("attributes", {})
    return bool(attributes.get("polarity") == "positive" and attributes.get("realis") != "hypothetical")


def _happened(event: dict[str, Any]) -> bool:
    attributes = event.get("attributes", {})
    return bool(attributes.get("polarity") == "positive" and attributes.get("realis") == "actual")


def _topics(event: dict[str, Any]) -> set[str]:
    return {argument["entity"] for argument in event["arguments"] if argument["role"] == "topic"}


def missing_relations(documents: Sequence[AnalysedDocument]) -> Iterator[Finding]:
    """Events that share a topic with the events they obviously relate to, but have no relation of that type."""
    for document in documents:
        events = [event for event in document.events.values() if _counts(event)]
        for rule in REQUIRED_RELATIONS:
            has_relation = {r["from"] for r in document.relations if r.get("type") == rule.relation}
            for event in events:
                if event["type"] not in rule.sources or event["id"] in has_relation:
                    continue
                topics = _topics(event)
                partners = [
                    other["id"]
                    for other in events
                    if other["type"] in rule.targets
                    and _happened(other)
                    and other["id"] != event["id"]
                    and topics & _topics(other)
                ]
                if not partners:
                    continue
                trigger = min(event["triggers"], key=lambda mention: mention["start"])
                yield Finding(
                    file=document.file,
                    document=document.id,
                    start=trigger["start"],
                    end=trigger["end"],
                    code="missing-relation",
                    text=trigger["text"],
                    message=(
                        f"{event['type']} {event['id']} shares a topic with {', '.join(partners)} "
                        f"but has no {rule.relation} relation"
                    ),
                )
