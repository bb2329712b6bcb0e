"""Exercise: scaled dot-product attention with an optional boolean mask.

Fill in the function, then run `grade submit` to see your score. 完成函数后运行 `grade submit` 查看得分。

Rules:
- take and return `torch.Tensor`s on the input's device and dtype;
- use basic tensor operations only (matmul, transpose, masked_fill, exp, sum, amax...): the
  softmax is part of the exercise, so write it yourself. A forbidden name anywhere in the function
  (or in a helper it calls) scores the exercise 0. 只能使用基本张量运算，softmax 需自己实现。
- be differentiable by autograd (gradients for q, k and v are checked), and do not modify the
  inputs in place.
"""

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    """Scaled dot-product attention. Returns (output, weights).

    q: (…, L, d) queries; k: (…, S, d) keys; v: (…, S, d_v) values; the leading dimensions "…"
    (none, one or two: batch, heads) are the same for all three. mask: None, or a boolean tensor
    (…, L, S) where True means "query i MAY attend to key j" (as the boolean attn_mask of
    F.scaled_dot_product_attention); every query may attend to at least one key.
        scores  = q · kᵀ / √d                      (…, L, S), d = q.shape[-1]
        scores  = −∞ where mask is False            (before the softmax)
        weights = softmax(scores) over the LAST axis (the keys): each query's weights sum to 1,
                  masked keys get weight exactly 0
        output  = weights · v                      (…, L, d_v)
    Scores can be large: subtract each row's maximum before exponentiating (never exp of +∞).
    This is the weighted sum of the course's attention (001 Q14) with dot-product scores.
    缩放因子是 1/√d；softmax 沿最后一维（键）计算；mask 为 True 表示可以关注。

    Forbidden: scaled_dot_product_attention (and its _flash / _efficient / _math variants),
    MultiheadAttention, multi_head_attention_forward, flex_attention, softmax / Softmax,
    log_softmax / LogSoftmax, softmin.
    """
    raise NotImplementedError
