"""The `classroom` format (both numbers GitHub's reporter computes equal the grader's score; no
workflow command gets through) and the workflow `grade classroom init` writes, whose runners read
what `write` sets."""

from __future__ import annotations

import base64
import json
import random
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from test_formats import _hostile_report, _report  # the shared report builders

from grader import reports
from grader.cli import cli
from grader.codegrade import classroom as workflow
from grader.errors import UsageError
from grader.reports import classroom
from grader.results import CheckOutcome as Outcome  # aliased: pytest would try to collect a Test* class
from grader.results import ExerciseOutcome, Isolation, Report

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _not_in_ci(monkeypatch):
    """Hand-built reports claim the weakest isolation, which CI refuses: the refusal has tests of its own."""
    monkeypatch.delenv("CI", raising=False)


# ---------------------------------------------------------------------------------------------
# The reporter's two computations, transcribed from
# classroom-resources/autograding-grading-reporter@v1 (dist/main.js).


def reporter_points(runners: dict[str, dict]) -> tuple[float, float]:
    """notify-classroom.js: what Classroom records (`Points X/Y`)."""
    total = maximum = 0
    for results in runners.values():
        if not results.get("max_score"):
            continue
        maximum += results["max_score"]
        for test in results["tests"]:
            total += test["score"]
    return total, maximum


def reporter_table(runners: dict[str, dict]) -> float:
    """aggregate-results.js getTestScore, summed for the table's `Total:` row."""
    total = 0
    for results in runners.values():
        passed = sum(1 for t in results["tests"] if t["status"] == "pass")
        total += passed / len(results["tests"]) * (results.get("max_score") or 0)
    return total


def _runners(report: Report) -> dict[str, dict]:
    payloads = classroom.classroom_payloads(report)
    return {name: payloads[name] for name in classroom.CLASSROOM_RUNNERS}


def test_classroom_single_runner_payload_shape():
    payload = json.loads(base64.b64decode(reports.render(_report(), "classroom")))
    assert payload["version"] == 1 and payload["status"] == "error" and payload["max_score"] == 20
    for t in payload["tests"]:
        assert set(t) == {"name", "status", "score", "message", "test_code", "line_no"}
        assert t["status"] in ("pass", "fail", "error") and isinstance(t["score"], (int, float)) and t["line_no"] == 0
    assert reporter_points({"result": payload}) == (7.5, 20)


def test_classroom_both_reporter_numbers_equal_the_score():
    report = _report()
    runners = _runners(report)
    assert reporter_points(runners) == (report.score, report.max_score) == (7.5, 20)
    assert reporter_table(runners) == report.score
    assert runners["earned"]["status"] == "pass" and runners["missed"]["status"] == "error"
    # what a student reads in the log: every check that earned points, every one that lost some
    assert [t["name"] for t in runners["earned"]["tests"]] == [
        "cnn.conv2d: shapes (2/2)", "cnn.conv2d: values (2/2)", "rnn.lstm_cell: gates (1.5/3)", "mlp.relu: values (2/2)"]
    assert "opt.adam (0/4)" in [t["name"] for t in runners["missed"]["tests"]]


def test_why_not_one_runner_per_exercise():
    """The obvious shape — a runner per exercise, max_score = exercise max, a test per check — makes
    the log table disagree with Classroom as soon as checks weigh differently or earn partial credit."""
    report = Report([ExerciseOutcome("a.f", 1, 4, "partial", [Outcome("light", 1, 1, "passed"),
                                                               Outcome("heavy", 0, 3, "failed")]),
                     ExerciseOutcome("b.g", 1.5, 3, "partial", [Outcome("half", 1.5, 3, "failed")])],
                    "cpu", 0.0)
    per_exercise = {e.name: {"max_score": e.max_score, "tests": [
        {"score": t.score, "status": "pass" if t.status == "passed" else "fail"} for t in e.tests]}
        for e in report.exercises}
    assert reporter_points(per_exercise) == (2.5, 7)
    assert reporter_table(per_exercise) == 2.0  # (1/2)·4 + (0/1)·3, not 2.5
    runners = _runners(report)
    assert reporter_points(runners) == (2.5, 7) and reporter_table(runners) == 2.5


