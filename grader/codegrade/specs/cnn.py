"""Checks for exercises/cnn.py: conv_output_size, conv2d, max_pool2d, avg_pool2d (NCHW).

References are PyTorch's F.conv2d / F.max_pool2d / F.avg_pool2d (run with TF32 off, so a float32
reference on a GPU is exact to float32 rounding); conv_output_size is compared with the size
F.conv2d produces on a zero tensor.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from grader.codegrade.inputs import F32, F64, describe, exact_float32, randn
from grader.codegrade.model import Case, CaseContext, Check, Diagnosis, Exercise
from grader.i18n import N_, _

ORDER = 40  # the course's order: modules are graded and reported by ORDER


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


# ---------------------------------------------------------------------------------------------
# conv_output_size

def _size_ref(size, kernel, stride=1, padding=0, dilation=1):
    out = F.conv2d(torch.zeros(1, 1, size, size), torch.zeros(1, 1, kernel, kernel), stride=stride,
                   padding=padding, dilation=dilation)
    return int(out.shape[-1])


def _size_ceil(size, kernel, stride=1, padding=0, dilation=1):
    return -(-(size + 2 * padding - dilation * (kernel - 1) - 1) // stride) + 1


def _size_one_padding(size, kernel, stride=1, padding=0, dilation=1):
    return (size + padding - dilation * (kernel - 1) - 1) // stride + 1


def _size_no_dilation(size, kernel, stride=1, padding=0, dilation=1):
    return (size + 2 * padding - kernel) // stride + 1


def _size_cases(settings):
    def cases(ctx: CaseContext) -> list[Case]:
        out = []
        for s in settings:
            args, kwargs = s
            out.append(Case(args=args, kwargs=kwargs, label="size, kernel" + "".join(f", {k}" for k in kwargs)))
        return out
    return cases


CONV_OUTPUT_SIZE = Exercise(
    name="cnn.conv_output_size",
    checks=[
        Check("defaults", 1, _size_cases([((32, 3), {}), ((5, 5), {}), ((28, 1), {})]), reference=_size_ref),
        Check("stride_and_padding", 2,
              _size_cases([((28, 5), {"stride": 2}), ((7, 3), {"stride": 2, "padding": 1}), ((224, 7, 2, 3), {}),
                           ((227, 11), {"stride": 4}), ((10, 4), {"stride": 3, "padding": 2}),
                           ((32, 3), {"padding": 1})]),
              reference=_size_ref, diagnoses=[
                  Diagnosis(_size_ceil, N_("You rounded the division up, as the notes (003) say: a convolution floors, "
                                           "(size + 2·padding − kernel)/stride is rounded down before adding 1 "
                                           "(rounding up is pooling's ceil_mode=True; TOPICS.md erratum 4).")),
                  Diagnosis(_size_one_padding,
                            N_("You added the padding once: it goes on both sides, size + 2·padding.")),
              ]),
        Check("dilation", 1, _size_cases([((10, 3), {"dilation": 2}), ((15, 3, 2, 1, 3), {}),
                                          ((9, 2), {"dilation": 4, "padding": 1})]),
              reference=_size_ref, diagnoses=[
                  Diagnosis(_size_no_dilation, N_("You ignored dilation: a dilated kernel spans dilation·(kernel − 1) "
                                                  "+ 1 pixels."))]),
    ],
    forbidden=("conv1d", "conv2d", "conv3d", "Conv1d", "Conv2d", "Conv3d", "convolution", "_convolution"),
)


# ---------------------------------------------------------------------------------------------
# conv2d

def _conv_ref(x, weight, bias=None, stride=1, padding=0):
    with exact_float32():
        return F.conv2d(x, weight, bias, stride=stride, padding=padding)


def _conv_flipped(x, weight, bias=None, stride=1, padding=0):
    return _conv_ref(x, weight.flip(-1, -2), bias, stride, padding)


def _conv_no_padding(x, weight, bias=None, stride=1, padding=0):
    return _conv_ref(x, weight, bias, stride, 0)


def _conv_no_stride(x, weight, bias=None, stride=1, padding=0):
    return _conv_ref(x, weight, bias, 1, padding)


def _conv_swapped_pairs(x, weight, bias=None, stride=1, padding=0):
    return _conv_ref(x, weight, bias, _pair(stride)[::-1], _pair(padding)[::-1])


def _conv_case(ctx: CaseContext, n, c, h, w, o, kh, kw, dtype, *, bias=True, grad=False, **kwargs) -> Case:
    x = randn(ctx, n, c, h, w, dtype=dtype)
    weight = randn(ctx, o, c, kh, kw, dtype=dtype, scale=0.5)
    args = (x, weight, randn(ctx, o, dtype=dtype)) if bias else (x, weight)
    extra = "".join(f", {k}={v}" for k, v in kwargs.items())
    label = _("input {tensor}, kernel {height}×{width}").format(tensor=describe(x), height=kh, width=kw) + extra
    if not bias:
        label = _("{case}, no bias").format(case=label)
    return Case(args=args, kwargs=kwargs, grad_wrt=tuple(range(len(args))) if grad else (), label=label)


_FLIPPED = Diagnosis(_conv_flipped, N_("You flipped the kernel (the convolution of signal processing): deep learning's "
                                       "'convolution' is cross-correlation, so use the kernel as it is."))
_SWAPPED = N_("You applied a pair's numbers the wrong way round: a pair means (height, width), its first number "
              "is for H.")
_CONV_DIAGNOSES = [
    Diagnosis(_conv_no_padding, N_("You ignored padding: pad the input with `padding` zeros on every side first.")),
    Diagnosis(_conv_no_stride, N_("You ignored stride: the window moves by `stride` pixels.")),
    Diagnosis(_conv_swapped_pairs, _SWAPPED),
    _FLIPPED,
]

CONV2D = Exercise(
    name="cnn.conv2d",
    checks=[
        Check("values", 3, lambda ctx: [
            _conv_case(ctx, 1, 1, 5, 5, 1, 3, 3, F64),
            _conv_case(ctx, 2, 3, 7, 6, 4, 3, 2, F64),
            _conv_case(ctx, 3, 2, 6, 9, 5, 1, 1, F32),
            _conv_case(ctx, 2, 4, 8, 8, 3, 5, 3, F32),
        ], reference=_conv_ref, diagnoses=[_FLIPPED]),
        Check("no_bias", 1, lambda ctx: [
            _conv_case(ctx, 2, 2, 5, 6, 3, 3, 3, F64, bias=False),
            _conv_case(ctx, 1, 3, 4, 4, 2, 2, 2, F32, bias=False),
        ], reference=_conv_ref, diagnoses=[_FLIPPED]),
        Check("stride_and_padding", 3, lambda ctx: [
            _conv_case(ctx, 2, 3, 7, 7, 4, 3, 3, F64, stride=2),
            _conv_case(ctx, 1, 2, 6, 5, 3, 3, 3, F64, padding=1),
            _conv_case(ctx, 2, 2, 9, 8, 2, 3, 2, F64, stride=2, padding=1),
            _conv_case(ctx, 1, 3, 8, 7, 2, 3, 3, F64, stride=(2, 1), padding=(1, 2)),
            _conv_case(ctx, 2, 1, 10, 9, 3, 4, 2, F32, stride=3, padding=(0, 1)),
        ], reference=_conv_ref, diagnoses=_CONV_DIAGNOSES),
        Check("gradient", 2, lambda ctx: [
            _conv_case(ctx, 2, 2, 6, 5, 3, 3, 2, F64, grad=True, stride=2, padding=1),
            _conv_case(ctx, 1, 3, 5, 5, 2, 3, 3, F64, grad=True),
            _conv_case(ctx, 2, 2, 5, 4, 2, 2, 2, F64, bias=False, grad=True, padding=(1, 0)),
        ], reference=_conv_ref, diagnoses=_CONV_DIAGNOSES),
    ],
    # Tensor.unfold shares its name with F.unfold (im2col), which would do the exercise's work.
    forbidden=("conv1d", "conv2d", "conv3d", "Conv1d", "Conv2d", "Conv3d", "convolution", "_convolution",
               "conv_transpose1d", "conv_transpose2d", "ConvTranspose2d", "cudnn_convolution",
               "mkldnn_convolution", "thnn_conv2d", "_slow_conv2d_forward", "slow_conv_dilated2d", "conv_tbc",
               "unfold", "Unfold"),
)


# ---------------------------------------------------------------------------------------------
# max_pool2d and avg_pool2d

def _max_ref(x, kernel_size, stride=None):
    return F.max_pool2d(x, kernel_size, stride)


def _avg_ref(x, kernel_size, stride=None):
    return F.avg_pool2d(x, kernel_size, stride)


def _pool_case(ctx: CaseContext, shape, kernel_size, stride=None, *, dtype=F64, grad=False, keyword=False) -> Case:
    x = randn(ctx, *shape, dtype=dtype)
    args: tuple[object, ...]
    kwargs: dict[str, object]
    if stride is None:
        args, kwargs = (x, kernel_size), {}
    elif keyword:
        args, kwargs = (x, kernel_size), {"stride": stride}
    else:
        args, kwargs = (x, kernel_size, stride), {}
    label = _("input {tensor}, kernel_size={kernel_size}").format(tensor=describe(x), kernel_size=kernel_size)
    label += "" if stride is None else f", stride={stride}"
    return Case(args=args, kwargs=kwargs, grad_wrt=(0,) if grad else (), label=label)


def _default_cases(ctx: CaseContext) -> list[Case]:
    return [
        _pool_case(ctx, (1, 1, 4, 4), 2),
        _pool_case(ctx, (2, 3, 6, 5), 2, dtype=F32),
        _pool_case(ctx, (2, 2, 7, 9), 3),
        _pool_case(ctx, (1, 2, 6, 8), (2, 4)),
    ]


def _stride_cases(ctx: CaseContext) -> list[Case]:
    return [
        _pool_case(ctx, (2, 2, 7, 7), 3, 2),
        _pool_case(ctx, (1, 3, 5, 6), 2, 1, keyword=True),
        _pool_case(ctx, (2, 1, 9, 8), (2, 3), (1, 2)),
        _pool_case(ctx, (1, 2, 8, 6), 2, (3, 1), dtype=F32, keyword=True),
        _pool_case(ctx, (2, 2, 6, 6), 2, None, keyword=True),
    ]


def _pool_grad_cases(ctx: CaseContext) -> list[Case]:
    return [_pool_case(ctx, (2, 2, 6, 7), 2, grad=True), _pool_case(ctx, (1, 3, 7, 6), 3, (2, 1), grad=True)]


def _pool_diagnoses(ref):
    return {
        "stride_one": Diagnosis(lambda x, kernel_size, stride=None: ref(x, kernel_size,
                                                                        1 if stride is None else stride),
                                N_("You used stride 1 when stride is None: None means stride = kernel_size "
                                   "(non-overlapping windows).")),
        "swapped": Diagnosis(lambda x, kernel_size, stride=None: ref(x, _pair(kernel_size)[::-1],
                                                                     None if stride is None else _pair(stride)[::-1]),
                             _SWAPPED),
    }


_MAX_D = _pool_diagnoses(_max_ref)
_AVG_D = _pool_diagnoses(_avg_ref)


def _avg_sum(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    return _avg_ref(x, kernel_size, stride) * (kh * kw)


def _max_as_avg(x, kernel_size, stride=None):
    return _avg_ref(x, kernel_size, stride)


MAX_POOL2D = Exercise(
    name="cnn.max_pool2d",
    checks=[
        Check("default_stride", 2, _default_cases, reference=_max_ref,
              diagnoses=[_MAX_D["stride_one"], _MAX_D["swapped"],
                         Diagnosis(_max_as_avg, N_("You averaged each window: max pooling takes its maximum."))]),
        Check("stride", 2, _stride_cases, reference=_max_ref, diagnoses=[_MAX_D["stride_one"], _MAX_D["swapped"]]),
        Check("gradient", 2, _pool_grad_cases, reference=_max_ref, diagnoses=[_MAX_D["stride_one"], _MAX_D["swapped"]]),
    ],
    forbidden=("max_pool1d", "max_pool2d", "max_pool3d", "MaxPool1d", "MaxPool2d", "MaxPool3d",
               "max_pool2d_with_indices", "adaptive_max_pool2d", "AdaptiveMaxPool2d", "fractional_max_pool2d",
               "FractionalMaxPool2d", "lp_pool2d", "LPPool2d", "mkldnn_max_pool2d", "quantized_max_pool2d"),
)

AVG_POOL2D = Exercise(
    name="cnn.avg_pool2d",
    checks=[
        Check("default_stride", 2, _default_cases, reference=_avg_ref,
              diagnoses=[_AVG_D["stride_one"], _AVG_D["swapped"],
                         Diagnosis(_avg_sum, N_("You summed each window: divide the sum by the number of values in "
                                                "it."))]),
        Check("stride", 2, _stride_cases, reference=_avg_ref, diagnoses=[_AVG_D["stride_one"], _AVG_D["swapped"]]),
        Check("gradient", 1, _pool_grad_cases, reference=_avg_ref, diagnoses=[_AVG_D["stride_one"], _AVG_D["swapped"]]),
    ],
    # A convolution with a constant kernel would do the pooling for the student.
    forbidden=("avg_pool1d", "avg_pool2d", "avg_pool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
               "adaptive_avg_pool2d", "AdaptiveAvgPool2d", "lp_pool2d", "LPPool2d", "mkldnn_avg_pool2d",
               "conv1d", "conv2d", "conv3d", "Conv2d", "convolution", "_convolution"),
)

EXERCISES = [CONV_OUTPUT_SIZE, CONV2D, MAX_POOL2D, AVG_POOL2D]
