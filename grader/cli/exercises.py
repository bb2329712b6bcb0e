"""`grade exercises ...`: list the code exercises and scaffold new ones (grader.codegrade)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypedDict

import click

from grader.cli import _Group, cli, config_option


class _ExerciseRow(TypedDict):
    """One exercise in `grade exercises list` (a JSON object with --format json)."""

    name: str
    points: float
    checks: list[str]
    source: str


@cli.group(cls=_Group)
def exercises() -> None:
    """List the code exercises and write new ones of your own."""


@exercises.command("list")
@config_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def exercises_list(config_path: Path | None, fmt: str) -> None:
    """List every exercise grade submit grades: bundled, and from `exercises:` in grade.yaml."""
    from grader.codegrade.discovery import load_modules
    from grader.config import load_config
    from grader.render import table
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
    click.echo(table(["exercise", "points", "checks", "source"],
                     [[r["name"], format_points(r["points"]), len(r["checks"]), r["source"]] for r in rows]))
    click.echo(f"{len(rows)} exercise(s) in {len(modules)} module(s)")


@exercises.command("new")
@click.argument("name")
@click.option("--dir", "spec_dir", type=click.Path(path_type=Path), default=Path("my_exercises"), show_default=True,
              help="Your exercise-spec folder (list it under `exercises:` in grade.yaml).")
@click.option("--stubs", "stub_dir", type=click.Path(path_type=Path), default=Path("exercises"), show_default=True,
              help="Where the student stub goes.")
@click.option("--solutions", "solution_dir", type=click.Path(path_type=Path), default=Path("solutions"),
              show_default=True, help="Where the reference solution goes.")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@config_option
def exercises_new(name: str, spec_dir: Path, stub_dir: Path, solution_dir: Path, force: bool,
                  config_path: Path | None) -> None:
    """Write a spec, a student stub and a reference solution for exercise NAME (module.function).

    They work as written (the reference scores full marks, the stub 0) and implement SiLU as an
    example to edit into your exercise.
    """
    from grader.codegrade.scaffold import new_exercise
    from grader.config import load_config

    written = new_exercise(name, spec_dir=spec_dir, stub_dir=stub_dir, solution_dir=solution_dir, force=force)
    for path in (written.spec, written.stub, written.solution):
        click.echo(f"wrote {path}")
    config = load_config(config_path)
    if spec_dir.resolve() not in config.exercises:
        where = config.path or Path("grade.yaml")
        click.echo(f"add the folder to {where} so that grade submit grades it:\n  exercises: [{spec_dir.as_posix()}]")
    module = name.split(".")[0]
    click.echo(f"then check: grade submit --exercises {solution_dir.as_posix()} --only '{module}.*'  (full marks)")
