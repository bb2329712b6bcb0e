"""grader.answers.text: what students copy from textbooks, phones and LaTeX editors, normalised once."""

import pytest

from grader.answers.text import normalise, normalise_text


@pytest.mark.parametrize("typed, read", [
    ("１６", "16"),                       # full-width digits (CJK input methods)
    ("σ(ｚ)(１-σ(ｚ))", "σ(z)(1-σ(z))"),  # full-width letters and digits
    ("𝑒^{-1}", "e^{-1}"),                # math italic e (U+1D452)
    ("𝜎(z)", "σ(z)"),                     # math italic sigma (U+1D70E)
    ("ℯ", "e"),                           # script e
    ("x\u00a0+\u2009y\u202f-\u2002z", "x + y - z"),  # no-break, thin, narrow no-break, en spaces
    ("1\u20102", "1-2"),                 # HYPHEN
    ("1\u20112", "1-2"),                 # NON-BREAKING HYPHEN
    ("1\ufe632", "1-2"),                 # SMALL HYPHEN-MINUS
    ("1\uff0d2", "1-2"),                 # FULLWIDTH HYPHEN-MINUS
    ("1\u22122", "1-2"),                 # MINUS SIGN
    ("1\u20132", "1-2"),                 # EN DASH
    ("1\u22152", "1/2"),                 # DIVISION SLASH
    ("e⁻¹", "e^(-1)"),                    # superscripts are an exponent, not "e-1" as NFKC alone would read them
    ("x²+x³", "x^(2)+x^(3)"),
    ("x⁻¹²", "x^(-12)"),
    ("½x", "(1/2)x"),
    ("2½", "(2+1/2)"),                    # a mixed number, not 21/2
    ("٣", "3"),                           # Arabic-Indic digit
    ("sin\u2061x", "sinx"),              # MathML FUNCTION APPLICATION
    ("2\u2062x", "2 x"),                 # MathML INVISIBLE TIMES
    ("1/e。", "1/e"),                     # a trailing ideographic full stop
    ("1/e．", "1/e"),                     # a trailing full-width full stop
    ("x.", "x"),                          # a sentence's full stop...
    ("3.", "3."),                         # ...but not the point of a number
    ("  x  ", "x"),
    ("y\u0302", "ŷ"),                     # y + COMBINING CIRCUMFLEX composes
])
def test_normalise(typed, read):
    assert normalise_text(typed) == read


def test_positions_map_back_to_what_was_typed():
    typed = "e⁻¹+ｚ"
    result = normalise(typed)
    assert result.text == "e^(-1)+z"
    assert result.position(result.text.index("+")) == typed.index("+")
    assert result.position(result.text.index("z")) == typed.index("ｚ")
    assert result.position(len(result.text)) == len(typed)


def test_expansion_is_bounded_by_the_callers_raw_length_check():
    # NFKC expands U+FDFA to 18 characters: callers check the raw length first (see test_symbolic).
    assert len(normalise("\ufdfa").text) == 18
