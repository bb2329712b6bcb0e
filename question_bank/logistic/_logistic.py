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


def cross_entropy_b(s, x, y):
    """∂/∂b of the cross-entropy: ∂z/∂b = 1, so the error σ − y itself."""
    return s - y


def squared_error_b(s, x, y):
    """∂/∂b of ½(σ − y)²: (σ − y)·σ(1 − σ)."""
    return (s - y) * s * (1 - s)


# The label as the prompts state it (labels are 0 or 1; the symbolic checker evaluates over soft
# targets in (0, 1), which the prompts say the formula must cover).
LABEL = {
    "en": r"with label $y \in \{0, 1\}$ (give a formula that also holds for a soft target $y \in [0, 1]$)",
    "zh": r"（标签 $y \in \{0, 1\}$；所给公式对软标签 $y \in [0, 1]$ 也应成立）",
}
