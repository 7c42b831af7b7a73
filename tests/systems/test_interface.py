"""The plug-in interface a model developer imports, and the old import path kept for one release."""

import importlib
import subprocess
import sys

import pytest

import parley.systems
from parley.systems.interface import input_document


def test_the_interface_imports_from_parley_systems() -> None:
    assert {"InputDocument", "Prediction", "System"} <= set(parley.systems.__all__)
    assert parley.systems.InputDocument.__annotations__.keys() == {"id", "text", "date", "title"}


def test_input_document_hides_the_annotation() -> None:
    record = {"id": "d", "text": "t", "date": "2025-01-01", "title": "x", "events": [], "entities": []}
    assert input_document(record) == {"id": "d", "text": "t", "date": "2025-01-01", "title": "x"}  # type: ignore[arg-type]


def test_old_import_path_still_works_and_warns() -> None:
    # A fresh interpreter: the warning fires once per process, at the first import of the old package.
    script = (
        "import warnings\n"
        "warnings.simplefilter('error', DeprecationWarning)\n"
        "try:\n"
        "    import parley.eval.systems.interface\n"
        "except DeprecationWarning as warning:\n"
        "    print('warned:', warning)\n"
        "warnings.simplefilter('ignore', DeprecationWarning)\n"
        "from parley.eval.systems.interface import InputDocument\n"
        "import parley.systems.interface\n"
        "print(InputDocument is parley.systems.interface.InputDocument)\n"
    )
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert "warned: parley.eval.systems moved to parley.systems" in output
    assert output.strip().endswith("True")


def test_the_scoring_package_holds_no_extraction_system() -> None:
    with pytest.warns(DeprecationWarning):
        old = importlib.reload(importlib.import_module("parley.eval.systems"))
    assert old.System is parley.systems.System
