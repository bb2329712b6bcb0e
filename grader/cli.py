"""The `grade` command: thin click wiring over the library modules.

Every command turns `UsageError` into one line on stderr and exit status 2; nothing the user types
should ever produce a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grader import __version__
from grader.errors import UsageError


class _Group(click.Group):
    """A click group that reports UsageError as one clean line with exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            click.echo(f"grade: error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grade")
def cli() -> None:
    """Question banks, answer checking and sandboxed grading for the deep-learning course."""


@cli.group(cls=_Group)
def bank() -> None:
    """Browse, show, check and validate the question bank."""


# --- classroom and batch (grader/classroom.py, grader/batch.py) -------------------------------


@cli.group(cls=_Group)
def classroom() -> None:
    """GitHub Classroom autograding."""


@classroom.command("init")
@click.option("--force", is_flag=True, help="Overwrite an existing workflow.")
@click.option("--python", "python_version", default="3.11", show_default=True, help="Python version on the runner.")
@click.option("--grader-spec", default=None,
              help="What `pip install` gets for the grader [default: grade @ git+https://github.com/OWNER/REPO].")
def classroom_init(force, python_version, grader_spec) -> None:
    """Write .github/workflows/classroom.yml in the current directory."""
    from grader import classroom as classroom_mod

    path = classroom_mod.init(Path.cwd(), force=force, python_version=python_version,
                              grader_spec=grader_spec or classroom_mod.DEFAULT_GRADER_SPEC)
    click.echo(f"wrote {path.relative_to(Path.cwd()).as_posix()}")
    if grader_spec is None:
        click.echo("edit the `pip install` line (OWNER/REPO) or pass --grader-spec", err=True)


@cli.command("batch")
@click.argument("submissions_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder for the per-student reports and gradebook.csv.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Submissions graded at the same time.")
@click.option("--exercises-subdir", default="exercises", show_default=True,
              help="Where the exercise files are inside each student folder (else the folder itself).")
@click.option("--device", default="auto", show_default=True, help="auto, cpu or cuda.")
def batch_command(submissions_dir, out_dir, jobs, exercises_subdir, device) -> None:
    """Grade every student folder in SUBMISSIONS_DIR and write a gradebook."""
    from grader.batch import grade_batch
    from grader.export import format_points

    def progress(row: dict) -> None:
        report = row["report"]
        what = (f"{format_points(report['score'])}/{format_points(report['max_score'])}" if report
                else f"error: {row['error']}")
        click.echo(f"{row['student']}: {what}", err=True)

    book = grade_batch(submissions_dir, out_dir, jobs=jobs, exercises_subdir=exercises_subdir, device=device,
                       progress=progress)
    errors = int((book["status"] == "error").sum())
    click.echo(f"graded {len(book) - errors} of {len(book)} submission(s)"
               + (f", {errors} with grader errors" if errors else "") + f"; gradebook: {out_dir / 'gradebook.csv'}")


def main() -> None:
    try:
        cli.main(prog_name="grade", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("grade: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
