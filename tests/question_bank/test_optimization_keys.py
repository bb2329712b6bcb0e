"""The optimisation and regularisation rows of the topic map: regularization, feature_scaling,
gradient_descent, optimizers, logistic_loss, dropout.

Every key is proved by a route that does not restate the question's formula: torch.optim steps
(SGD with momentum and Nesterov after converting conventions, Adagrad, RMSprop, Adam, weight_decay),
torch's LR schedulers, autograd of the stated losses, F.softshrink and F.dropout, numpy statistics,
and sympy differentiation of the stated penalised losses. Listed mistakes are checked through the
engine (`Variant.check_own`, the path a student's answer takes): rejected, with their own feedback.
Choice questions: the correct option is the intended one for the drawn scenario, and every wrong
option explains itself in both languages.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
import yaml

from grader.answers.checking import check_batches
from grader.bank import load_bank, make_variant
from grader.results import Verdict

BANK = Path(__file__).resolve().parents[2] / "question_bank"
ROWS = ("regularization", "feature_scaling", "gradient_descent", "optimizers", "logistic_loss", "dropout")
SEEDS = range(200)
DT = torch.float64

NEW_NUMERIC = (
    "optim.momentum_steps", "optim.nesterov_steps", "optim.adagrad_steps", "optim.rmsprop_steps", "optim.adam_steps",
    "optim.sgd_step", "optim.lr_decay", "normalization.min_max", "normalization.mean_normalization",
    "logistic.batch_gradient", "regularization.l2_step", "regularization.l1_prox_step", "regularization.dropout_inverted",
)
NEW_SYMBOLIC = (
    "logistic.ce_gradient_b", "logistic.mse_gradient_b", "regularization.l2_update_000",
    "regularization.elastic_net_update", "optim.momentum_unrolled", "optim.rmsprop_unrolled", "optim.adagrad_effective_lr",
)
NEW_CHOICE = (
    "optim.lr_diagnosis", "optim.adaptive_rates", "optim.momentum_concepts", "regularization.penalty_effects",
    "regularization.l2_norm_notation", "regularization.dropout_kinds",
)
NEW_MULTI = ("optim.gd_variants", "logistic.why_cross_entropy", "normalization.scaling_facts")
EXISTING = (
    "regularization.l1_update", "regularization.l2_update", "normalization.z_score", "logistic.ce_gradient_w",
    "logistic.mse_gradient_w", "regularization.dropout_test_weight",
)
NEW = (*NEW_NUMERIC, *NEW_SYMBOLIC, *NEW_CHOICE, *NEW_MULTI)
OWN = (*NEW, *EXISTING)
NUMERIC = (*NEW_NUMERIC, "normalization.z_score", "regularization.dropout_test_weight")
SYMBOLIC = (*NEW_SYMBOLIC, "regularization.l1_update", "regularization.l2_update", "logistic.ce_gradient_w",
            "logistic.mse_gradient_w")
CHOICE = (*NEW_CHOICE, *NEW_MULTI)


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
def variants(qid: str, n: int = len(SEEDS)) -> tuple:
    q = question(qid)
    return tuple(make_variant(q, seed=seed) for seed in range(n))


def params(qid: str) -> list[dict]:
    return [v.params for v in variants(qid)]


# ---------------------------------------------------------------------------------------------
# Inventory: counts, rows, kinds, bilingual texts


def test_new_question_counts():
    assert len(NEW) == len(set(NEW)) >= 24
    assert len(NEW_NUMERIC) >= 10 and len(NEW_SYMBOLIC) >= 6 and len(NEW_CHOICE + NEW_MULTI) >= 8
    for qid in NEW:
        kind = module(qid).META.kind
        expected = ("numeric" if qid in NEW_NUMERIC else "symbolic" if qid in NEW_SYMBOLIC
                    else "choice" if qid in NEW_CHOICE else "multi")
        assert kind == expected, qid


def test_every_row_has_two_questions_of_the_kinds_it_names():
    rows = {row["id"]: row for row in yaml.safe_load((BANK / "syllabus.yaml").read_text(encoding="utf-8"))}
    by_row: dict[str, list[str]] = {row: [] for row in ROWS}
    for qid in OWN:
        by_row[module(qid).META.covers].append(module(qid).META.kind)
    for row, kinds in by_row.items():
        assert len(kinds) >= 2, (row, kinds)
        for wanted in rows[row]["kinds"]:
            # "choice" rows are served by choice or multi questions alike
            assert wanted in kinds or (wanted == "choice" and "multi" in kinds), (row, wanted, kinds)
    difficulties = {module(qid).META.difficulty for qid in NEW}
    assert difficulties == {1, 2, 3}


@pytest.mark.parametrize("qid", OWN)
def test_module_shape(qid):
    meta = module(qid).META
    assert meta.covers in ROWS and meta.difficulty in (1, 2, 3) and meta.points > 0 and meta.source and meta.tags
    for text in (meta.title, module(qid).PROMPT, module(qid).EXPLANATION):
        assert set(text) == {"en", "zh"} and all(t.strip() for t in text.values())
    for m in getattr(module(qid), "MISTAKES", []):
        assert set(m.feedback) == {"en", "zh"} and all(m.feedback.values())
    for v in variants(qid, 20):
        for lang in ("en", "zh"):
            assert v.prompt(lang).strip() and v.explanation(lang).strip()
            assert "{{" not in v.prompt(lang) and "{%" not in v.explanation(lang)


# ---------------------------------------------------------------------------------------------
# Through the engine: the key passes without a warning, every mistake is rejected with its feedback.
# `check_batches` judges the texts of many variants in one child (one fork per call, not per variant).


def judge(jobs) -> list[list]:
    """jobs: [(variant, [texts], lang)]; the results of each job's texts, judged as a student's would be."""
    results = check_batches([(v.task(lang), texts) for v, texts, lang in jobs])
    for r in results:
        assert not isinstance(r, Exception), r
    return results


def _engine_checks(qid: str, seeds: int) -> None:
    q = question(qid)
    jobs, expected = [], []
    for v in variants(qid, seeds):
        listed = [(m, value) for m in q.mistakes if (value := m.answer(v.params)) is not None]
        for lang in ("en", "zh"):
            jobs.append((v, [v.answer_text()] + [v.mistake_text(value) for _, value in listed], lang))
            expected.append((listed, lang))
    for (v, texts, _), (listed, lang), results in zip(jobs, expected, judge(jobs)):
        key = results[0]
        assert key.verdict is Verdict.CORRECT and not key.warnings, (qid, v.params, texts[0], key)
        for (m, value), text, result in zip(listed, texts[1:], results[1:]):
            assert result.verdict is not Verdict.CORRECT, (qid, v.params, text)
            assert result.score == pytest.approx(m.credit * q.meta.points), (qid, text, result)
            # With pairwise=False two slips may share a value: then the first listed one speaks.
            same = [o.feedback[lang] for o, other in listed if _same_value(other, value)]
            assert result.feedback in same, (qid, v.params, text, result.feedback)


def _same_value(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-3
    return a is b


@pytest.mark.parametrize("qid", NUMERIC)
def test_numeric_key_passes_and_mistakes_get_their_feedback(qid):
    _engine_checks(qid, 40)


@pytest.mark.parametrize("qid", SYMBOLIC)
def test_symbolic_key_passes_and_mistakes_get_their_feedback(qid):
    _engine_checks(qid, 1)


@pytest.mark.parametrize("qid", [q for q in NUMERIC if q not in ("optim.lr_decay", "normalization.z_score")])
def test_answers_rounded_as_asked_pass_without_warning(qid):
    """Every numeric question of these rows but lr_decay and z_score (significant figures) asks for 4
    decimal places (decimals=4): the key rounded so, and its shortest form, pass without a warning."""
    q = question(qid)
    k = q.meta.check.decimals
    assert k == 4, qid
    jobs = []
    for v in variants(qid):
        key = v.key
        jobs.append((v, [f"{key:.{k}f}", f"{round(key, k) + 0.0:g}"], "en"))
    for (v, texts, _), results in zip(jobs, judge(jobs)):
        for result in results:
            assert result.verdict is Verdict.CORRECT and not result.warnings, (qid, v.params, texts, result)


def test_lr_decay_answers_pass_without_warning():
    """lr_decay asks for 4 significant figures: that (with its trailing zeros), scientific notation and
    the exact value of a short key (0.0475) pass without a warning."""
    jobs = [(v, [f"{v.key:#.4g}", f"{v.key:.3e}", f"{v.key:.12g}"], "en") for v in variants("optim.lr_decay")]
    for (v, texts, _), results in zip(jobs, judge(jobs)):
        for result in results:
            assert result.verdict is Verdict.CORRECT and not result.warnings, (v.params, texts, result)


@pytest.mark.parametrize("qid", CHOICE)
def test_choice_options_and_feedback(qid):
    q = question(qid)
    for v in variants(qid):
        correct = [o for o in v.options if o.correct]
        if qid in NEW_MULTI:
            assert 2 <= len(correct) <= 3 and len(v.options) == 5, (qid, v.params)
        else:
            assert len(correct) == 1 and len(v.options) >= 4, (qid, v.params)
        for o in v.options:
            assert set(o.text) == {"en", "zh"} and all(o.text.values())
            if not o.correct:
                assert o.feedback and set(o.feedback) == {"en", "zh"} and all(o.feedback.values()), (qid, o.text)
    # Through the engine: the key scores full marks, each wrong letter shows its option's feedback.
    jobs = []
    for v in variants(qid, 40):
        letters = [chr(ord("A") + i) for i in range(len(v.options))]
        key = "".join(letter for letter, o in zip(letters, v.options) if o.correct)
        for lang in ("en", "zh"):
            jobs.append((v, [key] + [letter for letter, o in zip(letters, v.options) if not o.correct], lang))
    for (v, _texts, lang), results in zip(jobs, judge(jobs)):
        assert results[0].verdict is Verdict.CORRECT, (qid, results[0])
        wrong = [o for o in v.options if not o.correct]
        for o, result in zip(wrong, results[1:]):
            assert result.verdict is not Verdict.CORRECT
            assert o.feedback[lang] in result.feedback, (qid, result.feedback)
    assert q.meta.check.shuffle


# ---------------------------------------------------------------------------------------------
# Optimizers: torch.optim on L(w) = ½·a·(w − c)²


def _quadratic_run(p: dict, optimizer, steps: int = 2, **settings):
    w = torch.tensor(p["w0"], dtype=DT, requires_grad=True)
    opt = optimizer([w], **settings)
    for _ in range(steps):
        opt.zero_grad()
        (0.5 * p["a"] * (w - p["c"]) ** 2).backward()
        opt.step()
    return w, opt


def test_momentum_steps_match_torch_sgd_momentum():
    q = module("optim.momentum_steps")
    for p in params("optim.momentum_steps"):
        w, _ = _quadratic_run(p, torch.optim.SGD, lr=p["lr"], momentum=p["gamma"])
        # torch keeps buf = γ·buf + g and subtracts lr·buf; the notes' m is lr·buf: the same iterates
        assert q.answer(p) == pytest.approx(w.item(), abs=1e-12), p
    # the listed "NAG" mistake is what torch's nesterov=True gives once converted (see below)
    p = params("optim.momentum_steps")[0]
    assert q.MISTAKES[3].answer(p) == pytest.approx(_nesterov_in_notes_form(p), abs=1e-12)


def _nesterov_in_notes_form(p: dict) -> float:
    """torch's SGD(nesterov=True) tracks θ = w − γ·m (m = lr·buf, the notes' momentum); w = θ + γ·lr·buf."""
    theta, opt = _quadratic_run(p, torch.optim.SGD, lr=p["lr"], momentum=p["gamma"], nesterov=True)
    buf = opt.state[theta]["momentum_buffer"]
    return (theta + p["gamma"] * p["lr"] * buf).item()


def _nesterov_by_autograd(p: dict) -> float:
    """The stated rule, step by step: the gradient by autograd at the look-ahead point w − γm."""
    w, m = torch.tensor(p["w0"], dtype=DT), torch.tensor(0.0, dtype=DT)
    for _ in range(2):
        ahead = (w - p["gamma"] * m).requires_grad_(True)
        (0.5 * p["a"] * (ahead - p["c"]) ** 2).backward()
        m = p["gamma"] * m + p["lr"] * ahead.grad
        w = w - m
    return float(w)


def test_nesterov_steps_match_torch_nesterov_and_autograd():
    q = module("optim.nesterov_steps")
    for p in params("optim.nesterov_steps"):
        assert q.answer(p) == pytest.approx(_nesterov_in_notes_form(p), abs=1e-12), p
        assert q.answer(p) == pytest.approx(_nesterov_by_autograd(p), abs=1e-12), p


def test_adagrad_steps_match_torch_adagrad():
    q = module("optim.adagrad_steps")
    for p in params("optim.adagrad_steps"):
        w, _ = _quadratic_run(p, torch.optim.Adagrad, lr=p["lr"], eps=0.0)
        assert q.answer(p) == pytest.approx(w.item(), abs=1e-12), p


def test_rmsprop_steps_match_torch_rmsprop():
    q = module("optim.rmsprop_steps")
    for p in params("optim.rmsprop_steps"):
        w, _ = _quadratic_run(p, torch.optim.RMSprop, lr=p["lr"], alpha=p["alpha"], eps=0.0)
        assert q.answer(p) == pytest.approx(w.item(), abs=1e-12), p


def test_adam_steps_match_torch_adam():
    q = module("optim.adam_steps")
    for p in params("optim.adam_steps"):
        w, _ = _quadratic_run(p, torch.optim.Adam, lr=p["lr"], betas=(p["beta1"], p["beta2"]), eps=0.0)
        assert q.answer(p) == pytest.approx(w.item(), abs=1e-12), p
        # the "no bias correction" mistake really differs from Adam (and the first step has length η)
        w1, _ = _quadratic_run(p, torch.optim.Adam, 1, lr=p["lr"], betas=(p["beta1"], p["beta2"]), eps=0.0)
        assert abs(w1.item() - p["w0"]) == pytest.approx(p["lr"], rel=1e-12)


# ---------------------------------------------------------------------------------------------
# Gradient descent: a mini-batch step and learning-rate schedules


def test_sgd_step_matches_torch_sgd_on_the_halved_mse():
    q = module("optim.sgd_step")
    sizes = set()
    for p in params("optim.sgd_step"):
        sizes.add(len(p["xs"]))
        w = torch.tensor(p["w"], dtype=DT, requires_grad=True)
        b = torch.tensor(p["b"], dtype=DT, requires_grad=True)
        x, y = torch.tensor(p["xs"], dtype=DT), torch.tensor(p["ys"], dtype=DT)
        opt = torch.optim.SGD([w, b], lr=p["lr"])
        (0.5 * F.mse_loss(w * x + b, y)).backward()  # 1/(2m)·Σ(h − y)²
        opt.step()
        assert q.answer(p) == pytest.approx((w if p["wrt"] == "w" else b).item(), abs=1e-12), p
    assert sizes == {1, 2, 3, 4}


def _scheduled_lr(lr0: float, t: int, scheduler, **settings) -> float:
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr0)
    sched = scheduler(opt, **settings)
    for _ in range(t):
        opt.step()
        sched.step()
    return opt.param_groups[0]["lr"]


def test_lr_decay_matches_torch_schedulers():
    q = module("optim.lr_decay")
    kinds = set()
    for p in params("optim.lr_decay")[:100]:
        kinds.add(p["kind"])
        assert p["t"] % p["T"], p  # the two schedules differ on every variant
        step = _scheduled_lr(p["lr0"], p["t"], torch.optim.lr_scheduler.StepLR, step_size=p["T"], gamma=p["gamma"])
        smooth = _scheduled_lr(p["lr0"], p["t"], torch.optim.lr_scheduler.ExponentialLR, gamma=p["gamma"] ** (1 / p["T"]))
        assert q.answer(p) == pytest.approx(step if p["kind"] == "step" else smooth, rel=1e-9), p
        assert abs(step - smooth) > 0.01 * q.answer(p)
    assert kinds == {"step", "exponential"}
    # Note 004's "× 0.1 after each batch" is step decay with T = 1: three drops from 0.1 give 1e-4.
    assert q.answer({"lr0": 0.1, "gamma": 0.1, "T": 1, "t": 3, "kind": "step"}) == pytest.approx(1e-4)


# ---------------------------------------------------------------------------------------------
# Feature scaling: numpy statistics


def test_min_max_and_mean_normalisation_by_numpy():
    mm = module("normalization.min_max")
    sources = set()
    for p in params("normalization.min_max"):
        v = np.array(p["values"])
        sources.add(p["sample"])
        assert mm.answer(p) == pytest.approx((p["x"] - v.min()) / np.ptp(v), abs=1e-12), p
        if p["sample"] == "train":
            assert p["x"] in p["values"] and 0 < mm.answer(p) < 1
    assert sources == {"train", "test"}
    assert any(not 0 <= mm.answer(p) <= 1 for p in params("normalization.min_max"))  # test values outside [0, 1]
    mn = module("normalization.mean_normalization")
    for p in params("normalization.mean_normalization"):
        v = np.array(p["values"])
        assert mn.answer(p) == pytest.approx((v[p["index"]] - v.mean()) / np.ptp(v), abs=1e-12), p
        # erratum 2: the formula the notes print under the heading is the first listed mistake
        assert mn.MISTAKES[0].answer(p) == pytest.approx((v[p["index"]] - v.min()) / np.ptp(v), abs=1e-12)


# ---------------------------------------------------------------------------------------------
# Logistic regression: autograd of the stated losses


def test_batch_gradient_by_autograd():
    q = module("logistic.batch_gradient")
    seen = set()
    for p in params("logistic.batch_gradient"):
        seen.add((p["loss"], p["wrt"]))
        assert set(p["ys"]) <= {0, 1}, p
        w = torch.tensor(p["w"], dtype=DT, requires_grad=True)
        b = torch.tensor(p["b"], dtype=DT, requires_grad=True)
        x, y = torch.tensor(p["xs"], dtype=DT), torch.tensor(p["ys"], dtype=DT)
        z = w * x + b
        loss = F.binary_cross_entropy_with_logits(z, y) if p["loss"] == "ce" else 0.5 * F.mse_loss(torch.sigmoid(z), y)
        loss.backward()
        assert q.answer(p) == pytest.approx(float((w if p["wrt"] == "w" else b).grad), abs=1e-12), p
    assert len(seen) == 4


# ---------------------------------------------------------------------------------------------
# Regularisation and dropout: weight_decay, softshrink, F.dropout


def test_l2_step_matches_torch_weight_decay_and_autograd():
    q = module("regularization.l2_step")
    conventions = set()
    for p in params("regularization.l2_step"):
        conventions.add(p["convention"])
        decay = 2 * p["lam"] if p["convention"] == "000" else p["lam"] / p["n"]
        w = torch.tensor(p["w"], dtype=DT, requires_grad=True)
        opt = torch.optim.SGD([w], lr=p["lr"], weight_decay=decay)
        (p["g"] * w).backward()  # a data loss whose gradient at w is g
        opt.step()
        assert q.answer(p) == pytest.approx(w.item(), abs=1e-12), p
        # the stated penalised loss, differentiated by autograd
        u = torch.tensor(p["w"], dtype=DT, requires_grad=True)
        penalty = p["lam"] * u ** 2 if p["convention"] == "000" else p["lam"] / (2 * p["n"]) * u ** 2
        (p["g"] * u + penalty).backward()
        assert q.answer(p) == pytest.approx((u - p["lr"] * u.grad).item(), abs=1e-12), p
    assert conventions == {"000", "003"}


def test_l1_prox_step_by_softshrink_grid_and_autograd():
    q = module("regularization.l1_prox_step")
    outcomes = set()
    for p in params("regularization.l1_prox_step"):
        t = p["lr"] * p["lam"]
        z = p["w"] - p["lr"] * p["g"]
        if p["method"] == "proximal":
            assert q.answer(p) == pytest.approx(float(F.softshrink(torch.tensor(z, dtype=DT), t)), abs=1e-12), p
            grid = np.linspace(-abs(z) - 1, abs(z) + 1, 100_001)  # the proximal problem, brute force
            best = grid[np.argmin(0.5 * (grid - z) ** 2 + t * np.abs(grid))]
            assert q.answer(p) == pytest.approx(best, abs=1e-4), p
            outcomes.add("zero" if q.answer(p) == 0 else "shrunk")
        else:
            w = torch.tensor(p["w"], dtype=DT, requires_grad=True)
            opt = torch.optim.SGD([w], lr=p["lr"])
            (p["g"] * w + p["lam"] * w.abs()).backward()
            opt.step()
            assert q.answer(p) == pytest.approx(w.item(), abs=1e-12), p
            outcomes.add("crossed" if q.answer(p) * p["w"] < 0 else "same side")
    # both methods show their characteristic outcome: exact zeros (proximal), jumps across 0 (subgradient)
    assert outcomes == {"zero", "shrunk", "crossed", "same side"}


def test_dropout_inverted_matches_f_dropout():
    q = module("regularization.dropout_inverted")
    gen = torch.Generator().manual_seed(0)
    for p in params("regularization.dropout_inverted")[:60]:
        drop = p["rate"] if p["given"] == "drop" else 1 - p["rate"]
        torch.manual_seed(int(gen.seed() % 2**31))
        out = F.dropout(torch.full((2000,), p["a"], dtype=DT), p=drop, training=True)
        kept = out[out != 0]
        assert 0 < kept.numel() < 2000
        assert torch.allclose(kept, torch.full_like(kept, q.answer(p)), rtol=1e-12), p
        assert torch.equal(F.dropout(torch.tensor([p["a"]], dtype=DT), p=drop, training=False),
                           torch.tensor([p["a"]], dtype=DT))  # test time: unchanged


# ---------------------------------------------------------------------------------------------
# Symbolic keys: sympy differentiation of the stated losses, torch.optim on gradient sequences


def _point(domains: dict, rng: np.random.Generator) -> dict:
    def draw(domain):
        if domain == "real":
            return rng.uniform(-3, 3)
        if domain == "positive":
            return rng.uniform(0.1, 5)
        if domain in ("probability", "unit"):
            return rng.uniform(0.05, 0.95)
        return rng.choice([-1, 1]) * rng.uniform(0.1, 3)  # nonzero

    return {name: float(draw(d)) for name, d in domains.items()}


def _agree(qid: str, derived, *, count: int = 16, seed: int = 0) -> None:
    import sympy

    key = module(qid).answer({})
    domains = module(qid).META.check.symbols
    rng = np.random.default_rng(seed)
    syms = {name: sympy.Symbol(name, real=True) for name in domains}
    for _ in range(count):
        pt = _point(domains, rng)
        subs = {syms[n]: v for n, v in pt.items()}
        k = float(key.subs(subs).evalf(30))
        d = float(derived(pt) if callable(derived) else derived.subs(subs).evalf(30))
        assert k == pytest.approx(d, rel=1e-10, abs=1e-12), (qid, pt)


def _logistic_loss(kind: str):
    import sympy

    w, x, b, y = sympy.symbols("w x b y", real=True)
    s = 1 / (1 + sympy.exp(-(w * x + b)))
    loss = -(y * sympy.log(s) + (1 - y) * sympy.log(1 - s)) if kind == "ce" else (s - y) ** 2 / 2
    return sympy.diff(loss, b)


def test_logistic_bias_gradients_by_sympy_diff():
    _agree("logistic.ce_gradient_b", _logistic_loss("ce"))
    _agree("logistic.mse_gradient_b", _logistic_loss("mse"))


def _penalised_step(penalty):
    """θ − η·∂L′/∂θ for L′ = E(θ) + penalty(θ, λ, ρ), with E's derivative replaced by g."""
    import sympy

    theta, eta, lam, rho, g = sympy.symbols("theta eta lam rho g", real=True)
    E = sympy.Function("E")
    grad = sympy.diff(E(theta) + penalty(theta, lam, rho), theta).subs(sympy.Derivative(E(theta), theta), g)
    return theta - eta * grad


