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
    assert shipped["documents"] == result["documents"]
    for group in ("f1", "kappa"):
        for name, value in shipped[group].items():
            assert value == pytest.approx(result[group][name], abs=5e-5), f"{group}.{name}"
