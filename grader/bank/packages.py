"""Importing a bank's question modules so that they can import the bank's helper modules.

Each bank folder is imported as a package of its own, made here rather than found on `sys.path`:
`grade_bank.<folder name>_<hash of its absolute path>`, with a subpackage for every folder below
it. A question module runs as a submodule of its folder's package (`logistic/ce_gradient_w.py` of the
bundled bank is `grade_bank.question_bank_<hash>.logistic.ce_gradient_w`), so Python's own relative
imports find its helpers: `from ._logistic import gradient` imports `logistic/_logistic.py`,
`from .._shared import x` the bank's top-level `_shared.py`. No `__init__.py` is needed, and none is
run.

Why this way: it is the import system's ordinary mechanism (helpers are cached in `sys.modules`,
tracebacks name the real files), nothing is added to `sys.path`, and because the package name comes
from the folder's path, two banks that both have a `logistic/` folder get two packages: neither
sees the other's helpers. Loading a bank again starts its packages afresh, so an edited helper is
read again. A module that fails to import, question or helper, is one UsageError with its file
and line.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from grader.errors import UsageError
from grader.i18n import _

ROOT_PACKAGE = "grade_bank"


def _package(name: str, folder: Path | None) -> ModuleType:
    """The package `name` searching `folder` for its submodules, made once per load."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
    spec.submodule_search_locations = [str(folder)] if folder is not None else []
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    return module


def _inside(folder: Path, filename: str) -> bool:
    """Whether a traceback's `filename` is a file below `folder` (never `<frozen ...>` and the like)."""
    if filename.startswith("<"):
        return False
    try:
        return Path(filename).resolve().is_relative_to(folder)
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class BankPackage:
    """The package one bank folder is imported as; `name` is its dotted module name."""

    root: Path
    name: str

    @classmethod
    def fresh(cls, root: Path) -> BankPackage:
        """The package for `root`, forgetting the modules of any earlier load of the same folder."""
        resolved = root.resolve()
        digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:10]
        stem = re.sub(r"\W", "_", resolved.name) or "bank"
        name = f"{ROOT_PACKAGE}.{stem}_{digest}"
        for stale in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[stale]
        _package(ROOT_PACKAGE, None)
        _package(name, root)
        return cls(root, name)

    def import_question(self, path: Path, qid: str) -> ModuleType:
        """Import the question module at `path` (below `root`) inside this package."""
        parent, folder = self.name, self.root
        for part in path.relative_to(self.root).parts[:-1]:
            parent, folder = f"{parent}.{part}", folder / part
            _package(parent, folder)
        name = f"{parent}.{path.stem}"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:  # pragma: no cover - a .py path always has a loader
            raise UsageError(_("{path}: question {qid} cannot be imported").format(path=path, qid=qid))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # as the import system does: dataclasses and pickling look it up
        try:
            spec.loader.exec_module(module)
        except Exception as exc:  # an instructor's module failed at import: say where, briefly
            sys.modules.pop(name, None)
            raise self._load_error(exc, path, qid) from None
        return module

    def _load_error(self, exc: Exception, path: Path, qid: str) -> UsageError:
        """One line naming the file and line that failed: the question's own, or that of a helper
        module it imports (the deepest frame of the traceback that lies in the bank)."""
        root = self.root.resolve()
        if isinstance(exc, SyntaxError):
            where, line = exc.filename or str(path), exc.lineno
            what = _("syntax error: {reason}").format(reason=exc.msg)
        else:
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if _inside(root, f.filename)]
            where, line = (frames[-1].filename, frames[-1].lineno) if frames else (str(path), None)
            # Module names as the bank's folders spell them, not the made-up package's.
            what = f"{type(exc).__name__}: {str(exc).replace(self.name + '.', '')}"
        if not _inside(root, where) or Path(where).resolve() == path.resolve():
            if isinstance(exc, SyntaxError):
                return UsageError(_("{path}:{line}: syntax error in question {qid}: {reason}").format(
                    path=path, line=line, qid=qid, reason=exc.msg))
            return UsageError(_("{path}: question {qid} failed to load: {error} (line {line})").format(
                path=path, qid=qid, error=what, line=line))
        rel = Path(where).resolve().relative_to(root)
        helper = ".".join(rel.with_suffix("").parts)
        return UsageError(_("{path}:{line}: helper module {helper} (imported by question {qid}) failed to load: "
                            "{error}").format(path=self.root / rel, line=line, helper=helper, qid=qid, error=what))
