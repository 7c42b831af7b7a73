"""Loading the gold corpus: one validated record per document."""

from collections.abc import Iterable
from pathlib import Path
from typing import cast

from parley.exitcodes import ExitCode
from parley.resources import corpus_documents_dir
from parley.schema.files import validate_paths
from parley.schema.problems import Level, Problem
from parley.schema.records import Document


class InvalidCorpusError(Exception):
    """The corpus could not be loaded; `problems` holds every problem found, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the corpus")
        self.problems = problems

    @property
    def exit_code(self) -> ExitCode:
        """2 when some input could not be read at all (the corpus would be partial), else 1."""
        return ExitCode.UNUSABLE if any(p.level is Level.FATAL for p in self.problems) else ExitCode.PROBLEMS


def load_documents(paths: Iterable[Path] | None = None) -> list[Document]:
    """The gold records under `paths` (default: the shipped corpus), sorted by id.

    Raises InvalidCorpusError when any record is unreadable or invalid: a benchmark never scores against
    gold it could not check.
    """
    report = validate_paths(list(paths) if paths is not None else [corpus_documents_dir()], "gold")
    if report.problems:
        raise InvalidCorpusError(report.problems)
    documents = [cast(Document, sourced.record) for sourced in report.records]
    return sorted(documents, key=lambda document: document["id"])
