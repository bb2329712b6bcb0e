"""The data exercises: their references and solutions proved by independent routes.

tests/specs/test_specs_content.py covers what every spec shares (solutions full marks, stubs 0,
fixtures diagnosed). Here: the scaling references against the standard library's statistics
(statistics.stdev is the sample standard deviation), the folds against numpy.array_split and the
properties of k-fold splits, early stopping against hand-worked curves and a differently written
rule, the bias–variance reference against loops and the decomposition MSE = bias² + variance, each
known mistake named as itself on the first case where it shows, and library shortcuts
(scikit-learn, normalisation layers, tensor_split...) scored as forbidden.
"""

from __future__ import annotations

import random
import statistics

import numpy as np
import pytest
import torch
from spec_helpers import assert_each_mistake_is_named_as_itself

from grader.codegrade.compare import compare
from grader.codegrade.model import CaseContext
from grader.codegrade.specs import data as spec
from solutions import data as solution

F64 = torch.float64


def _ctx(seed: int = 7) -> CaseContext:
    return CaseContext(generator=torch.Generator().manual_seed(seed), device=torch.device("cpu"), dtype=torch.float32)


def _matrix(seed: int = 0) -> torch.Tensor:
    return spec._features(_ctx(seed), 7, 4, dtype=F64)


# ---------------------------------------------------------------------------------------------
# scaling


def _by_columns(x: torch.Tensor, f) -> torch.Tensor:
    """Apply f (a list of floats -> a list of floats) to every column, in plain Python."""
    cols = [f(x[:, j].tolist()) for j in range(x.shape[1])]
    return torch.tensor(cols, dtype=x.dtype).T


def _min_max_py(col):
    lo, hi = min(col), max(col)
    return [(v - lo) / (hi - lo) for v in col]


def _mean_norm_py(col):
    mean, spread = statistics.fmean(col), max(col) - min(col)
    return [(v - mean) / spread for v in col]


def _z_py(col):
    mean, s = statistics.fmean(col), statistics.stdev(col)  # stdev: the sample (n − 1) std
    return [(v - mean) / s for v in col]


@pytest.mark.parametrize("name, python", [("min_max_scale", _min_max_py), ("mean_normalize", _mean_norm_py),
                                          ("z_score", _z_py)])
def test_scaling_matches_plain_python_per_column(name, python):
    ref = {"min_max_scale": spec._min_max_ref, "mean_normalize": spec._mean_norm_ref, "z_score": spec._z_ref}[name]
    for seed in range(5):
        x = _matrix(seed)
        want = _by_columns(x, python)
        assert compare(want, ref(x)) is None
        assert compare(want, getattr(solution, name)(x)) is None
        # dim=1 is the same computation on the transpose
        assert compare(want.T, getattr(solution, name)(x.T.contiguous(), dim=1)) is None
        assert compare(want.T, ref(x.T.contiguous(), dim=-1)) is None


def test_scaled_features_have_the_promised_statistics():
    x = _matrix(3)
    scaled = solution.min_max_scale(x)
    assert torch.allclose(scaled.amin(0), torch.zeros(4, dtype=F64)) and torch.allclose(scaled.amax(0), torch.ones(4, dtype=F64))
    normed = solution.mean_normalize(x)
    assert torch.allclose(normed.mean(0), torch.zeros(4, dtype=F64), atol=1e-12)
    assert torch.allclose(normed.amax(0) - normed.amin(0), torch.ones(4, dtype=F64))
    z = solution.z_score(x)
    assert torch.allclose(z.mean(0), torch.zeros(4, dtype=F64), atol=1e-12)
    assert torch.allclose(z.std(0), torch.ones(4, dtype=F64))  # torch.std's default is the sample std


def test_feature_columns_differ_so_axis_mistakes_show():
    x = _matrix(1)
    ranges = x.amax(0) - x.amin(0)
    means = x.mean(0)
    assert (ranges.max() / ranges.min()) > 1.5 and (means.max() - means.min()) > 1.0


# ---------------------------------------------------------------------------------------------
# kfold_indices


