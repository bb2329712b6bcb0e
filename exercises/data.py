"""Exercises: feature scaling, k-fold cross-validation indices, early stopping and the bias–variance
decomposition.

Fill in each function, then run `grade submit` to see your score. 完成每个函数后运行 `grade submit` 查看得分。

Rules for every function here:
- tensor functions take and return `torch.Tensor`s on the input's device and dtype;
  kfold_indices and early_stopping work with plain Python ints and lists;
- use basic tensor operations only (mean, amin / amax, sum, sqrt, indexing...); each docstring
  lists what is forbidden. A forbidden name anywhere in the function (or in a helper it calls)
  scores the exercise 0. 只能使用基本张量运算。
- do not modify the inputs in place.
"""

import torch


def min_max_scale(x, dim=0):
    """Min-max scaling: x′ = (x − min) / (max − min), the minimum and maximum taken along `dim`.

    x: a tensor of any shape; with the default dim=0 and x of shape (n_samples, n_features) each
    feature (column) is mapped onto [0, 1] by its own minimum and maximum. Returns a tensor of x's
    shape, dtype and device. Keep the reduced dimension (keepdim=True) so that the statistics
    broadcast against x. 每个特征（沿 dim）各自缩放到 [0, 1]。

    Forbidden: scikit-learn (sklearn, MinMaxScaler, minmax_scale).
    """
    raise NotImplementedError


def mean_normalize(x, dim=0):
    """Mean normalisation: x′ = (x − mean) / (max − min), every statistic taken along `dim`.

    x: a tensor of any shape; dim=0 normalises each column of an (n_samples, n_features) matrix.
    Returns a tensor of x's shape, dtype and device; each feature then has mean 0 and range 1.
    The notes (seed 000) print the min-max formula under this name; mean normalisation subtracts
    the MEAN (TOPICS.md errata, 2). 笔记中此处印的是 min-max 公式；均值归一化减去的是均值。

    Forbidden: scikit-learn (sklearn, MinMaxScaler, StandardScaler).
    """
    raise NotImplementedError


def z_score(x, dim=0):
    """Standardisation: x′ = (x − mean) / s along `dim`, with the SAMPLE standard deviation
    s = √(Σ(x − mean)² / (n − 1)), n = x.shape[dim] (at least 2).

    x: a tensor of any shape; dim=0 standardises each column of an (n_samples, n_features) matrix.
    Returns a tensor of x's shape, dtype and device; each feature then has mean 0 and sample
    standard deviation 1 (which does not make it Gaussian: TOPICS.md errata, 18). Note the n − 1:
    numpy's np.std divides by n unless ddof=1. 使用样本标准差（除以 n − 1）。

    Forbidden: scikit-learn (sklearn, StandardScaler), scipy (zscore), and the normalisation
    layers (batch_norm, layer_norm, instance_norm, group_norm, BatchNorm1d, LayerNorm).
    """
    raise NotImplementedError


def kfold_indices(n, k):
    """The (train, val) index lists of k-fold cross-validation over samples 0, 1, ..., n − 1,
    without shuffling. n, k: ints with 2 ≤ k ≤ n.

    The validation folds are contiguous and in order: fold 0 first, then fold 1, ...; their sizes
    differ by at most one, and the FIRST n mod k folds are the larger ones (⌊n/k⌋ + 1 indices, the
    rest ⌊n/k⌋), as scikit-learn's KFold. For each fold, train holds every other index, ascending.
    Returns a list of k pairs (train, val), each a list of ints: for n = 10, k = 3 the folds are
    [0..3], [4..6], [7..9], and the first pair is ([4, 5, 6, 7, 8, 9], [0, 1, 2, 3]).
    Every index is in exactly one validation fold. k = n is leave-one-out.
    前 n mod k 折各多一个样本；返回 k 个 (train, val) 下标列表。

    Forbidden: KFold, sklearn, torch.tensor_split, numpy.array_split.
    """
    raise NotImplementedError


def early_stopping(val_losses, patience):
    """When early stopping ends training; returns (best_epoch, stop_epoch), both 0-based ints.

    val_losses: a list of floats, the validation loss after each epoch 0, 1, ..., E − 1 (E ≥ 1);
    patience: an int ≥ 0.
    - Epoch 0 is the first best. A later epoch IMPROVES when its loss is strictly below the best
      loss so far (a tie is no improvement); it then becomes the best epoch.
    - Training stops at the first epoch e that does not improve and has e − best_epoch ≥ patience
      (so patience 0 and 1 both stop at the first epoch without improvement); if no epoch does,
      training runs to the end and stop_epoch = E − 1.
    - best_epoch is the best epoch up to and including stop_epoch (training never sees later ones).
    Example: val_losses = [0.9, 0.7, 0.6, 0.65, 0.62, 0.64], patience = 2 → (2, 4).
    损失严格下降才算改进；从最优轮起 patience 轮无改进即停止。

    Forbidden: library callbacks (EarlyStopping, keras, lightning, ignite).
    """
    raise NotImplementedError


def bias_variance(preds, target):
    """The bias² and variance of an ensemble of models; returns (bias_sq, variance), two 0-d tensors.

    preds: (D, n), the predictions of D models (trained on D data sets) at n points; target: (n,).
    With p̄ = the mean over the D models at each point (shape (n,)):
        bias_sq  = mean over the n points of (p̄ − target)²
        variance = mean over the n points of the POPULATION variance over the models,
                   (1/D)·Σ_d (preds[d] − p̄)²   (divide by D, not D − 1)
    so that the mean squared error of a single model, averaged over models and points, equals
    bias_sq + variance (plus noise for noisy targets; TOPICS.md errata, 8: bias², not bias).
    Both results in preds' dtype and on its device. 方差按总体方差（除以 D）计算。

    Forbidden: bias_variance_decomp (mlxtend), sklearn.
    """
    raise NotImplementedError
