"""`grade bank validate`: repeated variants, options guessable by length, seeds per kind, one child
per question, parallel workers."""

import json
import sys
import textwrap

import pytest
from click.testing import CliRunner

from grader.answers import Kind, Numeric, Task, register, unregister
from grader.answers.checking import COULD_NOT_CHECK_MESSAGE, TOO_SLOW_MESSAGE, check_batches
from grader.bank import load_bank, validate
from grader.bank.params import Int, OneOf, Real, Seq
from grader.bank.scaffold import new_question
from grader.bank.validate import DEFAULT_SEEDS, DEFAULT_SYMBOLIC_SEEDS, repetition, schema_size
from grader.cli import cli
from grader.errors import UsageError
from grader.results import Verdict


def _write(folder, qid, body):
    path = folder.joinpath(*qid.split(".")[:-1], qid.split(".")[-1] + ".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


NUMERIC = """
    from grader.bank.authoring import Int, Meta, Numeric, OneOf

    META = Meta(title={{"en": "T", "zh": "T"}}, kind="numeric", difficulty=1, points=1, source="s",
                check=Numeric(exact_integer=True))
    PARAMS = {{"n": {schema}}}
    PROMPT = {{"en": "Twice {{{{ n }}}}?", "zh": "{{{{ n }}}} 的两倍?"}}

    def generate(rng):
        return {{"n": {draw}}}

    def answer(p):
        return 2 * p["n"]
"""


# ---------------------------------------------------------------------------------------------
# Repetition


def test_schema_size_counts_what_params_admit():
    assert schema_size({}) == 1
    assert schema_size({"s": OneOf(("a", "b", "c", "d"))}) == 4
    assert schema_size({"n": Int(1, 10), "s": OneOf((1, 2))}) == 20
    assert schema_size({"x": Real(0.0, 1.0, decimals=1)}) == 11
    assert schema_size({"x": Real(0.0, 1.0)}) == float("inf")
    assert schema_size({"v": Seq(Int(0, 1), 2, 3)}) == 4 + 8
    assert schema_size({"n": Int(1, None)}) == float("inf")


def _uniform(values, n):
    return [str(i % values) for i in range(n)]


def test_repetition_passes_a_small_but_sound_space_and_fails_a_collapsed_one():
    wide = {"n": Int(1, 1_000_000)}
    assert repetition(_uniform(38, 200), schema=wide) is None  # the bootstrap question: ~38 values
    assert repetition(_uniform(12, 200), schema=wide) is None
    problem = repetition(_uniform(3, 200), schema=wide)
    assert problem and "variants repeat too often" in problem["en"] and "变体重复过多" in problem["zh"]
    assert "3 distinct parameter sets" in problem["en"] and "OneOf" in problem["en"]
    # One variant in half of the seeds, the rest all different: too often as well.
    assert repetition(["same"] * 100 + [str(i) for i in range(100)], schema=wide)


def test_repetition_asks_a_space_small_by_declaration_only_to_use_it_evenly():
    assert repetition(["x"] * 200, schema={}) is None  # no parameters: one variant by design
    four = {"s": OneOf(("a", "b", "c", "d"))}
    assert repetition(_uniform(4, 200), schema=four) is None
    assert repetition(["a"] * 200, schema=four)  # declared four, always draws one


def test_repetition_does_not_fail_a_sound_question_on_few_seeds():
    assert repetition(_uniform(15, 20), schema={"n": Int(1, 10**6)}) is None
    assert repetition(["1", "2"], schema={"n": Int(1, 10**6)}) is None
    assert repetition(["1"], schema={"n": Int(1, 10**6)}) is None


def test_a_question_drawing_three_values_fails_unless_params_say_so(tmp_path):
    _write(tmp_path, "t.few", NUMERIC.format(schema="Int(1, 1000)", draw='int(rng.choice([3, 5, 7]))'))
    _write(tmp_path, "t.declared", NUMERIC.format(schema="OneOf((3, 5, 7))", draw='int(rng.choice([3, 5, 7]))'))
    _write(tmp_path, "t.wide", NUMERIC.format(schema="Int(1, 1000)", draw='int(rng.integers(1, 1001))'))
    results = {r.id: r for r in validate(load_bank([tmp_path], builtin=False), seeds=200)}
    assert [p.code for p in results["t.few"].problems] == ["repetition"]
    assert results["t.declared"].ok and results["t.wide"].ok, (results["t.declared"].failures, results["t.wide"].failures)


# ---------------------------------------------------------------------------------------------
# Options guessable by length

CHOICE = """
    from grader.bank.authoring import Choice, Meta, Option

    META = Meta(title={{"en": "T", "zh": "T"}}, kind="{kind}", difficulty=1, points=1, source="s", check=Choice())
    PARAMS = {{}}
    PROMPT = {{"en": "Which?", "zh": "哪个?"}}

    def generate(rng):
        return {{}}

    def options(p):
        return [{options}]
"""


def _option(en, zh, correct=False):
    return f"Option({{'en': {en!r}, 'zh': {zh!r}}}, correct={correct})"


def test_a_correct_option_clearly_longest_or_shortest_fails(tmp_path):
    long_key = [_option("Add more data, regularise and stop early on the dev set", "增加数据、加入正则化并在验证集上早停", True),
                _option("Train longer", "训练更久"), _option("Use a bigger net", "用更大的网络"), _option("Drop the dev set", "去掉验证集")]
    short_key = [_option("L2", "L2", True), _option("Train for many more epochs", "训练更多的轮次"),
                 _option("Use a much bigger network", "使用大得多的网络"), _option("Remove the whole validation set", "去掉整个验证集")]
    even = [_option("Add more training data", "增加训练数据", True), _option("Train for more epochs", "训练更多轮"),
            _option("Use a bigger network", "使用更大的网络"), _option("Remove the validation set", "去掉验证集")]
    multi_long = [_option("Add much more training data", "增加大量的训练数据", True),
                  _option("Add regularisation such as L2", "加入 L2 等正则化方法", True), _option("Bigger", "更大"), _option("Less", "更少")]
    _write(tmp_path, "t.long_key", CHOICE.format(kind="choice", options=", ".join(long_key)))
    _write(tmp_path, "t.short_key", CHOICE.format(kind="choice", options=", ".join(short_key)))
    _write(tmp_path, "t.even", CHOICE.format(kind="choice", options=", ".join(even)))
    _write(tmp_path, "t.multi_long", CHOICE.format(kind="multi", options=", ".join(multi_long)))
    results = {r.id: r for r in validate(load_bank([tmp_path], builtin=False), seeds=40)}
    assert results["t.even"].ok, results["t.even"].failures
    for qid, way in (("t.long_key", "longest"), ("t.short_key", "shortest"), ("t.multi_long", "longest")):
        problems = results[qid].problems
        assert [p.code for p in problems] == ["length"], (qid, results[qid].failures)
        assert f"guessable by length (en): in 1/1 variants the correct option(s) are the {way}" in problems[0].message()
        assert "正确选项可凭长度猜出" in problems[0].message("zh")


def test_math_is_measured_as_shown_not_as_latex(tmp_path):
    # The key's LaTeX source is much longer than the others', its rendering is not.
    key = r"$\dfrac{\partial E}{\partial w}$"  # shown as ∂E/∂w
    options = [_option(key, key, True), _option(r"$\partial w/\partial E$", r"$\partial w/\partial E$"),
               _option("$E w^2$", "$E w^2$"), _option("$E - w$", "$E - w$")]
    _write(tmp_path, "t.math", CHOICE.format(kind="choice", options=", ".join(options)))
    (result,) = validate(load_bank([tmp_path], builtin=False), seeds=40)
    assert result.ok, result.failures


# ---------------------------------------------------------------------------------------------
# Seeds per kind, parallel workers, the CLI


def test_symbolic_questions_run_their_own_number_of_seeds(tmp_path):
    new_question("t.sym", kind="symbolic", bank_dir=tmp_path)
    new_question("t.num", kind="numeric", bank_dir=tmp_path)
    results = {r.id: r for r in validate(load_bank([tmp_path], builtin=False), seeds=30, symbolic_seeds=4)}
    assert results["t.sym"].seeds == 4 and results["t.num"].seeds == 30
    assert all(r.ok for r in results.values())


def test_parallel_workers_give_the_same_results_in_the_same_order(tmp_path):
    for kind in ("numeric", "symbolic", "choice", "multi"):
        new_question(f"t.q_{kind}", kind=kind, bank_dir=tmp_path)
    _write(tmp_path, "t.few", NUMERIC.format(schema="Int(1, 1000)", draw='int(rng.choice([3, 5]))'))
    bank = load_bank([tmp_path], builtin=False)
    alone = [r.to_dict() for r in validate(bank, seeds=60, symbolic_seeds=5, jobs=1)]
    pooled = [r.to_dict() for r in validate(bank, seeds=60, symbolic_seeds=5, jobs=2)]
    assert alone == pooled
    assert [r["id"] for r in pooled] == sorted(r["id"] for r in pooled)
    assert [r["ok"] for r in pooled].count(False) == 1


def test_cli_validate_options_languages_and_json(tmp_path):
    new_question("t.sym", kind="symbolic", bank_dir=tmp_path)
    _write(tmp_path, "t.few", NUMERIC.format(schema="Int(1, 1000)", draw='int(rng.choice([3, 5]))'))
    runner = CliRunner()
    args = ["bank", "validate", "t.sym", "t.few", "--bank", str(tmp_path), "--seeds", "50", "--symbolic-seeds", "3",
            "--jobs", "2"]
    table = runner.invoke(cli, args)
    assert table.exit_code == 1 and "t.few: variants repeat too often" in table.output
    assert "1/2 questions passed" in table.output
    zh = runner.invoke(cli, [*args, "--lang", "zh"])
    assert zh.exit_code == 1 and "变体重复过多" in zh.output and "1/2 道题通过" in zh.output and "失败" in zh.output
    data = json.loads(runner.invoke(cli, [*args, "--format", "json"]).output)
    assert [(d["id"], d["seeds"], d["ok"]) for d in data] == [("t.sym", 3, True), ("t.few", 50, False)]
    assert data[1]["problems"][0]["code"] == "repetition" and "zh" in data[1]["problems"][0]["text"]


def test_cli_validate_help_states_the_library_defaults():
    text = " ".join(CliRunner().invoke(cli, ["bank", "validate", "--help"]).output.split())
    assert f"[default: {DEFAULT_SEEDS}]" in text and f"[default: {DEFAULT_SYMBOLIC_SEEDS}]" in text


# ---------------------------------------------------------------------------------------------
# check_batches: all of a question's texts in one child, each under its own limit

SLOW_KIND = '''
import time

from grader.answers import Numeric
from grader.errors import UsageError
from grader.results import graded


class SlowChecker:
    def prepare(self, task):
        if task.key == "broken":
            raise UsageError("the key is broken")
        return task.key

    def judge(self, text, task, prepared):
        if text == "slow":
            time.sleep(30)
        if text == "crash":
            raise RuntimeError("a bug in the checker")
        return graded(1.0 if text == prepared else 0.0, task.max_score, understood_as=text)

    def format(self, value, settings):
        return str(value)


CHECKER = SlowChecker()
'''


@pytest.fixture
def slow_kind(tmp_path, monkeypatch):
    (tmp_path / "slow_kind.py").write_text(SLOW_KIND)
    monkeypatch.syspath_prepend(str(tmp_path))
    register(Kind("slow", Numeric, "slow_kind:CHECKER"))
    yield
    unregister("slow")
    sys.modules.pop("slow_kind", None)


def _task(key, limit=0.5):
    return Task(kind="slow", key=key, settings=Numeric(time_limit_s=limit), max_score=1)


def test_check_batches_holds_each_text_to_its_own_limit(slow_kind):
    fast, slow, broken = check_batches([(_task("a"), ["a", "b"]), (_task("a"), ["slow", "a"]), (_task("broken"), ["x"])])
    assert [r.verdict for r in fast] == [Verdict.CORRECT, Verdict.INCORRECT]
    assert slow[0].verdict is Verdict.INVALID and slow[0].feedback == TOO_SLOW_MESSAGE
    assert slow[1].verdict is Verdict.CORRECT
    assert isinstance(broken, UsageError) and "broken" in str(broken)


def test_check_batches_judges_again_alone_when_the_child_fails(slow_kind):
    good, crashed = check_batches([(_task("a"), ["a"]), (_task("a"), ["crash", "a"])])
    assert good[0].verdict is Verdict.CORRECT
    assert all(r.verdict is Verdict.INVALID and r.feedback == COULD_NOT_CHECK_MESSAGE for r in crashed)


# ---------------------------------------------------------------------------------------------
# The same failure on many seeds is reported once, counted


def test_one_template_error_on_every_seed_is_one_problem_with_its_seed_count(tmp_path):
    body = NUMERIC.format(schema="Int(1, 1000)", draw="int(rng.integers(1, 1001))")
    _write(tmp_path, "t.broken", body.replace("Twice {{ n }}?", "Twice {{ m }}?"))
    bank = load_bank([tmp_path], builtin=False)
    (result,) = validate(bank, ["t.broken"], seeds=30)
    assert not result.ok and len(result.problems) == 1, result.failures
    (problem,) = result.problems
    assert problem.code == "error" and problem.seed == 0 and problem.count == result.variants > 20
    assert result.failures[0].startswith(f"{problem.count} seeds (first: seed 0): UndefinedError")
    assert result.messages("zh")[0].startswith(f"{problem.count} 个种子（首个：种子 0）：UndefinedError")
    assert problem.to_dict()["count"] == problem.count
    out = CliRunner().invoke(cli, ["bank", "validate", "t.broken", "--bank", str(tmp_path), "--seeds", "30"])
    assert out.exit_code == 1 and out.output.count("UndefinedError") == 1, out.output


def test_different_failures_on_different_seeds_stay_apart(tmp_path):
    # A listed mistake equal to the key is accepted on every seed, and the text names each seed's
    # value: each is its own problem, up to the cap on distinct failures.
    body = NUMERIC.format(schema="Int(1, 1000)", draw="int(rng.integers(1, 1001))") + (
        "    from grader.bank.authoring import Mistake\n"
        '    MISTAKES = [Mistake(lambda p: 2 * p["n"], {"en": "same", "zh": "同"})]\n')
    _write(tmp_path, "t.wrong", body)
    (result,) = validate(load_bank([tmp_path], builtin=False), ["t.wrong"], seeds=30)
    assert len(result.problems) == 10, result.failures
    assert all(p.count == 1 and p.code == "mistake" for p in result.problems)
