"""The shipped corpus: valid, complete enough, and in step with its drafts."""

from pathlib import Path

import pytest
import yaml

from parley.corpus import corpus_statistics, load_documents
from parley.corpus.authoring import ground_draft
from parley.corpus.splits import split_for
from parley.schema.files import format_record

CHECKOUT = Path(__file__).resolve().parents[2]
DRAFTS = sorted((CHECKOUT / "corpus" / "drafts").glob("*.yaml"))
SEED_ID = "seed-ru-ua-istanbul-2025-06-02"


def test_corpus_loads_and_validates() -> None:
    documents = load_documents()
    assert documents
    assert len({d["id"] for d in documents}) == len(documents)


def test_files_are_named_by_document_id() -> None:
    for path in (CHECKOUT / "corpus" / "documents").glob("*.json"):
        assert path.read_text(encoding="utf-8").count(f'"id": "{path.stem}"') == 1


def test_seed_is_annotated_completely() -> None:
    [seed] = [d for d in load_documents() if d["id"] == SEED_ID]
    stats = corpus_statistics([seed])
    assert stats.events >= 15
    assert len(stats.events_per_type) >= 7
    assert stats.multi_trigger_events >= 3
    assert seed["date"] == "2025-06-02"
    assert split_for(SEED_ID) == "test"


def test_seed_text_is_the_article_body() -> None:
    [seed] = [d for d in load_documents() if d["id"] == SEED_ID]
    raw = (CHECKOUT / "seeds" / "000_b42b158ef8421104.txt").read_text(encoding="utf-8")
    assert raw.lstrip().startswith("date 2025-06-02 ")
    assert seed["text"] == raw.lstrip().removeprefix("date 2025-06-02 ").rstrip("\n")


@pytest.mark.parametrize("draft", DRAFTS, ids=lambda p: p.stem)
def test_gold_record_matches_its_draft(draft: Path) -> None:
    record = ground_draft(yaml.safe_load(draft.read_text(encoding="utf-8")))
    gold = CHECKOUT / "corpus" / "documents" / f"{record['id']}.json"
    assert gold.read_text(encoding="utf-8") == format_record(record), (
        f"{gold.name} drifted from its draft: rerun `parley corpus ground {draft} --out corpus/documents`"
    )
