"""Grade a folder of student exercise modules: `grade_submission(exercises_dir) -> Report`.

The orchestration, in the order it happens:
1. start the sandboxed child (`grader.codegrade.sandbox.host`), which imports torch in parallel with us;
2. import torch and the exercise specs, read each student module's source (never importing it
   here) and scan it for forbidden operations (`grader.codegrade.forbidden`);
3. for every check, build its cases from a `torch.Generator` seeded from sha256 of the exercise and
   check names (never `hash()`, so a laptop and CI grade a commit identically), run the reference on
   copies of the inputs here, with a seeded random upstream gradient for `grad_wrt`;
4. write all inputs once as one safetensors file and send one batch (module imports, then every
   call) to the child; results stream back, one per call, and are compared as they arrive
   (`grader.codegrade.compare`); failing cases are matched against the check's `diagnoses`;
5. a crash, time-out or memory blow-up costs only the checks it touches: the sandbox restarts the
   child for the rest, and a report covering every selected exercise always comes back.

A check scores its points only if all of its cases pass.
"""

from __future__ import annotations

import ast
import contextlib
import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader import __version__
from grader.codegrade.model import Case, CaseContext, Check, Exercise, Gen
from grader.codegrade.sandbox.host import Limits, Sandbox, StepResult
from grader.errors import UsageError
from grader.results import CheckOutcome, ExerciseOutcome, Report
from grader.seeds import derive_seed

__all__ = ["Limits", "grade_submission", "seed_for"]

DEVICES = ("auto", "cpu", "cuda")
ALLOWED_DTYPES = ("float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool")
MAX_DEPTH = 8


def seed_for(*parts: object) -> int:
    """The seed of a check's inputs: 63 bits, as `torch.Generator.manual_seed` takes."""
    return derive_seed(*parts, bits=63)


class _Invalid(Exception):
    """The child's answer does not match what it claims (a protocol violation)."""


# ---------------------------------------------------------------------------------------------
# plans: what we send, what we expect


@dataclass
class _CasePlan:
    index: int
    case: Case
    step_id: int | None = None
    expected: Any = None
    expected_grads: dict = field(default_factory=dict)
    expected_post: dict = field(default_factory=dict)
    tensor_args: list = field(default_factory=list)  # (key, position label, top-level index, original)
    upstream: list = field(default_factory=list)  # (path, tensor)
    result: StepResult | None = None


@dataclass
class _CheckPlan:
    check: Check
    cases: list[_CasePlan] = field(default_factory=list)
    error: str = ""  # the grader could not build this check (a bug in the spec, reported as error)


@dataclass
class _ExercisePlan:
    exercise: Exercise
    checks: list[_CheckPlan] = field(default_factory=list)
    status: str = ""  # decided before running: missing / error / forbidden
    message: str = ""
    params: list[str] = field(default_factory=list)
    pending: int = 0


