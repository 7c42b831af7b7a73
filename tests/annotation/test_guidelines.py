"""The guidelines stay a usable reference: every cited rule exists, every vocabulary value is documented with
examples, every 1.0 decision points to the rule it became, and the contents links resolve."""

import json
import re
from pathlib import Path

import pytest

from parley.resources import schema_dir
from parley.schema import vocabulary

GUIDELINES = Path(__file__).resolve().parents[2] / "annotation" / "guidelines.md"
RULE_ID = re.compile(r"\bR-[A-Z]+-\d+\b")
RULE_HEADING = re.compile(r"^#### (R-[A-Z]+-\d+)\b(.*)$", re.MULTILINE)
# Relation types of the schema 1.1 contract; the schema's own list is used as soon as it declares one.
CONTRACT_RELATION_TYPES = ("responds_to", "in_exchange_for", "outcome_of", "carries_out", "part_of", "content_of")
DECISIONS_IN_1_0 = 36


@pytest.fixture(scope="module")
def text() -> str:
    return GUIDELINES.read_text(encoding="utf-8")


def rule_sections(text: str) -> dict[str, str]:
    """Rule id -> the text of its section (up to the next heading of any level)."""
    sections: dict[str, str] = {}
    headings = list(re.finditer(r"^#{2,4} .*$", text, re.MULTILINE))
    for index, heading in enumerate(headings):
        match = RULE_HEADING.match(heading.group(0))
        if match:
            end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
            sections[match.group(1)] = text[heading.end() : end]
    return sections


def relation_types() -> tuple[str, ...]:
    defs = json.loads((schema_dir() / "vocabulary.schema.json").read_text(encoding="utf-8"))["$defs"]
    if "relationType" in defs:
        return tuple(option["const"] for option in defs["relationType"]["oneOf"])
    return CONTRACT_RELATION_TYPES


def test_header_names_version_2_2(text: str) -> None:
    assert text.splitlines()[2].startswith("**Version 2.2.**")


def test_every_cited_rule_is_defined_once(text: str) -> None:
    headings = [match.group(1) for match in RULE_HEADING.finditer(text)]
    assert len(headings) == len(set(headings)), "a rule id is defined twice"
    settled = set(re.findall(r"\*\*(R-OLD-\d+)\*\*", text))
    undefined = set(RULE_ID.findall(text)) - set(headings) - settled
    assert not undefined, f"rules cited but never defined: {sorted(undefined)}"


def test_every_rule_has_a_definition(text: str) -> None:
    for rule, section in rule_sections(text).items():
        assert "**Definition.**" in section, rule


@pytest.mark.parametrize("event_type", vocabulary().values("event_types"))
def test_every_event_type_has_a_definition_and_examples(text: str, event_type: str) -> None:
    match = re.search(rf"^### {event_type} \(.*?(?=^### |^## )", text, re.MULTILINE | re.DOTALL)
    assert match, f"no subsection for {event_type}"
    for part in ("**Definition.**", "**Positive.**", "**Negative.**"):
        assert part in match.group(0), (event_type, part)


@pytest.mark.parametrize("kind", ["roles", "entity_types"])
def test_every_role_and_entity_type_has_a_table_row(text: str, kind: str) -> None:
    for value in vocabulary().values(kind):
        assert re.search(rf"^\| `?{value}`? \|", text, re.MULTILINE), value


@pytest.mark.parametrize("relation_type", relation_types())
def test_every_relation_type_has_a_rule_with_both_kinds_of_example(text: str, relation_type: str) -> None:
    headings = {match.group(1): match.group(2) for match in RULE_HEADING.finditer(text)}
    owning = [rule for rule in headings if rule.startswith("R-REL-") and f"`{relation_type}`" in headings[rule]]
    assert len(owning) == 1, f"{relation_type} needs exactly one rule heading"
    section = rule_sections(text)[owning[0]]
    assert "**Positive.**" in section and "**Negative.**" in section and "**Test.**" in section


def test_every_1_0_decision_points_to_a_defined_rule(text: str) -> None:
    appendix = text.split("## Appendix A.", 1)[1].split("## Appendix B.", 1)[0]
    rows = re.findall(r"^\| (\d+) \|.*\| (.*) \|$", appendix, re.MULTILINE)
    assert [int(number) for number, _ in rows] == list(range(1, DECISIONS_IN_1_0 + 1))
    defined = {match.group(1) for match in RULE_HEADING.finditer(text)}
    for number, target in rows:
        cited = RULE_ID.findall(target)
        assert cited and set(cited) <= defined, f"decision {number} points to {target!r}"


def github_anchor(heading: str) -> str:
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


def test_contents_links_resolve(text: str) -> None:
    anchors = {github_anchor(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert links, "the contents list is missing"
    assert not [link for link in links if link not in anchors]
