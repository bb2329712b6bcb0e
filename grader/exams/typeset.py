"""Question texts (Markdown with LaTeX math) typeset for the exam's HTML and LaTeX pages.

Prompts, options and explanations are written in Markdown with math in LaTeX (`$...$`, `$$...$$`,
`\\(...\\)`, `\\[...\\]`; the spans `grader.bank.terminal` finds). Here:

- **HTML**: the Markdown is rendered by markdown-it (CommonMark, raw HTML off, so nothing in a
  text becomes markup) and every math span becomes MathML with `latex2mathml`: typeset by the
  browser itself, offline, with no script and no CDN. latex2mathml copies `\\text{...}` into the
  output unescaped, so its MathML is parsed again, kept only when it holds nothing but MathML
  elements and attributes (and no comment or processing instruction, which XML skips and HTML
  ends early), and the checked tree is written out again, escaped, in place of latex2mathml's string.
- **LaTeX**: the same Markdown tokens written as LaTeX (paragraphs, lists, bold, italics, code),
  every text character escaped (`tex_text`), and math kept as the author wrote it, for xelatex to
  typeset, once latex2mathml could read it, every command in it is one it knows, and it holds no
  `^^` (TeX's notation for any character, a backslash included), bare `%` or bare `#`.

A formula that cannot be read (an unbalanced brace, `x^` with nothing after it, an unknown
command, markup in `\\text{}`) never stops a build: it is shown as its LaTeX source, escaped as
text, and counted in `Typesetter.failures` (the CLI says how many). Conversions are cached: the
same formula recurs in both languages, in the paper and in its key, and in many students' papers.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from grader.bank.terminal import MATH

MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"
# What latex2mathml writes and a browser should see: presentation MathML, nothing else.
MATHML_ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "mtext", "mspace", "ms", "msup", "msub", "msubsup", "mfrac", "msqrt",
    "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom",
    "menclose", "merror", "mfenced", "mlabeledtr", "mmultiscripts", "mprescripts", "none", "semantics",
    "annotation"})
MATHML_ATTRIBUTES = frozenset({
    "display", "mathvariant", "stretchy", "fence", "form", "separator", "accent", "accentunder", "columnalign",
    "rowalign", "columnlines", "rowlines", "columnspacing", "rowspacing", "frame", "framespacing",
    "displaystyle", "scriptlevel", "width", "height", "depth", "lspace", "rspace", "linethickness",
    "notation", "minsize", "maxsize", "movablelimits", "largeop", "symmetric", "mathsize", "mathcolor",
    "mathbackground", "align", "open", "close", "separators", "columnspan", "rowspan", "voffset",
    "encoding", "equalrows", "equalcolumns", "class"})
_BARE_AMPERSAND = re.compile(r"&(?!#x?[0-9A-Fa-f]+;|[A-Za-z][A-Za-z0-9]*;)")
# Placeholders for math while the Markdown around it is parsed (private-use characters, which no
# prompt contains and Markdown leaves alone).
_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_COMMANDS = re.compile(r"\\([A-Za-z]+)")
# Commands latex2mathml does not read, in words it does (for MathML only: LaTeX knows them).
_ALIASED = {"bmod": r"\;\mathrm{mod}\;"}
_MATHML_ALIASES = re.compile(r"\\(bmod)(?![A-Za-z])")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000\ue001]")

_TEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#", "%": r"\%",
    "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
    "\n": " ", "\r": " ", "\t": " ",
}
_TEX_CHARS = re.compile("|".join(re.escape(c) for c in _TEX_SPECIALS))
# Commands a math span may use in the LaTeX output: what the preamble of `exam_paper.tex.j2`
# provides (LaTeX, amsmath, amssymb, bm) and latex2mathml also reads. Anything else is shown as text.
TEX_MATH_COMMANDS = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho", "sigma", "varsigma", "tau", "upsilon", "phi",
    "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi",
    "Psi", "Omega", "times", "cdot", "div", "pm", "mp", "ast", "star", "circ", "bullet", "odot", "otimes", "oplus",
    "cup", "cap", "setminus", "wedge", "vee", "le", "leq", "ge", "geq", "ne", "neq", "approx", "sim", "simeq",
    "cong", "equiv", "propto", "ll", "gg", "in", "notin", "ni", "subset", "subseteq", "supset", "supseteq", "to",
    "rightarrow", "leftarrow", "Rightarrow", "Leftarrow", "Leftrightarrow", "leftrightarrow", "longrightarrow",
    "mapsto", "iff", "implies", "mid", "parallel", "perp", "infty", "partial", "nabla", "forall", "exists",
    "emptyset", "varnothing", "ell", "prime", "dots", "ldots", "cdots", "vdots", "ddots", "top", "bot", "neg",
    "lnot", "sum", "prod", "int", "iint", "oint", "bigcup", "bigcap", "frac", "dfrac", "tfrac", "sqrt", "left",
    "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "middle", "displaystyle", "textstyle",
    "scriptstyle", "text", "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "mathcal", "mathbb", "mathfrak",
    "boldsymbol", "bm", "operatorname", "hat", "widehat", "bar", "overline", "tilde", "widetilde", "vec", "dot",
    "ddot", "check", "breve", "acute", "grave", "underline", "overbrace", "underbrace", "ln", "log", "lg", "exp",
    "sin", "cos", "tan", "sec", "csc", "cot", "sinh", "cosh", "tanh", "coth", "arcsin", "arccos", "arctan", "max",
    "min", "arg", "det", "dim", "ker", "gcd", "lim", "liminf", "limsup", "sup", "inf", "Pr", "deg", "quad", "qquad",
    "begin", "end", "binom", "lfloor", "rfloor", "lceil", "rceil", "langle", "rangle", "lvert", "rvert", "lVert",
    "rVert", "vert", "Vert", "backslash", "colon", "mathop", "limits", "nolimits", "gets", "uparrow", "downarrow",
    "land", "lor", "intercal", "dagger", "angle", "degree", "triangleq", "coloneqq", "doteq", "lt", "gt", "bmod",
})
TEX_ENVIRONMENTS = frozenset({"matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "cases",
                              "aligned", "array", "smallmatrix", "gathered", "split"})
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\s*\{([^}]*)\}")
# `^^5c` is TeX's spelling of a backslash (so `^^5cinput` is `\input`, past the whitelist); a bare
# `%` comments out the rest of the line, closing brace and dollar included; a bare `#` is a macro
# parameter. `\%` and `\#` (control symbols, dropped before the second test) print the characters.
_TEX_CARETS = "^^"
_CONTROL_SYMBOL = re.compile(r"\\[^A-Za-z]")
_TEX_BARE = re.compile(r"[%#]")


def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


_MD = None


def _md() -> Any:
    global _MD
    if _MD is None:
        _MD = _markdown()
    return _MD


@lru_cache(maxsize=65536)
def mathml(latex: str, *, display: bool = False) -> str | None:
    """`latex` (one formula, without its dollars) as MathML, or None when it cannot be read, uses a
    command latex2mathml does not know, or its output holds anything but MathML."""
    from latex2mathml.converter import convert

    try:
        out = convert(_MATHML_ALIASES.sub(lambda m: _ALIASED[m.group(1)], latex),
                      display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds for malformed input; all mean "cannot read"
        return None
    out = _BARE_AMPERSAND.sub("&amp;", out)
    if "<!" in out or "<?" in out:  # a comment, CDATA, a declaration or a processing instruction
        return None
    try:
        root = ET.fromstring(out)
    except ET.ParseError:
        return None
    for element in root.iter():
        tag = element.tag.removeprefix(MATHML_NS) if isinstance(element.tag, str) else ""
        if tag not in MATHML_ELEMENTS or any(a not in MATHML_ATTRIBUTES for a in element.attrib):
            return None
        if "\\" in (element.text or ""):  # an unknown command, copied as its name
            return None
    return _serialise(root)


def _serialise(element: ET.Element) -> str:
    """The checked tree written again as HTML: what the browser reads is exactly what was checked,
    every text and attribute escaped (nothing of latex2mathml's own string reaches the page). No
    namespace: HTML puts <math> in the MathML namespace by itself."""
    tag = str(element.tag).removeprefix(MATHML_NS)
    attributes = "".join(f' {name}="{escape(value)}"' for name, value in element.attrib.items())
    children = "".join(_serialise(child) + str(escape(child.tail or "")) for child in element)
    return f"<{tag}{attributes}>{escape(element.text or '')}{children}</{tag}>"


@lru_cache(maxsize=65536)
def tex_math(latex: str) -> bool:
    """Whether `latex` may go into the LaTeX output as it is: readable, and every command and
    environment in it one the paper's preamble provides, and no `^^`, bare `%` or bare `#` (which
    TeX reads as another character, a comment or a macro parameter)."""
    if _TEX_CARETS in latex or _TEX_BARE.search(_CONTROL_SYMBOL.sub("", latex)) or mathml(latex) is None:
        return False
    if any(name not in TEX_MATH_COMMANDS for name in _COMMANDS.findall(latex)):
        return False
    return all(env.strip() in TEX_ENVIRONMENTS for env in _ENVIRONMENT.findall(latex))


def tex_text(text: str) -> str:
    """Plain text (a name, a title, what a student typed) as LaTeX source that prints it as it is:
    every special character escaped, control characters dropped, line breaks as spaces."""
    return _TEX_CHARS.sub(lambda m: _TEX_SPECIALS[m.group()], _CONTROL.sub("", text))


def _split(text: str) -> tuple[str, list[tuple[str, bool]]]:
    """`text` with each math span replaced by a placeholder, and the spans (LaTeX, display)."""
    spans: list[tuple[str, bool]] = []

    def hold(m: re.Match[str]) -> str:
        display = m.group(1) is not None or m.group(2) is not None
        latex = next(g for g in m.groups() if g is not None)
        spans.append((latex.strip(), display))
        return f"{_OPEN}{len(spans) - 1}{_CLOSE}"

    return MATH.sub(hold, _CONTROL.sub("", text)), spans


class Typesetter:
    """Typesets question texts for one build; counts the formulas that could not be typeset."""

    def __init__(self) -> None:
        self.failures: Counter[str] = Counter()  # LaTeX source -> times it was shown as text

    # -- HTML --------------------------------------------------------------------------------

    def html(self, text: str) -> Markup:
        """A block of Markdown with math (a prompt, an explanation) as HTML."""
        return self._html(text, inline=False)

    def html_inline(self, text: str) -> Markup:
        """One line of Markdown with math (an option, a title) as HTML without a paragraph."""
        return self._html(text, inline=True)

    def _html(self, text: str, *, inline: bool) -> Markup:
        held, spans = _split(text)
        rendered = _html_markdown(held, inline)
        return Markup(_PLACEHOLDER.sub(lambda m: self._math_html(*spans[int(m.group(1))]), rendered))

    def _math_html(self, latex: str, display: bool) -> str:
        converted = mathml(latex, display=display)
        if converted is not None:
            return converted
        self.failures[latex] += 1
        fence = "$$" if display else "$"
        return f'<code class="tex">{escape(fence + latex + fence)}</code>'

    # -- LaTeX -------------------------------------------------------------------------------

    def tex(self, text: str) -> str:
        """A block of Markdown with math as LaTeX (paragraphs, lists...)."""
        held, spans = _split(text)
        return self._tex_tokens(_md().parse(held), spans).strip()

    def tex_inline(self, text: str) -> str:
        """One line of Markdown with math as LaTeX, no paragraph breaks."""
        held, spans = _split(text)
        tokens = _md().parseInline(held)
        return self._tex_inline(tokens[0].children or [] if tokens else [], spans).strip()

    def _math_tex(self, latex: str, display: bool) -> str:
        if tex_math(latex):
            return f"\\[{latex}\\]" if display else f"${latex}$"
        self.failures[latex] += 1
        fence = "$$" if display else "$"
        return f"\\texttt{{{tex_text(fence + latex + fence)}}}"

    def _tex_text(self, text: str, spans: Sequence[tuple[str, bool]]) -> str:
        out: list[str] = []
        last = 0
        for m in _PLACEHOLDER.finditer(text):
            out.append(tex_text(text[last:m.start()]))
            out.append(self._math_tex(*spans[int(m.group(1))]))
            last = m.end()
        out.append(tex_text(text[last:]))
        return "".join(out)

    def _tex_inline(self, children: Sequence[Any], spans: Sequence[tuple[str, bool]]) -> str:
        out: list[str] = []
        links: list[str] = []  # the URLs of the links open: each is written after its text
        for tok in children:
            kind = tok.type
            if kind == "softbreak":
                out.append("\n")
            elif kind == "hardbreak":
                out.append("\\newline\n")
            elif kind in ("strong_open", "em_open"):
                out.append("\\textbf{" if kind == "strong_open" else "\\emph{")
            elif kind in ("strong_close", "em_close"):
                out.append("}")
            elif kind == "code_inline":
                out.append(f"\\texttt{{{self._tex_text(tok.content, spans)}}}")
            elif kind == "link_open":
                links.append(str(tok.attrGet("href") or ""))
            elif kind == "link_close":
                href = links.pop() if links else ""
                out.append(f" ({tex_text(href)})" if href else "")
            elif tok.content:  # text, an image's alternative text
                out.append(self._tex_text(tok.content, spans))
        return "".join(out)

    def _tex_tokens(self, tokens: Sequence[Any], spans: Sequence[tuple[str, bool]]) -> str:
        out: list[str] = []
        row: list[str] | None = None  # the cells of the table row being read
        for i, tok in enumerate(tokens):
            kind = tok.type
            if kind == "inline" and row is not None:
                row[-1] += self._tex_inline(tok.children or [], spans)
            elif kind == "inline":
                out.append(self._tex_inline(tok.children or [], spans))
            elif kind == "table_open":
                columns = 0
                for later in tokens[i + 1:]:
                    if later.type == "tr_close":
                        break
                    columns += later.type in ("th_open", "td_open")
                out.append("\\begin{center}\\begin{tabular}{|" + "l|" * max(columns, 1) + "}\\hline\n")
            elif kind == "table_close":
                out.append("\\end{tabular}\\end{center}\n\n")
            elif kind == "tr_open":
                row = []
            elif kind in ("th_open", "td_open") and row is not None:
                row.append("")
            elif kind == "tr_close" and row is not None:
                out.append(" & ".join(row) + " \\\\ \\hline\n")
                row = None
            elif kind == "paragraph_open":
                continue
            elif kind == "paragraph_close":
                out.append("" if tok.hidden else "\n\n")
            elif kind in ("bullet_list_open", "ordered_list_open"):
                out.append("\\begin{itemize}\n" if kind == "bullet_list_open" else "\\begin{enumerate}\n")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                out.append("\\end{itemize}\n\n" if kind == "bullet_list_close" else "\\end{enumerate}\n\n")
            elif kind == "list_item_open":
                out.append("\\item{} ")
            elif kind == "list_item_close":
                out.append("\n")
            elif kind == "heading_open":
                out.append("\\par\\textbf{")
            elif kind == "heading_close":
                out.append("}\\par\n")
            elif kind == "blockquote_open":
                out.append("\\begin{quote}\n")
            elif kind == "blockquote_close":
                out.append("\\end{quote}\n")
            elif kind in ("fence", "code_block"):
                lines = tok.content.rstrip("\n").split("\n")
                body = "\\\\\n".join("\\mbox{}" + tex_text(line).replace(" ", "~") for line in lines)
                out.append(f"\\begin{{flushleft}}\\ttfamily\n{body}\n\\end{{flushleft}}\n\n")
            elif kind == "hr":
                out.append("\\par\\noindent\\rule{\\linewidth}{0.4pt}\\par\n")
        return "".join(out)


@lru_cache(maxsize=65536)
def _html_markdown(text: str, inline: bool) -> str:
    return str(_md().renderInline(text) if inline else _md().render(text))
