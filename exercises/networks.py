"""Exercises: the perceptron learning rule and one backpropagation step by hand.

Fill in each function, then run `grade submit` to see your score. 完成每个函数后运行 `grade submit` 查看得分。

Rules for every function here:
- take and return `torch.Tensor`s on the input's device and dtype;
- use basic tensor operations only (indexing, @ / matmul, torch.outer, torch.sigmoid, zeros...);
  each docstring lists what is forbidden. A forbidden name anywhere in the function (or in a
  helper it calls) scores the exercise 0. 只能使用基本张量运算。
- do not modify the inputs in place: return new tensors.
"""

import torch


def perceptron_train(X, y, lr=1.0, epochs=100):
    """Train a perceptron with the perceptron learning rule; return (w, b).

    X: (m, d) inputs; y: (m,) labels 0 or 1 (same dtype as X); lr: the learning rate; epochs: the
    most passes over the data.
    - Start from w = 0 (shape (d,)) and b = 0 (a 0-d tensor), in X's dtype and on X's device.
    - The prediction is ŷ = 1 if w·x + b > 0, else 0 (strictly greater: a point exactly on the
      boundary, as every point is at the start, is predicted 0).
    - In each epoch visit the samples in order, i = 0, 1, ..., m − 1, and after each one update
          w ← w + lr·(y − ŷ)·x,    b ← b + lr·(y − ŷ)
      (nothing changes when ŷ = y; the next sample already sees the new w and b).
    - Stop after the first epoch without a mistake, or after `epochs` epochs, whichever is first.
    Returns (w, b): w of shape (d,), b a 0-d tensor. On linearly separable data (AND, OR, not XOR)
    the loop ends with weights that classify every training point correctly.
    Labels are 0/1 here. Textbooks often write the rule with ±1 labels (update when
    y·(w·x + b) ≤ 0); that form also counts a label-0 point on the boundary as a mistake, so it
    gives different weights: do not use it here.
    标签为 0/1；预测为 1 当且仅当 w·x + b > 0；按顺序逐个样本更新，一轮无错误即停止。

    Forbidden: torch.optim (optim, SGD), autograd (backward, autograd), library perceptrons
    (Perceptron, sklearn).
    """
    raise NotImplementedError


def two_layer_backprop(x, target, W1, b1, W2, b2, lr):
    """One step of gradient descent on the weights of a two-layer sigmoid network; return (W1′, W2′).

    x: (d,) input; target: (k,); W1: (h, d); W2: (k, h); b1: a number or an (h,) tensor; b2: a
    number or a (k,) tensor; lr: the learning rate η. All tensors share a dtype and device.
    Forward:   h = σ(W1·x + b1),   o = σ(W2·h + b2),   E = Σⱼ ½(targetⱼ − oⱼ)²  (a sum, not a mean)
    Backward:  ∂E/∂W2 = δ_o·hᵀ with δ_o = (o − target)·o(1 − o)
               ∂E/∂W1 = δ_h·xᵀ with δ_h = (W2ᵀ·δ_o)·h(1 − h)     (σ′(z) = σ(z)(1 − σ(z)))
    Update:    W1′ = W1 − η·∂E/∂W1,   W2′ = W2 − η·∂E/∂W2; the biases stay fixed.
    Both gradients use the weights BEFORE the step: δ_h goes back through the old W2. Every weight
    W[i, j] connects input j to unit i (PyTorch's (out, in) layout), so ∂E/∂W has W's shape.
    Returns (W1′, W2′) as new tensors; W1 and W2 themselves stay unchanged.
    The notes' worked example (002 §3: x = (0.05, 0.10), W1 = [[0.15, 0.20], [0.25, 0.30]],
    b1 = 0.35, W2 = [[0.40, 0.45], [0.50, 0.55]], b2 = 0.60, target = (0.01, 0.99), η = 0.5)
    gives W2′[0, 0] = w5′ = 0.35891648 and W1′[0, 0] = w1′ = 0.14978072.
    两个梯度都用更新前的 W2 计算；隐藏层误差要汇总所有输出传回的误差。

    torch.sigmoid is allowed. Forbidden: autograd in any form (.backward(), .grad,
    torch.autograd, torch.func / functorch, requires_grad_, enable_grad, jacobian, vjp...) and
    torch.optim.
    """
    raise NotImplementedError
