"""Every word an exam shows a student or an instructor, as gettext messages.

Papers, keys, sheets and feedback label things in the exam's language, not the process's: an exam
in `both` shows each label as "English / 中文", so labels are translated with an explicit
`lang` (`say`, `label`). Templates get them keyed by a word (`labels.name`). Problems with an
answer sheet are named by a code (`Problem`) and their messages come from `PROBLEMS`, so nothing is
decided on message text.
"""

from __future__ import annotations

from collections.abc import Sequence

from grader.i18n import N_, _

LANGUAGES = ("en", "zh")

WORDS: dict[str, str] = {
    "name": N_("Name"), "student_id": N_("Student ID"), "course": N_("Course"), "date": N_("Date"),
    "duration": N_("Duration"), "instructions": N_("Instructions"), "question": N_("Question"),
    "points": N_("points"), "answer": N_("Answer"), "answer_form": N_("Answer as"), "form": N_("Form"),
    "total": N_("Total points"), "key": N_("Answer key"), "explanation": N_("Explanation"), "sheet": N_("Answer sheet"),
    "section": N_("Section {n}"), "your_answer": N_("Your answer"), "understood_as": N_("Understood as"),
    "correct_answer": N_("Correct answer"), "verdict": N_("Verdict"), "score": N_("Score"),
    "feedback": N_("Feedback"), "no_answer": N_("No answer."),
    "sheet_problems": N_("Problems with your answer sheet"), "results": N_("Results"),
    "all_papers": N_("All papers"),
    "sheet_help": N_("Write each answer between the quotes ''; an apostrophe inside is written twice ('')."),
    "correct": N_("correct"), "partial": N_("partially correct"), "incorrect": N_("incorrect"),
    "invalid": N_("invalid"), "unanswered": N_("unanswered"),
    # Expected forms of answers (sheets and papers).
    "form_integer": N_("an integer"),
    "form_exact": N_("an exact value, e.g. 3/4 or 1/e (no decimals)"),
    "form_decimals": N_("a number rounded to {n} decimal place(s)"),
    "form_sig_figs": N_("a number to {n} significant figures"),
    "form_number": N_("a number (decimal, fraction or scientific notation)"),
    "form_choice": N_("one letter, {first}–{last}"),
    "form_multi": N_("every correct letter, e.g. A, C ({first}–{last})"),
    "form_formula": N_("a formula in {symbols}"),
    "form_formula_plain": N_("a formula"),
    "form_text": N_("text"),
}

# What can be wrong with an answer sheet (or one answer on it), by code; the message templates take
# the problem's details.
PROBLEMS: dict[str, str] = {
    "no_sheet": N_("no answer sheet was found"),
    "not_a_file": N_("{file}: not a regular file; not read"),
    "too_large": N_("{file}: larger than {limit} bytes; not read"),
    "not_utf8": N_("{file}: not valid UTF-8; the characters that could not be read were replaced"),
    "control_characters": N_("{file}: contains control characters (such as NUL); they were replaced"),
    "malformed": N_("{file}: cannot be read: {detail}"),
    "not_a_mapping": N_("{file}: the sheet must be a mapping with `student` and `answers`, not {detail}"),
    "no_student_field": N_("{file}: no `student` field; the file name was used"),
    "no_answers": N_("{file}: `answers` is missing or not a mapping of question numbers to answers"),
    "missing_answers": N_("no answer given for question(s) {numbers}"),
    "unknown_questions": N_("question number(s) not on this exam, ignored: {numbers}"),
    "duplicate_sheet": N_("more than one answer sheet: {files}; graded: {file}"),
    "unanswered": N_("left blank: question(s) {numbers}"),
    "answer_too_long": N_("answer(s) {numbers}: longer than {limit} characters; not checked"),
    "answer_unreadable": N_("answer(s) {numbers}: contains characters that could not be read (NUL, control "
                            "characters or bytes that are not UTF-8); not checked"),
    "answer_not_text": N_("answer(s) {numbers}: not text; not checked"),
    "unknown_student": N_("{file}: student {student} is not on this exam"),
}


def langs_of(language: str) -> tuple[str, ...]:
    """The languages an exam in `language` (en, zh or both) shows, in order."""
    return LANGUAGES if language == "both" else (language,)


def say(lang: str, word: str, **values: object) -> str:
    """The label `word` (a key of WORDS) in `lang`."""
    return _(WORDS[word], lang=lang).format(**values)


def label(langs: Sequence[str], word: str, **values: object) -> str:
    """A label in every language shown: "Question / 题"."""
    return " / ".join(dict.fromkeys(say(lang, word, **values) for lang in langs))


def problem_message(lang: str, code: str, **details: object) -> str:
    return _(PROBLEMS[code], lang=lang).format(**details)
