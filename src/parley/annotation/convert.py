"""Label Studio results -> record content (entities and events), reporting every region it cannot convert.

Event relations (schema 1.1) are relations labelled with a relation type between two trigger regions; their ids
come back from the task data (`tasks.RELATION_IDS`), or are fresh (`r<n>`) for relations drawn in the browser.

Entity clusters and events are the connected components of the `same-entity` and `same-event` relations
(union-find). Ids, order and names come back from the region ids `tasks.py` writes (`<record id>_i<index>`);
regions drawn in the browser get fresh ids. Nothing is dropped silently: each region, per-region value or relation
that cannot be used yields a `RegionProblem` with the reason.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from parley.annotation.config import (
    ENTITY,
    NAME,
    NORMALIZED,
    POLARITY,
    REALIS,
    SAME_ENTITY,
    SAME_EVENT,
    TRIGGER,
)
from parley.annotation.tasks import Result, default_name, parse_region_id
from parley.schema.records import Argument, Entity, Event, Mention, Relation
from parley.schema.vocabulary import Vocabulary, vocabulary


@dataclass(frozen=True)
class RegionProblem:
    """A region, per-region value or relation of one annotation that could not be converted."""

    task: int | None
    region: str
    reason: str

    def format(self) -> str:
        return f"task {self.task}: region {self.region}: {self.reason}"


@dataclass
class Content:
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    problems: list[RegionProblem] = field(default_factory=list)


@dataclass(frozen=True)
class _Region:
    id: str
    control: str
    label: str
    mention: Mention


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, first: str, second: str) -> None:
        self.parent[self.find(second)] = self.find(first)


class _Converter:
    def __init__(self, text: str, task: int | None, vocab: Vocabulary) -> None:
        self.text = text
        self.task = task
        self.vocab = vocab
        self.problems: list[RegionProblem] = []
        self.regions: dict[str, _Region] = {}
        self.values: dict[tuple[str, str], list[str]] = {}
        self.relations: list[tuple[str, str, str, str]] = []
        self.undirected: set[str] = set()

    def report(self, region: str, reason: str) -> None:
        self.problems.append(RegionProblem(self.task, region, reason))

    def _span(self, identifier: str, value: dict[str, Any]) -> Mention | None:
        start, end = value.get("start"), value.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            self.report(identifier, "region has no integer start and end offsets")
            return None
        if not 0 <= start < end <= len(self.text):
            self.report(identifier, f"offsets {start}-{end} are outside the text (length {len(self.text)})")
            return None
        span = self.text[start:end]
        stated = value.get("text", span)
        if stated != span:
            self.report(identifier, f"text {stated!r} differs from text[{start}:{end}] = {span!r}")
            return None
        return {"start": start, "end": end, "text": span}

    def add_region(self, result: Result) -> None:
        identifier, control = str(result.get("id", "?")), result.get("from_name")
        value = result.get("value") or {}
        labels = value.get("labels") or []
        allowed = self.vocab.values("event_types" if control == TRIGGER else "entity_types")
        if identifier in self.regions:
            self.report(identifier, "region id used by two labelled regions")
        elif len(labels) != 1:
            self.report(identifier, f"region has {len(labels)} labels; exactly one is needed")
        elif labels[0] not in allowed:
            self.report(identifier, f"label {labels[0]!r} is not a {control} label of the schema")
        elif mention := self._span(identifier, value):
            self.regions[identifier] = _Region(identifier, str(control), labels[0], mention)

    def add_value(self, result: Result) -> None:
        identifier, control = str(result.get("id", "?")), str(result.get("from_name"))
        value = result.get("value") or {}
        key = "choices" if result.get("type") == "choices" else "text"
        entries = value.get(key)
        if not isinstance(entries, list) or not all(isinstance(entry, str) for entry in entries):
            self.report(identifier, f"{control} value is not a list of strings")
            return
        self.values.setdefault((identifier, control), []).extend(entry for entry in entries if entry != "")

    def add_relation(self, result: Result) -> None:
        source, target = str(result.get("from_id")), str(result.get("to_id"))
        labels = result.get("labels") or []
        name = f"{source}->{target}"
        # Roles ignore the arrow's direction; an event relation reads from its tail to its head.
        if result.get("direction") == "left":
            source, target = target, source
        elif result.get("direction") == "bi":
            self.undirected.add(name)
        if not labels:
            self.report(name, "relation has no label")
        for label in labels:
            self.relations.append((name, source, target, str(label)))

    def read(self, results: list[Result]) -> None:
        for result in results:
            kind, control = result.get("type"), result.get("from_name")
            if kind == "relation":
                self.add_relation(result)
            elif kind == "labels" and control in (TRIGGER, ENTITY):
                self.add_region(result)
            elif kind in ("choices", "textarea") and control in (POLARITY, REALIS, NORMALIZED, NAME):
                self.add_value(result)
            else:
                self.report(str(result.get("id", "?")), f"unknown result {kind!r} from {control!r}")
        for identifier, control in self.values:
            region = self.regions.get(identifier)
            wanted = TRIGGER if control in (POLARITY, REALIS) else ENTITY
            if region is None:
                self.report(identifier, f"{control} value belongs to no usable region")
            elif region.control != wanted:
                self.report(identifier, f"{control} is set on a {region.control} region; it belongs on a {wanted}")


def _components(converter: _Converter, control: str, link: str) -> list[list[_Region]]:
    """The regions of one control grouped by `link` relations, in the order their first region appears."""
    members = [region for region in converter.regions.values() if region.control == control]
    union = _UnionFind(region.id for region in members)
    for name, source, target, label in converter.relations:
        if label != link:
            continue
        ends = [converter.regions.get(source), converter.regions.get(target)]
        if any(end is None or end.control != control for end in ends):
            converter.report(name, f"{link} must link two {control} regions")
            continue
        union.union(source, target)
    groups: dict[str, list[_Region]] = {}
    for region in members:
        groups.setdefault(union.find(region.id), []).append(region)
    clusters = list(groups.values())
    for cluster in clusters:
        first_label = cluster[0].label
        for region in cluster[1:]:
            if region.label != first_label:
                converter.report(region.id, f"labelled {region.label} but linked by {link} to a {first_label}")
        cluster[:] = [region for region in cluster if region.label == first_label]
    return clusters


def _assign_ids(groups: list[tuple[list[list[_Region]], str]]) -> list[list[str]]:
    """Each cluster's record id: the one its region ids carry when still free, else a fresh `<prefix><n>`.

    Entities and events share one namespace, so every carried id is claimed before any fresh one is made.
    """
    taken: set[str] = set()
    wanted: list[list[str | None]] = []
    for clusters, _ in groups:
        wanted.append([])
        for cluster in clusters:
            named = [parsed[0] for region in cluster if (parsed := parse_region_id(region.id))]
            choice = next((name for name in named if name not in taken), None)
            if choice is not None:
                taken.add(choice)
            wanted[-1].append(choice)
    assigned: list[list[str]] = []
    for choices, (_, prefix) in zip(wanted, groups, strict=True):
        counter = 0
        assigned.append([])
        for choice in choices:
            if choice is None:
                while f"{prefix}{counter}" in taken:
                    counter += 1
                choice = f"{prefix}{counter}"
                taken.add(choice)
            assigned[-1].append(choice)
    return assigned


def _ordered_mentions(converter: _Converter, cluster: list[_Region]) -> list[Mention]:
    """The cluster's mentions by their index in the region id, unnamed ones after, duplicates reported."""

    def index(region: _Region) -> int:
        parsed = parse_region_id(region.id)
        return parsed[1] if parsed else 1 << 30

    seen: set[tuple[int, int]] = set()
    mentions: list[Mention] = []
    for region in sorted(cluster, key=index):
        key = (region.mention["start"], region.mention["end"])
        if key in seen:
            converter.report(region.id, "duplicates another mention of the same cluster")
            continue
        seen.add(key)
        mentions.append(region.mention)
    return mentions


