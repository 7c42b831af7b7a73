"""The dataset card: generated (drift test), valid Hub metadata, every section with the corpus's numbers."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from datasets.info import DatasetInfosDict
from datasets.utils.metadata import MetadataConfigs, known_task_ids
from huggingface_hub import DatasetCard

from parley.corpus.dataset.build import build_dataset, dataset_tables
from parley.corpus.dataset.card import render_card, size_category
from parley.corpus.dataset.features import CONFIGS, config_features, field_docs
from parley.corpus.splits import SPLITS, split_for
from parley.corpus.synthetic import generate_documents
from parley.schema.records import Document
from tests.corpus.dataset.conftest import case

SECTIONS = [
    "## Dataset summary",
    "## Uses",
    "### Out-of-scope use",
    "## Dataset structure",
    "## Splits",
    "## Statistics",
    "## Dataset creation",
    "## Bias, risks and limitations",
    "## Citation",
]


@pytest.fixture
def corpus() -> list[Document]:
    documents = [*generate_documents(20, seed=11), case("no-events"), case("normalized-variants")]
    return sorted(documents, key=lambda document: document["id"])


@pytest.fixture
def card(corpus: list[Document], tmp_path: Path) -> str:
    out = tmp_path / "dataset"
    build_dataset(corpus, out)
    return (out / "README.md").read_text(encoding="utf-8")


def _front_matter(card: str) -> dict[str, Any]:
    assert card.startswith("---\n")
    metadata = yaml.safe_load(card[4:].split("\n---\n", 1)[0])
    assert isinstance(metadata, dict)
    return metadata


def test_the_written_card_is_the_generated_one(card: str, corpus: list[Document]) -> None:
    """Drift: the folder's card is exactly what the generator makes now from the same records."""
    assert card == render_card(corpus, dataset_tables(corpus).sizes())


def test_declared_features_are_the_generated_ones(card: str) -> None:
    infos = DatasetInfosDict.from_dataset_card_data(DatasetCard(card).data)
    assert {config: info.features for config, info in infos.items()} == {
        config: config_features(config) for config in CONFIGS
    }


def test_the_card_uses_list_not_sequence(card: str) -> None:
    front = card.split("\n---\n", 1)[0]
    assert "list:" in front
    assert "sequence:" not in front


def test_hub_metadata(card: str, corpus: list[Document]) -> None:
    data = DatasetCard(card).data
    fields = _front_matter(card)
    assert fields["license"] == "cc-by-4.0"
    assert fields["language"] == ["en"]
    assert fields["pretty_name"]
    assert fields["size_categories"] == ["n<1K"]
    assert fields["task_categories"] and set(fields["task_categories"]) <= set(known_task_ids)
    configs = MetadataConfigs.from_dataset_card_data(data)
    assert list(configs) == ["documents", "events"]
    assert configs.get_default_config_name() == "documents"
    infos = DatasetInfosDict.from_dataset_card_data(data)
    assert infos["documents"].splits is not None
    assert {name: split.num_examples for name, split in infos["documents"].splits.items()} == {
        split: sum(split_for(d["id"]) == split for d in corpus) for split in SPLITS
    }


def test_every_section_is_rendered(card: str) -> None:
    positions = [card.index(section) for section in SECTIONS]
    assert positions == sorted(positions)


def test_field_tables_list_every_field(card: str) -> None:
    for config in CONFIGS:
        for doc in field_docs(config):
            assert f"| `{doc.path}` | {doc.dtype} |" in card


def test_splits_and_statistics_carry_the_corpus_numbers(card: str, corpus: list[Document]) -> None:
    split_rows = {}
    for split in SPLITS:
        members = [d for d in corpus if split_for(d["id"]) == split]
        events = sum(len(d["events"]) for d in members)
        arguments = sum(len(e["arguments"]) for d in members for e in d["events"])
        split_rows[split] = (len(members), events)
        assert f"| {split} | {len(members)} | {events} | {arguments} |" in card
    negotiate = [
        sum(e["type"] == "NEGOTIATE" for d in corpus if split_for(d["id"]) == s for e in d["events"]) for s in SPLITS
    ]
    assert f"| `NEGOTIATE` | {' | '.join(map(str, negotiate))} | {sum(negotiate)} |" in card
    assert f"{len(corpus)} documents" in card


def test_creation_names_guidelines_annotators_and_agreement(corpus: list[Document]) -> None:
    sizes = dataset_tables(corpus).sizes()
    without = render_card(corpus, sizes)
    assert "version 1.0" in without
    assert "annotator-a (2)" in without and "generator (20)" in without
    assert "No inter-annotator agreement has been measured" in without
    with_agreement = render_card(corpus, sizes, agreement={"events": {"f1": 0.8125, "pairs": 3}, "note": "x"})
    assert "| `events.f1` | 0.812 |" in with_agreement
    assert "| `events.pairs` | 3 |" in with_agreement
    assert "No inter-annotator agreement" not in with_agreement


def test_an_empty_split_is_explained(corpus: list[Document]) -> None:
    documents = [d for d in corpus if split_for(d["id"]) != "validation"]
    card = render_card(documents, dataset_tables(documents).sizes())
    assert "No document falls in `validation` yet" in card
    assert "validation.parquet" not in card


@pytest.mark.parametrize(
    ("rows", "category"), [(0, "n<1K"), (999, "n<1K"), (1000, "1K<n<10K"), (20000, "10K<n<100K"), (10**7, "n>1M")]
)
def test_size_category(rows: int, category: str) -> None:
    assert size_category(rows) == category


def _score(f1: float, low: float, high: float, a: int = 10, b: int = 11) -> dict[str, object]:
    return {"f1": f1, "a": a, "b": b, "f1_interval": {"low": low, "high": high, "confidence": 0.95, "samples": 1000}}


def _unit(alpha: float, low: float, high: float) -> dict[str, object]:
    interval = {"low": low, "high": high, "confidence": 0.95, "samples": 1000}
    return {"alpha": alpha, "alpha_interval": interval, "kappa": alpha, "kappa_interval": interval}


CURRENT_REPORT = {
    "format": "parley-agreement/2",
    "counts": {"documents": 47},
    "f1": {
        "event_classification": _score(0.9161, 0.9, 0.93),
        "argument_classification": _score(0.7712, 0.75, 0.79),
        "event_relation_classification": _score(0.791, 0.76, 0.82),
    },
    "union": {"event_type": _unit(0.8349, 0.7918, 0.8726)},
    "per_event_type": {"AGREE": _score(0.9132, 0.8664, 0.9483, a=172, b=185)},
    "note": "how the round was run",
}


def test_a_current_agreement_report_shows_intervals_per_type_and_the_ceiling(corpus: list[Document]) -> None:
    card = render_card(corpus, dataset_tables(corpus).sizes(), agreement=CURRENT_REPORT)
    assert "over 47 doubly annotated documents" in card
    assert "| Event classification F1 | 0.916 | 0.900–0.930 |" in card
    assert "| Event type, Krippendorff's alpha over the union of events | 0.835 | 0.792–0.873 |" in card
    assert "| `AGREE` | 0.913 | 0.866–0.948 | 172 | 185 |" in card
    assert "ceiling of the benchmark" in card and "event classification F1 0.916" in card
    assert "how the round was run" in card
    assert "language model" in card  # who annotated is stated, not implied
