"""Finding exercise specs: every module in the bundled `specs/` folder and in instructors' folders.

A spec module is named after the student file it grades (`specs/cnn.py` grades `exercises/cnn.py`)
and defines `EXERCISES: list[Exercise]`, each named `<module>.<function>`, and optionally
`ORDER` (a number; modules are graded and reported in ascending ORDER, then by name; the
bundled ones follow the course's order, instructors' modules default to after them). A leading
`_` marks a helper module that is not a spec. Nothing is listed anywhere: adding a module to a
folder adds its exercises, and a module that cannot be loaded is an error naming its file, never
a silent skip.

Instructors' folders come from `exercises:` in grade.yaml (or `extra_dirs`); their modules are
imported by path under private names, and a module name used twice is an error. Spec modules are
instructors' code and are imported here; student code never is.
"""

from __future__ import annotations

import fnmatch
import importlib
import importlib.util
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from grader.codegrade.model import Exercise
from grader.errors import UsageError

SPECS_DIR = Path(__file__).resolve().parent / "specs"
DEFAULT_ORDER = 1000


@dataclass(frozen=True)
class SpecModule:
    """One spec module: the student file it grades, where it lives, its exercises."""

    name: str
    path: Path
    order: float
    exercises: tuple[Exercise, ...]
    bundled: bool


def _spec_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.py") if not p.name.startswith(("_", ".")))


def _import(path: Path, module_name: str) -> ModuleType:
    try:
        if path.parent == SPECS_DIR:
            return importlib.import_module(f"grader.codegrade.specs.{path.stem}")
        spec = importlib.util.spec_from_file_location(module_name, path)
        if spec is None or spec.loader is None:
            raise UsageError(f"{path}: cannot be loaded as a Python module")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    except UsageError:
        raise
    except SyntaxError as exc:
        raise UsageError(f"{path}:{exc.lineno}: syntax error in exercise spec {path.stem}: {exc.msg}") from None
    except Exception as exc:  # an instructor's spec failed at import: say where, briefly
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
        line = f" (line {frames[-1].lineno})" if frames else ""
        raise UsageError(f"{path}: exercise spec {path.stem} failed to load: "
                         f"{type(exc).__name__}: {exc}{line}") from None


def _load_module(path: Path, *, bundled: bool, index: int) -> SpecModule:
    name = path.stem
    if not name.isidentifier():
        raise UsageError(f"{path}: a spec module is named after the student's file, so its name must be a "
                         "Python identifier")
    module = _import(path, f"grade_exercises_{index}.{name}")
    exercises = getattr(module, "EXERCISES", None)
    if not isinstance(exercises, (list, tuple)) or not all(isinstance(e, Exercise) for e in exercises):
        raise UsageError(f"{path}: EXERCISES = [Exercise(...), ...] is missing or holds something else")
    for ex in exercises:
        if "." not in ex.name or ex.module != name or not ex.function.isidentifier():
            raise UsageError(f"{path}: exercise {ex.name!r} must be named '{name}.<function>'")
        if not ex.checks:
            raise UsageError(f"{path}: exercise {ex.name} has no checks")
    order = getattr(module, "ORDER", DEFAULT_ORDER)
    if isinstance(order, bool) or not isinstance(order, (int, float)):
        raise UsageError(f"{path}: ORDER must be a number")
    return SpecModule(name, path, float(order), tuple(exercises), bundled)


def load_modules(extra_dirs: Iterable[Path] = ()) -> list[SpecModule]:
    """The bundled spec modules and those of every folder in `extra_dirs`, in grading order."""
    modules: dict[str, SpecModule] = {}
    folders = [(SPECS_DIR, True), *((Path(d), False) for d in extra_dirs)]
    for index, (folder, bundled) in enumerate(folders):
        if not folder.is_dir():
            raise UsageError(f"exercise folder {folder} does not exist (see `exercises:` in grade.yaml)")
        for path in _spec_files(folder):
            loaded = _load_module(path, bundled=bundled, index=index)
            if loaded.name in modules:
                raise UsageError(f"exercise module {loaded.name} is defined twice: {modules[loaded.name].path} "
                                 f"and {path}")
            modules[loaded.name] = loaded
    names = [ex.name for m in modules.values() for ex in m.exercises]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise UsageError(f"exercise(s) defined twice: {', '.join(twice)}")
    return sorted(modules.values(), key=lambda m: (m.order, m.name))


def load_exercises(extra_dirs: Iterable[Path] = ()) -> list[Exercise]:
    """Every exercise, in grading order (see `load_modules`)."""
    return [ex for module in load_modules(extra_dirs) for ex in module.exercises]


def select(exercises: Sequence[Exercise], only: str | None) -> list[Exercise]:
    """The exercises matching `only`, in their order; all of them when `only` is None.

    `only` is one or more comma-separated fnmatch patterns on `module.function`
    ("activations.*", "*softmax", "cnn.conv2d,losses.mse_loss"); a pattern without a dot also
    matches a whole module ("cnn"). A pattern matching nothing is a UsageError, so a typo never
    grades an empty selection.
    """
    if only is None:
        return list(exercises)
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
