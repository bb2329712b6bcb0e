"""The answer kinds, each declared once: its settings class, whether it has options, its checker.

Everything kind-dependent is read from here: the settings a question must declare and the
function it must define (checked at load time), the answer text of a key or a listed mistake,
checking (`grader.answers.checking.check_answer`) and the `--kind` choices of the CLI. Adding a
kind means one checker module (see `grader.answers.checker`) and one `register(Kind(...))` line.

Checker modules are imported on first use (`Kind.load_checker()`): listing the bank never imports sympy.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import KeysView
from dataclasses import dataclass
from typing import Any

from grader.answers.checker import Checker
from grader.answers.settings import Choice, Numeric, Settings, Symbolic
from grader.errors import UsageError
from grader.i18n import _

__all__ = ["Kind", "get_kind", "kind_names", "register", "unregister"]


@dataclass(frozen=True)
class Kind:
    """One answer kind.

    - `settings`: the class a question's `META.check` must be an instance of;
    - `checker`: where its checker lives, `"package.module:NAME"`, imported on first use
      (`load_checker`);
    - `uses_options`: True for kinds answered with option letters (the question defines
      `options(params)`, the key is the correct letters), False for kinds with a key
      (`answer(params)`); kinds with options take settings derived from `Choice` (`shuffle`);
    - `skeleton`: the example `grade bank new --kind NAME` writes (a macro of
      `templates/question_skeleton.py.j2`), or None when the kind has none.
    """

    name: str
    settings: type[Settings]
    checker: str
    uses_options: bool = False
    skeleton: str | None = None

    def __post_init__(self) -> None:
        module, _sep, attribute = self.checker.partition(":")
        if not module or not attribute:
            raise ValueError(f"kind {self.name}: checker must look like 'package.module:NAME', got {self.checker!r}")
        if not (isinstance(self.settings, type) and issubclass(self.settings, Settings)):
            raise TypeError(f"kind {self.name}: settings must be a subclass of grader.answers.settings.Settings")
        if self.uses_options and not issubclass(self.settings, Choice):
            raise TypeError(f"kind {self.name}: a kind with options needs settings derived from Choice")

    def load_checker(self) -> Checker[Any]:
        """The kind's checker, imported on first use. A reference that does not resolve is an
        error naming the kind and the reference, never a silent fallback."""
        return _import_checker(self.name, self.checker)


@functools.cache
def _import_checker(kind: str, reference: str) -> Checker[Any]:
    module_name, _sep, attribute = reference.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise UsageError(_("answer kind {kind}: checker module {module} cannot be imported: {error}").format(
            kind=kind, module=module_name, error=exc)) from exc
    checker = getattr(module, attribute, None)
    methods = ("prepare", "judge", "format")
    if checker is None or not all(callable(getattr(checker, method, None)) for method in methods):
        raise UsageError(_("answer kind {kind}: {reference} is not a checker (it needs prepare, judge and "
                           "format)").format(kind=kind, reference=reference))
    return checker


_REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind; a name registered twice is an error (one kind must not silently replace another)."""
    if kind.name in _REGISTRY:
        raise ValueError(f"answer kind {kind.name!r} is already registered")
    _REGISTRY[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove a kind (tests and plugins that add one for a while), and forget its loaded checker."""
    del _REGISTRY[name]
    _import_checker.cache_clear()


def get_kind(name: str) -> Kind:
    """The kind named `name`; UsageError listing the known kinds otherwise."""
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):
        raise UsageError(_("unknown answer kind {name}; expected one of {kinds}").format(
            name=repr(name), kinds=", ".join(_REGISTRY))) from None


def kind_names() -> KeysView[str]:
    """The registered kinds' names, in registration order (a live view)."""
    return _REGISTRY.keys()


# One line per kind. Registration order is the order kinds are listed in messages and help.
register(Kind("choice", Choice, "grader.answers.choice:SINGLE", uses_options=True, skeleton="choice"))
register(Kind("multi", Choice, "grader.answers.choice:MULTI", uses_options=True, skeleton="multi"))
register(Kind("numeric", Numeric, "grader.answers.numeric:CHECKER", skeleton="numeric"))
register(Kind("symbolic", Symbolic, "grader.answers.symbolic:CHECKER", skeleton="symbolic"))
