"""Showing results: rich tables for the terminal and PNG plots (matplotlib, Agg). Nothing here computes scores."""

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure
from rich.table import Table

from parley.eval.agreement import Agreement
from parley.eval.leaderboard import TypeScore, leaderboard_type_scores, per_type_scores
from parley.eval.report import Comparison, Report

PER_TYPE_PLOT = "per_type_f1.png"
CONFUSION_PLOT = "type_confusion.png"


def _interval_text(interval: Any) -> str:
    return "" if interval is None else f"{interval['low']:.3f}–{interval['high']:.3f}"


def _count(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def _score_cells(score: dict[str, Any], reference: str, compared: str) -> list[str]:
    """P, R, F1, its interval and the counts behind them (`reference` and `compared` name the two count keys)."""
    return [
        f"{score['precision']:.3f}",
        f"{score['recall']:.3f}",
        f"{score['f1']:.3f}",
        _interval_text(score["f1_interval"]),
        _count(score[reference]),
        _count(score[compared]),
        _count(score["matched"]),
    ]


def metrics_table(report: Report) -> Table:
    """Every metric and mode: P, R, F1 with its interval, and the counts behind them."""
    data = report.to_json()
    confidence = round(data["options"]["confidence"] * 100)
    table = Table(
        title=f"{data['system']} on {data['gold']['documents']} document(s), split {data['options']['split']}"
    )
    for column in ("metric", "mode", "P", "R", "F1", f"F1 {confidence}% CI", "gold", "pred", "matched"):
        table.add_column(column, justify="left" if column in ("metric", "mode") else "right", no_wrap=True)
    for family, metric in data["metrics"].items():
        if not isinstance(metric, dict) or "f1" not in metric:
            continue
        modes = metric["modes"] or {"": metric}
        for position, (mode, score) in enumerate(modes.items()):
            headline = mode == (metric["mode"] or "")
            table.add_row(
                family if position == 0 else "",
                f"{mode}{' *' if headline and mode else ''}",
                *_score_cells(score, "gold", "predicted"),
            )
    table.caption = (
        f"* headline mode · hallucination rate {data['metrics']['hallucination_rate']:.3f} · "
        f"parse failure rate {data['metrics']['parse_failure_rate']:.3f} · "
        f"{data['input_problems']['count']} input problem(s)"
    )
    return table


def attributes_table(report: Report) -> Table:
    """Polarity and realis agreement on the identification-aligned event pairs, under their own headings."""
    table = Table(title=f"{report.system}: event attributes on aligned event pairs")
    for column in ("attribute", "accuracy", "kappa", "aligned pairs"):
        table.add_column(column, justify="left" if column == "attribute" else "right", no_wrap=True)
    for attribute, score in report.to_json()["metrics"]["attributes"].items():
        accuracy = "-" if score["accuracy"] is None else f"{score['accuracy']:.3f}"
        kappa = "-" if score["kappa"] is None else f"{score['kappa']:.3f}"
        table.add_row(attribute, accuracy, kappa, str(score["pairs"]))
    return table


def comparison_table(comparison: Comparison) -> Table:
    data = comparison.to_json()
    table = Table(title=f"{data['systems']['b']} minus {data['systems']['a']} (paired bootstrap, F1)")
    for column in ("metric", "A", "B", "B - A", "CI", "p"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for metric, difference in data["differences"].items():
        table.add_row(
            metric,
            f"{difference['a']:.3f}",
            f"{difference['b']:.3f}",
            f"{difference['difference']:+.3f}",
            _interval_text(difference["interval"]),
            f"{difference['p_value']:.4f}",
        )
    return table


def _value(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _f1_rows(table: Table, scores: dict[str, Any]) -> None:
    for name, score in scores.items():
        table.add_row(name, *_score_cells(score, "a", "b"))


def _f1_table(title: str, first: str, scores: dict[str, Any]) -> Table:
    table = Table(title=title)
    for column in (first, "P (of B)", "R (of A)", "F1", "F1 CI", "A", "B", "matched"):
        table.add_column(column, justify="left" if column == first else "right", no_wrap=True)
    _f1_rows(table, scores)
    return table


def agreement_tables(result: Agreement) -> list[Table]:
    """The agreement report: F1 of B against A per metric, kappa and alpha over the union of events, the old
    aligned-pair kappas, and the per-type, per-role and per-relation-type F1 tables (nothing computed here)."""
    data = result.to_json()
    counts = data["counts"]
    names = {side: ", ".join(data["annotators"][side]["names"]) or data["annotators"][side]["source"] for side in "ab"}
    confidence = round(data["options"]["confidence"] * 100)
    tables = [
        _f1_table(
            f"Agreement of B ({names['b']}) with A ({names['a']}) over {counts['documents']} document(s); "
            f"{confidence}% bootstrap intervals",
            "metric",
            data["f1"],
        )
    ]
    union = Table(
        title=f"Agreement over the union of events ({counts['union_events']} units: {counts['aligned_events']} "
        f"aligned pairs, {counts['union_events'] - counts['aligned_events']} events of one annotator only)"
    )
    for column in ("measure", "units", "observed", "kappa", "kappa CI", "alpha", "alpha CI"):
        union.add_column(column, justify="left" if column == "measure" else "right", no_wrap=True)
    for measure, figure in data["union"].items():
        union.add_row(
            measure,
            str(figure["units"]),
            _value(figure["observed_agreement"]),
            _value(figure["kappa"]),
            _interval_text(figure["kappa_interval"]),
            _value(figure["alpha"]),
            _interval_text(figure["alpha_interval"]),
        )
    tables.append(union)
    aligned = Table(title="Kappa on aligned event pairs only (overstates: a missed event does not count)")
    aligned.add_column("measure")
    aligned.add_column("kappa", justify="right")
    for name, value in data["aligned_pairs"].items():
        aligned.add_row(name, _value(value))
    tables.append(aligned)
    if counts["disagreements"]:
        kinds = Table(title="Disagreements by kind (--disagreements FILE lists them)")
        kinds.add_column("kind")
        kinds.add_column("number", justify="right")
        for kind, number in counts["disagreements"].items():
            kinds.add_row(kind, str(number))
        tables.append(kinds)
    for key, title, first in (
        ("per_event_type", "Event classification F1 per event type", "event type"),
        ("per_role", "Argument classification F1 per role (coreference mode)", "role"),
        ("per_relation_type", "Event relation classification F1 per relation type", "relation type"),
    ):
        if data[key]:
            tables.append(_f1_table(title, first, data[key]))
    return tables


def _said(value: Any) -> str:
    if value is None:
        return "(nothing)"
    if isinstance(value, dict) and "text" in value:
        return f"{value['text']!r}"
    if isinstance(value, dict) and "event_type" in value and "trigger" in value:
        return f"{value['event_type']} {_said(value['trigger'])}"
    if isinstance(value, dict):
        parts = [f"{key}={_said(item)}" for key, item in value.items() if item is not None]
        return ", ".join(parts)
    if isinstance(value, list):
        return "; ".join(_said(item) for item in value)
    return str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def disagreements_markdown(found: list[dict[str, Any]]) -> str:
    """The disagreements as Markdown, one table per document, for the people classifying them."""
    lines = ["# Disagreements", "", f"{len(found)} disagreement(s).", "", "| kind | number |", "|---|---|"]
    lines += [f"| {kind} | {number} |" for kind, number in sorted(Counter(item["kind"] for item in found).items())]
    lines.append("")
    for document, group in groupby(found, key=lambda item: item["document"]):
        items = list(group)
        a_names = ", ".join(items[0]["a"]["annotators"]) or "A"
        b_names = ", ".join(items[0]["b"]["annotators"]) or "B"
        lines += [f"## {document}", "", f"| kind | span | A ({a_names}) | B ({b_names}) |", "|---|---|---|---|"]
        for item in items:
            span = item["span"]
            where = "-" if span is None else f"{span['start']}-{span['end']} {span['text']!r}"
            said_a, said_b = _said(item["a"]["said"]), _said(item["b"]["said"])
            lines.append(f"| {item['kind']} | {_cell(where)} | {_cell(said_a)} | {_cell(said_b)} |")
        lines.append("")
    return "\n".join(lines)


PALETTE = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c", "#ccb974")
"""One colour per system in the leaderboard figure (seaborn's muted palette)."""
ZERO_MARK_HEIGHT = 0.012
"""A zero F1 is drawn as a thin dark bar of this height, so it reads as "scored 0", not "missing"."""


def _interval_errors(scores: list[TypeScore]) -> npt.NDArray[np.float64]:
    """Error bar lengths (below, above) around each F1; no bar where there is no interval."""
    values = np.array([score.f1 for score in scores], dtype=np.float64)
    low = np.array([values[i] if s.low is None else s.low for i, s in enumerate(scores)], dtype=np.float64)
    high = np.array([values[i] if s.high is None else s.high for i, s in enumerate(scores)], dtype=np.float64)
    errors: npt.NDArray[np.float64] = np.vstack([values - low, high - values]).clip(min=0)
    return errors


def _bars(axes: Any, positions: Any, scores: list[TypeScore], *, width: float, colour: str, label: str | None) -> None:
    """F1 bars with their intervals, a value label on each, and a visible mark for a zero."""
    values = np.array([score.f1 for score in scores], dtype=np.float64)
    axes.bar(positions, values, width=width, color=colour, label=label, yerr=_interval_errors(scores),
             capsize=2, error_kw={"elinewidth": 0.8, "ecolor": "#333333"})  # fmt: skip
    zero = values == 0
    if zero.any():
        axes.bar(np.asarray(positions)[zero], ZERO_MARK_HEIGHT, width=width, color="#222222")
    # The value sits above the interval's upper end, where no error bar crosses it.
    tops = values + _interval_errors(scores)[1]
    for position, value, top in zip(positions, values, tops, strict=True):
        axes.text(position, max(top, ZERO_MARK_HEIGHT) + 0.015, f"{value:.2f}", ha="center", va="bottom", fontsize=7)


def per_type_f1_figure(report: Report) -> Figure:
    """Event-classification F1 per event type, most frequent gold type first: bars with bootstrap intervals,
    each labelled with its value, the gold count under each type, a dark mark for a zero."""
    scores = per_type_scores(report.to_json())
    figure, axes = plt.subplots(figsize=(max(6.0, 0.9 * len(scores) + 1.5), 4.5))
    positions = np.arange(len(scores))
    _bars(axes, positions, scores, width=0.7, colour="#4c72b0", label=None)
    axes.set_xticks(positions, [f"{score.label}\n(n={score.gold})" for score in scores], fontsize=8)
    axes.set_ylim(0, 1.12)
    axes.set_ylabel("F1 (event classification)")
    axes.set_xlabel("event type (n = gold events)")
    axes.set_title(f"{report.system}: F1 per event type, {_confidence(report.to_json())} bootstrap intervals")
    figure.tight_layout()
    return figure


def _confidence(report: Mapping[str, Any]) -> str:
    return f"{round(report['options']['confidence'] * 100)}%"


def plot_per_type_f1(report: Report, path: Path) -> Path:
    """Write `per_type_f1_figure` as a PNG."""
    return _save(per_type_f1_figure(report), path)


def leaderboard_figure(reports: Sequence[Mapping[str, Any]]) -> Figure:
    """All systems side by side per event type (and overall), F1 with bootstrap intervals, in one figure."""
    types, systems = leaderboard_type_scores(reports)
    count = max(len(systems), 1)
    width = 0.8 / count
    figure, axes = plt.subplots(figsize=(max(7.0, (0.3 * count + 0.5) * len(types) + 1.5), 5))
    positions = np.arange(len(types))
    for index, (system, scores) in enumerate(systems.items()):
        offset = (index - (count - 1) / 2) * width
        _bars(axes, positions + offset, scores, width=width, colour=PALETTE[index % len(PALETTE)], label=system)
    axes.set_xticks(positions, [f"{label}\n(n={gold})" for label, gold in types], fontsize=8)
    axes.axvline(0.5, color="#999999", linestyle=":", linewidth=1)  # all types | each type
    axes.set_ylim(0, 1.15)
    axes.set_ylabel("F1 (event classification)")
    axes.set_xlabel("event type (n = gold events)")
    axes.set_title("Event F1 per type, every system, with bootstrap intervals")
    axes.legend(loc="upper right", fontsize=8)
    figure.tight_layout()
    return figure


def plot_leaderboard(reports: Sequence[Mapping[str, Any]], path: Path) -> Path:
    """Write `leaderboard_figure` as a PNG."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return _save(leaderboard_figure(reports), path)


def _save(figure: Figure, path: Path) -> Path:
    # No timestamp or software version in the PNG: the same scores give the same bytes (`make run` is reproducible).
    figure.savefig(path, dpi=120, metadata={"Software": None})
    plt.close(figure)
    return path


def plot_confusion(report: Report, path: Path) -> Path:
    """The event-type confusion matrix of the identification alignment (with missed and spurious events)."""
    labels = report.confusion["labels"]
    matrix = np.array(report.confusion["matrix"])
    keep = [i for i in range(len(labels)) if matrix[i].any() or matrix[:, i].any()] or list(range(len(labels)))
    matrix = matrix[np.ix_(keep, keep)]
    shown = [labels[i] for i in keep]
    figure, axes = plt.subplots(figsize=(0.6 * len(shown) + 3, 0.6 * len(shown) + 2.5))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(shown)), shown, rotation=60, ha="right")
    axes.set_yticks(range(len(shown)), shown)
    axes.set_xlabel("predicted type")
    axes.set_ylabel("gold type")
    for (row, column), value in np.ndenumerate(matrix):
        if value:
            colour = "white" if value > matrix.max() / 2 else "black"
            axes.text(column, row, str(value), ha="center", va="center", fontsize=8, color=colour)
    axes.set_title(f"{report.system}: event type confusion")
    figure.tight_layout()
    return _save(figure, path)


def write_plots(report: Report, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [plot_per_type_f1(report, folder / PER_TYPE_PLOT), plot_confusion(report, folder / CONFUSION_PLOT)]
