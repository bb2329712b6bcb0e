"""Run untrusted student code in a separate, limited child process (never in this one).

One `Sandbox` serves one submission: a child process running `grader/codegrade/sandbox/child.py`,
in its own session with a scrubbed environment, a fresh temporary directory as cwd and HOME, stdin
closed, stdout/stderr drained into a bounded buffer (never parsed), and, when the grader runs as
root, a uid of its own (a random unused one, so "everything that uid runs" is exactly this
sandbox). It runs batches of steps (module loads and calls) and is restarted after any failure.
Each child is a fork of the sandbox's *template* (`_Template`, `child.py --template`), a trusted
process that imports torch once while the grading process builds inputs and references, and then
only forks: a restart costs a fork, not a fresh interpreter and `import torch`, so a submission
that crashes in every exercise is not graded many times slower than a correct one. Each fork then
contains itself exactly as a fresh child would. What else a restart would cost is kept off the
path of the next call: once a submission has crashed, the next child (a *spare*) is started while
the current one works, and opens the input file then; a child reads only the input tensors its
calls use; batches hold at most MAX_BATCH_STEPS steps, so a restarted child is not sent and does not
parse everything still pending; as root the template forks each child straight in as PID 1 of its
PID namespace and is its keeper (one fork of the large template per child, not two), and a child
reaped as PID 1 needs no sweep of /proc (the kernel reaps PID 1 only once its namespace is empty).
Where the template cannot be started or dies, children start as
fresh interpreters (`python -I child.py CONFIG`).

Containment (`grader.results.Isolation`, reported by each child in its `ready` event): the process
started here makes fresh PID, mount, network and IPC namespaces (inside a user namespace when not
root), forks, and stays outside as their *keeper* while the fork, PID 1 of the new PID namespace,
serves the calls. Killing PID 1 kills every process of the namespace (forks, `setsid()` daemons),
and the keeper exits only once PID 1 has been reaped, which the kernel does only after all of them
are gone: `_Child.kill` returns when nothing of the child is left, and `Sandbox.close` before
`grade_submission` returns. The mount namespace gives the child one size-limited tmpfs of its own
on /tmp, /var/tmp, /dev/shm and /run (its work folder lives there too) and makes everything else
read-only except its output folder; it all vanishes with the namespace. As root the child also
drops to its uid (`uid+namespaces`); where the kernel refuses namespaces, only that uid
(everything it runs is killed, whatever it left in the world-writable places is deleted: `uid`)
or, without root, only the session and process group (`process-group`) contain it.

Nothing of a sandbox outlives the grading process either (killed, out of memory, a cancelled CI
job): each keeper has a death signal, SIGTERM, which it answers by killing its PID 1 (a fresh
child's keeper checks its parent after arming it; its death signal follows the thread that started
it, so a sandbox is used from one thread that outlives it, as `grade_submission` does); the
template, reading the end of its socket, kills every fork it has not reaped before it exits
(SIGKILL to a PID 1 it forked: that one runs student code, which may clear its own death signal).
What remains: a template killed outright (SIGKILL, the OOM killer) cannot do that. While the
grading process lives, `_Child.kill` and `close` then sweep the sandbox's uid (a template forks
PID 1 itself only as root, where every sandbox has a uid); if both are killed outright, a PID 1
whose code cleared its death signal lives on until the machine or the service's cgroup (systemd,
a container) stops it, or RLIMIT_CPU, if it computes.

Limits (see `Limits`): a per-call time limit (a hung call gets the child killed as above, that
step errors, the child is restarted for the rest), a per-submission time limit (steps not run
become errors; the report stays complete), the address-space limit RLIMIT_AS on the CPU (with CUDA
an RSS watchdog in this process instead), RLIMIT_NPROC (fork bombs), RLIMIT_FSIZE, RLIMIT_CORE=0,
RLIMIT_CPU, RLIMIT_NOFILE, the size of the private tmpfs, and no network where a network
namespace can be created.

The channel: small JSON lines over two pipes, and tensors only as safetensors files (the parent's
inputs in a directory the child can read but not write; the child's outputs opened here with
O_NOFOLLOW, checked to be regular files under a size limit). Nothing the child writes decides a
score by itself: `grader.codegrade` validates each description against the tensors and compares
them with its own reference.

Known limits of the isolation (also in the README): without root there is no uid switch, so the
child runs as the grading user and reads what it can read (and, without namespaces, its other
processes' /proc/<pid>/environ, and writes what it can write); files readable by everyone stay
readable; the output folder is on the grader's disk, bounded per file only; the kernel, not this
module, enforces all of it, so a kernel bug is out of scope.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import itertools
import json
import os
import queue
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.codegrade import protocol as P
from grader.codegrade.protocol import Event, StepKind, StepStatus
from grader.i18n import N_, _
from grader.results import Isolation

# What a fatal signal most likely means, for the student (translated where shown).
_SIGNAL_HINTS = {"SIGSEGV": N_("a segmentation fault"), "SIGKILL": N_("killed, e.g. for memory"),
                 "SIGXCPU": N_("CPU time limit"), "SIGBUS": N_("a bus error"), "SIGABRT": N_("aborted")}

CHILD_SCRIPT = Path(__file__).with_name("child.py")
MAX_BATCH_STEPS = 64  # steps sent to the child at once
# Where any user may create files: swept for what the sandbox uid left (its private tmpfs hides
# the first three from it where a mount namespace is available).
WRITABLE_PLACES = ("/tmp", "/var/tmp", "/dev/shm", "/dev/mqueue", "/run/lock", "/var/lock", "/var/crash")


@dataclass(frozen=True)
class Limits:
    """Resource limits for one submission; tests pass small ones."""

    call_timeout_s: float = 10.0  # one call of a student function (or one module import)
    submission_timeout_s: float = 120.0  # everything, child start-ups included
    startup_timeout_s: float = 60.0  # a fresh child importing torch
    memory_bytes: int = 2 << 30  # on top of what the child uses after importing torch
    max_processes: int = 64  # RLIMIT_NPROC (threads count too)
    max_file_bytes: int = 256 << 20  # RLIMIT_FSIZE
    tmp_bytes: int = 256 << 20  # the private tmpfs: /tmp, /var/tmp, /dev/shm and the work folder (RAM)
    max_result_bytes: int = 64 << 20  # one call's output file
    max_captured_output: int = 64 << 10  # stdout + stderr kept (the rest is read and dropped)
    max_restarts: int = 200  # a restart is a fork of the template: cheap (the time limit bounds the rest)


@dataclass
class StepResult:
    """What happened to one step: `StepStatus.DONE` (the child answered; `reply` and `tensors` hold
    its unvalidated claims) or a failure status, with a message for people."""

    id: int
    status: StepStatus
    message: str = ""
    reply: dict = field(default_factory=dict)
    tensors: dict = field(default_factory=dict)


class _ProtocolError(Exception):
    pass


def _uid_tasks(uid: int) -> int:
    """Processes and threads of `uid` (RLIMIT_NPROC counts threads)."""
    n = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/status") as f:
                text = f.read()
        except OSError:
            continue
        uid_line = text.split("\nUid:", 1)[1].split()
        if int(uid_line[0]) == uid:
            n += int(text.split("\nThreads:", 1)[1].split()[0])
    return n


def _processes(*, uid: int | None, session: int | None) -> list[int]:
    """Live (non-zombie) processes with real uid `uid` or in session `session`."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                rest = f.read().rsplit(")", 1)[1].split()
            state, sid = rest[0], int(rest[3])
            if state in ("Z", "X"):
                continue
            match = session is not None and sid == session
            if not match and uid is not None:
                with open(f"/proc/{pid}/status") as f:
                    match = int(f.read().split("\nUid:", 1)[1].split()[0]) == uid
        except (OSError, IndexError, ValueError):
            continue
        if match and int(pid) != os.getpid():
            found.append(int(pid))
    return found


