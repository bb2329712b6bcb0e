"""What a student typed, normalised once for every answer kind, before any checker reads it.

Students copy answers from textbooks (math-italic 𝑒, 𝜎), phone keyboards (full-width １, ｚ, the
ideographic full stop 。), word processors (no-break and thin spaces, the Unicode hyphen ‐, the
minus sign −) and LaTeX editors. `normalise` maps all of these to the plain characters the
checkers read, and keeps, for every character of the result, the position it came from, so an
error still points into what the student typed.

Order matters: superscripts (`e⁻¹`, `x²`) and vulgar fractions (`½`) are rewritten *before* NFKC,
which would otherwise turn `e⁻¹` into `e-1` and `2½` into `21⁄2`; other decimal digits (Arabic-Indic
٣) become ASCII; then NFKC folds compatibility forms (full-width, math alphanumerics, spaces) and
a small table unifies dashes, minus signs and slashes. A trailing sentence mark (`。`, or `.` that
does not end a number) is dropped.

Pure: no sympy, so the choice and numeric checkers stay light.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

__all__ = ["Normalised", "normalise", "normalise_text"]

SUPERSCRIPTS = {
    "\u2070": "0", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2074": "4", "\u2075": "5", "\u2076": "6",
    "\u2077": "7", "\u2078": "8", "\u2079": "9", "\u207a": "+", "\u207b": "-", "\u207c": "=", "\u207d": "(",
    "\u207e": ")", "\u207f": "n", "\u2071": "i",
}

# After NFKC: the many dashes and minus signs, slashes, and invisible operators copied from MathML.
_TRANSLATE = str.maketrans({
    "\u2010": "-",  # HYPHEN (NFKC keeps it)
    "\u2012": "-",  # FIGURE DASH
    "\u2013": "-",  # EN DASH
    "\u2212": "-",  # MINUS SIGN
    "\u2796": "-",  # HEAVY MINUS SIGN
    "\u2044": "/",  # FRACTION SLASH
    "\u2215": "/",  # DIVISION SLASH
    "\u2061": "",   # FUNCTION APPLICATION (MathML's sin⁡x)
    "\u2062": " ",  # INVISIBLE TIMES: juxtaposition, which already multiplies
    "\u2063": ",",  # INVISIBLE SEPARATOR
    "\u2064": "+",  # INVISIBLE PLUS (MathML's 2⁤¾)
})
# Invisible characters that `_TRANSLATE` gives a meaning: checkers that refuse format characters
# let these through.
INVISIBLE_OPERATORS = frozenset("\u2061\u2062\u2063\u2064")

_SENTENCE_END = "\u3002"  # 。 (full-width ．and halfwidth ｡ fold to . and 。 under NFKC)


class Normalised(NamedTuple):
    """The normalised text and, for each of its characters (plus one past the end), the index of
    the character of the original text it came from."""

    text: str
    origin: tuple[int, ...]

    def position(self, index: int) -> int:
        """The original position of normalised position `index`."""
        return self.origin[min(max(index, 0), len(self.origin) - 1)]


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


def normalise(text: str) -> Normalised:
    """`text` with compatibility characters folded (see the module doc), and where each came from."""
    out: list[str] = []
    origin: list[int] = []

    def emit(piece: str, at: int) -> None:
        out.append(piece)
        origin.extend([at] * len(piece))

    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in SUPERSCRIPTS:  # a run of superscripts is one exponent: x⁻¹² is x^(-12)
            j = i
            while j < n and text[j] in SUPERSCRIPTS:
                j += 1
            emit("^(" + "".join(SUPERSCRIPTS[c] for c in text[i:j]) + ")", i)
            i = j
            continue
        j = i + 1
        while j < n and _is_mark(text[j]):  # a letter with its combining marks: y + ̂ is ŷ
            j += 1
        chunk = text[i:j]
        if unicodedata.decomposition(ch).startswith("<fraction>"):  # ½ is (1/2), so 2½ is not 21/2
            fraction = unicodedata.normalize("NFKC", ch).translate(_TRANSLATE)
            joined = "".join(out)
            digits = len(joined) - len(joined.rstrip("0123456789."))
            if digits:  # a mixed number: 2½ is (2+1/2)
                at = origin[len(joined) - digits]
                out[:] = [joined[:-digits], "(", joined[-digits:]]
                origin.insert(len(joined) - digits, at)
                emit("+" + fraction + ")", i)
            else:
                emit("(" + fraction + ")", i)
        elif not ch.isascii() and unicodedata.category(ch) == "Nd":  # ٣ and other decimal digits
            emit(str(unicodedata.digit(ch)), i)
        else:
            emit(unicodedata.normalize("NFKC", chunk).translate(_TRANSLATE), i)
        i = j
    result = "".join(out)
    origin.append(n)
    # Drop trailing spaces and one trailing sentence mark ("1/e。", "x."; not the "." of "3.").
    end = len(result.rstrip())
    if end and (result[end - 1] == _SENTENCE_END or
                (result[end - 1] == "." and (end == 1 or not result[end - 2].isdigit()))):
        end = len(result[:end - 1].rstrip())
    if end < len(result):
        result, origin = result[:end], [*origin[:end], n]
    return Normalised(result, tuple(origin))


def normalise_text(text: str) -> str:
    """`normalise(text).text` with leading spaces removed: the answer as the checkers read it."""
    return normalise(text).text.lstrip()
