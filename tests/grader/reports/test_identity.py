"""`grader.results.identify`: who and what a report is about, from `--student` or the submission's git
repository, without letting the repository run anything and without ever raising."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from grader import results
from grader.results import identify

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A HOME without any git configuration, so that only the repository's own counts."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


def _git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | {"GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=env).stdout.strip()


def _repo(path: Path, *, name: str | None = "Ada Lovelace", email: str | None = "ada@example.org",
          commit: bool = True) -> Path:
    path.mkdir(parents=True)
    _git(path, "init", "-q")
    if name is not None:
        _git(path, "config", "user.name", name)
    if email is not None:
        _git(path, "config", "user.email", email)
    if commit:
        _git(path, "-c", "user.name=x", "-c", "user.email=x@y", "commit", "-q", "--allow-empty", "-m", "start")
    return path


def test_student_and_commit_from_the_repository(tmp_path, home):
    repo = _repo(tmp_path / "repo")
    (repo / "exercises").mkdir()
    head = _git(repo, "rev-parse", "--short", "HEAD")
    assert identify(repo, None) == ("Ada Lovelace", head)
    assert identify(repo / "exercises", None) == ("Ada Lovelace", head)  # a folder inside it


def test_a_given_name_wins_and_is_one_line(tmp_path, home):
    repo = _repo(tmp_path / "repo")
    student, commit = identify(repo, "  Grace \n Hopper\t")
    assert student == "Grace Hopper" and commit


def test_email_when_no_name_and_none_when_nothing(tmp_path, home):
    assert identify(_repo(tmp_path / "a", name=None), None)[0] == "ada@example.org"
    assert identify(_repo(tmp_path / "b", name=None, email=None, commit=False), None) == (None, None)
    plain = tmp_path / "not-a-repo"
    plain.mkdir()
    assert identify(plain, None) == (None, None)
    assert identify(plain, "Ada") == ("Ada", None)
    assert identify(tmp_path / "does-not-exist", None) == (None, None)


def test_without_git_it_still_answers(tmp_path, home, monkeypatch):
    repo = _repo(tmp_path / "repo")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert identify(repo, None) == (None, None)
    assert identify(repo, "Ada") == ("Ada", None)


def test_a_hanging_git_is_given_up_on(tmp_path, home, monkeypatch):
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text("#!/bin/sh\nexec sleep 30\n")
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", str(fake))
    monkeypatch.setattr(results, "GIT_TIMEOUT_S", 0.5)
    assert identify(tmp_path, "Ada") == ("Ada", None)


def test_the_callers_git_variables_do_not_redirect_it(tmp_path, home, monkeypatch):
    repo = _repo(tmp_path / "repo")
    other = _repo(tmp_path / "other", name="Someone Else")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'user.name'='Injected'")
    assert identify(repo, None) == ("Ada Lovelace", _git(repo, "rev-parse", "--short", "HEAD"))


def test_a_hostile_repository_runs_nothing_and_its_name_is_cleaned(tmp_path, home):
    repo = _repo(tmp_path / "repo", name="\x1b]0;pwned\x07Mallory::notice::x\r\n" + "M" * 500)
    marker = tmp_path / "PWNED"
    _git(repo, "config", "core.fsmonitor", f"touch {marker}; echo")
    hooks = repo / ".git" / "hooks"
    for hook in ("post-checkout", "post-index-change", "reference-transaction"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {marker}\n")
        (hooks / hook).chmod(0o755)
    subprocess.run(["git", "-C", str(repo), "status"], capture_output=True, env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1"})
    assert marker.exists()  # the trap is live: plain `git status` springs it
    marker.unlink()
    student, commit = identify(repo, None)
    assert not marker.exists()
    assert commit and student is not None
    assert "\x1b" not in student and "\x07" not in student and "\n" not in student and "::" not in student
    assert student.startswith("]0;pwnedMallory: :notice: :x") and len(student) <= 120


def test_the_users_global_identity_counts_only_when_trusted(tmp_path, home):
    """`grade submit` runs on the student's own machine: their ~/.gitconfig names them. `grade batch`
    and Gradescope run on the grader's machine, whose ~/.gitconfig is nobody in the class."""
    (home / ".gitconfig").write_text("[user]\n\tname = Global User\n")
    repo = _repo(tmp_path / "repo", name=None, email=None)
    plain = tmp_path / "plain"
    plain.mkdir()
    assert identify(repo, None, trust_user_config=True)[0] == "Global User"
    assert identify(plain, None, trust_user_config=True) == ("Global User", None)
    assert identify(repo, None) == (None, _git(repo, "rev-parse", "--short", "HEAD"))
    assert identify(plain, None) == (None, None)
    own = _repo(tmp_path / "own")  # the repository's own configuration always counts
    assert identify(own, None)[0] == "Ada Lovelace"


def test_no_repository_is_looked_for_at_or_above_the_ceiling(tmp_path, home):
    course = _repo(tmp_path / "course")
    alice = course / "submissions" / "alice"
    (alice / "exercises").mkdir(parents=True)
    bob = _repo(course / "submissions" / "bob", name="Bob")
    (bob / "exercises").mkdir()
    ceiling = course / "submissions"
    assert identify(alice / "exercises", None)[0] == "Ada Lovelace"  # without a ceiling: the course's
    assert identify(alice / "exercises", None, ceiling=ceiling) == (None, None)
    assert identify(bob / "exercises", None, ceiling=ceiling) == ("Bob", _git(bob, "rev-parse", "--short", "HEAD"))
