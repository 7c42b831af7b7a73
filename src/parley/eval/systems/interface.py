"""The plug-in interface: a system is any callable from an input document to a prediction record.

A system sees only what a reader of the article sees (id, text, dateline, title), never the gold annotation,
and returns one record valid under `schema/prediction.schema.json` whose `id` is the document's id. Offsets are
optional in predictions: a system that only quotes text is grounded by the scorer.
"""

from typing import Any, Protocol, TypedDict

from parley.schema.records import Document


class InputDocument(TypedDict):
    """What a system is given: the article and its metadata, no annotation."""

    id: str
    text: str
    date: str
    title: str


class System(Protocol):
    """Anything callable as `system(document) -> prediction record`; it may raise, the runner records why."""

    def __call__(self, document: InputDocument, /) -> dict[str, Any]: ...


def input_document(record: Document) -> InputDocument:
    """The part of a gold record a system may see."""
    return {"id": record["id"], "text": record["text"], "date": record["date"], "title": record["title"]}