@pytest.mark.parametrize("n, k", [(10, 5), (10, 3), (14, 4), (7, 2), (11, 5), (5, 5), (64, 8), (64, 10), (2, 2)])
def test_folds_match_numpy_array_split(n, k):
    """numpy.array_split gives the first n mod k pieces one extra element, as scikit-learn's KFold."""
    want = []
    for piece in np.array_split(np.arange(n), k):
        val = [int(i) for i in piece]
        want.append(([i for i in range(n) if i not in val], val))
    assert spec._kfold_ref(n, k) == want
    assert solution.kfold_indices(n, k) == want


def test_folds_are_a_partition_in_order():
    rng = random.Random(4)
    for _ in range(200):
        n = rng.randint(2, 64)
        k = rng.randint(2, n)
        folds = solution.kfold_indices(n, k)
        assert len(folds) == k
        vals = [val for _, val in folds]
        assert [i for v in vals for i in v] == list(range(n))  # contiguous, in order, each index validated once
        sizes = [len(v) for v in vals]
        assert sizes == sorted(sizes, reverse=True) and sizes[0] - sizes[-1] <= 1
        assert sum(s == n // k + 1 for s in sizes) == n % k
        for train, val in folds:
            assert train == sorted(set(range(n)) - set(val))


def test_fold_example_of_the_stub():
    assert solution.kfold_indices(10, 3)[0] == ([4, 5, 6, 7, 8, 9], [0, 1, 2, 3])
    assert [v for _, v in solution.kfold_indices(10, 3)] == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]


def test_fold_outputs_fit_the_sandbox_protocol():
    """A list output carries at most 64 items (grader/codegrade/protocol.py MAX_ITEMS)."""
    from grader.codegrade.protocol import MAX_ITEMS

    for check in spec.KFOLD_INDICES.checks:
        for case in check.cases(_ctx()):
            n, k = case.args
            assert n <= MAX_ITEMS and k <= MAX_ITEMS, case.label


# ---------------------------------------------------------------------------------------------
# early_stopping

HAND_WORKED = [
    # (losses, patience, (best_epoch, stop_epoch)), each worked out by hand
    ([0.9, 0.7, 0.6, 0.65, 0.62, 0.64], 2, (2, 4)),  # the stub's example
    ([1.0, 1.1, 1.2, 1.3, 1.4, 1.5], 2, (0, 2)),  # no improvement ever: stop at patience
    ([1.0, 0.9, 0.95, 0.97, 0.8], 3, (4, 4)),  # improvement on the last epoch
    ([1.0, 0.9, 0.95, 0.97, 0.8], 2, (1, 3)),  # ... unless patience runs out first
    ([1.0, 0.9, 0.9, 0.9, 1.0, 1.0, 1.0], 3, (1, 4)),  # ties are no improvement
    ([0.5, 0.4, 0.4], 0, (1, 2)),  # patience 0: stop at the first epoch without improvement
    ([0.5, 0.4, 0.4], 1, (1, 2)),  # patience 1: the same
    ([0.5, 0.6, 0.7], 5, (0, 2)),  # patience never runs out: the last epoch
    ([0.3], 0, (0, 0)),
    ([1.0, 1.1, 0.9, 0.95, 0.8, 0.85, 0.7, 0.75, 0.6], 2, (8, 8)),  # a zigzag that keeps improving
]


@pytest.mark.parametrize("losses, patience, expected", HAND_WORKED)
def test_early_stopping_hand_worked(losses, patience, expected):
    assert spec._early_ref(losses, patience) == expected
    assert solution.early_stopping(losses, patience) == expected


def _keras_style(losses, patience):
    """The rule as Keras writes it: a wait counter reset on improvement, compared after increment;
    best epoch tracked alongside."""
    best, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(losses):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
            continue
        wait += 1
        if wait >= max(patience, 1):
            return best_epoch, epoch
    return best_epoch, len(losses) - 1


def test_early_stopping_matches_a_counter_formulation_on_random_curves():
    rng = random.Random(11)
    for _ in range(500):
        losses = [round(rng.uniform(0.0, 1.0), 1) for _ in range(rng.randint(1, 15))]  # many ties
        patience = rng.randint(0, 5)
        assert spec._early_ref(losses, patience) == _keras_style(losses, patience), (losses, patience)
        assert solution.early_stopping(losses, patience) == _keras_style(losses, patience)


