"""The annotator's gestures in Label Studio and what each costs in UI actions (a click, a key press, a drag).

Two paths over the same record: `BEFORE`, the path before keys and defaults (coreference drawn as relations, every
arrow labelled through its "..." menu, polarity and realis clicked on every event), and `AFTER`, the documented
path (`annotation/README.md`): coreference typed as a key, unlabelled arrows taking their default role, polarity
and realis clicked only when they differ from the defaults. `benchmarks/annotation_actions.py` counts both; the
browser test performs `AFTER` in Chromium and counts the actions it really used.
"""

import re
from dataclasses import dataclass, field

from parley.annotation.config import DEFAULT_POLARITY, DEFAULT_REALIS, default_role
from parley.schema.records import Argument, Document, Entity, Event, Mention
from parley.schema.vocabulary import vocabulary


@dataclass(frozen=True)
class Costs:
    """UI actions per gesture."""

    region: int = 2
    """The label's hotkey, then a double-click or drag over the words."""
    arrow: int = 3
    """Click the trigger, Alt+R, click the mention (or the other trigger)."""
    arrow_label: int = 3
    """Hover the arrow in the sidebar and click its "...", open "Select labels", click the label."""
    select: int = 1
    """Click a region to show its per-region fields."""
    unselect: int = 1
    """Escape before the next event's hotkeys (a label hotkey pressed while a region is selected relabels it)."""
    key_field: int = 2
    """Click the key field, and Enter after the typed characters (which count one action each)."""
    choice: int = 1
    """Click a per-region choice (polarity or realis)."""
    submit: int = 1
    """Ctrl+Enter."""


@dataclass
class ActionCount:
    """A path's actions over one record, by what they are spent on."""

    events: int = 0
    arguments: int = 0
    actions: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, count: int) -> None:
        self.actions[what] = self.actions.get(what, 0) + count

    @property
    def total(self) -> int:
        return sum(self.actions.values())

    def per_event(self) -> float:
        return self.total / self.events if self.events else 0.0

    def per_argument(self) -> float:
        """Actions spent on arguments (the arrows and their roles), per argument."""
        return self.actions.get("roles", 0) / self.arguments if self.arguments else 0.0


def key_for(index: int) -> str:
    """The short key an annotator types for the `index`-th cluster that needs one: `1` ... `9`, `10` ..."""
    return str(index + 1)


def count_actions(record: Document, *, before: bool, costs: Costs = Costs()) -> ActionCount:
    """The UI actions the path needs to annotate `record` from an empty task and submit it."""
    vocab = vocabulary()
    count = ActionCount(events=len(record["events"]))
    types = {entity["id"]: entity["type"] for entity in record["entities"]}
    keyed = 0
    for entity in record["entities"]:
        count.add("regions", costs.region * len(entity["mentions"]))
        texts = {mention["text"] for mention in entity["mentions"]}
        if before and len(entity["mentions"]) > 1:
            count.add("coreference", (costs.arrow + costs.arrow_label) * (len(entity["mentions"]) - 1))
        elif not before and len(texts) > 1:
            # One key per distinct text: the other mentions with that text join it without one.
            typed = len(key_for(keyed))
            keyed += 1
            count.add("coreference", (costs.select + costs.key_field + typed) * len(texts))
    for event in record["events"]:
        count.add("regions", costs.region * len(event["triggers"]))
        count.add("unselect", costs.unselect)
        if len(event["triggers"]) > 1:
            if before:
                count.add("coreference", (costs.arrow + costs.arrow_label) * (len(event["triggers"]) - 1))
            else:
                typed = len(key_for(keyed))
                keyed += 1
                count.add("coreference", (costs.select + costs.key_field + typed) * len(event["triggers"]))
        attributes = event["attributes"]
        if before:
            count.add("attributes", costs.select + 2 * costs.choice)
        else:
            changed = (attributes["polarity"] != DEFAULT_POLARITY) + (attributes["realis"] != DEFAULT_REALIS)
            count.add("attributes", (costs.select + changed * costs.choice) if changed else 0)
        held: set[str] = set()
        for argument in event["arguments"]:
            count.arguments += 1
            default = default_role(vocab, event["type"], types[argument["entity"]], held)
            held.add(argument["role"])
            labelled = before or argument["role"] != default
            count.add("roles", costs.arrow + (costs.arrow_label if labelled else 0))
    count.add("submit", costs.submit)
    return count


