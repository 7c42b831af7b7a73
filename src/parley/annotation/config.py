"""The Label Studio labeling config, generated from the schema's vocabulary (never edited by hand).

Tag names are the contract between the config, `tasks.py` (records -> results) and `convert.py` (results ->
records); they live here as constants, with the annotator's conventions the config documents: the hotkeys, the
order of the role list, the default attributes and the default role of an unlabelled arrow.
"""

from xml.sax.saxutils import quoteattr

from parley.schema.vocabulary import Term, Vocabulary, vocabulary

TEXT = "text"
TRIGGER = "trigger"
ENTITY = "entity"
POLARITY = "polarity"
REALIS = "realis"
NORMALIZED = "normalized"
NAME = "name"
KEY = "key"
"""Per-region text: entity mentions sharing type and key are one entity; triggers sharing a key are one event."""
SAME_ENTITY = "same-entity"
SAME_EVENT = "same-event"
COREFERENCE = (SAME_ENTITY, SAME_EVENT)
"""Coreference relations of annotations made before keys existed: `pull` still reads them; the config no longer
offers them."""

NORMALIZED_HINT = (
    "a canonical name; for TIME an ISO 8601 date, interval or duration, or --MM-DD for a recurring day; for QUANTITY "
    "NUMBER[ UNIT][/PER][ annual|cumulative], plain decimal without separators: 1000 prisoners, 25 %, 7.5 USD/hour, "
    "38 % cumulative, 400000 bbl/d"
)
KEY_HINT = "same key = same entity (same type) or same event; pushed records use their ids (e1, ev3)"

# Hotkeys: a mnemonic lowercase letter per event type, shift + a mnemonic letter per entity type. None of them is a
# key of the editor itself in a text task (u, Enter, Escape, Backspace and Alt/Ctrl chords are), and Label Studio
# ignores hotkeys while the focus is in a text field, so typing a key or a normalized value never labels anything.
TRIGGER_HOTKEYS = {
    "NEGOTIATE": "n",
    "MEDIATE": "m",
    "PROPOSE": "p",
    "DEMAND": "d",
    "AGREE": "a",
    "SIGN": "s",
    "REJECT": "r",
    "CONCEDE": "c",
    "IMPLEMENT": "i",
    "WITHDRAW": "w",
    "THREATEN": "t",
    "ACCUSE": "b",  # blame: "a" is AGREE
}
ENTITY_HOTKEYS = {
    "PERSON": "shift+p",
    "STATE": "shift+s",
    "ORGANIZATION": "shift+o",
    "GROUP": "shift+g",
    "LOCATION": "shift+l",
    "TIME": "shift+t",
    "QUANTITY": "shift+q",
    "ISSUE": "shift+i",
}

# The role list, most frequent first: the order of the 2,247 arguments of the 31 corpus documents of November 2026
# (topic 557, participant 547, actor 338, time 228, recipient 167, mediator 108, source 87, location 83, quantity 66,
# duration 47, condition 19; deadline and effective are new in schema 1.1). Fixed here so the list never reshuffles
# under an annotator's hand as the corpus grows.
ROLE_ORDER = (
    "topic",
    "participant",
    "actor",
    "time",
    "recipient",
    "mediator",
    "source",
    "location",
    "quantity",
    "duration",
    "condition",
    "deadline",
    "effective",
)

