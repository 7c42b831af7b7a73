"""Split membership depends on the document id alone."""

from collections import Counter

from parley.corpus.splits import SPLITS, split_for


def test_split_is_a_pure_function_of_the_id() -> None:
    assert split_for("seed-ru-ua-istanbul-2025-06-02") == "test"
    assert split_for("synthetic-0000001") == split_for("synthetic-0000001")


def test_adding_documents_never_moves_existing_ones() -> None:
    before = {f"doc-{i}": split_for(f"doc-{i}") for i in range(500)}
    after = {f"doc-{i}": split_for(f"doc-{i}") for i in range(1000)}
    assert all(after[key] == value for key, value in before.items())


def test_proportions_are_near_sixty_fifteen_twenty_five() -> None:
    counts = Counter(split_for(f"doc-{i}") for i in range(20000))
    assert set(counts) == set(SPLITS)
    assert abs(counts["train"] / 20000 - 0.60) < 0.02
    assert abs(counts["validation"] / 20000 - 0.15) < 0.02
    assert abs(counts["test"] / 20000 - 0.25) < 0.02
