"""`grade exam grade`: judge every student's answers against the variants of their paper.

```
RESULTS/gradebook.csv        id, name, one column per question number, total, max, percent, status
RESULTS/results.json         every verdict, score, feedback and what was understood; every problem
RESULTS/feedback/<id>.md|html
RESULTS/manifest.json        a copy of the manifest graded against
```

Each variant is rebuilt from the manifest (`Slot.variant`), never drawn again. Identical answers
to the same variant are judged once, and the texts of many variants are judged together in one
child process (`grader.answers.checking.check_batches`: each text under its own question's time
limit), so a class costs a few forks, not one per answer. Problems with a sheet (`sheets.Problem`)
are reported for that student and everything readable is graded; `status` is `ok` or the problem
codes. No output holds a time or a path outside RESULTS: grading twice gives identical files.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from grader.answers import Task
from grader.answers.checking import check_batches
from grader.bank import Bank, Variant
from grader.errors import UsageError
from grader.exams.build import FORMATS, KEY_FORMATS, prepare_output
from grader.exams.manifest import FILE_NAME as MANIFEST_FILE
from grader.exams.manifest import Manifest, Slot, read_manifest
from grader.exams.pages import feedback_context, render_page
from grader.exams.sheets import Answers, Problem, Sheet, read_answers
from grader.exams.typeset import Typesetter
from grader.exams.words import LANGUAGES, langs_of, problem_message, say
from grader.i18n import _
from grader.reports.clean import csv_cell
from grader.reports.common import format_points, percent
from grader.results import AnswerResult, Verdict, invalid

RESULTS_FILE = "results.json"
SCHEMA = "grade-exam-results/1"
CHUNK_LIMIT_S = 120.0  # the most checking time (sum of the texts' limits) one child is given


@dataclass(frozen=True)
class Graded:
    out: Path
    students: int
    with_problems: int
    unmatched: int


def grade_exam(folder: Path, answers_path: Path, bank: Bank, *, out: Path, lang: str | None = None) -> Graded:
    """Grade the answers at `answers_path` for the exam built into `folder`, into `out`.
    `lang` is the language of the checkers' feedback: by default the exam's (English for `both`)."""
    manifest = read_manifest(folder)
    feedback_lang = lang or (manifest.language if manifest.language in LANGUAGES else "en")
    answers = read_answers(answers_path, students=manifest.papers.keys(), size=manifest.size)
    variants: dict[tuple[Any, ...], Variant] = {}
    for paper in manifest.papers.values():
        for slot in paper.slots:
            if slot.variant_key not in variants:
                variants[slot.variant_key] = slot.variant(bank)
    judged = _judge(manifest, answers, variants, lang=feedback_lang)
    students = {sid: _student(manifest, sid, answers.sheets.get(sid), judged) for sid in sorted(manifest.papers)}
    prepare_output(out, marker=RESULTS_FILE, owned=("feedback",))
    _write(out / "gradebook.csv", _gradebook(manifest, students))
    results = {"schema": SCHEMA, "exam": manifest.exam, "students": students,
               "unmatched": [u.to_dict() | {"message": _messages(u.problem)}
                             for u in sorted(answers.unmatched, key=lambda u: u.source)]}
    _write(out / RESULTS_FILE, json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    # The manifest graded against, so that the results folder is complete on its own (`analyze`).
    _write(out / MANIFEST_FILE, (folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    langs = langs_of(manifest.language)
    typeset = Typesetter()
    for sid, graded in students.items():
        paper = manifest.papers[sid]
        shown = {**graded, "problems_shown": [problem["message"][lang] for problem in graded["problems"]
                                              for lang in langs]}
        context = feedback_context(manifest.exam, paper, [variants[s.variant_key] for s in paper.slots], shown,
                                   typeset=typeset)
        for fmt in KEY_FORMATS:
            _write(out / "feedback" / f"{sid}{FORMATS[fmt][1]}", render_page(fmt, context))
    return Graded(out, len(students), sum(bool(s["problems"]) for s in students.values()), len(answers.unmatched))


def _judge(manifest: Manifest, answers: Answers, variants: Mapping[tuple[Any, ...], Variant], *,
           lang: str) -> dict[tuple[tuple[Any, ...], str], tuple[AnswerResult, int | None]]:
    """Every distinct (variant, answer text) judged once, many variants to a child."""
    texts: dict[tuple[Any, ...], set[str]] = {}
    for sid, sheet in answers.sheets.items():
        for slot in manifest.papers[sid].slots:
            answer = sheet.answers.get(slot.number)
            if isinstance(answer, str) and answer:
                texts.setdefault(slot.variant_key, set()).add(answer)
    work: list[tuple[tuple[Any, ...], Task, list[str]]] = []
    for key in sorted(texts, key=repr):
        task = replace(variants[key].task(lang), max_score=key[-1])
        work.append((key, task, sorted(texts[key])))
    judged: dict[tuple[tuple[Any, ...], str], tuple[AnswerResult, int | None]] = {}
    for chunk in _chunks(work):
        outcomes = check_batches([(task, batch) for _key, task, batch in chunk])
        for (key, _task, batch), outcome in zip(chunk, outcomes):
            if isinstance(outcome, Exception):
                raise UsageError(_("question {id}: its key cannot be checked against: {reason}").format(
                    id=key[0], reason=outcome))
            listed = listed_mistakes(variants[key])
            judged.update({(key, text): (result, _mistake_of(result, listed)) for text, result in zip(batch, outcome)})
    return judged


def listed_mistakes(variant: Variant) -> list[int]:
    """For each listed mistake a checker of `variant` is given (`Variant.task`), its index in the
    question's MISTAKES: a mistake whose `answer` gives None for these parameters is not given."""
    return [i for i, mistake in enumerate(variant.question.mistakes) if mistake.answer(variant.params) is not None]


