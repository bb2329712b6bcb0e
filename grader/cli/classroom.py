"""`grade classroom init`: the GitHub Classroom workflow (grader.codegrade.classroom)."""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli import _Group, cli, lang_option
from grader.i18n import N_, _

# The pins both `classroom init` and `gradescope init` write (grader.codegrade.install).
grader_spec_option = click.option(
    "--grader-spec", default=None, metavar="SPEC",
    help=N_("What `pip install` gets for the grader, pinned to a release or a commit (required): "
            "'grade @ git+https://github.com/<owner>/<repo>@v0.1.0' or 'grade==0.1.0'."))
torch_option = click.option(
    "--torch", "torch", default=None, metavar="VERSION",
    help=N_("The torch release to install (CPU build) [default: the one installed here, else 2.13.0]."))
allow_unpinned_option = click.option(
    "--allow-unpinned", is_flag=True,
    help=N_("Accept a grader source that can move (a branch, a version range): grading may then "
            "change during the semester."))


@cli.group(cls=_Group, help=N_("GitHub Classroom autograding."))
def classroom() -> None:
    pass


@classroom.command("init", help=N_(
    "Write .github/workflows/classroom.yml in the current directory (the template repository): it installs "
    "the pinned CPU build of torch and the pinned grader, caches pip, and grades every push with "
    "`grade submit --format classroom`."))
@grader_spec_option
@click.option("--python", "python_version", default="3.11", show_default=True,
              help=N_("Python version on the runner (3.10 or newer)."))
@torch_option
@allow_unpinned_option
@click.option("--force", is_flag=True, help=N_("Overwrite an existing workflow."))
@lang_option
def classroom_init(grader_spec: str | None, python_version: str, torch: str | None, allow_unpinned: bool,
                   force: bool) -> None:
    from grader.codegrade import classroom as classroom_mod

    cwd = Path.cwd()
    path = classroom_mod.init(cwd, grader_spec=grader_spec, force=force, python_version=python_version,
                              torch=torch, allow_unpinned=allow_unpinned)
    click.echo(_("wrote {path}").format(path=path.relative_to(cwd).as_posix()))
    click.echo(_("Students can read the workflow and everything it installs: keep reference solutions and "
                 "private questions out of the grader build it names and out of this repository."), err=True)
