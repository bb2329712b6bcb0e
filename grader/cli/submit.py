"""`grade submit`: grade a student's exercise modules in the sandbox (grader.codegrade)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from grader.cli import cli, config_option
from grader.errors import UsageError

if TYPE_CHECKING:
    from grader.results import ExerciseOutcome

_SUBMIT_FORMATS = ("text", "json", "markdown", "html", "junit", "gradescope", "classroom")


def _submit_progress(outcome: ExerciseOutcome) -> None:
    """One short line per exercise on stderr while grading (only when stderr is a terminal)."""
    score = f"{outcome.score:g}/{outcome.max_score:g}"
    click.echo(f"  {outcome.name:<36} {outcome.status:<9} {score:>9}", err=True)


@cli.command("submit")
@click.option("--exercises", "exercises_dir", type=click.Path(path_type=Path), default=Path("exercises"),
              show_default=True, help="Folder with your exercise modules.")
@click.option("--only", default=None, help="Only exercises matching these patterns, e.g. 'activations.*,cnn.conv2d'.")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
              help="Where to run the checks (auto: CUDA when available).")
@click.option("--format", "fmt", type=click.Choice(_SUBMIT_FORMATS), default="text", show_default=True)
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="Write the report here instead of stdout.")
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None,
              help="Exit with status 1 when the score is below this percentage.")
@click.option("--push", "push_", is_flag=True, help="After grading, commit your exercise files and push them.")
@click.option("--archive", type=click.Path(path_type=Path), default=None,
              help="After grading, write a zip of your exercise files and the report.")
@click.option("--allow-weak-isolation", is_flag=True,
              help="With --format classroom in CI: write the outputs even when the sandbox could contain the "
                   "student's code only by its process group (no root, no user namespaces), where a process it "
                   "left running could forge them.")
@config_option
def submit_command(exercises_dir: Path, only: str | None, device: str, fmt: str, output: Path | None,
                   fail_under: float | None, push_: bool, archive: Path | None, allow_weak_isolation: bool,
                   config_path: Path | None) -> None:
    """Grade your exercise modules in a sandbox and print the report.

    Grades the bundled exercises and those of the folders under `exercises:` in grade.yaml. Exits 0
    whenever grading completed, whatever the score (1 only for --fail-under), and 2 for usage errors
    (among them --format classroom in CI when the sandbox had only process-group isolation; see
    --allow-weak-isolation).
    """
    from grader.codegrade import grade_submission
    from grader.config import load_config
    from grader.reports.ci import in_ci

    if push_ and in_ci():
        raise UsageError("--push is refused in CI (CI=true): push from your own machine")
    if not exercises_dir.is_dir():
        raise UsageError(f"exercises folder not found: {exercises_dir} (use --exercises DIR)")
    progress = _submit_progress if sys.stderr.isatty() else None
    extra_dirs = load_config(config_path).exercises
    report = grade_submission(exercises_dir, only=only, device=device, progress=progress, extra_dirs=extra_dirs)
    from grader import reports

    reports.write(report, fmt, output, allow_weak_isolation=allow_weak_isolation)
    if archive is not None:
        from grader.codegrade import submission

        path = submission.archive(exercises_dir, report, archive)
        click.echo(f"archive written: {path}", err=True)
    if push_:
        from grader.codegrade import submission

        interactive = sys.stdin.isatty()
        confirm = (lambda question: click.confirm(question, default=False, err=True)) if interactive else None
        click.echo(submission.push(exercises_dir, report, confirm=confirm), err=True)
    if fail_under is not None:
        percent = reports.percent(report.score, report.max_score)
        if percent + 1e-9 < fail_under:
            click.echo(f"grade: score {percent:.1f}% is under --fail-under {fail_under:g}%", err=True)
            sys.exit(1)
