"""The dataset folder's Croissant metadata (`croissant.json`, ML Commons Croissant 1.0 with its RAI vocabulary).

Dataset search engines and loaders read Croissant. Record sets mirror the two configs, their fields generated from
the declared features (so they cannot drift from the Parquet files): a struct becomes a field with sub-fields, a
list of structs a repeated field with sub-fields, a class label an integer whose names are in its description. Every
data file is a `FileObject` with its sha256; a `split` field is read from each file's name.
"""

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from datasets import ClassLabel, List, Value

from parley import __version__
from parley.corpus.dataset.agreement_figures import ceiling_statement, headline_figures, is_current
from parley.corpus.dataset.card import ANNOTATION_PROCESS, LIMITATIONS, SOURCE_DATA
from parley.corpus.dataset.features import CONFIGS, config_features
from parley.corpus.dataset.layout import data_file
from parley.schema import SCHEMA_VERSION
from parley.schema.records import Document

CROISSANT_FILE = "croissant.json"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"

# The standard @context of Croissant 1.0 (a non-standard one only warns, but readers expect this one).
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

_DATA_TYPES = {
    "string": "sc:Text",
    "bool": "sc:Boolean",
    "float32": "sc:Float",
    "float64": "sc:Float",
}


def _data_type(feature: Value | ClassLabel) -> str:
    if isinstance(feature, ClassLabel):
        return "sc:Integer"
    return _DATA_TYPES.get(feature.dtype, "sc:Integer" if "int" in feature.dtype else "sc:Text")


def _file_set_id(config: str) -> str:
    return f"{config}-parquet-files"


def _field(config: str, path: list[str], feature: Any, *, json_path: str = "", in_list: bool = False) -> dict[str, Any]:
    """A Croissant field for `feature` at `path` (column first); a nested value is reached by `json_path`,
    relative to an element of its top-level column when that column is a list, else to the column's value."""
    source: dict[str, Any] = {"fileSet": {"@id": _file_set_id(config)}, "extract": {"column": path[0]}}
    if json_path:
        source["transform"] = {"jsonPath": json_path}
    field: dict[str, Any] = {"@type": "cr:Field", "@id": "/".join([config, *path]), "name": path[-1]}
    is_list = isinstance(feature, List)
    inner = feature.feature if is_list else feature
    if is_list:
        field["repeated"] = True
    field["source"] = source
    if isinstance(inner, dict):
        if is_list:
            field["dataType"] = "cr:RecordSet"
        prefix = f"{json_path}." if json_path else ""
        field["subField"] = [
            _field(config, [*path, name], child, json_path=f"{prefix}{name}", in_list=in_list or is_list)
            for name, child in inner.items()
            if not (isinstance(child, List) and (in_list or is_list))
        ]
        return field
    field["dataType"] = _data_type(inner)
    if isinstance(inner, ClassLabel):
        field["description"] = "Class label index into: " + ", ".join(inner.names) + "."
    return field


NOT_DESCRIBED = (
    "Lists nested inside list elements (the mentions of each entity, the triggers and arguments of each event in "
    "`documents`, the mentions of each argument in `events`) are not described: Croissant 1.0 readers do not "
    "read repetition inside repetition. They are in the Parquet files and load with `datasets`."
)


def _split_field(config: str) -> dict[str, Any]:
    return {
        "@type": "cr:Field",
        "@id": f"{config}/split",
        "name": "split",
        "description": "The split the row belongs to (train, validation or test), read from its file name.",
        "dataType": "sc:Text",
        "source": {
            "fileSet": {"@id": _file_set_id(config)},
            "extract": {"fileProperty": "filename"},
            "transform": {"regex": r"^(.*)\.parquet$"},
        },
    }


def record_sets() -> list[dict[str, Any]]:
    """One record set per config, its fields generated from the config's declared features."""
    return [
        {
            "@type": "cr:RecordSet",
            "@id": config,
            "name": config,
            "description": f"The `{config}` config of the Hugging Face dataset: one row per "
            + ("document. " if config == "documents" else "event, with its arguments resolved. ")
            + NOT_DESCRIBED,
            "field": [
                *(_field(config, [name], feature) for name, feature in config_features(config).items()),
                _split_field(config),
            ],
        }
        for config in CONFIGS
    ]


