"""Checks for exercises/data.py: min_max_scale, mean_normalize, z_score, kfold_indices,
early_stopping and bias_variance.

PyTorch has none of these, so the references are the formulas of EXERCISES.md written directly
(tests/specs/test_data.py checks them against independent computations: loops, the
decomposition E[(pred − y)²] = bias² + variance, hand-worked examples). Feature matrices have
columns of very different ranges and offsets, so statistics taken over the wrong axis or the whole
tensor show; folds and stopping epochs are compared exactly.
"""

from __future__ import annotations

import functools

import torch

from grader.codegrade.inputs import F32, F64, describe
from grader.codegrade.model import Case, CaseContext, Check, Diagnosis, Exercise
from grader.i18n import N_, _, ngettext

ORDER = 90  # the course's order: modules are graded and reported by ORDER


def _features(ctx: CaseContext, *shape: int, dtype: torch.dtype, dim: int = 0) -> torch.Tensor:
    """Random values whose slices along every axis but `dim` (the features) have their own offset
    and spread, so that the statistics of the wrong axis (or of the whole tensor) differ."""
    dim = dim % len(shape)
    stats_shape = [1 if i == dim else s for i, s in enumerate(shape)]
    shift = torch.randn(stats_shape, generator=ctx.generator, dtype=F64) * 10
    scale = 0.5 + 4.5 * torch.rand(stats_shape, generator=ctx.generator, dtype=F64)
    x = torch.randn(shape, generator=ctx.generator, dtype=F64) * scale + shift
    return x.to(dtype).to(ctx.device)


# ---------------------------------------------------------------------------------------------
# min_max_scale, mean_normalize, z_score

def _stats(x, dim, how):
    """The statistic `how` of x along `dim` (keepdim); dim=None: over the whole tensor."""
    if dim is None:
        dims = list(range(x.dim()))
    else:
        dims = [dim]
    if how == "min":
        return x.amin(dim=dims, keepdim=True)
    if how == "max":
        return x.amax(dim=dims, keepdim=True)
    if how == "mean":
        return x.mean(dim=dims, keepdim=True)
    if how == "std":
        return x.std(dim=dims, keepdim=True, correction=1)
    if how == "std_biased":
        return x.std(dim=dims, keepdim=True, correction=0)
    if how == "var":
        return x.var(dim=dims, keepdim=True, correction=1)
    raise ValueError(how)


def _scaled(x, dim, formula, *, axis="dim"):
    """One scaling formula with its statistics over `dim` (axis="dim"), always over axis 0
    ("zero": `dim` ignored), over the other axis of a matrix ("other") or the whole tensor ("all")."""
    if axis == "zero":
        dim = 0
    elif axis == "other":
        if x.dim() != 2:
            raise ValueError("the other axis is only defined for matrices")
        dim = 1 - dim % 2
    elif axis == "all":
        dim = None
    s = functools.partial(_stats, x, dim)
    if formula == "min_max":
        return (x - s("min")) / (s("max") - s("min"))
    if formula == "mean_norm":
        return (x - s("mean")) / (s("max") - s("min"))
    if formula == "z":
        return (x - s("mean")) / s("std")
    if formula == "z_biased":
        return (x - s("mean")) / s("std_biased")
    if formula == "z_var":
        return (x - s("mean")) / s("var")
    if formula == "z_uncentred":
        return x / s("std")
    if formula == "over_max":
        return x / s("max")
    if formula == "min_over_max":
        return (x - s("min")) / s("max")
    if formula == "mean_over_max":
        return (x - s("mean")) / s("max")
    raise ValueError(formula)


def _min_max_ref(x, dim=0):
    return _scaled(x, dim, "min_max")


def _mean_norm_ref(x, dim=0):
    return _scaled(x, dim, "mean_norm")


def _z_ref(x, dim=0):
    return _scaled(x, dim, "z")


def _scale_diag(message: str, formula: str, axis: str = "dim", **args: str) -> Diagnosis:
    return Diagnosis(lambda x, dim=0: _scaled(x, dim, formula, axis=axis), message, args)


# What the scalings' statistics are called in their diagnoses.
_MIN_MAX = N_("minimum and maximum")
_MEAN_MIN_MAX = N_("mean, minimum and maximum")
_MEAN_STD = N_("mean and standard deviation")


