"""Showing results: rich tables for the terminal and PNG plots (matplotlib, Agg). Nothing here computes scores."""

from collections.abc import Mapping, Sequence
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
                f"{score['precision']:.3f}",
                f"{score['recall']:.3f}",
                f"{score['f1']:.3f}",
                _interval_text(score["f1_interval"]),
                _count(score["gold"]),
                _count(score["predicted"]),
                _count(score["matched"]),
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


def agreement_table(result: Agreement) -> Table:
    table = Table(title=f"Agreement over {result.documents} document(s)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for metric, value in result.f1.items():
        table.add_row(f"F1 {metric}", f"{value:.3f}")
    for name, kappa in result.kappa.items():
        table.add_row(f"kappa {name}", "-" if kappa is None else f"{kappa:.3f}")
    return table


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
