"""A frozen gold view thaws into the view it was made from."""

import copy
import random
from pathlib import Path
from typing import Any

from parley.corpus.synthetic import generate_documents
from parley.eval.frozen_view import freeze, thaw
from parley.eval.ground import gold_view
from parley.eval.read_gold import Gold
from parley.reading import read_json
from tests.eval.conftest import golden_cases, load_case

CORPUS = Path(__file__).parents[2] / "corpus" / "documents"


def _without_some_offsets(document: Any, rng: random.Random) -> Any:
    """A gold record as a caller may pass it in memory: some triggers and mentions given as text only."""
    record = copy.deepcopy(document)
    for event in record["events"]:
        if rng.random() < 0.5:
            event["triggers"] = [{"text": trigger["text"]} for trigger in event["triggers"]]
    for entity in record["entities"]:
        if rng.random() < 0.3:
            entity["mentions"] = [{"text": mention["text"]} for mention in entity["mentions"]]
    return record


def test_thawed_view_equals_the_view_of_the_record() -> None:
    rng = random.Random(4)
    golden = [record for path in golden_cases() for record in load_case(path)["gold"]]
    corpus = [read_json(path) for path in sorted(CORPUS.glob("*.json"))[:40]]
    generated = list(generate_documents(30, seed=9, events=6, target_chars=600, relations=3))
    records = [*golden, *corpus, *generated, *(_without_some_offsets(record, rng) for record in generated)]
    assert any(event.guessed_texts for record in records for event in gold_view(record).events)
    for record in records:
        view = gold_view(record)
        thawed = thaw(freeze(view))
        assert thawed == view
        assert thawed.trigger_mentions() == view.trigger_mentions()
        # Arguments filling one entity share it after thawing too.
        entities = {id(argument.entity) for event in view.events for argument in event.arguments}
        thawed_entities = {id(argument.entity) for event in thawed.events for argument in event.arguments}
        assert len(thawed_entities) == len(entities)


def test_gold_keeps_the_view_of_each_record() -> None:
    records = list(generate_documents(5, seed=2, events=4, target_chars=400))
    gold = Gold(records, all_ids=[record["id"] for record in records], source="<records>", split="all")
    for record in records:
        assert gold.view(record["id"]) == gold_view(record)
        assert gold.document(record["id"]) == record
