import os
import time

import pytest

from grader.answers import timelimit
from grader.answers.timelimit import ChildFailed, TimeLimitExceeded, run_with_time_limit


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


def test_infinite_loop_is_killed_within_the_limit_and_reaped():
    start = time.monotonic()
    with pytest.raises(TimeLimitExceeded) as info:
        run_with_time_limit(_spin, timeout_s=0.3)
    elapsed = time.monotonic() - start
    assert elapsed < 0.6
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
    assert "bad thing" in str(info.value)


def test_a_result_that_is_not_json_is_an_error_not_a_pickle():
    with pytest.raises(ChildFailed) as info:
        run_with_time_limit(_not_json, timeout_s=5)
    assert info.value.type_name == "TypeError"


def test_a_child_that_dies_silently_is_reported():
    with pytest.raises(ChildFailed):
        run_with_time_limit(_hard_exit, timeout_s=5)


def test_in_process_fallback_keeps_the_contract(monkeypatch):
    monkeypatch.setenv("GRADER_NO_FORK", "1")
    assert not timelimit.fork_available()
    assert run_with_time_limit(_add, 1, 1, timeout_s=5)["pid"] == os.getpid()
    with pytest.raises(ChildFailed):
        run_with_time_limit(_boom, timeout_s=5)
    with pytest.raises(TimeLimitExceeded):  # soft limit: reported after the fact
        run_with_time_limit(time.sleep, 0.05, timeout_s=0.01)


def test_fork_is_cheap():
    if not timelimit.fork_available():
        pytest.skip("no fork on this platform")
    run_with_time_limit(int, 1, timeout_s=5)
    start = time.perf_counter()
    for _ in range(10):
        assert run_with_time_limit(int, 1, timeout_s=5) == 1
    assert (time.perf_counter() - start) / 10 < 0.1
