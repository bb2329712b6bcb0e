"""Reference solutions: the perceptron learning rule and one backpropagation step of a two-layer
sigmoid network.

Basic tensor operations only: no torch.optim, and no autograd in `two_layer_backprop`.
"""

import torch


def perceptron_train(X, y, lr=1.0, epochs=100):
    w = torch.zeros(X.shape[1], dtype=X.dtype, device=X.device)
    b = torch.zeros((), dtype=X.dtype, device=X.device)
    for _ in range(epochs):
        mistakes = 0
        for i in range(X.shape[0]):
            prediction = 1.0 if float(X[i] @ w + b) > 0 else 0.0
            error = float(y[i]) - prediction  # -1, 0 or 1: no update on a correct prediction
            if error != 0:
                w = w + lr * error * X[i]
                b = b + lr * error
                mistakes += 1
        if mistakes == 0:
            break
    return w, b


def two_layer_backprop(x, target, W1, b1, W2, b2, lr):
    # Forward pass: h = σ(W1·x + b1), o = σ(W2·h + b2).
    h = torch.sigmoid(W1 @ x + b1)
    o = torch.sigmoid(W2 @ h + b2)
    # Backward pass for E = Σ ½(target − o)²: δ_o = ∂E/∂net_o, δ_h = ∂E/∂net_h, both with the OLD W2.
    delta_o = (o - target) * o * (1 - o)
    delta_h = (W2.T @ delta_o) * h * (1 - h)
    dW2 = torch.outer(delta_o, h)
    dW1 = torch.outer(delta_h, x)
    return W1 - lr * dW1, W2 - lr * dW2
