"""The agreement figures shipped in annotation/agreement.json are what the harness computes today."""

import json
from pathlib import Path

import pytest

from parley.eval.agreement import agreement

CHECKOUT = Path(__file__).resolve().parents[2]


def test_shipped_agreement_figures_are_reproducible() -> None:
    shipped = json.loads((CHECKOUT / "annotation" / "agreement.json").read_text(encoding="utf-8"))
    result = agreement(CHECKOUT / "corpus" / "documents", CHECKOUT / "annotation" / "double" / "parley-c1").to_json()
    assert result["problems"] == []
    assert shipped["documents"] == result["counts"]["documents"]
    for name, value in shipped["f1"].items():
        assert value == pytest.approx(result["f1"][name]["f1"], abs=5e-5), f"f1.{name}"
    for name, value in shipped["aligned_pairs"].items():
        assert value == pytest.approx(result["aligned_pairs"][name], abs=5e-5), f"aligned_pairs.{name}"
