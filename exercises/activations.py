"""Exercises: activation functions.

Fill in each function, then run `grade submit` to see your score. 完成每个函数后运行 `grade submit` 查看得分。

Rules for every function here:
- take and return `torch.Tensor`s, keeping the input's shape, device and dtype;
- use basic tensor operations only (torch.exp, torch.log, torch.where, clamp, sum, amax, ...);
  each docstring lists what is forbidden: the operation itself and its `torch.nn.functional`,
  `torch.nn` and Tensor-method twins. A forbidden name anywhere in the function (or in a helper
  it calls) scores the exercise 0. 只能使用基本张量运算；禁止调用所实现运算的现成版本。
- be differentiable by autograd (no .item(), .numpy(), .detach() of the result), and do not
  modify the input in place. The grader compares gradients too, for sigmoid and tanh at exactly
  0 as well: autograd takes |x|′ = 0 and sign′(x) = 0 at x = 0, so a formula built on |x| loses
  its gradient there. 梯度也会检查（sigmoid、tanh 包括 x = 0 处）：不要用 |x| 构造公式。
"""

import torch


def sigmoid(x):
    """Logistic sigmoid, element-wise: σ(x) = 1 / (1 + e^(−x)).

    x: a tensor of any shape; returns a tensor of the same shape, device and dtype.
    Must stay finite, with a finite gradient, for inputs of any magnitude (e.g. ±1000 in float32):
    never exponentiate a large positive number. 对任意大小的输入都要数值稳定。
    Pick the formula by the sign of x with torch.where, and feed each branch x clamped to its side
    (x.clamp(min=0), x.clamp(max=0)): the branch torch.where discards is still computed, and an inf
    there turns the gradient into NaN. Do not build it on |x| (e^(−|x|)): its gradient at x = 0
    comes out 0, not σ′(0) = 1/4.

    Forbidden: sigmoid (torch.sigmoid, x.sigmoid(), F.sigmoid, nn.Sigmoid), torch.special.expit,
    logsigmoid / LogSigmoid.
    """
    raise NotImplementedError


def tanh(x):
    """Hyperbolic tangent, element-wise: tanh x = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ).

    x: a tensor of any shape; returns a tensor of the same shape, device and dtype.
    Must stay finite, with a finite gradient, for inputs of any magnitude (e.g. ±1000 in float32).
    对任意大小的输入都要数值稳定。
    As for sigmoid: branch on the sign of x with torch.where, each branch fed x clamped to its side
    (tanh is odd), and do not build it on |x|: tanh′(0) = 1 must survive.

    Forbidden: tanh (torch.tanh, x.tanh(), F.tanh, nn.Tanh), tanhshrink / Tanhshrink.
    """
    raise NotImplementedError


def relu(x):
    """Rectified linear unit, element-wise: relu(x) = max(0, x).

    x: a tensor of any shape; returns a tensor of the same shape, device and dtype.
    At 0, where ReLU has no derivative, PyTorch takes ReLU′(0) = 0 (the gradient flows only where
    x > 0); the notes (001 Q10) give the derivative 1 for x ≥ 0. Both are valid subgradients;
    torch.where(x > 0, x, 0) matches PyTorch. PyTorch 取 ReLU′(0) = 0。

    Forbidden: relu, relu6, threshold, leaky_relu, prelu, rrelu, elu, celu (torch.*, F.*, nn.*
    and Tensor methods, in-place variants included).
    """
    raise NotImplementedError


def leaky_relu(x, negative_slope=0.01):
    """Leaky ReLU, element-wise: x for x > 0, negative_slope · x otherwise.

    x: a tensor of any shape; negative_slope: a float. Returns a tensor of the same shape, device
    and dtype. 负半轴斜率由参数 negative_slope 决定。
    As with ReLU, PyTorch puts 0 on the negative side: the derivative at x = 0 is negative_slope.

    Forbidden: leaky_relu / LeakyReLU, prelu / PReLU, rrelu / RReLU.
    """
    raise NotImplementedError


def softmax(x, dim=-1):
    """Softmax along `dim`: softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ), the sum running along `dim` only.

    x: a tensor of any shape; returns a tensor of the same shape, device and dtype whose slices
    along `dim` are non-negative and sum to 1.
    Stable for logits of any magnitude (e.g. [1000, 1001, 1002] in float32): subtract the maximum
    along `dim` before exponentiating (softmax does not change when a constant is subtracted; the
    formula printed in the notes, 003, is garbled: no extra constant belongs in the denominator,
    TOPICS.md erratum 27). 先减去沿 dim 的最大值再取指数，避免溢出。

    Forbidden: softmax / Softmax (torch.softmax, x.softmax(), F.softmax, torch.special.softmax),
    softmin, log_softmax, logsumexp, gumbel_softmax.
    """
    raise NotImplementedError


def log_softmax(x, dim=-1):
    """Log-softmax along `dim`: log_softmax(x)ᵢ = xᵢ − log Σⱼ e^(xⱼ).

    x: a tensor of any shape; returns a tensor of the same shape, device and dtype.
    Stable for logits of any magnitude: with m = max along `dim`, compute
    (x − m) − log Σ e^(x − m). Taking log(softmax(x)) is not enough: probabilities that underflow
    to 0 give −inf. 不要对 softmax 的结果直接取对数。

    Forbidden: log_softmax / LogSoftmax (torch.log_softmax, x.log_softmax(), F.log_softmax,
    torch.special.log_softmax), logsumexp.
    """
    raise NotImplementedError
