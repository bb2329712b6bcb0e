"""Plain-pytest baseline: the test file an instructor would hand to GitHub Classroom's python grader.

One file, no sandbox, no timeouts, no subprocesses: the nine student modules are imported
in-process from a folder (default `solutions/`, or `PLAIN_EXERCISES=/path/to/folder`) and every
function in EXERCISES.md is checked against PyTorch on a few seeded random inputs: outputs with
`torch.testing.assert_close`, and, where the function is differentiable, the input gradients by
back-propagating the same random cotangent through the student's function and the reference.

    python -m pytest -q -p no:cacheprovider benchmarks/plain_pytest/test_plain.py
    PLAIN_EXERCISES=exercises python -m pytest -q -p no:cacheprovider benchmarks/plain_pytest/test_plain.py

Not collected by the project's own run (pyproject's testpaths = ["tests"]).
"""

import functools
import importlib.util
import math
import os
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call
from torch.testing import assert_close

REPO = Path(__file__).resolve().parents[2]
FOLDER = Path(os.environ.get("PLAIN_EXERCISES") or REPO / "solutions").resolve()
DT = torch.float64
SEEDS = [0, 1, 2]


# --------------------------------------------------------------------------------------- helpers
@functools.cache
def _module(name):
    path = FOLDER / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"plain_student_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def student(qualname):
    """`student("rnn.gru_cell")`: the student's function (a missing module or name fails the test)."""
    mod, fn = qualname.split(".")
    return getattr(_module(mod), fn)


def gen(seed):
    return torch.Generator().manual_seed(seed)


def randn(g, *shape, scale=1.0):
    return torch.randn(shape, generator=g, dtype=DT) * scale


def _tuple(out):
    return tuple(out) if isinstance(out, (tuple, list)) else (out,)


def check(fn, ref, *args, grad=True, grad_args=None, seed=0, **kwargs):
    """Compare fn(*args, **kwargs) with ref(*args, **kwargs): every output, the inputs left
    untouched, and (if grad) the gradients w.r.t. the floating-point tensor arguments (or
    `grad_args`, their indices) for a random cotangent on every output."""
    if grad_args is None:
        grad_args = [i for i, a in enumerate(args) if torch.is_tensor(a) and a.is_floating_point()]
    grad_args = grad_args if grad else []

    def prep():
        return [a.detach().clone().requires_grad_(i in grad_args) if torch.is_tensor(a) else a
                for i, a in enumerate(args)]

    s_args, r_args = prep(), prep()
    before = [a.detach().clone() if torch.is_tensor(a) else None for a in args]
    out_s, out_r = _tuple(fn(*s_args, **kwargs)), _tuple(ref(*r_args, **kwargs))
    assert len(out_s) == len(out_r), f"expected {len(out_r)} outputs, got {len(out_s)}"
    for k, (a, b) in enumerate(zip(out_s, out_r)):
        assert_close(a, b, msg=lambda m, k=k: f"output {k}: {m}")
    for i, b in enumerate(before):
        if b is not None:
            assert torch.equal(s_args[i].detach(), b), f"argument {i} was modified in place"
    if not grad_args:
        return
    g = gen(seed + 1000)
    cots = [torch.randn(o.shape, generator=g, dtype=o.dtype) for o in out_r]
    loss_s = sum((o * c).sum() for o, c in zip(out_s, cots))
    loss_r = sum((o * c).sum() for o, c in zip(out_r, cots))
    assert loss_s.requires_grad, "the output is not differentiable (detached from the inputs?)"
    gs = torch.autograd.grad(loss_s, [s_args[i] for i in grad_args], allow_unused=True)
    gr = torch.autograd.grad(loss_r, [r_args[i] for i in grad_args], allow_unused=True)
    for i, a, b in zip(grad_args, gs, gr):
        a = torch.zeros_like(args[i]) if a is None else a
        b = torch.zeros_like(args[i]) if b is None else b
        assert_close(a, b, msg=lambda m, i=i: f"gradient w.r.t. argument {i}: {m}")


