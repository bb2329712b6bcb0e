"""A hard wall-clock limit for a Python call, enforced by running it in a forked child.

Why a fork: a thread cannot be stopped, and a `spawn`ed process would re-import sympy (about a
second) and move arguments by pickle. A fork shares the parent's already-imported modules and the
arguments themselves (copy-on-write), so it starts in milliseconds and nothing is serialised on the
way in. On the way out the child sends its result back as JSON over a pipe (never pickle: the child
may have been fed hostile input, so its output is only ever parsed as data). When the limit
expires the child is killed with SIGKILL and reaped, and `TimeLimitExceeded` is raised.

Where `os.fork` is unavailable (Windows), or when `GRADER_NO_FORK=1` is set, the call runs
in-process instead: the limit then becomes *soft* — the call cannot be interrupted, and
`TimeLimitExceeded` is raised afterwards if it ran over. The result still round-trips through JSON
so callers see the same types either way.
"""

from __future__ import annotations

import json
import os
import select
import signal
import time
from collections.abc import Callable
from typing import Any

__all__ = ["ChildFailed", "TimeLimitExceeded", "fork_available", "run_with_time_limit"]

_READ_CHUNK = 1 << 16
_MAX_RESULT_BYTES = 16 << 20  # a result this large is a bug; stop reading rather than fill memory


class TimeLimitExceeded(Exception):
    """The call did not finish within `timeout_s`; `pid` is the killed (and reaped) child, if any."""

    def __init__(self, timeout_s: float, *, pid: int | None = None) -> None:
        super().__init__(f"took longer than {timeout_s:g} s")
        self.timeout_s = timeout_s
        self.pid = pid


class ChildFailed(Exception):
    """The call raised, or the child died without sending a result.

    `type_name` is the exception's class name in the child ('' when the child died silently), so a
    caller can tell, e.g., a MemoryError from a crash without the exception object crossing over.
    """

    def __init__(self, message: str, *, type_name: str = "") -> None:
        super().__init__(message)
        self.type_name = type_name
        self.message = message


def fork_available() -> bool:
    """True when calls are isolated in a forked child (hard limit), False for the in-process fallback."""
    return hasattr(os, "fork") and os.environ.get("GRADER_NO_FORK", "") != "1"


def run_with_time_limit(fn: Callable[..., Any], *args: Any, timeout_s: float, **kwargs: Any) -> Any:
    """Run `fn(*args, **kwargs)` and return its JSON-able result, within `timeout_s` seconds.

    The result must survive `json.dumps` (dicts, lists, strings, numbers, booleans, None); what
    comes back is `json.loads` of it. Raises `TimeLimitExceeded` when the limit expires and
    `ChildFailed` when `fn` raised (or the child died). See the module docstring for the fallback.
    """
    if timeout_s <= 0:
        raise TimeLimitExceeded(timeout_s)
    if not fork_available():
        return _run_in_process(fn, args, kwargs, timeout_s)
    return _run_forked(fn, args, kwargs, timeout_s)


def _run_in_process(fn: Callable[..., Any], args: tuple, kwargs: dict, timeout_s: float) -> Any:
    start = time.monotonic()
    try:
        result = fn(*args, **kwargs)
    except Exception as exc:  # same contract as the forked path
        raise ChildFailed(str(exc), type_name=type(exc).__name__) from exc
    if time.monotonic() - start > timeout_s:
        raise TimeLimitExceeded(timeout_s)
    return json.loads(json.dumps(result))


def _run_forked(fn: Callable[..., Any], args: tuple, kwargs: dict, timeout_s: float) -> Any:
    deadline = time.monotonic() + timeout_s
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into the caller's stack
        os.close(read_fd)
        _child_main(fn, args, kwargs, write_fd)
    os.close(write_fd)
    chunks: list[bytes] = []
    size = 0
    timed_out = False
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
            _reap(pid, deadline)
    if timed_out:
        raise TimeLimitExceeded(timeout_s, pid=pid)
    if size > _MAX_RESULT_BYTES:
        raise ChildFailed(f"result larger than {_MAX_RESULT_BYTES} bytes")
    if not chunks:
        raise ChildFailed("the child process died without a result")
    try:
        message = json.loads(b"".join(chunks).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ChildFailed(f"unreadable result from the child process: {exc}") from exc
    if not isinstance(message, dict) or "ok" not in message:
        raise ChildFailed("malformed result from the child process")
    if not message["ok"]:
        raise ChildFailed(str(message.get("message", "")), type_name=str(message.get("type", "")))
    return message.get("result")


def _child_main(fn: Callable[..., Any], args: tuple, kwargs: dict, write_fd: int) -> None:
    """Body of the forked child: run, write one JSON message, leave with os._exit (no atexit
    handlers, no flushing of stdio buffers inherited from the parent)."""
    status = 0
    try:
        # The parent's SIGINT handler (pytest, click) must not run in the child.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            payload = {"ok": True, "result": fn(*args, **kwargs)}
            data = json.dumps(payload, allow_nan=False).encode("utf-8")
        except BaseException as exc:
            data = json.dumps({"ok": False, "type": type(exc).__name__, "message": str(exc)[:10000]}).encode()
        view = memoryview(data)
        while view:
            written = os.write(write_fd, view)
            view = view[written:]
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _waitpid(pid)


def _reap(pid: int, deadline: float) -> None:
    """Wait for a child that has closed its pipe; it should exit at once, but never wait past
    the deadline (plus a little), killing it if it lingers."""
    while True:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return
        if done:
            return
        if time.monotonic() > deadline + 0.05:
            _kill(pid)
            return
        time.sleep(0.0005)


def _waitpid(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