def test_ridge_and_elastic_net_updates_by_sympy_diff():
    import sympy

    _agree("regularization.l2_update_000", _penalised_step(lambda t, lam, rho: lam * t ** 2))
    for seed in (0, 1, 2):  # θ drawn on both sides of the kink
        _agree("regularization.elastic_net_update",
               _penalised_step(lambda t, lam, rho: lam * (rho * sympy.Abs(t) + (1 - rho) * t ** 2)), seed=seed)


def _torch_steps(optimizer, w0: float, grads, **settings) -> list[float]:
    """Feed a gradient sequence to a torch optimizer; the iterates after each step."""
    w = torch.tensor(w0, dtype=DT, requires_grad=True)
    opt = optimizer([w], **settings)
    out = []
    for g in grads:
        w.grad = torch.tensor(g, dtype=DT)
        opt.step()
        out.append(w.item())
    return out


def test_momentum_unrolled_matches_torch_sgd_momentum():
    def torch_w2(pt):
        return _torch_steps(torch.optim.SGD, pt["w0"], [pt["g1"], pt["g2"]], lr=pt["eta"], momentum=pt["gamma"])[-1]

    _agree("optim.momentum_unrolled", torch_w2)


def test_rmsprop_unrolled_matches_torch_rmsprop():
    def torch_second_update(pt):
        w1, w2 = _torch_steps(torch.optim.RMSprop, 0.0, [pt["g1"], pt["g2"]], lr=pt["eta"], alpha=pt["alpha"], eps=0.0)
        return w2 - w1

    _agree("optim.rmsprop_unrolled", torch_second_update)