@pytest.mark.parametrize("case", ["full", "zero", "empty", "partial"])
def test_classroom_edge_scores(case):
    exercises = {
        "full": [ExerciseOutcome("a.f", 3, 3, "passed", [Outcome("x", 3, 3, "passed")])],
        "zero": [ExerciseOutcome("a.f", 0, 3, "failed", [Outcome("x", 0, 3, "failed", "no")])],
        "empty": [],
        "partial": [ExerciseOutcome("a.f", 0.5, 3, "partial", [Outcome("x", 0.5, 3, "failed", "no")])],
    }[case]
    report = Report(exercises, "cpu", 0.1)
    runners = _runners(report)
    for results in runners.values():
        assert results["tests"], "an empty tests array crashes the reporter"
    assert reporter_table(runners) == report.score
    total, maximum = reporter_points(runners)
    assert total == report.score and maximum == report.max_score
    status = {r: p["status"] for r, p in runners.items()}
    if case == "full":
        assert status == {"earned": "pass", "missed": "pass"}
    if case == "zero":
        assert status["missed"] == "fail"


def test_classroom_arithmetic_with_random_partial_scores():
    rng = random.Random(7)
    for _ in range(300):
        exercises = []
        for i in range(rng.randint(1, 9)):
            tests = []
            for j in range(rng.randint(1, 5)):
                max_score = rng.choice([0.5, 1, 1.5, 2, 3, 2.25, 1 / 3, 0.1])
                score = rng.choice([0, max_score, round(max_score * rng.random(), 6)])
                status = "passed" if score == max_score else rng.choice(["failed", "error"])
                tests.append(Outcome(f"check{j}", score, max_score, status, "m"))
            score = sum(t.score for t in tests)
            status = rng.choice(["partial", "forbidden"]) if rng.random() < 0.2 else "partial"
            if status == "forbidden":
                score = 0
            exercises.append(ExerciseOutcome(f"mod{i}.fn", round(score, 6), round(sum(t.max_score for t in tests), 6),
                                             status, tests))
        report = Report(exercises, "cpu", 1.0)
        runners = _runners(report)
        total, maximum = reporter_points(runners)
        table = reporter_table(runners)
        assert total == table, "the two reporter numbers must agree exactly"
        assert total == pytest.approx(report.score, abs=1e-6)
        assert maximum == pytest.approx(report.max_score, abs=1e-9)


def test_classroom_payloads_stay_under_the_limit():
    big = "x" * 50_000 + "\n::error::late"
    exercises = [ExerciseOutcome(f"module{i}.function_with_a_long_name_{i}", 1.5, 4, "partial",
                                 [Outcome(f"check number {j} " + "n" * 200, 1.5 if j == 0 else 0,
                                              1.5 if j == 0 else 0.25 * 2.5 / 2.5, "passed" if j == 0 else "failed",
                                              big) for j in range(11)])
                 for i in range(60)]
    for e in exercises:
        e.max_score = sum(t.max_score for t in e.tests)
    report = Report(exercises, "cpu", 100.0)
    outputs = classroom.classroom_outputs(report)
    assert set(outputs) == {"result", *classroom.CLASSROOM_RUNNERS}
    for value in outputs.values():
        assert len(value) <= classroom.CLASSROOM_LIMIT
        payload = json.loads(base64.b64decode(value))
        assert payload["tests"] and all(isinstance(t["score"], (int, float)) for t in payload["tests"])
    runners = _runners(report)
    assert reporter_table(runners) == reporter_points(runners)[0] == pytest.approx(report.score)
    assert reporter_points(runners)[1] == pytest.approx(report.max_score)


def test_classroom_messages_cannot_issue_workflow_commands():
    for payload in classroom.classroom_payloads(_hostile_report()).values():
        for t in payload["tests"]:
            for field in ("name", "message"):
                for line in re.split(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]", t[field]):
                    assert not line.lstrip().startswith("::"), line
                    assert "##[" not in line


def test_write_classroom_sets_github_outputs(tmp_path, monkeypatch, capsys):
    out = tmp_path / "github_output"
    out.write_text("earlier=1\n")
    monkeypatch.setenv("GITHUB_OUTPUT", str(out))
    reports.write(_hostile_report(), "classroom", None)
    printed = capsys.readouterr().out
    lines = printed.splitlines()
    token = re.fullmatch(r"::stop-commands::([0-9a-f]{32})", lines[0]).group(1)
    end = lines.index(f"::{token}::")
    assert "Total: 1/3" in "\n".join(lines[1:end])
    outside = lines[end + 1:]
    assert outside == [reports.render(_hostile_report(), "classroom")]  # only base64 outside the wrapper
    written = dict(line.split("=", 1) for line in out.read_text().splitlines())
    assert set(written) == {"earlier", "result", "earned", "missed"}
    assert json.loads(base64.b64decode(written["earned"]))["max_score"] == 1


