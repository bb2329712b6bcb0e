"""`lms/moodle.xml`: the exam as Moodle XML, one question category per slot.

Each category (`$course$/top/<exam title>/Q01`) holds every variant of that question number, to be
added to a quiz as one random question per category. Per kind:

- numeric: `numerical`, the key with the grader's tolerance as Moodle's absolute tolerance, then
  each listed mistake with its credit and feedback (Moodle, like the grader, takes the first answer
  whose tolerance holds the response);
- choice: `multichoice`, one answer, the options in the variant's order (`shuffleanswers` off),
  feedback on each wrong option;
- multi: `multichoice`, several answers, partial credit from Moodle's list of fractions
  (`grader.exams.lms.multi_fractions`);
- anything else (symbolic, exact numeric): `shortanswer` with the key, marked for manual review
  (a literal `*` in the key is escaped: Moodle reads it as a wildcard).

Points are each question's `defaultgrade`. Written with `xml.etree`, so every text is escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from grader.bank import Variant
from grader.exams.lms import (
    LmsQuestion,
    LmsSlot,
    exam_langs,
    feedback_html,
    general_feedback_html,
    multi_fractions,
    needs_review,
    number_text,
    numeric_answers,
    option_feedback_html,
    option_html,
    question_html,
)
from grader.i18n import ngettext
from grader.reports.clean import xml_text

FILE_NAME = "moodle.xml"


def _text(parent: ET.Element, tag: str, text: str, *, fmt: str | None = None, **attrs: str) -> ET.Element:
    """`<tag format=...><text>text</text></tag>`, Moodle's shape for every text."""
    element = ET.SubElement(parent, tag, attrib={**({"format": fmt} if fmt else {}), **attrs})
    ET.SubElement(element, "text").text = xml_text(text)
    return element


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def category_path(title: str, number: int) -> str:
    """The category of slot `number`; a `/` in the title is doubled (Moodle's escape in paths)."""
    return f"$course$/top/{' '.join(title.split()).replace('/', '//')}/Q{number:02d}"


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str, *, fmt: str) -> ET.Element:
    answer = _text(parent, "answer", text, fmt=fmt, fraction=fraction)
    _text(answer, "feedback", feedback, fmt="html")
    return answer


def _question(quiz: ET.Element, entry: LmsQuestion, langs: Sequence[str]) -> None:
    variant, slot = entry.variant, entry.slot
    if needs_review(variant):
        kind = "shortanswer"
    elif variant.kind == "numeric":
        kind = "numerical"
    else:
        kind = "multichoice"
    question = ET.SubElement(quiz, "question", type=kind)
    _text(question, "name", entry.name)
    _text(question, "questiontext", question_html(variant, langs, with_options=False), fmt="html")
    _text(question, "generalfeedback", general_feedback_html(variant, slot.key, langs), fmt="html")
    _value(question, "defaultgrade", number_text(slot.points))
    _value(question, "penalty", "0")
    _value(question, "hidden", "0")
    if kind == "numerical":
        _numerical(question, variant, langs)
    elif kind == "multichoice":
        _multichoice(question, variant, langs)
    else:
        _value(question, "usecase", "0")
        _answer(question, "100", slot.key.replace("*", "\\*"), "", fmt="moodle_auto_format")


def _numerical(question: ET.Element, variant: Variant, langs: Sequence[str]) -> None:
    for item in numeric_answers(variant, langs):
        answer = _answer(question, item.fraction, number_text(item.value), feedback_html(item.feedback, langs),
                         fmt="moodle_auto_format")
        _value(answer, "tolerance", number_text(item.tolerance))
    for tag, value in (("unitgradingtype", "0"), ("unitpenalty", "0"), ("showunits", "3"), ("unitsleft", "0")):
        _value(question, tag, value)


def _multichoice(question: ET.Element, variant: Variant, langs: Sequence[str]) -> None:
    multi = variant.kind == "multi"
    _value(question, "single", "false" if multi else "true")
    _value(question, "shuffleanswers", "false")  # the variant's order is the one on record
    _value(question, "answernumbering", "ABCD")
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(question, tag, "", fmt="html")
    fractions = multi_fractions(variant) if multi else None
    correct = set(variant.key)
    for index, choice in enumerate(variant.choices(langs[0])):
        letter = choice["letter"]
        if fractions is None:
            fraction = "100" if letter in correct else "0"
        else:
            fraction = fractions.right if letter in correct else fractions.wrong
        feedback = "" if letter in correct else option_feedback_html(variant, letter, langs)
        _answer(question, fraction, option_html(variant, index, langs), feedback, fmt="html")


def moodle_xml(exam: Mapping[str, Any], slots: Sequence[LmsSlot]) -> ET.Element:
    """The `<quiz>` element: per slot a category, then its questions."""
    langs = exam_langs(exam)
    quiz = ET.Element("quiz")
    for slot in slots:
        category = ET.SubElement(quiz, "question", type="category")
        _text(category, "category", category_path(str(exam["title"]), slot.number))
        count = len(slot.questions)
        info = {lang: ngettext("Question {number}: {n} variant; add one random question from this category to "
                               "the quiz.", "Question {number}: {n} variants; add one random question from this "
                               "category to the quiz.", count, lang=lang).format(number=slot.number, n=count)
                for lang in langs}
        _text(category, "info", feedback_html(info, langs), fmt="html")
        for entry in slot.questions:
            _question(quiz, entry, langs)
    return quiz


def write_moodle(exam: Mapping[str, Any], slots: Sequence[LmsSlot], folder: Path) -> Path:
    """Write `folder/moodle.xml` (UTF-8)."""
    tree = ET.ElementTree(moodle_xml(exam, slots))
    ET.indent(tree, space=" ")
    path = folder / FILE_NAME
    with path.open("wb") as f:
        tree.write(f, encoding="utf-8", xml_declaration=True)
    return path
