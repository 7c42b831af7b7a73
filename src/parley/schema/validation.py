"""Validate one record: the JSON Schema first, then the checks a schema cannot express."""

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any, Literal

from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource

from parley.resources import schema_dir
from parley.schema.checks import semantic_problems
from parley.schema.problems import Problem, json_pointer

RecordKind = Literal["gold", "prediction"]

_SCHEMA_FILES: dict[RecordKind, str] = {
    "gold": "document.schema.json",
    "prediction": "prediction.schema.json",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """One schema file from `schema/`, parsed."""
    schema: dict[str, Any] = json.loads((schema_dir() / name).read_text(encoding="utf-8"))
    return schema


@cache
def python_pattern(pattern: str) -> re.Pattern[str]:
    """A schema `pattern` (ECMA-262) as a Python regex with the same meaning: ECMA's `$` is the end of the input,
    Python's also matches before a final newline (so an id "a\\n" would pass and become a file name with a newline)."""
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if isinstance(instance, str) and not python_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_StrictPatternValidator = validators.extend(Draft202012Validator, {"pattern": _pattern})  # type: ignore[no-untyped-call]


@cache
def _validator(kind: RecordKind) -> Draft202012Validator:
    registry: Registry[Any] = Registry().with_resources(
        (load_schema(name)["$id"], Resource.from_contents(load_schema(name)))
        for name in ("vocabulary.schema.json", *_SCHEMA_FILES.values())
    )
    schema = load_schema(_SCHEMA_FILES[kind])
    Draft202012Validator.check_schema(schema)
    validator: Draft202012Validator = _StrictPatternValidator(schema, registry=registry)
    return validator


def schema_id(kind: RecordKind = "gold") -> str:
    """The `$id` of the schema for this kind of record; it carries the schema version."""
    return str(load_schema(_SCHEMA_FILES[kind])["$id"])


def _const_values(schema: Any) -> list[str] | None:
    options = schema.get("oneOf") if isinstance(schema, dict) else None
    if options and all(isinstance(option, dict) and "const" in option for option in options):
        return [str(option["const"]) for option in options]
    return None


def _schema_problem(error: ValidationError, *, file: str, line: int | None, document: str | None) -> Problem:
    path = list(error.absolute_path)
    pointer = json_pointer(*path)
    keyword = str(error.validator)
    code, message = "schema", error.message
    if keyword == "required":
        code = "missing-field"
        present = error.instance if isinstance(error.instance, dict) else {}
        required: list[str] = list(error.schema.get("required", [])) if isinstance(error.schema, dict) else []
        missing = [name for name in required if name not in present and repr(name) in message]
        pointer = json_pointer(*path, *missing[:1])
    elif keyword == "additionalProperties":
        code = "unknown-field"
    elif keyword == "type":
        code = "wrong-type"
    elif keyword in {"oneOf", "const", "enum"}:
        code = "unknown-value"
        allowed = _const_values(error.schema)
        if allowed is not None:
            message = f"{error.instance!r} is not one of {', '.join(allowed)}"
    elif keyword == "pattern":
        code = "bad-format"
    elif keyword == "minItems" and path and path[-1] == "triggers":
        code, message = "empty-triggers", "an event needs at least one trigger"
    elif keyword in {"minItems", "minLength"}:
        code = "empty"
    elif keyword == "minimum":
        code = "offset-range"
    elif keyword == "dependentRequired":
        code = "missing-field"
    return Problem(file=file, line=line, document=document, pointer=pointer, code=code, message=message)


def _document_id(record: Any) -> str | None:
    if isinstance(record, dict) and isinstance(record.get("id"), str):
        return str(record["id"])
    return None


def iter_problems(
    record: Any, kind: RecordKind = "gold", *, file: str = "<record>", line: int | None = None
) -> Iterator[Problem]:
    """Every problem of one record. Semantic checks run only on a record the schema accepts."""
    document = _document_id(record)
    schema_errors = sorted(_validator(kind).iter_errors(record), key=lambda e: list(map(str, e.absolute_path)))
    if schema_errors:
        for error in schema_errors:
            yield _schema_problem(error, file=file, line=line, document=document)
        return
    for pointer, code, message in semantic_problems(record, kind):
        yield Problem(file=file, line=line, document=document, pointer=pointer, code=code, message=message)


def validate_record(
    record: Any, kind: RecordKind = "gold", *, file: str = "<record>", line: int | None = None
) -> list[Problem]:
    """All problems of one record, in a stable order; an empty list means the record is valid."""
    return list(iter_problems(record, kind, file=file, line=line))