def _kill_all(*, uid: int | None, session: int | None) -> None:
    """SIGKILL every process of `uid` or `session` until none is left (a fork bomb keeps forking
    while we kill; RLIMIT_NPROC bounds it)."""
    for _attempt in range(200):
        if uid is None and session is None:
            return
        pids = _processes(uid=uid, session=session)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.005)


def _level(ready: P.ReadyEvent, uid: int | None) -> Isolation:
    """The isolation a child got, from the facts it reported before running any student code."""
    dropped = uid is not None and ready.get("uid") == uid
    if ready.get("pidns"):
        return Isolation.UID_NAMESPACES if dropped else Isolation.NAMESPACES
    return Isolation.UID if dropped else Isolation.PROCESS_GROUP


def _remove_all(dir_fd: int, name: str, depth: int = 0) -> None:
    """Remove `name` from the open folder `dir_fd`, with everything in it, never following a link
    (only opened folders are walked, so nothing can redirect the walk)."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
    except OSError:  # not a folder
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=dir_fd)
        return
    try:
        if depth < 200:  # bounded by the descriptors this process may open
            with os.scandir(fd) as entries:
                names = [e.name for e in entries]
            for n in names:
                _remove_all(fd, n, depth + 1)
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        os.rmdir(name, dir_fd=dir_fd)


def _remove_files_of(uid: int, *, skip: Path, budget: int = 200_000,
                     places: Sequence[str] = WRITABLE_PLACES) -> None:
    """Delete whatever `uid` owns under `places` (WRITABLE_PLACES). A uid of its own can create entries only in
    folders anyone may write, which sit under folders anyone may search, so only those are walked
    (at most `budget` entries); `skip` (the sandbox folder) is removed separately. Entries are
    examined and deleted through the folder they were listed from, links never followed."""
    try:
        skip_st = os.stat(skip)
        skipped = (skip_st.st_dev, skip_st.st_ino)
    except OSError:
        skipped = (-1, -1)
    # Breadth first: every place's own entries (where a sandbox leaves files) are examined before any
    # deeper folder, so a large tree under /tmp (a virtual environment) cannot use up the budget first.
    pending = collections.deque(sorted({os.path.realpath(p) for p in places}))
    while pending and budget > 0:
        folder = pending.popleft()
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            with os.scandir(fd) as entries:
                found = [(e.name, e.stat(follow_symlinks=False)) for e in entries]
            budget -= len(found)
            for name, st in found:
                if st.st_uid == uid:
                    _remove_all(fd, name)
                elif stat.S_ISDIR(st.st_mode) and st.st_mode & stat.S_IXOTH and (st.st_dev, st.st_ino) != skipped:
                    pending.append(os.path.join(folder, name))
        except OSError:
            pass
        finally:
            os.close(fd)


def _remove_ipc_of(uid: int) -> None:
    """Delete the System V shared memory segments, message queues and semaphores `uid` owns (they
    outlive processes; with an IPC namespace they die with it instead)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    ipc_rmid = 0
    removers = {"shm": lambda i: libc.shmctl(i, ipc_rmid, None), "msg": lambda i: libc.msgctl(i, ipc_rmid, None),
                "sem": lambda i: libc.semctl(i, 0, ipc_rmid)}
    for kind, remove in removers.items():
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
            column = lines[0].split().index("uid")
        except (OSError, IndexError, ValueError):
            continue
        for line in lines[1:]:
            fields = line.split()
            if len(fields) > column and fields[column] == str(uid):
                remove(int(fields[1]))


