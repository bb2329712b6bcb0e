"""What the LMS exports (`moodle`, `qti`) share: the exam's variants grouped by slot, question texts
as HTML, numeric keys with their tolerance and Moodle's grade fractions.

An LMS cannot be told which student gets which variant: each slot becomes a pool (a Moodle
category, a Canvas question group) holding every variant built for it, and the LMS draws one per
attempt. Identical variants (the same paper shared by a form) are written once.

HTML is built with `xml.etree` and serialized, so every text is escaped by the serializer; math stays
LaTeX, written `\\( ... \\)` (display: `\\[ ... \\]`) for the LMS's MathJax filter.

Kinds an LMS cannot judge as we do (symbolic answers, exact numeric values, kinds registered
later) are exported as short answers with the key, marked for manual review in the question text
and the general feedback.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from grader.answers.numeric import tolerance
from grader.answers.settings import Numeric
from grader.bank import Variant
from grader.bank.terminal import MATH as _MATH
from grader.errors import UsageError
from grader.exams.manifest import Paper, Slot
from grader.exams.pages import answer_form
from grader.exams.words import langs_of
from grader.i18n import N_, _
from grader.reports.clean import xml_text

# Moodle accepts only these grade fractions (percent) for an answer, and their negatives.
MOODLE_FRACTIONS = ("100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30",
                    "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0")
_FRACTION_SLACK = 1e-4  # percent: 33.33333 stands for 100/3

# The manual-review notices, in each of the exam's languages (`_(REVIEW, lang=lang)`).
REVIEW = N_("Marked by hand: the quiz compares your answer with the key as text only, so an equivalent answer "
            "written differently is checked by the instructor after the exam.")
REVIEW_FEEDBACK = N_("Manual review: the LMS matched this answer as text; check answers that differ from the key "
                     "{key}.")

_CODE = re.compile(r"`([^`\n]+)`")
_PARAGRAPHS = re.compile(r"\n[ \t]*\n+")
_LIST_LINE = re.compile(r"[ \t]*(?:[-*+|]|\d+[.)])[ \t]")  # a line of a list or a table keeps its break


@dataclass(frozen=True)
class LmsQuestion:
    """One variant of one slot, with who was given it (student ids, or forms)."""

    slot: Slot
    variant: Variant
    holders: tuple[str, ...]

    @property
    def name(self) -> str:
        """A name for the LMS's question bank: slot, first holder, question id."""
        more = f" +{len(self.holders) - 1}" if len(self.holders) > 1 else ""
        return f"Q{self.slot.number:02d} {self.holders[0]}{more} {self.slot.id}"


@dataclass(frozen=True)
class LmsSlot:
    """A question number and every variant built for it."""

    number: int
    questions: tuple[LmsQuestion, ...]

    @property
    def points(self) -> float | None:
        """The slot's points when every variant carries the same, else None."""
        points = {q.slot.points for q in self.questions}
        return points.pop() if len(points) == 1 else None


def lms_slots(papers: Sequence[tuple[Paper, Sequence[Variant]]]) -> list[LmsSlot]:
    """The exam's variants by slot, each distinct variant once, in roster order."""
    by_slot: dict[int, dict[tuple[Any, ...], tuple[Slot, Variant, list[str]]]] = {}
    for paper, variants in papers:
        holder = f"form {paper.form}" if paper.form else paper.student.id
        for slot, variant in zip(paper.slots, variants):
            entry = by_slot.setdefault(slot.number, {}).setdefault(slot.variant_key, (slot, variant, []))
            if holder not in entry[2]:
                entry[2].append(holder)
    return [LmsSlot(number, tuple(LmsQuestion(slot, variant, tuple(holders))
                                  for slot, variant, holders in entries.values()))
            for number, entries in sorted(by_slot.items())]


# ---------------------------------------------------------------------------------------------
# How each kind is exported