@pytest.mark.parametrize("isolation, ci, allow, refused", [
    (Isolation.PROCESS_GROUP, "true", False, True),
    (Isolation.PROCESS_GROUP, "true", True, False),  # the instructor opted in
    (Isolation.PROCESS_GROUP, None, False, False),  # a student's own machine
    (Isolation.NAMESPACES, "true", False, False),
    (Isolation.UID, "true", False, False),
])
def test_classroom_outputs_are_refused_in_ci_when_only_the_process_group_contained_the_code(
        tmp_path, monkeypatch, capsys, isolation, ci, allow, refused):
    out = tmp_path / "github_output"
    out.write_text("earlier=1\n")
    monkeypatch.setenv("GITHUB_OUTPUT", str(out))
    if ci:
        monkeypatch.setenv("CI", ci)
    report = _report()
    report.isolation = isolation
    if refused:
        with pytest.raises(UsageError, match="--allow-weak-isolation"):
            reports.write(report, "classroom", None, allow_weak_isolation=allow)
        assert out.read_text() == "earlier=1\n" and capsys.readouterr().out == ""  # nothing written at all
    else:
        reports.write(report, "classroom", None, allow_weak_isolation=allow)
        assert {line.split("=", 1)[0] for line in out.read_text().splitlines()} == {"earlier", "result", "earned",
                                                                                    "missed"}


def test_cli_refusal_is_one_line_and_exit_2(tmp_path, monkeypatch):
    import grader.codegrade

    monkeypatch.setattr(grader.codegrade, "grade_submission", lambda *a, **k: _report())  # process-group
    out = tmp_path / "github_output"
    out.touch()
    monkeypatch.setenv("GITHUB_OUTPUT", str(out))
    monkeypatch.setenv("CI", "true")
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    (exercises / "activations.py").write_text("")  # a module, so that submit goes as far as grading
    runner = CliRunner()
    result = runner.invoke(cli, ["submit", "--exercises", str(exercises), "--format", "classroom"])
    assert result.exit_code == 2 and result.stdout == "" and out.read_text() == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("grade: error: refusing to write")
    allowed = runner.invoke(cli, ["submit", "--exercises", str(exercises), "--format", "classroom",
                                  "--allow-weak-isolation"])
    assert allowed.exit_code == 0, allowed.output
    assert "isolation: process-group" in allowed.stdout
    assert {line.split("=", 1)[0] for line in out.read_text().splitlines()} == {"result", "earned", "missed"}


def test_github_output_multiline_uses_a_delimiter():
    text = classroom.github_output_lines({"a": "one", "b": "two\nlines"})
    assert text.startswith("a=one\nb<<ghadelimiter_")
    delimiter = text.splitlines()[1].split("<<", 1)[1]
    assert text.endswith(f"two\nlines\n{delimiter}\n")


# ---------------------------------------------------------------------------------------------
# The workflow (grader.codegrade.classroom)


SPEC = "grade @ git+https://github.com/us/grade@v0.1.0"


def _load(tmp_path, **kwargs) -> dict:
    kwargs.setdefault("grader_spec", SPEC)
    path = workflow.init(tmp_path, **kwargs)
    assert path == tmp_path / ".github" / "workflows" / "classroom.yml"
    return yaml.safe_load(path.read_text())


def _steps(doc: dict) -> dict[str, dict]:
    return {step["name"]: step for step in doc["jobs"]["run-autograding-tests"]["steps"]}


