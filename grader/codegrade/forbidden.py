"""Find forbidden operations in a student's code by reading its source, never importing it.

An exercise lists identifiers it forbids (`Exercise.forbidden`, e.g. "sigmoid", "softmax"). Two
checks share the work, and each covers what the other cannot:

**The source scan** (`StudentCode.scan`, or `scan` for one module) parses the student's modules
with `ast`. It starts from the graded function, follows the module-level helpers it calls
(transitively, into the student's other modules when it imports them), and reports

1. every name, attribute, or import alias matching a forbidden identifier: `torch.sigmoid(x)`,
   `x.sigmoid()`, `F.softmax`, `getattr(torch, "sigmoid")`, `from torch import sigmoid as s` (a
   module-level import the function then uses), or a module-level alias `sig = torch.sigmoid`. A
   helper the student wrote themselves is followed, not flagged, even when its name matches
   (`def tanh(x): return 2 * sigmoid(2 * x) - 1` uses *their* sigmoid);
2. every **escape hatch**: a construct that reaches an object by a name computed at run time, runs
   code that is not in the source, or can switch off or forge the run-time record. Concretely:
   `getattr`/`setattr`/`delattr`/`hasattr` unless the name is a string literal, `getattr` and
   friends used as values; `vars`, `globals`, `locals`, `eval`, `exec`, `compile`, `__import__`,
   `breakpoint`, `__builtins__`; dunder attributes other than the harmless ones in
   `_DUNDERS_ALLOWED` (so `__dict__`, `__getattribute__`, `__getattr__`, `__globals__`,
   `__code__`, `__subclasses__`, `__torch_function__` …), defining `__getattr__` or
   `__getattribute__`, and assigning the attributes the run-time record reads (`__name__`,
   `__qualname__`, `__module__` …); private names (`_x`) of imported modules (`torch._C`, `F._x`,
   `torch.Tensor._y`, `sys._getframe`; `os._exit` is allowed: it only ends the process) and of
   any object the student did not make themselves (theirs are `self`, `cls`, `super()`, the
   parameters of their own methods, the module's own functions and classes and locals holding an
   instance of one: `a = Acc(); a._n`); the modules in `_MODULES` (importlib,
   inspect, ctypes, gc, pickle, subprocess, threading, `__main__`, `torch.overrides`, `torch.jit`
   …), the names in `_DOTTED` (`sys.modules`, `operator.attrgetter`, `operator.methodcaller`,
   `torch.ops`, `torch.load`, `os.fork` …), the attribute names in `_ATTRIBUTES` whatever object
   they are read from (`DisableTorchFunction`, `TorchFunctionMode`, `overrides`, frame internals
   such as `f_globals` …), `functools.wraps(...)` applied other than as a decorator, the
   unpickling keywords `weights_only=False` / `allow_pickle=True`, and `num_workers=` other than 0
   (worker processes). Aliases, module-level and local, are resolved (`T = torch; T._C` is
   `torch._C`). Threads and processes count because the run-time record only watches the calling
   thread of the grading process.

Where a finding counts (an exercise that forbids nothing has nothing to hide and is not scanned):
- in the graded function or a helper it reaches: that exercise scores 0 (it then never runs);
- in code that runs when a module is imported (everything outside function bodies: module-level
  statements, class bodies, decorators and default values, and every helper that code names) of
  any module loaded into the grading process — the modules graded in this run and the student's
  modules they import: **every** graded exercise scores 0, since that code runs in the same
  process before any of them is called and can switch the run-time record off for all. Forbidden
  *names* there count only when a graded function reaches them, as above. Blocks under
  `if __name__ == "__main__":` never run when the grader imports the module and are skipped
  (assigning `__name__` is itself an escape hatch).

Allowed on purpose (common in student code, harmless): `getattr(x, "shape", None)` and other
literal names, `super().__init__()`, `x.__class__`, `type(x).__name__`, `__name__`, `__file__`,
`__doc__`, operator dunders (`x.__add__(y)`, defining `__eq__`, `torch.Tensor.__eq__ = ...`),
`self._cache`, `dir()`, `os._exit`, `torch.compile`, `os`/`sys` in general.

**The run-time record** (`runtime_hits`): the child process records, with a TorchFunctionMode, the
torch functions the student's call reached (`grader/codegrade/sandbox/child.py`), and the grader
checks their names too. It sees what the source scan cannot follow: a forbidden function reached
through library code, through a value stored in a container, another module's global or a torch
attribute by code elsewhere. The record is produced inside the untrusted child; the source scan's
escape hatches are exactly the known ways to switch it off or forge it, so with none of them in
anything that runs, the record can be trusted. A record filled to its cap
(`protocol.MAX_RECORDED` distinct names) cannot be, and counts as a hit.

What is still not caught (documented on purpose, see the README's "Code exercises" section):
- escape routes the lists above do not know of: they list the Python and PyTorch mechanisms
  known to reach objects by computed names, run hidden code, run code outside the watched thread
  or reach the interpreter's internals; they are not a proof. Known and left to the sandbox:
  writing the process's own memory through `/proc/self/mem`, and writing forged replies into the
  grader's channel (whose protocol checks stand there);
- a forbidden operation under another name the exercise does not list (an equivalent function),
  which the spec's `forbidden` tuple must name.
A forbidden operation that slips past both only earns the points the outputs deserve: scores are
always decided by comparing outputs in the grading process.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from grader.codegrade.protocol import MAX_RECORDED
from grader.i18n import N_, _

# Why a construct is an escape hatch (the text after the line number in the report).
# Marked for translation, translated when a finding is shown.
BY_NAME = N_("looks up an attribute by a name computed at run time")
NAMESPACE = N_("reads a namespace as a dictionary")
CODE = N_("runs code that is not in the source")
RECORD = N_("can switch off or forge the run-time check")
INTERNALS = N_("reaches the interpreter's internals")
PRIVATE = N_("a private name")
IMPORTS = N_("reaches the import system")
ELSEWHERE = N_("runs code where the run-time check cannot see it")
PICKLE = N_("loads objects (and code) from bytes")

# Modules whose import is an escape hatch wherever it happens, with everything below them.
_MODULES: dict[str, str] = {
    "importlib": IMPORTS, "imp": IMPORTS, "pkgutil": IMPORTS, "zipimport": IMPORTS, "runpy": CODE,
    "builtins": INTERNALS, "__main__": INTERNALS, "inspect": INTERNALS, "gc": INTERNALS,
    "ctypes": INTERNALS, "cffi": INTERNALS, "trace": INTERNALS, "bdb": INTERNALS, "pdb": INTERNALS,
    "code": CODE, "codeop": CODE, "pydoc": BY_NAME,
    "pickle": PICKLE, "marshal": PICKLE, "shelve": PICKLE, "dill": PICKLE, "cloudpickle": PICKLE,
    "joblib": PICKLE, "copyreg": PICKLE,
    "subprocess": ELSEWHERE, "pty": ELSEWHERE, "threading": ELSEWHERE, "concurrent": ELSEWHERE,
    "multiprocessing": ELSEWHERE, "torch.multiprocessing": ELSEWHERE, "torch.distributed": ELSEWHERE,
    "torch.overrides": RECORD, "torch.jit": CODE, "torch.fx": CODE, "torch.library": CODE,
    "torch.hub": CODE, "torch.package": CODE, "torch.utils.cpp_extension": CODE,
    "torch.serialization": PICKLE,
}
# Names, as resolved through imports and aliases (`import sys as s; s.modules`), that are escape
# hatches, with everything below them. Checked on attribute chains and on imports.
_DOTTED: dict[str, str] = {
    **_MODULES,
    "sys.modules": IMPORTS, "sys.meta_path": IMPORTS, "sys.path_hooks": IMPORTS,
    "sys.path_importer_cache": IMPORTS, "sys.path": IMPORTS,
    "sys.settrace": INTERNALS, "sys.setprofile": INTERNALS, "sys.monitoring": INTERNALS,
    "sys.addaudithook": INTERNALS,
    "operator.attrgetter": BY_NAME, "operator.methodcaller": BY_NAME,
    "typing.get_type_hints": CODE, "typing.ForwardRef": CODE, "string.Formatter": BY_NAME,
    "types.FunctionType": CODE, "types.CodeType": CODE, "types.LambdaType": CODE,
    "functools.update_wrapper": RECORD,
    "os.system": ELSEWHERE, "os.popen": ELSEWHERE, "os.fork": ELSEWHERE, "os.forkpty": ELSEWHERE,
    "os.register_at_fork": ELSEWHERE, "os.posix_spawn": ELSEWHERE, "os.posix_spawnp": ELSEWHERE,
    **{f"os.{name}": ELSEWHERE for name in ("execl", "execle", "execlp", "execlpe", "execv", "execve", "execvp",
                                            "execvpe", "spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv",
                                            "spawnve", "spawnvp", "spawnvpe")},
    "torch.ops": BY_NAME, "torch.classes": CODE, "torch.load": PICKLE,
}
# Attribute names that are escape hatches whatever object they are read from: they are unusual
# enough in student code that no alias or container (`[sys][0].settrace`) can hide them.
_ATTRIBUTES: dict[str, str] = {
    "DisableTorchFunction": RECORD, "DisableTorchFunctionSubclass": RECORD, "TorchFunctionMode": RECORD,
    "TorchDispatchMode": RECORD, "overrides": RECORD,
    "attrgetter": BY_NAME, "methodcaller": BY_NAME, "get_type_hints": CODE, "ForwardRef": CODE,
    "FunctionType": CODE, "CodeType": CODE, "update_wrapper": RECORD,
    "jit": CODE, "hub": CODE, "cpp_extension": CODE, "load_inline": CODE, "CompilationUnit": CODE,
    "settrace": INTERNALS, "setprofile": INTERNALS, "meta_path": IMPORTS, "path_hooks": IMPORTS,
    "path_importer_cache": IMPORTS, "register_at_fork": ELSEWHERE, "forkpty": ELSEWHERE,
    **{name: INTERNALS for name in ("f_globals", "f_locals", "f_builtins", "f_back", "f_code", "f_trace",
                                     "tb_frame", "tb_next", "gi_frame", "gi_code", "cr_frame", "cr_code",
                                     "ag_frame", "ag_code", "co_code", "co_consts", "co_names")},
}
# `.modules` is a common word (`torch.nn.modules`): flagged where it resolves to `sys.modules`, and
# on any object whose origin the scan cannot tell (`[sys][0].modules`).
_UNKNOWN_ROOT_ATTRIBUTES = {"modules": IMPORTS}
# Builtins that reach objects or run code by name (unless the student defines the name).
_BUILTINS: dict[str, str] = {
    "vars": NAMESPACE, "globals": NAMESPACE, "locals": NAMESPACE, "eval": CODE, "exec": CODE, "compile": CODE,
    "__import__": IMPORTS, "breakpoint": INTERNALS, "__builtins__": INTERNALS, "__build_class__": INTERNALS,
    "__loader__": IMPORTS, "__spec__": IMPORTS,
}
_ATTR_BUILTINS = {"getattr": 1, "setattr": 1, "delattr": 1, "hasattr": 1}  # name -> index of the name argument
# Dunder attributes a student may read: the object model's basics and the operators.
_OPERATORS = ("add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "divmod", "pow", "lshift", "rshift",
              "and", "or", "xor")
_DUNDERS_ALLOWED = frozenset({
    "__init__", "__name__", "__qualname__", "__doc__", "__class__", "__module__", "__version__", "__file__",
    "__call__", "__len__", "__getitem__", "__setitem__", "__contains__", "__iter__", "__next__", "__bool__",
    "__int__", "__float__", "__index__", "__round__", "__abs__", "__neg__", "__pos__", "__invert__", "__repr__",
    "__str__", "__format__", "__hash__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__",
    *(f"__{p}{op}__" for op in _OPERATORS for p in ("", "r", "i")),
})
# Dunder names (not attributes) a student may read.
_DUNDER_NAMES_ALLOWED = frozenset({"__name__", "__file__", "__doc__", "__debug__", "__class__", "__qualname__",
                                   "__module__", "__all__", "__version__"})
# Attributes whose assignment changes what the run-time record reads, or how names are looked up.
_DUNDERS_NOT_ASSIGNABLE = frozenset({
    "__name__", "__qualname__", "__module__", "__code__", "__globals__", "__dict__", "__class__", "__defaults__",
    "__kwdefaults__", "__closure__", "__wrapped__", "__torch_function__", "__torch_dispatch__", "__getattr__",
    "__getattribute__", "__setattr__", "__delattr__", "__builtins__", "__signature__",
})
# Names whose module-level assignment or definition is an escape hatch.
_NAMES_NOT_ASSIGNABLE = frozenset({"__name__", "__builtins__", "__getattr__", "__getattribute__", "__spec__",
                                   "__loader__", "__import__", "__dict__"})
_PRIVATE_ALLOWED = frozenset({"os._exit"})
_OWN_ROOTS = frozenset({"self", "cls"})
_MAX_TEXT = 60  # characters of source quoted in a finding


@dataclass(frozen=True)
class Finding:
    """One forbidden use: `text` as written in the source (e.g. "torch.softmax") and its line.

    `why` is empty for a forbidden identifier, and says why the construct is an escape hatch
    otherwise. `file` names another module of the submission ("helpers.py"); it is empty for the
    graded module itself. `at_import` marks code that runs when a module is imported.
    """

    text: str
    line: int
    why: str = ""
    file: str = ""
    at_import: bool = False

    def __str__(self) -> str:
        if self.file:
            where = _("{file} line {line}").format(file=self.file, line=self.line)
        else:
            where = _("line {line}").format(line=self.line)
        if self.at_import:
            where = _("{where}, at import").format(where=where)
        if self.why:
            return _("{text} ({where}: {why})").format(text=self.text, where=where, why=_(self.why))
        return _("{text} ({where})").format(text=self.text, where=where)


def _dotted(node: ast.AST) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # deeply nested hostile code: RecursionError
        text = getattr(node, "attr", getattr(node, "id", "?"))
    text = " ".join(text.split())
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT - 1] + "…"


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _is_private(name: str) -> bool:
    return name.startswith("_") and not _is_dunder(name)


def _literal_name(call: ast.Call) -> str | None:
    """The attribute name of `getattr(obj, "name", ...)` and friends, when it is a string literal."""
    func = call.func
    if not isinstance(func, ast.Name) or func.id not in _ATTR_BUILTINS or len(call.args) < 2:
        return None
    if any(isinstance(a, ast.Starred) for a in call.args[:2]) or (call.keywords and func.id != "getattr"):
        return None
    arg = call.args[_ATTR_BUILTINS[func.id]]
    return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None


def _is_main_guard(node: ast.AST) -> bool:
    """`if __name__ == "__main__":` (either way round)."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    test = node.test
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    consts = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
    return len(names) == 1 and len(consts) == 1


