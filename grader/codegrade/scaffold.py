"""`grade exercises new`: an exercise of the instructor's own, as three files that work as written.

- the spec, `DIR/<module>.py`, found by discovery when grade.yaml lists DIR under `exercises:`;
- the student stub, `<stub dir>/<module>.py` (raises NotImplementedError: scores 0);
- the reference solution, `<solution dir>/<module>.py` (scores full marks).
The example is SiLU, to be edited into the real exercise (the README walks through GELU).
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from pathlib import Path

from grader.errors import UsageError
from grader.i18n import _
from grader.render import render_template

_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Written:
    spec: Path
    stub: Path
    solution: Path


def new_exercise(name: str, *, spec_dir: Path, stub_dir: Path, solution_dir: Path, force: bool = False) -> Written:
    """Write the spec, stub and solution of exercise `name` (`module.function`) and return their paths.
    Refuses to overwrite any existing file unless `force`, and then writes none of them."""
    parts = name.split(".")
    if len(parts) != 2 or not all(_NAME.fullmatch(p) and not keyword.iskeyword(p) for p in parts):
        raise UsageError(_("exercise name {name} must look like module.function (lower-case snake_case)").format(
            name=repr(name)))
    module, function = parts
    from grader.codegrade.discovery import SPECS_DIR

    if (SPECS_DIR / f"{module}.py").exists():
        raise UsageError(_("{module} is a bundled exercise module; choose another module name").format(module=module))
    files = Written(Path(spec_dir) / f"{module}.py", Path(stub_dir) / f"{module}.py",
                    Path(solution_dir) / f"{module}.py")
    existing = [str(p) for p in (files.spec, files.stub, files.solution) if p.exists()]
    if existing and not force:
        raise UsageError(_("{paths} already exist(s) (use --force to overwrite)").format(paths=", ".join(existing)))
    context = {"module": module, "function": function, "stub_dir": stub_dir, "solution_dir": solution_dir}
    for path, template in ((files.spec, "exercise_spec.py.j2"), (files.stub, "exercise_stub.py.j2"),
                           (files.solution, "exercise_solution.py.j2")):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render_template(template, **context), encoding="utf-8")
        except OSError as exc:
            raise UsageError(_("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc)) from None
    return files
