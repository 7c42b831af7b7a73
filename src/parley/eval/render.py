"""Showing results: rich tables for the terminal and PNG plots (matplotlib, Agg). Nothing here computes scores."""

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from rich.table import Table

from parley.eval.agreement import Agreement
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


def plot_per_type_f1(report: Report, path: Path) -> Path:
    """Bars of event-classification F1 per event type, with bootstrap intervals as error bars."""
    per_label = report.to_json()["metrics"]["event_classification"]["per_label"] or {}
    labels = list(per_label)
    f1 = np.array([per_label[label]["f1"] for label in labels])
    low = np.array(
        [(per_label[label]["f1_interval"] or {"low": value})["low"] for label, value in zip(labels, f1, strict=True)]
    )
    high = np.array(
        [(per_label[label]["f1_interval"] or {"high": value})["high"] for label, value in zip(labels, f1, strict=True)]
    )
    figure, axes = plt.subplots(figsize=(max(6, 0.7 * len(labels) + 2), 4))
    axes.bar(labels, f1, yerr=np.vstack([f1 - low, high - f1]).clip(min=0), capsize=3, color="#4c72b0")
    axes.set_ylim(0, 1.05)
    axes.set_ylabel("F1 (event classification)")
    axes.set_title(f"{report.system}: F1 per event type")
    axes.tick_params(axis="x", rotation=45)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
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
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path


def write_plots(report: Report, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [plot_per_type_f1(report, folder / PER_TYPE_PLOT), plot_confusion(report, folder / CONFUSION_PLOT)]
