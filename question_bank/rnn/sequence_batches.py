"""Mini-batches of a character-level RNN (004 Q20): the encoded text is cut to a multiple of
batch_size · seq_length, reshaped into batch_size rows and read in windows of seq_length columns,
so an epoch has N // (B·L) mini-batches and N mod (B·L) characters are dropped."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, draw_distinct

META = Meta(
    title={"en": "Mini-batches of a character-level RNN", "zh": "字符级 RNN 的小批量划分"},
    kind="numeric",
    difficulty=2,
    points=2,
    source="004 Q20 (Making training mini-batches: 丢弃多余的值、调整形状、按序列长度滑动窗口); Q12",
    tags=("rnn", "mini-batch", "sequence length", "iterations"),
    covers="rnn_basics",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "n_chars": Int(1, 10_000_000),
    "batch_size": Int(1, 1024),
    "seq_length": Int(1, 1024),
    "ask": OneOf(("batches", "dropped")),
}


def _per_batch(p):
    return p["batch_size"] * p["seq_length"]


def answer(p: dict) -> int:
    if p["ask"] == "batches":
        return p["n_chars"] // _per_batch(p)
    return p["n_chars"] % _per_batch(p)


def _only(ask, value):
    return lambda p: value(p) if p["ask"] == ask else None


MISTAKES = [
    Mistake(
        _only("batches", lambda p: -(-p["n_chars"] // _per_batch(p))),
        {
            "en": "The characters that do not fill a whole B × L mini-batch are dropped first, so the count is "
                  "floored, not rounded up.",
            "zh": "不足一个完整 B × L 小批量的字符会先被丢弃，所以应向下取整，而不是向上取整。",
        },
    ),
    Mistake(
        _only("batches", lambda p: p["n_chars"] // p["seq_length"]),
        {
            "en": "That counts sequences of length L. One mini-batch holds B of them side by side: B · L characters.",
            "zh": "这是长度为 L 的序列个数。一个小批量并排放 B 条这样的序列，共 B · L 个字符。",
        },
    ),
    Mistake(
        _only("batches", lambda p: p["n_chars"] // p["batch_size"]),
        {
            "en": "N / B is the length of each of the B rows; the window then moves L columns at a time, so divide by L too.",
            "zh": "N / B 是 B 行中每一行的长度；窗口每次移动 L 列，所以还要再除以 L。",
        },
    ),
    Mistake(
        _only("dropped", lambda p: p["n_chars"] % p["seq_length"]),
        {
            "en": "The text is cut to a multiple of B · L (one whole mini-batch), not of L alone.",
            "zh": "文本被截断为 B · L（一个完整小批量）的整数倍，而不只是 L 的整数倍。",
        },
    ),
    Mistake(
        _only("dropped", lambda p: p["n_chars"] % p["batch_size"]),
        {
            "en": "The text is cut to a multiple of B · L (one whole mini-batch), not of B alone.",
            "zh": "文本被截断为 B · L（一个完整小批量）的整数倍，而不只是 B 的整数倍。",
        },
    ),
]


def _draw(rng):
    return {
        "n_chars": int(rng.integers(20_000, 2_000_000)),
        "batch_size": int(rng.choice([8, 10, 16, 32, 64, 128])),
        "seq_length": int(rng.choice([25, 50, 64, 100, 128, 200])),
        "ask": str(rng.choice(["batches", "batches", "dropped"])),
    }


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES,
                         keep=lambda p: answer(p) > 0 and p["n_chars"] % p["seq_length"] != 0)


PROMPT = {
    "en": r"""A character-level RNN is trained on a text of $N = {{ n_chars }}$ characters, encoded as integers.
The mini-batches are made as in the course's notebook:

1. drop the characters at the end that do not fill a whole mini-batch of $B = {{ batch_size }}$ sequences of
   length $L = {{ seq_length }}$ (keep the largest multiple of $B \cdot L$);
2. reshape what is left into $B$ rows;
3. slide a window of $L$ columns over the rows, $L$ columns at a time: each window is one mini-batch of shape $B \times L$.

{% if ask == "batches" %}How many mini-batches (and so, with one update per mini-batch, how many weight updates) does one epoch have?{% else %}How many characters are dropped in step 1?{% endif %} Give an integer.""",
    "zh": r"""一个字符级 RNN 在一段共 $N = {{ n_chars }}$ 个字符的文本上训练，字符已编码为整数。
小批量的制作方式与课程的 notebook 相同：

1. 丢弃末尾凑不满一个完整小批量的字符：每个小批量包含 $B = {{ batch_size }}$ 条长度为 $L = {{ seq_length }}$ 的序列
   （保留 $B \cdot L$ 的最大整数倍）；
2. 把剩下的部分调整为 $B$ 行；
3. 在这些行上用宽度为 $L$ 列的窗口滑动，每次移动 $L$ 列：每个窗口就是一个形状为 $B \times L$ 的小批量。

{% if ask == "batches" %}一个 epoch 有多少个小批量（每个小批量更新一次权重，也就是更新多少次）？{% else %}第 1 步丢弃了多少个字符？{% endif %}请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""One mini-batch holds $B \cdot L = {{ batch_size }} \cdot {{ seq_length }} = {{ batch_size * seq_length }}$ characters.
$\lfloor N / (B L) \rfloor = \lfloor {{ n_chars }} / {{ batch_size * seq_length }} \rfloor = {{ n_chars // (batch_size * seq_length) }}$ whole mini-batches fit,
using {{ n_chars // (batch_size * seq_length) * batch_size * seq_length }} characters; the last $N \bmod (BL) = {{ n_chars % (batch_size * seq_length) }}$ are dropped.
After the reshape each row has {{ n_chars // (batch_size * seq_length) * seq_length }} columns, which the window reads in
{{ n_chars // (batch_size * seq_length) }} steps of {{ seq_length }}.
{% if ask == "batches" %}Answer: {{ n_chars // (batch_size * seq_length) }} mini-batches per epoch.{% else %}Answer: {{ n_chars % (batch_size * seq_length) }} characters are dropped.{% endif %}""",
    "zh": r"""一个小批量包含 $B \cdot L = {{ batch_size }} \cdot {{ seq_length }} = {{ batch_size * seq_length }}$ 个字符。
能放下 $\lfloor N / (B L) \rfloor = \lfloor {{ n_chars }} / {{ batch_size * seq_length }} \rfloor = {{ n_chars // (batch_size * seq_length) }}$ 个完整的小批量，
共用掉 {{ n_chars // (batch_size * seq_length) * batch_size * seq_length }} 个字符；最后 $N \bmod (BL) = {{ n_chars % (batch_size * seq_length) }}$ 个字符被丢弃。
调整形状后每行有 {{ n_chars // (batch_size * seq_length) * seq_length }} 列，窗口每次读 {{ seq_length }} 列，共 {{ n_chars // (batch_size * seq_length) }} 次。
{% if ask == "batches" %}答案：每个 epoch 有 {{ n_chars // (batch_size * seq_length) }} 个小批量。{% else %}答案：丢弃了 {{ n_chars % (batch_size * seq_length) }} 个字符。{% endif %}""",
}
