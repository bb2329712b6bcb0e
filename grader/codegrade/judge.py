"""Judge what came back from the child: decode its claims, compare, diagnose, score.

Everything the child sent is a claim: each output description is checked against the tensors in
its output file (type, dtype, shape, device) before anything is compared with the reference
(`grader.codegrade.compare`). A case is judged into a `CaseVerdict` whose `CaseStatus` takes every
decision; messages are for people only. A failing case is matched against the check's known
mistakes (`Diagnosis`) by running each mistake's implementation here on the same inputs. A check
scores its points only if all of its cases pass; `finish` turns an exercise's cases into its
`ExerciseOutcome`.

Imports torch: only `grader.codegrade.grade` imports this module, once grading has started.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

import torch

from grader.codegrade import compare, forbidden
from grader.codegrade.inputs import exact_float32
from grader.codegrade.model import Check
from grader.codegrade.plan import CasePlan, ExercisePlan, evaluate
from grader.codegrade.protocol import (
    ALLOWED_DTYPES,
    MAX_DEPTH,
    MAX_ITEMS,
    MAX_RECORDED,
    MAX_STR,
    CallFailure,
    StepStatus,
    post_key,
)
from grader.codegrade.sandbox.host import StepResult
from grader.i18n import N_, _, ngettext
from grader.reports.clean import plain_line
from grader.results import CheckOutcome, ExerciseOutcome, Status

NOT_IMPLEMENTED = N_("not implemented yet")  # translated where it is used: _(NOT_IMPLEMENTED)
# What a returned meta tensor is called in a report: it has a shape and a dtype but no values.
META_TENSOR = N_("a tensor on the 'meta' device, which has no values; return a tensor on the input's device")


class CaseStatus(Enum):
    PASSED = "passed"
    FAILED = "failed"  # wrong output, gradient or update: diagnoses may name the mistake
    MUTATED = "mutated"  # an input changed in place: a failure whose outputs may be right (no diagnosis)
    ERROR = "error"  # the call crashed, hung, was killed or broke the protocol
    NOT_IMPLEMENTED = "not_implemented"  # the function raised NotImplementedError (an untouched stub)


@dataclass(frozen=True)
class CaseVerdict:
    status: CaseStatus
    message: str = ""
    actual: Any = None  # the decoded output, for diagnoses


class _Invalid(Exception):
    """The child's answer does not match what it claims (a protocol violation)."""


# ---------------------------------------------------------------------------------------------
# Decoding the child's claims


def _valid_device(text: Any) -> torch.device:
    if not isinstance(text, str) or len(text) > 16:
        raise _Invalid(_("bad device"))
    if text == "cpu":
        return torch.device("cpu")
    if text == "cuda" or (text.startswith("cuda:") and text[5:].isdigit()):
        if not torch.cuda.is_available():
            raise _Invalid(_("a CUDA tensor without CUDA"))
        return torch.device(text)
    raise _Invalid(_("unexpected device {device}").format(device=repr(text[:16])))


def _take_tensor(desc: dict, tensors: dict[str, torch.Tensor]) -> torch.Tensor:
    key, dtype, shape = desc.get("key"), desc.get("dtype"), desc.get("shape")
    if not isinstance(key, str) or key not in tensors:
        raise _Invalid(_("a described tensor is missing from the output file"))
    t = tensors[key]
    if dtype not in ALLOWED_DTYPES or str(t.dtype) != f"torch.{dtype}":
        raise _Invalid(_("a tensor's dtype differs from its description"))
    if not isinstance(shape, list) or [int(s) for s in shape] != list(t.shape):
        raise _Invalid(_("a tensor's shape differs from its description"))
    device = _valid_device(desc.get("device"))
    return t if device.type == "cpu" else t.to(device)


