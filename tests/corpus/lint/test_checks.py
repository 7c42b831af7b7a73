"""Each lint check fires on its fixture and stays quiet on the clean variant; the text helpers behave.

`fixtures/findings/CODE.jsonl` holds records on which lint finds only CODE; `fixtures/clean/CODE.jsonl` the same
records with the annotation fixed, on which lint finds nothing.
"""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from parley.corpus.lint import CODES, AnalysedDocument, TriggerWordSettings, lint_documents, lint_paths
from parley.corpus.lint.allowlist import ALLOWLIST_CODES
from parley.corpus.lint.findings import GUIDELINES
from parley.corpus.lint.relations import REQUIRED_RELATIONS
from parley.corpus.lint.text import inflection, is_name, lemma, lemma_key, sentences
from parley.corpus.lint.times import time_expressions
from parley.schema.validation import load_schema

FIXTURES = Path(__file__).parent / "fixtures"
CHECK_CODES = sorted(set(CODES) - ALLOWLIST_CODES)
SCHEMA_HAS_RELATIONS = "relations" in load_schema("document.schema.json")["properties"]


EXPECTED: dict[str, set[tuple[str, str]]] = {
    "unannotated-trigger-word": {("lint-talks-c-2025-06-02", "talks")},
    "trigger-type-conflict": {("lint-talks-c-2025-06-02", "talks")},
    "trigger-mention-conflict": {("lint-truce-c-2025-06-02", "The truce")},
    "entity-type-conflict": {("lint-bx-c-2025-06-02", "Brussels")},
    "entity-cluster-conflict": {("lint-kyiv-2025-06-02", "Kyiv")},
    # Not "reached the coast": no AGREE trigger in that sentence.
    "agreement-verb-not-trigger": {("lint-deal-2025-06-02", "reached")},
    # Not "Tuesday": no trigger in that sentence.
    "untagged-time": {("lint-monday-2025-06-02", "Monday")},
    # Not "Monday": relative to the dateline, so its values may differ.
    "normalized-conflict": {("lint-census-c-2025-06-02", "2019")},
    "missing-relation": {
        ("lint-reject-2025-06-02", "rejected"),  # responds_to
        ("lint-sign-2025-06-02", "signed"),  # carries_out
        ("lint-outcome-2025-06-02", "second round"),  # part_of
        ("lint-outcome-2025-06-02", "agreed"),  # outcome_of
    },
}
"""Where each fixture's findings are, as (document, text)."""


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_check_code_has_both_fixtures() -> None:
    assert sorted(EXPECTED) == CHECK_CODES
    for kind in ("findings", "clean"):
        assert sorted(p.stem for p in (FIXTURES / kind).glob("*.jsonl")) == CHECK_CODES


@pytest.mark.parametrize("code", CHECK_CODES)
def test_check_fires_on_its_fixture(code: str) -> None:
    report = lint_paths([FIXTURES / "findings" / f"{code}.jsonl"])
    assert report.problems == []
    assert report.findings
    assert {finding.code for finding in report.findings} == {code}
    assert {(finding.document, finding.text) for finding in report.findings} == EXPECTED[code]
    texts = {record["id"]: record["text"] for record in _records(FIXTURES / "findings" / f"{code}.jsonl")}
    for finding in report.findings:
        assert finding.start is not None and finding.end is not None
        assert texts[finding.document][finding.start : finding.end] == finding.text


@pytest.mark.parametrize(
    "code",
    [
        pytest.param(
            code,
            marks=pytest.mark.xfail(
                code == "missing-relation" and not SCHEMA_HAS_RELATIONS,
                reason="the clean variant carries relations, valid from schema 1.1",
                strict=True,
            ),
        )
        for code in CHECK_CODES
    ],
)
def test_check_is_quiet_on_the_clean_variant(code: str) -> None:
    report = lint_paths([FIXTURES / "clean" / f"{code}.jsonl"])
    assert report.problems == []
    assert report.findings == []


def _analysed(path: Path) -> list[AnalysedDocument]:
    return [AnalysedDocument(record, str(path)) for record in _records(path)]


def test_a_word_mostly_left_unannotated_is_not_reported() -> None:
    documents = _analysed(FIXTURES / "findings" / "unannotated-trigger-word.jsonl")
    assert lint_documents(documents)
    strict = TriggerWordSettings(min_documents=2, min_trigger_share=0.9)
    assert lint_documents(documents, trigger_words=strict) == []
    assert lint_documents(documents, trigger_words=TriggerWordSettings(min_documents=3)) == []


