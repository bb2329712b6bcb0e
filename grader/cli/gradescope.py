"""`grade gradescope init` / `grade gradescope run`: a Gradescope autograder (grader.codegrade.gradescope)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from grader.cli import _Group, cli, config_option, lang_option
from grader.cli.classroom import allow_unpinned_option, grader_spec_option, torch_option
from grader.i18n import N_, _

_VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")  # grader.reports.gradescope.VISIBILITIES

visibility_options = [
    click.option("--visibility", type=click.Choice(_VISIBILITIES), default="visible", show_default=True,
                 help=N_("When students see the tests and the total score: visible, after_due_date, "
                         "after_published or hidden.")),
    click.option("--exercise-visibility", "exercise_visibility", multiple=True, metavar="PATTERN=VISIBILITY",
                 help=N_("Another visibility for the exercises matching PATTERN (fnmatch on the exercise name, "
                         "e.g. 'cnn.*=hidden'); repeatable, the first match wins.")),
    click.option("--only", default=None,
                 help=N_("Only the exercises matching these patterns, e.g. 'activations.*,cnn.conv2d'.")),
]


F = TypeVar("F", bound=Callable[..., Any])


def _with(options: list[Callable[[F], F]]) -> Callable[[F], F]:
    """The options shared by `init` and `run`, applied in the order they are listed."""
    def decorate(f: F) -> F:
        for option in reversed(options):
            f = option(f)
        return f
    return decorate


@cli.group(cls=_Group, help=N_("Gradescope autograding."))
def gradescope() -> None:
    pass


@gradescope.command("init", help=N_(
    "Write setup.sh, run_autograder and autograder.zip (upload the zip as the assignment's autograder). "
    "setup.sh installs the pinned CPU build of torch and the pinned grader; run_autograder grades "
    "each submission with `grade gradescope run`."))
@grader_spec_option
@torch_option
@allow_unpinned_option
@_with(visibility_options)
@click.option("--include", "include", multiple=True, type=click.Path(path_type=Path),
              help=N_("A file or folder to put in the zip (e.g. grade.yaml and the exercise folders it names); "
                      "repeatable."))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("gradescope"), show_default=True,
              help=N_("Folder to write the three files into."))
@click.option("--force", is_flag=True, help=N_("Overwrite files written before."))
@lang_option
def gradescope_init(grader_spec: str | None, torch: str | None, allow_unpinned: bool, visibility: str,
                    exercise_visibility: tuple[str, ...], only: str | None, include: tuple[Path, ...],
                    out_dir: Path, force: bool) -> None:
    from grader.codegrade import gradescope as gradescope_mod
    from grader.reports.gradescope import Visibility

    paths = gradescope_mod.init(out_dir, grader_spec=grader_spec, torch=torch, allow_unpinned=allow_unpinned,
                                only=only, visibility=Visibility.parse(visibility, exercise_visibility),
                                include=include, force=force)
    for path in paths.values():
        click.echo(_("wrote {path}").format(path=path))
    click.echo(_("Upload {zip} as the autograder (Ubuntu 22.04 or newer). Students' code runs on that image: keep "
                 "reference solutions and private questions out of it and out of the grader build it "
                 "installs.").format(zip=paths[gradescope_mod.ZIP_NAME]), err=True)


@gradescope.command("run", help=N_(
    "Grade the submission in <root>/submission on the CPU and write <root>/results/results.json (what "
    "run_autograder does on Gradescope)."))
@click.option("--root", type=click.Path(path_type=Path), default=None,
              help=N_("The autograder folder [default: $GRADE_AUTOGRADER_ROOT, else /autograder]."))
@_with(visibility_options)
@click.option("--exercises-subdir", default="exercises", show_default=True,
              help=N_("Where the exercise files are inside the submission (else its top level)."))
@config_option
@lang_option
def gradescope_run(root: Path | None, visibility: str, exercise_visibility: tuple[str, ...], only: str | None,
                   exercises_subdir: str, config_path: Path | None) -> None:
    from grader.codegrade import gradescope as gradescope_mod
    from grader.config import load_config
    from grader.reports.common import score_line
    from grader.reports.gradescope import Visibility

    chosen = Visibility.parse(visibility, exercise_visibility)  # checked before grading
    path, report = gradescope_mod.run(root, only=only, visibility=chosen, exercises_subdir=exercises_subdir,
                                      extra_dirs=load_config(config_path).exercises)
    click.echo(_("{score}; wrote {path}").format(score=score_line(report), path=path))
