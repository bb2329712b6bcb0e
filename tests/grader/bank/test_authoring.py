"""The authoring API question modules are written in, and helper modules a bank's questions import."""

import textwrap

import numpy as np
import pytest
from click.testing import CliRunner

from grader.bank import load_bank, make_variant, validate
from grader.bank.authoring import Mistake, draw_distinct, draw_real, exp, rounded, sign, symbol, symbols
from grader.cli import cli
from grader.errors import UsageError

# ---------------------------------------------------------------------------------------------
# draw_distinct


def _mistake(answer):
    return Mistake(answer, {"en": "wrong", "zh": "错"})


def _counting(values):
    """A draw function returning {"n": v} for each of `values` in turn, and the calls it saw."""
    calls = []

    def draw(rng):
        calls.append(rng)
        return {"n": values[len(calls) - 1]}

    return draw, calls


def test_draw_distinct_redraws_until_the_key_differs_from_every_mistake():
    draw, calls = _counting([2, 3, 5])
    # key n * 2, mistake n + 2 (equal at n = 2), mistake n * n (equal to the key at n = 2)
    p = draw_distinct(np.random.default_rng(0), draw, answer=lambda p: p["n"] * 2,
                      mistakes=[_mistake(lambda p: p["n"] + 2), _mistake(lambda p: p["n"] ** 2)])
    assert p == {"n": 3} and len(calls) == 2


def test_draw_distinct_pairwise_also_separates_the_mistakes():
    # At n = 1 the key (10) differs from both mistakes, but the mistakes coincide (1 and 1).
    mistakes = [_mistake(lambda p: p["n"]), _mistake(lambda p: p["n"] ** 3)]
    draw, calls = _counting([1, 2])
    assert draw_distinct(None, draw, answer=lambda p: 10, mistakes=mistakes) == {"n": 2}
    draw, calls = _counting([1, 2])
    assert draw_distinct(None, draw, answer=lambda p: 10, mistakes=mistakes, pairwise=False) == {"n": 1}


def test_draw_distinct_margin_keep_and_mistakes_that_do_not_apply():
    draw, calls = _counting([1.0, 3.0, 4.0])
    p = draw_distinct(None, draw, answer=lambda p: p["n"], apart=lambda key: 0.1 * key,
                      keep=lambda p: p["n"] != 3.0,
                      mistakes=[_mistake(lambda p: 1.05 if p["n"] == 1.0 else 0.0),  # within 10 % at n = 1
                                _mistake(lambda p: None)])  # does not apply: never compared
    assert p == {"n": 4.0} and len(calls) == 3
    draw, _ = _counting([1.0, 2.0])
    p = draw_distinct(None, draw, answer=lambda p: p["n"], apart=0.5, mistakes=[_mistake(lambda p: 1.2)])
    assert p == {"n": 2.0}


def test_draw_distinct_gives_up_with_a_clear_error():
    draw, calls = _counting([4] * 20)
    with pytest.raises(UsageError) as info:
        draw_distinct(None, draw, answer=lambda p: p["n"], mistakes=[_mistake(lambda p: p["n"])], attempts=20,
                      keep=lambda p: len(calls) > 5)
    message = str(info.value)
    assert len(calls) == 20 and "\n" not in message
    assert "no acceptable variant in 20 draws" in message and "5 rejected by keep" in message
    assert "mistake #1 = 4" in message and "the key = 4" in message


def test_draw_distinct_is_a_function_of_the_seed():
    def draw(rng):
        return {"n": int(rng.integers(0, 10))}

    def first(seed):
        return draw_distinct(np.random.default_rng(seed), draw, answer=lambda p: p["n"] % 3,
                             mistakes=[_mistake(lambda p: 1)])

    assert [first(s) for s in range(10)] == [first(s) for s in range(10)]
    assert all(p["n"] % 3 != 1 for p in (first(s) for s in range(10)))


# ---------------------------------------------------------------------------------------------
# Numbers as the student sees them, and symbols


