"""Shared by the L1 and L2 update questions: one gradient step on a penalised loss.

Both questions use the checker's symbols w (the weight), eta (η), lam (λ), n (the number of
training examples) and g = ∂E/∂w (the gradient of the unpenalised loss). A form is a function
of those five, written the way the step is derived.
"""

from grader.bank.authoring import sign, symbols


def step(form):
    """A key or mistake function `p -> form(w, eta, lam, n, g)` (the questions have no parameters)."""

    def expression(p):
        return form(*symbols("w eta lam n g"))

    return expression


def l1_step(w, eta, lam, n, g):
    """w − η·∂/∂w[E + (λ/n)·Σ|w|]: L1 subtracts a constant amount towards 0."""
    return w - eta * g - eta * lam / n * sign(w)


def l2_step(w, eta, lam, n, g):
    """w − η·∂/∂w[E + (λ/2n)·Σw²]: L2 shrinks w by the factor (1 − ηλ/n)."""
    return (1 - eta * lam / n) * w - eta * g


def step_000(form):
    """A key or mistake function `p -> form(theta, eta, lam, rho, g)` for 000's penalties, written on θ:
    L′(θ) = L(θ) + λΣθ² (ridge) and λ[ρΣ|θ| + (1 − ρ)Σθ²] (elastic net); g = ∂L/∂θ."""

    def expression(p):
        return form(*symbols("theta eta lam rho g"))

    return expression


def ridge_000(theta, eta, lam, rho, g):
    """θ − η·∂/∂θ[L + λθ²] = (1 − 2ηλ)θ − ηg: no ½ in 000's penalty, so the 2 stays."""
    return (1 - 2 * eta * lam) * theta - eta * g


def elastic_net_000(theta, eta, lam, rho, g):
    """θ − η·(g + λρ·sign θ + 2λ(1 − ρ)θ)."""
    return theta - eta * (g + lam * rho * sign(theta) + 2 * lam * (1 - rho) * theta)
