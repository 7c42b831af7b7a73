"""The vocabulary tables in schema/README.md are generated from the schema and must not drift."""

from pathlib import Path

import pytest

from parley.schema.docs import BEGIN, END, vocabulary_tables, with_tables
from parley.schema.vocabulary import vocabulary

README = Path(__file__).resolve().parents[2] / "schema" / "README.md"


def test_readme_tables_match_the_schema() -> None:
    text = README.read_text(encoding="utf-8")
    assert with_tables(text) == text, "schema/README.md is stale: run `python -m parley.schema.docs`"


def test_tables_list_every_value() -> None:
    tables = vocabulary_tables()
    vocab = vocabulary()
    for kind in ("event_types", "roles", "entity_types", "polarities", "realis_values", "domains"):
        for value in vocab.values(kind):
            assert f"| `{value}` |" in tables


def test_readme_without_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="exactly one generated block"):
        with_tables("no markers here")
    assert BEGIN in README.read_text(encoding="utf-8") and END in README.read_text(encoding="utf-8")
