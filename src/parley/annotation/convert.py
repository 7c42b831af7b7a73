"""Label Studio results -> record content (entities and events), reporting every region it cannot convert.

Event relations (schema 1.1) are relations labelled with a relation type between two trigger regions; their ids
come back from the task data (`tasks.RELATION_IDS`), or are fresh (`r<n>`) for relations drawn in the browser.

Entity clusters and events are the connected components (union-find) of two links: a shared per-region `key`
(entity mentions of one type, or triggers) and, for annotations made before keys, `same-entity` and `same-event`
relations. Ids, order and names come back from the region ids `tasks.py` writes (`<record id>_i<index>`); regions
drawn in the browser get fresh ids. Nothing is dropped silently: each region, per-region value or relation that
cannot be used yields an error, and each documented default `pull` fills in (polarity, realis, the role of an
unlabelled arrow, an arrow turned around) a note; both name the region by its label, text and offsets.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from parley.annotation.config import (
    DEFAULT_POLARITY,
    DEFAULT_REALIS,
    ENTITY,
    KEY,
    NAME,
    NORMALIZED,
    POLARITY,
    REALIS,
    SAME_ENTITY,
    SAME_EVENT,
    TRIGGER,
    default_role,
)
from parley.annotation.tasks import Result, default_name, parse_region_id
from parley.schema.records import Argument, Entity, Event, Mention, Relation
from parley.schema.vocabulary import Vocabulary, vocabulary

ERROR = "error"
NOTE = "note"


def _a(word: str) -> str:
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


@dataclass(frozen=True)
class RegionProblem:
    """A region, per-region value or relation of one annotation that could not be converted (`error`), or a default
    that was filled in for it (`note`).

    `region` is the Label Studio id (`FROM->TO` for an arrow), for programs; `where` names it for people, by its
    label, text and offsets, and is what `format` prints.
    """

    task: int | None
    region: str
    reason: str
    where: str = ""
    level: str = ERROR

    @property
    def message(self) -> str:
        return f"{self.where} {self.reason}" if self.where else self.reason

    def format(self, link: str | None = None) -> str:
        task = f"task {self.task}" + (f" ({link})" if link else "")
        return f"{task}: {self.level}: {self.message}"


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
        self.seen: dict[str, str] = {}
        self.doubled: set[str] = set()
        self.unlabelled: list[tuple[str, str, str]] = []

    def remember(self, result: Result) -> None:
        """Words for a labelled region, from what it says of itself, so even an unusable region can be named."""
        identifier, value = str(result.get("id", "?")), result.get("value") or {}
        labels = value.get("labels") or []
        label = "/".join(str(label) for label in labels) + " " if labels else ""
        kind = "trigger" if result.get("from_name") == TRIGGER else "mention"
        where = f"chars {value.get('start')}-{value.get('end')}"
        words = f"the {label}{kind} {value.get('text', '')!r} ({where})"
        if identifier in self.seen and self.seen[identifier] != words:
            self.seen[identifier] = f"{self.seen[identifier]} (also labelled as {words})"
        else:
            self.seen.setdefault(identifier, words)

    def describe(self, region: str) -> str:
        if region == "-":
            return "the task"
        if "->" in region:
            source, target = region.split("->", 1)
            return f"the arrow from {self.describe(source)} to {self.describe(target)}"
        return self.seen.get(region, f"a region ({region}) that is not in the annotation")

    def report(self, region: str, reason: str, *, level: str = ERROR) -> None:
        self.problems.append(RegionProblem(self.task, region, reason, self.describe(region), level))

    def _span(self, identifier: str, value: dict[str, Any]) -> Mention | None:
        start, end = value.get("start"), value.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            self.report(identifier, "has no integer start and end offsets")
            return None
        if not 0 <= start < end <= len(self.text):
            self.report(identifier, f"has offsets {start}-{end} outside the text (length {len(self.text)})")
            return None
        span = self.text[start:end]
        stated = value.get("text", span)
        if stated != span:
            self.report(identifier, f"says {stated!r}, which differs from text[{start}:{end}] = {span!r}")
            return None
        return {"start": start, "end": end, "text": span}

    def add_region(self, result: Result) -> None:
        identifier, control = str(result.get("id", "?")), result.get("from_name")
        value = result.get("value") or {}
        labels = value.get("labels") or []
        allowed = self.vocab.values("event_types" if control == TRIGGER else "entity_types")
        if identifier in self.regions and self.regions[identifier].control == control:
            self.report(identifier, "shares its region id with another labelled region")
        elif identifier in self.regions:
            other = self.regions.pop(identifier)
            self.report(
                identifier,
                f"has both {_a(other.control)} label ({other.label}) and {_a(str(control))} label "
                f"({', '.join(labels)}), as a hotkey pressed while it was selected does; keep one and submit again",
            )
            self.doubled.add(identifier)
        elif identifier in self.doubled:
            return
        elif len(labels) != 1:
            self.report(identifier, f"has {len(labels)} labels; exactly one is needed")
        elif labels[0] not in allowed:
            self.report(identifier, f"has the label {labels[0]!r}, which is not {_a(str(control))} label of the schema")
        elif mention := self._span(identifier, value):
            self.regions[identifier] = _Region(identifier, str(control), labels[0], mention)

    def add_value(self, result: Result) -> None:
        identifier, control = str(result.get("id", "?")), str(result.get("from_name"))
        value = result.get("value") or {}
        key = "choices" if result.get("type") == "choices" else "text"
        entries = value.get(key)
        if not isinstance(entries, list) or not all(isinstance(entry, str) for entry in entries):
            self.report(identifier, f"has a {control} value that is not a list of strings")
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
            self.unlabelled.append((name, source, target))
        for label in labels:
            self.relations.append((name, source, target, str(label)))

    def read(self, results: list[Result]) -> None:
        for result in results:
            if result.get("type") == "labels":
                self.remember(result)
        for result in results:
            kind, control = result.get("type"), result.get("from_name")
            if kind == "relation":
                self.add_relation(result)
            elif kind == "labels" and control in (TRIGGER, ENTITY):
                self.add_region(result)
            elif kind in ("choices", "textarea") and control in (POLARITY, REALIS, NORMALIZED, NAME, KEY):
                self.add_value(result)
            else:
                self.report(str(result.get("id", "?")), f"carries an unknown result {kind!r} from {control!r}")
        for identifier, control in self.values:
            region = self.regions.get(identifier)
            wanted = TRIGGER if control in (POLARITY, REALIS) else ENTITY
            if region is None:
                if identifier not in self.doubled:
                    self.report(identifier, f"has a {control} value but is no usable region")
            elif control != KEY and region.control != wanted:
                self.report(identifier, f"has a {control}, which belongs on {_a(wanted)}, not on {_a(region.control)}")


def _key(converter: _Converter, region: _Region) -> str | None:
    keys = [key.strip() for key in converter.values.get((region.id, KEY), []) if key.strip()]
    if len(set(keys)) > 1:
        converter.report(region.id, f"has {len(set(keys))} keys ({', '.join(sorted(set(keys)))}); kept {keys[0]!r}")
    return keys[0] if keys else None


def _join_by_text(
    converter: _Converter,
    union: _UnionFind,
    members: list[_Region],
    keys: dict[str, str | None],
    first_with_key: dict[tuple[str, str], str],
) -> None:
    """The default for an entity mention without a key: it joins the mentions of its type with the same text (the
    one keyed entity they belong to, or the other mentions without a key). Annotations that link mentions with
    `same-entity` relations (made before keys) keep their meaning and are left alone."""
    keyed: dict[tuple[str, str], set[str]] = {}
    for region in members:
        if (key := keys[region.id]) is not None:
            keyed.setdefault((region.label, region.mention["text"]), set()).add(key)
    first_without_key: dict[tuple[str, str], str] = {}
    for region in members:
        if keys[region.id] is not None:
            continue
        kind = (region.label, region.mention["text"])
        found = sorted(keyed.get(kind, set()))
        if len(found) == 1:
            union.union(first_with_key[(region.label, found[0])], region.id)
        elif found:
            converter.report(
                region.id, f"has no key, and mentions with the same text have the keys {', '.join(found)}; type one"
            )
        else:
            union.union(first_without_key.setdefault(kind, region.id), region.id)


def _components(converter: _Converter, control: str, link: str) -> list[list[_Region]]:
    """The regions of one control grouped by shared keys and `link` relations, in the order their first region
    appears. Entity mentions share a cluster only with mentions of their own type and key."""
    members = [region for region in converter.regions.values() if region.control == control]
    union = _UnionFind(region.id for region in members)
    first_with_key: dict[tuple[str, str], str] = {}
    keys = {region.id: _key(converter, region) for region in members}
    for region in members:
        if (key := keys[region.id]) is not None:
            kind = region.label if control == ENTITY else ""
            union.union(first_with_key.setdefault((kind, key), region.id), region.id)
    if control == ENTITY and not any(label == link for *_, label in converter.relations):
        _join_by_text(converter, union, members, keys, first_with_key)
    for name, source, target, label in converter.relations:
        if label != link:
            continue
        ends = [converter.regions.get(source), converter.regions.get(target)]
        if any(end is None or end.control != control for end in ends):
            converter.report(name, f"is labelled {link}, which must link two {control} regions")
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
                converter.report(
                    region.id, f"is labelled {region.label} but shares a key or {link} with {_a(first_label)}; left out"
                )
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
        converter.report(
            found[1][0], f"has the {control} {found[1][1]!r}, which disagrees with {found[0][1]!r}; kept the first"
        )
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
            converter.report(name, f"is labelled with the role {label}, which must link a trigger to an entity mention")
        elif label not in allowed:
            converter.report(name, f"is labelled {label}, a role {event_type} events do not allow")
        elif (
            label in converter.vocab.role_entity_types and types[entity] not in converter.vocab.role_entity_types[label]
        ):
            converter.report(name, f"is labelled {label}, a role {_a(types[entity])} entity cannot fill")
        else:
            if source == other:
                converter.report(
                    name, f"points from the mention to the trigger; read the other way round, as {label}", level=NOTE
                )
            if (argument := Argument(role=label, entity=entity)) not in arguments:
                arguments.append(argument)
    return arguments


def _event_relations(
    converter: _Converter, event_of_region: dict[str, str], known: list[list[str]], taken: set[str]
) -> list[Relation]:
    """The event relations among the usable relations, ordered as `known` lists them (new ones after).

    An arrow whose type pair is allowed only the other way round was drawn backwards: it is turned around, with a
    note."""
    relation_types = set(converter.vocab.values("relation_types"))
    found: dict[tuple[str, str, str], str] = {}
    for name, source, target, label in converter.relations:
        if label not in relation_types:
            continue
        ends = [converter.regions[source], converter.regions[target]]
        wrong = [end for end in ends if end.control != TRIGGER]
        pairs = converter.vocab.relation_pairs.get(label, frozenset())
        if wrong:
            what = " and ".join(converter.describe(end.id) for end in wrong)
            converter.report(name, f"is labelled {label}, which must link two event triggers ({what} is not one)")
            continue
        if source not in event_of_region or target not in event_of_region:
            converter.report(name, f"is labelled {label} but links an event that was left out")
            continue
        if name in converter.undirected and label not in converter.vocab.symmetric_relations:
            converter.report(name, f"is labelled {label} but has no direction; draw it from one event to the other")
            continue
        types = (ends[0].label, ends[1].label)
        if pairs and types not in pairs and types[::-1] in pairs:
            source, target = target, source
            converter.report(
                name,
                f"is labelled {label} from {_a(types[0])} to {_a(types[1])}, which only goes the other way "
                "round; turned around",
                level=NOTE,
            )
        if (key := (label, event_of_region[source], event_of_region[target])) in found:
            converter.report(name, f"is labelled {label} and drawn twice between the same events")
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


def _default_roles(converter: _Converter) -> list[tuple[str, str, str, str]]:
    """Unlabelled arrows from a trigger to an entity mention, with the default role of their types (a note each)."""
    defaulted: list[tuple[str, str, str, str]] = []
    roles = set(converter.vocab.values("roles"))
    held: dict[str, set[str]] = {}  # trigger region -> the roles its arrows hold
    for _, source, target, label in converter.relations:
        if label in roles:
            for end in (source, target):
                if (region := converter.regions.get(end)) is not None and region.control == TRIGGER:
                    held.setdefault(end, set()).add(label)
    for name, source, target in converter.unlabelled:
        first, second = converter.regions.get(source), converter.regions.get(target)
        if first is None or second is None:
            converter.report(name, "has no label and links a region that is missing or could not be converted")
            continue
        controls = {first.control, second.control}
        if controls == {TRIGGER}:
            converter.report(name, "has no relation type; pick one under the arrow's '...'")
            continue
        if controls != {TRIGGER, ENTITY}:
            converter.report(name, "has no label and links two entity mentions; give them one key instead")
            continue
        trigger, mention = (first, second) if first.control == TRIGGER else (second, first)
        role = default_role(converter.vocab, trigger.label, mention.label, held.setdefault(trigger.id, set()))
        if role is None:
            converter.report(
                name, f"has no role, and {_a(mention.label)} in {_a(trigger.label)} has no default; pick the role"
            )
            continue
        converter.report(name, f"has no role; taken as {role} (the default for {_a(mention.label)})", level=NOTE)
        held[trigger.id].add(role)
        defaulted.append((name, source, target, role))
    return defaulted


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
            converter.report(name, f"has the label {label!r}, which is not a role of the schema nor a relation type")
        elif source not in converter.regions or target not in converter.regions:
            converter.report(name, "links a region that is missing or could not be converted")
        else:
            usable.append(relation)
    usable.extend(_default_roles(converter))
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
        for control, got, default in ((POLARITY, polarity, DEFAULT_POLARITY), (REALIS, realis, DEFAULT_REALIS)):
            if got is None:
                converter.report(cluster[0].id, f"has no {control}; taken as {default} (the default)", level=NOTE)
        polarity, realis = polarity or DEFAULT_POLARITY, realis or DEFAULT_REALIS
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
