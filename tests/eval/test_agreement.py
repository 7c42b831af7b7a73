"""`parley eval agreement`: constructed cases worked out by hand (tests/eval/agreement/*.json), kappa and alpha
against textbook values, intervals, the disagreement listing, and bad input."""

import copy
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner, Result
from sklearn.metrics import cohen_kappa_score

from parley.cli import main
from parley.corpus.synthetic import generate_documents
from parley.eval.agreement import FORMAT, agreement
from parley.eval.chance import cohen_kappa, contingency, krippendorff_alpha
from parley.exitcodes import ExitCode
from tests.eval.conftest import lookup, write_jsonl

CASES = sorted((Path(__file__).resolve().parent / "agreement").glob("*.json"))


def _case(name: str) -> dict[str, Any]:
    case: dict[str, Any] = json.loads((CASES[0].parent / f"{name}.json").read_text(encoding="utf-8"))
    return case


def _invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, ["eval", "agreement", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _case_files(tmp_path: Path, case: dict[str, Any]) -> tuple[Path, Path]:
    return write_jsonl(tmp_path / "a.jsonl", case["a"]), write_jsonl(tmp_path / "b.jsonl", case["b"])


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_constructed_case(path: Path, tmp_path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    assert case["why"].strip()
    first, second = _case_files(tmp_path, case)
    out, listing = tmp_path / "agreement.json", tmp_path / "disagreements.jsonl"
    result = _invoke(str(first), str(second), "--out", str(out), "--disagreements", str(listing))
    assert result.exit_code == ExitCode.OK, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["format"] == FORMAT
    for dotted, expected in case["expected"].items():
        actual = lookup(report, dotted)
        assert actual == (pytest.approx(expected) if isinstance(expected, float) else expected), dotted
    found = [json.loads(line) for line in listing.read_text(encoding="utf-8").splitlines()]
    assert [[d["kind"], d["span"]["start"], d["span"]["end"], d["span"]["text"]] for d in found] == case[
        "disagreements"
    ]
    assert {tuple(d["a"]["annotators"]) for d in found} == {tuple(case["a"][0]["annotation"]["annotators"])}
    assert {tuple(d["b"]["annotators"]) for d in found} == {tuple(case["b"][0]["annotation"]["annotators"])}


def test_there_are_constructed_cases() -> None:
    assert len(CASES) >= 2


def test_the_listing_says_what_each_annotator_said(tmp_path: Path) -> None:
    case = _case("disagreement-listing")
    first, second = _case_files(tmp_path, case)
    found = agreement(first, second, samples=0).disagreements
    by_kind = {item["kind"]: item for item in found}
    assert by_kind["event-type-differs"]["a"]["said"] == "PROPOSE"
    assert by_kind["event-type-differs"]["b"]["said"] == "DEMAND"
    assert [span["text"] for span in by_kind["trigger-extent-differs"]["b"]["said"]] == ["held talks"]
    assert by_kind["argument-only-in-b"]["b"]["said"]["role"] == "actor"
    assert by_kind["argument-only-in-b"]["a"]["said"] is None
    assert by_kind["relation-only-in-a"]["a"]["said"]["type"] == "responds_to"


def test_markdown_listing(tmp_path: Path) -> None:
    case = _case("disagreement-listing")
    first, second = _case_files(tmp_path, case)
    listing = tmp_path / "disagreements.md"
    result = _invoke(str(first), str(second), "--disagreements", str(listing), "--disagreements-format", "markdown")
    assert result.exit_code == ExitCode.OK, result.output
    text = listing.read_text(encoding="utf-8")
    assert "| kind | span | A (annotator-a) | B (annotator-b) |" in text
    document_part = text.split("## ", 1)[1]
    rows = [line for line in document_part.splitlines() if line.startswith("| ") and not line.startswith("| kind")]
    assert len(rows) == len(case["disagreements"])
    assert "| event-type-differs | 51-59 'proposed' | PROPOSE | DEMAND |" in text
    assert "| argument-only-in-a | 2 |" in text
    assert "argument-only-in-a" in result.stdout  # the summary table on the terminal


def test_the_same_records_agree_fully_and_list_nothing(tmp_path: Path) -> None:
    records = list(generate_documents(4, seed=3, events=3, target_chars=300, relations=2))
    path = write_jsonl(tmp_path / "a.jsonl", records)
    result = agreement(path, path, samples=50)
    assert result.disagreements == []
    for measure in ("event_type", "polarity", "realis"):
        assert result.union[measure]["kappa"] == result.union[measure]["alpha"] == 1.0


# --- kappa and alpha --------------------------------------------------------------------------------------------

# Krippendorff, "Computing Krippendorff's alpha-reliability" (2011): binary data, two observers (alpha 0.095), and
# nominal data, two observers, no missing values (alpha 0.692).
BINARY = ("0 1 0 0 0 0 0 0 1 0", "1 1 1 0 0 1 0 0 0 0", 0.095)
NOMINAL = ("a a b b d c c c e d d a", "b a b b b c c c e d d d", 0.692)


@pytest.mark.parametrize("example", [BINARY, NOMINAL], ids=["binary", "nominal"])
def test_alpha_matches_krippendorffs_worked_examples(example: tuple[str, str, float]) -> None:
    first, second, alpha = example[0].split(), example[1].split(), example[2]
    labels = tuple(sorted(set(first) | set(second)))
    table = contingency(list(zip(first, second, strict=True)), labels)
    assert krippendorff_alpha(table) == pytest.approx(alpha, abs=5e-4)
    assert cohen_kappa(table) == pytest.approx(cohen_kappa_score(first, second))


def test_kappa_and_alpha_on_stacks_and_edge_cases() -> None:
    agreeing = np.diag([3.0, 0.0])
    one_off = np.array([[2.0, 1.0], [0.0, 1.0]])
    # one_off: observed 3/4, expected (3x2 + 1x2)/16 = 1/2, kappa 1/2
    assert list(np.asarray(cohen_kappa(np.stack([agreeing, one_off])))) == [1.0, pytest.approx(0.5)]
    assert math.isnan(float(krippendorff_alpha(np.zeros((2, 2)))))
    assert krippendorff_alpha(agreeing) == 1.0
    assert krippendorff_alpha(np.array([[0.0, 2.0], [2.0, 0.0]])) < 0


# --- intervals --------------------------------------------------------------------------------------------------


def _varied_pair(tmp_path: Path) -> tuple[Path, Path]:
    """Twelve documents; B drops an event in some, retypes one in others, and matches A in the rest."""
    records = list(generate_documents(12, seed=5, events=4, target_chars=300, relations=2))
    other = copy.deepcopy(records)
    for position, record in enumerate(other):
        if position % 3 == 0:
            dropped = record["events"].pop()["id"]
            record["relations"] = [r for r in record.get("relations", []) if dropped not in (r["from"], r["to"])]
        elif position % 3 == 1:
            event = record["events"][0]
            event["type"] = "REJECT" if event["type"] != "REJECT" else "AGREE"
            record["relations"] = [r for r in record.get("relations", []) if event["id"] not in (r["from"], r["to"])]
    return write_jsonl(tmp_path / "a.jsonl", records), write_jsonl(tmp_path / "b.jsonl", other)


def test_intervals_contain_the_point_estimates(tmp_path: Path) -> None:
    first, second = _varied_pair(tmp_path)
    report = agreement(first, second, samples=400, seed=1).to_json()
    scores = [*report["f1"].values(), *report["per_event_type"].values(), *report["per_role"].values()]
    assert scores
    for score in scores:
        interval = score["f1_interval"]
        assert interval["samples"] == 400 and interval["confidence"] == 0.95
        assert interval["low"] - 1e-9 <= score["f1"] <= interval["high"] + 1e-9
    for figure in report["union"].values():
        for measure in ("kappa", "alpha"):
            interval = figure[f"{measure}_interval"]
            assert interval["low"] - 1e-9 <= figure[measure] <= interval["high"] + 1e-9
    assert report["union"]["event_type"]["kappa"] < report["aligned_pairs"]["event_type_kappa_aligned_pairs"]


def test_the_same_seed_gives_the_same_intervals(tmp_path: Path) -> None:
    first, second = _varied_pair(tmp_path)
    one, two = (agreement(first, second, samples=100, seed=7).to_json() for _ in range(2))
    assert one == two
    assert agreement(first, second, samples=0).to_json()["union"]["event_type"]["kappa_interval"] is None


# --- bad input --------------------------------------------------------------------------------------------------


def test_no_document_in_common_exits_2_with_one_line(tmp_path: Path) -> None:
    case = _case("one-sided-event")
    first, _ = _case_files(tmp_path, case)
    renamed = copy.deepcopy(case["b"])
    renamed[0]["id"] = "another-document"
    second = write_jsonl(tmp_path / "other.jsonl", renamed)
    result = _invoke(str(first), str(second))
    assert result.exit_code == ExitCode.UNUSABLE
    assert result.stderr.strip().splitlines() == [f"parley: error: {first} and {second} have no document in common"]


@pytest.mark.parametrize("side", ["a", "b"])
def test_an_unreadable_file_exits_2_with_one_line_naming_it(tmp_path: Path, side: str) -> None:
    case = _case("one-sided-event")
    first, second = _case_files(tmp_path, case)
    broken = first if side == "a" else second
    broken.write_text('{"id": "x", "text": \n', encoding="utf-8")
    result = _invoke(str(first), str(second))
    assert result.exit_code == ExitCode.UNUSABLE
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(broken) in lines[0] and "Traceback" not in result.output


def test_a_missing_path_exits_2(tmp_path: Path) -> None:
    case = _case("one-sided-event")
    first, _ = _case_files(tmp_path, case)
    result = _invoke(str(first), str(tmp_path / "missing.jsonl"))
    assert result.exit_code == ExitCode.UNUSABLE
    assert "missing.jsonl" in result.stderr and "Traceback" not in result.output


def test_an_invalid_record_of_b_exits_1_and_scores_empty(tmp_path: Path) -> None:
    case = _case("one-sided-event")
    broken = copy.deepcopy(case["b"])
    broken[0]["events"][0]["type"] = "NOT_A_TYPE"
    first = write_jsonl(tmp_path / "a.jsonl", case["a"])
    second = write_jsonl(tmp_path / "b.jsonl", broken)
    out = tmp_path / "agreement.json"
    result = _invoke(str(first), str(second), "--out", str(out))
    assert result.exit_code == ExitCode.PROBLEMS
    assert "NOT_A_TYPE" in result.stderr or "/events/0/type" in result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["counts"]["events"]["b"] == 0
    assert report["counts"]["disagreements"] == {"event-only-in-a": 3}
    assert report["union"]["event_type"]["kappa"] == 0.0


def test_outputs_over_an_input_are_refused(tmp_path: Path) -> None:
    case = _case("one-sided-event")
    first, second = _case_files(tmp_path, case)
    before = first.read_bytes()
    for option in ("--out", "--disagreements"):
        result = _invoke(str(first), str(second), option, str(first))
        assert result.exit_code == ExitCode.UNUSABLE
        assert "refusing to write over what is being read" in result.stderr
    assert first.read_bytes() == before


MIRROR = {"a": "b", "b": "a"}


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_swapping_the_annotators_mirrors_the_figures(path: Path, tmp_path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    first, second = _case_files(tmp_path, case)
    forward, backward = agreement(first, second, samples=0), agreement(second, first, samples=0)
    for measure, figure in forward.union.items():
        assert backward.union[measure]["kappa"] == pytest.approx(figure["kappa"]), measure
        assert backward.union[measure]["alpha"] == pytest.approx(figure["alpha"]), measure
    for metric, score in forward.f1.items():
        if "argument" in metric and ("coreference" in metric or "/" not in metric):
            continue  # credit for any mention of A's entity: asymmetric when the sides cluster mentions differently
        assert backward.f1[metric]["f1"] == pytest.approx(score["f1"]), metric
        assert backward.f1[metric]["precision"] == pytest.approx(score["recall"]), metric
    mirrored = Counter(
        kind.replace("-in-a", "-in-x").replace("-in-b", "-in-a").replace("-in-x", "-in-b")
        for kind in [item["kind"] for item in forward.disagreements]
    )
    assert Counter(item["kind"] for item in backward.disagreements) == mirrored