# ----------------------------------------------------------------------------------- activations
ACTIVATIONS = {  # case: (student function, PyTorch reference, keyword arguments)
    "sigmoid": ("sigmoid", torch.sigmoid, {}),
    "tanh": ("tanh", torch.tanh, {}),
    "relu": ("relu", F.relu, {}),
    "leaky_relu": ("leaky_relu", F.leaky_relu, {}),
    "leaky_relu_slope0.2": ("leaky_relu", F.leaky_relu, {"negative_slope": 0.2}),
    "softmax": ("softmax", F.softmax, {"dim": -1}),
    "softmax_dim0": ("softmax", F.softmax, {"dim": 0}),
    "log_softmax": ("log_softmax", F.log_softmax, {"dim": -1}),
    "log_softmax_dim1": ("log_softmax", F.log_softmax, {"dim": 1}),
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("case", list(ACTIVATIONS))
def test_activation(case, seed):
    name, ref, kwargs = ACTIVATIONS[case]
    x = randn(gen(seed), 4, 5, 6, scale=3.0)
    check(student("activations." + name), ref, x, seed=seed, **kwargs)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu"])
def test_activation_extreme_float32(name):
    # Finite values and gradients at ±1000 in float32, and the exact gradient at 0.
    ref = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": F.relu, "leaky_relu": F.leaky_relu}[name]
    x = torch.tensor([-1000.0, -100.0, -20.0, -1.0, -1e-3, 0.0, 1e-3, 1.0, 20.0, 100.0, 1000.0])
    check(student("activations." + name), ref, x)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_extreme_float32(name):
    ref = {"softmax": F.softmax, "log_softmax": F.log_softmax}[name]
    x = torch.tensor([[1000.0, 0.0, -1000.0], [1e4, 1e4 - 1, 0.0], [-1e4, -1e4, -1e4 + 2]])
    check(student("activations." + name), ref, x, dim=-1)


# ---------------------------------------------------------------------------------------- losses
@pytest.mark.parametrize("seed", SEEDS)
def test_mse_loss(seed):
    g = gen(seed)
    check(student("losses.mse_loss"), F.mse_loss, randn(g, 7, 3), randn(g, 7, 3), seed=seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_binary_cross_entropy(seed):
    g = gen(seed)
    prob = torch.sigmoid(randn(g, 10, scale=2.0))
    target = torch.rand(10, generator=g, dtype=DT) if seed == 2 else (torch.rand(10, generator=g) > 0.5).to(DT)
    check(student("losses.binary_cross_entropy"), F.binary_cross_entropy, prob, target, grad_args=[0], seed=seed)


def test_binary_cross_entropy_saturated():
    # PyTorch clamps each log at -100: 0·log 0 counts 0, a confident wrong answer costs 100.
    prob = torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5], dtype=DT)
    target = torch.tensor([0.0, 1.0, 1.0, 0.0, 1.0], dtype=DT)
    check(student("losses.binary_cross_entropy"), F.binary_cross_entropy, prob, target, grad=False)


@pytest.mark.parametrize("seed", SEEDS)
def test_cross_entropy(seed):
    g = gen(seed)
    logits = randn(g, 8, 5, scale=3.0)
    target = torch.randint(0, 5, (8,), generator=g)
    check(student("losses.cross_entropy"), F.cross_entropy, logits, target, seed=seed)


def test_cross_entropy_extreme_float32():
    logits = torch.tensor([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 999.0], [5e3, 5e3, 5e3]])
    target = torch.tensor([1, 2, 0])
    check(student("losses.cross_entropy"), F.cross_entropy, logits, target)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("loss", ["mse", "ce"])
def test_logistic_regression_grads(loss, seed):
    g = gen(seed)
    m, d = 12, 4
    X, w, b = randn(g, m, d), randn(g, d), randn(g)
    y = (torch.rand(m, generator=g) > 0.5).to(DT)
    wr, br = w.clone().requires_grad_(), b.clone().requires_grad_()
    z = X @ wr + br
    if loss == "mse":
        L = ((torch.sigmoid(z) - y) ** 2).sum() / (2 * m)
    else:
        L = F.binary_cross_entropy_with_logits(z, y)
    dw_ref, db_ref = torch.autograd.grad(L, [wr, br])
    dw, db = student("losses.logistic_regression_grads")(X, y, w, b, loss)
    assert_close(dw, dw_ref)
    assert_close(torch.as_tensor(db, dtype=DT).reshape(()), db_ref)


