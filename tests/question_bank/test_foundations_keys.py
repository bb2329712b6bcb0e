"""The foundations rows of the topic map (ai_ml_dl, training_loop, learning_paradigms, ml_definition,
fitting, bias_variance, data_splits, hyperparameters, regression_classification, ml_principles,
hyperparameter_practice, gpu): every key proved by a route of its own.

Numeric keys come from PyTorch and numpy (DataLoader lengths, a counted training loop,
numpy.array_split / torch.tensor_split, random_split, torch.var), from a second formulation of a
rule (early stopping as a sliding window), from exact enumeration (the noise expectation, the
bootstrap's distinct-count distribution) and simulation. Choice keys are checked against the intent
written down here, independently of the modules' pools: keyword tables for drawn scenarios, the
snippets of the GPU questions executed on PyTorch's `meta` device (which moves like a GPU without
one), argmin of the drawn validation curve. Variants are drawn as the engine draws them
(`make_variant`, 200 seeds); answers are judged by the kind's own checker, in this process for the
200-seed sweeps and through `Variant.check_own` (the forked child a student's answer goes through)
for a few seeds.
"""

from __future__ import annotations

import math
import re
import statistics
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from grader.answers.kinds import get_kind
from grader.bank import load_bank, make_variant
from grader.results import Verdict

BANK = Path(__file__).resolve().parents[2] / "question_bank"
SEEDS = range(200)

ROWS = {
    "ai_ml_dl": ("foundations.ai_ml_dl_relation", "foundations.ai_schools"),
    "training_loop": ("training.total_updates",),
    "learning_paradigms": ("foundations.paradigm_of_example", "foundations.paradigm_statements"),
    "ml_definition": ("foundations.tpe_role", "foundations.tpe_triple"),
    "fitting": ("foundations.underfitting_remedies", "foundations.overfitting_remedies"),
    "bias_variance": ("foundations.diagnose_fit", "evaluation.bias_variance_point", "evaluation.generalization_error"),
    "data_splits": ("foundations.dev_set_purpose", "evaluation.kfold_fold_size", "evaluation.holdout_split",
                    "evaluation.bootstrap_distinct_count"),
    "hyperparameters": ("foundations.hyperparameter_items", "foundations.hyperparameter_kind",
                        "foundations.most_important_hyper"),
    "regression_classification": ("foundations.classification_tasks", "foundations.linear_regression_for_classes"),
    "ml_principles": ("foundations.generative_discriminative", "foundations.ml_principle_named"),
    "hyperparameter_practice": ("foundations.batch_size_practice", "foundations.capacity_practice",
                                "training.early_stopping_epoch"),
    "gpu": ("foundations.gpu_move", "foundations.gpu_to_semantics"),
}
NEW = tuple(qid for ids in ROWS.values() for qid in ids)
ROW_OF = {qid: row for row, ids in ROWS.items() for qid in ids}
FIXED = ("evaluation.bootstrap_oob_fraction", "evaluation.bootstrap_limit")
NUMERIC_ROWS = ("training_loop", "bias_variance", "data_splits", "hyperparameter_practice")


@cache
def _bank():
    return load_bank()


def question(qid: str):
    q = _bank().get(qid)
    assert q.path == BANK.joinpath(*qid.split(".")).with_suffix(".py")
    return q


@cache
def variants(qid: str) -> tuple:
    q = question(qid)
    return tuple(make_variant(q, seed=s) for s in SEEDS)


def kind(qid: str) -> str:
    return question(qid).meta.kind


CHOICE = tuple(qid for qid in NEW if kind(qid) in ("choice", "multi"))
NUMERIC = tuple(qid for qid in NEW if kind(qid) == "numeric")


@cache
def _prepared(qid: str, seed: int, lang: str):
    v = variants(qid)[seed]
    task = v.task(lang)
    checker = get_kind(task.kind).load_checker()
    return checker, task, checker.prepare(task)


def judge(qid: str, seed: int, text: str, lang: str = "en"):
    """The kind's own checker, in this process (the child a student's answer runs in does the same)."""
    checker, task, prepared = _prepared(qid, seed, lang)
    return checker.judge(text, task, prepared)


def texts(variant, *, correct: bool, lang: str = "en") -> list[str]:
    return [c["text"] for c, o in zip(variant.choices(lang), variant.options) if o.correct == correct]


