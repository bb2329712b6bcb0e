"""What the exam templates (`templates/exam_*.j2`) are given: papers, keys, sheets and feedback,
and the pages rendered from them (`render_page`, `render_html`).

Texts are put in the exam's languages here, once; the templates only lay them out. HTML templates
rely on jinja's autoescape (`grader.render`) and typeset question texts with `typeset.html`
(Markdown, math as MathML; `grader.exams.typeset`); Markdown templates get the cleaning functions
of `grader.reports.clean` as `cell` (one line of text, Markdown inert) and `fence` (a block of
student text, shown as typed, in a fence nothing can close); the LaTeX template gets `t`
(`typeset.tex_text`) for every text and `typeset.tex` for question texts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from grader.answers.settings import Numeric, Symbolic
from grader.bank import Variant
from grader.exams.manifest import Paper, Slot
from grader.exams.typeset import Typesetter, tex_text
from grader.exams.words import label, langs_of, say
from grader.render import render_template
from grader.reports.clean import md_cell, md_fence, one_line, visible_line
from grader.reports.common import format_points

# Page formats: name -> (template, file suffix). HTML pages are bodies inside exam_paper.html.j2.
PAGE_FORMATS = {"md": ("exam_paper.md.j2", ".md"), "html": ("exam_paper_body.html.j2", ".html"),
                "tex": ("exam_paper.tex.j2", ".tex")}
HTML_LANG = {"en": "en", "zh": "zh-CN"}

_LABELS = ("name", "student_id", "course", "date", "duration", "instructions", "question", "points", "answer",
           "answer_form", "form", "total", "key", "explanation", "sheet", "your_answer", "understood_as",
           "correct_answer", "verdict", "score", "feedback", "no_answer", "sheet_problems", "results",
           "sheet_help")
SHOWN_ANSWER_CHARS = 500  # how much of a long answer a feedback page shows


def answer_form(variant: Variant, lang: str) -> str:
    """How the answer to `variant` is to be written, in words (sheets and papers)."""
    settings = variant.question.meta.check
    if variant.kind_info.uses_options:
        last = chr(ord("A") + max(len(variant.options), 1) - 1)
        return say(lang, "form_multi" if variant.kind == "multi" else "form_choice", first="A", last=last)
    if isinstance(settings, Numeric):
        if settings.exact_integer:
            return say(lang, "form_integer")
        if settings.exact:
            return say(lang, "form_exact")
        if settings.decimals is not None:
            return say(lang, "form_decimals", n=settings.decimals)
        if settings.sig_figs is not None:
            return say(lang, "form_sig_figs", n=settings.sig_figs)
        return say(lang, "form_number")
    if isinstance(settings, Symbolic):
        names = list(settings.symbols)
        return say(lang, "form_formula", symbols=", ".join(names)) if names else say(lang, "form_formula_plain")
    return say(lang, "form_text")


def _joined(texts: Mapping[str, str], langs: Sequence[str]) -> str:
    """A text given per language, in the languages shown (once when they are the same)."""
    shown = [texts[lang] for lang in langs if texts.get(lang)]
    return " / ".join(dict.fromkeys(shown))


def _helpers(typeset: Typesetter | None) -> dict[str, Any]:
    return {"cell": md_cell, "fence": md_fence, "line": one_line, "t": tex_text,
            "typeset": typeset or Typesetter(), "lang_tag": lambda lang: HTML_LANG.get(lang, lang)}


def _head(exam: Mapping[str, Any], paper: Paper, typeset: Typesetter | None) -> dict[str, Any]:
    langs = langs_of(str(exam["language"]))
    return {
        "langs": langs,
        "labels": {word: label(langs, word) for word in _LABELS},
        "exam": {"title": one_line(str(exam["title"])), "course": str(exam["course"]), "date": str(exam["date"]),
                 "duration": str(exam["duration"]),
                 "instructions": [exam["instructions"][lang] for lang in langs if exam["instructions"].get(lang)]},
        "student": {"id": paper.student.id, "name": paper.student.name},
        "form": paper.form,
        "total": format_points(sum(s.points for s in paper.slots)),
        **_helpers(typeset),
    }


def _question(slot: Slot, variant: Variant, langs: Sequence[str]) -> dict[str, Any]:
    blocks = [{"lang": lang, "title": variant.question.meta.title[lang], "prompt": variant.prompt(lang).strip(),
               "choices": variant.choices(lang) if variant.kind_info.uses_options else [],
               "explanation": variant.explanation(lang).strip()} for lang in langs]
    return {"number": slot.number, "points": format_points(slot.points), "blocks": blocks,
            "form": " / ".join(answer_form(variant, lang) for lang in langs), "key": slot.key}


def _sections(exam: Mapping[str, Any], questions: list[tuple[Slot, dict[str, Any]]],
              langs: Sequence[str]) -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = []
    for number, info in enumerate(exam["sections"], start=1):
        title = _joined(info["title"], langs) or label(langs, "section", n=number)
        sections.append({"title": title, "questions": [q for slot, q in questions if slot.section == number]})
    return sections


def paper_context(exam: Mapping[str, Any], paper: Paper, variants: Sequence[Variant], *,
                  show_key: bool, typeset: Typesetter | None = None) -> dict[str, Any]:
    """A paper (`show_key=False`) or its key with worked explanations; `typeset` counts the
    formulas that could not be typeset."""
    head = _head(exam, paper, typeset)
    questions = [(slot, _question(slot, variant, head["langs"])) for slot, variant in zip(paper.slots, variants)]
    return {**head, "show_key": show_key, "sections": _sections(exam, questions, head["langs"])}


def sheet_context(exam: Mapping[str, Any], paper: Paper, variants: Sequence[Variant]) -> dict[str, Any]:
    """The blank answer sheet: one line per question with the expected form as a comment."""
    langs = langs_of(str(exam["language"]))
    return {"title": one_line(str(exam["title"])), "label": label(langs, "sheet"),
            "help": [say(lang, "sheet_help") for lang in langs], "student": paper.student.id,
            "name": one_line(paper.student.name),
            "answers": [{"number": slot.number, "form": one_line(" / ".join(answer_form(v, lang) for lang in langs))}
                        for slot, v in zip(paper.slots, variants)]}


def feedback_context(exam: Mapping[str, Any], paper: Paper, variants: Sequence[Variant],
                     graded: Mapping[str, Any], *, typeset: Typesetter | None = None) -> dict[str, Any]:
    """One student's feedback: per question the prompt, their answer and what it was understood as,
    the correct answer, the verdict, the score and the feedback; problems with the sheet first."""
    head = _head(exam, paper, typeset)
    langs = head["langs"]
    questions = []
    for slot, variant in zip(paper.slots, variants):
        question = _question(slot, variant, langs)
        result = graded["answers"][str(slot.number)]
        answer = result["answer"]
        question["result"] = {
            "verdict": label(langs, result["verdict"]),
            "verdict_code": result["verdict"],
            "score": format_points(result["score"]),
            "answer": None if answer is None else visible_line(answer, SHOWN_ANSWER_CHARS),
            "clipped": answer is not None and len(answer) > SHOWN_ANSWER_CHARS,
            "understood_as": result["understood_as"],
            "feedback": [line for line in (result["feedback"], *result["warnings"]) if line],
        }
        questions.append((slot, question))
    return {**head, "show_key": True, "sections": _sections(exam, questions, langs),
            "problems": graded["problems_shown"], "score": format_points(graded["total"]),
            "percent": f"{graded['percent']:.1f}"}


def render_html(contexts: Sequence[Mapping[str, Any]]) -> str:
    """One self-contained HTML page holding the pages of `contexts` (papers, keys or feedback),
    each starting on a new sheet when printed."""
    from markupsafe import Markup

    first = contexts[0]
    bodies = [Markup(render_template(PAGE_FORMATS["html"][0], **context)) for context in contexts]
    title = str(first["exam"]["title"])
    if len(contexts) == 1:
        title = f"{title} — {first['student']['name']}"
    return render_template("exam_paper.html.j2", bodies=bodies, title=title,
                           lang=HTML_LANG.get(first["langs"][0], first["langs"][0]))


def render_page(fmt: str, context: Mapping[str, Any]) -> str:
    """One page (a paper, a key or feedback) in the page format `fmt` (a key of PAGE_FORMATS)."""
    if fmt == "html":
        return render_html([context])
    return render_template(PAGE_FORMATS[fmt][0], **context)
