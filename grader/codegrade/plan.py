"""Plan a submission: what the child is asked to run, and what the grader expects back.

For every selected exercise: read the student's module as text (never importing it here), scan it
for forbidden operations, and for every check build its cases from a generator seeded from the
exercise and check names, run the reference on copies of the inputs in this process (with a
seeded random upstream gradient where gradients are compared), and encode the call for the child
(`protocol.CallStep`; tensors go into one input file). An exercise already decided before
anything runs (missing file, syntax error, forbidden call) gets its status here.

Imports torch: only `grader.codegrade.grade` imports this module, once grading has started.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from grader.codegrade import forbidden
from grader.codegrade.inputs import exact_float32
from grader.codegrade.model import Case, CaseContext, Check, Exercise, Gen, GradFn, seed_for
from grader.codegrade.protocol import (
    MAX_DEPTH,
    ArgNode,
    CallStep,
    LoadStep,
    Step,
    StepKind,
    Upstream,
    dtype_name,
    poly_grad_fn,
)
from grader.codegrade.sandbox.host import StepResult
from grader.i18n import _
from grader.reports.clean import plain_line
from grader.results import Status

UpstreamGrads = list[tuple[tuple[int, ...], torch.Tensor]]


@dataclass
class CasePlan:
    """One call: the case, its step in the child, and what the reference produced."""

    index: int
    case: Case
    step_id: int
    expected: Any = None
    expected_grads: dict[int, torch.Tensor | None] = field(default_factory=dict)
    expected_post: dict[int, Any] = field(default_factory=dict)
    tensor_args: list[tuple[str, int | str, torch.Tensor]] = field(default_factory=list)  # key, argument, original
    upstream: UpstreamGrads = field(default_factory=list)
    result: StepResult | None = None


@dataclass
class CheckPlan:
    check: Check
    cases: list[CasePlan] = field(default_factory=list)
    error: str = ""  # the grader could not build this check (a bug in the spec, reported as error)


@dataclass
class ExercisePlan:
    exercise: Exercise
    checks: list[CheckPlan] = field(default_factory=list)
    status: Status | None = None  # decided before running: missing / error / forbidden
    message: str = ""
    params: list[str] = field(default_factory=list)  # the student's parameter names, for messages
    pending: int = 0  # calls not answered yet

    @property
    def decided(self) -> bool:
        return self.status is not None or self.pending == 0


@dataclass(frozen=True)
class Source:
    """A student module as text: its syntax tree, or the status and reason it has none."""

    text: str
    tree: ast.Module | None
    status: Status | None = None  # MISSING (no such file) or ERROR (it does not parse)
    problem: str = ""


def read_source(exercises_dir: Path, module: str, installed: Iterable[str], *,
                source_dir: Path | None = None) -> Source:
    """A module of the submission as text and tree. `source_dir` holds the copies the sandbox
    imports (read those, so the scan sees exactly the bytes the child runs); messages name
    `exercises_dir`, the folder the student gave."""
    if module not in installed:
        return Source("", None, Status.MISSING,
                      _("{module}.py was not found in {folder}").format(module=module, folder=exercises_dir))
    path = (source_dir or exercises_dir) / f"{module}.py"
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        return Source(text, ast.parse(text, filename=path.name))
    except SyntaxError as exc:
        msg = plain_line(f"{type(exc).__name__}: {exc.msg}", 200)
        return Source(text, None, Status.ERROR,
                      _("{error} (line {line})").format(error=msg, line=exc.lineno) if exc.lineno else msg)
    except (RecursionError, MemoryError, ValueError) as exc:  # nested too deeply, NUL bytes...
        return Source(text, None, Status.ERROR,
                      _("the file cannot be parsed ({error})").format(error=type(exc).__name__))


def _parameters(tree: ast.Module, function: str) -> list[str]:
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == function:
            return [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    return []


class SubmissionPlan:
    """Every exercise's plan, the steps for the child and the input tensors they name."""

    def __init__(self, exercises: Iterable[Exercise], *, exercises_dir: Path, installed: Iterable[str],
                 device: torch.device, source_dir: Path | None = None) -> None:
        self.exercises = [ExercisePlan(ex) for ex in exercises]
        self.device = device
        self.tensors: dict[str, torch.Tensor] = {}
        self.steps: list[Step] = []
        self.cases: dict[int, tuple[ExercisePlan, CasePlan]] = {}  # step id -> its case
        self.loads: dict[int, str] = {}  # step id -> module it imports
        self._ids = itertools.count()
        installed = set(installed)
        sources: dict[str, Source] = {}

        def tree(module: str) -> ast.Module | None:  # the forbidden-call scan reads the modules it needs
            if module not in sources:
                sources[module] = read_source(exercises_dir, module, installed, source_dir=source_dir)
            return sources[module].tree

        self._code = forbidden.StudentCode(tree, loaded={ep.exercise.module for ep in self.exercises})
        with exact_float32():
            for ep in self.exercises:
                module = ep.exercise.module
                tree(module)
                self._plan_exercise(ep, sources[module])

    def _plan_exercise(self, ep: ExercisePlan, source: Source) -> None:
        ex = ep.exercise
        if source.tree is None:
            ep.status = source.status
            ep.message = (_("{module}.py: {problem}").format(module=ex.module, problem=source.problem)
                          if source.status == Status.ERROR else source.problem)
            return
        findings = self._code.scan(ex.module, ex.function, ex.forbidden)
        if findings:
            ep.status = Status.FORBIDDEN
            ep.message = _("forbidden: {uses}").format(uses=", ".join(str(f) for f in findings[:5]))
            return
        ep.params = _parameters(source.tree, ex.function)
        if ex.module not in self.loads.values():
            step_id = next(self._ids)
            self.loads[step_id] = ex.module
            load: LoadStep = {"id": step_id, "kind": StepKind.LOAD, "module": ex.module, "drop": f"module:{ex.module}",
                              "reload": False}
            self.steps.append(load)
        for check in ex.checks:
            cp = CheckPlan(check)
            ep.checks.append(cp)
            steps: list[Step] = []
            try:
                ctx = CaseContext(generator=torch.Generator().manual_seed(seed_for(ex.name, check.name)),
                                  device=self.device, dtype=torch.get_default_dtype())
                for j, case in enumerate(check.cases(ctx)):
                    plan, step = self._plan_case(ex, check, j, case)
                    cp.cases.append(plan)
                    steps.append(step)
            except Exception as exc:  # a bug in the spec: the exercise cannot be graded fairly
                cp.error = _("grader error while preparing this check: {error}").format(
                    error=f"{type(exc).__name__}: {exc}")
                cp.cases = []
                continue
            self.steps += steps
            for plan in cp.cases:
                self.cases[plan.step_id] = (ep, plan)
                ep.pending += 1

    def _plan_case(self, ex: Exercise, check: Check, j: int, case: Case) -> tuple[CasePlan, CallStep]:
        step_id = next(self._ids)
        plan = CasePlan(index=j, case=case, step_id=step_id)
        found: list[tuple[str, torch.Tensor]] = []
        args = [_encode(a, self.tensors, f"s{step_id}_a{i}", found) for i, a in enumerate(case.args)]
        kwargs = {str(k): _encode(v, self.tensors, f"s{step_id}_k{i}", found)
                  for i, (k, v) in enumerate(case.kwargs.items())}
        # Which argument each tensor belongs to, for messages and the in-place checks.
        kw_names = list(case.kwargs)
        for key, original in found:
            head = key.split("_")[1]
            index: int | str = int(head[1:]) if head[0] == "a" else kw_names[int(head[1:])]
            plan.tensor_args.append((key, index, original.detach().clone()))
        upstream_keys: list[Upstream] = []
        if check.reference is not None:
            out, grads, post, upstream = evaluate(check.reference, case, self.device,
                                                  upstream_seed=seed_for(ex.name, check.name, j, "upstream"))
            plan.expected, plan.expected_grads, plan.upstream = out, grads, upstream
            plan.expected_post = {i: post[i] for i in case.mutates}
            for k, (path, grad) in enumerate(upstream):
                key = f"s{step_id}_u{k}"
                self.tensors[key] = grad.detach().to("cpu").clone(memory_format=torch.contiguous_format)
                upstream_keys.append({"key": key, "path": list(path)})
        step: CallStep = {
            "id": step_id, "kind": StepKind.CALL, "module": ex.module, "function": ex.function,
            "drop": f"check:{ex.name}:{check.name}", "drop_on_timeout": f"exercise:{ex.name}",
            "args": args, "kwargs": kwargs, "grad_wrt": list(case.grad_wrt) if check.reference is not None else [],
            "upstream": upstream_keys, "device": str(self.device),
        }
        return plan, step


