"""A small, closed parser for student formulas: plain syntax and everyday LaTeX, one grammar.

Why not sympy's parsers: `parse_expr` / `sympify` run `eval` on the text, and the LaTeX parser
misreads the course's notation (`\\sigma(z)`, `\\operatorname{sgn}`, `e`). Here the text is
tokenised by hand, every token kind is whitelisted, names resolve only to the question's declared
symbols, a fixed table of functions and `e`/`pi`, and the sympy expression is built by this
module's own recursive-descent walk. Nothing from the answer is ever executed or looked up by name
in Python's namespaces.

Grammar (precedence low to high; implicit multiplication binds like `*`):

    sum     := term (("+" | "-") term)*
    term    := unary (("*" | "/") unary | <juxtaposed> power)*
    unary   := ("+" | "-") unary | power
    power   := primary ("^" unary)?                       right-associative: a^b^c = a^(b^c)
    primary := number | symbol | constant | group | "|" sum "|"
             | function ["^" exponent] (call | brace-group | tight-product)
             | \\frac group group | \\sqrt ["[" sum "]"] operand

LaTeX is not translated to text first: `\\frac`, `\\left(`, `\\cdot`, `\\operatorname{sgn}`, `{...}`
are tokens of the same grammar, so error positions point into what the student typed. TeX's
one-token arguments are read as TeX reads them: `\\frac1e` is 1/e, `\\frac14` is 1/4, `\\frac z2`
is z/2, `\\sqrt2x` is √2·x, `\\mathrm e` is e. `\\hat{y}`, `\\hat y` and `ŷ` are the name `y_hat`.

Before tokenizing, the text is normalised (`grader.answers.text`: NFKC, superscripts, dashes,
spaces) after the length check on the raw text; positions in messages still count characters of
what the student typed.

Limits keep every parse cheap and every built constant small: input length, nesting depth,
integer literal digits, constant exponents (|p| <= 1000) and the size of exact constants.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

from grader.answers.settings import FUNCTIONS as FUNCTION_NAMES
from grader.answers.symbols import sigmoid, symbol
from grader.answers.text import INVISIBLE_OPERATORS, normalise
from grader.errors import InvalidAnswer, Message
from grader.i18n import N_

MAX_LENGTH = 2000
MAX_DEPTH = 60
MAX_INT_DIGITS = 40
MAX_EXPONENT = 1000
MAX_CONSTANT_BITS = 64_000  # ~19000 decimal digits: (1-1/1000)^1000 fits, exactly, in microseconds

UNEVALUATED_MESSAGE = N_("give the result, not the derivative/limit to take")


class UnevaluatedAnswer(InvalidAnswer):
    """The answer restates the task (`diff(...)`, `Derivative`, `\\partial`, `\\lim`, a prime)."""


# ---------------------------------------------------------------------------------------------
# Vocabulary: one table each for Greek letters, symbol aliases, functions and constants.

GREEK_LETTERS: dict[str, str] = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma",
    "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}
GREEK_NAMES = frozenset(GREEK_LETTERS.values()) | {"varepsilon", "vartheta", "varphi", "varrho"}

# Names that mean the same symbol. A question declares one spelling (usually the first: `lam`,
# because `lambda` is a Python keyword) and students may type any of them, or the Greek letter.
ALIAS_GROUPS: tuple[tuple[str, ...], ...] = (
    ("lam", "lambda", "lamda", "lmbda"),
    ("eps", "epsilon", "varepsilon"),
    ("theta", "vartheta"),
    ("phi", "varphi"),
    ("rho", "varrho"),
)
_ALIASES: dict[str, tuple[str, ...]] = {name: group for group in ALIAS_GROUPS for name in group}


def _relu(x: sympy.Expr) -> sympy.Expr:
    return sympy.Max(0, x)


def _softplus(x: sympy.Expr) -> sympy.Expr:
    return sympy.log(1 + sympy.exp(x))


# spelling -> (canonical name, builder, minimum args, maximum args); canonical names are the ones
# questions admit by (grader.answers.settings.FUNCTIONS).
FUNCTIONS: dict[str, tuple[str, Callable[..., sympy.Expr], int, int]] = {}
for _names, _builder, _lo, _hi in (
    (("exp",), sympy.exp, 1, 1),
    (("log", "ln"), sympy.log, 1, 1),
    (("sqrt",), sympy.sqrt, 1, 1),
    (("abs", "Abs"), sympy.Abs, 1, 1),
    (("sign", "sgn", "Sign", "Sgn"), sympy.sign, 1, 1),
    (("sigmoid", "sigma", "Sigmoid", "logistic"), sigmoid, 1, 1),
    (("sin",), sympy.sin, 1, 1),
    (("cos",), sympy.cos, 1, 1),
    (("tan",), sympy.tan, 1, 1),
    (("sec",), sympy.sec, 1, 1),
    (("csc", "cosec"), sympy.csc, 1, 1),
    (("cot",), sympy.cot, 1, 1),
    (("sinh",), sympy.sinh, 1, 1),
    (("cosh",), sympy.cosh, 1, 1),
    (("tanh",), sympy.tanh, 1, 1),
    (("sech",), sympy.sech, 1, 1),
    (("csch", "cosech"), sympy.csch, 1, 1),
    (("coth",), sympy.coth, 1, 1),
    (("asin", "arcsin"), sympy.asin, 1, 1),
    (("acos", "arccos"), sympy.acos, 1, 1),
    (("atan", "arctan"), sympy.atan, 1, 1),
    (("max", "Max"), sympy.Max, 2, 16),
    (("min", "Min"), sympy.Min, 2, 16),
    (("relu", "ReLU", "Relu"), _relu, 1, 1),
    (("softplus",), _softplus, 1, 1),
    (("heaviside", "Heaviside", "step"), sympy.Heaviside, 1, 1),
):
    for _name in _names:
        FUNCTIONS[_name] = (_names[0], _builder, _lo, _hi)
assert {canonical for canonical, *_ in FUNCTIONS.values()} == set(FUNCTION_NAMES)

CONSTANTS: dict[str, sympy.Expr] = {"e": sympy.E, "E": sympy.E, "pi": sympy.pi}

_UNEVALUATED_NAMES = frozenset({
    "diff", "Diff", "Derivative", "derivative", "deriv", "limit", "Limit", "lim", "integrate",
    "Integral", "integral", "Subs", "grad", "gradient", "partial", "nabla", "int", "iint", "oint",
    "prime",
})
_FACTORIAL_NAMES = frozenset({"factorial", "factorial2", "fact", "binomial", "Gamma", "gamma_fn",
                              "loggamma", "subfactorial", "ff", "rf"})

# LaTeX commands that only affect spacing or delimiter size.
_LATEX_IGNORED = frozenset({
    "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
    "biggr", "Biggl", "Biggr", "displaystyle", "textstyle", "quad", "qquad", "limits", "nolimits",
})
_LATEX_WORD_WRAPPERS = frozenset({"operatorname", "text", "mathrm", "textrm", "mathit", "rm",
                                  "mbox", "textit", "mathsf", "mathnormal"})
_LATEX_FUNCTIONS = frozenset({"exp", "ln", "log", "sin", "cos", "tan", "sec", "csc", "cot", "sinh", "cosh", "tanh",
                              "coth", "sech", "csch", "arcsin", "arccos", "arctan", "max", "min", "sgn"})
_LATEX_OPERATORS = {"cdot": "*", "cdotp": "*", "times": "*", "ast": "*", "div": "/"}
_LATEX_FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
_LATEX_HATS = frozenset({"hat", "widehat"})
_LATEX_BARS = frozenset({"mid", "vert", "lvert", "rvert"})

# Dashes, minus signs and slashes are unified by grader.answers.text.normalise before this table.
_CHAR_OPERATORS = {
    "+": "+", "-": "-", "*": "*", "\u00b7": "*", "\u22c5": "*", "\u00d7": "*", "\u2217": "*", "\u2219": "*",
    "/": "/", "\u00f7": "/", "^": "^", ",": ",",
}
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = frozenset(_OPENERS.values())
_COMBINING_HAT = "\u0302"
_FORBIDDEN_CHARS = {
    "'": UNEVALUATED_MESSAGE, "\u2032": UNEVALUATED_MESSAGE, "\u2202": UNEVALUATED_MESSAGE,
    "\u222b": UNEVALUATED_MESSAGE, "\u2207": UNEVALUATED_MESSAGE,
    "!": N_("factorials are not accepted in answers"),
    "=": N_("give only the expression, not an equation"),
    "<": N_("give only the expression, not a comparison"),
    ">": N_("give only the expression, not a comparison"),
}


def _fail(message: str, position: int | None, **fields: Any) -> InvalidAnswer:
    """`message`: an English template marked with N_, filled with `fields` when it is written out."""
    return InvalidAnswer(message, position=position, **fields)


def _unevaluated(position: int | None) -> UnevaluatedAnswer:
    return UnevaluatedAnswer(UNEVALUATED_MESSAGE, position=position)


def describe_char(ch: str) -> Message:
    """`'😀' (U+1F600 GRINNING FACE)`: what a student needs to find an odd character."""
    name = unicodedata.name(ch, "")
    code = f"U+{ord(ch):04X}" + (f" {name}" if name else "")
    if ch == "\x00":
        return Message(N_("a NUL byte ({code})"), code=code)
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return Message(N_("an invisible control character ({code})"), code=code)
    return Message(N_("'{char}' ({code})"), char=ch, code=code)


# ---------------------------------------------------------------------------------------------
# Tokens


@dataclass
class Token:
    kind: str  # NUM IDENT OP OPEN CLOSE BAR FRAC SQRT END; after resolution SYM CONST FUNC
    text: str
    pos: int
    value: Any = None


def tokenize(text: str) -> list[Token]:
    """Split (normalised) `text` into tokens, mapping unicode and LaTeX spellings to one vocabulary.
    Positions are indices into `text`."""
    tokens: list[Token] = []
    _tokenize_into(text, 0, len(text), tokens, 0)
    tokens.append(Token("END", "", len(text)))
    return tokens


def _tokenize_into(text: str, i: int, n: int, tokens: list[Token], depth: int) -> int:
    """Tokenize text[i:n] into `tokens`; `depth` counts nested TeX arguments (see `_tex_argument`)."""
    if depth > MAX_DEPTH:
        raise _fail(N_("the answer is nested too deeply (more than {limit} levels)"), i, limit=MAX_DEPTH)
    while i < n:
        ch = text[i]
        if ch in " \t\r\n$~":
            i += 1
        elif (ch.isascii() and ch.isdigit()) or (ch == "." and i + 1 < n and text[i + 1].isascii()
                                                   and text[i + 1].isdigit()):
            j = i
            while j < n and text[j].isascii() and text[j].isdigit():
                j += 1
            if j < n and text[j] == ".":
                j += 1
                while j < n and text[j].isascii() and text[j].isdigit():
                    j += 1
            tokens.append(Token("NUM", text[i:j], i))
            i = j
        elif ch.isascii() and ch.isalpha():
            j = i + 1
            while j < n and text[j].isascii() and (text[j].isalnum() or (text[j] == "_" and j + 1 < n
                                                    and text[j + 1].isascii() and text[j + 1].isalnum())):
                j += 1
            name = text[i:j]
            if j + 1 < n and text.startswith("_{", j):  # LaTeX subscript w_{t}: part of the name
                close = text.find("}", j, n)
                sub = text[j + 2:close] if close > 0 else ""
                if not sub.isascii() or not sub.isalnum():
                    raise _fail(N_("a subscript must be letters or digits, like w_{{1}}"), j)
                name, j = f"{name}_{sub}", close + 1
            if j < n and text[j] == _COMBINING_HAT:  # x̂ typed with a combining circumflex
                name, j = f"{name}_hat", j + 1
            tokens.append(Token("IDENT", name, i))
            i = j
        elif ch == "\\":
            i = _latex_command(text, i, n, tokens, depth)
        elif ch in GREEK_LETTERS:
            tokens.append(Token("IDENT", GREEK_LETTERS[ch], i))
            i += 1
        elif ch == "*" and text.startswith("**", i):
            tokens.append(Token("OP", "^", i))
            i += 2
        elif ch in _CHAR_OPERATORS:
            tokens.append(Token("OP", _CHAR_OPERATORS[ch], i))
            i += 1
        elif ch in _OPENERS:
            tokens.append(Token("OPEN", ch, i))
            i += 1
        elif ch in _CLOSERS:
            tokens.append(Token("CLOSE", ch, i))
            i += 1
        elif ch == "|":
            tokens.append(Token("BAR", "|", i))
            i += 1
        elif ch == "\u221a":  # √
            tokens.append(Token("IDENT", "sqrt", i))
            i += 1
        elif ch in _FORBIDDEN_CHARS:
            message = _FORBIDDEN_CHARS[ch]
            if message == UNEVALUATED_MESSAGE:
                raise _unevaluated(i)
            raise _fail(message, i)
        elif ch == "_":
            raise _fail(N_("unexpected '_' (names cannot start with '_')"), i)
        elif (hatted := _hatted_letter(ch)) is not None:  # ŷ: y with a circumflex, precomposed
            tokens.append(Token("IDENT", f"{hatted}_hat", i))
            i += 1
        else:
            raise _fail(N_("unexpected character {char}"), i, char=describe_char(ch))
    return i


def _hatted_letter(ch: str) -> str | None:
    decomposed = unicodedata.normalize("NFD", ch)
    if len(decomposed) == 2 and decomposed[1] == _COMBINING_HAT and decomposed[0].isascii() \
            and decomposed[0].isalpha():
        return decomposed[0]
    return None


def _skip_spaces(text: str, k: int, n: int) -> int:
    while k < n and text[k] in " \t\r\n":
        k += 1
    return k


def _matching_brace(text: str, k: int, n: int) -> int:
    """The index of the '}' closing the '{' at text[k], or -1 (`\\{` and `\\}` count as braces, as
    the tokenizer reads them)."""
    depth = 0
    for index in range(k, n):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return -1


def _tex_argument(text: str, k: int, n: int, tokens: list[Token], depth: int) -> int:
    """Read one TeX argument at text[k] as a `{...}` group of tokens: a braced group, one control
    sequence (`\\frac\\pi2`), or one character (`\\frac14` is \\frac{1}{4}). Returns the next index."""
    k = _skip_spaces(text, k, n)
    if k >= n:
        return k  # the parser says what is missing
    if text[k] == "{":
        close = _matching_brace(text, k, n)
        if close < 0:
            return k  # tokenized as it stands; the parser reports the unclosed brace
        tokens.append(Token("OPEN", "{", k))
        _tokenize_into(text, k + 1, close, tokens, depth + 1)
        tokens.append(Token("CLOSE", "}", close))
        return close + 1
    tokens.append(Token("OPEN", "{", k))
    if text[k] == "\\":
        after = _latex_command(text, k, n, tokens, depth + 1)
    else:
        after = _tokenize_into(text, k, k + 1, tokens, depth + 1)
    tokens.append(Token("CLOSE", "}", max(k, after - 1)))
    return after


def _latex_command(text: str, i: int, n: int, tokens: list[Token], depth: int) -> int:
    """Read one LaTeX control sequence at text[i] == '\\'; append its tokens; return the next index."""
    if i + 1 >= n:
        raise _fail(N_("a lone '\\' at the end"), i)
    nxt = text[i + 1]
    if not (nxt.isascii() and nxt.isalpha()):
        if nxt in ",;:! ()[]":  # thin spaces and \( \) \[ \] math delimiters
            return i + 2
        if nxt in "{}":
            tokens.append(Token("OPEN" if nxt == "{" else "CLOSE", nxt, i))
            return i + 2
        if nxt == "|":
            raise _fail(N_("norms \\| \\| are not accepted; use abs(...) or |...|"), i)
        raise _fail(N_("unexpected LaTeX sequence '{sequence}'"), i, sequence="\\" + nxt)
    j = i + 1
    while j < n and text[j].isascii() and text[j].isalpha():
        j += 1
    name = text[i + 1:j]
    if name in _LATEX_IGNORED:
        if name in ("left", "right"):  # \left. and \right. are invisible delimiters
            k = _skip_spaces(text, j, n)
            if k < n and text[k] == ".":
                return k + 1
        return j
    if name in _LATEX_OPERATORS:
        tokens.append(Token("OP", _LATEX_OPERATORS[name], i))
    elif name in _LATEX_FRACTIONS:
        tokens.append(Token("FRAC", name, i))
        j = _tex_argument(text, j, n, tokens, depth)
        return _tex_argument(text, j, n, tokens, depth)
    elif name == "sqrt":
        tokens.append(Token("SQRT", name, i))
        k = _skip_spaces(text, j, n)
        if k < n and text[k] not in "{[":  # \sqrt2: one token, as TeX reads it
            return _tex_argument(text, k, n, tokens, depth)
    elif name in _LATEX_BARS:
        tokens.append(Token("BAR", "|", i))
    elif name in ("lbrace", "rbrace"):
        tokens.append(Token("OPEN" if name == "lbrace" else "CLOSE", "{" if name == "lbrace" else "}", i))
    elif name in _LATEX_WORD_WRAPPERS or name in _LATEX_HATS:
        word, end = _tex_word(text, j, n, name)
        tokens.append(Token("IDENT", f"{word}_hat" if name in _LATEX_HATS else word, i))
        return end
    elif name in _LATEX_FUNCTIONS or name in GREEK_NAMES:
        tokens.append(Token("IDENT", name, i))
    elif name in _UNEVALUATED_NAMES:
        raise _unevaluated(i)
    elif name in ("sum", "prod"):
        raise _fail(N_("{command} is not accepted; write the terms out"), i, command="\\" + name)
    elif name in ("infty", "infinity"):
        raise _fail(N_("infinity is not accepted in answers"), i)
    else:
        raise _fail(N_("unknown LaTeX command {command}"), i, command="\\" + name)
    return j


def _tex_word(text: str, j: int, n: int, command: str) -> tuple[str, int]:
    """The name in `\\mathrm{sgn}` or `\\hat{y}`, or the one letter in `\\mathrm e` / `\\hat y`, and
    the index after it."""
    k = _skip_spaces(text, j, n)
    if k < n and text[k].isascii() and text[k].isalpha():
        return text[k], k + 1
    close = text.find("}", k)
    if k >= n or text[k] != "{" or close < 0:
        raise _fail(N_("expected '{{' after {command}"), j, command="\\" + command)
    word = text[k + 1:close].strip()
    if not word or not word.isascii() or not word.isalpha():
        example = "\\hat{y}" if command in _LATEX_HATS else "\\operatorname{sgn}"
        raise _fail(N_("{command}{{...}} must contain a single name, as in {example}"), k, command="\\" + command,
                    example=example)
    return word, close + 1


# ---------------------------------------------------------------------------------------------
# Name resolution


_HAT_NAME = re.compile(r"([A-Za-z]+?)_?hat|hat_?([A-Za-z]+)")


def _hat_spellings(name: str) -> tuple[str, ...]:
    """`y_hat`, `yhat`, `hat_y`, `haty`: the spellings of one hatted name (the tokenizer writes
    `\\hat{y}` and `ŷ` as `y_hat`)."""
    match = _HAT_NAME.fullmatch(name)
    if match is None:
        return ()
    base = match.group(1) or match.group(2)
    return (f"{base}_hat", f"{base}hat", f"hat_{base}", f"hat{base}")


class _Names:
    """What identifiers mean for one question: its declared symbols, the abbreviations it defines,
    their aliases, functions, e, pi."""

    def __init__(self, declared: Collection[str], defined: Mapping[str, sympy.Expr] | None = None) -> None:
        self.declared = sorted(set(declared))
        self.defined = dict(defined or {})
        self._lookup: dict[str, str] = {}
        names = [*self.declared, *sorted(self.defined)]
        for name in names:
            self._lookup[name] = name
        for name in names:
            for alias in (*_ALIASES.get(name, ()), *_hat_spellings(name)):
                self._lookup.setdefault(alias, name)

    def resolve(self, name: str) -> Token | None:
        """The single meaning of a whole identifier, or None."""
        if name in self._lookup:
            canonical = self._lookup[name]
            value = self.defined[canonical] if canonical in self.defined else symbol(canonical)
            return Token("SYM", name, -1, value)
        if name in FUNCTIONS:
            return Token("FUNC", name, -1, FUNCTIONS[name])
        if name in CONSTANTS:
            return Token("CONST", name, -1, CONSTANTS[name])
        return None

    def split(self, name: str) -> list[Token] | None:
        """Read a run of letters such as `wx` or `etag` as juxtaposed names (fewest pieces wins)."""
        if not name.isalpha() or len(name) > 64:
            return None
        best: list[list[Token] | None] = [None] * (len(name) + 1)
        best[0] = []
        for end in range(1, len(name) + 1):
            for start in range(end):
                head = best[start]
                if head is None:
                    continue
                piece = self.resolve(name[start:end])
                if piece is None:
                    continue
                candidate = [*head, Token(piece.kind, name[start:end], start, piece.value)]
                if best[end] is None or len(candidate) < len(best[end]):  # type: ignore[arg-type]
                    best[end] = candidate
        return best[-1]

    def describe_allowed(self) -> Message:
        if not self.declared and not self.defined:
            return Message(N_("this question uses no symbols"))
        parts = []
        for name in [*self.declared, *sorted(self.defined)]:
            spellings = [a for a in _ALIASES.get(name, ()) if a != name]
            greek = [ch for ch, g in GREEK_LETTERS.items() if g == name or g in spellings]
            extra = greek[:1] + spellings[:1]
            parts.append(f"{name} ({', '.join(extra)})" if extra else name)
        return Message(N_("this question's symbols are {names}"), names=", ".join(parts))


def resolve_tokens(tokens: list[Token], names: _Names) -> list[Token]:
    """Replace each IDENT by SYM / CONST / FUNC tokens, or fail naming the unknown word."""
    out: list[Token] = []
    for tok in tokens:
        if tok.kind != "IDENT":
            out.append(tok)
            continue
        whole = names.resolve(tok.text)
        if whole is not None:
            out.append(Token(whole.kind, tok.text, tok.pos, whole.value))
            continue
        if tok.text in _UNEVALUATED_NAMES:
            raise _unevaluated(tok.pos)
        if tok.text in _FACTORIAL_NAMES:
            raise _fail(N_("factorials and related functions are not accepted in answers"), tok.pos)
        pieces = names.split(tok.text)
        if pieces is None and (tok.text == "d" or (tok.text[:1] == "d" and names.resolve(tok.text[1:]))):
            raise _unevaluated(tok.pos)  # d/dx, \frac{d}{dz}: a derivative still to take
        if pieces is None:
            shown = tok.text if len(tok.text) <= 30 else tok.text[:30] + "…"
            raise _fail(N_("unknown symbol '{name}'; {allowed}"), tok.pos, name=shown, allowed=names.describe_allowed())
        for piece in pieces:
            out.append(Token(piece.kind, piece.text, tok.pos + piece.pos, piece.value))
    return out


# ---------------------------------------------------------------------------------------------
# Parser and builder


def _check_constant(value: sympy.Expr, position: int) -> sympy.Expr:
    """Refuse exact constants so large that printing or evaluating them would be the slow part."""
    coeff = value if value.is_Number else value.as_coeff_Mul()[0] if value.is_Mul else None
    if coeff is not None and coeff.is_Rational and \
            max(int(coeff.p).bit_length(), int(coeff.q).bit_length()) > MAX_CONSTANT_BITS:
        raise _fail(N_("a number in this answer is too large"), position)
    return value


_OPERAND_START = frozenset({"NUM", "SYM", "CONST", "FUNC", "OPEN", "FRAC", "SQRT"})


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0
        self.bars = 0  # open |...| at the current parenthesis level
        self.notes: list[Message] = []  # readings worth pointing out when the answer turns out wrong
        self.functions: dict[str, int] = {}  # canonical function name -> position of its first use
        self.decimal_at: int | None = None  # position of the first number written with a decimal point

    # -- helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _fail(N_("the answer is nested too deeply (more than {limit} levels)"), pos, limit=MAX_DEPTH)

    def leave(self) -> None:
        self.depth -= 1

    def unexpected(self) -> InvalidAnswer:
        tok = self.tok
        if tok.kind == "END":
            return _fail(N_("the answer ends too early"), tok.pos)
        shown = {"OPEN": tok.text, "CLOSE": tok.text, "BAR": "|", "FRAC": "\\frac", "SQRT": "\\sqrt"}
        return _fail(N_("unexpected '{token}'"), tok.pos, token=shown.get(tok.kind, tok.text))

    # -- grammar
    def parse(self) -> sympy.Expr:
        if self.tok.kind == "END":
            raise _fail(N_("the answer is empty"), 0)
        expr = self.sum()
        if self.tok.kind != "END":
            if self.tok.kind == "CLOSE":
                raise _fail(N_("unmatched '{token}'"), self.tok.pos, token=self.tok.text)
            raise self.unexpected()
        return expr

    def sum(self) -> sympy.Expr:
        left = self.term()
        while self.tok.kind == "OP" and self.tok.text in "+-":
            op = self.advance()
            right = self.term()
            left = _check_constant(left + right if op.text == "+" else left - right, op.pos)
        return left

    def starts_operand(self) -> bool:
        kind = self.tok.kind
        return kind in _OPERAND_START or (kind == "BAR" and self.bars == 0)

    def term(self) -> sympy.Expr:
        left = self.unary()
        while True:
            tok = self.tok
            if tok.kind == "OP" and tok.text in "*/":
                self.advance()
                right = self.unary()
                if tok.text == "/" and right == 0:
                    raise _fail(N_("division by zero"), tok.pos)
                if tok.text == "/" and self.starts_operand() and self.tokens[self.i - 1].kind != "CLOSE":
                    self.note(Message(N_("'/' at character {position} divides only by what follows it up to the "
                                         "next factor (1/2x is x/2); put a longer denominator in brackets: 1/(2x)"),
                                      position=tok.pos + 1))
                left = left * right if tok.text == "*" else left / right
            elif self.starts_operand():
                if tok.kind == "NUM" and self.tokens[self.i - 1].kind == "NUM":
                    raise _fail(N_("two numbers in a row; write * between them"), tok.pos)
                left = left * self.power()
            else:
                return left
            left = _check_constant(left, tok.pos)

    def unary(self) -> sympy.Expr:
        tok = self.tok
        if tok.kind == "OP" and tok.text in "+-":
            self.advance()
            self.enter(tok.pos)
            operand = self.unary()
            self.leave()
            return -operand if tok.text == "-" else operand
        return self.power()

    def power(self) -> sympy.Expr:
        base = self.primary()
        if self.tok.kind == "OP" and self.tok.text == "^":
            op = self.advance()
            bracketed = self.tok.kind == "OPEN"
            self.enter(op.pos)
            exponent = self.unary()
            self.leave()
            if not bracketed and self.starts_operand():
                self.note(Message(N_("the exponent after '^' at character {position} ends before the next factor "
                                     "(e^-wx is e^(-w)·x); put a longer exponent in brackets: e^(-wx)"),
                                  position=op.pos + 1))
            return _power(base, exponent, op.pos)
        return base

    def note(self, text: Message) -> None:
        if text not in self.notes and len(self.notes) < 3:
            self.notes.append(text)

    def primary(self) -> sympy.Expr:
        tok = self.tok
        if tok.kind == "NUM":
            self.advance()
            if "." in tok.text and self.decimal_at is None:
                self.decimal_at = tok.pos
            return _number(tok)
        if tok.kind in ("SYM", "CONST"):
            self.advance()
            return tok.value
        self.enter(tok.pos)
        try:
            if tok.kind == "OPEN":
                return self.group()
            if tok.kind == "BAR":
                return self.bars_abs()
            if tok.kind == "FUNC":
                return self.function()
            if tok.kind == "FRAC":
                self.advance()
                numerator = self.braced()
                denominator = self.braced()
                if denominator == 0:
                    raise _fail(N_("division by zero"), tok.pos)
                return _check_constant(numerator / denominator, tok.pos)
            if tok.kind == "SQRT":
                self.advance()
                self.functions.setdefault("sqrt", tok.pos)
                index = None
                if self.tok.kind == "OPEN" and self.tok.text == "[":
                    index = self.group()
                radicand = self.group() if self.tok.kind == "OPEN" else self.power()
                return sympy.sqrt(radicand) if index is None else _power(radicand, 1 / index, tok.pos)
            raise self.unexpected()
        finally:
            self.leave()

    def group(self) -> sympy.Expr:
        """`( sum )`, `[ sum ]` or `{ sum }`, with |...| bars counted afresh inside."""
        opener = self.advance()
        if self.tok.kind == "CLOSE" and self.tok.text == _OPENERS[opener.text]:
            raise _fail(N_("empty brackets"), opener.pos)
        saved, self.bars = self.bars, 0
        expr = self.sum()
        self.bars = saved
        self.close(opener)
        return expr

    def close(self, opener: Token) -> None:
        want = _OPENERS[opener.text]
        if self.tok.kind == "CLOSE" and self.tok.text == want:
            self.advance()
            return
        if self.tok.kind == "END":
            raise _fail(N_("'{token}' is never closed"), opener.pos, token=opener.text)
        if self.tok.kind == "CLOSE":
            raise _fail(N_("'{token}' does not match '{opener}' at character {at}"), self.tok.pos,
                        token=self.tok.text, opener=opener.text, at=opener.pos + 1)
        if self.tok.kind == "OP" and self.tok.text == ",":
            raise _fail(N_("unexpected ',' (only function arguments are separated by commas)"), self.tok.pos)
        raise self.unexpected()

    def braced(self) -> sympy.Expr:
        if self.tok.kind != "OPEN" or self.tok.text != "{":
            raise _fail(N_("write \\frac{{numerator}}{{denominator}} with braces"), self.tok.pos)
        return self.group()

    def bars_abs(self) -> sympy.Expr:
        opener = self.advance()  # a '|' right after is a nested opener: ||x| - 1|
        self.functions.setdefault("abs", opener.pos)
        self.bars += 1
        inner = self.sum()
        self.bars -= 1
        if self.tok.kind != "BAR":
            if self.tok.kind == "END":
                raise _fail(N_("'|' is never closed"), opener.pos)
            raise self.unexpected()
        self.advance()
        return sympy.Abs(inner)

    def function(self) -> sympy.Expr:
        head = self.advance()
        canonical, builder, lo, hi = head.value
        self.functions.setdefault(canonical, head.pos)
        exponent = None
        if self.tok.kind == "OP" and self.tok.text == "^":  # \sin^2 x, tanh^2(z)
            op = self.advance()
            exponent = self.unary() if self.tok.kind != "OPEN" else self.group()
            if exponent.is_Number and exponent < 0:
                raise _fail(N_("write 1/{name}(...) or the inverse function by name, not {power}"), op.pos,
                            name=head.text, power=f"{head.text}^{{{exponent}}}")
        if self.tok.kind == "OPEN" and self.tok.text in "([":
            args = self.arguments(head)
        elif self.tok.kind == "OPEN":  # LaTeX brace group, e.g. \log{\left(x \right)}
            args = [self.group()]
        elif self.starts_operand():
            args = [self.tight_product()]
        else:
            raise _fail(N_("'{name}' needs an argument, like {name}(x)"), head.pos, name=head.text)
        if not lo <= len(args) <= hi:
            if lo == hi == 1:
                raise _fail(N_("'{name}' takes 1 argument, got {got}"), head.pos, name=head.text, got=len(args))
            raise _fail(N_("'{name}' takes {low} to {high} arguments, got {got}"), head.pos, name=head.text, low=lo,
                        high=hi, got=len(args))
        value = builder(*args)
        return value if exponent is None else _power(value, exponent, head.pos)

    def arguments(self, head: Token) -> list[sympy.Expr]:
        opener = self.advance()
        if self.tok.kind == "CLOSE" and self.tok.text == _OPENERS[opener.text]:
            raise _fail(N_("'{name}' needs an argument inside the brackets"), opener.pos, name=head.text)
        saved, self.bars = self.bars, 0
        args = [self.sum()]
        while self.tok.kind == "OP" and self.tok.text == ",":
            self.advance()
            args.append(self.sum())
        self.bars = saved
        self.close(opener)
        return args

    def tight_product(self) -> sympy.Expr:
        """The argument of a function written without brackets: `\\ln x`, `\\sigma z`, `\\ln 2x`.
        Takes one operand and any further juxtaposed numbers, symbols and constants (not brackets,
        so `\\sigma z (1 - \\sigma z)` reads as σ(z)·(1 − σ(z)))."""
        value = self.power()
        while self.tok.kind in ("SYM", "CONST") or (self.tok.kind == "NUM" and self.tokens[self.i - 1].kind != "NUM"):
            value = value * self.power()
        return value


def _number(tok: Token) -> sympy.Rational:
    whole, _, frac = tok.text.partition(".")
    if len(whole.lstrip("0")) > MAX_INT_DIGITS:
        raise _fail(N_("number too long (more than {limit} digits)"), tok.pos, limit=MAX_INT_DIGITS)
    frac = frac[:MAX_INT_DIGITS]
    return sympy.Rational(int(whole or "0") * 10 ** len(frac) + int(frac or "0"), 10 ** len(frac))


def _power(base: sympy.Expr, exponent: sympy.Expr, position: int) -> sympy.Expr:
    """base^exponent with the limits that keep sympy from computing huge exact numbers."""
    if exponent.is_Number:
        if abs(exponent) > MAX_EXPONENT:
            raise _fail(N_("the exponent {exponent} is too large (the limit is {limit})"), position,
                        exponent=_short(exponent), limit=MAX_EXPONENT)
        if base.is_Rational and base not in (0, 1, -1):
            size = float(abs(exponent)) * max(int(base.p).bit_length(), int(base.q).bit_length())
            if size > MAX_CONSTANT_BITS:
                raise _fail(N_("this power gives a number that is too large"), position)
        if base == 0 and exponent.is_negative:
            raise _fail(N_("division by zero (0 to a negative power)"), position)
    return _check_constant(sympy.Pow(base, exponent), position)


def _short(value: sympy.Expr) -> str | Message:
    if value.is_Integer and abs(int(value)).bit_length() > 64:  # never str() a huge int: past 4300 digits it raises
        return Message(N_("(a number of about {digits} digits)"),
                       digits=int(abs(int(value)).bit_length() * 0.30103) + 1)
    text = str(value)
    return text if len(text) <= 20 else Message(N_("{start}…({digits} digits)"), start=text[:8], digits=len(text))


@dataclass(frozen=True)
class Reading:
    """What the parser understood: the expression, notes on readings a student may not have meant
    (`e^-wx`, `1/2x`), the functions used (canonical name -> position of the first use, for
    questions that admit only some) and where a number was first written with a decimal point
    (for questions that want exact values)."""

    expr: sympy.Expr
    notes: tuple[Message, ...] = ()  # translated where the reader's language is known
    functions: Mapping[str, int] = field(default_factory=dict)
    decimal_at: int | None = None


def parse(text: str, symbols: Collection[str]) -> sympy.Expr:
    """Parse a student's answer into a sympy expression over the declared `symbols` (see module doc).

    Raises InvalidAnswer (UnevaluatedAnswer for restated derivatives/limits) with a position.
    """
    return read(text, symbols).expr


def parse_with_notes(text: str, symbols: Collection[str]) -> tuple[sympy.Expr, list[Message]]:
    """`parse`, plus notes on readings a student may not have meant (`e^-wx`, `1/2x`), for showing
    next to a wrong answer."""
    reading = read(text, symbols)
    return reading.expr, list(reading.notes)


def read(text: str, symbols: Collection[str], *, defined: Mapping[str, sympy.Expr] | None = None) -> Reading:
    """Read a student's answer over the declared `symbols` and the question's `defined`
    abbreviations (name -> expression over the symbols, e.g. y_hat -> σ(wx + b)).

    The raw text is checked for length and invisible characters, then normalised
    (`grader.answers.text.normalise`) and parsed; positions in errors count characters of `text`.
    Raises InvalidAnswer (UnevaluatedAnswer for restated derivatives/limits).
    """
    if not isinstance(text, str):
        raise _fail(N_("the answer must be text"), None)
    if len(text) > MAX_LENGTH:  # before normalising: NFKC can expand a character 18-fold
        raise _fail(N_("the answer is too long ({length} characters; the limit is {limit})"), None, length=len(text),
                    limit=MAX_LENGTH)
    for index, ch in enumerate(text):
        if ch not in "\t\r\n" and ch not in INVISIBLE_OPERATORS and \
                unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise _fail(N_("the answer contains {char}"), index, char=describe_char(ch))
    normalised = normalise(text)
    if not normalised.text.strip():
        raise _fail(N_("the answer is empty"), None)
    if len(normalised.text) > 2 * MAX_LENGTH:
        raise _fail(N_("the answer is too long once its characters are spelled out ({length} characters; the "
                       "limit is {limit})"), None, length=len(normalised.text), limit=2 * MAX_LENGTH)
    try:
        tokens = tokenize(normalised.text)
    except InvalidAnswer as exc:
        raise _at_origin(exc, normalised.position) from None
    for tok in tokens:
        tok.pos = normalised.position(tok.pos)
    parser = _Parser(resolve_tokens(tokens, _Names(symbols, defined)))
    expr = parser.parse()
    if expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise _fail(N_("the answer is undefined (a division by zero or a log of 0)"), None)
    return Reading(expr, tuple(parser.notes), dict(parser.functions), parser.decimal_at)


def _at_origin(exc: InvalidAnswer, position: Callable[[int], int]) -> InvalidAnswer:
    """`exc` with its position moved from the normalised text to the text the student typed."""
    if exc.position is None:
        return exc
    return exc.moved(position(exc.position))