def _decode_output(desc: Any, tensors: dict[str, torch.Tensor], depth: int = 0) -> Any:
    if not isinstance(desc, dict) or depth > MAX_DEPTH + 1:
        raise _Invalid(_("bad output description"))
    kind = desc.get("k")
    if kind == "tensor":
        if "key" not in desc:  # nothing was saved: a meta tensor, or a dtype outside ALLOWED_DTYPES
            if desc.get("device") == "meta":
                return compare.Foreign(_(META_TENSOR))
            dtype = desc.get("dtype")
            return compare.Foreign(_("a torch.Tensor of dtype {dtype}").format(dtype=plain_line(str(dtype), 40)))
        return _take_tensor(desc, tensors)
    if kind == "none":
        return None
    if kind == "number":
        tp, value = desc.get("type"), desc.get("value")
        if tp == "bool" and type(value) is bool:
            return value
        if tp == "int" and type(value) is int:
            return value
        if tp == "float" and (type(value) is int or type(value) is float):
            return float(value)
        raise _Invalid(_("bad number"))
    if kind == "str":
        return plain_line(str(desc.get("value", "")), MAX_STR)
    if kind == "seq":
        items = desc.get("items")
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise _Invalid(_("bad sequence"))
        decoded = [_decode_output(d, tensors, depth + 1) for d in items]
        return tuple(decoded) if desc.get("type") == "tuple" else decoded
    if kind == "other":
        return compare.Foreign(plain_line(str(desc.get("type") or _("an unknown object")), 120))
    raise _Invalid(_("bad output description"))


def _decoded_grads(plan: CasePlan, reply: dict, tensors: dict[str, torch.Tensor]) -> dict[int, Any] | str:
    """{argument index: gradient tensor, None or "other"}, or why there are none."""
    grads = reply.get("grads")
    if not isinstance(grads, dict):
        raise _Invalid(_("gradients missing"))
    if "error" in grads:
        exc = _reported_exc(grads)
        if exc:
            return _("backward failed: {type}: {message}").format(type=str(exc.get("type", ""))[:80],
                                                                   message=str(exc.get("msg", ""))[:200])
        if grads["error"] == "structure":
            return _("the output could not be back-propagated: it does not have the expected structure and shape")
        return _("the output could not be back-propagated: {reason}").format(reason=str(grads["error"])[:200])
    out: dict[int, Any] = {}
    for i in plan.case.grad_wrt:
        desc = grads.get(str(i))
        out[i] = None if desc is None else _take_tensor(desc, tensors) if "key" in desc else "other"
    return out


def _reported_exc(message: dict[str, Any]) -> dict[str, Any]:
    """The `exc` a message of the child's holds ({} when there is none, or it is not a dict)."""
    exc = message.get("exc")
    return exc if isinstance(exc, dict) else {}


def _exc_text(reply: dict) -> tuple[str, str, int | None]:
    """(type, message, line) of the exception the child reports."""
    exc = _reported_exc(reply)
    line = exc.get("line") if type(exc.get("line")) is int else None
    return str(exc.get("type", "Exception"))[:80], str(exc.get("msg", "")), line


def recorded_calls(result: StepResult | None) -> list[str]:
    """The torch functions the child says the student's call used (a claim, bounded)."""
    rec = result.reply.get("recorded") if result and result.status == StepStatus.DONE else None
    return [str(r)[:MAX_STR] for r in rec[:MAX_RECORDED]] if isinstance(rec, list) else []


# ---------------------------------------------------------------------------------------------
# Judging one case


def _arg_label(index: int | str, params: list[str]) -> str:
    if isinstance(index, int):
        if index < len(params):
            return _("argument {index} ({name})").format(index=index, name=params[index])
        return _("argument {index}").format(index=index)
    return _("argument {index}").format(index=repr(index))


def _invalid_answer(reason: object) -> str:
    return _("the sandbox's answer was invalid: {reason}").format(reason=reason)


