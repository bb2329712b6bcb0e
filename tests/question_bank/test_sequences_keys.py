"""The sequence-model questions (rnn/, attention/, nlp/): every key proved by an independent route.

Counts come from `numel()` of PyTorch's recurrent layers, cell steps from `nn.RNN` / `nn.LSTMCell` /
`nn.GRUCell` with the question's weights, BPTT factors from autograd, clipping from
`clip_grad_norm_`, attention from `torch.softmax` and `F.scaled_dot_product_attention`, the
hierarchical-softmax depth from a Huffman tree built with `heapq`, n-gram counts and mini-batches
by enumeration, symbolic keys from `sympy.diff` of the stated recurrences. Nothing here restates
a question's formula. Variants are the engine's own (`make_variant`, as `grade bank show` makes
them); listed mistakes and wrong options go through `Variant.check`, the path a student's answer
takes, and must come back wrong with their feedback in both languages.
"""

from __future__ import annotations

import heapq
import itertools
import math
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from grader.bank import load_bank, make_variant
from grader.render import render_string
from grader.results import Verdict

BANK = Path(__file__).resolve().parents[2] / "question_bank"
SEEDS = range(200)
DT = torch.float64

NUMERIC = {  # id -> how its worked explanation writes the key
    "rnn.rnn_param_count": "{}",
    "rnn.rnn_forward": "{:#.4g}",
    "rnn.sequence_batches": "{}",
    "rnn.state_jacobian_product": "{:#.3g}",
    "rnn.clip_grad_norm": "{:.3f}",
    "rnn.lstm_cell_step": "{:#.4g}",
    "rnn.gru_param_count": "{}",
    "rnn.stacked_param_count": "{}",
    "rnn.bidir_output_size": "{}",
    "rnn.gru_step": "{:#.4g}",
    "attention.softmax_weights": "{:.3f}",
    "attention.context_vector": "{:.3f}",
    "nlp.hierarchical_softmax_depth": "{}",
    "nlp.ngram_features": "{}",
}
SYMBOLIC = ("rnn.tanh_state_jacobian", "rnn.linear_bptt_product", "rnn.lstm_cell_path", "rnn.gru_direct_path")
CHOICE = (
    "rnn.parameter_sharing", "rnn.when_to_use", "rnn.clipping_remedy", "rnn.vanishing_statements",
    "rnn.lstm_gates", "rnn.lstm_concat_shape", "rnn.gru_convention", "rnn.gru_vs_lstm", "rnn.bidirectional_use",
    "attention.seq2seq_attention", "nlp.fasttext_concepts", "nlp.hierarchical_softmax_facts",
)
POOLS = ("rnn.parameter_sharing", "rnn.when_to_use", "rnn.vanishing_statements", "rnn.gru_vs_lstm",
         "rnn.bidirectional_use", "nlp.hierarchical_softmax_facts")  # choice questions drawn from RIGHT / WRONG
ROWS = ("rnn_basics", "bptt", "lstm", "gru_bidirectional", "attention", "fasttext")


@cache
def _bank():
    return load_bank()


def question(qid: str):
    q = _bank().get(qid)
    assert q.path == BANK.joinpath(*qid.split(".")).with_suffix(".py")
    return q


def module(qid: str):
    return question(qid).module


@cache
def variant(qid: str, seed: int):
    return make_variant(question(qid), seed=seed)


def params(qid: str, seeds=SEEDS) -> list[dict]:
    return [variant(qid, s).params for s in seeds]


def _numel(m: nn.Module) -> int:
    return sum(t.numel() for t in m.parameters())


# ---------------------------------------------------------------------------------------------
# The rows: every sequence row has at least two questions and the kinds it names


def test_every_sequence_row_has_two_questions_of_its_kinds():
    import yaml

    rows = {row["id"]: row for row in yaml.safe_load((BANK / "syllabus.yaml").read_text())}
    ours = [q for q in _bank() if q.id.split(".")[0] in ("rnn", "attention", "nlp")]
    for row in ROWS:
        mine = [q for q in ours if q.meta.covers == row]
        assert len(mine) >= 2, row
        kinds = {q.meta.kind for q in mine} | ({"choice"} if any(q.meta.kind == "multi" for q in mine) else set())
        assert set(rows[row]["kinds"]) <= kinds, (row, kinds)
    assert {q.meta.difficulty for q in ours} == {1, 2, 3}