def _pick_uid() -> int:
    """A random uid no process uses: killing "everything this uid runs" then hits only this sandbox."""
    for _attempt in range(20):
        uid = 1_500_000_000 + secrets.randbelow(500_000_000)
        if not _processes(uid=uid, session=None):
            return uid
    raise RuntimeError("could not find an unused uid for the sandbox")


def _child_env(work_dir: Path) -> dict[str, str]:
    """The whole environment of a child (and of the template it is forked from): scrubbed."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(work_dir), "TMPDIR": str(work_dir),
           "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    for name in ("CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "LD_LIBRARY_PATH"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


class _TemplateGone(Exception):
    """The template process stopped answering: start children the slow way from now on."""


class _Template:
    """The trusted process children are forked from (`child.py --template`): it imports torch once,
    so that starting a child, the first of a sandbox or a restart after a crash, costs a fork, not
    a fresh interpreter and `import torch` (over a second each). One per grading process, shared by
    its sandboxes (`_shared_template`; the forks of `grade batch` workers make their own). The
    messages are described in `child._template`; each spawn carries the child's environment and
    working folder, so nothing of one sandbox is left in the template for the next. Requests are
    serialised by a lock; the reply to a spawn is read only when the pid is first needed, so a
    sandbox never waits for the template's own start-up."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock = ours
        self.gone = False
        self.lock = threading.RLock()
        self._unread: list[_Forked] = []  # spawns whose reply is not read yet (replies arrive in order)
        try:
            self.proc = subprocess.Popen(
                # The folder its sandboxes are made in names it, and every fork of it, in `ps`.
                [sys.executable, "-I", str(CHILD_SCRIPT), "--template", str(theirs.fileno()), tempfile.gettempdir()],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/",
                env=_child_env(Path("/")), start_new_session=True, pass_fds=(theirs.fileno(),), close_fds=True)
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()

    @property
    def alive(self) -> bool:
        """Whether it still runs (and so still holds every fork it has not reaped: their pids are ours)."""
        return not self.gone and self.proc.poll() is None

    def _gone(self, why: str) -> _TemplateGone:
        """Give up on the template for good (a slow one too: its replies could no longer be matched to
        requests): stop it, which makes its forks' keepers kill their namespaces (their death signal;
        a PID 1 it forked whose code cleared its own is swept by uid in `_Child.kill`)."""
        if not self.gone:
            self.gone = True
            self.sock.close()
            self.proc.kill()
            self.proc.wait()
        return _TemplateGone(why)

    def _ask(self, request: dict, fds: Sequence[int] = ()) -> None:
        if self.gone:
            raise _TemplateGone("the template was given up")
        try:
            socket.send_fds(self.sock, [json.dumps(request).encode()], list(fds))
        except OSError as exc:
            raise self._gone(str(exc)) from None

    def _reply(self, timeout: float) -> dict:
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(1 << 16)
        except OSError as exc:  # a time-out included
            raise self._gone(str(exc)) from None
        if not data:
            raise self._gone("the template exited")
        reply: dict = json.loads(data)
        return reply

    def _settle(self) -> None:
        """Read the spawn replies still due, so that the next reply read is the next request's."""
        while self._unread:
            forked = self._unread[0]
            pid = self._reply(forked.timeout)["pid"]
            self._unread.pop(0)
            if pid is None:  # the fork failed: the child's pipes are closed, it reads as dead
                forked.returncode = -signal.SIGKILL
            else:
                forked.pid_value = int(pid)

    def spawn(self, cfg: P.ChildConfig, fds: Sequence[int], *, env: dict[str, str], cwd: Path,
              timeout: float) -> _Forked:
        with self.lock:
            self._settle()
            self._ask({"op": "spawn", "cfg": cfg, "env": env, "cwd": str(cwd)}, fds)
            forked = _Forked(self, timeout)
            self._unread.append(forked)
            return forked

    def settle(self) -> None:
        """Read the replies of earlier spawns (their pids)."""
        with self.lock:
            self._settle()

    def wait(self, pid: int, timeout: float) -> int | None:
        with self.lock:
            self._settle()
            self._ask({"op": "wait", "pid": pid, "timeout": timeout})
            status = self._reply(timeout + 30)["status"]
            return None if status is None else int(status)

    def close(self) -> None:
        if self.gone:
            return
        self.gone = True
        self.sock.close()  # the template exits when it reads the end of the socket
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - it runs no student code
            self.proc.kill()
            self.proc.wait()