# -------------------------------------------------------------------------------- regularization
@pytest.mark.parametrize("seed", SEEDS)
def test_l1_update(seed):
    g = gen(seed)
    w, grad = randn(g, 3, 4), randn(g, 3, 4)
    w[0, 0] = 0.0  # sign(0) = 0
    lr, lam, n = 0.1, 0.5, 20
    p = nn.Parameter(w.clone())
    (lam / n * p.abs().sum() + (p * grad).sum()).backward()  # data-loss gradient + L1 penalty
    torch.optim.SGD([p], lr=lr).step()
    out = student("regularization.l1_update")(w.clone(), grad, lr, lam, n)
    assert_close(out, p.detach())


@pytest.mark.parametrize("seed", SEEDS)
def test_l2_update(seed):
    g = gen(seed)
    w, grad = randn(g, 3, 4), randn(g, 3, 4)
    lr, lam, n = 0.1, 0.5, 20
    p = nn.Parameter(w.clone())
    p.grad = grad.clone()
    torch.optim.SGD([p], lr=lr, weight_decay=lam / n).step()  # decoupled into the gradient: same step
    out = student("regularization.l2_update")(w.clone(), grad, lr, lam, n)
    assert_close(out, p.detach())


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("p", [0.25, 0.5, 0.8])
def test_dropout_training(p, seed):
    x = randn(gen(seed), 6, 7).requires_grad_()
    out = student("regularization.dropout")(x, p, True, gen(100 + seed))
    keep = torch.rand(x.shape, generator=gen(100 + seed), dtype=DT) >= p
    expected = x.detach() * keep / (1 - p)
    assert_close(out, expected)
    cot = randn(gen(seed + 7), 6, 7)
    (gx,) = torch.autograd.grad((out * cot).sum(), [x])
    assert_close(gx, cot * keep / (1 - p))


def test_dropout_edge_cases():
    dropout = student("regularization.dropout")
    x = randn(gen(0), 5, 5)
    assert_close(dropout(x, 0.5, training=False), F.dropout(x, 0.5, training=False))
    assert_close(dropout(x, 0.0, training=True, generator=gen(0)), x)
    assert_close(dropout(x, 1.0, training=True, generator=gen(0)), F.dropout(x, 1.0, training=True))


BN_CASES = [((8, 3), True, 0.1), ((8, 3), False, 0.1), ((4, 3, 5, 5), True, 0.1),
            ((4, 3, 5, 5), False, 0.1), ((6, 2, 3, 4), True, 0.3)]


@pytest.mark.parametrize("shape,training,momentum", BN_CASES)
def test_batch_norm(shape, training, momentum):
    g = gen(len(shape) + int(training))
    C = shape[1]
    x = randn(g, *shape, scale=2.0) + 1.0
    gamma, beta = randn(g, C), randn(g, C)
    rm, rv = randn(g, C), torch.rand(C, generator=g, dtype=DT) + 0.5
    rm_s, rv_s, rm_r, rv_r = rm.clone(), rv.clone(), rm.clone(), rv.clone()

    def fn(x, gamma, beta):
        return student("regularization.batch_norm")(x, gamma, beta, rm_s, rv_s, training, momentum=momentum)

    def ref(x, gamma, beta):
        return F.batch_norm(x, rm_r, rv_r, gamma, beta, training=training, momentum=momentum)

    check(fn, ref, x, gamma, beta)  # the forward pass runs once for each, so the stats update once
    assert_close(rm_s, rm_r, msg="running_mean")
    assert_close(rv_s, rv_r, msg="running_var")


# ------------------------------------------------------------------------------------------- cnn
@pytest.mark.parametrize("size,kernel,stride,padding,dilation",
                         [(7, 3, 1, 0, 1), (8, 3, 2, 1, 1), (10, 4, 3, 2, 1), (9, 3, 2, 0, 2), (5, 5, 1, 0, 1)])
