"""Multi-select feedback: each wrong pick by letter, with its option's own feedback, and how many
correct options are missing, in the task's language."""

import pytest

from grader.answers import Choice, Task, check_answer
from grader.answers.choice import multi_feedback
from grader.results import Verdict

HINTS = {"B": "A bigger network overfits more.", "D": "更大的网络更容易过拟合。"}


def check(text, *, lang="en", hints=None):
    task = Task(kind="multi", key=["A", "C"], settings=Choice(), max_score=4, n_options=5,
                option_feedback=hints if hints is not None else {"B": HINTS["B"]}, lang=lang)
    return check_answer(text, task)


def test_wrong_picks_are_named_with_their_feedback_and_missing_ones_counted():
    result = check("A, B, E")
    assert result.verdict is Verdict.INCORRECT and result.score == 0
    assert result.feedback == "B is wrong: A bigger network overfits more. E is wrong. 1 correct option is missing."
    partial = check("A")
    assert partial.verdict is Verdict.PARTIAL and partial.feedback == "1 correct option is missing."
    assert check("B, D").feedback == "B is wrong: A bigger network overfits more. D is wrong. 2 correct options are missing."
    assert check("A, C, D").feedback == "D is wrong."
    assert check("A, C").feedback == ""


def test_feedback_in_chinese():
    zh = {"B": "更大的网络更容易过拟合"}
    assert check("A, B, E", lang="zh", hints=zh).feedback == "B 选错了：更大的网络更容易过拟合。E 选错了。还漏选了 1 个正确选项。"
    assert check("E", lang="zh", hints=zh).feedback == "E 选错了。还漏选了 2 个正确选项。"


@pytest.mark.parametrize("lang", ["en", "zh", "fr"])
def test_never_says_which_correct_options_are_missing(lang):
    text = multi_feedback(["B"], 2, option_feedback={}, lang=lang)
    assert "A" not in text and "C" not in text and "2" in text


def test_a_bank_question_gives_letter_feedback_in_both_languages(tmp_path):
    from grader.bank import load_bank, make_variant
    from grader.bank.scaffold import new_question

    new_question("t.remedies", kind="multi", bank_dir=tmp_path)
    variant = make_variant(load_bank([tmp_path], builtin=False).get("t.remedies"), seed=1)
    wrong = next(c["letter"] for c, o in zip(variant.choices(), variant.options) if not o.correct)
    en, zh = variant.check(wrong, lang="en"), variant.check(wrong, lang="zh")
    assert en.feedback == f"{wrong} is wrong. 2 correct options are missing."
    assert zh.feedback == f"{wrong} 选错了。还漏选了 2 个正确选项。"
