"""Reference solutions: gradient-descent updates (SGD, momentum, Nesterov, Adagrad, RMSprop, Adam) and
exponential learning-rate decay.

The course notes' formulas (momentum m′ = γ·m + η·g, eps inside the square roots), Adam as
torch.optim.Adam. Basic tensor operations only: no torch.optim, nothing modified in place.
"""

import torch


def sgd_step(w, g, lr):
    return w - lr * g


def momentum_step(w, m, g, lr, gamma=0.9):
    m_new = gamma * m + lr * g
    return w - m_new, m_new


def nesterov_step(w, m, grad_fn, lr, gamma=0.9):
    g = grad_fn(w - gamma * m)  # the gradient at the look-ahead point
    m_new = gamma * m + lr * g
    return w - m_new, m_new


def adagrad_step(w, G, g, lr, eps=1e-8):
    G_new = G + g * g
    return w - lr * g / torch.sqrt(G_new + eps), G_new


def rmsprop_step(w, v, g, lr, alpha=0.9, eps=1e-8):
    v_new = alpha * v + (1 - alpha) * g * g
    return w - lr * g / torch.sqrt(v_new + eps), v_new


def adam_step(w, m, v, g, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    return w - lr * m_hat / (torch.sqrt(v_hat) + eps), m_new, v_new


def exponential_decay(lr0, decay_rate, step, decay_steps):
    return lr0 * decay_rate ** (step / decay_steps)
