"""Shared by the logistic-unit questions: the unit σ(wx + b) and the gradient forms both use.

A form is a function of (σ, x, y), with σ = σ(wx + b) over the checker's symbols w, x, b, y; the
cross-entropy gradient of one question is the squared-error question's classic mistake and the
other way round.
"""

from grader.bank.authoring import sigmoid, symbols


def gradient(form):
    """A key or mistake function `p -> form(σ, x, y)` (the logistic questions have no parameters)."""

    def expression(p):
        w, x, b, y = symbols("w x b y")
        return form(sigmoid(w * x + b), x, y)

    return expression


def cross_entropy(s, x, y):
    """∂/∂w of −[y log σ + (1 − y) log(1 − σ)]: σ′ cancels."""
    return (s - y) * x


def squared_error(s, x, y):
    """∂/∂w of ½(σ − y)²: the σ′ = σ(1 − σ) factor stays."""
    return (s - y) * s * (1 - s) * x
