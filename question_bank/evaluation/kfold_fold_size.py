"""k-fold cross-validation: the size of the i-th validation fold, or of the training set of round i,
when k does not (or does) divide n. Convention of scikit-learn's KFold and numpy.array_split: the
first n mod k folds get one sample more than the others."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, draw_distinct

META = Meta(
    title={"en": "k-fold cross-validation: fold sizes", "zh": "k 折交叉验证：每折的大小"},
    kind="numeric",
    difficulty=1,
    points=1,
    source="003 模型评估方法 (k折交叉验证); 000 Cross Validation – 交叉验证",
    tags=("evaluation", "cross-validation", "k-fold"),
    covers="data_splits",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "n": Int(2, 1_000_000),
    "k": Int(2, 100),
    "fold": Int(1, 100),
    "ask": OneOf(("fold", "train")),
}


def fold_size(n, k, i):
    """Size of fold i (1-based) in the stated convention."""
    return n // k + (1 if i <= n % k else 0)


def _draw(rng):
    k = int(rng.choice([3, 4, 5, 5, 6, 8, 10, 10]))
    n = int(rng.integers(5 * k, 2000))
    if rng.random() < 0.25:
        n -= n % k  # k divides n now and then: then every fold has n/k samples
    return {"n": n, "k": k, "fold": int(rng.integers(1, k + 1)), "ask": str(rng.choice(["fold", "train"]))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES)


def answer(p: dict) -> int:
    size = fold_size(p["n"], p["k"], p["fold"])
    return size if p["ask"] == "fold" else p["n"] - size


def _other_group(p):
    """The fold size of the other group: the extra sample given to the wrong folds (or forgotten)."""
    n, k, i = p["n"], p["k"], p["fold"]
    if n % k == 0:
        return None
    size = n // k + (0 if i <= n % k else 1)
    return size if p["ask"] == "fold" else n - size


def _swapped(p):
    size = fold_size(p["n"], p["k"], p["fold"])
    return p["n"] - size if p["ask"] == "fold" else size


def _k_minus_one_folds(p):
    n, k, i = p["n"], p["k"], p["fold"]
    if p["ask"] != "train" or n % k == 0:
        return None
    return (k - 1) * fold_size(n, k, i)


MISTAKES = [
    Mistake(
        _other_group,
        {"en": "Check where the remainder goes: with n = qk + r, the FIRST r folds get q + 1 samples and the other "
               "k − r folds get q (scikit-learn's KFold, numpy.array_split).",
         "zh": "注意余数分到哪里：n = qk + r 时，前 r 折各有 q + 1 个样本，其余 k − r 折各有 q 个（scikit-learn 的 KFold、numpy.array_split）。"},
    ),
    Mistake(
        _swapped,
        {"en": "You gave the other part of the split: in round i the i-th fold is the validation set and the remaining "
               "k − 1 folds together form the training set.",
         "zh": "你给出的是划分的另一部分：第 i 轮中第 i 折是验证集，其余 k − 1 折合起来才是训练集。"},
    ),
    Mistake(
        _k_minus_one_folds,
        {"en": "The folds are not all the same size when k does not divide n, so the training set is not (k − 1) times "
               "fold i: it is n minus the size of fold i.",
         "zh": "k 不能整除 n 时各折大小并不相同，所以训练集不是第 i 折大小的 (k − 1) 倍，而是 n 减去第 i 折的大小。"},
    ),
]

PROMPT = {
    "en": r"""A data set of $n = {{ n }}$ samples is used for {{ k }}-fold cross-validation. The samples are split, in order,
into $k = {{ k }}$ folds as scikit-learn's `KFold` (without shuffling) and `numpy.array_split` do: when $k$ does not divide
$n$, the **first** $n \bmod k$ folds get one sample more than the others. In round $i$ the $i$-th fold is the validation
set and the other $k - 1$ folds are the training set.

{% if ask == "fold" %}How many samples are in fold {{ fold }} (the validation set of round {{ fold }})?{% else %}How many samples does the training set of round {{ fold }} contain?{% endif %} Give an integer.""",
    "zh": r"""一个含 $n = {{ n }}$ 个样本的数据集用于 {{ k }} 折交叉验证。样本按顺序划分为 $k = {{ k }}$ 折，规则与 scikit-learn 的
`KFold`（不打乱）和 `numpy.array_split` 相同：$k$ 不能整除 $n$ 时，**前** $n \bmod k$ 折各比其余各折多一个样本。
第 $i$ 轮以第 $i$ 折为验证集，其余 $k - 1$ 折为训练集。

{% if ask == "fold" %}第 {{ fold }} 折（即第 {{ fold }} 轮的验证集）有多少个样本？{% else %}第 {{ fold }} 轮的训练集有多少个样本？{% endif %}请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""{% set q = n // k %}{% set r = n % k %}{% set size = q + (1 if fold <= r else 0) %}
${{ n }} = {{ q }} \times {{ k }} + {{ r }}$: {% if r %}the first {{ r }} fold(s) have {{ q + 1 }} samples and the other
{{ k - r }} have {{ q }}. Fold {{ fold }} is {{ "among the first " ~ r if fold <= r else "after the first " ~ r }}, so
it has {{ size }} samples{% else %}$k$ divides $n$, so every fold has {{ q }} samples{% endif %}.
{% if ask == "train" %}The training set of round {{ fold }} is everything else: ${{ n }} - {{ size }} = {{ n - size }}$.{% endif %}
The answer is {{ size if ask == "fold" else n - size }}. Every sample is used for validation exactly once over the
{{ k }} rounds, and the final score is the mean of the {{ k }} validation scores.""",
    "zh": r"""{% set q = n // k %}{% set r = n % k %}{% set size = q + (1 if fold <= r else 0) %}
${{ n }} = {{ q }} \times {{ k }} + {{ r }}$：{% if r %}前 {{ r }} 折各有 {{ q + 1 }} 个样本，其余 {{ k - r }} 折各有 {{ q }} 个。
第 {{ fold }} 折{{ "在前 " ~ r ~ " 折之中" if fold <= r else "在前 " ~ r ~ " 折之后" }}，所以有 {{ size }} 个样本{% else %}$k$ 能整除 $n$，每折都有 {{ q }} 个样本{% endif %}。
{% if ask == "train" %}第 {{ fold }} 轮的训练集是其余全部样本：${{ n }} - {{ size }} = {{ n - size }}$。{% endif %}
答案是 {{ size if ask == "fold" else n - size }}。{{ k }} 轮中每个样本恰好当一次验证样本，最终指标取 {{ k }} 次验证结果的平均值。""",
}