def judge_case(plan: CasePlan, check: Check, params: list[str]) -> CaseVerdict:
    """The verdict on one finished case."""
    result = plan.result
    if result is None:
        return CaseVerdict(CaseStatus.ERROR, _("not run"))
    if result.status != StepStatus.DONE:
        return CaseVerdict(CaseStatus.ERROR, result.message)
    reply = result.reply
    if not reply.get("ok"):
        failure = reply.get("failure")
        if failure == CallFailure.MISSING:
            return CaseVerdict(CaseStatus.FAILED, _("the function is not defined"))
        if failure == CallFailure.MODULE_FAILED:
            return CaseVerdict(CaseStatus.ERROR, _("the module could not be imported"))
        exc_type, message, line = _exc_text(reply)
        if exc_type == "NotImplementedError":
            return CaseVerdict(CaseStatus.NOT_IMPLEMENTED, _(NOT_IMPLEMENTED))
        return CaseVerdict(CaseStatus.FAILED, compare.exception_message(exc_type, message, line))
    tensors = result.tensors
    try:
        actual = _decode_output(reply.get("out"), tensors)
    except (_Invalid, ValueError, TypeError, KeyError) as exc:
        return CaseVerdict(CaseStatus.ERROR, _invalid_answer(exc))

    if check.judge is not None:
        problem = _plain_types(actual)
        if problem is None:
            try:
                problem = check.judge(plan.case, actual)
            except Exception as exc:  # the output is so far off that the judge could not read it
                problem = _("output could not be checked ({error}); check its type and shape").format(
                    error=type(exc).__name__)
        return CaseVerdict(CaseStatus.FAILED, problem, actual) if problem else CaseVerdict(CaseStatus.PASSED)

    rtol, atol = check.rtol, check.atol
    problem = compare.compare(plan.expected, actual, rtol=rtol, atol=atol)
    if problem is None and plan.case.grad_wrt:
        problem = _judge_grads(plan, reply, tensors, params, rtol, atol)
    if problem is None:
        problem, unexpected = _judge_mutation(plan, reply, tensors, params, rtol, atol)
        if problem is not None and unexpected:
            return CaseVerdict(CaseStatus.MUTATED, problem, actual)
    return CaseVerdict(CaseStatus.FAILED, problem, actual) if problem else CaseVerdict(CaseStatus.PASSED)


def _plain_types(value: Any) -> str | None:
    if isinstance(value, compare.Foreign):
        return _("output: expected plain torch.Tensors, numbers or tuples, got {type}").format(type=value.type_name)
    if isinstance(value, (tuple, list)):
        for v in value:
            problem = _plain_types(v)
            if problem:
                return problem
    return None


def _judge_grads(plan: CasePlan, reply: dict, tensors: dict[str, torch.Tensor], params: list[str],
                 rtol: float | None, atol: float | None) -> str | None:
    try:
        grads = _decoded_grads(plan, reply, tensors)
    except (_Invalid, ValueError, TypeError, KeyError) as exc:
        return _invalid_answer(exc)
    if isinstance(grads, str):
        return plain_line(grads)
    for i in plan.case.grad_wrt:
        label = _arg_label(i, params)
        got, want = grads.get(i), plan.expected_grads.get(i)
        if got is None and want is not None:
            return _("no gradient reaches {argument}: the output is not connected to it by autograd "
                     "(.detach(), .item(), .data, numpy or torch.no_grad break the graph)").format(argument=label)
        if want is None:
            continue
        problem = compare.compare(want, got if not isinstance(got, str) else compare.Foreign(_("not a tensor")),
                                  rtol=rtol, atol=atol,
                                  where=_("gradient with respect to {argument}").format(argument=label))
        if problem:
            return problem
    return None


