"""Reference solutions: feature scaling, k-fold indices, early stopping and the bias–variance
decomposition.

Basic tensor operations and plain Python only: no scikit-learn, no torch.tensor_split for the
folds, no normalisation layers.
"""

import torch


def min_max_scale(x, dim=0):
    lo = x.amin(dim=dim, keepdim=True)
    hi = x.amax(dim=dim, keepdim=True)
    return (x - lo) / (hi - lo)


def mean_normalize(x, dim=0):
    mean = x.mean(dim=dim, keepdim=True)
    spread = x.amax(dim=dim, keepdim=True) - x.amin(dim=dim, keepdim=True)
    return (x - mean) / spread


def z_score(x, dim=0):
    n = x.shape[dim]
    mean = x.mean(dim=dim, keepdim=True)
    std = torch.sqrt(((x - mean) ** 2).sum(dim=dim, keepdim=True) / (n - 1))  # the sample std
    return (x - mean) / std


def kfold_indices(n, k):
    size, extra = divmod(n, k)
    folds = []
    start = 0
    for i in range(k):
        stop = start + size + (1 if i < extra else 0)  # the first n mod k folds are one larger
        val = list(range(start, stop))
        train = list(range(0, start)) + list(range(stop, n))
        folds.append((train, val))
        start = stop
    return folds


def early_stopping(val_losses, patience):
    best_epoch, best_loss = 0, float(val_losses[0])
    for epoch in range(1, len(val_losses)):
        loss = float(val_losses[epoch])
        if loss < best_loss:  # strictly lower: a tie is no improvement
            best_epoch, best_loss = epoch, loss
        elif epoch - best_epoch >= patience:
            return best_epoch, epoch
    return best_epoch, len(val_losses) - 1


def bias_variance(preds, target):
    mean_pred = preds.mean(dim=0)  # the average model, per point
    bias_sq = ((mean_pred - target) ** 2).mean()
    variance = ((preds - mean_pred) ** 2).mean(dim=0).mean()  # population variance over the models
    return bias_sq, variance
