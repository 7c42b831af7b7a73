"""Benchmark: the shipped baselines and the runner on generated documents.

Measures training the learned baseline, each baseline's documents per second through the runner (validation,
one fsync'd line per document included), and the size of the model file. No target is asserted; the numbers go
in the report of issue 7.

    .venv/bin/python benchmarks/systems_speed.py [--documents 200] [--train 200]
"""

import argparse
import tempfile
import time
from pathlib import Path

from parley.corpus.synthetic import generate_documents
from parley.systems import learned
from parley.systems.interface import input_document
from parley.systems.lexicon import lexicon_system
from parley.systems.runner import run_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200, help="documents to predict (about 3,000 characters)")
    parser.add_argument("--train", type=int, default=200, help="generated documents to train on")
    options = parser.parse_args()
    training = list(generate_documents(options.train, seed=1))
    documents = [input_document(document) for document in generate_documents(options.documents, seed=2)]
    started = time.perf_counter()
    model = learned.train(training)
    trained = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        model_path = Path(folder) / "model.json"
        learned.save(model, model_path)
        print(f"train on {options.train} documents: {trained:.2f} s, model file {model_path.stat().st_size:,} bytes")
        for name, system in (("lexicon", lexicon_system), ("sklearn", model)):
            out = Path(folder) / f"{name}.jsonl"
            started = time.perf_counter()
            run_system(system, documents, out, name=name, progress=False)
            elapsed = time.perf_counter() - started
            print(f"{name}: {len(documents)} documents in {elapsed:.2f} s, {len(documents) / elapsed:.1f} documents/s")


if __name__ == "__main__":
    main()
