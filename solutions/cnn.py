"""Reference solutions: convolution arithmetic, 2-D convolution and pooling (NCHW).

Basic tensor operations only: no F.conv2d / nn.Conv2d / torch.convolution / unfold in `conv2d`
and `conv_output_size`, no library pooling (nor a convolution standing in for it) in the pools.
"""

import torch


def _pair(v):
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def conv_output_size(size, kernel, stride=1, padding=0, dilation=1):
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def conv2d(x, weight, bias=None, stride=1, padding=0):
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    n, c, h, w = x.shape
    kh, kw = weight.shape[2], weight.shape[3]
    xp = x.new_zeros((n, c, h + 2 * ph, w + 2 * pw))
    xp[:, :, ph:ph + h, pw:pw + w] = x
    ho = (h + 2 * ph - kh) // sh + 1
    wo = (w + 2 * pw - kw) // sw + 1
    out = x.new_zeros((n, weight.shape[0], ho, wo))
    # One matrix product per kernel offset: the input pixels that offset (i, j) meets at every
    # output position form a strided slice.
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, :, i:i + sh * (ho - 1) + 1:sh, j:j + sw * (wo - 1) + 1:sw]
            out = out + torch.einsum("nchw,oc->nohw", patch, weight[:, :, i, j])
    if bias is not None:
        out = out + bias.view(1, -1, 1, 1)
    return out


def _windows(x, kernel_size, stride):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    h, w = x.shape[-2], x.shape[-1]
    ho = (h - kh) // sh + 1
    wo = (w - kw) // sw + 1
    for i in range(kh):
        for j in range(kw):
            yield x[..., i:i + sh * (ho - 1) + 1:sh, j:j + sw * (wo - 1) + 1:sw]


def max_pool2d(x, kernel_size, stride=None):
    out = None
    for patch in _windows(x, kernel_size, stride):
        out = patch if out is None else torch.maximum(out, patch)
    return out.clone()


def avg_pool2d(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    total = None
    for patch in _windows(x, kernel_size, stride):
        total = patch if total is None else total + patch
    return total / (kh * kw)
