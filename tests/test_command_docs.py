"""The READMEs name every command a user can type, and the eval quick start runs systems with `parley run`."""

import re
from pathlib import Path

import click

from parley.cli import main

CHECKOUT = Path(__file__).resolve().parents[1]


def _commands(group: click.Group, prefix: str) -> list[str]:
    names: list[str] = []
    for name, command in sorted(group.commands.items()):
        names.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            names.extend(_commands(command, f"{prefix} {name}"))
    return names


def _table_commands(markdown: str) -> set[str]:
    """The `parley ...` command words (no options or arguments) quoted in the table rows of `markdown`."""
    found: set[str] = set()
    for row in (line for line in markdown.splitlines() if line.startswith("|")):
        for quoted in re.findall(r"`(parley [^`]*)`", row):
            words = [word for word in quoted.split() if re.fullmatch(r"[a-z][a-z-]*", word)]
            for end in range(2, len(words) + 1):
                found.add(" ".join(words[:end]))
    return found


def test_the_readme_command_table_names_every_command() -> None:
    documented = _table_commands((CHECKOUT / "README.md").read_text(encoding="utf-8"))
    every = [name for name in _commands(main, "parley") if name not in ("parley annotate", "parley corpus")]
    missing = [name for name in every if name not in documented]
    assert missing == [], f"README.md's command table lacks {missing}"


def test_the_eval_readme_command_table_names_every_eval_command() -> None:
    documented = _table_commands((CHECKOUT / "eval" / "README.md").read_text(encoding="utf-8"))
    eval_group = main.commands["eval"]
    assert isinstance(eval_group, click.Group)
    missing = [name for name in _commands(eval_group, "parley eval") if name not in documented]
    assert missing == [], f"eval/README.md's command table lacks {missing}"


def test_the_eval_quick_start_runs_a_system_with_parley_run() -> None:
    readme = (CHECKOUT / "eval" / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Evaluate your own system", 1)[1].split("\n## ", 1)[0]
    step_two = quick_start.split("\n2. ", 1)[1].split("\n3. ", 1)[0]
    assert "parley run --system" in step_two
    assert "(SYSTEMS.md)" in step_two
