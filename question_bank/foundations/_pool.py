"""Shared by the foundations questions: concept questions whose scenario or statements are drawn
from pools of bilingual texts.

A pool is a list of items, each with `"en"` and `"zh"` texts (and, for statements, a bilingual
`"why"`). A question stores only the drawn *indices* in its parameters (so nothing in the
parameters gives the key away) and shows the texts through `table(...)`: a jinja `{% set %}` line
that its prompt and explanation templates start with. `statement_options` and `statements_explained`
build the options and the explanation of "which statements are right" questions.
"""

import json

from grader.bank.authoring import Option


def table(name, items, lang, field=None):
    """A jinja line `{% set name = [...] %}` holding the `lang` texts of `items` (or of
    `item[field]`), so a template can write `{{ name[i] }}`."""
    texts = [(item[field] if field else item)[lang] for item in items]
    for text in texts:
        if any(mark in text for mark in ("{{", "{%", "{#", "%}", "}}")):
            raise ValueError(f"pool text would be read as jinja: {text!r}")
    return "{% set " + name + " = " + json.dumps(texts, ensure_ascii=False) + " %}\n"


def pick(rng, n, k):
    """`k` distinct indices of range(n), in drawing order, as plain ints."""
    return [int(i) for i in rng.choice(n, size=k, replace=False)]


def text(item):
    """The bilingual text of a pool item (without its `why`)."""
    return {"en": item["en"], "zh": item["zh"]}


def statement_options(right, wrong, p):
    """Options for the drawn statements: `p["right"]` indices into `right` (correct) and
    `p["wrong"]` indices into `wrong`, whose `why` is the feedback a student who picks one sees."""
    return ([Option(text(right[i]), correct=True) for i in p["right"]]
            + [Option(text(wrong[j]), feedback=wrong[j]["why"]) for j in p["wrong"]])


HEADINGS = {
    "en": ("Right:", "Wrong:", " — "),
    "zh": ("正确的说法：", "错误的说法：", "——"),
}


def statements_explained(right, wrong, lang, headings=None):
    """The part of an explanation that goes through the drawn statements: each right one with why it
    holds, each wrong one with why it fails. `headings` ({"en": (right, wrong), "zh": ...}) replaces
    the default "Right:" / "Wrong:"."""
    ok, bad, dash = HEADINGS[lang]
    if headings:
        ok, bad = headings[lang]
    return (table("RT", right, lang) + table("RW", right, lang, "why")
            + table("WT", wrong, lang) + table("WW", wrong, lang, "why")
            + ok + "\n\n{% for i in right %}\n- {{ RT[i] }}" + dash + "{{ RW[i] }}\n{% endfor %}\n\n"
            + bad + "\n\n{% for j in wrong %}\n- {{ WT[j] }}" + dash + "{{ WW[j] }}\n{% endfor %}\n")


def category_options(categories, key, clue):
    """One option per category (`text(category)`), the `key`-th correct. A wrong option's feedback is
    what that category means (`category["why"]`) followed by `clue`, what the drawn case shows."""
    return [Option(text(c), correct=True) if i == key else
            Option(text(c), feedback={lang: c["why"][lang] + " " + clue[lang] for lang in ("en", "zh")})
            for i, c in enumerate(categories)]


def values(name, items):
    """A jinja line `{% set name = [...] %}` holding plain values (ints, strings) for a template."""
    return "{% set " + name + " = " + json.dumps(list(items), ensure_ascii=False) + " %}\n"
