"""Results -> records: exact for what push writes, every unusable region reported with its reason."""

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from parley.annotation.convert import convert_results
from parley.annotation.tasks import (
    NULL_NORMALIZED,
    RELATION_IDS,
    parse_region_id,
    record_results,
    region_id,
    task_data,
)
from parley.corpus.loading import load_documents
from parley.corpus.synthetic import generate_document, generate_documents
from parley.schema.records import Document, Mention
from parley.schema.validation import validate_record

CASES = json.loads((Path(__file__).parent / "cases" / "problems.json").read_text(encoding="utf-8"))


def _round_trip(document: Document) -> tuple[Any, Any, list[Any]]:
    nulls = frozenset(task_data(document)[NULL_NORMALIZED])
    content = convert_results(record_results(document), text=document["text"], null_normalized=nulls)
    return content.entities, content.events, content.problems


def overlapping_document() -> Document:
    """Non-BMP text where a trigger lies inside an entity mention and two entity mentions overlap."""
    text = "👩‍👩‍👧 The 🇺🇦 Istanbul talks\r\nended; Zoë called the Ame\u0301lie talks 𝔊 fruitless."
    start = text.index("Istanbul talks")

    def span(piece: str, at: int | None = None) -> Mention:
        begin = text.index(piece) if at is None else at
        return {"start": begin, "end": begin + len(piece), "text": piece}

    second = text.index("Ame\u0301lie talks")
    return {
        "id": "overlapping-spans",
        "title": "Overlapping spans",
        "date": "2025-06-02",
        "source": "parley",
        "url": None,
        "language": "en",
        "domain": "diplomacy",
        "text": text,
        "entities": [
            {"id": "talks", "type": "ISSUE", "name": "Istanbul talks", "mentions": [span("Istanbul talks", start)]},
            {
                "id": "istanbul",
                "type": "LOCATION",
                "name": "Istanbul",
                "normalized": "Istanbul",
                "mentions": [span("Istanbul", start)],
            },
            {"id": "zoe", "type": "PERSON", "name": "Zoë N.", "normalized": None, "mentions": [span("Zoë")]},
            {"id": "amelie", "type": "ISSUE", "name": "Amélie talks", "mentions": [span("Ame\u0301lie talks", second)]},
        ],
        "events": [
            {
                "id": "ev-talks",
                "type": "NEGOTIATE",
                "triggers": [span("talks", text.index("talks", start)), span("talks", text.index("talks", second))],
                "arguments": [{"role": "location", "entity": "istanbul"}],
                "attributes": {"polarity": "positive", "realis": "actual"},
            },
            {
                "id": "ev-called",
                "type": "ACCUSE",
                "triggers": [span("called")],
                "arguments": [{"role": "source", "entity": "zoe"}],
                "attributes": {"polarity": "negative", "realis": "actual"},
            },
        ],
        "annotation": {"guidelines_version": "1.0", "annotators": ["test"], "adjudicated": False},
    }


def test_overlapping_document_is_valid_gold() -> None:
    assert validate_record(overlapping_document(), "gold") == []


@pytest.mark.parametrize("document", [overlapping_document(), *generate_documents(30, exotic=True, events=5)])
def test_generated_records_come_back_exactly(document: Document) -> None:
    entities, events, problems = _round_trip(document)
    assert problems == []
    assert entities == document["entities"]
    assert events == document["events"]


def test_corpus_records_come_back_exactly() -> None:
    documents = load_documents()
    assert documents, "the corpus is empty"
    for document in documents:
        entities, events, problems = _round_trip(document)
        assert problems == [], document["id"]
        assert (entities, events) == (document["entities"], document["events"]), document["id"]


def test_regions_drawn_in_the_browser_form_clusters_by_union_find() -> None:
    document = generate_document(random.Random(3), 0, events=3, target_chars=400)
    results = record_results(document)
    renamed = {r["id"]: f"rnd{index}" for index, r in enumerate(results) if "id" in r}
    for result in results:
        if "id" in result:
            result["id"] = renamed[result["id"]]
        else:
            result["from_id"], result["to_id"] = renamed[result["from_id"]], renamed[result["to_id"]]
    content = convert_results(results, text=document["text"])
    assert content.problems == []
    clusters = [[(m["start"], m["end"]) for m in entity["mentions"]] for entity in content.entities]
    expected = [[(m["start"], m["end"]) for m in entity["mentions"]] for entity in document["entities"]]
    assert sorted(map(sorted, clusters)) == sorted(map(sorted, expected))
    assert [entity["id"] for entity in content.entities] == [f"e{n}" for n in range(len(expected))]
    assert [event["id"] for event in content.events] == [f"ev{n}" for n in range(len(document["events"]))]