_TEMPLATES: dict[tuple[str, str], _Template] = {}  # (interpreter, child script) -> this process's template
_TEMPLATES_LOCK = threading.Lock()


def _shared_template() -> tuple[_Template | None, bool]:
    """This process's template, started on first use or when the last one died; whether it was
    started now. (None, False) when it cannot be started."""
    key = (sys.executable, str(CHILD_SCRIPT))
    with _TEMPLATES_LOCK:
        template = _TEMPLATES.get(key)
        if template is not None and template.alive:
            return template, False
        try:
            template = _Template()
        except OSError:
            return None, False
        _TEMPLATES[key] = template
        return template, True


@atexit.register
def _close_templates() -> None:
    for template in _TEMPLATES.values():
        template.close()
    _TEMPLATES.clear()


def _forget_templates() -> None:
    """In a fork of the grading process (a `grade batch` worker): the parent's templates are the
    parent's; drop this copy of their sockets, and start one's own when needed (with a fresh lock:
    another thread of the parent may have held it at the fork)."""
    global _TEMPLATES_LOCK
    _TEMPLATES_LOCK = threading.Lock()
    for template in _TEMPLATES.values():
        template.sock.close()
    _TEMPLATES.clear()


os.register_at_fork(after_in_child=_forget_templates)


class _Forked:
    """A child forked by the template, with the part of `subprocess.Popen` that `_Child` uses: the
    pid, `returncode` (None until reaped), `send_signal` and `wait` (reaping through the template,
    which reaps nothing by itself, so the pid stays ours until then). When the template is gone,
    so is the fork (the template kills it on its way out; killed outright, the fork's death signal
    does: SIGKILL for a PID 1, SIGTERM for a keeper, which takes its namespaces down with it;
    whatever is left is killed by session and uid in `_Child.kill`), and it reads as killed."""

    def __init__(self, template: _Template, timeout: float) -> None:
        self.template = template
        self.timeout = timeout  # for the spawn's reply
        self.pid_value: int | None = None
        self.returncode: int | None = None
        self.reaped = False  # by the template, at our request (not merely gone with it)

    @property
    def pid(self) -> int | None:
        if self.pid_value is None and self.returncode is None:
            try:
                self.template.settle()
            except _TemplateGone:
                self.returncode = -signal.SIGKILL
        return self.pid_value

    def send_signal(self, sig: int) -> None:
        pid = self.pid
        if self.returncode is None and pid is not None and not self.template.alive:
            self.returncode = -signal.SIGKILL  # died with the template (and may be reaped by now)
        if self.returncode is None and pid is not None:
            os.kill(pid, sig)

    def wait(self, timeout: float) -> int:
        pid = self.pid
        if self.returncode is None and pid is not None:
            try:
                status = self.template.wait(pid, timeout)
            except _TemplateGone:
                self.returncode = -signal.SIGKILL  # gone with the template (not reaped by it, nor by us)
                return self.returncode
            if status is None:
                raise subprocess.TimeoutExpired("child", timeout)
            self.reaped = True
            self.returncode = os.waitstatus_to_exitcode(status)
        assert self.returncode is not None
        return self.returncode


