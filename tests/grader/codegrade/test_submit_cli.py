"""`grade submit` as a student runs it: feedback in their language (diagnoses included), progress
while grading, who and what was graded in the report, and the paper cuts of a first run (a module
file for --exercises, a folder without modules, run from inside exercises/, --push outside git)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import i18n
from grader.cli import cli
from grader.codegrade.discovery import module_names, submission_folder
from grader.errors import UsageError

REPO = Path(__file__).resolve().parents[3]
WRONG = REPO / "tests" / "fixtures" / "wrong"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def english():
    """Library calls here read the process language, which a `--lang zh` run before them leaves set."""
    i18n.set_language("en")
    yield
    i18n.set_language(None)


@pytest.fixture
def mistaken(tmp_path: Path) -> Path:
    """exercises/activations.py: the reference solution with softmax ignoring `dim` (a fixture with a
    known diagnosis) and relu left as an untouched stub; the other exercises are correct."""
    folder = tmp_path / "exercises"
    folder.mkdir()
    source = (REPO / "solutions" / "activations.py").read_text()
    source += "\n\n" + (WRONG / "activations__softmax__ignores_dim.py").read_text()
    source += "\n\ndef relu(x):\n    raise NotImplementedError\n"
    (folder / "activations.py").write_text(source)
    return folder


def test_submit_in_chinese_gives_chinese_feedback_and_diagnoses(mistaken, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = CliRunner().invoke(cli, ["submit", "--exercises", str(mistaken / "activations.py"), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    # the diagnosis of the fixture, its observation, the stub, all in Chinese
    assert "你忽略了 `dim`，总是使用最后一维：请沿传入的维度归一化。" in out
    assert "超出容差" in out and "尚未实现" in out
    assert "outside tolerance" not in out and "not implemented yet" not in out and "Likely mistake" not in out
    # a module file grades that module only
    assert "activations.softmax" in out and "cnn." not in out
    # progress (not a terminal): one plain line per finished exercise on stderr, no escape codes
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    finished = [line for line in lines if "activations." in line]
    assert len(finished) == 6 and "\x1b" not in result.stderr
    assert any("activations.relu" in line and "0/5" in line and "未通过" in line for line in finished)


def test_report_names_the_student_and_its_language(mistaken, tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("GRADE_LANG", "zh")
    report = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["submit", "--exercises", str(mistaken), "--only", "activations.softmax",
                                      "--format", "json", "--output", str(report), "--student", "  Li   Lei "])
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text())
    assert data["student"] == "Li Lei" and data["lang"] == "zh" and data["created"]
    check = next(t for t in data["exercises"][0]["tests"] if t["name"] == "dim")
    assert check["diagnosis"].startswith("你忽略了 `dim`") and CJK.search(check["message"])
    # the report went to a file: the progress lines end with a short summary, not the report again
    assert "总分：" in result.stderr and "report.json" in result.stderr
    assert "需要修改" not in result.stderr


@pytest.mark.parametrize("lang, words", [("en", "no exercise modules in"), ("zh", "中没有练习模块")])
def test_a_folder_without_exercise_modules_is_refused_at_once(tmp_path, monkeypatch, lang, words):
    (tmp_path / "notes.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["submit", "--exercises", ".", "--lang", lang])
    assert result.exit_code == 2 and words in result.output
    assert "activations.py" in result.output  # says what it looked for
    assert "Traceback" not in result.output


def test_a_folder_above_the_exercises_points_to_them(tmp_path):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "cnn.py").write_text("")
    with pytest.raises(UsageError, match="did you mean --exercises"):
        submission_folder(tmp_path, module_names())


def test_a_module_file_or_a_folder_inside_exercises(tmp_path, monkeypatch):
    names = module_names()
    assert {"activations", "cnn", "rnn"} <= set(names)
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "activations.py").write_text("")
    (folder / "notes.txt").write_text("")
    assert submission_folder(folder / "activations.py", names) == (folder, "activations")
    with pytest.raises(UsageError, match="is not an exercise module"):
        submission_folder(folder / "notes.txt", names)
    with pytest.raises(UsageError, match="exercises folder not found"):
        submission_folder(folder / "missing", names)
    monkeypatch.chdir(folder)  # `grade submit` run from inside exercises/
    assert submission_folder(None, names) == (Path("."), None)
    monkeypatch.chdir(tmp_path)  # from the repository: ./exercises
    assert submission_folder(None, names) == (Path("exercises"), None)
    monkeypatch.chdir(tmp_path.parent)
    with pytest.raises(UsageError, match="no exercises folder here"):
        submission_folder(None, names)


def test_a_module_file_and_only_together_are_refused(mistaken):
    result = CliRunner().invoke(cli, ["submit", "--exercises", str(mistaken / "activations.py"), "--only", "cnn"])
    assert result.exit_code == 2 and "--only" in result.output


def test_push_outside_a_repository_fails_before_grading(mistaken, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(mistaken.parent.parent))

    def must_not_grade(*args, **kwargs):
        raise AssertionError("graded before checking that --push can work")

    monkeypatch.setattr("grader.codegrade.grade_submission", must_not_grade)
    result = CliRunner().invoke(cli, ["submit", "--exercises", str(mistaken), "--push"])
    assert result.exit_code == 2, result.output
    assert "not inside a git repository" in result.output


def test_help_in_both_languages():
    runner = CliRunner()
    assert "--student" in runner.invoke(cli, ["submit", "--help"]).output
    zh = runner.invoke(cli, ["submit", "--lang", "zh", "--help"]).output
    assert "在沙箱中为你的练习模块评分" in zh and "报告中显示的你的姓名" in zh