def needs_review(variant: Variant) -> bool:
    """Whether an LMS cannot judge answers to `variant` as the grader does: anything but choice,
    multi and (not exact) numeric questions."""
    if variant.kind in ("choice", "multi"):
        return False
    settings = variant.question.meta.check
    return not (variant.kind == "numeric" and isinstance(settings, Numeric) and not settings.exact)


@dataclass(frozen=True)
class NumericAnswer:
    """A value an LMS accepts within an absolute tolerance, the percent it earns, its feedback."""

    value: float
    tolerance: float
    fraction: str
    feedback: Mapping[str, str]

    @property
    def low(self) -> float:
        return self.value - self.tolerance

    @property
    def high(self) -> float:
        return self.value + self.tolerance


def numeric_answers(variant: Variant, langs: Sequence[str]) -> list[NumericAnswer]:
    """The key (100 %) then each listed mistake with its credit and feedback, each with the grader's
    absolute tolerance around it; the grader too tries the key first, then the mistakes in order."""
    spec = variant.question.meta.check
    assert isinstance(spec, Numeric)
    key = float(variant.key)
    answers = [NumericAnswer(key, tolerance(key, spec), "100", {})]
    tasks = {lang: variant.task(lang) for lang in langs}
    for index, wrong in enumerate(tasks[langs[0]].mistakes):
        value = float(wrong.value)
        if not math.isfinite(value):
            continue
        feedback = {lang: tasks[lang].mistakes[index].feedback for lang in langs}
        answers.append(NumericAnswer(value, tolerance(value, spec), credit_fraction(wrong.credit), feedback))
    return answers


def credit_fraction(credit: float) -> str:
    """A mistake's credit as the largest Moodle fraction not above it (never more than the grader gives)."""
    percent = 100.0 * max(0.0, min(1.0, credit))
    return next(f for f in MOODLE_FRACTIONS if float(f) <= percent + _FRACTION_SLACK)


def moodle_fraction(percent: float) -> str:
    """`percent` as one of Moodle's fractions (or its negative); UsageError when it is none of them."""
    for allowed in MOODLE_FRACTIONS:
        if abs(abs(percent) - float(allowed)) <= _FRACTION_SLACK:
            return allowed if percent >= 0 or allowed == "0" else f"-{allowed}"
    raise UsageError(_("{percent} % is not a grade Moodle accepts").format(percent=f"{percent:g}"))


@dataclass(frozen=True)
class MultiFractions:
    """Per-option fractions of a multi-select question: `right` for each correct option, `wrong`
    (negative) for each other option."""

    right: str
    wrong: str


def multi_fractions(variant: Variant) -> MultiFractions:
    """Each correct option earns 100/k % (k correct options), each wrong one costs 100/min(k, w) %
    (w wrong options): the grader's rule (one k-th per pick, floored at 0) when w >= k, and ticking
    every option scores 0 whatever w is."""
    k = len(variant.key)
    w = len(variant.options) - k
    try:
        right = moodle_fraction(100.0 / k)
        wrong = moodle_fraction(-100.0 / min(k, w)) if w else "0"
    except UsageError:
        raise UsageError(_("question {id}: {right} correct and {wrong} wrong options cannot be given grade fractions "
                           "Moodle accepts (at most 10 of each)").format(id=variant.question.id, right=k,
                                                                         wrong=w)) from None
    return MultiFractions(right, wrong)


# ---------------------------------------------------------------------------------------------
# HTML


def _append(parent: ET.Element, text: str) -> None:
    """Add `text` at the end of `parent`'s content (its text, or the tail of its last child)."""
    text = xml_text(text)
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _inline(parent: ET.Element, text: str) -> None:
    """Plain text with `code` spans; a line break is a space as in Markdown, except before a list
    item or a table row."""
    for number, line in enumerate(text.split("\n")):
        if number:
            if _LIST_LINE.match(line):
                ET.SubElement(parent, "br")
            else:
                _append(parent, "\n")
        last = 0
        for m in _CODE.finditer(line):
            _append(parent, line[last:m.start()].replace("\\$", "$"))
            ET.SubElement(parent, "code").text = xml_text(m.group(1))
            last = m.end()
        _append(parent, line[last:].replace("\\$", "$"))


