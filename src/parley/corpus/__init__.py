"""The gold corpus: loading, statistics and the authoring aid."""

from parley.corpus.loading import InvalidCorpusError, load_documents
from parley.corpus.statistics import CorpusStatistics, corpus_statistics

__all__ = ["CorpusStatistics", "InvalidCorpusError", "corpus_statistics", "load_documents"]
