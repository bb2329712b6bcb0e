"""The network and CNN questions (topic rows activations, nonlinearity_init, backprop,
vanishing_gradients, perceptron, cnn_concepts, cnn_shapes, batch_norm): every key proved by an
independent route.

Numeric keys come from PyTorch (modules with the same weights, autograd, `torch.optim.SGD`,
`nn.BatchNorm*` in training mode, shapes of real layers, `numel()` of their parameters) or from
exact enumeration; symbolic keys from `sympy.diff` of the stated function or from autograd at random
points; choice questions have the claims of their options checked with torch where a claim can be
computed. Listed mistakes and wrong options go through the engine's own checking path
(`Variant.task` + `check_batches`, as `grade bank check` judges them) and must come back rejected
with their own feedback. Questions are imported through `load_bank()`; nothing restates a key's
formula.
"""

from __future__ import annotations

import math
from functools import cache
from itertools import product
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
import yaml
from torch import nn

from grader.answers.checking import check_batches
from grader.bank import load_bank, make_variant
from grader.bank.authoring import Numeric, normalise_params
from grader.results import Verdict

BANK = Path(__file__).resolve().parents[2] / "question_bank"
SEEDS = range(200)
DT = torch.float64
TINY = 1e-300  # batch norm refuses eps = 0 in training; in float64 var + 1e-300 == var

NEW = {
    # numeric
    "activations.softmax_value": "numeric", "backprop.total_error": "numeric", "backprop.chain_gradient": "numeric",
    "backprop.vanishing_bound": "numeric", "backprop.vanishing_depth": "numeric", "mlp.init_std": "numeric",
    "perceptron.update_step": "numeric", "cnn.one_by_one_conv": "numeric", "cnn.same_padding": "numeric",
    "cnn.receptive_field": "numeric", "cnn.conv_vs_fc": "numeric", "cnn.flatten_size": "numeric",
    "batchnorm.stat_count": "numeric", "batchnorm.param_count": "numeric", "batchnorm.normalize_value": "numeric",
    "batchnorm.running_stats": "numeric",
    # symbolic
    "activations.tanh_derivative": "symbolic", "activations.tanh_via_sigmoid": "symbolic",
    "activations.softmax_two_class": "symbolic", "activations.softplus_derivative": "symbolic",
    "activations.sigmoid_second_derivative": "symbolic", "activations.leaky_relu_grad": "symbolic",
    # choice and multi-select
    "activations.softmax_overflow": "choice", "activations.relu_facts": "choice", "mlp.linear_collapse": "choice",
    "mlp.zero_init": "choice", "perceptron.linear_separability": "choice", "perceptron.xor_network": "choice",
    "cnn.pooling_parameters": "choice", "cnn.one_by_one_role": "choice", "batchnorm.per_channel": "choice",
    "batchnorm.not_gaussian": "choice", "backprop.vanishing_remedies": "multi", "cnn.properties": "multi",
}
FIXED = {"activations.sigmoid_derivative": "symbolic", "backprop.two_layer_update": "numeric",
         "mlp.param_count": "numeric", "cnn.conv_output_size": "numeric", "cnn.conv_param_count": "numeric",
         "cnn.pool_output_size": "numeric"}
MINE = {**NEW, **FIXED}
ROWS = ("activations", "nonlinearity_init", "backprop", "vanishing_gradients", "perceptron", "cnn_concepts",
        "cnn_shapes", "batch_norm")
NUMERIC = sorted(q for q, k in MINE.items() if k == "numeric")
SYMBOLIC = sorted(q for q, k in MINE.items() if k == "symbolic")
CHOICE = sorted(q for q, k in MINE.items() if k in ("choice", "multi"))


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    """Small tensors: one thread is faster than several on a shared machine."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@cache
def _bank():
    return load_bank()


def question(qid: str):
    q = _bank().get(qid)
    assert q.path == BANK.joinpath(*qid.split(".")).with_suffix(".py")
    return q


def load(qid: str):
    return question(qid).module


@cache
def variants(qid: str) -> list:
    """The variants of SEEDS, as the engine makes them; generate() must already be canonical."""
    q = question(qid)
    out = []
    for seed in SEEDS:
        v = make_variant(q, seed=seed)
        raw = q.module.generate(np.random.default_rng(seed))
        assert normalise_params(q.module.PARAMS, raw) == raw, f"{qid} seed {seed}: generate() is not canonical"
        out.append(v)
    return out


def params(qid: str) -> list[dict]:
    return [v.params for v in variants(qid)]


def judge(items):
    """[(variant, [texts])] → [[AnswerResult]]: the engine's checking path, all in one child."""
    results = check_batches([(v.task("en"), texts) for v, texts in items])
    for r in results:
        assert not isinstance(r, Exception), r
    return results


def rounded_text(key: float, check: Numeric) -> str:
    """The key as a student rounds it at the precision the prompt asks for."""
    if check.exact_integer:
        return str(key)
    if check.decimals is not None:
        return f"{key:.{check.decimals}f}"
    return f"{key:#.{check.sig_figs}g}"


# ---------------------------------------------------------------------------------------------
# Structure: every question, every row


def test_the_rows_have_their_kinds():
    rows = {r["id"]: r for r in yaml.safe_load((BANK / "syllabus.yaml").read_text(encoding="utf-8"))}
    by_row: dict[str, set[str]] = {row: set() for row in ROWS}
    counts = dict.fromkeys(ROWS, 0)
    for q in _bank():
        if q.meta.covers in by_row:
            by_row[q.meta.covers].add(q.meta.kind)
            counts[q.meta.covers] += 1
    for row in ROWS:
        assert counts[row] >= 2, row
        assert set(rows[row]["kinds"]) <= by_row[row], (row, rows[row]["kinds"], by_row[row])
    assert sum(k == "numeric" for k in NEW.values()) >= 10
    assert sum(k == "symbolic" for k in NEW.values()) >= 5
    assert sum(k in ("choice", "multi") for k in NEW.values()) >= 10


