import os
import time

import numpy as np
import pytest

from grader.answers import timelimit
from grader.answers.timelimit import Caps, ChildFailed, Failure, TimeLimitExceeded, run_with_time_limit

needs_fork = pytest.mark.skipif(not timelimit.fork_available(), reason="no fork on this platform: no hard limit")


def _spin() -> None:
    while True:
        pass


def _add(a: int, b: int, *, scale: int = 1) -> dict:
    return {"sum": (a + b) * scale, "pid": os.getpid()}


def _boom() -> None:
    raise ValueError("bad thing")


def _not_json() -> object:
    return {1, 2}


def _big() -> str:
    return "x" * 300_000  # several pipe buffers


def _hard_exit() -> None:
    os._exit(3)


def test_result_comes_back_as_json_from_another_process():
    result = run_with_time_limit(_add, 2, 3, scale=10, timeout_s=5)
    assert result["sum"] == 50
    if timelimit.fork_available():
        assert result["pid"] != os.getpid()


def test_large_results_are_read_fully():
    assert run_with_time_limit(_big, timeout_s=5) == "x" * 300_000


@needs_fork
def test_infinite_loop_is_killed_at_the_limit_and_reaped():
    with pytest.raises(TimeLimitExceeded) as info:
        run_with_time_limit(_spin, timeout_s=0.3)
    assert info.value.timeout_s == 0.3
    pid = info.value.pid
    assert pid is not None and pid != os.getpid()
    with pytest.raises(ChildProcessError):  # already reaped: no zombie left behind
        os.waitpid(pid, os.WNOHANG)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_exceptions_in_the_child_are_reported_by_name():
    with pytest.raises(ChildFailed) as info:
        run_with_time_limit(_boom, timeout_s=5)
    assert info.value.type_name == "ValueError"
    assert info.value.reason is Failure.RAISED
    assert "bad thing" in str(info.value)


def test_a_result_that_is_not_json_is_an_error_not_a_pickle():
    with pytest.raises(ChildFailed) as info:
        run_with_time_limit(_not_json, timeout_s=5)
    assert info.value.type_name == "TypeError"
    assert info.value.reason is Failure.BAD_RESULT


def test_a_child_that_dies_silently_is_reported():
    with pytest.raises(ChildFailed) as info:
        run_with_time_limit(_hard_exit, timeout_s=5)
    if timelimit.fork_available():
        assert info.value.reason is Failure.DIED


def _recurse(n: int = 0) -> int:
    return _recurse(n + 1) + 1


def test_running_out_of_stack_is_a_resource_failure_by_type_not_text():
    with pytest.raises(ChildFailed) as info:
        run_with_time_limit(_recurse, timeout_s=30)
    assert info.value.reason is Failure.RECURSION
    assert info.value.reason in timelimit.RESOURCE_FAILURES


def _limits() -> dict:
    import resource

    return {"as": resource.getrlimit(resource.RLIMIT_AS), "cpu": resource.getrlimit(resource.RLIMIT_CPU),
            "core": resource.getrlimit(resource.RLIMIT_CORE), "size": timelimit._address_space_bytes()}


@needs_fork
def test_caps_are_set_in_the_child_only():
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    caps = Caps(memory_headroom_bytes=256 << 20)
    child = run_with_time_limit(_limits, timeout_s=2.5, caps=caps)
    assert child["size"] < child["as"][0] <= child["size"] + (256 << 20) + (64 << 20)  # above the size at fork
    assert child["cpu"][0] == 4  # the time limit rounded up, plus one second
    assert child["core"] == [0, 0]
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # the grading process is untouched
    uncapped = run_with_time_limit(_limits, timeout_s=2.5, caps=None)
    assert uncapped["as"] == list(before)


def _allocate(n_bytes: int) -> int:
    # np.empty reserves address space without touching the pages: harmless when nothing caps it.
    # numpy is imported by this module, in the parent: importing it under a small cap would fail.
    return int(np.empty(n_bytes, dtype=np.uint8).nbytes)


@needs_fork
def test_the_address_space_cap_turns_a_huge_allocation_into_a_memory_failure():
    assert run_with_time_limit(_allocate, 1 << 20, timeout_s=30, caps=Caps(memory_headroom_bytes=64 << 20)) == 1 << 20
    with pytest.raises(ChildFailed) as info:
        run_with_time_limit(_allocate, 1 << 30, timeout_s=30, caps=Caps(memory_headroom_bytes=64 << 20))
    assert info.value.reason is Failure.MEMORY


@needs_fork
def test_the_cpu_cap_stops_a_child_the_clock_did_not():
    # A wall-clock limit far away: only RLIMIT_CPU (1 s of CPU) can stop this child.
    with pytest.raises(ChildFailed) as info:
        run_with_time_limit(_spin, timeout_s=60, caps=Caps(cpu_s=1))
    assert info.value.reason is Failure.CPU


def test_in_process_fallback_keeps_the_contract(monkeypatch):
    monkeypatch.setenv("GRADER_NO_FORK", "1")
    assert not timelimit.fork_available()
    assert run_with_time_limit(_add, 1, 1, timeout_s=5)["pid"] == os.getpid()
    with pytest.raises(ChildFailed):
        run_with_time_limit(_boom, timeout_s=5)
    with pytest.raises(TimeLimitExceeded):  # soft limit: reported after the fact
        run_with_time_limit(time.sleep, 0.05, timeout_s=0.01)


@needs_fork
def test_many_calls_leave_no_descriptor_or_child_behind():
    # How fast a call is belongs to benchmarks/bench_bank.py; what it leaves behind is tested here.
    run_with_time_limit(int, 1, timeout_s=5)
    fds = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    children = _children()  # long-lived ones of earlier tests (a sandbox template) may be there
    for _ in range(20):
        assert run_with_time_limit(int, 1, timeout_s=5) == 1
    if fds is not None:
        assert len(os.listdir("/proc/self/fd")) == fds
    assert _children() <= children  # every child of these calls is gone and reaped (no zombie either)


def _children() -> set[int]:
    """This process's child processes, zombies included."""
    found = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) == os.getpid():
                    found.add(int(pid))
        except (OSError, IndexError, ValueError):
            pass
    return found
