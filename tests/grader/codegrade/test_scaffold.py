"""`grade exercises new` and `exercises:` in grade.yaml: an instructor's exercise, graded end to end."""

from __future__ import annotations

import json

from click.testing import CliRunner

from grader.cli import cli


def test_a_new_exercise_is_graded_by_grade_submit(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["exercises", "new", "mylayers.gelu", "--dir", "my_exercises"])
    assert result.exit_code == 0, result.output
    assert "exercises: [my_exercises]" in result.output  # says how to register the folder
    for path in ("my_exercises/mylayers.py", "exercises/mylayers.py", "solutions/mylayers.py"):
        assert (tmp_path / path).is_file()
    (tmp_path / "grade.yaml").write_text("exercises: [my_exercises]\n")

    listed = runner.invoke(cli, ["exercises", "list", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    mine = [row for row in json.loads(listed.output) if row["name"] == "mylayers.gelu"]
    assert mine and mine[0]["source"].endswith("mylayers.py") and mine[0]["points"] == 5

    def score(folder: str) -> tuple[float, float, str]:
        out = runner.invoke(cli, ["submit", "--exercises", folder, "--only", "mylayers.*", "--format", "json"])
        assert out.exit_code == 0, out.output
        exercise = json.loads(out.stdout)["exercises"][0]
        return exercise["score"], exercise["max_score"], exercise["status"]

    assert score("solutions") == (5, 5, "passed")  # the reference scores full marks
    assert score("exercises") == (0, 5, "failed")  # the untouched stub scores 0


def test_new_refuses_to_overwrite_and_bad_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["exercises", "new", "mylayers.gelu"]).exit_code == 0
    again = runner.invoke(cli, ["exercises", "new", "mylayers.gelu"])
    assert again.exit_code == 2 and "already exist" in again.output
    assert runner.invoke(cli, ["exercises", "new", "mylayers.gelu", "--force"]).exit_code == 0
    for bad in ("gelu", "My.Gelu", "a.b.c", "mylayers.class", "cnn.gelu"):
        result = runner.invoke(cli, ["exercises", "new", bad])
        assert result.exit_code == 2, (bad, result.output)
        assert result.output.startswith("grade: error:") and "Traceback" not in result.output


def test_a_broken_instructor_spec_stops_grading_with_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "layers.py").write_text("EXERCISES = None\n")
    (tmp_path / "exercises").mkdir()
    (tmp_path / "grade.yaml").write_text("exercises: [mine]\n")
    result = CliRunner().invoke(cli, ["submit"])
    assert result.exit_code == 2 and "layers.py" in result.output and "EXERCISES" in result.output
    (tmp_path / "grade.yaml").write_text("exercises: [missing]\n")
    result = CliRunner().invoke(cli, ["exercises", "list"])
    assert result.exit_code == 2 and "does not exist" in result.output