def _single_value(converter: _Converter, cluster: list[_Region], control: str) -> str | None:
    found = [(region.id, value) for region in cluster for value in converter.values.get((region.id, control), [])]
    if len({value for _, value in found}) > 1:
        converter.report(found[1][0], f"{control} {found[1][1]!r} disagrees with {found[0][1]!r}; kept the first")
    return found[0][1] if found else None


def _entities(
    converter: _Converter, clusters: list[list[_Region]], ids: list[str], null_normalized: frozenset[str]
) -> tuple[list[Entity], dict[str, str]]:
    entities: list[Entity] = []
    entity_of_region: dict[str, str] = {}
    for cluster, identifier in zip(clusters, ids, strict=True):
        mentions = _ordered_mentions(converter, cluster)
        name = _single_value(converter, cluster, NAME) or default_name(mentions)
        normalized = _single_value(converter, cluster, NORMALIZED)
        # Keys in the schema's order, so a written record reads like one written by hand.
        entity: Entity = {"id": identifier, "type": cluster[0].label, "name": name}  # type: ignore[typeddict-item]
        if normalized is not None or identifier in null_normalized:
            entity["normalized"] = normalized
        entity["mentions"] = mentions
        entities.append(entity)
        entity_of_region.update({region.id: identifier for region in cluster})
    return entities, entity_of_region


def _arguments(
    converter: _Converter,
    event_regions: set[str],
    event_type: str,
    entity_of_region: dict[str, str],
    types: dict[str, str],
) -> list[Argument]:
    roles = set(converter.vocab.values("roles"))
    allowed = converter.vocab.allowed_roles[event_type]
    arguments: list[Argument] = []
    for name, source, target, label in converter.relations:
        if label not in roles:
            continue
        ends = {source, target}
        trigger_end = ends & event_regions
        if not trigger_end:
            continue
        other = (ends - trigger_end).pop() if len(ends) == 2 else None
        entity = entity_of_region.get(other) if other else None
        if entity is None:
            converter.report(name, f"role {label} must link a trigger to an entity mention")
        elif label not in allowed:
            converter.report(name, f"role {label} is not allowed for {event_type} events")
        elif (
            label in converter.vocab.role_entity_types and types[entity] not in converter.vocab.role_entity_types[label]
        ):
            converter.report(name, f"role {label} cannot be filled by a {types[entity]} entity")
        elif (argument := Argument(role=label, entity=entity)) not in arguments:
            arguments.append(argument)
    return arguments