def test_words_inside_a_condition_are_not_trigger_words() -> None:
    records = _records(FIXTURES / "findings" / "unannotated-trigger-word.jsonl")
    text = records[2]["text"]
    start = text.index("talks")
    condition = {
        "id": "c1",
        "type": "ISSUE",
        "name": "talks",
        "mentions": [{"start": start, "end": start + 5, "text": "talks"}],
    }
    records[2]["entities"] = [*records[2]["entities"], condition]
    assert lint_documents([AnalysedDocument(record, "f") for record in records])  # a topic: still a finding
    records[2]["events"] = [
        {
            "id": "ev_threat",
            "type": "THREATEN",
            "triggers": [],
            "arguments": [{"role": "condition", "entity": "c1"}],
            "attributes": {"polarity": "positive", "realis": "actual"},
        }
    ]
    assert lint_documents([AnalysedDocument(record, "f") for record in records]) == []


def test_unannotated_word_must_share_the_inflection() -> None:
    documents = _analysed(FIXTURES / "findings" / "unannotated-trigger-word.jsonl")
    documents[2].record["text"] = "The talking resumed."
    renamed = [*documents[:2], AnalysedDocument(documents[2].record, documents[2].file)]
    assert lint_documents(renamed) == []


@pytest.mark.parametrize(
    ("text", "entity_type", "reported"),
    [
        ("The talks agenda was long.", "ISSUE", True),  # a bare topic phrase: its words may still be triggers
        ("The Talks Agenda was long.", "ISSUE", False),  # a name (R-AGREE-4)
        ("The talks agenda was long.", "ORGANIZATION", False),  # not a topic
    ],
)
def test_words_inside_names_and_non_topic_mentions_are_not_trigger_words(
    text: str, entity_type: str, reported: bool
) -> None:
    records = _records(FIXTURES / "findings" / "unannotated-trigger-word.jsonl")
    records[2]["text"] = text
    records[2]["entities"] = [
        {"id": "e1", "type": entity_type, "name": text[4:16], "mentions": [{"start": 4, "end": 16, "text": text[4:16]}]}
    ]
    findings = lint_documents([AnalysedDocument(record, "f") for record in records])
    assert [(f.code, f.text) for f in findings] == ([("unannotated-trigger-word", text[4:9])] if reported else [])


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("They agreed a plan to reach net zero.", []),
        ("They agreed a plan and struck one plant.", []),
        ("The deal they struck was agreed.", ["struck"]),
        ("They agreed: the deal, after long nights, was finally reached.", ["reached"]),
    ],
)
def test_agreement_verbs_other_than_agree_need_an_agreement_noun(text: str, reported: list[str]) -> None:
    trigger = "agreed"
    start = text.index(trigger)
    record = _records(FIXTURES / "findings" / "agreement-verb-not-trigger.jsonl")[0]
    record["text"] = text
    record["events"][0]["triggers"] = [{"start": start, "end": start + len(trigger), "text": trigger}]
    assert [f.text for f in lint_documents([AnalysedDocument(record, "f")])] == reported


def _document(doc_id: str, text: str, triggers: list[tuple[str, str]]) -> AnalysedDocument:
    events = []
    for number, (word, event_type) in enumerate(triggers):
        start = text.index(word)
        events.append(
            {
                "id": f"ev{number}",
                "type": event_type,
                "triggers": [{"start": start, "end": start + len(word), "text": word}],
                "arguments": [],
                "attributes": {"polarity": "positive", "realis": "actual"},
            }
        )
    return AnalysedDocument({"id": doc_id, "text": text, "entities": [], "events": events}, "f")


def test_a_past_form_is_not_compared_with_the_noun() -> None:
    documents = [
        _document("a", "Back at the table.", [("table", "NEGOTIATE")]),
        _document("b", "Back at the table.", [("table", "NEGOTIATE")]),
        _document("c", "Panama tabled a text.", [("tabled", "PROPOSE")]),
    ]
    assert lint_documents(documents) == []
    documents.append(_document("d", "Back at the table.", [("table", "MEDIATE")]))
    assert [(f.code, f.document) for f in lint_documents(documents)] == [("trigger-type-conflict", "d")]