def _distribution(folder: Path, written: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    files: list[dict[str, Any]] = []
    for config, splits in written.items():
        for split in splits:
            relative = data_file(config, split)
            files.append(
                {
                    "@type": "cr:FileObject",
                    "@id": relative,
                    "name": relative,
                    "contentUrl": relative,
                    "encodingFormat": "application/x-parquet",
                    "sha256": hashlib.sha256((folder / relative).read_bytes()).hexdigest(),
                }
            )
        files.append(
            {
                "@type": "cr:FileSet",
                "@id": _file_set_id(config),
                "name": _file_set_id(config),
                "encodingFormat": "application/x-parquet",
                "includes": f"{config}/*.parquet",
            }
        )
    return files


def _agreement_summary(agreement: Mapping[str, Any] | None) -> str:
    if not agreement:
        return "No inter-annotator agreement has been measured for this build."
    note = agreement.get("note")
    if is_current(agreement):
        listed = "; ".join(
            f"{figure.label} {figure.value:.3f} (95 % interval {figure.interval()})"
            for figure in headline_figures(agreement)
        )
        summary = f"Inter-annotator agreement on {agreement['counts']['documents']} documents: {listed}."
        return " ".join(part for part in (summary, ceiling_statement(agreement), note or "") if part)
    metrics = {key: value for key, value in agreement.items() if isinstance(value, int | float)}
    listed = "; ".join(f"{key} {value:.3f}" for key, value in sorted(metrics.items()))
    return " ".join(part for part in (f"Inter-annotator agreement: {listed}." if listed else "", note or "") if part)


def croissant_metadata(
    folder: Path,
    documents: list[Document],
    written: Mapping[str, Sequence[str]],
    *,
    agreement: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The Croissant JSON-LD for a dataset folder whose data files (`written`: config -> splits) are in place."""
    versions = sorted({document["annotation"]["guidelines_version"] for document in documents})
    annotators = sorted({name for document in documents for name in document["annotation"]["annotators"]})
    adjudicated = sum(document["annotation"]["adjudicated"] for document in documents)
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": "parley",
        "description": "Parley: news-style articles on real negotiations annotated with negotiation events "
        "(who met, proposed, demanded, agreed, rejected, conceded, threatened), their arguments, attributes and "
        "relations, for benchmarking event extraction.",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "citeAs": "@misc{parley, title = {Parley: An Open Benchmark for Extracting Negotiation Events from News}, "
        "author = {{Parley contributors}}, year = {2026}}",
        "license": LICENSE_URL,
        "url": "https://parley-benchmark.org",
        "version": __version__,
        "inLanguage": sorted({document["language"] for document in documents}),
        "keywords": ["event extraction", "negotiation", "PLOVER", "information extraction", "news"],
        "isLiveDataset": False,
        "rai:dataCollection": SOURCE_DATA.replace("\n", " "),
        "rai:dataCollectionType": ["Others"],
        "rai:dataAnnotationProtocol": (
            f"Annotated following the Parley guidelines (version {', '.join(versions)}) against schema "
            f"{SCHEMA_VERSION}, in Label Studio or as drafts whose mentions are quotes grounded to code-point "
            "offsets; every record is validated against the JSON Schema and offset checks before it is built. "
            + " ".join(ANNOTATION_PROCESS.split())
        ),
        "rai:dataAnnotationPlatform": ["Label Studio", "parley corpus ground"],
        "rai:annotatorDemographics": [f"Parley annotators: {', '.join(annotators)}"],
        "rai:dataAnnotationAnalysis": [
            _agreement_summary(agreement),
            f"{adjudicated} of {len(documents)} documents were adjudicated from several annotations.",
        ],
        "rai:dataLimitations": [" ".join(item.split()) for item in LIMITATIONS],
        "rai:personalSensitiveInformation": [
            "Names of public figures and states in connection with public events; no private individuals' data."
        ],
        "rai:dataUseCases": ["Evaluating event extraction systems (span taggers and LLMs) on negotiation news."],
        "distribution": _distribution(folder, written),
        "recordSet": record_sets(),
    }