# ---------------------------------------------------------------------------------------------
# The rows, the counts, the shape of every module


def test_every_row_has_at_least_two_questions_and_numeric_rows_have_numeric_ones():
    bank = _bank()
    by_row: dict[str, list] = {}
    for q in bank:
        by_row.setdefault(q.meta.covers, []).append(q)
    for row in ROWS:
        assert len(by_row.get(row, [])) >= 2, row
    for row in NUMERIC_ROWS:
        assert any(q.meta.kind == "numeric" for q in by_row[row]), row
    assert len(NEW) >= 24 and len(CHOICE) >= 16 and len(NUMERIC) >= 7
    assert {question(qid).meta.difficulty for qid in NEW} == {1, 2, 3}


@pytest.mark.parametrize("qid", NEW + FIXED)
def test_module_shape(qid):
    q = question(qid)
    m = q.module
    assert q.meta.covers == ROW_OF.get(qid, "data_splits")
    assert q.meta.difficulty in (1, 2, 3) and q.meta.points > 0 and q.meta.source
    for text in (q.meta.title, m.PROMPT, m.EXPLANATION):
        assert set(text) == {"en", "zh"} and all(t.strip() for t in text.values())
    for mistake in getattr(m, "MISTAKES", []):
        assert set(mistake.feedback) == {"en", "zh"} and all(mistake.feedback.values())
    for v in variants(qid)[:40]:
        for lang in ("en", "zh"):
            for rendered in (v.prompt(lang), v.explanation(lang)):
                assert rendered.strip() and "{{" not in rendered and "{%" not in rendered


# ---------------------------------------------------------------------------------------------
# Choice questions: feedback on every wrong option, keys as intended


@pytest.mark.parametrize("qid", CHOICE)
def test_every_wrong_option_has_feedback_in_both_languages(qid):
    n_correct = set()
    for v in variants(qid):
        assert v.options
        n_correct.add(sum(o.correct for o in v.options))
        for o in v.options:
            assert set(o.text) == {"en", "zh"}
            if not o.correct:
                assert o.feedback and set(o.feedback) == {"en", "zh"} and all(t.strip() for t in o.feedback.values())
    if kind(qid) == "multi":
        assert n_correct <= {2, 3} and all(len(v.options) == 5 for v in variants(qid))
    else:
        assert n_correct == {1}


def _one_match(text: str, table: dict[str, str]) -> str:
    hits = {value for key, value in table.items() if key in text}
    assert len(hits) == 1, (text, hits)
    return hits.pop()


def _check_by_prompt(qid: str, table: dict[str, str]):
    """The drawn scenario is in the prompt; the table maps a phrase of it to the start of the key."""
    for v in variants(qid):
        expected = _one_match(v.prompt("en"), table)
        (key,) = texts(v, correct=True)
        assert key.startswith(expected), (v.seed, key, expected)


def test_ai_schools_keys():
    _check_by_prompt("foundations.ai_schools", {
        "knowledge graph": "Symbolism", "expert system": "Symbolism", "theorem prover": "Symbolism",
        "deep neural network": "Connectionism", "multilayer perceptron": "Connectionism",
        "convolutional network": "Connectionism", "six-legged": "Behaviourism", "self-balancing": "Behaviourism",
        "vacuum cleaner": "Behaviourism", "naive Bayes": "Statisticism", "hidden Markov": "Statisticism",
        "least squares": "Statisticism"})


def test_paradigm_of_example_keys():
    _check_by_prompt("foundations.paradigm_of_example", {
        "each labelled with the digit": "Supervised", "doctors have labelled": "Supervised",
        "paired with the rainfall": "Supervised", "no segment names": "Unsupervised",
        "principal components": "Unsupervised", "nobody has labelled": "Unsupervised",
        "200 labelled pages": "Semi-supervised", "untranscribed": "Semi-supervised",
        "a win or a loss": "Reinforcement", "StarCraft": "Reinforcement", "trial and error": "Reinforcement",
        "ImageNet": "Transfer", "Inception": "Transfer", "word2vec": "Transfer"})


def test_ml_principle_named_keys():
    _check_by_prompt("foundations.ml_principle_named", {
        "fewer parameters": "Occam", "we prefer the line": "Occam", "Averaged over all": "The no-free-lunch",
        "B beats A": "The no-free-lunch", "repeated 100 times": "Up-sampling", "enlarged": "Up-sampling",
        "keeps only 100": "Down-sampling", "shrunk": "Down-sampling"})


