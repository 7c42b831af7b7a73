"""Checked gold cached by content hash: the same gold back, the same problems every time, nothing next to the inputs."""

import json
import os
import pickle
from pathlib import Path

import pytest

from parley.corpus.synthetic import generate_documents
from parley.eval import evaluate, load_gold, read_gold
from parley.eval.gold_cache import gold_cache_dir
from parley.eval.read_gold import Gold, UnusableInputError
from tests.eval.conftest import as_prediction, write_jsonl


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PARLEY_GOLD_CACHE", str(folder))
    return folder


def _same(first: Gold, second: Gold) -> None:
    assert first.ids == second.ids
    assert first.all_ids == second.all_ids
    assert first.documents == second.documents
    assert first.fingerprint() == second.fingerprint()


def test_second_read_comes_from_the_cache_and_is_the_same(tmp_path: Path, cache: Path) -> None:
    gold_folder = tmp_path / "gold"
    gold_folder.mkdir()
    documents = list(generate_documents(30, seed=3, events=2, target_chars=200))
    write_jsonl(gold_folder / "a.jsonl", documents[:20])
    write_jsonl(gold_folder / "b.jsonl", documents[20:])
    first = load_gold(gold_folder, split="test")
    entries = list(cache.iterdir())
    assert len(entries) == 1 and entries[0].stat().st_size > 0
    second = load_gold(gold_folder, split="test")
    _same(first, second)
    _same(first, load_gold(gold_folder, split="test", workers=2))
    assert sorted(path.name for path in gold_folder.iterdir()) == ["a.jsonl", "b.jsonl"]
    # Another split is another entry.
    load_gold(gold_folder, split="all")
    assert len(list(cache.iterdir())) == 2


def test_the_cache_is_what_it_serves(tmp_path: Path, cache: Path) -> None:
    """An entry really is read: one replaced by the entry of other gold gives that gold (so a stale entry could
    never hide behind a re-read)."""
    documents = list(generate_documents(6, seed=4, events=1, target_chars=100))
    one = write_jsonl(tmp_path / "one.jsonl", documents[:3])
    other = write_jsonl(tmp_path / "other.jsonl", documents[3:])
    load_gold(one, split="all")
    (one_entry,) = cache.iterdir()
    load_gold(other, split="all")
    (other_entry,) = (entry for entry in cache.iterdir() if entry != one_entry)
    one_entry.write_bytes(other_entry.read_bytes())
    assert load_gold(one, split="all").ids == sorted(d["id"] for d in documents[3:])


def test_a_changed_file_is_read_again(tmp_path: Path, cache: Path) -> None:
    documents = list(generate_documents(6, seed=4, events=1, target_chars=100))
    gold = write_jsonl(tmp_path / "gold.jsonl", documents)
    assert len(load_gold(gold, split="all")) == 6
    write_jsonl(gold, documents[:4])
    assert len(load_gold(gold, split="all")) == 4
    broken = [*documents[:2], {**documents[2], "events": "none"}]
    write_jsonl(gold, broken)
    with pytest.raises(UnusableInputError) as raised:
        load_gold(gold, split="all")
    assert [(problem.line, problem.code) for problem in raised.value.problems] == [(3, "wrong-type")]


def test_gold_with_problems_is_never_cached_and_reported_every_time(tmp_path: Path, cache: Path) -> None:
    documents = list(generate_documents(3, seed=4, events=1, target_chars=100))
    gold = write_jsonl(tmp_path / "gold.jsonl", [*documents, documents[0]])
    for _ in range(2):
        with pytest.raises(UnusableInputError) as raised:
            load_gold(gold, split="all")
        assert [problem.code for problem in raised.value.problems] == ["duplicate-document"]
    assert not cache.exists() or not list(cache.iterdir())


@pytest.mark.parametrize("damage", ["empty", "truncated", "not-json"])
def test_a_damaged_entry_is_ignored(tmp_path: Path, cache: Path, damage: str) -> None:
    documents = list(generate_documents(5, seed=6, events=1, target_chars=100))
    gold = write_jsonl(tmp_path / "gold.jsonl", documents)
    first = load_gold(gold, split="all")
    expected = (first.ids, first.all_ids, first.documents, first.fingerprint())
    (entry,) = cache.iterdir()
    content = entry.read_bytes()
    entry.write_bytes({"empty": b"", "truncated": content[:-10], "not-json": b"{\n" + content}[damage])
    second = load_gold(gold, split="all")
    assert (second.ids, second.all_ids, second.documents, second.fingerprint()) == expected