def test_a_lemma_needs_a_usual_type_from_two_documents() -> None:
    # One trigger of each type in two documents shows no practice to be inconsistent with.
    documents = [
        _document("a", "Both sides met in Doha.", [("met", "NEGOTIATE")]),
        _document("b", "The envoy met both sides.", [("met", "MEDIATE")]),
    ]
    assert lint_documents(documents) == []
    documents.append(_document("c", "Both sides met in Rome.", [("met", "NEGOTIATE")]))
    assert [(f.code, f.document) for f in lint_documents(documents)] == [("trigger-type-conflict", "b")]


@pytest.mark.parametrize(("event_type", "reported"), [("SIGN", False), ("CONCEDE", False), ("NEGOTIATE", True)])
def test_a_context_typed_lemma_is_reported_only_outside_its_types(event_type: str, reported: bool) -> None:
    documents = [
        _document("a", "Kyiv refused to accept it.", [("accept", "REJECT")]),
        _document("b", "Hamas refused to accept it.", [("accept", "REJECT")]),
        _document("c", "Members voted to accept it.", [("accept", event_type)]),
    ]
    expected = [("trigger-type-conflict", "c")] if reported else []
    assert [(f.code, f.document) for f in lint_documents(documents)] == expected


def _place(doc_id: str, text: str, name: str, entity_type: str, normalized: str) -> AnalysedDocument:
    start = text.index(name)
    mention = {"start": start, "end": start + len(name), "text": name}
    entity = {"id": "e1", "type": entity_type, "name": name, "normalized": normalized, "mentions": [mention]}
    return AnalysedDocument({"id": doc_id, "text": text, "entities": [entity], "events": []}, "f")


def test_a_place_name_and_its_metonyms_are_judged_by_where_they_stand() -> None:
    documents = [
        _place("a", "Talks in Moscow ended.", "Moscow", "LOCATION", "Moscow"),
        _place("b", "MOSCOW, Nov. 10 - Talks ended.", "MOSCOW", "LOCATION", "Moscow"),
        _place("c", "Moscow refused.", "Moscow", "STATE", "Russia"),
        _place("d", "Then Moscow refused.", "Moscow", "STATE", "Russia"),
    ]
    assert lint_documents(documents) == []
    # A place typed against where it stands is still reported, though its type is the usual one here.
    documents.append(_place("e", "Talks outside Moscow ended.", "Moscow", "STATE", "Russia"))
    assert [(f.code, f.document) for f in lint_documents(documents)] == [("entity-type-conflict", "e")]


def test_metonyms_of_a_place_must_agree_on_their_normalized_value() -> None:
    documents = [
        _place("a", "Talks in Moscow ended.", "Moscow", "LOCATION", "Moscow"),
        _place("c", "Moscow refused.", "Moscow", "STATE", "Russia"),
        _place("d", "Then Moscow refused.", "Moscow", "STATE", "Russia"),
        _place("e", "Moscow agreed.", "Moscow", "STATE", "Russian Federation"),
    ]
    assert [(f.code, f.document) for f in lint_documents(documents)] == [("normalized-conflict", "e")]


def test_two_clusters_of_one_place_name_in_a_document_need_two_contexts() -> None:
    city: dict[str, Any] = {"id": "city", "type": "LOCATION", "name": "Kabul", "normalized": "Kabul"}
    state: dict[str, Any] = {"id": "afg", "type": "STATE", "name": "Kabul", "normalized": "Afghanistan"}
    text = "Reports from Kabul. Kabul refused."
    city["mentions"] = [{"start": 13, "end": 18, "text": "Kabul"}]
    state["mentions"] = [{"start": 20, "end": 25, "text": "Kabul"}]
    record = {"id": "k", "text": text, "entities": [city, state], "events": []}
    assert lint_documents([AnalysedDocument(record, "f")]) == []
    state["mentions"] = [{"start": 13, "end": 18, "text": "Kabul"}]
    city["mentions"] = [{"start": 20, "end": 25, "text": "Kabul"}]
    codes = {f.code for f in lint_documents([AnalysedDocument(record, "f")])}
    assert "entity-cluster-conflict" in codes


