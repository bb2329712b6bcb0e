"""Content tests for the code exercises of activations, losses, regularization and cnn.

Three layers, cheapest first:
1. the spec, the student stubs and the reference solutions agree on names and signatures, every
   stub raises NotImplementedError, every check builds its cases, every diagnosis is reachable;
2. the wrong-implementation fixtures (tests/fixtures/wrong/) are what they claim: one exercise
   function each, differing from the solution's, spliced into a copy of the solution to grade;
3. the real grader (`grader.codegrade.grade_submission`) gives the solutions full marks, the stubs
   zero, and fails each fixture's exercise with the intended diagnosis.

Grading costs a sandbox start (~4 s) per submission, so layer 3 grades the fixtures in "rounds":
one submission per round holding, for every exercise, its k-th wrong implementation (the others
are the solution's). That is faithful because each fixture holds its one function only and no
exercise function calls another, so every exercise is graded on exactly the code it would see in
its own spliced file. `pytest -m slow` also grades every fixture on its own, checking that all
the other exercises keep full marks.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
import torch
from spec_helpers import fresh as _materialise

from grader.codegrade import discovery
from grader.codegrade.model import Case, CaseContext, Exercise

ROOT = Path(__file__).resolve().parents[2]
WRONG = ROOT / "tests" / "fixtures" / "wrong"
MODULES = tuple(m.name for m in discovery.load_modules())  # the bundled spec modules, as discovery finds them

# Fixture stem -> a fragment of the diagnosis the grader must give for it.
# Each fixture names, in a header comment, a fragment of the diagnosis the grader must give for it:
# `# Expected diagnosis: <fragment>`. Adding a fixture file adds a test; nothing is listed here.
_EXPECTATION = re.compile(r"^# Expected diagnosis: (.+)$", re.MULTILINE)


def _expected() -> dict[str, str]:
    table = {}
    for path in sorted(WRONG.glob("*.py")):
        match = _EXPECTATION.search(path.read_text())
        assert match, f"{path.name} has no '# Expected diagnosis: ...' line"
        table[path.stem] = match.group(1).strip()
    return table


EXPECTED = _expected()


def _spec(module: str):
    return importlib.import_module(f"grader.codegrade.specs.{module}")


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _exercises() -> list[Exercise]:
    return [ex for m in MODULES for ex in _spec(m).EXERCISES]


def _functions(path: Path) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in ast.parse(path.read_text()).body if isinstance(n, ast.FunctionDef)}


def _fixtures() -> list[Path]:
    return sorted(WRONG.glob("*.py"))


def _ctx() -> CaseContext:
    return CaseContext(generator=torch.Generator().manual_seed(7), device=torch.device("cpu"),
                       dtype=torch.float32)


def _call(fn, case: Case):
    return fn(*_materialise(tuple(case.args)), **_materialise(dict(case.kwargs)))


def _evaluate(fn, case: Case) -> tuple:
    """(output, gradients, in-place-updated arguments) of one call, as the grader compares them;
    gradients come from a fixed random upstream gradient."""
    args = list(_materialise(tuple(case.args)))
    kwargs = _materialise(dict(case.kwargs))
    for i in case.grad_wrt:
        args[i] = args[i].requires_grad_(True)
    with torch.set_grad_enabled(bool(case.grad_wrt)):
        out = fn(*args, **kwargs)
    grads = ()
    if case.grad_wrt:
        outs = [o for o in (out if isinstance(out, tuple) else (out,)) if o.requires_grad]
        gen = torch.Generator().manual_seed(3)
        torch.autograd.backward(outs, [torch.randn(o.shape, generator=gen, dtype=o.dtype) for o in outs])
        grads = tuple(args[i].grad for i in case.grad_wrt)
    if isinstance(out, torch.Tensor):
        out = out.detach()
    elif isinstance(out, tuple):
        out = tuple(o.detach() if isinstance(o, torch.Tensor) else o for o in out)
    return out, grads, tuple(args[i] for i in case.mutates)


# ---------------------------------------------------------------------------------------------
# 1. spec, stubs and solutions agree


@pytest.mark.parametrize("module", MODULES)
def test_spec_module_is_well_formed(module):
    exercises = _spec(module).EXERCISES
    assert exercises, f"grader/specs/{module}.py defines no exercises"
    names = [ex.name for ex in exercises]
    assert len(names) == len(set(names))
    for ex in exercises:
        assert ex.module == module
        assert 4 <= ex.max_score <= 10, f"{ex.name}: {ex.max_score} points"
        check_names = [c.name for c in ex.checks]
        assert len(check_names) == len(set(check_names)), ex.name
        for check in ex.checks:
            assert check.points == int(check.points) and check.points > 0, (ex.name, check.name)
            assert (check.reference is None) != (check.judge is None), (ex.name, check.name)
        assert ex.forbidden, f"{ex.name} forbids nothing"


@pytest.mark.parametrize("module", MODULES)
def test_stubs_and_solutions_share_names_and_signatures(module):
    stubs = _load(ROOT / "exercises" / f"{module}.py", f"_stub_{module}")
    solutions = _load(ROOT / "solutions" / f"{module}.py", f"_solution_{module}")
    for ex in _spec(module).EXERCISES:
        stub, solution = getattr(stubs, ex.function, None), getattr(solutions, ex.function, None)
        assert callable(stub), f"exercises/{module}.py lacks {ex.function}"
        assert callable(solution), f"solutions/{module}.py lacks {ex.function}"
        assert inspect.signature(stub) == inspect.signature(solution), ex.name
        assert stub.__doc__ and len(stub.__doc__) > 80, f"{ex.name}: the stub needs a docstring"


@pytest.mark.parametrize("module", MODULES)
def test_stubs_raise_not_implemented(module):
    stubs = _load(ROOT / "exercises" / f"{module}.py", f"_stub_{module}")
    tree = ast.parse((ROOT / "exercises" / f"{module}.py").read_text())
    imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert [ast.unparse(n) for n in imports] == ["import torch"]
    for ex in _spec(module).EXERCISES:
        case = ex.checks[0].cases(_ctx())[0]
        with pytest.raises(NotImplementedError):
            _call(getattr(stubs, ex.function), case)


@pytest.mark.parametrize("exercise", _exercises(), ids=lambda ex: ex.name)
def test_solution_passes_every_case_in_process(exercise):
    """A quick in-process run of each reference solution against the spec's references (the real
    grader's verdict is test_solutions_get_full_marks)."""
    from grader.codegrade.compare import compare

    solution = getattr(importlib.import_module(f"solutions.{exercise.module}"), exercise.function)
    for check in exercise.checks:
        for case in check.cases(_ctx()):
            if check.judge is not None:
                assert check.judge(case, _call(solution, case)) is None, (check.name, case.label)
            else:
                problem = compare(_evaluate(check.reference, case), _evaluate(solution, case),
                                  rtol=check.rtol, atol=check.atol)
                assert problem is None, (check.name, case.label, problem)


