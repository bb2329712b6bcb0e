"""Definition of machine learning: pick the right (T, P, E) assignment for a drawn program; the
wrong options are the same three items with their roles permuted."""

from grader.bank.authoring import Choice, Int, Meta, Option, Seq

from ._pool import pick, table
from ._tpe import ROLES, SCENARIOS

META = Meta(
    title={"en": "T, P and E of a learning program", "zh": "学习程序的 T、P、E"},
    kind="choice",
    difficulty=2,
    points=1,
    source="000 机器学习的定义; 003 机器学习定义",
    tags=("foundations", "definition", "task", "performance", "experience"),
    covers="ml_definition",
    check=Choice(),
)

# An assignment lists, for T, P and E in that order, which item of the scenario is given that role.
IDENTITY = ("T", "P", "E")
PERMUTATIONS = [("E", "P", "T"), ("P", "T", "E"), ("T", "E", "P"), ("P", "E", "T"), ("E", "T", "P")]

PARAMS = {
    "scenario": Int(0, len(SCENARIOS) - 1),
    "wrong": Seq(Int(0, len(PERMUTATIONS) - 1), min_len=3, max_len=3),
}


def generate(rng):
    return {"scenario": int(rng.integers(len(SCENARIOS))), "wrong": sorted(pick(rng, len(PERMUTATIONS), 3))}


def _assignment(s, perm, lang):
    sep = "; " if lang == "en" else "；"
    return sep.join(f"{role} = {s[item][lang]}" for role, item in zip(IDENTITY, perm))


def _feedback(perm):
    moved = [(role, item) for role, item in zip(IDENTITY, perm) if role != item]
    en = "; ".join(f"{role} is given what is really the {ROLES[item]['en']}" for role, item in moved)
    zh = "；".join(f"{role} 被安排成了实际上的{ROLES[item]['zh']}" for role, item in moved)
    return {"en": f"Roles mixed up: {en}. T is what the program does, P scores it, E is what it learns from.",
            "zh": f"角色混淆了：{zh}。T 是程序要做的事，P 是给它打分的指标，E 是它学习所依据的东西。"}


def options(p):
    s = SCENARIOS[p["scenario"]]
    return ([Option({lang: _assignment(s, IDENTITY, lang) for lang in ("en", "zh")}, correct=True)]
            + [Option({lang: _assignment(s, PERMUTATIONS[i], lang) for lang in ("en", "zh")},
                      feedback=_feedback(PERMUTATIONS[i])) for i in p["wrong"]])


def _setup(lang):
    return (table("NAME", [s["name"] for s in SCENARIOS], lang)
            + "".join(table(r, [s[r] for s in SCENARIOS], lang) for r in ("T", "P", "E")))


PROMPT = {
    "en": _setup("en") + """A computer program learns from experience $E$ with respect to a task $T$ and a performance
measure $P$ if its performance at $T$, as measured by $P$, improves with $E$.

Which assignment of $T$, $P$ and $E$ is right for {{ NAME[scenario] }}?""",
    "zh": _setup("zh") + """对于某类任务 $T$ 和性能度量 $P$，一个计算机程序被认为可以从经验 $E$ 中学习是指，通过经验 $E$ 改进后，
它在任务 $T$ 上由性能度量 $P$ 衡量的性能有所提升。

对于{{ NAME[scenario] }}，下列哪一种 $T$、$P$、$E$ 的对应是正确的？""",
}

EXPLANATION = {
    "en": _setup("en") + """The task $T$ is what the program has to do: {{ T[scenario] }}. The performance measure $P$ is the
number that says how well it does it: {{ P[scenario] }}. The experience $E$ is what it learns from (the notes: the
training set): {{ E[scenario] }}. Each wrong option gives the same three items with some roles swapped, e.g. calling
the data the task, or the score the experience.""",
    "zh": _setup("zh") + """任务 $T$ 是程序要做的事：{{ T[scenario] }}。性能度量 $P$ 是衡量它做得多好的指标：{{ P[scenario] }}。
经验 $E$ 是它学习所依据的东西（笔记：训练集）：{{ E[scenario] }}。其余选项只是把这三项的角色互相调换了，
例如把数据当成任务，或把评分指标当成经验。""",
}
