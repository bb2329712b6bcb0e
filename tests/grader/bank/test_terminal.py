"""Math for the terminal (grader.bank.terminal): LaTeX in prompts becomes readable Unicode text."""

import random
import re

import pytest

from grader.bank import load_bank, make_variant
from grader.bank.terminal import display_width, math_to_text, to_terminal

CASES = [
    # matrices: bracketed rows; a column is a transposed row
    (r"\begin{bmatrix} 0.1 & 0.2 \\ 0.3 & 0.4 \end{bmatrix}", "[[0.1, 0.2], [0.3, 0.4]]"),
    (r"\begin{bmatrix} 0.05 \\ 0.10 \end{bmatrix}", "[0.05, 0.10]ᵀ"),
    (r"\begin{pmatrix} a & b \end{pmatrix}", "(a, b)"),
    (r"W_1 = \begin{bmatrix} w_1 & w_2 \\ w_3 & w_4 \end{bmatrix}", "W₁ = [[w₁, w₂], [w₃, w₄]]"),
    # fractions: a/b, brackets where the reading needs them
    (r"\dfrac{\partial E}{\partial w}", "∂E/∂w"),
    (r"\frac{\partial L}{\partial w_{8}}", "∂L/∂w₈"),
    (r"\frac{\partial^2 E}{\partial w^2}", "∂²E/∂w²"),
    (r"\frac{1}{1+e^{-z}}", "1/(1 + e⁻ᶻ)"),
    (r"\frac{a+b}{c+d}", "(a + b)/(c + d)"),
    (r"\frac{ab}{c}", "ab/c"),
    (r"\frac{1}{2n}", "1/(2n)"),
    (r"\frac{-b}{2a}", "−b/(2a)"),
    (r"\dfrac{\sigma - y}{\sigma(1 - \sigma)}", "(σ − y)/(σ(1 − σ))"),
    (r"\frac{1}{\tanh(z)}", "1/tanh(z)"),
    (r"\tfrac12 (y - t)^2", "(1/2) (y − t)²"),
    (r"\frac12 x", "(1/2) x"),
    (r"x\frac{1}{2}", "x(1/2)"),
    (r"\left(1 - \frac{1}{n}\right)^{n}", "(1 − 1/n)ⁿ"),
    (r"\frac{1}{n}\sum_{i} x_i", "(1/n) ∑ᵢ xᵢ"),
    (r"\frac{d\sigma}{dz} = \sigma(1 - \sigma)", "dσ/dz = σ(1 − σ)"),
    # scripts: Unicode where every character has one, else _(...) / ^(...)
    (r"w_{ 8 }", "w₈"),
    (r"x^{2}", "x²"),
    (r"e^{-z}", "e⁻ᶻ"),
    (r"x_{t-1}", "xₜ₋₁"),
    (r"y_{pred}", "y_(pred)"),
    (r"e^{z_j}", "e^(zⱼ)"),
    (r"\delta_{o_1}", "δₒ₁"),
    (r"\theta_{j}^{(l)}", "θⱼ⁽ˡ⁾"),
    (r"W^\top x", "Wᵀx"),
    (r"10^{-3}", "10⁻³"),
    (r"\sum_{i=1}^{n} x_i", "∑ᵢ₌₁ⁿ xᵢ"),
    (r"\prod_{k=1}^{t} W", "∏ₖ₌₁ᵗ W"),
    (r"\text{target}_j - o_j", "targetⱼ − oⱼ"),
    # operators, relations, Greek letters, functions
    (r"3 \times 4", "3 × 4"),
    (r"a \cdot b", "a · b"),
    (r"\left\lfloor \frac{W - K + 2P}{S} \right\rfloor + 1", "⌊(W − K + 2P)/S⌋ + 1"),
    (r"\lceil x \rceil", "⌈x⌉"),
    (r"\sigma(z) = 1/(1 + e^{-z})", "σ(z) = 1/(1 + e⁻ᶻ)"),
    (r"\alpha\beta\Gamma\eta\lambda", "αβΓηλ"),
    (r"y \in \{0, 1\}", "y ∈ {0, 1}"),
    (r"a \le b \ne c \approx d", "a ≤ b ≠ c ≈ d"),
    (r"n \to \infty", "n → ∞"),
    (r"-x + 3", "−x + 3"),
    (r"\big[\,y \ln \sigma(wx + b) + (1 - y)\ln\big(1 - \sigma(wx + b)\big)\big]",
     "[y ln σ(wx + b) + (1 − y) ln(1 − σ(wx + b))]"),
    (r"\displaystyle\lim_{n \to \infty} \left(1 - \frac{1}{n}\right)^{n}", "lim_(n → ∞) (1 − 1/n)ⁿ"),
    (r"O(\log n)", "O(log n)"),
    (r"\log_2 n", "log₂ n"),
    (r"\left|\frac{\partial h_t}{\partial h_{t-1}}\right| \le 0.25", "|∂hₜ/∂hₜ₋₁| ≤ 0.25"),
    (r"\lambda \lVert w \rVert_1", "λ‖w‖₁"),
    (r"\|w\|_2^2", "‖w‖₂²"),
    (r"h \odot c", "h ⊙ c"),
    # roots, accents, text and names
    (r"\sqrt{x}", "√x"),
    (r"\sqrt{x+1}", "√(x + 1)"),
    (r"\sqrt[3]{x}", "∛x"),
    (r"\frac{1}{\sqrt{d_k}}", "1/√dₖ"),
    (r"\hat{y}", "ŷ"),
    (r"\hat y = \sigma(wx + b)", "ŷ = σ(wx + b)"),
    (r"\bar{x}_i", "x̄ᵢ"),
    (r"\hat{\sigma}^2", "σ̂²"),
    (r"\mathrm{e}", "e"),
    (r"\operatorname{sign}(w)", "sign(w)"),
    (r"\operatorname{softmax}(e)_j", "softmax(e)ⱼ"),
    (r"\mathbb{R}^{n}", "ℝⁿ"),
    (r"\text{if } x > 0", "if x > 0"),
    (r"\binom{n}{k}", "C(n, k)"),
    # spacing
    (r"a \quad b", "a  b"),
    (r"h = \sigma(W_1 x + b_1),\qquad o = \sigma(W_2 h + b_2)", "h = σ(W₁ x + b₁),    o = σ(W₂ h + b₂)"),
    (r"(\sigma - y)\,x", "(σ − y) x"),
    (r"f'(x) + \sigma''(z)", "f′(x) + σ′′(z)"),
    # environments
    (r"\begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}", "{x, x > 0; 0, otherwise}"),
    (r"f(u) = \begin{cases} u, & u > 0,\\ \alpha u, & u \le 0,\end{cases}", "f(u) = {u, u > 0; αu, u ≤ 0}"),
    (r"\begin{aligned} a &= b \\ c &= d \end{aligned}", "a = b\nc = d"),
    # unknown commands stay readable, malformed input renders as far as it goes
    (r"\foo{x} + y", "foo(x) + y"),
    (r"\frobnicate", "frobnicate"),
    (r"\frac{", "/"),
    (r"x^", "x"),
    (r"{a", "a"),
    (r"a}", "a"),
]


