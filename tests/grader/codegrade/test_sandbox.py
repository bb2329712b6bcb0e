"""grader.codegrade.sandbox.host: the child process, its limits, its channel and its clean-up."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from grader.codegrade.sandbox.host import Limits, Sandbox, _processes

LIMITS = Limits(call_timeout_s=3.0, submission_timeout_s=60.0, memory_bytes=256 << 20)


def _call(step_id: int, module: str, function: str) -> dict:
    return {"id": step_id, "kind": "call", "module": module, "function": function, "drop": f"{module}.{function}",
            "args": [], "kwargs": {}, "grad_wrt": [], "upstream": [], "device": "cpu"}


def _load(step_id: int, module: str) -> dict:
    return {"id": step_id, "kind": "load", "module": module, "drop": f"module:{module}"}


def _run(tmp_path: Path, modules: dict[str, str], steps: list[dict], limits: Limits = LIMITS):
    for name, source in modules.items():
        (tmp_path / f"{name}.py").write_text(source)
    with Sandbox(limits=limits, device="cpu") as box:
        box.install_sources(tmp_path)
        results = {r.id: r for r in box.run(steps, inputs=None, deadline=time.monotonic() + limits.submission_timeout_s)}
        state = {"uid": box.uid, "root": box.root, "output": box.output, "output_bytes": box.output_bytes,
                 "info": box.info, "restarts": box.restarts}
    return results, state


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


def test_startup_failure_reports_every_step(tmp_path, monkeypatch):
    import grader.codegrade.sandbox.host as sandbox

    monkeypatch.setattr(sandbox, "CHILD_SCRIPT", tmp_path / "does_not_exist.py")
    results, _ = _run(tmp_path, {"m": "def f():\n    return 1\n"}, [_load(0, "m"), _call(1, "m", "f")],
                      Limits(call_timeout_s=2.0, submission_timeout_s=20.0, startup_timeout_s=5.0))
    assert {r.status for r in results.values()} == {"unavailable"}
    assert "could not be started" in results[0].message
