"""How fast `parley validate` reads a large JSON Lines file, and how much memory it holds.

Generated gold documents (parley.corpus.synthetic, about 8 events each) are written as one JSONL file; then, each
in a fresh process so that peak memory is its own:

- parse: the strict reader alone (`parley.reading`), every line parsed, nothing checked;
- validate: `parley validate FILE` as shipped: lines streamed one at a time, read with orjson when that certainly
  gives what the strict reader gives and checked by the evaluation's pre-check (`parley.eval.fast_read.StreamReader`),
  the strict reader and jsonschema only for records they cannot vouch for;
- pre-check (before issue 21): the same stream read by the strict reader, each record through the pre-check
  (`parley.eval.check.record_problems`);
- full-schema: the same stream with every record through jsonschema (`iter_problems`), for comparison;
- held (before issue 11): `validate_paths`, which holds every record in memory and runs jsonschema on each.

Prints one line per step: seconds, peak resident memory, documents per second. Timings are reported, never
asserted. Run: `.venv/bin/python benchmarks/validate_speed.py [--documents 22271] [--chars 6000]`.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from parley.corpus.synthetic import generate_documents

STEPS = ("parse", "validate", "pre-check", "full-schema", "held")


def write_file(path: Path, documents: int, chars: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for document in generate_documents(documents, seed=0, events=8, target_chars=chars):
            handle.write(json.dumps(document, ensure_ascii=False) + "\n")


def _child(step: str, path: Path) -> None:
    from parley.reading import open_lines, parse_json
    from parley.schema.files import ValidationCounts, stream_validation, validate_paths
    from parley.schema.validation import iter_problems

    started = time.perf_counter()
    problems = 0
    if step == "parse":
        for _, raw in open_lines(path):
            assert isinstance(raw, bytes)
            parse_json(raw)
    elif step == "validate":
        from parley.eval.fast_read import StreamReader

        reader = StreamReader("gold")
        stream = stream_validation([path], "gold", ValidationCounts(), check=reader.check, parse=reader.parse)
        problems = sum(1 for _ in stream)
    elif step == "pre-check":
        from parley.eval.check import record_problems

        problems = sum(1 for _ in stream_validation([path], "gold", ValidationCounts(), check=record_problems))
    elif step == "full-schema":
        problems = sum(1 for _ in stream_validation([path], "gold", ValidationCounts(), check=iter_problems))
    else:
        problems = len(validate_paths([path], "gold").problems)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "problems": problems}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=22271, help="documents in the file (the issue's: 22,271)")
    parser.add_argument("--chars", type=int, default=6000, help="target characters of text per document")
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument("--child", nargs=2, metavar=("STEP", "FILE"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        _child(arguments.child[0], Path(arguments.child[1]))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gold.jsonl"
        write_file(path, arguments.documents, arguments.chars)
        size_mb = path.stat().st_size / 1e6
        print(f"{arguments.documents} documents, {size_mb:.0f} MB of JSONL")
        for step in arguments.steps:
            command = [sys.executable, __file__, "--child", step, str(path)]
            result = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
            rate = arguments.documents / result["seconds"]
            print(
                f"{step:>12}: {result['seconds']:7.1f} s, peak {result['peak_mb']:6.0f} MB, {rate:7.0f} documents/s, "
                f"{result['problems']} problem(s)"
            )


if __name__ == "__main__":
    main()
