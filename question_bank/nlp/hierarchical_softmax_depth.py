"""Hierarchical softmax: on a balanced binary tree over V classes a prediction takes ⌈log₂ V⌉
binary (sigmoid) decisions instead of a V-way softmax: O(log n) instead of O(n) (001 Q8)."""

import math

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, draw_distinct

META = Meta(
    title={"en": "Depth of a hierarchical softmax", "zh": "层次 softmax 的深度"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="001 Q8 (fastText: 使用分层softmax代替标准的softmax，计算复杂度从O(n)降到O(log(n)))",
    tags=("fasttext", "hierarchical softmax", "complexity"),
    covers="fasttext",
    check=Numeric(exact_integer=True),
)

PARAMS = {"classes": Int(3, 10_000_000)}


def _bits(v):
    """⌈log₂ v⌉ in integers (no floating-point surprise at powers of two)."""
    return (v - 1).bit_length()


def answer(p: dict) -> int:
    return _bits(p["classes"])


MISTAKES = [
    Mistake(
        lambda p: None if p["classes"] & (p["classes"] - 1) == 0 else _bits(p["classes"]) - 1,
        {
            "en": "log₂ V is not a whole number here, so ⌊log₂ V⌋ levels cannot hold V leaves: round up, ⌈log₂ V⌉.",
            "zh": "这里 log₂ V 不是整数，⌊log₂ V⌋ 层放不下 V 个叶子：要向上取整，⌈log₂ V⌉。",
        },
    ),
    Mistake(
        lambda p: p["classes"] - 1,
        {
            "en": "V − 1 is the number of inner nodes of the whole tree; one prediction visits only those on one "
                  "root-to-leaf path, ⌈log₂ V⌉ of them.",
            "zh": "V − 1 是整棵树的内部节点总数；一次预测只经过从根到叶子一条路径上的节点，共 ⌈log₂ V⌉ 个。",
        },
    ),
    Mistake(
        lambda p: p["classes"],
        {
            "en": "V is the cost of the full softmax, which scores every class; the tree replaces it by one binary "
                  "decision per level.",
            "zh": "V 是完整 softmax 的计算量（要对每个类别打分）；层次 softmax 把它换成了每层一次二分类决策。",
        },
    ),
    Mistake(
        lambda p: math.ceil(math.log10(p["classes"])),
        {
            "en": "Each node of the tree makes a binary decision (two children), so the depth is a base-2 logarithm.",
            "zh": "树的每个节点做的是二分类决策（两个子节点），所以深度是以 2 为底的对数。",
        },
    ),
]


def _draw(rng):
    return {"classes": round(10 ** rng.uniform(1.0, 6.5))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES)


PROMPT = {
    "en": r"""A fastText classifier has $V = {{ classes }}$ output classes. Instead of a softmax over all $V$ classes it uses a
**hierarchical softmax**: the classes are the leaves of a balanced binary tree, and the probability of a class is the
product of the sigmoid decisions (left or right) at the inner nodes on the path from the root to its leaf.

How many binary decisions does it take to reach the deepest leaf of a balanced binary tree with $V$ leaves? Give an integer.""",
    "zh": r"""一个 fastText 分类器有 $V = {{ classes }}$ 个输出类别。它不对全部 $V$ 个类别做 softmax，而是使用**层次 softmax**：
各类别是一棵平衡二叉树的叶子，一个类别的概率等于从根到该叶子路径上各内部节点处 sigmoid 决策（向左或向右）的乘积。

在一棵有 $V$ 个叶子的平衡二叉树中，到达最深的叶子需要多少次二分类决策？请给出一个整数。""",
}

_WORK = r"""{% set ns = namespace(d=0, cap=1) %}{% for _ in range(64) %}{% if ns.cap < classes %}{% set ns.d = ns.d + 1 %}{% set ns.cap = ns.cap * 2 %}{% endif %}{% endfor %}
"""

EXPLANATION = {
    "en": _WORK + r"""A binary tree of depth $d$ has at most $2^d$ leaves, so $V$ leaves need $2^d \ge V$:
$2^{ {{ ns.d - 1 }} } = {{ ns.cap // 2 }} < {{ classes }} \le 2^{ {{ ns.d }} } = {{ ns.cap }}$, hence $d = \lceil \log_2 {{ classes }} \rceil = {{ ns.d }}$.
A prediction costs {{ ns.d }} sigmoid evaluations instead of the {{ classes }} scores of a full softmax: $O(\log n)$
instead of $O(n)$. (fastText builds a Huffman tree from the class frequencies, so frequent classes get even shorter paths.)""",
    "zh": _WORK + r"""深度为 $d$ 的二叉树最多有 $2^d$ 个叶子，所以 $V$ 个叶子需要 $2^d \ge V$：
$2^{ {{ ns.d - 1 }} } = {{ ns.cap // 2 }} < {{ classes }} \le 2^{ {{ ns.d }} } = {{ ns.cap }}$，因此 $d = \lceil \log_2 {{ classes }} \rceil = {{ ns.d }}$。
一次预测只需 {{ ns.d }} 次 sigmoid 计算，而完整的 softmax 要计算 {{ classes }} 个分数：复杂度从 $O(n)$ 降到 $O(\log n)$。
（fastText 按类别频率构建 Huffman 树，高频类别的路径更短。）""",
}
