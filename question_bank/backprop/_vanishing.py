"""Shared by the vanishing-gradient questions: the largest factor by which one sigmoid layer can
scale a backpropagated gradient when its weights satisfy |w| ≤ c: c·max σ′ = c/4."""

from fractions import Fraction

# Weight bounds c the questions draw (as fractions, so powers are exact).
BOUNDS = (Fraction(1), Fraction(1), Fraction(1, 2), Fraction(4, 5), Fraction(3, 2), Fraction(2), Fraction(3))
BOUND_VALUES = (0.5, 0.8, 1, 1.5, 2, 3)  # the same, as the prompt shows them (a parameter's OneOf)


def shown(c):
    """A bound as a plain int or float, the way the parameters hold it."""
    return int(c) if c.denominator == 1 else float(c)


def per_layer(c, slope=Fraction(1, 4)):
    """The largest |w·σ′(z)| for |w| ≤ c; `slope` is the derivative's maximum (σ′(0) = 1/4)."""
    return Fraction(c) * slope


# A jinja macro for explanations: `sci(v)` writes v to 3 significant figures, as a power of ten in
# LaTeX (2.38 \times 10^{-7}) when it is very small or large, trailing zeros kept (0.100).
SCI = (r'{% macro sci(v, digits=3) %}{% set parts = (("%." ~ (digits - 1) ~ "e")|format(v)).split("e") %}'
       r'{% if -3 <= parts[1]|int < 4 %}{{ ("%#." ~ digits ~ "g")|format(v) }}'
       r'{% else %}{{ parts[0] }} \times 10^{ {{ parts[1]|int }} }{% endif %}{% endmacro %}')