def _encode(value: Any, tensors: dict[str, torch.Tensor], key: str, found: list[tuple[str, torch.Tensor]],
            depth: int = 0) -> ArgNode:
    """The protocol node for one argument; tensors go to `tensors` under `key`, and to `found`."""
    if depth > MAX_DEPTH:
        raise TypeError("argument nested too deeply")
    if isinstance(value, torch.Tensor):
        tensors[key] = value.detach().to("cpu").clone(memory_format=torch.contiguous_format)
        found.append((key, value))
        return {"t": "tensor", "key": key}
    if isinstance(value, Gen):
        return {"t": "gen", "seed": int(value.seed)}
    if isinstance(value, GradFn):
        return {"t": "poly", "coeffs": list(value.coeffs)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"t": "v", "v": value}
    if isinstance(value, torch.dtype):
        return {"t": "dtype", "v": dtype_name(value)}
    if isinstance(value, (tuple, list)):
        return {"t": "seq", "type": "tuple" if isinstance(value, tuple) else "list",
                "items": [_encode(v, tensors, f"{key}_{i}", found, depth + 1) for i, v in enumerate(value)]}
    if isinstance(value, dict):
        return {"t": "dict", "items": {str(k): _encode(v, tensors, f"{key}_{i}", found, depth + 1)
                                       for i, (k, v) in enumerate(value.items())}}
    raise TypeError(f"cannot send a {type(value).__name__} to the sandbox")


