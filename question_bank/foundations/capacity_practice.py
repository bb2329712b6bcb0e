"""Hidden units in practice (course L7-7, 004 Q30): keep adding hidden units while the validation
error falls; pick the size from a drawn sweep of training and validation errors."""

from grader.bank.authoring import Choice, Int, Meta, Option, Real, Seq

META = Meta(
    title={"en": "How many hidden units?", "zh": "隐藏单元取多少个？"},
    kind="choice",
    difficulty=2,
    points=1,
    source="004 Q30 (隐层单元/层数的设置经验)",
    tags=("foundations", "hidden units", "hyper-parameters", "practice", "validation"),
    covers="hyperparameter_practice",
    check=Choice(),
)

N_SIZES = 5

PARAMS = {
    "first": Int(8, 128),
    "best": Int(1, N_SIZES - 2),
    "train": Seq(Real(0, 100, decimals=1), min_len=N_SIZES, max_len=N_SIZES),
    "val": Seq(Real(0, 100, decimals=1), min_len=N_SIZES, max_len=N_SIZES),
}


def sizes(p):
    return [p["first"] * 2 ** i for i in range(N_SIZES)]


def _draw(rng):
    best = int(rng.integers(1, N_SIZES - 1))
    val = [0.0] * N_SIZES
    val[best] = float(rng.uniform(6.0, 14.0))
    for i in range(best - 1, -1, -1):
        val[i] = val[i + 1] + float(rng.uniform(0.8, 4.0))
    for i in range(best + 1, N_SIZES):
        val[i] = val[i - 1] + float(rng.uniform(0.6, 3.0))
    train = [val[0] - float(rng.uniform(0.5, 2.0))]
    for _ in range(1, N_SIZES):
        train.append(train[-1] * float(rng.uniform(0.35, 0.75)))
    return {"first": int(rng.choice([16, 32, 64])), "best": best,
            "train": [round(t, 1) for t in train], "val": [round(v, 1) for v in val]}


def _consistent(p):
    """Strictly falling training error, validation strictly falling to `best` and rising after it."""
    t, v, b = p["train"], p["val"], p["best"]
    return (all(a > c > 0 for a, c in zip(t, t[1:])) and all(a > c for a, c in zip(v[:b + 1], v[1:b + 1]))
            and all(a < c for a, c in zip(v[b:], v[b + 1:])) and all(x < y for x, y in zip(t, v)))


def generate(rng):
    for _attempt in range(1000):  # a draw is rejected only when rounding breaks the shape; rare
        p = _draw(rng)
        if _consistent(p):
            return p
    raise RuntimeError("capacity_practice: no consistent error curve in 1000 draws")


def options(p):
    b, n = p["best"], sizes(p)
    out = []
    for i, size in enumerate(n):
        label = {"en": f"{size} hidden units", "zh": f"{size} 个隐藏单元"}
        if i == b:
            out.append(Option(label, correct=True))
        elif i == N_SIZES - 1:
            out.append(Option(label, feedback={
                "en": f"{size} units give the lowest training error ({p['train'][i]} %), but the validation error has risen "
                      f"to {p['val'][i]} %: the network over-fits. Judge by the validation error.",
                "zh": f"{size} 个单元的训练误差最低（{p['train'][i]}%），但验证误差已升到 {p['val'][i]}%：网络过拟合了。应以验证误差为准。"}))
        elif i > b:
            out.append(Option(label, feedback={
                "en": f"The validation error already rose from {p['val'][i - 1]} % to {p['val'][i]} % at {size} units; stop adding units before that.",
                "zh": f"到 {size} 个单元时验证误差已从 {p['val'][i - 1]}% 升到 {p['val'][i]}%；应在此之前停止增加单元。"}))
        else:
            out.append(Option(label, feedback={
                "en": f"The validation error was still falling after {size} units ({p['val'][i]} % → {p['val'][i + 1]} %): keep adding units.",
                "zh": f"{size} 个单元之后验证误差仍在下降（{p['val'][i]}% → {p['val'][i + 1]}%）：应继续增加单元。"}))
    return out


_TABLE = {
    "en": """| hidden units | training error | validation error |
|---|---|---|
{% for i in range(train|length) %}
| {{ first * 2 ** i }} | {{ train[i] }} % | {{ val[i] }} % |
{% endfor %}""",
    "zh": """| 隐藏单元数 | 训练误差 | 验证误差 |
|---|---|---|
{% for i in range(train|length) %}
| {{ first * 2 ** i }} | {{ train[i] }}% | {{ val[i] }}% |
{% endfor %}""",
}

PROMPT = {
    "en": """You grow the hidden layer of a network step by step and record the errors after training each size:

""" + _TABLE["en"] + """

Following the course's rule for setting the number of hidden units, which size do you keep?""",
    "zh": """你逐步增大网络隐藏层的规模，每种规模训练后记录误差如下：

""" + _TABLE["zh"] + """

按照课程中设置隐藏单元数的经验，应保留哪一种规模？""",
}

EXPLANATION = {
    "en": """The course: keep adding hidden units while you track the validation error, and stop when the validation
error starts to grow; a training error far below the validation error signals over-fitting (then use fewer units,
dropout or L2). Here the validation error falls down to {{ val[best] }} % at {{ first * 2 ** best }} units and rises
afterwards ({{ val[best + 1] }} % at {{ first * 2 ** (best + 1) }}), so keep {{ first * 2 ** best }} hidden units. The
training error keeps falling all the way to {{ train[-1] }} %, which is why it cannot be the criterion.""",
    "zh": """课程：一边增加隐藏单元一边跟踪验证误差，验证误差开始变大时就停止；训练误差远小于验证误差说明过拟合了（此时应减少隐藏单元，
或使用 dropout、L2 正则化）。这里验证误差一直下降到 {{ first * 2 ** best }} 个单元时的 {{ val[best] }}%，之后上升
（{{ first * 2 ** (best + 1) }} 个单元时为 {{ val[best + 1] }}%），所以保留 {{ first * 2 ** best }} 个隐藏单元。训练误差一直降到 {{ train[-1] }}%，
所以它不能作为判断依据。""",
}
