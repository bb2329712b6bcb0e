"""Choice questions built from cases: each case has its own stem, one right answer and a few tempting
wrong ones (each with feedback); a variant is one case and three of its wrong answers, so seeds
differ in what they ask, not only in the order the engine shuffles the options into.

Parameters: `{"case": 1, "wrong": [0, 2, 3]}` (the wrong answers shown, sorted).
"""

from grader.bank.authoring import Int, Option, Seq
from grader.errors import UsageError


def answer(en, zh, feedback=None):
    """An Option: the right answer of a case, or (with `feedback` = (en, zh)) a wrong one."""
    if feedback is None:
        return Option({"en": en, "zh": zh}, correct=True)
    return Option({"en": en, "zh": zh}, feedback={"en": feedback[0], "zh": feedback[1]})


def case_schema(cases, *, n_wrong=3):
    most = max(len(c["wrong"]) for c in cases)
    return {"case": Int(0, len(cases) - 1), "wrong": Seq(Int(0, most - 1), n_wrong, n_wrong)}


def draw_case(rng, cases, *, n_wrong=3):
    case = int(rng.integers(len(cases)))
    picked = rng.choice(len(cases[case]["wrong"]), size=n_wrong, replace=False)
    return {"case": case, "wrong": sorted(int(i) for i in picked)}


def case_options(p, cases):
    wrong = cases[p["case"]]["wrong"]
    if len(set(p["wrong"])) != len(p["wrong"]) or max(p["wrong"]) >= len(wrong):
        raise UsageError(f"parameter wrong: {p['wrong']} is not a set of distinct indices below {len(wrong)}")
    return [cases[p["case"]]["right"]] + [wrong[i] for i in p["wrong"]]


def stems(cases, lang):
    """A jinja line `{% set STEMS = [...] %}` with the cases' stems, for the prompt."""
    import json

    texts = [c["stem"][lang] for c in cases]
    return "{% set STEMS = " + json.dumps(texts, ensure_ascii=False) + " %}\n"