@pytest.mark.parametrize("qid", sorted(MINE))
def test_module_shape(qid):
    q = load(qid)
    assert q.META.kind == MINE[qid]
    assert q.META.difficulty in (1, 2, 3) and q.META.points > 0 and q.META.source
    assert q.META.covers in ROWS
    for text in (q.META.title, q.PROMPT, q.EXPLANATION):
        assert set(text) == {"en", "zh"} and all(t.strip() for t in text.values())
    for m in getattr(q, "MISTAKES", []):
        assert set(m.feedback) == {"en", "zh"} and all(m.feedback.values()) and m.credit == 0.0


def test_difficulties_are_spread():
    levels = [load(qid).META.difficulty for qid in NEW]
    assert {1, 2, 3} <= set(levels)


@pytest.mark.parametrize("qid", sorted(MINE))
def test_prompts_and_explanations_render(qid):
    for v in variants(qid)[:40]:
        for lang in ("en", "zh"):
            for text in (v.prompt(lang), v.explanation(lang)):
                assert text.strip() and "{{" not in text and "{%" not in text


# ---------------------------------------------------------------------------------------------
# Numeric: the key at the asked precision passes with no warning, every mistake is rejected with
# its own feedback (every seed, through the engine's checking path)


@pytest.mark.parametrize("qid", NUMERIC)
def test_rounded_keys_pass_and_mistakes_get_their_feedback(qid):
    q = load(qid)
    check = q.META.check
    items, expected = [], []
    for v in variants(qid):
        key = v.key
        assert math.isfinite(key)
        texts = [rounded_text(key, check)]
        feedback = [None]
        for m in q.MISTAKES:
            value = m.answer(v.params)
            if value is not None:
                texts.append(v.mistake_text(value))
                feedback.append(m.feedback["en"])
        items.append((v, texts))
        expected.append(feedback)
    for (v, texts), results, feedback in zip(items, judge(items), expected):
        assert results[0].verdict is Verdict.CORRECT and not results[0].warnings, (qid, v.params, texts[0], results[0])
        for text, result, fb in zip(texts[1:], results[1:], feedback[1:]):
            assert result.verdict is not Verdict.CORRECT and result.feedback == fb, (qid, v.params, text, result)


def test_two_layer_update_six_decimals_even_for_small_keys():
    """The review's finding: 6-decimal answers to keys below 0.1 were judged by significant figures."""
    q = load("backprop.two_layer_update")
    assert q.META.check.decimals == 6
    small = [v for v in variants("backprop.two_layer_update") if abs(v.key) < 0.1]
    assert small, "no variant with |key| < 0.1 among the seeds"
    items = [(v, [f"{v.key:.6f}", f"{v.key + 1e-6:.6f}"]) for v in small]
    for (v, _texts), (exact, off) in zip(items, judge(items)):
        assert exact.verdict is Verdict.CORRECT and not exact.warnings, (v.params, exact)
        assert off.verdict is not Verdict.CORRECT, (v.params, off)  # one unit in the 6th decimal is too far


# ---------------------------------------------------------------------------------------------
# The 2-2-2 network: torch autograd and torch.optim.SGD


NOTES_NETWORK = {
    "x": [0.05, 0.10], "W1": [[0.15, 0.20], [0.25, 0.30]], "b1": 0.35,
    "W2": [[0.40, 0.45], [0.50, 0.55]], "b2": 0.60, "target": [0.01, 0.99],
}
WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


def _network(p, *, W2_backward=None):
    """Tensors of the 2-2-2 network; `W2_backward` sends the error back through other output weights
    while the forward values stay those of W2 (for the 'already updated w5-w8' mistake)."""
    W1 = torch.tensor(p["W1"], dtype=DT, requires_grad=True)
    W2 = torch.tensor(p["W2"], dtype=DT, requires_grad=True)
    x, t = torch.tensor(p["x"], dtype=DT), torch.tensor(p["target"], dtype=DT)
    h = torch.sigmoid(W1 @ x + p["b1"])
    if W2_backward is None:
        net_o = W2 @ h + p["b2"]
    else:
        other = torch.tensor(W2_backward, dtype=DT)
        net_o = other @ h + ((W2.detach() - other) @ h).detach() + p["b2"]
    o = torch.sigmoid(net_o)
    return W1, W2, o, t


def _losses(o, t):
    return 0.5 * (t - o) ** 2


def test_total_error_is_the_torch_forward_pass():
    q = load("backprop.total_error")
    assert round(q.answer(NOTES_NETWORK), 9) == 0.298371109  # the notes' E_total
    assert make_variant(question("backprop.total_error"), params=NOTES_NETWORK).answer_text() == "0.298371"
    for p in params("backprop.total_error"):
        _W1, _W2, o, t = _network(p)
        o = o.detach()
        assert q.answer(p) == pytest.approx(float(F.mse_loss(o, t, reduction="sum") / 2), rel=1e-12), p
        assert q.MISTAKES[0].answer(p) == pytest.approx(float(F.mse_loss(o, t, reduction="sum")), rel=1e-12)
        assert q.MISTAKES[1].answer(p) == pytest.approx(float(_losses(o, t)[0]), rel=1e-12)


def test_two_layer_update_reproduces_w1_and_w5_of_the_notes():
    q = question("backprop.two_layer_update")
    for weight, text, value in (("w5", "0.358916", 0.35891648), ("w1", "0.149781", 0.14978072)):
        v = make_variant(q, params={**NOTES_NETWORK, "lr": 0.5, "weight": weight})
        assert v.answer_text() == text and round(v.key, 8) == value
        assert f"{value:.8f}" in v.explanation("en") and f"{value:.8f}" in v.explanation("zh")