@pytest.mark.parametrize("exercise", _exercises(), ids=lambda ex: ex.name)
def test_every_diagnosis_is_reachable(exercise):
    """A diagnosis that agrees with the reference on every case of its check could never fire."""
    from grader.codegrade.compare import compare

    for check in exercise.checks:
        cases = check.cases(_ctx())
        for diagnosis in check.diagnoses:
            assert any(compare(_evaluate(check.reference, c), _evaluate(diagnosis.impl, c), rtol=check.rtol,
                               atol=check.atol) is not None for c in cases), (check.name, diagnosis.message)


@pytest.mark.parametrize("module", MODULES)
def test_solution_exercise_functions_do_not_call_each_other(module):
    """So that replacing one exercise function cannot change another exercise's grade."""
    names = {ex.function for ex in _spec(module).EXERCISES}
    for name, node in _functions(ROOT / "solutions" / f"{module}.py").items():
        if name in names:
            used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            assert not (used & (names - {name})), f"{module}.{name} calls {used & names}"


# ---------------------------------------------------------------------------------------------
# 2. the fixtures


def test_fixture_names_are_module_function_mistake():
    for path in _fixtures():
        module, function, mistake = path.stem.split("__")
        assert module in MODULES and function.isidentifier() and mistake, path.name


def test_every_exercise_has_a_wrong_fixture():
    covered = {".".join(stem.split("__")[:2]) for stem in EXPECTED}
    assert covered == {ex.name for ex in _exercises()}


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: p.stem)
def test_fixture_is_one_function_that_differs_from_the_solution(path):
    module, function, _mistake = path.stem.split("__")
    defined = [n for n in ast.parse(path.read_text()).body if not isinstance(n, (ast.Import, ast.ImportFrom))]
    assert [getattr(n, "name", None) for n in defined] == [function], f"{path.name} must define {function} only"
    solution = _functions(ROOT / "solutions" / f"{module}.py")[function]
    assert ast.dump(defined[0]) != ast.dump(solution), f"{path.name} is the solution"


