"""`parley eval`, `parley eval compare`, `parley eval agreement`: reports, plots, exit codes."""

import copy
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from parley.cli import main
from parley.corpus.synthetic import generate_documents
from parley.exitcodes import ExitCode
from parley.schema import SCHEMA_VERSION
from tests.eval.conftest import as_prediction, write_jsonl

REQUIRED_METRICS = (
    "trigger_identification",
    "trigger_classification",
    "event_identification",
    "event_classification",
    "argument_identification",
    "argument_classification",
)


def _invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _corpus(tmp_path: Path, count: int = 12) -> tuple[Path, list[dict[str, Any]]]:
    documents: list[dict[str, Any]] = list(generate_documents(count, seed=11, events=4, target_chars=300))  # type: ignore[arg-type]
    return write_jsonl(tmp_path / "gold.jsonl", documents), documents


def _half_right(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    predictions = [as_prediction(copy.deepcopy(d)) for d in documents]
    for prediction in predictions:
        prediction["events"] = prediction["events"][::2]
    return predictions


def test_report_has_the_documented_header_and_required_metrics(tmp_path: Path) -> None:
    gold, documents = _corpus(tmp_path)
    pred = write_jsonl(tmp_path / "system-x.jsonl", _half_right(documents))
    out = tmp_path / "out" / "report.json"
    result = _invoke(
        "eval", "--gold", str(gold), "--pred", str(pred), "--split", "all", "--out", str(out), "--bootstrap", "50"
    )
    assert result.exit_code == ExitCode.OK, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["format_version"] == "1.1"
    assert report["schema_version"] == SCHEMA_VERSION
    assert report["system"] == "system-x"
    assert report["dataset_fingerprint"].startswith("sha256:")
    assert report["options"] == {"split": "all", "bootstrap_samples": 50, "seed": 0, "confidence": 0.95}
    for name in REQUIRED_METRICS:
        metric = report["metrics"][name]
        assert {"precision", "recall", "f1"} <= metric.keys()
        assert metric["f1_interval"]["low"] <= metric["f1"] <= metric["f1_interval"]["high"]
    assert report["metrics"]["event_identification"]["recall"] == 0.5
    assert report["metrics"]["trigger_classification"]["modes"].keys() == {"exact", "overlap"}
    assert report["metrics"]["argument_classification"]["mode"] == "coreference"
    assert "event_identification" in result.stdout


def test_fingerprint_depends_on_the_gold_only(tmp_path: Path) -> None:
    gold, documents = _corpus(tmp_path)
    reports = []
    for name, predictions in (("a", []), ("b", _half_right(documents))):
        out = tmp_path / f"{name}.json"
        pred = write_jsonl(tmp_path / f"{name}.jsonl", predictions)
        _invoke(
            "eval", "--gold", str(gold), "--pred", str(pred), "--split", "all", "--out", str(out), "--bootstrap", "0"
        )
        reports.append(json.loads(out.read_text(encoding="utf-8")))
    assert reports[0]["dataset_fingerprint"] == reports[1]["dataset_fingerprint"]
    documents[0]["title"] += "!"
    changed = write_jsonl(tmp_path / "gold2.jsonl", documents)
    out = tmp_path / "c.json"
    _invoke(
        "eval",
        "--gold",
        str(changed),
        "--pred",
        str(tmp_path / "a.jsonl"),
        "--split",
        "all",
        "--out",
        str(out),
        "--bootstrap",
        "0",
    )
    assert json.loads(out.read_text(encoding="utf-8"))["dataset_fingerprint"] != reports[0]["dataset_fingerprint"]


def test_plots_are_pngs(tmp_path: Path) -> None:
    gold, documents = _corpus(tmp_path)
    pred = write_jsonl(tmp_path / "pred.jsonl", _half_right(documents))
    plots = tmp_path / "plots"
    result = _invoke(
        "eval", "--gold", str(gold), "--pred", str(pred), "--split", "all", "--plots", str(plots), "--bootstrap", "20"
    )
    assert result.exit_code == ExitCode.OK
    for name in ("per_type_f1.png", "type_confusion.png"):
        assert (plots / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_compare_reports_a_paired_difference(tmp_path: Path) -> None:
    gold, documents = _corpus(tmp_path, count=30)
    perfect = write_jsonl(tmp_path / "perfect.jsonl", [as_prediction(d) for d in documents])
    half = write_jsonl(tmp_path / "half.jsonl", _half_right(documents))
    out = tmp_path / "comparison.json"
    args = ("--gold", str(gold), "--split", "all", "--bootstrap", "200", "--out", str(out))
    result = _invoke("eval", "compare", str(perfect), str(half), *args)
    assert result.exit_code == ExitCode.OK, result.output
    comparison = json.loads(out.read_text(encoding="utf-8"))
    events = comparison["differences"]["event_identification"]
    assert events["a"] == 1.0
    assert events["difference"] < 0
    assert events["interval"]["high"] < 0
    assert events["p_value"] < 0.05
    same = _invoke("eval", "compare", str(half), str(half), *args)
    assert same.exit_code == ExitCode.OK
    identical = json.loads(out.read_text(encoding="utf-8"))["differences"]["event_identification"]
    assert identical["difference"] == 0.0
    assert identical["p_value"] == 1.0


def test_compare_reports_input_problems_and_honours_strict(tmp_path: Path) -> None:
    gold, documents = _corpus(tmp_path)
    good = write_jsonl(tmp_path / "good.jsonl", [as_prediction(d) for d in documents])
    bad = tmp_path / "bad.jsonl"
    bad.write_text("[]\n", encoding="utf-8")
    args = ("--gold", str(gold), "--split", "all", "--bootstrap", "10")
    assert _invoke("eval", "compare", str(good), str(bad), *args).exit_code == ExitCode.OK
    strict = _invoke("eval", "compare", str(good), str(bad), *args, "--strict")
    assert strict.exit_code == ExitCode.PROBLEMS
    assert f"{bad}:1: -: /: wrong-type" in strict.stderr
    missing = _invoke("eval", "compare", str(good), str(tmp_path / "none.jsonl"), *args)
    assert missing.exit_code == ExitCode.UNUSABLE


def test_agreement_of_an_annotator_with_themself_and_with_another(tmp_path: Path) -> None:
    gold, documents = _corpus(tmp_path)
    out = tmp_path / "agreement.json"
    same = _invoke("eval", "agreement", str(gold), str(gold), "--out", str(out))
    assert same.exit_code == ExitCode.OK, same.output
    result = json.loads(out.read_text(encoding="utf-8"))
    assert {score["f1"] for score in result["f1"].values()} == {1.0}
    assert result["aligned_pairs"]["event_type_kappa_aligned_pairs"] == 1.0
    assert result["union"]["event_type"]["kappa"] == result["union"]["event_type"]["alpha"] == 1.0
    other = copy.deepcopy(documents)
    for document in other:
        document["events"] = document["events"][::2]
    folder = tmp_path / "annotator-b"
    folder.mkdir()
    for document in other:
        (folder / f"{document['id']}.json").write_text(json.dumps(document), encoding="utf-8")
    _invoke("eval", "agreement", str(gold), str(folder), "--out", str(out))
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["counts"]["documents"] == len(documents)
    assert result["f1"]["event_identification"]["f1"] == 2 * 0.5 / 1.5


def test_gold_with_relations_against_itself_scores_one_on_event_relations(tmp_path: Path) -> None:
    documents = list(generate_documents(10, seed=4, events=5, target_chars=300, relations=4))
    assert sum(len(d.get("relations", [])) for d in documents) >= 10
    gold = write_jsonl(tmp_path / "gold.jsonl", documents)
    out = tmp_path / "report.json"
    result = _invoke("eval", "--gold", str(gold), "--pred", str(gold), "--split", "all", "--out", str(out))
    assert result.exit_code == ExitCode.OK, result.output
    metrics = json.loads(out.read_text(encoding="utf-8"))["metrics"]
    for family in ("event_relation_identification", "event_relation_classification"):
        assert metrics[family]["f1"] == 1.0
        assert metrics[family]["f1_interval"]["low"] == 1.0
    assert metrics["event_relation_classification"]["label_kind"] == "relation_type"
    assert "event_relation_classification" in result.stdout  # the terminal table
    without = write_jsonl(tmp_path / "without.jsonl", [as_prediction(d) for d in documents])
    _invoke("eval", "--gold", str(gold), "--pred", str(without), "--split", "all", "--out", str(out))
    metrics = json.loads(out.read_text(encoding="utf-8"))["metrics"]
    assert metrics["event_relation_identification"]["recall"] == 0.0
    assert metrics["event_identification"]["f1"] == 1.0
    agreement = tmp_path / "agreement.json"
    same = _invoke("eval", "agreement", str(gold), str(gold), "--out", str(agreement))
    assert same.exit_code == ExitCode.OK, same.output
    f1 = json.loads(agreement.read_text(encoding="utf-8"))["f1"]
    assert f1["event_relation_identification"]["f1"] == f1["event_relation_classification"]["f1"] == 1.0
    assert "event_relation_classification" in same.stdout


def test_agreement_without_shared_documents_exits_2(tmp_path: Path) -> None:
    gold, _ = _corpus(tmp_path, count=2)
    other = write_jsonl(tmp_path / "other.jsonl", list(generate_documents(1, seed=99, events=1)))
    text = other.read_text(encoding="utf-8").replace("synthetic-0000000", "another-document")
    other.write_text(text, encoding="utf-8")
    result = _invoke("eval", "agreement", str(gold), str(other))
    assert result.exit_code == ExitCode.UNUSABLE
    assert "have no document in common" in result.stderr


def test_help_lists_the_subcommands() -> None:
    result = _invoke("eval", "--help")
    assert result.exit_code == 0
    assert "compare" in result.output and "agreement" in result.output
