"""Where the time of scoring one prediction goes: microseconds a document for each step of `parley eval`, against
the `json` parse the ratio of issue 21 is taken to.

Generates the documents `eval_scaling.py` generates (gold and perturbed predictions), checks the gold once (as the
gold cache keeps it), then for every prediction line times each step on its own, in the order `score_run` runs
them: reading and checking the line, thawing the gold view, checking the offsets, grounding, the five scorers and
the count row. The cyclic garbage collector is off while timing, so each step is charged its own cost only.

Prints one line per step, their sum, and the floor: `json.loads` of the document's gold and prediction lines (the
ratio's denominator) and `orjson.loads` of the prediction line alone (what reading it cannot go below). With the
gold cached, a ratio of 3 leaves three times the `json` floor for all the steps together, less the run's fixed
costs (importing the scorer, loading the cached gold, the bootstrap and the report: `eval_scaling.py` prints them).
Run: `.venv/bin/python benchmarks/eval_stages.py [--documents 10000]`.
"""

import argparse
import gc
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from eval_scaling import write_files

STEPS = (
    "read and check the line",
    "thaw the gold view",
    "check the offsets",
    "ground",
    "score triggers",
    "align events",
    "score events",
    "score arguments",
    "score event relations",
    "count row",
)


def _per_document(seconds: float, documents: int) -> str:
    return f"{seconds / documents * 1e6:8.1f} us"


def _time_lines(lines: list[bytes], parse: Callable[[bytes], Any]) -> float:
    start = time.perf_counter()
    for line in lines:
        parse(line)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="parley-eval-stages-") as folder:
        os.environ["PARLEY_GOLD_CACHE"] = str(Path(folder) / "gold-cache")
        from parley.eval.count import layout
        from parley.eval.ground import ground_record
        from parley.eval.read_gold import load_gold
        from parley.eval.read_predictions import offset_problems, open_prediction_file, parse_line
        from parley.eval.score_document import (
            DocumentScore,
            align_events,
            score_arguments,
            score_events,
            score_relations,
            score_triggers,
        )

        gold_path, predictions_path = write_files(Path(folder), arguments.documents)
        gold = load_gold(gold_path, split="all")
        raw_lines = list(open_prediction_file(predictions_path).raw_lines)
        seconds = dict.fromkeys(STEPS, 0.0)
        row_layout = layout()
        gc.disable()
        for raw in raw_lines:
            clock = time.perf_counter()

            def step(name: str) -> None:
                nonlocal clock
                now = time.perf_counter()
                seconds[name] += now - clock
                clock = now

            line = parse_line(raw)
            step(STEPS[0])
            view = gold.view(line.document or "")
            step(STEPS[1])
            offset_problems(line, view.text)
            step(STEPS[2])
            predicted = ground_record(line.record, view.text).document
            step(STEPS[3])
            score = DocumentScore()
            score_triggers(view, predicted, score)
            step(STEPS[4])
            identified, classified = align_events(view, predicted)
            step(STEPS[5])
            score_events(view, predicted, identified, classified, score)
            step(STEPS[6])
            score_arguments(view, predicted, identified, classified, score)
            step(STEPS[7])
            score_relations(view, predicted, identified, score)
            step(STEPS[8])
            row_layout.row(score)
            step(STEPS[9])
        gold_lines = gold_path.read_bytes().splitlines()
        prediction_lines = predictions_path.read_bytes().splitlines()
        json_floor = _time_lines(gold_lines, json.loads) + _time_lines(prediction_lines, json.loads)
        orjson_floor = _time_lines(prediction_lines, orjson.loads)
        gc.enable()
    documents = len(raw_lines)
    print(f"{documents} documents, gold cached, one step at a time (microseconds a document):")
    for name, spent in seconds.items():
        print(f"  {name:<24}{_per_document(spent, documents)}")
    print(f"  {'all steps':<24}{_per_document(sum(seconds.values()), documents)}")
    print(
        f"  {'json floor (both lines)':<24}{_per_document(json_floor, documents)}"
        f"  (x3: {_per_document(3 * json_floor, documents).strip()})"
    )
    print(f"  {'orjson, prediction line':<24}{_per_document(orjson_floor, documents)}")


if __name__ == "__main__":
    main()
