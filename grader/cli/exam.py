"""`grade exam ...`: build randomized papers, print their keys, grade answer sheets (grader.exams)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from grader.cli import _Group, cli, config_option, course_bank, lang_option, language_option
from grader.i18n import N_, _, language, ngettext

if TYPE_CHECKING:
    pass


@cli.group(cls=_Group, help=N_("Randomized exams: per-student papers and keys, answer sheets, grading."))
def exam() -> None:
    pass


_bank_option = click.option("--bank", "banks", multiple=True, type=click.Path(path_type=Path),
                            help=N_("An extra question-bank folder (repeatable); also `banks:` in grade.yaml."))


@exam.command("build", help=N_("Build one paper, key and answer sheet per student from the exam specification SPEC."))
@click.argument("spec_path", metavar="SPEC", type=click.Path(path_type=Path))
@click.option("--roster", "roster_path", type=click.Path(path_type=Path), required=True,
              help=N_("UTF-8 CSV with the columns id and name (other columns are kept)."))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help=N_("Folder for manifest.json, papers/, keys/ and sheets/."))
@click.option("--forms", type=int, default=None,
              help=N_("N shared forms (A, B, C...) assigned round-robin, instead of one paper per student."))
@click.option("--formats", default="md,html", show_default=True,
              help=N_("Paper formats (md, html, tex; pdf: all papers in print/papers.pdf, printed by Chromium) "
                      "and LMS exports into DIR/lms/ (moodle, qti), comma-separated."))
@click.option("--pdf-each", is_flag=True, default=False,
              help=N_("With pdf: also one PDF per student, papers/<id>.pdf (one Chromium start each)."))
@_bank_option
@config_option
@lang_option
def exam_build(spec_path: Path, roster_path: Path, out_dir: Path, forms: int | None, formats: str, pdf_each: bool,
               banks: tuple[Path, ...], config_path: Path | None) -> None:
    from grader.errors import UsageError
    from grader.exams.build import PDF, build_exam, check_formats
    from grader.exams.roster import load_roster
    from grader.exams.spec import load_spec

    chosen = check_formats(formats.split(","))
    if pdf_each and PDF not in chosen:
        raise UsageError(_("--pdf-each needs pdf in --formats"))
    bank = course_bank(banks, config_path)
    spec = load_spec(spec_path, bank)
    students = load_roster(roster_path)
    built = build_exam(spec, students, bank, out=out_dir, forms=forms, formats=chosen, pdf_each=pdf_each)
    click.echo(_("built {papers} paper(s) of {questions} question(s) into {out} ({files} files); answer sheets: "
                 "{sheets}").format(papers=len(students), questions=spec.size, out=built.out, files=built.files,
                                    sheets=built.out / "sheets"))
    if built.math_failures:
        n = sum(built.math_failures.values())
        first = next(iter(built.math_failures))
        click.echo(ngettext("warning: {n} formula could not be typeset and is shown as its LaTeX source: {first}",
                            "warning: {n} formulas could not be typeset and are shown as their LaTeX source, "
                            "e.g. {first}", n).format(n=n, first=first), err=True)


@exam.command("key", help=N_("Print every student's key, as text a student could type."))
@click.argument("exam_dir", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help=N_("json: each student's keys by question number; csv: a column student, then one per question."))
@lang_option
def exam_key(exam_dir: Path, fmt: str) -> None:
    from grader.exams.manifest import read_manifest

    manifest = read_manifest(exam_dir)
    keys = {sid: {str(s.number): s.key for s in paper.slots} for sid, paper in sorted(manifest.papers.items())}
    if fmt == "json":
        click.echo(json.dumps(keys, ensure_ascii=False, indent=2, sort_keys=True))
        return
    # The keys are the bank's, not students' text: written as they are, so the file can be fed back
    # to `grade exam grade --answers` (a spreadsheet may show `-x` as a formula).
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    numbers = [str(n) for n in range(1, manifest.size + 1)]
    writer.writerow(["student", *numbers])
    for sid, key in keys.items():
        writer.writerow([sid, *(key[n] for n in numbers)])
    click.echo(buffer.getvalue(), nl=False)


_GRADE_LANG = language_option(
    N_("Language of the messages and of the checkers' feedback to students (default for the feedback: "
       "the exam's language, English for `both`)."))


@exam.command("grade", help=N_("Grade the answer sheets of the exam built into DIR."))
@click.argument("exam_dir", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--answers", "answers_path", type=click.Path(path_type=Path), required=True,
              help=N_("A folder of filled answer sheets (YAML or JSON), or one CSV (student, 1..n)."))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help=N_("Folder for gradebook.csv, results.json and feedback/."))
@_GRADE_LANG
@_bank_option
@config_option
def exam_grade(exam_dir: Path, answers_path: Path, out_dir: Path, banks: tuple[Path, ...],
               config_path: Path | None) -> None:
    from click.core import ParameterSource

    from grader.exams.grading import grade_exam

    # --lang given: the feedback is in it too; not given: the exam's language (grade_exam decides).
    given = click.get_current_context().get_parameter_source("lang") == ParameterSource.COMMANDLINE
    graded = grade_exam(exam_dir, answers_path, course_bank(banks, config_path), out=out_dir,
                        lang=language() if given else None)
    click.echo(_("graded {students} student(s), {problems} with problems reported in the status column; "
                 "{unmatched} sheet(s) matched no student; gradebook: {gradebook}").format(
        students=graded.students, problems=graded.with_problems, unmatched=graded.unmatched,
        gradebook=graded.out / "gradebook.csv"))


@exam.command("analyze", help=N_("Item analysis of the exam graded into RESULTS, written to RESULTS/analysis/."))
@click.argument("results_dir", metavar="RESULTS", type=click.Path(path_type=Path))
@click.option("--exam", "exam_dir", type=click.Path(path_type=Path), default=None,
              help=N_("The folder the exam was built into (its manifest.json: questions, variants, option order); "
                      "default: the copy `grade exam grade` keeps in RESULTS."))
@_bank_option
@config_option
@lang_option
def exam_analyze(results_dir: Path, exam_dir: Path | None, banks: tuple[Path, ...], config_path: Path | None) -> None:
    from grader.exams.analysis import analyze_exam, summary_lines

    analysis = analyze_exam(results_dir, exam_dir or results_dir, course_bank(banks, config_path))
    for line in summary_lines(analysis):
        click.echo(line)
    click.echo(_("written: {files}").format(files=", ".join(str(path) for path in analysis.files)))
