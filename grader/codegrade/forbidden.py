"""Find forbidden operations in a student's function by reading its source, never importing it.

An exercise lists identifiers it forbids (`Exercise.forbidden`, e.g. "sigmoid", "softmax"). The scan
parses the student's module with `ast`, starts from the graded function, follows the module-level
helper functions it calls (transitively), and reports every name, attribute, or import alias
matching a forbidden identifier: `torch.sigmoid(x)`, `x.sigmoid()`, `F.softmax`,
`from torch import sigmoid as s` (a module-level import the function then uses), or a module-level
alias `sig = torch.sigmoid`. A helper the student wrote themselves is followed, not flagged, even
when its name matches (`def tanh(x): return 2 * sigmoid(2 * x) - 1` uses *their* sigmoid).

The grader also records, at run time, the torch functions the child process saw called during the
student's call (see `grader/_child.py`) and checks those names too.

What this cannot catch (documented on purpose, see the README's "Code exercises" and "The sandbox" sections):
- names computed at run time: `getattr(torch, "sig" + "moid")`, `eval`, `importlib`, `__dict__`
  look-ups defeat the source scan;
- run-time recording happens inside the untrusted child, which reports it: hostile code can disable
  the torch-function mode or forge the report, and calls made through paths that bypass
  `__torch_function__` (e.g. `torch._C._nn` internals, `torch.ops.aten.*`) are not recorded;
- code reached through other modules the student imports (helpers living in a sibling file) is
  not scanned.
A forbidden operation that slips past both only earns the points the outputs deserve: scores are
always decided by comparing outputs in the grading process.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One forbidden use: `text` as written in the source (e.g. "torch.softmax"), and its line."""

    text: str
    line: int

    def __str__(self) -> str:
        return f"{self.text} (line {self.line})"


def _dotted(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # pragma: no cover - unparse handles every expression node
        return getattr(node, "attr", getattr(node, "id", "?"))


def _matches(name: str, forbidden: frozenset[str]) -> bool:
    return name in forbidden


def _import_hits(node: ast.Import | ast.ImportFrom, forbidden: frozenset[str]) -> Iterable[tuple[str, str]]:
    """(bound name, imported text) for each alias of an import statement that brings in a forbidden name."""
    for alias in node.names:
        parts = alias.name.split(".")
        if isinstance(node, ast.ImportFrom):
            parts = [*(node.module or "").split("."), *parts]
        if any(_matches(p, forbidden) for p in parts) or (alias.asname and _matches(alias.asname, forbidden)):
            bound = alias.asname or alias.name.split(".")[0]
            base = f"{node.module}." if isinstance(node, ast.ImportFrom) and node.module else ""
            yield bound, base + alias.name


class _Module:
    """Module-level definitions of the student's file."""

    def __init__(self, tree: ast.Module, forbidden: frozenset[str]) -> None:
        self.functions: dict[str, ast.AST] = {}  # name -> FunctionDef / Lambda / class
        self.tainted: dict[str, Finding] = {}  # module-level name bound to something forbidden
        self.star_imports = False
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.functions[node.name] = node
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                if any(a.name == "*" for a in node.names):
                    self.star_imports = True
                for bound, text in _import_hits(node, forbidden):
                    self.tainted[bound] = Finding(text, node.lineno)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                for name in names:
                    self.functions.setdefault(name, node.value)
        # Aliases of aliases (`sig = torch.sigmoid; s = sig`): iterate to a fixed point.
        changed = True
        while changed:
            changed = False
            for name, value in list(self.functions.items()):
                if name in self.tainted or isinstance(value, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                              ast.ClassDef, ast.Lambda)):
                    continue
                hit = _first_direct_hit(value, forbidden, self.tainted)
                if hit is not None:
                    self.tainted[name] = hit
                    changed = True


def _first_direct_hit(node: ast.AST, forbidden: frozenset[str], tainted: dict[str, Finding]) -> Finding | None:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and _matches(sub.attr, forbidden):
            return Finding(_dotted(sub), sub.lineno)
        if isinstance(sub, ast.Name):
            if _matches(sub.id, forbidden):
                return Finding(sub.id, sub.lineno)
            if sub.id in tainted:
                return Finding(f"{sub.id} = {tainted[sub.id].text}", sub.lineno)
    return None


def scan(source: str, function: str, forbidden: Sequence[str], *, filename: str = "<student>") -> list[Finding]:
    """Forbidden uses reachable from `function` in `source`, in line order.

    Raises SyntaxError when the source does not parse (the caller reports the module as broken).
    An unknown `function` scans nothing and returns [] (the grader reports it as missing).
    """
    forbidden_set = frozenset(forbidden)
    if not forbidden_set:
        return []
    tree = ast.parse(source, filename=filename)
    module = _Module(tree, forbidden_set)
    if function not in module.functions and function not in module.tainted:
        return []

    findings: dict[tuple[str, int], Finding] = {}
    if function in module.tainted:  # `sigmoid = torch.sigmoid` or `from torch import sigmoid`
        f = module.tainted[function]
        findings[(f.text, f.line)] = f

    seen: set[str] = set()
    todo = [function] if function in module.functions else []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        root = module.functions[name]
        # Names the function binds itself (parameters, locals) shadow module-level definitions.
        local = _local_names(root)
        for node in ast.walk(root):
            if isinstance(node, ast.Attribute) and _matches(node.attr, forbidden_set):
                findings.setdefault((_dotted(node), node.lineno), Finding(_dotted(node), node.lineno))
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for _bound, text in _import_hits(node, forbidden_set):
                    findings.setdefault((text, node.lineno), Finding(text, node.lineno))
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                ident = node.id
                if ident in local:
                    continue
                if ident in module.tainted:
                    text = module.tainted[ident].text
                    text = ident if text.endswith(ident) else f"{ident} = {text}"
                    findings.setdefault((text, node.lineno), Finding(text, node.lineno))
                elif ident in module.functions:
                    todo.append(ident)  # the student's own helper: follow it
                elif _matches(ident, forbidden_set):
                    # a builtin, a star import or an undefined name: flag it, it cannot be the student's own
                    findings.setdefault((ident, node.lineno), Finding(ident, node.lineno))
    return sorted(findings.values(), key=lambda f: (f.line, f.text))


def _local_names(root: ast.AST) -> set[str]:
    """Parameters and names assigned inside a function (they shadow module-level helpers)."""
    names: set[str] = set()
    if isinstance(root, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        a = root.args
        for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]:
            if arg is not None:
                names.add(arg.arg)
    if isinstance(root, (ast.FunctionDef, ast.AsyncFunctionDef)):
        for node in ast.walk(root):
            if node is root:
                continue
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.add(node.name)
    return names


def runtime_hits(recorded: Iterable[str], forbidden: Sequence[str]) -> list[str]:
    """Recorded torch function names (e.g. "torch.sigmoid", "TensorBase.softmax") whose last component
    is forbidden, sorted."""
    forbidden_set = frozenset(forbidden)
    return sorted({name for name in recorded if name.rsplit(".", 1)[-1] in forbidden_set})