def test_generative_discriminative_keys():
    generative = ("naive Bayes", "Gaussian mixture", "hidden Markov", "Gaussian discriminant")
    discriminative = ("logistic regression", "support vector", "softmax output", "conditional random field")
    table = {**{g: "Generative: it models the joint" for g in generative},
             **{d: "Discriminative: it models P(y | x)" for d in discriminative}}
    _check_by_prompt("foundations.generative_discriminative", table)


def test_hyperparameter_kind_keys():
    optimizer, model, learned = "An optimizer", "A model hyper", "Not a hyper-parameter"
    _check_by_prompt("foundations.hyperparameter_kind", {
        "**the learning rate**": optimizer, "mini-batch size": optimizer, "training epochs": optimizer,
        "momentum coefficient": optimizer, "decay factor": optimizer, "hidden layers": model,
        "hidden units per layer": model, "cell type": model, "embedding dimension": model, "kernel size": model,
        "weights of the first": learned, "bias vector": learned, "batch-norm layer": learned, "entries of": learned})


def test_dev_set_purpose_keys():
    for v in variants("foundations.dev_set_purpose"):
        job = v.prompt("en").rsplit("> ", 1)[1]
        if "once" in job or "unbiased" in job:
            expected = "The test set"
        elif job.startswith(("choosing", "deciding", "comparing")):
            expected = "The dev"
        else:
            expected = "The training set"
        (key,) = texts(v, correct=True)
        assert key.startswith(expected), (job, key)


def test_tpe_keys():
    keywords = {
        "E": ("marked as spam", "practice games", "database of handwritten", "sentence pairs", "past house sales",
              "recorded while a human drove"),
        "P": ("fraction of e-mails", "percentage of games", "percentage of words", "BLEU", "mean squared error",
              "average distance"),
    }

    def role_of(text):
        roles = [r for r, words in keywords.items() if any(w in text for w in words)]
        assert len(roles) <= 1, text
        return roles[0] if roles else "T"

    for v in variants("foundations.tpe_role"):
        (key,) = texts(v, correct=True)
        assert role_of(key) == v.params["role"], key
    for v in variants("foundations.tpe_triple"):
        (key,) = texts(v, correct=True)
        parts = dict(part.split(" = ", 1) for part in key.split("; "))
        assert {role_of(text) for text in parts.values()} == {"T", "P", "E"}
        assert all(role_of(text) == role for role, text in parts.items()), key
        for wrong in texts(v, correct=False):
            wrong_parts = dict(part.split(" = ", 1) for part in wrong.split("; "))
            assert sorted(wrong_parts.values()) == sorted(parts.values()) and wrong_parts != parts


def _check_statements(qid: str, is_right):
    for v in variants(qid):
        for text in texts(v, correct=True):
            assert is_right(text), (qid, text)
        for text in texts(v, correct=False):
            assert not is_right(text), (qid, text)


def test_statement_questions_keys():
    _check_statements("foundations.ai_ml_dl_relation", lambda t: not any(w in t for w in (
        "DL ⊃ ML ⊃ AI", "disjoint", "more hand-made", "learns its features end to end", "same thing", "never needs")))
    _check_statements("foundations.paradigm_statements", lambda t: not any(w in t for w in (
        "are known in advance", "only on unlabelled", "correct input/output pair for every", "larger training set",
        "examples of supervised", "finds hidden groups")))
    _check_statements("foundations.underfitting_remedies", lambda t: t.startswith((
        "Add new features", "Switch to a non-linear", "Decrease the regularisation", "Use boosting",
        "Add hidden units", "Optimise with an adaptive", "Train with mini-batches")))
    _check_statements("foundations.overfitting_remedies", lambda t: t.startswith((
        "Early stopping", "Add an L2", "Add dropout", "Collect more", "Select fewer", "Use bagging",
        "Increase the regularisation")))
    _check_statements("foundations.batch_size_practice", lambda t: t.startswith((
        "A typical mini-batch size lies between 32 and 256", "Larger mini-batches speed up",
        "When training runs out of memory", "Smaller mini-batches give noisier")))
    _check_statements("foundations.hyperparameter_items", lambda t: not any(w in t for w in (
        "weight matrices", "bias vectors", "values in the convolution", "scale γ and shift β", "coefficients w",
        "embedding vectors")))
    _check_statements("foundations.classification_tasks", lambda t: not any(w in t for w in (
        "price", "temperature", "steering angle", "battery life", "amount of rainfall")))


