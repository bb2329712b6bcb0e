"""`grade classroom init`: the GitHub Classroom workflow (grader.codegrade.classroom)."""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli import _Group, cli


@cli.group(cls=_Group)
def classroom() -> None:
    """GitHub Classroom autograding."""


@classroom.command("init")
@click.option("--force", is_flag=True, help="Overwrite an existing workflow.")
@click.option("--python", "python_version", default="3.11", show_default=True, help="Python version on the runner.")
@click.option("--grader-spec", default=None,
              help="What `pip install` gets for the grader [default: grade @ git+https://github.com/OWNER/REPO].")
def classroom_init(force: bool, python_version: str, grader_spec: str | None) -> None:
    """Write .github/workflows/classroom.yml in the current directory."""
    from grader.codegrade import classroom as classroom_mod

    path = classroom_mod.init(Path.cwd(), force=force, python_version=python_version,
                              grader_spec=grader_spec or classroom_mod.DEFAULT_GRADER_SPEC)
    click.echo(f"wrote {path.relative_to(Path.cwd()).as_posix()}")
    if grader_spec is None:
        click.echo("edit the `pip install` line (OWNER/REPO) or pass --grader-spec", err=True)
