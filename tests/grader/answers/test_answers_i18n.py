"""Every text a checker writes is in the task's language (`Task.lang`): reasons for an invalid
answer (numeric, symbolic parser, choice letters, time limits), feedback, warnings and notes, and
the verdict words. The question's own mistake and option feedback is bilingual data of its own."""

import re

import pytest
from click.testing import CliRunner

from grader import i18n
from grader.answers import Choice, Numeric, Symbolic, Task, WrongAnswer, check_answer, verdict_label
from grader.answers import expr_parser as _expr_parser
from grader.answers.timelimit import fork_available
from grader.cli import cli
from grader.errors import InvalidAnswer, UsageError
from grader.results import Verdict

CJK = re.compile(r"[\u4e00-\u9fff]")


def numeric(text, *, key=0.3679, lang="zh", spec=None, mistakes=()):
    return check_answer(text, Task(kind="numeric", key=key, settings=spec or Numeric(), max_score=2,
                                   mistakes=mistakes, lang=lang))


def symbolic(text, *, lang="zh", key="x^2", limit=2.0):
    spec = Symbolic(symbols={"x": "real"}, time_limit_s=limit)
    return check_answer(text, Task(kind="symbolic", key=key, settings=spec, max_score=2, lang=lang))


def multi(text, *, lang="zh"):
    return check_answer(text, Task(kind="multi", key=["A", "C"], settings=Choice(), max_score=2, n_options=4,
                                   lang=lang))


@pytest.mark.parametrize("answer, chinese", [
    ("36.8%", "不要用百分数"),
    ("", "答案为空"),
    ("x + 1", "未知符号"),
    ("1/0", "除以零"),
    ("e^e^e^e^e", "过大"),
])
def test_numeric_invalid_reasons_in_chinese(answer, chinese):
    result = numeric(answer)
    assert result.verdict is Verdict.INVALID and chinese in result.feedback, result
    assert numeric(answer, lang="en").feedback.isascii()


@pytest.mark.parametrize("answer, chinese", [
    ("x^2+", "答案不完整"),  # the parser's reason, and where: "（第 5 个字符处）"
    ("y^2", "本题的符号为 x"),
    ("x + 😀", "意外的字符"),
    ("(x+1", "没有闭合"),
    ("diff(x^3, x)/3", "而不是尚待计算的导数"),
    ("abs(x)^2", "分段函数"),
])
def test_symbolic_parse_errors_in_chinese_with_the_position(answer, chinese):
    result = symbolic(answer)
    assert result.verdict is Verdict.INVALID and chinese in result.feedback, result
    english = symbolic(answer, lang="en").feedback
    assert not CJK.search(english), english
    if "at character" in english:
        position = re.search(r"at character (\d+)", english).group(1)
        assert f"（第 {position} 个字符处）" in result.feedback


def test_a_nested_description_is_translated_too():
    with pytest.raises(InvalidAnswer) as info:
        _expr_parser.read("x\x07", ["x"])
    assert "不可见的控制字符（U+0007" in info.value.text("zh")
    assert "invisible control character (U+0007" in info.value.text("en")


def test_wrong_symbolic_answers_get_chinese_feedback_and_notes():
    wrong = symbolic("1/2x", key="x/3")  # read as x/2: wrong, with a note on the reading
    assert wrong.verdict is Verdict.INCORRECT and wrong.feedback == "与正确答案不等价"
    assert any("只除以紧随其后的一个因子" in w for w in wrong.warnings), wrong.warnings


def test_multi_select_wrong_pick_and_missing_options_in_chinese():
    result = multi("A, B")
    assert result.verdict is Verdict.INCORRECT and result.feedback == "B 选错了。还漏选了 1 个正确选项。"
    assert multi("A, B", lang="en").feedback == "B is wrong. 1 correct option is missing."
    assert "没有选项 E（选项为 A–D）" in multi("E").feedback
    assert "不是选项字母" in multi("A, 7").feedback
    single = check_answer("A, C", Task(kind="choice", key=["A"], settings=Choice(), max_score=1, n_options=4,
                                       lang="zh"))
    assert single.verdict is Verdict.INVALID and single.feedback == "只能选一个选项（你选了 A, C）"


def test_correct_with_a_warning_and_round_less_in_chinese():
    exact = (1 - 1 / 1000) ** 1000
    correct = numeric("(1-1/1000)^1000", key=exact)
    assert correct.verdict is Verdict.CORRECT
    assert correct.warnings and "显示时已四舍五入到 10 位有效数字" in correct.warnings[0]
    rough = numeric("0.4", spec=Numeric(rel_tol=1e-3))
    assert rough.verdict is Verdict.INCORRECT and "请少做些舍入" in rough.warnings[0]


