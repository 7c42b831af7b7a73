"""Round 1 of double annotation covers what the fixed rule selects from the corpus, and its records are in place."""

import json
from pathlib import Path

from parley.annotation.selection import select_for_double_annotation

CHECKOUT = Path(__file__).resolve().parents[2]
ROUND = CHECKOUT / "annotation" / "double" / "round-1"


def _corpus_domains() -> dict[str, str]:
    domains = {}
    for path in sorted((CHECKOUT / "corpus" / "documents").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        domains[record["id"]] = record["domain"]
    return domains


def test_the_round_covers_what_the_rule_selects_today() -> None:
    selection = json.loads((ROUND / "selection.json").read_text(encoding="utf-8"))
    listed = sorted(entry["id"] for entry in selection["documents"])
    assert listed == select_for_double_annotation(_corpus_domains()), (
        "the corpus changed since round 1 was selected: the rule now selects other documents; run a new round "
        "(annotation/double/README.md) before adding documents to the corpus"
    )
