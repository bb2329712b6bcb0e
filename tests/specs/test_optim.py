"""The optim exercises: their references proved by independent routes, the runs of cases they are
graded on, the gradient-function argument, and the feedback.

tests/specs/test_specs_content.py covers what every spec shares (solutions full marks, stubs 0,
fixtures diagnosed). Here: the Adam reference equals the torch.optim.Adam class over whole runs and
on every graded case; the notes' SGD and momentum equal torch.optim.SGD (with the buffer rescaled,
m = η·b), Adagrad and RMSprop equal torch.optim with eps = 0 and plain Python with eps inside the
root; Nesterov equals a plain-Python run on the cubic gradient functions; the cases chain (step j + 1
starts where the reference left step j) from the starting states their labels name; the `poly`
argument node is validated and decodes to the same function on both sides; each known mistake is
named as itself; the stubs state the conventions; torch.optim is forbidden and an in-place update of
the state is caught.
"""

from __future__ import annotations

import inspect
import itertools
import json
import math
import re
from pathlib import Path

import pytest
import torch
from spec_helpers import assert_each_mistake_is_named_as_itself
from spec_helpers import call as _call
from spec_helpers import cases as _cases
from spec_helpers import fresh as _copy
from spec_helpers import run as _run

from grader.codegrade.compare import compare
from grader.codegrade.model import Case, Check, Exercise, GradFn
from grader.codegrade.plan import _copy_args, _encode
from grader.codegrade.protocol import MAX_POLY_COEFFS, poly_coeffs, poly_grad_fn
from grader.codegrade.specs import optim as spec
from solutions import optim as solution

ROOT = Path(__file__).resolve().parents[2]
F64 = torch.float64
STATEFUL = ("momentum_step", "nesterov_step", "adagrad_step", "rmsprop_step", "adam_step")


def _exercise(name: str) -> Exercise:
    return next(ex for ex in spec.EXERCISES if ex.name == f"optim.{name}")


def _check(name: str, check: str) -> Check:
    return next(c for c in _exercise(name).checks if c.name == check)


def _all_cases(name: str):
    ex = _exercise(name)
    for check in ex.checks:
        for case in _cases(ex, check):
            yield check, case


