"""archive(): deterministic zip with a verifiable MANIFEST; push(): against a temporary bare remote."""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from grader.codegrade import submission
from grader.errors import UsageError
from grader.results import CheckOutcome as Outcome  # aliased: pytest would try to collect a Test* class
from grader.results import ExerciseOutcome, Report


def _report(score: float = 42, max_score: float = 50) -> Report:
    return Report([ExerciseOutcome("cnn.conv2d", score, max_score, "partial",
                                   [Outcome("values", score, max_score, "failed", "close")])], "cpu", 1.25)


def _exercises(root: Path) -> Path:
    ex = root / "exercises"
    (ex / "__pycache__").mkdir(parents=True)
    (ex / "cnn.py").write_text("def conv2d(x, w):\n    return x\n")
    (ex / "activations.py").write_text("def relu(x):\n    return x.clamp(min=0)\n")
    (ex / "notes.txt").write_text("not an exercise")
    (ex / "__pycache__" / "cnn.cpython-311.pyc").write_bytes(b"\0")
    return ex


def test_archive_contents_manifest_and_determinism(tmp_path):
    ex = _exercises(tmp_path / "student")
    first = submission.archive(ex, _report(), tmp_path / "out" / "a.zip")
    with zipfile.ZipFile(first) as zf:
        assert zf.namelist() == ["MANIFEST", "exercises/activations.py", "exercises/cnn.py", "report.json"]
        assert json.loads(zf.read("report.json"))["score"] == 42
        manifest = zf.read("MANIFEST").decode().splitlines()
        assert manifest == [f"{hashlib.sha256(zf.read(n)).hexdigest()}  {n}"
                            for n in ["exercises/activations.py", "exercises/cnn.py", "report.json"]]
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())
    assert submission.verify_archive(first) == []
    second = submission.archive(ex, _report(), tmp_path / "b.zip")
    assert first.read_bytes() == second.read_bytes()
    (ex / "cnn.py").touch()  # a new mtime changes nothing
    assert submission.archive(ex, _report(), tmp_path / "c.zip").read_bytes() == first.read_bytes()


def test_archive_detects_tampering(tmp_path):
    ex = _exercises(tmp_path)
    path = submission.archive(ex, _report(), tmp_path / "a.zip")
    with zipfile.ZipFile(path) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    entries["report.json"] = entries["report.json"].replace(b'"score": 42', b'"score": 50')
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    assert submission.verify_archive(path) == ["report.json"]


def test_archive_of_missing_folder(tmp_path):
    with pytest.raises(UsageError, match="is not a folder"):
        submission.archive(tmp_path / "nope", _report(), tmp_path / "a.zip")


# ---------------------------------------------------------------------------------------------
# push


def _run(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A student clone with one commit, its remote a bare repository; CI unset, identity set."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    (tmp_path / "gitconfig").write_text("[user]\n\tname = Student\n\temail = s@example.com\n"
                                        "[init]\n\tdefaultBranch = main\n")
    remote = tmp_path / "remote.git"
    _run("init", "--bare", "-q", str(remote), cwd=tmp_path)
    clone = tmp_path / "clone"
    _run("clone", "-q", str(remote), str(clone), cwd=tmp_path)
    ex = _exercises(clone)
    (clone / "README.md").write_text("assignment\n")
    _run("add", "README.md", cwd=clone)
    _run("commit", "-qm", "start", cwd=clone)
    _run("push", "-q", "origin", "HEAD:main", cwd=clone)
    _run("branch", "-q", "-u", "origin/main", cwd=clone)
    return clone, ex, remote


def test_push_commits_only_exercise_files_with_the_score(repo):
    clone, ex, remote = repo
    (clone / "README.md").write_text("changed and staged\n")
    _run("add", "README.md", cwd=clone)
    questions = []
    result = submission.push(ex, _report(), confirm=lambda q: questions.append(q) or True)
    assert "Committed \"grade: 42/50 (84.0%)\"" in result and "pushed main to origin" in result
    assert len(questions) == 1 and "grade: 42/50 (84.0%)" in questions[0]
    assert _run("log", "-1", "--format=%s", "main", cwd=remote).strip() == "grade: 42/50 (84.0%)"
    files = _run("show", "--name-only", "--format=", "main", cwd=remote).split()
    assert files == ["exercises/activations.py", "exercises/cnn.py"]
    assert "README.md" in _run("diff", "--cached", "--name-only", cwd=clone)  # still staged, not committed


def test_push_with_nothing_to_commit_says_so(repo):
    clone, ex, remote = repo
    submission.push(ex, _report(), confirm=None)
    again = submission.push(ex, _report(), confirm=None)
    assert again.startswith("Nothing to commit") and "pushed main" in again


def test_push_cancelled_changes_nothing(repo):
    clone, ex, remote = repo
    assert submission.push(ex, _report(), confirm=lambda q: False) == "Nothing pushed (cancelled)."
    assert _run("log", "--format=%s", "main", cwd=remote).split("\n")[0] == "start"
    assert "exercises/" in _run("status", "--porcelain", cwd=clone)  # still untracked


def test_push_sets_upstream_when_missing(repo):
    clone, ex, remote = repo
    _run("switch", "-q", "-c", "work", cwd=clone)
    result = submission.push(ex, _report(1.5, 3), confirm=None)
    assert "pushed work to origin" in result
    assert _run("log", "-1", "--format=%s", "work", cwd=remote).strip() == "grade: 1.5/3 (50.0%)"


def test_push_refuses_in_ci(repo, monkeypatch):
    clone, ex, remote = repo
    monkeypatch.setenv("CI", "true")
    with pytest.raises(UsageError, match="CI"):
        submission.push(ex, _report(), confirm=None)


def test_push_outside_a_repository(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    ex = _exercises(tmp_path)
    with pytest.raises(UsageError, match="not inside a git repository"):
        submission.push(ex, _report(), confirm=None)


def test_push_without_a_remote(repo):
    clone, ex, remote = repo
    _run("remote", "remove", "origin", cwd=clone)
    with pytest.raises(UsageError, match="no remote"):
        submission.push(ex, _report(), confirm=None)


def test_push_reports_git_failures(repo):
    clone, ex, remote = repo
    _run("remote", "set-url", "origin", str(clone.parent / "gone.git"), cwd=clone)
    with pytest.raises(UsageError, match="git push"):
        submission.push(ex, _report(), confirm=None)
