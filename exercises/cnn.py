"""Exercises: convolution arithmetic, 2-D convolution and pooling (NCHW layout).

Fill in each function, then run `grade submit` to see your score. 完成每个函数后运行 `grade submit` 查看得分。

Rules for every function here:
- take and return `torch.Tensor`s on the input's device and dtype (conv_output_size returns an int);
- images are NCHW: x has shape (N, C, H, W); a conv weight has shape (out_channels, C, kH, kW).
  The notes write images and feature maps height × width × channels (28×28×1, 6×6×128; 32
  filters of 1×1 as "1×1×32"); PyTorch and the grader put the batch first and the channels
  before the height: a 6×6×128 map is x of shape (N, 128, 6, 6), and 32 filters of 1×1 over it a
  weight of shape (32, 128, 1, 1). 张量布局为 NCHW（通道在前），不是笔记中的 H×W×C。
- `stride`, `padding` and `kernel_size` are an int (same for H and W) or a pair (for H, for W);
- use basic tensor operations only (indexing and slicing, torch.einsum / matmul, sum, amax,
  maximum, zeros...); each docstring lists what is forbidden. A forbidden name anywhere in the
  function (or in a helper it calls) scores the exercise 0. 只能使用基本张量运算。
- be differentiable by autograd, and do not modify the inputs in place.
"""

import torch


def conv_output_size(size, kernel, stride=1, padding=0, dilation=1):
    """Output length of a convolution along one axis, as PyTorch computes it:
    ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1

    All arguments are ints; returns an int. The division rounds DOWN. 向下取整。
    With dilation 1 this is the notes' (W + 2P − K)/S + 1. The notes (003) say to take the
    ceiling when it is not an integer: PyTorch's convolutions (and its pooling by default) floor;
    the ceiling is pooling's ceil_mode=True (TOPICS.md erratum 4). 笔记说向上取整，PyTorch 向下取整。

    Forbidden: running a convolution to measure it (conv1d/2d/3d, Conv1d/2d/3d, convolution).
    """
    raise NotImplementedError


def conv2d(x, weight, bias=None, stride=1, padding=0):
    """2-D convolution as in deep learning, i.e. cross-correlation (the kernel is NOT flipped):
    out[n, o, i, j] = bias[o] + Σ_c Σ_p Σ_q xpad[n, c, i·sH + p, j·sW + q] · weight[o, c, p, q]

    x: (N, C, H, W); weight: (O, C, kH, kW); bias: (O,) or None; stride, padding: int or pair.
    xpad is x with `padding` zeros added on both sides of H and W. Returns (N, O, H_out, W_out)
    with H_out = ⌊(H + 2·pH − kH) / sH⌋ + 1 (same for W). 不翻转卷积核（互相关）。
    Tip: loop over the kH·kW kernel offsets and take strided slices of xpad, not over pixels.

    Forbidden: conv1d/conv2d/conv3d, Conv1d/2d/3d, convolution, conv_transpose*, unfold / Unfold
    (Tensor.unfold included: it shares its name with F.unfold).
    """
    raise NotImplementedError


def max_pool2d(x, kernel_size, stride=None):
    """2-D max pooling without padding: the maximum of each kH × kW window.

    x: (N, C, H, W); kernel_size: int or pair; stride: int, pair or None — None means
    stride = kernel_size (non-overlapping windows). Returns (N, C, H_out, W_out) with
    H_out = ⌊(H − kH) / sH⌋ + 1 (same for W); leftover rows/columns are ignored: floor, as
    PyTorch's default ceil_mode=False, not the notes' ceiling (TOPICS.md erratum 4; the notes'
    example (28 − 2)/2 + 1 = 14 has stride 2, not 1: erratum 5). stride 为 None 时等于 kernel_size。

    Forbidden: max_pool1d/2d/3d, MaxPool1d/2d/3d, max_pool2d_with_indices, adaptive / fractional /
    lp pooling.
    """
    raise NotImplementedError


def avg_pool2d(x, kernel_size, stride=None):
    """2-D average pooling without padding: the mean of each kH × kW window.

    x: (N, C, H, W); kernel_size: int or pair; stride: int, pair or None — None means
    stride = kernel_size. Returns (N, C, H_out, W_out) with H_out = ⌊(H − kH) / sH⌋ + 1 (same for W):
    floor, not the notes' ceiling (TOPICS.md erratum 4). stride 为 None 时等于 kernel_size。

    Forbidden: avg_pool1d/2d/3d, AvgPool1d/2d/3d, adaptive / lp pooling, and convolutions
    (conv2d, Conv2d, convolution) standing in for the pooling.
    """
    raise NotImplementedError
