"""Gold folders of generated documents for the system tests."""

from pathlib import Path

from parley.corpus.synthetic import generate_documents
from parley.schema.files import format_record
from parley.schema.records import Document


def write_gold(folder: Path, documents: list[Document]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for document in documents:
        (folder / f"{document['id']}.json").write_text(format_record(document), encoding="utf-8")
    return folder


def generated(count: int, *, seed: int = 0, **options: object) -> list[Document]:
    return list(generate_documents(count, seed=seed, events=3, target_chars=600, **options))
