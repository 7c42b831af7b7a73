"""The dataset card (README.md of the dataset folder): YAML front matter and sections, generated, never hand-edited.

Everything in it comes from the records, the schema and the sizes of the written splits, so rebuilding from the
same corpus gives the same card byte for byte.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields
from typing import Any

import yaml
from datasets import DatasetInfo, SplitDict, SplitInfo
from datasets.info import DatasetInfosDict
from huggingface_hub import DatasetCardData

from parley import __version__
from parley.corpus.dataset.agreement_figures import (
    ceiling_statement,
    flattened,
    headline_figures,
    is_current,
    per_type_figures,
)
from parley.corpus.dataset.features import CONFIGS, config_features, field_docs
from parley.corpus.dataset.layout import SplitSize, data_file
from parley.corpus.splits import SPLITS, Split, split_for
from parley.corpus.statistics import CorpusStatistics, corpus_statistics
from parley.schema.records import Document
from parley.schema.vocabulary import SCHEMA_VERSION, Term, vocabulary

PRETTY_NAME = "Parley: negotiation events in news"
LICENSE = "cc-by-4.0"
TASK_CATEGORIES = ("token-classification", "text-generation")
_SIZE_BOUNDS = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"))


SOURCE_DATA = (
    "The articles are original news-style reports on real, public negotiation events (diplomacy, trade, labor, "
    "climate,\nhostage talks), written for this benchmark: the facts come from the public record, the sentences are "
    "our own and no\ntext is copied from a source. Their `source` field says who wrote them and `url` is null for "
    "original writing."
)
"""How the texts came to be; the card and the Croissant metadata share it."""

ANNOTATION_PROCESS = (
    "Every annotator named in the records (`parley-a`, `parley-w2`, ..., `parley-i1`, ..., `parley-adj`) is a\n"
    "session of a large language model working as an annotator: it read the guidelines and the article and wrote\n"
    "the annotation, checked by the validator, the corpus lint and its own re-reading; no person annotated a\n"
    "document. The articles were written the same way. In the double-annotation round\n"
    "(`annotation/double/README.md`) the second annotators worked blind: from the article text, the guidelines\n"
    "(without the seed's worked annotation) and the schema only, never opening the first annotation; an\n"
    "adjudicator saw both and decided every disagreement. Both annotators of a document are sessions of the same\n"
    "model family sharing one set of guidelines, so their errors may be correlated and their agreement may be\n"
    "higher than two people's would be."
)
"""Who annotated and how; the card and the Croissant metadata share it."""

LIMITATIONS = (
    "Small and English only: per-type and per-role scores on rare types carry wide confidence intervals; report them.",
    "Coverage follows what the authors chose to write about: some regions, conflicts and negotiation domains are\n"
    "  over-represented and the event-type distribution is not the one of real news.",
    "Articles are written for the benchmark; real reporting is noisier, longer and more hedged.",
    "The texts name real people and states in connection with real events from the public record; do not use model\n"
    "  output on this data to make claims about them.",
    "Annotation involves judgment (event coreference, realis of planned or conditional events); see the guidelines\n"
    "  and the agreement figures.",
)
"""The known limits of the data, one item each; the card and the Croissant metadata share them."""


def size_category(documents: int) -> str:
    """The Hub's size category for a number of rows."""
    return next((label for bound, label in _SIZE_BOUNDS if documents < bound), "n>1M")


