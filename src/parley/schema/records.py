"""Typed views of Parley records, as they appear in JSON.

These mirror `schema/document.schema.json`; the JSON Schema is the contract, these only help the type checker.
Prediction records have the same keys with offsets and most metadata optional.
"""

from typing import NotRequired, TypedDict


class Mention(TypedDict):
    start: int
    end: int
    text: str


class Entity(TypedDict):
    id: str
    type: str
    name: str
    normalized: NotRequired[str | None]
    mentions: list[Mention]


class Argument(TypedDict):
    role: str
    entity: str


class Attributes(TypedDict):
    polarity: str
    realis: str


class Event(TypedDict):
    id: str
    type: str
    triggers: list[Mention]
    arguments: list[Argument]
    attributes: Attributes


# `from` is a Python keyword, hence the functional form.
Relation = TypedDict("Relation", {"id": str, "type": str, "from": str, "to": str})
"""A directed link between two events of one document (schema 1.1): FROM <type> TO."""


class AnnotationInfo(TypedDict):
    guidelines_version: str
    annotators: list[str]
    adjudicated: bool


class Document(TypedDict):
    id: str
    title: str
    date: str
    source: str
    url: str | None
    language: str
    domain: str
    text: str
    entities: list[Entity]
    events: list[Event]
    relations: NotRequired[list[Relation]]
    annotation: AnnotationInfo
