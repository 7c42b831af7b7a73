"""Benchmark: `parley corpus lint` over a corpus grown to 200 documents (and more) from the shipped one.

    .venv/bin/python benchmarks/corpus_lint.py [--documents 200] [--source FOLDER]

Writes copies of the shipped gold records under new ids into a temporary folder (not timed), then times reading
and validating them, and the checks alone. Target (issue 15): the whole run a few seconds at most for 200
documents on one core.
"""

import argparse
import json
import tempfile
import time
from pathlib import Path

from parley.corpus.lint import AnalysedDocument, lint_documents, lint_paths
from parley.resources import corpus_documents_dir, lint_allowlist_path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--source", type=Path, help="Folder of gold records to copy (default: the shipped corpus).")
    arguments = parser.parse_args()
    source: Path = arguments.source or corpus_documents_dir()
    shipped = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(source.glob("*.json"))]
    with tempfile.TemporaryDirectory(prefix="parley-lint-bench-") as folder:
        for number in range(arguments.documents):
            record = dict(shipped[number % len(shipped)])
            record["id"] = f"{record['id']}-copy{number // len(shipped)}"
            (Path(folder) / f"{record['id']}.json").write_text(json.dumps(record), encoding="utf-8")
        started = time.perf_counter()
        report = lint_paths([Path(folder)], allowlist=lint_allowlist_path())
        whole = time.perf_counter() - started
        documents = [
            AnalysedDocument(json.loads(p.read_text(encoding="utf-8")), str(p)) for p in Path(folder).glob("*.json")
        ]
        started = time.perf_counter()
        findings = lint_documents(documents)
        checks = time.perf_counter() - started
    print(
        f"{report.documents} documents, {len(findings)} findings: whole run (read, validate, check, allowlist) "
        f"{whole:.2f} s, checks alone {checks:.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