def test_workflow_structure(tmp_path):
    doc = _load(tmp_path, torch="2.13.0")
    assert doc["name"] == "Autograding Tests"
    assert doc["on"] == ["push", "repository_dispatch", "workflow_dispatch"]  # 'on' quoted: not YAML's True
    assert doc["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}
    assert list(doc["jobs"]) == ["run-autograding-tests"]
    job = doc["jobs"]["run-autograding-tests"]
    assert job["if"] == "github.actor != 'github-classroom[bot]'" and job["runs-on"] == "ubuntu-latest"
    steps = job["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert steps[1]["uses"].startswith("actions/setup-python@") and steps[1]["with"]["python-version"] == "3.11"
    install = _steps(doc)["Install the grader (CPU-only PyTorch)"]["run"].splitlines()
    assert install == ["pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0",
                       "pip install 'grade @ git+https://github.com/us/grade@v0.1.0'"]
    grade = steps[-2]
    assert grade["id"] == workflow.STEP_ID and grade["run"] == workflow.GRADE_COMMAND
    reporter = steps[-1]
    assert reporter["uses"] == "classroom-resources/autograding-grading-reporter@v1"
    assert "!cancelled()" in reporter["if"]
    assert f"steps.{workflow.STEP_ID}.outcome == 'success'" in reporter["if"]  # never after a refusal


def test_workflow_caches_pip_keyed_by_what_it_pins(tmp_path):
    """The cache step comes before the install and is keyed by Python, torch and the grader source:
    a new pin is a new key (restoring the closest one, torch included), the same pins the same key."""
    doc = _load(tmp_path, torch="2.13.0", python_version="3.12")
    names = [step["name"] for step in doc["jobs"]["run-autograding-tests"]["steps"]]
    cache = _steps(doc)["Cache pip downloads"]
    assert names.index("Cache pip downloads") < names.index("Install the grader (CPU-only PyTorch)")
    assert cache["uses"].startswith("actions/cache@") and cache["with"]["path"] == "~/.cache/pip"
    key = cache["with"]["key"]
    assert key.startswith("grade-pip-${{ runner.os }}-py3.12-torch2.13.0-")
    assert cache["with"]["restore-keys"].strip() == "grade-pip-${{ runner.os }}-py3.12-torch2.13.0-"
    other = _load(tmp_path / "b", torch="2.13.0", python_version="3.12", grader_spec="grade==0.1.0")
    again = _load(tmp_path / "c", torch="2.13.0", python_version="3.12")
    assert _steps(other)["Cache pip downloads"]["with"]["key"] != key
    assert _steps(again)["Cache pip downloads"]["with"]["key"] == key


def test_torch_pinned_to_the_installed_release_by_default(tmp_path):
    from importlib import metadata

    from grader.codegrade import install

    try:
        expected = metadata.version("torch").split("+")[0]
    except metadata.PackageNotFoundError:
        expected = install.DEFAULT_TORCH
    run = _steps(_load(tmp_path))["Install the grader (CPU-only PyTorch)"]["run"]
    assert f"torch=={expected}\n" in run


def test_workflow_documents_keeping_solutions_private(tmp_path):
    _load(tmp_path)
    text = (tmp_path / ".github/workflows/classroom.yml").read_text()
    head = " ".join(line.lstrip("# ") for line in text.splitlines() if line.startswith("#"))
    assert "no reference solutions" in head and "private question" in head


def test_workflow_grades_as_root_with_the_runners_environment(tmp_path):
    """sudo, so that the sandbox drops the student's code to a uid of its own; -E keeps GITHUB_OUTPUT
    (the outputs must land in the runner's file) and CI; env restores what sudo always drops: PATH
    (the installed grade) and LD_LIBRARY_PATH (setup-python's libpython)."""
    run = _steps(_load(tmp_path))["Grade the exercises"]["run"]
    assert shlex.split(run) == ["sudo", "-E", "env", "PATH=$PATH", "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}",
                                "grade", "submit", "--format", "classroom"]
    # what the runner's bash makes of it: sudo gets the expanded values as arguments of env
    done = subprocess.run(["bash", "-c", run.replace("sudo -E ", "", 1).replace(" grade submit --format classroom",
                                                                                  " printenv PATH LD_LIBRARY_PATH")],
                          env={"PATH": "/opt/hostedtoolcache/Python/3.11/x64/bin:/usr/bin:/bin",
                               "LD_LIBRARY_PATH": "/opt/hostedtoolcache/Python/3.11/x64/lib"},
                          capture_output=True, text=True)
    assert done.stdout.split() == ["/opt/hostedtoolcache/Python/3.11/x64/bin:/usr/bin:/bin",
                                   "/opt/hostedtoolcache/Python/3.11/x64/lib"]


def test_reporter_runners_match_the_outputs_the_classroom_format_writes(tmp_path, monkeypatch, capsys):
    reporter = _steps(_load(tmp_path))["Autograding Reporter"]
    runners = reporter["with"]["runners"].split(",")
    assert runners == list(classroom.CLASSROOM_RUNNERS)
    assert re.fullmatch(r"([a-zA-Z0-9]+,)*[a-zA-Z0-9]+", reporter["with"]["runners"])  # the reporter's own check
    # the reporter reads env `<RUNNER upper-cased>_RESULTS`; each must point at an output we set
    expected_env = {f"{r.upper()}_RESULTS": f"${{{{ steps.{workflow.STEP_ID}.outputs.{r} }}}}" for r in runners}
    assert reporter["env"] == expected_env

    github_output = tmp_path / "out"
    github_output.touch()
    monkeypatch.setenv("GITHUB_OUTPUT", str(github_output))
    report = Report([ExerciseOutcome("a.f", 1, 2, "partial", [Outcome("x", 1, 1, "passed"),
                                                                 Outcome("y", 0, 1, "failed", "no")])], "cpu", 0.1)
    reports.write(report, "classroom", None)
    capsys.readouterr()
    written = {line.split("=", 1)[0] for line in github_output.read_text().splitlines()}
    assert set(runners) <= written


def test_refuses_to_overwrite_without_force(tmp_path):
    workflow.init(tmp_path, grader_spec=SPEC)
    with pytest.raises(UsageError, match="--force"):
        workflow.init(tmp_path, grader_spec=SPEC)
    doc = _load(tmp_path, force=True, python_version="3.12", grader_spec="grade==0.1.0")
    assert doc["jobs"]["run-autograding-tests"]["steps"][1]["with"]["python-version"] == "3.12"
    assert _steps(doc)["Install the grader (CPU-only PyTorch)"]["run"].splitlines()[1] == "pip install grade==0.1.0"


@pytest.mark.parametrize("kwargs, words", [
    ({"python_version": "three"}, "--python"),
    ({"python_version": "3.9"}, "3.10 or newer"),
    ({"python_version": "2.7"}, "--python"),
    ({"grader_spec": None}, "no grader source"),
    ({"grader_spec": " "}, "no grader source"),
    ({"grader_spec": "x\n  evil: 1"}, "one line"),
    ({"grader_spec": "grade @ git+https://github.com/OWNER/REPO@v1.0"}, "placeholder"),
    ({"torch": "latest"}, "--torch"),
    ({"torch": "2.1.0"}, "torch 2.2 or newer"),
], ids=["python_word", "python_3_9", "python_2", "no_spec", "blank_spec", "multiline_spec", "placeholder",
        "torch_word", "torch_old"])
def test_rejects_bad_options_and_writes_nothing(tmp_path, kwargs, words):
    kwargs = {"grader_spec": SPEC, **kwargs}
    with pytest.raises(UsageError, match=re.escape(words)):
        workflow.init(tmp_path, **kwargs)
    assert not (tmp_path / ".github").exists()


PINNED = ["grade==0.1.0", "grade===0.1.0", "grade[gpu]==1.2.3rc1",
          "grade @ git+https://github.com/us/grade@v0.1.0",
          "grade @ git+https://github.com/us/grade.git@0.3",
          "grade @ git+https://github.com/us/grade@3f2c9e1d0b7a4c5e6f708192a3b4c5d6e7f80912",
          "git+https://github.com/us/grade@3f2c9e1#subdirectory=pkg",
          "grade @ git+ssh://git@github.com/us/grade.git@v2.0.1",
          "grade @ https://github.com/us/grade/archive/refs/tags/v0.1.0.tar.gz",
          "grade @ https://example.edu/wheels/grade-0.1.0-py3-none-any.whl"]
FLOATING = ["grade", "grade>=0.1", "grade==0.*", "grade~=0.1", "grade>=0.1,<0.2",
            "grade @ git+https://github.com/us/grade",
            "grade @ git+https://github.com/us/grade@main",
            "grade @ git+https://github.com/us/grade@release-2026",
            "grade @ git+ssh://git@github.com/us/grade.git",
            "grade @ https://github.com/us/grade/archive/refs/heads/main.zip",
            "grade @ https://github.com/us/grade/archive/main.zip"]


@pytest.mark.parametrize("spec", PINNED)
def test_pinned_grader_sources_are_accepted(spec):
    from grader.codegrade import install

    assert install.grader_spec(spec) == spec


@pytest.mark.parametrize("spec", FLOATING)
def test_floating_grader_sources_are_refused_unless_allowed(tmp_path, spec):
    from grader.codegrade import install

    with pytest.raises(UsageError, match=r"not pinned.*--allow-unpinned"):
        install.grader_spec(spec)
    assert install.grader_spec(spec, allow_unpinned=True) == spec


def test_minimum_python_is_the_projects():
    from grader.codegrade import install

    pyproject = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'^requires-python = "(.*)"$', pyproject, re.MULTILINE)[1] == ">=" + ".".join(
        map(str, install.MIN_PYTHON))
    assert re.search(r'^    "torch>=(.*)",$', pyproject, re.MULTILINE)[1] == ".".join(map(str, install.MIN_TORCH))


def test_python_version_stays_a_string(tmp_path):
    doc = _load(tmp_path, python_version="3.10")
    assert doc["jobs"]["run-autograding-tests"]["steps"][1]["with"]["python-version"] == "3.10"


def test_cli_classroom_init(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["classroom", "init", "--grader-spec", SPEC, "--torch", "2.13.0"])
    assert result.exit_code == 0, result.output
    assert ".github/workflows/classroom.yml" in result.output and "solutions" in result.output
    again = runner.invoke(cli, ["classroom", "init", "--grader-spec", SPEC])
    assert again.exit_code == 2 and "--force" in again.output
    forced = runner.invoke(cli, ["classroom", "init", "--force", "--python", "3.12", "--grader-spec", SPEC])
    assert forced.exit_code == 0
    text = (tmp_path / ".github/workflows/classroom.yml").read_text()
    assert '"3.12"' in text


@pytest.mark.parametrize("args, lang, words", [
    (["--python", "3.9", "--grader-spec", SPEC], "en", "--python 3.9: the grader needs Python 3.10 or newer"),
    ([], "en", "no grader source: pass --grader-spec"),
    (["--grader-spec", "grade @ git+https://github.com/us/grade"], "en", "--allow-unpinned"),
    (["--python", "3.9", "--grader-spec", SPEC], "zh", "需要 Python 3.10 或更高版本"),
    ([], "zh", "没有指定评分程序的来源"),
], ids=["python_3_9", "no_source", "unpinned", "python_3_9_zh", "no_source_zh"])
def test_cli_classroom_init_refuses_with_exit_2_and_writes_nothing(tmp_path, monkeypatch, args, lang, words):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["classroom", "init", "--lang", lang, *args])
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1  # one clear line
    assert not (tmp_path / ".github").exists() and "OWNER/REPO" not in result.output