def test_exact_values_and_listed_mistakes_in_the_tasks_language():
    spec = Numeric(exact=True)
    assert "本题要求精确值" in numeric("0.5", key=1, spec=spec).feedback
    # A listed mistake's feedback is the question's own text, already in the task's language.
    hit = numeric("0.5", key=0.25, mistakes=(WrongAnswer(0.5, "你忘了再除以 2。", 0.5),))
    assert hit.verdict is Verdict.PARTIAL and hit.feedback == "你忘了再除以 2。"


def test_verdict_words_in_both_languages():
    assert [verdict_label(v, lang="zh") for v in Verdict] == ["正确", "部分正确", "错误", "无效"]
    assert [verdict_label(v, lang="en") for v in Verdict] == ["correct", "partially correct", "incorrect",
                                                              "invalid"]


def test_time_limit_message_in_chinese(monkeypatch):
    if not fork_available():
        pytest.skip("the in-process fallback cannot interrupt a call")

    def hang(*args, **kwargs):
        while True:
            pass

    from grader.answers.symbols import symbol

    key = symbol("x") ** 2  # a sympy key: preparing it (in this process) reads no text
    monkeypatch.setattr(_expr_parser, "read", hang)  # the forked child inherits the patch
    result = symbolic("x", key=key, limit=0.4)
    assert result.verdict is Verdict.INVALID and result.feedback == "检查耗时过长；请换一种更简单的写法"


def test_not_text_is_refused_in_the_tasks_language():
    assert numeric(b"1").feedback == "答案必须是文本"  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Messages for question authors (broken settings, keys, mistakes) are in the process language
# (`--lang`, GRADE_LANG), not the task's: the author reads them, not the student.


@pytest.mark.parametrize("build, english, chinese", [
    (lambda: Symbolic(points=0), "points must be a positive integer, got 0", "points 必须是正整数，实际为 0"),
    (lambda: Symbolic(functions=("nosuch",)), "functions: unknown function(s) 'nosuch'", "未知函数 'nosuch'"),
    (lambda: Numeric(time_limit_s=-1), "time_limit_s must be a positive number of seconds", "必须是正的秒数"),
    (lambda: check_answer("1", Task(kind="numeric", key="x", settings=Numeric(), max_score=1)),
     "the key of a numeric question must be a number, got str", "数值题的答案必须是数，实际为 str"),
    (lambda: check_answer("x", Task(kind="symbolic", key="abs(x)", settings=Symbolic(symbols={"x": "real"}),
                                    max_score=1)),
     "the key uses abs, which the question does not admit", "答案用到了题目不允许的 abs"),
    (lambda: check_answer("A", Task(kind="choice", key=["A", "B"], settings=Choice(), max_score=1, n_options=3)),
     "2 correct options for a choice question", "choice 题有 2 个正确选项"),
])
def test_errors_for_question_authors_in_both_languages(build, english, chinese):
    with pytest.raises(UsageError) as info:
        build()
    assert english in str(info.value)
    i18n.set_language("zh")
    with pytest.raises(UsageError) as info:
        build()
    assert chinese in str(info.value) and english not in str(info.value)


def test_a_broken_question_is_reported_in_chinese_by_bank_validate(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["bank", "new", "mine.q", "--kind", "symbolic", "--bank", str(tmp_path)]).exit_code == 0
    path = tmp_path / "mine" / "q.py"
    source = path.read_text()
    assert "return y - t" in source
    path.write_text(source.replace("return y - t", "return abs(y) - t"))  # a piecewise key, not admitted
    result = runner.invoke(cli, ["bank", "validate", "mine.q", "--bank", str(tmp_path), "--seeds", "3", "--lang", "zh"])
    assert result.exit_code == 1, result.output
    assert "答案用到了题目不允许的 abs：请将其加入 Symbolic(functions=...)" in result.output
    assert "does not admit" not in result.output
    path.write_text(source.replace('"t": "real"}', '"t": "real"}, points=0'))  # broken settings: refused at load
    result = runner.invoke(cli, ["bank", "validate", "mine.q", "--bank", str(tmp_path), "--lang", "zh"])
    assert result.exit_code == 2 and "points 必须是正整数，实际为 0" in result.output, result.output
