"""Math for the terminal: the LaTeX of prompts and explanations as readable Unicode text.

Prompts keep their math in LaTeX (`$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]`) because HTML, PDF
and LMS outputs typeset it; a terminal cannot, so `grade bank show` (text format) and `grade bank
check` pass what they print through `to_terminal`:

- Greek letters and operators become their characters (`\\sigma` σ, `\\times` ×, `\\le` ≤,
  `\\partial` ∂, `\\in` ∈, `\\sum` ∑); function names lose their backslash (`\\ln`, `\\tanh`);
  `\\text{...}`, `\\mathrm{...}`, `\\operatorname{...}` keep their words; `\\mathbb{R}` is ℝ;
- sub- and superscripts use Unicode where every character has one (`w_{8}` w₈, `x^{2}` x²,
  `e^{-z}` e⁻ᶻ), and `_(...)` / `^(...)` otherwise (`y_{pred}` y_(pred));
- `\\frac{a}{b}` is a/b, with parentheses where the reading needs them (`\\frac{1}{1+e^{-z}}`
  1/(1 + e⁻ᶻ), `\\frac12 x` (1/2)x); `\\sqrt{x}` √x, `\\sqrt{x+1}` √(x + 1);
- matrices are bracketed rows (`[[1, 2], [3, 4]]`, a column `[1, 2]ᵀ`), `cases` are
  `{a, if …; b, …}`, aligned rows are lines;
- accents combine with a single letter (`\\hat{y}` ŷ, `\\bar{x}` x̄) and are words otherwise;
- `\\left`, `\\right`, `\\big`, `\\displaystyle` and the like only size things and are dropped;
  spacing commands become spaces;
- display math goes on a line of its own, indented.

An unknown command keeps its name without the backslash (`\\foo{x}` reads foo(x)); malformed math
(an unbalanced brace, a lone `$`) is rendered as far as it goes: this never raises.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from grader.render import display_width

__all__ = ["display_width", "math_to_text", "to_terminal"]

# ---------------------------------------------------------------------------------------------
# Tables

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "omicron": "ο", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς",
    "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
    "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
# Binary operators and relations: spaced like LaTeX spaces them (a single space on each side).
BINARY = {
    "times": "×", "cdot": "·", "cdotp": "·", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆",
    "circ": "∘", "bullet": "•", "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "ominus": "⊖", "cup": "∪",
    "cap": "∩", "setminus": "∖", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨", "bmod": "mod",
    "mod": "mod",
}
RELATIONS = {
    "le": "≤", "leq": "≤", "leqslant": "≤", "ge": "≥", "geq": "≥", "geqslant": "≥", "ne": "≠", "neq": "≠",
    "approx": "≈", "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫",
    "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇",
    "to": "→", "rightarrow": "→", "longrightarrow": "→", "leftarrow": "←", "longleftarrow": "←",
    "gets": "←", "Rightarrow": "⇒", "Longrightarrow": "⇒", "implies": "⇒", "Leftarrow": "⇐",
    "iff": "⇔", "Leftrightarrow": "⇔", "leftrightarrow": "↔", "mapsto": "↦", "mid": "|", "parallel": "∥",
    "perp": "⊥", "coloneqq": "≔", "triangleq": "≜", "doteq": "≐", "models": "⊨", "vdash": "⊢",
}
SYMBOLS = {
    "infty": "∞", "partial": "∂", "nabla": "∇", "forall": "∀", "exists": "∃", "emptyset": "∅",
    "varnothing": "∅", "ell": "ℓ", "hbar": "ħ", "prime": "′", "dots": "…", "ldots": "…", "cdots": "⋯",
    "vdots": "⋮", "ddots": "⋱", "top": "⊤", "bot": "⊥", "intercal": "ᵀ", "dagger": "†", "angle": "∠",
    "degree": "°", "neg": "¬", "lnot": "¬", "surd": "√", "checkmark": "✓", "square": "□", "Box": "□",
    "triangle": "△", "clubsuit": "♣", "aleph": "ℵ", "Re": "ℜ", "Im": "ℑ", "wp": "℘", "imath": "ı",
    "jmath": "ȷ", "backslash": "\\", "S": "§", "P": "¶", "dag": "†", "ddag": "‡", "copyright": "©",
    "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^", "textendash": "–",
    "textemdash": "—", "ldotp": ".",
}
BIG_OPERATORS = {
    "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬", "iiint": "∭", "oint": "∮",
    "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁", "bigotimes": "⨂", "bigvee": "⋁", "bigwedge": "⋀",
}
FUNCTION_NAMES = frozenset({
    "ln", "log", "lg", "exp", "sin", "cos", "tan", "sec", "csc", "cot", "sinh", "cosh", "tanh", "coth",
    "arcsin", "arccos", "arctan", "max", "min", "arg", "argmax", "argmin", "det", "dim", "ker", "gcd", "lim",
    "liminf", "limsup", "sup", "inf", "Pr", "deg", "hom",
})
DELIMITERS = {  # glyph and whether it opens ("open"), closes ("close") or may do either ("ord")
    "lfloor": ("⌊", "open"), "rfloor": ("⌋", "close"), "lceil": ("⌈", "open"), "rceil": ("⌉", "close"),
    "langle": ("⟨", "open"), "rangle": ("⟩", "close"), "lvert": ("|", "open"), "rvert": ("|", "close"),
    "vert": ("|", "ord"), "lVert": ("‖", "open"), "rVert": ("‖", "close"), "Vert": ("‖", "ord"),
    "|": ("‖", "ord"), "lbrace": ("{", "open"), "rbrace": ("}", "close"), "{": ("{", "open"),
    "}": ("}", "close"), "lbrack": ("[", "open"), "rbrack": ("]", "close"), "ulcorner": ("⌜", "open"),
    "urcorner": ("⌝", "close"), "llcorner": ("⌞", "open"), "lrcorner": ("⌟", "close"),
}
OPENING = frozenset("([{⌊⌈⟨")
CLOSING = frozenset(")]}⌋⌉⟩")
# Commands that only size or style what follows: dropped.
IGNORED = frozenset({
    "middle", "big", "Big", "bigg", "Bigg", "bigm", "Bigm", "displaystyle", "textstyle", "scriptstyle",
    "scriptscriptstyle", "limits", "nolimits", "nonumber", "notag", "hline", "centering", "small", "large",
    "Large", "normalsize", "footnotesize", "tiny", "huge", "Huge", "allowbreak", "strut", "mathstrut", "relax",
    "protect",
    "rm", "it", "bf", "sf", "tt", "cal", "boldmath", "unboldmath", "noindent", "par", "hfill", "vfill",
})
# Commands whose one argument is shown as it is (fonts, text, wrappers).
WRAPPERS = frozenset({
    "text", "textrm", "textit", "textbf", "textsf", "texttt", "textup", "textnormal", "emph", "mathrm",
    "mathit", "mathbf", "mathsf", "mathtt", "mathnormal", "boldsymbol", "bm", "pmb", "mathcal", "mathscr",
    "mathfrak", "operatorname", "operatorname*", "mbox", "hbox", "fbox", "boxed", "underbrace", "overbrace",
    "displaylines", "ensuremath",
})
# Arguments dropped entirely.
DROPPED_ARGUMENT = {"label": 1, "phantom": 1, "hphantom": 1, "vphantom": 1, "color": 1, "hspace": 1,
                    "vspace": 1, "kern": 0, "cline": 1, "setlength": 2, "rule": 2, "eqref": 1, "ref": 1}
# Spacing: thin spaces are one space; \quad and \qquad are wide (`_WIDE`, kept through the collapsing
# of space runs and turned into spaces at the end).
_WIDE = "\x01"
SPACES = {",": " ", ":": " ", ";": " ", ">": " ", " ": " ", "!": "", "quad": _WIDE * 2, "qquad": _WIDE * 4,
          "thinspace": " ", "medspace": " ", "thickspace": " ", "enspace": " ", "enskip": " ",
          "negthinspace": "", "space": " ", "hfil": " ", "~": " "}
ESCAPED = {"%": "%", "$": "$", "&": "&", "#": "#", "_": "_", "{": "{", "}": "}"}
BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "P": "ℙ", "E": "𝔼", "H": "ℍ", "1": "𝟙"}
ACCENTS = {  # combining character on one letter; a word around longer bodies
    "hat": ("\u0302", "hat"), "widehat": ("\u0302", "hat"), "bar": ("\u0304", "bar"),
    "overline": ("\u0305", "bar"), "tilde": ("\u0303", "tilde"), "widetilde": ("\u0303", "tilde"),
    "vec": ("\u20d7", "vec"), "overrightarrow": ("\u20d7", "vec"), "dot": ("\u0307", "dot"),
    "ddot": ("\u0308", "ddot"), "check": ("\u030c", "check"), "breve": ("\u0306", "breve"),
    "acute": ("\u0301", "acute"), "grave": ("\u0300", "grave"), "underline": ("\u0332", "underline"),
    "mathring": ("\u030a", "ring"),
}

SUPERSCRIPT = dict(zip(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχι′*ᵀ°",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡᶥ′*ᵀ°",
))
SUBSCRIPT = dict(zip(
    "0123456789+-−=()aehijklmnoprstuvxβγρφχ",
    "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
))
# Characters that are already scripts pass through (a script inside a script: δ_{o_1} is δₒ₁).
SUPERSCRIPT.update({ch: ch for ch in set(SUPERSCRIPT.values())})
SUBSCRIPT.update({ch: ch for ch in set(SUBSCRIPT.values())})
SUPERSCRIPT_WORDS = {"⊤": "ᵀ", "T": "ᵀ", "′": "′", "′′": "″", "∗": "*", "+": "⁺", "−": "⁻", "∘": "°"}


# ---------------------------------------------------------------------------------------------
# Tokens


@dataclass(frozen=True)
class _Tok:
    kind: str  # "cmd" (name without backslash), "char", "{", "}", "^", "_", "&", "space"
    text: str


_COMMAND = re.compile(r"\\([A-Za-z]+\*?|.)", re.DOTALL)


def _tokenize(source: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            m = _COMMAND.match(source, i)
            if m is None:  # a backslash at the very end
                tokens.append(_Tok("char", "\\"))
                i += 1
                continue
            name = m.group(1)
            tokens.append(_Tok("cmd", name))
            i = m.end()
            if name[0].isalpha():  # a space after a command word only ends the word
                while i < n and source[i] in " \t\n":
                    i += 1
            continue
        if ch in "{}^_&":
            tokens.append(_Tok(ch, ch))
        elif ch in " \t\n\r":
            if not tokens or tokens[-1].kind != "space":
                tokens.append(_Tok("space", " "))
        elif ch == "%":  # a LaTeX comment runs to the end of the line
            end = source.find("\n", i)
            i = n if end < 0 else end
            continue
        else:
            tokens.append(_Tok("char", ch))
        i += 1
    return tokens


# ---------------------------------------------------------------------------------------------
# Pieces: rendered text and what the renderer needs to know about it


@dataclass
class _Piece:
    text: str
    # "ord" (a letter, number, group...), "bin" (binary operator), "rel" (relation), "open", "close",
    # "punct" (, ;), "tight" (. : written close), "prime", "space", "newline", "align" (&),
    # "frac" (a/b, parenthesised next to an operand), "func" (ln, max...), "bigop" (∑, ∏...).
    kind: str = "ord"
    atomic: bool = True  # needs no parentheses as a numerator or a script base


@dataclass
class _Parser:
    tokens: list[_Tok]
    pos: int = 0
    depth: int = 0

    def peek(self) -> _Tok | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def next(self) -> _Tok | None:
        tok = self.peek()
        if tok is not None:
            self.pos += 1
        return tok

    def skip_spaces(self) -> None:
        while (tok := self.peek()) is not None and tok.kind == "space":
            self.pos += 1

    # -- sequences ------------------------------------------------------------------------------

    def sequence(self, *, stop: Callable[[_Tok], bool]) -> list[_Piece]:
        """Pieces up to (not including) the first token for which `stop` is true, or the end."""
        pieces: list[_Piece] = []
        while (tok := self.peek()) is not None and not stop(tok):
            if tok.kind in "^_":
                self.pos += 1
                self._script(pieces, tok.kind)
                continue
            if tok.kind == "}":  # unbalanced: shown as nothing
                self.pos += 1
                continue
            pieces.extend(self.item())
        return pieces

    def group_body(self) -> list[_Piece]:
        """After an opening brace: the pieces up to the matching closing brace."""
        self.depth += 1
        try:
            if self.depth > 200:  # absurd nesting: give up on structure, never recurse further
                return [_Piece("".join(t.text for t in self.tokens[self.pos:]))]
            pieces = self.sequence(stop=lambda t: t.kind == "}")
            if (tok := self.peek()) is not None and tok.kind == "}":
                self.pos += 1
            return pieces
        finally:
            self.depth -= 1

    def argument(self) -> list[_Piece]:
        """One argument of a command: a braced group, or the next single token."""
        self.skip_spaces()
        tok = self.peek()
        if tok is None:
            return []
        if tok.kind == "{":
            self.pos += 1
            return self.group_body()
        if tok.kind == "char":
            self.pos += 1
            return [_char_piece(tok.text)]
        if tok.kind == "cmd":
            return self.item()
        self.pos += 1
        return []

    def raw_argument(self) -> str:
        """A braced argument as its raw text (environment names, \\text contents)."""
        self.skip_spaces()
        tok = self.peek()
        if tok is None or tok.kind != "{":
            if tok is not None and tok.kind in ("char", "cmd"):
                self.pos += 1
                return tok.text
            return ""
        self.pos += 1
        depth, parts = 1, []
        while (tok := self.next()) is not None:
            if tok.kind == "{":
                depth += 1
            elif tok.kind == "}":
                depth -= 1
                if depth == 0:
                    break
            parts.append(("\\" + tok.text) if tok.kind == "cmd" else tok.text)
        return "".join(parts)

    def optional_argument(self) -> list[_Piece] | None:
        self.skip_spaces()
        tok = self.peek()
        if tok is None or tok.kind != "char" or tok.text != "[":
            return None
        self.pos += 1
        if not self._consume_after("]"):
            return []
        pieces = self.sequence(stop=lambda t: t.kind == "char" and t.text == "]")
        self.pos += 1  # the closing ]
        return pieces

    def _consume_after(self, closer: str) -> bool:
        """Whether `closer` follows somewhere (so an optional argument is well-formed)."""
        return any(t.kind == "char" and t.text == closer for t in self.tokens[self.pos:])

    # -- items ----------------------------------------------------------------------------------

    def item(self) -> list[_Piece]:
        tok = self.next()
        if tok is None:
            return []
        if tok.kind == "space":
            return [_Piece(" ", "space")]
        if tok.kind == "{":
            body = self.group_body()
            return [_joined(body)] if body else []
        if tok.kind == "&":
            return [_Piece("&", "align")]
        if tok.kind == "char":
            return [_char_piece(tok.text)]
        return self.command(tok.text)

    def delimiter(self, kind: str) -> list[_Piece]:
        """The delimiter after \\left, \\right, \\bigl...: opening or closing as the command says
        (`\\left|` opens); `\\left.` is none."""
        self.skip_spaces()
        tok = self.next()
        if tok is None or (tok.kind == "char" and tok.text == "."):
            return []
        if tok.kind == "cmd" and tok.text in DELIMITERS:
            return [_Piece(DELIMITERS[tok.text][0], kind)]
        if tok.kind == "char":
            return [_Piece(tok.text, kind)]
        self.pos -= 1
        return []

    def command(self, name: str) -> list[_Piece]:
        if name in GREEK:
            return [_Piece(GREEK[name])]
        if name in BINARY:
            return [_Piece(BINARY[name], "bin")]
        if name in RELATIONS:
            return [_Piece(RELATIONS[name], "rel")]
        if name in SYMBOLS:
            return [_Piece(SYMBOLS[name])]
        if name in BIG_OPERATORS:
            return [_Piece(BIG_OPERATORS[name], "bigop")]
        if name in FUNCTION_NAMES:
            return [_Piece(name, "func")]
        if name in DELIMITERS:
            glyph, kind = DELIMITERS[name]
            return [_Piece(glyph, kind)]
        if name in ("left", "right", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr"):
            return self.delimiter("open" if name.endswith(("left", "l")) else "close")
        if name in SPACES:
            return [_Piece(SPACES[name], "space")] if SPACES[name] else []
        if name in ESCAPED:
            return [_Piece(ESCAPED[name], "open" if name == "{" else "close" if name == "}" else "ord")]
        if name in IGNORED:
            return []
        if name == "\\":
            self.optional_argument()  # \\[2pt]
            return [_Piece("\n", "newline")]
        if name in ("frac", "dfrac", "tfrac", "cfrac", "over"):
            return [_fraction(self.argument(), self.argument())]
        if name in ("binom", "dbinom", "tbinom"):
            top, bottom = _joined(self.argument()).text, _joined(self.argument()).text
            return [_Piece(f"C({top}, {bottom})")]
        if name == "sqrt":
            index = self.optional_argument()
            return [_root(self.argument(), _joined(index).text if index else "")]
        if name in ACCENTS:
            return [_accent(self.argument(), *ACCENTS[name])]
        if name == "mathbb":
            letters = _joined(self.argument()).text
            return [_Piece("".join(BLACKBOARD.get(ch, ch) for ch in letters))]
        if name in ("text", "textrm", "textit", "textbf", "textsf", "texttt", "textup", "textnormal", "mbox",
                    "emph", "hbox"):
            return [_Piece(_text_argument(self.raw_argument()))]
        if name in WRAPPERS:
            wrapped = self.argument()
            if name in ("operatorname", "operatorname*"):
                return [_Piece(_joined(wrapped).text, "func")]
            return [_joined(wrapped)] if wrapped else []
        if name in ("textcolor", "colorbox"):
            self.raw_argument()
            coloured = self.argument()
            return [_joined(coloured)] if coloured else []
        if name in DROPPED_ARGUMENT:
            for _ in range(DROPPED_ARGUMENT[name]):
                self.raw_argument()
            return []
        if name in ("overset", "stackrel", "underset"):
            mark, base = self.argument(), self.argument()
            script = _script_text(_joined(mark).text, "^" if name != "underset" else "_")
            return [_Piece(_joined(base).text + script, _joined(base).kind)]
        if name == "not":
            nxt = self.item()
            if nxt and nxt[0].text in ("=", "∈", "≡", "∼", "⊂", "⊆"):
                negated = {"=": "≠", "∈": "∉", "≡": "≢", "∼": "≁", "⊂": "⊄", "⊆": "⊈"}[nxt[0].text]
                return [_Piece(negated, "rel")]
            return [_Piece(_joined(nxt).text + "\u0338", "rel")] if nxt else []
        if name == "pmod":
            return [_Piece(f"(mod {_joined(self.argument()).text})")]
        if name == "tag":
            return [_Piece(f"   ({_joined(self.argument()).text})")]
        if name == "begin":
            return self.environment(self.raw_argument())
        if name == "end":
            self.raw_argument()  # unbalanced \end: nothing to show
            return []
        if name in ("(", ")", "[", "]"):  # nested math delimiters: nothing
            return []
        # Unknown: its name, readable; a braced argument right after it reads as (…).
        self.skip_spaces()
        if (tok := self.peek()) is not None and tok.kind == "{":
            self.pos += 1
            body = _joined(self.group_body()).text
            return [_Piece(f"{name}({body})")]
        return [_Piece(name)]

    def _script(self, pieces: list[_Piece], mark: str) -> None:
        """A sub- or superscript on the piece before it (none: on nothing)."""
        self.skip_spaces()
        body = self.argument()
        text = _joined(body).text.strip()
        script = _script_text(text, mark)
        if pieces and pieces[-1].kind not in ("space", "newline", "align"):
            last = pieces[-1]
            base = last.text if last.atomic or last.kind in ("bigop", "func", "close") else f"({last.text})"
            pieces[-1] = _Piece(base + script, last.kind if last.kind in ("bigop", "func", "close") else "ord",
                                atomic=last.atomic)
        else:
            pieces.append(_Piece(script))

    # -- environments ---------------------------------------------------------------------------

    def environment(self, name: str) -> list[_Piece]:
        base = name.rstrip("*")
        if base in ("array", "tabular"):
            self.raw_argument()  # column spec
        rows: list[list[str]] = [[]]
        cell: list[_Piece] = []
        while True:
            tok = self.peek()
            if tok is None:
                break
            if tok.kind == "cmd" and tok.text == "end":
                self.pos += 1
                self.raw_argument()
                break
            if tok.kind == "&":
                self.pos += 1
                rows[-1].append(_joined(cell).text.strip())
                cell = []
                continue
            if tok.kind == "cmd" and tok.text == "\\":
                self.pos += 1
                self.optional_argument()
                rows[-1].append(_joined(cell).text.strip())
                cell = []
                rows.append([])
                continue
            if tok.kind in "^_":
                self.pos += 1
                self._script(cell, tok.kind)
                continue
            if tok.kind == "}":
                self.pos += 1
                continue
            cell.extend(self.item())
        rows[-1].append(_joined(cell).text.strip())
        rows = [r for r in rows if any(c for c in r)]
        return [_layout(base, rows)]


def _char_piece(ch: str) -> _Piece:
    if ch == "-":
        return _Piece("−", "bin")
    if ch in "+±×÷·*":
        return _Piece(ch, "bin")
    if ch in "=<>≤≥≈≠→∈":
        return _Piece(ch, "rel")
    if ch in OPENING:
        return _Piece(ch, "open")
    if ch in CLOSING:
        return _Piece(ch, "close")
    if ch in ",;":
        return _Piece(ch, "punct")
    if ch in ".:!?":  # a decimal point or a full stop: written close, and no operand
        return _Piece(ch, "tight")
    if ch == "'":
        return _Piece("′", "prime")
    if ch == "~":
        return _Piece(" ", "space")
    return _Piece(ch)


def _text_argument(raw: str) -> str:
    """The words of \\text{...}; math inside it ($x$) rendered too."""
    return to_terminal(raw.replace("\\ ", " ")) if "$" in raw or "\\" in raw else raw


def _script_text(text: str, mark: str) -> str:
    """`text` as a sub- (`_`) or superscript (`^`): Unicode where every character has one."""
    compact = re.sub(r"\s+", "", text)
    if not compact:
        return ""
    if mark == "^" and compact in SUPERSCRIPT_WORDS:
        return SUPERSCRIPT_WORDS[compact]
    table = SUPERSCRIPT if mark == "^" else SUBSCRIPT
    if all(ch in table for ch in compact):
        return "".join(table[ch] for ch in compact)
    if mark == "^" and all(ch in "′*" for ch in compact):
        return compact
    return f"{mark}({text.strip()})" if len(compact) > 1 else f"{mark}{compact}"


def _spaced(pieces: list[_Piece]) -> str:
    """Join pieces: binary operators and relations get one space each side, a minus that starts
    an expression (or follows an operator or an opening bracket) none; a function name is set off
    from an argument without brackets (`ln σ`); fractions next to an operand get parentheses;
    runs of spaces collapse to one (\\quad and \\qquad stay wide)."""
    out: list[str] = []
    previous = "start"  # kind of the last non-space piece
    items = [p for p in pieces if p.kind != "align"]
    for index, piece in enumerate(items):
        kind = piece.kind
        if kind == "space":
            if previous != "open":  # no space just inside a bracket, | and ‖ included
                out.append(piece.text)
            continue
        if kind == "close":
            while out and out[-1] == " ":
                out.pop()
        if kind == "newline":
            out.append("\n")
            previous = "start"
            continue
        text = piece.text
        if kind == "frac" and (_operand_before(items, index) or _operand_after(items, index)):
            text = f"({text})"
            kind = "ord"
        if kind in ("bin", "rel"):
            if kind == "bin" and previous in ("start", "bin", "rel", "open", "punct", "bigop"):
                out.append(text)  # a sign, not an operation: −x, (−1), e⁻ᶻ
                previous = "bin"
                continue
            out.append(f" {text} ")
            previous = kind
            continue
        if kind == "punct":
            out.append(text + " ")
            previous = kind
            continue
        if kind in ("func", "bigop") and previous in ("ord", "close") and out and not out[-1].endswith(" "):
            out.append(" ")  # (1 − y) ln(…), as LaTeX spaces an operator name
        out.append(text)
        after = _neighbour(items, index, 1)
        if kind in ("func", "bigop") and after is not None and after.kind in ("ord", "func", "open") and (
                not after.text.startswith(("(", "[")) or text.endswith(")")):
            out.append(" ")  # ln σ, log₂ n, lim_(n → ∞) (…)
        previous = kind if kind in ("open", "bigop") else "ord"
    joined = re.sub(r" {2,}", " ", "".join(out))
    joined = re.sub(rf" *({_WIDE}+) *", r"\1", joined).replace(_WIDE, " ")
    joined = re.sub(r"([(\[{⌊⌈⟨]) +", r"\1", joined)
    joined = re.sub(r" +([)\]}⌋⌉⟩,;])", r"\1", joined)
    return re.sub(r" *\n *", "\n", joined)


def _neighbour(items: list[_Piece], index: int, step: int) -> _Piece | None:
    k = index + step
    while 0 <= k < len(items) and items[k].kind == "space":
        k += step
    return items[k] if 0 <= k < len(items) else None


def _operand_before(items: list[_Piece], index: int) -> bool:
    p = _neighbour(items, index, -1)
    return p is not None and p.kind in ("ord", "close", "frac", "prime")


def _operand_after(items: list[_Piece], index: int) -> bool:
    p = _neighbour(items, index, 1)
    return p is not None and p.kind in ("ord", "open", "frac", "func", "bigop")


def _joined(pieces: list[_Piece]) -> _Piece:
    """Several pieces as one (a group): atomic when it is a single operand."""
    if not pieces:
        return _Piece("")
    if len(pieces) == 1:
        return pieces[0]
    text = _spaced(pieces).strip()
    return _Piece(text, "ord", atomic=_is_atomic(text))


_SCRIPT_CHARS = "".join(sorted(set(SUPERSCRIPT.values()) | set(SUBSCRIPT.values()) | {"′", "″"}))
_SCRIPTS = rf"(?:[{re.escape(_SCRIPT_CHARS)}\u0300-\u036f\u20d7]|[_^]\([^()]*\)|[_^]\w)*"
# One operand without brackets: a number, or a name (letters first: 2n is a product), with its
# scripts and accents, possibly after ∂ (∂w, ∂²E).
_OPERAND = re.compile(rf"(?:∂{_SCRIPTS})?(?:\d+(?:\.\d+)?|[^\W\d_][\w]*|∞){_SCRIPTS}")
_CALL = re.compile(rf"(?:[^\W\d_]{{2,}}{_SCRIPTS})?([(\[⌊⌈⟨|‖])")
_CLOSES = {"(": ")", "[": "]", "⌊": "⌋", "⌈": "⌉", "⟨": "⟩", "|": "|", "‖": "‖"}


def _is_atomic(text: str) -> bool:
    """Whether `text` reads as one operand: a number or a name (with scripts), a bracketed whole
    ((a + b), ⌊x⌋, |x|) or a call of a named function (tanh(z), sign(w)). A one-letter name before
    brackets is not one: σ(1 − σ) may be a product."""
    if _OPERAND.fullmatch(text):
        return True
    m = _CALL.match(text)
    if m is None:
        return False
    opener = m.group(1)
    close = _matching(text, m.start(1), opener, _CLOSES[opener])
    return close is not None and re.fullmatch(_SCRIPTS, text[close + 1:]) is not None


def _matching(text: str, start: int, opener: str, closer: str) -> int | None:
    """The index of the bracket closing the one at `start`, or None."""
    if opener == closer:  # |x|, ‖w‖: the next one
        end = text.find(closer, start + 1)
        return end if end > 0 else None
    depth = 0
    for i in range(start, len(text)):
        if text[i] == opener:
            depth += 1
        elif text[i] == closer:
            depth -= 1
            if depth == 0:
                return i
    return None


def _top_level(text: str) -> str:
    """`text` without what is inside brackets."""
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}|⌊[^⌊⌋]*⌋|⌈[^⌈⌉]*⌉", "", text)
    return text


def _wrap(piece: _Piece) -> str:
    return piece.text if piece.atomic else f"({piece.text})"


def _fraction(num: list[_Piece], den: list[_Piece]) -> _Piece:
    top, bottom = _joined(num), _joined(den)
    # A numerator needs brackets only around a sum (or a relation): ab/c is (ab)/c anyway, and
    # then it is written close (∂²E/∂w², not ∂² E/∂w²).
    low = re.search(r" [+−±=<>≤≥∓] ", _top_level(top.text.strip()))
    top_text = f"({top.text})" if low and not top.atomic else top.text if low else _close_up(top.text)
    bottom_text = bottom.text if bottom.atomic else f"({bottom.text})"
    return _Piece(f"{top_text}/{bottom_text}", "frac", atomic=False)


def _close_up(text: str) -> str:
    """`text` without the spaces outside its brackets (a product written close)."""
    out, depth = [], 0
    for ch in text:
        depth += ch in "([{⌊⌈⟨"
        depth -= ch in ")]}⌋⌉⟩"
        if ch != " " or depth > 0:
            out.append(ch)
    return "".join(out)


def _root(body: list[_Piece], index: str) -> _Piece:
    inner = _joined(body)
    sign = {"": "√", "2": "√", "3": "∛", "4": "∜"}.get(index.strip())
    if sign is None:
        sign = _script_text(index, "^") + "√"
    return _Piece(sign + _wrap(inner), "ord", atomic=True)


def _accent(body: list[_Piece], mark: str, word: str) -> _Piece:
    inner = _joined(body)
    text = inner.text
    if not text:
        return _Piece(word)
    if len(text) == 1 or (len(text) == 2 and unicodedata.combining(text[1])):
        return _Piece(unicodedata.normalize("NFC", text[0] + mark + text[1:]), "ord")  # ŷ as one character
    return _Piece(f"{word}({text})", "ord")


def _layout(env: str, rows: list[list[str]]) -> _Piece:
    """An environment's rows: matrices as bracketed rows, cases as `{a, if b; …}`, the rest as lines."""
    brackets = {"bmatrix": ("[", "]"), "Bmatrix": ("{", "}"), "pmatrix": ("(", ")"), "vmatrix": ("|", "|"),
                "Vmatrix": ("‖", "‖"), "matrix": ("[", "]"), "smallmatrix": ("[", "]"), "array": ("[", "]")}
    if env in brackets:
        left, right = brackets[env]
        if rows and all(len(r) == 1 for r in rows) and len(rows) > 1 and env in ("bmatrix", "pmatrix", "matrix"):
            return _Piece(f"{left}{', '.join(r[0] for r in rows)}{right}ᵀ", "ord")
        if len(rows) == 1:
            return _Piece(f"{left}{', '.join(rows[0])}{right}", "ord")
        inner = ", ".join(f"{left}{', '.join(r)}{right}" for r in rows)
        return _Piece(f"{left}{inner}{right}", "ord")
    if env in ("cases", "dcases", "rcases"):
        parts = [", ".join(c.rstrip(",;.") for c in r if c.rstrip(",;.")) for r in rows]
        return _Piece("{" + "; ".join(parts) + "}", "ord")
    lines = [" ".join(c for c in r if c) for r in rows]
    return _Piece("\n".join(lines), "ord", atomic=len(lines) <= 1)


