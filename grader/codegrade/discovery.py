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
from grader.i18n import _

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
            raise UsageError(_("{path}: cannot be loaded as a Python module").format(path=path))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    except UsageError:
        raise
    except SyntaxError as exc:
        raise UsageError(_("{path}:{line}: syntax error in exercise spec {name}: {error}").format(
            path=path, line=exc.lineno, name=path.stem, error=exc.msg)) from None
    except Exception as exc:  # an instructor's spec failed at import: say where, briefly
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
        error = f"{type(exc).__name__}: {exc}"
        if frames:
            raise UsageError(_("{path}: exercise spec {name} failed to load: {error} (line {line})").format(
                path=path, name=path.stem, error=error, line=frames[-1].lineno)) from None
        raise UsageError(_("{path}: exercise spec {name} failed to load: {error}").format(
            path=path, name=path.stem, error=error)) from None


def _load_module(path: Path, *, bundled: bool, index: int) -> SpecModule:
    name = path.stem
    if not name.isidentifier():
        raise UsageError(_("{path}: a spec module is named after the student's file, so its name must be a "
                           "Python identifier").format(path=path))
    module = _import(path, f"grade_exercises_{index}.{name}")
    exercises = getattr(module, "EXERCISES", None)
    if not isinstance(exercises, (list, tuple)) or not all(isinstance(e, Exercise) for e in exercises):
        raise UsageError(_("{path}: EXERCISES = [Exercise(...), ...] is missing or holds something else").format(
            path=path))
    for ex in exercises:
        if "." not in ex.name or ex.module != name or not ex.function.isidentifier():
            raise UsageError(_("{path}: exercise {exercise} must be named '{module}.<function>'").format(
                path=path, exercise=repr(ex.name), module=name))
        if not ex.checks:
            raise UsageError(_("{path}: exercise {exercise} has no checks").format(path=path, exercise=ex.name))
    order = getattr(module, "ORDER", DEFAULT_ORDER)
    if isinstance(order, bool) or not isinstance(order, (int, float)):
        raise UsageError(_("{path}: ORDER must be a number").format(path=path))
    return SpecModule(name, path, float(order), tuple(exercises), bundled)


def load_modules(extra_dirs: Iterable[Path] = ()) -> list[SpecModule]:
    """The bundled spec modules and those of every folder in `extra_dirs`, in grading order."""
    modules: dict[str, SpecModule] = {}
    folders = [(SPECS_DIR, True), *((Path(d), False) for d in extra_dirs)]
    for index, (folder, bundled) in enumerate(folders):
        if not folder.is_dir():
            raise UsageError(_("exercise folder {folder} does not exist (see `exercises:` in grade.yaml)").format(
                folder=folder))
        for path in _spec_files(folder):
            loaded = _load_module(path, bundled=bundled, index=index)
            if loaded.name in modules:
                raise UsageError(_("exercise module {module} is defined twice: {first} and {second}").format(
                    module=loaded.name, first=modules[loaded.name].path, second=path))
            modules[loaded.name] = loaded
    names = [ex.name for m in modules.values() for ex in m.exercises]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise UsageError(_("exercise(s) defined twice: {names}").format(names=", ".join(twice)))
    return sorted(modules.values(), key=lambda m: (m.order, m.name))


def module_names(extra_dirs: Iterable[Path] = ()) -> list[str]:
    """The names of the spec modules (the student files they grade), found without importing any:
    cheap enough to check a submission folder before grading starts. Folders that do not exist are
    left to `load_modules` to report."""
    folders = [SPECS_DIR, *(Path(d) for d in extra_dirs)]
    return sorted({p.stem for folder in folders if folder.is_dir() for p in _spec_files(folder)})


def submission_folder(path: Path | None, modules: Sequence[str]) -> tuple[Path, str | None]:
    """(folder, module): where a student's exercise modules are, and the one module to grade when
    `path` names a module file rather than a folder (None: all of them).

    `modules` are the names the specs grade (`module_names`). Without `path`: ./exercises, else the
    current folder when it holds exercise modules (`grade submit` run from inside `exercises/`). A
    folder without any exercise module is an error at once, saying what was expected, rather than
    a report of every exercise "missing".
    """
    def holds_modules(folder: Path) -> bool:
        return any((folder / f"{m}.py").is_file() for m in modules)

    expected = ", ".join(f"{m}.py" for m in modules[:4]) + (", ..." if len(modules) > 4 else "")
    if path is None:
        if Path("exercises").is_dir():
            return Path("exercises"), None
        if holds_modules(Path(".")):
            return Path("."), None
        raise UsageError(_("no exercises folder here and no exercise modules ({expected}) in this folder: run "
                           "grade submit in your assignment repository, or give the folder with --exercises DIR")
                         .format(expected=expected))
    if path.is_file():
        if path.suffix != ".py" or path.stem not in modules:
            raise UsageError(_("{path} is not an exercise module: --exercises takes your exercises folder, or one "
                               "of its modules ({expected})").format(path=path, expected=expected))
        return path.parent, path.stem
    if not path.is_dir():
        raise UsageError(_("exercises folder not found: {folder} (use --exercises DIR)").format(folder=path))
    if not holds_modules(path):
        nested = path / "exercises"
        if nested.is_dir() and holds_modules(nested):
            raise UsageError(_("no exercise modules in {folder}; did you mean --exercises {nested}?").format(
                folder=path, nested=nested))
        raise UsageError(_("no exercise modules in {folder}: expected files named after the exercises "
                           "({expected})").format(folder=path, expected=expected))
    return path, None


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
        raise UsageError(_("--only needs at least one pattern, e.g. 'activations.*'"))
    selected: set[str] = set()
    for pattern in patterns:
        hits = {ex.name for ex in exercises
                if fnmatch.fnmatchcase(ex.name, pattern)
                or ("." not in pattern and fnmatch.fnmatchcase(ex.module, pattern))}
        if not hits:
            known = ", ".join(sorted({ex.module for ex in exercises})) or _("none")
            raise UsageError(_("--only pattern {pattern} matches no exercise (modules: {modules}; names look like "
                               "'activations.softmax')").format(pattern=repr(pattern), modules=known))
        selected |= hits
    return [ex for ex in exercises if ex.name in selected]