def test_two_layer_update_new_mistakes_are_the_wrong_backward_passes():
    """The two mistakes added after the review, rebuilt with autograd: the error of one output only,
    and the error sent back through w5-w8 after their update."""
    q = load("backprop.two_layer_update")
    one_output = [m for m in q.MISTAKES if "Only one output" in m.feedback["en"]]
    updated = [m for m in q.MISTAKES if "already-updated" in m.feedback["en"]]
    assert len(one_output) == 2 and len(updated) == 1
    hidden = [p for p in params("backprop.two_layer_update") if p["weight"] in WEIGHTS[:4]]
    assert len(hidden) >= 40, "too few hidden-layer variants"
    for p in hidden:
        row, col = divmod(WEIGHTS.index(p["weight"]), 2)
        old = p["W1"][row][col]
        for output, mistake in enumerate(one_output):
            W1, _W2, o, t = _network(p)
            _losses(o, t)[output].backward()
            assert mistake.answer(p) == pytest.approx(old - p["lr"] * float(W1.grad[row, col]), rel=1e-12, abs=1e-14)
        W1, W2, o, t = _network(p)
        _losses(o, t).sum().backward()
        W2_new = (W2 - p["lr"] * W2.grad).detach().tolist()
        W1, _W2, o, t = _network(p, W2_backward=W2_new)
        _losses(o, t).sum().backward()
        assert updated[0].answer(p) == pytest.approx(old - p["lr"] * float(W1.grad[row, col]), rel=1e-12, abs=1e-14)
    for p in params("backprop.two_layer_update"):
        if p["weight"] in WEIGHTS[4:]:
            assert all(m.answer(p) is None for m in one_output + updated)


def test_chain_gradient_is_autograd():
    q = load("backprop.chain_gradient")
    kinds = set()
    for p in params("backprop.chain_gradient"):
        w1, b1, w2, b2 = (torch.tensor(p[n], dtype=DT, requires_grad=True) for n in ("w1", "b1", "w2", "b2"))
        h = torch.sigmoid(w1 * p["x"] + b1)
        o = torch.sigmoid(w2 * h + b2)
        (0.5 * (p["target"] - o) ** 2).backward()
        grad = {"w1": w1.grad, "b1": b1.grad}[p["wrt"]]
        assert q.answer(p) == pytest.approx(float(grad), rel=1e-12), p
        kinds.add(p["wrt"])
    assert kinds == {"w1", "b1"}


# ---------------------------------------------------------------------------------------------
# Vanishing gradients: chains of sigmoid layers in autograd


def _chain_gradient(weights):
    """|∂h_n/∂h_0| for h_k = σ(w_k h_{k-1} + b_k) with each bias chosen so that the pre-activation is 0
    (where σ' is largest)."""
    h0 = torch.tensor(0.3, dtype=DT, requires_grad=True)
    h = h0
    for w in weights:
        b = -w * float(h.detach())
        h = torch.sigmoid(w * h + b)
    h.backward()
    return abs(float(h0.grad))


def test_vanishing_bound_is_reached_and_never_exceeded():
    q = load("backprop.vanishing_bound")
    rng = np.random.default_rng(0)
    bounds = set()
    for p in params("backprop.vanishing_bound"):
        c, n = p["bound"], p["layers"]
        bounds.add(c)
        assert _chain_gradient([c] * n) == pytest.approx(q.answer(p), rel=1e-9), p
        for _ in range(3):  # random chains with |w| <= c and arbitrary biases stay below
            h0 = torch.tensor(float(rng.normal()), dtype=DT, requires_grad=True)
            h = h0
            for _k in range(n):
                h = torch.sigmoid(float(rng.uniform(-c, c)) * h + float(rng.normal()))
            h.backward()
            assert abs(float(h0.grad)) <= q.answer(p) * (1 + 1e-9)
    assert {0.5, 1, 2, 3} <= bounds


def test_vanishing_depth_is_the_first_depth_below_the_threshold():
    q = load("backprop.vanishing_depth")
    for p in params("backprop.vanishing_depth"):
        n, eps = q.answer(p), 10.0 ** -p["exponent"]
        assert _chain_gradient([p["bound"]] * n) < eps <= _chain_gradient([p["bound"]] * (n - 1)), p


# ---------------------------------------------------------------------------------------------
# Activations


def test_softmax_value_is_torch_softmax_and_the_naive_formula_overflows():
    q = load("activations.softmax_value")
    overflowing = 0
    for p in params("activations.softmax_value"):
        z = torch.tensor(p["logits"], dtype=DT)
        assert q.answer(p) == pytest.approx(float(torch.softmax(z, 0)[p["index"]]), rel=1e-12), p
        if max(p["logits"]) > 88:  # the prompt says float32 overflows
            overflowing += 1
            naive = torch.exp(z.float()) / torch.exp(z.float()).sum()
            assert torch.isnan(naive).all(), p
    assert overflowing > 100


def test_softmax_overflow_claims():
    q = load("activations.softmax_overflow")
    for p in params("activations.softmax_overflow")[:50]:
        z = torch.tensor(p["logits"], dtype=DT)
        assert torch.isnan(torch.exp(z.float()) / torch.exp(z.float()).sum()).all()  # the student's nan
        assert torch.isnan(torch.exp(z) / torch.exp(z).sum()).all()  # float64 overflows too
        shifted = torch.exp(z - z.max()) / torch.exp(z - z.max()).sum()
        assert torch.allclose(shifted, torch.softmax(z, 0), rtol=1e-12)  # the key: exact
        clipped = torch.softmax(z.clamp(max=88), 0)
        assert torch.allclose(clipped, torch.full_like(clipped, 1 / len(p["logits"])))  # clipping: uniform
        assert not torch.allclose(torch.softmax(z / z.sum(), 0), torch.softmax(z, 0), atol=1e-3)  # rescaling changes it
        assert all(o.correct == (o in q.RIGHT) for o in q.options(p))


