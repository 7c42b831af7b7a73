"""The `parley` command: a thin layer over the library; each part contributes its own commands."""

import click

from parley import __version__
from parley.corpus.cli import corpus_group, stats_command
from parley.schema.cli import validate_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="parley")
def main() -> None:
    """Parley: an open benchmark for extracting negotiation events from news."""


main.add_command(validate_command)
main.add_command(stats_command)
main.add_command(corpus_group)
