"""`grade batch`: grade a folder of student repositories in parallel and write a gradebook.

Each immediate subfolder of SUBMISSIONS_DIR is one student (hidden folders are skipped); their
exercise files are in `<sub>/<exercises_subdir>/` or, when that folder does not exist, in `<sub>`
itself. Every student gets `<student>.json` and `<student>.md` in the output folder, and one row
in `gradebook.csv`: student, total, max, percent, one column per exercise, status, error.

Nothing a submission does stops the batch. `grade_submission` already isolates student code in a
sandbox child; here each submission is additionally graded in a worker *process*, so even a
submission that breaks the grader itself (an exception, or a crash of the worker) only costs its
own row, marked `status=error` with the reason, and the others are graded normally. When a worker
dies, the process pool is broken for every submission still in it: those are re-graded one at a
time in fresh single-worker pools, so the culprit is identified and nobody else is penalised.

Processes, not threads, although on this 2-core machine they are about as fast once each worker
imports torch once and gets its share of the cores (benchmarks/bench_batch.py --executors): a
crashed worker (even a segfault in the grader) costs only its own submission, and torch's process-wide
settings (`grade_submission` switches TF32 off and back on around its references, which two
threads could interleave) stay per submission.
"""

from __future__ import annotations

import functools
import math
import multiprocessing
import os
import re
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from grader.errors import UsageError
from grader.results import Report

if TYPE_CHECKING:
    import pandas as pd  # for annotations only: gradebook() imports pandas when it runs

GradeFn = Callable[..., Report]  # grade_submission(exercises_dir, *, device=...) -> Report
EXECUTORS = ("process", "thread")


@dataclass(frozen=True)
class Submission:
    student: str  # the folder name
    exercises_dir: Path
    stem: str  # file-name-safe, unique: `<stem>.json`, `<stem>.md`


