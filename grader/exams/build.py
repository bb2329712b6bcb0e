"""`grade exam build`: one paper, key and blank answer sheet per student, and the manifest.

```
DIR/manifest.json        everything grading needs (grader.exams.manifest)
DIR/papers/<id>.md|html  the paper, in the formats asked for
DIR/keys/<id>.md|html    the key with worked explanations
DIR/sheets/<id>.yaml     the blank answer sheet
DIR/lms/moodle.xml       with --formats moodle: Moodle XML, one category per slot (grader.exams.moodle)
DIR/lms/qti.zip          with --formats qti: a QTI 1.2 package for Canvas (grader.exams.qti)
```

Nothing in the outputs depends on the time or the machine: building twice gives identical files.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.bank import Bank, Variant
from grader.errors import UsageError
from grader.exams.assemble import assemble
from grader.exams.lms import LmsSlot, lms_slots
from grader.exams.manifest import FILE_NAME, Manifest, Paper, Slot
from grader.exams.moodle import write_moodle
from grader.exams.pages import paper_context, sheet_context
from grader.exams.qti import write_qti
from grader.exams.roster import Student
from grader.exams.spec import ExamSpec
from grader.render import render_template

# Paper formats: name -> (template, file suffix). `tex` and `pdf` are planned.
FORMATS = {"md": ("exam_paper.md.j2", ".md"), "html": ("exam_paper.html.j2", ".html")}
# LMS exports: name -> writer of one file under DIR/lms/ for the whole exam.
LMS_FORMATS: dict[str, Callable[[dict[str, Any], Sequence[LmsSlot], Path], Path]] = {
    "moodle": write_moodle, "qti": write_qti}
PLANNED_FORMATS = ("tex", "pdf")
MAX_FORMS = 26
LMS_FOLDER = "lms"
OUTPUT_FOLDERS = ("papers", "keys", "sheets", LMS_FOLDER)


@dataclass(frozen=True)
class Built:
    manifest: Manifest
    out: Path
    files: int


def check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """The paper and LMS formats asked for, checked; UsageError for unknown or not yet available ones."""
    chosen = tuple(dict.fromkeys(f.strip() for f in formats if f.strip()))
    available = ", ".join([*FORMATS, *LMS_FORMATS])
    if not chosen:
        raise UsageError(f"--formats: give at least one of {available}")
    for fmt in chosen:
        if fmt in PLANNED_FORMATS:
            raise UsageError(f"--formats: {fmt} is not available yet; available: {available}")
        if fmt not in FORMATS and fmt not in LMS_FORMATS:
            raise UsageError(f"--formats: unknown format {fmt!r}; available: {available}")
    return chosen


def prepare_output(out: Path, *, marker: str, owned: Sequence[str]) -> None:
    """Make `out` ready to be written: created when missing; a folder this command wrote before
    (it holds `marker`) has the subfolders it `owned` emptied; any other non-empty folder is refused,
    so nobody's files are overwritten or mixed with ours."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not (out / marker).is_file():
            raise UsageError(f"--out {out}: not empty and not written by this command (no {marker}); "
                             f"choose a new folder")
        for name in owned:
            folder = out / name
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                raise UsageError(f"--out {out}: {name} is not a folder; remove it first")
            if folder.is_dir():
                shutil.rmtree(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in owned:
            (out / name).mkdir()
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot create: {exc.strerror or exc}") from None


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
        raise UsageError(f"--forms must be between 1 and {MAX_FORMS}, got {forms}")
    letters = [chr(ord("A") + i) for i in range(forms)]
    return {s.id: (f"form-{letters[i % forms]}", letters[i % forms]) for i, s in enumerate(students)}


def build_exam(spec: ExamSpec, students: Sequence[Student], bank: Bank, *, out: Path, forms: int | None = None,
               formats: Sequence[str] = ("md", "html")) -> Built:
    """Build the exam for `students` into `out` (see the module doc)."""
    chosen = check_formats(formats)
    assignment = paper_ids(students, forms=forms)
    prepare_output(out, marker=FILE_NAME, owned=OUTPUT_FOLDERS)
    exam = exam_info(spec, forms=forms)
    drawn: dict[str, list[tuple[Slot, Variant]]] = {}
    built: list[tuple[Paper, list[Variant]]] = []
    manifest = Manifest(exam)
    files = 0
    for student in students:
        paper_id, form = assignment[student.id]
        if paper_id not in drawn:
            drawn[paper_id] = assemble(spec, bank, paper_id)
        slots = tuple(slot for slot, _ in drawn[paper_id])
        variants = [variant for _, variant in drawn[paper_id]]
        paper = Paper(student, slots, form)
        manifest.papers[student.id] = paper
        built.append((paper, variants))
        for fmt in (f for f in chosen if f in FORMATS):
            template, suffix = FORMATS[fmt]
            _write(out / "papers" / f"{student.id}{suffix}",
                   render_template(template, **paper_context(exam, paper, variants, show_key=False)))
        key = paper_context(exam, paper, variants, show_key=True)
        for template, suffix in FORMATS.values():
            _write(out / "keys" / f"{student.id}{suffix}", render_template(template, **key))
        _write(out / "sheets" / f"{student.id}.yaml",
               render_template("exam_sheet.yaml.j2", **sheet_context(exam, paper, variants)))
        files += len([f for f in chosen if f in FORMATS]) + len(FORMATS) + 1
    lms = [fmt for fmt in chosen if fmt in LMS_FORMATS]
    if lms:
        pools = lms_slots(built)
        for fmt in lms:
            LMS_FORMATS[fmt](exam, pools, out / LMS_FOLDER)
        files += len(lms)
    else:
        (out / LMS_FOLDER).rmdir()  # emptied or created by prepare_output: no stale exports are left
    manifest.write(out)
    return Built(manifest, out, files + 1)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")