def front_matter(documents: int, sizes: Mapping[str, Mapping[Split, SplitSize]]) -> dict[str, Any]:
    """The card's YAML metadata: Hub fields, `configs` (documents the default) and `dataset_info` per config."""
    present = [config for config in CONFIGS if sizes.get(config)]
    infos = DatasetInfosDict(
        {
            config: DatasetInfo(
                config_name=config,
                features=config_features(config),
                splits=SplitDict(
                    {
                        split: SplitInfo(name=split, num_examples=size.num_examples, num_bytes=size.num_bytes)
                        for split, size in sizes[config].items()
                    }
                ),
            )
            for config in present
        }
    )
    card_data = DatasetCardData()
    infos.to_dataset_card_data(card_data)
    return {
        "pretty_name": PRETTY_NAME,
        "license": LICENSE,
        "language": ["en"],
        "multilinguality": "monolingual",
        "size_categories": [size_category(documents)],
        "source_datasets": ["original"],
        "task_categories": list(TASK_CATEGORIES),
        "annotations_creators": ["expert-generated"],
        "language_creators": ["expert-generated"],
        "tags": ["event-extraction", "negotiation", "information-extraction", "news", "plover"],
        "configs": [
            {
                "config_name": config,
                **({"default": True} if config == CONFIGS[0] else {}),
                "data_files": [{"split": split, "path": data_file(config, split)} for split in sizes[config]],
            }
            for config in present
        ],
        "dataset_info": card_data["dataset_info"],
    }