def test_an_entry_replaced_while_in_use_changes_nothing(tmp_path: Path, cache: Path) -> None:
    """Gold read from an entry keeps its texts there (out of memory); replacing or deleting the entry, as parley and
    a user clearing the cache do, leaves it whole."""
    documents = list(generate_documents(5, seed=6, events=1, target_chars=100))
    gold = write_jsonl(tmp_path / "gold.jsonl", documents)
    load_gold(gold, split="all")
    in_use = load_gold(gold, split="all")
    (entry,) = cache.iterdir()
    replacement = tmp_path / "replacement"
    replacement.write_bytes(b"not an entry")
    replacement.replace(entry)
    assert in_use.documents == sorted(documents, key=lambda document: document["id"])
    entry.unlink()
    assert in_use.document(documents[0]["id"]) == documents[0]


def test_an_entry_rewritten_in_place_while_in_use_is_one_clear_error(tmp_path: Path, cache: Path) -> None:
    documents = list(generate_documents(5, seed=6, events=1, target_chars=100))
    gold = write_jsonl(tmp_path / "gold.jsonl", documents)
    load_gold(gold, split="all")
    in_use = load_gold(gold, split="all")
    (entry,) = cache.iterdir()
    entry.write_bytes(entry.read_bytes()[:100])
    with pytest.raises(UnusableInputError, match=r"gold cache entry of .*gold\.jsonl changed while in use; run again"):
        for document_id in in_use.ids:
            in_use.document(document_id)


def test_turned_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_GOLD_CACHE", "0")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert gold_cache_dir() is None
    documents = list(generate_documents(3, seed=7, events=1, target_chars=100))
    gold = write_jsonl(tmp_path / "gold.jsonl", documents)
    load_gold(gold, split="all")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["gold.jsonl"]


def test_default_folder_is_the_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARLEY_GOLD_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert gold_cache_dir() == tmp_path / "xdg" / "parley" / "gold"


def test_reports_with_and_without_the_cache_are_identical(tmp_path: Path, cache: Path) -> None:
    documents = list(generate_documents(40, seed=8, events=3, target_chars=300, relations=2))
    gold = write_jsonl(tmp_path / "gold.jsonl", documents)
    predictions = write_jsonl(tmp_path / "pred.jsonl", [as_prediction(dict(d)) for d in documents[::2]])
    reports = [
        json.dumps(evaluate(gold, predictions, split="all", bootstrap_samples=50).to_json(), sort_keys=True)
        for _ in range(2)
    ]
    assert len(list(cache.iterdir())) == 1
    assert reports[0] == reports[1]


def test_a_cache_that_cannot_be_written_leaves_the_gold_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("PARLEY_GOLD_CACHE", str(blocked / "gold"))
    documents = list(generate_documents(4, seed=8, events=1, target_chars=100))
    gold = load_gold(write_jsonl(tmp_path / "gold.jsonl", documents), split="all")
    assert gold.documents == sorted(documents, key=lambda document: document["id"])
    assert blocked.read_text() == "a file where the cache folder would be"


def test_gold_that_changes_while_read_is_not_cached(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files are hashed again after reading; a different hash means they changed meanwhile: no entry, and the
    gold is read again, whole."""
    documents = list(generate_documents(4, seed=9, events=1, target_chars=100))
    path = write_jsonl(tmp_path / "gold.jsonl", documents)
    keys = iter(["before", "after"])
    monkeypatch.setattr(read_gold, "content_key", lambda *args, **kwargs: next(keys))
    gold = load_gold(path, split="all")
    assert gold.documents == sorted(documents, key=lambda document: document["id"])
    assert not list(cache.iterdir())


def test_gold_read_from_an_entry_travels_to_another_process(tmp_path: Path, cache: Path) -> None:
    """A worker started by spawn gets the gold pickled: its texts are read from the entry it opens itself."""
    documents = list(generate_documents(3, seed=10, events=1, target_chars=100))
    path = write_jsonl(tmp_path / "gold.jsonl", documents)
    load_gold(path, split="all")
    travelled = pickle.loads(pickle.dumps(load_gold(path, split="all")))
    assert travelled.documents == sorted(documents, key=lambda document: document["id"])
    assert travelled.fingerprint() == load_gold(path, split="all").fingerprint()


def test_without_pread_entries_are_written_and_read_alike(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where `os.pread` is missing (Windows), reads seek and read, also while the entry is being written."""
    monkeypatch.delattr(os, "pread")
    documents = list(generate_documents(6, seed=11, events=2, target_chars=150))
    path = write_jsonl(tmp_path / "gold.jsonl", documents)
    checked = load_gold(path, split="all")
    cached = load_gold(path, split="all")
    expected = sorted(documents, key=lambda document: document["id"])
    assert checked.documents == cached.documents == expected
    assert (
        checked.fingerprint()
        == cached.fingerprint()
        == Gold(documents, all_ids=[d["id"] for d in documents], source="<records>", split="all").fingerprint()
    )
