"""The checks a JSON Schema cannot express, on a record the schema already accepts.

Each check yields `(json pointer, code, message)`; `validation.py` turns them into located problems.
"""

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import Any

from parley.schema.problems import json_pointer
from parley.schema.quantities import quantity_problem
from parley.schema.vocabulary import vocabulary

Finding = tuple[str, str, str]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DURATION = re.compile(r"^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$")
_RECURRING_DAY = re.compile(r"^--(\d{2})-(\d{2})$")


def _check_mention(mention: dict[str, Any], text: str | None, pointer: str) -> Iterator[Finding]:
    start, end = mention.get("start"), mention.get("end")
    if start is None or end is None or text is None:
        return
    if not (isinstance(start, int) and isinstance(end, int)):
        # JSON Schema counts 1.0 as an integer; Python cannot slice with it.
        yield pointer, "wrong-type", f"offsets must be whole numbers without a decimal point, not {start}:{end}"
        return
    if start >= end:
        yield pointer, "offset-order", f"start {start} is not before end {end}"
    elif end > len(text):
        yield pointer, "offset-range", f"end {end} is past the end of the text ({len(text)} code points)"
    elif text[start:end] != mention["text"]:
        found, claimed = text[start:end], mention["text"]
        # Strings that differ only in Unicode normalization print alike; show their code points instead.
        show = ascii if unicodedata.normalize("NFC", found) == unicodedata.normalize("NFC", claimed) else repr
        yield pointer, "offset-mismatch", f"text[{start}:{end}] is {show(found)}, the mention says {show(claimed)}"


