"""Hold-out split counts with PyTorch's random_split(dataset, fractions): each part gets
floor(fraction · n) samples, and the leftover samples go one at a time, round-robin, to the parts in
order (training first). Two-way splits (the notes' 7:3) and three-way train/dev/test splits."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, draw_distinct

META = Meta(
    title={"en": "Hold-out split: how many samples in each part?", "zh": "留出法：每部分有多少样本？"},
    kind="numeric",
    difficulty=1,
    points=1,
    source="003 模型评估方法 (Holdout检验, 训练集:验证集=7:3); 000 三类数据集",
    tags=("evaluation", "hold-out", "data splits", "random_split"),
    covers="data_splits",
    check=Numeric(exact_integer=True),
)

SPLITS = {  # percentages of (training, validation[, test])
    "70/30": (70, 30),
    "80/20": (80, 20),
    "60/20/20": (60, 20, 20),
    "80/10/10": (80, 10, 10),
    "70/15/15": (70, 15, 15),
}
PART_NAMES = {
    "en": ("training set", "validation (dev) set", "test set"),
    "zh": ("训练集", "验证集（开发集）", "测试集"),
}

PARAMS = {
    "n": Int(10, 1_000_000),
    "split": OneOf(tuple(SPLITS)),
    "part": Int(0, 2),
}


def sizes(n, percents, *, leftover_from_end=False):
    """floor(n·f) per part, then the leftover one by one round-robin from the first part (or, for the
    mistake, from the last one)."""
    out = [n * pct // 100 for pct in percents]
    order = list(range(len(out)))[::-1] if leftover_from_end else list(range(len(out)))
    for i in range(n - sum(out)):
        out[order[i % len(out)]] += 1
    return out


def _draw(rng):
    split = str(rng.choice(list(SPLITS)))
    return {"n": int(rng.integers(50, 5000)), "split": split, "part": int(rng.integers(len(SPLITS[split])))}


def _float_agrees(p):
    """Keep n where floor(n · fraction) in floating point (what random_split computes) equals the exact
    floor, so that the stated rule and PyTorch agree."""
    import math

    return all(math.floor(p["n"] * (pct / 100)) == p["n"] * pct // 100 for pct in SPLITS[p["split"]])


def _keep(p):
    return p["part"] < len(SPLITS[p["split"]]) and _float_agrees(p)


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, keep=_keep)


def answer(p: dict) -> int:
    return sizes(p["n"], SPLITS[p["split"]])[p["part"]]


def _leftover_from_end(p):
    return sizes(p["n"], SPLITS[p["split"]], leftover_from_end=True)[p["part"]]


def _floor_only(p):
    return p["n"] * SPLITS[p["split"]][p["part"]] // 100


def _nearest(p):
    return int(p["n"] * SPLITS[p["split"]][p["part"]] / 100 + 0.5)


def _unless_seen(value, *earlier):
    """A mistake that applies only where its value differs from the key and from the mistakes listed
    before it (whose feedback then covers that value)."""
    def mistake(p):
        v = value(p)
        return None if v == answer(p) or any(v == e(p) for e in earlier) else v
    return mistake


MISTAKES = [
    Mistake(
        _unless_seen(_leftover_from_end),
        {"en": "The leftover samples go to the parts in order, starting with the training set (random_split's "
               "round-robin), not to the last parts. (scikit-learn's train_test_split instead rounds the test part up.)",
         "zh": "剩下的样本按顺序、从训练集开始逐个分配（random_split 的轮流分配），而不是分给最后几部分。"
               "（scikit-learn 的 train_test_split 则是把测试部分向上取整。）"},
    ),
    Mistake(
        _unless_seen(_floor_only, _leftover_from_end),
        {"en": "That is only ⌊f·n⌋: the parts then do not add up to n, and the leftover samples are handed out one at "
               "a time, starting with the training set.",
         "zh": "这只是 ⌊f·n⌋：各部分加起来不等于 n，剩下的样本要从训练集开始逐个分出去。"},
    ),
    Mistake(
        _unless_seen(_nearest, _leftover_from_end, _floor_only),
        {"en": "Rounding each part to the nearest integer is not the rule (and the parts may not add up to n): "
               "floor each part, then hand out the leftover from the training set on.",
         "zh": "规则不是把每部分四舍五入（那样各部分之和可能不等于 n）：先对每部分向下取整，再从训练集开始分配剩余样本。"},
    ),
]

PROMPT = {
    "en": r"""{% set pcts = {"70/30": [70, 30], "80/20": [80, 20], "60/20/20": [60, 20, 20], "80/10/10": [80, 10, 10], "70/15/15": [70, 15, 15]}[split] %}
{% set names = ["training set", "validation (dev) set", "test set"] %}
A data set of $n = {{ n }}$ samples is split by hold-out into {% for pct in pcts %}a {{ names[loop.index0] }} of {{ pct }} %{{ ", " if not loop.last and loop.revindex > 2 else (" and " if not loop.last else "") }}{% endfor %},
with PyTorch's `random_split(dataset, [{% for pct in pcts %}{{ pct / 100 }}{{ ", " if not loop.last }}{% endfor %}])`:
each part first gets $\lfloor f \cdot n \rfloor$ samples for its fraction $f$, and the samples left over are then
given one at a time, round-robin, to the parts in the order listed (training set first).