def test_conv_output_size(size, kernel, stride, padding, dilation):
    out = F.conv2d(torch.zeros(1, 1, size, size), torch.zeros(1, 1, kernel, kernel),
                   stride=stride, padding=padding, dilation=dilation)
    got = student("cnn.conv_output_size")(size, kernel, stride, padding, dilation)
    assert int(got) == got and got == out.shape[-1]


CONV_CASES = [(1, 0, True), (2, 1, False), ((2, 1), (0, 2), True)]


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("stride,padding,bias", CONV_CASES)
def test_conv2d(stride, padding, bias, seed):
    g = gen(seed)
    x, w = randn(g, 2, 3, 7, 8), randn(g, 4, 3, 3, 2)
    b = randn(g, 4) if bias else None
    args = (x, w, b) if bias else (x, w)
    check(student("cnn.conv2d"), F.conv2d, *args, stride=stride, padding=padding, seed=seed)


POOL_CASES = [(2, None), (3, 2), ((3, 2), (1, 2)), ((2, 3), None)]


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("kernel,stride", POOL_CASES)
@pytest.mark.parametrize("name", ["max_pool2d", "avg_pool2d"])
def test_pool2d(name, kernel, stride, seed):
    x = randn(gen(seed), 2, 3, 7, 8)
    ref = getattr(F, name)
    fn = student("cnn." + name)
    check(lambda x: fn(x, kernel, stride), lambda x: ref(x, kernel, stride), x, seed=seed)


# ------------------------------------------------------------------------------------------- rnn
def _cell_ref(module):
    def ref(x, *state_and_weights):
        *state, W_ih, W_hh, b_ih, b_hh = state_and_weights
        params = {"weight_ih": W_ih, "weight_hh": W_hh, "bias_ih": b_ih, "bias_hh": b_hh}
        return functional_call(module, params, (x, tuple(state) if len(state) > 1 else state[0]))
    return ref


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_recurrent_cell(kind, seed):
    g = gen(seed)
    N, D, H = 3, 4, 5
    gates = {"rnn": 1, "lstm": 4, "gru": 3}[kind]
    module = {"rnn": nn.RNNCell, "lstm": nn.LSTMCell, "gru": nn.GRUCell}[kind](D, H, dtype=DT)
    x, h = randn(g, N, D), randn(g, N, H)
    state = (h, randn(g, N, H)) if kind == "lstm" else (h,)
    weights = (randn(g, gates * H, D, scale=0.5), randn(g, gates * H, H, scale=0.5),
               randn(g, gates * H, scale=0.5), randn(g, gates * H, scale=0.5))
    check(student(f"rnn.{kind}_cell"), _cell_ref(module), x, *state, *weights, seed=seed)