def parse_partial_date(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day covered by `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or None if not a real date."""
    match = _PARTIAL_DATE.fullmatch(value)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day is not None:
            day_value = dt.date(int(year), int(month), int(day))
            return day_value, day_value
        if month is not None:
            first = dt.date(int(year), int(month), 1)
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    except ValueError:
        return None


def _recurring_day_problem(value: str) -> str | None:
    match = _RECURRING_DAY.fullmatch(value)
    assert match is not None
    try:
        dt.date(2000, int(match[1]), int(match[2]))  # a leap year, so that --02-29 is a real recurring day
    except ValueError:
        return f"{value!r} is not a real day of the year (--MM-DD)"
    return None


def time_value_problem(value: str) -> str | None:
    """Why `value` is not an ISO 8601 date, interval or duration as Parley writes them, or None if it is.

    A recurring named day without a year (Christmas Day) is `--MM-DD`, ISO 8601's date without a year.
    """
    if _DURATION.fullmatch(value):
        return None
    if _RECURRING_DAY.fullmatch(value):
        return _recurring_day_problem(value)
    parts = value.split("/")
    if len(parts) > 2:
        return f"{value!r} has more than one '/'"
    spans = [parse_partial_date(part) for part in parts]
    if any(span is None for span in spans):
        return f"{value!r} is not a real ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD), interval or duration"
    if len(parts) == 2 and spans[0] and spans[1] and spans[0][0] > spans[1][1]:
        return f"interval {value!r} ends before it starts"
    return None


def _check_entities(record: dict[str, Any], text: str | None) -> Iterator[Finding]:
    for index, entity in enumerate(record["entities"]):
        pointer = json_pointer("entities", index)
        for mention_index, mention in enumerate(entity["mentions"]):
            yield from _check_mention(mention, text, json_pointer("entities", index, "mentions", mention_index))
        spans = Counter((m.get("start"), m.get("end"), m["text"]) for m in entity["mentions"] if "start" in m)
        for (start, end, _), count in spans.items():
            if count > 1:
                yield (
                    pointer + "/mentions",
                    "duplicate-mention",
                    f"span {start}:{end} is listed {count} times",
                )
        normalized = entity.get("normalized")
        if normalized is None:
            continue
        if entity["type"] == "TIME":
            reason = time_value_problem(normalized)
            if reason:
                yield pointer + "/normalized", "normalized-invalid", reason
        elif entity["type"] == "QUANTITY":
            reason = quantity_problem(normalized)
            if reason:
                yield pointer + "/normalized", "normalized-invalid", reason


def _check_events(record: dict[str, Any], text: str | None) -> Iterator[Finding]:
    vocab = vocabulary()
    entity_types = {entity["id"]: entity["type"] for entity in record["entities"]}
    for index, event in enumerate(record["events"]):
        for trigger_index, trigger in enumerate(event["triggers"]):
            yield from _check_mention(trigger, text, json_pointer("events", index, "triggers", trigger_index))
        allowed = vocab.allowed_roles[event["type"]]
        seen: set[tuple[str, str]] = set()
        for arg_index, argument in enumerate(event["arguments"]):
            pointer = json_pointer("events", index, "arguments", arg_index)
            role, entity = argument["role"], argument["entity"]
            if role not in allowed:
                yield (
                    pointer + "/role",
                    "role-not-allowed",
                    f"{event['type']} takes no {role!r} (allowed: {', '.join(allowed)})",
                )
            if entity not in entity_types:
                yield pointer + "/entity", "unknown-entity", f"no entity has id {entity!r}"
            elif role in vocab.role_entity_types and entity_types[entity] not in vocab.role_entity_types[role]:
                wanted = " or ".join(vocab.role_entity_types[role])
                yield (
                    pointer + "/entity",
                    "role-entity-type",
                    f"role {role!r} needs a {wanted} entity, {entity!r} is {entity_types[entity]}",
                )
            if (role, entity) in seen:
                yield pointer, "duplicate-argument", f"{entity!r} already fills {role!r} in this event"
            seen.add((role, entity))


def _check_relations(record: dict[str, Any]) -> Iterator[Finding]:
    vocab = vocabulary()
    event_types = {event["id"]: event["type"] for event in record["events"]}
    entity_ids = {entity["id"] for entity in record["entities"]}
    first_seen: dict[tuple[str, str, str], int] = {}
    for index, relation in enumerate(record.get("relations", [])):
        pointer = json_pointer("relations", index)
        kind, source, target = relation["type"], relation["from"], relation["to"]
        missing = [end for end in ("from", "to") if relation[end] not in event_types]
        for end in missing:
            what = "an entity, not an event" if relation[end] in entity_ids else "no event has that id"
            yield pointer + "/" + end, "unknown-event", f"{relation[end]!r}: {what}"
        if missing:
            continue
        if source == target:
            yield pointer + "/to", "self-relation", f"{source!r} cannot be {kind} itself"
            continue
        pair = (event_types[source], event_types[target])
        if pair not in vocab.relation_pairs[kind]:
            allowed = ", ".join(f"{a}->{b}" for a, b in sorted(vocab.relation_pairs[kind]))
            yield (
                pointer + "/type",
                "relation-pair",
                f"{kind} cannot link {pair[0]} {source!r} to {pair[1]} {target!r} (allowed: {allowed})",
            )
        keys = [(kind, source, target)]
        if kind in vocab.symmetric_relations:
            keys.append((kind, target, source))
        earlier = next((first_seen[key] for key in keys if key in first_seen), None)
        if earlier is not None:
            reverse = "" if keys[0] in first_seen else f" reversed ({kind} is symmetric)"
            yield pointer, "duplicate-relation", f"same as /relations/{earlier}{reverse}"
        else:
            first_seen[keys[0]] = index


def _check_ids(record: dict[str, Any]) -> Iterator[Finding]:
    first_seen: dict[str, str] = {}
    for collection in ("entities", "events", "relations"):
        for index, item in enumerate(record.get(collection, [])):
            pointer = json_pointer(collection, index, "id")
            if item["id"] in first_seen:
                yield (
                    pointer,
                    "duplicate-id",
                    f"id {item['id']!r} is already used at {first_seen[item['id']]}",
                )
            else:
                first_seen[item["id"]] = pointer


def semantic_problems(record: dict[str, Any], kind: str) -> Iterator[Finding]:
    """Every semantic problem of a schema-valid record of this kind ('gold' or 'prediction')."""
    text = record.get("text")
    if kind == "gold":
        try:
            dt.date.fromisoformat(record["date"])
        except ValueError:
            yield "/date", "date-invalid", f"{record['date']!r} is not a real calendar date"
    yield from _check_ids(record)
    yield from _check_entities(record, text)
    yield from _check_events(record, text)
    yield from _check_relations(record)
