"""The anchor questions of the bank: every key proved by an independent route.

Nothing here restates a question's formula. Shapes and parameter counts come from PyTorch layers
(on zero tensors or the `meta` device), the backprop and BPTT keys from torch autograd and a real
`torch.optim.SGD` step, the z-score from the standard library's sample standard deviation, the
bootstrap fraction from mpmath and a simulation, the symbolic keys from `sympy.diff` / `sympy.limit`
of the stated loss. Question modules are imported by the bank's loader (`load_bank`, which also
makes the bank's helper modules importable); nothing else of the engine is used: keys, mistakes
and explanations are called and rendered here directly.

Every numeric question also runs over 200 seeds: generate() must produce canonical parameters that
satisfy its schema, the key must be finite, no listed mistake may be accepted by the question's own
tolerance, and the worked explanation must arrive at the key.
"""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from grader.bank import load_bank
from grader.bank.authoring import Numeric, normalise_params
from grader.render import render_string

BANK = Path(__file__).resolve().parents[2] / "question_bank"
SEEDS = range(200)

NUMERIC = (
    "training.iterations_per_epoch",
    "cnn.conv_output_size",
    "cnn.pool_output_size",
    "cnn.conv_param_count",
    "mlp.param_count",
    "regularization.dropout_test_weight",
    "evaluation.bootstrap_oob_fraction",
    "rnn.lstm_param_count",
    "backprop.two_layer_update",
    "rnn.bptt_linear_grad",
    "normalization.z_score",
)
SYMBOLIC = (
    "activations.sigmoid_derivative",
    "logistic.mse_gradient_w",
    "logistic.ce_gradient_w",
    "regularization.l1_update",
    "regularization.l2_update",
    "evaluation.bootstrap_limit",
)

# How each worked explanation writes its final result (the explanation recomputes it in jinja).
EXPLANATION_RESULT = {
    "training.iterations_per_epoch": "{}",
    "cnn.conv_output_size": "{}",
    "cnn.pool_output_size": "{}",
    "cnn.conv_param_count": "{}",
    "mlp.param_count": "{}",
    "rnn.lstm_param_count": "{}",
    "regularization.dropout_test_weight": "{:g}",
    "evaluation.bootstrap_oob_fraction": "{:.4g}",
    "backprop.two_layer_update": "{:.8f}",
    "rnn.bptt_linear_grad": "{:.6g}",
    "normalization.z_score": "{:.4g}",
}


@cache
def _bank():
    return load_bank()


def load(qid: str):
    question = _bank().get(qid)
    assert question.path == BANK.joinpath(*qid.split(".")).with_suffix(".py")
    return question.module


@cache
def variants(qid: str) -> list[dict]:
    """generate() over SEEDS; each output must already be canonical (what the student sees)."""
    q = load(qid)
    out = []
    for seed in SEEDS:
        raw = q.generate(np.random.default_rng(seed))
        assert _plain(raw), f"{qid} seed {seed}: generate() returned non-plain values {raw!r}"
        p = normalise_params(q.PARAMS, raw)
        assert p == raw, f"{qid} seed {seed}: generate() is not canonical: {raw!r} -> {p!r}"
        out.append(p)
    return out


