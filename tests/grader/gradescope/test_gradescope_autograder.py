"""`grade gradescope init` (setup.sh, run_autograder and a zip Gradescope accepts), per-test visibility
in results.json, and a dry run of run_autograder in a temporary /autograder tree with the real grader."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import cli
from grader.codegrade import gradescope
from grader.errors import UsageError
from grader.reports.gradescope import VISIBILITIES, Visibility, to_gradescope
from grader.results import CheckOutcome as Outcome  # aliased: pytest would try to collect a Test* class
from grader.results import ExerciseOutcome, Report

ROOT = Path(__file__).resolve().parents[3]
SPEC = "grade @ git+https://github.com/us/grade@v0.1.0"


def _init(tmp_path: Path, *args: str) -> tuple[Path, object]:
    out = tmp_path / "gs"
    result = CliRunner().invoke(cli, ["gradescope", "init", "--out", str(out), "--grader-spec", SPEC,
                                      "--torch", "2.13.0", *args])
    return out, result


def test_zip_has_both_scripts_at_its_root_executable(tmp_path):
    out, result = _init(tmp_path)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "autograder.zip") as archive:
        assert archive.namelist() == ["setup.sh", "run_autograder"]
        for info in archive.infolist():
            mode = info.external_attr >> 16
            assert info.create_system == 3 and stat.S_ISREG(mode) and stat.S_IMODE(mode) == 0o755, info
            assert archive.read(info).decode() == (out / info.filename).read_text()
            assert archive.read(info).startswith(b"#!/usr/bin/env bash\n")
    for name in gradescope.SCRIPTS:
        assert os.access(out / name, os.X_OK)
        assert subprocess.run(["bash", "-n", str(out / name)]).returncode == 0  # valid shell
    if shutil.which("unzip"):  # unzip as Gradescope does: the scripts come out executable
        subprocess.run(["unzip", "-q", str(out / "autograder.zip"), "-d", str(tmp_path / "source")], check=True)
        assert all(os.access(tmp_path / "source" / name, os.X_OK) for name in gradescope.SCRIPTS)
    first = (out / "autograder.zip").read_bytes()
    again, _ = _init(tmp_path / "again")
    assert (again / "autograder.zip").read_bytes() == first  # reproducible, byte for byte


def test_setup_installs_pinned_cpu_torch_and_pinned_grader(tmp_path):
    out, result = _init(tmp_path)
    assert result.exit_code == 0, result.output
    setup = (out / "setup.sh").read_text().splitlines()
    assert "/opt/grade/bin/pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0" in setup
    assert "/opt/grade/bin/pip install 'grade @ git+https://github.com/us/grade@v0.1.0'" in setup
    assert setup.index("python3 -m venv /opt/grade") < setup.index("/opt/grade/bin/pip install 'grade @ "
                                                                   "git+https://github.com/us/grade@v0.1.0'")
    assert any(line.startswith("apt-get install") and " git " in line for line in setup)  # pip needs git for git+
    text = (out / "setup.sh").read_text()
    assert "set -euo pipefail" in text and "no reference solutions" in text and "private questions" in text
    run = (out / "run_autograder").read_text()
    assert "exec grade gradescope run --lang en --visibility visible" in run
    assert "solutions" in result.output  # the reminder


def test_setup_refuses_a_python_older_than_the_graders(tmp_path):
    """The version check of setup.sh, run with a python3 that says it is 3.8."""
    out, _ = _init(tmp_path)
    check = next(line for line in (out / "setup.sh").read_text().splitlines() if "sys.version_info" in line)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3").write_text(f"#!/bin/sh\nexec {sys.executable} -c \"import sys; "
                                  f"sys.version_info = (3, 8, 0); exec(sys.argv[1])\" \"$2\"\n")
    (fake / "python3").chmod(0o755)
    script = f"{check}\n echo too old >&2; exit 1; fi; echo fine"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                          env={**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"})
    assert done.returncode == 1 and "too old" in done.stderr
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True)  # the real one: >= 3.10
    assert done.returncode == 0 and done.stdout.strip() == "fine"


@pytest.mark.parametrize("args, lang, words", [
    (["--grader-spec", ""], "en", "no grader source"),
    (["--grader-spec", "grade @ git+https://github.com/us/grade@main"], "en", "--allow-unpinned"),
    (["--exercise-visibility", "cnn.*=secret"], "en", "unknown visibility 'secret'"),
    (["--exercise-visibility", "hidden"], "en", "PATTERN=VISIBILITY"),
    (["--include", "/etc/passwd"], "en", "outside the current folder"),
    (["--grader-spec", ""], "zh", "没有指定评分程序的来源"),
], ids=["no_source", "unpinned", "bad_visibility", "bad_override", "include_outside", "no_source_zh"])
def test_init_refusals_exit_2_and_write_nothing(tmp_path, monkeypatch, args, lang, words):
    monkeypatch.chdir(tmp_path)
    out, result = _init(tmp_path, "--lang", lang, *args)
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_init_without_a_source_at_all(tmp_path):
    result = CliRunner().invoke(cli, ["gradescope", "init", "--out", str(tmp_path / "gs")])
    assert result.exit_code == 2 and "--grader-spec" in result.output and not (tmp_path / "gs").exists()


def test_init_refuses_to_overwrite_without_force(tmp_path):
    out, first = _init(tmp_path)
    assert first.exit_code == 0
    _, again = _init(tmp_path)
    assert again.exit_code == 2 and "--force" in again.output
    _, forced = _init(tmp_path, "--force", "--visibility", "hidden")
    assert forced.exit_code == 0 and "--visibility hidden" in (out / "run_autograder").read_text()


def test_included_files_travel_in_the_zip(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "grade.yaml").write_text("exercises: [my_specs]\n")
    (tmp_path / "my_specs" / "__pycache__").mkdir(parents=True)
    (tmp_path / "my_specs" / "extra.py").write_text("# spec\n")
    (tmp_path / "my_specs" / "__pycache__" / "extra.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "my_specs" / "secret").symlink_to("/etc/hostname")
    out, result = _init(tmp_path, "--include", "grade.yaml", "--include", "my_specs")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "autograder.zip") as archive:
        assert archive.namelist() == ["setup.sh", "run_autograder", "grade.yaml", "my_specs/extra.py"]
        assert archive.read("grade.yaml") == b"exercises: [my_specs]\n"


def _report() -> Report:
    def exercise(name: str, score: float) -> ExerciseOutcome:
        return ExerciseOutcome(name, score, 2, "passed" if score == 2 else "partial",
                               [Outcome("values", score / 2, 1, "passed" if score == 2 else "failed", "off by 1"),
                                Outcome("shape", score / 2, 1, "passed" if score == 2 else "failed")])
    return Report([exercise("activations.relu", 2), exercise("cnn.conv2d", 1), exercise("cnn.pool", 0)], "cpu", 0.5)


def test_results_json_visibility_per_exercise():
    chosen = Visibility.parse("after_due_date", ["cnn.conv*=hidden", "cnn.*=after_published"])
    doc = json.loads(to_gradescope(_report(), visibility=chosen))
    seen = {t["name"]: t["visibility"] for t in doc["tests"]}
    assert seen == {"activations.relu: values": "after_due_date", "activations.relu: shape": "after_due_date",
                    "cnn.conv2d: values": "hidden", "cnn.conv2d: shape": "hidden",  # the first match wins
                    "cnn.pool: values": "after_published", "cnn.pool: shape": "after_published"}
    assert doc["visibility"] == "after_due_date" and doc["stdout_visibility"] == "hidden"
    assert (doc["score"], doc["max_score"]) == (3, 6)
    assert {t["output_format"] for t in doc["tests"]} == {"text"} and doc["test_name_format"] == "text"


def test_results_json_default_is_visible_and_every_value_is_gradescopes():
    doc = json.loads(to_gradescope(_report()))
    assert doc["visibility"] == "visible" and {t["visibility"] for t in doc["tests"]} == {"visible"}
    assert set(VISIBILITIES) == {"visible", "after_due_date", "after_published", "hidden"}
    from grader.cli.gradescope import _VISIBILITIES  # the CLI's copy (it does not import the reports)

    assert _VISIBILITIES == VISIBILITIES
    for value in VISIBILITIES:
        assert Visibility.parse(value, [f"x={value}"]).to_args() == ["--visibility", value,
                                                                     "--exercise-visibility", f"x={value}"]
    with pytest.raises(UsageError, match="unknown visibility"):
        Visibility("public")


def test_run_without_a_submission_folder_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["gradescope", "run", "--root", str(tmp_path)])
    assert result.exit_code == 2 and "no submission folder" in result.output
    assert not (tmp_path / "results").exists()


def test_run_grades_a_copy_without_links_and_names_the_submitters(tmp_path, monkeypatch):
    """Links in a submission could point anywhere on the image (the autograder's source, /etc): the
    copy that is graded leaves them out; exercises/ is graded when there is one."""
    import grader.codegrade

    seen: dict = {}

    def fake_grade(exercises_dir, *, only, device, extra_dirs, student):
        seen.update(files=sorted(p.name for p in Path(exercises_dir).iterdir()), device=device, student=student,
                    inside=Path(exercises_dir).name)
        return _report()

    monkeypatch.setattr(grader.codegrade, "grade_submission", fake_grade)
    root = tmp_path / "autograder"
    (root / "submission" / "exercises").mkdir(parents=True)
    (root / "submission" / "exercises" / "activations.py").write_text("# mine")
    (root / "submission" / "exercises" / "cnn.py").symlink_to("/etc/hostname")
    (root / "submission" / "exercises" / "rnn").symlink_to(root / "submission", target_is_directory=True)
    (root / "submission_metadata.json").write_text(json.dumps({"users": [{"name": "Ann"}, {"email": "b@x"}]}))
    path, report = gradescope.run(root, visibility=Visibility("hidden"))
    assert seen == {"files": ["activations.py"], "device": "cpu", "student": "Ann, b@x", "inside": "exercises"}
    assert path == root / "results" / "results.json"
    assert json.loads(path.read_text())["visibility"] == "hidden"


def _grade_executable() -> Path:
    path = Path(sys.executable).parent / "grade"
    assert path.is_file(), "the grade script is installed beside this Python (pip install -e .)"
    return path


def test_run_autograder_dry_run_in_a_temporary_autograder_tree(tmp_path, monkeypatch):
    """What Gradescope does, with /autograder moved to a temporary folder: unzip into source/, the
    student's repository in submission/ (exercises/ inside, a wrong ReLU), run run_autograder from /autograder; results.json carries the score and visibility,
    in Chinese when init ran in Chinese."""
    monkeypatch.chdir(tmp_path)
    out, result = _init(tmp_path, "--only", "activations.*", "--exercise-visibility", "activations.relu=hidden",
                        "--visibility", "after_due_date", "--lang", "zh")
    assert result.exit_code == 0, result.output
    root = tmp_path / "autograder"
    with zipfile.ZipFile(out / "autograder.zip") as archive:
        archive.extractall(root / "source")
    for name in gradescope.SCRIPTS:
        (root / "source" / name).chmod(0o755)
    exercises = root / "submission" / "exercises"
    exercises.mkdir(parents=True)
    source = (ROOT / "solutions" / "activations.py").read_text()
    wrong = source.replace("return torch.where(x > 0, x, torch.zeros_like(x))", "return x")
    assert wrong != source
    (exercises / "activations.py").write_text(wrong)
    (root / "submission_metadata.json").write_text(json.dumps({"users": [{"name": "李雷", "email": "l@x"}]}))
    env = {**os.environ, "GRADE_AUTOGRADER_ROOT": str(root),
           "PATH": f"{_grade_executable().parent}:{os.environ['PATH']}"}
    env.pop("GRADE_LANG", None)
    done = subprocess.run([str(root / "source" / "run_autograder")], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    doc = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert 0 < doc["score"] < doc["max_score"]
    names = {t["name"].split(":")[0] for t in doc["tests"]}
    assert names and all(n.startswith("activations.") for n in names)  # --only reached the grader
    relu = [t for t in doc["tests"] if t["name"].startswith("activations.relu")]
    assert relu and {t["visibility"] for t in relu} == {"hidden"} and any(t["score"] < t["max_score"] for t in relu)
    assert {t["visibility"] for t in doc["tests"] if t not in relu} == {"after_due_date"}
    assert doc["visibility"] == "after_due_date"
    assert doc["output"].startswith("总分")
    assert (root / "submission" / "exercises" / "activations.py").read_text() == wrong  # graded a copy


def _fake_grade_seeing(monkeypatch, seen: dict, *, fail: Exception | None = None) -> None:
    import grader.codegrade

    def fake_grade(exercises_dir, *, only, device, extra_dirs, student):
        seen["files"] = sorted(p.relative_to(exercises_dir).as_posix() for p in Path(exercises_dir).rglob("*"))
        if fail is not None:
            raise fail
        return _report()

    monkeypatch.setattr(grader.codegrade, "grade_submission", fake_grade)


def test_run_copies_only_files_and_folders_within_bounds_and_says_what_it_left_out(tmp_path, monkeypatch):
    seen: dict = {}
    _fake_grade_seeing(monkeypatch, seen)
    monkeypatch.setattr(gradescope, "MAX_DEPTH", 3)  # submission/exercises/a/b, not .../c
    monkeypatch.setattr(gradescope, "MAX_ENTRIES", 6)  # shallower ones first
    exercises = tmp_path / "autograder" / "submission" / "exercises"
    (exercises / "a" / "b" / "c").mkdir(parents=True)
    for name in ("activations.py", "cnn.py", "a/rnn.py", "a/b/optim.py", "a/b/c/deep.py"):
        (exercises / name).write_text("# mine\n")
    os.mkfifo(exercises / "pipe")
    path, _report_ = gradescope.run(tmp_path / "autograder")
    assert seen["files"] == ["a", "a/b", "a/rnn.py", "activations.py", "cnn.py"]
    output = json.loads(path.read_text(encoding="utf-8"))["output"]
    assert "Not graded" in output and "exercises/pipe: not a regular file" in output
    assert "exercises/a/b/c: more than 3 folders deep" in output and "exercises/a/b/optim.py: past the limit" in output


@pytest.mark.parametrize("error, exit_code, words", [(UsageError("no exercise matches 'nope.*'"), 2, "nope"),
                                                     (ZeroDivisionError("a grader bug"), 1, "error of the grader")])
def test_run_writes_a_zero_results_json_when_grading_fails(tmp_path, monkeypatch, error, exit_code, words):
    _fake_grade_seeing(monkeypatch, {}, fail=error)
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["gradescope", "run", "--root", str(root), "--visibility", "hidden"])
    assert result.exit_code == exit_code, result.output
    doc = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert doc["score"] == 0 and doc["tests"] == [] and doc["visibility"] == "hidden" and words in doc["output"]


def test_run_refuses_an_exercises_subdir_leading_out_of_the_submission(tmp_path):
    from grader.codegrade import gradescope
    from grader.errors import UsageError

    (tmp_path / "submission").mkdir()
    with pytest.raises(UsageError, match="exercises-subdir"):
        gradescope.run(tmp_path, exercises_subdir="../..")
    assert not (tmp_path / "results").exists()
