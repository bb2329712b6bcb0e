"""The script the sandboxed child runs: `python -I grader/codegrade/sandbox/child.py CONFIG_JSON
GRADER_PID`, or, usually, a fork of `child.py --template FD TMPDIR` (`_template`), which has imported
torch already (as root, the template forks it straight in as PID 1 of its PID namespace and is its
keeper).

Self-contained on purpose (stdlib, torch, safetensors; never the `grader` package): it loads the
stdlib-only protocol module (`grader/codegrade/protocol.py`) by path, contains itself (`_contain`:
fresh PID, mount, network and IPC namespaces, inside a user namespace when not root; this process
stays outside as their keeper and the calls are served by PID 1 of the new PID namespace, so
that killing it kills everything the student started), sets its own limits, imports torch, drops
privileges, then serves batches of calls from the grading process. Everything after the first
student import is untrusted: the parent decides every score by comparing the tensors this process
writes with its own reference, and treats anything this process says as a claim to validate. The
messages are described, typed, in the protocol module.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import json
import os
import select
import signal
import sys
import time
import traceback

# For type checkers only: they treat any name TYPE_CHECKING as true (spelt out here so that this
# process need not import typing) and see the protocol module under its package name, while this
# process loads the same file by path below.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType

    from torch import Tensor

    from grader.codegrade import protocol as P
    from grader.codegrade.protocol import (
        ChildConfig,
        DoneEvent,
        ExcInfo,
        GradOther,
        Grads,
        GradTensor,
        ReadyEvent,
    )

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_NO_NEW_PRIVS = 38
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 8, 4096, 16384, 1 << 18
SYS_MOUNT_SETATTR = 442  # the same number on every architecture (Linux >= 5.12)
AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY = -100, 0x8000, 1
LINUX_CAPABILITY_VERSION_3 = 0x20080522
PID_MAX = 1024
# Also on the private /tmp: the other temporary folders, and an empty /run (the grading user's
# session bus, a Docker socket: whatever lives there is out of reach).
TMPFS_SHARES = (("/var/tmp", ".grade-var-tmp"), ("/dev/shm", ".grade-dev-shm"), ("/run", ".grade-run"))


def _load_protocol() -> ModuleType:
    """The shared protocol module, loaded by path while this process is still trusted."""
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "protocol.py")
    spec = importlib.util.spec_from_file_location("_grade_protocol", path)
    if spec is None or spec.loader is None:  # never for a .py path: it always has a source loader
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


if not TYPE_CHECKING:
    P = _load_protocol()


def _send(fd, obj):
    data = (json.dumps(obj, separators=(",", ":")) + "\n").encode()
    while data:
        n = os.write(fd, data)
        data = data[n:]


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64), ("propagation", ctypes.c_uint64),
                ("userns_fd", ctypes.c_uint64)]


def _contain(cfg, libc, *, pid1=False):
    """Run the rest of this script as PID 1 of fresh PID, mount, network and IPC namespaces (inside
    a fresh user namespace when not root), while this process stays outside as their keeper.

    Killing PID 1 makes the kernel kill every other process of its namespace, and PID 1 is reaped
    only once they are all gone: whatever the student starts (forks, `setsid()` daemons) dies with
    the child, and the grader knows when. Returns, in PID 1, what it got (`ReadyEvent` fields);
    where the kernel refuses the namespaces, returns in this very process instead, unchanged.

    `pid1`: this process already is PID 1 of a fresh PID namespace (a root template forked it
    there, and is its keeper: `_template`); it only makes the other namespaces, no fork.
    """
    root = os.geteuid() == 0
    if pid1:
        netns = libc.unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC) == 0
        info = {"pid": int(os.readlink("/proc/self")), "pidns": True, "netns": netns}  # as the grader sees it
        info.update(_private_mounts(cfg, libc) if netns else {"private_tmp": False, "readonly": False,
                                                              "private_proc": False})
        return info
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | (0 if root else CLONE_NEWUSER)
    if not cfg["namespaces"] or libc.unshare(flags) != 0:
        return {"pid": os.getpid(), "pidns": False, "netns": False, "private_tmp": False, "readonly": False,
                "private_proc": False}
    if not root:  # the same uid and gid inside: nothing is root in there
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w") as f:
                f.write(text)
    lifeline_r, lifeline_w = os.pipe()
    watched = {signal.SIGCHLD, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, watched)
    pid = os.fork()
    if pid:
        _keep(pid, watched, cfg, libc)
    os.close(lifeline_w)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if select.select([lifeline_r], [], [], 0)[0]:
        os._exit(1)  # the keeper died before the death signal was armed
    global _lifeline
    _lifeline = lifeline_r  # to arm it again after the uid switch (`_setup`)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, watched)
    info = {"pid": int(os.readlink("/proc/self")), "pidns": True, "netns": True}  # our pid as the grader sees it
    info.update(_private_mounts(cfg, libc))
    return info


def _keep(child, watched, cfg, libc):
    """The keeper's whole life (it runs no student code and the student cannot see it): on SIGTERM,
    the grader closing or restarting the sandbox, SIGKILL PID 1; once PID 1 is reaped, i.e. once
    every process of the namespace is gone, exit with its status."""
    os.close(cfg["req_fd"])
    os.close(cfg["rep_fd"])
    while True:
        if signal.sigwait(watched) == signal.SIGCHLD:
            pid, status = os.waitpid(child, os.WNOHANG)
            if pid:
                break
        else:
            os.kill(child, signal.SIGKILL)  # not reaped yet: only this thread reaps it
    if os.WIFSIGNALED(status):  # die the same way, so that the grader can say what happened
        sig = os.WTERMSIG(status)
        libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # and without a core dump of the keeper
        if sig != signal.SIGKILL:
            signal.signal(sig, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {sig})
            os.kill(os.getpid(), sig)
        os.kill(os.getpid(), signal.SIGKILL)  # SIGKILL, or a signal whose default is to be ignored
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


def _mount(libc, source, target, fstype, flags, data=None):
    args = [None if x is None else x.encode() for x in (source, target, fstype)]
    return libc.mount(*args, flags, None if data is None else data.encode()) == 0


def _mount_setattr(libc, path, *, set_flags=0, clear_flags=0, recursive=False):
    attr = _MountAttr(set_flags, clear_flags, 0, 0)
    return libc.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, path.encode(), AT_RECURSIVE if recursive else 0,
                        ctypes.byref(attr), ctypes.sizeof(attr)) == 0


def _private_mounts(cfg, libc):
    """In the new mount namespace: one size-limited tmpfs of its own on /tmp, also mounted on
    /var/tmp, /dev/shm and /run, holding the work folder too (cwd, HOME, TMPDIR); everything else
    read-only except this child's output folder; a /proc showing only the new PID namespace.
    All of it vanishes with the namespace. Returns what it got."""
    info = {"private_tmp": False, "readonly": False, "private_proc": False}
    if not _mount(libc, None, "/", None, MS_REC | MS_PRIVATE):
        return info  # mounts would propagate to the grader's namespace: make none
    # The tmpfs mounts below hide whatever lived under /tmp, /var/tmp, /dev/shm and /run: the
    # sandbox folder, and the interpreter, its libraries and this script when they are installed
    # there (a checkout in /tmp). Hold each by a descriptor now, to mount it back (read-only) after.
    keep = {}
    for path in (cfg["root"], os.path.dirname(os.path.abspath(__file__)), *sys.path):
        if path and os.path.isdir(path):
            path = os.path.realpath(path)
            if path not in keep:
                keep[path] = os.open(path, os.O_PATH | os.O_DIRECTORY)
    info["readonly"] = _mount_setattr(libc, "/", set_flags=MOUNT_ATTR_RDONLY, recursive=True)
    size = cfg["limits"]["tmp_bytes"]
    tmpfs = _mount(libc, "tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},nr_inodes=65536,mode=1777")
    info["private_tmp"] = tmpfs
    for target, name in TMPFS_SHARES if tmpfs else ():
        if os.path.isdir(target) and not os.path.islink(target):
            os.mkdir(f"/tmp/{name}", 0o1777)
            os.chmod(f"/tmp/{name}", 0o1777)
            info["private_tmp"] &= _mount(libc, f"/tmp/{name}", target, None, MS_BIND)
    writable = [cfg["out"]]
    if tmpfs:
        for path in sorted(keep, key=len):  # outer folders first: mounting one brings back its insides
            try:
                visible = os.path.samestat(os.stat(path), os.fstat(keep[path]))
            except OSError:
                visible = False
            if not visible:
                os.makedirs(path, 0o711, exist_ok=True)
                if not _mount(libc, f"/proc/self/fd/{keep[path]}", path, None, MS_BIND | MS_REC):
                    raise OSError(ctypes.get_errno(), f"cannot mount {path} back")
        work = "/tmp/.grade-work"
        os.mkdir(work, 0o700)
        if cfg["uid"] is not None:
            os.chown(work, cfg["uid"], cfg["gid"])
        if not _mount(libc, work, cfg["work"], None, MS_BIND):
            raise OSError(ctypes.get_errno(), "cannot mount the work folder")
    else:
        writable.append(cfg["work"])
    for fd in keep.values():
        os.close(fd)
    for path in writable if info["readonly"] else ():
        if not (_mount(libc, path, path, None, MS_BIND) and _mount_setattr(libc, path, clear_flags=MOUNT_ATTR_RDONLY)):
            raise OSError(ctypes.get_errno(), f"cannot make {path} writable")
    info["private_proc"] = _mount(libc, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    if info["private_proc"]:  # at most this many tasks in the namespace (Linux >= 6.14), even where
        try:                  # RLIMIT_NPROC does not apply (uid 0 outside a user namespace)
            with open("/proc/sys/kernel/pid_max", "w") as f:
                f.write(str(PID_MAX))
        except OSError:
            pass
    return info


def _drop_capabilities(libc):
    """No capabilities left (in a user namespace the process that made it has them all, enough to
    unmount the private /tmp): `capset` to empty sets, checked."""
    header = (ctypes.c_uint32 * 2)(LINUX_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    libc.capset(header, data)
    with open("/proc/self/status") as f:
        caps = {line.split(":")[0]: int(line.split()[1], 16) for line in f if line.startswith("Cap")}
    if caps.get("CapEff") or caps.get("CapPrm") or caps.get("CapAmb"):
        os._exit(70)


def _world_accessible(path):
    """Whether a process of another uid can reach `path` (every ancestor searchable by "others")."""
    import stat
    path = os.path.abspath(path)
    parts = path.split(os.sep)
    for i in range(2, len(parts) + 1):
        p = os.sep.join(parts[:i]) or os.sep
        try:
            mode = os.stat(p).st_mode
        except OSError:
            return True  # does not exist: nothing to remap
        if stat.S_ISDIR(mode) and not mode & stat.S_IXOTH:
            return False
    return True


def _remap_unreachable_paths():
    """Before dropping privileges: keep the interpreter's own library directories importable when
    they sit under a directory the unprivileged uid cannot enter (e.g. a pyenv under /root), by
    opening them now and importing through /proc/self/fd/N afterwards. Only those directories
    become reachable, nothing above them."""
    remap = {}
    for p in sys.path:
        if p and os.path.isdir(p) and not _world_accessible(p):
            fd = os.open(p, os.O_RDONLY | os.O_DIRECTORY)
            remap[os.path.abspath(p)] = f"/proc/self/fd/{fd}"
    return remap


# The library folders `_template` remapped (once, for all its forks): path -> /proc/self/fd/N.
_template_remap: dict[str, str] = {}
# In PID 1: the read end of a pipe whose write end only its keeper holds (end of file once the
# keeper is gone), to check it is still there after arming the death signal.
_lifeline = None


def _reopen_remapped(remap):
    """In a fork of the template, contained but still root: point each descriptor of the template's
    remap (opened in the grader's mount namespace, where its mounts are writable) at the same folder
    in this process's own namespace (its read-only copy), under the same number, so that the paths
    rewritten once in the template stay valid and no descriptor of the grader's mounts is left."""
    for path, proc_path in remap.items():
        fd = int(proc_path.rsplit("/", 1)[1])
        new = os.open(path, os.O_RDONLY | os.O_DIRECTORY)  # fails (no start) rather than keep the old one
        os.dup2(new, fd, inheritable=False)
        os.close(new)


def _apply_remap(remap):
    if not remap:
        return

    def fix(path):
        for old, new in remap.items():
            if path == old or path.startswith(old + "/"):
                return new + path[len(old):]
        return path

    sys.path[:] = [fix(p) for p in sys.path]
    for mod in list(sys.modules.values()):
        p = getattr(mod, "__path__", None)
        if type(p) is list:
            p[:] = [fix(x) for x in p]
    sys.path_importer_cache.clear()


def _setup(cfg: ChildConfig, libc: ctypes.CDLL, info: ReadyEvent) -> ReadyEvent:
    """Limits and isolation, applied while this process is still trusted (after `_contain`)."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-long write fails instead of killing us
    # No network: a fresh network namespace has only a (down) loopback device.
    if not info["netns"] and os.geteuid() == 0 and libc.unshare(CLONE_NEWNET) == 0:
        info["netns"] = True

    import gc

    import safetensors.torch  # noqa: F401
    import torch
    gc.freeze()  # as in `_template`: collections walk only what the student's code allocates
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    use_cuda = cfg["device"] == "cuda" or (cfg["device"] == "auto" and torch.cuda.is_available())
    # A fork of the template would otherwise repeat its random state in every child. (`torch.seed()`
    # does the same, and also imports and seeds other backends: a millisecond per restart.)
    seed = torch.default_generator.seed()
    if use_cuda:
        torch.cuda.manual_seed_all(seed)
    if use_cuda:
        torch.zeros(1, device="cuda")  # create the CUDA context now, in parallel with the parent
    else:
        torch.set_num_threads(1)

    if _template_remap:  # a fork of a root template: its library folders, reopened in here
        _reopen_remapped(_template_remap)
    uid = cfg.get("uid")
    if uid is not None:
        remap = {} if _template_remap else _remap_unreachable_paths()
        os.setgroups([])
        gid = cfg["gid"]
        if gid is None:  # the host sets both or neither
            raise ValueError("a uid to switch to without a gid")
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
        if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid,) * 3 or os.getgroups():
            os._exit(70)  # never run student code with privileges left over
        libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # so /proc/self/fd works for the remapped paths
        if _lifeline is not None:  # the uid switch cleared PID 1's death signal: arm it again
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            if select.select([_lifeline], [], [], 0)[0]:
                os._exit(1)  # the keeper died in between
        _apply_remap(remap)
    if not info["netns"] and libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0:
        info["netns"] = True

    lim = cfg["limits"]
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (lim["file_bytes"], lim["file_bytes"]))
    resource.setrlimit(resource.RLIMIT_NPROC, (lim["nproc"], lim["nproc"]))
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
    cpu = int(lim["cpu_s"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    if not use_cuda:
        # CUDA reserves huge address ranges, so the address-space limit only applies on the CPU;
        # there the parent's RSS watchdog is the memory limit.
        with open("/proc/self/status") as f:
            vm = int(f.read().split("VmSize:")[1].split()[0]) * 1024
        limit = vm + lim["memory_bytes"]
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        info["rlimit_as"] = limit
    if _lifeline is not None:
        os.close(_lifeline)
    os.chdir(cfg["work"])
    os.umask(0o077)
    if uid is None:
        _drop_capabilities(libc)  # those of the user namespace `_contain` made, if any
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)  # no set-uid program gives anything back
    info["uid"] = os.getuid()
    return info


class _Failed(Exception):
    pass


def _decode(node, tensors, device, torch):
    t = node["t"]
    if t == "tensor":
        return tensors[node["key"]].to(device, copy=True)
    if t == "v":
        return node["v"]
    if t == "seq":
        items = [_decode(x, tensors, device, torch) for x in node["items"]]
        return tuple(items) if node["type"] == "tuple" else items
    if t == "dict":
        return {k: _decode(v, tensors, device, torch) for k, v in node["items"].items()}
    if t == "gen":
        return torch.Generator(device=device).manual_seed(node["seed"])
    if t == "poly":
        return P.poly_grad_fn(node["coeffs"])
    if t == "dtype":
        return getattr(torch, node["v"])
    raise _Failed(f"unknown argument node {t!r}")


def _tensor_args(node, value, prefix, out):
    """(key, tensor) for every tensor argument, keyed by its position in the argument tree."""
    if node["t"] == "tensor":
        out.append((node["key"], value))
    elif node["t"] == "seq":
        for i, (n, v) in enumerate(zip(node["items"], value)):
            _tensor_args(n, v, f"{prefix}_{i}", out)
    elif node["t"] == "dict":
        for k, n in node["items"].items():
            _tensor_args(n, value[k], f"{prefix}_{k}", out)


def _qualname(func):
    name = getattr(func, "__qualname__", None) or getattr(func, "__name__", None) or type(func).__name__
    if name == "__get__" and hasattr(func, "__self__"):  # property getters, e.g. Tensor.T
        inner = func.__self__
        name = getattr(inner, "__qualname__", None) or getattr(inner, "__name__", "__get__")
    name = str(name)
    for internal, public in (("_VariableFunctionsClass.", "torch."), ("TensorBase.", "Tensor."),
                             ("_TensorBase.", "Tensor.")):
        if name.startswith(internal):
            return public + name[len(internal):]
    module = getattr(func, "__module__", None)
    if module == "torch._tensor" and not name.startswith("Tensor."):
        module = "torch"
    return f"{module}.{name}" if module else name


def _describe(value, torch, saved, depth=0):
    """JSON description of an output; plain tensors are queued in `saved` under "o<n>"."""
    if depth > P.MAX_DEPTH:
        return {"k": "other", "type": "a structure nested too deeply"}
    tp = type(value)
    if isinstance(value, torch.Tensor):
        if tp is not torch.Tensor:
            return {"k": "other", "type": f"{tp.__module__}.{tp.__qualname__} (a torch.Tensor subclass)"}
        if value.layout != torch.strided:
            return {"k": "other", "type": f"a {value.layout} tensor"}
        dtype = P.dtype_name(value.dtype)
        desc = {"k": "tensor", "dtype": dtype, "shape": list(value.shape), "device": str(value.device),
                "requires_grad": bool(value.requires_grad)}
        # A meta tensor has a shape and a dtype but no values: nothing to save (copying it out
        # raises NotImplementedError, which read as an untouched stub). Described without a key.
        if dtype in P.ALLOWED_DTYPES and not value.is_meta:
            key = f"{P.OUTPUT_PREFIX}{len(saved)}"
            saved[key] = value
            desc["key"] = key
        return desc
    if value is None:
        return {"k": "none"}
    if tp in (bool, int, float):
        if tp is int and abs(value) > 2 ** 62:
            return {"k": "number", "type": "float", "value": float(value)}
        return {"k": "number", "type": tp.__name__, "value": value}
    if tp is str:
        return {"k": "str", "value": value[:P.MAX_STR]}
    if isinstance(value, (tuple, list)):
        items = list(value)
        if len(items) > P.MAX_ITEMS:
            return {"k": "other", "type": f"a {tp.__name__} of {len(items)} items (too many)"}
        return {"k": "seq", "type": "tuple" if isinstance(value, tuple) else "list",
                "items": [_describe(v, torch, saved, depth + 1) for v in items]}
    return {"k": "other", "type": f"{tp.__module__}.{tp.__qualname__}"}


def _by_path(desc_value, path):
    v = desc_value
    for i in path:
        if not isinstance(v, (tuple, list)) or i >= len(v):
            return None
        v = v[i]
    return v


def _exc_info(exc: BaseException, src: str) -> ExcInfo:
    tb = traceback.extract_tb(exc.__traceback__)
    line, where = None, None
    for frame in tb:
        if frame.filename.startswith(src):
            line, where = frame.lineno, os.path.basename(frame.filename)
    if isinstance(exc, SyntaxError) and exc.filename and str(exc.filename).startswith(src):
        line, where = exc.lineno, os.path.basename(exc.filename)
    try:
        message = str(exc.msg if isinstance(exc, SyntaxError) else exc)
    except BaseException:
        message = ""
    return {"type": type(exc).__name__, "msg": message[:P.MAX_MESSAGE], "line": line, "file": where}


def _template(control_fd):
    """The template: import torch once, before any student code, then fork one child per request
    of the grading process (`grader.codegrade.sandbox.host._Template`), so that restarting a child
    after a crash costs a fork instead of a fresh interpreter and a fresh `import torch`.

    Requests, one JSON message each on the control socket (a SOCK_SEQPACKET pair):
    `{"op": "spawn", "cfg": ChildConfig, "env": {...}, "cwd": PATH}` with three descriptors attached
    (requests, replies, log), answered with `{"pid": N}`: the fork makes itself a session of its
    own, takes the log as its stdout and stderr, the environment and working folder given (a
    template serves every sandbox of a grading process) and runs exactly what a fresh
    `child.py CONFIG GRADER_PID` runs (`_serve`: namespaces,
    limits, privileges dropped, then the calls); `{"op": "wait", "pid": N, "timeout": S}`,
    answered with `{"status": RAW}` (the `waitpid` status) or `{"status": null}` when still
    running. A fork is reaped only when the grader asks, so its pid cannot be reused while the
    grader may still signal it. The template never runs student code, never runs a torch
    operation (so no thread pool or CUDA context exists to be broken by a fork) and exits when
    the grading process closes the socket (or dies), after killing every fork not reaped (`_end`).
    No descriptor of its own reaches student code: each fork closes the template's, and reopens
    the remapped library folders in its own, read-only, mount namespace (`_reopen_remapped`).
    """
    import socket

    control = socket.socket(fileno=control_fd)
    import gc

    import safetensors.torch  # noqa: F401
    import torch  # noqa: F401
    global _template_remap
    if os.geteuid() == 0:  # its forks will drop to the sandbox uid: remap once here, not in each fork
        _template_remap = _remap_unreachable_paths()  # (each fork reopens them: `_reopen_remapped`)
        _apply_remap(_template_remap)
    # Torch's objects are never freed: keep the garbage collector off them in every fork (a full
    # collection would otherwise walk them all, and touch their pages, which forks share).
    gc.freeze()
    libc = ctypes.CDLL(None, use_errno=True)
    # As root, the template makes each fork's PID namespace itself and forks it straight in as PID 1
    # (`_contain(pid1=True)`): it is then the keeper (it reaps PID 1, which the kernel allows only once
    # the whole namespace is gone), which spares a second fork of this large process per child.
    own_pidns = os.open("/proc/self/ns/pid", os.O_RDONLY) if os.geteuid() == 0 else None
    lifeline_r, lifeline_w = os.pipe()  # as in `_contain`: only the template holds the write end
    forks: dict[int, bool] = {}  # not reaped yet: pid -> whether it is PID 1 of its namespace
    try:
        while True:
            message, fds, _flags, _addr = socket.recv_fds(control, 1 << 16, 3)
            if not message:
                break  # the grading process is gone (closed the socket, or died)
            request = json.loads(message)
            if request["op"] != "spawn":
                status = _wait(request["pid"], request["timeout"])
                if status is not None:
                    forks.pop(request["pid"], None)
                control.send(json.dumps({"status": status}).encode())
                continue
            template = os.getpid()
            # The next fork is PID 1 of a fresh PID namespace (undone right after the fork, below).
            pid1 = own_pidns is not None and request["cfg"]["namespaces"] and libc.unshare(CLONE_NEWPID) == 0
            try:
                pid = os.fork()
            except OSError as exc:  # no processes or memory left: this spawn fails, the template stays
                pid, error = -1, str(exc)
            if pid > 0:
                forks[pid] = pid1
            # Back to the template's own PID namespace for its later forks (or it could fork no
            # more once this one's PID 1 is gone); never in the fork, whose children stay in.
            if pid != 0 and pid1 and libc.setns(own_pidns, CLONE_NEWPID) != 0:
                raise OSError(ctypes.get_errno(), "setns")  # cannot happen; the grader starts a new template
            if pid == 0:
                _fork(request, fds, pid1, template, control, own_pidns, lifeline_r, lifeline_w, libc)
            for fd in fds:
                os.close(fd)
            control.send(json.dumps({"pid": pid} if pid > 0 else {"pid": None, "error": error}).encode())
    except BaseException:  # the socket failed, or anything else: the template is done for
        pass
    _end(forks)


def _fork(request, fds, pid1, template, control, own_pidns, lifeline_r, lifeline_w, libc):
    """The fork's side of a spawn (`_template`): never returns."""
    try:
        control.close()
        # Nothing of the template's that student code could use: its PID namespace (the grader's),
        # the write end of the lifeline (and the read end where this is not PID 1).
        if own_pidns is not None:
            os.close(own_pidns)
        os.close(lifeline_w)
        # When the template dies: as PID 1, SIGKILL, which takes the whole namespace down; as the
        # keeper, SIGTERM, which it answers by killing PID 1 and so everything in its namespaces.
        # (PID 1 runs the student's code, which may clear its death signal: the template then
        # kills it on its way out, `_end`.)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL if pid1 else signal.SIGTERM, 0, 0, 0)
        if _parent() != template:
            os._exit(1)  # the template died before the death signal was armed
        global _lifeline
        if pid1:
            _lifeline = lifeline_r
        else:  # the keeper makes its own
            os.close(lifeline_r)
        req_fd, rep_fd, log_fd = fds
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        os.close(log_fd)
        os.setsid()
        os.chdir(request["cwd"])
        os.environ.clear()  # the child's own scrubbed environment, as a fresh child gets it
        os.environ.update(request["env"])
        _serve({**request["cfg"], "req_fd": req_fd, "rep_fd": rep_fd}, pid1=pid1)
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(1)  # `_serve` leaves only through os._exit: this is a failure


def _end(forks):
    """The template's way out (the grading process closed the socket or died): first take down
    every fork it has not reaped. PID 1 of a namespace runs student code, which may have cleared
    its death signal: SIGKILL, and its whole namespace goes. A keeper answers SIGTERM by killing
    its PID 1 (as it does its death signal); a fork without namespaces runs student code itself,
    which may ignore SIGTERM: SIGKILL whatever of those is left after a grace."""
    for pid, pid1 in forks.items():
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL if pid1 else signal.SIGTERM)
    rest = [pid for pid, pid1 in forks.items() if not pid1]
    end = time.monotonic() + 5
    while rest and time.monotonic() < end:
        time.sleep(0.01)
        rest = [pid for pid in rest if _wait(pid, 0) is None]
    for pid in rest:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    os._exit(0)


