"""grader.codegrade.sandbox.host: the child process, its limits, its channel and its clean-up."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import time
from pathlib import Path

import pytest

from grader.codegrade.sandbox.host import WRITABLE_PLACES, Limits, Sandbox, _processes, _remove_files_of
from grader.results import Isolation

LIMITS = Limits(call_timeout_s=3.0, submission_timeout_s=60.0, memory_bytes=256 << 20)
ROOT = os.geteuid() == 0


def _call(step_id: int, module: str, function: str) -> dict:
    return {"id": step_id, "kind": "call", "module": module, "function": function, "drop": f"{module}.{function}",
            "args": [], "kwargs": {}, "grad_wrt": [], "upstream": [], "device": "cpu"}


def _load(step_id: int, module: str) -> dict:
    return {"id": step_id, "kind": "load", "module": module, "drop": f"module:{module}"}


def _run(tmp_path: Path, modules: dict[str, str], steps: list[dict], limits: Limits = LIMITS, *,
         namespaces: bool = True, use_template: bool = True, before=None):
    for name, source in modules.items():
        (tmp_path / f"{name}.py").write_text(source)
    with Sandbox(limits=limits, device="cpu", namespaces=namespaces, use_template=use_template) as box:
        box.install_sources(tmp_path)
        if before is not None:
            before(box)
        results = {r.id: r for r in box.run(steps, inputs=None, deadline=time.monotonic() + limits.submission_timeout_s)}
        state = {"uid": box.uid, "root": box.root, "output": box.output, "output_bytes": box.output_bytes,
                 "info": box.info, "restarts": box.restarts, "interpreters": box.interpreters,
                 "sessions": list(box.sessions)}
    state["isolation"] = box.isolation
    return results, state


def _survivors(root: Path, uid: int | None, sessions: tuple[int, ...] | list[int] = ()) -> list[int]:
    """Live processes of a closed sandbox: its uid's, those of its children's sessions, or any whose
    command line names its folder (a fresh child's arguments name it)."""
    marker = str(root).encode()
    found = set(_processes(uid=uid, session=None)) if uid is not None else set()
    for session in sessions:
        found.update(_processes(uid=None, session=session))
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if marker in f.read():
                    found.add(int(pid))
        except OSError:
            pass
    return sorted(found)


DAEMON = """import os, time

def start():
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            if os.fork() == 0:
                os.closerange(3, 256)
                for _ in range(600):
                    time.sleep(0.1)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    return 1

def leave_files():
    names = []
    for folder in ("/tmp", "/var/tmp", "/dev/shm"):
        path = os.path.join(folder, "grade-sandbox-test-leftover")
        with open(path, "w") as f:
            f.write("x")
        os.makedirs(path + "-dir/nested", exist_ok=True)
        names.append(path)
    return len(names)
"""
LEFTOVERS = [f"{d}/grade-sandbox-test-leftover{suffix}" for d in ("/tmp", "/var/tmp", "/dev/shm") for suffix in ("", "-dir")]


def test_a_call_round_trip_and_the_child_identity(tmp_path):
    source = "import os, torch\n\ndef f():\n    return torch.arange(3), os.getuid(), os.getcwd()\n"
    results, state = _run(tmp_path, {"m": source}, [_load(0, "m"), _call(1, "m", "f")])
    assert results[0].status == "done" and "f" in results[0].reply["functions"]
    reply = results[1].reply
    assert reply["ok"] and reply["out"]["k"] == "seq"
    tensor, uid, cwd = reply["out"]["items"]
    assert results[1].tensors[tensor["key"]].tolist() == [0, 1, 2]
    assert cwd["value"].endswith("/work")
    if os.geteuid() == 0:
        assert uid["value"] == state["uid"] != 0  # never student code as root
    assert not state["root"].exists()  # the temporary directory is gone


def test_output_is_drained_and_truncated(tmp_path):
    source = "import os\nfor _ in range(20):\n    os.write(1, b'y' * (1 << 20))\n\ndef f():\n    return 1\n"
    results, state = _run(tmp_path, {"m": source}, [_load(0, "m"), _call(1, "m", "f")])
    assert results[1].status == "done"
    assert len(state["output"]) == LIMITS.max_captured_output


def test_hung_import_times_out_and_other_modules_still_load(tmp_path):
    modules = {"bad": "while True:\n    pass\n", "good": "def f():\n    return 2\n"}
    results, state = _run(tmp_path, modules, [_load(0, "bad"), _call(1, "bad", "f"), _load(2, "good"), _call(3, "good", "f")])
    assert results[0].status == "timeout"
    assert results[1].status == "skipped"
    assert results[3].status == "done" and results[3].reply["out"] == {"k": "number", "type": "int", "value": 2}
    assert state["restarts"] == 1


@pytest.mark.skipif(os.geteuid() != 0, reason="the uid switch needs root")
def test_fork_bomb_leaves_nothing_behind(tmp_path):
    source = "import os\n\ndef f():\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n"
    results, state = _run(tmp_path, {"m": source}, [_load(0, "m"), _call(1, "m", "f")],
                          Limits(call_timeout_s=2.0, submission_timeout_s=30.0))
    assert results[1].status == "timeout"
    assert _processes(uid=state["uid"], session=None) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="the uid switch needs root")