def test_adagrad_effective_lr_matches_torch_adagrad():
    import sympy

    q = module("optim.adagrad_effective_lr")
    rng = np.random.default_rng(5)
    eta, eps, g0, g1, g2 = (sympy.Symbol(n, real=True) for n in ("eta", "eps", "g0", "g1", "g2"))
    for _ in range(24):
        pt = _point(q.META.check.symbols, rng)
        subs = {eta: pt["eta"], g0: pt["g0"], g1: pt["g1"], g2: pt["g2"]}
        grads = [pt["g0"], pt["g1"], pt["g2"]]
        # ε = 0: the notes' rule and torch's agree; the effective rate is −Δw/g₂ of the third step.
        w = _torch_steps(torch.optim.Adagrad, 0.0, grads, lr=pt["eta"], eps=0.0)
        assert float(q.answer({}).subs({**subs, eps: 0})) == pytest.approx(-(w[2] - w[1]) / pt["g2"], rel=1e-10)
        # ε > 0: torch puts it outside the root, which is the half-credit mistake, not the key.
        w = _torch_steps(torch.optim.Adagrad, 0.0, grads, lr=pt["eta"], eps=pt["eps"])
        outside = -(w[2] - w[1]) / pt["g2"]
        assert float(q.MISTAKES[2].answer({}).subs({**subs, eps: pt["eps"]})) == pytest.approx(outside, rel=1e-10)
        assert float(q.answer({}).subs({**subs, eps: pt["eps"]})) != pytest.approx(outside, rel=1e-6)
    assert q.MISTAKES[2].credit == 0.5


