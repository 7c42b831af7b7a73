"""A built folder loads offline with `datasets.load_dataset` alone: every config and split, declared features,
the corpus's counts, streaming, and the exact records back."""

from collections import Counter
from pathlib import Path

import datasets
import pytest

from parley.corpus import load_documents
from parley.corpus.dataset.build import build_dataset
from parley.corpus.dataset.features import CONFIGS, config_features
from parley.corpus.dataset.loading import NotADatasetFolderError, is_dataset_folder, load_records
from parley.corpus.splits import SPLITS, split_for
from parley.corpus.synthetic import generate_documents
from parley.schema.records import Document
from parley.schema.validation import validate_record
from tests.corpus.dataset.conftest import case


def _corpus(count: int = 30) -> list[Document]:
    # Generated documents carry relations (schema 1.1); the two cases are schema 1.0 records without the key.
    documents = [
        *generate_documents(count, seed=7, exotic=True, relations=3),
        case("no-events"),
        case("normalized-variants"),
    ]
    return sorted(documents, key=lambda document: document["id"])


def _expected_counts(documents: list[Document]) -> dict[str, Counter[str]]:
    return {
        "documents": Counter(split_for(document["id"]) for document in documents),
        "events": Counter(split_for(document["id"]) for document in documents for _ in document["events"]),
    }


@pytest.fixture
def corpus() -> list[Document]:
    return _corpus()


@pytest.fixture
def folder(corpus: list[Document], tmp_path: Path) -> Path:
    out = tmp_path / "dataset"
    build_dataset(corpus, out)
    return out


def test_the_corpus_covers_every_split(corpus: list[Document]) -> None:
    assert set(_expected_counts(corpus)["documents"]) == set(SPLITS)


@pytest.mark.parametrize("config", CONFIGS)
def test_every_split_loads_with_declared_features_and_corpus_counts(
    config: str, folder: Path, corpus: list[Document]
) -> None:
    loaded = datasets.load_dataset(str(folder)) if config == "documents" else datasets.load_dataset(str(folder), config)
    assert list(loaded) == list(SPLITS)
    for split in SPLITS:
        assert loaded[split].features == config_features(config)
        assert loaded[split].num_rows == _expected_counts(corpus)[config][split]


def test_edge_documents_lead_their_splits(folder: Path) -> None:
    """The documents with empty lists and nulls come first, where type inference would have failed."""
    loaded = datasets.load_dataset(str(folder))
    assert loaded[split_for("a-0")][0]["id"] == "a-0"
    assert loaded[split_for("a-0")][0]["events"] == []
    assert loaded[split_for("a-4")][0]["id"] == "a-4"
    assert loaded["train"][0]["date"] == case("no-events")["date"]


def test_records_come_back_exactly_and_valid(folder: Path, corpus: list[Document]) -> None:
    records = load_records(folder)
    assert records == corpus
    assert all(validate_record(record) == [] for record in records)
    for split in SPLITS:
        assert load_records(folder, split) == [d for d in corpus if split_for(d["id"]) == split]


def test_events_rows_match_the_corpus_events(folder: Path, corpus: list[Document]) -> None:
    events = datasets.load_dataset(str(folder), "events")
    type_names = config_features("events")["type"]
    loaded = sorted(
        (row["document_id"], row["id"], type_names.int2str(row["type"])) for split in SPLITS for row in events[split]
    )
    expected = sorted((d["id"], e["id"], e["type"]) for d in corpus for e in d["events"])
    assert loaded == expected


def test_events_rows_list_each_relation_once_on_its_from_event(folder: Path, corpus: list[Document]) -> None:
    events = datasets.load_dataset(str(folder), "events")
    names = config_features("events")["relations"].feature["type"]
    loaded = sorted(
        (row["document_id"], relation["id"], names.int2str(relation["type"]), row["id"], relation["to"])
        for split in SPLITS
        for row in events[split]
        for relation in row["relations"]
    )
    expected = sorted((d["id"], r["id"], r["type"], r["from"], r["to"]) for d in corpus for r in d.get("relations", []))
    assert expected and loaded == expected
    assert any("relations" not in d for d in corpus) and any(d.get("relations") for d in corpus)


