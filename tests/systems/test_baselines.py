"""The two baselines: schema-valid on every document, the learned one trained, saved and loaded faithfully."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from parley.cli import main
from parley.corpus import load_documents
from parley.schema.records import Document
from parley.schema.validation import validate_record
from parley.systems import learned
from parley.systems.candidates import analyse
from parley.systems.interface import input_document
from parley.systems.lexicon import lexicon_system
from parley.systems.linear import LinearModel, ModelFormatError, fit
from parley.systems.registry import SystemSetupError, load_model
from tests.systems.helpers import generated, write_gold

GOLDEN = Path(__file__).resolve().parent / "golden" / "candidates.json"


@pytest.fixture(scope="module")
def model() -> learned.LearnedBaseline:
    return learned.train(generated(30, seed=1))


@pytest.fixture(scope="module")
def corpus_model() -> learned.LearnedBaseline:
    return learned.train(load_documents())


def _documents() -> list[Document]:
    return [*load_documents(), *generated(10, seed=7), *generated(5, seed=8, exotic=True)]


def test_the_lexicon_baseline_is_valid_on_every_document() -> None:
    for document in _documents():
        prediction = lexicon_system(input_document(document))
        assert validate_record(prediction, "prediction") == [], document["id"]
        assert prediction["id"] == document["id"]


def test_the_learned_baseline_is_valid_on_every_document(model: learned.LearnedBaseline) -> None:
    for document in _documents():
        prediction = model(input_document(document))
        assert validate_record(prediction, "prediction") == [], document["id"]


def test_the_learned_baseline_is_valid_when_trained_on_the_corpus(corpus_model: learned.LearnedBaseline) -> None:
    for document in load_documents():
        assert validate_record(corpus_model(input_document(document)), "prediction") == [], document["id"]


def test_the_baselines_find_events_in_the_corpus(corpus_model: learned.LearnedBaseline) -> None:
    corpus = load_documents()
    assert all(lexicon_system(input_document(document))["events"] for document in corpus)
    assert sum(len(corpus_model(input_document(document))["events"]) for document in corpus) > len(corpus)


def test_the_learned_baseline_learns_its_training_triggers(model: learned.LearnedBaseline) -> None:
    document = generated(1, seed=99)[0]
    predicted = {(event["type"], event["triggers"][0]["start"]) for event in model(input_document(document))["events"]}
    gold = {(event["type"], event["triggers"][0]["start"]) for event in document["events"]}
    assert len(predicted & gold) >= len(gold) // 2


def test_a_saved_model_predicts_what_the_trained_one_does(model: learned.LearnedBaseline, tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    learned.save(model, path)
    loaded = learned.load(path)
    assert loaded.fingerprint == model.fingerprint
    for document in generated(3, seed=5):
        assert loaded(input_document(document)) == model(input_document(document))


def test_linear_probabilities_match_scikit_learn() -> None:
    rng = np.random.default_rng(0)
    examples = [[f"f{value}" for value in rng.choice(20, size=4, replace=False)] for _ in range(120)]
    for labels in (["a", "b"], ["a", "b", "c"]):
        targets = [labels[int(example[0][1:]) % len(labels)] for example in examples]
        ours = fit(examples, targets)
        columns = sorted(ours.features, key=lambda name: ours.features[name])
        matrix = csr_matrix([[1.0 if name in example else 0.0 for name in columns] for example in examples])
        reference = LogisticRegression(max_iter=2000).fit(matrix, targets)
        expected = reference.predict_proba(matrix)
        for row, example in enumerate(examples):
            got = ours.probabilities(example)
            assert [got[label] for label in reference.classes_] == pytest.approx(list(expected[row]), abs=1e-6)


def test_a_single_class_is_a_constant_model() -> None:
    constant = fit([["a"], ["b"]], ["positive", "positive"])
    assert constant.predict(["anything"]) == "positive"
    assert LinearModel.from_json(json.loads(json.dumps(constant.to_json()))).predict([]) == "positive"


@pytest.mark.parametrize(
    "content",
    ["not json", '{"format": "something-else"}', '{"format": "parley-sklearn-baseline/1", "classifiers": {}}'],
)
def test_a_foreign_model_file_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelFormatError):
        learned.load(path)
    with pytest.raises(SystemSetupError, match="not a model `parley train` wrote"):
        load_model(path)


def test_no_training_events_is_refused() -> None:
    documents = generated(2)
    for document in documents:
        document["events"] = []
    with pytest.raises(learned.NoTrainingEventsError):
        learned.train(documents)


def test_run_without_a_model_names_parley_train_and_trains_nothing(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold", generated(6, seed=2))
    model_path = tmp_path / "models" / "baseline.json"
    out = tmp_path / "preds.jsonl"
    arguments = ["run", "--system", "sklearn", "--gold", str(gold), "--split", "all", "--model", str(model_path)]
    result = CliRunner().invoke(main, [*arguments, "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"parley: error: {model_path}: no trained model; run `parley train --model {model_path}` first (add --gold G)\n"
    )
    assert not model_path.exists() and not out.exists()


def test_run_uses_the_saved_model_as_it_is_and_the_report_says_what_it_was_trained_on(tmp_path: Path) -> None:
    """A model trained on other documents is used, never retrained or overwritten; the run says so."""
    trained_on = write_gold(tmp_path / "trained-on", generated(12, seed=2))
    model_path = tmp_path / "model.json"
    runner = CliRunner()
    assert runner.invoke(main, ["train", "--gold", str(trained_on), "--model", str(model_path)]).exit_code == 0
    saved = model_path.read_bytes()
    fingerprint = learned.load(model_path).fingerprint
    other = write_gold(tmp_path / "other", generated(3, seed=9))
    out = tmp_path / "preds.jsonl"
    arguments = ["run", "--system", "sklearn", "--gold", str(other), "--split", "all", "--model", str(model_path)]
    ran = runner.invoke(main, [*arguments, "--out", str(out), "--no-progress"])
    assert ran.exit_code == 0, ran.output
    assert model_path.read_bytes() == saved
    assert f"using {model_path}, trained on " in ran.stderr
    assert f"({'sha256:' + fingerprint})" in ran.stderr
    assert f"{model_path} was not trained on the train split of {other}" in ran.stderr
    report_path = tmp_path / "report.json"
    scored = runner.invoke(
        main, ["eval", "--gold", str(other), "--split", "all", "--pred", str(out), "--out", str(report_path)]
    )
    assert scored.exit_code == 0, scored.output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["system_details"] == {
        "model": str(model_path),
        "trained_on": f"sha256:{fingerprint}",
        "training_documents": learned.load(model_path).documents,
    }


@pytest.mark.parametrize("content", ["{not json", '{"system": "sklearn", "details": []}'])
def test_damaged_system_details_are_one_line_and_exit_2(tmp_path: Path, content: str) -> None:
    gold = write_gold(tmp_path / "gold", generated(2, seed=2))
    out = tmp_path / "preds.jsonl"
    ran = CliRunner().invoke(
        main, ["run", "--system", "lexicon", "--gold", str(gold), "--split", "all", "--out", str(out)]
    )
    assert ran.exit_code == 0, ran.output
    sidecar = tmp_path / "preds.system.json"
    assert json.loads(sidecar.read_text(encoding="utf-8")) == {"system": "lexicon", "details": {}}
    sidecar.write_text(content, encoding="utf-8")
    scored = CliRunner().invoke(main, ["eval", "--gold", str(gold), "--split", "all", "--pred", str(out)])
    assert scored.exit_code == 2
    assert scored.stderr.startswith(f"parley: error: {sidecar}: ")
    assert scored.stderr.count("\n") == 1


def test_parley_train_then_run(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold", generated(40, seed=4))
    model_path = tmp_path / "model.json"
    runner = CliRunner()
    trained = runner.invoke(main, ["train", "--gold", str(gold), "--model", str(model_path)])
    assert trained.exit_code == 0, trained.output
    assert f"-> {model_path}" in trained.stdout
    out = tmp_path / "preds.jsonl"
    arguments = ["run", "--system", "sklearn", "--gold", str(gold), "--model", str(model_path), "--out", str(out)]
    ran = runner.invoke(main, [*arguments, "--no-progress"])
    assert ran.exit_code == 0, ran.output
    assert "was not trained on the train split" not in ran.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and all(validate_record(json.loads(line), "prediction") == [] for line in lines)


def test_parley_train_without_training_events_is_one_line_and_exit_2(tmp_path: Path) -> None:
    documents = generated(6)
    for document in documents:
        document["events"] = []
    gold = write_gold(tmp_path / "gold", documents)
    result = CliRunner().invoke(main, ["train", "--gold", str(gold), "--model", str(tmp_path / "m.json")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"parley: error: the train split of {gold} has no events")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "m.json").exists()


def test_candidates_golden_cases() -> None:
    for case in json.loads(GOLDEN.read_text(encoding="utf-8")):
        found = [[c.text, c.type, c.normalized] for c in analyse(case["text"], case["date"]).candidates]
        assert found == case["candidates"], case["text"]


def test_training_gives_the_same_model_whatever_the_string_hash_seed(tmp_path: Path) -> None:
    """`make run` retrains; its committed results stay byte-identical only if training is deterministic."""
    gold = write_gold(tmp_path / "gold", generated(20, seed=3))
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from parley.corpus import load_documents\nfrom parley.systems import learned\n"
        "learned.save(learned.train(load_documents([Path(sys.argv[1])])), Path(sys.argv[2]))\n"
    )
    models = []
    for seed in ("1", "2"):
        out = tmp_path / f"model-{seed}.json"
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(gold), str(out)], check=True, env=environment)
        models.append(out.read_bytes())
    assert models[0] == models[1]