def _axis_diagnoses(formula: str, stats: str, *, dim_given: bool) -> list[Diagnosis]:
    """Statistics over the whole tensor; then, for the default dim=0, over the other axis, and where
    `dim` is given, over axis 0 whatever it says (on a matrix with dim=1 the two coincide). `stats`
    (marked N_) names the statistics in the messages."""
    whole = _scale_diag(N_("The {stats} were taken over the whole tensor: take them along `dim`, one per feature "
                           "(x.amin(dim=dim, keepdim=True)...)."), formula, "all", stats=stats)
    if dim_given:
        return [whole, _scale_diag(N_("The `dim` argument was ignored: take the {stats} along `dim`, which is not "
                                      "always 0."), formula, "zero", stats=stats)]
    return [whole, _scale_diag(N_("The {stats} were taken along the wrong axis: along dim=0 they run down each "
                                  "column (over the samples), giving one value per feature."), formula, "other",
                               stats=stats)]


def _column_cases(ctx: CaseContext) -> list[Case]:
    cases = []
    for shape, dtype in [((6, 3), F64), ((10, 4), F32), ((3, 5), F64), ((2, 4), F64), ((25, 2), F32)]:
        x = _features(ctx, *shape, dtype=dtype)
        cases.append(Case(args=(x,), label=_("{tensor}, default dim=0").format(tensor=describe(x))))
    return cases


def _dim_cases(ctx: CaseContext) -> list[Case]:
    cases = []
    for shape, dim, dtype, keyword in [((4, 6), 1, F64, True), ((3, 5), -1, F32, False), ((2, 5, 3), 1, F64, True),
                                       ((7,), 0, F64, False), ((5, 4), 0, F64, True)]:
        x = _features(ctx, *shape, dtype=dtype, dim=dim)
        if keyword:
            cases.append(Case(args=(x,), kwargs={"dim": dim}, label=_("{tensor}, dim={dim}").format(tensor=describe(x),
                                                                                                    dim=dim)))
        else:
            cases.append(Case(args=(x, dim), label=_("{tensor}, dim={dim}").format(tensor=describe(x), dim=dim)))
    return cases


_MIN_MAX_FORMULAS = [
    _scale_diag(N_("Dividing by the maximum alone is not min-max scaling: (x − min)/(max − min) maps each feature "
                   "onto [0, 1]."), "over_max"),
    _scale_diag(N_("The denominator is the range max − min, not the maximum: (x − min)/(max − min)."), "min_over_max"),
    _scale_diag(N_("This is mean normalisation, (x − mean)/(max − min); min-max scaling subtracts the minimum."),
                "mean_norm"),
]

MIN_MAX_SCALE = Exercise(
    name="data.min_max_scale",
    checks=[
        Check("columns", 3, _column_cases, reference=_min_max_ref,
              diagnoses=[*_axis_diagnoses("min_max", _MIN_MAX, dim_given=False), *_MIN_MAX_FORMULAS]),
        Check("dim", 2, _dim_cases, reference=_min_max_ref,
              diagnoses=[*_axis_diagnoses("min_max", _MIN_MAX, dim_given=True), *_MIN_MAX_FORMULAS]),
    ],
    forbidden=("MinMaxScaler", "minmax_scale", "sklearn"),
)

_MEAN_NORM_NOTES = _scale_diag(N_("That is min-max scaling, (x − min)/(max − min), the formula the notes print under "
                                  "mean normalisation (TOPICS.md erratum 2): mean normalisation subtracts the mean, "
                                  "(x − mean)/(max − min)."), "min_max")
_MEAN_NORM_FORMULAS = [
    _scale_diag(N_("That is the z-score, dividing by the standard deviation: mean normalisation divides by the "
                   "range max − min."), "z"),
    _scale_diag(N_("The denominator is the range max − min, not the maximum."), "mean_over_max"),
]