def test_relu_facts_dead_units_keep_their_weights_and_relu_can_explode():
    # A unit whose pre-activation is negative for every sample: zero gradient, weights unchanged (not 0).
    torch.manual_seed(0)
    layer = nn.Linear(3, 1, dtype=DT)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[0.5, -0.2, 0.3]], dtype=DT))
        layer.bias.fill_(-100.0)
    before = [t.detach().clone() for t in layer.parameters()]
    opt = torch.optim.SGD(layer.parameters(), lr=0.5)
    for _ in range(5):
        x = torch.randn(16, 3, dtype=DT)
        loss = (F.relu(layer(x)) - 1.0).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        assert all(float(t.grad.abs().max()) == 0.0 for t in layer.parameters())
        opt.step()
    for t, b in zip(layer.parameters(), before):
        assert torch.equal(t.detach(), b) and bool((b != 0).any())
    # Large weights: the ReLU chain's gradient grows like 2^n.
    h0 = torch.tensor(1.0, dtype=DT, requires_grad=True)
    h = h0
    for _ in range(20):
        h = F.relu(2.0 * h)
    h.backward()
    assert float(h0.grad) == 2.0 ** 20
    # Leaky ReLU keeps a gradient for negative input.
    u = torch.tensor(-3.0, dtype=DT, requires_grad=True)
    F.leaky_relu(u, 0.01).backward()
    assert float(u.grad) == pytest.approx(0.01)


def _sympy_points(qid, count=24, seed=0):
    import sympy

    q = load(qid)
    rng = np.random.default_rng(seed)
    ranges = {"real": (-3, 3), "positive": (0.1, 5), "unit": (0.05, 0.95), "probability": (0.01, 0.99)}
    syms = {n: sympy.Symbol(n, real=True) for n in q.META.check.symbols}
    return syms, [{syms[n]: sympy.Float(rng.uniform(*ranges[d])) for n, d in q.META.check.symbols.items()}
                  for _ in range(count)]


def _same_function(qid, derived, p=None):
    q = load(qid)
    _syms, points = _sympy_points(qid)
    key = q.answer(p or {})
    for pt in points:
        assert float(key.subs(pt).evalf(30)) == pytest.approx(float(derived.subs(pt).evalf(30)), rel=1e-12, abs=1e-12)
    for m in q.MISTAKES:  # and every listed mistake differs from it
        wrong = m.answer(p or {})
        if wrong is None:
            continue
        diffs = [abs(float((key - wrong).subs(pt).evalf(30))) for pt in points]
        assert max(diffs) > 1e-3, (qid, wrong)


def test_symbolic_keys_by_sympy_diff():
    import sympy

    z, x = sympy.Symbol("z", real=True), sympy.Symbol("x", real=True)
    sigma = 1 / (1 + sympy.exp(-z))
    _same_function("activations.tanh_derivative", sympy.diff(sympy.tanh(z), z))
    _same_function("activations.tanh_via_sigmoid", sympy.tanh(z))
    _same_function("activations.softplus_derivative", sympy.diff(sympy.log(1 + sympy.exp(x)), x))
    _same_function("activations.sigmoid_second_derivative", sympy.diff(sigma, z, 2))
    z1, z2 = sympy.Symbol("z_1", real=True), sympy.Symbol("z_2", real=True)
    _same_function("activations.softmax_two_class", sympy.exp(z1) / (sympy.exp(z1) + sympy.exp(z2)))
    # The keys that must avoid tanh / exp in the student's answer are written with the sigmoid only.
    assert load("activations.tanh_via_sigmoid").META.check.functions == ("sigmoid",)
    assert load("activations.softmax_two_class").META.check.functions == ("sigmoid",)


def test_leaky_relu_gradient_is_autograd_on_each_side():
    import sympy

    q = load("activations.leaky_relu_grad")
    rng = np.random.default_rng(1)
    syms = {n: sympy.Symbol(n, real=True) for n in ("w", "x", "b", "alpha")}
    for side, wrt in product(("positive", "negative"), ("w", "x", "b")):
        p = {"side": side, "wrt": wrt}
        for _ in range(10):
            while True:
                w, x, b = rng.uniform(-3, 3, size=3)
                if (w * x + b > 0.1) == (side == "positive") and abs(w * x + b) > 0.1:
                    break
            alpha = rng.uniform(0.05, 0.95)
            ts = {n: torch.tensor(v, dtype=DT, requires_grad=True) for n, v in (("w", w), ("x", x), ("b", b))}
            F.leaky_relu(ts["w"] * ts["x"] + ts["b"], float(alpha)).backward()
            point = {syms["w"]: w, syms["x"]: x, syms["b"]: b, syms["alpha"]: alpha}
            assert float(sympy.sympify(q.answer(p)).subs(point)) == pytest.approx(float(ts[wrt].grad), rel=1e-9)
            for m in q.MISTAKES:
                wrong = m.answer(p)
                if wrong is not None:
                    assert float(sympy.sympify(wrong).subs(point)) != pytest.approx(float(ts[wrt].grad), rel=1e-6)


