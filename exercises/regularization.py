"""Exercises: weight-decay updates, inverted dropout and batch normalisation.

Where the course notes and PyTorch differ (the scale of the L2 penalty, classic vs inverted
dropout, what BN's momentum weighs), each docstring says which convention is graded; TOPICS.md's
errata (6, 13, 31, 32) explain the differences. 笔记与 PyTorch 约定不同之处，各函数说明中已注明。

Fill in each function, then run `grade submit` to see your score. 完成每个函数后运行 `grade submit` 查看得分。

Rules for every function here:
- take and return `torch.Tensor`s on the input's device and dtype;
- use basic tensor operations only; each docstring lists what is forbidden (the operation itself
  and its `torch.nn.functional` / `torch.nn` / `torch.optim` twins). A forbidden name anywhere
  in the function (or in a helper it calls) scores the exercise 0. 只能使用基本张量运算。
- be differentiable by autograd, and never modify an input in place, except batch_norm's running
  statistics, which are meant to be updated in place.
"""

import torch


def l1_update(w, grad, lr, lam, n):
    """One gradient step with L1 regularisation:
    w′ = w − lr · lam · sign(w) / n − lr · grad    (sign(0) = 0)

    w, grad: tensors of the same shape; lr (η), lam (λ): floats; n: the number of training samples.
    Returns the new weights as a new tensor (do not update w in place). 返回新张量，不要原地修改 w。
    Convention: a gradient step on E + (λ/n)·Σ|w| (the notes' 003 form), whose penalty gradient is
    λ·sign(w)/n; 000 writes the penalty λ·‖θ‖₁, without the 1/n.

    Forbidden: torch.optim (optim, SGD).
    """
    raise NotImplementedError


def l2_update(w, grad, lr, lam, n):
    """One gradient step with L2 regularisation (weight decay):
    w′ = (1 − lr · lam / n) · w − lr · grad

    w, grad: tensors of the same shape; lr (η), lam (λ): floats; n: the number of training samples.
    Returns the new weights as a new tensor (do not update w in place). 注意衰减因子中含学习率 η。
    Convention: a gradient step on E + (λ/2n)·Σw² (the notes' 003 form), whose penalty gradient is
    λ·w/n. The last line of 003's derivation drops η; it belongs there (TOPICS.md erratum 6).
    Other conventions give other factors (erratum 31): 000 writes the penalty λ·Σθ² (the squared
    L2 norm, erratum 3), whose gradient 2λθ would give 1 − 2ηλ; torch.optim.SGD(weight_decay=wd)
    adds wd·w to the gradient, so it performs this update with wd = λ/n.
    本题按 003：惩罚项 (λ/2n)·Σw²；000 的 λΣθ² 与 PyTorch 的 weight_decay 系数不同。

    Forbidden: torch.optim (optim, SGD).
    """
    raise NotImplementedError


def dropout(x, p, training=True, generator=None):
    """Inverted dropout; p is the probability of DROPPING an element. p 是丢弃概率。

    Convention (TOPICS.md erratum 13): the notes describe two kinds. Classic dropout (000) drops
    during training without rescaling and multiplies the weights by 1 − p at test time; inverted
    dropout (003, and PyTorch's F.dropout), graded here, divides the kept values by the keep
    probability 1 − p during training and is the identity at test time. 003 speaks of the ratio
    KEPT; p here is the ratio DROPPED, as in F.dropout. 本题为 inverted dropout（训练时除以 1 − p）。

    x: a tensor of any shape; p: a float in [0, 1]; generator: a torch.Generator or None.
    In training mode:
        keep = torch.rand(x.shape, generator=generator, device=x.device, dtype=x.dtype) >= p
        output = x · keep / (1 − p)      (exactly this mask: the grader replays your generator)
    p = 1 drops everything: return zeros (do not divide by 0). When training is False, return the
    input unchanged (a copy is fine). The output keeps x's shape, device and dtype.

    Forbidden: dropout / Dropout (and Dropout1d/2d/3d, dropout_), alpha_dropout, feature_dropout,
    feature_alpha_dropout, native_dropout.
    """
    raise NotImplementedError


def batch_norm(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch normalisation with PyTorch's semantics.

    x: (N, C) or (N, C, H, W); gamma, beta, running_mean, running_var: (C,), same device and dtype.
    Statistics are per channel, over every axis except C (N for 2-D input; N, H, W for 4-D).
    - training=True: μ = batch mean, σ² = BIASED batch variance (divide by the number of values n);
        y = gamma · (x − μ) / √(σ² + eps) + beta
      and update the running statistics IN PLACE (e.g. running_mean.mul_(...).add_(...)), using
      the UNBIASED batch variance (divide by n − 1) for running_var:
        running = (1 − momentum) · running + momentum · batch
      momentum weighs the NEW batch, as in PyTorch: the default 0.1 keeps 90 % of the old
      statistics. (Keras's momentum = 0.99 is the weight of the OLD statistics; the notes cover
      neither running statistics nor eps: TOPICS.md erratum 32.) momentum 是新批次的权重。
    - training=False: normalise with running_mean and running_var instead; change nothing.
    Returns y, the same shape, device and dtype as x. x, gamma and beta must not be modified.
    训练模式：用有偏方差归一化，并原地更新滑动统计量（滑动方差用无偏方差）；评估模式：用滑动统计量。

    Forbidden: batch_norm / BatchNorm1d/2d/3d (and native/cudnn variants), instance_norm /
    InstanceNorm*, layer_norm / LayerNorm, group_norm / GroupNorm.
    """
    raise NotImplementedError