def test_rounded_gives_plain_floats_without_negative_zero():
    assert rounded(np.float64(2.345678), 2) == 2.35 and type(rounded(np.float64(1.0), 1)) is float
    assert str(rounded(-0.004, 2)) == "0.0"


def test_draw_real_rounds_and_keeps_away_from_zero():
    rng = np.random.default_rng(1)
    values = [draw_real(rng, -1.0, 1.0, decimals=1, min_abs=0.3) for _ in range(200)]
    assert all(abs(v) >= 0.3 and v == round(v, 1) and type(v) is float for v in values)
    assert {v < 0 for v in values} == {True, False}
    # One draw of the generator per try: the same stream as drawing by hand.
    by_hand = np.random.default_rng(7)
    assert draw_real(np.random.default_rng(7), 0.0, 5.0, decimals=2) == round(float(by_hand.uniform(0.0, 5.0)), 2)
    with pytest.raises(UsageError, match=r"\|value\| >= 2"):
        draw_real(rng, -1.0, 1.0, decimals=1, min_abs=2.0, attempts=50)


def test_symbols_and_functions_are_the_checkers():
    import sympy

    w, eta = symbols("w eta")
    assert (w, eta) == (symbol("w"), symbol("eta")) and w.is_real
    assert symbols("z") == (symbol("z"),)
    assert exp(w) == sympy.exp(w) and sign(w) == sympy.sign(w)


# ---------------------------------------------------------------------------------------------
# Helper modules of a bank


QUESTION = '''\
"""{doc}"""
from grader.bank.authoring import Int, Meta, Mistake, Numeric, draw_distinct

{imports}

META = Meta(title={{"en": "Scale", "zh": "缩放"}}, kind="numeric", difficulty=1, points=1, source="test",
            check=Numeric(exact_integer=True))
PARAMS = {{"n": Int(1, 100)}}


def generate(rng):
    return draw_distinct(rng, lambda r: {{"n": int(r.integers(1, 100))}}, answer=answer, mistakes=MISTAKES)


def answer(p):
    return {key}


MISTAKES = [Mistake(lambda p: p["n"], {{"en": "Scale it.", "zh": "要缩放。"}})]
PROMPT = {{"en": "Scale {{{{ n }}}}.", "zh": "缩放 {{{{ n }}}}。"}}
'''


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def question(bank, rel, *, imports, key, doc="a question"):
    return write(bank / rel, QUESTION.format(doc=doc, imports=imports, key=key))


def test_questions_import_helpers_next_to_them_and_higher_up(tmp_path):
    bank = tmp_path / "bank"
    write(bank / "_common.py", "OFFSET = 1\n")
    write(bank / "algebra" / "_shared.py", "from .._common import OFFSET\n\ndef triple(n):\n    return 3 * n + OFFSET - 1\n")
    write(bank / "algebra" / "_more" / "deep.py", "FACTOR = 2\n")  # below a helper folder: not a question
    question(bank, "algebra/triple.py", imports="from ._shared import triple", key='triple(p["n"])')
    question(bank, "algebra/sub/double.py", imports="from .._more.deep import FACTOR", key='FACTOR * p["n"]')

    loaded = load_bank([bank], builtin=False)
    assert list(loaded.questions) == ["algebra.sub.double", "algebra.triple"]  # ids are paths; helpers are not listed
    assert make_variant(loaded.get("algebra.triple"), params={"n": 5}).key == 15
    assert make_variant(loaded.get("algebra.sub.double"), params={"n": 5}).key == 10
    results = validate(loaded, seeds=10)
    assert all(r.ok for r in results), [r.failures for r in results]


def test_the_bundled_bank_shares_helpers_between_questions():
    loaded = load_bank()
    assert not any(part.startswith("_") for qid in loaded.questions for part in qid.split("."))
    ce, mse = loaded.get("logistic.ce_gradient_w").module, loaded.get("logistic.mse_gradient_w").module
    assert ce.gradient is mse.gradient  # one helper module, imported once per load
    assert ce.answer({}) == mse.MISTAKES[0].answer({})  # one question's key is the other's mistake