class _Child:
    """One incarnation of the child process, with the threads reading its pipes."""

    def __init__(self, box: Sandbox, number: int) -> None:
        self.box = box
        self.out_dir = box.root / f"out{number}"
        self.out_dir.mkdir(mode=0o700)
        if box.uid is not None:
            os.chown(self.out_dir, box.uid, box.uid)
        req_r, self.req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        log_r, log_w = os.pipe()
        limits = box.limits
        nproc = limits.max_processes if box.uid is not None else _uid_tasks(os.getuid()) + limits.max_processes
        cfg: P.ChildConfig = {
            "req_fd": req_r, "rep_fd": rep_w, "root": str(box.root), "src": str(box.src_dir),
            "work": str(box.work_dir), "out": str(self.out_dir), "uid": box.uid, "gid": box.uid,
            "device": box.device, "namespaces": box.namespaces,
            "limits": {"file_bytes": limits.max_file_bytes, "tmp_bytes": limits.tmp_bytes, "nproc": nproc,
                       "memory_bytes": limits.memory_bytes, "cpu_s": int(limits.submission_timeout_s + 30)},
        }
        env = _child_env(box.work_dir)
        self.started = time.monotonic()
        self.proc: subprocess.Popen[bytes] | _Forked
        try:
            self.proc = box._start(cfg, env, (req_r, rep_w, log_w))
        except OSError:
            for fd in (self.req_w, rep_r, log_r):
                os.close(fd)
            raise
        finally:
            os.close(req_r)
            os.close(rep_w)
            os.close(log_w)
        self.events: queue.Queue = queue.Queue()
        self.ready: P.ReadyEvent | None = None
        self.loaded: set[str] = set()  # the student's modules it has imported
        self.primed = False  # sent an empty batch, whose end is still to be read
        self.rss_baseline = 0
        threading.Thread(target=self._read_replies, args=(rep_r,), daemon=True).start()
        threading.Thread(target=box._drain, args=(log_r,), daemon=True).start()

    def _read_replies(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as f:
            while True:
                line = f.readline(P.MAX_LINE)
                if not line:
                    break
                if not line.endswith(b"\n"):
                    self.events.put((time.monotonic(), "overlong"))
                    break
                try:
                    obj = json.loads(line)
                except (ValueError, UnicodeDecodeError):
                    obj = "garbled"
                self.events.put((time.monotonic(), obj))
                if not isinstance(obj, dict):
                    break
        self.events.put((time.monotonic(), None))

    def send(self, obj: P.Request) -> bool:
        try:
            os.write(self.req_w, (json.dumps(obj) + "\n").encode())
            return True
        except OSError:
            return False

    def rss(self) -> int:
        """Resident memory of the process serving the calls (not the keeper's)."""
        pid = self.ready.get("pid", self.proc.pid) if self.ready else self.proc.pid
        if pid is None:
            return 0
        try:
            with open(f"/proc/{pid}/status") as f:
                return int(f.read().split("VmRSS:", 1)[1].split()[0]) * 1024
        except (OSError, IndexError, ValueError):
            return 0

    def kill(self) -> None:
        """Kill the child and everything it started, and return once they are gone.

        With a PID namespace the keeper does it (SIGTERM: it SIGKILLs PID 1 and exits once the
        kernel has reaped the whole namespace); where the template is the keeper, the process is
        PID 1 itself, and SIGKILL it is (reaped, through the template, once the whole namespace is
        gone). Once PID 1 itself has been reaped, that is all (the kernel reaps it only once its
        namespace is empty). Otherwise, at every level, SIGKILL the process group and every process
        of the sandbox's session or uid until none is left (a fork bomb keeps forking while we kill;
        RLIMIT_NPROC bounds it)."""
        if self.ready is not None and self.ready.get("pidns") and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL if self.pid1 else signal.SIGTERM)
            try:  # the keeper runs no student code: only the kernel's clean-up takes time
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:  # pragma: no cover
                pass
        if not (self.pid1 and isinstance(self.proc, _Forked) and self.proc.reaped):
            pgid = self.proc.pid  # None: forked by a template that died, and gone with it
            if self.proc.returncode is None and pgid is not None:  # still ours: the number cannot have been reused
                try:
                    os.killpg(pgid, signal.SIGKILL)
                except OSError:
                    pass
            self.box._drop_spare(self)  # the sweep kills every process of the uid, a spare's too
            _kill_all(uid=self.box.uid, session=pgid)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL does not fail
                pass
        try:
            os.close(self.req_w)
        except OSError:
            pass

    @property
    def pid1(self) -> bool:
        """Whether the process started is PID 1 of the child's namespaces itself (the template is
        its keeper), not a keeper of its own (from its `ready` event, sent before any student code)."""
        return self.ready is not None and bool(self.ready.get("pidns")) and self.ready.get("pid") == self.proc.pid

    def death(self) -> str:
        try:
            code = self.proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return _("the process running your code stopped answering")
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            hint = _SIGNAL_HINTS.get(name)
            if hint:
                return _("the process running your code died from {signal} ({hint})").format(signal=name, hint=_(hint))
            return _("the process running your code died from {signal}").format(signal=name)
        return _("the process running your code exited with status {code} (sys.exit / os._exit?)").format(code=code)


