"""The checks `parley annotate check` and `pull` run: keys for coreference, the documented defaults, arrows drawn
backwards and doubled labels, each reported in words (label, text, offsets), never by bare region ids."""

from typing import Any

from parley.annotation.convert import ERROR, NOTE, convert_results

TEXT = "Arcadia and Borduria held talks in Oslo; Arcadia later proposed a truce, and the talks ended."


def _at(piece: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(piece, start + 1)
    return start, start + len(piece)


def _region(identifier: str, control: str, label: str, piece: str, occurrence: int = 0) -> dict[str, Any]:
    start, end = _at(piece, occurrence)
    value = {"start": start, "end": end, "text": piece, "labels": [label]}
    return {"id": identifier, "from_name": control, "to_name": "text", "type": "labels", "value": value}


def _key(identifier: str, key: str) -> dict[str, Any]:
    return {"id": identifier, "from_name": "key", "to_name": "text", "type": "textarea", "value": {"text": [key]}}


def _choice(identifier: str, control: str, value: str) -> dict[str, Any]:
    return {"id": identifier, "from_name": control, "to_name": "text", "type": "choices", "value": {"choices": [value]}}


def _arrow(source: str, target: str, *labels: str) -> dict[str, Any]:
    return {"from_id": source, "to_id": target, "type": "relation", "direction": "right", "labels": list(labels)}


def _base() -> list[dict[str, Any]]:
    return [
        _region("a", "entity", "STATE", "Arcadia"),
        _region("b", "entity", "STATE", "Borduria"),
        _region("a2", "entity", "STATE", "Arcadia", 1),
        _region("t", "trigger", "NEGOTIATE", "talks"),
        _region("t2", "trigger", "NEGOTIATE", "talks", 1),
        _region("p", "trigger", "PROPOSE", "proposed"),
        _region("x", "entity", "ISSUE", "a truce"),
        _key("t", "k"),
        _key("t2", "k"),
        *(_choice(trigger, "polarity", "positive") for trigger in ("t", "p")),
        *(_choice(trigger, "realis", "actual") for trigger in ("t", "p")),
    ]


def test_mentions_sharing_type_and_key_form_one_entity_and_triggers_sharing_a_key_one_event() -> None:
    results = [*_base(), _key("a", "arc"), _key("a2", "arc")]
    results += [_arrow("t", "a", "participant"), _arrow("p", "a2", "actor"), _arrow("p", "x", "topic")]
    content = convert_results(results, text=TEXT)
    assert content.problems == []
    assert [[m["text"] for m in e["mentions"]] for e in content.entities] == [
        ["Arcadia", "Arcadia"],
        ["Borduria"],
        ["a truce"],
    ]
    [talks, proposal] = content.events
    assert [trigger["start"] for trigger in talks["triggers"]] == [_at("talks")[0], _at("talks", 1)[0]]
    arcadia = content.entities[0]["id"]
    assert talks["arguments"] == [{"role": "participant", "entity": arcadia}]
    assert proposal["arguments"] == [
        {"role": "actor", "entity": arcadia},
        {"role": "topic", "entity": content.entities[2]["id"]},
    ]


def test_one_key_on_mentions_of_two_types_makes_two_entities() -> None:
    results = [*_base(), _key("a", "1"), _key("x", "1")]
    content = convert_results(results, text=TEXT)
    assert content.problems == []
    assert [(entity["type"], len(entity["mentions"])) for entity in content.entities] == [
        ("STATE", 2),
        ("STATE", 1),
        ("ISSUE", 1),
    ]


def test_triggers_of_two_types_sharing_a_key_are_reported_in_words() -> None:
    content = convert_results([*_base(), _key("p", "k")], text=TEXT, task=4)
    [problem] = content.problems
    start, end = _at("proposed")
    assert problem.format() == (
        f"task 4: error: the PROPOSE trigger 'proposed' (chars {start}-{end}) is labelled PROPOSE but shares a key "
        "or same-event with a NEGOTIATE; left out"
    )


def test_old_same_entity_and_same_event_relations_still_join_clusters() -> None:
    results = [r for r in _base() if r["from_name"] != "key"]
    results += [_arrow("a2", "a", "same-entity"), _arrow("t2", "t", "same-event")]
    content = convert_results(results, text=TEXT)
    assert content.problems == []
    assert len(content.entities) == 3 and len(content.events) == 2


def test_a_missing_polarity_and_realis_take_the_documented_defaults_with_a_note() -> None:
    results = [r for r in _base() if not (r["from_name"] in ("polarity", "realis") and r["id"] == "p")]
    content = convert_results(results, text=TEXT, task=2)
    start, end = _at("proposed")
    trigger = f"task 2: note: the PROPOSE trigger 'proposed' (chars {start}-{end})"
    assert [p.format() for p in content.problems] == [
        f"{trigger} has no polarity; taken as positive (the default)",
        f"{trigger} has no realis; taken as actual (the default)",
    ]
    assert content.events[-1]["attributes"] == {"polarity": "positive", "realis": "actual"}


def test_an_unlabelled_arrow_takes_the_default_role_of_its_entity_type_with_a_note() -> None:
    content = convert_results([*_base(), _arrow("t", "b"), _arrow("p", "x")], text=TEXT)
    assert [(p.level, p.reason) for p in content.problems] == [
        (NOTE, "has no role; taken as participant (the default for a STATE)"),
        (NOTE, "has no role; taken as topic (the default for an ISSUE)"),
    ]
    assert content.events[0]["arguments"] == [{"role": "participant", "entity": content.entities[1]["id"]}]
    assert content.events[1]["arguments"] == [{"role": "topic", "entity": content.entities[2]["id"]}]


def test_an_unlabelled_arrow_without_a_default_is_an_error() -> None:
    results = [*_base(), _region("q", "entity", "QUANTITY", "Oslo"), _arrow("t", "q")]
    content = convert_results(results, text=TEXT)
    [problem] = content.problems
    assert (problem.level, problem.reason) == (
        ERROR,
        "has no role, and a QUANTITY in a NEGOTIATE has no default; pick the role",
    )


def test_a_role_arrow_drawn_from_the_mention_to_the_trigger_is_turned_around_and_said_so() -> None:
    content = convert_results([*_base(), _arrow("x", "p", "topic")], text=TEXT, task=1)
    [problem] = content.problems
    assert problem.level == NOTE
    assert problem.message.startswith("the arrow from the ISSUE mention 'a truce'")
    assert "read the other way round, as topic" in problem.message
    assert content.events[1]["arguments"] == [{"role": "topic", "entity": content.entities[2]["id"]}]


def test_an_event_relation_whose_types_only_go_the_other_way_is_turned_around() -> None:
    # outcome_of goes from the AGREE/PROPOSE... to the NEGOTIATE that produced it; drawn from the talks here.
    content = convert_results([*_base(), _arrow("t", "p", "outcome_of")], text=TEXT)
    [problem] = content.problems
    assert problem.level == NOTE and "turned around" in problem.reason
    assert content.relations == [{"id": "r0", "type": "outcome_of", "from": "ev1", "to": "ev0"}]


def test_a_trigger_that_got_a_second_label_from_a_hotkey_is_caught() -> None:
    start, end = _at("proposed")
    doubled = _region("p", "entity", "PERSON", "proposed")
    content = convert_results([*_base(), doubled], text=TEXT, task=6)
    assert [p.format() for p in content.problems] == [
        f"task 6: error: the PROPOSE trigger 'proposed' (chars {start}-{end}) (also labelled as the PERSON mention "
        f"'proposed' (chars {start}-{end})) has both a trigger label (PROPOSE) and an entity label (PERSON), as a "
        "hotkey pressed while it was selected does; keep one and submit again"
    ]
    assert [event["type"] for event in content.events] == ["NEGOTIATE"]


def test_no_message_names_a_bare_region_id() -> None:
    results = [*_base(), _arrow("t", "nowhere", "topic"), _arrow("x", "p", "topic"), _key("p", "k")]
    for problem in convert_results(results, text=TEXT).problems:
        assert problem.where.startswith("the "), problem.message


def test_unlabelled_party_arrows_take_actor_then_recipient_in_drawing_order() -> None:
    results = [*_base(), _arrow("p", "a2"), _arrow("p", "b")]
    content = convert_results(results, text=TEXT)
    arcadia, borduria = content.entities[0]["id"], content.entities[1]["id"]
    assert content.events[1]["arguments"] == [
        {"role": "actor", "entity": arcadia},
        {"role": "recipient", "entity": borduria},
    ]
    labelled_first = convert_results([*_base(), _arrow("p", "b", "actor"), _arrow("p", "a2")], text=TEXT)
    assert labelled_first.events[1]["arguments"][1]["role"] == "recipient"


def test_mentions_without_a_key_join_the_mentions_of_their_type_with_the_same_text() -> None:
    content = convert_results(_base(), text=TEXT)
    assert content.problems == []
    assert [len(entity["mentions"]) for entity in content.entities] == [2, 1, 1]
    keyed = convert_results([*_base(), _key("a2", "arc")], text=TEXT)
    assert [len(entity["mentions"]) for entity in keyed.entities] == [2, 1, 1], "joins the one keyed entity"
    apart = convert_results([*_base(), _key("a", "x"), _key("a2", "y")], text=TEXT)
    assert [len(entity["mentions"]) for entity in apart.entities] == [1, 1, 1, 1], "different keys keep them apart"


def test_a_mention_without_a_key_matching_two_keyed_entities_is_reported() -> None:
    text = TEXT + " Arcadia"
    third = {**_region("a3", "entity", "STATE", "Arcadia"), "value": {"start": len(TEXT) + 1, "end": len(text),
             "text": "Arcadia", "labels": ["STATE"]}}  # fmt: skip
    content = convert_results([*_base(), third, _key("a", "x"), _key("a2", "y")], text=text)
    [problem] = content.problems
    assert problem.reason == "has no key, and mentions with the same text have the keys x, y; type one"
