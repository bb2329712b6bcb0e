"""The `grade` command: thin click wiring over the library modules, one module per command group
(`bank`, `submit`, `batch`, `classroom`, `exercises`).

Every command turns `UsageError` into one line on stderr and exit status 2; nothing the user types
should ever produce a traceback. click lives only here. May import every other subpackage, inside
the command functions, so that `grade bank list` never pays for torch or sympy.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from grader import __version__
from grader.errors import UsageError


class _Group(click.Group):
    """A click group that reports UsageError as one clean line with exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            click.echo(f"grade: error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grade")
def cli() -> None:
    """Question banks, answer checking and sandboxed grading for the deep-learning course."""


config_option = click.option(
    "--config", "config_path", type=click.Path(path_type=Path), default=None,
    help="Settings file (default: ./grade.yaml when present).")


def main() -> None:
    """The `grade` console script."""
    try:
        cli.main(prog_name="grade", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("grade: interrupted", err=True)
        sys.exit(130)

# Command groups register themselves on `cli` when imported.
from grader.cli import bank, batch, classroom, exam, exercises, submit  # noqa: E402,F401

if __name__ == "__main__":
    main()
