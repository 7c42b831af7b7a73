"""Terminal output shared by the commands: one-line errors on stderr, never a traceback for bad input."""

import os
from typing import NoReturn

import click
from rich.console import Console, ConsoleDimensions

from parley.exitcodes import ExitCode
from parley.reading import clip
from parley.schema.problems import one_line

FULL_WIDTH = 1000
"""Columns available to a table written to a file or a pipe: wide enough that no cell is ever cut."""


class _Console(Console):
    """A rich console that renders at full width when its output is not a terminal.

    Rich assumes 80 columns for a file or a pipe and then cuts table cells to "…"; a report redirected to a file
    must keep every number. A terminal (or an explicit COLUMNS) keeps its own width.
    """

    @property
    def size(self) -> ConsoleDimensions:
        dimensions = super().size
        if self.is_terminal or "COLUMNS" in os.environ:
            return dimensions
        return ConsoleDimensions(FULL_WIDTH, dimensions.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        self.width, self.height = new_size


stdout = _Console(highlight=False, soft_wrap=True)
stderr = _Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: ExitCode = ExitCode.UNUSABLE) -> NoReturn:
    """Print `parley: error: message` on stderr and exit with `code`."""
    click.echo(f"parley: error: {one_line(clip(message, 2000))}", err=True)
    raise SystemExit(int(code))