def _judge_mutation(plan: CasePlan, reply: dict, tensors: dict[str, torch.Tensor], params: list[str],
                    rtol: float | None, atol: float | None) -> tuple[str | None, bool]:
    """(problem, unexpected): a `mutates` argument with wrong post-call values is an ordinary failure
    (diagnoses may name it); any other tensor argument that changed is an unexpected mutation."""
    post = reply.get("post")
    if not isinstance(post, list):
        return _invalid_answer(_("post-call arguments missing")), True
    for key, index, original in plan.tensor_args:
        after = tensors.get(post_key(key))
        if after is None:
            return _invalid_answer(_("a post-call argument is missing")), True
        label = _arg_label(index, params)
        if isinstance(index, int) and index in plan.case.mutates and key == f"s{plan.step_id}_a{index}":
            problem = compare.compare(plan.expected_post[index], after.to(original.device), rtol=rtol,
                                      atol=atol, where=_("{argument} after the call (it should be updated in place)")
                                      .format(argument=label))
            if problem:
                return problem, False
        elif not compare.unchanged(original, after):
            return _("input mutated in place: {argument} changed during the call; work on a copy or use "
                     "out-of-place operations").format(argument=label), True
    return None, False


def diagnose(plan: CasePlan, check: Check, actual: Any, device: torch.device) -> str | None:
    """The message of the first diagnosis whose implementation produces what the student produced:
    the same output, the same arguments updated in place, the same gradients."""
    assert plan.result is not None
    reply, tensors = plan.result.reply, plan.result.tensors
    for diagnosis in check.diagnoses:
        try:
            with exact_float32():
                out, grads, post, _unused = evaluate(diagnosis.impl, plan.case, device, upstream=plan.upstream)
        except Exception:
            continue
        if compare.compare(out, actual, rtol=check.rtol, atol=check.atol) is not None:
            continue
        # arguments updated in place (running statistics) must match the mistake too
        student_post = [tensors.get(post_key(f"s{plan.step_id}_a{i}")) for i in plan.case.mutates]
        if any(after is None or compare.compare(post[i], after.to(post[i].device), rtol=check.rtol,
                                                atol=check.atol) is not None
               for i, after in zip(plan.case.mutates, student_post)):
            continue
        if plan.case.grad_wrt:
            try:
                student = _decoded_grads(plan, reply, tensors)
            except (_Invalid, ValueError, TypeError, KeyError):
                continue
            if isinstance(student, str) or any(
                    (grads.get(i) is None) != (student.get(i) is None)
                    or (grads.get(i) is not None and compare.compare(grads[i], student[i], rtol=check.rtol,
                                                                     atol=check.atol) is not None)
                    for i in plan.case.grad_wrt):
                continue
        return diagnosis.text()
    return None


# ---------------------------------------------------------------------------------------------
# Scoring one exercise


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _load_problem(result: StepResult | None, module: str) -> str | None:
    if result is None:
        return None
    if result.status != StepStatus.DONE:
        return _("importing {module}.py failed: {reason}").format(module=module, reason=result.message)
    if result.reply.get("ok"):
        return None
    exc = _reported_exc(result.reply)
    line = exc.get("line") if type(exc.get("line")) is int else None
    text = plain_line(_first_line(f"{exc.get('type', 'Error')}: {exc.get('msg', '')}"), 200)
    if line:
        return _("{module}.py could not be imported: {error} (line {line})").format(module=module, error=text,
                                                                                    line=line)
    return _("{module}.py could not be imported: {error}").format(module=module, error=text)


def _all_checks(ep: ExercisePlan, status: Status, message: str) -> list[CheckOutcome]:
    return [CheckOutcome(c.name, 0.0, c.points, status, message) for c in ep.exercise.checks]


