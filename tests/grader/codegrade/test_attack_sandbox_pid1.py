"""Attacks on the root path where the template forks each child straight in as PID 1 of its PID
namespace (no keeper of its own) and opens the remapped library folders once for all its forks.

1. PID 1 runs the student's code, and a process may always change its own death signal: a call
   that clears it (`prctl(PR_SET_PDEATHSIG, 0)`) and keeps running is no longer killed when the
   grading process dies (OOM, CI cancel, `timeout -s KILL`) and takes the template with it. With a
   keeper (root, outside the namespace, out of the student's reach: the non-root path, and the
   root path before this change) it was.
2. Every descriptor the template holds is inherited by every fork, student code included: the
   template's own PID namespace, and the remapped library folders opened in the grader's mount
   namespace, whose mounts the child's read-only remount never touched.
"""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from test_sandbox import LIMITS, _call, _load, _run

from grader.codegrade.sandbox.host import _processes

ROOT = os.geteuid() == 0
REPO = Path(__file__).resolve().parents[3]

DRIVER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, sys.argv[1])
    from pathlib import Path
    from grader.codegrade.sandbox.host import Limits, Sandbox

    box = Sandbox(limits=Limits(call_timeout_s=60.0, submission_timeout_s=120.0), device="cpu",
                  use_template=sys.argv[3] == "template")
    box.install_sources(Path(sys.argv[2]))
    print(box.uid, box.root, flush=True)
    steps = [{"id": 0, "kind": "load", "module": "m", "drop": "module:m"},
             {"id": 1, "kind": "call", "module": "m", "function": "linger", "drop": "linger", "args": [],
              "kwargs": {}, "grad_wrt": [], "upstream": [], "device": "cpu"}]
    for result in box.run(steps, inputs=None, deadline=time.monotonic() + 120):
        pass
""")

LINGER = textwrap.dedent("""
    import ctypes, os, time

    def linger():
        ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)  # PR_SET_PDEATHSIG: none
        for n in range(4):  # the sandbox folder can be searched, not listed: its output folder by name
            out = os.path.join(os.path.dirname(os.getcwd()), f"out{n}")
            try:
                open(os.path.join(out, "cleared"), "w").close()  # tell the test we got this far
            except OSError:
                pass
        while True:
            time.sleep(0.1)
""")


def _naming(root: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if root.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


@pytest.mark.skipif(not ROOT, reason="the PID-1-without-keeper path is the root path")
@pytest.mark.parametrize("start", ["template", "fresh"])
def test_attack_a_call_clearing_its_death_signal_dies_with_a_killed_grader(tmp_path, start):
    (tmp_path / "m.py").write_text(LINGER)
    (tmp_path / "driver.py").write_text(DRIVER)
    grader = subprocess.Popen([sys.executable, str(tmp_path / "driver.py"), str(REPO), str(tmp_path), start],
                              stdout=subprocess.PIPE, text=True)
    uid, root = None, ""
    try:
        uid_text, root = grader.stdout.readline().split()
        uid = int(uid_text)
        for _ in range(3000):  # until the call has cleared its death signal
            if list(Path(root).glob("out*/cleared")):
                break
            time.sleep(0.01)
        assert list(Path(root).glob("out*/cleared")), "the call never started"
        grader.kill()  # the grading process dies; its template reads the end of its socket and exits
        grader.wait()
        for _ in range(500):
            if not _processes(uid=uid, session=None):
                break
            time.sleep(0.01)
        assert _processes(uid=uid, session=None) == [], "the student's code outlived the grading process"
    finally:
        grader.kill()
        grader.wait()
        for _ in range(3):
            for pid in (_processes(uid=uid, session=None) if uid is not None else []) + (_naming(root) if root else []):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.1)
        if root:
            subprocess.run(["rm", "-rf", root], check=False)


PROBE = textwrap.dedent("""
    import os, stat

    def descriptors():
        ours = {line.split()[0] for line in open("/proc/self/mountinfo")}
        found = []
        for n in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{n}")
                st = os.stat(f"/proc/self/fd/{n}")
                with open(f"/proc/self/fdinfo/{n}") as f:
                    mnt = [line.split()[1] for line in f if line.startswith("mnt_id:")][0]
                readonly = bool(os.statvfs(f"/proc/self/fd/{n}").f_flag & os.ST_RDONLY)
            except (OSError, IndexError):
                continue
            if stat.S_ISDIR(st.st_mode) or target.startswith(("pid:", "mnt:", "net:", "user:", "ipc:")):
                found.append([int(n), target, mnt in ours, readonly])
        return repr(found)
""")


@pytest.fixture(scope="module")
def inherited(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attack-fds")
    results, state = _run(folder, {"m": PROBE}, [_load(0, "m"), _call(1, "m", "descriptors")], LIMITS)
    assert results[1].status == "done", results[1].message
    if not state["info"].get("pidns") or not state["info"].get("readonly"):
        pytest.skip("no namespaces or no read-only remount here")
    return ast.literal_eval(results[1].reply["out"]["value"])  # a repr of plain lists (never eval what a child says)


def test_attack_no_descriptor_of_a_host_namespace_reaches_student_code(inherited):
    # The template's `own_pidns` (its PID namespace, the grader's) is inherited by every fork.
    assert [d for d in inherited if ":" in d[1] and not d[1].startswith("/")] == []


def test_attack_no_folder_descriptor_reaches_a_writable_mount_of_the_grader(inherited):
    # The remapped library folders are opened once in the template, in the grader's mount namespace:
    # the child's recursive read-only remount does not cover those mounts (before the change each
    # child opened them itself, on its own read-only copies).
    assert [d for d in inherited if d[1].startswith("/") and not (d[2] and d[3])] == []
