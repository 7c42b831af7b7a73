"""The `parley` command: a thin layer over the library; each part contributes its own commands."""

import click

from parley import __version__
from parley.annotation.cli import annotate_group
from parley.corpus.cli import corpus_group, stats_command
from parley.corpus.dataset.cli import build_command
from parley.eval.cli import eval_group
from parley.integrations.cli import export_group
from parley.schema.cli import validate_command
from parley.systems.cli import run_command, train_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="parley")
def main() -> None:
    """Parley: an open benchmark for extracting negotiation events from news."""


main.add_command(validate_command)
main.add_command(stats_command)
main.add_command(corpus_group)
main.add_command(build_command)
main.add_command(annotate_group)
main.add_command(eval_group)
main.add_command(run_command)
main.add_command(train_command)
main.add_command(export_group)
