"""Per-type trigger counts add every exact match of a type (a regression: the last match alone was counted)."""

from typing import Any, cast

from parley.eval import evaluate
from parley.schema.records import Document

TEXT = "Arcadia and Borduria agreed a truce. The agreement holds."


def _record() -> dict[str, Any]:
    return {
        "id": "two-triggers",
        "title": "t",
        "date": "2025-06-02",
        "source": "parley",
        "url": None,
        "language": "en",
        "domain": "diplomacy",
        "text": TEXT,
        "entities": [
            {"id": "a", "type": "STATE", "name": "Arcadia", "mentions": [{"start": 0, "end": 7, "text": "Arcadia"}]},
            {
                "id": "b",
                "type": "STATE",
                "name": "Borduria",
                "mentions": [{"start": 12, "end": 20, "text": "Borduria"}],
            },
        ],
        "events": [
            {
                "id": "ev_truce",
                "type": "AGREE",
                "triggers": [{"start": 21, "end": 27, "text": "agreed"}, {"start": 41, "end": 50, "text": "agreement"}],
                "arguments": [{"role": "participant", "entity": "a"}, {"role": "participant", "entity": "b"}],
                "attributes": {"polarity": "positive", "realis": "actual"},
            }
        ],
        "annotation": {"guidelines_version": "2.1", "annotators": ["test"], "adjudicated": False},
    }


def test_two_exact_triggers_of_one_type_count_twice_in_the_per_type_table() -> None:
    assert TEXT[21:27] == "agreed" and TEXT[41:50] == "agreement"
    gold = cast(Document, _record())
    report = evaluate([gold], [_record()], bootstrap_samples=0).to_json()["metrics"]
    for mode in ("exact", "overlap"):
        agree = report["trigger_classification"]["modes"][mode]["per_label"]["AGREE"]
        assert (agree["gold"], agree["predicted"], agree["matched"]) == (2, 2, 2), mode
        assert agree["f1"] == 1.0
