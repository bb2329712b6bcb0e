"""`grade exercises ...`: list the code exercises and scaffold new ones (grader.codegrade)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypedDict

import click

from grader.cli import _Group, cli, config_option, lang_option
from grader.i18n import N_, _, ngettext


class _ExerciseRow(TypedDict):
    """One exercise in `grade exercises list` (a JSON object with --format json)."""

    name: str
    points: float
    checks: list[str]
    source: str


@cli.group(cls=_Group, help=N_("List the code exercises and write new ones of your own."))
def exercises() -> None:
    pass


@exercises.command("list", help=N_("List every exercise grade submit grades: bundled, and from `exercises:` in "
                                   "grade.yaml."))
@config_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help=N_("Output format."))
@lang_option
def exercises_list(config_path: Path | None, fmt: str) -> None:
    from rich.text import Text

    from grader.codegrade.discovery import load_modules
    from grader.config import load_config
    from grader.console import console, table
    from grader.reports.common import format_points

    modules = load_modules(load_config(config_path).exercises)
    rows: list[_ExerciseRow] = [
        {"name": ex.name, "points": ex.max_score, "checks": [c.name for c in ex.checks],
         "source": "bundled" if m.bundled else str(m.path)}
        for m in modules for ex in m.exercises
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    out = console()
    grid = table([_("exercise"), _("points"), _("checks"), _("source")], right=(1, 2))
    for r in rows:
        source = _("bundled") if r["source"] == "bundled" else r["source"]
        grid.add_row(Text(r["name"]), Text(format_points(r["points"])), Text(str(len(r["checks"]))), Text(source))
    out.print(grid)
    n_exercises = ngettext("{n} exercise", "{n} exercises", len(rows)).format(n=len(rows))
    out.print(Text(ngettext("{exercises} in {n} module", "{exercises} in {n} modules", len(modules)).format(
        exercises=n_exercises, n=len(modules))))


@exercises.command("new", help=N_(
    "Write a spec, a student stub and a reference solution for exercise NAME (module.function).\n\n"
    "They work as written (the reference scores full marks, the stub 0) and implement SiLU as an example to edit "
    "into your exercise."))
@click.argument("name")
@click.option("--dir", "spec_dir", type=click.Path(path_type=Path), default=Path("my_exercises"), show_default=True,
              help=N_("Your exercise-spec folder (list it under `exercises:` in grade.yaml)."))
@click.option("--stubs", "stub_dir", type=click.Path(path_type=Path), default=Path("exercises"), show_default=True,
              help=N_("Where the student stub goes."))
@click.option("--solutions", "solution_dir", type=click.Path(path_type=Path), default=Path("solutions"),
              show_default=True, help=N_("Where the reference solution goes."))
@click.option("--force", is_flag=True, help=N_("Overwrite existing files."))
@config_option
@lang_option
def exercises_new(name: str, spec_dir: Path, stub_dir: Path, solution_dir: Path, force: bool,
                  config_path: Path | None) -> None:
    from grader.codegrade.scaffold import new_exercise
    from grader.config import load_config

    written = new_exercise(name, spec_dir=spec_dir, stub_dir=stub_dir, solution_dir=solution_dir, force=force)
    for path in (written.spec, written.stub, written.solution):
        click.echo(_("wrote {path}").format(path=path))
    config = load_config(config_path)
    if spec_dir.resolve() not in config.exercises:
        where = config.path or Path("grade.yaml")
        click.echo(_("add the folder to {file} so that grade submit grades it:\n  exercises: [{folder}]").format(
            file=where, folder=spec_dir.as_posix()))
    module = name.split(".")[0]
    click.echo(_("then check: grade submit --exercises {folder} --only '{module}.*'  (full marks)").format(
        folder=solution_dir.as_posix(), module=module))