def _plain(value) -> bool:
    """Plain Python values only: numpy scalars would render as np.float64(...) in lists."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return type(value) in (int, float, str)


def accepts(check: Numeric, key: float, value: float) -> bool:
    """The acceptance rule documented on `Numeric`."""
    if check.exact_integer:
        return value == key
    if check.sig_figs is not None:
        tol = 0.5 * 10.0 ** (math.floor(math.log10(abs(key))) - check.sig_figs + 1) if key else check.abs_tol
    else:
        tol = check.abs_tol + check.rel_tol * abs(key)
    return abs(value - key) <= tol


# ---------------------------------------------------------------------------------------------
# Every question: structure, schema, mistakes, rendering


def test_listing_the_bank_imports_neither_sympy_nor_torch():
    code = (
        "import sys\n"
        "from grader.bank import load_bank\n"
        f"assert set(load_bank().questions) >= set({list(NUMERIC + SYMBOLIC)!r})\n"
        "print(sorted(m for m in ('sympy', 'torch') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("qid", NUMERIC + SYMBOLIC)
def test_module_shape(qid):
    q = load(qid)
    assert q.META.kind == ("numeric" if qid in NUMERIC else "symbolic")
    assert q.META.difficulty in (1, 2, 3) and q.META.points > 0 and q.META.source
    for text in (q.META.title, q.PROMPT, q.EXPLANATION):
        assert set(text) == {"en", "zh"} and all(t.strip() for t in text.values())
    for m in q.MISTAKES:
        assert set(m.feedback) == {"en", "zh"} and m.credit == 0.0


@pytest.mark.parametrize("qid", NUMERIC)
def test_numeric_variants_keys_and_mistakes(qid):
    q = load(qid)
    check = q.META.check
    for p in variants(qid):
        key = q.answer(p)
        assert math.isfinite(key), (qid, p)
        if check.exact_integer:
            assert isinstance(key, int) and key > 0, (qid, p, key)
        for i, m in enumerate(q.MISTAKES):
            wrong = m.answer(p)
            if wrong is None:  # the mistake does not apply to this variant (e.g. an output-layer weight)
                continue
            assert math.isfinite(wrong)
            assert not accepts(check, key, wrong), f"{qid} {p}: mistake #{i + 1} ({wrong}) passes as the key {key}"


@pytest.mark.parametrize("qid", NUMERIC)
def test_numeric_prompt_and_explanation_render(qid):
    q = load(qid)
    for p in variants(qid)[:60]:
        result = EXPLANATION_RESULT[qid].format(q.answer(p))
        for lang in ("en", "zh"):
            prompt = render_string(q.PROMPT[lang], **p)
            assert "{{" not in prompt and "{%" not in prompt
            explanation = render_string(q.EXPLANATION[lang], **p)
            assert result in explanation, f"{qid} {lang} {p}: explanation does not reach {result}"


@pytest.mark.parametrize("qid", SYMBOLIC)
def test_symbolic_question_has_no_parameters(qid):
    q = load(qid)
    assert q.PARAMS == {} and q.generate(np.random.default_rng(0)) == {}
    for lang in ("en", "zh"):
        assert render_string(q.PROMPT[lang]).strip() and render_string(q.EXPLANATION[lang]).strip()


def _domain_point(domain: str, rng: np.random.Generator) -> float:
    if domain == "real":
        return rng.uniform(-3, 3)
    if domain == "positive":
        return rng.uniform(0.1, 5)
    if domain == "probability":
        return rng.uniform(0.01, 0.99)
    if domain == "nonzero":
        return rng.choice([-1, 1]) * rng.uniform(0.1, 3)
    return rng.uniform(0.05, 0.95)


def _points(qid: str, count: int = 24, seed: int = 0) -> list[dict]:
    import sympy

    q = load(qid)
    rng = np.random.default_rng(seed)
    syms = {name: sympy.Symbol(name, real=True) for name in q.META.check.symbols}
    return [{syms[n]: sympy.Float(_domain_point(d, rng)) for n, d in q.META.check.symbols.items()}
            for _ in range(count)]


def _values(expr, points) -> np.ndarray:
    return np.array([float(expr.subs(pt).evalf(30)) for pt in points])


@pytest.mark.parametrize("qid", SYMBOLIC)
def test_symbolic_mistakes_are_not_the_key(qid):
    q = load(qid)
    key = q.answer({})
    declared = set(q.META.check.symbols)
    assert {s.name for s in key.free_symbols} <= declared
    points = _points(qid) or [{}]
    k = _values(key, points)
    for i, m in enumerate(q.MISTAKES):
        wrong = m.answer({})
        assert {s.name for s in wrong.free_symbols} <= declared
        assert np.max(np.abs(_values(wrong, points) - k)) > 1e-3, f"{qid}: mistake #{i + 1} equals the key"


# ---------------------------------------------------------------------------------------------
# Independent routes to the keys: counts and shapes from PyTorch


def test_iterations_per_epoch_is_the_dataloader_length():
    q = load("training.iterations_per_epoch")
    assert q.answer({"n_samples": 2048, "batch_size": 128}) == 16  # the notes' example
    for p in variants("training.iterations_per_epoch"):
        loader = torch.utils.data.DataLoader(range(p["n_samples"]), batch_size=p["batch_size"])  # drop_last=False
        assert q.answer(p) == len(loader), p


def test_conv_output_size_is_the_conv2d_output_shape():
    q = load("cnn.conv_output_size")
    assert q.answer({"size": 32, "kernel": 5, "stride": 1, "padding": 0}) == 28  # the notes' example
    for p in variants("cnn.conv_output_size"):
        x = torch.zeros(1, 1, p["size"], p["size"])
        w = torch.zeros(1, 1, p["kernel"], p["kernel"])
        out = F.conv2d(x, w, stride=p["stride"], padding=p["padding"])
        assert out.shape[-2:] == (q.answer(p), q.answer(p)), p


def test_pool_output_size_is_the_max_pool2d_output_shape():
    q = load("cnn.pool_output_size")
    assert q.answer({"size": 28, "kernel": 2, "stride": 2}) == 14  # the notes' example, with stride 2 (erratum 5)
    ceil_mistake = q.MISTAKES[0]
    for p in variants("cnn.pool_output_size"):
        x = torch.zeros(1, 1, p["size"], p["size"])
        assert F.max_pool2d(x, p["kernel"], p["stride"]).shape[-1] == q.answer(p), p
        assert nn.MaxPool2d(p["kernel"], stride=p["stride"])(x).shape[-1] == q.answer(p), p
        # The first mistake's feedback says it is ceil_mode=True: check that claim too.
        assert F.max_pool2d(x, p["kernel"], p["stride"], ceil_mode=True).shape[-1] == ceil_mistake.answer(p), p


def _numel(module: nn.Module) -> int:
    return sum(t.numel() for t in module.parameters())


def test_conv_param_count_is_conv2d_numel():
    q = load("cnn.conv_param_count")
    for p in variants("cnn.conv_param_count"):
        layer = nn.Conv2d(p["in_channels"], p["out_channels"], p["kernel"], device="meta")
        assert q.answer(p) == _numel(layer), p
        no_bias = nn.Conv2d(p["in_channels"], p["out_channels"], p["kernel"], bias=False, device="meta")
        assert q.MISTAKES[0].answer(p) == _numel(no_bias), p


def _mlp(sizes, *, bias=True) -> nn.Sequential:
    return nn.Sequential(*[nn.Linear(a, b, bias=bias, device="meta") for a, b in zip(sizes, sizes[1:])])


def test_mlp_param_count_is_sequential_numel():
    q = load("mlp.param_count")
    assert q.answer({"layer_sizes": [784, 15, 10]}) == 11935 == _numel(_mlp([784, 15, 10]))  # erratum 11
    assert q.MISTAKES[2].answer({"layer_sizes": [784, 15, 10]}) == 117625  # the notes' garbled figure
    for p in variants("mlp.param_count"):
        assert q.answer(p) == _numel(_mlp(p["layer_sizes"])), p
        assert q.MISTAKES[0].answer(p) == _numel(_mlp(p["layer_sizes"], bias=False)), p


def test_lstm_param_count_is_nn_lstm_without_its_second_bias():
    """nn.LSTM keeps b_ih and b_hh per gate; the notes' equations have one bias per gate, so the key
    is PyTorch's count minus the second bias vector (bias_hh_l0, 4h values)."""
    q = load("rnn.lstm_param_count")
    for p in variants("rnn.lstm_param_count"):
        lstm = nn.LSTM(p["input_size"], p["hidden_size"], device="meta")
        assert q.answer(p) == _numel(lstm) - lstm.bias_hh_l0.numel(), p
        assert q.MISTAKES[0].answer(p) == _numel(lstm), p  # the "PyTorch's two biases" mistake