# ---------------------------------------------------------------------------------------------
# Entry points


def math_to_text(latex: str) -> str:
    """One math fragment (what is between the dollars) as readable Unicode text."""
    try:
        parser = _Parser(_tokenize(latex))
        pieces = parser.sequence(stop=lambda t: False)
        return _spaced(pieces).strip(" ")
    except Exception:  # never fail a display over a formula: show it with the commands spelt out
        return _COMMAND.sub(lambda m: GREEK.get(m.group(1), m.group(1)), latex).replace("{", "").replace("}", "")


MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|(?<![\\$])\$(?!\$)(.+?)(?<!\\)\$", re.DOTALL)


# Markdown's **emphasis** (the HTML papers render it); not a power such as 2**3
_BOLD = re.compile(r"(?<![A-Za-z0-9*])\*\*(\S(?:[^*\n]*?\S)?)\*\*(?![A-Za-z0-9*])")


def to_terminal(text: str) -> str:
    """`text` with every math span rendered for the terminal; display math (`$$...$$`, `\\[...\\]`)
    on lines of its own, indented by four spaces. Text outside math is kept as written, but for
    Markdown's `**bold**` markers, which are dropped (an escaped `\\$` becomes `$`)."""
    out: list[str] = []
    last = 0
    for m in MATH.finditer(text):
        out.append(_BOLD.sub(r"\1", text[last:m.start()]))
        display, inline = m.group(1) or m.group(2), m.group(3) or m.group(4)
        if display is not None:
            body = math_to_text(display)
            before = "".join(out).rstrip(" ")
            out = [before] if before else []
            if out and not before.endswith("\n"):
                out.append("\n")
            out.append("\n".join("    " + line for line in body.split("\n")))
            rest = text[m.end():]
            out.append("" if rest.startswith("\n") or not rest else "\n")
            last = m.end()
            while last < len(text) and text[last] == " ":
                last += 1
            continue
        out.append(math_to_text(inline or ""))
        last = m.end()
    out.append(_BOLD.sub(r"\1", text[last:]))
    return "".join(out).replace("\\$", "$")
