"""Exercises: loss functions and hand-written logistic-regression gradients.

Fill in each function, then run `grade submit` to see your score. 完成每个函数后运行 `grade submit` 查看得分。

Rules for every function here:
- take and return `torch.Tensor`s on the input's device and dtype; a loss is a 0-d tensor;
- use basic tensor operations only; each docstring lists what is forbidden (the loss itself and
  its `torch.nn.functional` / `torch.nn` twins). A forbidden name anywhere in the function (or in
  a helper it calls) scores the exercise 0. 只能使用基本张量运算。
- be differentiable by autograd (no .item(), .numpy(), .detach() of the result), and do not
  modify the inputs in place.
"""

import torch


def mse_loss(pred, target):
    """Mean squared error: L = (1/N) · Σᵢ (predᵢ − targetᵢ)², the mean over ALL elements.

    pred, target: tensors of the same (any) shape. Returns a 0-d tensor.
    No factor ½ and no square root. 对所有元素取平均。
    Convention: this is PyTorch's F.mse_loss. The notes' squared-error loss carries a ½ (for
    logistic regression L = 1/(2m)·Σ(ŷ − y)², so that the 2 of the derivative cancels; TOPICS.md
    erratum 31): that one is logistic_regression_grads' loss="mse" below, not this function.
    本函数与 PyTorch 一致，没有笔记中的 ½。

    Forbidden: mse_loss / MSELoss.
    """
    raise NotImplementedError


def binary_cross_entropy(prob, target):
    """Binary cross-entropy, averaged over all elements:
    L = −(1/N) · Σᵢ [yᵢ · ln pᵢ + (1 − yᵢ) · ln(1 − pᵢ)].

    prob: probabilities in [0, 1]; target: values in [0, 1] (usually 0 or 1); same (any) shape.
    Returns a 0-d tensor.
    As PyTorch does, clamp each logarithm at −100 (ln p → max(ln p, −100), same for ln(1 − p))
    before multiplying, so that a probability of exactly 0 or 1 on the right class costs 0 instead
    of 0·(−inf) = NaN. 对数先截断到不小于 −100。

    Forbidden: binary_cross_entropy / BCELoss, binary_cross_entropy_with_logits /
    BCEWithLogitsLoss, cross_entropy / CrossEntropyLoss, nll_loss / NLLLoss.
    """
    raise NotImplementedError


def cross_entropy(logits, target):
    """Softmax cross-entropy, averaged over the batch:
    L = (1/N) · Σₙ −log softmax(logitsₙ)[targetₙ].

    logits: (N, C) unnormalised scores; target: (N,) int64 class indices in [0, C).
    Returns a 0-d tensor. Stable for logits of any magnitude (e.g. ±1000 in float32): work with
    log-probabilities (x − max) − log Σ e^(x − max), never with exp of the raw logits.
    对数概率要先减去每行最大值再计算。

    Forbidden: cross_entropy / CrossEntropyLoss, nll_loss / NLLLoss, log_softmax / LogSoftmax,
    logsumexp.
    """
    raise NotImplementedError


def logistic_regression_grads(X, y, w, b, loss):
    """Gradients (dw, db) of a logistic-regression loss, written out by hand (no autograd).

    X: (m, d) inputs; y: (m,) labels in {0, 1} (same dtype as X); w: (d,) weights; b: 0-d bias.
    With z = X·w + b and σ = sigmoid(z):
    - loss == "mse": L = 1/(2m) · Σ (σ − y)²
    - loss == "ce":  L = 1/m · Σ [−y · ln σ − (1 − y) · ln(1 − σ)]
    Returns (dw, db): dw of shape (d,), db a 0-d tensor, on X's device and dtype.
    Conventions (TOPICS.md erratum 31): loss == "mse" is the notes' 1/(2m)·Σ(σ − y)², WITH the ½,
    i.e. half of F.mse_loss(σ, y) (mse_loss above has no ½), so its gradients are half of what
    mse_loss's would be. y is the true label and σ the prediction (the notes, 000, write ŷ for the
    label). 这里 "mse" 按笔记带 ½：L = 1/(2m)·Σ(σ − y)²。
    Hint: apply the chain rule dL/dw = Xᵀ · dL/dz; for "mse" σ′(z) = σ(1 − σ) appears.
    提示：链式法则；均方误差损失会多出 σ(1 − σ) 因子。

    torch.sigmoid is allowed here. Forbidden: autograd in any form (.backward(), .grad,
    torch.autograd, torch.func / functorch, requires_grad_, enable_grad, jacobian, vjp...).
    """
    raise NotImplementedError
