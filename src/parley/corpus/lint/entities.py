"""Checks on entities: one surface name under two entity types, in two clusters of a document, or with two
normalized values."""

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from typing import TypeAlias

from parley.corpus.lint.findings import Finding
from parley.corpus.lint.text import AnalysedDocument, EntityMention, is_name
from parley.corpus.lint.triggers import majority

_YEAR = re.compile(r"(?<!\d)(?:1[5-9]|20)\d{2}(?!\d)")

PLACE_TYPES = frozenset({"LOCATION", "STATE", "ORGANIZATION"})
"""The types between which a place name moves by metonymy (R-ENT-3): "talks in Moscow" (LOCATION), "Moscow
refused" (STATE), "Brussels gave ground" (the EU, ORGANIZATION)."""
_LOCATIVE = re.compile(r"\b(?:in|at|outside|near|from|to|into|inside|across|around)\s+(?:the\s+)?$", re.IGNORECASE)
_LOCATIVE_WINDOW = 16


def is_locative(document: AnalysedDocument, mention: EntityMention) -> bool:
    """Whether the mention stands where a place stands: after a locative preposition ("in Brussels", "at the White
    House") or as a dateline ("MOSCOW, Nov. 10 —", a line's first words followed by a comma)."""
    before = document.text[max(0, mention.start - _LOCATIVE_WINDOW) : mention.start]
    if _LOCATIVE.search(before):
        return True
    line_start = mention.start == 0 or document.text[mention.start - 1] == "\n"
    return line_start and document.text[mention.end : mention.end + 1] == ","


def metonymy_explains(document: AnalysedDocument, mention: EntityMention, types: set[str]) -> bool:
    """Whether R-ENT-3 accounts for a place name seen under several types: the name's types are place types, one of
    them LOCATION, and this mention's own type fits where it stands (LOCATION in a locative context, a STATE or
    ORGANIZATION elsewhere). A place typed against its context ("talks in Moscow" as a STATE) is still reported."""
    if not types <= PLACE_TYPES or "LOCATION" not in types or mention.entity_type not in PLACE_TYPES:
        return False
    return (mention.entity_type == "LOCATION") == is_locative(document, mention)


def _surface(text: str) -> str:
    return " ".join(text.split())


_Group: TypeAlias = tuple[AnalysedDocument, str, str]
"""A document, an entity id and a surface: one finding at most per group."""


def _first_mentions(documents: Sequence[AnalysedDocument]) -> dict[_Group, EntityMention]:
    """The first mention of each surface within each entity of each document."""
    first: dict[_Group, EntityMention] = {}
    for document in documents:
        for mention in sorted(document.mentions, key=lambda m: m.start):
            first.setdefault((document, mention.entity_id, _surface(mention.text)), mention)
    return first


def _summary(counts: Counter[str]) -> str:
    return ", ".join(f"{value} {n}x" for value, n in counts.most_common())


def entity_type_conflicts(documents: Sequence[AnalysedDocument]) -> Iterator[Finding]:
    """A name under an entity type other than its usual one across the set (each entity holding it counts once).

    A place name seen both as a LOCATION and as a STATE or ORGANIZATION is judged mention by mention instead: a
    LOCATION where a place stands, a state or body elsewhere (`metonymy_explains`).
    """
    groups = {g: m for g, m in _first_mentions(documents).items() if is_name(g[2])}
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for (_, _, surface), mention in groups.items():
        types[surface][mention.entity_type] += 1
    for (document, entity_id, surface), mention in groups.items():
        counts = types[surface]
        if len(counts) < 2:
            continue
        if set(counts) <= PLACE_TYPES and "LOCATION" in counts and mention.entity_type in PLACE_TYPES:
            # A place name and its metonyms: each mention is judged by where it stands, not by the majority (R-ENT-3).
            if metonymy_explains(document, mention, set(counts)):
                continue
        elif mention.entity_type == majority(counts):
            continue
        yield Finding.at(
            document,
            mention.start,
            mention.end,
            mention.text,
            code="entity-type-conflict",
            message=(
                f"type {mention.entity_type} here (entity {entity_id}); this name across the set: {_summary(counts)}"
            ),
        )


def entity_cluster_conflicts(documents: Sequence[AnalysedDocument]) -> Iterator[Finding]:
    """A name that is a mention of two entities in one document, reported at the later entity's first mention.

    TIME is left out: "Friday" may name two different Fridays in one article.
    """
    for document in documents:
        owners: dict[str, list[EntityMention]] = defaultdict(list)
        for mention in sorted(document.mentions, key=lambda m: m.start):
            surface = _surface(mention.text)
            if mention.entity_type == "TIME" or not is_name(surface):
                continue
            if all(owner.entity_id != mention.entity_id for owner in owners[surface]):
                owners[surface].append(mention)
        for surface, mentions in owners.items():
            first = mentions[0]
            for mention in mentions[1:]:
                pair_types = {first.entity_type, mention.entity_type}
                if all(metonymy_explains(document, m, pair_types) for m in (first, mention)):
                    continue
                yield Finding.at(
                    document,
                    mention.start,
                    mention.end,
                    surface,
                    code="entity-cluster-conflict",
                    message=(
                        f"a mention of entity {mention.entity_id} ({mention.entity_type}) here, and of entity "
                        f"{first.entity_id} ({first.entity_type}) at {first.start}-{first.end}"
                    ),
                )


def _comparable(surface: str, mention: EntityMention, values: set[str]) -> bool:
    """Whether equal surfaces must have equal normalized values.

    A TIME without a year ("Monday", "next year", "March") is relative to the dateline, unless every value it
    has is a duration ("two weeks" is P2W everywhere). A QUANTITY needs a digit; other entities must read as names.
    """
    if mention.entity_type == "TIME":
        return bool(_YEAR.search(surface)) or all(value.startswith("P") for value in values)
    if mention.entity_type == "QUANTITY":
        return any(character.isdigit() for character in surface)
    return is_name(surface)


def normalized_conflicts(documents: Sequence[AnalysedDocument]) -> Iterator[Finding]:
    """A surface string (case-folded) whose normalized value is not the usual one for it across the set."""
    groups = {g: m for g, m in _first_mentions(documents).items() if m.normalized}
    values: dict[str, Counter[str]] = defaultdict(Counter)
    place_values: dict[tuple[str, bool], Counter[str]] = defaultdict(Counter)
    types: dict[str, set[str]] = defaultdict(set)
    for (_, _, surface), mention in groups.items():
        values[surface.casefold()][str(mention.normalized)] += 1
        place_values[surface.casefold(), mention.entity_type == "LOCATION"][str(mention.normalized)] += 1
        types[surface.casefold()].add(mention.entity_type)
    for (document, entity_id, surface), mention in groups.items():
        counts = values[surface.casefold()]
        if metonymy_explains(document, mention, types[surface.casefold()]):
            # The city and the state or bloc it stands for are normalized apart; within each, values must agree.
            counts = place_values[surface.casefold(), mention.entity_type == "LOCATION"]
        if len(counts) < 2 or not _comparable(surface, mention, set(counts)):
            continue
        if mention.normalized == majority(counts):
            continue
        yield Finding.at(
            document,
            mention.start,
            mention.end,
            mention.text,
            code="normalized-conflict",
            message=(
                f"normalized {mention.normalized!r} here (entity {entity_id}); this surface across the set: "
                f"{_summary(counts)}"
            ),
        )
