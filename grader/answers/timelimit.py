"""A hard wall-clock limit for a Python call, enforced by running it in a forked child.

Why a fork: a thread cannot be stopped, and a `spawn`ed process would re-import sympy (about a
second) and move arguments by pickle. A fork shares the parent's already-imported modules and the
arguments themselves (copy-on-write), so it starts in milliseconds and nothing is serialised on the
way in. On the way out the child sends its result back as JSON over a pipe (never pickle: the child
may have been fed hostile input, so its output is only ever parsed as data). When the limit
expires the child is killed with SIGKILL and reaped, and `TimeLimitExceeded` is raised.

Inside the child, before the call runs, resource caps (`Caps`) are set: an address-space cap
(RLIMIT_AS) some headroom above the child's size at fork, so a runaway allocation is a
`MemoryError` in the child rather than memory taken from the grading machine, and a CPU-time cap
(RLIMIT_CPU) a little above the time limit, a backstop that stops the child even if its parent can
no longer kill it. Why a call gave no result is reported as a `Failure` code on `ChildFailed`,
never as message text for callers to match.

Where `os.fork` is unavailable (Windows), or when `GRADER_NO_FORK=1` is set, the call runs
in-process instead: the limit then becomes *soft* — the call cannot be interrupted, and
`TimeLimitExceeded` is raised afterwards if it ran over, and no caps are set (they would bind the
grading process itself). The result still round-trips through JSON so callers see the same types
either way.
"""

from __future__ import annotations

import json
import math
import os
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

try:  # imported here, not in each child: an import per child costs about a millisecond
    import resource
except ImportError:  # no resource module (Windows): no fork either, so no caps to set
    resource = None  # type: ignore[assignment]

__all__ = ["DEFAULT_CAPS", "RESOURCE_FAILURES", "Caps", "ChildFailed", "Failure", "TimeLimitExceeded",
           "fork_available", "run_with_time_limit"]

_READ_CHUNK = 1 << 16
_MAX_RESULT_BYTES = 16 << 20  # a result this large is a bug; stop reading rather than fill memory


class Failure(str, Enum):
    """Why a call gave no result (`ChildFailed.reason`)."""

    RAISED = "raised"          # the call raised an ordinary exception
    MEMORY = "memory"          # MemoryError: the address-space cap (or the machine) ran out
    RECURSION = "recursion"    # RecursionError
    CPU = "cpu"                # the child was stopped by its CPU-time cap (SIGXCPU)
    DIED = "died"              # the child died without a result (a signal, os._exit)
    BAD_RESULT = "bad_result"  # the result was not JSON, too large, or malformed


# The failures that mean "this input costs too much", as opposed to a bug or a crash.
RESOURCE_FAILURES = frozenset({Failure.MEMORY, Failure.RECURSION, Failure.CPU})


@dataclass(frozen=True)
class Caps:
    """Resource caps the forked child sets on itself before the call runs.

    `memory_headroom_bytes`: RLIMIT_AS becomes the child's address space at fork plus this (None:
    no address-space cap; also none where the size cannot be read, e.g. without /proc).
    `cpu_s`: RLIMIT_CPU in seconds; None derives it from the time limit (the limit rounded up, plus
    one second), so it only ever fires when the wall-clock kill did not happen.
    """

    memory_headroom_bytes: int | None = 1 << 30
    cpu_s: int | None = None


DEFAULT_CAPS = Caps()


class TimeLimitExceeded(Exception):
    """The call did not finish within `timeout_s`; `pid` is the killed (and reaped) child, if any."""

    def __init__(self, timeout_s: float, *, pid: int | None = None) -> None:
        super().__init__(f"took longer than {timeout_s:g} s")
        self.timeout_s = timeout_s
        self.pid = pid


class ChildFailed(Exception):
    """The call raised, or the child died without sending a result.

    `reason` (a `Failure`) says why, for decisions; `type_name` is the exception's class name in
    the child ('' when the child died silently) and `message` its text, both for people to read.
    """

    def __init__(self, message: str, *, type_name: str = "", reason: Failure = Failure.RAISED) -> None:
        super().__init__(message)
        self.type_name = type_name
        self.message = message
        self.reason = reason


def fork_available() -> bool:
    """True when calls are isolated in a forked child (hard limit), False for the in-process fallback."""
    return hasattr(os, "fork") and os.environ.get("GRADER_NO_FORK", "") != "1"


def run_with_time_limit(fn: Callable[..., Any], *args: Any, timeout_s: float, caps: Caps | None = DEFAULT_CAPS,
                        **kwargs: Any) -> Any:
    """Run `fn(*args, **kwargs)` and return its JSON-able result, within `timeout_s` seconds.

    The result must survive `json.dumps` (dicts, lists, strings, numbers, booleans, None); what
    comes back is `json.loads` of it. `caps` are set inside the child (None: none). Raises
    `TimeLimitExceeded` when the limit expires and `ChildFailed` (with a `Failure` reason) when
    `fn` raised, a cap stopped it or the child died. See the module docstring for the fallback.
    """
    if timeout_s <= 0:
        raise TimeLimitExceeded(timeout_s)
    if not fork_available():
        return _run_in_process(fn, args, kwargs, timeout_s)
    return _run_forked(fn, args, kwargs, timeout_s, caps)


def _failure_of(exc: BaseException) -> Failure:
    if isinstance(exc, MemoryError):
        return Failure.MEMORY
    if isinstance(exc, RecursionError):
        return Failure.RECURSION
    return Failure.RAISED