def finish(ep: ExercisePlan, load: StepResult | None, device: torch.device) -> ExerciseOutcome:
    """The outcome of one exercise once all its calls are answered (or it was decided before)."""
    ex = ep.exercise
    if ep.status is not None:
        all_failed = _all_checks(ep, Status.ERROR if ep.status == Status.ERROR else Status.FAILED, ep.message)
        return ExerciseOutcome(ex.name, 0.0, ex.max_score, ep.status, all_failed, ep.message)
    problem = _load_problem(load, ex.module)
    if problem:
        return ExerciseOutcome(ex.name, 0.0, ex.max_score, Status.ERROR, _all_checks(ep, Status.ERROR, problem),
                               problem)
    if load is not None and load.status == StepStatus.DONE and ex.function not in (load.reply.get("functions") or []):
        message = _("{function} is not defined in {module}.py").format(function=ex.function, module=ex.module)
        return ExerciseOutcome(ex.name, 0.0, ex.max_score, Status.MISSING, _all_checks(ep, Status.FAILED, message),
                               message)

    recorded: set[str] = set()
    outcomes: list[CheckOutcome] = []
    not_implemented = 0
    for cp in ep.checks:
        check = cp.check
        if cp.error:
            outcomes.append(CheckOutcome(check.name, 0.0, check.points, Status.ERROR, plain_line(cp.error)))
            continue
        failures: list[tuple[CasePlan, CaseVerdict]] = []
        skipped: list[tuple[CasePlan, CaseVerdict]] = []
        for plan in cp.cases:
            recorded.update(recorded_calls(plan.result))
            if plan.result is not None and plan.result.status == StepStatus.SKIPPED:
                skipped.append((plan, CaseVerdict(CaseStatus.ERROR, plan.result.message)))
                continue  # an earlier case failed hard; that one carries the message
            verdict = judge_case(plan, check, ep.params)
            if verdict.status is not CaseStatus.PASSED:
                failures.append((plan, verdict))
        failures = failures or skipped
        if not failures:
            outcomes.append(CheckOutcome(check.name, float(check.points), check.points, Status.PASSED))
            continue
        plan, verdict = failures[0]
        if verdict.status is CaseStatus.NOT_IMPLEMENTED:
            not_implemented += 1
            outcomes.append(CheckOutcome(check.name, 0.0, check.points, Status.FAILED, verdict.message))
            continue
        if plan.case.label:
            text = _("case {index} of {count} ({label}): {problem}").format(
                index=plan.index + 1, count=len(cp.cases), label=plain_line(plan.case.label, 120),
                problem=verdict.message)
        else:
            text = _("case {index} of {count}: {problem}").format(index=plan.index + 1, count=len(cp.cases),
                                                                  problem=verdict.message)
        hint = None
        if verdict.status is CaseStatus.FAILED and check.diagnoses and plan.result is not None \
                and plan.result.reply.get("ok"):
            hint = diagnose(plan, check, verdict.actual, device)
        others = len(failures) - 1
        if others:
            text = ngettext("{problem} ({n} more failing case)", "{problem} ({n} more failing cases)",
                            others).format(problem=text, n=others)
        status = Status.ERROR if verdict.status is CaseStatus.ERROR else Status.FAILED
        outcomes.append(CheckOutcome(check.name, 0.0, check.points, status, text, diagnosis=hint or ""))

    hits = forbidden.runtime_hits(recorded, ex.forbidden)
    if hits:
        message = _("forbidden at run time: {calls}").format(calls=", ".join(hits[:5]))
        outcomes = [CheckOutcome(t.name, 0.0, t.max_score, Status.FAILED, message) for t in outcomes]
        return ExerciseOutcome(ex.name, 0.0, ex.max_score, Status.FORBIDDEN, outcomes, message)

    score = round(sum(t.score for t in outcomes), 6)
    if outcomes and not_implemented == len(outcomes):
        return ExerciseOutcome(ex.name, 0.0, ex.max_score, Status.FAILED, outcomes, _(NOT_IMPLEMENTED))
    if score >= ex.max_score:
        status = Status.PASSED
    elif score > 0:
        status = Status.PARTIAL
    else:
        status = Status.ERROR if any(t.status == Status.ERROR for t in outcomes) else Status.FAILED
    message = next(t.message for t in outcomes if t.status == Status.ERROR) if status == Status.ERROR else ""
    return ExerciseOutcome(ex.name, score, ex.max_score, status, outcomes, message)