@pytest.mark.parametrize("seed,T", [(0, 6), (1, 3), (2, 1)])
def test_rnn_forward(seed, T):
    g = gen(seed)
    N, D, H = 2, 3, 4
    module = nn.RNN(D, H, dtype=DT)

    def ref(xs, h0, W_ih, W_hh, b_ih, b_hh):
        params = {"weight_ih_l0": W_ih, "weight_hh_l0": W_hh, "bias_ih_l0": b_ih, "bias_hh_l0": b_hh}
        out, h_n = functional_call(module, params, (xs, h0.unsqueeze(0)))
        return out, h_n[0]

    args = (randn(g, T, N, D), randn(g, N, H), randn(g, H, D, scale=0.5), randn(g, H, H, scale=0.5),
            randn(g, H, scale=0.5), randn(g, H, scale=0.5))
    check(student("rnn.rnn_forward"), ref, *args, seed=seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_bptt_linear(seed):
    g = gen(seed)
    T = 5
    xs, ys = randn(g, T), randn(g, T)
    w_x, w_s, w_o, s0 = (randn(g, scale=0.8) for _ in range(4))
    params = [t.clone().requires_grad_() for t in (w_x, w_s, w_o)]
    s, L = s0, 0.0
    for t in range(T):
        s = params[1] * s + params[0] * xs[t]
        L = L + 0.5 * (params[2] * s - ys[t]) ** 2
    ref = torch.autograd.grad(L, params)
    # Seed 0 passes Python floats, the others 0-d tensors: both are allowed.
    ws = (float(w_x), float(w_s), float(w_o), float(s0)) if seed == 0 else (w_x, w_s, w_o, s0)
    got = student("rnn.bptt_linear")(xs, ys, *ws)
    assert len(got) == 3
    for name, a, b in zip(("dw_x", "dw_s", "dw_o"), got, ref):
        assert_close(torch.as_tensor(a, dtype=DT).reshape(()), b, msg=lambda m, name=name: f"{name}: {m}")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("max_norm", [0.5, 1e3])
def test_clip_grad_norm(max_norm, seed):
    g = gen(seed)
    grads = [randn(g, 3, 4), randn(g, 5), randn(g, 2, 2, 2)]
    before = [t.clone() for t in grads]
    params = [nn.Parameter(torch.zeros_like(t)) for t in grads]
    for p, t in zip(params, grads):
        p.grad = t.clone()
    total_ref = torch.nn.utils.clip_grad_norm_(params, max_norm)
    clipped, total = student("rnn.clip_grad_norm")(grads, max_norm)
    assert_close(total, total_ref)
    assert len(clipped) == len(grads)
    for c, p in zip(clipped, params):
        assert_close(c, p.grad)
    for t, b in zip(grads, before):
        assert torch.equal(t, b), "clip_grad_norm modified its input in place"


def test_clip_grad_norm_differentiable():
    # The clipped gradients as a function of the raw ones (the scale depends on them too).
    g = gen(5)
    a, b = randn(g, 3, 4), randn(g, 6)

    def ref(a, b):
        total = torch.linalg.vector_norm(torch.cat([a.flatten(), b.flatten()]))
        scale = torch.clamp(1.0 / (total + 1e-6), max=1.0)
        return a * scale, b * scale, total

    def fn(a, b):
        clipped, total = student("rnn.clip_grad_norm")([a, b], 1.0)
        return (*clipped, total)

    check(fn, ref, a, b)


# ----------------------------------------------------------------------------------------- optim
def _torch_steps(opt_cls, w, grads, **hyper):
    """Run torch.optim `opt_cls` on a copy of w with the given gradients; yield (w, state) per step."""
    p = nn.Parameter(w.clone())
    opt = opt_cls([p], **hyper)
    for gr in grads:
        p.grad = gr.clone()
        opt.step()
        yield p.detach().clone(), opt.state[p]


def _problem(seed, steps=3):
    g = gen(seed)
    return randn(g, 3, 4), [randn(g, 3, 4) for _ in range(steps)]


@pytest.mark.parametrize("seed", SEEDS)
def test_sgd_step(seed):
    w0, grads = _problem(seed)
    w = w0
    for (w_ref, _), gr in zip(_torch_steps(torch.optim.SGD, w0, grads, lr=0.1), grads):
        w = student("optim.sgd_step")(w, gr, 0.1)
        assert_close(w, w_ref)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("gamma", [0.9, 0.5])
def test_momentum_step(gamma, seed):
    # torch: buf = γ·buf + g, w -= lr·buf; the notes carry m = lr·buf (same step for a fixed lr).
    w0, grads = _problem(seed)
    lr, w, m = 0.1, w0, torch.zeros_like(w0)
    for (w_ref, state), gr in zip(_torch_steps(torch.optim.SGD, w0, grads, lr=lr, momentum=gamma), grads):
        w, m = student("optim.momentum_step")(w, m, gr, lr, gamma=gamma)
        assert_close(w, w_ref)
        assert_close(m, lr * state["momentum_buffer"])


@pytest.mark.parametrize("seed", SEEDS)
def test_nesterov_step(seed):
    # torch's Nesterov SGD keeps the look-ahead point p = w − γ·m as its parameter (the
    # Sutskever/Bengio reformulation) and buf = m / lr; the gradient is taken at p.
    g = gen(seed)
    A = randn(g, 4, 4)
    A = A @ A.T + torch.eye(4, dtype=DT)
    c = randn(g, 4)

    def grad_fn(v):
        return A @ v - c

    lr, gamma = 0.05, 0.9
    w, m = randn(g, 4), torch.zeros(4, dtype=DT)
    p = nn.Parameter(w.clone())
    opt = torch.optim.SGD([p], lr=lr, momentum=gamma, nesterov=True)
    for _ in range(4):
        p.grad = grad_fn(p.detach())
        opt.step()
        w, m = student("optim.nesterov_step")(w, m, grad_fn, lr, gamma=gamma)
        assert_close(w - gamma * m, p.detach())
        assert_close(m, lr * opt.state[p]["momentum_buffer"])


@pytest.mark.parametrize("seed", SEEDS)
def test_adagrad_step(seed):
    # torch adds eps outside the square root, the notes inside: compare with eps = 0.
    w0, grads = _problem(seed)
    lr, w, G = 0.1, w0, torch.zeros_like(w0)
    for (w_ref, state), gr in zip(_torch_steps(torch.optim.Adagrad, w0, grads, lr=lr, eps=0.0), grads):
        w, G = student("optim.adagrad_step")(w, G, gr, lr, eps=0.0)
        assert_close(w, w_ref)
        assert_close(G, state["sum"])


def test_adagrad_rmsprop_eps_inside_sqrt():
    w, s, g = torch.tensor([1.0, -2.0], dtype=DT), torch.tensor([0.5, 0.0], dtype=DT), torch.tensor([0.3, -0.1], dtype=DT)
    eps, lr = 0.25, 0.1
    w_a, G = student("optim.adagrad_step")(w, s, g, lr, eps=eps)
    assert_close(G, s + g * g)
    assert_close(w_a, w - lr * g / torch.sqrt(s + g * g + eps))
    w_r, v = student("optim.rmsprop_step")(w, s, g, lr, alpha=0.8, eps=eps)
    assert_close(v, 0.8 * s + 0.2 * g * g)
    assert_close(w_r, w - lr * g / torch.sqrt(0.8 * s + 0.2 * g * g + eps))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("alpha", [0.9, 0.99])
def test_rmsprop_step(alpha, seed):
    w0, grads = _problem(seed)
    lr, w, v = 0.01, w0, torch.zeros_like(w0)
    for (w_ref, state), gr in zip(_torch_steps(torch.optim.RMSprop, w0, grads, lr=lr, alpha=alpha, eps=0.0), grads):
        w, v = student("optim.rmsprop_step")(w, v, gr, lr, alpha=alpha, eps=0.0)
        assert_close(w, w_ref)
        assert_close(v, state["square_avg"])


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("hyper", [{}, {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}])
def test_adam_step(hyper, seed):
    w0, grads = _problem(seed, steps=4)
    torch_hyper = {"lr": hyper.get("lr", 1e-3), "betas": (hyper.get("beta1", 0.9), hyper.get("beta2", 0.999)),
                   "eps": hyper.get("eps", 1e-8)}
    w, m, v = w0, torch.zeros_like(w0), torch.zeros_like(w0)
    for t, ((w_ref, state), gr) in enumerate(zip(_torch_steps(torch.optim.Adam, w0, grads, **torch_hyper), grads), 1):
        w, m, v = student("optim.adam_step")(w, m, v, gr, t, **hyper)
        assert_close(w, w_ref)
        assert_close(m, state["exp_avg"])
        assert_close(v, state["exp_avg_sq"])


@pytest.mark.parametrize("lr0,decay_rate,decay_steps", [(0.1, 0.5, 10), (1.0, 0.96, 3), (0.01, 0.9, 1)])
def test_exponential_decay(lr0, decay_rate, decay_steps):
    opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=lr0)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=decay_rate ** (1 / decay_steps))
    for step in range(25):
        got = float(student("optim.exponential_decay")(lr0, decay_rate, step, decay_steps))
        assert got == pytest.approx(sched.get_last_lr()[0], rel=1e-9), f"step {step}"
        opt.step()
        sched.step()