def _mistake_of(result: AnswerResult, listed: Sequence[int]) -> int | None:
    """Which of the question's MISTAKES `result` was recognised as (its index), or None. The
    checker gives the index among the mistakes it was given (`AnswerResult.mistake`)."""
    given = result.to_dict().get("mistake")
    if isinstance(given, int) and not isinstance(given, bool) and 0 <= given < len(listed):
        return listed[given]
    return None


def _chunks(work: Sequence[tuple[tuple[Any, ...], Task, list[str]]]
            ) -> list[list[tuple[tuple[Any, ...], Task, list[str]]]]:
    """Batches grouped so that no child is given more than CHUNK_LIMIT_S of checking time."""
    chunks: list[list[tuple[tuple[Any, ...], Task, list[str]]]] = [[]]
    budget = 0.0
    for item in work:
        cost = item[1].settings.time_limit_s * len(item[2])
        if chunks[-1] and budget + cost > CHUNK_LIMIT_S:
            chunks.append([])
            budget = 0.0
        chunks[-1].append(item)
        budget += cost
    return [c for c in chunks if c]


def _messages(problem: Problem) -> dict[str, str]:
    return {lang: problem_message(lang, problem.code, **problem.details) for lang in LANGUAGES}


def _student(manifest: Manifest, sid: str, sheet: Sheet | None,
             judged: Mapping[tuple[tuple[Any, ...], str], tuple[AnswerResult, int | None]]) -> dict[str, Any]:
    """One student's graded paper, as results.json holds it."""
    paper = manifest.papers[sid]
    problems = sheet.problems if sheet is not None else [Problem("no_sheet")]
    lang = manifest.language if manifest.language in LANGUAGES else "en"
    graded: dict[str, dict[str, Any]] = {}
    for slot in paper.slots:
        answer = sheet.answers.get(slot.number) if sheet is not None else None
        graded[str(slot.number)] = _answer_result(slot, answer, judged, lang=lang)
    total = round(sum(a["score"] for a in graded.values()), 6)
    maximum = round(sum(s.points for s in paper.slots), 6)
    return {"name": paper.student.name, "form": paper.form, "sheet": sheet.source if sheet is not None else None,
            "answers": graded, "total": total, "max": maximum, "percent": round(percent(total, maximum), 4),
            "status": _status(problems),
            "problems": [p.to_dict() | {"message": _messages(p)} for p in problems]}


def _answer_result(slot: Slot, answer: str | Problem | None,
                   judged: Mapping[tuple[tuple[Any, ...], str], tuple[AnswerResult, int | None]], *,
                   lang: str) -> dict[str, Any]:
    """One answer as results.json holds it: the checker's result, the answer, whether it was
    answered, the sheet problem that kept it from being checked, and `mistake`, the index in the
    question's MISTAKES of the listed mistake it was recognised as (or null)."""
    if isinstance(answer, Problem):
        message = problem_message(lang, answer.code, numbers=slot.number, **answer.details)
        return invalid(message, slot.points).to_dict() | {"answer": None, "answered": True, "problem": answer.code,
                                                          "mistake": None}
    if not answer:
        result = AnswerResult(Verdict.INCORRECT, 0, slot.points, say(lang, "no_answer"))
        return result.to_dict() | {"answer": "" if answer == "" else None, "answered": False, "problem": None,
                                   "mistake": None}
    result, mistake = judged[(slot.variant_key, answer)]
    return result.to_dict() | {"answer": answer, "answered": True, "problem": None, "mistake": mistake}


def _status(problems: Sequence[Problem]) -> str:
    return ";".join(dict.fromkeys(p.code for p in problems)) or "ok"


def _gradebook(manifest: Manifest, students: Mapping[str, Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    numbers = [str(n) for n in range(1, manifest.size + 1)]
    writer.writerow(["id", "name", *numbers, "total", "max", "percent", "status"])
    for sid, graded in students.items():
        writer.writerow([csv_cell(sid), csv_cell(graded["name"]),
                         *(format_points(graded["answers"][n]["score"]) for n in numbers),
                         format_points(graded["total"]), format_points(graded["max"]), f"{graded['percent']:.1f}",
                         csv_cell(graded["status"])])
    return buffer.getvalue()


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")
