"""Time `grade exam build`, `grade exam grade` and `grade exam analyze` for a class, beside `grade bank show`.

    python benchmarks/bench_exam.py                        # 300 students x 20 questions, 3 repeats
    python benchmarks/bench_exam.py --students 60 --repeat 1
    python benchmarks/bench_exam.py --students 60 --repeat 1 --print   # also md,html,tex,pdf (Chromium)

What it does, in a temporary folder: writes a roster of N generated students (names in English and
Chinese) and an exam of 20 questions from the bundled bank (8 numeric, 4 symbolic, 6 choice,
2 multi; one paper per student, md + html), builds it, fills one YAML sheet per student from
`grade exam key` with a reproducible mix of right and wrong answers (about 70 % right; wrong ones
are a listed mistake where the question has one, else an off-key number, a wrong formula or a wrong
letter; a few left blank), grades them and analyses the results. Every step runs as a subprocess
(`grade ...`, as a teacher would run it, Python start-up and imports included); the figures are
medians of --repeat runs, printed beside the median of `grade bank show` for one variant (the
floor: start the CLI, load the bank, draw and render one question).

With --print it also times a build with every page format, `md,html,tex,pdf`: the PDF is every
paper in one document (print/papers.pdf), printed by one headless Chromium start.

Targets (issue 10), on the 2-core machine: build under 30 s and grading under 30 s for 300
students x 20 questions. Analysis has no stated target; it is printed for information.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SPEC = """\
title: Benchmark exam
course: DL 2026
date: 2026-12-20
duration: 120 min
language: both
seed: 20261220
sections:
  - title: Calculations
    pick: {kind: numeric}
    count: 8
    points: 2
  - title: Derivations
    pick: {kind: symbolic}
    count: 4
    points: 4
  - title: Concepts
    pick: {kind: choice}
    count: 6
    points: 1
  - title: Several answers
    pick: {kind: multi}
    count: 2
    points: 3
"""
GRADE = [sys.executable, "-m", "grader.cli"]
SURNAMES = ["张", "王", "李", "Smith", "García", "Nguyễn", "Müller", "O'Brien"]


def grade_cli(*args: object, capture: bool = False) -> subprocess.CompletedProcess:
    result = subprocess.run([*GRADE, *map(str, args)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"grade {' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}")
    return result


def timed(*args: object) -> float:
    start = time.perf_counter()
    grade_cli(*args)
    return time.perf_counter() - start


def write_roster(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "name"])
        for i in range(n):
            writer.writerow([f"s{i:04d}", f"{SURNAMES[i % len(SURNAMES)]} {i}"])


def wrong_answer(slot: dict, bank, rng: random.Random) -> str:
    """A wrong answer a student might give: a listed mistake when there is one."""
    from grader.bank import make_variant

    if slot["kind"] in ("choice", "multi"):
        n = len(slot["choice_order"])
        letters = [chr(65 + i) for i in range(n) if chr(65 + i) not in slot["key"]]
        return rng.choice(letters) if letters else "A"
    question = bank.get(slot["id"])
    if question.mistakes and rng.random() < 0.6:
        variant = make_variant(question, params=slot["params"])
        value = question.mistakes[0].answer(variant.params)
        if value is not None:
            return variant.mistake_text(value)
    if slot["kind"] == "numeric":
        return "12345"
    return "x + 1"


def fill_sheets(exam: Path, sheets: Path, seed: int = 1) -> int:
    """One sheet per student from `grade exam key`, about 70 % right; returns the answers written."""
    import yaml

    from grader.bank import load_bank

    bank = load_bank()
    keys = json.loads(grade_cli("exam", "key", exam).stdout)
    manifest = json.loads((exam / "manifest.json").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    sheets.mkdir(parents=True, exist_ok=True)
    written = 0
    for sid, key in sorted(keys.items()):
        ability = rng.uniform(0.4, 0.95)
        answers = {}
        for slot in manifest["students"][sid]["questions"]:
            n = str(slot["number"])
            draw = rng.random()
            answers[n] = key[n] if draw < ability else "" if draw > 0.97 else wrong_answer(slot, bank, rng)
            written += bool(answers[n])
        (sheets / f"{sid}.yaml").write_text(yaml.safe_dump({"student": sid, "answers": answers}, allow_unicode=True),
                                            encoding="utf-8")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--print", dest="printed", action="store_true",
                        help="also time a build with md,html,tex,pdf (needs Chromium)")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench_exam_"))
    try:
        (base / "spec.yaml").write_text(SPEC, encoding="utf-8")
        write_roster(base / "roster.csv", args.students)
        show = [timed("bank", "show", "cnn.conv_output_size", "--seed", 1) for _ in range(args.repeat)]
        builds, grades, analyses = [], [], []
        for r in range(args.repeat):
            out = base / f"exam{r}"
            builds.append(timed("exam", "build", base / "spec.yaml", "--roster", base / "roster.csv", "--out", out,
                                "--formats", "md,html"))
        printed = []
        for r in range(args.repeat if args.printed else 0):
            printed.append(timed("exam", "build", base / "spec.yaml", "--roster", base / "roster.csv", "--out",
                                 base / f"printed{r}", "--formats", "md,html,tex,pdf"))
        exam = base / "exam0"
        answers = fill_sheets(exam, base / "sheets")
        for r in range(args.repeat):
            results = base / f"results{r}"
            grades.append(timed("exam", "grade", exam, "--answers", base / "sheets", "--out", results))
            analyses.append(timed("exam", "analyze", results, "--exam", exam))
        files = sum(1 for p in exam.rglob("*") if p.is_file())
        book = list(csv.DictReader((base / "results0" / "gradebook.csv").open(encoding="utf-8")))
        mean = statistics.mean(float(row["percent"]) for row in book)
        print(f"{args.students} students x 20 questions, md + html; medians of {args.repeat} run(s)")
        print(f"  grade bank show (one variant)   {statistics.median(show):6.2f} s")
        print(f"  grade exam build                {statistics.median(builds):6.2f} s   ({files} files)   target < 30 s")
        if printed:
            pdf = base / "printed0" / "print" / "papers.pdf"
            print(f"  build md,html,tex,pdf           {statistics.median(printed):6.2f} s   "
                  f"(print/papers.pdf {pdf.stat().st_size / 1e6:.1f} MB)")
        print(f"  grade exam grade                {statistics.median(grades):6.2f} s   ({answers} answers, "
              f"mean {mean:.1f} %)   target < 30 s")
        print(f"  grade exam analyze              {statistics.median(analyses):6.2f} s")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