def test_chained_coreference_joins_one_cluster() -> None:
    text = "Arcadia and Arcadia and Arcadia"
    regions = [
        {"id": name, "from_name": "entity", "to_name": "text", "type": "labels",
         "value": {"start": start, "end": start + 7, "text": "Arcadia", "labels": ["STATE"]}}
        for name, start in (("x", 0), ("y", 12), ("z", 24))
    ]  # fmt: skip
    links = [
        {"from_id": "z", "to_id": "y", "type": "relation", "labels": ["same-entity"]},
        {"from_id": "x", "to_id": "y", "type": "relation", "labels": ["same-entity"]},
    ]
    content = convert_results(regions + links, text=text)
    assert content.problems == []
    assert len(content.entities) == 1
    assert [m["start"] for m in content.entities[0]["mentions"]] == [0, 12, 24]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_problem_cases_report_each_region_with_its_reason(case: dict[str, Any]) -> None:
    content = convert_results(case["results"], text=case["text"], task=7)
    found = [(problem.region, problem.reason) for problem in content.problems]
    assert len(found) == len(case["problems"]), found
    for (region, reason), (expected_region, expected_reason) in zip(found, case["problems"], strict=True):
        assert region == expected_region
        assert expected_reason in reason
    assert all(problem.task == 7 for problem in content.problems)


@pytest.mark.parametrize("record_id", ["ev0", "party-arcadia", "t_days_later", "a.b_c.d", "x_u", "x_d.1", "7"])
def test_region_ids_carry_record_ids_in_css_safe_characters(record_id: str) -> None:
    identifier = region_id(record_id, 12)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", identifier)
    assert parse_region_id(identifier) == (record_id, 12)


@pytest.mark.parametrize("identifier", ["rnd0", "aB3dE5fG7h", "x_i", "_i3", "a_x_i3", "a.b_i3"])
def test_other_region_ids_carry_no_record_id(identifier: str) -> None:
    assert parse_region_id(identifier) is None


def _with_relations(document: Document) -> tuple[Any, list[Any]]:
    data = task_data(document)
    content = convert_results(
        record_results(document),
        text=document["text"],
        task=5,
        null_normalized=frozenset(data[NULL_NORMALIZED]),
        relation_ids=data[RELATION_IDS],
    )
    return content.relations, content.problems


@pytest.mark.parametrize("document", list(generate_documents(20, seed=8, exotic=True, events=6, relations=5)))
def test_event_relations_come_back_exactly(document: Document) -> None:
    relations, problems = _with_relations(document)
    assert problems == []
    assert relations == document.get("relations", [])


def test_the_seed_relations_come_back_exactly() -> None:
    [seed] = [document for document in load_documents() if document["id"] == "seed-ru-ua-istanbul-2025-06-02"]
    assert len(seed.get("relations", [])) >= 10
    relations, problems = _with_relations(seed)
    assert (relations, problems) == (seed["relations"], [])


def _relation_document() -> Document:
    document = generate_document(random.Random(1), 0, events=3, target_chars=300)
    for event, kind in zip(document["events"], ("REJECT", "PROPOSE", "AGREE"), strict=True):
        event["type"] = kind
        event["arguments"] = [a for a in event["arguments"] if a["role"] in ("topic", "source")]
    return document


def _link(source: str, target: str, label: str, direction: str = "right") -> dict[str, Any]:
    return {"from_id": source, "to_id": target, "type": "relation", "direction": direction, "labels": [label]}


def test_relations_drawn_in_the_browser_get_fresh_ids_and_follow_the_arrow() -> None:
    document = _relation_document()
    rejection, proposal, agreement = (region_id(event["id"], 0) for event in document["events"])
    results = [
        *record_results(document),
        _link(rejection, proposal, "responds_to"),
        _link(agreement, proposal, "in_exchange_for", "bi"),
        _link(agreement, rejection, "content_of", "left"),  # drawn from head to tail: the rejection is the content
    ]
    content = convert_results(results, text=document["text"])
    assert content.problems == []
    assert content.relations == [
        {"id": "r0", "type": "responds_to", "from": "ev0", "to": "ev1"},
        {"id": "r1", "type": "in_exchange_for", "from": "ev2", "to": "ev1"},
        {"id": "r2", "type": "content_of", "from": "ev0", "to": "ev2"},
    ]


def test_a_relation_to_an_entity_region_is_reported_in_words_with_the_task_link() -> None:
    document = _relation_document()
    trigger, entity = region_id("ev0", 0), region_id(document["entities"][0]["id"], 0)
    content = convert_results(
        [*record_results(document), _link(trigger, entity, "responds_to")], text=document["text"], task=9
    )
    assert content.relations == []
    [problem] = content.problems
    assert problem.format("http://ls/projects/1/data?task=9") == (
        "task 9 (http://ls/projects/1/data?task=9): error: the arrow from the REJECT trigger 'proposed' (chars 9-17) "
        "to the STATE mention 'Borduria' (chars 0-8) is labelled responds_to, which must link two event triggers "
        "(the STATE mention 'Borduria' (chars 0-8) is not one)"
    )
    assert trigger not in problem.format() and entity not in problem.format()


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (["responds_to", "bi"], "is labelled responds_to but has no direction; draw it from one event to the other"),
        (["responds_to", "right", "twice"], "is labelled responds_to and drawn twice between the same events"),
        (["causes", "right"], "has the label 'causes', which is not a role of the schema nor a relation type"),
    ],
)
def test_unusable_event_relations_are_reported(extra: list[str], reason: str) -> None:
    document = _relation_document()
    rejection, proposal = region_id("ev0", 0), region_id("ev1", 0)
    links = [_link(rejection, proposal, extra[0], extra[1])] * (2 if "twice" in extra else 1)
    content = convert_results([*record_results(document), *links], text=document["text"], task=3)
    assert [(p.task, p.region, p.reason) for p in content.problems] == [(3, f"{rejection}->{proposal}", reason)]
