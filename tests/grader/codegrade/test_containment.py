"""Nothing of a submission outlives its grading: once `grade_submission` (or `grade submit`) has
returned, no process the submission started is alive, nothing it wrote outside its own temporary
folders remains, and the step outputs for GitHub Classroom are the grader's alone (a daemon that
appends forged `earned=` / `missed=` lines finds nobody left to do it).

Checked in this process (as the test user: root in CI, so uid + namespaces) and through
`grade submit` under an ordinary user's identity (namespaces inside a user namespace). Where the
kernel allows neither, only the process group contains the submission: those tests then clean up
what they started and skip, saying so.

The source scan (`grader.codegrade.forbidden`) already refuses `os.fork` and its kin without
running the function; it is a list of known routes, and the sandbox must hold for whatever it
misses, so these tests switch it off (`SCAN_OFF`) and check that the hostile function did run.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from test_codegrade import HOSTILE, REPO, _by_name, _submit
from test_sandbox import _survivors

import grader.codegrade.grade
from grader.codegrade import forbidden
from grader.codegrade.sandbox.host import Sandbox, _processes
from grader.results import Isolation

TEMP_PLACES = ("/tmp", "/var/tmp", "/dev/shm")
PREFIX = "grade-hostile-leftover-"  # what tests/fixtures/hostile/temp_files.py names its files
SCAN_OFF = "import grader.codegrade.forbidden as f; f.StudentCode.scan = lambda *args, **kwargs: []"


@pytest.fixture
def scan_off(monkeypatch):
    monkeypatch.setattr(forbidden.StudentCode, "scan", lambda *args, **kwargs: [])


def _leftovers() -> set[str]:
    return {os.path.join(d, n) for d in TEMP_PLACES if os.path.isdir(d) for n in os.listdir(d) if n.startswith(PREFIX)}


def _record_sandboxes(monkeypatch) -> list[Sandbox]:
    """Every Sandbox grade_submission opens, to find its processes afterwards."""
    boxes: list[Sandbox] = []

    class Recording(Sandbox):
        def __init__(self, **kwargs) -> None:
            super().__init__(**kwargs)
            boxes.append(self)

    monkeypatch.setattr(grader.codegrade.grade, "Sandbox", Recording)
    return boxes


def _skip_weak(pids: list[int], leftovers: set[str]) -> None:
    """Only the process group contained the submission here: end what it left (ours), then skip."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else Path(path).unlink(missing_ok=True)
    pytest.skip("no root and no user namespaces here: only the process group contains a submission")


def test_a_setsid_daemon_cannot_forge_the_outputs(tmp_path, monkeypatch, scan_off):
    github_output = tmp_path / "github_output"
    github_output.touch()
    github_output.chmod(0o666)  # even writable by anyone
    monkeypatch.setenv("GITHUB_OUTPUT", str(github_output))
    boxes = _record_sandboxes(monkeypatch)
    report = _submit(tmp_path, (HOSTILE / "setsid_daemon.py").read_text())
    assert {e.status for e in report.exercises} == {"passed"}  # the daemon's call itself is correct
    alive = [pid for box in boxes for pid in _survivors(box.root, box.uid)]
    if report.isolation == Isolation.PROCESS_GROUP:
        _skip_weak(alive, set())
    assert alive == []  # grade_submission returned only once they were all gone
    time.sleep(1.0)  # a live daemon would have appended a few times by now
    assert github_output.read_text() == ""
    assert [pid for box in boxes for pid in _survivors(box.root, box.uid)] == []


def test_temporary_files_do_not_outlive_grading(tmp_path, monkeypatch, scan_off):
    before = _leftovers()
    boxes = _record_sandboxes(monkeypatch)
    report = _submit(tmp_path, (HOSTILE / "temp_files.py").read_text())
    assert _by_name(report)["activations.tanh"].status == "passed"
    left = _leftovers() - before
    if report.isolation == Isolation.PROCESS_GROUP:
        _skip_weak([pid for box in boxes for pid in _survivors(box.root, box.uid)], left)
    assert left == set()
    assert all(not box.root.exists() for box in boxes)


@pytest.mark.parametrize("fixture, words", [("crash_segfault", "died from SIGSEGV"), ("fork_bomb", "timed out")])
def test_the_sandbox_alone_contains_what_the_scan_refuses(tmp_path, monkeypatch, scan_off, fixture, words):
    """ctypes and os.fork never reach the child past the source scan; the sandbox must not rely on that."""
    boxes = _record_sandboxes(monkeypatch)
    ex = _by_name(_submit(tmp_path, (HOSTILE / f"{fixture}.py").read_text()))
    assert ex["activations.sigmoid"].status == ex["activations.relu"].status == "passed"
    assert ex["activations.tanh"].status == "error" and words in ex["activations.tanh"].tests[0].message
    alive = [pid for box in boxes for pid in _survivors(box.root, box.uid)]
    if boxes[0].isolation == Isolation.PROCESS_GROUP:
        _skip_weak(alive, set())
    assert alive == []


