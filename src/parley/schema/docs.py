"""The vocabulary tables of `schema/README.md`, generated from the schema and never edited by hand.

`python -m parley.schema.docs` rewrites the block between the markers; a test fails when it drifts.
"""

import re
import sys
from pathlib import Path

from parley.schema.vocabulary import Term, grouped_pairs, vocabulary

BEGIN = "<!-- BEGIN GENERATED: vocabulary tables from schema/vocabulary.schema.json -->"
END = "<!-- END GENERATED -->"


def _table(title: str, header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        f"#### {title}",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]


def _value_rows(terms: tuple[Term, ...]) -> list[list[str]]:
    return [[f"`{term.value}`", term.description] for term in terms]


def _pairs_text(pairs: frozenset[tuple[str, str]]) -> str:
    """Pairs grouped by their from types: `IMPLEMENT`, `SIGN` → `AGREE`; ..."""
    return "; ".join(
        ", ".join(f"`{s}`" for s in sources) + " → " + ", ".join(f"`{t}`" for t in to)
        for sources, to in grouped_pairs(pairs)
    )


def vocabulary_tables() -> str:
    """Markdown tables of every vocabulary: values, descriptions, PLOVER, allowed roles and entity types."""
    vocab = vocabulary()
    lines: list[str] = []
    lines += _table(
        "Event types",
        ["event type", "definition", "PLOVER", "allowed roles"],
        [
            [
                f"`{t.value}`",
                t.description,
                vocab.plover[t.value],
                ", ".join(f"`{r}`" for r in vocab.allowed_roles[t.value]),
            ]
            for t in vocab.event_types
        ],
    )
    lines += _table(
        "Roles",
        ["role", "definition", "entity types"],
        [
            [f"`{t.value}`", t.description, ", ".join(vocab.role_entity_types.get(t.value, ())) or "any"]
            for t in vocab.roles
        ],
    )
    lines += _table("Entity types", ["entity type", "definition"], _value_rows(vocab.entity_types))
    lines += _table(
        "Relation types",
        ["relation type", "definition", "allowed (from, to) pairs", "example", "counterexample"],
        [
            [
                f"`{t.value}`" + (" (symmetric)" if t.value in vocab.symmetric_relations else ""),
                t.description,
                _pairs_text(vocab.relation_pairs[t.value]),
                *vocab.relation_examples[t.value],
            ]
            for t in vocab.relation_types
        ],
    )
    for title, terms in (("Polarity", vocab.polarities), ("Realis", vocab.realis_values), ("Domains", vocab.domains)):
        lines += _table(title, ["value", "definition"], _value_rows(terms))
    return "\n".join(lines)


def with_tables(readme: str) -> str:
    """`readme` with the generated block replaced by the current tables."""
    block = f"{BEGIN}\n\n{vocabulary_tables()}\n{END}"
    replaced, count = re.subn(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, readme, flags=re.DOTALL)
    if count != 1:
        raise ValueError("the README must hold exactly one generated block")
    return replaced


def main(path: Path = Path("schema/README.md")) -> None:
    path.write_text(with_tables(path.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"rewrote the vocabulary tables in {path}\n")


if __name__ == "__main__":
    main()
