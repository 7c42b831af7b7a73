"""The evaluation harness: score predicted negotiation events against the gold (see eval/README.md).

The names below are imported on first use (PEP 562), so that importing a submodule, or the `parley` command,
does not pay for numpy and scikit-learn.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parley.eval.pipeline import evaluate
    from parley.eval.read_gold import Gold, UnusableInputError, load_gold
    from parley.eval.report import Comparison, Report

__all__ = ["Comparison", "Gold", "Report", "UnusableInputError", "evaluate", "load_gold"]

_HOME = {
    "Comparison": "parley.eval.report",
    "Gold": "parley.eval.read_gold",
    "Report": "parley.eval.report",
    "UnusableInputError": "parley.eval.read_gold",
    "evaluate": "parley.eval.pipeline",
    "load_gold": "parley.eval.read_gold",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)
