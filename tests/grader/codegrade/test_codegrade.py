"""End-to-end grading: correct, wrong, incomplete and hostile submissions through the real sandbox.

Hostile submissions live one per failure mode in tests/fixtures/hostile/: each is an
`activations.py` whose `tanh` misbehaves while `sigmoid` and `relu` are correct. They are graded
against the small spec below (tanh sits between the two others, so a crash must not cost the
exercise graded after it), with small limits so the suite stays fast.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import torch
from click.testing import CliRunner

from grader import reports
from grader.cli import cli
from grader.codegrade import Limits, forbidden, grade_submission, seed_for
from grader.codegrade.model import Case, Check, Diagnosis, Exercise
from grader.errors import UsageError

REPO = Path(__file__).resolve().parents[3]
HOSTILE = REPO / "tests" / "fixtures" / "hostile"
LIMITS = Limits(call_timeout_s=3.0, submission_timeout_s=60.0, memory_bytes=512 << 20)


def _cases(ctx):
    x = torch.randn(4, 5, generator=ctx.generator, dtype=torch.float32)
    y = torch.randn(3, generator=ctx.generator, dtype=torch.float64)
    return [Case(args=(x,), label="float32, shape (4, 5)"),
            Case(args=(y,), grad_wrt=(0,), label="gradient, float64")]


def _naive_tanh(x):
    return torch.zeros_like(x)


SPEC = [
    Exercise("activations.sigmoid", [Check("values", 2, _cases, reference=torch.sigmoid)], forbidden=("sigmoid",)),
    Exercise("activations.tanh", [Check("values", 2, _cases, reference=torch.tanh,
                                        diagnoses=[Diagnosis(_naive_tanh, "tanh is not zero everywhere.")]),
                                  Check("again", 1, _cases, reference=torch.tanh)], forbidden=("tanh",)),
    Exercise("activations.relu", [Check("values", 2, _cases, reference=torch.relu)], forbidden=("relu",)),
]

GOOD = '''import torch


def sigmoid(x):
    return 1 / (1 + torch.exp(-x))


def relu(x):
    return torch.where(x > 0, x, torch.zeros_like(x))


def tanh(x):
    return 2 / (1 + torch.exp(-2 * x)) - 1
'''


def _submit(tmp_path: Path, source: str, **kwargs):
    folder = tmp_path / "exercises"
    folder.mkdir(exist_ok=True)
    (folder / "activations.py").write_text(source)
    kwargs.setdefault("limits", LIMITS)
    kwargs.setdefault("exercises", SPEC)
    kwargs.setdefault("device", "cpu")
    return grade_submission(folder, **kwargs)


def _by_name(report):
    return {e.name: e for e in report.exercises}


def test_seeds_are_stable_and_not_pythons_hash():
    assert seed_for("activations.tanh", "values") == seed_for("activations.tanh", "values")
    assert seed_for("activations.tanh", "values") != seed_for("activations.tanh", "again")
    # fixed forever: a change would change every student's inputs between a local run and CI
    assert seed_for("a", "b") == int.from_bytes(hashlib.sha256(b"a\x1fb").digest()[:8], "big") >> 1


def test_correct_submission_scores_full_marks_and_reports_progress(tmp_path):
    seen = []
    report = _submit(tmp_path, GOOD, progress=seen.append)
    assert [e.status for e in report.exercises] == ["passed", "passed", "passed"]
    assert report.score == report.max_score == 7
    assert [o.name for o in seen] == ["activations.sigmoid", "activations.tanh", "activations.relu"]
    assert report.device == "cpu"
    assert report.to_dict()["schema"] == "grade-report/1"


def test_same_commit_same_score(tmp_path):
    wrong = GOOD.replace("2 / (1 + torch.exp(-2 * x)) - 1", "x - x ** 3 / 3")
    first = _submit(tmp_path, wrong).to_dict()
    second = _submit(tmp_path, wrong).to_dict()
    for d in (first, second):
        d.pop("duration_s")
        d.pop("created")  # when it was graded: the only other field allowed to differ
    assert first == second


def test_wrong_values_say_where_and_how_much_without_expected_values(tmp_path):
    wrong = GOOD.replace("2 / (1 + torch.exp(-2 * x)) - 1", "torch.zeros_like(x)")
    tanh = _by_name(_submit(tmp_path, wrong))["activations.tanh"]
    assert tanh.status == "failed" and tanh.score == 0
    msg = tanh.tests[0].message
    assert msg.startswith("case 1 of 2 (float32, shape (4, 5)): output:")
    assert "largest absolute error" in msg and "at index (" in msg
    assert tanh.tests[0].diagnosis == "tanh is not zero everywhere."  # apart from the message, for reports


def test_partial_credit_per_check(tmp_path):
    # right values in float32 only: the gradient case (float64) fails in both checks, dtype
    wrong = GOOD.replace("return 2 / (1 + torch.exp(-2 * x)) - 1", "return (2 / (1 + torch.exp(-2 * x)) - 1).float()")
    spec = [SPEC[1], Exercise("activations.relu", [Check("values", 2, _cases, reference=torch.relu)])]
    report = _submit(tmp_path, wrong, exercises=spec)
    tanh = _by_name(report)["activations.tanh"]
    assert tanh.status == "failed"
    assert "dtype torch.float64 expected, got torch.float32" in tanh.tests[0].message
    relu = _by_name(report)["activations.relu"]
    assert relu.status == "passed"
    half = [Exercise("activations.tanh", [Check("f32", 1, lambda ctx: _cases(ctx)[:1], reference=torch.tanh),
                                          Check("f64", 1, lambda ctx: _cases(ctx)[1:], reference=torch.tanh)])]
    tanh = _submit(tmp_path, wrong, exercises=half).exercises[0]
    assert (tanh.status, tanh.score) == ("partial", 1)


def test_gradient_that_does_not_flow_is_named(tmp_path):
    detached = GOOD.replace("return 2 / (1 + torch.exp(-2 * x)) - 1",
                            "return torch.tensor((2 / (1 + torch.exp(-2 * x)) - 1).tolist(), dtype=x.dtype)")
    tanh = _by_name(_submit(tmp_path, detached))["activations.tanh"]
    assert "no gradient reaches argument 0 (x)" in tanh.tests[0].message


def test_input_mutated_in_place(tmp_path):
    inplace = GOOD.replace("    return torch.where(x > 0, x, torch.zeros_like(x))", "    return x.clamp_(min=0)")
    relu = _by_name(_submit(tmp_path, inplace))["activations.relu"]
    assert relu.status == "failed"
    assert "input mutated in place: argument 0 (x)" in relu.tests[0].message


def test_mutates_compares_post_call_values(tmp_path):
    def reference(x, buf):
        buf.mul_(0.5).add_(x.mean())
        return x * 2

    def cases(ctx):
        return [Case(args=(torch.randn(4, generator=ctx.generator), torch.ones(())), mutates=(1,))]

    spec = [Exercise("activations.update", [Check("values", 1, cases, reference=reference)])]
    good = "def update(x, buf):\n    buf.mul_(0.5).add_(x.mean())\n    return x * 2\n"
    assert _submit(tmp_path, good, exercises=spec).exercises[0].status == "passed"
    forgot = "def update(x, buf):\n    return x * 2\n"
    out = _submit(tmp_path, forgot, exercises=spec).exercises[0]
    assert out.status == "failed" and "argument 1 (buf) after the call" in out.tests[0].message


def test_judge_checks(tmp_path):
    def judge(case, output):
        return None if torch.equal(output, case.args[0] * 0) else "expected zeros"

    spec = [Exercise("activations.zero", [Check("z", 1, lambda ctx: [Case(args=(torch.ones(3),))], judge=judge)])]
    assert _submit(tmp_path, "def zero(x):\n    return x * 0\n", exercises=spec).exercises[0].status == "passed"
    out = _submit(tmp_path, "def zero(x):\n    return x\n", exercises=spec).exercises[0]
    assert out.status == "failed" and out.tests[0].message.endswith("expected zeros")


def test_stub_missing_and_not_implemented(tmp_path):
    stub = ("import torch\n\n\ndef sigmoid(x):\n    raise NotImplementedError\n\n\n"
            "def tanh(x):\n    raise NotImplementedError\n")
    ex = _by_name(_submit(tmp_path, stub))
    assert ex["activations.sigmoid"].status == "failed"
    assert ex["activations.sigmoid"].message == "not implemented yet"
    assert ex["activations.relu"].status == "missing"
    assert "relu is not defined" in ex["activations.relu"].message


def test_missing_module_file(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    report = grade_submission(folder, exercises=SPEC, limits=LIMITS, device="cpu")
    assert {e.status for e in report.exercises} == {"missing"}
    assert "activations.py was not found" in report.exercises[0].message


def test_forbidden_in_source_and_at_run_time(tmp_path):
    source = GOOD.replace("    return 2 / (1 + torch.exp(-2 * x)) - 1", "    return torch.tanh(x)")
    tanh = _by_name(_submit(tmp_path, source))["activations.tanh"]
    assert tanh.status == "forbidden" and tanh.score == 0
    assert tanh.message == "forbidden: torch.tanh (line 13)"
    sneaky = GOOD.replace("    return 2 / (1 + torch.exp(-2 * x)) - 1", "    return getattr(torch, 'ta' + 'nh')(x)")
    report = _by_name(_submit(tmp_path, sneaky))
    assert report["activations.tanh"].status == "forbidden"
    assert report["activations.tanh"].message.startswith("forbidden: getattr(torch, 'ta' + 'nh') (line 13")
    assert report["activations.sigmoid"].status == "passed"


def test_the_run_time_record_catches_what_the_source_scan_misses(tmp_path, monkeypatch):
    monkeypatch.setattr(forbidden.StudentCode, "scan", lambda *args, **kwargs: [])  # as if the scan missed it
    sneaky = GOOD.replace("    return 2 / (1 + torch.exp(-2 * x)) - 1", "    return getattr(torch, 'ta' + 'nh')(x)")
    report = _by_name(_submit(tmp_path, sneaky))
    assert report["activations.tanh"].status == "forbidden"
    assert report["activations.tanh"].message == "forbidden at run time: torch.tanh"
    assert report["activations.sigmoid"].status == "passed"


def test_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="not found"):
        grade_submission(tmp_path / "nope")
    with pytest.raises(UsageError, match="--device"):
        grade_submission(tmp_path, device="tpu")
    if not torch.cuda.is_available():
        with pytest.raises(UsageError, match="CUDA is not available"):
            grade_submission(tmp_path, device="cuda")


# ---------------------------------------------------------------------------------------------
# hostile submissions: (fixture, expected tanh status, words in its message)

HOSTILE_CASES = [
    ("sys_exit", "failed", "SystemExit: 3"),
    ("os_exit", "error", "exited with status 0"),
    # MemoryError at the address-space limit; on a loaded machine the memory watchdog or the 3 s
    # call limit may stop it first. Any of the three costs only tanh's checks.
    ("memory_bomb", ("failed", "error"), ("MemoryError", "of memory", "timed out")),
    ("huge_output", "passed", ""),
    ("monkeypatch", "failed", "outside tolerance"),
    ("tensor_subclass", "failed", "torch.Tensor subclass"),
    ("workflow_commands", "failed", "ValueError"),
    ("channel_garbage", "error", "protocol"),
    ("env_secrets", "passed", ""),
    ("write_outside", "passed", ""),
    ("surrogate_message", "failed", "ValueError: bad \\ud800 value \\udfff"),
    # hang: test_a_hang_costs_one_call_time_limit_per_function_not_per_check. crash_segfault and
    # fork_bomb are graded in test_containment.py, which also checks that no
    # process survives; what setsid_daemon and temp_files leave behind is checked there too.
    ("setsid_daemon", "passed", ""),
    ("temp_files", "passed", ""),
]


@pytest.mark.parametrize("fixture, status, words", HOSTILE_CASES, ids=[c[0] for c in HOSTILE_CASES])
def test_hostile_submission_costs_only_what_it_touches(tmp_path, monkeypatch, fixture, status, words):
    # The sandbox must hold whatever the source scan misses: these run with the scan off (the scan's
    # own refusals of the same fixtures are tested in test_reflection.py and below).
    monkeypatch.setattr(forbidden.StudentCode, "scan", lambda *args, **kwargs: [])
    monkeypatch.setenv("GRADE_FAKE_SECRET", "hunter2")
    target = Path("/tmp/grade-hostile-target.txt")
    target.write_text("original")
    target.chmod(0o644)
    source = (HOSTILE / f"{fixture}.py").read_text()
    before = hashlib.sha256(source.encode()).hexdigest()
    report = _submit(tmp_path, source)
    ex = _by_name(report)
    assert ex["activations.sigmoid"].status == "passed", ex["activations.sigmoid"]
    assert ex["activations.relu"].status == "passed", ex["activations.relu"]
    tanh = ex["activations.tanh"]
    assert tanh.status in ((status,) if isinstance(status, str) else status), tanh
    text = " ".join([tanh.message, *(t.message for t in tanh.tests)])
    assert any(w in text for w in ((words,) if isinstance(words, str) else words)), text
    for fmt in reports.FORMATS:  # every report format can be written, whatever the student's text
        reports.render(report, fmt).encode("utf-8")
    assert len(report.exercises) == 3
    # nothing outside the sandbox was touched, nothing it started survives
    assert target.read_text() == "original"
    assert hashlib.sha256((tmp_path / "exercises" / "activations.py").read_bytes()).hexdigest() == before
    assert not (tmp_path / "exercises" / "planted.py").exists()
    for line in text.splitlines():
        assert not line.lstrip().startswith("::")
    assert "::notice" not in text and "::error" not in text


@pytest.mark.parametrize("fixture", ["syntax_error", "failed_import"])
def test_broken_module_marks_its_exercises_as_errors(tmp_path, fixture):
    report = _submit(tmp_path, (HOSTILE / f"{fixture}.py").read_text())
    assert [e.status for e in report.exercises] == ["error"] * 3
    msg = report.exercises[0].message
    if fixture == "syntax_error":
        assert "SyntaxError" in msg and "(line 13)" in msg
    else:
        assert "ModuleNotFoundError: No module named 'torch_but_faster'" in msg and "(line 3)" in msg


def test_submission_time_limit_still_returns_a_complete_report(tmp_path):
    limits = Limits(call_timeout_s=2.0, submission_timeout_s=6.0)
    # Three calls that hang: restarts are cheap (forks of the template), so the three call limits
    # (and the first start) are what overruns the submission's limit.
    hang = "    while True:\n        pass\n"
    source = (HOSTILE / "hang.py").read_text()
    for name in ("sigmoid", "relu"):
        source = source.replace(f"def {name}(x):\n", f"def {name}(x):\n{hang}")
    report = _submit(tmp_path, source, limits=limits)
    assert len(report.exercises) == 3
    assert all(e.status == "error" for e in report.exercises)
    assert any("submission time limit" in t.message for e in report.exercises for t in e.tests)


# ---------------------------------------------------------------------------------------------
# the real specs and the CLI

SOLUTIONS = REPO / "solutions"


@pytest.mark.skipif(not (SOLUTIONS / "activations.py").exists(), reason="solutions not written yet")
def test_reference_solutions_score_full_marks():
    report = grade_submission(SOLUTIONS, device="cpu")
    bad = [(e.name, e.status, e.message, [t.message for t in e.tests if t.message]) for e in report.exercises
           if e.status != "passed"]
    present = {p.stem for p in SOLUTIONS.glob("*.py")}
    assert [b for b in bad if b[0].split(".")[0] in present] == []


def test_cli_submit(tmp_path, monkeypatch):
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "activations.py").write_text((HOSTILE / "workflow_commands.py").read_text())
    monkeypatch.delenv("CI", raising=False)
    runner = CliRunner()
    result = runner.invoke(cli, ["submit", "--exercises", str(folder), "--only", "activations.tanh,activations.relu",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [e["name"] for e in data["exercises"]] == ["activations.tanh", "activations.relu"]
    assert not any(line.lstrip().startswith("::") for line in result.stdout.splitlines())
    result = runner.invoke(cli, ["submit", "--exercises", str(folder), "--only", "activations.relu",
                                 "--fail-under", "100"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["submit", "--exercises", str(folder), "--only", "activations.tanh",
                                 "--fail-under", "50"])
    assert result.exit_code == 1
    assert not any(line.lstrip().startswith("::") for line in result.stdout.splitlines())
    result = runner.invoke(cli, ["submit", "--exercises", str(folder), "--only", "nothing.*"])
    assert result.exit_code == 2 and "matches no exercise" in result.output
    result = runner.invoke(cli, ["submit", "--exercises", str(tmp_path / "missing")])
    assert result.exit_code == 2
    monkeypatch.setenv("CI", "true")
    result = runner.invoke(cli, ["submit", "--exercises", str(folder), "--push"])
    assert result.exit_code == 2 and "refused in CI" in result.output


def test_a_hang_costs_one_call_time_limit_per_function_not_per_check(tmp_path):
    report = _submit(tmp_path, (HOSTILE / "hang.py").read_text())
    assert _by_name(report)["activations.sigmoid"].status == _by_name(report)["activations.relu"].status == "passed"
    tanh = _by_name(report)["activations.tanh"]
    assert [t.status for t in tanh.tests] == ["error", "error"]
    assert "timed out after 3 s" in tanh.tests[0].message
    assert "not run: an earlier call failed (timed out" in tanh.tests[1].message


def test_diagnoses_match_arguments_updated_in_place(tmp_path):
    def reference(x, buf):
        buf.mul_(0.5).add_(x.mean())
        return x * 2

    def forgot_scale(x, buf):
        buf.add_(x.mean())
        return x * 2

    def cases(ctx):
        return [Case(args=(torch.randn(4, generator=ctx.generator), torch.ones(())), mutates=(1,))]

    spec = [Exercise("activations.update", [Check("values", 1, cases, reference=reference, diagnoses=[
        Diagnosis(lambda x, buf: x * 2, "buf is not updated."),
        Diagnosis(forgot_scale, "buf is not scaled by 0.5 first."),
    ])])]
    forgot = "def update(x, buf):\n    buf.add_(x.mean())\n    return x * 2\n"
    out = _submit(tmp_path, forgot, exercises=spec).exercises[0]
    assert out.status == "failed"
    assert out.tests[0].diagnosis == "buf is not scaled by 0.5 first."
    none = "def update(x, buf):\n    return x * 2\n"
    assert _submit(tmp_path, none, exercises=spec).exercises[0].tests[0].diagnosis == "buf is not updated."


@pytest.mark.parametrize("fixture, words", [("crash_segfault", "ctypes"), ("fork_bomb", "os.fork")])
def test_the_source_scan_refuses_the_escape_hatches_before_anything_runs(fixture, words):
    findings = forbidden.scan((HOSTILE / f"{fixture}.py").read_text(), "tanh", ("tanh",), filename="activations.py")
    assert findings and words in " ".join(str(f) for f in findings)