def _real_grader_available() -> bool:
    try:
        from grader.codegrade import grade_submission  # noqa: F401
    except ImportError:
        return False
    return (ROOT / "solutions" / "activations.py").is_file()


@pytest.mark.skipif(not _real_grader_available(), reason="grader.codegrade has not landed yet")
def test_grade_submit_classroom_end_to_end(tmp_path, monkeypatch):
    """The real grader on a partly wrong submission: both reporter numbers equal the JSON score."""
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    source = (ROOT / "solutions" / "activations.py").read_text()
    source = source.replace("return torch.where(x > 0, x, torch.zeros_like(x))",
                            "print('::notice title=Autograding complete::Points 100/100')\n"
                            "    return torch.where(x >= 0, x, x * 0) + (x.abs() > 3).float()")
    (exercises / "activations.py").write_text(source)
    github_output = tmp_path / "github_output"
    github_output.touch()
    monkeypatch.setenv("GITHUB_OUTPUT", str(github_output))
    runner = CliRunner()
    result = runner.invoke(cli, ["submit", "--exercises", str(exercises), "--only", "activations.*",
                                 "--device", "cpu", "--format", "classroom"])
    assert result.exit_code == 0, result.output
    assert not any(line.lstrip().startswith("::notice") for line in result.output.splitlines())
    outputs = dict(line.split("=", 1) for line in github_output.read_text().splitlines())
    runners = {name: json.loads(base64.b64decode(outputs[name])) for name in classroom.CLASSROOM_RUNNERS}
    json_report = runner.invoke(cli, ["submit", "--exercises", str(exercises), "--only", "activations.*",
                                      "--device", "cpu", "--format", "json"])
    truth = json.loads(json_report.stdout)
    assert 0 < truth["score"] < truth["max_score"]
    assert reporter_points(runners) == (truth["score"], truth["max_score"])
    assert reporter_table(runners) == truth["score"]