def _event_relations(
    converter: _Converter, event_of_region: dict[str, str], known: list[list[str]], taken: set[str]
) -> list[Relation]:
    """The event relations among the usable relations, ordered as `known` lists them (new ones after)."""
    relation_types = set(converter.vocab.values("relation_types"))
    found: dict[tuple[str, str, str], str] = {}
    for name, source, target, label in converter.relations:
        if label not in relation_types:
            continue
        ends = [converter.regions[source], converter.regions[target]]
        wrong = [end for end in ends if end.control != TRIGGER]
        if wrong:
            what = ", ".join(f"{end.id} is an {end.control} region" for end in wrong)
            converter.report(name, f"relation {label} must link two event triggers ({what})")
        elif source not in event_of_region or target not in event_of_region:
            converter.report(name, f"relation {label} links an event that was left out")
        elif name in converter.undirected and label not in converter.vocab.symmetric_relations:
            converter.report(name, f"relation {label} has no direction; draw it from one event to the other")
        elif (key := (label, event_of_region[source], event_of_region[target])) in found:
            converter.report(name, f"relation {label} is drawn twice between the same events")
        else:
            found[key] = name
    ids = {(kind, source, target): str(identifier) for kind, source, target, identifier in known}
    order = {key: index for index, key in enumerate(ids)}
    relations: list[Relation] = []
    counter = 0
    for key in sorted(found, key=lambda key: order.get(key, len(order))):
        identifier = ids.get(key)
        if identifier is None or identifier in taken:
            while f"r{counter}" in taken:
                counter += 1
            identifier = f"r{counter}"
        taken.add(identifier)
        relations.append({"id": identifier, "type": key[0], "from": key[1], "to": key[2]})
    return relations


def convert_results(
    results: list[Result],
    *,
    text: str,
    task: int | None = None,
    null_normalized: frozenset[str] = frozenset(),
    relation_ids: list[list[str]] | None = None,
) -> Content:
    """The entities, events and event relations of one annotation's results over `text`, with every problem found.

    `null_normalized` names the entities whose record said `"normalized": null` (a text area cannot hold null); an
    entity among them with no normalized value gets the explicit null back instead of no key. `relation_ids` lists
    the pushed record's relations as `[type, from, to, id]`, so that their ids and order come back.
    """
    converter = _Converter(text, task, vocabulary())
    converter.read(results)
    roles = set(converter.vocab.values("roles"))
    links = roles | set(converter.vocab.values("relation_types")) | {SAME_ENTITY, SAME_EVENT}
    usable = []
    for relation in converter.relations:
        name, source, target, label = relation
        if label not in links:
            converter.report(name, f"relation label {label!r} is not a role of the schema nor a relation type")
        elif source not in converter.regions or target not in converter.regions:
            converter.report(name, "relation links a region that is missing or could not be converted")
        else:
            usable.append(relation)
    converter.relations = usable
    entity_clusters = _components(converter, ENTITY, SAME_ENTITY)
    event_clusters = _components(converter, TRIGGER, SAME_EVENT)
    entity_ids, event_ids = _assign_ids([(entity_clusters, "e"), (event_clusters, "ev")])
    entities, entity_of_region = _entities(converter, entity_clusters, entity_ids, null_normalized)
    types = {entity["id"]: entity["type"] for entity in entities}
    content = Content(entities=entities)
    event_of_region: dict[str, str] = {}
    for cluster, identifier in zip(event_clusters, event_ids, strict=True):
        polarity = _single_value(converter, cluster, POLARITY)
        realis = _single_value(converter, cluster, REALIS)
        if polarity is None or realis is None:
            missing = " and ".join(name for name, got in ((POLARITY, polarity), (REALIS, realis)) if got is None)
            converter.report(cluster[0].id, f"event has no {missing}; the event is left out")
            continue
        event_type = cluster[0].label
        regions = {region.id for region in cluster}
        event_of_region.update(dict.fromkeys(regions, identifier))
        content.events.append(
            {
                "id": identifier,
                "type": event_type,
                "triggers": _ordered_mentions(converter, cluster),
                "arguments": _arguments(converter, regions, event_type, entity_of_region, types),
                "attributes": {"polarity": polarity, "realis": realis},
            }
        )
    taken = {item["id"] for item in (*content.entities, *content.events)}
    content.relations = _event_relations(converter, event_of_region, relation_ids or [], taken)
    content.problems = converter.problems
    return content
