"""fastText's input features: the words of a text plus its word n-grams up to wordNgrams = k, whose
embeddings are averaged: Σ_{n=1}^{k} (N − n + 1) vectors for N words (001 Q8)."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, Seq, draw_distinct

META = Meta(
    title={"en": "Counting fastText's n-gram features", "zh": "统计 fastText 的 n-gram 特征"},
    kind="numeric",
    difficulty=2,
    points=2,
    source="001 Q8 (将整个文本的词以及n-gram向量叠加平均得到文本向量; 使用n-gram特征保留文本的次序信息)",
    tags=("fasttext", "n-gram", "text classification"),
    covers="fasttext",
    check=Numeric(exact_integer=True),
)

WORDS = ("the", "movie", "was", "not", "good", "at", "all", "acting", "felt", "flat", "but", "music", "saved", "it",
         "plot", "twists", "kept", "me", "guessing", "until", "end", "I", "really", "liked", "this", "film")

PARAMS = {"tokens": Seq(OneOf(WORDS), 3, 20), "max_n": Int(1, 5)}


def _count(n_words, sizes):
    return sum(max(0, n_words - n + 1) for n in sizes)


def answer(p: dict) -> int:
    return _count(len(p["tokens"]), range(1, p["max_n"] + 1))


MISTAKES = [
    Mistake(
        lambda p: _count(len(p["tokens"]), [p["max_n"]]),
        {
            "en": "wordNgrams = k adds all n-grams from 1 (the words themselves) up to k, not only those of length k.",
            "zh": "wordNgrams = k 会加入从 1（单词本身）到 k 的所有 n-gram，而不只是长度为 k 的那些。",
        },
    ),
    Mistake(
        lambda p: _count(len(p["tokens"]), range(2, p["max_n"] + 1)),
        {
            "en": "The words themselves (the 1-grams) are features too; the n-grams are added to them.",
            "zh": "单词本身（1-gram）也是特征；n-gram 是在它们之外额外加入的。",
        },
    ),
    Mistake(
        lambda p: len(p["tokens"]) * p["max_n"],
        {
            "en": "A text of N words has only N − n + 1 n-grams of length n: an n-gram needs n consecutive words.",
            "zh": "N 个词的文本中长度为 n 的 n-gram 只有 N − n + 1 个：一个 n-gram 需要 n 个连续的词。",
        },
    ),
]


def _draw(rng):
    n_words = int(rng.integers(5, 11))
    picked = rng.choice(len(WORDS), size=n_words, replace=False)  # distinct words: occurrences = distinct n-grams
    return {"tokens": [WORDS[int(i)] for i in picked], "max_n": int(rng.choice([2, 2, 3]))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES)


PROMPT = {
    "en": r"""fastText represents a text by averaging the embeddings of its words **and** of its word n-grams. With the option
`wordNgrams={{ max_n }}` it uses every n-gram of consecutive words for $n = 1, \dots, {{ max_n }}$ (the 1-grams are the words themselves).

The text is the {{ tokens|length }} tokens
`{{ tokens|join(" ") }}`

How many vectors are averaged to represent this text? Give an integer.""",
    "zh": r"""fastText 把一段文本中各个词**以及**各个词 n-gram 的嵌入向量取平均，作为文本的表示。设置 `wordNgrams={{ max_n }}` 时，
它使用 $n = 1, \dots, {{ max_n }}$ 的所有由连续词组成的 n-gram（1-gram 就是单词本身）。

文本为以下 {{ tokens|length }} 个词：
`{{ tokens|join(" ") }}`

表示这段文本时一共平均了多少个向量？请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""A text of $N = {{ tokens|length }}$ words has $N - n + 1$ n-grams of length $n$:
{% for n in range(1, max_n + 1) %}{{ tokens|length - n + 1 }} {{ "words" if n == 1 else n ~ "-grams" }}{{ ", " if not loop.last else "." }}{% endfor %}

In total $\sum_{n=1}^{ {{ max_n }} } (N - n + 1) = {% for n in range(1, max_n + 1) %}{{ tokens|length - n + 1 }}{{ " + " if not loop.last }}{% endfor %} = {{ max_n * (tokens|length + 1) - (max_n * (max_n + 1)) // 2 }}$ vectors
(e.g. the first 2-gram is "{{ tokens[0] }} {{ tokens[1] }}"). Averaging the word vectors alone would lose the word order
("not good" vs "good … not"); the n-grams keep some local order at little cost, which is why fastText adds them.""",
    "zh": r"""$N = {{ tokens|length }}$ 个词的文本中，长度为 $n$ 的 n-gram 有 $N - n + 1$ 个：
{% for n in range(1, max_n + 1) %}{{ tokens|length - n + 1 }} 个{{ "单词" if n == 1 else n ~ "-gram" }}{{ "，" if not loop.last else "。" }}{% endfor %}

合计 $\sum_{n=1}^{ {{ max_n }} } (N - n + 1) = {% for n in range(1, max_n + 1) %}{{ tokens|length - n + 1 }}{{ " + " if not loop.last }}{% endfor %} = {{ max_n * (tokens|length + 1) - (max_n * (max_n + 1)) // 2 }}$ 个向量
（例如第一个 2-gram 是 "{{ tokens[0] }} {{ tokens[1] }}"）。只对词向量取平均会丢失词序（"not good" 与 "good … not" 无法区分）；
n-gram 以很小的代价保留了局部的词序信息，这正是 fastText 加入它们的原因。""",
}