def test_return_to_talks_and_return_to_work_are_both_usual() -> None:
    documents = [
        _document("a", "Workers returned to work.", [("returned", "IMPLEMENT")]),
        _document("b", "Dockers returned to work.", [("returned", "IMPLEMENT")]),
        _document("c", "The sides returned to talks.", [("returned", "NEGOTIATE")]),
    ]
    assert lint_documents(documents) == []
    documents.append(_document("d", "The sides returned the text.", [("returned", "SIGN")]))
    assert [(f.code, f.document) for f in lint_documents(documents)] == [("trigger-type-conflict", "d")]


def test_relations_are_required_whatever_the_polarity_and_realis() -> None:
    [rejection, signing, _] = _records(FIXTURES / "findings" / "missing-relation.jsonl")
    rejection["events"][1]["attributes"]["polarity"] = "negative"
    signing["events"][1]["attributes"]["realis"] = "hypothetical"
    documents = [AnalysedDocument(rejection, "a"), AnalysedDocument(signing, "b")]
    assert [(f.document, f.text) for f in lint_documents(documents)] == [
        ("lint-reject-2025-06-02", "rejected"),
        ("lint-sign-2025-06-02", "signed"),
    ]


def test_a_relation_is_required_only_between_events_sharing_a_topic() -> None:
    [rejection, _, _] = _records(FIXTURES / "findings" / "missing-relation.jsonl")
    rejection["events"][0]["arguments"] = [{"role": "actor", "entity": "russia"}]
    assert lint_documents([AnalysedDocument(rejection, "a")]) == []


def test_a_round_needs_part_of_only_within_something_larger() -> None:
    [_, _, talks] = _records(FIXTURES / "findings" / "missing-relation.jsonl")
    talks["events"] = [event for event in talks["events"] if event["id"] != "ev_process"]
    messages = [f.message for f in lint_documents([AnalysedDocument(talks, "a")])]
    assert len(messages) == 1
    assert "outcome_of" in messages[0]


def test_lemma_maps_inflections_to_one_key() -> None:
    assert lemma("agreed") == lemma("agrees") == lemma("agree") == lemma("Agree")
    assert lemma("talks") == lemma("talk")
    assert lemma("met") == lemma("meet") == lemma("meets")
    assert lemma("signed") == lemma("signing") == lemma("signs")
    assert lemma("stopped") == lemma("stop")
    assert lemma_key("took effect") == lemma_key("taken effect")
    assert lemma("process") == "process"


def test_inflection_tells_nouns_from_participles() -> None:
    assert inflection("deal") == inflection("deals") == "base"
    assert inflection("dealing") == "ing"
    assert inflection("tabled") == inflection("struck") == "ed"


def test_sentences_break_at_end_punctuation_and_newlines_not_abbreviations() -> None:
    text = "U.S. officials met Mr. Smith. They agreed!\nNext (the talks) went on"
    assert [text[a:b] for a, b in sentences(text)] == [
        "U.S. officials met Mr. Smith.",
        "They agreed!",
        "Next (the talks) went on",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met on Monday morning.", ["Monday morning"]),
        ("Talks ended last week.", ["last week"]),
        ("It was signed on March 3, 2024 in Geneva.", ["March 3, 2024"]),
        ("It was signed on 3 March 2024.", ["3 March 2024"]),
        ("Talks began in the 1990s and ended in 2019.", ["1990s", "2019"]),
        ("A deal came earlier this month and another yesterday.", ["earlier this month", "yesterday"]),
        ("They may march; 2,019 people and 2030 % and COP29 and $2025.", []),
    ],
)
def test_time_expressions(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in time_expressions(text)] == expected


@pytest.mark.parametrize(
    ("surface", "expected"),
    [("Kyiv", True), ("EU", True), ("The union", False), ("It", False), ("both carriers", False), ("", False)],
)
def test_is_name(surface: str, expected: bool) -> None:
    assert is_name(surface) is expected


def test_cited_guideline_rules_exist() -> None:
    guidelines = (Path(__file__).parents[3] / "annotation" / "guidelines.md").read_text(encoding="utf-8")
    cited = {rule for refs in GUIDELINES.values() for rule in re.findall(r"R-[A-Z]+-\d+", refs)}
    cited |= {required.rule for required in REQUIRED_RELATIONS}
    assert cited
    assert sorted(rule for rule in cited if f"#### {rule} " not in guidelines) == []