# ---------------------------------------------------------------------------------------------
# Choice questions: the intended option is the correct one


def test_lr_diagnosis_key_follows_the_drawn_loss_curve():
    q = module("optim.lr_diagnosis")
    expected = {"growing": q.TOO_LARGE[0], "bouncing": q.DECAY[0], "crawling": q.TOO_SMALL[0]}
    for v in variants("optim.lr_diagnosis"):
        losses = np.array(v.params["losses"])
        steps = np.diff(losses)
        if np.all(steps > 0):
            shape = "growing"
        elif np.all(steps[:-1] * steps[1:] < 0):
            shape = "bouncing"
        else:
            assert np.all(steps < 0) and np.all(losses[1:] / losses[:-1] > 0.9), losses
            shape = "crawling"
        (correct,) = [o for o in v.options if o.correct]
        assert correct.text["en"] == expected[shape], (v.params, shape)


def test_case_questions_mark_their_case_answer():
    for qid in ("optim.adaptive_rates", "optim.momentum_concepts"):
        cases = module(qid).CASES
        for v in variants(qid):
            (correct,) = [o for o in v.options if o.correct]
            assert correct is cases[v.params["case"]]["right"]


def test_momentum_step_tends_to_eta_g_over_one_minus_gamma():
    """momentum_concepts: with a constant gradient, the notes' m_t → ηg/(1 − γ) = 10ηg for γ = 0.9."""
    w = _torch_steps(torch.optim.SGD, 0.0, [1.0] * 300, lr=0.01, momentum=0.9)
    assert w[-2] - w[-1] == pytest.approx(10 * 0.01 * 1.0, rel=1e-9)