def add_text(parent: ET.Element, text: str) -> None:
    """`text` (a prompt, an option, feedback: Markdown-like with `$...$` math) as HTML paragraphs
    under `parent`, math written `\\( ... \\)` or `\\[ ... \\]` for MathJax."""
    for block in _PARAGRAPHS.split(text.strip()):
        paragraph = ET.SubElement(parent, "p")
        last = 0
        for m in _MATH.finditer(block):
            _inline(paragraph, block[last:m.start()])
            display, inline = m.group(1) or m.group(2), m.group(3) or m.group(4)
            _append(paragraph, rf"\[{display}\]" if display is not None else rf"\({inline}\)")
            last = m.end()
        _inline(paragraph, block[last:])


def html(element: ET.Element) -> str:
    """An element's content as an HTML fragment (the element's own tag left out)."""
    inner = ET.tostring(element, encoding="unicode", method="html")
    start, end = inner.index(">") + 1, inner.rindex("<")
    return inner[start:end]


def _texts_html(texts: Mapping[str, str], langs: Sequence[str]) -> str:
    """A text given per language as HTML, one block per language (once when they are the same)."""
    root = ET.Element("div")
    shown = dict.fromkeys(texts[lang].strip() for lang in langs if texts.get(lang, "").strip())
    for lang, text in zip(langs, shown):
        block = ET.SubElement(root, "div", lang=lang)
        add_text(block, text)
    return html(root) if shown else ""


def question_html(variant: Variant, langs: Sequence[str], *, with_options: bool) -> str:
    """The question text: per language its title, prompt (and options when `with_options`: for
    LMS kinds whose options are not answers of their own), the expected form of the answer, and
    the manual-review notice for kinds the LMS cannot judge."""
    root = ET.Element("div")
    review = needs_review(variant)
    for lang in langs:
        block = ET.SubElement(root, "div", lang=lang)
        ET.SubElement(ET.SubElement(block, "p"), "strong").text = xml_text(variant.question.meta.title[lang])
        add_text(block, variant.prompt(lang))
        if with_options:
            options = ET.SubElement(block, "ol", type="A")
            for choice in variant.choices(lang):
                add_text(ET.SubElement(options, "li"), choice["text"])
        form = ET.SubElement(block, "p")
        ET.SubElement(form, "em").text = xml_text(answer_form(variant, lang))
        if review:
            ET.SubElement(ET.SubElement(block, "p"), "strong").text = xml_text(_(REVIEW, lang=lang))
    return html(root)


def option_html(variant: Variant, index: int, langs: Sequence[str]) -> str:
    """Option `index` (in the order shown) in the exam's languages."""
    return _texts_html({lang: variant.choices(lang)[index]["text"] for lang in langs}, langs)


def option_feedback_html(variant: Variant, letter: str, langs: Sequence[str]) -> str:
    """The feedback shown for picking the wrong option `letter`, or ""."""
    return _texts_html({lang: variant.task(lang).option_feedback.get(letter, "") for lang in langs}, langs)


def feedback_html(texts: Mapping[str, str], langs: Sequence[str]) -> str:
    return _texts_html(texts, langs)


def general_feedback_html(variant: Variant, key: str, langs: Sequence[str]) -> str:
    """The worked explanation, after the manual-review note for kinds the LMS cannot judge."""
    root = ET.Element("div")
    for lang in langs:
        block = ET.SubElement(root, "div", lang=lang)
        if needs_review(variant):
            ET.SubElement(ET.SubElement(block, "p"), "strong").text = xml_text(
                _(REVIEW_FEEDBACK, lang=lang).format(key=key))
        explanation = variant.explanation(lang).strip()
        if explanation:
            add_text(block, explanation)
    return html(root)


def exam_langs(exam: Mapping[str, Any]) -> tuple[str, ...]:
    return langs_of(str(exam["language"]))


def number_text(value: float) -> str:
    """A number as an LMS reads it: an integer without a point, otherwise the shortest exact repr."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))