def test_most_important_hyper_and_linear_regression_keys():
    for v in variants("foundations.most_important_hyper"):
        assert texts(v, correct=True) == ["The learning rate η (an optimizer hyper-parameter)"]
        assert not any("learning rate" in t for t in texts(v, correct=False))
    for v in variants("foundations.linear_regression_for_classes"):
        (key,) = texts(v, correct=True)
        assert ("set by hand" in key) == ("1, 2 and 3" in v.prompt("en")), key
        assert ("0.5 threshold" in key) == ("above 0.5" in v.prompt("en")), key


def test_diagnose_fit_keys_and_gaps_are_clear():
    for v in variants("foundations.diagnose_fit"):
        p = v.params
        bias_gap, var_gap = p["train_error"] - p["baseline"], p["val_error"] - p["train_error"]
        for gap in (bias_gap, var_gap):
            assert gap < 1.6 or gap > 5.9, p  # never in between: the diagnosis is unambiguous
        expected = {(True, False): "High bias (", (False, True): "High variance", (True, True): "High bias and high",
                    (False, False): "Low bias"}[(bias_gap > 4, var_gap > 4)]
        (key,) = texts(v, correct=True)
        assert key.startswith(expected), (p, key)


def test_capacity_practice_key_is_the_validation_minimum():
    for v in variants("foundations.capacity_practice"):
        p = v.params
        val, train = np.array(p["val"]), np.array(p["train"])
        best = int(np.argmin(val))
        assert 0 < best < len(val) - 1 and np.all(np.diff(train) < 0)
        assert np.all(np.diff(val[:best + 1]) < 0) and np.all(np.diff(val[best:]) > 0)
        assert texts(v, correct=True) == [f"{p['first'] * 2 ** best} hidden units"]


# ---------------------------------------------------------------------------------------------
# GPU questions: the snippets run on the meta device, which moves tensors like a GPU


def test_the_device_semantics_the_gpu_questions_rely_on():
    net = nn.Linear(4, 2)
    params = list(net.parameters())
    assert net.to("meta") is net and net.weight.device.type == "meta"  # a module moves in place (returns itself)
    # ... but its Parameter objects may be replaced (they are here): build the optimizer after moving the
    # model, as gpu_move's explanation says and PyTorch's optim docs advise.
    assert next(iter(net.parameters())) is not params[0]
    x = torch.zeros(3, 4)
    moved = x.to("meta")
    assert moved is not x and x.device.type == "cpu" and moved.device.type == "meta"  # a tensor's .to is a copy
    with pytest.raises(RuntimeError):
        net(x)  # weights and input on different devices
    with pytest.raises(RuntimeError):
        torch.device("gpu")  # no such device type: an NVIDIA GPU is "cuda"


def _run_on_meta(code: str) -> dict:
    """Run a snippet with every GPU move turned into a move to the meta device."""
    code = code.replace('torch.device("cuda")', 'torch.device("meta")').replace(".cuda()", '.to("meta")')
    code = code.replace('.to("cuda")', '.to("meta")')
    scope: dict = {"torch": torch, "nn": nn}
    try:
        exec(compile(code, "<snippet>", "exec"), scope)
    except RuntimeError:
        scope["failed"] = True
    return scope


def test_gpu_to_semantics_keys_by_running_the_snippet():
    seen = set()
    for v in variants("foundations.gpu_to_semantics"):
        code = re.search(r"```python\n(.*?)```", v.prompt("en"), re.S).group(1)
        scope = _run_on_meta(code)
        weights_on_gpu = scope["net"].weight.device.type == "meta"
        x_on_gpu = scope["x"].device.type == "meta"
        if scope.get("failed"):
            assert weights_on_gpu != x_on_gpu
            expected = "It fails: the weights are on the GPU" if weights_on_gpu else "It fails: x is on the GPU"
        else:
            expected = "It runs, and the computation happens on the " + ("GPU" if scope["out"].device.type == "meta" else "CPU")
        (key,) = texts(v, correct=True)
        assert key.startswith(expected), (code, key)
        seen.add(expected)
    assert len(seen) == 4