def test_two_banks_with_the_same_topic_folder_keep_their_own_helpers(tmp_path):
    for name, factor in (("first", 2), ("second", 5)):
        write(tmp_path / name / "scale" / "_shared.py", f"FACTOR = {factor}\n")
        question(tmp_path / name, f"scale/by_{name}.py", imports="from ._shared import FACTOR", key='FACTOR * p["n"]')
    loaded = load_bank([tmp_path / "first", tmp_path / "second"], builtin=False)
    assert make_variant(loaded.get("scale.by_first"), params={"n": 3}).key == 6
    assert make_variant(loaded.get("scale.by_second"), params={"n": 3}).key == 15
    # Loading one of them again on its own changes nothing for the other.
    again = load_bank([tmp_path / "second"], builtin=False)
    assert make_variant(again.get("scale.by_second"), params={"n": 3}).key == 15
    assert make_variant(loaded.get("scale.by_first"), params={"n": 3}).key == 6


def test_a_helper_is_read_again_when_the_bank_is_loaded_again(tmp_path):
    helper = write(tmp_path / "scale" / "_shared.py", "FACTOR = 2\n")
    question(tmp_path, "scale/q.py", imports="from ._shared import FACTOR", key='FACTOR * p["n"]')
    assert make_variant(load_bank([tmp_path], builtin=False).get("scale.q"), params={"n": 3}).key == 6
    helper.write_text("FACTOR = 4  # edited\n")
    assert make_variant(load_bank([tmp_path], builtin=False).get("scale.q"), params={"n": 3}).key == 12


@pytest.mark.parametrize("helper, message", [
    ("def triple(n:\n    return 3 * n\n", r"_shared\.py:1: helper module t\._shared \(imported by question t\.q\) failed to "
                                          r"load: syntax error"),
    ("import math\n\nLIMIT = math.sqrt(-1)\n", r"_shared\.py:3: helper module t\._shared \(imported by question t\.q\) "
                                               r"failed to load: ValueError: math domain error"),
    ("from ._missing import x\n", r"_shared\.py:1: helper module t\._shared \(imported by question t\.q\) failed to "
                                  r"load: ModuleNotFoundError: No module named 't\._missing'"),
])
def test_a_broken_helper_is_one_usage_error_naming_its_file_and_line(tmp_path, helper, message):
    write(tmp_path / "t" / "_shared.py", helper)
    question(tmp_path, "t/q.py", imports="from ._shared import triple", key='triple(p["n"])')
    with pytest.raises(UsageError, match=message) as info:
        load_bank([tmp_path], builtin=False)
    assert "\n" not in str(info.value) and info.value.__cause__ is None and info.value.__suppress_context__
    result = CliRunner().invoke(cli, ["bank", "list", "--bank", str(tmp_path)])
    assert result.exit_code == 2 and "_shared.py" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_missing_helper_names_the_question_and_its_line(tmp_path):
    question(tmp_path, "t/q.py", imports="from ._nowhere import triple", key='triple(p["n"])')
    with pytest.raises(UsageError, match=r"q\.py: question t\.q failed to load: ModuleNotFoundError: "
                                         r"No module named 't\._nowhere' \(line 4\)"):
        load_bank([tmp_path], builtin=False)


def test_a_helper_of_another_bank_is_not_importable(tmp_path):
    write(tmp_path / "first" / "t" / "_shared.py", "FACTOR = 2\n")
    question(tmp_path / "first", "t/a.py", imports="from ._shared import FACTOR", key='FACTOR * p["n"]')
    question(tmp_path / "second", "t/b.py", imports="from ._shared import FACTOR", key='FACTOR * p["n"]')
    with pytest.raises(UsageError, match=r"question t\.b failed to load: ModuleNotFoundError"):
        load_bank([tmp_path / "first", tmp_path / "second"], builtin=False)