# ---------------------------------------------------------------------------------------------
# Running trusted implementations (references and diagnoses) in this process


def _copy_args(value: Any, device: torch.device) -> Any:
    """Fresh copies of a case's arguments for a reference call (generators rebuilt from their seed,
    gradient functions built as the child builds them)."""
    if isinstance(value, torch.Tensor):
        return value.detach().clone()
    if isinstance(value, Gen):
        return torch.Generator(device=device).manual_seed(int(value.seed))
    if isinstance(value, GradFn):
        return poly_grad_fn(value.coeffs)
    if isinstance(value, tuple):
        return tuple(_copy_args(v, device) for v in value)
    if isinstance(value, list):
        return [_copy_args(v, device) for v in value]
    if isinstance(value, dict):
        return {k: _copy_args(v, device) for k, v in value.items()}
    return value


def _detach(value: Any) -> Any:
    if isinstance(value, torch.Tensor):
        return value.detach()
    if isinstance(value, tuple):  # namedtuples (torch.return_types) become plain tuples
        return tuple(_detach(v) for v in value)
    if isinstance(value, list):
        return [_detach(v) for v in value]
    return value


def _grad_leaves(value: Any, path: tuple[int, ...] = ()) -> UpstreamGrads:
    if isinstance(value, torch.Tensor):
        return [(path, value)] if value.requires_grad and value.is_floating_point() else []
    if isinstance(value, (tuple, list)):
        return [leaf for i, v in enumerate(value) for leaf in _grad_leaves(v, (*path, i))]
    return []


def evaluate(fn: Callable[..., Any], case: Case, device: torch.device, *, upstream_seed: int | None = None,
             upstream: UpstreamGrads | None = None) -> tuple[Any, dict[int, torch.Tensor | None], list[Any],
                                                             UpstreamGrads]:
    """Call a trusted implementation (reference or diagnosis) on copies of the case's inputs.

    Returns (output, {index: grad}, post-call args, upstream [(path, tensor)]). The upstream
    gradient is drawn from `upstream_seed` unless given (diagnoses reuse the reference's)."""
    args = list(_copy_args(tuple(case.args), device))
    kwargs = _copy_args(dict(case.kwargs), device)
    for i in case.grad_wrt:
        args[i] = args[i].detach().requires_grad_(True)
    with torch.set_grad_enabled(bool(case.grad_wrt)):
        out = fn(*args, **kwargs)
    grads: dict[int, torch.Tensor | None] = {}
    if case.grad_wrt:
        leaves = _grad_leaves(out)
        if upstream is None:
            gen = torch.Generator().manual_seed(upstream_seed or 0)
            upstream = [(path, torch.randn(tuple(t.shape), generator=gen, dtype=t.dtype).to(t.device))
                        for path, t in leaves]
        by_path = dict(upstream)
        pairs = [(t, by_path[p]) for p, t in leaves if p in by_path and tuple(by_path[p].shape) == tuple(t.shape)]
        if pairs:
            # Σ(out·u) back-propagates exactly u into each output; unlike backward(out, u) it does not
            # make torch import sympy on first use (a second of start-up). The child does the same.
            terms = [(t * g.to(t.device, t.dtype)).sum() for t, g in pairs]
            total = terms[0]
            for term in terms[1:]:
                total = total + term
            total.backward()
        grads = {i: (args[i].grad.detach() if args[i].grad is not None else None) for i in case.grad_wrt}
    return _detach(out), grads, [_detach(a) for a in args], upstream or []
