"""`grade classroom init`: the workflow's structure, and that its runners read what `write` sets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from grader.cli import cli
from grader.codegrade import classroom
from grader.errors import UsageError
from grader.reports import formats as export
from grader.results import CheckOutcome as Outcome  # aliased: pytest would try to collect a Test* class
from grader.results import ExerciseOutcome, Report

ROOT = Path(__file__).resolve().parents[3]


def _load(tmp_path, **kwargs) -> dict:
    path = classroom.init(tmp_path, **kwargs)
    assert path == tmp_path / ".github" / "workflows" / "classroom.yml"
    return yaml.safe_load(path.read_text())


def test_workflow_structure(tmp_path):
    doc = _load(tmp_path)
    assert doc["name"] == "Autograding Tests"
    assert doc["on"] == ["push", "repository_dispatch", "workflow_dispatch"]  # 'on' quoted: not YAML's True
    assert doc["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}
    assert list(doc["jobs"]) == ["run-autograding-tests"]
    job = doc["jobs"]["run-autograding-tests"]
    assert job["if"] == "github.actor != 'github-classroom[bot]'" and job["runs-on"] == "ubuntu-latest"
    steps = job["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert steps[1]["uses"].startswith("actions/setup-python@") and steps[1]["with"]["python-version"] == "3.11"
    install = steps[2]["run"].splitlines()
    assert install[1] == "pip install torch --index-url https://download.pytorch.org/whl/cpu"
    assert install[2] == "pip install 'grade @ git+https://github.com/OWNER/REPO'"
    grade = steps[3]
    assert grade["id"] == classroom.STEP_ID and grade["run"] == "grade submit --format classroom"
    reporter = steps[4]
    assert reporter["uses"] == "classroom-resources/autograding-grading-reporter@v1"
    assert "!cancelled()" in reporter["if"]


def test_reporter_runners_match_the_outputs_the_classroom_format_writes(tmp_path, monkeypatch, capsys):
    reporter = _load(tmp_path)["jobs"]["run-autograding-tests"]["steps"][4]
    runners = reporter["with"]["runners"].split(",")
    assert runners == list(export.CLASSROOM_RUNNERS)
    assert re.fullmatch(r"([a-zA-Z0-9]+,)*[a-zA-Z0-9]+", reporter["with"]["runners"])  # the reporter's own check
    # the reporter reads env `<RUNNER upper-cased>_RESULTS`; each must point at an output we set
    expected_env = {f"{r.upper()}_RESULTS": f"${{{{ steps.{classroom.STEP_ID}.outputs.{r} }}}}" for r in runners}
    assert reporter["env"] == expected_env

    github_output = tmp_path / "out"
    github_output.touch()
    monkeypatch.setenv("GITHUB_OUTPUT", str(github_output))
    report = Report([ExerciseOutcome("a.f", 1, 2, "partial", [Outcome("x", 1, 1, "passed"),
                                                                 Outcome("y", 0, 1, "failed", "no")])], "cpu", 0.1)
    export.write(report, "classroom", None)
    capsys.readouterr()
    written = {line.split("=", 1)[0] for line in github_output.read_text().splitlines()}
    assert set(runners) <= written


def test_refuses_to_overwrite_without_force(tmp_path):
    classroom.init(tmp_path)
    with pytest.raises(UsageError, match="--force"):
        classroom.init(tmp_path)
    doc = _load(tmp_path, force=True, python_version="3.12", grader_spec="grade==0.1.0")
    steps = doc["jobs"]["run-autograding-tests"]["steps"]
    assert steps[1]["with"]["python-version"] == "3.12"
    assert steps[2]["run"].splitlines()[2] == "pip install grade==0.1.0"


@pytest.mark.parametrize("kwargs", [{"python_version": "three"}, {"grader_spec": "x\n  evil: 1"},
                                    {"grader_spec": " "}])
def test_rejects_bad_options(tmp_path, kwargs):
    with pytest.raises(UsageError):
        classroom.init(tmp_path, **kwargs)


def test_python_version_stays_a_string(tmp_path):
    doc = _load(tmp_path, python_version="3.10")
    assert doc["jobs"]["run-autograding-tests"]["steps"][1]["with"]["python-version"] == "3.10"


def test_cli_classroom_init(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["classroom", "init", "--grader-spec", "grade @ git+https://github.com/us/grade"])
    assert result.exit_code == 0, result.output
    assert ".github/workflows/classroom.yml" in result.output
    again = runner.invoke(cli, ["classroom", "init"])
    assert again.exit_code == 2 and "--force" in again.output
    forced = runner.invoke(cli, ["classroom", "init", "--force", "--python", "3.12"])
    assert forced.exit_code == 0
    text = (tmp_path / ".github/workflows/classroom.yml").read_text()
    assert '"3.12"' in text


def _real_grader_available() -> bool:
    try:
        from grader.codegrade import grade_submission  # noqa: F401
    except ImportError:
        return False
    return (ROOT / "solutions" / "activations.py").is_file()


@pytest.mark.skipif(not _real_grader_available(), reason="grader.codegrade has not landed yet")
def test_grade_submit_classroom_end_to_end(tmp_path, monkeypatch):
    """The real grader on a partly wrong submission: both reporter numbers equal the JSON score."""
    import base64
    import json

    from test_export import reporter_points, reporter_table  # the reporter's two computations

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
    runners = {name: json.loads(base64.b64decode(outputs[name])) for name in export.CLASSROOM_RUNNERS}
    json_report = runner.invoke(cli, ["submit", "--exercises", str(exercises), "--only", "activations.*",
                                      "--device", "cpu", "--format", "json"])
    truth = json.loads(json_report.output)
    assert 0 < truth["score"] < truth["max_score"]
    assert reporter_points(runners) == (truth["score"], truth["max_score"])
    assert reporter_table(runners) == truth["score"]
