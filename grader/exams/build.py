"""`grade exam build`: one paper, key and blank answer sheet per student, and the manifest.

```
DIR/manifest.json        everything grading needs (grader.exams.manifest)
DIR/papers/<id>.md|html|tex  the paper, in the formats asked for (tex: for xelatex)
DIR/keys/<id>.md|html    the key with worked explanations
DIR/sheets/<id>.yaml     the blank answer sheet
DIR/print/papers.pdf     with --formats pdf: every paper in roster order, each starting on a new page
DIR/papers/<id>.pdf      with --formats pdf and pdf_each: one PDF per student as well
DIR/lms/moodle.xml       with --formats moodle: Moodle XML, one category per slot (grader.exams.moodle)
DIR/lms/qti.zip          with --formats qti: a QTI 1.2 package for Canvas (grader.exams.qti)
```

PDFs are printed from the HTML pages by headless Chromium (`grader.browser`). Each Chromium start
costs about a second, so by default the whole class is printed as one document in one start (what
a paper exam is printed from); one file per student (to upload or mail) costs one start each and
is written only when asked. Apart from the PDFs, which Chromium stamps with the time it printed
them, nothing in the outputs depends on the time or the machine: building twice gives identical
files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.bank import Bank, Variant
from grader.errors import UsageError
from grader.exams.assemble import assemble
from grader.exams.lms import LmsSlot, lms_slots
from grader.exams.manifest import FILE_NAME, Manifest, Paper, Slot
from grader.exams.moodle import write_moodle
from grader.exams.pages import PAGE_FORMATS, paper_context, render_html, render_page, sheet_context
from grader.exams.qti import write_qti
from grader.exams.roster import Student
from grader.exams.spec import ExamSpec
from grader.exams.typeset import Typesetter
from grader.i18n import _
from grader.render import render_template

# Paper formats, one file per student: md, html, tex (grader.exams.pages.PAGE_FORMATS); keys are
# written as KEY_FORMATS. `pdf` is printed from the HTML (see the module doc).
FORMATS = dict(PAGE_FORMATS)
KEY_FORMATS = ("md", "html")
PDF = "pdf"
# LMS exports: name -> writer of one file under DIR/lms/ for the whole exam.
LMS_FORMATS: dict[str, Callable[[dict[str, Any], Sequence[LmsSlot], Path], Path]] = {
    "moodle": write_moodle, "qti": write_qti}
MAX_FORMS = 26
LMS_FOLDER = "lms"
PRINT_FOLDER = "print"
PRINTED_PAPERS = "papers.pdf"
OUTPUT_FOLDERS = ("papers", "keys", "sheets", LMS_FOLDER, PRINT_FOLDER)
PRINT_SECONDS_PER_PAPER = 3.0  # Chromium's time limit for the combined document grows with it (about 1.5 s a paper)


@dataclass(frozen=True)
class Built:
    manifest: Manifest
    out: Path
    files: int
    # LaTeX source -> times a formula was shown as text because it could not be typeset.
    math_failures: Counter[str]


def check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """The paper and LMS formats asked for, checked; UsageError for unknown ones, and for `pdf`
    when no Chromium is installed (naming the package), before anything is built."""
    chosen = tuple(dict.fromkeys(f.strip() for f in formats if f.strip()))
    available = ", ".join([*FORMATS, PDF, *LMS_FORMATS])
    if not chosen:
        raise UsageError(_("--formats: give at least one of {available}").format(available=available))
    for fmt in chosen:
        if fmt not in FORMATS and fmt != PDF and fmt not in LMS_FORMATS:
            raise UsageError(_("--formats: unknown format {fmt}; available: {available}").format(
                fmt=repr(fmt), available=available))
    if PDF in chosen:
        from grader import browser

        browser.require()
    return chosen


def prepare_output(out: Path, *, marker: str, owned: Sequence[str]) -> None:
    """Make `out` ready to be written: created when missing; a folder this command wrote before
    (it holds `marker`) has the subfolders it `owned` emptied; any other non-empty folder is refused,
    so nobody's files are overwritten or mixed with ours."""
    if out.exists() and not out.is_dir():
        raise UsageError(_("--out {out}: exists and is not a folder").format(out=out))
    if out.is_dir() and any(out.iterdir()):
        if not (out / marker).is_file():
            raise UsageError(_("--out {out}: not empty and not written by this command (no {marker}); "
                               "choose a new folder").format(out=out, marker=marker))
        for name in owned:
            folder = out / name
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                raise UsageError(_("--out {out}: {name} is not a folder; remove it first").format(out=out, name=name))
            if folder.is_dir():
                shutil.rmtree(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in owned:
            (out / name).mkdir()
    except OSError as exc:
        raise UsageError(_("--out {out}: cannot create: {reason}").format(out=out, reason=exc.strerror or exc)) \
            from None


def exam_info(spec: ExamSpec, *, forms: int | None) -> dict[str, Any]:
    """The specification's texts, as the manifest keeps them."""
    return {"title": spec.title, "course": spec.course, "date": spec.date, "duration": spec.duration,
            "instructions": dict(spec.instructions), "language": spec.language, "seed": spec.seed,
            "questions": spec.size, "forms": forms,
            "sections": [{"title": dict(s.title), "size": s.size, "points": s.points} for s in spec.sections]}


def paper_ids(students: Sequence[Student], *, forms: int | None) -> dict[str, tuple[str, str | None]]:
    """Per student id, the paper drawn for them and their form: their own paper, or with `forms`
    the forms A, B, C... assigned round-robin in roster order."""
    if forms is None:
        return {s.id: (s.id, None) for s in students}
    if not 1 <= forms <= MAX_FORMS:
        raise UsageError(_("--forms must be between 1 and {most}, got {forms}").format(most=MAX_FORMS, forms=forms))
    letters = [chr(ord("A") + i) for i in range(forms)]
    return {s.id: (f"form-{letters[i % forms]}", letters[i % forms]) for i, s in enumerate(students)}


def build_exam(spec: ExamSpec, students: Sequence[Student], bank: Bank, *, out: Path, forms: int | None = None,
               formats: Sequence[str] = ("md", "html"), pdf_each: bool = False) -> Built:
    """Build the exam for `students` into `out` (see the module doc)."""
    chosen = check_formats(formats)
    assignment = paper_ids(students, forms=forms)
    prepare_output(out, marker=FILE_NAME, owned=OUTPUT_FOLDERS)
    exam = exam_info(spec, forms=forms)
    drawn: dict[str, list[tuple[Slot, Variant]]] = {}
    built: list[tuple[Paper, list[Variant]]] = []
    manifest = Manifest(exam)
    typeset = Typesetter()
    printed: list[dict[str, Any]] = []
    files = 0
    pages = [f for f in chosen if f in FORMATS]
    for student in students:
        paper_id, form = assignment[student.id]
        if paper_id not in drawn:
            drawn[paper_id] = assemble(spec, bank, paper_id)
        slots = tuple(slot for slot, _variant in drawn[paper_id])
        variants = [variant for _slot, variant in drawn[paper_id]]
        paper = Paper(student, slots, form)
        manifest.papers[student.id] = paper
        built.append((paper, variants))
        context = paper_context(exam, paper, variants, show_key=False, typeset=typeset)
        for fmt in pages:
            _write(out / "papers" / f"{student.id}{FORMATS[fmt][1]}", render_page(fmt, context))
        if PDF in chosen:
            printed.append(context)
        key = paper_context(exam, paper, variants, show_key=True, typeset=typeset)
        for fmt in KEY_FORMATS:
            _write(out / "keys" / f"{student.id}{FORMATS[fmt][1]}", render_page(fmt, key))
        _write(out / "sheets" / f"{student.id}.yaml",
               render_template("exam_sheet.yaml.j2", **sheet_context(exam, paper, variants)))
        files += len(pages) + len(KEY_FORMATS) + 1
    if printed:
        files += print_papers(printed, out, each=pdf_each)
    else:
        (out / PRINT_FOLDER).rmdir()
    lms = [fmt for fmt in chosen if fmt in LMS_FORMATS]
    if lms:
        pools = lms_slots(built)
        for fmt in lms:
            LMS_FORMATS[fmt](exam, pools, out / LMS_FOLDER)
        files += len(lms)
    else:
        (out / LMS_FOLDER).rmdir()  # emptied or created by prepare_output: no stale exports are left
    manifest.write(out)
    return Built(manifest, out, files + 1, typeset.failures)


def print_papers(contexts: Sequence[dict[str, Any]], out: Path, *, each: bool = False) -> int:
    """Print the papers of `contexts` with headless Chromium: all of them into one document,
    DIR/print/papers.pdf (one Chromium start), and with `each` one DIR/papers/<id>.pdf per student
    too (a start each, a few at a time). Returns the number of PDFs written."""
    from grader import browser

    with tempfile.TemporaryDirectory(prefix="grade-exam-print-") as tmp:
        page = Path(tmp) / "papers.html"
        _write(page, render_html(contexts))
        browser.print_pdf(page, out / PRINT_FOLDER / PRINTED_PAPERS,
                          timeout_s=browser.TIMEOUT_S + PRINT_SECONDS_PER_PAPER * len(contexts))
        if not each:
            return 1

        def one(context: dict[str, Any]) -> Path:
            sid = context["student"]["id"]
            html = Path(tmp) / f"{sid}.html"
            _write(html, render_html([context]))
            return browser.print_pdf(html, out / "papers" / f"{sid}.pdf")

        with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
            done = list(pool.map(one, contexts))
    return 1 + len(done)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")
