"""Where the project's artifacts live, from a checkout and from an installed wheel.

A checkout keeps `schema/`, `corpus/` and `annotation/` at its top; a wheel carries copies inside the package
under `parley/_data/` (see `pyproject.toml`). The packaged copy wins when it exists, so an installed wheel never
reads files from whatever directory it happens to be run in.
"""

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_PACKAGED_DATA = _PACKAGE_DIR / "_data"


@cache
def checkout_root() -> Path | None:
    """The top of the source checkout this package was imported from, or None when installed from a wheel."""
    candidate = _PACKAGE_DIR.parent.parent
    if (candidate / "pyproject.toml").is_file() and (candidate / "schema").is_dir():
        return candidate
    return None


def _artifact(relative: str) -> Path:
    packaged = _PACKAGED_DATA / relative
    if packaged.exists():
        return packaged
    root = checkout_root()
    if root is None:
        raise FileNotFoundError(f"parley data '{relative}' is missing from this installation")
    return root / relative


def schema_dir() -> Path:
    """The folder holding the JSON Schema files."""
    return _artifact("schema")


def corpus_documents_dir() -> Path:
    """The folder holding one gold record per document."""
    return _artifact("corpus/documents")


def agreement_report_path() -> Path:
    """The inter-annotator agreement figures of the shipped corpus (`parley eval agreement --out`), cited by the
    dataset card. They live with the annotation, not in `corpus/`, whose tree holds only records."""
    return _artifact("annotation/agreement.json")


def label_config_path() -> Path:
    """The generated Label Studio labeling config."""
    return _artifact("annotation/label_config.xml")


def lint_allowlist_path() -> Path:
    """The allowlist of `parley corpus lint` findings accepted in the shipped corpus."""
    return _artifact("corpus/lint-allowlist.yaml")