def test_gpu_move_keys_by_running_each_setup():
    """Each option is turned into the moves it describes and run on the meta device; an option is right
    when the step runs and the code stays device-agnostic (no .cuda(), no "gpu" device)."""

    def works(option: str) -> bool:
        if '"gpu"' in option:
            try:
                torch.device("gpu")
            except RuntimeError:
                return False
        if ".cuda()" in option:
            return False  # fails on a machine without CUDA
        model = nn.Linear(4, 2)
        x, y = torch.zeros(3, 4), torch.zeros(3, 2)
        if "model = model.to(device)" in option or "`model.to(device)`" in option:
            model.to("meta")
        moved = torch.zeros(3, 4).to("meta")
        if "x, y = x.to(device), y.to(device)" in option:
            x, y = x.to("meta"), y.to("meta")
        elif "x = x.to(device)" in option:
            x = moved
            if "y = y.to(device)" in option:
                y = y.to("meta")
        elif "`x.to(device)`" in option:
            x.to("meta")  # the copy is discarded
            y.to("meta")
        try:
            nn.functional.mse_loss(model(x), y)
        except RuntimeError:
            return False
        return True

    for v in variants("foundations.gpu_move"):
        for text in texts(v, correct=True):
            assert works(text), text
        for text in texts(v, correct=False):
            assert not works(text), text


# ---------------------------------------------------------------------------------------------
# Numeric keys by independent routes


def test_total_updates_is_epochs_times_the_dataloader_length():
    q = question("training.total_updates").module
    assert make_variant(question("training.total_updates"),
                        params={"n_samples": 2048, "batch_size": 128, "epochs": 1}).key == 16  # the notes' example
    remainders = set()
    for v in variants("training.total_updates"):
        p = v.params
        loader = torch.utils.data.DataLoader(range(p["n_samples"]), batch_size=p["batch_size"], shuffle=True)
        assert q.answer(p) == p["epochs"] * len(loader), p
        remainders.add(p["n_samples"] % p["batch_size"] == 0)
    assert remainders == {True, False}


@pytest.mark.parametrize("n, batch, epochs", [(50, 16, 3), (64, 16, 2), (33, 10, 4)])
def test_total_updates_counts_the_steps_of_a_real_training_loop(n, batch, epochs):
    q = question("training.total_updates").module
    data = torch.utils.data.TensorDataset(torch.randn(n, 3), torch.randn(n, 1))
    loader = torch.utils.data.DataLoader(data, batch_size=batch, shuffle=True)
    model = nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    steps = 0
    for _ in range(epochs):
        for xb, yb in loader:
            opt.zero_grad()
            nn.functional.mse_loss(model(xb), yb).backward()
            opt.step()
            steps += 1
    assert q.answer({"n_samples": n, "batch_size": batch, "epochs": epochs}) == steps


def _early_stopping_by_windows(losses, patience):
    """Stop at the first epoch e such that none of the last `patience` losses beats the best loss
    before them; keep the first epoch with the lowest loss seen up to e."""
    for e in range(patience + 1, len(losses) + 1):
        before, window = losses[:e - patience], losses[e - patience:e]
        if min(window) >= min(before):
            seen = losses[:e]
            return seen.index(min(seen)) + 1, e
    return None


def test_early_stopping_by_a_sliding_window():
    q = question("training.early_stopping_epoch").module
    asks = set()
    for v in variants("training.early_stopping_epoch"):
        p = v.params
        best, stop = _early_stopping_by_windows(p["losses"], p["patience"])
        assert stop < len(p["losses"]) and stop - best == p["patience"]
        assert q.answer(p) == (stop if p["ask"] == "stop" else best), p
        # A bump shorter than the patience comes before the best epoch: stopping at the first rise is wrong.
        assert _early_stopping_by_windows(p["losses"], 1)[1] < best
        asks.add(p["ask"])
    assert asks == {"stop", "best"}


def test_kfold_sizes_are_numpy_and_torch_splits():
    q = question("evaluation.kfold_fold_size").module
    divisible = set()
    for v in variants("evaluation.kfold_fold_size"):
        p = v.params
        n, k, i = p["n"], p["k"], p["fold"]
        sizes = [len(part) for part in np.array_split(np.arange(n), k)]
        assert sizes == [len(t) for t in torch.tensor_split(torch.arange(n), k)]
        expected = sizes[i - 1] if p["ask"] == "fold" else n - sizes[i - 1]
        assert q.answer(p) == expected, p
        divisible.add(n % k == 0)
    assert divisible == {True, False}


