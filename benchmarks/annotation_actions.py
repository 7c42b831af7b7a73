"""Benchmark: UI actions an annotator needs in Label Studio, before and after keys and defaults.

    .venv/bin/python benchmarks/annotation_actions.py

Counts, with `parley.annotation.gestures`, the actions (clicks, double-clicks, key presses) of the two paths over
the 10-event practice document the browser test annotates (`tests/annotation/test_annotator_path.py`, which
performs the documented path in Chromium and checks it used exactly this count) and over the shipped corpus:

- before: coreference drawn as `same-entity`/`same-event` relations, every arrow labelled through its "..." menu
  (3 clicks), polarity and realis clicked on every event;
- after: coreference by key (mentions of one type with the same text need none), unlabelled arrows taking their
  default role, attributes clicked only when not the default.

Target: at most half the actions per argument, and no action on coreference beyond typing a key.
"""

from parley.annotation.gestures import ActionCount, count_actions, practice_document
from parley.corpus.loading import load_documents
from parley.schema.records import Document


def _line(name: str, count: ActionCount) -> str:
    kinds = ", ".join(f"{kind} {value}" for kind, value in sorted(count.actions.items()))
    return (
        f"  {name:6}: {count.total:5} actions, {count.per_event():5.1f} per event, {count.per_argument():4.1f} per "
        f"argument; {kinds}"
    )


def _summed(documents: list[Document], *, before: bool) -> ActionCount:
    total = ActionCount()
    for document in documents:
        count = count_actions(document, before=before)
        total.events += count.events
        total.arguments += count.arguments
        for kind, value in count.actions.items():
            total.add(kind, value)
    return total


def main() -> int:
    practice = practice_document(10)
    corpus = load_documents()
    for name, documents in (
        ("practice document, 10 events x 3 arguments", [practice]),
        (f"corpus, {len(corpus)} documents", corpus),
    ):
        before, after = _summed(documents, before=True), _summed(documents, before=False)
        print(f"{name} ({before.events} events, {before.arguments} arguments):")
        print(_line("before", before))
        print(_line("after", after))
        ratio = after.per_argument() / before.per_argument()
        print(f"  per argument after/before: {ratio:.2f} (target at most 0.50)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
