"""Every word an exam shows a student or an instructor, in each language of the bank.

Papers, keys, sheets and feedback label things in the exam's language; an exam in `both` shows
each label as "English / 中文". Problems with an answer sheet are named by a code (`Problem`),
and their messages come from here, so nothing is decided on message text.
"""

from __future__ import annotations

from collections.abc import Sequence

LANGUAGES = ("en", "zh")

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "name": "Name", "student_id": "Student ID", "course": "Course", "date": "Date", "duration": "Duration",
        "instructions": "Instructions", "question": "Question", "points": "points", "answer": "Answer",
        "answer_form": "Answer as", "form": "Form", "total": "Total", "key": "Answer key",
        "explanation": "Explanation", "sheet": "Answer sheet", "section": "Section {n}",
        "your_answer": "Your answer", "understood_as": "Understood as", "correct_answer": "Correct answer",
        "verdict": "Verdict", "score": "Score", "feedback": "Feedback", "no_answer": "No answer.",
        "sheet_problems": "Problems with your answer sheet", "results": "Results",
        "sheet_help": "Write each answer between the quotes ''; an apostrophe inside is written twice ('').",
        "correct": "correct", "partial": "partial", "incorrect": "incorrect", "invalid": "invalid",
        "unanswered": "unanswered",
        # Expected forms of answers (sheets and papers).
        "form_integer": "an integer",
        "form_exact": "an exact value, e.g. 3/4 or 1/e (no decimals)",
        "form_decimals": "a number rounded to {n} decimal place(s)",
        "form_sig_figs": "a number to {n} significant figures",
        "form_number": "a number (decimal, fraction or scientific notation)",
        "form_choice": "one letter, {first}–{last}",
        "form_multi": "every correct letter, e.g. A, C ({first}–{last})",
        "form_formula": "a formula in {symbols}",
        "form_formula_plain": "a formula",
        "form_text": "text",
    },
    "zh": {
        "name": "姓名", "student_id": "学号", "course": "课程", "date": "日期", "duration": "时长",
        "instructions": "说明", "question": "题", "points": "分", "answer": "答案",
        "answer_form": "作答形式", "form": "试卷类型", "total": "总分", "key": "参考答案",
        "explanation": "解析", "sheet": "答题卡", "section": "第 {n} 部分",
        "your_answer": "你的答案", "understood_as": "理解为", "correct_answer": "正确答案",
        "verdict": "判定", "score": "得分", "feedback": "反馈", "no_answer": "未作答。",
        "sheet_problems": "答题卡的问题", "results": "成绩",
        "sheet_help": "把每个答案写在引号 '' 之间；答案中的单引号要写两次（''）。",
        "correct": "正确", "partial": "部分正确", "incorrect": "错误", "invalid": "无效",
        "unanswered": "未作答",
        "form_integer": "整数",
        "form_exact": "精确值，如 3/4 或 1/e（不要写小数）",
        "form_decimals": "保留 {n} 位小数的数",
        "form_sig_figs": "保留 {n} 位有效数字的数",
        "form_number": "一个数（小数、分数或科学计数法）",
        "form_choice": "一个字母，{first}–{last}",
        "form_multi": "所有正确选项的字母，如 A, C（{first}–{last}）",
        "form_formula": "关于 {symbols} 的公式",
        "form_formula_plain": "公式",
        "form_text": "文字",
    },
}

# What can be wrong with an answer sheet (or one answer on it), by code; the message templates take
# the problem's details.
PROBLEMS: dict[str, dict[str, str]] = {
    "en": {
        "no_sheet": "no answer sheet was found",
        "not_a_file": "{file}: not a regular file; not read",
        "too_large": "{file}: larger than {limit} bytes; not read",
        "not_utf8": "{file}: not valid UTF-8; the characters that could not be read were replaced",
        "control_characters": "{file}: contains control characters (such as NUL); they were replaced",
        "malformed": "{file}: cannot be read: {detail}",
        "not_a_mapping": "{file}: the sheet must be a mapping with `student` and `answers`, not {detail}",
        "no_student_field": "{file}: no `student` field; the file name was used",
        "no_answers": "{file}: `answers` is missing or not a mapping of question numbers to answers",
        "missing_answers": "no answer given for question(s) {numbers}",
        "unknown_questions": "question number(s) not on this exam, ignored: {numbers}",
        "duplicate_sheet": "more than one answer sheet: {files}; graded: {file}",
        "unanswered": "left blank: question(s) {numbers}",
        "answer_too_long": "answer(s) {numbers}: longer than {limit} characters; not checked",
        "answer_unreadable": "answer(s) {numbers}: contains characters that could not be read (NUL, control "
                             "characters or bytes that are not UTF-8); not checked",
        "answer_not_text": "answer(s) {numbers}: not text; not checked",
        "unknown_student": "{file}: student {student} is not on this exam",
    },
    "zh": {
        "no_sheet": "没有找到答题卡",
        "not_a_file": "{file}：不是普通文件，未读取",
        "too_large": "{file}：超过 {limit} 字节，未读取",
        "not_utf8": "{file}：不是有效的 UTF-8；无法读取的字符已被替换",
        "control_characters": "{file}：含有控制字符（如 NUL），已被替换",
        "malformed": "{file}：无法读取：{detail}",
        "not_a_mapping": "{file}：答题卡应是含有 `student` 和 `answers` 的映射，而不是 {detail}",
        "no_student_field": "{file}：没有 `student` 字段，已使用文件名",
        "no_answers": "{file}：`answers` 缺失，或不是题号到答案的映射",
        "missing_answers": "第 {numbers} 题没有作答",
        "unknown_questions": "本试卷没有这些题号，已忽略：{numbers}",
        "duplicate_sheet": "有多份答题卡：{files}；批改的是：{file}",
        "unanswered": "留空：第 {numbers} 题",
        "answer_too_long": "第 {numbers} 题的答案超过 {limit} 个字符，未批改",
        "answer_unreadable": "第 {numbers} 题的答案含有无法读取的字符（NUL、控制字符或非 UTF-8 字节），未批改",
        "answer_not_text": "第 {numbers} 题的答案不是文字，未批改",
        "unknown_student": "{file}：学生 {student} 不在本次考试中",
    },
}


def langs_of(language: str) -> tuple[str, ...]:
    """The languages an exam in `language` (en, zh or both) shows, in order."""
    return LANGUAGES if language == "both" else (language,)


def say(lang: str, word: str, **values: object) -> str:
    return WORDS[lang][word].format(**values)


def label(langs: Sequence[str], word: str, **values: object) -> str:
    """A label in every language shown: "Question / 题"."""
    return " / ".join(say(lang, word, **values) for lang in langs)


def problem_message(lang: str, code: str, **details: object) -> str:
    return PROBLEMS[lang][code].format(**details)