# ---------------------------------------------------------------------------------------------
# 3. the real grader


def _grade(directory: Path, only: str | None = None):
    from grader.codegrade import grade_submission

    return grade_submission(directory, only=only, device="cpu")


@pytest.fixture(scope="session")
def solutions_report():
    return _grade(ROOT / "solutions", only=",".join(MODULES))


@pytest.fixture(scope="session")
def stubs_report():
    return _grade(ROOT / "exercises", only=",".join(MODULES))


def test_solutions_get_full_marks(solutions_report):
    names = {ex.name for ex in _exercises()}
    assert {e.name for e in solutions_report.exercises} == names
    for outcome in solutions_report.exercises:
        failing = [(t.name, t.message) for t in outcome.tests if t.status != "passed"]
        assert outcome.status == "passed" and outcome.score == outcome.max_score, (outcome.name, failing)


def test_stubs_score_zero_without_errors(stubs_report):
    assert stubs_report.score == 0
    assert {e.name for e in stubs_report.exercises} == {ex.name for ex in _exercises()}
    for outcome in stubs_report.exercises:
        assert outcome.status == "failed", (outcome.name, outcome.status, outcome.message)
        assert all(t.message == "not implemented yet" for t in outcome.tests), outcome.name


def _rounds() -> list[dict[str, list[Path]]]:
    """Round k holds every exercise's k-th fixture, grouped by module."""
    by_exercise: dict[str, list[Path]] = defaultdict(list)
    for path in _fixtures():
        module, function, _ = path.stem.split("__")
        by_exercise[f"{module}.{function}"].append(path)
    rounds: list[dict[str, list[Path]]] = []
    for paths in by_exercise.values():
        for k, path in enumerate(paths):
            while len(rounds) <= k:
                rounds.append(defaultdict(list))
            rounds[k][path.stem.split("__")[0]].append(path)
    return rounds


def _composite(module: str, fixtures: list[Path]) -> str:
    """The solution's source with each fixture's one function swapped in."""
    lines = (ROOT / "solutions" / f"{module}.py").read_text().splitlines(keepends=True)
    replacements = []
    for path in fixtures:
        function = path.stem.split("__")[1]
        fixture_lines = path.read_text().splitlines(keepends=True)
        new = _functions(path)[function]
        old = _functions(ROOT / "solutions" / f"{module}.py")[function]
        replacements.append((old.lineno - 1, old.end_lineno, fixture_lines[new.lineno - 1:new.end_lineno]))
    for start, end, new_lines in sorted(replacements, reverse=True):
        lines[start:end] = new_lines
    return "".join(lines)


@pytest.fixture(scope="session")
def fixture_outcomes(tmp_path_factory):
    """Fixture stem -> the ExerciseOutcome of its exercise, from one grading per round."""
    outcomes = {}
    for k, round_ in enumerate(_rounds()):
        directory = tmp_path_factory.mktemp(f"wrong_round{k}")
        selected = []
        for module, fixtures in round_.items():
            (directory / f"{module}.py").write_text(_composite(module, fixtures))
            selected += [".".join(p.stem.split("__")[:2]) for p in fixtures]
        report = _grade(directory, only=",".join(selected))
        by_name = {e.name: e for e in report.exercises}
        for fixtures in round_.values():
            for path in fixtures:
                outcomes[path.stem] = by_name[".".join(path.stem.split("__")[:2])]
    return outcomes


def _assert_diagnosed(stem: str, outcome) -> None:
    failing = [t for t in outcome.tests if t.status == "failed"]
    assert outcome.status in ("partial", "failed"), (stem, outcome.status, outcome.message)
    assert outcome.score < outcome.max_score and failing, stem
    fragment = EXPECTED[stem]
    assert any(fragment in t.diagnosis or fragment in t.message for t in failing), (
        f"{stem}: no failing check names the mistake {fragment!r}; got "
        + " | ".join(f"{t.name}: {t.message} {t.diagnosis}" for t in failing))


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_wrong_fixture_is_caught_and_diagnosed(stem, fixture_outcomes):
    _assert_diagnosed(stem, fixture_outcomes[stem])


