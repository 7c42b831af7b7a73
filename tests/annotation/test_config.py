"""The labeling config is generated from the schema, and the committed file never drifts from it."""

import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from parley.annotation import config
from parley.annotation.cli import annotate_group
from parley.schema.vocabulary import vocabulary


def test_committed_config_matches_the_schema(checkout: Path) -> None:
    committed = (checkout / "annotation" / "label_config.xml").read_text(encoding="utf-8")
    assert committed == config.label_config(), "run `parley annotate config` and commit annotation/label_config.xml"


def test_every_vocabulary_value_is_offered_with_its_description_as_hint() -> None:
    root = ET.fromstring(config.label_config())
    vocab = vocabulary()

    def hints(tag: str, name: str, child: str) -> dict[str, str]:
        element = root.find(f".//{tag}[@name='{name}']")
        assert element is not None
        return {item.attrib["value"]: item.attrib["hint"] for item in element.iter(child)}

    triggers, entities = config.TRIGGER_HOTKEYS, config.ENTITY_HOTKEYS
    assert hints("Labels", config.TRIGGER, "Label") == {
        t.value: f"{t.description} [{triggers[t.value]}]" for t in vocab.event_types
    }
    assert hints("Labels", config.ENTITY, "Label") == {
        t.value: f"{t.description} [{entities[t.value]}]" for t in vocab.entity_types
    }
    assert hints("Choices", config.POLARITY, "Choice") == {t.value: t.description for t in vocab.polarities}
    assert hints("Choices", config.REALIS, "Choice") == {t.value: t.description for t in vocab.realis_values}
    relations = [item.attrib["value"] for item in root.iter("Relation")]
    assert relations == [*config.ROLE_ORDER, *vocab.values("relation_types")]
    guide = [header.attrib["value"] for header in root.iter("Header")]
    for term in (*vocab.roles, *vocab.relation_types):
        assert f"{term.value}: {term.description}" in guide


def test_the_normalized_hint_documents_the_quantity_grammar() -> None:
    root = ET.fromstring(config.label_config())
    [area] = [element for element in root.iter("TextArea") if element.attrib["name"] == config.NORMALIZED]
    assert "NUMBER[ UNIT][/PER][ annual|cumulative]" in area.attrib["placeholder"]
    assert "--MM-DD" in area.attrib["placeholder"]


def test_per_region_controls_follow_the_region_kind() -> None:
    root = ET.fromstring(config.label_config())
    shown_for = {
        control.attrib["name"]: view.attrib.get("whenTagName")
        for view in root.iter("View")
        if view.attrib.get("visibleWhen") == "region-selected"
        for control in view
        if control.tag in ("Choices", "TextArea")
    }
    assert shown_for == {
        config.POLARITY: config.TRIGGER,
        config.REALIS: config.TRIGGER,
        config.NORMALIZED: config.ENTITY,
        config.NAME: config.ENTITY,
        config.KEY: None,
    }
    assert all(
        element.attrib["perRegion"] == "true" for element in root.iter() if element.tag in ("Choices", "TextArea")
    )


def test_config_command_writes_and_checks(tmp_path: Path) -> None:
    target = tmp_path / "label_config.xml"
    runner = CliRunner()
    assert runner.invoke(annotate_group, ["config", "--out", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == config.label_config()
    assert runner.invoke(annotate_group, ["config", "--out", str(target), "--check"]).exit_code == 0
    target.write_text(config.label_config().replace("NEGOTIATE", "NEGOTIATION"), encoding="utf-8")
    drifted = runner.invoke(annotate_group, ["config", "--out", str(target), "--check"])
    assert drifted.exit_code == 1
    assert "out of date" in drifted.output


def test_every_label_has_its_own_hotkey_and_none_is_an_editor_key() -> None:
    """Mnemonic, explicit and unique; none taken by the text editor itself (u, Enter, Escape, Backspace, chords)."""
    root = ET.fromstring(config.label_config())
    hotkeys = [label.attrib.get("hotkey") for label in (*root.iter("Label"), *root.iter("Choice"))]
    assert None not in hotkeys
    assert len(set(hotkeys)) == len(hotkeys)
    editor = {"u", "enter", "escape", "backspace", "delete"}
    assert not editor & set(hotkeys)
    assert all(not key.startswith(("alt+", "ctrl+")) for key in hotkeys if key)
    vocab = vocabulary()
    assert set(config.TRIGGER_HOTKEYS) == set(vocab.values("event_types"))
    assert set(config.ENTITY_HOTKEYS) == set(vocab.values("entity_types"))


def test_the_role_order_lists_every_role_once_and_no_coreference_relation_is_offered() -> None:
    vocab = vocabulary()
    assert sorted(config.ROLE_ORDER) == sorted(vocab.values("roles"))
    offered = [item.attrib["value"] for item in ET.fromstring(config.label_config()).iter("Relation")]
    assert config.SAME_ENTITY not in offered and config.SAME_EVENT not in offered


def test_every_event_type_has_a_default_role_for_each_common_entity_type() -> None:
    vocab = vocabulary()
    for event_type in vocab.values("event_types"):
        for entity_type in ("PERSON", "STATE", "ORGANIZATION", "GROUP", "ISSUE", "TIME"):
            role = config.default_role(vocab, event_type, entity_type)
            assert role is not None and role in vocab.allowed_roles[event_type], (event_type, entity_type)
    assert config.default_role(vocab, "NEGOTIATE", "STATE") == "participant"
    assert config.default_role(vocab, "PROPOSE", "STATE") == "actor"
    assert config.default_role(vocab, "NEGOTIATE", "QUANTITY") is None


def test_a_second_party_arrow_takes_the_next_party_role() -> None:
    vocab = vocabulary()
    assert config.default_role(vocab, "PROPOSE", "STATE", {"actor"}) == "recipient"
    assert config.default_role(vocab, "PROPOSE", "STATE", {"actor", "recipient"}) == "recipient"
    assert config.default_role(vocab, "MEDIATE", "PERSON") == "mediator"
    assert config.default_role(vocab, "MEDIATE", "STATE", {"mediator"}) == "participant"
    assert config.default_role(vocab, "NEGOTIATE", "GROUP", {"participant"}) == "participant"
    for event_type, roles in config.PARTY_ROLES.items():
        assert set(roles) <= set(vocab.allowed_roles[event_type]), event_type
    assert set(config.PARTY_ROLES) == set(vocab.values("event_types"))


def test_the_annotators_readme_lists_every_hotkey_of_the_config(checkout: Path) -> None:
    readme = (checkout / "annotation" / "README.md").read_text(encoding="utf-8")
    choices = {value: key for keys in config.CHOICE_HOTKEYS.values() for value, key in keys.items()}
    for label, key in {**config.TRIGGER_HOTKEYS, **config.ENTITY_HOTKEYS, **choices}.items():
        written = key.replace("shift+", "Shift+")
        assert f"| `{written}` | {label}" in readme, (label, key)
    for role in config.ROLE_ORDER:
        assert role in readme
