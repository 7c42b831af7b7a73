"""Whole tables of rows, with class labels converted in Arrow rather than row by row in Python.

On 20,000 documents converting each nested class label in Python takes most of a build and of a read; Arrow does
it on whole columns. Rows are made with label names (`rows.document_record`, `rows.event_records`), typed by a
schema in which every class label is a string, and the names are then replaced by ids column by column.
"""

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, cast

import pyarrow as pa
import pyarrow.compute as pc
from datasets import ClassLabel, Features, List, Value

from parley.corpus.dataset.features import config_features
from parley.corpus.dataset.rows import restore_omitted
from parley.schema.records import Document

LabelMap = Callable[[pa.Array, ClassLabel], pa.Array]


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause Python's cycle collector while millions of rows are made: none of them is garbage, and the collector's
    repeated passes over a large heap would otherwise take as long as the conversion itself."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _has_labels(feature: Any) -> bool:
    if isinstance(feature, ClassLabel):
        return True
    if isinstance(feature, List):
        return _has_labels(feature.feature)
    return isinstance(feature, dict) and any(_has_labels(child) for child in feature.values())


def _with_names(feature: Any) -> Any:
    """`feature` with every class label declared as a string (its name)."""
    if isinstance(feature, ClassLabel):
        return Value("string")
    if isinstance(feature, List):
        return List(_with_names(feature.feature))
    if isinstance(feature, dict):
        return {name: _with_names(child) for name, child in feature.items()}
    return feature


@cache
def named_schema(config: str) -> pa.Schema:
    """The Arrow schema of a config's rows while class labels are still names."""
    return Features({name: _with_names(f) for name, f in config_features(config).items()}).arrow_schema


def _map_labels(array: pa.Array, feature: Any, leaf: LabelMap) -> pa.Array:
    """`array` (values of `feature`) with `leaf` applied to the values of every class label inside it."""
    if not _has_labels(feature):
        return array
    if isinstance(feature, ClassLabel):
        return leaf(array, feature)
    if isinstance(feature, List):
        # A sliced list's offsets index its unsliced values: cut the values to the slice and rebase the offsets.
        offsets = array.offsets
        first, last = offsets[0].as_py(), offsets[-1].as_py()
        values = _map_labels(array.values.slice(first, last - first), feature.feature, leaf)
        if first:
            offsets = pc.subtract(offsets, pa.scalar(first, offsets.type))
        return pa.ListArray.from_arrays(offsets, values, mask=array.is_null() if array.null_count else None)
    children = [_map_labels(child, feature[name], leaf) for name, child in zip(feature, array.flatten(), strict=True)]
    return pa.StructArray.from_arrays(children, names=list(feature), mask=array.is_null())


def _ids(names: pa.Array, label: ClassLabel) -> pa.Array:
    ids = pc.index_in(names, value_set=pa.array(label.names, pa.string())).cast(pa.int64())
    if ids.null_count != names.null_count:
        unknown = sorted(set(pc.filter(names, pc.is_null(ids)).drop_null().to_pylist()))
        raise ValueError(f"not a class label name: {', '.join(map(repr, unknown))} (known: {', '.join(label.names)})")
    return ids


def _names(ids: pa.Array, label: ClassLabel) -> pa.Array:
    return pc.take(pa.array(label.names, pa.string()), ids)


def _mapped_table(table: pa.Table, features: Features, leaf: LabelMap, schema: pa.Schema) -> pa.Table:
    columns = []
    for name, feature in features.items():
        column = table.column(name)
        chunks = column.chunks or [pa.array([], column.type)]
        columns.append(pa.chunked_array([_map_labels(chunk, feature, leaf) for chunk in chunks]))
    return pa.Table.from_arrays(columns, schema=schema)


def config_table(rows: Sequence[dict[str, Any]], config: str) -> pa.Table:
    """The table of a config's rows (class labels as names), typed by the declared features, labels as ids."""
    features = config_features(config)
    named = pa.Table.from_pylist(list(rows), schema=named_schema(config))
    return _mapped_table(named, features, _ids, features.arrow_schema)


def documents_from_table(table: pa.Table) -> list[Document]:
    """The gold records a table of `documents` rows holds, exactly as they were built."""
    named = _mapped_table(table, config_features("documents"), _names, named_schema("documents"))
    with paused_collector():
        return [restore_omitted(record) for record in named.to_pylist()]


def events_from_table(table: pa.Table) -> list[dict[str, Any]]:
    """The rows of an `events` table with class labels as names."""
    named = _mapped_table(table, config_features("events"), _names, named_schema("events"))
    with paused_collector():
        return cast(list[dict[str, Any]], named.to_pylist())
