"""Properties: every generated valid document passes, and any single corruption of one is caught."""

import copy
import random
from collections.abc import Callable

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from parley.corpus.synthetic import generate_document
from parley.schema import validate_record, vocabulary
from parley.schema.records import Document, Mention


@st.composite
def documents(draw: st.DrawFn) -> Document:
    rng = random.Random(draw(st.integers(min_value=0, max_value=2**32)))
    return generate_document(
        rng,
        draw(st.integers(min_value=0, max_value=10**6)),
        events=draw(st.integers(min_value=1, max_value=12)),
        target_chars=draw(st.integers(min_value=50, max_value=2000)),
        exotic=draw(st.booleans()),
        relations=draw(st.integers(min_value=0, max_value=6)),
    )


def _any_mention(doc: Document, rng: random.Random) -> Mention:
    pools = [m for e in doc["entities"] for m in e["mentions"]] + [t for v in doc["events"] for t in v["triggers"]]
    return rng.choice(pools)


def _stretch_mention(doc: Document, rng: random.Random) -> None:
    _any_mention(doc, rng)["end"] += 1


def _collapse_mention(doc: Document, rng: random.Random) -> None:
    mention = _any_mention(doc, rng)
    mention["start"] = mention["end"]


def _retext_mention(doc: Document, rng: random.Random) -> None:
    _any_mention(doc, rng)["text"] += "x"


def _reuse_id(doc: Document, rng: random.Random) -> None:
    rng.choice(doc["events"])["id"] = rng.choice(doc["entities"])["id"]


def _dangling_argument(doc: Document, rng: random.Random) -> None:
    event = rng.choice(doc["events"])
    rng.choice(event["arguments"])["entity"] = "no-such-entity"


def _forbidden_role(doc: Document, rng: random.Random) -> None:
    event = rng.choice(doc["events"])
    vocab = vocabulary()
    if set(vocab.allowed_roles[event["type"]]) == set(vocab.values("roles")):
        event["type"] = "REJECT"  # this type takes every role; switch to one that does not
    forbidden = [r for r in vocab.values("roles") if r not in vocab.allowed_roles[event["type"]]]
    role = rng.choice(forbidden)
    entity_type = (vocab.role_entity_types.get(role) or ("ISSUE",))[0]
    doc["entities"].append({"id": "extra", "type": entity_type, "name": "x", "mentions": []})
    doc["entities"][-1]["mentions"].append(dict(doc["entities"][0]["mentions"][0]))  # type: ignore[arg-type]
    event["arguments"].append({"role": role, "entity": "extra"})


def _no_triggers(doc: Document, rng: random.Random) -> None:
    rng.choice(doc["events"])["triggers"] = []


def _unreal_date(doc: Document, rng: random.Random) -> None:
    doc["date"] = rng.choice(["2025-02-30", "2023-02-29", "2025-04-31"])


def _drop_field(doc: Document, rng: random.Random) -> None:
    del doc[rng.choice(["title", "text", "events", "annotation", "domain"])]  # type: ignore[misc]


def _unknown_polarity(doc: Document, rng: random.Random) -> None:
    rng.choice(doc["events"])["attributes"]["polarity"] = "maybe"


def _dangling_relation(doc: Document, rng: random.Random) -> None:
    source = rng.choice(doc["events"])["id"]
    ends = [source, "no-such-event"] if rng.random() < 0.5 else ["no-such-event", source]
    kind = rng.choice(vocabulary().values("relation_types"))
    doc.setdefault("relations", []).append({"id": "extra-rel", "type": kind, "from": ends[0], "to": ends[1]})


def _self_relation(doc: Document, rng: random.Random) -> None:
    event = rng.choice(doc["events"])["id"]
    kind = rng.choice(vocabulary().values("relation_types"))
    doc.setdefault("relations", []).append({"id": "extra-rel", "type": kind, "from": event, "to": event})


def _duplicate_relation(doc: Document, rng: random.Random) -> None:
    relations = doc["relations"]
    copy_of = dict(rng.choice(relations), id="extra-rel")
    if copy_of["type"] in vocabulary().symmetric_relations and rng.random() < 0.5:
        copy_of["from"], copy_of["to"] = copy_of["to"], copy_of["from"]
    relations.insert(rng.randrange(len(relations) + 1), copy_of)  # type: ignore[arg-type]


def _disallowed_pair(doc: Document, rng: random.Random) -> None:
    vocab = vocabulary()
    relation = rng.choice(doc["relations"])
    types = {event["id"]: event["type"] for event in doc["events"]}
    pair = (types[relation["from"]], types[relation["to"]])
    relation["type"] = rng.choice([kind for kind, pairs in vocab.relation_pairs.items() if pair not in pairs])


def _relation_reuses_id(doc: Document, rng: random.Random) -> None:
    rng.choice(doc["relations"])["id"] = rng.choice(doc["events"] + doc["entities"])["id"]  # type: ignore[operator]


NEEDS_RELATIONS = {"duplicate-relation", "relation-pair", "relation-id"}

CORRUPTIONS: dict[str, tuple[Callable[[Document, random.Random], None], set[str]]] = {
    "stretch": (_stretch_mention, {"offset-mismatch", "offset-range"}),
    "collapse": (_collapse_mention, {"offset-order"}),
    "retext": (_retext_mention, {"offset-mismatch"}),
    "reuse-id": (_reuse_id, {"duplicate-id"}),
    "dangling": (_dangling_argument, {"unknown-entity"}),
    "forbidden-role": (_forbidden_role, {"role-not-allowed"}),
    "no-triggers": (_no_triggers, {"empty-triggers"}),
    "unreal-date": (_unreal_date, {"date-invalid"}),
    "drop-field": (_drop_field, {"missing-field"}),
    "polarity": (_unknown_polarity, {"unknown-value"}),
    "dangling-relation": (_dangling_relation, {"unknown-event"}),
    "self-relation": (_self_relation, {"self-relation"}),
    "duplicate-relation": (_duplicate_relation, {"duplicate-relation"}),
    "relation-pair": (_disallowed_pair, {"relation-pair"}),
    "relation-id": (_relation_reuses_id, {"duplicate-id"}),
}


@settings(max_examples=60, deadline=None)
@given(documents())
def test_generated_documents_are_valid(doc: Document) -> None:
    assert validate_record(doc) == []
    assert validate_record(doc, "prediction") == []


def test_the_generator_emits_relations_of_every_type() -> None:
    rng = random.Random(3)
    kinds = {
        relation["type"]
        for index in range(40)
        for relation in generate_document(rng, index, events=8, target_chars=200, relations=6).get("relations", [])
    }
    assert kinds == set(vocabulary().values("relation_types"))


@settings(max_examples=150, deadline=None)
@given(documents(), st.sampled_from(sorted(CORRUPTIONS)), st.integers(min_value=0, max_value=2**32))
def test_any_single_corruption_is_caught(doc: Document, name: str, seed: int) -> None:
    assume(name not in NEEDS_RELATIONS or doc.get("relations"))
    corrupt, expected_codes = CORRUPTIONS[name]
    corrupted = copy.deepcopy(doc)
    corrupt(corrupted, random.Random(seed))
    codes = {problem.code for problem in validate_record(corrupted)}
    assert codes & expected_codes, (name, codes)
