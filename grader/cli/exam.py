"""`grade exam ...`: build randomized papers, print their keys, grade answer sheets (grader.exams)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from grader.cli import _Group, cli, config_option

if TYPE_CHECKING:
    from grader.bank import Bank


@cli.group(cls=_Group)
def exam() -> None:
    """Randomized exams: per-student papers and keys, answer sheets, grading."""


_bank_option = click.option("--bank", "banks", multiple=True, type=click.Path(path_type=Path),
                            help="An extra question-bank folder (repeatable); also `banks:` in grade.yaml.")


def _load_bank(banks: tuple[Path, ...], config_path: Path | None) -> Bank:
    from grader.bank import load_bank
    from grader.config import load_config

    return load_bank([*load_config(config_path).banks, *banks])


@exam.command("build")
@click.argument("spec_path", metavar="SPEC", type=click.Path(path_type=Path))
@click.option("--roster", "roster_path", type=click.Path(path_type=Path), required=True,
              help="UTF-8 CSV with the columns id and name (other columns are kept).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder for manifest.json, papers/, keys/ and sheets/.")
@click.option("--forms", type=int, default=None,
              help="N shared forms (A, B, C...) assigned round-robin, instead of one paper per student.")
@click.option("--formats", default="md,html", show_default=True,
              help="Paper formats (md, html) and LMS exports into DIR/lms/ (moodle, qti), comma-separated.")
@_bank_option
@config_option
def exam_build(spec_path: Path, roster_path: Path, out_dir: Path, forms: int | None, formats: str,
               banks: tuple[Path, ...], config_path: Path | None) -> None:
    """Build one paper, key and answer sheet per student from the exam specification SPEC."""
    from grader.exams.build import build_exam, check_formats
    from grader.exams.roster import load_roster
    from grader.exams.spec import load_spec

    chosen = check_formats(formats.split(","))
    bank = _load_bank(banks, config_path)
    spec = load_spec(spec_path, bank)
    students = load_roster(roster_path)
    built = build_exam(spec, students, bank, out=out_dir, forms=forms, formats=chosen)
    click.echo(f"built {len(students)} paper(s) of {spec.size} question(s) into {built.out} "
               f"({built.files} files); answer sheets: {built.out / 'sheets'}")


@exam.command("key")
@click.argument("exam_dir", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
def exam_key(exam_dir: Path, fmt: str) -> None:
    """Print every student's key, as text a student could type."""
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


@exam.command("grade")
@click.argument("exam_dir", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--answers", "answers_path", type=click.Path(path_type=Path), required=True,
              help="A folder of filled answer sheets (YAML or JSON), or one CSV (student, 1..n).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder for gradebook.csv, results.json and feedback/.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="Language of the checkers' feedback (default: the exam's; English for `both`).")
@_bank_option
@config_option
def exam_grade(exam_dir: Path, answers_path: Path, out_dir: Path, lang: str | None, banks: tuple[Path, ...],
               config_path: Path | None) -> None:
    """Grade the answer sheets of the exam built into DIR."""
    from grader.exams.grading import grade_exam

    graded = grade_exam(exam_dir, answers_path, _load_bank(banks, config_path), out=out_dir, lang=lang)
    click.echo(f"graded {graded.students} student(s), {graded.with_problems} with problems reported in the "
               f"status column; {graded.unmatched} sheet(s) matched no student; gradebook: "
               f"{graded.out / 'gradebook.csv'}")


@exam.command("analyze")
@click.argument("results_dir", metavar="RESULTS", type=click.Path(path_type=Path))
@click.option("--exam", "exam_dir", type=click.Path(path_type=Path), default=None,
              help="The folder the exam was built into (its manifest.json: questions, variants, option order); "
                   "default: the copy `grade exam grade` keeps in RESULTS.")
@_bank_option
@config_option
def exam_analyze(results_dir: Path, exam_dir: Path | None, banks: tuple[Path, ...], config_path: Path | None) -> None:
    """Item analysis of the exam graded into RESULTS, written to RESULTS/analysis/."""
    from grader.exams.analysis import analyze_exam, summary_lines

    analysis = analyze_exam(results_dir, exam_dir or results_dir, _load_bank(banks, config_path))
    for line in summary_lines(analysis):
        click.echo(line)
    click.echo("written / 已写入: " + ", ".join(str(path) for path in analysis.files))
