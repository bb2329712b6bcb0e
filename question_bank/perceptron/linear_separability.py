"""Which Boolean function can a single perceptron not compute? XOR / XNOR are not linearly
separable; AND, OR and the other non-constant functions of two inputs are (002 §1)."""

import numpy as np

from grader.bank.authoring import Choice, Meta, OneOf, Option, Seq

from ._boolean import NAMES, NOT_SEPARABLE, SEPARABLE, SEPARATING, TABLES

META = Meta(
    title={"en": "Linear separability of Boolean functions", "zh": "布尔函数的线性可分性"},
    kind="choice",
    difficulty=2,
    points=2,
    source="002 §1 感知机 (与、或、非这样的简单的线性可分问题), §2 多层感知机 (引出非线性问题)",
    tags=("perceptron", "linear separability", "xor"),
    covers="perceptron",
    check=Choice(),
)

PARAMS = {
    "target": OneOf(NOT_SEPARABLE),
    "others": Seq(OneOf(SEPARABLE), 3, 3),
}


def generate(rng: np.random.Generator) -> dict:
    # AND and OR, the notes' own examples, appear more often than the other separable functions.
    weights = np.array([3.0 if name in ("and", "or") else 1.0 for name in SEPARABLE])
    others = rng.choice(len(SEPARABLE), size=3, replace=False, p=weights / weights.sum())
    return {"target": str(rng.choice(NOT_SEPARABLE)), "others": sorted(SEPARABLE[int(i)] for i in others)}


def _table(name):
    return ", ".join(str(v) for v in TABLES[name])


def _line(name):
    """The separating rule written plainly, e.g. "x₁ − x₂ − 0.5 > 0"."""
    terms = []
    for coef, var in zip(SEPARATING[name], ("x₁", "x₂", "")):
        if coef == 0:
            continue
        size = f"{abs(coef):g}" if var == "" or abs(coef) != 1 else ""
        sign = "−" if coef < 0 else "+"
        terms.append((sign, size + var))
    first_sign, first = terms[0]
    text = ("−" if first_sign == "−" else "") + first
    return text + "".join(f" {sign} {term}" for sign, term in terms[1:]) + " > 0"


def options(p):
    out = [Option({"en": f"outputs {_table(p['target'])}", "zh": f"输出 {_table(p['target'])}"}, correct=True)]
    for name in p["others"]:
        out.append(Option(
            {"en": f"outputs {_table(name)}", "zh": f"输出 {_table(name)}"},
            feedback={"en": f"That is {NAMES[name]['en']}, which is linearly separable: the perceptron with "
                            f"{_line(name)} computes it.",
                      "zh": f"这是{NAMES[name]['zh']}，它是线性可分的：感知机 {_line(name)} 就能计算它。"},
        ))
    return out


PROMPT = {
    "en": r"""A single perceptron with inputs $x_1, x_2 \in \{0, 1\}$ outputs 1 when $w_1 x_1 + w_2 x_2 + b > 0$ and 0 otherwise,
for weights and bias of our choice. Each option lists a Boolean function's outputs for the inputs
$(x_1, x_2) = (0,0), (0,1), (1,0), (1,1)$, in that order.

Which function can **no** choice of $w_1, w_2, b$ make the perceptron compute?""",
    "zh": r"""单个感知机的输入为 $x_1, x_2 \in \{0, 1\}$，当 $w_1 x_1 + w_2 x_2 + b > 0$ 时输出 1，否则输出 0，权重和偏置可以任意选择。
每个选项依次列出一个布尔函数在输入 $(x_1, x_2) = (0,0), (0,1), (1,0), (1,1)$ 上的输出。

哪个函数是感知机无论怎样选择 $w_1, w_2, b$ 都**不能**计算的？""",
}

EXPLANATION = {
    "en": r"""{% set xor = target == "xor" %}The perceptron draws one straight line $w_1 x_1 + w_2 x_2 + b = 0$ and outputs 1 on one side of it. The
outputs {{ "0, 1, 1, 0 are XOR" if xor else "1, 0, 0, 1 are XNOR (equality)" }}: the points $(0,1)$ and $(1,0)$ must be on one side and
$(0,0)$ and $(1,1)$ on the other. No line does that: the conditions
{% if xor %}$b \le 0$, $w_2 + b > 0$, $w_1 + b > 0$, $w_1 + w_2 + b \le 0${% else %}$b > 0$, $w_2 + b \le 0$, $w_1 + b \le 0$, $w_1 + w_2 + b > 0${% endif %}
contradict each other (add the middle two and compare with the sum of the outer two). {{ "XOR" if xor else "XNOR" }} is not linearly
separable, which is why the notes move on from the perceptron to the multilayer perceptron: one hidden layer with
two units suffices. Every other option is linearly separable (AND, OR, NOT and their combinations listed in the
feedback each have a separating line).""",
    "zh": r"""{% set xor = target == "xor" %}感知机画一条直线 $w_1 x_1 + w_2 x_2 + b = 0$，在它的一侧输出 1。输出 {{ "0, 1, 1, 0 是异或（XOR）" if xor else "1, 0, 0, 1 是同或（XNOR，相等）" }}：
点 $(0,1)$ 和 $(1,0)$ 必须在一侧，$(0,0)$ 和 $(1,1)$ 在另一侧。没有直线能做到：条件
{% if xor %}$b \le 0$，$w_2 + b > 0$，$w_1 + b > 0$，$w_1 + w_2 + b \le 0${% else %}$b > 0$，$w_2 + b \le 0$，$w_1 + b \le 0$，$w_1 + w_2 + b > 0${% endif %}
相互矛盾（把中间两个相加，与外侧两个之和比较即可）。{{ "XOR" if xor else "XNOR" }} 不是线性可分的，这正是笔记从感知机引出多层感知机的原因：
一个含两个单元的隐藏层就够了。其余选项都是线性可分的（与、或、非及其组合，反馈中给出了各自的分界线）。""",
}