def _bound(name: str, case: Case) -> dict:
    """The case's arguments by parameter name, defaults filled in (the solution's signature)."""
    sig = inspect.signature(getattr(solution, name))
    bound = sig.bind(*case.args, **case.kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


def _close(a, b, what, *, rtol=1e-12, atol=1e-14) -> None:
    problem = compare(_copy(a), _copy(b), rtol=rtol, atol=atol)
    assert problem is None, (what, problem)


# ---------------------------------------------------------------------------------------------
# Adam is torch.optim.Adam


def _adam_class_step(w, m, v, g, t, lr, beta1, beta2, eps):
    """One step of the torch.optim.Adam class from the state (m, v, t − 1 steps taken)."""
    p = torch.nn.Parameter(w.detach().clone())
    opt = torch.optim.Adam([p], lr=lr, betas=(beta1, beta2), eps=eps)
    opt.state[p] = {"step": torch.tensor(float(t - 1)), "exp_avg": m.detach().clone(),
                    "exp_avg_sq": v.detach().clone()}
    p.grad = g.detach().clone()
    opt.step()
    return p.detach(), opt.state[p]["exp_avg"], opt.state[p]["exp_avg_sq"]


@pytest.mark.parametrize(("dtype", "hyper"), [(F64, {}), (F64, {"lr": 0.05, "betas": (0.5, 0.9), "eps": 0.1}),
                                              (torch.float32, {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6})])
def test_adam_reference_follows_a_torch_optim_adam_run(dtype, hyper):
    """An ordinary training run of the torch.optim.Adam class (its own state, t counting from 1) and
    the reference chained on its own outputs agree after every one of ten steps."""
    gen = torch.Generator().manual_seed(3)
    w0 = torch.randn(4, 3, generator=gen, dtype=dtype)
    p = torch.nn.Parameter(w0.clone())
    opt = torch.optim.Adam([p], **hyper)
    kwargs = {"lr": hyper.get("lr", 1e-3), "beta1": hyper.get("betas", (0.9, 0.999))[0],
              "beta2": hyper.get("betas", (0.9, 0.999))[1], "eps": hyper.get("eps", 1e-8)}
    w, m, v = w0.clone(), torch.zeros_like(w0), torch.zeros_like(w0)
    for t in range(1, 11):
        g = torch.randn(4, 3, generator=gen, dtype=dtype) * (0.1 * t)
        p.grad = g.clone()
        opt.step()
        w, m, v = spec._adam_ref(w, m, v, g, t, **kwargs)
        state = opt.state[p]
        assert int(state["step"]) == t
        _close((w, m, v), (p.detach(), state["exp_avg"], state["exp_avg_sq"]), t, rtol=0.0, atol=0.0)


def test_adam_reference_equals_the_class_on_every_graded_case():
    steps = set()
    for check, case in _all_cases("adam_step"):
        a = _bound("adam_step", case)
        steps.add(a["t"])
        expected = _adam_class_step(a["w"], a["m"], a["v"], a["g"], a["t"], a["lr"], a["beta1"], a["beta2"], a["eps"])
        _close(check.reference(*_copy(case.args), **_copy(case.kwargs)), expected, (check.name, case.label),
               rtol=0.0, atol=0.0)
    assert {1, 2, 3, 4} <= steps and max(steps) >= 500, sorted(steps)


def test_adam_reference_does_not_import_dynamo_or_touch_its_inputs():
    """The functional form keeps grading fast (the class's step() imports torch._dynamo, ~1 s) and the
    reference works on copies."""
    import subprocess
    import sys

    code = ("import sys, torch\nfrom grader.codegrade.specs import optim\n"
            "w = torch.ones(3); m = torch.zeros(3); v = torch.zeros(3); g = torch.full((3,), 0.5)\n"
            "optim._adam_ref(w, m, v, g, 1)\n"
            "assert 'torch._dynamo' not in sys.modules\n"
            "assert torch.equal(w, torch.ones(3)) and not m.any() and not v.any()\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# ---------------------------------------------------------------------------------------------
# SGD, momentum, Adagrad, RMSprop against torch.optim; Nesterov against plain Python


def test_sgd_and_momentum_references_equal_torch_optim_sgd():
    """The notes' m is torch's buffer times η: with the buffer set to m/η, torch.optim.SGD(momentum=γ)
    makes the same step and leaves η·buffer = m′."""
    for check, case in _all_cases("sgd_step"):
        a = _bound("sgd_step", case)
        p = torch.nn.Parameter(a["w"].clone())
        p.grad = a["g"].clone()
        torch.optim.SGD([p], lr=a["lr"]).step()
        _close(check.reference(*_copy(case.args)), p.detach(), case.label, rtol=1e-6, atol=1e-7)
    for check, case in _all_cases("momentum_step"):
        a = _bound("momentum_step", case)
        p = torch.nn.Parameter(a["w"].clone())
        p.grad = a["g"].clone()
        opt = torch.optim.SGD([p], lr=a["lr"], momentum=a["gamma"])
        opt.state[p]["momentum_buffer"] = a["m"] / a["lr"]
        opt.step()
        expected = (p.detach(), opt.state[p]["momentum_buffer"] * a["lr"])
        _close(check.reference(*_copy(case.args), **_copy(case.kwargs)), expected, (check.name, case.label),
               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", ["adagrad_step", "rmsprop_step"])
def test_adagrad_and_rmsprop_equal_torch_optim_with_eps_zero(name):
    """torch.optim puts eps outside the root, the notes inside: with eps = 0 the two agree."""
    for check, case in _all_cases(name):
        a = _bound(name, case)
        if not bool((a["g"] != 0).all()):
            continue  # 0/√0 with eps = 0
        p = torch.nn.Parameter(a["w"].clone())
        p.grad = a["g"].clone()
        if name == "adagrad_step":
            opt = torch.optim.Adagrad([p], lr=a["lr"], eps=0.0)
            opt.state[p]["sum"] = a["G"].clone()
            key, ours = "sum", spec._adagrad_ref(a["w"], a["G"], a["g"], a["lr"], 0.0)
        else:
            opt = torch.optim.RMSprop([p], lr=a["lr"], alpha=a["alpha"], eps=0.0)
            opt.state[p].update(square_avg=a["v"].clone(), step=torch.tensor(0.0))
            key, ours = "square_avg", spec._rmsprop_ref(a["w"], a["v"], a["g"], a["lr"], a["alpha"], 0.0)
        opt.step()
        _close(ours, (p.detach(), opt.state[p][key]), (check.name, case.label), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", ["adagrad_step", "rmsprop_step"])
def test_adagrad_and_rmsprop_put_eps_inside_the_root(name):
    """Element by element in plain Python, with the case's own eps."""
    for check, case in _all_cases(name):
        a = _bound(name, case)
        w_new, state_new = check.reference(*_copy(case.args), **_copy(case.kwargs))
        state = a["G"] if name == "adagrad_step" else a["v"]
        for i, (w, s, g) in enumerate(zip(a["w"].double().flatten().tolist(), state.double().flatten().tolist(),
                                          a["g"].double().flatten().tolist())):
            s2 = s + g * g if name == "adagrad_step" else a["alpha"] * s + (1 - a["alpha"]) * g * g
            expected = w - a["lr"] * g / math.sqrt(s2 + a["eps"])
            tol = 1e-10 if a["w"].dtype == F64 else 1e-5
            assert float(w_new.flatten()[i]) == pytest.approx(expected, rel=tol, abs=tol), (check.name, case.label)
            assert float(state_new.flatten()[i]) == pytest.approx(s2, rel=tol, abs=tol * 1e-3)


def _cubic(coeffs, x: float) -> float:
    return sum(c * x**k for k, c in enumerate(coeffs))


def test_nesterov_reference_matches_plain_python_on_the_cubics():
    for check, case in _all_cases("nesterov_step"):
        a = _bound("nesterov_step", case)
        assert isinstance(a["grad_fn"], GradFn)
        w_new, m_new = check.reference(*_copy(case.args), **_copy(case.kwargs))
        coeffs, lr, gamma = a["grad_fn"].coeffs, a["lr"], a["gamma"]
        for i, (w, m) in enumerate(zip(a["w"].flatten().tolist(), a["m"].flatten().tolist())):
            g = _cubic(coeffs, w - gamma * m)
            m2 = gamma * m + lr * g
            tol = 1e-10 if a["w"].dtype == F64 else 1e-4
            assert float(m_new.flatten()[i]) == pytest.approx(m2, rel=tol, abs=tol), (check.name, case.label)
            assert float(w_new.flatten()[i]) == pytest.approx(w - m2, rel=tol, abs=tol), (check.name, case.label)


def test_nesterov_gradient_functions_are_not_linear():
    """For a linear (affine) g, g(a) + g(b) = g(a + b) + g(0): the cubics must break that, and the
    look-ahead must matter on every non-zero-state case."""
    a, b = torch.tensor([0.7, -1.2], dtype=F64), torch.tensor([0.4, 0.9], dtype=F64)
    for fn in spec._CUBICS:
        assert not torch.allclose(fn(a) + fn(b), fn(a + b) + fn(torch.zeros(2, dtype=F64)))
    at_w = spec._NESTEROV_DIAGNOSES[0].impl
    for check, case in _all_cases("nesterov_step"):
        if "non-zero" in case.label:
            assert compare(_call(check.reference, case), _call(at_w, case)) is not None, case.label


# ---------------------------------------------------------------------------------------------
# The runs: each step starts where the reference left the previous one

_STEP = re.compile(r"^step (\d+) of (\d+) from ")


def _runs(name: str):
    """(check, [cases of one run]) for every run of every check made of runs (all but sgd's "values")."""
    for check in _exercise(name).checks:
        run: list[Case] = []
        cases = _cases(_exercise(name), check)
        if name == "sgd_step" and check.name == "values":
            assert not any(_STEP.match(c.label) for c in cases)
            continue
        for case in cases:
            j, k = map(int, _STEP.match(case.label).groups())
            assert j == len(run) + 1, case.label
            run.append(case)
            if j == k:
                yield check, run
                run = []
        assert not run, (check.name, "an unfinished run")


@pytest.mark.parametrize("name", ["sgd_step", *STATEFUL])
def test_each_step_starts_from_the_previous_steps_reference_output(name):
    params = list(_bound(name, _cases(_exercise(name), _exercise(name).checks[0])[0]))
    state_names = [p for p in params[1:] if p in ("m", "v", "G")]
    starts = set()
    for check, run in _runs(name):
        first = _bound(name, run[0])
        zero = all(not bool(first[s].any()) for s in state_names)
        starts.add(zero)
        assert zero == any(f"from {s} = 0" in run[0].label or "m = v = 0" in run[0].label for s in state_names) \
            or not state_names, run[0].label
        assert len(run) >= 3, (check.name, "runs have several steps")
        for prev, nxt in zip(run, run[1:]):
            out = check.reference(*_copy(prev.args), **_copy(prev.kwargs))
            out = out if isinstance(out, tuple) else (out,)
            a, b = _bound(name, prev), _bound(name, nxt)
            _close(tuple(out), tuple(b[p] for p in ["w", *state_names]), nxt.label, rtol=0.0, atol=0.0)
            if "g" in a:
                assert not torch.equal(a["g"], b["g"]), "the gradient changes at every step"
            if "t" in a:
                assert b["t"] == a["t"] + 1
            assert {k: v for k, v in a.items() if k not in ("w", "g", "t", *state_names)} \
                == {k: v for k, v in b.items() if k not in ("w", "g", "t", *state_names)}
    if state_names:
        assert starts == {True, False}, "runs from a zero and from a non-zero state"


def test_labels_fit_the_report_and_say_what_the_cases_hold():
    for ex in spec.EXERCISES:
        for check in ex.checks:
            for case in _cases(ex, check):
                assert len(case.label) <= 120, case.label
                if ex.function == "exponential_decay":
                    continue
                a = _bound(ex.function, case)
                if "g" in a and _STEP.match(case.label):
                    g = a["g"].abs()
                    assert bool((g == 0).any()) == ("exactly 0" in case.label), case.label
                    if "gradients ~" in case.label:
                        assert float(g.max()) < 1e-2, case.label
                    else:
                        assert float(g[g > 0].min()) >= 0.5, case.label
                if "t" in a:
                    assert f"t={a['t']}," in case.label
                for key in ("lr", "gamma", "alpha", "eps", "beta1", "beta2"):
                    if key in case.kwargs or (key in a and f"{key}=" in case.label):
                        assert f"{key}={a[key]:g}" in case.label, (case.label, key)


def test_decay_boundaries_are_where_they_are_labelled():
    for case in _cases(_exercise("exponential_decay"), _check("exponential_decay", "at_boundaries")):
        assert case.args[2] % case.args[3] == 0
    for case in _cases(_exercise("exponential_decay"), _check("exponential_decay", "between_boundaries")):
        assert case.args[2] % case.args[3] != 0
    assert spec._decay_ref(0.1, 0.96, 150, 100) == pytest.approx(0.1 * 0.96**1.5, rel=1e-15)
    assert solution.exponential_decay(0.1, 0.5, 0, 10) == 0.1


# ---------------------------------------------------------------------------------------------
# The gradient-function argument (protocol node "poly")


@pytest.mark.parametrize("bad", [(), tuple(range(MAX_POLY_COEFFS + 1)), (1.0, math.nan), (math.inf,), (True, 1.0),
                                 ("1",), (None,)])
def test_poly_coefficients_are_validated(bad):
    with pytest.raises(ValueError):
        poly_coeffs(bad)
    with pytest.raises(ValueError):
        GradFn(bad)


def test_poly_node_round_trips_and_builds_the_same_function_on_both_sides():
    from grader.codegrade.sandbox import child

    fn = GradFn((0.3, 1, -0.5, 0.8))
    assert fn.coeffs == (0.3, 1.0, -0.5, 0.8)
    tensors: dict = {}
    node = json.loads(json.dumps(_encode(fn, tensors, "s0_a2", [])))
    assert node == {"t": "poly", "coeffs": [0.3, 1.0, -0.5, 0.8]} and not tensors
    parent = _copy_args(fn, torch.device("cpu"))
    in_child = child._decode(node, {}, "cpu", torch)
    assert type(parent) is type(in_child) and callable(in_child) and not isinstance(in_child, GradFn)
    x = torch.linspace(-2, 2, 9, dtype=torch.float32)
    expected = 0.3 + 1.0 * x - 0.5 * x**2 + 0.8 * x**3
    for f in (fn, parent, in_child, poly_grad_fn([0.3, 1.0, -0.5, 0.8])):
        y = f(x)
        assert y.dtype == torch.float32 and torch.allclose(y, expected, atol=1e-6)
    assert torch.equal(parent(x), in_child(x))
    assert poly_grad_fn([2.0])(3.0) == 2.0 and poly_grad_fn([0.0, 0.0, 1.0])(3.0) == 9.0


# ---------------------------------------------------------------------------------------------
# Diagnoses


@pytest.mark.parametrize("exercise", spec.EXERCISES, ids=lambda ex: ex.name)
def test_diagnoses_say_what_the_student_did_then_the_fix(exercise):
    for check in exercise.checks:
        for diagnosis in check.diagnoses:
            message = diagnosis.message
            assert message.startswith(("You ", "Your ")), (check.name, message)
            assert ":" in message and message.endswith("."), (check.name, message)


@pytest.mark.parametrize("exercise", spec.EXERCISES, ids=lambda ex: ex.name)
def test_no_diagnosis_shadows_a_later_one(exercise):
    for check in exercise.checks:
        cases = _cases(exercise, check)
        results = [[_run(d.impl, c) for c in cases] for d in check.diagnoses]
        for (i, a), (j, b) in itertools.combinations(enumerate(results), 2):
            assert any(compare(x, y) is not None for x, y in zip(a, b)), (
                check.name, check.diagnoses[i].message, check.diagnoses[j].message)


@pytest.mark.parametrize(("exercise", "check"), [(ex, c) for ex in spec.EXERCISES for c in ex.checks],
                         ids=lambda v: v.name)
def test_each_mistake_is_named_as_itself(exercise, check):
    assert_each_mistake_is_named_as_itself(exercise, check)


def test_the_issues_mistakes_are_all_named():
    messages = " ".join(d.text() for ex in spec.EXERCISES for c in ex.checks for d in c.diagnoses)
    for phrase in ("You kept PyTorch's momentum buffer", "You added eps outside the square root, √G′ + eps",
                   "You added eps outside the square root, √v′ + eps", "You left out the bias correction",
                   "counting steps from 0", "You evaluated the gradient at w", "You divided with //"):
        assert phrase in messages, phrase


# ---------------------------------------------------------------------------------------------
# Stubs, forbidden calls, in-place updates


def test_stubs_state_the_graded_conventions():
    source = (ROOT / "exercises" / "optim.py").read_text()
    for phrase in ("m′ = γ · m + η · g", "b′ = μ·b + g", "INSIDE the square root", "OUTSIDE the square root",
                   "erratum 19", "erratum 20", "erratum 23", "erratum 14", "counting from 1", "default alpha here is 0.9",
                   "Do NOT modify w, the state or\n  g in place", "w − γ · m", "TRUE division"):
        assert phrase in source, phrase


CHEAT = """
import torch
import torch.nn.functional as F
from torch.optim import Adam as A


def sgd_step(w, g, lr):
    p = torch.nn.Parameter(w.clone())
    p.grad = g
    torch.optim.SGD([p], lr=lr).step()
    return p.detach()


def momentum_step(w, m, g, lr, gamma=0.9):
    m.mul_(gamma).add_(lr * g)  # the state updated in place: caught as a mutated input
    return w - m, m


def nesterov_step(w, m, grad_fn, lr, gamma=0.9):
    from torch.optim._functional import sgd
    raise NotImplementedError


def adagrad_step(w, G, g, lr, eps=1e-8):
    p = torch.nn.Parameter(w.clone())
    p.grad = g
    opt = torch.optim.Adagrad([p], lr=lr, eps=eps)
    opt.state[p]["sum"] = G.clone()
    opt.step()
    return p.detach(), opt.state[p]["sum"]


def rmsprop_step(w, v, g, lr, alpha=0.9, eps=1e-8):
    raise NotImplementedError(torch.optim.RMSprop)


def adam_step(w, m, v, g, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    opt = A([torch.nn.Parameter(w.clone())], lr=lr)
    raise NotImplementedError


def exponential_decay(lr0, decay_rate, step, decay_steps):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr0)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, decay_rate ** (1 / decay_steps))
    for _ in range(step):
        opt.step()
        sched.step()
    return sched.get_last_lr()[0]
"""


def test_torch_optim_is_forbidden_and_in_place_state_updates_are_caught(tmp_path):
    from grader.codegrade import grade_submission

    (tmp_path / "optim.py").write_text(CHEAT.lstrip())
    report = grade_submission(tmp_path, only="optim", device="cpu")
    assert {e.name for e in report.exercises} == {ex.name for ex in spec.EXERCISES}
    for outcome in report.exercises:
        if outcome.name == "optim.momentum_step":
            assert outcome.status == "failed" and outcome.score == 0, (outcome.status, outcome.message)
            assert all("input mutated in place" in t.message for t in outcome.tests), [t.message for t in outcome.tests]
        else:
            assert outcome.status == "forbidden" and outcome.score == 0, (outcome.name, outcome.status, outcome.message)