def test_documents_rows_hold_relations_and_1_0_records_come_back_without_the_key(folder: Path) -> None:
    documents = datasets.load_dataset(str(folder))
    rows = {row["id"]: row for split in SPLITS for row in documents[split]}
    assert rows["a-0"]["relations"] == [] and "/relations" in rows["a-0"]["omitted_keys"]
    records = {record["id"]: record for record in load_records(folder)}
    assert "relations" not in records["a-0"]
    with_relations = next(record for record in records.values() if record.get("relations"))
    assert [r["id"] for r in rows[with_relations["id"]]["relations"]] == [r["id"] for r in with_relations["relations"]]


@pytest.mark.parametrize("config", CONFIGS)
def test_streaming_yields_the_same_rows(config: str, folder: Path) -> None:
    loaded = datasets.load_dataset(str(folder), config)
    streamed = datasets.load_dataset(str(folder), config, streaming=True)
    for split in SPLITS:
        assert streamed[split].features == config_features(config)
        assert list(streamed[split]) == loaded[split].to_list()


def test_an_empty_split_is_left_out_and_reads_as_empty(tmp_path: Path) -> None:
    documents = [d for d in _corpus() if split_for(d["id"]) != "validation"]
    out = tmp_path / "dataset"
    build_dataset(documents, out)
    loaded = datasets.load_dataset(str(out))
    assert list(loaded) == ["train", "test"]
    assert not (out / "documents" / "validation.parquet").exists()
    assert load_records(out, "validation") == []
    assert load_records(out) == documents


def test_a_corpus_without_events_has_no_events_config(tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    build_dataset([case("no-events")], out)
    assert load_records(out) == [case("no-events")]
    assert list(datasets.load_dataset(str(out))) == [split_for("a-0")]
    with pytest.raises(ValueError, match="events"):
        datasets.load_dataset(str(out), "events")


def test_a_rebuilt_folder_loads_with_its_new_sizes(tmp_path: Path) -> None:
    """Split sizes in the card are verified on load: a rebuild must rewrite them, even with a warm cache."""
    out = tmp_path / "dataset"
    small = _corpus(10)
    build_dataset(small, out)
    assert load_records(out) == small
    large = _corpus(40)
    build_dataset(large, out)
    assert load_records(out) == large
    loaded = datasets.load_dataset(str(out))
    assert {split: loaded[split].num_rows for split in loaded} == dict(_expected_counts(large)["documents"])


def test_load_records_with_an_explicit_cache_dir(folder: Path, corpus: list[Document], tmp_path: Path) -> None:
    cache = tmp_path / "elsewhere"
    assert load_records(folder, "test", cache_dir=cache) == [d for d in corpus if split_for(d["id"]) == "test"]
    assert any(cache.iterdir())


def test_load_records_refuses_what_it_cannot_read(folder: Path, tmp_path: Path) -> None:
    with pytest.raises(NotADatasetFolderError, match="not a dataset folder"):
        load_records(tmp_path / "missing")
    with pytest.raises(ValueError, match="unknown split 'dev'"):
        load_records(folder, "dev")
    with pytest.raises(ValueError, match="does not hold whole records"):
        load_records(folder, config="events")


def test_is_dataset_folder(folder: Path, tmp_path: Path) -> None:
    assert is_dataset_folder(folder)
    assert not is_dataset_folder(folder / "README.md")
    assert not is_dataset_folder(tmp_path / "missing")
    for name, card in {
        "empty": None,
        "plain": "# A dataset\n",
        "broken": "---\nconfigs: [\n---\n",
        "unterminated": "---\nconfigs: []\n",
        "other": "---\nconfigs:\n- config_name: default\n  data_files: x.csv\n---\n",
        "binary": b"\xff\xfe",
    }.items():
        candidate = tmp_path / name
        candidate.mkdir()
        if isinstance(card, str):
            (candidate / "README.md").write_text(card, encoding="utf-8")
        elif isinstance(card, bytes):
            (candidate / "README.md").write_bytes(card)
        assert not is_dataset_folder(candidate), name


def test_the_shipped_corpus_builds_and_the_seed_is_in_test(tmp_path: Path) -> None:
    shipped = load_documents()
    out = tmp_path / "dataset"
    build_dataset(shipped, out)
    test_ids = [record["id"] for record in load_records(out, "test")]
    assert "seed-ru-ua-istanbul-2025-06-02" in test_ids
    assert load_records(out) == shipped
    [seed] = [record for record in load_records(out, "test") if record["id"] == "seed-ru-ua-istanbul-2025-06-02"]
    assert len(seed["relations"]) >= 10