def test_patience_zero_and_one_agree():
    rng = random.Random(2)
    for _ in range(200):
        losses = [round(rng.uniform(0.0, 1.0), 1) for _ in range(rng.randint(1, 10))]
        assert solution.early_stopping(losses, 0) == solution.early_stopping(losses, 1)


# ---------------------------------------------------------------------------------------------
# bias_variance


def _bv_loops(preds: torch.Tensor, target: torch.Tensor) -> tuple[float, float]:
    D, n = preds.shape
    rows = preds.tolist()
    bias_sq = variance = 0.0
    for j in range(n):
        column = [rows[d][j] for d in range(D)]
        bias_sq += (statistics.fmean(column) - float(target[j])) ** 2
        variance += statistics.pvariance(column)  # the population variance
    return bias_sq / n, variance / n


def test_bias_variance_matches_loops_and_the_decomposition():
    for seed in range(5):
        ctx = _ctx(seed)
        for models, points in [(5, 10), (1, 4), (7, 1), (30, 20)]:
            preds, target = spec._bv_case(ctx, models, points, F64).args
            bias_sq, variance = spec._bv_ref(preds, target)
            want = _bv_loops(preds, target)
            assert float(bias_sq) == pytest.approx(want[0], rel=1e-12, abs=1e-15)
            assert float(variance) == pytest.approx(want[1], rel=1e-12, abs=1e-15)
            # the mean squared error of the single models splits exactly into the two
            mse = float(((preds - target) ** 2).mean())
            assert mse == pytest.approx(float(bias_sq) + float(variance), rel=1e-12)
            assert compare((bias_sq, variance), solution.bias_variance(preds, target)) is None


def test_bias_variance_returns_0d_tensors_of_the_input_dtype():
    preds, target = spec._bv_case(_ctx(), 4, 5, torch.float32).args
    for value in solution.bias_variance(preds, target):
        assert type(value) is torch.Tensor and value.shape == () and value.dtype == torch.float32


# ---------------------------------------------------------------------------------------------
# every known mistake is named as itself


@pytest.mark.parametrize("exercise, check", [(ex, c) for ex in spec.EXERCISES for c in ex.checks],
                         ids=lambda v: v.name)
def test_each_mistake_is_named_as_itself(exercise, check):
    assert_each_mistake_is_named_as_itself(exercise, check)


# ---------------------------------------------------------------------------------------------
# library shortcuts are forbidden (one sandboxed grading)

CHEAT = """
import torch
import torch.nn.functional as F


def min_max_scale(x, dim=0):
    from sklearn.preprocessing import minmax_scale

    return torch.tensor(minmax_scale(x.numpy(), axis=dim), dtype=x.dtype)


def mean_normalize(x, dim=0):
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler(with_std=False).fit(x.numpy())
    return torch.tensor(scaler.transform(x.numpy()), dtype=x.dtype) / (x.amax(dim, True) - x.amin(dim, True))


def z_score(x, dim=0):
    n = x.shape[dim]
    return F.batch_norm(x.movedim(dim, 0), None, None, training=True, eps=0.0).movedim(0, dim) * ((n - 1) / n) ** 0.5


def kfold_indices(n, k):
    vals = [v.tolist() for v in torch.tensor_split(torch.arange(n), k)]
    return [([i for i in range(n) if i not in v], v) for v in vals]


def early_stopping(val_losses, patience):
    from lightning.pytorch.callbacks import EarlyStopping

    EarlyStopping(monitor="val_loss", patience=patience)
    raise NotImplementedError


def bias_variance(preds, target):
    from mlxtend.evaluate import bias_variance_decomp

    return bias_variance_decomp(preds, target)
"""


def test_library_shortcuts_are_forbidden(tmp_path):
    from grader.codegrade import grade_submission

    (tmp_path / "data.py").write_text(CHEAT.lstrip())
    report = grade_submission(tmp_path, only="data", device="cpu")
    assert {e.name for e in report.exercises} == {ex.name for ex in spec.EXERCISES}
    for outcome in report.exercises:
        assert outcome.status == "forbidden" and outcome.score == 0, (outcome.name, outcome.status, outcome.message)
