"""Terminal output shared by the commands: one-line errors on stderr, never a traceback for bad input."""

from typing import NoReturn

import click
from rich.console import Console

from parley.exitcodes import ExitCode
from parley.reading import clip
from parley.schema.problems import one_line

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: ExitCode = ExitCode.UNUSABLE) -> NoReturn:
    """Print `parley: error: message` on stderr and exit with `code`."""
    click.echo(f"parley: error: {one_line(clip(message, 2000))}", err=True)
    raise SystemExit(int(code))