class Sandbox:
    """A sandboxed child serving one submission. Use as a context manager; `close()` kills whatever is
    left and removes the temporary directory."""

    def __init__(self, *, limits: Limits | None = None, device: str = "cpu", namespaces: bool = True,
                 use_template: bool = True) -> None:
        """`namespaces=False` skips the namespaces, to test the weaker levels; never for grading.
        `use_template=False` starts every child as a fresh interpreter (the slow way a template
        replaces), to measure or test that way."""
        self.limits = limits or Limits()
        self.device = device
        self.namespaces = namespaces
        self.uid = _pick_uid() if os.geteuid() == 0 else None
        self.root = Path(tempfile.mkdtemp(prefix="grade-sandbox-"))
        os.chmod(self.root, 0o711)
        self.in_dir = self.root / "in"
        self.src_dir = self.root / "src"
        self.work_dir = self.root / "work"
        for d, mode in ((self.in_dir, 0o750), (self.src_dir, 0o750), (self.work_dir, 0o700)):
            d.mkdir(mode=mode)
        if self.uid is not None:  # readable (group) but not writable by the child; work is its own
            os.chown(self.in_dir, 0, self.uid)
            os.chown(self.src_dir, 0, self.uid)
            os.chown(self.work_dir, self.uid, self.uid)
        self.captured = bytearray()
        self.output_bytes = 0
        self._lock = threading.Lock()
        self._children = 0
        self._batches = 0
        self.restarts = 0
        self.child: _Child | None = None
        # After a first crash, the next child is started while the current one runs (a warm spare),
        # so that a submission crashing in every exercise does not wait for each restart.
        self.spare: _Child | None = None
        self.startup_failures = 0  # failed starts in a row (reset once a child starts a step)
        self.info: P.ReadyEvent = {}  # the latest child's `ready` event
        self._levels: list[Isolation] = []  # what each child got
        self._readies: list[P.ReadyEvent] = []  # and what it reported, before running student code
        self.sessions: list[int] = []  # the session of each child that started (for audits and tests)
        self.spawn_error = ""
        self.use_template = use_template
        self._template: _Template | None = None  # the (shared) template its children come from
        self.interpreters = 0  # Python interpreters it started: the template, and children started without one
        self._spawn()

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _start(self, cfg: P.ChildConfig, env: dict[str, str],
               fds: tuple[int, int, int]) -> subprocess.Popen[bytes] | _Forked:
        """Start one child: forked from the grading process's template, or, when the template cannot
        be started or has stopped answering, as a fresh interpreter."""
        req_r, rep_w, log_w = fds
        if self.use_template:
            template, started = _shared_template()
            self.interpreters += started
            if template is not None:
                self._template = template
                try:
                    return template.spawn(cfg, fds, env=env, cwd=self.work_dir,
                                          timeout=self.limits.startup_timeout_s)
                except _TemplateGone:
                    pass
        self.interpreters += 1
        return subprocess.Popen(
            [sys.executable, "-I", str(CHILD_SCRIPT), json.dumps(cfg), str(os.getpid())],
            stdin=subprocess.DEVNULL, stdout=log_w, stderr=log_w, cwd=self.work_dir, env=env,
            start_new_session=True, pass_fds=(req_r, rep_w), close_fds=True)

    def _spawn(self) -> None:
        self.child = self._new_child()

    def _new_child(self) -> _Child | None:
        self._children += 1
        try:
            return _Child(self, self._children - 1)
        except OSError as exc:  # no interpreter, no fds, no processes left: reported per step
            self.spawn_error = f"{type(exc).__name__}: {exc.strerror or exc}"
            return None

    def _drop_spare(self, but: _Child | None = None) -> None:
        """Stop the spare child, if any (unless it is `but`)."""
        spare = self.spare
        if spare is not None and spare is not but:
            self.spare = None
            spare.send({"op": P.Op.EXIT})
            spare.kill()

    def _drain(self, fd: int) -> None:
        keep = self.limits.max_captured_output
        with os.fdopen(fd, "rb", buffering=0) as f:
            while True:
                try:
                    chunk = f.read(1 << 16)
                except OSError:
                    break
                if not chunk:
                    break
                with self._lock:
                    self.output_bytes += len(chunk)
                    room = keep - len(self.captured)
                    if room > 0:
                        self.captured += chunk[:room]

    def close(self) -> None:
        """Kill the child and everything it started, delete what the sandbox uid left in the places
        anyone may write, remove the temporary directory. Returns only once all of that is done."""
        self._drop_spare()
        if self.child is not None:
            self.child.send({"op": P.Op.EXIT})
            self.child.kill()
            self.child = None
        if self.uid is not None:
            _kill_all(uid=self.uid, session=None)  # nothing is left; the same sweep as a restart's, once more
            # Where every child had the private tmpfs and a read-only rest, the uid could write
            # nowhere that outlives it (and the IPC namespace took its System V objects along).
            contained = self._readies and all(r.get("private_tmp") and r.get("readonly") for r in self._readies)
            # /var/crash even then: a crash handler run by the kernel (apport) writes there for the uid.
            _remove_files_of(self.uid, skip=self.root, places=("/var/crash",) if contained else WRITABLE_PLACES)
            _remove_ipc_of(self.uid)
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def isolation(self) -> Isolation:
        """The weakest isolation any child of this sandbox ran student code under (the weakest level
        when none started)."""
        return Isolation.weakest(self._levels)

    @property
    def output(self) -> bytes:
        """The child's stdout and stderr, truncated to `max_captured_output` bytes. Never parsed."""
        with self._lock:
            return bytes(self.captured)

    # -- files -------------------------------------------------------------------------------

    def install_sources(self, exercises_dir: Path) -> list[str]:
        """Copy the submission's top-level .py files (regular files up to 1 MiB) into the child's
        read-only source directory; the originals are never opened by the child. Returns the module
        names installed."""
        names = []
        for path in sorted(Path(exercises_dir).glob("*.py")):
            try:
                st = path.lstat()
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode) or st.st_size > (1 << 20) or not path.stem.isidentifier():
                continue
            target = self.src_dir / path.name
            shutil.copyfile(path, target)
            os.chmod(target, 0o640)
            if self.uid is not None:
                os.chown(target, 0, self.uid)
            names.append(path.stem)
        return names

    def write_inputs(self, tensors: dict) -> str:
        """Write one batch's input tensors (a flat name -> CPU tensor dict) as a safetensors file."""
        from safetensors.torch import save_file

        self._batches += 1
        path = self.in_dir / f"b{self._batches}.safetensors"
        save_file(tensors, str(path))
        os.chmod(path, 0o640)
        if self.uid is not None:
            os.chown(path, 0, self.uid)
        return str(path)

    def _write_batch(self, payload: dict) -> str:
        self._batches += 1
        path = self.in_dir / f"b{self._batches}.json"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o640)
        with os.fdopen(fd, "w") as f:
            f.write(json.dumps(payload))  # json.dumps: the C encoder (json.dump to a file is pure Python)
        if self.uid is not None:
            os.chown(path, 0, self.uid)
        return str(path)

    def _read_outputs(self, child: _Child, step_id: int) -> dict:
        from safetensors.torch import load

        path = child.out_dir / P.output_file(step_id)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError as exc:
            raise _ProtocolError(_("no output file ({reason})").format(reason=exc.strerror)) from None
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise _ProtocolError(_("the output is not a regular file"))
            if st.st_size > self.limits.max_result_bytes:
                raise _ProtocolError(_("the outputs are larger than {mib} MiB").format(
                    mib=self.limits.max_result_bytes >> 20))
            data = f.read(self.limits.max_result_bytes + 1)
        try:
            tensors = load(data)
        except Exception as exc:
            raise _ProtocolError(_("unreadable output file ({reason})").format(reason=type(exc).__name__)) from None
        for key in tensors:
            if not (0 < len(key) <= P.MAX_TENSOR_KEY and set(key) <= P.TENSOR_KEY_CHARS):
                raise _ProtocolError(_("bad tensor name in the output file"))
        return tensors

    # -- running -------------------------------------------------------------------------------

    def _ensure_ready(self, deadline: float) -> tuple[StepStatus, str] | None:
        """Start (or restart) the child and wait for its "ready" (and, for a spare sent an empty
        batch to open the inputs, the end of that batch); (status, reason) when it cannot."""
        while True:
            child = self.child
            if child is None:
                if self.restarts >= self.limits.max_restarts:
                    return StepStatus.UNAVAILABLE, _("too many restarts of the sandbox")
                self.restarts += 1
                if self.spare is not None:
                    self.child, self.spare = self.spare, None
                else:
                    self._spawn()
                child = self.child
                if child is None:
                    self.startup_failures += 1
                    if self.startup_failures >= 3:
                        return StepStatus.UNAVAILABLE, _("the sandbox could not be started: {reason}").format(
                            reason=self.spawn_error)
                    continue
            if child.ready is not None and not child.primed:
                return None
            wait_until = min(deadline, child.started + self.limits.startup_timeout_s)
            try:
                _at, ev = child.events.get(timeout=max(0.0, wait_until - time.monotonic()))
            except queue.Empty:
                ev = "timeout"
            if isinstance(ev, dict) and ev.get("ev") == Event.BATCH_DONE and child.ready is not None and child.primed:
                child.primed = False
                return None
            if isinstance(ev, dict) and ev.get("ev") == Event.READY and child.ready is None:
                ready: P.ReadyEvent = ev  # type: ignore[assignment]  # sent before any student code: true
                child.ready = ready
                child.rss_baseline = child.rss()
                self.info = ready
                self._levels.append(_level(ready, self.uid))
                self._readies.append(ready)
                if child.proc.pid is not None:
                    self.sessions.append(child.proc.pid)  # each child is a session of its own
                continue
            detail = (child.death() if ev is None else _("it did not start in time") if ev == "timeout"
                      else _("its start was garbled"))
            child.kill()
            self.child = None
            self.startup_failures += 1
            if time.monotonic() >= deadline:
                return StepStatus.DEADLINE, _("the submission time limit was used up")
            if self.startup_failures >= 3:
                return StepStatus.UNAVAILABLE, _("the sandbox could not be started: {reason}").format(reason=detail)

    def _deadline_message(self, stopped: bool) -> str:
        message = (N_("stopped: the submission time limit ({seconds:g} s) was used up") if stopped
                   else N_("not run: the submission time limit ({seconds:g} s) was used up"))
        return _(message).format(seconds=self.limits.submission_timeout_s)

    def run(self, steps: Sequence[P.Step], *, inputs: str | None, deadline: float) -> Iterator[StepResult]:
        """Run `steps` in order in the child, restarting it after failures; yield one result per step.

        Steps are `protocol.LoadStep` / `protocol.CallStep`. After a step fails (time-out, crash,
        memory, protocol), the remaining steps sharing its `drop` key are yielded as skipped, and a
        load failure skips the module's calls too; after a time-out or memory failure, so are those
        sharing its `drop_on_timeout` key (a function that hung once would most likely hang again,
        and each hang costs a whole call time limit). A restarted child re-imports the modules it
        needs through `reload` steps of its own. A child that dies before it starts the first step
        of a batch (killed with its template, say) is restarted without blaming any step (counted
        as a failed start). Never raises for anything the child does.
        """
        pending: list[P.Step] = list(steps)
        reload_ids = itertools.count(max((s["id"] for s in pending), default=0) + 1)
        while pending:
            if time.monotonic() >= deadline:
                for s in pending:
                    yield StepResult(s["id"], StepStatus.DEADLINE, self._deadline_message(stopped=False))
                return
            problem = self._ensure_ready(deadline)
            if problem is not None:
                status, reason = problem
                for s in pending:
                    yield StepResult(s["id"], status, _("not run: {reason}").format(reason=reason))
                return
            child = self.child
            assert child is not None
            # At most MAX_BATCH_STEPS at a time: after a crash, the next child is sent (and parses)
            # only that many again, not everything still pending.
            chunk = pending[:MAX_BATCH_STEPS]
            # A restarted child has to import the modules again before their calls.
            needed = [m for m in dict.fromkeys(s["module"] for s in chunk if s["kind"] == StepKind.CALL)
                      if m not in child.loaded
                      and not any(p["kind"] == StepKind.LOAD and p["module"] == m for p in pending)]
            batch: list[P.Step] = [{"id": next(reload_ids), "kind": StepKind.LOAD, "module": m, "drop": f"module:{m}",
                                    "reload": True} for m in needed]
            batch += chunk
            path = self._write_batch({"inputs": inputs, "out": str(child.out_dir), "steps": batch})
            failure: tuple[P.Step, StepStatus, str] | None = None
            if not child.send({"op": P.Op.BATCH, "path": path}):
                failure = (batch[0], StepStatus.CRASHED, child.death())
            elif self.restarts and self.spare is None and child.pid1 and self.restarts < self.limits.max_restarts:
                # This submission has crashed before: start the next child now, while this one
                # works (where a crashed child's clean-up is its namespace's, which spares the spare).
                self.spare = self._new_child()
                if self.spare is not None and inputs is not None:
                    # And have it open the input file already: a batch of no steps (no student code).
                    empty = self._write_batch({"inputs": inputs, "out": str(self.spare.out_dir), "steps": []})
                    self.spare.primed = self.spare.send({"op": P.Op.BATCH, "path": empty})
            current: P.Step | None = None
            started = last = time.monotonic()
            order = iter(batch)
            expected = next(order, None)
            while failure is None:
                now = time.monotonic()
                limit = min(deadline, (started if current else last) + self.limits.call_timeout_s)
                at = current or expected or batch[-1]
                try:
                    t, ev = child.events.get(timeout=max(0.0, min(limit - now, 0.25)))
                except queue.Empty:
                    now = time.monotonic()
                    if now >= limit:
                        if now >= deadline:
                            failure = (at, StepStatus.DEADLINE, self._deadline_message(stopped=True))
                        else:
                            failure = (at, StepStatus.TIMEOUT, _("timed out after {seconds:g} s (the call was "
                                                                 "stopped)").format(seconds=self.limits.call_timeout_s))
                    elif child.rss_baseline and child.rss() > child.rss_baseline + self.limits.memory_bytes:
                        failure = (at, StepStatus.MEMORY,
                                   _("used more than {mib} MiB of memory (stopped)").format(
                                       mib=self.limits.memory_bytes >> 20))
                    continue
                if ev is None:
                    failure = (at, StepStatus.CRASHED, child.death())
                    break
                if not isinstance(ev, dict):
                    failure = (at, StepStatus.PROTOCOL,
                               _("the sandbox channel was corrupted (did your code write to it?)"))
                    break
                kind = ev.get("ev")
                last = t
                if kind == Event.START and current is None and expected is not None and ev.get("id") == expected["id"]:
                    current, started = expected, t
                    # This child got going: only failed starts in a row make the sandbox unavailable,
                    # not a few hiccups spread over a submission that restarts again and again.
                    self.startup_failures = 0
                elif kind == Event.DONE and current is not None and ev.get("id") == current["id"]:
                    step, current = current, None
                    expected = next(order, None)
                    if step["kind"] == StepKind.LOAD and ev.get("ok"):
                        child.loaded.add(step["module"])
                    result = StepResult(step["id"], StepStatus.DONE, reply=ev)
                    if step["kind"] == StepKind.CALL and ev.get("ok"):
                        try:
                            result.tensors = self._read_outputs(child, step["id"])
                        except _ProtocolError as exc:
                            failure = (step, StepStatus.PROTOCOL,
                                       _("the sandbox protocol was violated: {reason}").format(reason=exc))
                            break
                    if step not in pending:  # one of our reloads
                        if not ev.get("ok"):
                            yield from self._drop_module(pending, step["module"], StepStatus.CRASHED,
                                                         _("the module failed to import again after a restart"))
                        continue
                    pending.remove(step)
                    yield result
                elif kind == Event.BATCH_DONE and current is None and expected is None:
                    break
                else:
                    failure = (at, StepStatus.PROTOCOL, _("the sandbox protocol was violated (unexpected message; "
                                                          "did your code fork or write to the channel?)"))
            if failure is None:
                continue
            step, status, message = failure
            child.kill()
            self.child = None
            if status == StepStatus.CRASHED and current is None and expected is batch[0]:
                # Dead before it started the batch's first step (killed with its template, say):
                # blaming that step would cost a student points (a reload step: the whole module)
                # for nothing it did. A failed start instead: restart, send the batch again.
                self.startup_failures += 1
                if self.startup_failures >= 3:
                    for s in pending:
                        yield StepResult(s["id"], StepStatus.UNAVAILABLE,
                                         _("not run: the sandbox could not be started: {reason}").format(
                                             reason=message))
                    return
                continue
            if step not in pending:  # one of our reloads failed hard
                yield from self._drop_module(pending, step["module"], status,
                                             _("the module could not be imported again after a restart: "
                                               "{reason}").format(reason=message))
                continue
            pending.remove(step)
            yield StepResult(step["id"], status, message)
            drop = step["drop"]
            wide = step.get("drop_on_timeout") if status in P.STOPS_FUNCTION else None
            skipped = [p for p in pending if p["drop"] == drop or (wide and p.get("drop_on_timeout") == wide)
                       or (step["kind"] == StepKind.LOAD and p["module"] == step["module"])]
            for s in skipped:
                pending.remove(s)
                yield StepResult(s["id"], StepStatus.SKIPPED,
                                 _("not run: an earlier call failed ({reason})").format(reason=message))

    @staticmethod
    def _drop_module(pending: list[P.Step], module: str, status: StepStatus, message: str) -> Iterator[StepResult]:
        """Every pending step of `module`, failed with `status`: it cannot be imported any more."""
        for s in [p for p in pending if p["module"] == module]:
            pending.remove(s)
            yield StepResult(s["id"], status, message)