@pytest.mark.parametrize("qid", [*NUMERIC, *SYMBOLIC, *CHOICE])
def test_module_shape(qid):
    q = question(qid)
    assert q.meta.covers in ROWS and q.meta.difficulty in (1, 2, 3) and q.meta.source
    for text in (q.meta.title, q.module.PROMPT, q.module.EXPLANATION):
        assert set(text) == {"en", "zh"} and all(t.strip() for t in text.values())
    for m in getattr(q.module, "MISTAKES", []):
        assert set(m.feedback) == {"en", "zh"} and all(m.feedback.values())


# ---------------------------------------------------------------------------------------------
# Numeric keys: PyTorch modules, autograd and enumeration


def test_rnn_param_count_is_nn_rnn_plus_linear_numel():
    q = module("rnn.rnn_param_count")
    for p in params("rnn.rnn_param_count"):
        rnn = nn.RNN(p["input_size"], p["hidden_size"], device="meta")
        out = nn.Linear(p["hidden_size"], p["output_size"], device="meta")
        assert q.answer(p) == _numel(rnn) + _numel(out), p
        # The "one bias" mistake is nn.RNN without b_hh.
        assert q.MISTAKES[1].answer(p) == _numel(rnn) - rnn.bias_hh_l0.numel() + _numel(out), p


def test_rnn_forward_is_nn_rnn_with_the_weights():
    q = module("rnn.rnn_forward")
    for p in params("rnn.rnn_forward"):
        rnn = nn.RNN(1, 1, bias=False, dtype=DT)
        with torch.no_grad():
            rnn.weight_ih_l0.fill_(p["u"])
            rnn.weight_hh_l0.fill_(p["w"])
        out, h_n = rnn(torch.tensor(p["xs"], dtype=DT).view(-1, 1, 1), torch.tensor([[[p["s0"]]]], dtype=DT))
        assert q.answer(p) == pytest.approx(h_n.item(), rel=1e-12, abs=1e-15), p
        assert out[-1].item() == h_n.item()