# ------------------------------------------------------------------------------------- attention
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mask_kind", ["none", "random", "causal"])
def test_scaled_dot_product_attention(mask_kind, seed):
    g = gen(seed)
    B, Hh, L, S, d, dv = 2, 3, 4, 6, 8, 5
    if mask_kind == "causal":
        S = L
    q, k, v = randn(g, B, Hh, L, d), randn(g, B, Hh, S, d), randn(g, B, Hh, S, dv)
    if mask_kind == "random":
        mask = torch.rand(B, Hh, L, S, generator=g) > 0.4
        mask[..., 0] = True  # every query may attend to something
    elif mask_kind == "causal":
        mask = torch.ones(L, S, dtype=torch.bool).tril().expand(B, Hh, L, S)
    else:
        mask = None

    def ref(q, k, v):
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        scores = q @ k.transpose(-2, -1) / math.sqrt(d)
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        return out, torch.softmax(scores, dim=-1)

    fn = student("attention.scaled_dot_product_attention")
    if mask is None:
        check(lambda q, k, v: fn(q, k, v), ref, q, k, v, seed=seed)
    else:
        check(lambda q, k, v: fn(q, k, v, mask=mask), ref, q, k, v, seed=seed)


# -------------------------------------------------------------------------------------- networks
def _perceptron_ref(X, y, lr, epochs):
    w, b = [0.0] * X.shape[1], 0.0
    for _ in range(epochs):
        mistakes = 0
        for xi, yi in zip(X.tolist(), y.tolist()):
            pred = 1.0 if sum(a * c for a, c in zip(w, xi)) + b > 0 else 0.0
            if pred != yi:
                w = [a + lr * (yi - pred) * c for a, c in zip(w, xi)]
                b += lr * (yi - pred)
                mistakes += 1
        if not mistakes:
            break
    return torch.tensor(w, dtype=X.dtype), torch.tensor(b, dtype=X.dtype)


