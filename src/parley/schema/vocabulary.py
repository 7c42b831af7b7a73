"""The closed vocabularies, read from `schema/vocabulary.schema.json` so the schema stays the single source."""

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from parley.resources import schema_dir

SCHEMA_VERSION = "1.1.0"


@dataclass(frozen=True)
class Term:
    """One value of a closed vocabulary with its one-line description (the annotator's hint)."""

    value: str
    description: str


@dataclass(frozen=True)
class Vocabulary:
    event_types: tuple[Term, ...]
    roles: tuple[Term, ...]
    entity_types: tuple[Term, ...]
    polarities: tuple[Term, ...]
    realis_values: tuple[Term, ...]
    domains: tuple[Term, ...]
    allowed_roles: dict[str, tuple[str, ...]]
    """Event type -> the roles its arguments may take."""
    role_entity_types: dict[str, tuple[str, ...]]
    """Role -> the entity types that may fill it; roles absent here take any entity type."""
    plover: dict[str, str]
    """Event type -> its PLOVER category."""
    relation_types: tuple[Term, ...] = ()
    relation_pairs: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict)
    """Relation type -> the (from event type, to event type) pairs it may link."""
    symmetric_relations: frozenset[str] = frozenset()
    """Relation types whose direction carries no meaning: the reverse of one is a duplicate of it."""
    relation_examples: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Relation type -> (an example, a counterexample), for the guidelines and the annotator's hints."""

    def values(self, kind: str) -> tuple[str, ...]:
        terms: tuple[Term, ...] = getattr(self, kind)
        return tuple(term.value for term in terms)


def grouped_pairs(pairs: frozenset[tuple[str, str]]) -> list[tuple[list[str], list[str]]]:
    """(from types, to types) groups whose cross products make up `pairs`, from types sharing their to types."""
    targets: dict[str, list[str]] = {}
    for source, target in sorted(pairs):
        targets.setdefault(source, []).append(target)
    groups: dict[tuple[str, ...], list[str]] = {}
    for source, to in targets.items():
        groups.setdefault(tuple(to), []).append(source)
    return [(sources, list(to)) for to, sources in groups.items()]


def _pairs(option: dict[str, Any]) -> frozenset[tuple[str, str]]:
    groups = option["x-pairs"]
    return frozenset((source, target) for group in groups for source in group["from"] for target in group["to"])


def _terms(definition: dict[str, Any]) -> tuple[Term, ...]:
    return tuple(Term(option["const"], option["description"]) for option in definition["oneOf"])


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary of the schema this package ships."""
    raw = json.loads((schema_dir() / "vocabulary.schema.json").read_text(encoding="utf-8"))
    defs = raw["$defs"]
    return Vocabulary(
        event_types=_terms(defs["eventType"]),
        roles=_terms(defs["role"]),
        entity_types=_terms(defs["entityType"]),
        polarities=_terms(defs["polarity"]),
        realis_values=_terms(defs["realis"]),
        domains=_terms(defs["domain"]),
        allowed_roles={o["const"]: tuple(o["x-roles"]) for o in defs["eventType"]["oneOf"]},
        role_entity_types={
            o["const"]: tuple(o["x-entityTypes"]) for o in defs["role"]["oneOf"] if "x-entityTypes" in o
        },
        plover={o["const"]: o["x-plover"] for o in defs["eventType"]["oneOf"]},
        relation_types=_terms(defs["relationType"]),
        relation_pairs={o["const"]: _pairs(o) for o in defs["relationType"]["oneOf"]},
        symmetric_relations=frozenset(o["const"] for o in defs["relationType"]["oneOf"] if o.get("x-symmetric")),
        relation_examples={o["const"]: (o["x-example"], o["x-counterexample"]) for o in defs["relationType"]["oneOf"]},
    )