@pytest.mark.parametrize("qid", SYMBOLIC)
def test_symbolic_mistakes_are_rejected_with_their_feedback(qid):
    q = question(qid)
    items, expected = [], []
    seen = set()
    for v in variants(qid)[:20]:
        key = repr(v.params)
        if key in seen:
            continue
        seen.add(key)
        texts, fbs = [v.answer_text()], [None]
        for m in q.mistakes:
            value = m.answer(v.params)
            if value is not None:
                texts.append(v.mistake_text(value))
                fbs.append(m.feedback["en"])
        items.append((v, texts))
        expected.append(fbs)
    for (v, texts), results, fbs in zip(items, judge(items), expected):
        assert results[0].verdict is Verdict.CORRECT, (qid, texts[0], results[0])
        for text, result, fb in zip(texts[1:], results[1:], fbs[1:]):
            assert result.verdict is Verdict.INCORRECT and result.feedback == fb, (qid, v.params, text, result)


def test_sigmoid_only_answers_refuse_tanh_and_exp():
    v = make_variant(question("activations.tanh_via_sigmoid"), seed=0)
    ok, restated, with_exp = judge([(v, ["2σ(2z) - 1", "tanh(z)", "2/(1+exp(-2z)) - 1"])])[0]
    assert ok.verdict is Verdict.CORRECT
    assert restated.verdict is Verdict.INVALID and with_exp.verdict is Verdict.INVALID
    v = make_variant(question("activations.softmax_two_class"), seed=0)
    plain, latex, restated = judge([(v, ["sigmoid(z1 - z2)", r"\sigma(z_1 - z_{2})", "exp(z1)/(exp(z1)+exp(z2))"])])[0]
    assert plain.verdict is Verdict.CORRECT and latex.verdict is Verdict.CORRECT
    assert restated.verdict is Verdict.INVALID


# ---------------------------------------------------------------------------------------------
# Initialisation and non-linearity


def test_init_std_matches_torch_init_and_gives_the_stated_variance():
    q = load("mlp.init_std")
    gen = torch.Generator().manual_seed(0)
    schemes = set()
    for p in params("mlp.init_std")[:12]:
        s, m, v = q.answer(p), p["fan_in"], p["input_var"]
        schemes.add(p["scheme"])
        gain = nn.init.calculate_gain("relu" if p["scheme"] == "he" else "linear")
        w = torch.empty(100, m, dtype=DT)
        nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu" if p["scheme"] == "he" else "linear", generator=gen)
        assert s * math.sqrt(v) == pytest.approx(gain / math.sqrt(m), rel=1e-12)  # torch's formula, unit inputs
        assert float(w.std()) == pytest.approx(gain / math.sqrt(m), rel=0.03)
        # Monte Carlo: Var(z) for z = Σ w_i x_i with the key's std is the scheme's target (1 or 2).
        weights = torch.randn(1000, m, dtype=DT, generator=gen) * s
        inputs = torch.randn(1000, m, dtype=DT, generator=gen) * math.sqrt(v)
        target = 1.0 if p["scheme"] == "lecun" else 2.0
        assert float((weights * inputs).sum(1).var()) == pytest.approx(target, rel=0.15), p
    assert schemes == {"lecun", "he"}


def test_linear_layers_collapse_into_one():
    gen = torch.Generator().manual_seed(0)
    for p in params("mlp.linear_collapse")[:20]:
        layers = [nn.Linear(a, b, dtype=DT) for a, b in zip(p["widths"], p["widths"][1:])]
        assert len(layers) == p["layers"]
        W = torch.eye(p["widths"][0], dtype=DT)
        b = torch.zeros(p["widths"][0], dtype=DT)
        for layer in layers:
            W, b = layer.weight @ W, layer.weight @ b + layer.bias
        x = torch.randn(5, p["widths"][0], dtype=DT, generator=gen)
        assert torch.allclose(nn.Sequential(*layers)(x), x @ W.T + b, atol=1e-10)


def test_constant_initialisation_keeps_the_hidden_units_identical():
    gen = torch.Generator().manual_seed(0)
    for p in params("mlp.zero_init")[:3]:
        inputs, hidden = min(p["inputs"], 20), p["hidden"]
        net = nn.Sequential(nn.Linear(inputs, hidden, dtype=DT), nn.Sigmoid(), nn.Linear(hidden, 1, dtype=DT))
        for t in net.parameters():
            nn.init.constant_(t, p["value"])
        start = [t.detach().clone() for t in net.parameters()]
        opt = torch.optim.SGD(net.parameters(), lr=0.5)
        x = torch.randn(64, inputs, dtype=DT, generator=gen)
        y = torch.randn(64, 1, dtype=DT, generator=gen)
        for _ in range(10):
            opt.zero_grad()
            F.mse_loss(net(x), y).backward()
            opt.step()
        W1, b1, W2, _b2 = (t.detach() for t in net.parameters())
        assert torch.allclose(W1, W1[:1].expand_as(W1)) and torch.allclose(b1, b1[:1].expand_as(b1))
        assert torch.allclose(W2, W2[:, :1].expand_as(W2))
        assert any(not torch.equal(t.detach(), s) for t, s in zip(net.parameters(), start))  # it did train


# ---------------------------------------------------------------------------------------------
# Perceptron


def test_perceptron_pass_is_sgd_on_the_perceptron_criterion():
    """With no sample exactly on the boundary, the perceptron rule is SGD with learning rate η on
    max(0, −y·(w·x + b)), one sample at a time."""
    q = load("perceptron.update_step")
    for p in params("perceptron.update_step"):
        w = torch.tensor([float(v) for v in p["w"]], dtype=DT, requires_grad=True)
        b = torch.tensor(float(p["b"]), dtype=DT, requires_grad=True)
        opt = torch.optim.SGD([w, b], lr=p["lr"])
        for x1, x2, y in p["samples"]:
            score = y * (w @ torch.tensor([x1, x2], dtype=DT) + b)
            assert float(score.detach()) != 0, p
            opt.zero_grad()
            F.relu(-score).backward()
            opt.step()
        final = dict(zip(("w1", "w2", "b"), [*w.detach().tolist(), float(b.detach())]))
        assert q.answer(p) == pytest.approx(final[p["ask"]], abs=1e-9), p