How many samples end up in the **{{ names[part] }}**? Give an integer.""",
    "zh": r"""{% set pcts = {"70/30": [70, 30], "80/20": [80, 20], "60/20/20": [60, 20, 20], "80/10/10": [80, 10, 10], "70/15/15": [70, 15, 15]}[split] %}
{% set names = ["训练集", "验证集（开发集）", "测试集"] %}
用留出法把 $n = {{ n }}$ 个样本划分为 {% for pct in pcts %}{{ pct }}% 的{{ names[loop.index0] }}{{ "、" if not loop.last }}{% endfor %}，
使用 PyTorch 的 `random_split(dataset, [{% for pct in pcts %}{{ pct / 100 }}{{ ", " if not loop.last }}{% endfor %}])`：
每部分先按其比例 $f$ 得到 $\lfloor f \cdot n \rfloor$ 个样本，剩下的样本再按上面列出的顺序（训练集在先）逐个轮流分配。

最终**{{ names[part] }}**有多少个样本？请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""{% set pcts = {"70/30": [70, 30], "80/20": [80, 20], "60/20/20": [60, 20, 20], "80/10/10": [80, 10, 10], "70/15/15": [70, 15, 15]}[split] %}
{% set names = ["training set", "validation (dev) set", "test set"] %}
{% set floors = [] %}{% for pct in pcts %}{% set _ = floors.append(n * pct // 100) %}{% endfor %}
{% set left = n - floors|sum %}
Floors: {% for pct in pcts %}$\lfloor {{ pct / 100 }} \times {{ n }} \rfloor = {{ floors[loop.index0] }}${{ ", " if not loop.last }}{% endfor %};
together {{ floors|sum }}, so {{ left }} sample(s) are left over{% if left %} and go, one each, to the first {{ left }} part(s) in order{% endif %}.
The {{ names[part] }} gets ${{ floors[part] }}{% if part < left %} + 1 = {{ floors[part] + 1 }}{% endif %}$ samples.
(The notes split training : validation = 7 : 3; with a three-way split the dev set chooses hyper-parameters and the test
set is kept for the final estimate.)""",
    "zh": r"""{% set pcts = {"70/30": [70, 30], "80/20": [80, 20], "60/20/20": [60, 20, 20], "80/10/10": [80, 10, 10], "70/15/15": [70, 15, 15]}[split] %}
{% set names = ["训练集", "验证集（开发集）", "测试集"] %}
{% set floors = [] %}{% for pct in pcts %}{% set _ = floors.append(n * pct // 100) %}{% endfor %}
{% set left = n - floors|sum %}
向下取整：{% for pct in pcts %}$\lfloor {{ pct / 100 }} \times {{ n }} \rfloor = {{ floors[loop.index0] }}${{ "，" if not loop.last }}{% endfor %}；
合计 {{ floors|sum }}，剩下 {{ left }} 个样本{% if left %}，按顺序给前 {{ left }} 个部分各加 1 个{% endif %}。
{{ names[part] }}得到 ${{ floors[part] }}{% if part < left %} + 1 = {{ floors[part] + 1 }}{% endif %}$ 个样本。
（笔记中按训练集 : 验证集 = 7 : 3 划分；三分时，开发集用于挑选超参数，测试集留作最终的泛化误差估计。）""",
}
