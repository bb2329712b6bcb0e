"""The code exercises' checks: one module per student file, each defining `EXERCISES`.

Importing a spec module imports torch; this package's `__init__` does not, so `MODULES` can be read
cheaply. `load_exercises` is the one place that turns a `--only` pattern into exercises.
"""

from __future__ import annotations

import fnmatch
import importlib

from grader.codegrade.model import Exercise
from grader.errors import UsageError

MODULES: tuple[str, ...] = ("activations", "losses", "regularization", "cnn")


def _module_exercises(module: str) -> list[Exercise]:
    try:
        mod = importlib.import_module(f"grader.codegrade.specs.{module}")
    except ModuleNotFoundError as exc:
        if exc.name == f"grader.codegrade.specs.{module}":  # not written yet: no exercises
            return []
        raise
    exercises = list(mod.EXERCISES)
    for ex in exercises:
        if ex.module != module:
            raise ValueError(f"grader/specs/{module}.py defines {ex.name!r}, outside its module")
    return exercises


def load_exercises(only: str | None = None) -> list[Exercise]:
    """All exercises in module order, or those matching `only`.

    `only` is one or more comma-separated fnmatch patterns on `module.function`
    ("activations.*", "*softmax", "cnn.conv2d,losses.mse_loss"); a pattern without a dot also
    matches a whole module ("cnn"). A pattern matching nothing is a UsageError, so a typo never
    grades an empty selection.
    """
    exercises = [ex for module in MODULES for ex in _module_exercises(module)]
    if only is None:
        return exercises
    patterns = [p.strip() for p in only.split(",") if p.strip()]
    if not patterns:
        raise UsageError("--only needs at least one pattern, e.g. 'activations.*'")
    selected: set[str] = set()
    for pattern in patterns:
        hits = {ex.name for ex in exercises
                if fnmatch.fnmatchcase(ex.name, pattern)
                or ("." not in pattern and fnmatch.fnmatchcase(ex.module, pattern))}
        if not hits:
            known = ", ".join(sorted({ex.module for ex in exercises})) or "none"
            raise UsageError(f"--only pattern {pattern!r} matches no exercise (modules: {known}; "
                             f"names look like 'activations.softmax')")
        selected |= hits
    return [ex for ex in exercises if ex.name in selected]