@pytest.mark.slow  # one sandbox per fixture: minutes; run with `pytest -m slow`
@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: p.stem)
def test_wrong_fixture_file_alone(path, tmp_path):
    module, function, _ = path.stem.split("__")
    for other in MODULES:
        shutil.copy(ROOT / "solutions" / f"{other}.py", tmp_path / f"{other}.py")
    (tmp_path / f"{module}.py").write_text(_composite(module, [path]))
    report = _grade(tmp_path, only=module)
    for outcome in report.exercises:
        if outcome.name == f"{module}.{function}":
            _assert_diagnosed(path.stem, outcome)
        else:
            assert outcome.status == "passed", (outcome.name, [t.message for t in outcome.tests])


# Each exercise done by calling the library instead: every one must be scored 0 as forbidden.
# `sigmoid` hides its call from the source scan and is caught by the run-time record instead.
CHEATS = {
    "activations": """
import torch
import torch.nn.functional as F

def sigmoid(x):
    return getattr(torch, "sig" + "moid")(x)

def tanh(x):
    return x.tanh()

def relu(x):
    return F.relu(x)

def leaky_relu(x, negative_slope=0.01):
    return torch.nn.LeakyReLU(negative_slope)(x)

def softmax(x, dim=-1):
    return x.softmax(dim)

def log_softmax(x, dim=-1):
    return x - torch.logsumexp(x, dim, keepdim=True)
""",
    "losses": """
import torch
import torch.nn.functional as F
from torch.nn.functional import mse_loss as mse

def mse_loss(pred, target):
    return mse(pred, target)

def binary_cross_entropy(prob, target):
    return torch.nn.BCELoss()(prob, target)

def cross_entropy(logits, target):
    return F.nll_loss(F.log_softmax(logits, 1), target)

def logistic_regression_grads(X, y, w, b, loss):
    w = w.clone().requires_grad_(True)
    b = b.clone().requires_grad_(True)
    s = torch.sigmoid(X @ w + b)
    L = ((s - y) ** 2).sum() / (2 * len(y)) if loss == "mse" else -(y * s.log() + (1 - y) * (1 - s).log()).mean()
    L.backward()
    return w.grad, b.grad
""",
    "regularization": """
import torch
import torch.nn.functional as F

def _sgd(w, grad, lr, weight_decay):
    p = torch.nn.Parameter(w.clone())
    p.grad = grad.clone()
    torch.optim.SGD([p], lr=lr, weight_decay=weight_decay).step()
    return p.detach()

def l1_update(w, grad, lr, lam, n):
    return _sgd(w, grad + lam * torch.sign(w) / n, lr, 0.0)

def l2_update(w, grad, lr, lam, n):
    return _sgd(w, grad, lr, lam / n)

def dropout(x, p, training=True, generator=None):
    return F.dropout(x, p, training)

def batch_norm(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    return F.batch_norm(x, running_mean, running_var, gamma, beta, training, momentum, eps)
""",
    "cnn": """
import torch
import torch.nn.functional as F

def conv_output_size(size, kernel, stride=1, padding=0, dilation=1):
    conv = torch.nn.Conv2d(1, 1, kernel, stride, padding, dilation)
    return conv(torch.zeros(1, 1, size, size)).shape[-1]

def conv2d(x, weight, bias=None, stride=1, padding=0):
    cols = F.unfold(x, weight.shape[-2:], padding=padding, stride=stride)
    raise NotImplementedError  # the im2col call alone is forbidden

def max_pool2d(x, kernel_size, stride=None):
    return F.max_pool2d(x, kernel_size, stride)

def avg_pool2d(x, kernel_size, stride=None):
    k = kernel_size if isinstance(kernel_size, tuple) else (kernel_size, kernel_size)
    w = torch.full((x.shape[1], 1, *k), 1 / (k[0] * k[1]), dtype=x.dtype, device=x.device)
    return F.conv2d(x, w, stride=stride or k, groups=x.shape[1])
""",
}


def test_library_calls_are_forbidden(tmp_path):
    for module, source in CHEATS.items():
        (tmp_path / f"{module}.py").write_text(source.lstrip())
    # The modules added later test their library calls in their own files (tests/specs/test_rnn.py...).
    report = _grade(tmp_path, only=",".join(CHEATS))
    assert {e.name for e in report.exercises} == {ex.name for ex in _exercises() if ex.module in CHEATS}
    for outcome in report.exercises:
        assert outcome.status == "forbidden" and outcome.score == 0, (outcome.name, outcome.status, outcome.message)