# An arrow from a trigger to an entity mention left without a label takes a default role; `pull` reports each one
# it fills in. A party (PERSON, STATE, ORGANIZATION, GROUP) takes the first of its event type's party roles that no
# arrow from the same trigger holds yet, in the order the arrows were drawn (the last one repeats): actor first,
# then recipient, so "A proposed X to B" is two unlabelled arrows, A then B. Other types take the one role they
# stand for. Chosen from the corpus (the most frequent role of each event and entity type).
PARTY_TYPES = ("PERSON", "STATE", "ORGANIZATION", "GROUP")
PARTY_ROLES = {
    "NEGOTIATE": ("participant",),
    "MEDIATE": ("mediator", "participant"),
    "PROPOSE": ("actor", "recipient"),
    "DEMAND": ("actor", "recipient"),
    "AGREE": ("participant",),
    "SIGN": ("participant",),
    "REJECT": ("actor", "recipient"),
    "CONCEDE": ("actor", "recipient"),
    "IMPLEMENT": ("participant",),
    "WITHDRAW": ("actor", "recipient"),
    "THREATEN": ("actor", "recipient"),
    "ACCUSE": ("actor", "recipient"),
}
DEFAULT_ROLES = {"ISSUE": "topic", "TIME": "time", "LOCATION": "location", "QUANTITY": "quantity"}
DEFAULT_POLARITY = "positive"
DEFAULT_REALIS = "actual"

_TRIGGER_COLOURS = (
    "#e6194b",
    "#f58231",
    "#ffe119",
    "#bfef45",
    "#3cb44b",
    "#42d4f4",
    "#fabed4",
    "#ffd8b1",
    "#fffac8",
    "#aaffc3",
    "#808000",
    "#000075",
)
_ENTITY_COLOURS = ("#4363d8", "#911eb4", "#f032e6", "#a9a9a9", "#469990", "#dcbeff", "#9a6324", "#800000")


def default_role(
    vocab: Vocabulary, event_type: str, entity_type: str, taken: frozenset[str] | set[str] = frozenset()
) -> str | None:
    """The role an unlabelled arrow from an `event_type` trigger to an `entity_type` mention stands for, if any,
    when the trigger's other arrows already hold the roles `taken`."""
    allowed = vocab.allowed_roles.get(event_type, ())
    if entity_type in PARTY_TYPES:
        roles = PARTY_ROLES.get(event_type, ())
        role = next((role for role in roles if role not in taken), roles[-1] if roles else None)
    else:
        role = DEFAULT_ROLES.get(entity_type)
    return role if role in allowed else None


def ordered_roles(vocab: Vocabulary) -> tuple[Term, ...]:
    """The schema's roles in `ROLE_ORDER` (roles the order does not know yet go last, in the schema's order)."""
    rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    return tuple(sorted(vocab.roles, key=lambda term: rank.get(term.value, len(rank))))


def _labels(name: str, terms: tuple[Term, ...], colours: tuple[str, ...], hotkeys: dict[str, str]) -> list[str]:
    lines = [f'  <Labels name="{name}" toName="{TEXT}" choice="single" showInline="true">']
    for index, term in enumerate(terms):
        colour = colours[index % len(colours)]
        hotkey = f" hotkey={quoteattr(hotkeys[term.value])}" if term.value in hotkeys else ""
        hint = f"{term.description} [{hotkeys[term.value]}]" if term.value in hotkeys else term.description
        attributes = f"value={quoteattr(term.value)} hint={quoteattr(hint)} background={quoteattr(colour)}{hotkey}"
        lines.append(f"    <Label {attributes}/>")
    lines.append("  </Labels>")
    return lines


# Choices get digits (Label Studio would number them itself; written out, they are documented and stable). They act
# on the selected trigger; like every hotkey they are ignored while typing in a field.
CHOICE_HOTKEYS = {
    POLARITY: {"positive": "1", "negative": "2"},
    REALIS: {"actual": "3", "future": "4", "hypothetical": "5"},
}


def _choices(name: str, terms: tuple[Term, ...], *, title: str) -> list[str]:
    lines = [
        f'  <View visibleWhen="region-selected" whenTagName="{TRIGGER}">',
        f'    <Header value={quoteattr(title)} size="6"/>',
        f'    <Choices name="{name}" toName="{TEXT}" perRegion="true" choice="single" showInline="true">',
    ]
    keys = CHOICE_HOTKEYS.get(name, {})
    lines.extend(
        f"      <Choice value={quoteattr(t.value)} hint={quoteattr(t.description)}"
        + (f" hotkey={quoteattr(keys[t.value])}" if t.value in keys else "")
        + "/>"
        for t in terms
    )
    lines.extend(["    </Choices>", "  </View>"])
    return lines