# ---------------------------------------------------------------------------------------------
# Dropout and bootstrap: expectations by simulation / arbitrary precision


def test_dropout_test_weight_matches_the_expected_training_contribution():
    q = load("regularization.dropout_test_weight")
    assert q.answer({"weight": 10.0, "p": 0.3}) == pytest.approx(7.0)  # the notes' example
    gen = torch.Generator().manual_seed(0)
    n = 100_000
    for p in variants("regularization.dropout_test_weight")[:40]:
        w, drop = p["weight"], p["p"]
        # Classic dropout: the unit (activation 1) is kept with probability 1 - p, nothing is rescaled.
        kept = torch.bernoulli(torch.full((n,), 1 - drop, dtype=torch.float64), generator=gen)
        mean = float((kept * w).mean())
        stderr = abs(w) * math.sqrt(drop * (1 - drop) / n)
        assert abs(mean - q.answer(p)) < 5 * stderr, p
        # PyTorch's F.dropout is inverted dropout: its training-time mean is already w, which is
        # what the "weight unchanged" mistake's feedback says.
        torch.manual_seed(len(str(p)))
        inverted = float(F.dropout(torch.full((n,), w, dtype=torch.float64), drop, training=True).mean())
        assert abs(inverted - q.MISTAKES[2].answer(p)) < 5 * abs(w) * math.sqrt(drop / (1 - drop) / n), p


