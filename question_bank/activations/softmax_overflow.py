"""Why a naive softmax of large logits gives nan, and the fix: subtract the maximum (003; erratum 27)."""

import numpy as np

from grader.bank.authoring import Choice, Int, Meta, Option, Seq, draw_pool, pool_options, pool_schema

META = Meta(
    title={"en": "Softmax overflow", "zh": "softmax 的上溢"},
    kind="choice",
    difficulty=1,
    points=2,
    source="003 softmax函数在框架中计算时的优化 (减去 xmax 防止上溢)",
    tags=("activations", "softmax", "numerical stability", "overflow"),
    covers="activations",
    check=Choice(),
)

RIGHT = [
    Option({"en": "Subtract max(z) from every logit before exponentiating; the probabilities do not change",
            "zh": "取指数之前先给每个 logit 减去 max(z)；得到的概率不变"}, correct=True),
    Option({"en": "Compute e^(z_j − m) / Σ_k e^(z_k − m) with m = max_k z_k, which equals the softmax exactly",
            "zh": "令 m = max_k z_k，计算 e^(z_j − m) / Σ_k e^(z_k − m)，它与 softmax 完全相等"}, correct=True),
]

WRONG = [
    Option({"en": "Add a small constant ε to the denominator Σ_k e^(z_k) so that it never divides by zero",
            "zh": "在分母 Σ_k e^(z_k) 上加一个小常数 ε，避免除以零"},
           feedback={"en": "The problem is overflow, not a zero denominator: e^(z) is already inf, and inf/(inf + ε) is still nan. "
                           "(After subtracting the maximum the denominator is at least 1, so no ε is needed either.)",
                     "zh": "问题是上溢而不是分母为零：e^(z) 已经是 inf，inf/(inf + ε) 仍是 nan。（减去最大值后分母至少为 1，也不需要 ε。）"}),
    Option({"en": "Divide every logit by the sum of the logits first, then apply the softmax as before",
            "zh": "先用 logit 之和去除每个 logit，再照常计算 softmax"},
           feedback={"en": "Softmax is unchanged by adding a constant, not by rescaling: dividing the logits changes the "
                           "probabilities (they all move towards 1/K).",
                     "zh": "softmax 对加减常数不变，但对缩放会变：把 logit 除以一个数会改变概率（它们都会向 1/K 靠拢）。"}),
    Option({"en": "Switch the computation to float64, whose range is large enough for these exponentials",
            "zh": "改用 float64 计算，它的表示范围足以容纳这些指数"},
           feedback={"en": "float64 overflows past about e^709, so e^{{ logits|max }} is inf there too. Subtracting the maximum "
                           "works in any precision.",
                     "zh": "float64 在约 e^709 以上也会上溢，所以 e^{{ logits|max }} 同样是 inf。减去最大值在任何精度下都有效。"}),
    Option({"en": "Clip every logit to at most 88 before exponentiating, so no e^(z) can overflow",
            "zh": "取指数之前把每个 logit 截断到不超过 88，这样 e^(z) 就不会上溢"},
           feedback={"en": "Clipping changes the answer: these logits would all become 88, and the softmax would be uniform.",
                     "zh": "截断会改变结果：这些 logit 都会变成 88，softmax 变成均匀分布。"}),
    Option({"en": "Apply the sigmoid to each logit instead, because the sigmoid never overflows",
            "zh": "改为对每个 logit 分别取 sigmoid，因为 sigmoid 不会上溢"},
           feedback={"en": "Sigmoids of separate logits do not add up to 1 (here they are all ≈ 1): that is not the softmax.",
                     "zh": "各个 logit 的 sigmoid 之和不为 1（这里都约等于 1）：那不是 softmax。"}),
]

PARAMS = {**pool_schema(RIGHT, WRONG), "logits": Seq(Int(100, 100_000), 3, 4)}


def generate(rng: np.random.Generator) -> dict:
    base = int(rng.choice([800, 1000, 1000, 1200, 2000, 5000]))
    offsets = rng.choice(6, size=int(rng.integers(3, 5)), replace=False)
    return {**draw_pool(rng, RIGHT, WRONG), "logits": [base + int(k) for k in offsets]}


def options(p):
    return pool_options(p, RIGHT, WRONG)


PROMPT = {
    "en": r"""A student implements softmax as `torch.exp(z) / torch.exp(z).sum()` and calls it in float32 on the logits
$z = ({{ logits|join(", ") }})$. Every output is `nan`. Which change fixes it without changing the result softmax should give?""",
    "zh": r"""一名学生把 softmax 实现为 `torch.exp(z) / torch.exp(z).sum()`，在 float32 下对 logit $z = ({{ logits|join(", ") }})$ 调用，
输出全是 `nan`。下列哪种改法能修复它，同时不改变 softmax 应有的结果？""",
}

EXPLANATION = {
    "en": r"""$e^{ {{ logits|min }} }$ already overflows to `inf` (float32 overflows past about $e^{88}$, float64 past $e^{709}$),
and `inf / inf` is `nan`. Softmax is unchanged when the same constant $m$ is subtracted from every logit, because
$e^{-m}$ cancels between numerator and denominator:
$$\frac{e^{z_j}}{\sum_k e^{z_k}} = \frac{e^{z_j - m}}{\sum_k e^{z_k - m}}.$$
With $m = \max_k z_k = {{ logits|max }}$ the largest exponential is $e^0 = 1$: nothing overflows, and the denominator
is at least 1, so it cannot underflow to 0 either and no extra constant is needed (the notes' formula adding one is
garbled). This is what `torch.softmax` does. Clipping, rescaling or replacing the logits changes the result, and
float64 overflows as well.""",
    "zh": r"""$e^{ {{ logits|min }} }$ 就已经上溢为 `inf`（float32 约在 $e^{88}$ 以上、float64 约在 $e^{709}$ 以上溢出），而 `inf / inf` 是 `nan`。
给每个 logit 减去同一个常数 $m$ 不改变 softmax，因为 $e^{-m}$ 在分子分母中相消：
$$\frac{e^{z_j}}{\sum_k e^{z_k}} = \frac{e^{z_j - m}}{\sum_k e^{z_k - m}}.$$
取 $m = \max_k z_k = {{ logits|max }}$，最大的指数是 $e^0 = 1$：不会上溢，分母至少为 1，也不会下溢为 0，无需再加常数（笔记里加常数的公式有误）。
`torch.softmax` 就是这样做的。截断、缩放或替换 logit 都会改变结果，而 float64 同样会上溢。""",
}