def _table(header: list[str], rows: Iterable[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _per_split_table(
    label: str, terms: Iterable[str], per_split: Mapping[Split, CorpusStatistics], count: Callable[[Any, str], int]
) -> str:
    """Counts of each term per split and in total; `count(stats, term)` reads one count."""
    header = [label, *SPLITS, "total"]
    rows = []
    for term in terms:
        counts = [count(per_split[split], term) for split in SPLITS]
        rows.append([f"`{term}`", *map(str, counts), str(sum(counts))])
    return _table(header, rows)


def _agreement_text(agreement: Mapping[str, Any] | None) -> str:
    """Headline figures with intervals, event classification per type and the ceiling; older reports flattened."""
    if agreement is None:
        return "No inter-annotator agreement has been measured for this build."
    note = agreement.get("note")
    note_text = f"\n\n{note}" if isinstance(note, str) and note else ""
    if not is_current(agreement):
        rows = [
            [f"`{path}`", f"{value:.3f}" if isinstance(value, float) else str(value)]
            for path, value in flattened(agreement)
        ]
        if not rows:
            return "No inter-annotator agreement has been measured for this build."
        return (
            "Inter-annotator agreement, measured by scoring annotators against each other with the evaluation harness:"
            "\n\n" + _table(["measure", "value"], rows) + note_text
        )
    headline = [[figure.label, f"{figure.value:.3f}", figure.interval()] for figure in headline_figures(agreement)]
    per_type = [
        [f"`{event_type}`", f"{figure.value:.3f}", figure.interval(), str(a), str(b)]
        for event_type, figure, a, b in per_type_figures(agreement)
    ]
    return (
        f"Inter-annotator agreement over {agreement['counts']['documents']} doubly annotated documents "
        "(`annotation/agreement.json`, `annotation/double/README.md`): one annotator's records scored as predictions "
        "against the other's with the evaluation harness; intervals are 95 % bootstrap intervals over documents; "
        'alpha counts an event only one annotator has as a disagreement with "none".\n\n'
        + _table(["measure", "value", "95 % interval"], headline)
        + "\n\nEvent classification F1 per event type:\n\n"
        + _table(["event type", "F1", "95 % interval", "events (A)", "events (B)"], per_type)
        + "\n\n"
        + ceiling_statement(agreement)
        + note_text
    )


def _summary(stats: CorpusStatistics) -> str:
    return f"""# {PRETTY_NAME}

## Dataset summary

Parley is an open benchmark for extracting **negotiation events** from news: talks, mediation, proposals, demands,
agreements, signings, rejections, concessions, implementation, walk-outs, threats and accusations. Each document is a
news-style article with gold **entity clusters** (coreferent mentions), **document-level event records** (every
trigger of the same real-world happening in one record), their **arguments** (roles filled by entity clusters) and
two **attributes** (polarity and realis), and the **relations** between events (schema 1.1: which proposal a
rejection answers, which talks produced an agreement). Event types map to PLOVER categories.

This build holds {stats.documents} documents, {stats.events} events ({stats.triggers} triggers), {stats.entities} \
entity clusters ({stats.mentions} mentions), {stats.arguments} arguments and {stats.relations} event relations. \
Schema version {SCHEMA_VERSION}, built by \
parley {__version__}.

```python
import datasets

documents = datasets.load_dataset("path/to/this/folder")            # config "documents": one row per article
events = datasets.load_dataset("path/to/this/folder", "events")     # one row per event
```
"""


def _uses() -> str:
    return """## Uses

### Direct use

- Evaluating event-extraction systems, span taggers and LLMs that emit JSON alike, with the `parley` evaluation
  harness (trigger, event, argument and attribute scores with bootstrap confidence intervals).
- Training small extraction models on the `train` split and tuning on `validation`; `test` is for reporting.
- Converting negotiation events to PLOVER-style political-event data.

### Out-of-scope use

- Drawing conclusions about real negotiations, parties or people: the articles are written for the benchmark and the
  corpus is far too small and selective to measure anything about the world.
- Training on `test`, or tuning on it, and reporting the result as a benchmark score.
- Languages other than English; texts other than news reports.
"""


def _structure() -> str:
    vocab = vocabulary()
    sections = [
        "## Dataset structure",
        "Two configs. `documents` (the default) has one row per article, holding the whole gold record. `events` has "
        "one row per event with its document id, its triggers with their offsets, and each argument with the entity "
        "cluster it names resolved (type, name, normalized value, mentions), so it is useful on its own; join on "
        "`document_id` for the text. Event relations are in both: `documents` rows hold the record's `relations` list "
        "(`{id, type, from, to}`, empty for a schema 1.0 record), and each `events` row lists its outgoing relations "
        "(`{id, type, to}`, the relations whose `from` is that event), so a relation appears exactly once per config. "
        "Offsets index the document's `text` in Unicode code points, end exclusive "
        "(Python string indices). Closed vocabularies are class labels: read their names with "
        "`features[...].int2str`.",
        "Converting a `documents` row back to a record gives exactly the gold record "
        "(`parley.corpus.dataset.loading.load_records`).",
        "The data files are Parquet, one per config and split: the column types travel with the data, so nothing "
        "depends on type inference (empty lists, nulls and ISO dates load as declared), and they are far smaller "
        "and faster to load than JSON Lines.",
    ]
    for config in CONFIGS:
        docs = field_docs(config)
        sections += [
            f"### Fields of `{config}`",
            _table(["field", "type", "description"], [[f"`{d.path}`", d.dtype, d.description] for d in docs]),
        ]
    sections += [
        "### Event types",
        _table(
            ["type", "PLOVER", "allowed roles", "description"],
            [
                [
                    f"`{term.value}`",
                    vocab.plover[term.value],
                    ", ".join(vocab.allowed_roles[term.value]),
                    term.description,
                ]
                for term in vocab.event_types
            ],
        ),
    ]
    for title, terms in (("Roles", vocab.roles), ("Entity types", vocab.entity_types), ("Domains", vocab.domains)):
        sections += [f"### {title}", _terms_table(terms)]
    sections += [
        "### Relation types",
        _table(
            ["type", "allowed (from, to) event types", "description"],
            [
                [
                    f"`{term.value}`",
                    ", ".join(f"{a}→{b}" for a, b in sorted(vocab.relation_pairs[term.value])),
                    term.description,
                ]
                for term in vocab.relation_types
            ],
        ),
    ]
    return "\n\n".join(sections) + "\n"


def _terms_table(terms: Iterable[Term]) -> str:
    return _table(["value", "description"], [[f"`{term.value}`", term.description] for term in terms])


def _splits(sizes: Mapping[str, Mapping[Split, SplitSize]], per_split: Mapping[Split, CorpusStatistics]) -> str:
    rows = [
        [split, str(per_split[split].documents), str(per_split[split].events), str(per_split[split].arguments)]
        for split in SPLITS
    ]
    rows.append(["total", *(str(sum(int(row[i]) for row in rows)) for i in (1, 2, 3))])
    empty = [split for split in SPLITS if not sizes.get("documents", {}).get(split)]
    note = (
        f"\n\nNo document falls in {', '.join(f'`{split}`' for split in empty)} yet, so the folder has no data file "
        "for it (`datasets` cannot load a split with no rows)."
        if empty
        else ""
    )
    return f"""## Splits

A document's split is fixed by a stable hash of its id (SHA-256, 60% train, 15% validation, 25% test), so adding
documents never moves an existing one.

{_table(["split", "documents", "events", "arguments"], rows)}{note}
"""


def _statistics(per_split: Mapping[Split, CorpusStatistics]) -> str:
    vocab = vocabulary()

    def events(stats: CorpusStatistics, term: str) -> int:
        return stats.events_per_type[term]

    def arguments(stats: CorpusStatistics, term: str) -> int:
        return stats.arguments_per_role[term]

    def domains(stats: CorpusStatistics, term: str) -> int:
        return stats.documents_per_domain[term]

    def relations(stats: CorpusStatistics, term: str) -> int:
        return stats.relations_per_type[term]

    return (
        "\n\n".join(
            [
                "## Statistics",
                "### Events per type",
                _per_split_table("event type", vocab.values("event_types"), per_split, events),
                "### Arguments per role",
                _per_split_table("role", vocab.values("roles"), per_split, arguments),
                "### Documents per domain",
                _per_split_table("domain", vocab.values("domains"), per_split, domains),
                "### Event relations per type",
                _per_split_table("relation type", vocab.values("relation_types"), per_split, relations),
            ]
        )
        + "\n"
    )


def _creation(documents: list[Document], agreement: Mapping[str, Any] | None) -> str:
    versions = sorted({document["annotation"]["guidelines_version"] for document in documents})
    annotators = Counter(name for document in documents for name in document["annotation"]["annotators"])
    adjudicated = sum(document["annotation"]["adjudicated"] for document in documents)
    annotator_list = ", ".join(f"{name} ({count})" for name, count in sorted(annotators.items()))
    agreement_text = _agreement_text(agreement)
    return f"""## Dataset creation

### Source data

{SOURCE_DATA}

### Annotation

Annotated following `annotation/guidelines.md` version {", ".join(versions)}, in Label Studio (with a labeling
config generated from the schema) or as drafts whose mentions are quotes, grounded to offsets by `parley corpus
ground`. Annotators (documents annotated): {annotator_list}. {adjudicated} of {len(documents)} documents were
adjudicated from several annotations. Every record is validated against the JSON Schema and the offset checks
before it is built into the dataset.

{ANNOTATION_PROCESS}

{agreement_text}
"""


def _limitations() -> str:
    return "## Bias, risks and limitations\n\n" + "".join(f"- {item}\n" for item in LIMITATIONS)


def _citation() -> str:
    return (
        """## Citation

```bibtex
@misc{parley,
  title        = {Parley: An Open Benchmark for Extracting Negotiation Events from News},
  author       = {{Parley contributors}},
  year         = {2026},
  note         = {Dataset and evaluation harness, schema version """
        + SCHEMA_VERSION
        + """},
  howpublished = {\\url{https://parley-benchmark.org}}
}
```

## License

The articles and annotations are released under CC BY 4.0.
"""
    )


def _merged(parts: Iterable[CorpusStatistics]) -> CorpusStatistics:
    """The statistics of the union of disjoint sets of documents."""
    total = CorpusStatistics()
    for part in parts:
        for field in fields(CorpusStatistics):
            setattr(total, field.name, getattr(total, field.name) + getattr(part, field.name))
    return total


def render_card(
    documents: list[Document],
    sizes: Mapping[str, Mapping[Split, SplitSize]],
    *,
    agreement: Mapping[str, Any] | None = None,
) -> str:
    """The dataset card of a build: YAML front matter, then every section, with the numbers of `documents`."""
    per_split = {
        split: corpus_statistics(document for document in documents if split_for(document["id"]) == split)
        for split in SPLITS
    }
    total = _merged(per_split.values())
    metadata = yaml.safe_dump(front_matter(len(documents), sizes), sort_keys=False, allow_unicode=True, width=120)
    body = "\n".join(
        [
            _summary(total),
            _uses(),
            _structure(),
            _splits(sizes, per_split),
            _statistics(per_split),
            _creation(documents, agreement),
            _limitations(),
            _citation(),
        ]
    )
    return f"---\n{metadata}---\n\n{body}"