def test_bootstrap_oob_fraction_by_mpmath_and_simulation():
    import mpmath

    q = load("evaluation.bootstrap_oob_fraction")
    mpmath.mp.dps = 50
    for p in variants("evaluation.bootstrap_oob_fraction"):
        exact = mpmath.power(1 - mpmath.mpf(1) / p["n"], p["n"])
        assert q.answer(p) == pytest.approx(float(exact), rel=1e-12), p
    rng = np.random.default_rng(1)
    trials = 20_000
    for n in (5, 17, 50, 200):
        draws = rng.integers(0, n, size=(trials, n))
        seen = np.zeros((trials, n), dtype=bool)
        seen[np.arange(trials)[:, None], draws] = True
        never = 1 - seen.mean(axis=1)
        assert abs(never.mean() - q.answer({"n": n})) < 5 * never.std() / math.sqrt(trials), n


# ---------------------------------------------------------------------------------------------
# Backpropagation and BPTT: torch autograd


NOTES_NETWORK = {
    "x": [0.05, 0.10], "W1": [[0.15, 0.20], [0.25, 0.30]], "b1": 0.35,
    "W2": [[0.40, 0.45], [0.50, 0.55]], "b2": 0.60, "target": [0.01, 0.99], "lr": 0.5,
}
WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


def _sgd_step(p: dict) -> dict:
    """One torch.optim.SGD step on the 2-2-2 sigmoid network; the new w1..w8 by name."""
    dt = torch.float64
    W1 = torch.tensor(p["W1"], dtype=dt, requires_grad=True)
    W2 = torch.tensor(p["W2"], dtype=dt, requires_grad=True)
    x, target = torch.tensor(p["x"], dtype=dt), torch.tensor(p["target"], dtype=dt)
    h = torch.sigmoid(W1 @ x + p["b1"])
    o = torch.sigmoid(W2 @ h + p["b2"])
    loss = (0.5 * (target - o) ** 2).sum()
    opt = torch.optim.SGD([W1, W2], lr=p["lr"])
    opt.zero_grad()
    loss.backward()
    opt.step()
    flat = W1.detach().flatten().tolist() + W2.detach().flatten().tolist()
    return dict(zip(WEIGHTS, flat))


def test_backprop_notes_example():
    q = load("backprop.two_layer_update")
    new = _sgd_step(NOTES_NETWORK)
    # The worked example the notes point to (charlotte77): every weight after one step.
    published = {"w1": 0.149780716, "w2": 0.19956143, "w3": 0.24975114, "w4": 0.29950229,
                 "w5": 0.35891648, "w6": 0.408666186, "w7": 0.511301270, "w8": 0.561370121}
    for name in WEIGHTS:
        key = q.answer({**NOTES_NETWORK, "weight": name})
        assert key == pytest.approx(new[name], abs=1e-12), name
        assert key == pytest.approx(published[name], abs=1e-8), name
    assert round(q.answer({**NOTES_NETWORK, "weight": "w5"}), 8) == 0.35891648


def test_backprop_every_weight_matches_torch_sgd():
    q = load("backprop.two_layer_update")
    for p in variants("backprop.two_layer_update"):
        new = _sgd_step(p)
        for name in WEIGHTS:
            assert q.answer({**p, "weight": name}) == pytest.approx(new[name], rel=1e-12, abs=1e-14), (name, p)


def _bptt_grads(p: dict) -> dict:
    dt = torch.float64
    w = {n: torch.tensor(p[n], dtype=dt, requires_grad=True) for n in ("w_x", "w_s", "w_o")}
    s = torch.tensor(p["s0"], dtype=dt)
    loss = torch.tensor(0.0, dtype=dt)
    for x_t, y_t in zip(p["xs"], p["ys"]):
        s = w["w_s"] * s + w["w_x"] * x_t
        loss = loss + 0.5 * (w["w_o"] * s - y_t) ** 2
    loss.backward()
    return {n: float(t.grad) for n, t in w.items()}


def test_bptt_gradient_matches_autograd_for_every_weight():
    q = load("rnn.bptt_linear_grad")
    lengths = set()
    for p in variants("rnn.bptt_linear_grad"):
        assert len(p["xs"]) == len(p["ys"]), p
        lengths.add(len(p["xs"]))
        grads = _bptt_grads(p)
        for name in ("w_x", "w_s", "w_o"):
            assert q.answer({**p, "wrt": name}) == pytest.approx(grads[name], rel=1e-12, abs=1e-12), (name, p)
    assert lengths == {2, 3, 4}


