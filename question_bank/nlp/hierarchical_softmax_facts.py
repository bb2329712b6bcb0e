"""Hierarchical softmax facts: a (Huffman) binary tree over the classes, probabilities as products of
sigmoid decisions along a path, O(log n) cost instead of O(n) (001 Q8)."""

import numpy as np

from grader.bank.authoring import Choice, Meta, draw_pool, pool_options, pool_schema

from ..rnn._statements import statement

META = Meta(
    title={"en": "Hierarchical softmax", "zh": "层次 softmax"},
    kind="multi",
    difficulty=2,
    points=3,
    source="001 Q8 (在softmax分类时，使用分层softmax代替标准的softmax，使得计算复杂度从O(n)降到O(log(n)))",
    tags=("fasttext", "hierarchical softmax", "complexity"),
    covers="fasttext",
    check=Choice(),
)

RIGHT = [
    statement("The classes are the leaves of a binary tree; fastText builds a Huffman tree from the class counts.",
              "各类别是一棵二叉树的叶子；fastText 按类别出现的次数构建 Huffman 树。"),
    statement("A class's probability is the product of the sigmoid decisions along its root-to-leaf path.",
              "一个类别的概率等于从根到其叶子路径上各次 sigmoid 决策的乘积。"),
    statement("For $n$ classes, the cost per training example grows like $O(\\log n)$ instead of $O(n)$.",
              "对 $n$ 个类别，每个训练样本的计算量按 $O(\\log n)$ 而不是 $O(n)$ 增长。"),
    statement("In a Huffman tree, frequent classes sit nearer the root and so have shorter paths.",
              "在 Huffman 树中，高频类别离根更近，因此路径更短。"),
]

WRONG = [
    statement("It brings the output cost down to $O(1)$, whatever the number of classes.",
              "无论类别有多少，它都把输出层的计算量降到 $O(1)$。",
              feedback=("A root-to-leaf path has about $\\log_2 n$ inner nodes, one sigmoid each: $O(\\log n)$.",
                        "从根到叶子的路径上约有 $\\log_2 n$ 个内部节点，每个一次 sigmoid：$O(\\log n)$。")),
    statement("It first computes the full softmax over all $n$ classes, then walks the tree.",
              "它先对全部 $n$ 个类别计算完整的 softmax，然后再沿树查找。",
              feedback=("Avoiding the $n$-way softmax is the whole point: only the nodes on one path are evaluated.",
                        "关键就在于避免 $n$ 路 softmax：只计算一条路径上的节点。")),
    statement("It is more accurate than the full softmax; its speed is only a side effect.",
              "它比完整的 softmax 更准确，速度快只是附带的效果。",
              feedback=("It is introduced for speed; it models the class probabilities differently, not more accurately.",
                        "它是为了速度而引入的；它以另一种方式建模类别概率，并不会更准确。")),
    statement("It makes the input word embeddings smaller instead of changing the output layer.",
              "它缩小的是输入端的词向量，而不是改变输出层。",
              feedback=("The hierarchical softmax replaces the output layer's softmax; the input embeddings are unchanged.",
                        "层次 softmax 替换的是输出层的 softmax；输入的嵌入向量不变。")),
    statement("Each inner node of the tree runs its own softmax over all of the $n$ classes.",
              "树的每个内部节点都各自对全部 $n$ 个类别做一次 softmax。",
              feedback=("Each inner node makes one binary decision (a sigmoid: left or right), not an $n$-way choice.",
                        "每个内部节点只做一次二分类决策（sigmoid：向左或向右），而不是 $n$ 路选择。")),
]

PARAMS = pool_schema(RIGHT, WRONG, n_right=(2, 3), n_wrong=(2, 3))


def generate(rng: np.random.Generator) -> dict:
    n_right = int(rng.integers(2, 4))
    return draw_pool(rng, RIGHT, WRONG, n_right=n_right, n_options=5)


def options(p):
    return pool_options(p, RIGHT, WRONG)


PROMPT = {
    "en": "fastText replaces the softmax over its $n$ output classes by a **hierarchical softmax**. "
          "Which of these statements about it are true? Select all that apply.",
    "zh": "fastText 用**层次 softmax** 代替对 $n$ 个输出类别的 softmax。下列关于它的说法，哪些是正确的？（多选）",
}

EXPLANATION = {
    "en": r"""The classes become the leaves of a binary tree (fastText: a Huffman tree built from the class frequencies). Every inner
node holds a vector and makes a binary decision with a sigmoid; the probability of a class is the product of the
decisions on its root-to-leaf path, and these probabilities still add up to 1 over the leaves. A prediction or a training
step touches only the ~$\log_2 n$ nodes of one path instead of all $n$ classes: $O(\log n)$ instead of $O(n)$, and frequent
classes, near the root, are cheaper still. It is a speed-up of the output layer, not an accuracy gain.""",
    "zh": r"""各类别成为一棵二叉树的叶子（fastText 中是按类别频率构建的 Huffman 树）。每个内部节点有一个向量，并用 sigmoid 做一次二分类决策；
一个类别的概率是其从根到叶子路径上各次决策的乘积，这些概率在所有叶子上之和仍为 1。一次预测或一步训练只涉及一条路径上约 $\log_2 n$ 个节点，
而不是全部 $n$ 个类别：复杂度从 $O(n)$ 降到 $O(\log n)$；靠近根的高频类别代价更低。它加速的是输出层，并不提高准确率。""",
}
