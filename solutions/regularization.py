"""Reference solutions: weight-decay updates, inverted dropout and batch normalisation.

Basic tensor operations only: no F.dropout / nn.Dropout, no F.batch_norm / nn.BatchNorm* (nor the
other normalisation layers), no torch.optim.
"""

import torch


def l1_update(w, grad, lr, lam, n):
    return w - lr * lam * torch.sign(w) / n - lr * grad


def l2_update(w, grad, lr, lam, n):
    return (1 - lr * lam / n) * w - lr * grad


def dropout(x, p, training=True, generator=None):
    if not training or p == 0:
        return x.clone()
    if p >= 1:
        return torch.zeros_like(x)
    keep = torch.rand(x.shape, generator=generator, device=x.device, dtype=x.dtype) >= p
    return x * keep / (1 - p)


def batch_norm(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    # Statistics are taken over every axis but the channel axis 1; gamma, beta and the running
    # statistics have shape (C,) and are broadcast as (1, C, 1, ...).
    dims = [d for d in range(x.dim()) if d != 1]
    view = [1, -1] + [1] * (x.dim() - 2)
    if training:
        mean = x.mean(dim=dims)
        var = ((x - mean.view(view)) ** 2).mean(dim=dims)  # biased: divide by n
        n = x.numel() // x.shape[1]
        with torch.no_grad():
            running_mean.mul_(1 - momentum).add_(momentum * mean.detach())
            running_var.mul_(1 - momentum).add_(momentum * var.detach() * n / (n - 1))
    else:
        mean, var = running_mean, running_var
    x_hat = (x - mean.view(view)) / torch.sqrt(var.view(view) + eps)
    return gamma.view(view) * x_hat + beta.view(view)