@contextlib.contextmanager
def _no_tf32(torch) -> Iterator[None]:
    """References run in full float32 precision (a TF32 matmul/conv is only ~1e-3 accurate)."""
    old = (torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    try:
        yield
    finally:
        torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = old


def _encode(value: Any, tensors: dict, key: str, found: list, torch, depth: int = 0) -> dict:
    """The JSON node for one argument; tensors go to `tensors` under `key`, and to `found`."""
    if depth > MAX_DEPTH:
        raise TypeError("argument nested too deeply")
    if isinstance(value, torch.Tensor):
        tensors[key] = value.detach().to("cpu").clone(memory_format=torch.contiguous_format)
        found.append((key, value))
        return {"t": "tensor", "key": key}
    if isinstance(value, Gen):
        return {"t": "gen", "seed": int(value.seed)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"t": "v", "v": value}
    if isinstance(value, torch.dtype):
        return {"t": "dtype", "v": str(value).removeprefix("torch.")}
    if isinstance(value, (tuple, list)):
        return {"t": "seq", "type": "tuple" if isinstance(value, tuple) else "list",
                "items": [_encode(v, tensors, f"{key}_{i}", found, torch, depth + 1) for i, v in enumerate(value)]}
    if isinstance(value, dict):
        return {"t": "dict", "items": {str(k): _encode(v, tensors, f"{key}_{i}", found, torch, depth + 1)
                                       for i, (k, v) in enumerate(value.items())}}
    raise TypeError(f"cannot send a {type(value).__name__} to the sandbox")


def _copy_args(value: Any, device, torch) -> Any:
    """Fresh copies of a case's arguments for a reference call (generators rebuilt from their seed)."""
    if isinstance(value, torch.Tensor):
        return value.detach().clone()
    if isinstance(value, Gen):
        return torch.Generator(device=device).manual_seed(int(value.seed))
    if isinstance(value, tuple):
        return tuple(_copy_args(v, device, torch) for v in value)
    if isinstance(value, list):
        return [_copy_args(v, device, torch) for v in value]
    if isinstance(value, dict):
        return {k: _copy_args(v, device, torch) for k, v in value.items()}
    return value


def _detach(value: Any, torch) -> Any:
    if isinstance(value, torch.Tensor):
        return value.detach()
    if isinstance(value, tuple):  # namedtuples (torch.return_types) become plain tuples
        return tuple(_detach(v, torch) for v in value)
    if isinstance(value, list):
        return [_detach(v, torch) for v in value]
    return value


def _grad_leaves(value: Any, torch, path: tuple = ()) -> list[tuple[tuple, Any]]:
    if isinstance(value, torch.Tensor):
        return [(path, value)] if value.requires_grad and value.is_floating_point() else []
    if isinstance(value, (tuple, list)):
        return [leaf for i, v in enumerate(value) for leaf in _grad_leaves(v, torch, (*path, i))]
    return []


def _evaluate(fn: Callable, case: Case, device, torch, upstream_seed: int | None = None,
              upstream: list | None = None) -> tuple[Any, dict, list, list]:
    """Call a trusted implementation (reference or diagnosis) on copies of the case's inputs.

    Returns (output, {index: grad}, post-call args, upstream [(path, tensor)]). The upstream
    gradient is drawn from `upstream_seed` unless given (diagnoses reuse the reference's)."""
    args = list(_copy_args(tuple(case.args), device, torch))
    kwargs = _copy_args(dict(case.kwargs), device, torch)
    for i in case.grad_wrt:
        args[i] = args[i].detach().requires_grad_(True)
    with torch.set_grad_enabled(bool(case.grad_wrt)):
        out = fn(*args, **kwargs)
    grads: dict = {}
    if case.grad_wrt:
        leaves = _grad_leaves(out, torch)
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
    return _detach(out, torch), grads, [_detach(a, torch) for a in args], upstream or []


# ---------------------------------------------------------------------------------------------
# decoding the child's claims


def _valid_device(text: Any, torch) -> Any:
    if not isinstance(text, str) or len(text) > 16:
        raise _Invalid("bad device")
    if text == "cpu":
        return torch.device("cpu")
    if text == "cuda" or (text.startswith("cuda:") and text[5:].isdigit()):
        if not torch.cuda.is_available():
            raise _Invalid("a CUDA tensor without CUDA")
        return torch.device(text)
    raise _Invalid(f"unexpected device {text[:16]!r}")


def _take_tensor(desc: dict, tensors: dict, torch) -> Any:
    key, dtype, shape = desc.get("key"), desc.get("dtype"), desc.get("shape")
    if not isinstance(key, str) or key not in tensors:
        raise _Invalid("a described tensor is missing from the output file")
    t = tensors[key]
    if dtype not in ALLOWED_DTYPES or str(t.dtype) != f"torch.{dtype}":
        raise _Invalid("a tensor's dtype differs from its description")
    if not isinstance(shape, list) or [int(s) for s in shape] != list(t.shape):
        raise _Invalid("a tensor's shape differs from its description")
    device = _valid_device(desc.get("device"), torch)
    return t if device.type == "cpu" else t.to(device)


def _decode_output(desc: Any, tensors: dict, torch, compare_mod, depth: int = 0) -> Any:
    if not isinstance(desc, dict) or depth > MAX_DEPTH + 1:
        raise _Invalid("bad output description")
    kind = desc.get("k")
    if kind == "tensor":
        if "key" not in desc:
            dtype = desc.get("dtype")
            return compare_mod.Foreign(f"a torch.Tensor of dtype {compare_mod.sanitize(str(dtype), 40)}")
        return _take_tensor(desc, tensors, torch)
    if kind == "none":
        return None
    if kind == "number":
        tp, value = desc.get("type"), desc.get("value")
        if tp == "bool" and type(value) is bool:
            return value
        if tp == "int" and type(value) is int:
            return value
        if tp == "float" and type(value) in (int, float):
            return float(value)
        raise _Invalid("bad number")
    if kind == "str":
        return compare_mod.sanitize(str(desc.get("value", "")), 200)
    if kind == "seq":
        items = desc.get("items")
        if not isinstance(items, list) or len(items) > 64:
            raise _Invalid("bad sequence")
        decoded = [_decode_output(d, tensors, torch, compare_mod, depth + 1) for d in items]
        return tuple(decoded) if desc.get("type") == "tuple" else decoded
    if kind == "other":
        return compare_mod.Foreign(compare_mod.sanitize(str(desc.get("type", "an unknown object")), 120))
    raise _Invalid("bad output description")


# ---------------------------------------------------------------------------------------------
# judging one case


def _arg_label(index: int | str, params: list[str]) -> str:
    if isinstance(index, int):
        name = f" ({params[index]})" if index < len(params) else ""
        return f"argument {index}{name}"
    return f"argument {index!r}"


def _judge_case(plan: _CasePlan, check: Check, params: list[str], device, torch, compare_mod) -> tuple[str, str | None, Any]:
    """("passed" | "failed" | "mutated" | "error", message, decoded output) for one finished case;
    "mutated" is a failure whose outputs may be right (no diagnosis is tried)."""
    result = plan.result
    if result is None:
        return "error", "not run", None
    if result.status != "done":
        return "error", result.message, None
    reply = result.reply
    if not reply.get("ok"):
        kind = reply.get("kind")
        if kind == "missing":
            return "failed", "the function is not defined", None
        if kind == "module_failed":
            return "error", "the module could not be imported", None
        exc = reply.get("exc") if isinstance(reply.get("exc"), dict) else {}
        line = exc.get("line") if type(exc.get("line")) is int else None
        return "failed", compare_mod.exception_message(str(exc.get("type", "Exception"))[:80],
                                                       str(exc.get("msg", "")), line), None
    tensors = result.tensors
    try:
        actual = _decode_output(reply.get("out"), tensors, torch, compare_mod)
    except (_Invalid, ValueError, TypeError, KeyError) as exc:
        return "error", f"the sandbox's answer was invalid: {exc}", None

    rtol, atol = check.rtol, check.atol
    if check.judge is not None:
        problem = _plain_types(actual, compare_mod)
        if problem is None:
            try:
                problem = check.judge(plan.case, actual)
            except Exception as exc:  # the output is so far off that the judge could not read it
                problem = f"output could not be checked ({type(exc).__name__}); check its type and shape"
        return ("failed", problem, actual) if problem else ("passed", None, actual)

    problem = compare_mod.compare(plan.expected, actual, rtol=rtol, atol=atol, where="output")
    if problem is None and plan.case.grad_wrt:
        problem = _judge_grads(plan, reply, tensors, params, torch, compare_mod, rtol, atol)
    if problem is None:
        problem, unexpected = _judge_mutation(plan, reply, tensors, params, compare_mod, rtol, atol)
        if problem is not None and unexpected:
            return "mutated", problem, actual  # no diagnosis: the values may well be right
    return ("failed", problem, actual) if problem else ("passed", None, actual)


def _plain_types(value: Any, compare_mod) -> str | None:
    if isinstance(value, compare_mod.Foreign):
        return f"output: expected plain torch.Tensors, numbers or tuples, got {value.type_name}"
    if isinstance(value, (tuple, list)):
        for v in value:
            problem = _plain_types(v, compare_mod)
            if problem:
                return problem
    return None


def _decoded_grads(plan: _CasePlan, reply: dict, tensors: dict, torch) -> dict | str:
    grads = reply.get("grads")
    if not isinstance(grads, dict):
        raise _Invalid("gradients missing")
    if "error" in grads:
        exc = grads.get("exc") if isinstance(grads.get("exc"), dict) else None
        if exc:
            return f"backward failed: {str(exc.get('type', ''))[:80]}: {str(exc.get('msg', ''))[:200]}"
        return "the output could not be back-propagated: " + str(grads["error"])[:200]
    out = {}
    for i in plan.case.grad_wrt:
        desc = grads.get(str(i))
        out[i] = None if desc is None else _take_tensor(desc, tensors, torch) if "key" in desc else "other"
    return out


def _judge_grads(plan, reply, tensors, params, torch, compare_mod, rtol, atol) -> str | None:
    try:
        grads = _decoded_grads(plan, reply, tensors, torch)
    except (_Invalid, ValueError, TypeError, KeyError) as exc:
        return f"the sandbox's answer was invalid: {exc}"
    if isinstance(grads, str):
        return compare_mod.sanitize(grads)
    for i in plan.case.grad_wrt:
        label = _arg_label(i, params)
        got, want = grads.get(i), plan.expected_grads.get(i)
        if got is None and want is not None:
            return (f"no gradient reaches {label}: the output is not connected to it by autograd "
                    "(.detach(), .item(), .data, numpy or torch.no_grad break the graph)")
        if want is None:
            continue
        problem = compare_mod.compare(want, got if got != "other" else compare_mod.Foreign("not a tensor"),
                                      rtol=rtol, atol=atol, where=f"gradient with respect to {label}")
        if problem:
            return problem
    return None


def _judge_mutation(plan, reply, tensors, params, compare_mod, rtol, atol) -> tuple[str | None, bool]:
    """(problem, unexpected): a `mutates` argument with wrong post-call values is an ordinary failure
    (diagnoses may name it); any other tensor argument that changed is an unexpected mutation."""
    post = reply.get("post")
    if not isinstance(post, list):
        return "the sandbox's answer was invalid: post-call arguments missing", True
    for key, index, original in plan.tensor_args:
        after = tensors.get(f"p_{key}")
        if after is None:
            return "the sandbox's answer was invalid: a post-call argument is missing", True
        label = _arg_label(index, params)
        if isinstance(index, int) and index in plan.case.mutates and key == f"s{plan.step_id}_a{index}":
            problem = compare_mod.compare(plan.expected_post[index], after.to(original.device), rtol=rtol,
                                          atol=atol, where=f"{label} after the call (it should be updated in place)")
            if problem:
                return problem, False
        elif not compare_mod.unchanged(original, after):
            return (f"input mutated in place: {label} changed during the call; work on a copy or use "
                    "out-of-place operations"), True
    return None, False


def _diagnose(plan: _CasePlan, check: Check, actual: Any, reply: dict, device, torch, compare_mod) -> str | None:
    """The message of the first diagnosis whose implementation produces what the student produced."""
    for diagnosis in check.diagnoses:
        try:
            with _no_tf32(torch):
                out, grads, post, _up = _evaluate(diagnosis.impl, plan.case, device, torch, upstream=plan.upstream)
        except Exception:
            continue
        if compare_mod.compare(out, actual, rtol=check.rtol, atol=check.atol) is not None:
            continue
        # arguments updated in place (running statistics) must match the mistake too
        student_post = [plan.result.tensors.get(f"p_s{plan.step_id}_a{i}") for i in plan.case.mutates]
        if any(after is None or compare_mod.compare(post[i], after.to(post[i].device), rtol=check.rtol,
                                                     atol=check.atol) is not None
               for i, after in zip(plan.case.mutates, student_post)):
            continue
        if plan.case.grad_wrt:
            try:
                student = _decoded_grads(plan, reply, plan.result.tensors, torch)
            except (_Invalid, ValueError, TypeError, KeyError):
                continue
            if isinstance(student, str) or any(
                    (grads.get(i) is None) != (student.get(i) is None)
                    or (grads.get(i) is not None and compare_mod.compare(grads[i], student[i], rtol=check.rtol,
                                                                        atol=check.atol) is not None)
                    for i in plan.case.grad_wrt):
                continue
        return diagnosis.message
    return None


# ---------------------------------------------------------------------------------------------
# the whole submission


def _parameters(tree: ast.Module, function: str) -> list[str]:
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == function:
            return [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    return []


def _resolve_device(device: str, torch) -> Any:
    if device not in DEVICES:
        raise UsageError(f"--device must be one of {', '.join(DEVICES)}, not {device!r}")
    if device == "cuda" and not torch.cuda.is_available():
        raise UsageError("--device cuda was asked for, but CUDA is not available here")
    use_cuda = device == "cuda" or (device == "auto" and torch.cuda.is_available())
    return torch.device("cuda" if use_cuda else "cpu")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def grade_submission(exercises_dir: Path, *, only: str | None = None, device: str = "auto",
                     progress: Callable[[ExerciseOutcome], None] | None = None,
                     limits: Limits | None = None, exercises: Sequence[Exercise] | None = None) -> Report:
    """Grade the modules in `exercises_dir` (e.g. ./exercises) and return the complete report.

    `only` selects exercises by fnmatch pattern on `module.function` (see
    `grader.codegrade.specs.load_exercises`); `device` is "auto" (CUDA when available), "cpu" or "cuda";
    `progress` is called with each exercise's outcome as soon as it is final. `limits` and
    `exercises` (instead of the specs) exist for tests and tools. Raises UsageError for a missing
    folder, an unknown pattern or an unavailable device; nothing a submission does raises.
    """
    t0 = time.monotonic()
    exercises_dir = Path(exercises_dir)
    if not exercises_dir.is_dir():
        raise UsageError(f"exercises folder not found: {exercises_dir}")
    if device not in DEVICES:
        raise UsageError(f"--device must be one of {', '.join(DEVICES)}, not {device!r}")
    limits = limits or Limits()
    deadline = t0 + limits.submission_timeout_s
    # Start the child first: it imports torch while this process does the same and builds inputs.
    with Sandbox(limits=limits, device=device) as box:
        installed = set(box.install_sources(exercises_dir))
        import torch

        from grader.codegrade import compare as compare_mod
        from grader.codegrade import forbidden as forbidden_mod
        from grader.codegrade.specs import load_exercises

        dev = _resolve_device(device, torch)
        if exercises is None:
            selected = load_exercises(only)
        else:
            selected = list(exercises)
        plans = [_ExercisePlan(ex) for ex in selected]
        tensors: dict = {}
        steps: list[dict] = []
        step_plans: dict[int, tuple[_ExercisePlan, _CheckPlan, _CasePlan]] = {}
        load_steps: dict[str, int] = {}
        ids = itertools.count()
        sources: dict[str, tuple[str, ast.Module | None, str]] = {}

        with _no_tf32(torch):
            for ep in plans:
                ex = ep.exercise
                if ex.module not in sources:
                    path = exercises_dir / f"{ex.module}.py"
                    if ex.module not in installed:
                        sources[ex.module] = ("", None, f"{ex.module}.py was not found in {exercises_dir}")
                    else:
                        text = path.read_bytes().decode("utf-8", errors="replace")
                        try:
                            sources[ex.module] = (text, ast.parse(text, filename=path.name), "")
                        except SyntaxError as exc:
                            msg = compare_mod.sanitize(f"{type(exc).__name__}: {exc.msg}", 200)
                            sources[ex.module] = (text, None, f"{msg} (line {exc.lineno})" if exc.lineno else msg)
                text, tree, problem = sources[ex.module]
                if tree is None:
                    ep.status = "missing" if not text and "not found" in problem else "error"
                    ep.message = f"{ex.module}.py: {problem}" if ep.status == "error" else problem
                    continue
                findings = forbidden_mod.scan(text, ex.function, ex.forbidden, filename=f"{ex.module}.py")
                if findings:
                    ep.status = "forbidden"
                    ep.message = "forbidden: " + ", ".join(str(f) for f in findings[:5])
                    continue
                ep.params = _parameters(tree, ex.function)
                if ex.module not in load_steps:
                    load_steps[ex.module] = step_id = next(ids)
                    steps.append({"id": step_id, "kind": "load", "module": ex.module, "drop": f"module:{ex.module}"})
                for check in ex.checks:
                    cp = _CheckPlan(check)
                    ep.checks.append(cp)
                    try:
                        ctx = CaseContext(generator=torch.Generator().manual_seed(seed_for(ex.name, check.name)),
                                          device=dev, dtype=torch.get_default_dtype())
                        cases = list(check.cases(ctx))
                        for j, case in enumerate(cases):
                            cp.cases.append(_plan_case(ex, check, j, case, dev, torch, tensors, steps, next(ids)))
                    except Exception as exc:  # a bug in the spec: the exercise cannot be graded fairly
                        cp.error = f"grader error while preparing this check: {type(exc).__name__}: {exc}"
                        for case_plan in cp.cases:
                            steps[:] = [s for s in steps if s["id"] != case_plan.step_id]
                        cp.cases = []
                        continue
                    for case_plan in cp.cases:
                        step_plans[case_plan.step_id] = (ep, cp, case_plan)
                        ep.pending += 1

        inputs = box.write_inputs(tensors) if tensors else None
        load_results: dict[str, StepResult] = {}
        outcomes: dict[int, ExerciseOutcome] = {}
        next_report = 0

        def flush() -> None:
            nonlocal next_report
            while next_report < len(plans) and (plans[next_report].status or plans[next_report].pending == 0):
                ep = plans[next_report]
                outcome = _finish(ep, load_results.get(ep.exercise.module), dev, torch, compare_mod, forbidden_mod)
                outcomes[next_report] = outcome
                next_report += 1
                if progress is not None:
                    progress(outcome)

        flush()
        if steps:
            for result in box.run(steps, inputs=inputs, deadline=deadline):
                if result.id in step_plans:
                    ep, cp, case_plan = step_plans[result.id]
                    case_plan.result = result
                    ep.pending -= 1
                else:
                    module = next(m for m, i in load_steps.items() if i == result.id)
                    load_results[module] = result
                flush()
        flush()
        # Anything left (should not happen): report it rather than lose it.
        for i, ep in enumerate(plans):
            if i not in outcomes:
                outcomes[i] = _finish(ep, load_results.get(ep.exercise.module), dev, torch, compare_mod, forbidden_mod)
    return Report(exercises=[outcomes[i] for i in range(len(plans))], device=dev.type,
                  duration_s=time.monotonic() - t0, grader_version=__version__)


def _plan_case(ex: Exercise, check: Check, j: int, case: Case, dev, torch, tensors: dict, steps: list,
               step_id: int) -> _CasePlan:
    plan = _CasePlan(index=j, case=case, step_id=step_id)
    found: list = []
    args = [_encode(a, tensors, f"s{step_id}_a{i}", found, torch) for i, a in enumerate(case.args)]
    kwargs = {str(k): _encode(v, tensors, f"s{step_id}_k{i}", found, torch) for i, (k, v) in enumerate(case.kwargs.items())}
    # Which argument each tensor belongs to, for messages and the in-place checks.
    kw_names = list(case.kwargs)
    for key, original in found:
        head = key.split("_")[1]
        index: int | str = int(head[1:]) if head[0] == "a" else kw_names[int(head[1:])]
        plan.tensor_args.append((key, index, original.detach().clone()))
    upstream_keys = []
    if check.reference is not None:
        out, grads, post, upstream = _evaluate(check.reference, case, dev, torch,
                                               upstream_seed=seed_for(ex.name, check.name, j, "upstream"))
        plan.expected, plan.expected_grads, plan.upstream = out, grads, upstream
        plan.expected_post = {i: post[i] for i in case.mutates}
        for k, (path, grad) in enumerate(upstream):
            key = f"s{step_id}_u{k}"
            tensors[key] = grad.detach().to("cpu").clone(memory_format=torch.contiguous_format)
            upstream_keys.append({"key": key, "path": list(path)})
    steps.append({"id": step_id, "kind": "call", "module": ex.module, "function": ex.function,
                  "drop": f"check:{ex.name}:{check.name}", "drop_on_timeout": f"exercise:{ex.name}", "args": args, "kwargs": kwargs,
                  "grad_wrt": list(case.grad_wrt) if check.reference is not None else [],
                  "upstream": upstream_keys, "device": str(dev)})
    return plan


def _load_problem(result: StepResult | None, module: str, compare_mod) -> str | None:
    if result is None:
        return None
    if result.status != "done":
        return f"importing {module}.py failed: {result.message}"
    if result.reply.get("ok"):
        return None
    exc = result.reply.get("exc") if isinstance(result.reply.get("exc"), dict) else {}
    line = exc.get("line") if type(exc.get("line")) is int else None
    text = compare_mod.sanitize(_first_line(f"{exc.get('type', 'Error')}: {exc.get('msg', '')}"), 200)
    return f"{module}.py could not be imported: {text}" + (f" (line {line})" if line else "")


def _finish(ep: _ExercisePlan, load: StepResult | None, dev, torch, compare_mod, forbidden_mod) -> ExerciseOutcome:
    ex = ep.exercise
    if ep.status:
        test_status = "error" if ep.status == "error" else "failed"
        tests = [CheckOutcome(c.name, 0.0, c.points, test_status, ep.message) for c in ex.checks]
        return ExerciseOutcome(ex.name, 0.0, ex.max_score, ep.status, tests, ep.message)

    problem = _load_problem(load, ex.module, compare_mod)
    if problem:
        tests = [CheckOutcome(c.name, 0.0, c.points, "error", problem) for c in ex.checks]
        return ExerciseOutcome(ex.name, 0.0, ex.max_score, "error", tests, problem)
    if load is not None and load.status == "done" and ex.function not in (load.reply.get("functions") or []):
        message = f"{ex.function} is not defined in {ex.module}.py"
        tests = [CheckOutcome(c.name, 0.0, c.points, "failed", message) for c in ex.checks]
        return ExerciseOutcome(ex.name, 0.0, ex.max_score, "missing", tests, message)

    recorded: set[str] = set()
    tests: list[CheckOutcome] = []
    not_implemented = 0
    for cp in ep.checks:
        check = cp.check
        if cp.error:
            tests.append(CheckOutcome(check.name, 0.0, check.points, "error", compare_mod.sanitize(cp.error)))
            continue
        failures: list[tuple[_CasePlan, str, str | None, Any]] = []
        skipped: list[tuple[_CasePlan, str, str | None, Any]] = []
        for plan in cp.cases:
            rec = plan.result.reply.get("recorded") if plan.result and plan.result.status == "done" else None
            if isinstance(rec, list):
                recorded.update(str(r)[:200] for r in rec[:256])
            if plan.result is not None and plan.result.status == "skipped":
                skipped.append((plan, "error", plan.result.message, None))
                continue  # an earlier case failed hard; that one carries the message
            status, message, actual = _judge_case(plan, check, ep.params, dev, torch, compare_mod)
            if status != "passed":
                failures.append((plan, status, message, actual))
        failures = failures or skipped
        if not failures:
            tests.append(CheckOutcome(check.name, float(check.points), check.points, "passed"))
            continue
        plan, status, message, actual = failures[0]
        if message == "not implemented yet":
            not_implemented += 1
            tests.append(CheckOutcome(check.name, 0.0, check.points, "failed", message))
            continue
        n = len(cp.cases)
        label = f" ({compare_mod.sanitize(plan.case.label, 120)})" if plan.case.label else ""
        text = f"case {plan.index + 1} of {n}{label}: {message}"
        if status == "failed" and check.diagnoses and plan.result is not None and plan.result.reply.get("ok"):
            hint = _diagnose(plan, check, actual, plan.result.reply, dev, torch, compare_mod)
            if hint:
                text += f"{'' if text.endswith('.') else '.'} Likely mistake: {hint}"
        others = len(failures) - 1
        if others:
            text += f" ({others} more failing case{'s' if others != 1 else ''})"
        tests.append(CheckOutcome(check.name, 0.0, check.points, "error" if status == "error" else "failed", text))

    hits = forbidden_mod.runtime_hits(recorded, ex.forbidden)
    if hits:
        message = "forbidden at run time: " + ", ".join(hits[:5])
        tests = [CheckOutcome(t.name, 0.0, t.max_score, "failed", message) for t in tests]
        return ExerciseOutcome(ex.name, 0.0, ex.max_score, "forbidden", tests, message)

    score = round(sum(t.score for t in tests), 6)
    if tests and not_implemented == len(tests):
        return ExerciseOutcome(ex.name, 0.0, ex.max_score, "failed", tests, "not implemented yet")
    if score >= ex.max_score:
        status = "passed"
    elif score > 0:
        status = "partial"
    else:
        status = "error" if any(t.status == "error" for t in tests) else "failed"
    message = ""
    if status == "error":
        message = next(t.message for t in tests if t.status == "error")
    return ExerciseOutcome(ex.name, score, ex.max_score, status, tests, message)
