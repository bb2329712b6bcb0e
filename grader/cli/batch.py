"""`grade batch`: grade a whole class (grader.codegrade.batch).

Progress goes to stderr: on a terminal a live bar with n/N and the students being graded, a line per
finished student above it; otherwise (a pipe, a log) one plain line at the start and one per
finished student. The summary goes to stdout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from grader.cli import cli, config_option, lang_option
from grader.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from rich.text import Text

    from grader.codegrade.batch import BatchProgress

# `--device gpu` is another name for cuda: what people type when they mean "on the GPU".
DEVICE_ALIASES = {"gpu": "cuda"}


def _finished_line(event: BatchProgress) -> Text:
    from rich.text import Text

    from grader.reports.common import format_points

    row = event.row or {}
    report = row.get("report")
    counter = Text(f"[{event.done}/{event.total}] ", style="dim")
    if report:
        score = Text(f"{format_points(report['score'])}/{format_points(report['max_score'])}")
        return Text.assemble(counter, Text(row["student"]), ": ", score)
    error = Text(_("error: {message}").format(message=row.get("error", "")), style="red")
    return Text.assemble(counter, Text(row.get("student", "")), ": ", error)


@contextmanager
def _progress_display(jobs: int) -> Iterator[Callable[[BatchProgress], None]]:
    """A `progress` callback for `grade_batch` (see the module docstring)."""
    from grader.console import console

    err = console(stderr=True)
    if not err.is_terminal:
        def plain(event: BatchProgress) -> None:
            if event.row is None:
                err.print(ngettext("grading {n} submission ({jobs} at a time)…",
                                   "grading {n} submissions ({jobs} at a time)…", event.total)
                          .format(n=event.total, jobs=min(jobs, event.total)), soft_wrap=True)
            else:
                err.print(_finished_line(event), soft_wrap=True)  # one line per student, however long
        yield plain
        return

    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    # markup=False: student folder names such as "[bold]" or "[red]" are shown as written
    with Progress(SpinnerColumn(), TextColumn("{task.fields[counter]}", markup=False), BarColumn(),
                  TimeElapsedColumn(), TextColumn("{task.description}", markup=False),
                  console=err, transient=True) as bar:
        # until the first event (options checked, exercises loaded): a spinner and what is going on
        task = bar.add_task(_("loading the exercises…"), total=None, counter="")

        def live(event: BatchProgress) -> None:
            if event.row is not None:
                bar.console.print(_finished_line(event))
            now = _("grading: {names}").format(names=", ".join(event.grading)) if event.grading else ""
            bar.update(task, completed=event.done, total=event.total, description=now,
                       counter=f"{event.done}/{event.total}")
        yield live


@cli.command("batch", help=N_(
    "Grade every student folder in SUBMISSIONS_DIR and write a gradebook.\n\n"
    "Grades the bundled exercises and those of the folders under `exercises:` in grade.yaml. Writes "
    "`<report>.json` and `<report>.md` per student (`<report>.error.txt` when grading failed) and "
    "gradebook.csv, whose `folder` and `report` columns link each row to its folder and files. Shows "
    "n/N and who is being graded while it runs. Every option is checked before anyone is graded."))
@click.argument("submissions_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help=N_("Folder for the per-student reports and gradebook.csv."))
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help=N_("Submissions graded at the same time."))
@click.option("--exercises-subdir", default="exercises", show_default=True,
              help=N_("Where the exercise files are inside each student folder (else the folder itself)."))
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda", *DEVICE_ALIASES]), default="auto",
              show_default=True,
              help=N_("Where the references and student code run (auto: cuda when available; gpu is cuda). "
                      "cuda on a machine without a GPU is refused before anyone is graded."))
@config_option
@lang_option
def batch_command(submissions_dir: Path, out_dir: Path, jobs: int, exercises_subdir: str, device: str,
                  config_path: Path | None) -> None:
    from grader.codegrade.batch import grade_batch
    from grader.config import load_config

    extra_dirs = load_config(config_path).exercises
    with _progress_display(jobs) as progress:
        book = grade_batch(submissions_dir, out_dir, jobs=jobs, exercises_subdir=exercises_subdir,
                           device=DEVICE_ALIASES.get(device, device), progress=progress, extra_dirs=extra_dirs)
    errors = int((book["status"] == "error").sum())
    click.echo(ngettext("Graded {graded} of {total} submission.", "Graded {graded} of {total} submissions.",
                        len(book)).format(graded=len(book) - errors, total=len(book)))
    if errors:
        click.echo(ngettext("{n} could not be graded: see its .error.txt file.",
                            "{n} could not be graded: see their .error.txt files.", errors).format(n=errors))
    click.echo(_("Gradebook: {path}").format(path=out_dir / "gradebook.csv"))