def _separates(weights, table):
    w1, w2, b = weights
    return all((w1 * x1 + w2 * x2 + b > 0) == bool(out) for (x1, x2), out in zip(((0, 0), (0, 1), (1, 0), (1, 1)), table))


def test_separability_by_enumeration():
    """Every option's table is checked: the separable ones by the line their feedback names, and for
    XOR / XNOR no perceptron on a fine grid exists, backed by the convex-hull certificate (the
    midpoint of the positive points equals the midpoint of the negative ones)."""
    q = load("perceptron.linear_separability")
    grid = np.arange(-3, 3.01, 0.25)
    for name in q.NOT_SEPARABLE:
        table = q.TABLES[name]
        assert not any(_separates(wb, table) for wb in product(grid, grid, grid))
        pos = np.mean([pt for pt, out in zip(((0, 0), (0, 1), (1, 0), (1, 1)), table) if out], axis=0)
        neg = np.mean([pt for pt, out in zip(((0, 0), (0, 1), (1, 0), (1, 1)), table) if not out], axis=0)
        assert np.allclose(pos, neg)
    for name, weights in q.SEPARATING.items():
        assert _separates(weights, q.TABLES[name]), name
    for p in params("perceptron.linear_separability"):
        opts = q.options(p)
        assert [o.correct for o in opts] == [True, False, False, False]
        assert opts[0].text["en"].endswith(", ".join(map(str, q.TABLES[p["target"]])))
        for name, o in zip(p["others"], opts[1:]):
            assert q._line(name) in o.feedback["en"] and q._line(name) in o.feedback["zh"]
    assert {"and", "or"} <= {n for p in params("perceptron.linear_separability") for n in p["others"]}


def test_xor_network_construction_computes_the_target():
    q = load("perceptron.xor_network")
    from importlib import import_module

    boolean = import_module(q.__name__.rsplit(".", 1)[0] + "._boolean")
    step = lambda wb, a, b: float(wb[0] * a + wb[1] * b + wb[2] > 0)  # noqa: E731
    for target, out_gate in (("XOR", "and"), ("XNOR", "nand")):
        table = boolean.TABLES[target.lower()]
        for (x1, x2), expected in zip(((0, 0), (0, 1), (1, 0), (1, 1)), table):
            h1, h2 = step(boolean.SEPARATING["or"], x1, x2), step(boolean.SEPARATING["nand"], x1, x2)
            assert step(boolean.SEPARATING[out_gate], h1, h2) == expected
    for p in params("perceptron.xor_network")[:30]:
        right = [o for o in q.options(p) if o.correct]
        assert len(right) == 1
        text = make_variant(question("perceptron.xor_network"), params=p).choices("en")
        if "NAND, and an output unit" in right[0].text["en"]:
            shown = next(c["text"] for c in text if "output unit for their" in c["text"])
            assert shown.endswith("AND" if p["target"] == "XOR" else "NAND")


# ---------------------------------------------------------------------------------------------
# CNN: shapes and counts from real layers


def _numel(module: nn.Module) -> int:
    return sum(t.numel() for t in module.parameters())


def test_one_by_one_conv_counts_and_shapes():
    q = load("cnn.one_by_one_conv")
    notes = {"size": 6, "in_channels": 128, "out_channels": 32}
    assert q.answer({**notes, "ask": "params"}) == 4128 and q.answer({**notes, "ask": "outputs"}) == 6 * 6 * 32
    for p in params("cnn.one_by_one_conv"):
        conv = nn.Conv2d(p["in_channels"], p["out_channels"], 1, device="meta")
        out = conv(torch.empty(1, p["in_channels"], p["size"], p["size"], device="meta"))
        assert out.shape == (1, p["out_channels"], p["size"], p["size"])
        assert q.answer(p) == (_numel(conv) if p["ask"] == "params" else out.numel()), p


def test_one_by_one_role_options_describe_the_real_layer():
    """An option is right exactly when it names the real layer's output shape and, if it gives a
    parameter count, the real one."""
    for p in params("cnn.one_by_one_role")[:40]:
        conv = nn.Conv2d(p["c_in"], p["c_out"], 1, device="meta")
        shape = conv(torch.empty(1, p["c_in"], p["size"], p["size"], device="meta")).shape
        v = make_variant(question("cnn.one_by_one_role"), params=p)
        for choice, option in zip(v.choices("en"), v.options):
            right_shape = choice["text"].startswith(f"{shape[2]}×{shape[3]}×{shape[1]}")
            right_count = "parameters" not in choice["text"] or f"{_numel(conv)} parameters" in choice["text"]
            assert option.correct == (right_shape and right_count), choice


def test_same_padding_gives_the_target_size():
    q = load("cnn.same_padding")
    same = 0
    for p in params("cnn.same_padding"):
        x = torch.empty(1, 1, p["size"], p["size"], device="meta")
        w = torch.empty(1, 1, p["kernel"], p["kernel"], device="meta")
        pad = q.answer(p)
        assert F.conv2d(x, w, padding=pad).shape[-1] == p["target"], p
        assert F.conv2d(x, w, padding=pad + 1).shape[-1] != p["target"]
        same += p["target"] == p["size"]
        if p["target"] == p["size"]:
            assert F.conv2d(x, w, padding="same").shape[-1] == p["size"]
    assert 0 < same < len(SEEDS)


