"""The negotiation-event schema: vocabulary, record types and validation."""

from parley.schema.files import SourcedRecord, ValidationReport, read_records, validate_paths
from parley.schema.problems import Level, Problem
from parley.schema.validation import RecordKind, load_schema, schema_id, validate_record
from parley.schema.vocabulary import SCHEMA_VERSION, Term, Vocabulary, vocabulary

__all__ = [
    "SCHEMA_VERSION",
    "Level",
    "Problem",
    "RecordKind",
    "SourcedRecord",
    "Term",
    "ValidationReport",
    "Vocabulary",
    "load_schema",
    "read_records",
    "schema_id",
    "validate_paths",
    "validate_record",
    "vocabulary",
]
