"""The evaluation harness: score predicted negotiation events against the gold (see eval/README.md)."""

from parley.eval.pipeline import evaluate
from parley.eval.read_gold import Gold, UnusableInputError, load_gold
from parley.eval.report import Comparison, Report

__all__ = ["Comparison", "Gold", "Report", "UnusableInputError", "evaluate", "load_gold"]
