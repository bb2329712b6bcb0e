"""`grade submit`: grade a student's exercise modules in the sandbox (grader.codegrade).

While grading, stderr shows how far it is (stdout keeps the report, so `--format json > out.json`
stays clean): on a terminal, a live status line (the exercise being graded, n/N) under each
exercise's line as soon as it is final, in colour; elsewhere (CI logs, pipes), one plain line per
finished exercise. When the text report follows on the same terminal, the live lines are replaced
by it rather than printed twice.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from grader.cli import cli, config_option, lang_option
from grader.errors import UsageError
from grader.i18n import N_, _, language

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.live import Live
    from rich.text import Text

    from grader.results import ExerciseOutcome, Report

_SUBMIT_FORMATS = ("text", "json", "markdown", "html", "junit", "gradescope", "classroom")


def _outcome_line(outcome: ExerciseOutcome, width: int) -> Text:
    """'✓ activations.sigmoid   8/8  passed', the status coloured (on a terminal)."""
    from rich.text import Text

    from grader.reports.clean import one_line, printable
    from grader.reports.common import format_points, status_label
    from grader.reports.text import STATUS_STYLES
    from grader.results import Status

    style = STATUS_STYLES[outcome.status]
    mark = "✓" if outcome.status == Status.PASSED else "~" if outcome.status == Status.PARTIAL else "✗"
    score = f"{format_points(outcome.score)}/{format_points(outcome.max_score)}"
    return Text.assemble((mark, style), " ", printable(one_line(outcome.name)).ljust(width), " ", score.rjust(9),
                         "  ", (status_label(outcome.status, language()), style))


class _Progress:
    """Per-exercise progress on a console (stderr): live on a terminal, plain lines elsewhere.

    `replace` (a terminal only): the finished lines live in the status area and disappear with it,
    because a report listing every exercise follows on the same terminal."""

    def __init__(self, console: Console, *, replace: bool) -> None:
        self.console = console
        self.replace = replace and console.is_terminal
        self.names: list[str] = []
        self.lines: list[Text] = []
        self.finished = 0
        self.width = 20
        self.t0 = time.monotonic()
        self.live: Live | None = None

    def start(self, names: list[str]) -> None:
        from rich.live import Live

        self.names = names
        self.width = max([len(n) for n in names] + [self.width])
        if self.console.is_terminal:
            live = Live(self, console=self.console, transient=True, refresh_per_second=8, redirect_stdout=False,
                        redirect_stderr=False)
            live.start()
            self.live = live

    def done(self, outcome: ExerciseOutcome) -> None:
        line = _outcome_line(outcome, self.width)
        self.finished += 1
        if self.replace:
            self.lines.append(line)
        else:
            self.console.print(line)  # above the live status on a terminal, a plain line elsewhere

    def stop(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None

    def __rich__(self) -> RenderableType:
        """The live area: the last finished lines that fit, then the status line."""
        from rich.console import Group
        from rich.progress_bar import ProgressBar
        from rich.spinner import Spinner
        from rich.table import Table
        from rich.text import Text

        n, total = self.finished, len(self.names)
        status = Table.grid(padding=(0, 1))
        current = self.names[n] if n < total else ""
        status.add_row(Spinner("dots", style="cyan"),
                       Text(_("Grading {exercise}").format(exercise=current) if current else _("Finishing"),
                            style="bold"),
                       ProgressBar(total=max(total, 1), completed=n, width=24),
                       Text(f"{n}/{total}"),
                       Text(f"{time.monotonic() - self.t0:.0f} s", style="dim"))
        room = max(self.console.size.height - 2, 0)
        return Group(*self.lines[-room:] if room else [], status)


@cli.command("submit", help=N_(
    "Grade your exercise modules in a sandbox and print the report.\n\n"
    "Grades the bundled exercises and those of the folders under `exercises:` in grade.yaml. Exits 0 whenever "
    "grading completed, whatever the score (1 only for --fail-under), and 2 for usage errors (among them "
    "--format classroom in CI when the sandbox had only process-group isolation; see --allow-weak-isolation)."))
@click.option("--exercises", "exercises_path", type=click.Path(path_type=Path), default=None,
              help=N_("Folder with your exercise modules, or one module file to grade only that one "
                      "(default: ./exercises, or this folder when it holds them)."))
@click.option("--only", default=None,
              help=N_("Only exercises matching these patterns, e.g. 'activations.*,cnn.conv2d'."))
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
              help=N_("Where to run the checks (auto: CUDA when available)."))
@click.option("--format", "fmt", type=click.Choice(_SUBMIT_FORMATS), default="text", show_default=True,
              help=N_("Format of the report."))
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help=N_("Write the report here instead of stdout."))
@click.option("--student", default=None,
              help=N_("Your name in the report (default: git's user.name of the repository)."))
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None,
              help=N_("Exit with status 1 when the score is below this percentage."))
@click.option("--push", "push_", is_flag=True, help=N_("After grading, commit your exercise files and push them."))
@click.option("--archive", type=click.Path(path_type=Path), default=None,
              help=N_("After grading, write a zip of your exercise files and the report."))
@click.option("--allow-weak-isolation", is_flag=True,
              help=N_("With --format classroom in CI: write the outputs even when the sandbox could contain the "
                      "student's code only by its process group (no root, no user namespaces), where a process it "
                      "left running could forge them."))
@lang_option
@config_option
def submit_command(exercises_path: Path | None, only: str | None, device: str, fmt: str, output: Path | None,
                   student: str | None, fail_under: float | None, push_: bool, archive: Path | None,
                   allow_weak_isolation: bool, config_path: Path | None) -> None:
    from grader import reports
    from grader.codegrade import grade_submission, submission
    from grader.codegrade.discovery import module_names, submission_folder
    from grader.config import load_config
    from grader.console import console
    from grader.reports.ci import in_ci, in_github_actions

    if push_ and in_ci():
        raise UsageError(_("--push is refused in CI (CI=true): push from your own machine"))
    extra_dirs = load_config(config_path).exercises
    exercises_dir, module = submission_folder(exercises_path, module_names(extra_dirs))
    if module is not None:
        if only is not None:
            raise UsageError(_("--only cannot be combined with a module file: give the folder with --only, or the "
                               "file alone"))
        only = module
    if push_:
        submission.push_target(exercises_dir)  # fails now, not after grading, when a push cannot work
    out = console()
    to_terminal = fmt == "text" and output is None and out.is_terminal and not in_github_actions()
    progress = _Progress(console(stderr=True), replace=to_terminal)
    try:
        # The student's own machine (or their CI): their global git identity names them.
        report = grade_submission(exercises_dir, only=only, device=device, progress=progress.done,
                                  start=progress.start, extra_dirs=extra_dirs, student=student,
                                  trust_user_config=True)
    finally:
        progress.stop()
    if to_terminal:
        _print_report(report, out)
    else:
        reports.write(report, fmt, output, allow_weak_isolation=allow_weak_isolation)
        if output is not None or fmt != "text":
            click.echo(_summary(report), err=True)
    if output is not None:
        click.echo(_("report written: {path}").format(path=output), err=True)
    if archive is not None:
        path = submission.archive(exercises_dir, report, archive)
        click.echo(_("archive written: {path}").format(path=path), err=True)
    if push_:
        interactive = sys.stdin.isatty()
        confirm = (lambda question: click.confirm(question, default=False, err=True)) if interactive else None
        click.echo(submission.push(exercises_dir, report, confirm=confirm), err=True)
    if fail_under is not None:
        percent = reports.percent(report.score, report.max_score)
        if percent + 1e-9 < fail_under:
            click.echo(_("grade: score {percent}% is under --fail-under {limit}%").format(
                percent=f"{percent:.1f}", limit=f"{fail_under:g}"), err=True)
            sys.exit(1)


def _summary(report: Report) -> str:
    """'Total: 42/50 (84.0%), 18 exercises in 3.2 s': the short line that closes the progress lines
    when the report itself goes elsewhere."""
    from grader.i18n import ngettext
    from grader.reports.common import score_line

    n = len(report.exercises)
    return ngettext("Total: {score}, {n} exercise in {seconds} s", "Total: {score}, {n} exercises in {seconds} s",
                    n).format(score=score_line(report), n=n, seconds=f"{report.duration_s:.1f}")


def _print_report(report: Report, out: Console) -> None:
    """The text report on a terminal, with colour and wrapping."""
    from grader.reports import text

    text.print_report(report, out)
