"""Choice questions of the sequence-model folders (rnn/, attention/, nlp/) drawn from statements.

Two shapes:

- a *pool*: true statements (`right`) and tempting false ones (`wrong`, each with feedback) built
  with `statement`, drawn with the authoring API's `pool_schema` / `draw_pool` / `pool_options`;
- *cases*: a list of scenarios, each with its own stem and options; a variant is one case,
  parameter `{"case": 2}`.
"""

from grader.bank.authoring import Int, Option


def statement(en, zh, *, feedback=None):
    """An Option from its texts; a false statement carries feedback in both languages."""
    if feedback is None:
        return Option({"en": en, "zh": zh}, correct=True)
    return Option({"en": en, "zh": zh}, feedback={"en": feedback[0], "zh": feedback[1]})


def case_schema(cases):
    return {"case": Int(0, len(cases) - 1)}


def draw_case(rng, cases):
    return {"case": int(rng.integers(len(cases)))}
