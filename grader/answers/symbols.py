"""The sympy symbols and functions that question keys and the answer parser share.

sympy is imported on first use only: listing the bank must stay fast.
"""

from __future__ import annotations

from typing import Any


def symbol(name: str) -> Any:
    """The sympy symbol a question and the answer parser agree on for `name` (real-valued)."""
    import sympy

    return sympy.Symbol(name, real=True)


def sigmoid(z: Any) -> Any:
    """σ(z) as a sympy expression, for keys and mistakes of symbolic questions."""
    import sympy

    return 1 / (1 + sympy.exp(-z))