def _def_time_parts(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> list[ast.AST]:
    """The parts of a definition evaluated when it is executed: decorators, defaults, annotations."""
    a = node.args
    parts: list[ast.AST] = [*a.defaults, *(d for d in a.kw_defaults if d is not None)]
    if not isinstance(node, ast.Lambda):
        parts += node.decorator_list
        parts += [arg.annotation for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]
                  if arg is not None and arg.annotation is not None]
        if node.returns is not None:
            parts.append(node.returns)
    return parts


def _import_time_nodes(tree: ast.Module) -> Iterator[ast.AST]:
    """Every node of the code that runs when the module is imported: all but function bodies and
    `if __name__ == "__main__":` blocks. Iterative: hostile code may nest deeper than the stack."""
    stack: list[ast.AST] = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield node
            stack.extend(reversed(_def_time_parts(node)))
        elif _is_main_guard(node):
            assert isinstance(node, ast.If)
            stack.extend(reversed(node.orelse))
        else:
            yield node
            stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _module_statements(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements, inside `if`/`try`/`with`/loops too, but not in functions, classes or
    a main guard: where module-level names are bound."""
    stack = list(reversed(list(body)))
    while stack:
        stmt = stack.pop()
        if _is_main_guard(stmt):
            assert isinstance(stmt, ast.If)
            stack.extend(reversed(stmt.orelse))
            continue
        yield stmt
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        # if / for / while / with / try / match: their blocks run at module level too
        inner: list[ast.stmt] = []
        for field in ("body", "orelse", "finalbody"):
            inner += [s for s in getattr(stmt, field, []) if isinstance(s, ast.stmt)]
        for clause in [*getattr(stmt, "handlers", []), *getattr(stmt, "cases", [])]:
            inner += clause.body
        stack.extend(reversed(inner))


def _import_targets(node: ast.Import | ast.ImportFrom) -> Iterator[tuple[str, str]]:
    """(bound name, dotted name it stands for) for each name an import binds. Relative imports are
    skipped: student modules are top-level, they cannot be imported that way."""
    if isinstance(node, ast.ImportFrom):
        if node.level or not node.module:
            return
        for alias in node.names:
            if alias.name != "*":
                yield alias.asname or alias.name, f"{node.module}.{alias.name}"
    else:
        for alias in node.names:
            # `import a.b.c` binds `a`; `import a.b.c as x` binds x to a.b.c
            yield (alias.asname, alias.name) if alias.asname else (alias.name.split(".")[0], alias.name.split(".")[0])


def _imported_modules(node: ast.Import | ast.ImportFrom) -> list[str]:
    """Every dotted name an import statement names (for the escape-hatch tables): for `from a import
    b, c`, "a" first, then "a.b" and "a.c"."""
    if isinstance(node, ast.ImportFrom):
        if node.level or not node.module:
            return []
        return [node.module, *(f"{node.module}.{a.name}" for a in node.names if a.name != "*")]
    return [a.name for a in node.names]


def _hatch_of_dotted(dotted: str) -> str | None:
    """Why a fully resolved dotted name (`torch._C.X`, `sys.modules`) is an escape hatch, if it is."""
    parts = dotted.split(".")
    for i in range(1, len(parts) + 1):
        prefix = ".".join(parts[:i])
        if prefix in _DOTTED:
            return _DOTTED[prefix]
        part = parts[i - 1]
        if _is_private(part) and prefix not in _PRIVATE_ALLOWED:
            return PRIVATE
        if i > 1 and part in _ATTRIBUTES:
            return _ATTRIBUTES[part]
        if i > 1 and _is_dunder(part) and part not in _DUNDERS_ALLOWED:
            return INTERNALS
    return None


def _import_hits(node: ast.Import | ast.ImportFrom, forbidden: frozenset[str],
                 is_student: Callable[[str], bool]) -> Iterator[tuple[str, str]]:
    """(bound name, imported text) for each alias of an import statement that brings in a forbidden
    name. What comes from the student's own modules is followed instead."""
    if isinstance(node, ast.ImportFrom) and (node.level or not node.module or is_student(node.module.split(".")[0])):
        return
    for alias in node.names:
        parts = alias.name.split(".")
        if isinstance(node, ast.ImportFrom):
            parts = [*(node.module or "").split("."), *parts]
        elif is_student(parts[0]):
            continue
        if any(p in forbidden for p in parts) or (alias.asname and alias.asname in forbidden):
            bound = alias.asname or alias.name.split(".")[0]
            base = f"{node.module}." if isinstance(node, ast.ImportFrom) and node.module else ""
            yield bound, base + alias.name


def _chain(node: ast.AST) -> tuple[ast.AST, list[str]]:
    """The root of an attribute chain and the names read from it, outwards: `torch._C.X` ->
    (Name torch, ["_C", "X"]). `getattr(obj, "name")` counts as `obj.name`."""
    names: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" \
                and (literal := _literal_name(node)) is not None:
            names.append(literal)
            node = node.args[0]
        else:
            return node, names[::-1]


def _resolve(node: ast.AST, bindings: dict[str, list[str]]) -> list[str]:
    """The dotted names an expression stands for, when it is a name or attribute chain of an import."""
    root, names = _chain(node)
    if not isinstance(root, ast.Name) or root.id not in bindings:
        return []
    return [".".join([d, *names]) for d in bindings[root.id]]


def _aliases(bindings: dict[str, list[str]], assigned: Iterable[tuple[str, ast.AST]]) -> None:
    """Add pure aliases of imported names (`T = torch`, `G = T.nn.functional`) to `bindings`, to a
    fixed point."""
    assigned = list(assigned)
    changed = True
    while changed:
        changed = False
        for name, value in assigned:
            for dotted in _resolve(value, bindings):
                if dotted not in bindings.setdefault(name, []):
                    bindings[name].append(dotted)
                    changed = True


def _first_direct_hit(node: ast.AST, forbidden: frozenset[str], tainted: dict[str, Finding]) -> Finding | None:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and sub.attr in forbidden:
            return Finding(_dotted(sub), sub.lineno)
        if isinstance(sub, ast.Name):
            if sub.id in forbidden:
                return Finding(sub.id, sub.lineno)
            if sub.id in tainted:
                return Finding(f"{sub.id} = {tainted[sub.id].text}", sub.lineno)
    return None


def _provided_by_environment(name: str) -> bool:
    """Whether the grading environment has a top-level module `name`: the child finds it before the
    student's file of that name (it puts the submission last on its path), so a student's
    `torch.py` is never the `torch` their code imports."""
    return name in sys.stdlib_module_names or name in _installed_modules()


@functools.cache
def _installed_modules() -> frozenset[str]:
    try:
        return frozenset(importlib.metadata.packages_distributions())
    except Exception:  # pragma: no cover - broken metadata: the standard library is still known
        return frozenset()


class _Module:
    """Module-level definitions of one of the student's files."""

    def __init__(self, name: str, tree: ast.Module, is_student: Callable[[str], bool]) -> None:
        self.name = name
        self.tree = tree
        self.is_student = is_student
        self.functions: dict[str, ast.AST] = {}  # name -> def / class / assigned value: followed when used
        self.own: set[str] = set()  # the module's own functions and classes
        self.bindings: dict[str, list[str]] = {}  # name -> dotted names it stands for (imports, pure aliases)
        self.star_imports: list[str] = []  # the student's modules imported with `*`
        for node in _module_statements(tree.body):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.functions[node.name] = node
                self.own.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for bound, dotted in _import_targets(node):
                    self.bindings.setdefault(bound, []).append(dotted)
                if isinstance(node, ast.ImportFrom) and node.module and not node.level \
                        and any(a.name == "*" for a in node.names) and is_student(node.module):
                    self.star_imports.append(node.module)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        self.functions.setdefault(target.id, node.value)
        _aliases(self.bindings, [(n, v) for n, v in self.functions.items() if n not in self.own])
        self._tainted: dict[frozenset[str], dict[str, Finding]] = {}

    def tainted(self, forbidden: frozenset[str]) -> dict[str, Finding]:
        """Module-level names bound to something forbidden: imports and (chains of) aliases of it."""
        if forbidden not in self._tainted:
            tainted: dict[str, Finding] = {}
            for node in _module_statements(self.tree.body):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    for bound, text in _import_hits(node, forbidden, self.is_student):
                        tainted[bound] = Finding(text, node.lineno)
            changed = True
            while changed:  # aliases of aliases (`sig = torch.sigmoid; s = sig`)
                changed = False
                for name, value in self.functions.items():
                    if name in tainted or name in self.own or isinstance(value, ast.Lambda):
                        continue
                    hit = _first_direct_hit(value, forbidden, tainted)
                    if hit is not None:
                        tainted[name] = hit
                        changed = True
            self._tainted[forbidden] = tainted
        return self._tainted[forbidden]


def _local_names(root: ast.AST) -> set[str]:
    """Parameters and names assigned inside a function, or a class's methods (they shadow
    module-level names)."""
    names: set[str] = set()
    if isinstance(root, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        a = root.args
        for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]:
            if arg is not None:
                names.add(arg.arg)
    if isinstance(root, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        for node in ast.walk(root):
            if node is root:
                continue
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
    return names


class _Visit:
    """One pass over a function and what it contains (or over a module's import-time code): its
    findings, and the student's definitions it uses (to be followed)."""

    def __init__(self, code: StudentCode, module: _Module, nodes: list[ast.AST], forbidden: frozenset[str], *,
                 root: ast.AST | None = None) -> None:
        self.code = code
        self.module = module
        self.forbidden = forbidden
        self.at_import = root is None
        self.findings: list[Finding] = []
        self.reached: list[tuple[str, str]] = []
        self.tainted = module.tainted(forbidden) if forbidden else {}
        self.local: set[str] = set()
        self.own_locals: set[str] = set()  # locals holding an instance of the module's own class (`a = Acc()`)
        self.bindings = module.bindings
        if root is not None:
            self.local = _local_names(root)
            self.bindings = {k: list(v) for k, v in module.bindings.items() if k not in self.local}
            assigned: list[tuple[str, ast.AST]] = []
            for node in nodes:
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    for bound, dotted in _import_targets(node):
                        self.bindings.setdefault(bound, []).append(dotted)
                elif isinstance(node, ast.Assign):
                    assigned += [(t.id, node.value) for t in node.targets if isinstance(t, ast.Name)]
                    value = node.value
                    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                            and value.func.id in module.own and value.func.id not in self.local:
                        self.own_locals.update(t.id for t in node.targets if isinstance(t, ast.Name))
                elif isinstance(node, ast.NamedExpr):
                    assigned.append((node.target.id, node.value))
            _aliases(self.bindings, assigned)
        # The parameters of the student's own methods (`other` in `__add__(self, other)`) hold their own
        # objects: their private names are theirs to use.
        for node in nodes:
            if isinstance(node, ast.ClassDef):
                for method in node.body:
                    if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        a = method.args
                        self.own_locals |= {arg.arg for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs]}
        # Nodes that are part of a longer attribute chain: the chain is checked once, whole, from its head.
        self.inner: set[int] = set()
        self.literal: set[int] = set()  # `getattr` & co. called with a literal name: fine
        self.calls: dict[int, ast.Call] = {}  # called expression -> the call (to quote a call whole)
        for node in nodes:
            if isinstance(node, ast.Attribute):
                self.inner.add(id(node.value))
            elif isinstance(node, ast.Call):
                self.calls[id(node.func)] = node
            if isinstance(node, ast.Call) and _literal_name(node) is not None:
                self.literal.add(id(node.func))
                if isinstance(node.func, ast.Name) and node.func.id == "getattr":
                    self.inner.add(id(node.args[0]))
        for node in nodes:
            self._node(node)

    # -- recording

    def _hatch(self, node: ast.AST, text: str, why: str) -> None:
        self.findings.append(Finding(text, getattr(node, "lineno", 0), why, at_import=self.at_import))

    def _forbidden(self, node: ast.AST, text: str) -> None:
        if not self.at_import:
            self.findings.append(Finding(text, getattr(node, "lineno", 0)))

    def _student(self, dotted: str) -> bool:
        """Whether a dotted name lies in one of the student's modules; if so, follow what it names."""
        parts = dotted.split(".")
        other = self.code.module(parts[0])
        if other is None:
            return False
        if len(parts) == 1:  # the module object itself: any of its definitions may be used
            self.reached += [(other.name, n) for n in other.functions]
        else:
            self.reached.append((other.name, parts[1]))
        return True

    def _star_import(self, name: str) -> str | None:
        """The student's module that `from m import *` took `name` from, if any."""
        for star in self.module.star_imports:
            other = self.code.module(star)
            if other is not None and name in other.functions:
                return star
        return None

    def _builtin(self, name: str) -> bool:
        """Whether `name` means the builtin: the student has not bound it."""
        return name not in self.local and name not in self.module.functions and name not in self.bindings

    # -- nodes

    def _node(self, node: ast.AST) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            self._import(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            # a method only matters where its class is used; a module's own `__getattr__` (PEP 562)
            # answers any import of a missing name
            if node.name in ("__getattr__", "__getattribute__") and \
                    (not self.at_import or self.module.functions.get(node.name) is node):
                self._hatch(node, f"def {node.name}", BY_NAME)
        elif isinstance(node, ast.Call):
            self._call(node)
        elif isinstance(node, ast.Attribute):
            if id(node) not in self.inner:
                self._attribute_chain(node, node)
            if node.attr in self.forbidden:
                self._forbidden(node, _dotted(node))
        elif isinstance(node, ast.Name):
            self._name(node)

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        dotted_names = _imported_modules(node)
        imported = dotted_names[1:] if isinstance(node, ast.ImportFrom) else dotted_names
        specific = [_ATTRIBUTES[d.rsplit(".", 1)[-1]] for d in imported if d.rsplit(".", 1)[-1] in _ATTRIBUTES]
        why = next((w for w in [*specific, *map(_hatch_of_dotted, dotted_names)] if w is not None), None)
        if why is not None:
            self._hatch(node, _dotted(node), why)
        for _bound, text in _import_hits(node, self.forbidden, self.code.is_student):
            self._forbidden(node, text)

    def _call(self, node: ast.Call) -> None:
        for kw in node.keywords:
            value = kw.value.value if isinstance(kw.value, ast.Constant) else None
            if (kw.arg == "weights_only" and value is not True) or (kw.arg == "allow_pickle" and value is not False) \
                    or kw.arg == "pickle_module":
                self._hatch(node, _dotted(node), PICKLE)
            elif kw.arg == "num_workers" and value != 0:  # DataLoader's worker processes
                self._hatch(node, _dotted(node), ELSEWHERE)
        # `functools.wraps(f)(g)` renames g: only the decorator form (the student's own wrapper) is fine
        if isinstance(node.func, ast.Call):
            inner = node.func.func
            if "functools.wraps" in _resolve(inner, self.bindings) or \
                    (isinstance(inner, ast.Attribute) and inner.attr == "wraps"):
                self._hatch(node, _dotted(node), RECORD)
        func = node.func
        name = _literal_name(node)
        if not isinstance(func, ast.Name) or name is None or not self._builtin(func.id):
            return
        if func.id in ("setattr", "delattr"):  # `setattr(obj, "x", v)` is `obj.x = v`
            target = ast.copy_location(ast.Attribute(value=node.args[0], attr=name, ctx=ast.Store()), node)
            self._attribute_chain(target, node)
        elif func.id == "getattr" and id(node) not in self.inner:
            self._attribute_chain(node, node)
        if name in self.forbidden and func.id != "hasattr":
            self._forbidden(node, _dotted(node))

    def _name(self, node: ast.Name) -> None:
        ident = node.id
        if isinstance(node.ctx, ast.Store):
            if ident in _NAMES_NOT_ASSIGNABLE:
                self._hatch(node, f"{ident} = ...", INTERNALS)
            return
        if isinstance(node.ctx, ast.Del) or (ident in self.local and ident not in self.bindings):
            return
        if ident in self.tainted:
            text = self.tainted[ident].text
            self._forbidden(node, ident if text.endswith(ident) else f"{ident} = {text}")
        elif ident in self.module.functions:
            self.reached.append((self.module.name, ident))  # the student's own helper: follow it
        elif ident in self.bindings:
            # an imported name: follow it into the student's modules (a chain's root is followed by
            # the chain, for the attribute it reads); a library's name can still be forbidden
            if id(node) in self.inner:
                theirs = any(self.code.module(d.split(".")[0]) for d in self.bindings[ident])
            else:
                theirs = any([self._student(d) for d in self.bindings[ident]])
            if not theirs and ident in self.forbidden:
                self._forbidden(node, ident)
        elif (star := self._star_import(ident)) is not None:
            self.reached.append((star, ident))
        elif ident in _ATTR_BUILTINS:
            if id(node) not in self.literal:
                self._hatch(node, _dotted(self.calls.get(id(node), node)), BY_NAME)
        elif ident in _BUILTINS:
            self._hatch(node, _dotted(self.calls.get(id(node), node)), _BUILTINS[ident])
        elif _is_dunder(ident) and ident not in _DUNDER_NAMES_ALLOWED:
            self._hatch(node, ident, INTERNALS)
        elif ident in self.forbidden:
            # a builtin, a star import or an undefined name: flag it, it cannot be the student's own
            self._forbidden(node, ident)

    def _attribute_chain(self, head: ast.AST, where: ast.AST) -> None:
        """Check a whole attribute chain (`torch._C.DisableTorchFunction`, `getattr(x, "y").z`) once,
        and follow it into the student's modules."""
        root, names = _chain(head)
        store = isinstance(head, ast.Attribute) and isinstance(head.ctx, (ast.Store, ast.Del))
        dotted_roots: list[str] = []  # what the root stands for, when it is an import or alias
        own = False  # the student's own object: its private names are theirs to use
        if isinstance(root, ast.Name):
            dotted_roots = self.bindings.get(root.id, [])
            own = root.id in _OWN_ROOTS or root.id in self.own_locals or (root.id in self.module.own
                                                                         and root.id not in self.local)
        elif isinstance(root, ast.Call) and isinstance(root.func, ast.Name) and root.func.id == "super":
            own = True
        theirs = False
        for dotted in dotted_roots:
            theirs = self._student(".".join([dotted, *names])) or theirs
        specific = next((_ATTRIBUTES[n] for n in names if n in _ATTRIBUTES), None)
        if specific is not None:  # `torch._C.DisableTorchFunction`: say what it does, not just that it is private
            self._hatch(where, _dotted(where), specific)
            return
        for i, name in enumerate(names):
            why: str | None = None
            if _is_dunder(name):
                if i == len(names) - 1 and store:
                    why = INTERNALS if name in _DUNDERS_NOT_ASSIGNABLE else None
                elif name not in _DUNDERS_ALLOWED:
                    why = INTERNALS
            elif not dotted_roots and not own:
                if _is_private(name):
                    why = PRIVATE
                elif name in _UNKNOWN_ROOT_ATTRIBUTES:
                    why = _UNKNOWN_ROOT_ATTRIBUTES[name]
            elif dotted_roots and not (theirs and _is_private(name)):
                for dotted in dotted_roots:
                    why = why or _hatch_of_dotted(".".join([dotted, *names[:i + 1]]))
            if why is not None:
                self._hatch(where, _dotted(where), why)
                return


class StudentCode:
    """The student's modules as the grading process runs them, read lazily by module name.

    `read` returns a module's syntax tree, or None when the submission has no such module (or it
    does not parse: it then fails at import and runs nothing). `loaded` names the modules the
    grading process imports (those graded in this run); their import-time code, and that of every
    module of the student's they import, runs before any graded function.
    """

    def __init__(self, read: Callable[[str], ast.Module | None], *, loaded: Iterable[str]) -> None:
        self._read = read
        self._loaded = sorted(set(loaded))
        self._modules: dict[str, _Module | None] = {}
        self._import_time: list[tuple[str, Finding]] | None = None

    def module(self, name: str) -> _Module | None:
        """The student's module `name`, or None when that name is not one of theirs at run time."""
        if name not in self._modules:
            self._modules[name] = None  # meanwhile: a module importing itself is not re-entered
            tree = self._read(name) if name.isidentifier() else None
            if tree is not None and (name in self._loaded or not _provided_by_environment(name)):
                self._modules[name] = _Module(name, tree, self.is_student)
        return self._modules[name]

    def is_student(self, name: str) -> bool:
        return self.module(name) is not None

    def _walk(self, module: str, function: str, forbidden: frozenset[str]) -> list[tuple[str, Finding]]:
        """Findings in `module.function` and in everything of the student's it reaches, as (module, finding)."""
        found: list[tuple[str, Finding]] = []
        seen: set[tuple[str, str]] = set()
        todo = [(module, function)]
        while todo:
            key = todo.pop()
            mod = self.module(key[0])
            if key in seen or mod is None:
                continue
            seen.add(key)
            tainted = mod.tainted(forbidden) if forbidden else {}
            if key[1] in tainted and key[1] not in mod.own:  # `softmax = torch.softmax`, reached from elsewhere
                found.append((mod.name, tainted[key[1]]))
                continue
            root = mod.functions.get(key[1])
            if root is None:
                continue
            visit = _Visit(self, mod, list(ast.walk(root)), forbidden, root=root)
            found += [(mod.name, f) for f in visit.findings]
            todo += visit.reached
        return found

    def import_time(self) -> list[tuple[str, Finding]]:
        """Escape hatches in the code that runs when the loaded modules, and the student's modules
        they import, are imported (and in the student's definitions that code names)."""
        if self._import_time is None:
            found: dict[tuple[str, str, int], tuple[str, Finding]] = {}
            done: set[str] = set()
            todo = list(self._loaded)
            while todo:
                name = todo.pop()
                mod = self.module(name)
                if name in done or mod is None:
                    continue
                done.add(name)
                visit = _Visit(self, mod, list(_import_time_nodes(mod.tree)), frozenset())
                hits = [(name, f) for f in visit.findings]
                for other, function in visit.reached:
                    hits += [(m, Finding(f.text, f.line, f.why, at_import=True))
                             for m, f in self._walk(other, function, frozenset())]
                for m, f in hits:
                    found.setdefault((m, f.text, f.line), (m, f))
                # the student's modules this one imports, wherever (a function's import runs when called)
                for node in _nodes_but_main_guard(mod.tree):
                    if isinstance(node, (ast.Import, ast.ImportFrom)):
                        todo += [d.split(".")[0] for d in _imported_modules(node)]
            self._import_time = list(found.values())
        return self._import_time

    def scan(self, module: str, function: str, forbidden: Sequence[str]) -> list[Finding]:
        """What counts against the exercise `module.function`: forbidden uses and escape hatches in it
        and what it reaches, and escape hatches in any import-time code; the graded module's own
        first, in line order.

        An exercise that forbids nothing has nothing to hide: it gets []. So does an unknown
        `function` (the grader reports it as missing).
        """
        forbidden_set = frozenset(forbidden)
        mod = self.module(module)
        if not forbidden_set or mod is None or (function not in mod.functions
                                                and function not in mod.tainted(forbidden_set)):
            return []
        unique: dict[tuple[str, str, int], Finding] = {}
        for m, f in self.import_time() + self._walk(module, function, forbidden_set):  # "at import" wins
            f = Finding(f.text, f.line, f.why, "" if m == module else f"{m}.py", f.at_import)
            unique.setdefault((f.file, f.text, f.line), f)
        return sorted(unique.values(), key=lambda f: (f.file, f.line, f.text))


def _nodes_but_main_guard(tree: ast.Module) -> Iterator[ast.AST]:
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if _is_main_guard(node):
            assert isinstance(node, ast.If)
            stack.extend(node.orelse)
        else:
            yield node
            stack.extend(ast.iter_child_nodes(node))


def scan(source: str, function: str, forbidden: Sequence[str], *, filename: str = "<student>",
         others: Mapping[str, str] | None = None) -> list[Finding]:
    """`StudentCode.scan` for one module graded alone (`others`: the submission's other modules, by
    name, as source text).

    Raises SyntaxError when the source does not parse (the caller reports the module as broken).
    """
    tree = ast.parse(source, filename=filename)
    stem = Path(filename).stem
    name = stem if filename.endswith(".py") and stem.isidentifier() else "student"
    sources = dict(others or {})

    def read(module: str) -> ast.Module | None:
        if module == name:
            return tree
        try:
            return ast.parse(sources[module]) if module in sources else None
        except SyntaxError:
            return None

    return StudentCode(read, loaded=[name]).scan(name, function, forbidden)


def runtime_hits(recorded: Iterable[str], forbidden: Sequence[str]) -> list[str]:
    """Recorded torch function names (e.g. "torch.sigmoid", "TensorBase.softmax") whose last component
    is forbidden, sorted; and a note when the record is full, since calls past its cap went unrecorded.

    The record comes from the untrusted child: it is worth what the source scan guarantees, that no
    escape hatch (the known ways to switch it off or forge it) runs in that process.
    """
    forbidden_set = frozenset(forbidden)
    names = set(recorded)
    hits = sorted({name for name in names if name.rsplit(".", 1)[-1] in forbidden_set})
    if forbidden_set and len(names) >= MAX_RECORDED:
        hits.append(_("the record is full ({n} distinct torch functions, later calls unrecorded)").format(
            n=len(names)))
    return hits
