"""Count tables of an adjudicated disagreement file (`classified.jsonl`), for `annotation/double/ANALYSIS.md`.

Each line of the file is one disagreement between annotation A (the corpus record) and B (the blind second
annotation) as `parley eval agreement --disagreements` wrote it, plus the adjudicator's `decision`, `category`,
`rules`, `note` and `fix`. A note that starts with "follows from" marks a consequence of another line's root cause.
"""

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

CATEGORIES = ("guideline-gap", "guideline-ignored", "genuine-ambiguity", "error")
DECISIONS = ("a", "b", "neither", "equivalent")
CONSEQUENCE_MARK = "follows from"
TOP_RULES = 20
BEGIN_MARK = "<!-- BEGIN GENERATED: parley annotate analysis -->"
END_MARK = "<!-- END GENERATED -->"


class ClassifiedError(ValueError):
    """A line of a classified file that cannot be counted; the message names the file and line."""


@dataclass(frozen=True)
class Classified:
    document: str
    kind: str
    decision: str
    category: str
    rules: tuple[str, ...]
    consequence: bool


@dataclass(frozen=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _parse(text: str, where: str) -> Classified:
    try:
        line = json.loads(text)
    except json.JSONDecodeError as error:
        raise ClassifiedError(f"{where}: not JSON ({error.msg})") from None
    if not isinstance(line, dict):
        raise ClassifiedError(f"{where}: not a JSON object")
    for key in ("document", "kind", "decision", "category"):
        if not isinstance(line.get(key), str):
            raise ClassifiedError(f"{where}: `{key}` is missing or not a string")
    if line["decision"] not in DECISIONS:
        raise ClassifiedError(f"{where}: decision {line['decision']!r} is not one of {', '.join(DECISIONS)}")
    if line["category"] not in CATEGORIES:
        raise ClassifiedError(f"{where}: category {line['category']!r} is not one of {', '.join(CATEGORIES)}")
    rules = line.get("rules")
    if not isinstance(rules, list) or not all(isinstance(rule, str) for rule in rules):
        raise ClassifiedError(f"{where}: `rules` is missing or not a list of rule ids")
    note = line.get("note")
    if note is not None and not isinstance(note, str):
        raise ClassifiedError(f"{where}: `note` is not a string")
    consequence = (note or "").strip().lower().startswith(CONSEQUENCE_MARK)
    return Classified(line["document"], line["kind"], line["decision"], line["category"], tuple(rules), consequence)


def read_classified(path: Path) -> list[Classified]:
    """Every line of `path` (blank lines skipped); raises ClassifiedError naming the first bad line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ClassifiedError(f"{path}: cannot read ({error.__class__.__name__})") from None
    return [_parse(line, f"{path}:{number}") for number, line in enumerate(text.splitlines(), 1) if line.strip()]


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f} %" if total else "–"


def _counted(title: str, label: str, counts: Counter[str], order: Sequence[str], total: int) -> Table:
    rows = tuple((key, str(counts[key]), _share(counts[key], total)) for key in order)
    return Table(title, (label, "lines", "share"), (*rows, ("total", str(total), _share(total, total))))


def count_tables(lines: Sequence[Classified]) -> list[Table]:
    """The count tables of ANALYSIS.md: by category, decision, kind, rule, root/consequence and document."""
    total = len(lines)
    tables = [
        _counted("By category", "category", Counter(line.category for line in lines), CATEGORIES, total),
        _counted("By decision (who was right)", "decision", Counter(line.decision for line in lines), DECISIONS, total),
    ]
    kinds = Counter(line.kind for line in lines)
    by_kind = [
        (kind, *(str(sum(1 for x in lines if x.kind == kind and x.decision == d)) for d in DECISIONS))
        for kind in sorted(kinds, key=lambda kind: (-kinds[kind], kind))
    ]
    tables.append(Table("By disagreement kind and decision", ("kind", *DECISIONS), tuple(by_kind)))
    rules = Counter(rule for line in lines for rule in dict.fromkeys(line.rules))
    top = sorted(rules, key=lambda rule: (-rules[rule], rule))[:TOP_RULES]
    rule_rows = [
        (
            rule,
            str(rules[rule]),
            *(str(sum(1 for x in lines if rule in x.rules and x.category == c)) for c in CATEGORIES),
        )
        for rule in top
    ]
    tables.append(
        Table(
            f"By rule (top {TOP_RULES}; a line counts once for each rule it cites)",
            ("rule", "lines", *CATEGORIES),
            tuple(rule_rows),
        )
    )
    root_rows = [
        (
            category,
            str(sum(1 for x in lines if x.category == category and not x.consequence)),
            str(sum(1 for x in lines if x.category == category and x.consequence)),
        )
        for category in CATEGORIES
    ]
    roots = sum(1 for x in lines if not x.consequence)
    root_rows.append(("total", str(roots), str(total - roots)))
    tables.append(Table("Root causes and consequences", ("category", "root causes", "consequences"), tuple(root_rows)))
    tables.append(_per_document(lines))
    return tables


def _per_document(lines: Iterable[Classified]) -> Table:
    per: dict[str, list[Classified]] = {}
    for line in lines:
        per.setdefault(line.document, []).append(line)
    rows = [
        (
            document,
            str(len(group)),
            *(str(sum(1 for x in group if x.category == c)) for c in CATEGORIES),
            str(sum(1 for x in group if x.decision == "a")),
            str(sum(1 for x in group if x.decision == "b")),
        )
        for document, group in sorted(per.items())
    ]
    return Table("Per document", ("document", "lines", *CATEGORIES, "A right", "B right"), tuple(rows))


def render_markdown(tables: Sequence[Table]) -> str:
    """The tables as Markdown between the generated-block marks (numbers right-aligned)."""
    parts = [BEGIN_MARK]
    for table in tables:
        align = ["---"] + ["---:"] * (len(table.header) - 1)
        parts += [
            "",
            f"#### {table.title}",
            "",
            "| " + " | ".join(table.header) + " |",
            "| " + " | ".join(align) + " |",
        ]
        parts += ["| " + " | ".join(row) + " |" for row in table.rows]
    parts += ["", END_MARK]
    return "\n".join(parts) + "\n"


def generated_block(markdown: str) -> str | None:
    """The generated block of a Markdown file (marks included), or None when it has none."""
    start, end = markdown.find(BEGIN_MARK), markdown.find(END_MARK)
    if start < 0 or end < start:
        return None
    return markdown[start : end + len(END_MARK)] + "\n"