def _separable(seed, m=20, d=3):
    g = gen(seed)
    X = randn(g, m, d)
    w_true = randn(g, d)
    y = (X @ w_true + 0.3 > 0).to(DT)
    return X, y


PERCEPTRON_CASES = {
    "AND": (torch.tensor([[0.0, 0], [0, 1], [1, 0], [1, 1]], dtype=DT), torch.tensor([0.0, 0, 0, 1], dtype=DT), 1.0),
    "OR": (torch.tensor([[0.0, 0], [0, 1], [1, 0], [1, 1]], dtype=DT), torch.tensor([0.0, 1, 1, 1], dtype=DT), 0.5),
    "random0": (*_separable(0), 1.0),
    "random1": (*_separable(1), 0.1),
}


@pytest.mark.parametrize("case", list(PERCEPTRON_CASES))
def test_perceptron_train(case):
    X, y, lr = PERCEPTRON_CASES[case]
    w, b = student("networks.perceptron_train")(X, y, lr=lr, epochs=100)
    w_ref, b_ref = _perceptron_ref(X, y, lr, 100)
    assert_close(w, w_ref)
    assert_close(torch.as_tensor(b, dtype=DT).reshape(()), b_ref)
    assert torch.equal(((X @ w + b) > 0).to(DT), y), "the trained perceptron misclassifies a training point"


def test_two_layer_backprop_worked_example():
    x = torch.tensor([0.05, 0.10], dtype=DT)
    W1 = torch.tensor([[0.15, 0.20], [0.25, 0.30]], dtype=DT)
    W2 = torch.tensor([[0.40, 0.45], [0.50, 0.55]], dtype=DT)
    target = torch.tensor([0.01, 0.99], dtype=DT)
    W1n, W2n = student("networks.two_layer_backprop")(x, target, W1, 0.35, W2, 0.60, 0.5)
    assert float(W2n[0, 0]) == pytest.approx(0.35891648, abs=1e-8)
    assert float(W1n[0, 0]) == pytest.approx(0.14978072, abs=1e-8)


@pytest.mark.parametrize("seed", SEEDS)
def test_two_layer_backprop(seed):
    g = gen(seed)
    d, h, k, lr = 4, 5, 3, 0.7
    x, target = randn(g, d), torch.rand(k, generator=g, dtype=DT)
    W1, W2 = randn(g, h, d), randn(g, k, h)
    b1, b2 = (randn(g, h), randn(g, k)) if seed else (0.1, -0.2)  # numbers or vectors
    W1r, W2r = W1.clone().requires_grad_(), W2.clone().requires_grad_()
    o = torch.sigmoid(W2r @ torch.sigmoid(W1r @ x + b1) + b2)
    E = 0.5 * ((target - o) ** 2).sum()
    g1, g2 = torch.autograd.grad(E, [W1r, W2r])
    W1n, W2n = student("networks.two_layer_backprop")(x, target, W1.clone(), b1, W2.clone(), b2, lr)
    assert_close(W1n, W1 - lr * g1)
    assert_close(W2n, W2 - lr * g2)


