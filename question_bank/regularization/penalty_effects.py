"""Choice: which penalty does what — L1 (sparsity, constant pull), L2 (proportional shrinkage, small but
non-zero weights), elastic net (both, mixed by ρ) (000 正则化; 003 L1与L2正则化的区别). A variant is a
drawn property and a drawn non-penalty distractor."""

import json

import numpy as np

from grader.bank.authoring import Choice, Int, Meta, Option

META = Meta(
    title={"en": "L1, L2 or elastic net?", "zh": "L1、L2 还是弹性网络？"},
    kind="choice",
    difficulty=1,
    points=1,
    source="000 正则化 (L1-norm, L2-norm, Elastic Net); 003 L1与L2正则化的区别",
    tags=("regularization", "l1", "l2", "elastic net", "sparsity"),
    covers="regularization",
    check=Choice(),
)

L1, L2, NET = "l1", "l2", "net"

PENALTIES = {
    L1: {"en": "L1 (LASSO): λ Σᵢ |θᵢ|", "zh": "L1（LASSO）：λ Σᵢ |θᵢ|"},
    L2: {"en": "L2 (ridge): λ Σᵢ θᵢ²", "zh": "L2（岭回归）：λ Σᵢ θᵢ²"},
    NET: {"en": "Elastic net: λ[ρ Σᵢ |θᵢ| + (1 − ρ) Σᵢ θᵢ²]", "zh": "弹性网络：λ[ρ Σᵢ |θᵢ| + (1 − ρ) Σᵢ θᵢ²]"},
}

# What each penalty is, to explain why it does not have the asked-for property.
WHY_NOT = {
    L1: {"en": "L1's gradient λ·sign(θ) has the same size for every non-zero weight: it pulls weights to 0 by a constant amount, "
               "it does not shrink them in proportion.",
         "zh": "L1 的梯度 λ·sign(θ) 对每个非零权重大小都一样：它以恒定的量把权重拉向 0，而不是按比例缩小。"},
    L2: {"en": "L2's gradient 2λθ shrinks each weight in proportion to its size, so the pull fades as θ → 0: weights become small "
               "but rarely exactly 0.",
         "zh": "L2 的梯度 2λθ 按权重大小成比例地缩小它，θ → 0 时拉力随之消失：权重会变小，但很少恰好为 0。"},
    NET: {"en": "The elastic net mixes both penalties with ρ; the property asked for belongs to one pure penalty.",
          "zh": "弹性网络用 ρ 把两种正则项混合起来；题目问的性质属于其中某一种单独的正则项。"},
}

CASES = [
    {"right": L1,
     "en": "adding it to the loss tends to drive many weights to exactly 0, so it also selects features",
     "zh": "加入损失后往往会把许多权重压到恰好为 0，因而还能做特征选择"},
    {"right": L2,
     "en": "its gradient shrinks each weight by an amount proportional to the weight, so weights become small but rarely 0",
     "zh": "它的梯度让每个权重按与自身大小成正比的量缩小，所以权重变小但很少为 0"},
    {"right": NET,
     "en": "it combines a sum of absolute values and a sum of squares, mixed by a ratio ρ",
     "zh": "它把绝对值之和与平方和按比例 ρ 组合在一起"},
    {"right": L1,
     "en": "its gradient step has the same size ηλ for every non-zero weight, however small the weight is",
     "zh": "无论权重多小，它的梯度步长对每个非零权重都是相同的 ηλ"},
    {"right": L2,
     "en": "in gradient descent it multiplies every weight by a constant factor (1 − 2ηλ) before the ordinary step (weight decay)",
     "zh": "在梯度下降中，它在普通更新之前把每个权重乘以常数因子 (1 − 2ηλ)（权重衰减）"},
]

OTHERS = [
    {"en": "Dropout: randomly drop units during training", "zh": "Dropout：训练时随机丢弃神经元",
     "why": {"en": "Dropout is a regulariser, but not a penalty term added to the loss.",
             "zh": "Dropout 是一种正则化手段，但不是加到损失上的惩罚项。"}},
    {"en": "Early stopping: stop when the validation loss rises", "zh": "早停：验证损失上升时停止训练",
     "why": {"en": "Early stopping limits training time; it adds no penalty to the loss.",
             "zh": "早停限制的是训练时长，并没有给损失加惩罚项。"}},
    {"en": "Batch normalisation of every hidden layer", "zh": "对每个隐藏层做批标准化",
     "why": {"en": "Batch normalisation rescales activations; it is not a penalty on the weights.",
             "zh": "批标准化缩放的是激活值，不是对权重的惩罚。"}},
    {"en": "Data augmentation of the training set", "zh": "对训练集做数据增强",
     "why": {"en": "Data augmentation enlarges the training data; it adds no penalty to the loss.",
             "zh": "数据增强扩充的是训练数据，并没有给损失加惩罚项。"}},
]

PARAMS = {"case": Int(0, len(CASES) - 1), "other": Int(0, len(OTHERS) - 1)}


def generate(rng: np.random.Generator) -> dict:
    return {"case": int(rng.integers(len(CASES))), "other": int(rng.integers(len(OTHERS)))}


def options(p):
    right = CASES[p["case"]]["right"]
    out = [Option(PENALTIES[name], correct=True) if name == right else Option(PENALTIES[name], feedback=WHY_NOT[name])
           for name in (L1, L2, NET)]
    other = OTHERS[p["other"]]
    out.append(Option({"en": other["en"], "zh": other["zh"]}, feedback=other["why"]))
    return out


_TABLE = {lang: "{% set CASE = " + json.dumps([c[lang] for c in CASES], ensure_ascii=False) + " %}\n" for lang in ("en", "zh")}

PROMPT = {
    "en": _TABLE["en"] + "Which penalty term has this property: {{ CASE[case] }}?",
    "zh": _TABLE["zh"] + "哪一种正则项具有这样的性质：{{ CASE[case] }}？",
}

EXPLANATION = {
    "en": r"""L1's gradient is $\lambda\,\operatorname{sign}(\theta)$: every non-zero weight is pulled towards 0 by the same amount
$\eta\lambda$ per step however small it is, so many weights end at (or, with plain subgradient steps, around) 0:
sparse weights and feature selection. L2's gradient $2\lambda\theta$ (000's $\lambda\sum\theta^2$) is proportional to the weight:
each step multiplies $\theta$ by $1 - 2\eta\lambda$ (weight decay), so weights become small but the pull fades near 0.
The elastic net $\lambda[\rho\sum|\theta| + (1 - \rho)\sum\theta^2]$ mixes the two. Dropout, early stopping, batch
normalisation and data augmentation also fight overfitting, but none of them is a penalty term.""",
    "zh": r"""L1 的梯度是 $\lambda\,\operatorname{sign}(\theta)$：无论非零权重多小，每一步都以相同的量 $\eta\lambda$ 把它拉向 0，
所以许多权重最终落在 0 上（普通次梯度更新则是在 0 附近）：权重稀疏，可做特征选择。L2 的梯度 $2\lambda\theta$（000 的 $\lambda\sum\theta^2$）
与权重成正比：每一步把 $\theta$ 乘以 $1 - 2\eta\lambda$（权重衰减），权重变小，但在 0 附近拉力随之消失。
弹性网络 $\lambda[\rho\sum|\theta| + (1 - \rho)\sum\theta^2]$ 把两者混合。Dropout、早停、批标准化和数据增强也能缓解过拟合，但都不是惩罚项。""",
}