def test_receptive_field_is_the_autograd_footprint():
    q = load("cnn.receptive_field")
    for p in params("cnn.receptive_field")[:40]:
        layers = [nn.Conv2d(1, 1, k, stride=s, bias=False, dtype=DT) for k, s in p["layers"]]
        for layer in layers:
            nn.init.constant_(layer.weight, 1.0)
        side = 2 * q.answer(p) + 8
        x = torch.zeros(1, 1, side, side, dtype=DT, requires_grad=True)
        out = nn.Sequential(*layers)(x)
        out[0, 0, out.shape[2] // 2, out.shape[3] // 2].backward()
        rows = torch.nonzero(x.grad[0, 0].abs().sum(1)).flatten()
        cols = torch.nonzero(x.grad[0, 0].abs().sum(0)).flatten()
        assert int(rows[-1] - rows[0] + 1) == int(cols[-1] - cols[0] + 1) == q.answer(p), p


def test_conv_vs_fc_counts():
    q = load("cnn.conv_vs_fc")
    for p in params("cnn.conv_vs_fc"):
        conv = nn.Conv2d(p["in_channels"], p["out_channels"], p["kernel"], device="meta")
        out = conv(torch.empty(1, p["in_channels"], p["size"], p["size"], device="meta"))
        fc = nn.Linear(p["in_channels"] * p["size"] ** 2, out.numel(), device="meta")
        assert q.answer(p) == _numel(fc), p
        assert q.MISTAKES[0].answer(p) == _numel(conv)


def test_flatten_size_is_the_sequential_output():
    q = load("cnn.flatten_size")
    notes = {"size": 32, "in_channels": 1, "kernel": 5, "padding": 0, "out_channels": 6}
    assert q.answer(notes) == 1176 and make_variant(question("cnn.flatten_size"), params=notes).answer_text() == "1176"
    odd = 0
    for p in params("cnn.flatten_size"):
        conv = nn.Conv2d(p["in_channels"], p["out_channels"], p["kernel"], padding=p["padding"], device="meta")
        x = torch.empty(1, p["in_channels"], p["size"], p["size"], device="meta")
        net = nn.Sequential(conv, nn.MaxPool2d(2, 2), nn.Flatten())
        assert q.answer(p) == net(x).shape[1], p
        ceil = nn.Sequential(conv, nn.MaxPool2d(2, 2, ceil_mode=True), nn.Flatten())(x).shape[1]
        mistake = q.MISTAKES[3].answer(p)
        if mistake is not None:
            odd += 1
            assert mistake == ceil
    assert odd > 0


def test_pooling_has_no_parameters():
    for p in params("cnn.pooling_parameters")[:40]:
        pool = nn.MaxPool2d(p["kernel"], stride=2)
        assert _numel(pool) == 0
        assert pool(torch.zeros(1, p["channels"], p["size"], p["size"])).shape == (1, p["channels"], p["out"], p["out"])


def test_cnn_properties_claims():
    gen = torch.Generator().manual_seed(0)
    conv = nn.Conv2d(3, 4, 3, bias=False, dtype=DT)
    x = torch.randn(1, 3, 20, 20, dtype=DT, generator=gen)
    shifted = torch.roll(x, shifts=(2, 3), dims=(2, 3))
    # equivariance: away from the borders, the feature map of the shifted input is the shifted map
    assert torch.allclose(conv(shifted)[..., 5:15, 5:15], conv(x)[..., 3:13, 2:12])
    # parameter count independent of the input size; pooling has none
    assert _numel(nn.Conv2d(3, 4, 3)) == 4 * (3 * 9 + 1) and _numel(nn.MaxPool2d(2)) == 0
    # sparse interaction: one output depends on a 3×3 window only
    x = torch.randn(1, 3, 9, 9, dtype=DT, generator=gen, requires_grad=True)
    conv(x)[0, 0, 4, 4].backward()
    assert int((x.grad[0].abs().sum(0) > 0).sum()) == 9
    # pooling: a shift inside the window leaves the max unchanged
    a = torch.zeros(1, 1, 4, 4)
    a[0, 0, 0, 0] = 5.0
    b = torch.zeros(1, 1, 4, 4)
    b[0, 0, 1, 1] = 5.0
    assert torch.equal(F.max_pool2d(a, 2), F.max_pool2d(b, 2))


# ---------------------------------------------------------------------------------------------
# Batch normalisation: nn.BatchNorm in training mode


def test_bn_statistic_count_recovered_from_torch():
    """PyTorch normalises with the biased variance and stores the unbiased one in running_var; their
    ratio is n/(n − 1), which gives the number of values n behind one statistic."""
    q = load("batchnorm.stat_count")
    gen = torch.Generator().manual_seed(0)
    layers = set()
    for p in params("batchnorm.stat_count")[:60]:
        layers.add(p["layer"])
        shape = (p["batch"], 2, p["height"], p["width"]) if p["layer"] == "conv" else (p["batch"], 2)
        bn = (nn.BatchNorm2d if p["layer"] == "conv" else nn.BatchNorm1d)(2, momentum=1.0, eps=TINY, dtype=DT)
        x = torch.randn(*shape, dtype=DT, generator=gen)
        x[:, 1] *= 10.0  # channel 1 on another scale: a statistic over all channels would show it
        with torch.no_grad():
            y = bn.train()(x)
        flat_x, flat_y = x[:, 0].flatten(), y[:, 0].flatten()
        biased = float(((flat_x[0] - flat_x[1]) / (flat_y[0] - flat_y[1])) ** 2)
        ratio = float(bn.running_var[0]) / biased
        assert round(ratio / (ratio - 1)) == q.answer(p), p
    assert layers == {"conv", "fc"}


def test_bn_param_count_is_numel_and_buffers_are_not_parameters():
    q = load("batchnorm.param_count")
    for p in params("batchnorm.param_count"):
        conv = nn.Conv2d(p["in_channels"], p["out_channels"], p["kernel"], bias=p["conv_bias"], device="meta")
        bn = nn.BatchNorm2d(p["out_channels"], device="meta")
        assert q.answer(p) == _numel(nn.Sequential(conv, bn)), p
        stats = bn.running_mean.numel() + bn.running_var.numel()
        assert q.MISTAKES[1].answer(p) == q.answer(p) + stats


def test_bn_output_is_batchnorm1d_in_training_mode():
    q = load("batchnorm.normalize_value")
    for p in params("batchnorm.normalize_value")[:80]:
        bn = nn.BatchNorm1d(1, eps=TINY, dtype=DT)
        with torch.no_grad():
            bn.weight.fill_(p["gamma"])
            bn.bias.fill_(p["beta"])
        with torch.no_grad():
            out = bn.train()(torch.tensor(p["values"], dtype=DT).unsqueeze(1))
        assert q.answer(p) == pytest.approx(float(out[p["index"], 0]), rel=1e-12, abs=1e-12), p


def test_bn_running_statistics_are_pytorchs():
    q = load("batchnorm.running_stats")
    stats = set()
    for p in params("batchnorm.running_stats")[:60]:
        stats.add(p["stat"])
        bn = nn.BatchNorm1d(1, momentum=p["momentum"], dtype=DT)
        with torch.no_grad():
            getattr(bn, f"running_{p['stat']}").fill_(p["running"])
        bn.train()(torch.tensor(p["values"], dtype=DT).unsqueeze(1))
        assert q.answer(p) == pytest.approx(float(getattr(bn, f"running_{p['stat']}")[0]), rel=1e-12), p
    assert stats == {"mean", "var"}


def test_bn_per_channel_statistics():
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(8, 3, 5, 5, dtype=DT, generator=gen) * torch.tensor([1.0, 5.0, 0.2], dtype=DT).view(1, 3, 1, 1)
    y = nn.BatchNorm2d(3, eps=TINY, dtype=DT).train()(x)
    mean, var = x.mean(dim=(0, 2, 3), keepdim=True), x.var(dim=(0, 2, 3), unbiased=False, keepdim=True)
    assert torch.allclose(y, (x - mean) / var.sqrt())
    for p in params("batchnorm.per_channel")[:20]:
        right = [o for o in load("batchnorm.per_channel").options(p) if o.correct]
        assert len(right) == 1 and "{{ c }}" in right[0].text["en"] and "{{ n * h * w }}" in right[0].text["en"]


def test_standardising_keeps_the_shape_of_the_distribution():
    q = load("batchnorm.not_gaussian")

    def skew(t):
        return float(((t - t.mean()) ** 3).mean() / t.var(unbiased=False) ** 1.5)

    for values in q.BATCHES.values():
        x = torch.tensor(values, dtype=DT)
        z = nn.BatchNorm1d(1, eps=TINY, affine=False, dtype=DT).train()(x.unsqueeze(1)).squeeze(1)
        assert float(z.mean()) == pytest.approx(0, abs=1e-12) and float(z.var(unbiased=False)) == pytest.approx(1)
        assert skew(z) == pytest.approx(skew(x), abs=1e-9)  # the shape is unchanged
        assert float(z.max()) > 1 and float(z.min()) < 0  # neither within [-1, 1] nor [0, 1]
    for v in variants("batchnorm.not_gaussian")[:10]:
        top = max(q._standardised(v.params["batch"]))
        for letter, option in zip("ABCD", v.options):
            if option.feedback and "min-max" in option.feedback["en"] and "standardised maximum" in option.feedback["en"]:
                assert f"{top:.2f}" in v.task("en").option_feedback[letter]


# ---------------------------------------------------------------------------------------------
# Choice questions: structure, feedback, and wrong picks rejected with their feedback


@pytest.mark.parametrize("qid", CHOICE)
def test_choice_options_and_feedback(qid):
    q = load(qid)
    n_right = set()
    items = []
    for v in variants(qid):
        right = [o for o in v.options if o.correct]
        wrong = [o for o in v.options if not o.correct]
        n_right.add(len(right))
        assert 4 <= len(v.options) <= 6 and wrong
        for o in wrong:
            assert o.feedback and set(o.feedback) == {"en", "zh"}
        hints = {lang: v.task(lang).option_feedback for lang in ("en", "zh")}
        for lang in ("en", "zh"):
            assert all(h.strip() and "{{" not in h for h in hints[lang].values())
        items.append(v)
    if q.META.kind == "choice":
        assert n_right == {1}
    else:
        assert n_right <= {2, 3} and len(n_right) == 2
    # The key is correct; each wrong option alone is rejected with its own feedback.
    sample = items[:15]
    batches = [(v, [",".join(v.key)] + [letter for letter, o in zip("ABCDEF", v.options) if not o.correct])
               for v in sample]
    for (v, texts), results in zip(batches, judge(batches)):
        assert results[0].verdict is Verdict.CORRECT, (qid, v.params, results[0])
        hints = v.task("en").option_feedback
        for letter, result in zip(texts[1:], results[1:]):
            assert result.score == 0 and hints[letter] in (result.feedback or ""), (qid, letter, result)


def test_vanishing_remedies_pool_is_as_intended():
    q = load("backprop.vanishing_remedies")
    right = " ".join(o.text["en"] for o in q.RIGHT)
    wrong = " ".join(o.text["en"] for o in q.WRONG)
    for word in ("ReLU", "batch normalisation", "residual", "LSTM", "Xavier"):
        assert word in right
    for word in ("sigmoid in every", "learning rate", "Clip", "zero", "more sigmoid layers"):
        assert word in wrong
    # clipping never enlarges a vanishing gradient
    w = torch.zeros(3, requires_grad=True)
    w.grad = torch.full((3,), 1e-6)
    torch.nn.utils.clip_grad_norm_([w], max_norm=1.0)
    assert torch.equal(w.grad, torch.full((3,), 1e-6))