def _safe_stem(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "student"
    return stem[:100]


def find_submissions(submissions_dir: Path, *, exercises_subdir: str = "exercises",
                     exclude: Path | None = None) -> list[Submission]:
    """The student folders, sorted by name (`exclude`: e.g. the output folder, if it lies inside)."""
    if not submissions_dir.is_dir():
        raise UsageError(f"{submissions_dir} is not a folder")
    excluded = exclude.resolve() if exclude is not None else None
    found, stems = [], set()
    for sub in sorted(submissions_dir.iterdir(), key=lambda p: p.name):
        if not sub.is_dir() or sub.name.startswith(".") or sub.name == "__pycache__":
            continue
        if excluded is not None and sub.resolve() == excluded:
            continue
        inner = sub / exercises_subdir if exercises_subdir else sub
        stem = base = _safe_stem(sub.name)
        n = 2
        while stem.lower() in stems:
            stem, n = f"{base}_{n}", n + 1
        stems.add(stem.lower())
        found.append(Submission(sub.name, inner if inner.is_dir() else sub, stem))
    if not found:
        raise UsageError(f"no student folders in {submissions_dir}")
    return found


def _default_grade(exercises_dir: Path, *, device: str, extra_dirs: tuple[Path, ...] = ()) -> Report:
    from grader.codegrade import grade_submission

    return grade_submission(exercises_dir, device=device, extra_dirs=extra_dirs)


def _grade_one(sub: Submission, out_dir: Path, device: str, grade: GradeFn) -> dict:
    """Grade one submission and write its reports; never raises (errors become the row)."""
    from grader.reports import render  # imported here too: a spawned worker starts empty

    try:
        report = grade(sub.exercises_dir, device=device)
        if not isinstance(report, Report):
            raise TypeError(f"the grader returned {type(report).__name__}, not a Report")
        for fmt, suffix in (("json", ".json"), ("markdown", ".md")):
            (out_dir / f"{sub.stem}{suffix}").write_text(render(report, fmt), encoding="utf-8")
    except BaseException as exc:  # SystemExit and KeyboardInterrupt from a grader bug included
        if isinstance(exc, KeyboardInterrupt):
            raise
        (out_dir / f"{sub.stem}.error.txt").write_text(traceback.format_exc(), encoding="utf-8")
        return _error_row(sub, f"{type(exc).__name__}: {exc}")
    return {"student": sub.student, "report": report.to_dict(), "status": "graded", "error": ""}


def _error_row(sub: Submission, error: str) -> dict:
    return {"student": sub.student, "report": None, "status": "error", "error": " ".join(error.split())[:500]}


def _worker_init(torch_threads: int) -> None:
    """Import torch once per worker (not per submission) and share the cores between workers:
    N workers each running torch's default one-thread-per-core pool oversubscribe the machine
    (measured: --jobs 2 on 2 cores was slower than --jobs 1 without this)."""
    try:
        import torch
    except ImportError:  # the stand-in graders of the tests do not need it
        return
    torch.set_num_threads(torch_threads)


def _pool(executor: str, jobs: int) -> Executor:
    if executor == "thread":
        return ThreadPoolExecutor(max_workers=jobs)
    # fork: the worker inherits the imported grader instead of importing it again (torch is not
    # imported in this process, so no OpenMP state is forked)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init,
                               initargs=(max(1, (os.cpu_count() or 1) // jobs),))


def _run(subs: list[Submission], out_dir: Path, *, jobs: int, device: str, grade: GradeFn, executor: str,
         progress: Callable[[dict], None] | None) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    crashed: list[Submission] = []

    def done(sub: Submission, row: dict) -> None:
        rows[sub.stem] = row
        if progress is not None:
            progress(row)

    with _pool(executor, jobs) as pool:
        futures: dict[Future, Submission] = {pool.submit(_grade_one, s, out_dir, device, grade): s for s in subs}
        for future, sub in futures.items():
            try:
                done(sub, future.result())
            except BrokenProcessPool:
                crashed.append(sub)
            except Exception as exc:  # pickling trouble and the like
                done(sub, _error_row(sub, f"{type(exc).__name__}: {exc}"))
    for sub in crashed:  # alone, in a fresh worker each: whoever crashes again is the culprit
        with _pool(executor, 1) as pool:
            try:
                done(sub, pool.submit(_grade_one, sub, out_dir, device, grade).result())
            except BrokenProcessPool:
                done(sub, _error_row(sub, "the grading worker process died (crashed or was killed)"))
            except Exception as exc:
                done(sub, _error_row(sub, f"{type(exc).__name__}: {exc}"))
    return rows


def gradebook(rows: list[dict]) -> pd.DataFrame:
    """The pandas gradebook: student, total, max, percent, one column per exercise, status, error."""
    import pandas as pd

    from grader.reports import percent

    exercises: list[str] = []
    for row in rows:
        for e in (row["report"] or {}).get("exercises", []):
            if e["name"] not in exercises:
                exercises.append(e["name"])
    records = []
    for row in rows:
        report = row["report"]
        record: dict = {"student": row["student"]}
        if report is None:
            record.update(total=math.nan, max=math.nan, percent=math.nan)
            record.update({name: math.nan for name in exercises})
        else:
            scores = {e["name"]: e["score"] for e in report["exercises"]}
            record.update(total=report["score"], max=report["max_score"],
                          percent=round(percent(report["score"], report["max_score"]), 2))
            record.update({name: scores.get(name, math.nan) for name in exercises})
        record.update(status=row["status"], error=row["error"])
        records.append(record)
    columns = ["student", "total", "max", "percent", *exercises, "status", "error"]
    return pd.DataFrame.from_records(records, columns=columns)


def grade_batch(submissions_dir: Path, out_dir: Path, *, jobs: int = 1, exercises_subdir: str = "exercises",
                device: str = "auto", executor: str = "process", grade: GradeFn | None = None,
                progress: Callable[[dict], None] | None = None, extra_dirs: Sequence[Path] = ()) -> pd.DataFrame:
    """Grade every student folder; write the per-student reports and `gradebook.csv` into `out_dir`.

    Returns the gradebook DataFrame (one row per student, sorted by folder name). `grade` replaces
    `grader.codegrade.grade_submission` (tests); `progress(row)` is called as each student finishes;
    `extra_dirs` are instructors' exercise-spec folders (`exercises:` in grade.yaml).
    """
    if grade is None:
        # Discover once here, so a broken spec folder is one usage error, not an error row per student.
        from grader.codegrade.discovery import load_modules

        load_modules(extra_dirs)
        grade = functools.partial(_default_grade, extra_dirs=tuple(Path(d) for d in extra_dirs))
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if executor not in EXECUTORS:
        raise UsageError(f"unknown executor {executor!r}; choose from {', '.join(EXECUTORS)}")
    subs = find_submissions(submissions_dir, exercises_subdir=exercises_subdir, exclude=out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    rows = _run(subs, out_dir, jobs=min(jobs, len(subs)), device=device, grade=grade,
                executor=executor, progress=progress)
    book = gradebook([rows[s.stem] for s in subs])
    book.to_csv(out_dir / "gradebook.csv", index=False)
    return book