# ---------------------------------------------------------------------------------------------
# z-score: the sample standard deviation from three libraries


def test_z_score_uses_the_sample_standard_deviation():
    q = load("normalization.z_score")
    for p in variants("normalization.z_score"):
        v = p["values"]
        assert 0 <= p["index"] < len(v), p
        x = v[p["index"]]
        expected = (x - statistics.fmean(v)) / statistics.stdev(v)
        assert q.answer(p) == pytest.approx(expected, rel=1e-12), p
        assert q.answer(p) == pytest.approx((x - np.mean(v)) / np.std(v, ddof=1), rel=1e-12), p
        t = torch.tensor(v, dtype=torch.float64)
        assert q.answer(p) == pytest.approx(float((x - t.mean()) / t.std()), rel=1e-12), p  # correction=1
        assert q.MISTAKES[0].answer(p) == pytest.approx((x - statistics.fmean(v)) / statistics.pstdev(v), rel=1e-12)


# ---------------------------------------------------------------------------------------------
# Symbolic keys: sympy.diff / sympy.limit of the stated expressions


def _assert_same_function(qid: str, derived, *, seed: int = 3):
    """Numerical comparison at 24 points of the declared domains decides (simplify can miss
    identities, see FINDINGS); some tests confirm with simplify where it is reliable."""
    key = load(qid).answer({})
    points = _points(qid, seed=seed)
    assert np.allclose(_values(key, points), _values(derived, points), rtol=1e-12, atol=1e-12)


def _syms(*names):
    import sympy

    return [sympy.Symbol(n, real=True) for n in names]


def test_sigmoid_derivative_by_sympy_diff():
    import sympy

    (z,) = _syms("z")
    derived = sympy.diff(1 / (1 + sympy.exp(-z)), z)
    _assert_same_function("activations.sigmoid_derivative", derived)
    assert sympy.simplify(load("activations.sigmoid_derivative").answer({}) - derived) == 0
    assert float(derived.subs(z, 0)) == 0.25


def _logistic():
    import sympy

    w, x, b, y = _syms("w", "x", "b", "y")
    s = 1 / (1 + sympy.exp(-(w * x + b)))
    return w, x, b, y, s


def test_mse_gradient_by_sympy_diff():
    import sympy

    w, x, b, y, s = _logistic()
    _assert_same_function("logistic.mse_gradient_w", sympy.diff(sympy.Rational(1, 2) * (s - y) ** 2, w))


def test_ce_gradient_by_sympy_diff():
    import sympy

    w, x, b, y, s = _logistic()
    loss = -(y * sympy.log(s) + (1 - y) * sympy.log(1 - s))
    _assert_same_function("logistic.ce_gradient_w", sympy.diff(loss, w))


def _penalised_step(penalty):
    """w − η·∂L/∂w for L = E(w) + penalty(w), with E's derivative replaced by g."""
    import sympy

    w, eta, lam, n, g = _syms("w", "eta", "lam", "n", "g")
    E = sympy.Function("E")
    loss = E(w) + penalty(w, lam, n)
    grad = sympy.diff(loss, w).subs(sympy.Derivative(E(w), w), g)
    assert not grad.has(E)
    return w - eta * grad


def test_l1_update_by_sympy_diff():
    import sympy

    derived = _penalised_step(lambda w, lam, n: lam / n * sympy.Abs(w))
    for seed in (3, 4, 5):  # w is drawn on both sides of the kink
        _assert_same_function("regularization.l1_update", derived, seed=seed)


def test_l2_update_by_sympy_diff():
    import sympy

    derived = _penalised_step(lambda w, lam, n: lam / (2 * n) * w ** 2)
    _assert_same_function("regularization.l2_update", derived)
    assert sympy.simplify(load("regularization.l2_update").answer({}) - derived) == 0
    # Erratum 6: the notes' last line drops η on ∂E/∂w; it is listed as a mistake and is not the key.
    notes_line = load("regularization.l2_update").MISTAKES[0].answer({})
    assert sympy.simplify(notes_line - derived) != 0


def test_bootstrap_limit_by_sympy_limit():
    import sympy

    n = sympy.Symbol("n", positive=True)
    limit = sympy.limit((1 - 1 / n) ** n, n, sympy.oo)
    key = load("evaluation.bootstrap_limit").answer({})
    assert sympy.simplify(limit - key) == 0
    assert float(key) == pytest.approx(0.36787944117144233)