def _run_in_process(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], timeout_s: float) -> Any:
    start = time.monotonic()
    try:
        result = fn(*args, **kwargs)
    except Exception as exc:  # same contract as the forked path
        raise ChildFailed(str(exc), type_name=type(exc).__name__, reason=_failure_of(exc)) from exc
    if time.monotonic() - start > timeout_s:
        raise TimeLimitExceeded(timeout_s)
    try:
        return json.loads(json.dumps(result, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise ChildFailed(str(exc), type_name=type(exc).__name__, reason=Failure.BAD_RESULT) from exc


def _run_forked(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], timeout_s: float,
                caps: Caps | None) -> Any:
    deadline = time.monotonic() + timeout_s
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into the caller's stack
        os.close(read_fd)
        _child_main(fn, args, kwargs, write_fd, caps, timeout_s)
    os.close(write_fd)
    chunks: list[bytes] = []
    size = 0
    timed_out = False
    status: int | None = None
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if not ready:
                timed_out = True
                break
            chunk = os.read(read_fd, _READ_CHUNK)
            if not chunk:  # EOF: the child wrote everything and exited (or died)
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > _MAX_RESULT_BYTES:
                break
    finally:
        os.close(read_fd)
        if timed_out or size > _MAX_RESULT_BYTES:
            _kill(pid)
        else:
            status = _reap(pid, deadline)
    if timed_out:
        raise TimeLimitExceeded(timeout_s, pid=pid)
    if size > _MAX_RESULT_BYTES:
        raise ChildFailed(f"result larger than {_MAX_RESULT_BYTES} bytes", reason=Failure.BAD_RESULT)
    if not chunks:
        if status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU:
            raise ChildFailed("the child process ran out of CPU time", reason=Failure.CPU)
        raise ChildFailed("the child process died without a result", reason=Failure.DIED)
    try:
        message = json.loads(b"".join(chunks).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ChildFailed(f"unreadable result from the child process: {exc}", reason=Failure.BAD_RESULT) from exc
    if not isinstance(message, dict) or "ok" not in message:
        raise ChildFailed("malformed result from the child process", reason=Failure.BAD_RESULT)
    if not message["ok"]:
        try:
            reason = Failure(message.get("reason"))
        except ValueError:
            reason = Failure.BAD_RESULT
        raise ChildFailed(str(message.get("message", "")), type_name=str(message.get("type", "")), reason=reason)
    return message.get("result")


# Written as it is when the child runs out of memory: building a message then could fail again.
_OUT_OF_MEMORY = json.dumps({"ok": False, "reason": Failure.MEMORY.value, "type": "MemoryError",
                             "message": "out of memory"}).encode()


def _child_main(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], write_fd: int,
                caps: Caps | None, timeout_s: float) -> None:
    """Body of the forked child: set the caps, run, write one JSON message, leave with os._exit
    (no atexit handlers, no flushing of stdio buffers inherited from the parent)."""
    status = 0
    try:
        # The parent's SIGINT handler (pytest, click) must not run in the child.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            if caps is not None:
                _apply_caps(caps, timeout_s)
            result = fn(*args, **kwargs)
        except MemoryError:
            data = _OUT_OF_MEMORY
        except BaseException as exc:
            data = json.dumps({"ok": False, "reason": _failure_of(exc).value, "type": type(exc).__name__,
                               "message": str(exc)[:10000]}).encode()
        else:
            try:
                data = json.dumps({"ok": True, "result": result}, allow_nan=False).encode("utf-8")
            except MemoryError:
                data = _OUT_OF_MEMORY
            except BaseException as exc:
                data = json.dumps({"ok": False, "reason": Failure.BAD_RESULT.value, "type": type(exc).__name__,
                                   "message": str(exc)[:10000]}).encode()
        view = memoryview(data)
        while view:
            written = os.write(write_fd, view)
            view = view[written:]
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _apply_caps(caps: Caps, timeout_s: float) -> None:
    """Set `caps` on this (child) process. Caps are only ever lowered; one the platform refuses is
    left as it was (the wall-clock limit still holds)."""
    if resource is None:
        return
    _lower(resource.RLIMIT_CORE, 0)  # a SIGXCPU must not leave a core file behind
    cpu_s = caps.cpu_s if caps.cpu_s is not None else math.ceil(timeout_s) + 1
    _lower(resource.RLIMIT_CPU, cpu_s, hard=cpu_s + 1)  # SIGXCPU first, SIGKILL a second later
    if caps.memory_headroom_bytes is not None:
        size = _address_space_bytes()
        if size is not None:
            _lower(resource.RLIMIT_AS, size + caps.memory_headroom_bytes)


def _lower(limit: int, soft: int, *, hard: int | None = None) -> None:
    current_soft, current_hard = resource.getrlimit(limit)
    hard = soft if hard is None else hard
    if current_hard != resource.RLIM_INFINITY:
        hard = min(hard, current_hard)
    if current_soft != resource.RLIM_INFINITY:
        soft = min(soft, current_soft)
    try:
        resource.setrlimit(limit, (min(soft, hard), hard))
    except (ValueError, OSError):
        pass


def _address_space_bytes() -> int | None:
    """This process's virtual memory size, or None where /proc is not there to say."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _waitpid(pid)


def _reap(pid: int, deadline: float) -> int | None:
    """Wait for a child that has closed its pipe and return its wait status; it should exit at
    once, but never wait past the deadline (plus a little), killing it if it lingers."""
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if done:
            return status
        if time.monotonic() > deadline + 0.05:
            _kill(pid)
            return None
        time.sleep(0.0005)


def _waitpid(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
