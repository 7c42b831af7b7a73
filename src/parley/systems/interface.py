"""The plug-in interface: a system is any callable from an input document to a prediction record.

A system sees only what a reader of the article sees (id, text, dateline, title), never the gold annotation,
and returns one record valid under `schema/prediction.schema.json` whose `id` is the document's id. Offsets are
optional in predictions: a system that only quotes text is grounded by the scorer.
"""

from collections.abc import Mapping
from typing import Any, NotRequired, Protocol, TypedDict

from parley.schema.records import Argument, Attributes, Document


class InputDocument(TypedDict):
    """What a system is given: the article and its metadata, no annotation."""

    id: str
    text: str
    date: str
    title: str


class PredictedMention(TypedDict):
    """A mention as a system may give it: the text alone, or the text with its code-point offsets."""

    text: str
    start: NotRequired[int]
    end: NotRequired[int]


class PredictedEntity(TypedDict):
    id: str
    type: str
    mentions: list[PredictedMention]
    name: NotRequired[str]
    normalized: NotRequired[str | None]


class PredictedEvent(TypedDict):
    id: str
    type: str
    triggers: list[PredictedMention]
    arguments: list[Argument]
    attributes: Attributes


class Prediction(TypedDict):
    """A prediction record (`schema/prediction.schema.json`), for the type checker; the schema is the contract."""

    id: str
    entities: list[PredictedEntity]
    events: list[PredictedEvent]
    system: NotRequired[str]


class System(Protocol):
    """Anything callable as `system(document) -> prediction record`; it may raise, the runner records why.

    The record may be a `Prediction` or any mapping of the same shape (plain dicts from `json.loads` included).
    """

    def __call__(self, document: InputDocument, /) -> Mapping[str, Any]: ...


def input_document(record: Document) -> InputDocument:
    """The part of a gold record a system may see."""
    return {"id": record["id"], "text": record["text"], "date": record["date"], "title": record["title"]}
