"""The leaderboard: one row per system, read from the JSON reports `parley eval` writes.

Computing (`leaderboard_rows`) is separated from rendering (`leaderboard_table`, `leaderboard_markdown`); the
markdown lands between markers in `eval/README.md` so the README always carries the latest run.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rich.table import Table

BEGIN = "<!-- BEGIN LEADERBOARD (written by `parley eval leaderboard`) -->"
END = "<!-- END LEADERBOARD -->"


@dataclass(frozen=True)
class Score:
    value: float | None
    low: float | None = None
    high: float | None = None
    pairs: int | None = None
    """For an attribute accuracy: the aligned event pairs it is computed on (5 pairs at 1.000 say little)."""

    def text(self) -> str:
        count = "" if self.pairs is None else f" (n={self.pairs})"
        if self.value is None:
            return f"n/a{count}"
        if self.low is None or self.high is None:
            return f"{self.value:.3f}{count}"
        return f"{self.value:.3f} [{self.low:.3f}–{self.high:.3f}]{count}"


@dataclass(frozen=True)
class LeaderboardRow:
    system: str
    documents: int
    event_f1: Score
    """Event classification F1 (E-C), with its bootstrap interval."""
    argument_f1: Score
    """Argument classification F1 (A-C) in the headline (coreference-aware) mode."""
    polarity_accuracy: Score
    realis_accuracy: Score


def _metric(report: Mapping[str, Any], name: str) -> Score:
    metric = report["metrics"][name]
    interval = metric.get("f1_interval") or {}
    return Score(metric.get("f1"), interval.get("low"), interval.get("high"))


def _attribute(report: Mapping[str, Any], name: str) -> Score:
    attribute = report["metrics"]["attributes"][name]
    return Score(attribute.get("accuracy"), pairs=int(attribute["pairs"]))


def leaderboard_rows(reports: Iterable[Mapping[str, Any]]) -> list[LeaderboardRow]:
    """One row per report, best event F1 first; raises KeyError when a report lacks a required metric."""
    rows = [
        LeaderboardRow(
            system=str(report["system"]),
            documents=int(report["gold"]["documents"]),
            event_f1=_metric(report, "event_classification"),
            argument_f1=_metric(report, "argument_classification"),
            polarity_accuracy=_attribute(report, "polarity"),
            realis_accuracy=_attribute(report, "realis"),
        )
        for report in reports
    ]
    return sorted(rows, key=lambda row: (-(row.event_f1.value or 0.0), row.system))


_HEADER = [
    "system",
    "documents",
    "event F1 (E-C)",
    "argument F1 (A-C)",
    "polarity acc. (aligned pairs)",
    "realis acc. (aligned pairs)",
]


def _cells(row: LeaderboardRow) -> list[str]:
    return [
        row.system,
        str(row.documents),
        row.event_f1.text(),
        row.argument_f1.text(),
        row.polarity_accuracy.text(),
        row.realis_accuracy.text(),
    ]


def leaderboard_table(rows: list[LeaderboardRow], *, title: str = "Leaderboard") -> Table:
    table = Table(title=title)
    for index, name in enumerate(_HEADER):
        table.add_column(name, justify="left" if index == 0 else "right", no_wrap=True)
    for row in rows:
        table.add_row(*_cells(row))
    return table


def leaderboard_markdown(rows: list[LeaderboardRow], *, caption: str) -> str:
    lines = [
        "| " + " | ".join(_HEADER) + " |",
        "|---|" + "---:|" * (len(_HEADER) - 1),
        *("| " + " | ".join(_cells(row)) + " |" for row in rows),
        "",
        caption,
    ]
    return "\n".join(lines)


def with_leaderboard(readme: str, markdown: str) -> str:
    """`readme` with the block between the leaderboard markers replaced by `markdown`."""
    block = f"{BEGIN}\n{markdown}\n{END}"
    replaced, count = re.subn(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, readme, flags=re.DOTALL)
    if count != 1:
        raise ValueError("the README must hold exactly one leaderboard block")
    return replaced


OVERALL = "all types"


@dataclass(frozen=True)
class TypeScore:
    """Event-classification F1 of one event type (or of all types) with its interval and gold count."""

    label: str
    gold: int
    f1: float
    low: float | None
    high: float | None


def per_type_scores(report: Mapping[str, Any]) -> list[TypeScore]:
    """The per-type F1 of one report, most frequent gold type first (then by name)."""
    per_label = report["metrics"]["event_classification"]["per_label"] or {}
    scores = [
        TypeScore(
            label,
            int(score["gold"]),
            float(score["f1"] or 0.0),
            (score["f1_interval"] or {}).get("low"),
            (score["f1_interval"] or {}).get("high"),
        )
        for label, score in per_label.items()
    ]
    return sorted(scores, key=lambda score: (-score.gold, score.label))


def leaderboard_type_scores(
    reports: Iterable[Mapping[str, Any]],
) -> tuple[list[tuple[str, int]], dict[str, list[TypeScore]]]:
    """For a figure comparing systems: the groups (all types first, then each type by gold count, with its gold
    count), and per system (in leaderboard order) its score in each group (0 where it has none)."""
    ranked = sorted(reports, key=lambda report: (-(report["metrics"]["event_classification"]["f1"] or 0.0),
                                                 str(report["system"])))  # fmt: skip
    gold: dict[str, int] = {}
    for report in ranked:
        for score in per_type_scores(report):
            gold[score.label] = max(gold.get(score.label, 0), score.gold)
    types = sorted(gold.items(), key=lambda item: (-item[1], item[0]))
    systems: dict[str, list[TypeScore]] = {}
    for report in ranked:
        overall = _metric(report, "event_classification")
        total = int(report["metrics"]["event_classification"]["gold"])
        by_type = {score.label: score for score in per_type_scores(report)}
        systems[str(report["system"])] = [
            TypeScore(OVERALL, total, overall.value or 0.0, overall.low, overall.high),
            *(by_type.get(label, TypeScore(label, count, 0.0, None, None)) for label, count in types),
        ]
    total_gold = max((scores[0].gold for scores in systems.values()), default=0)
    return [(OVERALL, total_gold), *types], systems
