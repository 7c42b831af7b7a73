"""The evaluation harness: score predicted negotiation events against the gold (see eval/README.md).

The names below are imported on first use: importing a light submodule (`parley.eval.check`, which `parley
validate` uses) must not pull in the scorer and scikit-learn.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parley.eval.pipeline import evaluate
    from parley.eval.read_gold import Gold, UnusableInputError, load_gold
    from parley.eval.report import Comparison, Report

__all__ = ["Comparison", "Gold", "Report", "UnusableInputError", "evaluate", "load_gold"]

_HOMES = {
    "evaluate": "parley.eval.pipeline",
    "Gold": "parley.eval.read_gold",
    "UnusableInputError": "parley.eval.read_gold",
    "load_gold": "parley.eval.read_gold",
    "Comparison": "parley.eval.report",
    "Report": "parley.eval.report",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'parley.eval' has no attribute {name!r}")