MEAN_NORMALIZE = Exercise(
    name="data.mean_normalize",
    checks=[
        Check("columns", 3, _column_cases, reference=_mean_norm_ref,
              diagnoses=[_MEAN_NORM_NOTES, *_axis_diagnoses("mean_norm", _MEAN_MIN_MAX, dim_given=False),
                         *_MEAN_NORM_FORMULAS]),
        Check("dim", 2, _dim_cases, reference=_mean_norm_ref,
              diagnoses=[_MEAN_NORM_NOTES, *_axis_diagnoses("mean_norm", _MEAN_MIN_MAX, dim_given=True),
                         *_MEAN_NORM_FORMULAS]),
    ],
    forbidden=("MinMaxScaler", "StandardScaler", "sklearn"),
)

_Z_BIASED = _scale_diag(N_("The standard deviation was the biased one (divided by n): the z-score here uses the "
                           "sample standard deviation, √(Σ(x − mean)²/(n − 1)) (torch.std's default, correction=1)."),
                        "z_biased")
_Z_FORMULAS = [
    _scale_diag(N_("The division was by the variance: divide by the standard deviation, its square root."), "z_var"),
    _scale_diag(N_("The mean was not subtracted: z = (x − mean)/std."), "z_uncentred"),
]

Z_SCORE = Exercise(
    name="data.z_score",
    checks=[
        Check("columns", 3, _column_cases, reference=_z_ref,
              diagnoses=[_Z_BIASED, *_axis_diagnoses("z", _MEAN_STD, dim_given=False),
                         *_Z_FORMULAS]),
        Check("dim", 2, _dim_cases, reference=_z_ref,
              diagnoses=[_Z_BIASED, *_axis_diagnoses("z", _MEAN_STD, dim_given=True),
                         *_Z_FORMULAS]),
    ],
    # The normalisation layers standardise too (with the biased variance and an eps).
    forbidden=("StandardScaler", "sklearn", "zscore", "scipy", "batch_norm", "layer_norm", "instance_norm",
               "group_norm", "BatchNorm1d", "LayerNorm"),
)


# ---------------------------------------------------------------------------------------------
# kfold_indices

def _folds_from_sizes(n, sizes):
    folds, start = [], 0
    for size in sizes:
        stop = start + size
        folds.append((list(range(start)) + list(range(stop, n)), list(range(start, stop))))
        start = stop
    return folds


def _kfold_ref(n, k):
    size, extra = divmod(n, k)
    return _folds_from_sizes(n, [size + (1 if i < extra else 0) for i in range(k)])


def _kfold_remainder_last(n, k):
    size = n // k
    return _folds_from_sizes(n, [size] * (k - 1) + [n - size * (k - 1)])


def _kfold_larger_last(n, k):
    size, extra = divmod(n, k)
    return _folds_from_sizes(n, [size + (1 if i >= k - extra else 0) for i in range(k)])