# ---------------------------------------------------------------------------------------------
# `grade submit` as an ordinary user


def _anyone_can_reach(path: Path) -> bool:
    """Whether a user of no group of ours can read `path` (every folder above it searchable)."""
    for parent in reversed(path.parents):
        if not parent.stat().st_mode & stat.S_IXOTH:
            return False
    return bool(path.stat().st_mode & stat.S_IROTH)


def _as_an_ordinary_user() -> tuple[list[str], int | None]:
    """A command prefix that runs a command as an ordinary user, and that user's uid when it is one
    of its own (its processes are then exactly the command's)."""
    if os.geteuid() != 0:
        return [], None
    python = Path(os.path.realpath(sys.executable))
    if shutil.which("setpriv") and _anyone_can_reach(python) and _anyone_can_reach(REPO / "grader" / "cli" / "submit.py"):
        for _ in range(20):
            uid = 1_000_000_000 + secrets.randbelow(400_000_000)
            if not _processes(uid=uid, session=None):
                return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"], uid
    unshare = ["unshare", "--user", "--map-user=1000", "--map-group=1000", "--"]
    if shutil.which("unshare") and subprocess.run([*unshare, "true"], capture_output=True).returncode == 0:
        # still the same user outside, but an ordinary one (uid 1000, no capabilities) to the grader
        return unshare, None
    pytest.skip("cannot run as an ordinary user here (no setpriv for a reachable interpreter, no unshare --user)")


@pytest.mark.parametrize("fixture", ["setsid_daemon", "temp_files"])
def test_grade_submit_as_an_ordinary_user_leaves_nothing_behind(fixture):
    prefix, uid = _as_an_ordinary_user()
    work = Path(tempfile.mkdtemp(prefix="grade-ordinary-user-"))  # not under pytest's 0700 folders
    try:
        exercises, sandboxes, github_output = work / "exercises", work / "tmp", work / "github_output"
        exercises.mkdir()
        sandboxes.mkdir()
        shutil.copy(HOSTILE / f"{fixture}.py", exercises / "activations.py")
        github_output.touch()
        if uid is not None:
            for path in (work, exercises, sandboxes, github_output, exercises / "activations.py"):
                os.chown(path, uid, uid)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(work), "LANG": "C.UTF-8",
               "TMPDIR": str(sandboxes),  # the sandbox folder, named in every command line of the child
               "GITHUB_OUTPUT": str(github_output), "CI": "true", "PYTHONDONTWRITEBYTECODE": "1"}
        before = _leftovers()
        command = [*prefix, sys.executable, "-c", f"{SCAN_OFF}; from grader.cli import main; main()", "submit",
                   "--exercises", str(exercises), "--only", "activations.*", "--device", "cpu", "--format", "classroom"]
        done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=600)
        if done.returncode == 2 and "--allow-weak-isolation" in done.stderr:
            assert github_output.read_text() == ""  # refused before writing anything
            _skip_weak(_survivors(sandboxes, uid), _leftovers() - before)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        assert "isolation: namespaces" in done.stdout  # not root, so no uid of its own
        assert _survivors(sandboxes, uid) == []
        time.sleep(1.0)  # a live daemon would have appended a few times by now
        assert _survivors(sandboxes, uid) == []
        outputs = dict(line.split("=", 1) for line in github_output.read_text().splitlines())
        assert len(outputs) == 3 == len(github_output.read_text().splitlines())  # the grader's lines, once each
        tanh = [t for t in json.loads(base64.b64decode(outputs["result"]))["tests"]
                if t["name"].startswith("activations.tanh")]
        assert "pass" in {t["status"] for t in tanh}, tanh  # the hostile function ran
        assert _leftovers() - before == set()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_a_grader_installed_under_tmp_still_grades(tmp_path):
    """The child's private /tmp must not hide the grader itself: a checkout under /tmp (as a CI clone
    may be) keeps working. (The child mounts back every folder it imports from, the virtual
    environment's included; .ci/run run from a clone under /tmp covers that case.)"""
    assert str(tmp_path).startswith(("/tmp/", "/var/tmp/")), "pytest's tmp_path is expected under /tmp"
    shutil.copytree(REPO / "grader", tmp_path / "grader", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "activations.py").write_text((REPO / "solutions" / "activations.py").read_text())
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import grader.codegrade as g; "
            "r = g.grade_submission(sys.argv[2], only='activations.*'); "
            "assert g.grade.__file__.startswith(sys.argv[1]); print(r.score, r.max_score)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path), str(tmp_path / "exercises")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    score, max_score = done.stdout.split()
    assert float(score) == float(max_score) > 0
