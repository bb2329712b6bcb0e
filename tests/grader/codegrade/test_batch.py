"""`grade batch` over a small synthetic class, with a stand-in grader (and one broken submission).

The stand-in `fake_grade` keeps these tests fast and independent of the exercise specs; the real
`grade_submission` is exercised by `test_real_grader_on_solutions` when it is available.
"""

from __future__ import annotations

import json
import math
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from grader.cli import cli
from grader.codegrade import batch
from grader.errors import UsageError
from grader.results import CheckOutcome as Outcome  # aliased: pytest would try to collect a Test* class
from grader.results import ExerciseOutcome, Report

ROOT = Path(__file__).resolve().parents[3]


def fake_grade(exercises_dir: Path, *, device: str) -> Report:
    """One exercise per known module: 2 points when the file says `correct`, 1 for `half`."""
    text = {p.stem: p.read_text() for p in exercises_dir.glob("*.py")}
    if "raise_in_grader" in "".join(text.values()):
        raise RuntimeError("grader bug triggered by this submission")
    if "kill_the_worker" in "".join(text.values()):
        os._exit(3)  # what a segfault in the grading process looks like from the pool
    exercises = []
    for module in ("cnn", "rnn"):
        body = text.get(module)
        score = 2 if body and "correct" in body else 1 if body and "half" in body else 0
        status = "missing" if body is None else {2: "passed", 1: "partial", 0: "failed"}[score]
        exercises.append(ExerciseOutcome(f"{module}.fn", score, 2, status,
                                         [Outcome("values", score, 2, "passed" if score == 2 else "failed")]))
    return Report(exercises, device, 0.01, "test")


def _class(root: Path) -> Path:
    subs = root / "submissions"
    (subs / "alice" / "exercises").mkdir(parents=True)
    (subs / "alice" / "exercises" / "cnn.py").write_text("# correct")
    (subs / "alice" / "exercises" / "rnn.py").write_text("# correct")
    (subs / "bob").mkdir()  # files at the top of the repository
    (subs / "bob" / "cnn.py").write_text("# half")
    (subs / "carol" / "exercises").mkdir(parents=True)
    (subs / "carol" / "exercises" / "cnn.py").write_text("raise_in_grader")
    (subs / "dave").mkdir()  # submitted nothing
    (subs / ".git").mkdir()
    (subs / "notes.txt").write_text("not a student")
    return subs


@pytest.mark.parametrize("executor", batch.EXECUTORS)
def test_batch_grades_everyone_and_survives_a_broken_submission(tmp_path, executor):
    subs, out = _class(tmp_path), tmp_path / "out"
    seen = []
    book = batch.grade_batch(subs, out, jobs=2, device="cpu", executor=executor, grade=fake_grade,
                             progress=seen.append)
    assert list(book["student"]) == ["alice", "bob", "carol", "dave"]
    assert sorted(r["student"] for r in seen) == ["alice", "bob", "carol", "dave"]
    assert list(book.columns) == ["student", "total", "max", "percent", "cnn.fn", "rnn.fn", "status", "error"]
    alice, bob, carol, dave = (book.iloc[i] for i in range(4))
    assert (alice["total"], alice["max"], alice["percent"], alice["status"]) == (4, 4, 100.0, "graded")
    assert (bob["total"], bob["cnn.fn"], bob["rnn.fn"], bob["percent"]) == (1, 1, 0, 25.0)
    assert carol["status"] == "error" and "grader bug" in carol["error"] and math.isnan(carol["total"])
    assert dave["total"] == 0 and dave["status"] == "graded"

    assert sorted(p.name for p in out.iterdir()) == [
        "alice.json", "alice.md", "bob.json", "bob.md", "carol.error.txt", "dave.json", "dave.md", "gradebook.csv"]
    assert json.loads((out / "alice.json").read_text())["score"] == 4
    assert "RuntimeError" in (out / "carol.error.txt").read_text()
    csv = pd.read_csv(out / "gradebook.csv")
    assert list(csv["student"]) == ["alice", "bob", "carol", "dave"] and csv["total"].isna().tolist() == [
        False, False, True, False]


def test_a_crashing_worker_costs_only_its_own_row(tmp_path):
    subs = _class(tmp_path)
    (subs / "eve").mkdir()
    (subs / "eve" / "cnn.py").write_text("kill_the_worker")
    book = batch.grade_batch(subs, tmp_path / "out", jobs=2, device="cpu", executor="process", grade=fake_grade)
    rows = book.set_index("student")
    assert rows.loc["eve", "status"] == "error" and "worker process died" in rows.loc["eve", "error"]
    assert rows.loc["alice", "total"] == 4 and rows.loc["bob", "total"] == 1 and rows.loc["dave", "status"] == "graded"


def test_exercises_subdir_and_output_inside_the_submissions(tmp_path):
    subs = _class(tmp_path)
    (subs / "alice" / "work").mkdir()
    (subs / "alice" / "work" / "rnn.py").write_text("# half")
    out = subs / "_grades"
    batch.grade_batch(subs, out, exercises_subdir="work", grade=fake_grade, executor="thread")
    again = batch.grade_batch(subs, out, exercises_subdir="work", grade=fake_grade, executor="thread")
    assert "_grades" not in set(again["student"])  # the output folder is not a student
    assert again.set_index("student").loc["alice", "rnn.fn"] == 1


def test_unsafe_and_colliding_folder_names(tmp_path):
    subs = tmp_path / "s"
    for name in ("a b", "a_b", "../x"[3:], "名字"):
        (subs / name).mkdir(parents=True)
    found = batch.find_submissions(subs)
    stems = [s.stem for s in found]
    assert len(set(s.lower() for s in stems)) == len(stems)
    assert all("/" not in s and " " not in s for s in stems)


def test_empty_or_missing_folder(tmp_path):
    with pytest.raises(UsageError, match="not a folder"):
        batch.grade_batch(tmp_path / "nope", tmp_path / "out", grade=fake_grade)
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="no student folders"):
        batch.grade_batch(tmp_path / "empty", tmp_path / "out", grade=fake_grade)
    with pytest.raises(UsageError, match="--jobs"):
        batch.grade_batch(tmp_path / "empty", tmp_path / "out", jobs=0, grade=fake_grade)


def test_cli_batch_usage_errors(tmp_path):
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "not a folder" in result.output


def _real_grader_available() -> bool:
    try:
        from grader.codegrade import grade_submission  # noqa: F401
    except ImportError:
        return False
    return (ROOT / "solutions").is_dir()


@pytest.mark.skipif(not _real_grader_available(), reason="grader.codegrade has not landed yet")
def test_real_grader_on_solutions(tmp_path):
    subs = tmp_path / "subs"
    shutil.copytree(ROOT / "solutions", subs / "reference" / "exercises")
    (subs / "empty").mkdir()
    result = CliRunner().invoke(cli, ["batch", str(subs), "--out", str(tmp_path / "out"), "--jobs", "2",
                                      "--device", "cpu"])
    assert result.exit_code == 0, result.output
    book = pd.read_csv(tmp_path / "out" / "gradebook.csv").set_index("student")
    assert book.loc["reference", "total"] == book.loc["reference", "max"] > 0
    assert book.loc["empty", "total"] == 0 and book.loc["empty", "status"] == "graded"
