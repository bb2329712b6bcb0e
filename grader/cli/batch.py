"""`grade batch`: grade a whole class (grader.codegrade.batch)."""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli import cli, config_option


@cli.command("batch")
@click.argument("submissions_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder for the per-student reports and gradebook.csv.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Submissions graded at the same time.")
@click.option("--exercises-subdir", default="exercises", show_default=True,
              help="Where the exercise files are inside each student folder (else the folder itself).")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
              help="Where the references and student code run (auto: cuda when available).")
@config_option
def batch_command(submissions_dir: Path, out_dir: Path, jobs: int, exercises_subdir: str, device: str,
                  config_path: Path | None) -> None:
    """Grade every student folder in SUBMISSIONS_DIR and write a gradebook.

    Grades the bundled exercises and those of the folders under `exercises:` in grade.yaml. Writes
    `<report>.json` and `<report>.md` per student (`<report>.error.txt` when grading failed) and
    gradebook.csv, whose `folder` and `report` columns link each row to its folder and files.
    Every option is checked before anyone is graded.
    """
    from grader.codegrade.batch import grade_batch
    from grader.config import load_config
    from grader.reports.common import format_points

    def progress(row: dict) -> None:
        report = row["report"]
        what = (f"{format_points(report['score'])}/{format_points(report['max_score'])}" if report
                else f"error: {row['error']}")
        click.echo(f"{row['student']}: {what}", err=True)

    book = grade_batch(submissions_dir, out_dir, jobs=jobs, exercises_subdir=exercises_subdir, device=device,
                       progress=progress, extra_dirs=load_config(config_path).exercises)
    errors = int((book["status"] == "error").sum())
    click.echo(f"graded {len(book) - errors} of {len(book)} submission(s)"
               + (f", {errors} with grader errors" if errors else "") + f"; gradebook: {out_dir / 'gradebook.csv'}")