@pytest.mark.parametrize("latex, expected", CASES)
def test_latex_renders_as_readable_text(latex, expected):
    assert math_to_text(latex) == expected


def test_text_around_math_is_kept_and_display_math_gets_its_own_line():
    source = "trained with the loss\n$$E = -\\big[y \\ln \\sigma\\big]$$\nfor one sample $(x, y)$, $y \\in (0, 1)$. Costs \\$5."
    assert to_terminal(source) == "trained with the loss\n    E = −[y ln σ]\nfor one sample (x, y), y ∈ (0, 1). Costs $5."
    assert to_terminal("a $$x^2$$ b") == "a\n    x²\nb"
    assert to_terminal(r"inline \(x_1\) and display \[y^2\]") == "inline x₁ and display\n    y²"
    assert to_terminal("no math here") == "no math here"
    assert to_terminal("a lone $ sign") == "a lone $ sign"


def test_display_width_counts_wide_characters_twice():
    assert display_width("ab") == 2 and display_width("中文") == 4 and display_width("ŷ") == 1


def test_hostile_or_random_latex_never_raises():
    rng = random.Random(0)
    alphabet = ["\\frac", "\\sqrt", "{", "}", "^", "_", "&", "\\\\", "\\begin{bmatrix}", "\\end{bmatrix}", "\\left(",
                "\\right)", "x", "1", " ", "\\hat", "\\text{", "$", "\\", "\\begin{cases}", "[", "]", "\\not", "'"]
    for _ in range(2000):
        source = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert isinstance(to_terminal(f"${source}$"), str)
        assert isinstance(math_to_text(source), str)
    assert isinstance(math_to_text("{" * 5000 + "x" + "}" * 5000), str)


_COMMAND_LEFT = re.compile(r"\\[A-Za-z]+|\\[{}_^,;!|]")


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_every_prompt_explanation_and_option_renders_without_latex_commands(bank):
    """Every question of the bundled bank, both languages, a few seeds: no LaTeX command and no
    math delimiter is left in what the terminal shows."""
    leftovers = []
    for question in bank:
        for seed in range(3):
            variant = make_variant(question, seed=seed)
            for lang in ("en", "zh"):
                texts = [question.meta.title[lang], variant.prompt(lang), variant.explanation(lang),
                         *(c["text"] for c in variant.choices(lang))]
                for text in texts:
                    shown = to_terminal(text)
                    # every $ still shown was written \$ (a dollar sign, not math)
                    found = _COMMAND_LEFT.findall(shown) + (["$"] if shown.count("$") != text.count("\\$") else [])
                    if found:
                        leftovers.append((question.id, seed, lang, found[:3]))
    assert not leftovers, leftovers[:10]


def test_markdown_bold_markers_are_dropped_but_powers_stay():
    assert to_terminal("用的是第 $t$ 步**之前**的值, **each** side") == "用的是第 t 步之前的值, each side"
    assert to_terminal("2**3 and x**2 stay") == "2**3 and x**2 stay"
