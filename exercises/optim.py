"""Exercises: one step of each gradient-descent optimiser of the course (SGD, momentum, Nesterov,
Adagrad, RMSprop, Adam) and exponential learning-rate decay.

Fill in each function, then run `grade submit` to see your score. 完成每个函数后运行 `grade submit` 查看得分。

Rules for every function here:
- each function makes ONE step: it takes the parameters w and the optimiser's state (m, G, v...)
  and returns the new parameters and the new state, as new tensors. Do NOT modify w, the state or
  g in place (no `w -= ...`, `m.mul_(...)`): the grader calls your function on the state it
  computed for the previous step and compares the parameters AND the returned state after every
  step. 每次调用只做一步；返回新的参数和新的状态，不要原地修改输入。
- take and return `torch.Tensor`s on the input's device and dtype; lr, gamma, alpha, beta1,
  beta2, eps are Python floats; every operation is elementwise;
- use basic tensor operations only (arithmetic, torch.sqrt...). torch.optim is forbidden in every
  function (optim, SGD, Adam, Adagrad, RMSprop, the functional API `torch.optim._functional`,
  lr_scheduler, ExponentialLR...): a forbidden name anywhere in the function (or in a helper it
  calls) scores the exercise 0. 禁止使用 torch.optim。
Where the course notes and PyTorch differ, the notes' formulas are graded, except for Adam, which
the notes do not spell out (TOPICS.md erratum 23) and which follows torch.optim.Adam:
- momentum: the notes keep m′ = γ·m + η·g and step w′ = w − m′ (η inside m); torch.optim.SGD keeps
  a buffer b′ = μ·b + g and steps w′ = w − η·b′ (so m = η·b while η is constant);
- Adagrad and RMSprop: the notes put eps INSIDE the square root, √(G′ + eps); torch.optim.Adagrad
  and RMSprop add it outside, √G′ + eps. RMSprop's default alpha here is 0.9 (PyTorch's is 0.99);
- Adam: eps is added OUTSIDE the square root, to √v̂, as torch.optim.Adam does.
笔记与 PyTorch 约定不同之处（动量的写法、eps 在根号内外），以各函数说明为准。
"""

import torch


def sgd_step(w, g, lr):
    """One step of (stochastic) gradient descent:
    w′ = w − lr · g

    w, g: tensors of the same shape (g is the gradient of the loss at w); lr (η): a float.
    Returns w′ as a new tensor (do not update w in place). 返回新张量。

    Forbidden: torch.optim (optim, SGD, _functional...).
    """
    raise NotImplementedError


def momentum_step(w, m, g, lr, gamma=0.9):
    """One step of gradient descent with momentum (SGD-M), the notes' form:
    m′ = γ · m + η · g
    w′ = w − m′
    Returns (w′, m′). Start a training run from m = 0.

    w, m, g: tensors of the same shape; lr (η), gamma (γ): floats.
    Convention: the learning rate is INSIDE m (the notes). torch.optim.SGD(momentum=γ) keeps a
    buffer without it, b′ = γ·b + g, w′ = w − η·b′: the same steps while η is constant, but another
    state (m = η·b). Return the notes' m′. 动量按笔记：m′ = γm + ηg，w′ = w − m′（与 PyTorch 的 buffer 不同）。

    Forbidden: torch.optim (optim, SGD, _functional...).
    """
    raise NotImplementedError


def nesterov_step(w, m, grad_fn, lr, gamma=0.9):
    """One step of Nesterov accelerated gradient (NAG), the notes' form:
    g  = grad_fn(w − γ · m)      the gradient at the look-ahead point, not at w
    m′ = γ · m + η · g
    w′ = w − m′
    Returns (w′, m′).

    w, m: tensors of the same shape; grad_fn: a function that takes a tensor shaped like w and
    returns the gradient of the loss at that point (the grader's is elementwise and not linear, so
    where you evaluate it shows); lr (η), gamma (γ): floats.
    Convention (TOPICS.md erratum 19): the look-ahead gradient is taken at w − γ·m, the point
    BEFORE the step, with m the state passed in. torch.optim.SGD(nesterov=True) uses a
    reformulation with its own buffer that evaluates the gradient at w; it is not graded here.
    梯度在前瞻点 w − γm 处计算，而不是在 w 处。

    Forbidden: torch.optim (optim, SGD, _functional...).
    """
    raise NotImplementedError


def adagrad_step(w, G, g, lr, eps=1e-8):
    """One step of Adagrad:
    G′ = G + g²                    (elementwise: the running sum of squared gradients)
    w′ = w − η · g / √(G′ + eps)
    Returns (w′, G′). Start a training run from G = 0.

    w, G, g: tensors of the same shape; lr (η), eps: floats.
    Convention: eps goes INSIDE the square root (the notes); torch.optim.Adagrad adds it outside,
    √G′ + eps. Use G′, the sum INCLUDING this step's gradient. As G grows, the effective learning
    rate η/√(G′ + eps) shrinks towards 0 (TOPICS.md erratum 20: the step size vanishes, not the
    gradient). eps 在根号内。

    Forbidden: torch.optim (optim, Adagrad, _functional...).
    """
    raise NotImplementedError


def rmsprop_step(w, v, g, lr, alpha=0.9, eps=1e-8):
    """One step of RMSprop:
    v′ = α · v + (1 − α) · g²      (an exponential moving average of squared gradients)
    w′ = w − η · g / √(v′ + eps)
    Returns (w′, v′). Start a training run from v = 0.

    w, v, g: tensors of the same shape; lr (η), alpha (α), eps: floats.
    Convention: eps goes INSIDE the square root (the notes); torch.optim.RMSprop adds it outside,
    √v′ + eps, and its default alpha is 0.99, not 0.9. α weighs the OLD average. eps 在根号内。

    Forbidden: torch.optim (optim, RMSprop, _functional...).
    """
    raise NotImplementedError


def adam_step(w, m, v, g, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """One step of Adam, exactly as torch.optim.Adam (no weight decay, no amsgrad):
    m′ = β₁ · m + (1 − β₁) · g
    v′ = β₂ · v + (1 − β₂) · g²
    m̂ = m′ / (1 − β₁ᵗ)            bias correction
    v̂ = v′ / (1 − β₂ᵗ)
    w′ = w − η · m̂ / (√v̂ + eps)
    Returns (w′, m′, v′): the moving averages WITHOUT bias correction are the state.

    w, m, v, g: tensors of the same shape; t: an int, the number of THIS step, counting from 1 (the
    first step of a run has t = 1, m = v = 0; do not add 1 to it); lr (η), beta1, beta2, eps: floats.
    The notes name Adam without its equations (TOPICS.md erratum 23): this is the standard
    update. eps is added OUTSIDE the square root, to √v̂. 偏差修正：t 从 1 开始计数。

    Forbidden: torch.optim (optim, Adam, AdamW, _functional...).
    """
    raise NotImplementedError


def exponential_decay(lr0, decay_rate, step, decay_steps):
    """Exponential learning-rate decay, continuous:
    lr = lr0 · decay_rate ^ (step / decay_steps)

    lr0, decay_rate: floats; step (t), decay_steps (T): ints. Returns a Python float.
    Convention (TOPICS.md erratum 14): exponential decay is lr0·γ^(t/T) with a TRUE division, so the
    rate falls a little at every step. Dividing with // (the "staircase" schedule) gives step decay,
    which the notes (004 Q27) call exponential; it is not graded here. 用真除法 t/T，不是整除。

    Forbidden: torch.optim (optim, lr_scheduler, ExponentialLR...).
    """
    raise NotImplementedError