# The practice document: ten one-sentence events with three single-word arguments each (so a double-click selects
# every mention), actors recurring across sentences (coreference), five roles other than the default and one event
# whose realis is not the default. (event type, sentence, trigger, [(role, mention, entity type)], realis)
_PRACTICE = (
    ("NEGOTIATE", "Arcadia and Borduria negotiated in Oslo.", "negotiated",
     [("participant", "Arcadia", "STATE"), ("participant", "Borduria", "STATE"), ("location", "Oslo", "LOCATION")]),
    ("PROPOSE", "Carpania proposed ceasefire to Borduria.", "proposed",
     [("actor", "Carpania", "STATE"), ("topic", "ceasefire", "ISSUE"), ("recipient", "Borduria", "STATE")]),
    ("REJECT", "Borduria rejected ceasefire in Geneva.", "rejected",
     [("actor", "Borduria", "STATE"), ("topic", "ceasefire", "ISSUE"), ("location", "Geneva", "LOCATION")]),
    ("DEMAND", "Arcadia demanded withdrawal from Borduria.", "demanded",
     [("actor", "Arcadia", "STATE"), ("topic", "withdrawal", "ISSUE"), ("recipient", "Borduria", "STATE")]),
    ("MEDIATE", "Dorland mediated between Arcadia and Borduria.", "mediated",
     [("mediator", "Dorland", "STATE"), ("participant", "Arcadia", "STATE"), ("participant", "Borduria", "STATE")]),
    ("AGREE", "Arcadia and Borduria agreed in Oslo.", "agreed",
     [("participant", "Arcadia", "STATE"), ("participant", "Borduria", "STATE"), ("location", "Oslo", "LOCATION")]),
    ("SIGN", "Arcadia signed accord in Geneva.", "signed",
     [("participant", "Arcadia", "STATE"), ("topic", "accord", "ISSUE"), ("location", "Geneva", "LOCATION")]),
    ("IMPLEMENT", "Borduria will implement accord in Vienna.", "implement",
     [("participant", "Borduria", "STATE"), ("topic", "accord", "ISSUE"), ("location", "Vienna", "LOCATION")]),
    ("THREATEN", "Carpania threatened sanctions against Borduria.", "threatened",
     [("actor", "Carpania", "STATE"), ("topic", "sanctions", "ISSUE"), ("recipient", "Borduria", "STATE")]),
    ("ACCUSE", "Carpania accused Arcadia of violations.", "accused",
     [("actor", "Carpania", "STATE"), ("recipient", "Arcadia", "STATE"), ("topic", "violations", "ISSUE")]),
)  # fmt: skip
_FUTURE = {"IMPLEMENT"}


def practice_document(events: int = 10) -> Document:
    """A valid gold record of `events` (at most 10) one-sentence events with three arguments each."""
    text = ""
    entities: dict[str, Entity] = {}
    records: list[Event] = []
    for number, (event_type, sentence, trigger, arguments) in enumerate(_PRACTICE[:events]):
        offset = len(text) + (1 if text else 0)
        text = f"{text} {sentence}" if text else sentence

        def span(word: str, sentence: str = sentence, offset: int = offset) -> Mention:
            start = offset + re.search(rf"\b{re.escape(word)}\b", sentence).start()  # type: ignore[union-attr]
            return {"start": start, "end": start + len(word), "text": word}

        event_arguments: list[Argument] = []
        for role, word, entity_type in arguments:
            identifier = f"{entity_type.lower()}-{word.lower()}"
            entity = entities.setdefault(
                identifier,
                {"id": identifier, "type": entity_type, "name": word, "mentions": []},
            )
            entity["mentions"].append(span(word))
            event_arguments.append({"role": role, "entity": identifier})
        realis = "future" if event_type in _FUTURE else "actual"
        records.append(
            {
                "id": f"ev{number + 1}",
                "type": event_type,
                "triggers": [span(trigger)],
                "arguments": event_arguments,
                "attributes": {"polarity": "positive", "realis": realis},
            }
        )
    ordered = sorted(entities.values(), key=lambda entity: entity["mentions"][0]["start"])
    return {
        "id": f"practice-{events}-events",
        "title": f"Practice: {events} events",
        "date": "2026-11-30",
        "source": "parley",
        "url": None,
        "language": "en",
        "domain": "diplomacy",
        "text": text,
        "entities": ordered,
        "events": records,
        "annotation": {"guidelines_version": "2.0", "annotators": ["practice"], "adjudicated": False},
    }
