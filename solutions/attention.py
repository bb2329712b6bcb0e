"""Reference solution: scaled dot-product attention with an optional boolean mask.

Basic tensor operations only: no F.scaled_dot_product_attention / nn.MultiheadAttention, and no
library softmax (the softmax is written out, with the max subtracted for stability).
"""

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5
    if mask is not None:
        # True = may attend; a blocked key gets −∞ and so weight exactly 0 after the softmax.
        scores = scores.masked_fill(~mask, float("-inf"))
    scores = scores - scores.amax(dim=-1, keepdim=True)
    e = torch.exp(scores)
    weights = e / e.sum(dim=-1, keepdim=True)
    return weights @ v, weights