def test_penalty_effects_key_is_the_named_penalty():
    q = module("regularization.penalty_effects")
    for v in variants("regularization.penalty_effects"):
        (correct,) = [o for o in v.options if o.correct]
        assert correct.text == q.PENALTIES[q.CASES[v.params["case"]]["right"]]


def test_l2_norm_notation_key_uses_the_euclidean_norm():
    for v in variants("regularization.l2_norm_notation"):
        theta = torch.tensor(v.params["theta"], dtype=DT)
        norm, squares = float(torch.linalg.vector_norm(theta)), float((theta ** 2).sum())
        assert norm.is_integer()
        (correct,) = [o for o in v.options if o.correct]
        assert correct.text["en"] == f"‖θ‖₂ = {norm:g}, and the ridge penalty is λ‖θ‖₂² = {squares:g}λ", v.params


def test_dropout_kinds_key_is_the_simulated_scaling():
    """The correct option's factor is what each kind of dropout does to a kept unit's contribution:
    inverted dropout from F.dropout / nn.Dropout, classic dropout from the expected training input
    (a Bernoulli simulation) that its test-time scaling must reproduce."""
    q = module("regularization.dropout_kinds")
    torch.manual_seed(0)
    n = 20_000
    for v in variants("regularization.dropout_kinds")[:40]:
        kind, phase, _ = q.CASES[v.params["case"]]
        p = v.params["p"]
        if kind == "inverted":
            layer = torch.nn.Dropout(p)
            layer.train(phase == "train")
            out = layer(torch.ones(n, dtype=DT))
            factor = float(out[out != 0][0])
        elif phase == "train":
            factor = 1.0  # classic dropout: a kept unit passes its value on unchanged
        else:
            kept = torch.bernoulli(torch.full((n,), 1 - p, dtype=DT))
            factor = float(kept.mean())  # expected training input per unit weight, the test-time factor
        texts = {"same": 1.0, "times": 1 - p, "divide": 1 / (1 - p), "drop": p}
        (correct,) = [o for o in v.options if o.correct]
        scaling = next(name for name, (en, _) in _dropout_texts(p).items() if en == correct.text["en"])
        tolerance = 5 * math.sqrt(p * (1 - p) / n) if (kind, phase) == ("classic", "test") else 1e-12
        assert abs(texts[scaling] - factor) <= tolerance, (kind, phase, p, scaling, factor)