def _parent():
    """The parent's pid as the grading process sees it (`os.getppid()` is 0 in PID 1 of a namespace
    whose parent is outside it; /proc is still the grader's here)."""
    with open("/proc/self/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


def _wait(pid, timeout):
    """`waitpid` status of the fork `pid`, or None when it is still running after `timeout` s."""
    end = time.monotonic() + timeout
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return 0  # reaped before (cannot happen: only this function reaps)
        if done:
            return status
        if time.monotonic() >= end:
            return None
        time.sleep(0.002)


def main():
    if sys.argv[1] == "--template":
        _template(int(sys.argv[2]))
    # A fresh child (`child.py CONFIG GRADER_PID`): this process stays outside the namespaces as
    # their keeper (`_contain`) and must not outlive the grading process, whose death no one would
    # otherwise tell it: SIGTERM then, which it answers by killing PID 1 (before `_contain`, SIGTERM
    # just ends it). Checked after arming: the grader may have died already.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != int(sys.argv[2]):
        os._exit(1)
    _serve(json.loads(sys.argv[1]))


def _serve(cfg, *, pid1=False):
    req_fd, rep_fd = cfg["req_fd"], cfg["rep_fd"]
    libc = ctypes.CDLL(None, use_errno=True)
    info = _setup(cfg, libc, _contain(cfg, libc, pid1=pid1))
    main_pid = os.getpid()
    import torch
    from safetensors import safe_open
    from safetensors.torch import save_file
    from torch.overrides import TorchFunctionMode

    class Recorder(TorchFunctionMode):
        def __init__(self):
            super().__init__()
            self.names = set()

        def __torch_function__(self, func, types, args=(), kwargs=None):
            if len(self.names) < P.MAX_RECORDED:
                try:
                    self.names.add(_qualname(func)[:P.MAX_STR])
                except Exception:
                    pass
            return func(*args, **(kwargs or {}))

    sys.path.append(cfg["src"])  # last: a student's torch.py or numpy.py must not shadow the real ones
    sys.dont_write_bytecode = True
    _send(rep_fd, {"ev": P.Event.READY, **info})
    modules: dict[str, ModuleType] = {}
    failed_modules: dict[str, ExcInfo] = {}
    requests = os.fdopen(req_fd, "rb", buffering=0)
    buf = b""
    inputs = None
    while True:
        while b"\n" not in buf:
            chunk = requests.read(65536)
            if not chunk:
                os._exit(0)
            buf += chunk
        line, buf = buf.split(b"\n", 1)
        req = json.loads(line)
        if req.get("op") == P.Op.EXIT:
            os._exit(0)
        with open(req["path"]) as f:
            batch = json.load(f)
        if inputs is None or inputs.path != batch.get("inputs"):
            inputs = _Inputs(batch.get("inputs"), safe_open)
        out_dir = batch["out"]
        for step in batch["steps"]:
            _send(rep_fd, {"ev": P.Event.START, "id": step["id"]})
            t0 = time.perf_counter()
            try:
                if step["kind"] == P.StepKind.LOAD:
                    reply = _load(step, modules, failed_modules, cfg["src"])
                else:
                    reply = _call(step, modules, failed_modules, inputs, out_dir, cfg["src"], torch,
                                  save_file, Recorder)
            except BaseException as exc:  # sys.exit and KeyboardInterrupt included: report, go on
                reply = {"ok": False, "failure": P.CallFailure.RAISED, "exc": _exc_info(exc, cfg["src"])}
            if os.getpid() != main_pid:
                os._exit(0)  # a fork of the student's survived its call: never let it talk
            reply.update({"ev": P.Event.DONE, "id": step["id"], "elapsed": time.perf_counter() - t0})
            _send(rep_fd, reply)
        _send(rep_fd, {"ev": P.Event.BATCH_DONE})


class _Inputs:
    """The batch's input tensors, read from the file only when a call needs them: a restarted child
    typically runs one or two calls before the next crash, and reading every input of the
    submission (hundreds of tensors) would cost it more than the restart itself."""

    def __init__(self, path, safe_open):
        self.path = path
        self.file = safe_open(path, framework="pt") if path else None
        self.read = {}

    def __getitem__(self, key):
        if key not in self.read:
            if self.file is None:
                raise KeyError(key)
            self.read[key] = self.file.get_tensor(key)
        return self.read[key]


def _load(step, modules, failed_modules, src) -> DoneEvent:
    name = step["module"]
    if name in modules:
        mod = modules[name]
    elif name in failed_modules:
        return {"ok": False, "failure": P.CallFailure.RAISED, "exc": failed_modules[name]}
    else:
        try:
            if name in sys.modules:  # already imported by a sibling module of the submission
                mod = sys.modules[name]
                if not str(getattr(mod, "__file__", "")).startswith(src):
                    raise ImportError(f"the name {name!r} is taken by another module")
            else:
                import importlib.util
                spec = importlib.util.spec_from_file_location(name, os.path.join(src, name + ".py"))
                if spec is None or spec.loader is None:  # never for a .py path
                    raise ImportError(f"cannot load {name}.py")
                mod = importlib.util.module_from_spec(spec)
                sys.modules[name] = mod
                try:
                    spec.loader.exec_module(mod)
                except BaseException:
                    sys.modules.pop(name, None)
                    raise
        except BaseException as exc:
            failed_modules[name] = _exc_info(exc, src)
            return {"ok": False, "failure": P.CallFailure.RAISED, "exc": failed_modules[name]}
        modules[name] = mod
    names = []
    for attr, value in list(vars(mod).items())[:2000]:
        if not attr.startswith("__") and callable(value):
            names.append(attr)
    return {"ok": True, "functions": names}


def _call(step, modules, failed_modules, tensors, out_dir, src, torch, save_file, Recorder) -> DoneEvent:
    mod = modules.get(step["module"])
    if mod is None:
        return {"ok": False, "failure": P.CallFailure.MODULE_FAILED}
    fn = getattr(mod, step["function"], None)
    if not callable(fn):
        return {"ok": False, "failure": P.CallFailure.MISSING}
    device = step["device"]
    args = list(_decode({"t": "seq", "type": "list", "items": step["args"]}, tensors, device, torch))
    kwargs = _decode({"t": "dict", "items": step["kwargs"]}, tensors, device, torch)
    for i in step["grad_wrt"]:
        args[i] = args[i].detach().requires_grad_(True)
    arg_tensors: list[tuple[str, Tensor]] = []
    _tensor_args({"t": "seq", "items": step["args"]}, args, "a", arg_tensors)
    _tensor_args({"t": "dict", "items": step["kwargs"]}, kwargs, "k", arg_tensors)

    recorder = Recorder()
    try:
        with recorder:
            out = fn(*args, **kwargs)
    except BaseException as exc:
        return {"ok": False, "failure": P.CallFailure.RAISED, "exc": _exc_info(exc, src),
                "recorded": sorted(recorder.names)}
    recorded = sorted(recorder.names)

    saved: dict[str, Tensor] = {}
    desc = _describe(out, torch, saved)
    reply: DoneEvent = {"ok": True, "out": desc, "recorded": recorded}
    if step["grad_wrt"]:
        reply["grads"] = _grads(step, out, args, torch, tensors, saved, src)
    post = {}
    for key, t in arg_tensors:
        if type(t) is torch.Tensor and P.dtype_name(t.dtype) in P.ALLOWED_DTYPES:
            post[P.post_key(key)] = t
    saved.update(post)
    reply["post"] = sorted(post)
    files = {k: v.detach().to("cpu").clone(memory_format=torch.contiguous_format) for k, v in saved.items()}
    save_file(files, os.path.join(out_dir, P.output_file(step["id"])))
    return reply


def _grads(step, out, args, torch, tensors, saved, src) -> Grads:
    """Back-propagate the parent's upstream gradients through the student's outputs."""
    outs, grads = [], []
    for up in step["upstream"]:
        o = _by_path(out, up["path"])
        if type(o) is not torch.Tensor or list(o.shape) != list(tensors[up["key"]].shape):
            return {"error": "structure"}  # a code: the host words it (in the student's language)
        if o.requires_grad:
            outs.append(o)
            grads.append(tensors[up["key"]].to(device=o.device, dtype=o.dtype))
    if outs:
        try:
            # Σ(out·u) sends exactly u into each output, and spares the child the import of sympy
            # that backward(outs, grads) triggers on first use.
            total = (outs[0] * grads[0]).sum()
            for o, g in zip(outs[1:], grads[1:]):
                total = total + (o * g).sum()
            total.backward()
        except BaseException as exc:
            return {"error": "backward failed", "exc": _exc_info(exc, src)}
    result: dict[str, GradTensor | GradOther | None] = {}
    for i in step["grad_wrt"]:
        g = args[i].grad
        if g is None:
            result[str(i)] = None
        elif type(g) is not torch.Tensor:
            result[str(i)] = {"k": "other"}
        else:
            saved[f"{P.GRAD_PREFIX}{i}"] = g
            result[str(i)] = {"key": f"{P.GRAD_PREFIX}{i}", "dtype": P.dtype_name(g.dtype),
                              "shape": list(g.shape), "device": str(g.device)}
    return result


if __name__ == "__main__":
    main()
