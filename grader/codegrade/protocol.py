"""The protocol between the grading process and the sandboxed child, typed, in one place.

Both sides load this module: the grading process imports it as `grader.codegrade.protocol`, the
child (`sandbox/child.py`, which never imports the `grader` package) loads this file by path
before it drops privileges. So it is **stdlib only** and holds no logic beyond the vocabulary:
every constant both sides must agree on, the enums grading decisions are taken on (never message
text), and the shape of every message as a `TypedDict`.

The channel: the parent writes one request line (`Request`) per batch on the child's request pipe;
the batch itself (`Batch`: input file, output folder, steps) is a JSON file in a folder the child
can read but not write. The child answers on its reply pipe with one JSON line per `Event`:
`ready` once, then `start` and `done` for every step, then `batch_done`. Tensors never travel in
JSON: inputs are one safetensors file written by the parent, each call's outputs one safetensors
file written by the child (`c<step id>.safetensors`), named by `TensorKey`s.

An argument that is a function travels as a description too: a `poly` node (`PolyArg`) stands for
the polynomial gradient function g(w) = Σₖ cₖ·wᵏ that both sides build with `poly_grad_fn`.

Everything the child sends is an unvalidated claim: `grader.codegrade.judge` checks every
description against the tensors before anything is compared with the reference.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import Enum
from typing import Any, Literal, TypedDict

# ---------------------------------------------------------------------------------------------
# Constants both sides rely on

ALLOWED_DTYPES = ("float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8",
                  "bool")
MAX_DEPTH = 8  # nesting of arguments and outputs (tuples of lists of tensors ...)
MAX_ITEMS = 64  # items of one output tuple or list
MAX_RECORDED = 256  # torch function names recorded during one call
MAX_LINE = 4 << 20  # bytes of one reply line; a longer one is a protocol violation
MAX_STR = 200  # characters of a string output, and of a recorded function name
MAX_MESSAGE = 500  # characters of an exception message the child reports
TENSOR_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
MAX_TENSOR_KEY = 64
OUTPUT_FILE = "c{step}.safetensors"  # one per call, in the child's output folder

# Names of tensors in the output file: outputs, gradients, arguments after the call.
OUTPUT_PREFIX = "o"
GRAD_PREFIX = "g"
POST_PREFIX = "p_"


class Str(str, Enum):
    """A string enum that serialises (JSON) and prints as its value."""

    def __str__(self) -> str:
        return str(self.value)


class Op(Str):
    """What the parent asks of the child."""

    BATCH = "batch"
    EXIT = "exit"


class StepKind(Str):
    LOAD = "load"  # import a student module
    CALL = "call"  # call one of its functions on one case


class Event(Str):
    READY = "ready"
    START = "start"
    DONE = "done"
    BATCH_DONE = "batch_done"


class CallFailure(Str):
    """Why a call step did not run the function (`DoneEvent.failure`)."""

    MISSING = "missing"  # the module has no such callable
    MODULE_FAILED = "module_failed"  # the module could not be imported
    RAISED = "raised"  # the function (or backward through it) raised; see `exc`


class StepStatus(Str):
    """What happened to one step, as the host reports it (`host.StepResult.status`)."""

    DONE = "done"  # the child answered: its claims are in the reply and the tensors
    TIMEOUT = "timeout"  # the call time limit expired (child killed and restarted)
    CRASHED = "crashed"  # the child died
    MEMORY = "memory"  # the memory watchdog stopped it
    PROTOCOL = "protocol"  # the child broke the protocol (garbled channel, bad output file)
    DEADLINE = "deadline"  # the submission time limit was used up
    SKIPPED = "skipped"  # not run: an earlier failure made it moot
    UNAVAILABLE = "unavailable"  # no child could be started


# Failures after which the function is not called again (another hang would cost another limit).
STOPS_FUNCTION = (StepStatus.TIMEOUT, StepStatus.MEMORY)


# ---------------------------------------------------------------------------------------------
# Start-up: the child's configuration (its only command-line argument, as JSON)


class ChildLimits(TypedDict):
    file_bytes: int  # RLIMIT_FSIZE
    tmp_bytes: int  # the private tmpfs (/tmp, /var/tmp, /dev/shm and the work folder together)
    nproc: int  # RLIMIT_NPROC
    memory_bytes: int  # address space on top of what the child uses after importing torch
    cpu_s: int  # RLIMIT_CPU


class ChildConfig(TypedDict):
    req_fd: int
    rep_fd: int
    root: str  # the sandbox folder (inputs, sources, work and output folders)
    src: str  # the read-only folder of the student's modules
    work: str  # the child's own working folder (cwd, HOME, TMPDIR)
    out: str  # this child's output folder (the only one it may write, besides its temporary ones)
    uid: int | None  # drop to this uid/gid (root only)
    gid: int | None
    device: str  # "auto", "cpu" or "cuda"
    namespaces: bool  # False only in tests of the weaker isolation levels
    limits: ChildLimits


# ---------------------------------------------------------------------------------------------
# Parent -> child


class Request(TypedDict, total=False):
    op: Op
    path: str  # the batch file, for Op.BATCH


# Arguments of a call: a tree of nodes; tensors by their key in the batch's input file.
class TensorArg(TypedDict):
    t: Literal["tensor"]
    key: str


class GenArg(TypedDict):
    t: Literal["gen"]  # a torch.Generator seeded with `seed` on the call's device
    seed: int


class PolyArg(TypedDict):
    t: Literal["poly"]  # the gradient function w ↦ Σₖ coeffs[k]·wᵏ, elementwise (`poly_grad_fn`)
    coeffs: list[float]  # at most MAX_POLY_COEFFS finite numbers


class ValueArg(TypedDict):
    t: Literal["v"]
    v: bool | int | float | str | None


class DtypeArg(TypedDict):
    t: Literal["dtype"]
    v: str  # one of ALLOWED_DTYPES


class SeqArg(TypedDict):
    t: Literal["seq"]
    type: Literal["tuple", "list"]
    items: list[ArgNode]


class DictArg(TypedDict):
    t: Literal["dict"]
    items: dict[str, ArgNode]


ArgNode = TensorArg | GenArg | PolyArg | ValueArg | DtypeArg | SeqArg | DictArg


class Upstream(TypedDict):
    key: str  # the upstream gradient's tensor in the input file
    path: list[int]  # where in the output it belongs (indices into nested tuples)


class _StepBase(TypedDict):
    id: int
    module: str
    # Host bookkeeping, ignored by the child: steps sharing `drop` are skipped after one of them
    # fails; steps sharing `drop_on_timeout` too, after a time-out or memory failure.
    drop: str


class LoadStep(_StepBase):
    kind: Literal[StepKind.LOAD]
    reload: bool  # inserted by the host to re-import a module into a restarted child


class CallStep(_StepBase):
    kind: Literal[StepKind.CALL]
    drop_on_timeout: str
    function: str
    args: list[ArgNode]
    kwargs: dict[str, ArgNode]
    grad_wrt: list[int]  # positional arguments to differentiate with respect to
    upstream: list[Upstream]
    device: str


Step = LoadStep | CallStep


class Batch(TypedDict):
    inputs: str | None  # the safetensors file of this batch's input tensors
    out: str  # the folder the child writes its output files to
    steps: list[Step]


# ---------------------------------------------------------------------------------------------
# Child -> parent


class ExcInfo(TypedDict):
    type: str  # the exception's class name
    msg: str  # at most MAX_MESSAGE characters
    line: int | None  # the line in the student's file, when the traceback reaches it
    file: str | None


# What a call returned, described; tensors are in the output file under `key`.
class TensorOut(TypedDict, total=False):
    k: Literal["tensor"]
    dtype: str
    shape: list[int]
    device: str
    requires_grad: bool
    key: str  # absent when the dtype is not one of ALLOWED_DTYPES (nothing saved)


class NoneOut(TypedDict):
    k: Literal["none"]


class NumberOut(TypedDict):
    k: Literal["number"]
    type: Literal["bool", "int", "float"]
    value: bool | int | float


class StrOut(TypedDict):
    k: Literal["str"]
    value: str


class SeqOut(TypedDict):
    k: Literal["seq"]
    type: Literal["tuple", "list"]
    items: list[OutNode]


class OtherOut(TypedDict):
    k: Literal["other"]
    type: str  # what it was, e.g. "numpy.ndarray" or "a torch.Tensor subclass"


OutNode = TensorOut | NoneOut | NumberOut | StrOut | SeqOut | OtherOut


class GradTensor(TypedDict):
    key: str
    dtype: str
    shape: list[int]
    device: str


class GradOther(TypedDict):
    k: Literal["other"]  # `.grad` was not a plain tensor


class GradsFailed(TypedDict, total=False):
    error: str  # the output could not be back-propagated (wrong structure, or backward raised)
    exc: ExcInfo


# {str(argument index): its gradient, None when no gradient reached it}; or GradsFailed.
Grads = dict[str, GradTensor | GradOther | None] | GradsFailed


class ReadyEvent(TypedDict, total=False):
    """What the child got, sent before any student code runs (so, unlike everything after it, true).
    The grader derives the isolation level (`grader.results.Isolation`) from `pidns` and `uid`."""

    ev: Literal[Event.READY]
    pid: int  # the process serving the calls, as the grader's /proc numbers it
    pidns: bool  # it is PID 1 of a fresh PID namespace (and mount and IPC ones): its death kills them all
    netns: bool  # a private network namespace was created
    private_tmp: bool  # /tmp, /var/tmp, /dev/shm, /run and the work folder: one size-limited tmpfs of its own
    readonly: bool  # everything else is mounted read-only, except its output folder
    private_proc: bool  # /proc shows only its own PID namespace
    uid: int
    rlimit_as: int


class StartEvent(TypedDict):
    ev: Literal[Event.START]
    id: int


class DoneEvent(TypedDict, total=False):
    ev: Literal[Event.DONE]
    id: int
    elapsed: float
    ok: bool
    failure: CallFailure  # when not ok
    exc: ExcInfo  # with CallFailure.RAISED, and for a failed load
    functions: list[str]  # a load: the module's callables
    out: OutNode  # a call: what it returned
    recorded: list[str]  # a call: torch functions seen during it (a claim, like everything here)
    grads: Grads  # a call with grad_wrt
    post: list[str]  # a call: output-file keys of the tensor arguments after the call


class BatchDoneEvent(TypedDict):
    ev: Literal[Event.BATCH_DONE]


def output_file(step_id: int) -> str:
    """The name of a call's output file in the child's output folder."""
    return OUTPUT_FILE.format(step=step_id)


def post_key(arg_key: str) -> str:
    """The output-file key of a tensor argument (input key `arg_key`) after the call."""
    return POST_PREFIX + arg_key


def dtype_name(dtype: object) -> str:
    """'float32' for torch.float32 (without importing torch)."""
    return str(dtype).removeprefix("torch.")


MAX_POLY_COEFFS = 8  # coefficients of a `poly` gradient function: degree 7 at most


def poly_coeffs(coeffs: list[float] | tuple[float, ...]) -> list[float]:
    """The coefficients of a `poly` node, checked: 1 to MAX_POLY_COEFFS finite numbers (not bools)."""
    values = list(coeffs)
    if not 1 <= len(values) <= MAX_POLY_COEFFS:
        raise ValueError(f"a poly gradient function takes 1 to {MAX_POLY_COEFFS} coefficients, got {len(values)}")
    for c in values:
        if isinstance(c, bool) or not isinstance(c, (int, float)) or not math.isfinite(c):
            raise ValueError(f"a poly coefficient must be a finite number, got {c!r}")
    return [float(c) for c in values]


def poly_grad_fn(coeffs: list[float] | tuple[float, ...]) -> Callable[[Any], Any]:
    """The function a `poly` node stands for, g(w) = Σₖ coeffs[k]·wᵏ elementwise, in plain Python
    arithmetic (so it works on tensors and numbers alike): the child hands it to the student's
    function, the grading process to the reference, so both compute the same gradients."""
    cs = tuple(poly_coeffs(coeffs))

    def grad_fn(w: Any) -> Any:
        return sum(c * w**k for k, c in enumerate(cs))

    return grad_fn