def test_holdout_split_is_random_split():
    q = question("evaluation.holdout_split").module
    for v in variants("evaluation.holdout_split"):
        p = v.params
        fractions = [pct / 100 for pct in q.SPLITS[p["split"]]]
        parts = torch.utils.data.random_split(range(p["n"]), fractions, generator=torch.Generator().manual_seed(0))
        assert q.answer(p) == len(parts[p["part"]]), p


def test_bias_and_variance_from_numpy_and_torch():
    q = question("evaluation.bias_variance_point").module
    example = {"preds": [2.0, 2.4, 2.6, 3.0], "truth": 3.0}
    assert q.answer({**example, "ask": "bias2"}) == pytest.approx(0.25)  # the worked example of the docstring
    assert q.answer({**example, "ask": "variance"}) == pytest.approx(0.13)
    for v in variants("evaluation.bias_variance_point"):
        p = v.params
        preds = np.array(p["preds"])
        if p["ask"] == "bias2":
            expected = (statistics.fmean(p["preds"]) - p["truth"]) ** 2
        else:
            expected = float(np.var(preds))
            assert expected == pytest.approx(float(torch.tensor(p["preds"], dtype=torch.float64).var(unbiased=False)))
        assert q.answer(p) == pytest.approx(expected, rel=1e-12, abs=1e-12), p


def test_generalization_error_by_its_definition():
    """Err(x) = E_D E_e[(y + e − f(x; D))²], enumerated exactly with a noise e = ±√ε (mean 0, variance
    ε): no decomposition used."""
    q = question("evaluation.generalization_error").module
    assert q.answer({"preds": [2.0, 2.4, 2.6, 3.0], "truth": 3.0, "noise": 0.05}) == pytest.approx(0.43)
    for v in variants("evaluation.generalization_error"):
        p = v.params
        s = math.sqrt(p["noise"])
        direct = statistics.fmean((p["truth"] + e - f) ** 2 for f in p["preds"] for e in (s, -s))
        assert q.answer(p) == pytest.approx(direct, rel=1e-12), p
        # Erratum 8: the 003 formula with the unsquared bias is listed as a mistake and is not the key.
        assert q.MISTAKES[0].answer(p) != pytest.approx(direct, rel=1e-6)


def _expected_distinct(n: int, m: int) -> float:
    """E[number of distinct samples] by the distribution of the distinct count after each draw."""
    dist = np.zeros(n + 1)
    dist[0] = 1.0
    for _ in range(m):
        new = np.zeros(n + 1)
        d = np.arange(n + 1)
        new += dist * d / n  # a sample already drawn
        new[1:] += dist[:-1] * (n - d[:-1]) / n  # a new one
        dist = new
    return float(dist @ np.arange(n + 1))


def test_bootstrap_distinct_count_by_its_distribution_and_simulation():
    q = question("evaluation.bootstrap_distinct_count").module
    assert round(q.answer({"n": 10, "m": 10}), 3) == 6.513
    ms = set()
    for v in variants("evaluation.bootstrap_distinct_count")[:60]:
        p = v.params
        assert q.answer(p) == pytest.approx(_expected_distinct(p["n"], p["m"]), rel=1e-9), p
        ms.add(p["m"] == p["n"])
    assert ms == {True, False}
    rng = np.random.default_rng(5)
    for n, m in ((10, 10), (30, 15), (40, 120)):
        counts = [len(np.unique(rng.integers(0, n, size=m))) for _ in range(20_000)]
        assert abs(np.mean(counts) - q.answer({"n": n, "m": m})) < 5 * np.std(counts) / math.sqrt(len(counts))


# ---------------------------------------------------------------------------------------------
# Precision: a correctly rounded answer passes on every seed, without a warning


def _rounded_answers(qid: str, key: float) -> list[str]:
    check = question(qid).meta.check
    if check.exact_integer:
        return [str(int(key))]
    if check.decimals is not None:
        return [f"{key:.{check.decimals}f}"]
    assert check.sig_figs == 4
    return [f"{key:#.4g}"]