def _kfold_ceil(n, k):
    size = -(-n // k)
    sizes = [max(0, min(size, n - i * size)) for i in range(k)]
    return _folds_from_sizes(n, sizes)


def _kfold_dropped(n, k):
    size = n // k
    folds = []
    for i in range(k):
        val = list(range(i * size, (i + 1) * size))
        folds.append(([j for j in range(n) if j not in val], val))
    return folds


def _kfold_swapped(n, k):
    return [(val, train) for train, val in _kfold_ref(n, k)]


def _kfold_one_based(n, k):
    return [([i + 1 for i in train], [i + 1 for i in val]) for train, val in _kfold_ref(n, k)]


_KFOLD_LAYOUT = [
    Diagnosis(_kfold_swapped, N_("Each pair is (train, val): the training indices come first.")),
    Diagnosis(_kfold_one_based, N_("Indices are 0-based: 0, 1, ..., n − 1.")),
]
# Fold sizes: these mistakes only show when k does not divide n.
_KFOLD_SIZES = [
    Diagnosis(_kfold_remainder_last, N_("The remainder was placed in the last fold: the first n mod k folds are "
                                        "one larger (sizes ⌊n/k⌋ + 1, ..., then ⌊n/k⌋), as scikit-learn's KFold.")),
    Diagnosis(_kfold_larger_last, N_("The larger folds came last: the FIRST n mod k folds get one extra index.")),
    Diagnosis(_kfold_ceil, N_("Every fold but the last had ⌈n/k⌉ indices: sizes differ by at most one, the first "
                              "n mod k folds having ⌊n/k⌋ + 1 and the rest ⌊n/k⌋.")),
    Diagnosis(_kfold_dropped, N_("The last n mod k indices were never validated: every index is in exactly one "
                                 "validation fold, the first n mod k folds one larger.")),
]


# Indices and epochs are integers: the checks below compare them exactly (rtol = atol = 0).

def _kfold_case(n: int, k: int) -> Case:
    return Case(args=(n, k), label=f"n={n}, k={k}")


def _kfold_random(ctx: CaseContext, count: int) -> list[Case]:
    cases: list[Case] = []
    while len(cases) < count:
        n = int(torch.randint(10, 65, (1,), generator=ctx.generator))
        k = int(torch.randint(2, 11, (1,), generator=ctx.generator))
        if n % k:
            cases.append(_kfold_case(n, k))
    return cases


KFOLD_INDICES = Exercise(
    name="data.kfold_indices",
    checks=[
        Check("divisible", 2, lambda ctx: [_kfold_case(n, k) for n, k in [(10, 5), (12, 3), (6, 2), (64, 8)]],
              reference=_kfold_ref, diagnoses=_KFOLD_LAYOUT, rtol=0.0, atol=0.0),
        Check("not_divisible", 3,
              lambda ctx: [_kfold_case(n, k) for n, k in [(14, 4), (10, 3), (7, 2), (11, 5)]] + _kfold_random(ctx, 3),
              reference=_kfold_ref, diagnoses=[*_KFOLD_SIZES, *_KFOLD_LAYOUT], rtol=0.0, atol=0.0),
        Check("leave_one_out", 1, lambda ctx: [_kfold_case(n, k) for n, k in [(5, 5), (12, 12), (2, 2)]],
              reference=_kfold_ref, diagnoses=_KFOLD_LAYOUT, rtol=0.0, atol=0.0),
    ],
    # torch.tensor_split / numpy.array_split make exactly these folds.
    forbidden=("KFold", "sklearn", "tensor_split", "array_split"),
)


# ---------------------------------------------------------------------------------------------
# early_stopping

def _early(val_losses, patience, *, shift=0, ties_improve=False, global_best=False, end=-1, no_reset=False,
           one_based=False):
    """The rule of EXERCISES.md with one knob turned for each known mistake: `shift` moves the stop
    by one epoch (waiting patience + 1 epochs, or patience − 1), `end` is where a run that never
    runs out of patience stops (relative to len), `no_reset` counts every epoch without
    improvement instead of those since the best."""
    losses = [float(v) for v in val_losses]
    best_epoch, best_loss, waited, stop = 0, losses[0], 0, None
    for epoch in range(1, len(losses)):
        better = losses[epoch] <= best_loss if ties_improve else losses[epoch] < best_loss
        if better:
            best_epoch, best_loss = epoch, losses[epoch]
            continue
        waited = waited + 1 if no_reset else epoch - best_epoch
        if waited >= patience + shift:
            stop = epoch
            break
    if stop is None:
        stop = len(losses) + end
    if global_best:
        best_epoch = min(range(len(losses)), key=lambda i: (losses[i], i))
    return (best_epoch + 1, stop + 1) if one_based else (best_epoch, stop)


def _early_ref(val_losses, patience):
    return _early(val_losses, patience)


def _early_diag(message: str, **knobs) -> Diagnosis:
    return Diagnosis(lambda val_losses, patience: _early(val_losses, patience, **knobs), message)


_TIES = _early_diag(N_("A tie with the best loss was counted as an improvement: an epoch improves only when its "
                       "loss is strictly below the best so far."), ties_improve=True)
_LATE = _early_diag(N_("Training stopped one epoch late: it stops at the first epoch that is `patience` epochs after "
                       "the best one (best_epoch + patience), not patience + 1."), shift=1)
_EARLY = _early_diag(N_("Training stopped one epoch early: it stops only when `patience` epochs have passed since "
                        "the best one (best_epoch + patience)."), shift=-1)
_NO_RESET = _early_diag(N_("The epochs without improvement were counted since the start, not since the best epoch: "
                           "reset the count whenever the loss improves."), no_reset=True)
_GLOBAL_BEST = _early_diag(N_("best_epoch was taken over all epochs: it is the best epoch up to the stop, since "
                              "training never sees the later losses."), global_best=True)
_END = _early_diag(N_("When patience never runs out, training stops at the last epoch, len(val_losses) − 1 "
                      "(0-based)."), end=0)
_ONE_BASED = _early_diag(N_("Epochs are 0-based: the first epoch is 0."), one_based=True)


def _early_diagnoses(*leave_out: Diagnosis) -> list[Diagnosis]:
    """The known mistakes in the order they are tried (a tie changes the most, so it is tried first),
    less those a check's cases cannot tell from the rule."""
    order = [_TIES, _LATE, _EARLY, _NO_RESET, _GLOBAL_BEST, _END, _ONE_BASED]
    return [d for d in order if d not in leave_out]


def _curve(ctx: CaseContext, length: int) -> list[float]:
    """A validation-loss curve: decaying, then rising (over-fitting), with noise; 3 decimals so
    that ties happen."""
    t = torch.arange(length, dtype=F64)
    turn = float(torch.randint(length // 3, length, (1,), generator=ctx.generator))
    base = 1.0 + torch.exp(-t / 4) + 0.02 * torch.clamp(t - turn, min=0)
    noise = 0.03 * torch.randn(length, generator=ctx.generator, dtype=F64)
    return [round(float(v), 3) for v in base + noise]


def _early_case(losses: list[float], patience: int, curve: str) -> Case:
    """`curve` (marked N_) says what the losses look like; it is translated here, at grading time."""
    label = ngettext("{curve}, {n} epoch, patience={patience}", "{curve}, {n} epochs, patience={patience}",
                     len(losses)).format(curve=_(curve), n=len(losses), patience=patience)
    return Case(args=(losses, patience), label=label)


def _early_typical_cases(ctx: CaseContext) -> list[Case]:
    cases = [_early_case([0.9, 0.7, 0.6, 0.65, 0.62, 0.64, 0.61, 0.7], 2, N_("a hand-made curve")),
             _early_case([1.0, 1.1, 0.9, 0.95, 0.8, 0.85, 0.7, 0.75, 0.6], 2, N_("a hand-made zigzag")),
             _early_case([1.0, 0.8, 0.85, 0.7, 0.75, 0.8, 0.9, 0.95, 0.6], 3, N_("a hand-made curve"))]
    for length, patience in [(20, 3), (30, 5), (15, 2), (25, 4)]:
        cases.append(_early_case(_curve(ctx, length), patience, N_("a noisy curve")))
    return cases


def _early_tie_cases(ctx: CaseContext) -> list[Case]:
    return [_early_case([1.0, 0.9, 0.9, 0.9, 1.0, 1.0, 1.0], 3, N_("ties with the best loss")),
            _early_case([1.0, 0.9, 0.9, 0.9, 0.8, 0.7], 2, N_("a tie with the best loss")),
            _early_case([0.5, 0.55, 0.5, 0.4, 0.45, 0.4, 0.4, 0.3], 3, N_("ties with the best loss")),
            _early_case([0.8, 0.6, 0.7, 0.6, 0.6, 0.6, 0.5], 4, N_("repeated ties"))]


def _early_edge_cases(ctx: CaseContext) -> list[Case]:
    return [_early_case([1.0, 1.1, 1.2, 1.3, 1.4, 1.5], 2, N_("no improvement after the first epoch")),
            _early_case([1.0, 0.9, 0.95, 0.97, 0.8], 3, N_("an improvement on the last epoch")),
            _early_case([1.0, 0.9, 0.8, 0.7, 0.6], 1, N_("improving every epoch")),
            _early_case([0.5, 0.6, 0.7], 5, N_("patience longer than the run")),
            _early_case([0.3], 2, N_("a single epoch"))]


def _early_patience_cases(ctx: CaseContext) -> list[Case]:
    curve = [1.0, 0.8, 0.7, 0.75, 0.6, 0.65, 0.5]
    return [_early_case(curve, 0, N_("a hand-made curve")), _early_case(curve, 1, N_("a hand-made curve")),
            _early_case([0.4, 0.4, 0.3], 0, N_("a tie at epoch 1")),
            _early_case([0.4, 0.45, 0.3], 1, N_("a rise at epoch 1"))]


EARLY_STOPPING = Exercise(
    name="data.early_stopping",
    checks=[
        Check("typical_curves", 2, _early_typical_cases, reference=_early_ref, diagnoses=_early_diagnoses(),
              rtol=0.0, atol=0.0),
        Check("ties", 1, _early_tie_cases, reference=_early_ref, diagnoses=_early_diagnoses(_END),
              rtol=0.0, atol=0.0),
        Check("edge_cases", 2, _early_edge_cases, reference=_early_ref,
              diagnoses=_early_diagnoses(_TIES, _NO_RESET, _GLOBAL_BEST), rtol=0.0, atol=0.0),
        Check("patience_0_and_1", 1, _early_patience_cases, reference=_early_ref,
              diagnoses=_early_diagnoses(_EARLY, _NO_RESET, _END), rtol=0.0, atol=0.0),
    ],
    forbidden=("EarlyStopping", "keras", "lightning", "ignite"),
)


# ---------------------------------------------------------------------------------------------
# bias_variance

def _bv(preds, target, *, correction=0, over_points=False, squared_mean=False, mse=False):
    mean_pred = preds.mean(dim=0)
    if squared_mean:
        bias_sq = (mean_pred - target).mean() ** 2
    elif mse:
        bias_sq = ((preds - target) ** 2).mean()
    else:
        bias_sq = ((mean_pred - target) ** 2).mean()
    axis = 1 if over_points else 0
    squares = ((preds - preds.mean(dim=axis, keepdim=True)) ** 2).sum(dim=axis)
    variance = (squares / (preds.shape[axis] - correction)).mean()  # one model, n − 1: 0/0, NaN
    return bias_sq, variance


def _bv_ref(preds, target):
    return _bv(preds, target)


def _bv_diag(message: str, **knobs) -> Diagnosis:
    return Diagnosis(lambda preds, target: _bv(preds, target, **knobs), message)


_BV_DIAGNOSES = [
    _bv_diag(N_("The variance was the sample variance (divided by D − 1): the variance over the D models here is "
                "the population variance, the mean of (pred − mean pred)²."), correction=1),
    _bv_diag(N_("The variance was taken over the points for each model: it is the spread of the D models' "
                "predictions at each point (over dim 0), averaged over the points."), over_points=True),
    _bv_diag(N_("The mean bias was squared: bias² is the mean over the points of the squared difference "
                "(mean prediction − target)²."), squared_mean=True),
    _bv_diag(N_("That is the expected squared error of a single model, bias² + variance: for bias², first average "
                "the predictions over the models, then compare with the target."), mse=True),
]


def _bv_case(ctx: CaseContext, models: int, points: int, dtype: torch.dtype) -> Case:
    target = torch.randn(points, generator=ctx.generator, dtype=F64) * 2
    offset = torch.randn(points, generator=ctx.generator, dtype=F64) * 0.5  # the bias of the average model
    spread = 0.2 + torch.rand(points, generator=ctx.generator, dtype=F64)
    preds = target + offset + spread * torch.randn(models, points, generator=ctx.generator, dtype=F64)
    return Case(args=(preds.to(dtype).to(ctx.device), target.to(dtype).to(ctx.device)),
                label=_("{models}, {points}, {dtype}").format(
                    models=ngettext("{n} model", "{n} models", models).format(n=models),
                    points=ngettext("{n} point", "{n} points", points).format(n=points),
                    dtype=str(dtype).removeprefix("torch.")))


BIAS_VARIANCE = Exercise(
    name="data.bias_variance",
    checks=[
        Check("values", 3, lambda ctx: [_bv_case(ctx, 5, 10, F64), _bv_case(ctx, 20, 3, F64),
                                        _bv_case(ctx, 2, 7, F64), _bv_case(ctx, 8, 16, F32)],
              reference=_bv_ref, diagnoses=_BV_DIAGNOSES),
        Check("one_model_or_one_point", 1, lambda ctx: [_bv_case(ctx, 1, 6, F64), _bv_case(ctx, 6, 1, F64)],
              reference=_bv_ref, diagnoses=_BV_DIAGNOSES),
    ],
    forbidden=("bias_variance_decomp", "mlxtend", "sklearn"),
)

EXERCISES = [MIN_MAX_SCALE, MEAN_NORMALIZE, Z_SCORE, KFOLD_INDICES, EARLY_STOPPING, BIAS_VARIANCE]
