"""XOR needs a hidden layer with a non-linear activation: the step from perceptron to MLP (002 §1-2)."""

import numpy as np

from grader.bank.authoring import Choice, Int, Meta, OneOf, Option, draw_pool, pool_options, pool_schema

META = Meta(
    title={"en": "From the perceptron to the multilayer perceptron", "zh": "从感知机到多层感知机"},
    kind="choice",
    difficulty=1,
    points=2,
    source="002 §1 感知机, §2 多层感知机 (引出非线性问题); 003 激活函数的作用",
    tags=("perceptron", "mlp", "xor", "linear separability"),
    covers="perceptron",
    check=Choice(),
)

RIGHT = [
    Option({"en": "Put a hidden layer of two units with a non-linear activation (step or sigmoid) before the output",
            "zh": "在输出之前加一个含两个单元、带非线性激活（阶跃或 sigmoid）的隐藏层"}, correct=True),
    Option({"en": "Use a multilayer perceptron: hidden units for OR and NAND, and an output unit for their {{ 'AND' if target == 'XOR' else 'NAND' }}",
            "zh": "改用多层感知机：隐藏单元分别计算 OR 和 NAND，输出单元计算二者的 {{ 'AND' if target == 'XOR' else 'NAND' }}"}, correct=True),
]

WRONG = [
    Option({"en": "Keep the single perceptron and train it for more epochs with a smaller learning rate",
            "zh": "仍用单个感知机，但用更小的学习率训练更多轮"},
           feedback={"en": "No line separates the {{ target }} classes, so the perceptron rule never converges: it keeps cycling "
                           "through mistakes however long it trains.",
                     "zh": "{{ target }} 的两类样本不能被任何直线分开，所以感知机规则永远不会收敛：无论训练多久，它都会在错误之间来回循环。"}),
    Option({"en": "Insert a hidden layer of linear units, without any activation function, before the output",
            "zh": "在输出之前插入一个由线性单元组成、不带任何激活函数的隐藏层"},
           feedback={"en": "Linear layers compose into one linear layer, so the decision boundary is still a single line.",
                     "zh": "线性层复合后仍是一个线性层，决策边界仍然只是一条直线。"}),
    Option({"en": "Give the perceptron a second output unit, so that each class gets its own output",
            "zh": "给感知机加第二个输出单元，让每一类各有一个输出"},
           feedback={"en": "Each output unit is still a linear separator of the inputs; neither can separate {{ target }}.",
                     "zh": "每个输出单元仍是输入的一个线性分类器，哪一个都分不开 {{ target }}。"}),
    Option({"en": "Replace the perceptron's step function by a sigmoid and threshold its output at 0.5",
            "zh": "把感知机的阶跃函数换成 sigmoid，再以 0.5 为阈值输出"},
           feedback={"en": "σ(w·x + b) > 0.5 exactly when w·x + b > 0: the boundary is the same straight line.",
                     "zh": "σ(w·x + b) > 0.5 当且仅当 w·x + b > 0：边界还是同一条直线。"}),
    Option({"en": "Standardise the two inputs to mean 0 and variance 1 before feeding them in",
            "zh": "输入前先把两个输入标准化为均值 0、方差 1"},
           feedback={"en": "Shifting and scaling the inputs maps lines to lines, so it cannot make {{ target }} separable.",
                     "zh": "对输入平移和缩放只会把直线变成直线，不能让 {{ target }} 变得线性可分。"}),
]

PARAMS = {**pool_schema(RIGHT, WRONG), "target": OneOf(("XOR", "XNOR")), "epochs": Int(1, 1_000_000)}


def generate(rng: np.random.Generator) -> dict:
    return {**draw_pool(rng, RIGHT, WRONG), "target": str(rng.choice(["XOR", "XNOR"])),
            "epochs": int(rng.choice([100, 500, 1000, 10_000]))}


def options(p):
    return pool_options(p, RIGHT, WRONG)


PROMPT = {
    "en": r"""A single perceptron ($\operatorname{step}(w_1 x_1 + w_2 x_2 + b)$) is trained on the four samples of {{ target }} of two binary inputs
{{ "(output 1 when exactly one input is 1)" if target == "XOR" else "(output 1 when both inputs are equal)" }}. After {{ epochs }} epochs it still
misclassifies at least one sample. Which change makes it possible to compute {{ target }} exactly?""",
    "zh": r"""用 {{ target }} 的四个样本（两个二值输入，{{ "恰有一个输入为 1 时输出 1" if target == "XOR" else "两个输入相等时输出 1" }}）训练单个感知机
（$\operatorname{step}(w_1 x_1 + w_2 x_2 + b)$）。训练 {{ epochs }} 轮后，它仍至少分错一个样本。下列哪种改动能让网络准确计算 {{ target }}？""",
}

EXPLANATION = {
    "en": r"""A perceptron's decision boundary is one straight line, and {{ target }} is not linearly separable: $(0,1), (1,0)$ must fall on one
side and $(0,0), (1,1)$ on the other. More training, a sigmoid instead of the step, standardised inputs, extra output
units or extra *linear* layers all keep a linear boundary. A hidden layer with a non-linear activation changes that:
{% if target == "XOR" %}with $h_1 = \mathrm{OR}(x_1, x_2)$ and $h_2 = \mathrm{NAND}(x_1, x_2)$ (each a perceptron), $\mathrm{XOR} = \mathrm{AND}(h_1, h_2)$.
{% else %}with $h_1 = \mathrm{OR}(x_1, x_2)$ and $h_2 = \mathrm{NAND}(x_1, x_2)$ (each a perceptron), $\mathrm{XNOR} = \mathrm{NAND}(h_1, h_2)$; the
same hidden layer with an AND output gives XOR.
{% endif %}
This is the notes' step from the perceptron to the multilayer perceptron (多层感知机, 引出非线性问题).""",
    "zh": r"""感知机的决策边界是一条直线，而 {{ target }} 不是线性可分的：$(0,1), (1,0)$ 必须在一侧，$(0,0), (1,1)$ 在另一侧。
多训练、把阶跃换成 sigmoid、标准化输入、增加输出单元或增加*线性*层，边界都仍是线性的。带非线性激活的隐藏层改变了这一点：
{% if target == "XOR" %}令 $h_1 = \mathrm{OR}(x_1, x_2)$，$h_2 = \mathrm{NAND}(x_1, x_2)$（各是一个感知机），则 $\mathrm{XOR} = \mathrm{AND}(h_1, h_2)$。
{% else %}令 $h_1 = \mathrm{OR}(x_1, x_2)$，$h_2 = \mathrm{NAND}(x_1, x_2)$（各是一个感知机），则 $\mathrm{XNOR} = \mathrm{NAND}(h_1, h_2)$；
同样的隐藏层配上 AND 输出就得到 XOR。
{% endif %}
这就是笔记中从感知机到多层感知机的一步（引出非线性问题）。""",
}