def test_the_child_cannot_write_its_inputs_or_sources(tmp_path):
    source = ("import os\n\ndef f():\n    here = os.path.dirname(__file__)\n    ok = []\n"
              "    for p in (os.path.join(here, 'x.py'), os.path.join(here, '..', 'in', 'x'), __file__):\n"
              "        try:\n            open(p, 'w').close()\n            ok.append(p)\n"
              "        except OSError:\n            pass\n    return len(ok)\n")
    results, _ = _run(tmp_path, {"m": source}, [_load(0, "m"), _call(1, "m", "f")])
    assert results[1].reply["out"]["value"] == 0


def test_no_network_when_a_namespace_is_available(tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    source = (f"import socket\n\ndef f():\n    try:\n        socket.create_connection(('127.0.0.1', {port}), timeout=1).close()\n"
              "        return True\n    except OSError:\n        return False\n")
    try:
        results, state = _run(tmp_path, {"m": source}, [_load(0, "m"), _call(1, "m", "f")])
    finally:
        server.close()
    reached = results[1].reply["out"]["value"]
    assert reached is (not state["info"]["netns"])


CRASHES = """import ctypes, os

def ok():
    return 7

def leave():
    os._exit(3)

def segfault():
    ctypes.string_at(0)
"""


@pytest.mark.parametrize("use_template", [True, False], ids=["template", "fresh"])
def test_restarts_after_crashes_are_forks_of_one_template(tmp_path, use_template):
    # Each crash costs a restart; with the template a restart is a fork of the process that has
    # already imported torch (one interpreter in all), without it a fresh interpreter each time.
    # Either way the crash is named, the restarted child re-imports the module and goes on.
    steps = [_load(0, "m"), _call(1, "m", "leave"), _call(2, "m", "segfault"), _call(3, "m", "ok")]
    results, state = _run(tmp_path, {"m": CRASHES}, steps, use_template=use_template)
    assert results[1].status == "crashed" and "exited with status 3" in results[1].message
    assert results[2].status == "crashed" and "SIGSEGV" in results[2].message
    assert results[3].status == "done" and results[3].reply["out"]["value"] == 7
    assert state["restarts"] == 2
    # With the template: none, or one when this sandbox was the first of the process to need it.
    assert state["interpreters"] <= 1 if use_template else state["interpreters"] == 3
    assert _survivors(state["root"], state["uid"], state["sessions"]) == []


def test_a_dead_template_falls_back_to_fresh_interpreters(tmp_path):
    # The template runs no student code, but the kernel may still kill it (memory). The child it
    # forked goes with it (a death signal takes the namespace down: PID 1's own, re-armed after its
    # uid switch, where the template is its keeper, else its keeper's), nothing is left running, and
    # later children start from a new template. The next call had not started in the dead child:
    # it is not failed for that, but run in a child of the new template; the report stays complete.
    (tmp_path / "m.py").write_text(CRASHES)
    with Sandbox(limits=LIMITS, device="cpu") as box:
        box.install_sources(tmp_path)
        deadline = time.monotonic() + LIMITS.submission_timeout_s
        first = {r.id: r for r in box.run([_load(0, "m"), _call(1, "m", "ok")], inputs=None, deadline=deadline)}
        template = box._template
        assert template is not None
        forked = box.child.proc.pid  # PID 1, or its keeper
        template.proc.kill()
        template.proc.wait()
        for _ in range(1000):  # the namespace goes down (what is left is no longer ours to reap)
            if _dead(forked):
                break
            time.sleep(0.01)
        assert _dead(forked)
        rerun = {r.id: r for r in box.run([_call(2, "m", "ok")], inputs=None, deadline=deadline)}
        later = {r.id: r for r in box.run([_call(3, "m", "ok")], inputs=None, deadline=deadline)}
        root, uid, sessions = box.root, box.uid, list(box.sessions)
    assert first[1].status == "done" and first[1].reply["out"]["value"] == 7
    assert rerun[2].status == "done" and rerun[2].reply["out"]["value"] == 7
    assert later[3].status == "done" and later[3].reply["out"]["value"] == 7
    assert box._template is not template
    assert _survivors(root, uid, sessions) == []


def _dead(pid: int) -> bool:
    """Whether `pid` has exited (gone, or a zombie nobody reaped yet)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


def test_sandboxes_of_one_process_share_one_template(tmp_path):
    # `grade batch` and the test suite grade many submissions in one process: only the first
    # sandbox pays for the template (and its import of torch); each child still gets its own
    # working folder and environment.
    # torch's random state is drawn afresh in each child, not inherited from the template.
    source = ("import os, torch\n\ndef where():\n"
              "    return f\"{os.getcwd()}|{os.environ['HOME']}|{torch.initial_seed()}\"\n")
    seen = []
    for i in range(2):
        folder = tmp_path / str(i)
        folder.mkdir()
        results, state = _run(folder, {"m": source}, [_load(0, "m"), _call(1, "m", "where")])
        cwd, home, seed = results[1].reply["out"]["value"].split("|")
        assert cwd == home and cwd.endswith("/work")
        seen.append((state["interpreters"], state["root"], seed))
    assert seen[1][0] == 0  # the second sandbox started no interpreter at all
    assert seen[0][1] != seen[1][1] and seen[0][2] != seen[1][2]


def test_a_submission_crashing_again_and_again_keeps_its_other_points(tmp_path):
    # Every crash costs a restart (the next child is started while the current one runs); the calls
    # that do not crash still answer, with the inputs they were given, across more steps than one
    # batch holds; what the child claims about its crashes is not taken on trust (the host names
    # the signal); at the end nothing of any child (or of a spare never used) is left.
    import torch

    from grader.codegrade.sandbox.host import MAX_BATCH_STEPS

    source = CRASHES + "\ndef double(x):\n    return 2 * x\n"
    (tmp_path / "m.py").write_text(source)
    steps: list[dict] = [_load(0, "m")]
    for i in range(1, MAX_BATCH_STEPS + 40):
        if i % 9 == 0:
            steps.append({**_call(i, "m", "leave" if i % 2 else "segfault"), "drop": f"check{i}"})
        else:
            steps.append({**_call(i, "m", "double"), "args": [{"t": "tensor", "key": f"x{i}"}]})
    with Sandbox(limits=LIMITS, device="cpu") as box:
        box.install_sources(tmp_path)
        inputs = box.write_inputs({f"x{i}": torch.full((2,), float(i)) for i in range(1, len(steps))})
        results = {r.id: r for r in box.run(steps, inputs=inputs, deadline=time.monotonic() + 60)}
        root, uid, sessions, restarts = box.root, box.uid, list(box.sessions), box.restarts
    crashes = [i for i in results if i and i % 9 == 0]
    assert restarts == len(crashes)
    for i in crashes:
        assert results[i].status == "crashed"
        assert ("exited with status 3" if i % 2 else "SIGSEGV") in results[i].message
    for i in set(results) - set(crashes) - {0}:
        assert results[i].status == "done", (i, results[i].message)
        key = results[i].reply["out"]["key"]
        assert results[i].tensors[key].tolist() == [2.0 * i] * 2
    assert _survivors(root, uid, sessions) == []


def test_occasional_start_failures_do_not_add_up_to_unavailable(tmp_path, monkeypatch):
    # A start that fails now and then (no processes or descriptors left for a moment) is retried;
    # only failed starts in a row make the sandbox unavailable, not a few spread over a submission
    # that crashes (and so restarts) again and again.
    restarts, hiccups = [], []
    start = Sandbox._start

    def flaky(box, cfg, env, fds):
        if box.child is not None:  # a spare, started while the child works: none here, so that
            raise OSError(11, "Resource temporarily unavailable")  # each restart is a start of its own
        restarts.append(box.restarts)
        if len(restarts) % 2 == 0:  # every other restart fails once
            hiccups.append(box.restarts)
            raise OSError(11, "Resource temporarily unavailable")
        return start(box, cfg, env, fds)

    monkeypatch.setattr(Sandbox, "_start", flaky)
    steps = [_load(0, "m")]
    for i in range(1, 13):
        steps.append({**_call(i, "m", "leave" if i % 2 else "ok"), "drop": f"check{i}"})
    results, state = _run(tmp_path, {"m": CRASHES}, steps)
    assert len(hiccups) >= 5
    for i in range(1, 13):
        assert results[i].status == ("crashed" if i % 2 else "done"), (i, results[i].message)
    assert _survivors(state["root"], state["uid"], state["sessions"]) == []


def test_startup_failure_reports_every_step(tmp_path, monkeypatch):
    import grader.codegrade.sandbox.host as sandbox

    monkeypatch.setattr(sandbox, "CHILD_SCRIPT", tmp_path / "does_not_exist.py")
    results, _ = _run(tmp_path, {"m": "def f():\n    return 1\n"}, [_load(0, "m"), _call(1, "m", "f")],
                      Limits(call_timeout_s=2.0, submission_timeout_s=20.0, startup_timeout_s=5.0))
    assert {r.status for r in results.values()} == {"unavailable"}
    assert "could not be started" in results[0].message


# ---------------------------------------------------------------------------------------------
# containment: what the child reports, what outlives it (nothing), where it may write


def test_the_child_reports_its_isolation(tmp_path):
    _, state = _run(tmp_path, {"m": "def f():\n    return 1\n"}, [_load(0, "m"), _call(1, "m", "f")])
    info = state["info"]
    if not info["pidns"]:
        assert state["isolation"] == (Isolation.UID if ROOT else Isolation.PROCESS_GROUP)
        pytest.skip("the kernel refused the namespaces here: only the fallback was checked")
    assert state["isolation"] == (Isolation.UID_NAMESPACES if ROOT else Isolation.NAMESPACES)
    assert info["netns"] and info["private_tmp"]
    assert info["pid"] != os.getpid()


def test_a_setsid_daemon_dies_with_the_sandbox(tmp_path):
    results, state = _run(tmp_path, {"m": DAEMON}, [_load(0, "m"), _call(1, "m", "start")])
    assert results[1].reply["out"]["value"] == 1
    if state["isolation"] == Isolation.PROCESS_GROUP:
        for pid in _survivors(state["root"], None, state["sessions"]):  # ours: clean up before saying why
            os.kill(pid, 9)
        pytest.skip("no root and no user namespaces here: only the process group contains the child")
    # close() returned only once they were gone:
    assert _survivors(state["root"], state["uid"], state["sessions"]) == []


@pytest.mark.skipif(not ROOT, reason="the uid-only level needs root")
def test_without_namespaces_the_uid_still_contains_everything(tmp_path):
    steps = [_load(0, "m"), _call(1, "m", "start"), _call(2, "m", "leave_files")]
    results, state = _run(tmp_path, {"m": DAEMON}, steps, namespaces=False)
    assert state["isolation"] == Isolation.UID and not state["info"]["pidns"]
    assert results[2].reply["out"]["value"] == 3
    assert _survivors(state["root"], state["uid"], state["sessions"]) == []
    assert [p for p in LEFTOVERS if os.path.lexists(p)] == []


def test_temporary_folders_are_private_and_size_limited(tmp_path):
    source = DAEMON + (
        "\ndef fill():\n    n = 0\n    try:\n        with open('/dev/shm/big', 'wb') as f:\n"
        "            for _ in range(16):\n                n += f.write(b'x' * (1 << 20))\n                f.flush()\n"
        "    except OSError:\n        pass\n    return n\n"
        "\ndef where():\n    import tempfile\n    return os.getcwd() + ' ' + tempfile.gettempdir()\n")
    steps = [_load(0, "m"), _call(1, "m", "leave_files"), _call(3, "m", "where"), _call(2, "m", "fill")]
    results, state = _run(tmp_path, {"m": source}, steps, Limits(call_timeout_s=5.0, tmp_bytes=4 << 20))
    assert [p for p in LEFTOVERS if os.path.lexists(p)] == []
    if not state["info"]["private_tmp"]:
        pytest.skip("no mount namespace here: only the sweep of the sandbox uid's files applies")
    assert results[1].reply["out"]["value"] == 3
    assert results[2].reply["out"]["value"] <= 4 << 20  # the tmpfs is full long before 16 MiB
    cwd, tmp = results[3].reply["out"]["value"].split()
    assert cwd == tmp == str(state["root"] / "work")


def test_outside_its_folders_the_child_cannot_write(tmp_path):
    mine = tmp_path / "grader-owned"
    mine.mkdir()
    mine.chmod(0o777)  # even a folder anyone may write
    source = (f"import os\n\ndef f():\n    here = os.path.dirname(__file__)\n    ok = []\n"
              f"    for p in ({str(mine / 'x')!r}, os.path.join(here, 'x.py'), os.path.join(here, '..', 'in', 'x')):\n"
              "        try:\n            open(p, 'w').close()\n            ok.append(p)\n"
              "        except OSError:\n            pass\n    return len(ok)\n")
    results, state = _run(tmp_path, {"m": source}, [_load(0, "m"), _call(1, "m", "f")])
    if not state["info"].get("readonly"):
        pytest.skip("no read-only mounts here (no mount namespace, or a kernel before 5.12)")
    assert results[1].reply["out"]["value"] == 0
    assert list(mine.iterdir()) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="files of another uid need root to make")
def test_clean_up_reaches_every_place_before_a_large_tree_under_tmp(tmp_path):
    # A CI clone with its virtual environment under /tmp is tens of thousands of entries: the sweep
    # for what a sandbox uid left must still look at /var/tmp (and every other place) itself first.
    uid = 1_999_999_123
    tree = Path(tempfile.mkdtemp(dir="/tmp"))
    os.chmod(tree, 0o755)
    for i in range(400):
        (tree / f"f{i}").touch()
    left = Path("/var/tmp") / f"grade-test-left-{os.getpid()}"
    left.write_text("x")
    os.chown(left, uid, uid)
    top = sum(len(os.listdir(p)) for p in {os.path.realpath(p) for p in WRITABLE_PLACES} if os.path.isdir(p))
    try:
        _remove_files_of(uid, skip=tmp_path, budget=top + 100)
        assert not left.exists()
    finally:
        left.unlink(missing_ok=True)
        shutil.rmtree(tree)