def _dropout_texts(p: float) -> dict:
    """The option texts dropout_kinds shows, by scaling, read from its own options."""
    q = module("regularization.dropout_kinds")
    opts = q.options({"case": 0, "p": p})
    return dict(zip(("same", "times", "divide", "drop"), [(o.text["en"], o.text["zh"]) for o in opts]))


# ---------------------------------------------------------------------------------------------
# The fixes of the content review


def test_dropout_test_weight_exact_key_passes_without_warning_on_200_seeds():
    q = question("regularization.dropout_test_weight")
    assert q.meta.check.decimals == 4
    assert q.module.answer({"weight": 10.0, "p": 0.3}) == pytest.approx(7.0)  # the notes' example
    jobs = []
    for v in variants("regularization.dropout_test_weight"):
        exact = f"{v.key:g}"  # as a student writes the exact value, e.g. 4.08
        assert float(exact) == pytest.approx(v.key, abs=1e-12)
        jobs.append((v, [v.answer_text(), exact], "en"))
    assert len(jobs) == 200
    for (v, texts, _), results in zip(jobs, judge(jobs)):
        for result in results:
            assert result.verdict is Verdict.CORRECT and not result.warnings, (v.params, texts, result)


def test_l1_update_no_longer_claims_subgradient_steps_reach_zero():
    q = module("regularization.l1_update")
    en, zh = q.EXPLANATION["en"], q.EXPLANATION["zh"]
    assert "reach exactly 0" not in en and "恰好为 0：" not in zh
    assert "oscillates" in en and "soft-thresholding" in en
    assert "震荡" in zh and "软阈值" in zh
    for m in q.MISTAKES:
        assert "exactly 0" not in m.feedback["en"] and "压到 0" not in m.feedback["zh"]


@pytest.mark.parametrize("qid", [q for q in OWN if q.startswith("logistic.")])
def test_logistic_labels_are_zero_or_one(qid):
    for v in variants(qid, 5):
        for lang in ("en", "zh"):
            text = v.prompt(lang) + v.explanation(lang)
            assert r"y \in (0, 1)" not in text and "y ∈ (0, 1)" not in text, (qid, lang)
            assert r"\{0, 1\}" in v.prompt(lang) or "{0, 1}" in v.prompt(lang), (qid, lang)
