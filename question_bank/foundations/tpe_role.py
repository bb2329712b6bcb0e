"""Definition of machine learning: for a drawn program, which item is its task T, its performance
measure P or its experience E (the role is drawn too)."""

from grader.bank.authoring import Choice, Int, Meta, OneOf, Option

from ._pool import table
from ._tpe import ROLES, SCENARIOS

META = Meta(
    title={"en": "Task, performance, experience", "zh": "任务、性能度量与经验"},
    kind="choice",
    difficulty=1,
    points=1,
    source="000 机器学习的定义; 003 机器学习定义",
    tags=("foundations", "definition", "task", "performance", "experience"),
    covers="ml_definition",
    check=Choice(),
)

EXTRAS = [
    {"en": "the values of the model's weights after training", "zh": "训练结束后模型权重的取值"},
    {"en": "the gradient-descent algorithm that updates the model", "zh": "用来更新模型的梯度下降算法"},
]

MEANING = {
    "T": {"en": "the task T is what the program has to do", "zh": "任务 T 是程序要完成的事情"},
    "P": {"en": "the performance measure P is the number that says how well it does the task",
          "zh": "性能度量 P 是衡量它把任务完成得多好的指标"},
    "E": {"en": "the experience E is what it learns from (usually the training set)",
          "zh": "经验 E 是它学习所依据的东西（通常就是训练集）"},
}

PARAMS = {
    "scenario": Int(0, len(SCENARIOS) - 1),
    "role": OneOf(("T", "P", "E")),
    "extra": Int(0, len(EXTRAS) - 1),
}


def generate(rng):
    return {"scenario": int(rng.integers(len(SCENARIOS))), "role": str(rng.choice(["T", "P", "E"])),
            "extra": int(rng.integers(len(EXTRAS)))}


def options(p):
    s, role = SCENARIOS[p["scenario"]], p["role"]
    out = []
    for r in ("T", "P", "E"):
        if r == role:
            out.append(Option(s[r], correct=True))
        else:
            out.append(Option(s[r], feedback={
                "en": f"That is the {ROLES[r]['en']}, not the {ROLES[role]['en']}: {MEANING[r]['en']}.",
                "zh": f"这是{ROLES[r]['zh']}，而不是{ROLES[role]['zh']}：{MEANING[r]['zh']}。"}))
    out.append(Option(EXTRAS[p["extra"]], feedback={
        "en": f"Neither T, P nor E: the weights are what learning produces and gradient descent is how it learns; "
              f"{MEANING[role]['en']}.",
        "zh": f"这既不是 T、P 也不是 E：权重是学习的结果，梯度下降是学习的方法；{MEANING[role]['zh']}。"}))
    return out


def _setup(lang):
    return (table("NAME", [s["name"] for s in SCENARIOS], lang)
            + "".join(table(r, [s[r] for s in SCENARIOS], lang) for r in ("T", "P", "E"))
            + table("ROLE", [ROLES[r] for r in ("T", "P", "E")], lang)
            + "{% set k = ['T', 'P', 'E'].index(role) %}\n")


PROMPT = {
    "en": _setup("en") + """The notes' definition of machine learning: a computer program is said to learn from experience $E$
with respect to some task $T$ and performance measure $P$ if its performance at $T$, as measured by $P$,
improves with experience $E$.

For {{ NAME[scenario] }}, which of the following is the **{{ ROLE[k] }}**?""",
    "zh": _setup("zh") + """笔记中机器学习的定义：对于某类任务 $T$ 和性能度量 $P$，一个计算机程序被认为可以从经验 $E$ 中学习是指，
通过经验 $E$ 改进后，它在任务 $T$ 上由性能度量 $P$ 衡量的性能有所提升。

对于{{ NAME[scenario] }}，下列哪一项是它的**{{ ROLE[k] }}**？""",
}

EXPLANATION = {
    "en": _setup("en") + """For {{ NAME[scenario] }}: the task $T$ is {{ T[scenario] }}; the performance measure $P$ is
{{ P[scenario] }}; the experience $E$ is {{ E[scenario] }}. So the {{ ROLE[k] }} asked for is
"{% if role == 'T' %}{{ T[scenario] }}{% elif role == 'P' %}{{ P[scenario] }}{% else %}{{ E[scenario] }}{% endif %}".
$T$ is what the program does, $P$ is the number that scores it, $E$ is what it learns from (the training set, in
the notes' words). The model's weights and the training algorithm are neither: they are the result and the means
of learning.""",
    "zh": _setup("zh") + """对于{{ NAME[scenario] }}：任务 $T$ 是{{ T[scenario] }}；性能度量 $P$ 是{{ P[scenario] }}；
经验 $E$ 是{{ E[scenario] }}。所以题目问的{{ ROLE[k] }}是“{% if role == 'T' %}{{ T[scenario] }}{% elif role == 'P' %}{{ P[scenario] }}{% else %}{{ E[scenario] }}{% endif %}”。
$T$ 是程序要做的事，$P$ 是给它打分的指标，$E$ 是它学习所依据的东西（笔记：训练集）。模型权重和训练算法都不是：它们分别是学习的结果和学习的手段。""",
}