# ------------------------------------------------------------------------------------------ data
def _zscore_ref(x, dim):
    std, mean = torch.std_mean(x, dim=dim, keepdim=True)  # correction=1: the sample std
    return (x - mean) / std


def _minmax_ref(x, dim):
    lo, hi = torch.aminmax(x, dim=dim, keepdim=True)
    return (x - lo) / (hi - lo)


def _meannorm_ref(x, dim):
    lo, hi = torch.aminmax(x, dim=dim, keepdim=True)
    return (x - x.mean(dim=dim, keepdim=True)) / (hi - lo)


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("dim", [0, 1])
@pytest.mark.parametrize("name,ref", [("min_max_scale", _minmax_ref), ("mean_normalize", _meannorm_ref),
                                      ("z_score", _zscore_ref)])
def test_feature_scaling(name, ref, dim, seed):
    x = randn(gen(seed), 6, 4, scale=3.0) + 2.0
    check(student("data." + name), ref, x, dim=dim, seed=seed)
    if dim == 0:  # the default dim
        check(student("data." + name), lambda x: ref(x, 0), x, grad=False)


@pytest.mark.parametrize("n,k", [(10, 3), (12, 4), (7, 7), (5, 2), (11, 5), (9, 1)])
def test_kfold_indices(n, k):
    folds = student("data.kfold_indices")(n, k)
    assert len(folds) == k
    for (train, val), ref_val in zip(folds, torch.tensor_split(torch.arange(n), k)):
        assert [int(i) for i in val] == ref_val.tolist()
        assert [int(i) for i in train] == [i for i in range(n) if i not in set(ref_val.tolist())]


def _early_stopping_ref(losses, patience):
    best = 0
    for epoch in range(len(losses)):
        best = min(range(epoch + 1), key=lambda i: (losses[i], i))  # first index of the prefix minimum
        if epoch - best >= patience:
            return best, epoch
    return best, len(losses) - 1


EARLY = [([5, 4, 3, 2, 1], 2, (4, 4)), ([1, 2, 3, 4, 5], 2, (0, 2)), ([3, 2, 2, 2, 1], 2, (1, 3)),
         ([3, 2, 2, 1, 1, 1, 1], 3, (3, 6)), ([1.0], 1, (0, 0)), ([2, 3, 1], 1, (0, 1)), ([2, 3, 1], 2, (2, 2))]


@pytest.mark.parametrize("losses,patience,expected", EARLY)
def test_early_stopping_cases(losses, patience, expected):
    assert _early_stopping_ref(losses, patience) == expected  # the reference agrees with the spec
    got = student("data.early_stopping")([float(v) for v in losses], patience)
    assert tuple(int(v) for v in got) == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_early_stopping_random(seed):
    g = gen(seed)
    for _ in range(10):
        losses = torch.randint(0, 6, (12,), generator=g).to(DT)  # small integers: plenty of ties
        patience = int(torch.randint(1, 5, (1,), generator=g))
        got = student("data.early_stopping")(losses, patience)
        assert tuple(int(v) for v in got) == _early_stopping_ref(losses.tolist(), patience), (losses, patience)


@pytest.mark.parametrize("seed", SEEDS)
def test_bias_variance(seed):
    g = gen(seed)
    preds, target = randn(g, 5, 9) + 0.5, randn(g, 9)

    def ref(preds, target):
        var, mean = torch.var_mean(preds, dim=0, correction=0)
        return ((mean - target) ** 2).mean(), var.mean()

    check(student("data.bias_variance"), ref, preds, target, seed=seed)
    bias_sq, variance = student("data.bias_variance")(preds, target)
    assert_close(bias_sq + variance, ((preds - target) ** 2).mean())  # the decomposition of the MSE