def _batches(n_chars: int, batch_size: int, seq_length: int):
    """The notebook's get_batches: drop the tail, reshape to batch_size rows, slide seq_length windows."""
    arr = np.arange(n_chars)
    per_batch = batch_size * seq_length
    arr = arr[: (len(arr) // per_batch) * per_batch].reshape(batch_size, -1)
    windows = [arr[:, n:n + seq_length] for n in range(0, arr.shape[1], seq_length)]
    assert all(w.shape == (batch_size, seq_length) for w in windows)
    return windows, n_chars - arr.size


def test_sequence_batches_by_making_the_batches():
    q = module("rnn.sequence_batches")
    asks = set()
    for p in params("rnn.sequence_batches", range(80)):
        windows, dropped = _batches(p["n_chars"], p["batch_size"], p["seq_length"])
        assert q.answer(p) == (len(windows) if p["ask"] == "batches" else dropped), p
        asks.add(p["ask"])
    assert asks == {"batches", "dropped"}


def test_state_jacobian_product_is_autograd_through_the_steps():
    q = module("rnn.state_jacobian_product")
    kinds = set()
    for p in params("rnn.state_jacobian_product"):
        s0 = torch.tensor(p["s0"], dtype=DT, requires_grad=True)
        s = s0
        for x in p["xs"]:
            s = torch.tanh(p["w"] * s + p["u"] * x)
        s.backward()
        assert q.answer(p) == pytest.approx(float(s0.grad), rel=1e-10), p
        kinds.add(abs(q.answer(p)) < 1)
    assert kinds == {True, False}  # both vanishing and exploding variants occur


def _clipped(p, *, per_tensor=False, by_value=False):
    W = torch.zeros(len(p["g_w"]), dtype=DT, requires_grad=True)
    b = torch.zeros(len(p["g_b"]), dtype=DT, requires_grad=True)
    W.grad = torch.tensor(p["g_w"], dtype=DT)
    b.grad = torch.tensor(p["g_b"], dtype=DT)
    if by_value:
        torch.nn.utils.clip_grad_value_([W, b], p["max_norm"])
    elif per_tensor:
        for t in (W, b):
            torch.nn.utils.clip_grad_norm_([t], p["max_norm"])
    else:
        torch.nn.utils.clip_grad_norm_([W, b], p["max_norm"])
    return float(torch.cat([W.grad, b.grad])[p["index"]])


def test_clip_grad_norm_is_torch_clip_grad_norm():
    q = module("rnn.clip_grad_norm")
    above = []
    for p in params("rnn.clip_grad_norm"):
        assert p["index"] < len(p["g_w"]) + len(p["g_b"])
        assert q.answer(p) == pytest.approx(_clipped(p), rel=1e-5), p  # torch adds 1e-6 to the norm
        per_tensor, by_value = q.MISTAKES[0].answer(p), q.MISTAKES[1].answer(p)
        if per_tensor is not None:
            assert per_tensor == pytest.approx(_clipped(p, per_tensor=True), rel=1e-5), p
        if by_value is not None:
            assert by_value == pytest.approx(_clipped(p, by_value=True), rel=1e-12), p
        above.append(math.dist(p["g_w"] + p["g_b"], [0] * (len(p["g_w"]) + len(p["g_b"]))) > p["max_norm"])
    assert 0.6 < sum(above) / len(above) < 0.9  # mostly above the limit, some below


def _lstm_cell(p):
    cell = nn.LSTMCell(1, 1, dtype=DT)
    with torch.no_grad():  # PyTorch's gate order: i, f, g, o
        cell.weight_ih.copy_(torch.tensor([[p["w_i"]], [p["w_f"]], [p["w_g"]], [p["w_o"]]], dtype=DT))
        cell.weight_hh.copy_(torch.tensor([[p["u_i"]], [p["u_f"]], [p["u_g"]], [p["u_o"]]], dtype=DT))
        cell.bias_ih.zero_()
        cell.bias_hh.zero_()
    return cell(torch.tensor([[p["x"]]], dtype=DT), (torch.tensor([[p["h0"]]], dtype=DT), torch.tensor([[p["c0"]]], dtype=DT)))


def test_lstm_cell_step_is_nn_lstmcell():
    q = module("rnn.lstm_cell_step")
    asks = set()
    for p in params("rnn.lstm_cell_step"):
        h, c = _lstm_cell(p)
        assert q.answer(p) == pytest.approx((h if p["ask"] == "h" else c).item(), rel=1e-12, abs=1e-15), p
        asks.add(p["ask"])
    assert asks == {"c", "h"}


def test_gru_param_count_is_nn_gru_numel():
    q = module("rnn.gru_param_count")
    for p in params("rnn.gru_param_count"):
        assert q.answer(p) == _numel(nn.GRU(p["input_size"], p["hidden_size"], device="meta")), p
        assert q.MISTAKES[0].answer(p) == _numel(nn.LSTM(p["input_size"], p["hidden_size"], device="meta")), p


def test_stacked_param_count_is_numel_of_the_stack():
    q = module("rnn.stacked_param_count")
    seen = set()
    for p in params("rnn.stacked_param_count"):
        layer = getattr(nn, p["cell"])(p["input_size"], p["hidden_size"], num_layers=p["layers"],
                                       bidirectional=p["directions"] == 2, device="meta")
        assert q.answer(p) == _numel(layer), p
        seen.add((p["cell"], p["layers"] > 1, p["directions"]))
    assert {cell for cell, _, _ in seen} == {"RNN", "GRU", "LSTM"} and len(seen) >= 8


def test_bidir_output_size_is_the_shape_torch_returns():
    q = module("rnn.bidir_output_size")
    asks = set()
    for p in params("rnn.bidir_output_size", range(12)):
        rnn = getattr(nn, p["cell"])(p["input_size"], p["hidden_size"], num_layers=p["layers"], bidirectional=True)
        with torch.no_grad():
            output, state = rnn(torch.zeros(p["steps"], p["batch"], p["input_size"]))
        h_n = state[0] if p["cell"] == "LSTM" else state
        got = {"features": output.shape[-1], "states": h_n.shape[0], "numel": output.numel()}[p["ask"]]
        assert q.answer(p) == got, p
        asks.add(p["ask"])
    assert asks == {"features", "states", "numel"}
    # 002's example (erratum 28): two 1000 x 1 states concatenate to 2000 x 1.
    notes = {"cell": "RNN", "input_size": 10, "hidden_size": 1000, "layers": 2, "steps": 5, "batch": 1, "ask": "features"}
    assert make_variant(question("rnn.bidir_output_size"), params=notes).key == 2000


def test_gru_step_is_nn_grucell():
    q = module("rnn.gru_step")
    for p in params("rnn.gru_step"):
        cell = nn.GRUCell(1, 1, dtype=DT)
        with torch.no_grad():  # PyTorch's gate order: r, z, n
            cell.weight_ih.copy_(torch.tensor([[p["w_r"]], [p["w_z"]], [p["w_n"]]], dtype=DT))
            cell.weight_hh.copy_(torch.tensor([[p["u_r"]], [p["u_z"]], [p["u_n"]]], dtype=DT))
            cell.bias_ih.zero_()
            cell.bias_hh.zero_()
        h = cell(torch.tensor([[p["x"]]], dtype=DT), torch.tensor([[p["h0"]]], dtype=DT))
        assert q.answer(p) == pytest.approx(h.item(), rel=1e-12, abs=1e-15), p


def test_softmax_weights_are_torch_softmax():
    q = module("attention.softmax_weights")
    for p in params("attention.softmax_weights"):
        weights = torch.softmax(torch.tensor(p["scores"], dtype=DT), dim=0)
        assert q.answer(p) == pytest.approx(float(weights[p["index"]]), rel=1e-12), p


def test_context_vector_is_scaled_dot_product_attention():
    q = module("attention.context_vector")
    for p in params("attention.context_vector"):
        query = torch.tensor([[p["query"]]], dtype=DT)  # (batch 1, one query, 2)
        states = torch.tensor([p["states"]], dtype=DT)  # (batch 1, n keys, 2): keys and values alike
        context = F.scaled_dot_product_attention(query, states, states, scale=1.0)
        assert q.answer(p) == pytest.approx(float(context[0, 0, p["component"]]), rel=1e-10, abs=1e-12), p


def _huffman_depth(leaves: int) -> int:
    """Depth of the deepest leaf of a Huffman tree over `leaves` equally frequent classes."""
    counter = itertools.count()
    heap = [(1, next(counter), 0) for _ in range(leaves)]  # (weight, tie-break, height)
    while len(heap) > 1:
        w1, _, d1 = heapq.heappop(heap)
        w2, _, d2 = heapq.heappop(heap)
        heapq.heappush(heap, (w1 + w2, next(counter), max(d1, d2) + 1))
    return heap[0][2]


def test_hierarchical_softmax_depth_is_a_huffman_tree_depth():
    q = module("nlp.hierarchical_softmax_depth")
    small = [p for p in params("nlp.hierarchical_softmax_depth") if p["classes"] <= 20_000][:25]
    assert len(small) >= 10
    for p in small:
        assert q.answer(p) == _huffman_depth(p["classes"]), p
    for v in (3, 4, 5, 8, 9, 1000, 1024, 1025):  # around powers of two
        assert q.answer({"classes": v}) == _huffman_depth(v), v
    for p in params("nlp.hierarchical_softmax_depth"):  # larger V: the defining inequality, exactly
        d = q.answer(p)
        assert 2 ** (d - 1) < p["classes"] <= 2 ** d, p


def test_ngram_features_by_enumeration():
    q = module("nlp.ngram_features")
    for p in params("nlp.ngram_features"):
        tokens = p["tokens"]
        grams = [g for n in range(1, p["max_n"] + 1) for g in zip(*(tokens[i:] for i in range(n)))]
        assert q.answer(p) == len(grams) == len(set(grams)), p


def _accepts(check, key, value) -> bool:
    """The acceptance rule documented on `Numeric`, for the settings these questions use."""
    if check.exact_integer:
        return value == key
    if check.decimals is not None:
        return abs(value - key) <= 0.5 * 10.0 ** -check.decimals
    if check.sig_figs is not None:
        return abs(value - key) <= 0.5 * 10.0 ** (math.floor(math.log10(abs(key))) - check.sig_figs + 1)
    return abs(value - key) <= check.abs_tol + check.rel_tol * abs(key)


@pytest.mark.parametrize("qid", list(NUMERIC))
def test_numeric_keys_mistakes_and_explanations(qid):
    q = question(qid)
    check = q.meta.check
    for seed in range(60):
        v = variant(qid, seed)
        key = v.key
        assert math.isfinite(key)
        if check.exact_integer:
            assert isinstance(key, int) and key > 0
        for m in q.mistakes:
            value = m.answer(v.params)
            if value is not None:
                assert not _accepts(check, key, value), (qid, v.params, value)
        result = NUMERIC[qid].format(key)
        for lang in ("en", "zh"):
            assert result in v.explanation(lang), (qid, lang, v.params, result)
            prompt = v.prompt(lang)
            assert "{{" not in prompt and "{%" not in prompt


def _rounded_text(qid: str, key) -> str:
    check = question(qid).meta.check
    if check.decimals is not None:
        return f"{key:.{check.decimals}f}"
    if check.sig_figs is not None:
        return f"{key:#.{check.sig_figs}g}"
    return str(key)


# ---------------------------------------------------------------------------------------------
# Symbolic keys: sympy.diff of the stated recurrences


def _points(qid, count=12, seed=0):
    import sympy

    rng = np.random.default_rng(seed)
    ranges = {"real": (-2.0, 2.0), "probability": (0.02, 0.98), "positive": (0.1, 3.0)}
    return [{sympy.Symbol(n, real=True): sympy.Float(rng.uniform(*ranges[d]))
             for n, d in question(qid).meta.check.symbols.items()} for _ in range(count)]


def _same(qid, expr, derived):
    for pt in _points(qid):
        assert float(expr.subs(pt)) == pytest.approx(float(derived.subs(pt)), rel=1e-12, abs=1e-12)


def test_tanh_state_jacobian_by_sympy_diff():
    import sympy

    w, u, x, s = (sympy.Symbol(n, real=True) for n in ("w", "u", "x", "s"))
    derived = sympy.diff(sympy.tanh(w * s + u * x), s)
    _same("rnn.tanh_state_jacobian", module("rnn.tanh_state_jacobian").answer({}), derived)


def test_linear_bptt_product_by_unrolling():
    import sympy

    q = module("rnn.linear_bptt_product")
    w, u = sympy.Symbol("w", real=True), sympy.Symbol("u", real=True)
    seen = set()
    for p in params("rnn.linear_bptt_product", range(60)):
        xs = sympy.symbols(f"x0:{p['k'] + 1}", real=True)
        s = s_start = sympy.Symbol("s_start", real=True)  # s_{t-k}
        for j in range(1, p["k"] + 1):  # s_{t-k+j} = w s_{t-k+j-1} + u x_{t-k+j}
            s = w * s + u * xs[j]
        # s_{t-k} itself is w s_{t-k-1} + u x_{t-k}: x_{t-k} reaches s_t through it.
        x_target = xs[0]
        s = s.subs(s_start, w * sympy.Symbol("s_before", real=True) + u * x_target) if p["target"] == "x" else s
        derived = sympy.diff(s, x_target if p["target"] == "x" else s_start)
        assert sympy.simplify(q.answer(p) - derived) == 0, p
        seen.add((p["k"], p["target"]))
    assert len(seen) >= 10


def test_lstm_cell_path_by_unrolling():
    import sympy

    q = module("rnn.lstm_cell_path")
    for p in params("rnn.lstm_cell_path", range(40)):
        c_start = sympy.Symbol("c_start", real=True)
        c = c_start
        for t in range(p["start"] + 1, p["steps"] + 1):
            f, i, g = (sympy.Symbol(f"{n}_{t}", real=True) for n in ("f", "i", "g"))
            c = f * c + i * g
        assert sympy.expand(q.answer(p) - sympy.diff(c, c_start)) == 0, p


def test_gru_direct_path_by_unrolling():
    import sympy

    q = module("rnn.gru_direct_path")
    seen = set()
    for p in params("rnn.gru_direct_path", range(40)):
        h0 = sympy.Symbol("h_0", real=True)
        h = h0
        for t in range(1, p["steps"] + 1):
            z, n = sympy.Symbol(f"z_{t}", real=True), sympy.Symbol(f"n_{t}", real=True)
            h = (1 - z) * n + z * h if p["convention"] == "pytorch" else (1 - z) * h + z * n
        assert sympy.expand(q.answer(p) - sympy.diff(h, h0)) == 0, p
        seen.add((p["convention"], p["steps"]))
    assert len(seen) == 6


@pytest.mark.parametrize("qid", SYMBOLIC)
def test_symbolic_mistakes_differ_from_the_key(qid):
    q = question(qid)
    for seed in range(6):
        v = variant(qid, seed)
        for m in q.mistakes:
            wrong = m.answer(v.params)
            if wrong is not None:
                values = [abs(float((wrong - v.key).subs(pt))) for pt in _points(qid, 6, seed)]
                assert max(values) > 1e-6, (qid, v.params)


# ---------------------------------------------------------------------------------------------
# Listed mistakes are rejected with their feedback, in both languages


def _check_key_and_mistakes(qid: str, seed: int, langs=("en", "zh")) -> set[int]:
    """The key (rounded as the prompt asks) passes without a warning; every listed mistake that applies
    is rejected with its own feedback. One child per language, as `grade bank validate` judges."""
    q = question(qid)
    v = variant(qid, seed)
    key_text = _rounded_text(qid, v.key) if qid in NUMERIC else v.answer_text()
    listed = [(i, m) for i, m in enumerate(q.mistakes) if m.answer(v.params) is not None]
    texts = [key_text] + [v.mistake_text(m.answer(v.params)) for _, m in listed]
    for lang in langs:
        key, *wrongs = v.check_own(texts, lang=lang)
        assert key.verdict is Verdict.CORRECT and not key.warnings, (qid, seed, key_text, key)
        for (i, m), result in zip(listed, wrongs):
            assert result.verdict is not Verdict.CORRECT, (qid, seed, i)
            assert m.feedback[lang] in result.feedback, (qid, seed, i, lang, result.feedback)
    return {i for i, _ in listed}


def _rounded_text(qid: str, key) -> str:
    """The key as a student rounds it to the precision the prompt asks for."""
    check = question(qid).meta.check
    if check.decimals is not None:
        return f"{key:.{check.decimals}f}"
    if check.sig_figs is not None:
        return f"{key:#.{check.sig_figs}g}"
    return str(key)


@pytest.mark.parametrize("qid", [*NUMERIC, *SYMBOLIC])
def test_key_passes_and_mistakes_are_rejected_with_their_feedback(qid):
    assert _check_key_and_mistakes(qid, 0) or not question(qid).mistakes


@pytest.mark.slow
@pytest.mark.parametrize("qid", [*NUMERIC, *SYMBOLIC])
def test_key_passes_and_every_mistake_is_rejected_over_seeds(qid):
    hit = set()
    for seed in range(1, 13):
        hit |= _check_key_and_mistakes(qid, seed, langs=("en",) if seed % 2 else ("zh",))
    assert hit == set(range(len(question(qid).mistakes))), qid


# ---------------------------------------------------------------------------------------------
# Choice questions: the intended options are the correct ones; wrong options explain themselves


def _correct_texts(v, lang="en"):
    return {c["text"] for c, o in zip(v.choices(lang), v.options) if o.correct}


@pytest.mark.parametrize("qid", CHOICE)
def test_choice_variants_have_the_right_number_of_keys_and_feedback(qid):
    q = question(qid)
    for seed in range(60):
        v = variant(qid, seed)
        n_correct = sum(o.correct for o in v.options)
        assert n_correct == 1 if q.meta.kind == "choice" else 2 <= n_correct <= 3, (qid, seed)
        assert 4 <= len(v.options) <= 6
        for o in v.options:
            if not o.correct:
                assert o.feedback and all(o.feedback[lang].strip() for lang in ("en", "zh")), (qid, seed, o.text)


def _check_options(qid: str, seed: int, langs=("en", "zh")) -> None:
    """The key passes; every wrong option is rejected with its own feedback (one child per language)."""
    v = variant(qid, seed)
    letters = [chr(ord("A") + i) for i, o in enumerate(v.options) if not o.correct]
    key = ", ".join(v.key)
    for lang in langs:
        result, *wrongs = v.check_own([key, *letters], lang=lang)
        assert result.verdict is Verdict.CORRECT, (qid, seed, key, result)
        for letter, wrong in zip(letters, wrongs):
            option = v.options[ord(letter) - ord("A")]
            assert wrong.verdict is not Verdict.CORRECT, (qid, seed, letter)
            assert render_string(option.feedback[lang], **v.params) in wrong.feedback, (qid, seed, letter, lang)


@pytest.mark.parametrize("qid", CHOICE)
def test_wrong_options_are_rejected_with_their_feedback(qid):
    _check_options(qid, 0)


@pytest.mark.slow
@pytest.mark.parametrize("qid", CHOICE)
def test_wrong_options_are_rejected_with_their_feedback_over_seeds(qid):
    for seed in range(1, 9):
        _check_options(qid, seed, langs=("en",) if seed % 2 else ("zh",))


@pytest.mark.parametrize("qid", POOLS)
def test_pool_questions_mark_exactly_the_true_statements(qid):
    m = module(qid)
    right = {o.text["en"] for o in m.RIGHT}
    for seed in range(60):
        v = variant(qid, seed)
        for o in v.options:
            assert o.correct == (o.text["en"] in right), (qid, seed, o.text)


def test_clipping_remedy_matches_the_symptom():
    for seed in range(40):
        v = variant("rnn.clipping_remedy", seed)
        exploding = "NaN" in v.prompt() or "spikes" in v.prompt()
        (text,) = _correct_texts(v)
        assert ("clip" in text.lower()) == exploding and ("LSTM" in text) == (not exploding), v.params


def test_gru_convention_key_follows_the_update_rule():
    """Evaluate the stated update at z = 0.999 or 0.001 and see which option it matches."""
    for seed in range(40):
        v = variant("rnn.gru_convention", seed)
        p = v.params
        z = 0.999 if p["limit"] == 1 else 0.001
        old, new = 1.0, -1.0
        h = (1 - z) * new + z * old if p["convention"] == "pytorch" else (1 - z) * old + z * new
        (text,) = _correct_texts(v)
        assert text.startswith("$h_t \\approx h_{t-1}$") == (abs(h - old) < 0.01), p


def test_lstm_gates_key_names_the_part_asked_for():
    names = {"forget": "forget gate", "input": "input gate", "output": "output gate", "candidate": "candidate"}
    m = module("rnn.lstm_gates")
    for seed in range(40):
        v = variant("rnn.lstm_gates", seed)
        part = m.CASES[v.params["case"]][1]
        (text,) = _correct_texts(v)
        assert text.startswith("Three gates") if part == "count" else names[part] in text, (v.params, text)


def test_lstm_concat_shape_is_pytorchs_forget_block():
    """W_f acting on [h_{t-1}, x_t] is nn.LSTM's forget rows of weight_hh and weight_ih side by side."""
    for seed in range(12):
        v = variant("rnn.lstm_concat_shape", seed)
        h, x = v.params["hidden"], v.params["inputs"]
        lstm = nn.LSTM(x, h, device="meta")
        forget = slice(h, 2 * h)  # gate order i, f, g, o
        w_f = torch.cat([lstm.weight_hh_l0[forget], lstm.weight_ih_l0[forget]], dim=1)
        (text,) = _correct_texts(v)
        expected = f"${w_f.shape[0]} \\times {w_f.shape[1]}$" if v.params["ask"] == "shape" else f"${w_f.numel()}$"
        assert text == expected, v.params


def test_case_questions_mark_their_first_listed_option():
    """In the case-based concept questions each case lists its correct option first (before shuffling)."""
    for qid in ("attention.seq2seq_attention", "nlp.fasttext_concepts"):
        m = module(qid)
        for stem, opts in m.CASES:
            assert [o.correct for o in opts] == [True] + [False] * (len(opts) - 1), (qid, stem["en"])
    encoder = module("attention.seq2seq_attention").CASES[0][1]
    assert "encodes" in encoder[0].text["en"] and "decodes" in encoder[1].text["en"]  # erratum 29


# ---------------------------------------------------------------------------------------------
# rnn.bptt_linear_grad: the draw favours the recurrent weights; truncated BPTT is a listed mistake


def _truncated_grad(p: dict) -> float:
    """dL/d(wrt) when the gradient is not carried back through the state: s_{t-1} detached."""
    w = {n: torch.tensor(p[n], dtype=DT, requires_grad=True) for n in ("w_x", "w_s", "w_o")}
    s = torch.tensor(p["s0"], dtype=DT)
    loss = torch.tensor(0.0, dtype=DT)
    for x_t, y_t in zip(p["xs"], p["ys"]):
        s = w["w_s"] * s.detach() + w["w_x"] * x_t
        loss = loss + 0.5 * (w["w_o"] * s - y_t) ** 2
    loss.backward()
    return float(w[p["wrt"]].grad)


def _truncated_mistake():
    m = module("rnn.bptt_linear_grad")
    (mistake,) = [x for x in m.MISTAKES if "w_s·δ_{t+1}" in x.feedback["en"]]
    return mistake


def test_bptt_draw_weights_favour_the_recurrent_weights():
    counts = {"w_x": 0, "w_s": 0, "w_o": 0}
    for seed in range(600):
        counts[variant("rnn.bptt_linear_grad", seed).params["wrt"]] += 1
    assert counts["w_o"] / 600 <= 1 / 6, counts
    assert counts["w_o"] > 0, counts  # still asked now and then
    assert counts["w_x"] / 600 >= 0.3 and counts["w_s"] / 600 >= 0.3, counts


def test_bptt_truncated_mistake_is_autograd_with_the_state_detached():
    mistake = _truncated_mistake()
    key_of = module("rnn.bptt_linear_grad").answer
    recurrent = 0
    for p in params("rnn.bptt_linear_grad"):
        value = mistake.answer(p)
        if p["wrt"] == "w_o":
            assert value is None  # no recurrence: truncation changes nothing
            continue
        recurrent += 1
        assert value == pytest.approx(_truncated_grad(p), rel=1e-12, abs=1e-12), p
        assert abs(value - key_of(p)) > 0.02 * abs(key_of(p)), p  # draw_distinct kept it apart
    assert recurrent >= 150


def test_bptt_truncated_mistake_is_rejected_with_its_feedback():
    mistake = _truncated_mistake()
    checked = 0
    for seed in range(30):
        v = variant("rnn.bptt_linear_grad", seed)
        value = mistake.answer(v.params)
        if value is None:
            continue
        lang = ("en", "zh")[checked]
        (result,) = v.check_own([v.mistake_text(value)], lang=lang)
        assert result.verdict is Verdict.INCORRECT, (v.params, result)
        assert mistake.feedback[lang] in result.feedback
        checked += 1
        if checked == 2:
            break
    assert checked == 2
