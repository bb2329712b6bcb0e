"""Building blocks shared by exercise specs (bundled and instructors'): seeded inputs, labels for
feedback, and full-precision references.

Every random input comes from the case context's generator (`CaseContext.generator`, seeded from
the exercise and check names), so a laptop and CI build the same cases. Tensors are drawn on the
CPU and then moved to the case's device, so the values do not depend on the device either.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import torch

from grader.codegrade.model import CaseContext
from grader.codegrade.protocol import dtype_name
from grader.i18n import _

F32, F64 = torch.float32, torch.float64


def randn(ctx: CaseContext, *shape: int, dtype: torch.dtype | None = None, scale: float = 1.0) -> torch.Tensor:
    """Standard normal values times `scale`, in `dtype` (default: the context's), on the case's device."""
    return (torch.randn(shape, generator=ctx.generator, dtype=dtype or ctx.dtype) * scale).to(ctx.device)


def rand(ctx: CaseContext, *shape: int, dtype: torch.dtype | None = None) -> torch.Tensor:
    """Uniform values in [0, 1), on the case's device."""
    return torch.rand(shape, generator=ctx.generator, dtype=dtype or ctx.dtype).to(ctx.device)


def describe(t: torch.Tensor) -> str:
    """'float32, shape (4, 7)': how a case names its input in feedback, without its values."""
    return _("{dtype}, shape {shape}").format(dtype=dtype_name(t.dtype), shape=tuple(t.shape))


@contextlib.contextmanager
def exact_float32() -> Iterator[None]:
    """TF32 off while references run: a TF32 matmul or cuDNN convolution is only ~1e-3 accurate."""
    saved = torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = False
    try:
        yield
    finally:
        torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = saved