def _text_area(name: str, *, title: str, placeholder: str, when: str | None = ENTITY) -> list[str]:
    shown_for = f' whenTagName="{when}"' if when else ""
    return [
        f'  <View visibleWhen="region-selected"{shown_for}>',
        f'    <Header value={quoteattr(title)} size="6"/>',
        f'    <TextArea name="{name}" toName="{TEXT}" perRegion="true" maxSubmissions="1" editable="true"'
        f" placeholder={quoteattr(placeholder)}/>",
        "  </View>",
    ]


def _role_guide(vocab: Vocabulary) -> list[str]:
    parties = "; ".join(f"{event} {', then '.join(roles)}" for event, roles in PARTY_ROLES.items())
    others = ", ".join(f"{kind} {role}" for kind, role in DEFAULT_ROLES.items())
    guide = (
        "An arrow left without a label takes the default role: a party (PERSON, STATE, ORGANIZATION, GROUP) the "
        f"first role not yet held by an arrow of the trigger, in drawing order ({parties}); {others}"
    )
    lines = [f'    <Header value={quoteattr(guide)} size="6"/>']
    terms = (*ordered_roles(vocab), *vocab.relation_types)
    lines.extend(f'    <Header value={quoteattr(f"{t.value}: {t.description}")} size="6"/>' for t in terms)
    return lines


def label_config(vocab: Vocabulary | None = None) -> str:
    """The labeling config XML for `vocab` (default: the shipped schema's vocabulary)."""
    vocab = vocab or vocabulary()
    # One Relations list: the roles (trigger to entity mention), most frequent first, then the relation types
    # between events (trigger to trigger, schema 1.1). Coreference is a key, not a relation.
    relation_terms = (*ordered_roles(vocab), *vocab.relation_types)
    lines = [
        "<!-- Generated by `parley annotate config` from schema/vocabulary.schema.json; do not edit by hand. -->",
        "<View>",
        '  <Header value="$title"/>',
        '  <Header value="Triggers: the word(s) that express an event (hotkey: a letter)" size="6"/>',
        *_labels(TRIGGER, vocab.event_types, _TRIGGER_COLOURS, TRIGGER_HOTKEYS),
        '  <Header value="Entity mentions (hotkey: Shift + a letter)" size="6"/>',
        *_labels(ENTITY, vocab.entity_types, _ENTITY_COLOURS, ENTITY_HOTKEYS),
        f'  <Text name="{TEXT}" value="$text" granularity="symbol"/>',
        '  <Relations choice="single">',
        *(f"    <Relation value={quoteattr(term.value)}/>" for term in relation_terms),
        "  </Relations>",
        *_text_area(
            KEY,
            title="Key of the selected region: same key, same entity or event (type it, then Enter)",
            placeholder=KEY_HINT,
            when=None,
        ),
        *_choices(POLARITY, vocab.polarities, title=f"Polarity of the selected event (default {DEFAULT_POLARITY})"),
        *_choices(REALIS, vocab.realis_values, title=f"Realis of the selected event (default {DEFAULT_REALIS})"),
        *_text_area(
            NORMALIZED,
            title="Normalized value of the selected entity",
            placeholder=NORMALIZED_HINT,
        ),
        *_text_area(
            NAME,
            title="Name of the selected entity (only if not its longest mention)",
            placeholder="a readable name for the whole cluster",
        ),
        "  <Collapse><Panel value=\"Roles (Alt+R, click the mention; pick the role under the arrow's '...')\">",
        *_role_guide(vocab),
        "  </Panel></Collapse>",
        "</View>",
    ]
    return "\n".join(lines) + "\n"