@pytest.mark.parametrize("qid", (*NUMERIC, "evaluation.bootstrap_oob_fraction"))
def test_a_correctly_rounded_answer_passes_without_warning_on_every_seed(qid):
    for v in variants(qid):
        for text in _rounded_answers(qid, v.key):
            result = judge(qid, v.seed, text)
            assert result.verdict is Verdict.CORRECT and not result.warnings, (qid, v.params, text, result)


def test_bootstrap_oob_fraction_asks_for_full_precision_and_keeps_trailing_zeros():
    q = question("evaluation.bootstrap_oob_fraction")
    assert "full precision" in q.module.PROMPT["en"] and "全部精度" in q.module.PROMPT["zh"]
    # n = 27: (26/27)^27 = 0.36096..., which %.4g would print as 0.361; to 4 significant figures it is 0.3610.
    v = make_variant(q, params={"n": 27})
    assert f"{v.key:.4g}" == "0.361"
    for lang in ("en", "zh"):
        assert "0.3610" in v.explanation(lang)


def test_bootstrap_limit_wants_the_exact_value_and_explains_zero_rightly():
    q = question("evaluation.bootstrap_limit")
    v = make_variant(q, seed=0)
    results = v.check_own(["0.3679", "0.367879441", "exp(-1)", "1/e", "0"])
    for decimal in results[:2]:
        assert decimal.verdict is Verdict.INVALID and "exact value" in decimal.feedback
    assert [r.verdict for r in results[2:4]] == [Verdict.CORRECT, Verdict.CORRECT]
    zero = results[4]
    assert zero.verdict is Verdict.INCORRECT and "only if" not in zero.feedback
    assert "(1 − 1/√n)ⁿ → 0" in zero.feedback and "e^{−1}" in zero.feedback
    zh = v.check_own(["0"], lang="zh")[0]
    assert "(1 − 1/√n)ⁿ → 0" in zh.feedback and "前提是" not in zh.feedback


def test_the_counterexamples_in_the_bootstrap_limit_feedback_hold():
    import sympy

    n = sympy.Symbol("n", positive=True)
    assert sympy.limit((1 - 1 / sympy.sqrt(n)) ** n, n, sympy.oo) == 0
    assert sympy.limit((1 - 1 / n ** 2) ** n, n, sympy.oo) == 1
    assert sympy.limit((1 - 1 / n) ** n, n, sympy.oo) == sympy.exp(-1)


# ---------------------------------------------------------------------------------------------
# Mistakes and wrong options, through the path a student's answer takes


@pytest.mark.parametrize("qid", NUMERIC)
def test_every_listed_mistake_gets_its_feedback(qid):
    q = question(qid)
    for v in variants(qid)[:4]:
        listed = [(m, value) for m in q.mistakes if (value := m.answer(v.params)) is not None]
        results = v.check_own([v.mistake_text(value) for _, value in listed])
        for (m, value), result in zip(listed, results):
            assert result.verdict is Verdict.INCORRECT, (qid, v.params, value, result)
            assert result.feedback == m.feedback["en"], (qid, v.params, value, result.feedback)
    # Over all seeds, in this process: no mistake passes, and each applies somewhere.
    applied = [0] * len(q.mistakes)
    for v in variants(qid):
        for i, m in enumerate(q.mistakes):
            value = m.answer(v.params)
            if value is None:
                continue
            applied[i] += 1
            assert judge(qid, v.seed, v.mistake_text(value)).verdict is not Verdict.CORRECT, (qid, v.params, i)
    assert all(applied), (qid, applied)


@pytest.mark.parametrize("qid", ["foundations.paradigm_of_example", "foundations.overfitting_remedies",
                                 "foundations.gpu_to_semantics", "foundations.tpe_triple"])
def test_a_wrong_option_gets_its_feedback(qid):
    for v in variants(qid)[:3]:
        letters = [chr(ord("A") + i) for i, o in enumerate(v.options) if not o.correct]
        for lang in ("en", "zh"):
            results = v.check_own(letters, lang=lang)
            for letter, result in zip(letters, results):
                option = v.options[ord(letter) - ord("A")]
                assert result.verdict is not Verdict.CORRECT
                assert option.feedback[lang] in result.feedback, (qid, letter, result.feedback)
        key = ",".join(v.key)
        assert v.check_own([key])[0].verdict is Verdict.CORRECT
